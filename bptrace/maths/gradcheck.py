"""Gradient checking: backprop's ∂E/∂P against central finite differences of the loss."""

from __future__ import annotations

import numpy as np

from bptrace.maths.network import Network
from bptrace.maths.parts import Pass

KINKED = ("relu", "leaky_relu")


class GradCheck(tuple):
    """(worst relative error, where, rows) — and ``quotients``: {name: (h, E(P+h), E(P−h))},
    the difference quotient's step and its two losses."""
    quotients: dict = {}


def numeric_gradients(net: Network, x: np.ndarray, t: np.ndarray,
                      rel_step: float = 1e-5, quotients: dict | None = None
                      ) -> dict[str, tuple[float, bool]]:
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
        if quotients is not None:
            quotients[p.name] = (h, e_plus, e_minus)
    return result


def gradient_check(net: Network, x: np.ndarray, t: np.ndarray, pass_: Pass | None = None,
                   lr: float | None = None):
    """Compare backprop's ∂E/∂P with central finite differences (``lr``: the step's, which
    a sequential update needs — its hidden gradients are the book's, not ∂E/∂P).

    Returns (worst relative error away from relu kinks, the parameter where it occurs,
    {name: (analytic, numeric, relative error, at a kink)}). The relative error is
    |a − n| / max(|a| + |n|, 1e-4): a finite difference carries round-off of about 1e-12,
    so gradients below 1e-4 are compared against that floor instead of their own size.
    """
    p = pass_ if pass_ is not None else net.run(x, t, lr=lr)
    quotients: dict = {}
    numeric = numeric_gradients(net, x, t, quotients=quotients)
    rows = {}
    worst, where = 0.0, ""
    for param in net.params:
        a = net.grad(p, param)
        n, kink = numeric[param.name]
        rel = abs(a - n) / max(abs(a) + abs(n), 1e-4)
        rows[param.name] = (a, n, rel, kink)
        if not kink and (rel > worst or not where):
            worst, where = rel, param.name
    done = GradCheck((worst, where, rows))
    done.quotients = quotients
    return done
