"""Exporting a config to another framework: :mod:`bptrace.export.pytorch` writes a
standalone PyTorch program that computes the same numbers under the same keys;
:mod:`bptrace.export.verify` runs it and compares its numbers with bptrace's."""
