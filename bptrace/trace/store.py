"""How a trace stores its numbers: per run of a section one float64 array (:class:`Block`),
its keys made by rule from the config's names (:class:`Keys`). A Quantity — formula,
operands, notes — is made by the block's maker only when a reader asks for that key; a
summary, the JSON writer or a non-finite check reads the arrays directly. Nothing here
formats a number; numpy is imported when a block is made (a trace exists only after the maths).
"""

from __future__ import annotations

from typing import Callable, Iterator

CHUNK = 1 << 16             # keys made at a time when a whole block is walked
MAX_TERMS = 16              # beyond this fan-in, a made quantity's sum is symbolic only
DETAIL_LIMIT = 2000         # a layer with more weights than this: no substituted chains


def row(a):
    """The one sample's row of a batch-shaped array."""
    return a[0]


def interleave(*arrays):
    """a0[0], a1[0], …, a0[1], a1[1], …: the order of the keys a :class:`Keys` rule makes."""
    import numpy as np

    P = len(arrays)
    out = np.empty(len(arrays[0]) * P, dtype=np.float64)
    for o, a in enumerate(arrays):
        out[o::P] = a
    return out


class Keys:
    """Keys by rule: position i is ``prefixes[i % P] + names[i // P]`` (P prefixes), e.g.
    ("net.", "out.") over a layer's neurons: net.h1, out.h1, net.h2, … ``names`` is a list,
    or generated weight names kept as their rule (config.edgenames.RuleNames: made when
    read; a writer may lay them out from the rule)."""

    __slots__ = ("prefixes", "names")

    def __init__(self, prefixes: tuple[str, ...], names: list[str]):
        self.prefixes = prefixes
        self.names = names

    def __len__(self) -> int:
        return len(self.prefixes) * len(self.names)

    def slice(self, start: int, stop: int) -> list[str]:
        """The keys at positions start…stop−1."""
        heads, names = self.columns(start, stop)
        return list(map(str.__add__, heads, names))

    def columns(self, start: int, stop: int, before: str = "") -> tuple[list[str], list[str]]:
        """The keys at positions start…stop−1 in two columns, ``before`` + prefix and name (a
        writer joins them with what follows, without making each key)."""
        P = len(self.prefixes)
        a = start // P
        names = self.names[a:-(-stop // P)]
        if P == 1:
            return [before + self.prefixes[0]] * len(names), names
        heads = [before + p for p in self.prefixes] * len(names)
        repeated = [""] * len(heads)
        for o in range(P):
            repeated[o::P] = names
        cut = slice(start - a * P, stop - a * P)
        return heads[cut], repeated[cut]

    def heads(self) -> list[tuple[int, str]]:
        """(offset, prefix) of each interleaved run."""
        return list(enumerate(self.prefixes))


class Block:
    """A run of one section and layer: ``values`` (float64), ``keys`` (a :class:`Keys` rule
    or a function giving the list), and ``make(i)``, the Quantity at position i (its value is
    then taken from ``values``, where a printed number may have replaced the computed one).
    ``bounds`` (optional, like ``values``): the float rounding each value can carry
    (:mod:`bptrace.trace.residue`); a value within it is handed out as residue."""

    __slots__ = ("section", "layer", "values", "_keys", "_make", "bounds")

    def __init__(self, section: str, layer: int, values, keys, make: Callable[[int], "Quantity"],
                 bounds=None):
        import numpy as np

        self.section = section
        self.layer = layer
        self.values = np.asarray(values, dtype=np.float64)
        self._keys = keys
        self._make = make
        self.bounds = None if bounds is None else np.asarray(bounds, dtype=np.float64)

    def __len__(self) -> int:
        return len(self.values)

    @property
    def rule(self) -> "Keys | None":
        """The :class:`Keys` rule of the keys, or None where they are a list."""
        return self._keys if isinstance(self._keys, Keys) else None

    def keys(self) -> list[str]:
        k = self._keys
        if isinstance(k, Keys):
            return k.slice(0, len(k))
        return k() if callable(k) else k

    def key_columns(self, size: int = CHUNK,
                    before: str = "") -> Iterator[tuple[int, list[str], list[str]]]:
        """(start, heads, names) in pieces of ``size``: key i is before + heads[i] + names[i]
        (:meth:`Keys.columns`); a rule makes only the piece asked for."""
        k = self._keys
        n = len(self.values)
        full = None if isinstance(k, Keys) else self.keys()
        for start in range(0, n, size):
            stop = min(n, start + size)
            if full is None:
                yield (start, *k.columns(start, stop, before))
            else:
                yield start, [before] * (stop - start), full[start:stop]

    def texts(self) -> list[str]:
        """The pieces every key is made of (the prefixes and names of a rule, else the keys):
        what a writer checks once for characters it must escape."""
        k = self._keys
        if isinstance(k, Keys):
            names = k.names
            return list(k.prefixes) + (names.pieces() if hasattr(names, "pieces") else names)
        return self.keys()

    def floats(self) -> list[float]:
        return self.values.tolist()

    def value(self, i: int) -> float:
        """Value i as a float (:class:`~bptrace.trace.residue.Residue` where it is residue)."""
        if self.bounds is None:
            return float(self.values[i])
        from bptrace.trace.residue import tag
        return tag(self.values[i], self.bounds[i])

    def quantity(self, i: int) -> "Quantity":
        q = self._make(i)
        q.value = self.value(i)
        return q

    def nonfinite(self) -> list[str]:
        import numpy as np

        bad = ~np.isfinite(self.values)
        if not bad.any():
            return []
        keys = self.keys()
        return [keys[i] for i in np.flatnonzero(bad).tolist()]

    def groups(self) -> list[tuple[str, object]]:
        """(key prefix, its values) in order of first appearance, for summaries: the part of
        each key before its first dot (err.N.K, a path of a hidden error, apart)."""
        k = self._keys
        if isinstance(k, Keys):
            P = len(k.prefixes)
            return [(p.split(".", 1)[0], self.values[o::P]) for o, p in k.heads()]
        where: dict[str, list[int]] = {}
        for i, key in enumerate(self.keys()):
            prefix = key.split(".", 1)[0]
            if prefix == "err" and key.count(".") == 2:
                prefix = "err.N.K"
            where.setdefault(prefix, []).append(i)
        return [(p, self.values[idx]) for p, idx in where.items()]
