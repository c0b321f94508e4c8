"""The network and its maths: forward pass, chain-rule backward pass, update. Pure numpy;
nothing here prints or formats.

Notation (the 《神经网络》 blog post §5, Nielsen's network.py): for layer l with weights W (row j = neuron j,
column k = node k of the layer below) and bias vector b,

    net  = W·a_prev + b                      (eq. 18)      forward
    out  = f(net)                            (eq. 19)
    err  = ∂E/∂out                           the 校对误差 of the lecture slides
    delta = ∂E/∂net = err ⊙ f'(net)          (BP1, eq. 20/21; softmax: the Jacobian)
    err_prev = Wᵀ·delta                      (BP2, eq. 22)
    nabla_b = delta (summed per bias name)   (BP3, eq. 25/26)
    nabla_w = delta·a_prevᵀ                  (BP4, eq. 23/24)

Every function takes a batch: rows are samples. Gradients are sums over the batch rows;
``mean_gradients`` divides by the batch size (the blog post's eq. 17).
"""

from __future__ import annotations

from functools import cached_property

import numpy as np

from bptrace.maths.conventions import Convention, _same, hand_round  # noqa: F401 (re-exported)
from bptrace.maths.losses import Loss
from bptrace.maths.parts import BatchStep, Layer, Param, Pass, err_paths  # noqa: F401 (re-exported)


def _no_pin(kind, l, arr, sign=1.0):
    return arr


