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


# --- Float64 arrays as JSON number texts, exactly as the json encoder writes each float
# (``float.__repr__``; NaN and infinity as null), at the cost of the distinct floats only:
# a long array with many repeated values (the gradients of a layer whose inputs or deltas
# repeat or are zero) writes each distinct bit pattern once (0.0 and -0.0 apart), and
# :class:`Written` lends the texts of one layer's weights to a later array of the same layer
# wherever its float is bit for bit the same (a weight's new value where its change is zero).
# Formatting only.

DEDUPE_MIN = 4096         # arrays at least this long: their distinct values written once
DEDUPE_STRIDE = 8         # … when a sample of every 8th value
DEDUPE_SHARE = 0.75       # … has at most this share distinct
LEND_SHARE = 0.125        # a lent text is used where at least this share of a chunk is the same


def numbers(values) -> list[str]:
    """The JSON number of each float of a float64 array, in order."""
    if len(values) >= DEDUPE_MIN:
        import numpy as np

        bits = np.ascontiguousarray(values, dtype=np.float64).view(np.int64)
        sample = np.sort(bits[::DEDUPE_STRIDE])     # (np.unique of it would load numpy.ma)
        if np.count_nonzero(sample[1:] != sample[:-1]) + 1 <= DEDUPE_SHARE * len(sample):
            distinct, where = np.unique(bits, return_inverse=True)
            texts = plain_numbers(distinct.view(np.float64))
            return np.array(texts, dtype=object)[where.ravel()].tolist()
    return plain_numbers(values)


def plain_numbers(values) -> list[str]:
    """:func:`numbers`, one float at a time (one finite check of the whole array first)."""
    import numpy as np

    if np.isfinite(values).all():
        return list(map(float.__repr__, values.tolist()))
    return [float.__repr__(v) if math.isfinite(v) else "null" for v in values.tolist()]


class Written:
    """The texts written for each layer's weights, to lend to a later array of that layer
    laid out by a rule of P interleaved prefixes over the weights' names (position i is
    weight i // P): each position takes the weight's text where the two floats' bits agree."""

    def __init__(self):
        self._layers: dict[int, tuple] = {}

    def remember(self, layer: int, values, texts: list[str]) -> None:
        import numpy as np

        bits = np.ascontiguousarray(values, dtype=np.float64).view(np.int64)
        self._layers[layer] = (bits, np.array(texts, dtype=object))

    def numbers(self, layer: int, values, start: int, P: int) -> list[str]:
        """:func:`numbers` of ``values``, positions start… of a block of ``layer``."""
        known = self._layers.get(layer)
        n = len(values)
        if known is None or n == 0:
            return numbers(values)
        import numpy as np

        wbits, wtexts = known
        idx = np.arange(start, start + n, dtype=np.intp) // P
        inside = idx < len(wbits)
        bits = np.ascontiguousarray(values, dtype=np.float64).view(np.int64)
        same = np.zeros(n, dtype=bool)
        same[inside] = bits[inside] == wbits[idx[inside]]
        count = int(same.sum())
        if count < LEND_SHARE * n:
            return numbers(values)
        out = np.empty(n, dtype=object)
        out[same] = wtexts[idx[same]]
        if count < n:               # the rest a prefix at a time: one often repeats its
            values = np.asarray(values)     # floats (change.), another seldom (new.)
            column = np.arange(start, start + n, dtype=np.intp) % P if P > 1 else None
            for o in range(P):
                rest = ~same if column is None else ~same & (column == o)
                if rest.any():
                    out[rest] = np.array(numbers(values[rest]), dtype=object)
        return out.tolist()
