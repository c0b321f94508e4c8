"""A layer's edges: their names and their arrays (:class:`Wiring`, at the end).

The generated names of a fully connected layer's weights, ``w_<node below>_<neuron>``, by
rule: a read-only mapping {(j, k): name} in the order the config reader always gave them
(neuron j, then node k of the layer below), whose names are made only when asked for — the
list at once (one replace per neuron in a row made once, and one split), and the edge arrays
J, K without walking any tuple. 784 × 784 is 614,656 names; :class:`RuleNames` carries them
(and the biases' after them) through a trace as the rule, made only where they are read."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import chain, product, repeat
from operator import index

import numpy as np


class EdgeNames(Mapping):
    """{(j, k): f"w_{below[k]}_{neurons[j]}"} for every j < len(neurons), k < len(below)."""

    __slots__ = ("below", "neurons", "_names", "_sets")

    def __init__(self, below: list[str], neurons: list[str]):
        self.below = list(below)
        self.neurons = list(neurons)
        self._names: list[str] | None = None
        self._sets = None

    def __getstate__(self):
        return (self.below, self.neurons)

    def __setstate__(self, state):
        self.below, self.neurons = state
        self._names = None
        self._sets = None

    @property
    def names(self) -> list[str]:
        """Every name, in order (made once; the same list every time: do not change it)."""
        if self._names is None:
            self._names = self.block(0, len(self.neurons))
        return self._names

    def heads(self, before: str = "") -> list[str]:
        """What each name of a neuron's row holds before the neuron, ``before`` in front:
        [before + "w_<node below>_"] in the order of the nodes below (a writer lays a row's
        keys as these and the neuron)."""
        return [before + "w_" + p + "_" for p in self.below]

    def pieces(self) -> list[str]:
        """What every name is made of (the rule's letters, the nodes, the neurons): a writer
        checks these once for characters it must escape."""
        return ["w__"] + self.below + self.neurons

    def block(self, first: int, stop: int) -> list[str]:
        """The names of neurons first…stop−1's edges, in order: per neuron one replace in a
        row made once and one split (a NUL, never in a name, marks the cuts)."""
        if not self.below or first >= stop:
            return []
        row = "\0w_" + "_\1\0w_".join(self.below) + "_\1"
        if any("\0" in n or "\1" in n for n in self.below + self.neurons):
            heads = self.heads()
            names: list[str] = []
            for neuron in self.neurons[first:stop]:
                names += map(str.__add__, heads, repeat(neuron))
            return names
        return "".join(row.replace("\1", n) for n in self.neurons[first:stop]).split("\0")[1:]

    def arrays(self):
        """(J, K): edge e runs from node K[e] below to neuron J[e] (intp arrays)."""

        n, m = len(self.neurons), len(self.below)
        return np.repeat(np.arange(n, dtype=np.intp), m), np.tile(np.arange(m, dtype=np.intp), n)

    def __len__(self) -> int:
        return len(self.neurons) * len(self.below)

    # --- the names as a rule (config.names checks names against it without making them) ---
    def has_name(self, name: str) -> bool:
        """Whether ``name`` is one of the names (read back by its underscores)."""
        if not name.startswith("w_"):
            return False
        if self._sets is None:
            self._sets = (set(self.below), set(self.neurons))
        below, neurons = self._sets
        rest = name[2:]
        i = rest.find("_")
        while i >= 0:
            if rest[:i] in below and rest[i + 1:] in neurons:
                return True
            i = rest.find("_", i + 1)
        return False

    def unambiguous(self) -> bool:
        """No name made twice: the node names are each given once, and no node below is
        another's name, an underscore and more (w_a_b_c from a, b_c and from a_b, c)."""
        below = set(self.below)
        if len(below) != len(self.below) or len(set(self.neurons)) != len(self.neurons):
            return False
        for name in self.below:
            i = name.find("_")
            while i >= 0:
                if name[:i] in below:
                    return False
                i = name.find("_", i + 1)
        return True

    def firsts(self) -> set[str]:
        """What follows ``w_`` up to the next underscore in every name: two rules whose sets
        are apart share no name."""
        return {p.split("_", 1)[0] for p in self.below}

    def __iter__(self):
        return product(range(len(self.neurons)), range(len(self.below)))

    def __getitem__(self, jk) -> str:
        try:                    # as a dict with int pairs as keys looks them up
            j, k = map(index, jk)
        except (TypeError, ValueError):
            raise KeyError(jk) from None
        if 0 <= j < len(self.neurons) and 0 <= k < len(self.below) and len(jk) == 2:
            return f"w_{self.below[k]}_{self.neurons[j]}"
        raise KeyError(jk)

    def __contains__(self, jk) -> bool:
        try:
            self[jk]
        except KeyError:
            return False
        return True

    def values(self):
        return self.names

    def items(self):
        return zip(iter(self), self.names)

    def __eq__(self, other) -> bool:
        if isinstance(other, EdgeNames):
            return self.below == other.below and self.neurons == other.neurons
        return Mapping.__eq__(self, other)

    __hash__ = None

    def __repr__(self) -> str:
        return f"EdgeNames({len(self.below)} × {len(self.neurons)})"


class RuleNames(Sequence):
    """A layer's weight names by rule and then other names (its biases'), as a read-only list
    whose names are made only when read: a slice makes those rows alone, a whole walk makes
    the rule's list once. A writer that lays out names by rule reads :attr:`rule` instead."""

    __slots__ = ("rule", "tail")

    def __init__(self, rule: EdgeNames, tail=()):
        self.rule = rule
        self.tail = list(tail)

    def __len__(self) -> int:
        return len(self.rule) + len(self.tail)

    def __getitem__(self, i):
        n = len(self.rule)
        if isinstance(i, slice):
            a, b, step = i.indices(len(self))
            if step != 1:
                return list(self)[i]
            if b <= a:
                return []
            m = len(self.rule.below)
            if a >= n:
                return self.tail[a - n:b - n]
            first = a // m
            made = self.rule.block(first, -(-min(b, n) // m))
            return made[a - first * m:min(b, n) - first * m] + self.tail[:max(0, b - n)]
        i = index(i)
        if i < 0:
            i += len(self)
        if 0 <= i < n:
            m = len(self.rule.below)
            return self.rule[(i // m, i % m)]
        if n <= i < len(self):
            return self.tail[i - n]
        raise IndexError(i)

    def __iter__(self):
        yield from self.rule.names
        yield from self.tail

    def __add__(self, other):
        return RuleNames(self.rule, self.tail + list(other))

    def __eq__(self, other) -> bool:
        if isinstance(other, RuleNames):
            return self.rule == other.rule and self.tail == other.tail
        return isinstance(other, (list, tuple, Sequence)) and list(self) == list(other)

    __hash__ = None

    def pieces(self) -> list[str]:
        """What every name is made of (the nodes, the neurons, the other names): a writer
        checks these once for characters it must escape."""
        return self.rule.pieces() + self.tail

    def __repr__(self) -> str:
        return f"RuleNames({self.rule!r} + {len(self.tail)})"


# --- A layer's edges as arrays, in the config's order: edge e runs from node K[e] of the layer
# below to neuron J[e], and is called names[e]. The trace reads its weights, gradients and new
# values with one fancy index per layer (none where the edges are every pair, row by row),
# keeps generated names as their rule until one is read, and groups the edges by neuron (a
# net input's terms) or by source (a hidden error's paths) only when a quantity that lists
# them is made.

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
