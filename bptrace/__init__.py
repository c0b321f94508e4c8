"""bptrace — make backpropagation visible, one scalar at a time."""

__version__ = "0.1.0"
