"""Loss functions for one sample: each a small object with the value per output (where
the loss splits by output), the total, the derivative ∂E/∂out (the 校对误差 of the output
layer, the course slides) and the formula text. Looked up by name in :data:`LOSSES`.

Arrays: ``y`` outputs and ``t`` targets, shape (n,) or (batch, n); sums run over the last
axis (the outputs of one sample).
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from bptrace.errors import BadInput


class InLogits:
    """A loss written in the output layer's net input z (the logits) for one output
    activation: the same values as in y = f(z), computed without forming ln y, ln(1 − y) or
    1/(y·(1 − y)), so a saturated output (y = 1.0 exactly) stays finite. ``parts(z, t)`` each
    output's share, ``grad(z, y, t)`` ∂E/∂y, ``delta(z, y, t)`` ∂E/∂z."""
    __slots__ = ("parts", "grad", "delta")

    def __init__(self, parts, grad, delta):
        self.parts, self.grad, self.delta = parts, grad, delta


class Loss:
    __slots__ = ("name", "parts", "grad", "formula", "part_formula", "grad_formula",
                 "needs_softmax", "_value", "in_logits", "target_range")

    def __init__(self, name: str, parts: Callable[[np.ndarray, np.ndarray], np.ndarray] | None,
                 grad: Callable[[np.ndarray, np.ndarray], np.ndarray], formula: str,
                 part_formula: str | None, grad_formula: str, needs_softmax: bool = False,
                 value: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None):
        self.name = name
        self.parts = parts                  # per output, sums to the total
        self.grad = grad                    # ∂E/∂y
        self.formula = formula              # E = …  (in y, t)
        self.part_formula = part_formula    # loss.O = …, with {y} and {t}
        self.grad_formula = grad_formula    # err.O = ∂E/∂out.O = …, with {y} and {t}
        self.needs_softmax = needs_softmax
        self._value = value                 # for a loss that does not split by output
        self.in_logits: dict[str, InLogits] = {}   # by output activation: the stable form
        self.target_range: tuple[float, float] | None = None     # targets must lie within

    def logits_form(self, activation: str) -> "InLogits | None":
        """The stable form of this loss after that output activation, where there is one."""
        return self.in_logits.get(activation)

    def targets_problem(self, t: np.ndarray) -> dict | None:
        """Why these targets do not suit the loss, as the arguments of the message "loss
        targets" (None where they suit it)."""
        t = np.asarray(t, dtype=np.float64)
        if self.target_range is not None and t.size:
            lo, hi = self.target_range
            bad = t[(t < lo) | (t > hi)]
            if bad.size:
                return {"loss": self.name, "lo": f"{lo:g}", "hi": f"{hi:g}",
                        "value": f"{float(bad[0]):g}"}
        return None

    @property
    def splits(self) -> bool:
        """Whether the loss is a sum of one share per output (then loss.O exists)."""
        return self.parts is not None

    def value(self, y: np.ndarray, t: np.ndarray) -> np.ndarray:
        if self.parts is None:
            return self._value(y, t)
        return self.parts(y, t).sum(axis=-1)


