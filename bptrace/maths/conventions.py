"""How a step is computed by hand: the textbook-correct default, rounding every intermediate
(``--round N``, ``--round printed``) and the documented ways hand calculations go wrong
(``check --diagnose``). The maths (:mod:`bptrace.maths.network`) asks a :class:`Convention`; the
hand-rounded trace beside the exact one is :mod:`bptrace.trace.build`'s. Nothing here prints."""

from __future__ import annotations

import numpy as np

from bptrace.maths.network import Network
from bptrace.maths.parts import err_paths


def _same(x):
    return x


def hand_round(x, decimals: int):
    """Round half away from zero in decimal, as a student with a calculator does: the number
    as written (its shortest repr) is rounded, so 1.005 → 1.01 although the binary float
    1.005 lies just below it (numpy rounds half to even, and in binary)."""
    f = 10.0 ** decimals
    x = np.asarray(x, dtype=np.float64)
    out = np.sign(x) * np.floor(np.abs(x) * f + 0.5) / f
    # near a decimal tie the binary product can fall on either side: decide in decimal
    frac = np.abs(x) * f - np.floor(np.abs(x) * f)
    near = np.isfinite(x) & (np.abs(frac - 0.5) < 1e-6)
    if np.any(near):
        out = np.array(out, dtype=np.float64)
        out[near] = [_decimal_round(v, decimals) for v in x[near].tolist()]
    return out if out.ndim else float(out)


