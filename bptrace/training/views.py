"""What `bptrace train` shows: its report (:func:`summary`: settings, loss history, final
values), the full step trace of one update (--trace-at), the network's outputs for every
sample, its parameters before and after, and the picture grid of --plot. Computed here,
shown by the renderers; nothing here prints."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from bptrace.errors import BadInput
from bptrace.maths.optimizers import OPTIMIZERS
from bptrace.training.loop import Result, Settings, mean_loss, split
from bptrace.training.paramvalues import Named, TrainedValues, named

if TYPE_CHECKING:
    from bptrace.maths.network import Network


def check_trace_at(s, k: int, n: int) -> None:
    """--trace-at shows a plain gradient-descent step of one sample: refuse what it cannot
    show truthfully, and an update that training will not make."""
    if s.mode != "online" and not (s.mode == "minibatch" and s.batch_size == 1):
        raise BadInput(key="trace-at online")
    if any(v > 0 for v in s.l2.values()) or any(v > 0 for v in s.dropout.values()):
        raise BadInput(key="trace-at plain")
    total = s.epochs * n
    if k > total:
        raise BadInput(key="trace-at range", args={"k": k, "total": total, "epochs": s.epochs,
                                                   "n": n})


def update_trace(cfg, res, title: str):
    """The step trace of the update training recorded (``res.trace_at``: the parameters
    before it, its sample and η): the network's parameters are set to those for the trace,
    then restored to the trained ones."""
    from bptrace.trace import build_trace

    net = cfg.network
    trained = net.copy_arrays()
    arrays, x, t, eta = res.trace_at
    opt = res.trace_opt
    # another optimizer: the forward and backward pass (at Nesterov's look-ahead point) and the
    # gradients; its own update is the optimizer step (:mod:`bptrace.training.views`)
    net.set_arrays(arrays if opt is None or opt["point"] is None else opt["point"])
    try:
        return build_trace(net, x, t, eta if opt is None else None, title=title, file=cfg.file)
    finally:
        net.set_arrays(trained)


def parameters(net) -> Named:
    """The value of every parameter now (to compare after training)."""
    return named(net)


class _Rows:
    """A read-only list whose rows are made when asked (a renderer shows a dozen of 60,000)."""

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._row(k) for k in range(*i.indices(self._n))]
        if i < 0:
            i += self._n
        if not 0 <= i < self._n:
            raise IndexError(i)
        return self._row(i)

    def __iter__(self):
        return (self._row(k) for k in range(self._n))

    def __bool__(self) -> bool:
        return self._n > 0

    def __add__(self, other):
        return list(self) + list(other)


class BeforeAfter(_Rows):
    """(name, value before training, value after) for every parameter; a row's name is
    made when the row is asked for."""

    def __init__(self, before: Named, after: Named):
        self._before, self._after, self._n = before, after, len(after)

    def _row(self, k: int) -> tuple[str, float, float]:
        return self._after.name(k), self._before.value(k), self._after.value(k)

    def __iter__(self):
        return zip(self._after.names(), self._before.floats(), self._after.floats())


def before_after(before: Named, net) -> BeforeAfter:
    """(name, value before training, value after) for every parameter."""
    return BeforeAfter(before, named(net))


class OutputRows(_Rows):
    """The trained network's output for every sample beside its target: {index, input,
    target, output}; outputs are computed for the rows asked (all at once when iterated)."""

    def __init__(self, net, X, T):
        self._net, self._X, self._T, self._n = net, X, T, len(X)
        self._Y = None

    def _outputs(self, k: int):
        if self._Y is None:
            return self._net.predict(self._X[k:k + 1])[0]
        return self._Y[k]

    def _row(self, k: int) -> dict:
        return {"index": k, "input": self._X[k].tolist(), "target": self._T[k].tolist(),
                "output": self._outputs(k).tolist()}

    def __iter__(self):
        if self._Y is None:
            self._Y = self._net.predict(self._X)
        return super().__iter__()


def output_rows(net, X, T) -> OutputRows:
    """The trained network's output for every sample beside its target."""
    return OutputRows(net, X, T)


@dataclass
class Picture:
    """What --plot draws beside the loss: a fitted curve (1-D) or decision regions (2-D)."""
    kind: str
    grid: object
    outputs: list[float]
    X: object
    T: object

    def as_tuple(self):
        return self.kind, self.grid, self.outputs, self.X, self.T


def picture(net, X, T) -> Picture | None:
    """The trained network evaluated on the picture grid, or None where there is no picture."""

    kind, grid = picture_grid(X, len(net.outputs))
    if kind is None:
        return None
    return Picture(kind, grid, net.predict(grid)[:, 0].tolist(), X, T)


# --- The step an optimizer other than plain gradient descent made at the update train
# --trace-at asked for: per parameter its gradient, the optimizer's state before and after
# (momentum's θ, Adagrad's and RMSProp's r, Adam's m and v, with m̂ and v̂) and the parameter
# before and after — the numbers the course slides' iteration formulas take. Made from what
# training recorded (``Result.trace_opt``); nothing here prints.

