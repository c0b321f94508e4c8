"""Training on Python floats (the small-net path, :mod:`bptrace.maths.scalar`): the
parameters as one tuple, the data as lists of rows; :func:`bptrace.training.loop.train`
hands it each update, an epoch of updates or the updates of many epochs. And what
check --diagnose reads from one training: the trained values one epoch fewer, as stated
and one more (:func:`trained_around`), and how its variants train — alone, or several
alike at once (:func:`trained_shared`). Nothing here prints."""

from __future__ import annotations

import copy

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
        # a loss recorded a few times only (check's trained values): numpy's pass, the same
        # numbers, costs less than compiling one
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
        from bptrace.maths.sums import pairwise
        per = self.plan.losses(len(X))(self.P, self._rows(X), self._rows(T))
        return pairwise(per) / len(per)

    def store(self) -> None:
        self.plan.store(self.P)


def trained_around(cfg, conv=None) -> dict[int, dict[str, float]] | None:
    """The trained.* keys of one epoch fewer (−1), as stated (0) and one more (+1), from one
    training of one epoch more (what ``check --diagnose``'s "one update fewer/more" read);
    a way that diverged before its epoch gives {}. None where they cannot be read from one
    training (early stopping, or a single epoch stated)."""
    from bptrace.config.settings import train_settings
    from bptrace.training.loop import train, trained_readout

    s = train_settings(cfg.train, cfg.network, cfg.seed)
    E = s.epochs
    if s.patience or E < 2:
        return None
    got: dict[int, dict[str, float]] = {-1: {}, 0: {}, 1: {}}
    arrays = cfg.network.copy_arrays()
    try:
        s.epochs = s.every = E + 1

        def keep(d):
            return lambda loss: got.__setitem__(d, trained_readout(cfg.network, cfg.sample.x, loss))
        X, T = cfg.dataset
        try:
            train(cfg.network, X, T, cfg.learning_rate, s, conv=conv,
                  at_epochs={E - 1: keep(-1), E: keep(0), E + 1: keep(1)})
        except Diverged:
            pass
        return got
    finally:
        cfg.network.set_arrays(arrays)


# --- check --diagnose's variants trained: alone, or where one training serves several
def training_convention(conv):
    """The convention a variant trains with: rounding is a hand-calculation habit (trained
    values come from code, unrounded), and printed values pin one step only."""
    train_conv = copy.copy(conv)
    train_conv.round_to = None
    train_conv.pins, train_conv.keys = {}, {}
    return train_conv


def trained_alone(c, s: dict) -> dict[str, float]:
    """The trained values of one applied variant, trained on its own (the stack's reference):
    empty where it diverges, as a variant that diverges reproduces nothing."""
    from bptrace.training.loop import trained_values
    try:
        with np.errstate(all="ignore"):
            return trained_values(c, training_convention(s["conv"]), s["epochs_delta"])
    except Diverged:
        return {}


def trained_shared(c, s: dict, same, cache: dict) -> dict[str, float]:
    """The trained values of an applied variant that trains on the small-net path (``same``:
    its :func:`training_signature`): where one training can give them, the ways one epoch
    fewer and one more come from the same training and go into ``cache`` too."""
    from bptrace.config import train_settings

    delta = s["epochs_delta"]
    if delta or train_settings(c.train, c.network, c.seed).epochs >= 10:
        with np.errstate(all="ignore"):
            got = trained_around(c, training_convention(s["conv"]))
        if got is not None:
            for d, values in got.items():
                cache.setdefault(same[:4] + (delta + d,) + same[5:], values)
            return got[0]
    return trained_alone(c, s)


def training_signature(c, s: dict):
    """What an applied variant's training computes, where the small-net path trains it (else
    None): two variants with one signature train to the same numbers and names."""
    from bptrace.config import train_settings
    from bptrace.maths.scalar import plan

    X, T = c.dataset
    p = plan(c.network, training_convention(s["conv"]), len(X))
    if p is None:
        return None
    net = c.network
    return ("same training", p.signature(), p.params(), c.learning_rate, s["epochs_delta"],
            repr(vars(train_settings(c.train, net, c.seed))), tuple(q.name for q in net.params),
            tuple(net.outputs), X.tobytes(), T.tobytes(), c.sample.x.tobytes())


def base_trainings(cfg) -> dict:
    """The config's own training, for check --diagnose, where the small-net path trains it:
    its trained values (key ()) and, by its :func:`training_signature`, those one epoch
    fewer and one more from the same training — the variants that train alike (the one
    update fewer or more, the error signal's naming) take them from there. {} where it
    does not (or diverges: then it trains, and is reported, as without a diagnosis)."""
    from bptrace.maths.conventions import Convention

    c = copy.copy(cfg)                          # as the diagnosis applies no variant to it
    c.network = cfg.network.copy()
    s = {"conv": Convention(), "epochs_delta": 0}
    same = training_signature(c, s)
    if same is None:
        return {}
    cache: dict = {}
    got = trained_shared(c, s, same, cache)
    return {**cache, same: got, (): got} if got else {}
