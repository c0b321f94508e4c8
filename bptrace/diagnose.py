"""check --diagnose: which known convention or mistake reproduces a textbook's numbers.

Each variant below is a named, documented function of the same engine (a changed config,
or a :class:`~bptrace.network.Convention` of the engine), never a copy of the maths. The
variants are tried alone, then in pairs of those that reproduce something alone; each is
scored by how many printed values it reproduces. Nothing here prints.
"""

from __future__ import annotations

import copy
from typing import Callable

import numpy as np

from bptrace.check import compare
from bptrace.errors import Diverged
from bptrace.network import Convention
from bptrace.trace import build_trace

ROUNDINGS = range(2, 10)


class Variant:
    __slots__ = ("name", "family", "why", "apply")

    def __init__(self, name: str, family: str, why: str, apply: Callable):
        self.name = name            # shown to the user
        self.family = family        # variants of one family are never paired
        self.why = " ".join(why.split())    # one sentence: what the textbook did
        self.apply = apply          # (cfg copy, settings dict) → bool (applicable?)


# --- the catalogue: each function changes a copy of the config or the engine's convention
def biases_trained(cfg, s) -> bool:
    """The biases were trained, where the config keeps them fixed."""
    if cfg.network.train_biases or not any(l.bias_names for l in cfg.network.layers):
        return False
    _set_train_biases(cfg, True)
    return True


def biases_frozen(cfg, s) -> bool:
    """The biases were kept fixed, where the config trains them."""
    if not cfg.network.train_biases or not any(l.bias_names for l in cfg.network.layers):
        return False
    _set_train_biases(cfg, False)
    return True


def _set_train_biases(cfg, value: bool) -> None:
    net = cfg.network
    net.train_biases = value
    for p in net.params:
        if p.kind == "b":
            p.trainable = value


def bias_per_neuron(cfg, s) -> bool:
    """Each neuron had a bias of its own (same starting value), not one shared bias."""
    from bptrace.network import Layer, Network
    changed = False
    layers = []
    for layer in cfg.network.layers:
        shared = [i for i in range(len(layer.bias_names)) if len(layer.bias_users(i)) > 1]
        if not shared:
            layers.append(layer)
            continue
        changed = True
        names, values, of = [], [], np.full(layer.size, -1)
        for j in range(layer.size):
            i = layer.bias_of[j]
            if i >= 0:
                of[j] = len(names)
                names.append(f"{layer.bias_names[i]}_{layer.neurons[j]}")
                values.append(layer.b[i])
        layers.append(Layer(layer.name, layer.neurons, layer.activation, layer.W, layer.mask,
                            layer.weight_names, names, np.array(values), of))
    if changed:
        cfg.network = Network(cfg.network.inputs, layers, cfg.network.loss, cfg.network.train_biases)
    return changed


def sequential_update(cfg, s) -> bool:
    """The hidden errors were computed with the already-updated output weights (each layer
    updated before the error is passed back), not with the weights of the forward pass."""
    s["conv"].sequential = True
    return len(cfg.network.layers) > 1


def bp2_from_gradients(cfg, s) -> bool:
    """A hidden neuron's error was built from the next layer's weight gradients ∂E/∂w
    (out·Σδ) instead of Σ δ·w."""
    s["conv"].bp2_from_gradients = True
    return len(cfg.network.layers) > 1


def first_path_only(cfg, s) -> bool:
    """A hidden neuron's error took only one path (through the next layer's first neuron);
    the other paths were forgotten."""
    s["conv"].first_path_only = True
    return len(cfg.network.layers) > 1 and cfg.network.layers[-1].size > 1


def net_for_out(cfg, s) -> bool:
    """∂net/∂w was taken as the net input of the node below instead of its output."""
    s["conv"].net_for_out = True
    return len(cfg.network.layers) > 1


def sign_of_error(cfg, s) -> bool:
    """The output error was taken as t − y instead of y − t (the update goes uphill)."""
    from bptrace.losses import Loss
    loss = cfg.network.loss
    cfg.network.loss = Loss(loss.name, loss.parts, lambda y, t, g=loss.grad: -g(y, t), loss.formula,
                            loss.part_formula, loss.grad_formula, loss.needs_softmax,
                            value=loss._value)
    cfg.network.fused_softmax_ce = False
    return True


def rounded(n: int):
    def apply(cfg, s) -> bool:
        s["conv"].round_to = n
        s["rounding"] = True
        return True
    apply.__doc__ = f"Every intermediate was rounded to {n} decimals before it was used."
    return apply


def _loss_to(name: str, from_: tuple[str, ...]):
    def apply(cfg, s) -> bool:
        from bptrace.losses import get_loss
        if cfg.network.loss.name not in from_:
            return False
        cfg.network.loss = get_loss(name)
        return True
    return apply


