"""The network and its maths: forward pass, chain-rule backward pass, update. Pure numpy;
nothing here prints or formats.

Notation (seed 004 §5, Nielsen's network.py): for layer l with weights W (row j = neuron j,
column k = node k of the layer below) and bias vector b,

    net  = W·a_prev + b                      (eq. 18)      forward
    out  = f(net)                            (eq. 19)
    err  = ∂E/∂out                           the 校对误差 of seed 002
    delta = ∂E/∂net = err ⊙ f'(net)          (BP1, eq. 20/21; softmax: the Jacobian)
    err_prev = Wᵀ·delta                      (BP2, eq. 22)
    nabla_b = delta (summed per bias name)   (BP3, eq. 25/26)
    nabla_w = delta·a_prevᵀ                  (BP4, eq. 23/24)

Every function takes a batch: rows are samples. Gradients are sums over the batch rows;
``mean_gradients`` divides by the batch size (seed 004 eq. 17).
"""

from __future__ import annotations


import numpy as np

from bptrace.activations import Activation
from bptrace.losses import Loss


class Layer:
    """One layer of neurons and the parameters feeding it, with the user's names."""

    def __init__(self, name: str, neurons: list[str], activation: Activation, W: np.ndarray,
                 mask: np.ndarray | None, weight_names: dict[tuple[int, int], str],
                 bias_names: list[str], b: np.ndarray, bias_of: np.ndarray):
        self.name = name
        self.neurons = neurons
        self.activation = activation
        self.W = W                      # (n, m) float64
        self.mask = mask                # (n, m) bool where an edge exists; None = all
        self.weight_names = weight_names    # (j, k) -> name, in the config's order
        self.bias_names = bias_names    # one per bias parameter
        self.b = b                      # (nb,) bias parameter values
        self.bias_of = bias_of          # (n,) int: index into b for each neuron, -1 = none
        n = len(self.neurons)           # B (n, nb) 0/1: neuron j uses bias i
        self.B = np.zeros((n, len(self.bias_names)))
        for j, i in enumerate(self.bias_of):
            if i >= 0:
                self.B[j, i] = 1.0
        # one bias per neuron, in neuron order: b is the bias vector itself
        self.own_biases = len(bias_names) == n and bool(np.all(bias_of == np.arange(n)))

    @property
    def size(self) -> int:
        return len(self.neurons)

    def bias_vector(self, b: np.ndarray | None = None) -> np.ndarray:
        b = self.b if b is None else b
        if self.own_biases:
            return b
        return self.B @ b if len(b) else np.zeros(self.size)

    def bias_users(self, i: int) -> list[int]:
        """The neurons (indices) that use bias parameter i."""
        return [j for j, bi in enumerate(self.bias_of) if bi == i]


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


def _same(x):
    return x


def err_paths(delta_next: np.ndarray, w_next: np.ndarray, rnd=_same) -> np.ndarray:
    """err.N.K = δ_K·w(N→K): the parts of a hidden error, one per path (…, K, N)."""
    return rnd(delta_next[..., :, None] * w_next)


def hand_round(x, decimals: int):
    """Round half away from zero, as a student with a calculator does (numpy rounds half
    to even)."""
    f = 10.0 ** decimals
    return np.sign(x) * np.floor(np.abs(x) * f + 0.5) / f


