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


class Loss:
    __slots__ = ("name", "parts", "grad", "formula", "part_formula", "grad_formula",
                 "needs_softmax", "_value")

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
COSINE = Loss("cosine", None, _cosine_grad, "E = 1 − cos(t, y) = 1 − t·y/(|t|·|y|)", None,
              "−t/(|t|·|y|) + (t·y)·{y}/(|t|·|y|³)", value=_cosine_value)
LOGCOSH = Loss("logcosh", lambda y, t: _logcosh(y - t), lambda y, t: np.tanh(y - t),
               "E = Σ ln cosh(y − t)", "ln cosh({y} − {t})", "tanh({y} − {t})")

LOSSES: dict[str, Loss] = {l.name: l for l in (HALF_SSE, SSE, MSE, CROSS_ENTROPY,
                                                 BINARY_CROSS_ENTROPY, KL_DIVERGENCE, COSINE,
                                                 LOGCOSH)}


def get_loss(name: str) -> Loss:
    if name not in LOSSES:
        from bptrace.config.hints import unknown
        raise unknown("loss", name, LOSSES)
    return LOSSES[name]
