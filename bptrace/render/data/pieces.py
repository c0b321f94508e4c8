"""The pieces the JSON writer lays a large trace out with, each list joined once: keys by
rule four pieces a key, rows of a dense layer with the pieces that do not change laid once,
and the one-pass checks (characters to escape, non-finite numbers). Formatting only."""

from __future__ import annotations

import math
import re

_ESCAPED = re.compile(r'["\\\x00-\x1f]')   # what JSON escapes in a string (ensure_ascii off)
_PLAIN_ASCII = bytes(c for c in range(0x20, 0x7f) if c not in b'"\\')


class Pieces:
    """Keys by rule with their numbers, four pieces a key (``, "`` + prefix, name, ``": ``,
    number; the first key's comma is the caller's to drop), in one list that keeps its
    constant pieces from chunk to chunk of the same length."""

    def __init__(self, prefixes: tuple[str, ...]):
        self.heads = [', "' + p for p in prefixes]
        self.row: list = []

    def text(self, names: list[str], texts: list[str]) -> str:
        P = len(self.heads)
        n = P * len(names)
        row = self.row
        if len(row) != 4 * n:
            row = self.row = [None] * (4 * n)
            row[0::4] = self.heads * len(names)
            row[2::4] = ['": '] * n
        for o in range(P):
            row[1 + 4 * o::4 * P] = names
        row[3::4] = texts
        return "".join(row)


def named_rows(heads: list[str], neurons: list[str], texts: list[str]) -> str:
    """Keys made by a rule of weight names, row by row: each head (comma, prefix, "w_" and a
    node) followed by the row's neuron and the number; the heads laid once."""
    n = len(heads)
    row = [None] * (3 * n)
    row[0::3] = heads
    out = []
    for r, neuron in enumerate(neurons):
        row[1::3] = [neuron + '": '] * n
        row[2::3] = texts[r * n:(r + 1) * n]
        out.append("".join(row))
    return "".join(out)


def joined(*columns: list[str], sep: str = ", ") -> str:
    """Row i is the columns' i-th pieces one after the other; rows separated by ``sep``."""
    n, width = len(columns[0]), len(columns) + 1
    out = [sep] * (width * n - 1)
    for c, column in enumerate(columns):
        out[c::width] = column
    return "".join(out)


def all_finite(numbers) -> bool:
    import numpy as np
    return bool(np.isfinite(numbers).all())


def nonfinite(names: list[str], numbers) -> list[str]:
    if all_finite(numbers):
        return []
    return [k for k, v in zip(names, numbers.tolist()) if not math.isfinite(v)]


def dense(lp) -> bool:
    """Whether a layer's weights are every (neuron, node) pair, neuron by neuron."""
    import numpy as np

    n, m = len(lp.neurons), len(lp.sources)
    if not n * m or len(lp.J) != n * m:
        return False
    return bool((lp.J.reshape(n, m) == np.arange(n)[:, None]).all()
                and (lp.K.reshape(n, m) == np.arange(m)).all())


def rows(columns: list, changes: list) -> str:
    """Rows of m entries, each the pieces of ``columns`` one after the other, entries and rows
    separated by ", ": a column is a string (every entry's), a list (entry k's piece in every
    row) or None (given per row); each item of ``changes`` is a row's (column, string or
    list) pairs for the columns that change, laid into one list kept from row to row."""
    m = next(len(c) for c in columns if isinstance(c, list))
    width = len(columns) + 1
    row = [", "] * (width * m - 1)
    for c, piece in enumerate(columns):
        if piece is not None:
            row[c::width] = [piece] * m if isinstance(piece, str) else piece
    out = []
    for changed in changes:
        for c, piece in changed:
            row[c::width] = [piece] * m if isinstance(piece, str) else piece
        out.append("".join(row))
    return ", ".join(out)


def rule_of(names, sources, neurons):
    """The rule (config.edgenames) that makes these weight names from these nodes and neurons,
    if they are made by one and have no other names after them."""
    rule = getattr(names, "rule", None)
    if rule is None or names.tail or rule.below != list(sources) or \
            rule.neurons != list(neurons):
        return None
    return rule


def escapes(texts: list[str]) -> bool:
    """Whether any of these strings has a character JSON escapes (a quote, a backslash, a
    control character): one pass over them all."""
    text = "".join(texts)
    if text.isascii():
        return bool(text.encode("ascii").translate(None, _PLAIN_ASCII))
    return _ESCAPED.search(text) is not None