class Convention:
    """How a step is computed. The default is textbook-correct backpropagation; the options
    are the documented ways hand calculations differ (``--round N``) or go wrong
    (``check --diagnose``):

    - ``round_to``: every intermediate rounded (half up) to N decimals before it is used;
    - ``sequential``: the hidden errors computed with the already-updated output weights
      (BP2 with W − η·∂E/∂W) instead of the weights of the forward pass;
    - ``bp2_from_gradients``: a hidden error built from the next layer's weight gradients,
      Σ_K ∂E/∂w(N→K) = out.N·Σ_K δ_K, instead of Σ_K δ_K·w(N→K);
    - ``first_path_only``: a hidden error with only its first path (through the next layer's
      first neuron), the other paths forgotten;
    - ``net_for_out``: ∂net/∂w taken as the net input of the node below instead of its output.
    """

    def __init__(self, round_to: int | None = None, sequential: bool = False,
                 bp2_from_gradients: bool = False, lr: float | None = None,
                 first_path_only: bool = False, net_for_out: bool = False):
        self.round_to = round_to
        self.sequential = sequential
        self.bp2_from_gradients = bp2_from_gradients
        self.first_path_only = first_path_only
        self.net_for_out = net_for_out
        self.lr = lr

    def rnd(self, x):
        return x if self.round_to is None else hand_round(x, self.round_to)

    def rounder(self):
        """The rounding function (the identity where nothing is rounded)."""
        return _same if self.round_to is None else self.rnd


