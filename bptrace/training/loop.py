"""Training: the same forward/backward as `step`, batched, repeated. Nothing here prints.

:class:`Settings` come from the config's ``train:`` section and the command line's
overrides (both read by :func:`bptrace.config.train_settings`, documented in the README);
:func:`train` returns a :class:`Result` with the loss history and the
trained parameters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np

from bptrace.config.settings import MODES, Settings, check_settings, train_settings
from bptrace.errors import BadInput, Diverged
from bptrace.maths.conventions import by_hand
from bptrace.maths.network import Network
from bptrace.maths.optimizers import make_optimizer

__all__ = ["MODES", "Settings", "check_settings", "Result", "split", "mean_loss", "train",
           "trained_values", "trained_readout"]

RUNAWAY = 1e6          # a loss this many times the first one (and above 1) has diverged


class Result:
    def __init__(self):
        self.history: list[tuple[int, float, float | None]] = []   # (epoch, loss, val_loss)
        self.epochs_run = 0
        self.updates = 0
        self.stopped: str | None = None        # None, "early stopping", "interrupted"
        self.trace_at: tuple | None = None     # (arrays before, x, t, lr) of the asked update
        self.trace_opt: dict | None = None     # another optimizer's step at that update
        self.running: dict[int, float] = {}    # epoch → mean of the losses met during it
        self.eta: dict[int, float] = {}        # epoch → η of its last update (a schedule)
        self.accuracy: dict[int, tuple] = {}   # epoch → (accuracy, validation accuracy or None)


def split(X: np.ndarray, T: np.ndarray, s: Settings):
    """(train X, T), (validation X, T) or None."""
    if s.validation is None:
        return (X, T), None
    if isinstance(s.validation, float):
        n_val = max(1, int(round(len(X) * s.validation)))
        if n_val >= len(X):
            raise BadInput(key="validation leaves none")
        # drawn from the shuffled data (seeded), not the end of it: a data set sorted by x
        # would otherwise validate on its last x alone; both parts keep the data's order
        order = np.random.Generator(np.random.PCG64(s.seed)).permutation(len(X))
        held = np.sort(order[:n_val])
        kept = np.sort(order[n_val:])
        return (X[kept], T[kept]), (X[held], T[held])
    return (X, T), s.validation


def mean_loss(net: Network, X: np.ndarray, T: np.ndarray) -> float:
    """The mean over the data set of the per-sample loss (interface contract §4), forward only."""
    return float(np.mean(net.losses(X, T)))


def train(net: Network, X: np.ndarray, T: np.ndarray, lr: float, s: Settings, *,
          should_stop: Callable[[], bool] | None = None,
          progress: Callable[[int, float], None] | None = None,
          trace_at: int | None = None, conv=None, only: list | None = None,
          on_update: Callable[[list[np.ndarray]], None] | None = None,
          at_epochs: dict | None = None) -> Result:
    """Train `net` in place. Raises Diverged on NaN, infinity or a runaway loss.
    ``conv``: a :class:`~bptrace.maths.conventions.Convention` other than the correct one (diagnose).
    ``only``: per array, the factor applied to its gradient instead of the network's own
    (``bptrace plot``: two parameters trained, the others held); ``on_update(arrays)`` is
    called after every update (the arrays are the network's own: copy what you keep).
    ``at_epochs``: epoch → ``callback(loss)``, called after that epoch with the parameters in
    the network's arrays (the epoch's loss recorded as at a recorded epoch)."""
    at_epochs = at_epochs or {}
    asked_stop, should_stop = should_stop, should_stop or (lambda: False)
    (Xt, Tt), val = split(X, T, s)
    check_settings(s, len(Xt))
    n = len(Xt)
    arrays = net.arrays()
    masks = net.trainable_masks() if only is None else only
    opt = make_optimizer(s.optimizer, lr, s.optimizer_settings)
    bs = {"online": 1, "batch": n, "minibatch": s.batch_size or n}[s.mode]
    every = s.every or max(1, s.epochs // 1000)
    res = Result()
    limit = None                                # set from the first batch's loss
    best, wait = math.inf, 0
    l2 = [(2 * l, 2.0 * lam) for l, lam in s.l2.items() if lam > 0]
    drop_layers = [(l, rate) for l, rate in sorted(s.dropout.items()) if rate > 0]
    rng = np.random.Generator(np.random.PCG64(s.seed)) if s.shuffle or drop_layers else None
    update = 0
    hand = by_hand(net, conv)                   # the steps as conv computes them
    classify = is_classifier(net, T)
    small = (_small(net, s, conv, bs, n, val, drop_layers, l2)   # tiny nets: Python floats
             if only is None and on_update is None else None)
    seen: dict = {}                 # id(X) → the outputs of the loss pass just made

    def array_loss(X, T) -> float:
        if not classify:
            return mean_loss(net, X, T)
        per, seen[id(X)] = net.losses(X, T, outputs=True)    # the accuracy reads them
        return float(np.mean(per))
    mloss = small.mean_loss if small is not None else array_loss
    if small is not None:
        small.bind(Xt, Tt)
    if s.l2_in_loss and l2:                     # as Keras reports it: the loss plus λ·Σw²
        data_loss = mloss

        def mloss(X, T):
            if small is not None:
                small.store()
            return data_loss(X, T) + sum(0.5 * two_lam * float(np.sum(arrays[ai] ** 2))
                                         for ai, two_lam in l2)

    def watch(bl: float) -> float:
        nonlocal limit
        if limit is None:
            limit = RUNAWAY * max(bl, 1.0)
        _watch(bl, limit, epoch)
        return limit
    # the small path runs the updates of epochs that record and tell nothing in one call
    quiet = (small is not None and not (s.decay or s.step_decay or s.shuffle or s.patience
                                        or s.running_loss) and trace_at is None and n % bs == 0)
    epoch = 0
    try:
        while epoch < s.epochs:
            epoch += 1
            seen.clear()
            order = rng.permutation(n) if s.shuffle else None
            met = 0.0                               # Σ of the batches' losses before each update
            if quiet:                               # raises Diverged at its epoch
                last = small.quiet_until(epoch, s.epochs, every, at_epochs, progress)
                epoch, done, stopped = small.quiet(epoch, last, bs, lr, watch, asked_stop)
                update += done
                res.stopped = "interrupted" if stopped else None
                starts = ()
            elif small is not None and not s.decay and not s.step_decay and (
                    trace_at is None or not update < trace_at <= update + -(-n // bs)):
                met, update = small.epoch(order, n, bs, lr, update, watch, should_stop)
                if update < 0:
                    update = -update
                    res.stopped = "interrupted"
                starts = ()                 # the epoch's updates done
            else:
                starts = range(0, n, bs)
            for start in starts:
                idx = slice(start, start + bs) if order is None else order[start:start + bs]
                update += 1
                eta = learning_rate(lr, s, update, epoch)
                if trace_at is not None and update == trace_at:
                    if small is not None:
                        small.store()
                    res.trace_at = ([a.copy() for a in arrays], Xt[idx][0].copy(), Tt[idx][0].copy(),
                                    eta)
                if small is not None:
                    met += small.update(idx, eta, watch)
                    if should_stop():
                        res.stopped = "interrupted"
                        break
                    continue
                xb, tb = Xt[idx], Tt[idx]
                point = opt.lookahead(arrays)
                traced = (trace_at is not None and update == trace_at and res.trace_at is not None
                          and s.optimizer != "sgd")
                if traced:
                    res.trace_opt = {"point": None if point is None else [a.copy() for a in point],
                                     "state_before": _state(opt, arrays), "t": update}
                drop = _dropout_masks(rng, drop_layers, len(xb), net) if drop_layers else None
                net_in, out = hand.forward(xb, point, drop)
                p = hand.backward(net_in, out, tb, point, drop, lr=eta)
                bl = float(p.loss.mean())
                met += bl * len(xb)
                if limit is None:
                    limit = RUNAWAY * max(bl, 1.0)
                _watch(bl, limit, epoch)
                grads = net.gradient_arrays(p)
                k = 1.0 / len(xb)                       # the mean over the batch (the 《神经网络》 post eq. 17)
                grads = [_times(g, k) if m is None else g * (k * m) for g, m in zip(grads, masks)]
                for ai, two_lam in l2:                  # Keras' l2(λ): penalty λ·Σw², gradient 2λw
                    grads[ai] += two_lam * (arrays[ai] if masks[ai] is None else arrays[ai] * masks[ai])
                opt.step(arrays, grads, eta)
                if traced:
                    res.trace_opt.update(grads=[g.copy() for g in grads], state_after=_state(opt, arrays),
                                         after=[a.copy() for a in arrays])
                if conv is not None and conv.round_to is not None:
                    for a in arrays:
                        a[...] = conv.rnd(a)
                if on_update is not None:
                    on_update(arrays)
                # this update's arrays freed before the next batch's are made: the memory
                # they held is reused, not returned to the system and faulted in again
                net_in = out = p = grads = xb = tb = drop = None
                if should_stop():
                    res.stopped = "interrupted"
                    break
            seen.clear()                # outputs only of a pass at this epoch's parameters
            res.epochs_run = epoch
            res.updates = update
            if s.running_loss:
                res.running[epoch] = met / n
            if s.decay or s.step_decay:
                res.eta[epoch] = eta
            record = epoch == 1 or epoch == s.epochs or epoch % every == 0 or res.stopped \
                or epoch in at_epochs
            val_loss = None
            if val is not None and (record or s.patience):
                val_loss = mloss(*val)
            if record or s.patience:
                loss = mloss(Xt, Tt)
                _watch(loss, limit, epoch)
                if record:
                    res.history.append((epoch, loss, val_loss))
                    if classify:
                        res.accuracy[epoch] = _accuracies(net, small, Xt, Tt, val, seen)
                if epoch in at_epochs:
                    if small is not None:
                        small.store()
                    at_epochs[epoch](loss)
                if progress:
                    progress(epoch, loss)
                if s.patience:
                    watched = val_loss if val_loss is not None else loss
                    if watched < best - s.min_delta:
                        best, wait = watched, 0
                    else:
                        wait += 1
                        if wait >= s.patience:
                            res.stopped = "early stopping"
            elif progress and epoch % max(1, s.epochs // 200) == 0:
                progress(epoch, None)
            if res.stopped:
                if res.history[-1][0] != epoch:
                    loss = mloss(Xt, Tt)
                    res.history.append((epoch, loss, mloss(*val) if val is not None else None))
                    if classify:
                        res.accuracy[epoch] = _accuracies(net, small, Xt, Tt, val, seen)
                break
    finally:
        if small is not None:
            small.store()
    return res


def _small(net, s, conv, bs: int, n: int, val, drop_layers, l2):
    """The small-net path (:mod:`bptrace.maths.scalar`) for this training, or None where the
    array engine trains (another optimizer, L2, dropout, a sequential update of several rows,
    a net or batch too big to gain)."""
    if s.optimizer != "sgd" or drop_layers or l2 or n > 4096 or (net.sequential and bs > 1):
        return None
    from bptrace.maths.scalar import plan
    rows = max(bs, n, len(val[0]) if val is not None else 0)
    p = plan(net, conv, rows)
    from bptrace.training.smalltrain import SmallTraining
    return None if p is None else SmallTraining(p, s, bs, n)


def _state(opt, arrays) -> list[list[np.ndarray]]:
    """A copy of the optimizer's state (its slots per parameter array; zeros before its
    first step)."""
    if opt.state is None:
        return [[np.zeros_like(a) for a in arrays] for _ in range(len(opt.slots))]
    return [[a.copy() for a in slot] for slot in opt.state]


def is_classifier(net: Network, T: np.ndarray) -> bool:
    """A classification net (interface contract §4): a softmax output, or sigmoid outputs with
    0/1 targets."""
    act = net.layers[-1].activation.name
    return act == "softmax" or (act == "sigmoid" and bool(np.isin(T, (0.0, 1.0)).all()))


def accuracy(net: Network, X: np.ndarray, T: np.ndarray, Y: np.ndarray | None = None) -> float:
    """The fraction of samples whose largest output is the target's largest (one output: whose
    output is on the target's side of 0.5); ``Y``: the outputs, where a pass made them."""
    if Y is None:
        Y = net.predict(X)
    if Y.shape[1] == 1:
        return float(np.mean((Y[:, 0] > 0.5) == (T[:, 0] > 0.5)))
    return float(np.mean(np.argmax(Y, axis=1) == np.argmax(T, axis=1)))


