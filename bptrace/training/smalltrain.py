"""Training on Python floats (the small-net path, :mod:`bptrace.maths.scalar`): the
parameters as one tuple, the data as lists of rows; :func:`bptrace.training.loop.train`
hands it each update or a whole epoch of updates. Nothing here prints."""

from __future__ import annotations

import numpy as np


class SmallTraining:
    """Training on Python floats: the parameters as one tuple, the data as lists of rows;
    :meth:`store` puts the parameters back into the network's arrays."""

    def __init__(self, plan, s, bs: int, n: int):
        self.plan = plan
        self.P = plan.params()
        self.steps = {}
        self.rows = {}
        self.limit = None           # the runaway loss, once the first batch's loss is known

    def _rows(self, X):
        key = id(X)
        if key not in self.rows:
            self.rows[key] = (X, np.asarray(X, dtype=np.float64).tolist())
        return self.rows[key][1]

    def bind(self, X, T):
        self.X, self.T = self._rows(X), self._rows(T)

    def update(self, idx, eta: float, watch) -> float:
        """One update with the rows idx; the batch's loss before it, summed over its rows."""
        if isinstance(idx, slice):
            xs, ts = self.X[idx], self.T[idx]
        else:
            X, T = self.X, self.T
            xs, ts = [X[i] for i in idx.tolist()], [T[i] for i in idx.tolist()]
        B = len(xs)
        step = self.steps.get(B)
        if step is None:
            step = self.steps[B] = self.plan.step(B)
        bl, P = step(self.P, xs, ts, eta)
        watch(bl)
        self.P = P
        return bl * B

    def epoch(self, order, n: int, bs: int, eta: float, update: int, watch, should_stop):
        """The epoch's updates at one η (rows in ``order``, or as they are): (Σ of the
        batches' losses before each update, the updates done so far, negated where
        ``should_stop`` interrupted)."""
        X, T = self.X, self.T
        if order is not None:
            order = order.tolist()
        P, steps, met = self.P, self.steps, 0.0
        limit = self.limit
        try:
            for start in range(0, n, bs):
                if order is None:
                    xs, ts = X[start:start + bs], T[start:start + bs]
                else:
                    rows = order[start:start + bs]
                    xs, ts = [X[i] for i in rows], [T[i] for i in rows]
                B = len(xs)
                step = steps.get(B)
                if step is None:
                    step = steps[B] = self.plan.step(B)
                bl, P = step(P, xs, ts, eta)
                update += 1
                if limit is None or not bl <= limit:    # NaN, infinity or a runaway loss
                    limit = self.limit = watch(bl)
                met += bl * B
                if should_stop():
                    return met, -update
        finally:
            self.P = P
        return met, update

    def mean_loss(self, X, T) -> float:
        from bptrace.maths.sums import pairwise
        per = self.plan.losses(len(X))(self.P, self._rows(X), self._rows(T))
        return pairwise(per) / len(per)

    def store(self) -> None:
        self.plan.store(self.P)
