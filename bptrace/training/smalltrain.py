"""Training on Python floats (the small-net path, :mod:`bptrace.maths.scalar`): the
parameters as one tuple, the data as lists of rows; :func:`bptrace.training.loop.train`
hands it each update, an epoch of updates or the updates of many epochs. Nothing here
prints."""

from __future__ import annotations

import numpy as np

from bptrace.errors import Diverged


class SmallTraining:
    """Training on Python floats: the parameters as one tuple, the data as lists of rows;
    :meth:`store` puts the parameters back into the network's arrays."""

    def __init__(self, plan, s, bs: int, n: int):
        self.plan = plan
        self.P = plan.params()
        self.steps = {}
        self.rows = {}
        self.flat: dict[int, list] = {}
        self.limit = None           # the runaway loss, once the first batch's loss is known
        # a loss recorded a few times only (check's trained values): numpy's pass costs less
        # than compiling one
        self.few = not s.patience and s.epochs // (s.every or max(1, s.epochs // 1000)) <= 8

    def _rows(self, X):
        key = id(X)
        if key not in self.rows:
            self.rows[key] = (X, np.asarray(X, dtype=np.float64).tolist())
        return self.rows[key][1]

    def bind(self, X, T):
        self.X, self.T = self._rows(X), self._rows(T)
        self.flat = {}

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
        watch(bl)                   # raises Diverged before the update, as the arrays do
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
                bl, after = step(P, xs, ts, eta)
                update += 1
                if limit is None or not bl <= limit:    # NaN, infinity or a runaway loss
                    limit = self.limit = watch(bl)      # raises before the update
                P = after
                met += bl * B
                if should_stop():
                    return met, -update
        finally:
            self.P = P
        return met, update

    @staticmethod
    def quiet_until(epoch: int, last: int, every: int, at_epochs: dict, progress) -> int:
        """The first epoch from ``epoch`` on after which anything is recorded or told (the
        updates of the epochs before it need nothing in between)."""
        if epoch == 1:
            return 1
        end = min(last, -(-epoch // every) * every)
        if progress:
            step = max(1, last // 200)
            end = min(end, -(-epoch // step) * step)
        return min([end] + [e for e in at_epochs if epoch <= e < end])

    def quiet(self, epoch: int, last: int, bs: int, eta: float, watch,
              stop) -> tuple[int, int, bool]:
        """The updates of epochs ``epoch``…``last`` (rows in order, in batches of bs, one η)
        in one call of the generated loop: (the epoch of the last update done, the updates
        done, whether ``stop()`` interrupted). The first update's loss goes to ``watch``
        (which sets the runaway limit); raises Diverged before an update whose loss ran
        away, as the arrays do."""
        if bs not in self.flat:
            X, T = self.X, self.T
            self.flat[bs] = [tuple(v for r in range(at, at + bs) for v in X[r] + T[r])
                             for at in range(0, len(X), bs)]
        batches = self.flat[bs]
        nb = len(batches)
        run = self.plan.run(bs, nb == 1, stop is not None)
        if self.limit is None:          # the first update's loss, before it (no loss is < 0)
            self.limit = watch(run(self.P, batches, eta, 1, -1.0, None)[3])
        self.P, ep, k, bl = run(self.P, batches, eta, last - epoch + 1, self.limit, stop)
        done = ep * nb + k
        if bl is not None and bl is not False:      # NaN, infinity or a runaway loss
            raise Diverged(bl, epoch + done // nb)
        return epoch + (done - 1) // nb, done, bl is False

    def mean_loss(self, X, T) -> float:
        if self.few:
            self.store()
            return float(np.mean(self.plan.net.losses(X, T)))
        from bptrace.maths.scalar import total
        per = self.plan.losses(len(X))(self.P, self._rows(X), self._rows(T))
        return total(per) / len(per)

    def store(self) -> None:
        self.plan.store(self.P)
