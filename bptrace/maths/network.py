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

from bptrace.maths.losses import Loss
from bptrace.maths.parts import BatchStep, Layer, Param, Pass, err_paths  # noqa: F401 (re-exported)


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

    def copy(self) -> "Network":
        """A copy to change (a diagnosis variant): its own layers, parameter arrays and
        parameter records; what is only ever replaced, never changed in place (names, masks,
        activations, the loss), shared."""
        import copy
        new = copy.copy(self)
        for cached in ("params", "param_by_name"):
            new.__dict__.pop(cached, None)
        new.layers = [copy.copy(layer) for layer in self.layers]
        for layer in new.layers:
            layer.W, layer.b = layer.W.copy(), layer.b.copy()
        return new

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
                stage: str = ""):
        """net = W·a + b, out = f(net), layer by layer (eq. 18–19). x: (B, m0).

        ``drop`` (training only): per layer None or a (B, n) factor applied to the outputs
        (inverted dropout); then out holds the outputs after dropout. ``stage``: "new." for
        the pass after the update (where a hand calculation pins printed values)."""
        out = [np.asarray(x, dtype=np.float64)]
        net = []
        for l in range(len(self.layers)):
            W, b = self.weights(l, arrays), self.biases(l, arrays)
            net.append(self.net_input(l, out[-1], W, b, stage))          # eq. 18
            a = self.activate(l, net[-1], stage)                           # eq. 19
            out.append(a if drop is None or drop[l] is None else a * drop[l])
        return net, out

    def backward(self, net: list[np.ndarray], out: list[np.ndarray], t: np.ndarray,
                 arrays: list[np.ndarray] | None = None, drop=None, lr: float | None = None) -> Pass:
        """The chain rule from the loss back to every parameter: BP1–BP4, from the output layer
        down. ``lr``: the step's learning rate, which a sequential update needs."""
        t = np.asarray(t, dtype=np.float64)
        if self.sequential and lr is None:
            raise ValueError("a sequential update needs the step's learning rate")
        L = len(self.layers)
        err, dout, delta, nabla_w, nabla_b, w_back = ([None] * L for _ in range(6))
        err[-1] = self.output_error(net[-1], out[-1], t)                   # ∂E/∂y
        for l in reversed(range(L)):
            a, e = out[l + 1], err[l]
            if drop is not None and drop[l] is not None:          # the output before dropout
                a, e = self.layers[l].activation.f(net[l]), e * drop[l]
            dout[l] = self.local_derivative(l, net[l], a)                  # f′(net)
            delta[l] = self.bp1(l, net[l], a, e, dout[l], out[-1], t)      # BP1
            nabla_w[l] = self.bp4(l, delta[l], net, out)                   # BP4
            nabla_b[l] = self.bp3(l, delta[l])                             # BP3
            w_back[l] = self.weights_back(l, self.weights(l, arrays), nabla_w[l], len(delta[l]), lr)
            if l > 0:
                err[l - 1] = self.bp2(l, delta[l], w_back[l], out)         # BP2
        parts, total = self.loss_of(out[-1], t, z=net[-1])
        return Pass(net, out, parts, total, err, dout, delta, nabla_w, nabla_b, w_back)

    # --- the steps (a hand calculation, maths.conventions.ByHand, overrides those it changes)
    def weights(self, l: int, arrays=None) -> np.ndarray:
        return self.layers[l].W if arrays is None else arrays[2 * l]

    def biases(self, l: int, arrays=None) -> np.ndarray:
        return self.layers[l].b if arrays is None else arrays[2 * l + 1]

    def net_input(self, l: int, a: np.ndarray, W: np.ndarray, b: np.ndarray, stage: str = ""):
        """net = W·a + b (eq. 18); a threshold θ is subtracted (the interface contract §6)."""
        z = a @ W.T
        if len(b):
            z += self.layers[l].bias_vector(b)
        return z

    def activate(self, l: int, z: np.ndarray, stage: str = ""):
        """out = f(net) (eq. 19)."""
        return self.layers[l].activation.f(z)

    def output_error(self, z: np.ndarray, y: np.ndarray, t: np.ndarray):
        """∂E/∂y, the output layer's 校对误差 — from the logits z where the loss has a form
        that stays finite where y saturates."""
        stable = self.loss.logits_form(self.layers[-1].activation.name)
        return stable.grad(z, y, t) if stable is not None else self.loss.grad(y, t)

    def local_derivative(self, l: int, z: np.ndarray, a: np.ndarray):
        """f′(net), elementwise (None for softmax, whose Jacobian BP1 applies whole)."""
        act = self.layers[l].activation
        return act.d(z, a) if act.elementwise else None

    def bp1(self, l: int, z, a, e, dout, y, t):
        """δ = ∂E/∂net = err ⊙ f′(net) (BP1, eq. 20/21); the output layer from the logits
        where that is exact (softmax with cross-entropy: δ = y·Σt − t)."""
        if l == len(self.layers) - 1:
            if self.fused_softmax_ce:
                return y * t.sum(axis=-1, keepdims=True) - t
            stable = self.loss.logits_form(self.layers[-1].activation.name)
            if stable is not None:
                return stable.delta(z, y, t)
        act = self.layers[l].activation
        return e * dout if act.elementwise else act.jvp(z, a, e)

    def bp2(self, l: int, delta, W_back, out):
        """err of the layer below = δ·W (BP2, eq. 22): each hidden error sums its paths."""
        return delta @ W_back

    def bp3(self, l: int, delta):
        """∂E/∂b = δ, summed over the batch and over the neurons sharing a bias (BP3, eq.
        25/26); a threshold θ, which is subtracted, gets −δ."""
        layer = self.layers[l]
        return layer.bias_sign * layer.bias_grad(delta.sum(axis=0))

    def bp4(self, l: int, delta, net, out):
        """∂E/∂w = δ·a_prevᵀ (BP4, eq. 23/24), summed over the batch; absent edges stay 0."""
        g = delta.T @ out[l]
        return g if self.layers[l].mask is None else g * self.layers[l].mask

    def weights_back(self, l: int, W, nabla_w, n: int, lr):
        """The weights BP2 passes the error back through: those of the forward pass, or with
        ``update: sequential`` those already updated in this step (W − η·mean ∂E/∂W)."""
        return W - lr * (nabla_w * (1.0 / n)) if self.sequential else W

    def loss_of(self, y: np.ndarray, t: np.ndarray, stage: str = "", z: np.ndarray | None = None):
        """E for outputs y against targets t: (each output's share or None, the total per
        sample); from the logits ``z`` where given and the loss has a stable form."""
        t = np.atleast_2d(np.asarray(t, dtype=np.float64))
        stable = self.loss.logits_form(self.layers[-1].activation.name) if z is not None else None
        if self.loss.splits:
            parts = stable.parts(z, t) if stable is not None else self.loss.parts(y, t)
            return parts, parts.sum(axis=-1)
        return None, self.loss.value(y, t)

    def after_update(self, x: np.ndarray, t: np.ndarray, arrays: list[np.ndarray]):
        """The same sample forward again with the new parameters: (net inputs per layer,
        outputs per layer, loss shares or None, loss per sample)."""
        net, out = self.forward(np.atleast_2d(x), arrays, stage="new.")
        parts, total = self.loss_of(out[-1], t, stage="new.", z=net[-1])
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

    def run(self, x: np.ndarray, t: np.ndarray, arrays=None, lr: float | None = None) -> Pass:
        net, out = self.forward(np.atleast_2d(x), arrays)
        return self.backward(net, out, np.atleast_2d(t), arrays, lr=lr)

    def chunk_rows(self) -> int:
        """The rows of a forward-only pass in one go: as many as keep each layer's arrays
        under 4 MiB (numpy asks the system for huge pages from there on, whose first use
        can cost a loss pass after training 1.6× its time; memory stays bounded too)."""
        return max(64, (1 << 22) // (8 * max(layer.size for layer in self.layers)))

    def predict(self, x: np.ndarray, arrays=None, chunk: int | None = None) -> np.ndarray:
        """The outputs only, in chunks of rows (no intermediates kept: bounded memory)."""
        x = np.atleast_2d(np.asarray(x, dtype=np.float64))
        chunk = chunk or self.chunk_rows()
        parts = [self.forward(x[start:start + chunk], arrays)[1][-1]
                 for start in range(0, len(x), chunk)]
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    def losses(self, x: np.ndarray, t: np.ndarray, arrays=None, chunk: int | None = None,
               outputs: bool = False):
        """Per-sample loss, forward only (in chunks of rows; from the logits where stable);
        ``outputs``: (the losses, the outputs :meth:`predict` gives) from the one pass."""
        x = np.atleast_2d(np.asarray(x, dtype=np.float64))
        t = np.atleast_2d(np.asarray(t, dtype=np.float64))
        parts, ys = [], []
        chunk = chunk or self.chunk_rows()
        for start in range(0, len(x), chunk):
            net, out = self.forward(x[start:start + chunk], arrays)
            parts.append(self.loss_of(out[-1], t[start:start + chunk], z=net[-1])[1])
            if outputs:
                ys.append(out[-1])
        per = parts[0] if len(parts) == 1 else np.concatenate(parts)
        if outputs:
            return per, ys[0] if len(ys) == 1 else np.concatenate(ys)
        return per

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

    def updated_arrays(self, grads: list[np.ndarray], lr: float) -> list[np.ndarray]:
        """P − η·∂E/∂P for every trained parameter (frozen biases unchanged)."""
        return [a if m is not None and np.all(m == 0) else a - lr * (g if m is None else m * g)
                for a, g, m in zip(self.arrays(), grads, self.trainable_masks())]
