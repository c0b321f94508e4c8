"""Float residue: which of a step's values are what float64 rounding leaves of a number that
is exactly 0 in decimal. −0.3·1 + 0.5·0.5 + 0.05 is 0, but in float64 it comes to
1.3877787807814457e-17; tanh of it, the loss of an output that equals its target, … carry the
same residue on.

For every value of one pass this module bounds the rounding it can carry, to first order,
from the size of the terms it was summed from (a few ulps of Σ|terms|) and the rounding its
operands already carried. A value no larger than its bound is :class:`Residue`: a float64 that
keeps its value (JSON, arithmetic, checks) and that a display shows as 0. Only this module
decides what is residue; the renderers only show it.
"""

from __future__ import annotations

import numpy as np


EPS = float(np.finfo(np.float64).eps)
ULPS = 8                        # rounding of a sum: this many ulps of the size of its terms

# losses whose ∂E/∂y is (y − t) times a factor: it carries the rounding of y − t
_VANISH_AT_TARGET = {"half_sse", "sse", "mse", "binary_cross_entropy", "logcosh"}


class Residue(float):
    """A float64 that is float residue of an exact 0 (its magnitude within the rounding its
    terms can leave): the value itself is kept; a display shows it as 0."""

    __slots__ = ()


def tag(value: float, bound: float) -> float:
    """The value, marked :class:`Residue` where it is non-zero and within ``bound``."""
    v = float(value)
    return Residue(v) if v != 0.0 and abs(v) <= bound else v


class Tagged:
    """An array with the rounding bound of each element: ``t[i]`` is element i as a float,
    a :class:`Residue` where it is residue (an operand put into a formula); with no bounds
    (a step read for its values alone) a plain float."""

    __slots__ = ("values", "bounds")

    def __init__(self, values, bounds):
        self.values, self.bounds = values, bounds

    def __getitem__(self, i) -> float:
        if self.bounds is None:
            return float(self.values[i])
        return tag(self.values[i], self.bounds[i])

    def __len__(self) -> int:
        return len(self.values)


def _sum(size):
    """The rounding a sum of terms of total size ``size`` can leave."""
    return ULPS * EPS * size


def _finite(a):
    """A bound that overflowed bounds nothing (a huge value is never called residue)."""
    a = np.asarray(a, dtype=np.float64)
    return np.where(np.isfinite(a), a, 0.0)