def _decimal_round(v: float, decimals: int) -> float:
    from decimal import ROUND_HALF_UP, Decimal

    return float(Decimal(repr(v)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


class Convention:
    """How a step is computed. The default is textbook-correct backpropagation; the options
    are the documented ways hand calculations differ (``--round N``) or go wrong
    (``check --diagnose``):

    - ``round_to``: every intermediate rounded (half up) to N decimals before it is used;
    - ``bp2_from_gradients``: a hidden error built from the next layer's weight gradients,
      Σ_K ∂E/∂w(N→K) = out.N·Σ_K δ_K, instead of Σ_K δ_K·w(N→K);
    - ``first_path_only``: a hidden error with only its first path (through the next layer's
      first neuron), the other paths forgotten;
    - ``net_for_out``: ∂net/∂w taken as the net input of the node below instead of its output.

    The sequential update (BP2 through the weights above as already updated) is a book's
    method, not a hand calculation's: the network's own convention (``update: sequential``,
    :attr:`bptrace.maths.network.Network.update`), which ``--diagnose`` also tries.
    """

    def __init__(self, round_to: int | None = None,
                 bp2_from_gradients: bool = False,
                 first_path_only: bool = False, net_for_out: bool = False,
                 pins: dict | None = None):
        self.round_to = round_to
        self.bp2_from_gradients = bp2_from_gradients
        self.first_path_only = first_path_only
        self.net_for_out = net_for_out
        # ``--round printed``: (kind, layer) → [(index, value)], the printed values put in
        # place of the computed ones before anything downstream uses them
        self.pins: dict[tuple[str, int], list[tuple[tuple, float]]] = pins or {}
        self.keys: dict[str, tuple] = {}        # printed key → (kind, layer, index)
        # what each pinned quantity came to, computed from the (printed) values upstream,
        # before its printed value took its place: what check compares with the book
        self.computed: dict[tuple, float] = {}

    def pin(self, kind: str, l: int, arr, sign: float = 1.0):
        """``arr`` with the printed values of (kind, layer l) in place (``sign``: the printed
        error signals are in the reported sign, the maths' in the gradient's)."""
        slots = self.pins.get((kind, l))
        if not slots:
            return arr
        arr = np.array(arr, dtype=np.float64, copy=True)
        for index, value in slots:
            where = (Ellipsis, *index)
            self.computed.setdefault((kind, l, index), sign * float(np.ravel(arr[where])[0]))
            arr[where] = sign * value
        return arr

    def pins_kind(self, kind: str) -> bool:
        return any(k == kind for k, _ in self.pins)

    def pins_paths(self, l: int) -> bool:
        """Whether a printed err.N.K of layer l's paths is pinned (then the hidden error is the
        sum of its paths as printed)."""
        return ("path", l) in self.pins

    def rnd(self, x):
        return x if self.round_to is None else hand_round(x, self.round_to)

    def rounder(self):
        """The rounding function (the identity where nothing is rounded)."""
        return _same if self.round_to is None else self.rnd


PRINTED = "printed"          # --round printed


def printed_pins(net, printed: dict[str, float]) -> dict:
    """The slots of the maths that the printed values (KEY: value) replace, for
    :class:`Convention` ``pins``; keys the maths does not compute on its way (trained.*,
    s<K>.*, new.loss …) are left out."""
    where = {}
    for l, layer in enumerate(net.layers):
        for j, n in enumerate(layer.neurons):
            where[n] = (l, j)
    pins: dict = {}
    keys: dict = {}

    def put(kind, l, index, value):
        pins.setdefault((kind, l), []).append((index, value))
        keys[key] = (kind, l, index)

    outs = net.outputs
    for key, value in printed.items():
        head, _, rest = key.partition(".")
        if key == "loss" or key == "new.loss":
            put(("new." if head == "new" else "") + "loss", 0, (), value)
        elif head in ("net", "out", "dout", "delta", "err") and rest in where:
            l, j = where[rest]
            put(head, l, (j,), value)
        elif head == "err" and rest.count(".") == 1:
            n, k = rest.split(".")
            if n in where and k in where:
                put("path", where[k][0], (where[k][1], where[n][1]), value)
        elif head in ("e", "loss") and rest in outs:
            put("e" if head == "e" else "loss_part", len(net.layers) - 1 if head == "e" else 0,
                (outs.index(rest),), value)
        elif head in ("grad", "new", "change") and rest in net.param_by_name:
            p = net.param_by_name[rest]
            kind = {"grad": "grad_", "new": "new_", "change": "change_"}[head] + p.kind
            put(kind, p.layer, p.index, value)
        elif head == "new":
            sub, _, n = rest.partition(".")
            if sub in ("net", "out") and n in where:
                put("new." + sub, where[n][0], (where[n][1],), value)
            elif sub == "loss" and n in outs:
                put("new.loss_part", 0, (outs.index(n),), value)
    return pins, keys


def printed_convention(cfg) -> Convention:
    """``--round printed``: every quantity the config's expect: lists, as printed, in place
    of the computed value before anything downstream uses it."""
    from decimal import Decimal

    printed = {e.key: float(Decimal(e.text.strip().replace("_", ""))) for e in cfg.expect
               if e.text.strip()}
    pins, keys = printed_pins(cfg.network, printed)
    conv = Convention(pins=pins)
    conv.keys = keys
    return conv


def hand_title(title: str, round_to) -> str:
    from bptrace.words import HandTitle
    return HandTitle(title, round_to)           # worded in each language where it is shown


def hand_convention(cfg, round_to) -> Convention:
    """The convention of ``--round N`` or ``--round printed``."""
    return printed_convention(cfg) if round_to == PRINTED else Convention(round_to=round_to)


def by_hand(net, conv: Convention | None):
    """The network computed as ``conv`` says (the network itself where conv is None)."""
    return net if conv is None else ByHand(net, conv)


class ByHand(Network):
    """A network computed by hand: the same layers and arrays, with the steps a
    :class:`Convention` changes — every intermediate rounded, printed values pinned in
    place of computed ones, and the documented mistakes — and no logits shortcut (a hand
    calculation goes the textbook's way, from its rounded outputs)."""

    def __init__(self, net, conv: Convention):
        self.__dict__.update(net.__dict__)
        self.conv = conv
        self.rnd = conv.rounder()
        self.pin = conv.pin

    def net_input(self, l, a, W, b, stage=""):
        return self.pin(stage + "net", l, self.rnd(super().net_input(l, a, W, b)))

    def activate(self, l, z, stage=""):
        return self.pin(stage + "out", l, self.rnd(super().activate(l, z)))

    def output_error(self, z, y, t):
        if self.conv.pins_kind("e"):                    # a printed e = t − y
            y = t - self.pin("e", len(self.layers) - 1, t - y)
        return self.pin("err", len(self.layers) - 1, self.rnd(self.loss.grad(y, t)),
                        self.error_sign)

    def local_derivative(self, l, z, a):
        d = super().local_derivative(l, z, a)
        return d if d is None else self.pin("dout", l, self.rnd(d))

    def bp1(self, l, z, a, e, dout, y, t):
        act = self.layers[l].activation
        if l == len(self.layers) - 1 and self.fused_softmax_ce:
            d = y * t.sum(axis=-1, keepdims=True) - t
        else:
            d = e * dout if act.elementwise else act.jvp(z, a, e)
        return self.pin("delta", l, self.rnd(d), self.error_sign)

    def bp4(self, l, delta, net, out):
        below = net[l - 1] if self.conv.net_for_out and l > 0 else out[l]   # a mistake
        g = self.rnd(delta.T @ below)
        if self.layers[l].mask is not None:
            g = g * self.layers[l].mask
        return self.pin("grad_w", l, g)

    def bp3(self, l, delta):
        return self.pin("grad_b", l, self.rnd(super().bp3(l, delta)))

    def weights_back(self, l, W, nabla_w, n, lr):
        return self.rnd(super().weights_back(l, W, nabla_w, n, lr)) if self.sequential else W

    def bp2(self, l, delta, W_back, out):
        conv = self.conv
        if conv.first_path_only:                                  # a mistake
            e = self.rnd(delta[:, :1] @ W_back[:1, :])
        elif conv.bp2_from_gradients:                             # a mistake
            M = self.layers[l].mask
            e = self.rnd((delta @ (M if M is not None else np.ones_like(W_back))) * out[l])
        elif conv.round_to is not None or conv.pins_paths(l):     # each path, as written
            paths = self.pin("path", l, err_paths(delta, W_back, self.rnd), self.error_sign)
            e = self.rnd(paths.sum(axis=-2))
        else:
            e = delta @ W_back
        return self.pin("err", l - 1, e, self.error_sign)

    def loss_of(self, y, t, stage="", z=None):
        t = np.atleast_2d(np.asarray(t, dtype=np.float64))
        if self.loss.splits:
            parts = self.pin(stage + "loss_part", 0, self.rnd(self.loss.parts(y, t)))
            return parts, self.pin(stage + "loss", 0, self.rnd(parts.sum(axis=-1)))
        return None, self.pin(stage + "loss", 0, self.rnd(self.loss.value(y, t)))

    def updated_arrays(self, grads, lr):
        new = [a if m is not None and np.all(m == 0)
               else self.conv.rnd(a - lr * (g if m is None else m * g))
               for a, g, m in zip(self.arrays(), grads, self.trainable_masks())]
        if not self.conv.pins:
            return new
        out = []
        for i, (a, n) in enumerate(zip(self.arrays(), new)):
            kind, l = ("w" if i % 2 == 0 else "b"), i // 2
            n = a + self.pin("change_" + kind, l, n - a)
            out.append(self.pin("new_" + kind, l, n))
        return out