class Network:
    def __init__(self, inputs: list[str], layers: list[Layer], loss: Loss,
                 train_biases: bool = True):
        self.inputs = inputs
        self.layers = layers
        self.loss = loss
        self.train_biases = train_biases
        self.params: list[Param] = []
        for l, layer in enumerate(layers):
            for (j, k), name in layer.weight_names.items():
                self.params.append(Param(name, l, "w", (j, k), True))
            for i, name in enumerate(layer.bias_names):
                self.params.append(Param(name, l, "b", (i,), train_biases))
        self.param_by_name = {p.name: p for p in self.params}
        # cross-entropy on a softmax output: delta = y·Σt − t exactly (no −t/y · y round trip)
        self.fused_softmax_ce = (loss.needs_softmax and layers[-1].activation.name == "softmax")

    # --- names ---------------------------------------------------------------------------
    @property
    def outputs(self) -> list[str]:
        return self.layers[-1].neurons

    def node_names(self, l: int) -> list[str]:
        """Names of the nodes feeding layer l (the inputs for l = 0)."""
        return self.inputs if l == 0 else self.layers[l - 1].neurons

    # --- parameters ------------------------------------------------------------------------
    def value(self, p: Param) -> float:
        layer = self.layers[p.layer]
        return float(layer.W[p.index] if p.kind == "w" else layer.b[p.index[0]])

    def arrays(self) -> list[np.ndarray]:
        """The parameter arrays, [W1, b1, W2, b2, …] (views, to update in place)."""
        out = []
        for layer in self.layers:
            out += [layer.W, layer.b]
        return out

    def copy_arrays(self) -> list[np.ndarray]:
        return [a.copy() for a in self.arrays()]

    def set_arrays(self, arrays: list[np.ndarray]) -> None:
        for l, layer in enumerate(self.layers):
            layer.W[...] = arrays[2 * l]
            layer.b[...] = arrays[2 * l + 1]

    def trainable_masks(self) -> list[np.ndarray | float | None]:
        """Per array: the factor applied to its gradient — None (all of it), an edge mask,
        or 0.0 (frozen biases)."""
        out: list = []
        for layer in self.layers:
            out.append(None if layer.mask is None else layer.mask.astype(np.float64))
            out.append(None if self.train_biases else 0.0)
        return out

    # --- the maths -------------------------------------------------------------------------
    def forward(self, x: np.ndarray, arrays: list[np.ndarray] | None = None, drop=None,
                conv: "Convention | None" = None):
        """net = W·a + b, out = f(net), layer by layer (eq. 18–19). x: (B, m0).

        ``drop`` (training only): per layer None or a (B, n) factor applied to the outputs
        (inverted dropout); then out holds the outputs after dropout. ``conv``: a
        :class:`Convention` other than the textbook-correct one (rounding, …)."""
        rnd = conv.rounder() if conv is not None else _same
        out = [np.asarray(x, dtype=np.float64)]
        net = []
        for l, layer in enumerate(self.layers):
            W = layer.W if arrays is None else arrays[2 * l]
            b = layer.b if arrays is None else arrays[2 * l + 1]
            z = out[-1] @ W.T
            if len(b):
                z += layer.bias_vector(b)
            z = rnd(z)
            net.append(z)
            a = rnd(layer.activation.f(z))
            if drop is not None and drop[l] is not None:
                a = a * drop[l]
            out.append(a)
        return net, out

    def backward(self, net: list[np.ndarray], out: list[np.ndarray], t: np.ndarray,
                 arrays: list[np.ndarray] | None = None, drop=None,
                 conv: "Convention | None" = None) -> Pass:
        """The chain rule from the loss back to every parameter (BP1–BP4)."""
        t = np.asarray(t, dtype=np.float64)
        rnd = conv.rounder() if conv is not None else _same
        L = len(self.layers)
        y = out[-1]
        err: list = [None] * L
        dout: list = [None] * L
        delta: list = [None] * L
        nabla_w: list = [None] * L
        nabla_b: list = [None] * L
        w_back: list = [None] * L
        err[-1] = rnd(self.loss.grad(y, t))                 # ∂E/∂y: the output 校对误差
        for l in reversed(range(L)):
            layer = self.layers[l]
            act = layer.activation
            W = layer.W if arrays is None else arrays[2 * l]
            a = out[l + 1]
            e = err[l]
            if drop is not None and drop[l] is not None:
                a = act.f(net[l])                       # the output before dropout
                e = e * drop[l]
            if act.elementwise:
                dout[l] = rnd(act.d(net[l], a))
            if l == L - 1 and self.fused_softmax_ce:
                delta[l] = rnd(y * t.sum(axis=-1, keepdims=True) - t)
            elif act.elementwise:
                delta[l] = rnd(e * dout[l])                                     # BP1
            else:
                delta[l] = rnd(act.jvp(net[l], a, e))                           # BP1 (Jacobian)
            below = net[l - 1] if conv is not None and conv.net_for_out and l > 0 else out[l]
            nabla_w[l] = rnd(delta[l].T @ below)                                # BP4
            if layer.mask is not None:
                nabla_w[l] = nabla_w[l] * layer.mask
            nabla_b[l] = rnd(delta[l].sum(axis=0) @ layer.B)                    # BP3
            w_back[l] = W
            if conv is not None and conv.sequential:    # BP2 with the already-updated weights
                w_back[l] = rnd(W - conv.lr * nabla_w[l])
            if l > 0:
                if conv is not None and conv.first_path_only:
                    err[l - 1] = rnd(delta[l][:, :1] @ w_back[l][:1, :])
                elif conv is not None and conv.bp2_from_gradients:
                    M = layer.mask if layer.mask is not None else np.ones_like(W)
                    err[l - 1] = rnd((delta[l] @ M) * out[l])           # Σ_K ∂E/∂w(N→K)
                elif conv is not None and conv.round_to is not None:
                    err[l - 1] = rnd(err_paths(delta[l], w_back[l], rnd).sum(axis=1))
                else:
                    err[l - 1] = delta[l] @ w_back[l]                           # BP2
        if self.loss.splits:
            parts = rnd(self.loss.parts(y, t))
            total = rnd(parts.sum(axis=-1))
        else:
            parts, total = None, rnd(self.loss.value(y, t))
        return Pass(net, out, parts, total, err, dout, delta, nabla_w, nabla_b, w_back)

    def run(self, x: np.ndarray, t: np.ndarray, arrays=None, conv: Convention | None = None) -> Pass:
        net, out = self.forward(np.atleast_2d(x), arrays, conv=conv)
        return self.backward(net, out, np.atleast_2d(t), arrays, conv=conv)

    def predict(self, x: np.ndarray, arrays=None, chunk: int = 4096) -> np.ndarray:
        """The outputs only, in chunks of rows (no intermediates kept: bounded memory)."""
        x = np.atleast_2d(np.asarray(x, dtype=np.float64))
        parts = [self.forward(x[start:start + chunk], arrays)[1][-1]
                 for start in range(0, len(x), chunk)]
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    def losses(self, x: np.ndarray, t: np.ndarray, arrays=None) -> np.ndarray:
        """Per-sample loss, forward only."""
        return self.loss.value(self.predict(x, arrays), np.atleast_2d(t))

    def gradient_arrays(self, p: Pass) -> list[np.ndarray]:
        """The gradients in the order of :meth:`arrays`."""
        out = []
        for l in range(len(self.layers)):
            out += [p.nabla_w[l], p.nabla_b[l]]
        return out

    def grad(self, p: Pass, param: Param) -> float:
        arr = p.nabla_w[param.layer] if param.kind == "w" else p.nabla_b[param.layer]
        return float(arr[param.index])

    def updated_arrays(self, grads: list[np.ndarray], lr: float,
                       conv: Convention | None = None) -> list[np.ndarray]:
        """P − η·∂E/∂P for every trained parameter (frozen biases unchanged)."""
        rnd = conv.rnd if conv is not None else _same
        return [a if m is not None and np.all(m == 0) else rnd(a - lr * (g if m is None else m * g))
                for a, g, m in zip(self.arrays(), grads, self.trainable_masks())]


