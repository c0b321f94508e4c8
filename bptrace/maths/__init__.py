"""The maths, pure numpy and Python (nothing here prints or formats): the network and its
forward pass, the four equations of backpropagation, activations, losses, optimizers, the
gradient check, the ways a hand calculation differs (rounding, the textbooks' mistakes) and the
perceptron of the course slides."""
