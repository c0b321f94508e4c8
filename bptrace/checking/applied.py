"""A variant of the catalogue applied to a config (check --diagnose): the changed copy it
computes with, and what its training shares with other variants'. Used by the one-at-a-time
evaluation (:mod:`.diagnose`)."""

from __future__ import annotations

import copy

from bptrace.checking.variants import CATALOGUE_BY_NAME
from bptrace.maths.conventions import Convention


def applied(cfg, names: tuple[str, ...], trained: bool, base_values: dict):
    """A copy of the config with the variants applied: (config, settings dict, mistakes),
    or None where a variant does not apply."""
    c = copy.copy(cfg)              # the variants change the network and the learning rate
    c.network = cfg.network.copy()
    s = {"conv": Convention(), "epochs_delta": 0, "trained": trained, "base": base_values,
         "rounding": False, "truncate": False, "mistake": None, "float32": False}
    mistakes = []
    for v in [CATALOGUE_BY_NAME[n] for n in names]:
        if not v.apply(c, s):
            return None
        mistakes.append(s["mistake"] or v.mistake)
        s["mistake"] = None
    return c, s, tuple(mistakes)


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
    import numpy as np

    from bptrace.errors import Diverged
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
    from bptrace.training.smalltrain import trained_around

    delta = s["epochs_delta"]
    if delta or train_settings(c.train, c.network, c.seed).epochs >= 10:
        import numpy as np
        with np.errstate(all="ignore"):
            got = trained_around(c, training_convention(s["conv"]))
        if got is not None:
            for d, values in got.items():
                cache.setdefault(same[:4] + (delta + d,) + same[5:], values)
            return got[0]
    return trained_alone(c, s)


def base_trainings(cfg) -> dict:
    """The config's own training, for check --diagnose, where the small-net path trains it:
    its trained values (key ()) and, by its :func:`training_signature`, those one epoch
    fewer and one more from the same training — the variants that train alike (the one
    update fewer or more, the error signal's naming) take them from there. {} where it
    does not (or diverges: then it trains, and is reported, as without a diagnosis)."""
    c, s, _ = applied(cfg, (), True, {})
    same = training_signature(c, s)
    if same is None:
        return {}
    cache: dict = {}
    got = trained_shared(c, s, same, cache)
    return {**cache, same: got, (): got} if got else {}


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


def training_key(names: tuple[str, ...]) -> tuple[str, ...]:
    """The variants of a job that change its training (rounding is a hand-calculation habit:
    trained values come from code, unrounded): jobs with one key train once."""
    return tuple(n for n in names if CATALOGUE_BY_NAME[n].family not in PRINTING)


# the families that change how values are written, not how anything trains
PRINTING = ("rounding", "truncation")