def _accuracies(net: Network, small, Xt, Tt, val, seen: dict | None = None) -> tuple:
    """(accuracy, validation accuracy or None) with the parameters as they are now
    (``seen``: outputs the loss's pass made at these parameters, by id of the inputs)."""
    if small is not None:
        small.store()                   # the small path's parameters into the network's arrays
    seen = seen or {}
    return (accuracy(net, Xt, Tt, seen.get(id(Xt))),
            accuracy(net, *val, seen.get(id(val[0]))) if val is not None else None)


def _times(g: np.ndarray, k: float) -> np.ndarray:
    """g · k in place: a gradient array of this update's pass, used once (no new array
    of a layer's size each update)."""
    g *= k
    return g


def _watch(loss: float, limit: float, epoch: int) -> None:
    """NaN, infinity or a loss RUNAWAY times the first one stops training at once."""
    if not math.isfinite(loss) or loss > limit:
        raise Diverged(loss, epoch)


def learning_rate(lr: float, s: Settings, update: int, epoch: int) -> float:
    """η of the given update (1-based) in the given epoch: η₀ with the settings' decays."""
    if s.decay:                                 # 《BP神经网络拟合非线性函数》: a decay factor and a step count
        rate, steps, stair = s.decay
        k = update - 1                          # the first update uses η₀ (TensorFlow's step 0)
        power = k // steps if stair else k / steps
        lr = lr * rate ** power
    if s.step_decay:
        factor, every = s.step_decay
        lr = lr * factor ** ((epoch - 1) // every)
    return lr


def _dropout_masks(rng, drop_layers, batch: int, net: Network) -> list:
    """Inverted dropout: keep with probability 1 − p and scale by 1/(1 − p) (training only)."""
    masks: list = [None] * len(net.layers)
    for l, rate in drop_layers:
        keep = rng.random((batch, net.layers[l].size)) >= rate
        masks[l] = keep / (1.0 - rate)
    return masks


def trained_values(cfg, conv=None, epochs_delta: int = 0) -> dict[str, float]:
    """interface contract §3's trained.* keys: train a copy as the config's `train:` section says, then
    every parameter, the outputs for the config's `sample` and the mean loss over the data.
    (``conv`` and ``epochs_delta``: the variants of ``check --diagnose``.)"""
    arrays = cfg.network.copy_arrays()
    try:
        s = train_settings(cfg.train, cfg.network, cfg.seed)
        s.epochs = max(1, s.epochs + epochs_delta)
        s.every = s.epochs
        X, T = cfg.dataset
        res = train(cfg.network, X, T, cfg.learning_rate, s, conv=conv)
        return trained_readout(cfg.network, cfg.sample.x, res.history[-1][1])
    finally:
        cfg.network.set_arrays(arrays)


def trained_readout(net: Network, x: np.ndarray, loss: float) -> dict[str, float]:
    """The trained.* keys of a trained network: every parameter, the outputs for the
    sample ``x`` and the final mean loss over the data (``loss``)."""
    out = {f"trained.{p.name}": net.value(p) for p in net.params}
    y = net.predict(x[None, :])[0]
    for o, v in zip(net.outputs, y.tolist()):
        out[f"trained.out.{o}"] = v
    out["trained.loss"] = loss
    return out


# --- How far a long computation has got: the record the engine hands to a callback (the
# diagnosis's variants, compare's trainings). The engine never prints; the command line turns
# these records into a bar on stderr.

@dataclass(frozen=True)
class Progress:
    stage: str          # what is being done: "variants", "pairs", "trainings", "students"
    done: int           # finished so far in this stage
    total: int          # in this stage


Callback = Optional[Callable[[Progress], None]]


def tell(callback: Callback, stage: str, done: int, total: int) -> None:
    """Call the callback (if any) with a Progress record."""
    if callback is not None:
        callback(Progress(stage, done, total))