def implied_learning_rate(cfg, s) -> bool:
    """The printed updates imply another learning rate than the config's."""
    base = s["base"]
    for e in cfg.expect:
        if e.key.startswith("new.") and e.key[4:] in cfg.network.param_by_name and e.text.strip():
            p = cfg.network.param_by_name[e.key[4:]]
            g = base.get(f"grad.{p.name}", 0.0)
            if p.trainable and abs(g) > 1e-12:
                lr = (cfg.network.value(p) - float(e.text)) / g
                if lr > 0 and not np.isclose(lr, cfg.learning_rate, rtol=1e-3):
                    cfg.learning_rate = float(lr)
                    s["label"] = f"learning rate η = {lr:.4g} (implied by the printed {e.key})"
                    return True
                return False
    return False


def sigmoid_derivative_from_net(cfg, s) -> bool:
    """The sigmoid's derivative was taken as net·(1−net) instead of out·(1−out)."""
    changed = False
    for layer in cfg.network.layers:
        if layer.activation.name == "sigmoid":
            layer.activation = layer.activation.replace(d=lambda z, a: z * (1.0 - z))
            changed = True
    return changed


def _without_derivative(layers) -> bool:
    changed = False
    for layer in layers:
        if layer.activation.elementwise and layer.activation.name != "linear":
            layer.activation = layer.activation.replace(d=lambda z, a: np.ones_like(z))
            changed = True
    return changed


def missing_derivative(cfg, s) -> bool:
    """The activation's derivative was left out everywhere (delta = err)."""
    return _without_derivative(cfg.network.layers)


def missing_output_derivative(cfg, s) -> bool:
    """The output layer's activation derivative was left out (delta = err there)."""
    return _without_derivative(cfg.network.layers[-1:])


def missing_hidden_derivative(cfg, s) -> bool:
    """The hidden layers' activation derivative was left out (delta = err there)."""
    return len(cfg.network.layers) > 1 and _without_derivative(cfg.network.layers[:-1])


def updates(delta: int):
    def apply(cfg, s) -> bool:
        if not s["trained"]:
            return False
        from bptrace.config import train_settings
        settings = train_settings(cfg.train, cfg.network, cfg.seed)
        n = settings.epochs
        s["epochs_delta"] = delta
        per_epoch = len(cfg.dataset[0]) if settings.mode == "online" else 1
        unit = "updates" if per_epoch == 1 else "epochs"
        s["label"] = f"{n + delta:,} {unit} instead of {n:,}"
        return True
    apply.__doc__ = (f"Training ran one epoch {'fewer' if delta < 0 else 'more'} than stated "
                     "(one update, where an epoch is one update).")
    return apply


CATALOGUE: list[Variant] = [
    Variant("biases trained", "biases", biases_trained.__doc__, biases_trained),
    Variant("biases frozen", "biases", biases_frozen.__doc__, biases_frozen),
    Variant("one bias per neuron", "bias sharing", bias_per_neuron.__doc__, bias_per_neuron),
    Variant("sequential update", "order", sequential_update.__doc__, sequential_update),
    Variant("hidden error from ∂E/∂w", "bp2", bp2_from_gradients.__doc__, bp2_from_gradients),
    Variant("a path missing in a hidden error", "bp2", first_path_only.__doc__, first_path_only),
    Variant("net used for out", "factor", net_for_out.__doc__, net_for_out),
    Variant("sign of t − y", "sign", sign_of_error.__doc__, sign_of_error),
    *[Variant(f"rounded to {n} decimals", "rounding", rounded(n).__doc__, rounded(n)) for n in ROUNDINGS],
    Variant("loss without ½", "loss", "The loss was Σ (t−y)², without the ½.",
            _loss_to("sse", ("half_sse",))),
    Variant("loss with ½", "loss", "The loss was Σ ½(t−y)².", _loss_to("half_sse", ("sse", "mse"))),
    Variant("mean instead of sum", "loss", "The loss was the mean over the outputs, not the sum.",
            _loss_to("mse", ("half_sse", "sse"))),
    Variant("implied learning rate", "lr", implied_learning_rate.__doc__, implied_learning_rate),
    Variant("σ′ = net·(1−net)", "derivative", sigmoid_derivative_from_net.__doc__,
            sigmoid_derivative_from_net),
    Variant("missing activation derivative", "derivative", missing_derivative.__doc__, missing_derivative),
    Variant("missing σ′ at the output", "derivative", missing_output_derivative.__doc__,
            missing_output_derivative),
    Variant("missing σ′ in the hidden layers", "derivative", missing_hidden_derivative.__doc__,
            missing_hidden_derivative),
    Variant("one update fewer", "updates", updates(-1).__doc__, updates(-1)),
    Variant("one update more", "updates", updates(+1).__doc__, updates(+1)),
]


class Finding:
    __slots__ = ("name", "parts", "agree", "of", "agreeing")

    def __init__(self, name, parts, agree, of, agreeing):
        self.name = name            # "sequential update" or "a + b"
        self.parts = parts          # the variants combined
        self.agree = agree          # printed values reproduced
        self.of = of
        self.agreeing = agreeing    # the keys reproduced


