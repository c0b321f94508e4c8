"""Textbook conventions of a hand calculation: the trace as a student computes it, every
intermediate rounded to N decimals, beside the exact float64 trace to compare it with.

Here rather than in ``check/`` because ``step --round`` shows it as well as ``check``;
the rounding itself is the engine's :class:`~bptrace.network.Convention`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Traces:
    """``shown``: the trace to show (hand-rounded where a rounding is asked for, else the
    exact one); ``exact``: the exact trace beside a hand-rounded one, else None."""
    shown: object
    exact: object | None
    round_to: int | None = None


def hand_title(title: str, round_to: int) -> str:
    return f"{title} — by hand, every intermediate rounded to {round_to} decimals"


def traces(cfg, round_to: int | None) -> Traces:
    """The trace of the config's sample (hand-rounded where ``round_to`` is given) and the
    exact one to compare it with."""
    from bptrace.network import Convention
    from bptrace.trace import build_trace

    exact = build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate,
                        title=cfg.title, file=cfg.file)
    if round_to is None:
        return Traces(exact, None)
    hand = build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate,
                       title=hand_title(cfg.title, round_to), file=cfg.file,
                       conv=Convention(round_to=round_to))
    return Traces(hand, exact, round_to)


def hand_values(cfg, decimals: int) -> dict[str, float]:
    """Every value of a hand calculation that rounds each intermediate to ``decimals``."""
    from bptrace.network import Convention
    from bptrace.trace import build_trace

    return build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate,
                       conv=Convention(round_to=decimals)).values()