class OptRow(NamedTuple):
    name: str
    P: float
    g: float
    before: dict          # slot → value before the step
    after: dict           # slot → value after it
    extra: dict           # Adam: m̂, v̂
    new: float


class OptStep(NamedTuple):
    optimizer: str
    formula: str
    settings: dict        # every setting, the defaults included
    eta: float
    t: int                # the optimizer's step count (Adam's bias correction)
    lookahead: bool       # Nesterov: the gradient taken at P + β·θ
    rows: list
    derived: dict         # the settings' complements the formulas use: 1−ρ, 1−β₁, 1−β₁ᵗ, …


def optimizer_step(net, res, s) -> OptStep | None:
    rec = res.trace_opt
    if rec is None or "after" not in rec:
        return None
    cls = OPTIMIZERS[s.optimizer]
    settings = {**cls.settings, **s.optimizer_settings}
    before_arrays = res.trace_at[0]
    t = rec["t"]
    rows = []
    for p in net.params:
        i = 2 * p.layer + (0 if p.kind == "w" else 1)
        idx = p.index

        def at(arrs):
            return float(arrs[i][idx])
        before = {slot: at(rec["state_before"][k]) for k, slot in enumerate(cls.slots)}
        after = {slot: at(rec["state_after"][k]) for k, slot in enumerate(cls.slots)}
        extra = {}
        if s.optimizer == "adam":
            extra = {"m̂": after["m"] / (1 - settings["beta1"] ** t),
                     "v̂": after["v"] / (1 - settings["beta2"] ** t)}
        rows.append(OptRow(p.name, at(before_arrays), at(rec["grads"]), before, after, extra,
                           at(rec["after"])))
    derived = {}
    if "rho" in settings:
        derived["1−ρ"] = 1 - settings["rho"]
    if "beta1" in settings:
        derived.update({"1−β₁": 1 - settings["beta1"], "1−β₂": 1 - settings["beta2"],
                        "1−β₁ᵗ": 1 - settings["beta1"] ** t, "1−β₂ᵗ": 1 - settings["beta2"] ** t})
    return OptStep(s.optimizer, cls.formula, settings, res.trace_at[3], t,
                   rec["point"] is not None, rows, derived)


def summary(net: Network, X: np.ndarray, T: np.ndarray, res: Result, s: Settings,
            lr: float) -> dict:
    """Plain data for the renderers: settings, history, final values (interface contract §4;
    ``values`` a :class:`~bptrace.training.paramvalues.TrainedValues` mapping, its names made when read)."""
    n_train = len(split(X, T, s)[0][0])

    extra = {}
    if res.accuracy:
        extra["accuracy"] = res.accuracy[max(res.accuracy)][0]
    values = TrainedValues(res.history[-1][1] if res.history else mean_loss(net, X, T), named(net),
                           extra)
    return {
        "settings": {"epochs": s.epochs, "epochs_run": res.epochs_run, "updates": res.updates,
                     "mode": s.mode, "batch_size": s.batch_size if s.mode == "minibatch" else
                     (1 if s.mode == "online" else n_train),
                     "shuffle": s.shuffle, "seed": s.seed, "optimizer": s.optimizer,
                     "learning_rate": lr}
                    | ({"l2": {str(l + 1): lam for l, lam in s.l2.items() if lam > 0},
                        "loss_includes_l2": s.l2_in_loss} if any(v > 0 for v in s.l2.values()) else {}),
        "history": [{"epoch": e, "loss": l} | ({"val_loss": v} if v is not None else {})
                    | ({"running_loss": res.running[e]} if e in res.running else {})
                    | ({"learning_rate": res.eta[e]} if e in res.eta else {})
                    | ({"accuracy": res.accuracy[e][0]} if e in res.accuracy else {})
                    | ({"val_accuracy": res.accuracy[e][1]}
                       if e in res.accuracy and res.accuracy[e][1] is not None else {})
                    for e, l, v in res.history],
        "values": values,
        "stopped": res.stopped,
    }


def picture_grid(X: np.ndarray, n_out: int):
    """Where to evaluate the trained networks for a picture: a line over the inputs' range
    (1-D regression) or a square grid (2-D, one output); None otherwise."""
    if X.shape[1] == 1 and n_out == 1:
        return "curve", np.linspace(X[:, 0].min(), X[:, 0].max(), 200)[:, None]
    if X.shape[1] == 2 and n_out == 1:
        lo, hi = X.min(axis=0), X.max(axis=0)
        # a side of no extent (one sample, or every sample on one line) is given one unit
        pad = np.where(hi > lo, 0.1 * (hi - lo), 0.5)
        xs = np.linspace(lo[0] - pad[0], hi[0] + pad[0], 60)
        ys = np.linspace(hi[1] + pad[1], lo[1] - pad[1], 24)
        return "regions", np.array([[x, y] for y in ys for x in xs])
    return None, None
