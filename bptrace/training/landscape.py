"""The loss as a landscape over parameters, and the paths training takes on it (``bptrace plot
slice|surface|trajectory|schedule``): computed with the network's own forward and backward
pass and the training loop itself; records of plain numbers for the renderers. Nothing here
prints or draws.

A surface over two parameters P, Q holds every other parameter at its value; the path on it
is the training loop run with only P and Q trained (the others held, so that the path lies on
the surface drawn). Its first update is the config's own first update, restricted to P and Q.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from bptrace.errors import BadInput, Diverged, unknown
from bptrace.maths.network import Network, Param

GRID = 81                   # surface samples per axis
SLICE_POINTS = 401          # samples of a slice
KEEP_FIRST = 100            # a path keeps its first updates one by one …
MAX_POINTS = 2000           # … and at most this many points in all (evenly spread, the last kept)
MAX_UPDATES = 1_000_000     # a schedule longer than this is refused


# --------------------------------------------------------------------------------- parameters
def param_of(net: Network, name: str) -> Param:
    """The parameter called ``name`` ('did you mean' where it is not one)."""
    p = net.param_by_name.get(name)
    if p is None:
        raise unknown("parameter", name, net.param_by_name)
    return p


def _where(p: Param) -> tuple[int, tuple]:
    """(the index of p's array in :meth:`Network.arrays`, p's index in it)."""
    return 2 * p.layer + (0 if p.kind == "w" else 1), p.index


def _set(arrays: list[np.ndarray], p: Param, value: float) -> None:
    i, idx = _where(p)
    arrays[i][idx] = value


def auto_range(values, centre: float, least: float = 0.5) -> tuple[float, float]:
    """A range holding ``values`` and ``centre`` with a margin of a quarter of their spread
    (at least ``least`` on each side)."""
    vals = [v for v in list(values) + [centre] if math.isfinite(v)]
    lo, hi = min(vals), max(vals)
    pad = max(0.25 * (hi - lo), least)
    return lo - pad, hi + pad


# ------------------------------------------------------------------------------------ a slice
@dataclasses.dataclass
class Slice:
    """E(P) for the config's sample with every other parameter held, the tangent at P's
    value (slope grad.P, the step's own ∂E/∂P) and the gradient step P − η·grad.P."""
    title: str
    name: str
    value: float
    loss: float                 # E at the value (the step's loss)
    grad: float                 # ∂E/∂P (the step's grad.P)
    lr: float | None            # η (None: the config has none, no step is drawn)
    trainable: bool             # False: a frozen bias (the step leaves it)
    new: float | None           # P − η·grad.P (the step's new.P)
    new_loss: float | None      # E at the new value, the others held
    xs: np.ndarray
    losses: np.ndarray
    tangent_x: np.ndarray       # the tangent E + grad·(x − value), over a window around the value
    tangent_y: np.ndarray


def loss_slice(cfg, name: str, lr: float | None, span: tuple[float, float] | None = None,
               n: int = SLICE_POINTS) -> Slice:
    """The loss over one parameter (``span``: its range; None: around its value and the step)."""
    net = cfg.network
    p = param_of(net, name)
    x, t = cfg.sample.x[None, :], cfg.sample.t[None, :]
    run = net.run(x, t, lr=lr if lr is not None else 0.0)
    g = net.grad(run, p)
    value = net.value(p)
    new = None if lr is None else (value - lr * g if p.trainable else value)
    if span is None:
        span = auto_range([] if new is None else [new], value,
                          least=max(1.0, 0.5 * abs(value)))
    xs = np.union1d(np.linspace(span[0], span[1], n), [value] + ([new] if new is not None else []))
    xs = xs[(xs >= span[0]) & (xs <= span[1])]
    arrays = net.copy_arrays()

    def E(v: float) -> float:
        _set(arrays, p, v)
        return float(net.losses(x, t, arrays)[0])
    losses = np.array([E(v) for v in xs])
    new_loss = None if new is None else E(new)
    loss = float(run.loss[0])
    half = (span[1] - span[0]) / 4
    rise = float(np.ptp(losses[np.isfinite(losses)])) if np.isfinite(losses).any() else 0.0
    if g != 0 and rise > 0:
        half = min(half, 0.6 * rise / abs(g))
    tx = np.array([value - half, value + half])
    return Slice(cfg.title, name, value, loss, g, lr, p.trainable, new, new_loss, xs, losses,
                 tx, loss + g * (tx - value))


# ------------------------------------------------------------------- a surface and its paths
@dataclasses.dataclass
class Path:
    """Where training takes (P, Q): ``points[k]`` after update ``updates[k]`` (0: the start),
    ``losses`` the mean training loss there. ``diverged``: the epoch it ran away in, or None."""
    optimizer: str
    lr: float
    updates: np.ndarray
    points: np.ndarray          # (k, 2)
    losses: np.ndarray
    total: int                  # updates made
    diverged: int | None = None


@dataclasses.dataclass
class Surface:
    """The mean training loss over (P, Q), the others held at their values, and the paths."""
    title: str
    names: tuple[str, str]
    start: tuple[float, float]
    start_loss: float
    xs: np.ndarray
    ys: np.ndarray
    losses: np.ndarray          # (len(ys), len(xs))
    levels: np.ndarray          # the contour levels: evenly spread, geometrically where it spans decades
    paths: list[Path]
    mode: str
    epochs: int


def descent_path(cfg, s, lr: float, names: tuple[str, str], optimizer: str,
                 opt_lr: float | None = None) -> Path:
    """The training loop with ``optimizer`` (at ``opt_lr``, default η), P and Q trained and
    the other parameters held; the network is left as it was."""
    from bptrace.training import loop

    net = cfg.network
    ps = [param_of(net, n) for n in names]
    start = net.copy_arrays()
    only: list = [np.zeros_like(a) for a in start]
    for p in ps:
        i, idx = _where(p)
        only[i][idx] = 1.0 if p.trainable else 0.0
    s = dataclasses.replace(s, optimizer=optimizer, optimizer_settings=(
        s.optimizer_settings if optimizer == s.optimizer else {}), every=s.epochs)
    seen = [tuple(net.value(p) for p in ps)]

    def record(arrays):
        seen.append(tuple(float(arrays[_where(p)[0]][_where(p)[1]]) for p in ps))
    X, T = cfg.dataset
    diverged = None
    eta = lr if opt_lr is None else opt_lr
    try:
        loop.train(net, X, T, eta, s, only=only, on_update=record)
    except Diverged as exc:
        diverged = exc.epoch
    finally:
        net.set_arrays(start)
    keep = _kept(len(seen))
    pts = np.array([seen[k] for k in keep], dtype=np.float64)
    ok = np.all(np.isfinite(pts), axis=1)
    keep, pts = np.asarray(keep)[ok], pts[ok]
    Xt, Tt = loop.split(X, T, s)[0]
    losses = np.array([_mean_loss(net, Xt, Tt, start, ps, pq) for pq in pts])
    return Path(optimizer, eta, keep, pts, losses, len(seen) - 1, diverged)


def _kept(n: int) -> list[int]:
    """Which of n path points to keep: the first ones all, then evenly spread, the last."""
    if n <= MAX_POINTS:
        return list(range(n))
    rest = np.linspace(KEEP_FIRST, n - 1, MAX_POINTS - KEEP_FIRST).round().astype(int)
    return sorted(set(range(KEEP_FIRST)) | set(rest.tolist()))


def _mean_loss(net, X, T, arrays, ps, values) -> float:
    a = [x.copy() for x in arrays]
    for p, v in zip(ps, values):
        _set(a, p, v)
    return float(np.mean(net.losses(X, T, a)))


def loss_surface(cfg, s, lr: float, names: tuple[str, str], optimizers: list[tuple[str, float | None]],
                 span: tuple[tuple[float, float] | None, tuple[float, float] | None] = (None, None),
                 n: int | None = None) -> Surface:
    """The loss over (P, Q) with one path per optimizer ((name, its η or None: the config's));
    ``n`` points per axis (default :data:`GRID`)."""
    from bptrace.training import loop

    n = n or GRID
    net = cfg.network
    if names[0] == names[1]:
        raise BadInput(key="plot same params", args={"name": names[0]})
    ps = [param_of(net, n_) for n_ in names]
    start = (net.value(ps[0]), net.value(ps[1]))
    paths = [descent_path(cfg, s, lr, names, o, o_lr) for o, o_lr in optimizers]
    arrays = net.copy_arrays()
    X, T = cfg.dataset
    Xt, Tt = loop.split(X, T, s)[0]
    start_loss = _mean_loss(net, Xt, Tt, arrays, ps, start)
    ranges = []
    for axis in (0, 1):
        if span[axis] is not None:
            ranges.append(span[axis])
            continue
        near = [pt[axis] for p in paths for pt, l in zip(p.points, p.losses)
                if l <= 10 * start_loss + 1e-12]
        ranges.append(auto_range(near, start[axis], least=max(0.5, 0.1 * abs(start[axis]))))
    xs, ys = np.linspace(*ranges[0], n), np.linspace(*ranges[1], n)
    losses = np.empty((n, n))
    for j, y in enumerate(ys):
        for i, x in enumerate(xs):
            losses[j, i] = _mean_loss(net, Xt, Tt, arrays, ps, (x, y))
    return Surface(cfg.title, tuple(names), start, start_loss, xs, ys, losses, levels(losses),
                   paths, s.mode, s.epochs)


def levels(z: np.ndarray, n: int = 16) -> np.ndarray:
    """n contour levels over the finite values of z: geometric where they are positive and
    span more than a factor of 5, else even; two around a constant."""
    z = z[np.isfinite(z)]
    if not len(z):
        return np.array([0.0, 1.0])
    lo, hi = float(z.min()), float(z.max())
    if not hi > lo:
        d = 0.1 * abs(lo) or 0.5
        return np.array([lo - d, lo + d])
    if lo > 0 and hi > 5 * lo:
        return np.geomspace(lo, hi, n)
    return np.linspace(lo, hi, n)


# ----------------------------------------------------------------------------- the schedule
@dataclasses.dataclass
class Schedule:
    """η of every update as the training loop computes it."""
    title: str
    lr: float                   # η₀
    updates: np.ndarray         # 1, 2, …
    etas: np.ndarray            # η of each
    per_epoch: int              # updates per epoch
    decay: tuple | None         # (rate, steps, staircase)
    step_decay: tuple | None    # (factor, every epochs)


def schedule(cfg, s, lr: float) -> Schedule:
    """η per update over the config's (or the options') epochs, the loop's own function."""
    from bptrace.training import loop

    X, T = cfg.dataset
    n = len(loop.split(X, T, s)[0][0])
    loop.check_settings(s, n)
    bs = {"online": 1, "batch": n, "minibatch": s.batch_size or n}[s.mode]
    per_epoch = -(-n // bs)
    if s.epochs * per_epoch > MAX_UPDATES:
        raise BadInput(key="plot long schedule", args={"n": f"{s.epochs * per_epoch:,}",
                                                       "max": f"{MAX_UPDATES:,}"})
    etas = [loop.learning_rate(lr, s, (e - 1) * per_epoch + k, e)
            for e in range(1, s.epochs + 1) for k in range(1, per_epoch + 1)]
    return Schedule(cfg.title, lr, np.arange(1, len(etas) + 1), np.array(etas), per_epoch,
                    s.decay, s.step_decay)
