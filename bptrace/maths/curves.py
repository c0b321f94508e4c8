"""Activation functions as curves: f(z) and f′(z) over a range of net inputs, computed by the
same :class:`~bptrace.maths.activations.Activation` objects the network uses (``bptrace plot
activations``). Pure numpy; nothing here formats or draws."""

from __future__ import annotations

import re

import numpy as np

from bptrace.errors import BadInput
from bptrace.maths.activations import ACTIVATIONS, Activation, get_activation

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