def _xlogy(x, y):
    """x·ln y with 0·ln 0 = 0 (the target-0 terms of a cross-entropy vanish)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x == 0, 0.0, x * np.log(np.where(x == 0, 1.0, y)))


def _n(y):
    return y.shape[-1]


HALF_SSE = Loss("half_sse", lambda y, t: 0.5 * (t - y) ** 2, lambda y, t: y - t,
                "E = Σ ½(t − y)²", "½({t} − {y})²", "{y} − {t}")
SSE = Loss("sse", lambda y, t: (t - y) ** 2, lambda y, t: 2.0 * (y - t),
           "E = Σ (t − y)²", "({t} − {y})²", "2·({y} − {t})")
MSE = Loss("mse", lambda y, t: (t - y) ** 2 / _n(y), lambda y, t: 2.0 * (y - t) / _n(y),
           "E = (1/n) Σ (t − y)²", "({t} − {y})²/{n}", "2·({y} − {t})/{n}")
CROSS_ENTROPY = Loss(
    "cross_entropy", lambda y, t: -_xlogy(t, y),
    lambda y, t: np.where(t == 0, 0.0, -t / np.where(t == 0, 1.0, y)),
    "E = −Σ t·ln y", "−{t}·ln {y}", "−{t}/{y}", needs_softmax=True)
BINARY_CROSS_ENTROPY = Loss(
    "binary_cross_entropy", lambda y, t: -(_xlogy(t, y) + _xlogy(1.0 - t, 1.0 - y)),
    lambda y, t: (y - t) / (y * (1.0 - y)),
    "E = −Σ [t·ln y + (1−t)·ln(1−y)]", "−[{t}·ln {y} + (1−{t})·ln(1−{y})]",
    "({y} − {t})/({y}·(1−{y}))")

def _softplus(z):
    """ln(1 + e^z) without overflow."""
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def _bce_grad_in_logits(z, y, t):
    """(y − t)/(y·(1 − y)) with 1/(σ(z)·(1 − σ(z))) = 2 + e^z + e^(−z)."""
    with np.errstate(over="ignore", invalid="ignore"):
        return np.where(y == t, 0.0, (y - t) * (2.0 + np.exp(z) + np.exp(-z)))


def _log_softmax(z):
    m = np.max(z, axis=-1, keepdims=True)
    return z - m - np.log(np.sum(np.exp(z - m), axis=-1, keepdims=True))


def _ce_grad_in_logits(z, y, t):
    """−t/y with 1/y = e^(−ln y), ln y from the logits."""
    with np.errstate(over="ignore"):
        return np.where(t == 0, 0.0, -t * np.exp(-_log_softmax(z)))


BINARY_CROSS_ENTROPY.in_logits["sigmoid"] = InLogits(
    lambda z, t: _softplus(z) - t * z, _bce_grad_in_logits, lambda z, y, t: y - t)
BINARY_CROSS_ENTROPY.target_range = (0.0, 1.0)
CROSS_ENTROPY.in_logits["softmax"] = InLogits(
    lambda z, t: np.where(t == 0, 0.0, -t * _log_softmax(z)), _ce_grad_in_logits,
    lambda z, y, t: y * t.sum(axis=-1, keepdims=True) - t)


def _logcosh(x):
    """ln cosh x, without overflow: |x| + ln(1 + e^(−2|x|)) − ln 2."""
    a = np.abs(x)
    return a + np.log1p(np.exp(-2.0 * a)) - np.log(2.0)


def _cos(y, t):
    ny = np.linalg.norm(y, axis=-1, keepdims=True)
    nt = np.linalg.norm(t, axis=-1, keepdims=True)
    return np.sum(y * t, axis=-1, keepdims=True), ny, nt


def _cosine_value(y, t):
    dot, ny, nt = _cos(y, t)
    return (1.0 - dot / (ny * nt))[..., 0]


def _cosine_grad(y, t):
    dot, ny, nt = _cos(y, t)
    return -(t / (ny * nt) - dot * y / (ny ** 3 * nt))


KL_DIVERGENCE = Loss(
    "kl_divergence", lambda y, t: _xlogy(t, t) - _xlogy(t, y),
    lambda y, t: np.where(t == 0, 0.0, -t / np.where(t == 0, 1.0, y)),
    "E = Σ t·ln(t/y)  (0·ln 0 = 0)", "{t}·ln({t}/{y})", "−{t}/{y}")
KERAS_EPSILON = 1e-7         # Keras' backend epsilon: its KLD clips t and y into [ε, 1]


def _clip(v):
    return np.clip(v, KERAS_EPSILON, 1.0)


# kl_divergence as Keras computes it (the course slides print its values: 0.07447962)
KL_DIVERGENCE_KERAS = Loss(
    "kl_divergence", lambda y, t: _clip(t) * np.log(_clip(t) / _clip(y)),
    lambda y, t: np.where((y > KERAS_EPSILON) & (y < 1.0), -_clip(t) / _clip(y), 0.0),
    "E = Σ t·ln(t/y), t and y clipped into [1e-7, 1] (Keras)", "{t}·ln({t}/{y})", "−{t}/{y}")
COSINE = Loss("cosine", None, _cosine_grad, "E = 1 − cos(t, y) = 1 − t·y/(|t|·|y|)", None,
              "−t/(|t|·|y|) + (t·y)·{y}/(|t|·|y|³)", value=_cosine_value)
LOGCOSH = Loss("logcosh", lambda y, t: _logcosh(y - t), lambda y, t: np.tanh(y - t),
               "E = Σ ln cosh(y − t)", "ln cosh({y} − {t})", "tanh({y} − {t})")

LOSSES: dict[str, Loss] = {l.name: l for l in (HALF_SSE, SSE, MSE, CROSS_ENTROPY,
                                                 BINARY_CROSS_ENTROPY, KL_DIVERGENCE, COSINE,
                                                 LOGCOSH)}


def get_loss(name: str) -> Loss:
    if name not in LOSSES:
        from bptrace.errors import unknown
        raise unknown("loss", name, LOSSES)
    return LOSSES[name]
