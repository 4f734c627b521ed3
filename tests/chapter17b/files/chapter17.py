# Fastbook chapter 17 - questionnaire
# A neural net from the foundations
# (my answers, the explanations are in the comments)

import math
import torch
from torch import tensor, nn

# Q1: Write the Python code to implement a single neuron.
def neuron(inputs, weights, bias):
    return sum([x * w for x, w in zip(inputs, weights)]) + bias

# Q2: Write the Python code to implement ReLU.
def relu(x):
    return x if x > 0 else 0.

# Q3: Write the Python code for a dense layer in terms of matrix multiplication.
def lin(x, w, b):
    return x @ w.t() + b   # w has shape (n_out, n_in)

# Q4: Write the Python code for a dense layer in plain Python (list comprehensions and built-in functionality).
def lin_python(x, w, b):
    return [[sum([xi * wi for xi, wi in zip(row, w_j)]) + b_j for w_j, b_j in zip(w, b)] for row in x]

# Q5: What is the "hidden size" of a layer?
# it is how many neurons (activations) the layer have, so the size of the output of the layer.

# Q6: What does the t method do in PyTorch?
# transpose of the matrix, rows <-> columns

# Q7: Why is matrix multiplication written in plain Python very slow?
# because there are 3 loops one inside the other and python execute every operation one by one in the
# interpreter, it is not optimized like C code.

# Q8: In matmul, why is ac==br?
# because the number of rows of a must be the same of the number of columns of b, in other case the
# loop over k go out of the index.

# Q9: In Jupyter Notebook, how do you measure the time taken for a single cell to execute?
# with %time or %timeit (magic command) at the beginning

# Q10: What is "elementwise arithmetic"?
# the operation is made between each element of a and the element in the same position of b,
# for example a + b or a * b with the same shape

# Q11: Write the PyTorch code to test whether every element of a is greater than the corresponding element of b.
a = tensor([10., 6, -4])
b = tensor([2., 8, 7])
print((a > b).all())

# Q12: What is a rank-0 tensor? How do you convert it to a plain Python data type?
# a tensor with only one number, for example tensor([5]). to have the python number: t.item()

# Q13: What does this return, and why? tensor([1,2]) + tensor([1])
# tensor([2, 3]), the tensor([1]) is broadcasted to the size of the other

# Q14: What does this return, and why? tensor([1,2]) + tensor([1,2,3])
# error, the size 2 and 3 don't match and no one is 1 so broadcasting is not possible

# Q15: How does elementwise arithmetic help us speed up matmul?
# the elementwise operations are made in PyTorch that is on GPU so more fast than python

# Q16: What are the broadcasting rules?
# we compare the shapes starting from the last dimension (trailing). the dimensions are compatible if
# they are equal or if one is 1. if a tensor have less dimensions it is like it have 1 in front.

# Q17: What is expand_as? Show an example of how it can be used to match the results of broadcasting.
# it expand a tensor to have the same shape of another tensor
c = tensor([10., 20, 30])
m = tensor([[1., 2, 3], [4, 5, 6], [7, 8, 9]])
print(c.expand_as(m))            # 3 rows of [10, 20, 30]
print(m + c.expand_as(m) == m + c)  # all True

# Q18: How does unsqueeze help us to solve certain broadcasting problems?
# it add a dimension of size 1, so we can choose if the vector is a row or a column:
print(m + c.unsqueeze(1))   # now c is added to each column

# Q19: How can we use indexing to do the same operation as unsqueeze?
# with None: c[None] is the same of c.unsqueeze(1)

# Q20: How do we show the actual contents of the memory used for a tensor?

# Q21: When adding a vector of size 3 to a matrix of size 3x3, are the elements of the vector added to each row or each column of the matrix?
print(m + c)
# to each row. I tested: every row get 10, 20, 30

# Q22: Do broadcasting and expand_as result in increased memory use? Why or why not?
# no, because it is not copied, the stride of the new dimension is 0 so it reads the same numbers

# Q23: Implement matmul using Einstein summation.
def matmul(a, b):
    return torch.einsum('ik,kj->ij', a, b)

# Q24: What does a repeated index letter represent on the left-hand side of einsum?
# not sure

# Q25: What are the three rules of Einstein summation notation? Why?
# see Q24, not sure

# Q26: What are the forward pass and backward pass of a neural network?
# forward = we calculate the output of the model from the input.
# backward = we calculate the gradients of the loss respect the weights (chain rule, from the end)

# Q27: Why do we need to store some of the activations calculated for intermediate layers in the forward pass?
# because in the backward pass we need them to compute the gradients

# Q28: What is the downside of having activations with a standard deviation too far away from 1?
# the model train very slow and the accuracy is bad

# Q29: How can weight initialization help avoid this problem?
# we scale the weights at the beginning so the standard deviation of the activations stay near to 1

# Q30: What is the formula to initialize weights such that we get a standard deviation of 1 for a plain linear layer, and for a linear layer followed by ReLU?
n_in, n_out = 784, 50
w_linear = torch.randn(n_in, n_out) / math.sqrt(n_in)         # xavier
w_relu = torch.randn(n_in, n_out) * math.sqrt(2 / n_in)      # kaiming

# Q31: Why do we sometimes have to use the squeeze method in loss functions?
# the output is (64, 1) and the target is (64,), if we don't squeeze, output - target broadcast to (64, 64)

# Q32: What does the argument to the squeeze method do? Why might it be important to include this argument, even though PyTorch does not require it?
# the argument is the dimension to remove. without it all the dimensions of size 1 are removed, also
# the batch dimension if batch size is 1, and then the shapes are wrong

# Q33: What is the "chain rule"? Show the equation in either of the two forms presented in this chapter.
# dy/dx = dy/du * du/dx   (or (g(f(x)))' = g'(f(x)) * f'(x))

# Q34: Show how to calculate the gradients of mse(lin(l2, w2, b2), y) using the chain rule.

# Q35: What is the gradient of ReLU? Show it in math or code.
# relu is a straight line (slope 1) so the gradient is 1, except in 0 where is not defined
def relu_grad(inp, out):
    inp.g = out.g

# Q36: In what order do we need to call the *_grad functions in the backward pass? Why?
# reverse order: mse_grad, lin_grad, relu_grad, lin_grad

# Q37: What is __call__?
# a python method that make the object callable like a function, model(x). in nn.Module it calls forward

# Q38: What methods must we implement when writing a torch.autograd.Function?

# Q39: Write nn.Linear from scratch, and test it works.
class Linear(nn.Module):
    def __init__(self, n_in, n_out):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(n_out, n_in) * math.sqrt(2 / n_in))
        self.bias = nn.Parameter(torch.zeros(n_out))

    def forward(self, x):
        return x @ self.weight.t() + self.bias

my_lin = Linear(784, 50)
x = torch.randn(64, 784)
assert my_lin(x).shape == (64, 50)
assert len(list(my_lin.parameters())) == 2
print("Linear ok")

# Q40: What is the difference between nn.Module and fastai's Module?
# fastai Module put the model automatically on the GPU, with nn.Module you need to do .cuda()
