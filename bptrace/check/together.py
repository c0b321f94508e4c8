"""check --diagnose: which variants' trainings run together as one stack of networks
(:mod:`bptrace.check.batched`), and the trained values that come back, by training key.
Each network is also read out one update fewer and one more (the "updates" variants, alone
or paired with it), so those pairs need no training of their own. Nothing here prints."""

from __future__ import annotations

import numpy as np

from bptrace.check.variants import CATALOGUE, CATALOGUE_BY_NAME

UPDATES = tuple(v.name for v in CATALOGUE if v.family == "updates")


def train_together(cfg, jobs: list[tuple[str, ...]], base_values: dict, cache: dict) -> None:
    """Put into ``cache`` the trained values of every training key of ``jobs`` that a stack
    can train (the rest are left for one-at-a-time training)."""
    from bptrace.check.batched import Run, fits, settings_fit, train_stack
    from bptrace.check.diagnose import _applied, _training_convention, _training_key
    from bptrace.config import train_settings
    from bptrace.train import trained_readout

    if () not in cache:             # the config as it is: its own trained values
        cache[()] = {k: v for k, v in base_values.items() if k.startswith("trained.")}
    roots: dict[tuple, None] = {}
    for names in jobs:
        key = _training_key(names)
        if key not in cache:
            roots.setdefault(tuple(n for n in key if n not in UPDATES), None)
    if not roots:
        return
    s = train_settings(cfg.train, cfg.network, cfg.seed)
    if not settings_fit(s):
        return
    shapes = [layer.W.shape for layer in cfg.network.layers]
    runs = []
    for root in roots:
        applied = _applied(cfg, root, True, base_values)
        if applied is None:
            continue
        c, st, _ = applied
        if vars(train_settings(c.train, c.network, c.seed)) != vars(s):
            continue
        targets: dict[int, list] = {}
        if root not in cache:
            targets.setdefault(s.epochs, []).append(root)
        for u in UPDATES:           # reads the settings only: the network stays as it is
            su = dict(st)
            if root + (u,) not in cache and CATALOGUE_BY_NAME[u].apply(c, su):
                targets.setdefault(max(1, s.epochs + su["epochs_delta"]), []).append(root + (u,))
        run = Run(c.network, c.learning_rate, _training_convention(st["conv"]), targets)
        if targets and fits(run, shapes):
            runs.append(run)
    if not runs:
        return
    x = cfg.sample.x
    with np.errstate(all="ignore"):
        cache.update(train_stack(runs, *cfg.dataset, s, x,
                                 lambda net, loss: trained_readout(net, x, loss)))
