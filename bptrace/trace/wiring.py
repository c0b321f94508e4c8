"""A layer's edges as arrays, in the config's order: edge e runs from node K[e] of the layer
below to neuron J[e], and is called names[e]. The trace reads its weights, gradients and new
values with one fancy index per layer (none where the edges are every pair, row by row),
keeps generated names as their rule until one is read, and groups the edges by neuron (a
net input's terms) or by source (a hidden error's paths) only when a quantity that lists
them is made."""

from __future__ import annotations

from itertools import chain

import numpy as np


class Wiring:
    __slots__ = ("J", "K", "rule", "_names", "_by_to", "_by_from", "_dense")

    def __init__(self, layer):
        edges = layer.weight_names
        self._dense = None
        self.rule = None                    # the names' rule (config.edgenames), if by rule
        self._names = None
        if hasattr(edges, "arrays"):        # names by rule: arrays at once, names when read
            self.J, self.K = edges.arrays()
            self._dense = (len(edges.neurons), len(edges.below))    # edge e is entry e, row-major
            self.rule = edges
        else:
            n = len(edges)
            flat = np.fromiter(chain.from_iterable(edges), dtype=np.intp, count=2 * n)
            self.J = flat[0::2]
            self.K = flat[1::2]
            self._names = list(edges.values())
        self._by_to = None
        self._by_from = None

    @property
    def names(self) -> list[str]:
        """Every edge's name, in order (made when first read, where they are by rule)."""
        if self._names is None:
            self._names = self.rule.names
        return self._names

    def key_names(self, more) -> "list[str]":
        """The edges' names and then ``more`` (the biases'): by rule where the edges' names
        are, so that none is made before it is read."""
        if self.rule is not None and self._names is None:
            from bptrace.config.edgenames import RuleNames
            return RuleNames(self.rule, more)
        return self.names + list(more)

    def __len__(self) -> int:
        return len(self.J)

    def take(self, M: np.ndarray) -> np.ndarray:
        """The entries of a (neurons × nodes) matrix at the edges, in order (a copy)."""
        if self._dense is not None and np.shape(M) == self._dense:
            return np.array(M).reshape(-1)      # every entry, row by row: no index needed
        return M[self.J, self.K]

    def into(self, j: int) -> list[tuple[int, str]]:
        """(k, name) of the edges into neuron j, in order."""
        if self._by_to is None:
            self._by_to = _grouped(self.J)
        return [(k, self.names[e]) for e, k in zip(*self._edges(self._by_to, j, self.K))]

    def out_of(self, k: int) -> list[tuple[int, str]]:
        """(j, name) of the edges out of node k, in order."""
        if self._by_from is None:
            self._by_from = _grouped(self.K)
        return [(j, self.names[e]) for e, j in zip(*self._edges(self._by_from, k, self.J))]

    def fan_out(self, nodes: int) -> tuple[np.ndarray, np.ndarray]:
        """(edges sorted by source node, keeping their order; how many leave each node)."""
        if self._by_from is None:
            self._by_from = _grouped(self.K)
        order, _ = self._by_from
        return order, np.bincount(self.K, minlength=nodes)

    @staticmethod
    def _edges(grouped, i: int, other: np.ndarray):
        order, starts = grouped
        if i + 1 >= len(starts):
            return [], []
        e = order[starts[i]:starts[i + 1]]
        return e.tolist(), other[e].tolist()


def _grouped(by: np.ndarray):
    """The edges sorted (stably) by ``by``, and where each value's run starts."""
    order = np.argsort(by, kind="stable")
    size = int(by.max()) + 2 if len(by) else 1
    starts = np.zeros(size, dtype=np.intp)
    np.cumsum(np.bincount(by, minlength=size - 1), out=starts[1:])
    return order, starts
