"""Float64 arrays as JSON number texts, exactly as the json encoder writes each float
(``float.__repr__``; NaN and infinity as null), at the cost of the distinct floats only:
a long array with many repeated values (the gradients of a layer whose inputs or deltas
repeat or are zero) writes each distinct bit pattern once (0.0 and -0.0 apart), and
:class:`Written` lends the texts of one layer's weights to a later array of the same layer
wherever its float is bit for bit the same (a weight's new value where its change is zero).
Formatting only."""

from __future__ import annotations

import math

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
