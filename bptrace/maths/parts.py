"""The network's parts and what a pass through them produces: a :class:`Layer` (neurons, their
activation, the weights and biases feeding them, with the user's names), a :class:`Param` (one
named scalar), the records of one forward and backward pass (:class:`Pass`) and of one
mini-batch update (:class:`BatchStep`), and BP2 split per path (:func:`err_paths`). The maths
that fills them is :mod:`bptrace.maths.network`; nothing here prints or formats."""

from __future__ import annotations

import numpy as np

from bptrace.maths.activations import Activation


class Layer:
    """One layer of neurons and the parameters feeding it, with the user's names."""

    matrix_rows = "neurons"     # how the config wrote its matrix: W·a ("neurons") or x·W ("inputs")

    def __init__(self, name: str, neurons: list[str], activation: Activation, W: np.ndarray,
                 mask: np.ndarray | None, weight_names: dict[tuple[int, int], str],
                 bias_names: list[str], b: np.ndarray, bias_of: np.ndarray,
                 threshold: bool = False):
        self.name = name
        self.neurons = neurons
        self.activation = activation
        self.W = W                      # (n, m) float64
        self.mask = mask                # (n, m) bool where an edge exists; None = all
        self.weight_names = weight_names    # (j, k) -> name, in the config's order
        self.bias_names = bias_names    # one per bias parameter
        self.b = b                      # (nb,) bias parameter values
        self.bias_of = bias_of          # (n,) int: index into b for each neuron, -1 = none
        # thresholds (Negnevitsky, 周志华) are subtracted: net = W·a − θ; biases added
        self.threshold = threshold
        self.bias_sign = -1.0 if threshold else 1.0
        self._index_biases()

    def _index_biases(self) -> None:
        """The bias vector as an index (neuron j uses b[bias_of[j]]), linear in the neurons:
        the users of each bias, and a small 0/1 matrix only for biases shared by 3 or more
        neurons (whose gradient sums as a matrix product does)."""
        n = len(self.neurons)
        nb = len(self.bias_names)
        of = np.asarray(self.bias_of, dtype=np.intp)
        self._has = of >= 0
        self._idx = of[self._has]
        self._users: list[list[int]] = [[] for _ in range(nb)]
        for j in np.flatnonzero(self._has).tolist():
            self._users[of[j]].append(j)
        counts = np.bincount(self._idx, minlength=nb) if nb else np.zeros(0, dtype=np.intp)
        self._multi = np.flatnonzero(counts >= 3)
        self._Bm = np.zeros((n, len(self._multi)))
        for c, i in enumerate(self._multi.tolist()):
            self._Bm[self._users[i], c] = 1.0
        # one bias per neuron, in neuron order: b is the bias vector itself
        self.own_biases = nb == n and bool(np.array_equal(of, np.arange(n)))

    @property
    def B(self) -> np.ndarray:
        """(n, nb) 0/1: neuron j uses bias i (made when asked; the maths uses the index)."""
        B = np.zeros((self.size, len(self.bias_names)))
        B[np.flatnonzero(self._has), self._idx] = 1.0
        return B

    @property
    def size(self) -> int:
        return len(self.neurons)

    def set_threshold(self, threshold: bool) -> None:
        """Read the same values as thresholds (subtracted) or as biases (added)."""
        self.threshold = threshold
        self.bias_sign = -1.0 if threshold else 1.0

    def bias_vector(self, b: np.ndarray | None = None) -> np.ndarray:
        b = self.b if b is None else b
        if self.own_biases:
            return -b if self.threshold else b
        v = np.zeros(self.size)
        if len(b):
            v[self._has] = b[self._idx] + 0.0
        return -v if self.threshold else v

    def bias_grad(self, s: np.ndarray) -> np.ndarray:
        """Σ over each bias's neurons of s (BP3 before the sign of thresholds): the sums a
        product with the 0/1 matrix makes, to the last bit, without the matrix."""
        if self.own_biases:
            return s + 0.0
        nb = len(self.bias_names)
        g = np.bincount(self._idx, weights=s[self._has], minlength=nb) if nb else np.zeros(0)
        if len(self._multi):
            g[self._multi] = s @ self._Bm
        return g

    def bias_users(self, i: int) -> list[int]:
        """The neurons (indices) that use bias parameter i."""
        return self._users[i]


class Param:
    """A named scalar parameter: a weight (layer, (j, k)) or a bias (layer, i)."""

    __slots__ = ("name", "layer", "kind", "index", "trainable")

    def __init__(self, name: str, layer: int, kind: str, index: tuple, trainable: bool):
        self.name = name
        self.layer = layer
        self.kind = kind                # "w" or "b"
        self.index = index              # (j, k) for a weight, (i,) for a bias
        self.trainable = trainable


class Pass:
    """Everything one forward and backward pass computes (batch rows = samples)."""

    def __init__(self, net, out, loss_parts, loss, err, dout, delta, nabla_w, nabla_b, w_back):
        self.net: list[np.ndarray] = net            # per layer, (B, n)
        self.out: list[np.ndarray] = out            # out[0] = inputs, out[l+1] = layer l's
        self.loss_parts: np.ndarray = loss_parts    # (B, n_out): each output's share
        self.loss: np.ndarray = loss                # (B,)
        self.err: list[np.ndarray] = err            # per layer ∂E/∂out
        self.dout: list = dout                      # per layer ∂out/∂net (None: softmax)
        self.delta: list[np.ndarray] = delta        # per layer ∂E/∂net
        self.nabla_w: list[np.ndarray] = nabla_w    # per layer, summed over the batch
        self.nabla_b: list[np.ndarray] = nabla_b    # per layer and bias parameter, summed
        self.w_back: list[np.ndarray] = w_back      # per layer, the weights BP2 used


def err_paths(delta_next: np.ndarray, w_next: np.ndarray, rnd=None) -> np.ndarray:
    """err.N.K = δ_K·w(N→K): the parts of a hidden error, one per path (…, K, N)."""
    paths = delta_next[..., :, None] * w_next
    return paths if rnd is None else rnd(paths)


class BatchStep:
    """One mini-batch update: the mean gradients, the new parameter arrays (both in the order
    of :meth:`Network.arrays`), each sample's loss before and after it, and their means."""

    __slots__ = ("mean", "new_arrays", "losses", "new_losses", "mean_loss", "mean_new_loss")

    def __init__(self, mean: list[np.ndarray], new_arrays: list[np.ndarray], losses: np.ndarray,
                 new_losses: np.ndarray):
        self.mean = mean
        self.new_arrays = new_arrays
        self.losses = losses
        self.new_losses = new_losses
        self.mean_loss = float(np.mean(losses))
        self.mean_new_loss = float(np.mean(new_losses))
