"""Training: the same forward/backward as `step`, batched, repeated. Nothing here prints.

:class:`Settings` come from the config's ``train:`` section and the command line's
overrides (both read by :func:`bptrace.config.train_settings`, documented in the README);
:func:`train` returns a :class:`Result` with the loss history and the
trained parameters.
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np

from bptrace.config.settings import MODES, Settings, check_settings, train_settings
from bptrace.errors import BadInput, Diverged
from bptrace.maths.fastloop import plain_mean_loss, plain_update
from bptrace.maths.network import Network
from bptrace.maths.optimizers import make_optimizer
from bptrace.training.paramvalues import TrainedValues, named

__all__ = ["MODES", "Settings", "check_settings", "Result", "split", "mean_loss", "train",
           "summary", "trained_values", "trained_readout"]

RUNAWAY = 1e6          # a loss this many times the first one (and above 1) has diverged


class Result:
    def __init__(self):
        self.history: list[tuple[int, float, float | None]] = []   # (epoch, loss, val_loss)
        self.epochs_run = 0
        self.updates = 0
        self.stopped: str | None = None        # None, "early stopping", "interrupted"
        self.trace_at: tuple | None = None     # (arrays before, x, t, lr) of the asked update


def split(X: np.ndarray, T: np.ndarray, s: Settings):
    """(train X, T), (validation X, T) or None."""
    if s.validation is None:
        return (X, T), None
    if isinstance(s.validation, float):
        n_val = max(1, int(round(len(X) * s.validation)))
        if n_val >= len(X):
            raise BadInput(key="validation leaves none")
        return (X[:-n_val], T[:-n_val]), (X[-n_val:], T[-n_val:])
    return (X, T), s.validation


def mean_loss(net: Network, X: np.ndarray, T: np.ndarray) -> float:
    """The mean over the data set of the per-sample loss (interface contract §4), forward only."""
    return float(np.mean(net.losses(X, T)))


def train(net: Network, X: np.ndarray, T: np.ndarray, lr: float, s: Settings, *,
          should_stop: Callable[[], bool] = lambda: False,
          progress: Callable[[int, float], None] | None = None,
          trace_at: int | None = None, conv=None, only: list | None = None,
          on_update: Callable[[list[np.ndarray]], None] | None = None) -> Result:
    """Train `net` in place. Raises Diverged on NaN, infinity or a runaway loss.
    ``conv``: a :class:`~bptrace.maths.network.Convention` other than the correct one (diagnose).
    ``only``: per array, the factor applied to its gradient instead of the network's own
    (``bptrace plot``: two parameters trained, the others held); ``on_update(arrays)`` is
    called after every update (the arrays are the network's own: copy what you keep)."""
    (Xt, Tt), val = split(X, T, s)
    check_settings(s, len(Xt))
    n = len(Xt)
    arrays = net.arrays()
    masks = net.trainable_masks() if only is None else only
    opt = make_optimizer(s.optimizer, lr, s.optimizer_settings)
    rng = np.random.Generator(np.random.PCG64(s.seed))
    bs = {"online": 1, "batch": n, "minibatch": s.batch_size or n}[s.mode]
    every = s.every or max(1, s.epochs // 1000)
    res = Result()
    limit = None                                # set from the first batch's loss
    best, wait = math.inf, 0
    l2 = [(2 * l, 2.0 * lam) for l, lam in s.l2.items() if lam > 0]
    drop_layers = [(l, rate) for l, rate in sorted(s.dropout.items()) if rate > 0]
    update = 0
    plain = plain_update(net, s, conv) if only is None else None   # dense, plain SGD: only the maths
    mloss = plain_mean_loss(net) if plain is not None else (lambda X, T: mean_loss(net, X, T))

    def watch(bl: float) -> None:
        nonlocal limit
        if limit is None:
            limit = RUNAWAY * max(bl, 1.0)
        _watch(bl, limit, epoch)
    for epoch in range(1, s.epochs + 1):
        order = rng.permutation(n) if s.shuffle else None
        for start in range(0, n, bs):
            idx = slice(start, start + bs) if order is None else order[start:start + bs]
            xb, tb = Xt[idx], Tt[idx]
            update += 1
            eta = _learning_rate(lr, s, update, epoch)
            if trace_at is not None and update == trace_at:
                res.trace_at = ([a.copy() for a in arrays], xb[0].copy(), tb[0].copy(), eta)
            if plain is not None:
                plain(xb, tb, eta, watch)
                if on_update is not None:
                    on_update(arrays)
                if should_stop():
                    res.stopped = "interrupted"
                    break
                continue
            point = opt.lookahead(arrays)
            drop = _dropout_masks(rng, drop_layers, len(xb), net) if drop_layers else None
            net_in, out = net.forward(xb, point, drop, conv)
            p = net.backward(net_in, out, tb, point, drop, conv, lr=eta)
            bl = float(p.loss.mean())
            if limit is None:
                limit = RUNAWAY * max(bl, 1.0)
            _watch(bl, limit, epoch)
            grads = net.gradient_arrays(p)
            k = 1.0 / len(xb)                       # the mean over the batch (the 《神经网络》 post eq. 17)
            grads = [_times(g, k) if m is None else g * (k * m) for g, m in zip(grads, masks)]
            for ai, two_lam in l2:                  # Keras' l2(λ): penalty λ·Σw², gradient 2λw
                grads[ai] += two_lam * (arrays[ai] if masks[ai] is None else arrays[ai] * masks[ai])
            opt.step(arrays, grads, eta)
            if conv is not None and conv.round_to is not None:
                for a in arrays:
                    a[...] = conv.rnd(a)
            if on_update is not None:
                on_update(arrays)
            if should_stop():
                res.stopped = "interrupted"
                break
        res.epochs_run = epoch
        res.updates = update
        record = epoch == 1 or epoch == s.epochs or epoch % every == 0 or res.stopped
        val_loss = None
        if val is not None and (record or s.patience):
            val_loss = mloss(*val)
        if record or s.patience:
            loss = mloss(Xt, Tt)
            _watch(loss, limit, epoch)
            if record:
                res.history.append((epoch, loss, val_loss))
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
            break
    return res


def _times(g: np.ndarray, k: float) -> np.ndarray:
    """g · k in place: a gradient array of this update's pass, used once (no new array
    of a layer's size each update)."""
    g *= k
    return g


def _watch(loss: float, limit: float, epoch: int) -> None:
    """NaN, infinity or a loss RUNAWAY times the first one stops training at once."""
    if not math.isfinite(loss) or loss > limit:
        raise Diverged(loss, epoch)


def _learning_rate(lr: float, s: Settings, update: int, epoch: int) -> float:
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


learning_rate = _learning_rate          # (public: the schedule bptrace plot draws)


def _dropout_masks(rng, drop_layers, batch: int, net: Network) -> list:
    """Inverted dropout: keep with probability 1 − p and scale by 1/(1 − p) (training only)."""
    masks: list = [None] * len(net.layers)
    for l, rate in drop_layers:
        keep = rng.random((batch, net.layers[l].size)) >= rate
        masks[l] = keep / (1.0 - rate)
    return masks


def summary(net: Network, X: np.ndarray, T: np.ndarray, res: Result, s: Settings,
            lr: float) -> dict:
    """Plain data for the renderers: settings, history, final values (interface contract §4;
    ``values`` a :class:`~bptrace.training.paramvalues.TrainedValues` mapping, its names made when read)."""
    n_train = len(split(X, T, s)[0][0])

    values = TrainedValues(res.history[-1][1] if res.history else mean_loss(net, X, T), named(net))
    return {
        "settings": {"epochs": s.epochs, "epochs_run": res.epochs_run, "updates": res.updates,
                     "mode": s.mode, "batch_size": s.batch_size if s.mode == "minibatch" else
                     (1 if s.mode == "online" else n_train),
                     "shuffle": s.shuffle, "seed": s.seed, "optimizer": s.optimizer,
                     "learning_rate": lr},
        "history": [{"epoch": e, "loss": l} | ({"val_loss": v} if v is not None else {})
                    for e, l, v in res.history],
        "values": values,
        "stopped": res.stopped,
    }


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
