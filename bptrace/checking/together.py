"""check --diagnose: which variants' trainings run together as one stack of networks
(:mod:`bptrace.checking.batched`), and the trained values that come back, by training key.
Each network is also read out one update fewer and one more (the "updates" variants, alone
or paired with it), so those pairs need no training of their own; the config itself trains
in the stack where a diagnosis is asked for (:func:`trained_with_variants`). Nothing here
prints."""

from __future__ import annotations

import numpy as np

from bptrace.checking.batched import Run, _same
from bptrace.checking.variants import CATALOGUE, CATALOGUE_BY_NAME

UPDATES = tuple(v.name for v in CATALOGUE if v.family == "updates")
_PLAIN = ("decay", "step_decay", "validation", "patience")


def train_together(cfg, jobs: list[tuple[str, ...]], base_values: dict, cache: dict,
                   base: bool = False) -> set:
    """Put into ``cache`` the trained values of every training key of ``jobs`` that a stack
    can train (the rest are left for one-at-a-time training). ``base``: the config itself
    trains in the stack too (its trained values under the key (), where the stack holds it),
    instead of being taken from ``base_values``. Returns the training keys (without the
    "updates" variants) found not to apply to the config: their jobs train nothing."""
    from bptrace.checking.applied import applied, training_convention, training_key
    from bptrace.config import train_settings
    from bptrace.training.loop import trained_readout

    if () not in cache and not base:        # the config as it is: its own trained values
        cache[()] = {k: v for k, v in base_values.items() if k.startswith("trained.")}
    apart: set = set()              # roots whose variants do not apply to this config
    roots: dict[tuple, None] = {}
    for names in jobs + [()] * base:
        key = training_key(names)
        if key not in cache:
            roots.setdefault(tuple(n for n in key if n not in UPDATES), None)
    if not roots:
        return apart
    s = train_settings(cfg.train, cfg.network, cfg.seed)
    if not settings_fit(s):
        return apart
    shapes = [layer.W.shape for layer in cfg.network.layers]
    runs = []
    for root in roots:
        made = applied(cfg, root, True, base_values)
        if made is None:
            apart.add(root)
            continue
        c, st, _ = made
        if vars(train_settings(c.train, c.network, c.seed)) != vars(s):
            continue
        targets: dict[int, list] = {}
        if root not in cache:
            targets.setdefault(s.epochs, []).append(root)
        for u in UPDATES:           # reads the settings only: the network stays as it is
            su = dict(st)
            if root + (u,) not in cache and CATALOGUE_BY_NAME[u].apply(c, su):
                targets.setdefault(max(1, s.epochs + su["epochs_delta"]), []).append(root + (u,))
        run = Run(c.network, c.learning_rate, training_convention(st["conv"]), targets)
        if targets and fits(run, shapes):
            twin = next((r for r in runs if twins(r, run)), None)
            if twin is None:
                runs.append(run)
            else:                   # trains exactly alike: read out from the twin's place
                twin.twins.append(run)
    if not runs:
        return apart
    from bptrace.checking.batched import train_stack
    x = cfg.sample.x
    X, T = cfg.dataset
    with np.errstate(all="ignore"):
        cache.update(train_stack(runs, X, T, s, x, lambda net, loss: trained_readout(net, x, loss)))
    return apart


def settings_fit(s) -> bool:
    """Whether training with these settings can run as a stack (plain SGD, no schedule,
    no validation, L2 or dropout)."""
    return (s.optimizer == "sgd" and not any(getattr(s, k) for k in _PLAIN)
            and not any(v > 0 for v in s.l2.values())
            and not any(v > 0 for v in s.dropout.values()))


def fits(run: Run, shapes: list[tuple]) -> bool:
    """Whether a network can join a stack of networks with these weight shapes."""
    net, conv = run.net, run.conv
    layers = net.layers
    if [layer.W.shape for layer in layers] != shapes or net.fused_softmax_ce:
        return False
    if conv is not None and (conv.round_to is not None or conv.pins):
        return False
    if net.loss.logits_form(layers[-1].activation.name) is not None:
        return False
    for layer in layers:
        if layer.mask is not None or not layer.activation.elementwise:
            return False
        if len(layer._multi) and net.train_biases:
            return False            # a sum over 3+ neurons is a BLAS product: not ours
    return True


_OPTIONS = ("first_path_only", "bp2_from_gradients", "net_for_out")


def twins(a: Run, b: Run) -> bool:
    """Whether two runs train exactly alike (the same numbers at every update): the same
    weights, bias vectors, functions, options and learning rate (a naming convention, a
    bias per neuron that is not trained, … change nothing)."""
    na, nb = a.net, b.net
    if a.lr != b.lr or na.train_biases != nb.train_biases or na.update != nb.update:
        return False
    if any(getattr(a.conv, k, False) != getattr(b.conv, k, False) for k in _OPTIONS):
        return False
    if not (_same(na.loss.grad, nb.loss.grad) and _same(na.loss.parts, nb.loss.parts)
            and _same(na.loss._value, nb.loss._value)):
        return False
    for la, lb in zip(na.layers, nb.layers):
        if la.W.tobytes() != lb.W.tobytes() or bool(len(la.b)) != bool(len(lb.b)):
            return False
        if not (_same(la.activation.f, lb.activation.f) and _same(la.activation.d, lb.activation.d)):
            return False
        if len(la.b) and la.bias_vector().tobytes() != lb.bias_vector().tobytes():
            return False
        if na.train_biases and len(la.b) and (
                la.threshold != lb.threshold or la.own_biases != lb.own_biases
                or la._users != lb._users or la.bias_of.tolist() != lb.bias_of.tolist()):
            return False
    return True


def trained_with_variants(cfg, values: dict) -> dict:
    """check --diagnose's trainings, the config's own among them: the trained values of the
    config (key ()) and of each variant of the catalogue alone (by training key), trained as
    one stack; {} where the stack cannot hold the config or its training diverges (then it
    trains alone, as without --diagnose, and says how it diverged). ``values``: the step's."""
    cache: dict = {}
    train_together(cfg, [(v.name,) for v in CATALOGUE], values, cache, base=True)
    return cache if cache.get(()) else {}
