"""Write the 30-student Google Forms CSV used by the class-mode tests (fixed seed: same file every run).

    python scripts/make_class_csv.py [OUT]   # default tests/fixtures/class/class-fastai-04.csv

Eight fast.ai chapter 4 questions, worded as in shared/samples/numbered-list-fastai-ch4.txt.
Planted on purpose: many students say "@" is element-wise multiplication (the misconception
the class report must put on top), some blanks, one row answered in Portuguese, two students
who share answers (the copying check), and one malformed row (an unquoted comma adds a cell).
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

SEED = 4
OUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "class" / "class-fastai-04.csv"

QUESTIONS = [
    "What is a “rank 3 tensor”?",
    "What is broadcasting?",
    "Are metrics generally calculated using the training set, or the validation set? Why?",
    "Why does SGD use mini batches?",
    "Why can’t we always use a high learning rate?",
    "Why can’t we use accuracy as a loss function?",
    "What does the @ operator do in python?",
    "Why do we have to zero the gradients?",
]

GOOD = [
    [
        "A tensor with three axes (dimensions), like a stack of greyscale images: image, row, column.",
        "A tensor with 3 dimensions, e.g. a batch of 2D images.",
        "It has rank 3, meaning its shape has three numbers, like (28, 28, 3).",
    ],
    [
        "PyTorch automatically expands the smaller tensor so it matches the shape of the bigger "
        "one, without copying "
        "the data, so element-wise operations work.",
        "When tensors of different shapes are combined, the smaller one is virtually stretched to "
        "the larger shape.",
    ],
    [
        "The validation set, because we want to know how the model does on data it has not seen, and avoid "
        "overfitting.",
        "On the validation set: training-set metrics reward memorising the training data.",
    ],
    [
        "One example at a time is noisy and slow on a GPU; the whole dataset is too slow per step. "
        "Mini-batches give "
        "a good gradient estimate and use the GPU in parallel.",
        "Mini batches are a compromise: faster than the full dataset and more stable than single "
        "items, and they fit "
        "in GPU memory.",
    ],
    [
        "A step that is too big overshoots the minimum and the loss can bounce around or diverge.",
        "With a high learning rate the updates jump past the minimum, so training becomes unstable.",
    ],
    [
        "Accuracy only changes when a prediction flips, so its gradient is zero almost everywhere "
        "and gives no signal "
        "for learning.",
        "Small changes in the weights do not change accuracy, so the gradient is zero and SGD cannot learn.",
    ],
    [
        "@ is matrix multiplication, like torch.matmul.",
        "It performs matrix multiplication between two tensors or arrays.",
        "Matrix multiply: a @ b is the same as a.matmul(b).",
    ],
    [
        "PyTorch accumulates gradients: loss.backward() adds to .grad, so we zero them before the next step.",
        "Because gradients are added up across backward calls; without zeroing the old ones mix "
        "into the new step.",
    ],
]

PARTIAL = [
    ["A 3D tensor.", "It is a tensor of rank three."],
    [
        "It lets you do operations between tensors of different shapes.",
        "Broadcasting makes shapes compatible.",
    ],
    ["The validation set.", "Validation."],
    ["Because it is faster.", "To speed up training."],
    ["It might not converge.", "Because the loss can get worse."],
    ["Accuracy is not differentiable.", "Because accuracy is a metric for humans."],
    ["It multiplies matrices.", "Multiplication of two tensors."],
    ["Otherwise the gradients keep adding up.", "So gradients don't accumulate."],
]

WRONG = [
    ["A tensor with three elements.", "A matrix of size 3x3."],
    ["Broadcasting is sending the model to all GPUs at once.", "Copying the data to every layer."],
    ["The training set, because that is where the model learns.", "Training set, it has more data."],
    ["Because the dataset does not fit in the computer otherwise.", "To avoid overfitting."],
    ["A high learning rate makes the model memorise the data.", "It uses too much memory."],
    ["Accuracy is too slow to compute.", "Because accuracy can be above 100%."],
    [],  # the planted misconception, below
    ["To reset the model weights before each epoch.", "Because PyTorch needs zero to start the loop."],
]

ELEMENTWISE = [
    "@ does element-wise multiplication of two arrays.",
    "It is element-wise multiplication.",
    "The @ operator multiplies the tensors element-wise.",
    "element-wise multiplication, same as np.multiply",
    "@ = element-wise product of two matrices",
    "It does element-wise multiplication of the two tensors, position by position.",
]

PORTUGUESE = [
    "Um tensor com três eixos, por exemplo uma pilha de imagens em tons de cinza.",
    "O PyTorch expande automaticamente o tensor menor para ter o mesmo formato do maior, sem copiar "
    "os dados.",
    "No conjunto de validação, porque queremos saber como o modelo se sai em dados que ele não viu.",
    "Um exemplo por vez é lento e ruidoso; o conjunto todo é lento demais. Mini-batches são um meio-termo.",
    "Um passo grande demais passa do mínimo e a perda pode divergir.",
    "A acurácia só muda quando uma previsão muda de classe, então o gradiente é zero quase sempre.",
    "O operador @ faz multiplicação de matrizes.",
    "Porque o PyTorch acumula os gradientes; sem zerar, os antigos somam com os novos.",
]

MAYA = [
    "Think of a rank 3 tensor as a pile of spreadsheets stacked on top of each other, so you need three "
    "indices to find one number.",
    "Broadcasting is like photocopying the small tensor in your head until it lines up with the big one, "
    "then doing the maths cell by cell.",
    "My rule: the validation set, since a model can ace the training data just by remembering it, like a "
    "student who memorised last year's exam.",
]

FIRST = [
    "Ana",
    "Bruno",
    "Carla",
    "Diego",
    "Elena",
    "Felipe",
    "Grace",
    "Hiro",
    "Ines",
    "Jonas",
    "Kira",
    "Leo",
    "Maya",
    "Nadia",
    "Omar",
    "Priya",
    "Quinn",
    "Rafael",
    "Sofia",
    "Tomas",
    "Uma",
    "Victor",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoe",
    "Aiko",
    "Ben",
    "Chloe",
    "Dario",
]
LAST = [
    "Souza",
    "Lima",
    "Dias",
    "Ferreira",
    "Rossi",
    "Costa",
    "Hopper",
    "Tanaka",
    "Moreau",
    "Berg",
    "Ito",
    "Marin",
    "Cohen",
    "Haddad",
    "Farouk",
    "Nair",
    "Walsh",
    "Mendes",
    "Greco",
    "Novak",
    "Patel",
    "Hugo",
    "Li",
    "Ruiz",
    "Demir",
    "Clark",
    "Sato",
    "Adams",
    "Martin",
    "Conti",
]


def answers_for(rng: random.Random, ability: float) -> list[str]:
    out = []
    for q in range(len(QUESTIONS)):
        roll = rng.random()
        if roll < 0.06:
            out.append("")
        elif q == 6 and roll < 0.50:
            out.append(rng.choice(ELEMENTWISE))
        elif roll < ability:
            out.append(rng.choice(GOOD[q]))
        elif roll < ability + (1 - ability) / 2 or not WRONG[q]:
            out.append(rng.choice(PARTIAL[q]))
        else:
            out.append(rng.choice(WRONG[q]))
    return out


def rows(seed: int = SEED) -> list[list[str]]:
    rng = random.Random(seed)
    out: list[list[str]] = []
    for i, (first, last) in enumerate(zip(FIRST, LAST, strict=True)):
        stamp = (
            f"2024/03/{12 + i // 10} {1 + i % 10}:{rng.randrange(60):02d}:{rng.randrange(60):02d} PM GMT-3"
        )
        email = f"{first.lower()}.{last.lower()}@example.edu"
        answers = PORTUGUESE if first == "Rafael" else answers_for(rng, rng.uniform(0.35, 0.95))
        out.append([stamp, email, f"{first} {last}", *answers])
    # Wen copies Maya's own wording, word for word, on three questions.
    maya, wen = out[FIRST.index("Maya")], out[FIRST.index("Wen")]
    maya[3:6] = MAYA
    wen[3:6] = MAYA
    return out


def write(path: Path = OUT, seed: int = SEED) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = rows(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["Timestamp", "Email Address", "Name", *QUESTIONS])
        for n, row in enumerate(data):
            if n == 9:  # the malformed row: an unquoted comma splits the first answer into two cells
                handle.write(",".join([row[0], row[1], row[2], "a tensor, with 3 axes", *row[4:]]) + "\n")
            else:
                writer.writerow(row)
    return path


if __name__ == "__main__":
    print(write(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
