"""check --diagnose's stack of networks (:mod:`bptrace.checking.batched`): the batches of an
epoch, and the general engine's watch on each update's batch loss, kept for many updates
and taken at once. Nothing here prints."""

from __future__ import annotations

import numpy as np

from bptrace.training.loop import RUNAWAY


def batches(X, T, order, bs: int) -> list:
    """An epoch's batches (x rows, t rows) in this order (a range: slices, else rows)."""
    out = []
    for start in range(0, len(order), bs):
        idx = slice(start, start + bs) if isinstance(order, range) else order[start:start + bs]
        out.append((np.asarray(X[idx], dtype=np.float64), np.asarray(T[idx], dtype=np.float64)))
    return out


class Watch:
    """The general engine's watch on every update's batch loss (NaN, infinity or RUNAWAY
    times the first stops a network: ``bad``), taken for many updates at once: each
    update's outputs are kept until :meth:`flush`."""

    def __init__(self, V: int, value):
        self.value = value
        self.bad = np.zeros(V, dtype=bool)
        self.limit = None
        self.ys: list = []
        self.ts: list = []
        self.fresh = False                      # flushed since the loop last looked

    def add(self, y: np.ndarray, t: np.ndarray) -> None:
        if self.ys and y.shape != self.ys[-1].shape:      # a short last batch
            self.flush()
        self.ys.append(y)
        self.ts.append(t)
        if len(self.ys) * y.size > 1 << 18:
            self.flush()

    def flush(self) -> None:
        if not self.ys:
            return
        Y = np.stack(self.ys)                   # (updates, V, B, outputs)
        T = np.stack(self.ts)[:, None]
        self.ys, self.ts = [], []
        self.fresh = True
        with np.errstate(all="ignore"):
            per = self.value(Y, T)                          # (updates, V, B)
            bl = np.add.reduce(per, axis=-1) / per.shape[-1]
        if self.limit is None:
            self.limit = RUNAWAY * np.maximum(bl[0], 1.0)
        self.bad |= ~(np.isfinite(bl) & (bl <= self.limit)).all(axis=0)


def summed(parts):
    """A loss's value from its per-output parts (Loss.value)."""
    return lambda y, t: parts(y, t).sum(axis=-1)