class Bounds:
    """The rounding bounds of every array of one traced step, each shaped like the row it
    bounds: ``net[l]``, ``out[l]`` (out[0] the inputs), ``e``, ``parts``, ``loss``, ``err[l]``,
    ``delta[l]``, ``paths[l]`` (err.N.K, as err_paths lays them out), ``grad_w[l]``,
    ``grad_b[l]``, ``new[i]`` and ``change[i]`` (in the order of Network.arrays), and
    ``new_net[l]``, ``new_out[l]``, ``new_parts``, ``new_loss`` after the update."""

    def __init__(self, net, p, t, lr=None, new_arrays=None, new_net=None, new_out=None):
        with np.errstate(all="ignore"):
            self._forward(net, p)
            self._loss(net, p, np.ravel(t))
            self._backward(net, p, np.ravel(t))
            self.new, self.change, self.new_net, self.new_out = [], [], [], []
            self.new_parts, self.new_loss = None, 0.0
            if lr is not None and new_arrays is not None:
                self._update(net, lr, new_arrays)
                if new_net is not None:
                    self._after(net, new_arrays, new_net, new_out, np.ravel(t))

    @staticmethod
    def of(f):
        """What ``f`` reads of the bounds (a step read for its values alone has none:
        :data:`NO_BOUNDS`, whose ``of`` gives None without calling ``f``)."""
        return f()

    # --- forward: net = Σ w·a + b, out = f(net) ------------------------------------------
    def _layers(self, net, out_rows, arrays, param_bounds, douts):
        nets, outs = [], [np.zeros_like(out_rows[0])]
        for l, layer in enumerate(net.layers):
            W, b = arrays[2 * l], arrays[2 * l + 1]
            a, na = out_rows[l], outs[l]
            size = np.abs(W) @ np.abs(a) + np.abs(layer.bias_vector(b))
            nz = _sum(size) + np.abs(W) @ na
            if param_bounds is not None:
                nz = nz + param_bounds[2 * l] @ np.abs(a) + np.abs(layer.bias_vector(param_bounds[2 * l + 1]))
            nz = _finite(nz)
            nets.append(nz)
            d = douts(l)
            outs.append(_finite(np.abs(d) * nz) if d is not None else np.zeros_like(nz))
        return nets, outs

    def _forward(self, net, p):
        rows = [o[0] for o in p.out]
        self.net, self.out = self._layers(net, rows, net.arrays(), None,
                                          lambda l: None if p.dout[l] is None else p.dout[l][0])

    # --- the loss: e = t − y, its shares and their sum ---------------------------------------
    def _loss(self, net, p, t):
        y = p.out[-1][0]
        err = p.err[-1][0]
        self.e, self.err_out, self.parts, self.loss = self._losses(
            net, y, self.out[-1], t, err, None if p.loss_parts is None else p.loss_parts[0])

    @staticmethod
    def _losses(net, y, ny, t, err, parts):
        """(e, ∂E/∂y, the loss's shares (or None), the loss): bounds from the rounding of y."""
        ne = _finite(ny + _sum(np.abs(t) + np.abs(y)))
        if net.loss.name in _VANISH_AT_TARGET:
            diff = y - t
            factor = np.divide(np.abs(err), np.abs(diff), out=np.zeros_like(err), where=diff != 0)
            nerr = _finite(factor * ne)
        else:
            nerr = _finite(np.abs(err) * ny)
        if parts is None:
            return ne, nerr, None, float(_finite(np.sum(np.abs(err) * ne)))
        nparts = _finite(np.abs(err) * ne)
        return ne, nerr, nparts, float(_finite(nparts.sum() + _sum(np.abs(parts).sum())))

    # --- backward: delta = err·dout, err.N.K = δ_K·w, err.N = Σ_K err.N.K, ∂E/∂P --------------
    def _backward(self, net, p, t):
        L = len(net.layers)
        self.err = [None] * L
        self.delta = [None] * L
        self.paths = [None] * L
        self.grad_w = [None] * L
        self.grad_b = [None] * L
        self.err[-1] = self.err_out
        last = net.layers[-1].activation.name
        for l in reversed(range(L)):
            layer = net.layers[l]
            err, nerr = p.err[l][0], self.err[l]
            a = p.out[l + 1][0]
            if l == L - 1 and (net.fused_softmax_ce or net.loss.logits_form(last) is not None):
                scale = max(1.0, float(np.abs(t).sum()))        # delta = y·Σt − t, or y − t
                nd = (self.out[-1] + _sum(np.abs(a) + np.abs(t))) * scale
            elif p.dout[l] is not None:
                nd = np.abs(p.dout[l][0]) * nerr
            else:                                               # softmax: a·(err − Σ err·a)
                nd = np.abs(a) * (nerr + _sum(np.abs(err) + np.abs(err * a).sum()))
            nd = self.delta[l] = _finite(nd)
            d = p.delta[l][0]
            below, nbelow = p.out[l][0], self.out[l]
            self.grad_w[l] = _finite(np.outer(nd, np.abs(below)) + np.outer(np.abs(d), nbelow))
            self.grad_b[l] = _finite(layer.bias_grad(nd + _sum(np.abs(d))))
            if l > 0:
                Wb = np.abs(p.w_back[l])
                self.paths[l] = _finite(nd[:, None] * Wb)
                self.err[l - 1] = _finite(nd @ Wb + _sum(np.abs(d) @ Wb))

    # --- update: new = P − η·grad, change = new − P; then the same sample again ------------
    def _update(self, net, lr, new_arrays):
        grads = []
        for l in range(len(net.layers)):
            grads += [self.grad_w[l], self.grad_b[l]]
        for old, new, ng, m in zip(net.arrays(), new_arrays, grads, net.trainable_masks()):
            frozen = m is not None and np.all(np.asarray(m) == 0)
            step = np.abs(new - old)
            nn = np.zeros_like(old) if frozen else _finite(abs(lr) * ng + _sum(np.abs(old) + step))
            self.new.append(nn)
            self.change.append(_finite(nn + _sum(np.abs(new) + np.abs(old))))

    def _after(self, net, new_arrays, new_net, new_out, t):
        rows = [o[0] for o in new_out]

        def douts(l):
            act = net.layers[l].activation
            return act.d(new_net[l], new_out[l + 1])[0] if act.elementwise else None
        self.new_net, self.new_out = self._layers(net, rows, new_arrays, self.new, douts)
        y = rows[-1]
        err = np.ravel(net.loss.grad(y[None, :], t[None, :]))
        parts = np.ravel(net.loss.parts(y[None, :], t[None, :])) if net.loss.splits else None
        _, _, self.new_parts, self.new_loss = self._losses(net, y, self.new_out[-1], t, err, parts)


class _NoBounds:
    """The bounds of a step read for its values alone: none (its values are plain floats)."""

    @staticmethod
    def of(f):
        return None


NO_BOUNDS = _NoBounds()
