"""`greenpen train`: rebuild the answer-correctness model from the public training corpora."""

from __future__ import annotations

from pathlib import Path

import click

from . import cli

DEFAULT_DATA = Path("../shared/datasets")
DEFAULT_OUT = Path("src/greenpen/data/models/correctness-v1.json")


@cli.command("train")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_DATA,
              show_default=True, help="Folder holding the training CSVs (scientsbank/beetle/saf train splits).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_OUT,
              show_default=True, help="Where to write the model JSON.")
@click.option("--embedder", default="use", show_default=True,
              help="Sentence embedder for the cosine features (use, e5, or a sentence-transformers model).")
def train_command(data_dir: Path, out: Path, embedder: str) -> None:
    """Train the answer-correctness model (question-disjoint CV, logistic regression).

    Reads only training splits; the same data gives the same file. Needs scikit-learn
    (`pip install 'greenpen[train]'`).
    """
    from ..errors import InputError, MissingDependency
    from ..grading.embed import get_embedder

    try:
        import sklearn  # noqa: F401
    except ImportError:
        raise MissingDependency("greenpen train", "train") from None
    from ..train import CORPORA, train, write_model

    missing = [name for name in CORPORA.values() if not (data_dir / name).is_file()]
    if missing:
        raise InputError(f"{data_dir}: missing {', '.join(missing)} — point --data at the datasets folder")
    model = train(data_dir, encoder=get_embedder(embedder), embedder_name=embedder,
                  log=lambda msg: click.echo(msg, err=True))
    write_model(model, out)
    cv = model["metrics"]["cv"]
    for corpus, m in cv.items():
        click.echo(f"{corpus:12s} CV AUC {m['auc_correct']:.3f}  r {m['pearson']:.3f}  "
                   f"macro-F1 {m['macro_f1']:.3f}")
    click.echo(f"wrote {out}")
