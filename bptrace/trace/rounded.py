"""A hand calculation's trace beside the exact one: ``step --round N`` / ``--round printed``
and ``check`` build both from a config (the conventions themselves are
:mod:`bptrace.maths.conventions`'s)."""

from __future__ import annotations

from bptrace.maths.conventions import Convention, hand_convention, hand_title
from bptrace.trace.build import build_trace


class Traces:
    """``shown``: the trace to show (hand-rounded where a rounding is asked for, else the
    exact one); ``exact``: the exact trace beside a hand-rounded one, else None."""

    def __init__(self, shown, exact, round_to: int | None = None):
        self.shown, self.exact, self.round_to = shown, exact, round_to


def traces(cfg, round_to) -> Traces:
    """The trace of the config's sample (hand-rounded where ``round_to`` is given: a number
    of decimals or "printed") and the exact one to compare it with."""
    exact = build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate,
                        title=cfg.title, file=cfg.file)
    if round_to is None:
        return Traces(exact, None)
    hand = build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate,
                       title=hand_title(cfg.title, round_to), file=cfg.file,
                       conv=hand_convention(cfg, round_to))
    return Traces(hand, exact, round_to)


def hand_values(cfg, decimals: int) -> dict[str, float]:
    """Every value of a hand calculation that rounds each intermediate to ``decimals``."""
    return build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate,
                       conv=Convention(round_to=decimals)).values()