def _evaluate(cfg, names: tuple[str, ...], trained: bool, base_values: dict, cache: dict):
    """One variant (or pair) of the catalogue: the step (and training, where trained.* keys
    are printed) computed its way; (label, names, agree, of, agreeing) or None."""
    parts = [CATALOGUE_BY_NAME[n] for n in names]
    c = copy.deepcopy(cfg)
    s = {"conv": Convention(), "epochs_delta": 0, "trained": trained, "base": base_values,
         "rounding": False, "label": None}
    labels = []
    for v in parts:
        if not v.apply(c, s):
            return None
        labels.append(s["label"] or v.name)
        s["label"] = None
    conv = s["conv"]
    with np.errstate(all="ignore"):
        values = build_trace(c.network, c.sample.x, c.sample.t, c.learning_rate, conv=conv).values()
    if trained:
        # rounding is a hand-calculation habit: trained values come from code, unrounded
        key = tuple(v.name for v in parts if v.family != "rounding")
        if not key:
            cache[key] = {k: v for k, v in base_values.items() if k.startswith("trained.")}
        if key not in cache:
            from bptrace.train import trained_values
            train_conv = copy.copy(conv)
            train_conv.round_to = None
            try:
                with np.errstate(all="ignore"):
                    cache[key] = trained_values(c, train_conv, s["epochs_delta"])
            except Diverged:            # a variant may diverge: then it reproduces nothing
                cache[key] = {}
        values.update(cache[key])
    agreeing = [e.key for e in cfg.expect
                if e.key in values and np.isfinite(values[e.key])
                and compare(e.key, e.text, values[e.key]).agree]
    return " + ".join(labels), names, len(agreeing), len(cfg.expect), agreeing


def _evaluate_in_worker(text: str, file: str, expect: list[tuple[str, str]], jobs: list,
                        trained: bool, base_values: dict):
    """The same, in another process (a config is rebuilt from its text: it holds functions)."""
    from bptrace.config import Expectation, parse_config
    cfg = parse_config(text, file)
    cfg.expect = [Expectation(k, t, None, None) for k, t in expect]
    cache: dict = {}
    return [_evaluate(cfg, names, trained, base_values, cache) for names in jobs]


def _run(cfg, jobs: list[tuple[str, ...]], trained: bool, base_values: dict, cache: dict, pool):
    """Evaluate the jobs, in the pool's processes where there is one (each job trains)."""
    if pool is None:
        return [_evaluate(cfg, names, trained, base_values, cache) for names in jobs]
    expect = [(e.key, e.text) for e in cfg.expect]
    futures = [pool.submit(_evaluate_in_worker, cfg.text, cfg.file, expect, [names], trained,
                           base_values) for names in jobs]
    return [f.result()[0] for f in futures]


def diagnose(cfg, base_values: dict[str, float]):
    """(findings best first, {differing key: the simplest variants that reproduce it},
    {differing key: what those variants mean})."""
    import os
    from contextlib import ExitStack
    trained = any(e.key.startswith("trained.") for e in cfg.expect)
    cache: dict[tuple, dict] = {}
    with ExitStack() as stack:
        pool = None
        if trained and (os.cpu_count() or 1) > 1:   # each variant trains: use both cores
            from concurrent.futures import ProcessPoolExecutor
            pool = stack.enter_context(ProcessPoolExecutor(max_workers=min(4, os.cpu_count())))
        return _diagnose(cfg, base_values, trained, cache, pool)


def _diagnose(cfg, base_values, trained, cache, pool):
    def findings_of(jobs):
        return [Finding(r[0], [CATALOGUE_BY_NAME[n] for n in r[1]], r[2], r[3], r[4])
                for r in _run(cfg, jobs, trained, base_values, cache, pool) if r is not None]

    base_agree = {e.key for e in cfg.expect if compare(e.key, e.text, base_values[e.key]).agree}
    differing = [e.key for e in cfg.expect if e.key not in base_agree]
    findings = findings_of([(v.name,) for v in CATALOGUE])
    helpful = [f for f in findings if set(f.agreeing) & set(differing)]
    pairs = [(a.parts[0].name, b.parts[0].name) for i, a in enumerate(helpful)
             for b in helpful[i + 1:] if a.parts[0].family != b.parts[0].family]
    findings += findings_of(pairs)
    findings.sort(key=lambda f: (-len(set(f.agreeing) & set(differing)), -f.agree, len(f.parts)))
    explained: dict[str, list[str]] = {}
    why: dict[str, list[str]] = {}
    for key in differing:
        fits = [f for f in findings if key in f.agreeing]
        if fits:
            fewest = min(len(f.parts) for f in fits)
            best = max(f.agree for f in fits if len(f.parts) == fewest)
            explained[key] = [f.name for f in fits if len(f.parts) == fewest and f.agree == best]
            names = [f.parts[0].name for f in fits if len(f.parts) == fewest and f.agree == best]
            why[key] = [CATALOGUE_BY_NAME[n].why for n in names] if fewest == 1 else []
        else:
            explained[key] = []
    return findings, explained, why


CATALOGUE_BY_NAME = {v.name: v for v in CATALOGUE}
