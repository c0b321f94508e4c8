"""Activation functions: each a small object with the function, its derivative and the
formula text the trace prints. Looked up by name in :data:`ACTIVATIONS`.

``f(z)`` maps net inputs to outputs; ``d(z, a)`` is ∂out/∂net given both (the sigmoid's
derivative is cheapest from its output: a·(1−a)). Softmax is not elementwise: its
``jvp`` multiplies ∂E/∂out by the full Jacobian (the course slides' Jacobian, the 《神经网络》 post eq. 20).
All arrays are float64; ``z`` may be a vector or a batch (rows = samples).
"""

from __future__ import annotations

import re
from typing import Callable

import numpy as np

from bptrace.errors import BadInput


class Activation:
    """(Plain classes rather than dataclasses here and in the other modules: generating
    dataclass code costs start-up time that every command pays.)"""

    __slots__ = ("name", "f", "d", "formula", "derivative", "elementwise", "output_only", "param")

    def __init__(self, name: str, f: Callable[[np.ndarray], np.ndarray],
                 d: Callable[[np.ndarray, np.ndarray], np.ndarray] | None,
                 formula: str, derivative: str, elementwise: bool = True,
                 output_only: bool = False, param: float | None = None):
        self.name = name                # the registry name
        self.f = f                      # out = f(net)
        self.d = d                      # ∂out/∂net from (net, out); None: not elementwise
        self.formula = formula          # out = …, with {net} for the net input
        self.derivative = derivative    # ∂out/∂net = …, with {net} and {out}
        self.elementwise = elementwise
        self.output_only = output_only
        self.param = param              # leaky_relu's slope where not the default

    def replace(self, **changes) -> "Activation":
        kw = {k: getattr(self, k) for k in self.__slots__}
        kw.update(changes)
        return Activation(**kw)

    def jvp(self, z: np.ndarray, a: np.ndarray, err: np.ndarray) -> np.ndarray:
        """delta = ∂E/∂net from err = ∂E/∂out (BP1 / BP2's ⊙ f'(z), or the Jacobian)."""
        if self.elementwise:
            return err * self.d(z, a)
        # softmax: J_ij = a_i(δ_ij − a_j), so (Jᵀ err)_j = a_j (err_j − Σ_i err_i a_i)
        return a * (err - np.sum(err * a, axis=-1, keepdims=True))


def _sigmoid(z):
    e = np.exp(-np.abs(z))          # 1/(1+e) for z ≥ 0, e/(1+e) below: never exp of a large z
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def _softmax(z):
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def leaky_relu(slope: float = 0.01) -> Activation:
    return Activation(
        name="leaky_relu" if slope == 0.01 else f"leaky_relu({slope:g})",
        f=lambda z: np.where(z > 0, z, slope * z),
        # at exactly 0 the derivative is the slope, as in PyTorch
        d=lambda z, a: np.where(z > 0, 1.0, slope),
        formula=f"{{net}} if {{net}} > 0 else {slope:g}·{{net}}",
        derivative=f"1 if {{net}} > 0 else {slope:g}",
        param=None if slope == 0.01 else slope,
    )


SIGMOID = Activation("sigmoid", _sigmoid, lambda z, a: a * (1.0 - a),
                     "1/(1+e^(−{net}))", "{out}·(1−{out})")
TANH = Activation("tanh", np.tanh, lambda z, a: 1.0 - a * a,
                  "tanh({net})", "1−{out}²")
RELU = Activation("relu", lambda z: np.maximum(z, 0.0),
                  # at exactly 0 the derivative is 0, as in PyTorch (a 0/1 cast of the
                  # comparison: the numbers of np.where(z > 0, 1.0, 0.0) at a tenth of its time)
                  lambda z, a: (z > 0).astype(np.float64),
                  "max(0, {net})", "1 if {net} > 0 else 0")
SOFTSIGN = Activation("softsign", lambda z: z / (1.0 + np.abs(z)),
                      lambda z, a: 1.0 / (1.0 + np.abs(z)) ** 2,
                      "{net}/(1+|{net}|)", "1/(1+|{net}|)²")
SOFTPLUS = Activation("softplus", lambda z: np.logaddexp(0.0, z),
                      lambda z, a: _sigmoid(z),
                      "ln(1+e^{net})", "1/(1+e^(−{net}))")
LINEAR = Activation("linear", lambda z: np.array(z, dtype=np.float64, copy=True),
                    lambda z, a: np.ones_like(z),
                    "{net}", "1")
SOFTMAX = Activation("softmax", _softmax, None,
                     "e^{net}/Σ e^net", "out·(δ−out) (Jacobian)",
                     elementwise=False, output_only=True)

ACTIVATIONS: dict[str, Activation] = {
    a.name: a for a in (SIGMOID, TANH, RELU, leaky_relu(), SOFTSIGN, SOFTPLUS, LINEAR, SOFTMAX)
}


def get_activation(name: str, parameter: float | None = None) -> Activation:
    """The activation called NAME; ``parameter`` is leaky_relu's slope."""
    if name not in ACTIVATIONS:
        from bptrace.errors import unknown
        raise unknown("activation", name, ACTIVATIONS)
    if parameter is not None:
        if name != "leaky_relu":
            raise BadInput(key="no parameter", args={"name": name})
        return leaky_relu(parameter)
    return ACTIVATIONS[name]


# --- Activation functions as curves: f(z) and f′(z) over a range of net inputs, computed by the
# same :class:`~bptrace.maths.activations.Activation` objects the network uses (``bptrace plot
# activations``). Pure numpy; nothing here formats or draws.

POINTS = 601                    # samples of each curve (the kinks of relu fall on the grid)
_WITH_SLOPE = re.compile(r"^leaky_relu\((.+)\)$")


class Curve:
    """One activation over ``z``: its values ``f`` and derivative ``d``."""

    __slots__ = ("name", "formula", "derivative", "z", "f", "d")

    def __init__(self, act: Activation, z: np.ndarray):
        self.name = act.name
        self.formula = act.formula.format(net="z")
        self.derivative = act.derivative.format(net="z", out="f(z)")
        self.z = z
        self.f = act.f(z)
        self.d = act.d(z, self.f)


def activation(name: str) -> Activation:
    """An elementwise activation by name: a registry name, or ``leaky_relu(SLOPE)``."""
    name = name.strip()
    m = _WITH_SLOPE.match(name)
    if m:
        try:
            slope = float(m.group(1))
        except ValueError:
            slope = float("nan")
        if not np.isfinite(slope):
            raise BadInput(key="plot slope", args={"name": name})
        act = get_activation("leaky_relu", slope)
    else:
        act = get_activation(name)
    if not act.elementwise:
        raise BadInput(key="plot not elementwise", args={"name": act.name})
    return act


def curves(acts: list[Activation], lo: float, hi: float, n: int = POINTS) -> list[Curve]:
    """Each activation and its derivative at ``n`` evenly spaced net inputs in [lo, hi]
    (0 among them where the range holds it: relu's kink is drawn where it is)."""
    z = np.linspace(lo, hi, n)
    if lo < 0 < hi:
        z = np.union1d(z, [0.0])
    return [Curve(a, z) for a in acts]


def known_names() -> list[str]:
    """The names ``activations`` takes (every elementwise activation)."""
    return [name for name, a in ACTIVATIONS.items() if a.elementwise]
