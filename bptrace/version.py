"""bptrace's version: written into every JSON object and shown by ``bptrace --version``."""

__version__ = "0.1.0"
