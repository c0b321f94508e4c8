"""The training update specialised at the start of training: for dense layers (every edge
present), plain SGD, no L2, no dropout and the textbook's maths, each update is only the
forward pass, BP1–BP4 and P ← P − η·g, with the same floating-point operations in the same
order as :meth:`Network.forward` / :meth:`Network.backward` (the same numbers to the last
bit), none of the general engine's masks, conventions or per-update records. A loss with a
form in the logits (cross-entropy after softmax, binary cross-entropy after sigmoid) is
computed from them, as the general engine computes it.
Nothing here prints."""

from __future__ import annotations

from typing import Callable

import numpy as np


def _textbook(conv) -> bool:
    """No convention, or one with every option at its textbook default (η aside)."""
    if conv is None:
        return True
    from bptrace.maths.conventions import Convention
    return vars(conv) == vars(Convention())


def plain_update(net, s, conv) -> Callable[[np.ndarray, np.ndarray, float, Callable], float] | None:
    """An update function (xb, tb, η, watch) → the batch's mean loss (``watch(loss)`` is
    called before the parameters change, as the general engine does), or None where training needs
    the general engine (masks, another optimizer, L2, dropout, a convention)."""
    if not _textbook(conv) or s.optimizer != "sgd" or net.sequential:
        return None
    if any(v > 0 for v in s.l2.values()) or any(v > 0 for v in s.dropout.values()):
        return None
    layers = net.layers
    if any(layer.mask is not None for layer in layers):
        return None
    L = len(layers)
    Ws = [layer.W for layer in layers]
    bs = [layer.b for layer in layers]
    has_b = [len(b) > 0 for b in bs]
    bias_vector = [layer.bias_vector for layer in layers]   # thresholds: −θ
    bias_grad = [layer.bias_grad for layer in layers]
    sign = [layer.bias_sign for layer in layers]
    acts = [layer.activation for layer in layers]
    f = [a.f for a in acts]
    d = [a.d for a in acts]
    elementwise = [a.elementwise for a in acts]
    jvp = [a.jvp for a in acts]
    loss = net.loss
    fused = net.fused_softmax_ce
    stable = loss.logits_form(acts[-1].name)     # BCE/CE from the logits (finite where y saturates)
    splits = loss.splits
    train_b = net.train_biases

    # biases that do not train: their bias vector (eq. 18's b) made once, not every update
    fixed = [bias_vector[l](bs[l]) if has_b[l] and not train_b else None for l in range(L)]

    def update(xb: np.ndarray, tb: np.ndarray, eta: float, watch: Callable) -> float:
        out = [np.asarray(xb, dtype=np.float64)]
        zs = []
        for l in range(L):                                   # eq. 18–19
            z = out[-1] @ Ws[l].T
            if has_b[l]:
                z += bias_vector[l](bs[l]) if fixed[l] is None else fixed[l]
            zs.append(z)
            out.append(f[l](z))
        y = out[-1]
        t = np.asarray(tb, dtype=np.float64)
        per = _per_sample(loss, stable, splits, zs[-1], y, t)
        bl = float(np.add.reduce(per) / len(per))                # the batch mean
        k = 1.0 / len(xb)
        e = loss.grad(y, t) if stable is None else None      # (from the logits: δ needs no ∂E/∂y)
        grads = [None] * (2 * L)
        for l in reversed(range(L)):
            if l == L - 1 and fused:
                delta = y * t.sum(axis=-1, keepdims=True) - t
            elif l == L - 1 and stable is not None:
                delta = stable.delta(zs[l], y, t)                            # ∂E/∂z
            elif elementwise[l]:
                delta = e * d[l](zs[l], out[l + 1])                          # BP1
            else:
                delta = jvp[l](zs[l], out[l + 1], e)
            grads[2 * l] = delta.T @ out[l]                                  # BP4
            if train_b and has_b[l]:
                grads[2 * l + 1] = sign[l] * bias_grad[l](delta.sum(axis=0))   # BP3 (θ: −δ)
            if l > 0:
                e = delta @ Ws[l]                                            # BP2
        watch(bl)
        for l in range(L):                                   # P ← P − η·g (g: the batch mean)
            for P, g in ((Ws[l], grads[2 * l]), (bs[l], grads[2 * l + 1])):
                if g is not None:           # η·(g·k), in the gradient's own array
                    g *= k
                    g *= eta
                    P -= g
        return bl

    return update


def _per_sample(loss, stable, splits: bool, z, y, t):
    """Each sample's loss as :meth:`Network.loss_of` makes it (from the logits z where the
    loss has a form in them and splits into each output's share)."""
    if splits:
        return (stable.parts(z, t) if stable is not None else loss.parts(y, t)).sum(axis=-1)
    return loss.value(y, t)


def plain_mean_loss(net) -> Callable[[np.ndarray, np.ndarray], float]:
    """(X, T) → the mean loss over the rows, the same numbers as :func:`train.mean_loss`
    (forward in chunks of 4096 rows, as :meth:`Network.predict`) without its per-call
    checks."""
    layers = net.layers
    # during training (where this is made) untrained biases stay: their vector is made once
    parts = [(layer.W, layer.b, len(layer.b) > 0, layer.bias_vector, layer.activation.f,
              layer.bias_vector(layer.b) if len(layer.b) and not net.train_biases else None)
             for layer in layers]
    loss = net.loss
    stable = loss.logits_form(layers[-1].activation.name)

    def losses(a, t):
        for W, b, has_b, bias_vector, f, fixed in parts:
            z = a @ W.T
            if has_b:
                z += bias_vector(b) if fixed is None else fixed
            a = f(z)
        return _per_sample(loss, stable, loss.splits, z, a, t)

    def mean_loss(X: np.ndarray, T: np.ndarray) -> float:
        n = len(X)
        if n <= 4096:
            per = losses(X, T)
        else:
            per = np.concatenate([losses(X[s:s + 4096], T[s:s + 4096]) for s in range(0, n, 4096)])
        return float(np.add.reduce(per) / len(per))

    return mean_loss