class Network:
    def __init__(self, inputs: list[str], layers: list[Layer], loss: Loss,
                 train_biases: bool = True, error_signal: str = "gradient",
                 update: str = "simultaneous"):
        self.inputs = inputs
        # how err/err.N.K/delta are reported (textbook notation): "gradient" ∂E/∂· or "negative" −∂E/∂·;
        # the maths below always computes the gradient
        self.error_signal = error_signal
        # the weights BP2 passes a layer's error back through (interface contract §6): "simultaneous", those
        # of the forward pass; "sequential", those of the layer above as already updated in this
        # step (W − η·∂E/∂W, the batch's mean gradient) — a method some books print
        self.update = update
        self.layers = layers
        self.loss = loss
        self.train_biases = train_biases
        # cross-entropy on a softmax output: delta = y·Σt − t exactly (no −t/y · y round trip)
        self.fused_softmax_ce = (loss.needs_softmax and layers[-1].activation.name == "softmax")

    @cached_property
    def params(self) -> list[Param]:
        """Every parameter by name, in order (made when first asked for: a picture or a JSON
        stream of a 784-784-10 net never needs 623,290 records)."""
        params = []
        for l, layer in enumerate(self.layers):
            params += [Param(name, l, "w", jk, True) for jk, name in layer.weight_names.items()]
            params += [Param(name, l, "b", (i,), self.train_biases)
                       for i, name in enumerate(layer.bias_names)]
        return params

    @cached_property
    def param_by_name(self) -> dict[str, Param]:
        return {p.name: p for p in self.params}

    @property
    def sequential(self) -> bool:
        """Whether BP2 uses the weights above as already updated (``update: sequential``)."""
        return self.update == "sequential"

    @property
    def error_sign(self) -> float:
        """+1 where err/delta are reported as ∂E/∂·, −1 where as −∂E/∂· (Haykin, Han)."""
        return -1.0 if self.error_signal == "negative" else 1.0

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
                conv: "Convention | None" = None, stage: str = ""):
        """net = W·a + b, out = f(net), layer by layer (eq. 18–19). x: (B, m0).

        ``drop`` (training only): per layer None or a (B, n) factor applied to the outputs
        (inverted dropout); then out holds the outputs after dropout. ``conv``: a
        :class:`Convention` other than the textbook-correct one (rounding, …); ``stage``
        "new." for the pass after the update (printed values pinned as new.net/new.out)."""
        rnd = conv.rounder() if conv is not None else _same
        pin = conv.pin if conv is not None else _no_pin
        out = [np.asarray(x, dtype=np.float64)]
        net = []
        for l, layer in enumerate(self.layers):
            W = layer.W if arrays is None else arrays[2 * l]
            b = layer.b if arrays is None else arrays[2 * l + 1]
            z = out[-1] @ W.T
            if len(b):
                z += layer.bias_vector(b)
            z = pin(stage + "net", l, rnd(z))
            net.append(z)
            a = pin(stage + "out", l, rnd(layer.activation.f(z)))
            if drop is not None and drop[l] is not None:
                a = a * drop[l]
            out.append(a)
        return net, out

    def backward(self, net: list[np.ndarray], out: list[np.ndarray], t: np.ndarray,
                 arrays: list[np.ndarray] | None = None, drop=None,
                 conv: "Convention | None" = None, lr: float | None = None) -> Pass:
        """The chain rule from the loss back to every parameter (BP1–BP4). ``lr``: the step's
        learning rate, which a sequential update (``update: sequential``) needs."""
        t = np.asarray(t, dtype=np.float64)
        if self.sequential and lr is None:
            raise ValueError("a sequential update needs the step's learning rate")
        rnd = conv.rounder() if conv is not None else _same
        pin = conv.pin if conv is not None else _no_pin
        sign = self.error_sign          # printed err/delta values are in the reported sign
        L = len(self.layers)
        y = out[-1]
        err: list = [None] * L
        dout: list = [None] * L
        delta: list = [None] * L
        nabla_w: list = [None] * L
        nabla_b: list = [None] * L
        w_back: list = [None] * L
        # exact values from the logits (finite where y saturates); a hand calculation
        # (``conv``) goes the textbook's way, from its rounded outputs
        stable = self.loss.logits_form(self.layers[-1].activation.name) if conv is None else None
        if stable is not None:                              # ∂E/∂y from the logits: finite
            err[-1] = rnd(stable.grad(net[-1], y, t))       # where y saturates
        else:
            y_e = y if conv is None or not conv.pins_kind("e") else t - pin("e", L - 1, t - y)
            err[-1] = rnd(self.loss.grad(y_e, t))           # ∂E/∂y: the output 校对误差
        err[-1] = pin("err", L - 1, err[-1], sign)
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
                dout[l] = pin("dout", l, rnd(act.d(net[l], a)))
            if l == L - 1 and self.fused_softmax_ce:
                delta[l] = rnd(y * t.sum(axis=-1, keepdims=True) - t)
            elif l == L - 1 and stable is not None:
                delta[l] = stable.delta(net[l], y, t)                           # ∂E/∂z
            elif act.elementwise:
                delta[l] = rnd(e * dout[l])                                     # BP1
            else:
                delta[l] = rnd(act.jvp(net[l], a, e))                           # BP1 (Jacobian)
            delta[l] = pin("delta", l, delta[l], sign)
            below = net[l - 1] if conv is not None and conv.net_for_out and l > 0 else out[l]
            nabla_w[l] = rnd(delta[l].T @ below)                                # BP4
            if layer.mask is not None:
                nabla_w[l] = nabla_w[l] * layer.mask
            nabla_w[l] = pin("grad_w", l, nabla_w[l])
            nabla_b[l] = rnd(layer.bias_sign * layer.bias_grad(delta[l].sum(axis=0)))  # BP3 (θ: −δ)
            nabla_b[l] = pin("grad_b", l, nabla_b[l])
            w_back[l] = W
            if self.sequential:         # BP2 with the weights as already updated in this step
                w_back[l] = rnd(W - lr * (nabla_w[l] * (1.0 / len(delta[l]))))
            if l > 0:
                if conv is not None and conv.first_path_only:
                    err[l - 1] = rnd(delta[l][:, :1] @ w_back[l][:1, :])
                elif conv is not None and conv.bp2_from_gradients:
                    M = layer.mask if layer.mask is not None else np.ones_like(W)
                    err[l - 1] = rnd((delta[l] @ M) * out[l])           # Σ_K ∂E/∂w(N→K)
                elif conv is not None and (conv.round_to is not None or conv.pins_paths(l)):
                    paths = pin("path", l, err_paths(delta[l], w_back[l], rnd), sign)
                    err[l - 1] = rnd(paths.sum(axis=-2))
                else:
                    err[l - 1] = delta[l] @ w_back[l]                           # BP2
                err[l - 1] = pin("err", l - 1, err[l - 1], sign)
        parts, total = self.loss_of(y, t, conv, z=net[-1])
        return Pass(net, out, parts, total, err, dout, delta, nabla_w, nabla_b, w_back)

    def loss_of(self, y: np.ndarray, t: np.ndarray, conv: "Convention | None" = None,
                stage: str = "", z: np.ndarray | None = None):
        """E for outputs y against targets t: (each output's share or None, the total per
        sample), rounded as ``conv`` rounds; from the logits ``z`` where given and the loss
        has a stable form for the output activation."""
        rnd = conv.rounder() if conv is not None else _same
        pin = conv.pin if conv is not None else _no_pin
        t = np.atleast_2d(np.asarray(t, dtype=np.float64))
        stable = (self.loss.logits_form(self.layers[-1].activation.name)
                  if z is not None and conv is None else None)
        if self.loss.splits:
            parts = pin(stage + "loss_part", 0, rnd(stable.parts(z, t) if stable is not None
                                                     else self.loss.parts(y, t)))
            return parts, pin(stage + "loss", 0, rnd(parts.sum(axis=-1)))
        return None, pin(stage + "loss", 0, rnd(self.loss.value(y, t)))

    def after_update(self, x: np.ndarray, t: np.ndarray, arrays: list[np.ndarray],
                     conv: "Convention | None" = None):
        """The same sample forward again with the new parameters: (net inputs per layer,
        outputs per layer, loss shares or None, loss per sample)."""
        net, out = self.forward(np.atleast_2d(x), arrays, conv=conv, stage="new.")
        parts, total = self.loss_of(out[-1], t, conv, stage="new.", z=net[-1])
        return net, out, parts, total

    def out_jacobian(self, p: Pass, l: int, row: int = 0) -> np.ndarray:
        """J^l = ∂out^l/∂out^(l−1) for one sample (rows: layer l, columns: the layer below):
        the local derivative ∂out/∂net (diagonal f′, or softmax's diag(a) − a·aᵀ) times the
        weights BP2 uses, so that err^(l−1) = err^l·J^l."""
        if self.layers[l].activation.elementwise:
            local = np.diag(p.dout[l][row])
        else:
            a = p.out[l + 1][row]
            local = np.diag(a) - np.outer(a, a)
        return local @ p.w_back[l]

    def run(self, x: np.ndarray, t: np.ndarray, arrays=None, conv: Convention | None = None,
            lr: float | None = None) -> Pass:
        net, out = self.forward(np.atleast_2d(x), arrays, conv=conv)
        return self.backward(net, out, np.atleast_2d(t), arrays, conv=conv, lr=lr)

    def predict(self, x: np.ndarray, arrays=None, chunk: int = 4096) -> np.ndarray:
        """The outputs only, in chunks of rows (no intermediates kept: bounded memory)."""
        x = np.atleast_2d(np.asarray(x, dtype=np.float64))
        parts = [self.forward(x[start:start + chunk], arrays)[1][-1]
                 for start in range(0, len(x), chunk)]
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    def losses(self, x: np.ndarray, t: np.ndarray, arrays=None, chunk: int = 4096) -> np.ndarray:
        """Per-sample loss, forward only (in chunks of rows; from the logits where stable)."""
        x = np.atleast_2d(np.asarray(x, dtype=np.float64))
        t = np.atleast_2d(np.asarray(t, dtype=np.float64))
        parts = []
        for start in range(0, len(x), chunk):
            net, out = self.forward(x[start:start + chunk], arrays)
            parts.append(self.loss_of(out[-1], t[start:start + chunk], None, z=net[-1])[1])
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    def mean_gradients(self, p: Pass) -> list[np.ndarray]:
        """The gradients averaged over the batch rows (the blog post's eq. 17), in the order of
        :meth:`arrays`."""
        n = len(p.loss)
        return [g / n for g in self.gradient_arrays(p)]

    def batch_step(self, X: np.ndarray, T: np.ndarray, lr: float) -> "BatchStep":
        """One update with the mean gradient of the rows of X, and each row's loss after it."""
        p = self.run(X, T, lr=lr)
        mean = self.mean_gradients(p)
        new_arrays = self.updated_arrays(mean, lr)
        return BatchStep(mean, new_arrays, p.loss, self.losses(X, T, new_arrays))

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
        """P − η·∂E/∂P for every trained parameter (frozen biases unchanged); where printed
        values are pinned, the change Δ = new − P and then the new value as printed."""
        rnd = conv.rnd if conv is not None else _same
        new = [a if m is not None and np.all(m == 0) else rnd(a - lr * (g if m is None else m * g))
               for a, g, m in zip(self.arrays(), grads, self.trainable_masks())]
        if conv is None or not conv.pins:
            return new
        out = []
        for i, (a, n) in enumerate(zip(self.arrays(), new)):
            kind, l = ("w" if i % 2 == 0 else "b"), i // 2
            n = a + conv.pin("change_" + kind, l, n - a)
            out.append(conv.pin("new_" + kind, l, n))
        return out
