"""Every parameter's value, named, read from the network's arrays at once: :class:`Named`
keeps one float64 array per layer's weights and biases beside their names (a layer's
generated names stay a rule, :class:`~bptrace.config.edgenames.EdgeNames`), and
:class:`TrainedValues` is `train`'s report of them ({"loss": …, "new.P": …}, interface
contract §4) as a read-only mapping. A name is made only when a reader asks for it: the
lecture slides' MNIST net has 623,290 parameters, and its report shows a dozen of them
while its JSON writes them from the arrays (:meth:`Named.key_columns`). Nothing here
formats a number or prints."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import chain, repeat

from bptrace.config.edgenames import EdgeNames


class Piece:
    """One layer's weights or biases: ``values`` (float64, a copy) in the order of
    ``names`` (an :class:`EdgeNames` rule over every edge, a mapping whose values are the
    names, or a list)."""

    __slots__ = ("names", "values", "_list")

    def __init__(self, names, values):
        self.names = names
        self.values = values
        self._list: list[str] | None = None

    def __len__(self) -> int:
        return len(self.values)

    @property
    def ruled(self) -> bool:
        """Named by the rule w_<node below>_<neuron>, every edge in row order."""
        return isinstance(self.names, EdgeNames)

    def name_list(self) -> list[str]:
        if self._list is None:
            self._list = list(self.names.values()) if isinstance(self.names, Mapping) \
                else list(self.names)
        return self._list

    def name(self, i: int) -> str:
        if self.ruled:
            return self.names[divmod(i, len(self.names.below))]
        return self.name_list()[i]

    def columns(self, start: int, stop: int, before: str) -> tuple[list[str], list[str]]:
        """Names start…stop−1 in two columns, key i being heads[i] + tails[i] with
        ``before`` in front of every name: for a rule, "before w_<node below>_" and the
        neuron, made for this piece only."""
        if not self.ruled:
            return [before] * (stop - start), self.name_list()[start:stop]
        below, neurons = self.names.below, self.names.neurons
        m = len(below)
        j0, j1 = start // m, -(-stop // m)
        heads = self.names.heads(before) * (j1 - j0)
        tails = list(chain.from_iterable(map(repeat, neurons[j0:j1], repeat(m))))
        cut = slice(start - j0 * m, stop - j0 * m)
        return heads[cut], tails[cut]

    def texts(self) -> list[str]:
        """The pieces every name is made of: what a writer checks once for characters it
        must escape."""
        if self.ruled:
            return self.names.pieces()
        return self.name_list()


class Named:
    """Every parameter's value in the order of ``net.params`` (weights, then biases, layer
    by layer), one :class:`Piece` per layer's weights and biases."""

    def __init__(self, pieces: list[Piece]):
        self.pieces = pieces

    def __len__(self) -> int:
        return sum(map(len, self.pieces))

    def names(self) -> list[str]:
        return list(chain.from_iterable(p.name_list() for p in self.pieces))

    def floats(self) -> list[float]:
        return list(chain.from_iterable(p.values.tolist() for p in self.pieces))

    def name(self, i: int) -> str:
        piece, k = self._find(i)
        return piece.name(k)

    def value(self, i: int) -> float:
        piece, k = self._find(i)
        return float(piece.values[k])

    def _find(self, i: int) -> tuple[Piece, int]:
        for piece in self.pieces:
            if i < len(piece):
                return piece, i
            i -= len(piece)
        raise IndexError(i)


def named(net) -> Named:
    """The network's parameters now, copied from its arrays."""
    import numpy as np

    pieces = []
    for layer in net.layers:
        names = layer.weight_names
        if layer.mask is None:                    # every edge, named row by row
            w = layer.W.ravel().copy()
        elif hasattr(names, "arrays"):            # names by rule: every edge, in order
            w = layer.W[names.arrays()]
        elif names:
            jk = np.fromiter((i for pair in names for i in pair), dtype=np.intp,
                             count=2 * len(names)).reshape(-1, 2)
            w = layer.W[jk[:, 0], jk[:, 1]]
        else:
            w = np.zeros(0)
        pieces.append(Piece(names, w))
        pieces.append(Piece(list(layer.bias_names), layer.b[:len(layer.bias_names)].copy()))
    return Named(pieces)


class TrainedValues(Mapping):
    """{"loss": the final mean loss, "new.P": P after training, …} in that order: a
    mapping whose keys are made when it is first read by key or walked; ``loss`` and
    ``params`` (:class:`Named`) are there at once."""

    PREFIX = "new."

    def __init__(self, loss: float, params: Named, extra: dict[str, float] | None = None):
        self.loss = loss
        self.params = params
        self.extra = dict(extra or {})      # after the loss: accuracy, test.loss, …
        self._index: dict[str, int] | None = None

    def __len__(self) -> int:
        return 1 + len(self.extra) + len(self.params)

    def __iter__(self):
        yield "loss"
        yield from self.extra
        yield from map(self.PREFIX.__add__, self.params.names())

    def __getitem__(self, key: str) -> float:
        if key == "loss":
            return self.loss
        if key in self.extra:
            return self.extra[key]
        if self._index is None:
            self._index = {k: i for i, k in enumerate(self.params.names())}
        if not isinstance(key, str) or not key.startswith(self.PREFIX) \
                or key[len(self.PREFIX):] not in self._index:
            raise KeyError(key)
        return self.params.value(self._index[key[len(self.PREFIX):]])

    def __contains__(self, key) -> bool:
        try:
            self[key]
        except KeyError:
            return False
        return True

    def items(self):
        return zip(self, self.values())

    def values(self):
        return [self.loss] + list(self.extra.values()) + self.params.floats()

    def as_dict(self) -> dict[str, float]:
        return dict(zip(self, self.values()))

    def __eq__(self, other) -> bool:
        return Mapping.__eq__(self, other)

    __hash__ = None

    def __repr__(self) -> str:
        return f"TrainedValues(loss={self.loss!r}, {len(self.params)} parameters)"
