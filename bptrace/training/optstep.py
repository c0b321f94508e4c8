"""The step an optimizer other than plain gradient descent made at the update train
--trace-at asked for: per parameter its gradient, the optimizer's state before and after
(momentum's θ, Adagrad's and RMSProp's r, Adam's m and v, with m̂ and v̂) and the parameter
before and after — the numbers the course slides' iteration formulas take. Made from what
training recorded (``Result.trace_opt``); nothing here prints."""

from __future__ import annotations

from typing import NamedTuple

from bptrace.maths.optimizers import OPTIMIZERS


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
