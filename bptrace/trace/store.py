"""How a trace stores its numbers: per run of a section one float64 array (:class:`Block`),
its keys made by rule from the config's names (:class:`Keys`), and the parameters of each
layer as arrays and name lists (:class:`LayerParams`). A :class:`Quantity` — formula, operands,
notes — is made by the block's maker only when a reader asks for that key; a summary, the JSON
writer or a non-finite check reads the arrays directly. Nothing here formats a number.
"""

from __future__ import annotations

from typing import Callable, Iterator

import numpy as np

from bptrace.trace.quantity import ParamInfo, Quantity

CHUNK = 1 << 16             # keys made at a time when a whole block is walked


class Keys:
    """Keys by rule: position i is ``prefixes[i % P] + names[i // P]`` (P prefixes), e.g.
    ("net.", "out.") over a layer's neurons: net.h1, out.h1, net.h2, …"""

    __slots__ = ("prefixes", "names")

    def __init__(self, prefixes: tuple[str, ...], names: list[str]):
        self.prefixes = prefixes
        self.names = names

    def __len__(self) -> int:
        return len(self.prefixes) * len(self.names)

    def slice(self, start: int, stop: int) -> list[str]:
        P = len(self.prefixes)
        if P == 1:
            p = self.prefixes[0]
            return [p + n for n in self.names[start:stop]]
        a = start // P
        out = [p + n for n in self.names[a:-(-stop // P)] for p in self.prefixes]
        return out[start - a * P:stop - a * P]

    def heads(self) -> list[tuple[int, str]]:
        """(offset, prefix) of each interleaved run."""
        return list(enumerate(self.prefixes))


class Block:
    """A run of one section and layer: ``values`` (float64), ``keys`` (a :class:`Keys` rule
    or a function giving the list), and ``make(i)``, the Quantity at position i (its value is
    then taken from ``values``, where a printed number may have replaced the computed one)."""

    __slots__ = ("section", "layer", "values", "_keys", "_make")

    def __init__(self, section: str, layer: int, values, keys, make: Callable[[int], Quantity]):
        self.section = section
        self.layer = layer
        self.values = np.asarray(values, dtype=np.float64)
        self._keys = keys
        self._make = make

    def __len__(self) -> int:
        return len(self.values)

    def keys(self) -> list[str]:
        k = self._keys
        if isinstance(k, Keys):
            return k.slice(0, len(k))
        return k() if callable(k) else k

    def key_chunks(self, size: int = CHUNK) -> Iterator[tuple[int, list[str]]]:
        """(start, keys) in pieces of ``size``: a rule makes only the piece asked for."""
        k = self._keys
        n = len(self.values)
        full = None if isinstance(k, Keys) else self.keys()
        for start in range(0, n, size):
            stop = min(n, start + size)
            yield start, (k.slice(start, stop) if full is None else full[start:stop])

    def floats(self) -> list[float]:
        return self.values.tolist()

    def quantity(self, i: int) -> Quantity:
        q = self._make(i)
        q.value = float(self.values[i])
        return q

    def nonfinite(self) -> list[str]:
        bad = ~np.isfinite(self.values)
        if not bad.any():
            return []
        keys = self.keys()
        return [keys[i] for i in np.flatnonzero(bad).tolist()]

    def groups(self) -> list[tuple[str, np.ndarray]]:
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


class LayerParams:
    """One layer's parameters: its weights (names, values, from node k to neuron j, in the
    config's order) and then its biases (names, values, neurons using each)."""

    __slots__ = ("layer", "w_names", "w_values", "J", "K", "sources", "neurons", "b_names",
                 "b_values", "b_users", "b_trainable")

    def __init__(self, layer: int, w_names: list[str], w_values: np.ndarray, J: np.ndarray,
                 K: np.ndarray, sources: list[str], neurons: list[str], b_names: list[str],
                 b_values: np.ndarray, b_users: list[list[int]], b_trainable: bool):
        self.layer = layer                  # 1-based
        self.w_names, self.w_values, self.J, self.K = w_names, w_values, J, K
        self.sources, self.neurons = sources, neurons
        self.b_names, self.b_values, self.b_users = b_names, b_values, b_users
        self.b_trainable = b_trainable

    def __len__(self) -> int:
        return len(self.w_names) + len(self.b_names)

    def infos(self) -> list[ParamInfo]:
        l, src, dst = self.layer, self.sources, self.neurons
        out = [ParamInfo(name, l, "w", v, True, src[k], (dst[j],)) for name, v, j, k in
               zip(self.w_names, self.w_values.tolist(), self.J.tolist(), self.K.tolist())]
        out += [ParamInfo(name, l, "b", v, self.b_trainable, None, tuple(dst[j] for j in users))
                for name, v, users in zip(self.b_names, self.b_values.tolist(), self.b_users)]
        return out
