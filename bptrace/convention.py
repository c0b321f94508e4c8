"""How a step is computed by hand: the textbook-correct default, rounding every intermediate
(``--round N``) and the documented ways hand calculations go wrong (``check --diagnose``), and the hand-rounded
trace beside the exact one (here rather than in ``check/``: ``step --round`` shows it too).
The maths (:mod:`bptrace.network`) asks a :class:`Convention`; nothing here prints."""

from __future__ import annotations

from dataclasses import dataclass


def _same(x):
    return x


def hand_round(x, decimals: int):
    """Round half away from zero, as a student with a calculator does (numpy rounds half
    to even)."""
    import numpy as np

    f = 10.0 ** decimals
    return np.sign(x) * np.floor(np.abs(x) * f + 0.5) / f


class Convention:
    """How a step is computed. The default is textbook-correct backpropagation; the options
    are the documented ways hand calculations differ (``--round N``) or go wrong
    (``check --diagnose``):

    - ``round_to``: every intermediate rounded (half up) to N decimals before it is used;
    - ``sequential``: the hidden errors computed with the already-updated output weights
      (BP2 with W − η·∂E/∂W) instead of the weights of the forward pass;
    - ``bp2_from_gradients``: a hidden error built from the next layer's weight gradients,
      Σ_K ∂E/∂w(N→K) = out.N·Σ_K δ_K, instead of Σ_K δ_K·w(N→K);
    - ``first_path_only``: a hidden error with only its first path (through the next layer's
      first neuron), the other paths forgotten;
    - ``net_for_out``: ∂net/∂w taken as the net input of the node below instead of its output.
    """

    def __init__(self, round_to: int | None = None, sequential: bool = False,
                 bp2_from_gradients: bool = False, lr: float | None = None,
                 first_path_only: bool = False, net_for_out: bool = False):
        self.round_to = round_to
        self.sequential = sequential
        self.bp2_from_gradients = bp2_from_gradients
        self.first_path_only = first_path_only
        self.net_for_out = net_for_out
        self.lr = lr

    def rnd(self, x):
        return x if self.round_to is None else hand_round(x, self.round_to)

    def rounder(self):
        """The rounding function (the identity where nothing is rounded)."""
        return _same if self.round_to is None else self.rnd


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
    from bptrace.trace import build_trace

    return build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate,
                       conv=Convention(round_to=decimals)).values()