KINKED = ("relu", "leaky_relu")


def numeric_gradients(net: Network, x: np.ndarray, t: np.ndarray,
                      rel_step: float = 1e-5) -> dict[str, tuple[float, bool]]:
    """Central finite differences (E(P+h) − E(P−h)) / 2h of the summed loss, per parameter,
    and whether the two evaluations fall on different sides of a relu kink (where a finite
    difference does not measure the one-sided derivative backprop uses).

    The step is chosen per parameter, relative to its size: h = rel_step·max(1, |P|).
    """
    base = net.copy_arrays()
    kinked = [l for l, layer in enumerate(net.layers) if layer.activation.name.startswith(KINKED)]
    result = {}
    for p in net.params:
        ai = 2 * p.layer + (0 if p.kind == "w" else 1)
        idx = p.index
        h = rel_step * max(1.0, abs(base[ai][idx]))
        plus = [a.copy() for a in base]
        minus = [a.copy() for a in base]
        plus[ai][idx] += h
        minus[ai][idx] -= h
        z_plus, out_plus = net.forward(np.atleast_2d(x), plus)
        z_minus, out_minus = net.forward(np.atleast_2d(x), minus)
        e_plus = float(np.sum(net.loss.value(out_plus[-1], np.atleast_2d(t))))
        e_minus = float(np.sum(net.loss.value(out_minus[-1], np.atleast_2d(t))))
        kink = any(np.any((np.sign(z_plus[l]) != np.sign(z_minus[l])) & (z_plus[l] != z_minus[l]))
                   for l in kinked)
        result[p.name] = ((e_plus - e_minus) / (2 * h), kink)
    return result


def gradient_check(net: Network, x: np.ndarray, t: np.ndarray, pass_: Pass | None = None):
    """Compare backprop's ∂E/∂P with central finite differences.

    Returns (worst relative error away from relu kinks, the parameter where it occurs,
    {name: (analytic, numeric, relative error, at a kink)}). The relative error is
    |a − n| / max(|a| + |n|, 1e-4): a finite difference carries round-off of about 1e-12,
    so gradients below 1e-4 are compared against that floor instead of their own size.
    """
    p = pass_ if pass_ is not None else net.run(x, t)
    numeric = numeric_gradients(net, x, t)
    rows = {}
    worst, where = 0.0, ""
    for param in net.params:
        a = net.grad(p, param)
        n, kink = numeric[param.name]
        rel = abs(a - n) / max(abs(a) + abs(n), 1e-4)
        rows[param.name] = (a, n, rel, kink)
        if not kink and (rel > worst or not where):
            worst, where = rel, param.name
    return worst, where, rows
