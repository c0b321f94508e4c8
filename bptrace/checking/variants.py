"""The catalogue of check --diagnose: known conventions and mistakes, each a named,
documented function that changes a copy of the config or the engine's
:class:`~bptrace.maths.network.Convention` — never a copy of the maths (the slips of
calculation among them: :mod:`bptrace.checking.mistakes`) — and :func:`applied`, variants
applied to a copy of a config. Nothing here prints."""

from __future__ import annotations

from typing import Callable

import numpy as np

from bptrace.checking.mistakes import (Mistake, implied_learning_rate, updates,
                                       inputs_swapped, keras_clipped, missing_derivative,
                                       missing_hidden_derivative, missing_output_derivative,
                                       net_passed_on, sigmoid_derivative_from_net, sign_of_error,
                                       square_layers_transposed, targets_swapped, loss_to)

ROUNDINGS = range(2, 10)


class Variant:
    __slots__ = ("name", "family", "apply", "mistake", "needs_lr")

    def __init__(self, name: str, family: str, apply: Callable, mistake: Mistake | None = None,
                 needs_lr: bool = False):
        self.name = name            # the catalogue's key (never parsed)
        self.family = family        # variants of one family are never paired
        self.apply = apply          # (cfg copy, settings dict) → bool (applicable?)
        self.mistake = mistake or Mistake(name)     # unless apply() sets s["mistake"]
        # computes with η: not tried for a config without learning_rate (the diagnosis says so;
        # the other variants that use η apply only to new.* and trained.* values, which need it)
        self.needs_lr = needs_lr


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
    from bptrace.maths.network import Layer, Network
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
        old = cfg.network
        cfg.network = Network(old.inputs, layers, old.loss, old.train_biases, old.error_signal,
                              old.update)
    return changed


def _update_order(update: str):
    def apply(cfg, s) -> bool:
        net = cfg.network
        if net.update == update or len(net.layers) < 2:
            return False
        net.update = update         # the network's own convention (update: sequential)
        return True
    apply.__doc__ = ("The hidden errors were computed with the already-updated weights of the "
                     "layer above (each layer updated before the error is passed back), not "
                     "with the weights of the forward pass: update: sequential."
                     if update == "sequential" else
                     "The hidden errors were computed with the weights of the forward pass, "
                     "where the config says update: sequential.")
    return apply


sequential_update = _update_order("sequential")
simultaneous_update = _update_order("simultaneous")


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


def error_signal_named(cfg, s) -> bool:
    """The book names the error signals with the other sign (err, delta as −∂E/∂· where the
    config has ∂E/∂·, or the other way round): a naming convention, the updates unchanged."""
    net = cfg.network
    net.error_signal = "gradient" if net.error_signal == "negative" else "negative"
    s["mistake"] = Mistake(f"error signal {net.error_signal}")
    return True


def _thresholds(to_threshold: bool):
    def apply(cfg, s) -> bool:
        changed = False
        for layer in cfg.network.layers:
            if layer.bias_names and layer.threshold != to_threshold:
                layer.set_threshold(to_threshold)
                changed = True
        return changed
    apply.__doc__ = ("The book subtracts θ (net = Σ w·a − θ) where the config adds a bias."
                     if to_threshold else
                     "The book adds θ (net = Σ w·a + θ) where the config subtracts a threshold.")
    return apply


def matrix_transposed(cfg, s) -> bool:
    """A square weight matrix was typed the other way round (rows = the nodes below, as in
    x·W), without ``matrix_rows: inputs`` (or with it, where the book writes W·x)."""
    changed = False
    for l, layer in enumerate(cfg.network.layers):
        prev = cfg.network.node_names(l)
        auto = all(name == f"w_{prev[k]}_{layer.neurons[j]}"
                   for (j, k), name in layer.weight_names.items())
        if auto and layer.mask is None and layer.W.shape[0] == layer.W.shape[1] > 1:
            layer.W = layer.W.T.copy()
            changed = True
    return changed


def from_printed(cfg, s) -> bool:
    """Each value was computed from the values before it as printed (rounded as the book
    prints them), not from exact ones: check --round printed."""
    from bptrace.maths.conventions import printed_convention
    conv = printed_convention(cfg)
    if not conv.pins:
        return False
    s["conv"].pins, s["conv"].keys = conv.pins, conv.keys
    s["rounding"] = True
    return True


def truncated(cfg, s) -> bool:
    """Every value was printed truncated to its printed decimals (the digits beyond cut
    off: 0.5928756 → 0.5928), not rounded — computed exactly, or from the printed values
    before it where paired with "computed from the printed values"."""
    s["truncate"] = True
    return True


def rounded(n: int):
    def apply(cfg, s) -> bool:
        s["conv"].round_to = n
        s["rounding"] = True
        return True
    apply.__doc__ = f"Every intermediate was rounded to {n} decimals before it was used."
    return apply


CATALOGUE: list[Variant] = [
    Variant("biases trained", "biases", biases_trained),
    Variant("biases frozen", "biases", biases_frozen),
    Variant("one bias per neuron", "bias sharing", bias_per_neuron),
    Variant("sequential update", "order", sequential_update, needs_lr=True),
    Variant("simultaneous update", "order", simultaneous_update),    # a sequential config has η
    Variant("hidden error from ∂E/∂w", "bp2", bp2_from_gradients),
    Variant("a path missing in a hidden error", "bp2", first_path_only),
    Variant("net used for out", "factor", net_for_out),
    Variant("error signal", "sign", error_signal_named),
    Variant("sign of t − y", "sign", sign_of_error),
    Variant("bias subtracted", "threshold", _thresholds(True)),
    Variant("threshold added", "threshold", _thresholds(False)),
    Variant("matrix transposed", "matrix", matrix_transposed),
    Variant("computed from the printed values", "rounding", from_printed),
    *[Variant(f"rounded to {n} decimals", "rounding", rounded(n), Mistake("rounded", (n,)))
      for n in ROUNDINGS],
    Variant("truncated, not rounded", "truncation", truncated),
    Variant("loss without ½", "loss", loss_to("sse", ("half_sse",))),
    Variant("loss with ½", "loss", loss_to("half_sse", ("sse", "mse"))),
    Variant("mean instead of sum", "loss", loss_to("mse", ("half_sse", "sse"))),
    Variant("clipped at 1e-7, as Keras does", "loss", keras_clipped),
    Variant("implied learning rate", "lr", implied_learning_rate),
    Variant("σ′ = net·(1−net)", "derivative", sigmoid_derivative_from_net),
    Variant("missing activation derivative", "derivative", missing_derivative),
    Variant("missing σ′ at the output", "derivative", missing_output_derivative),
    Variant("missing σ′ in the hidden layers", "derivative", missing_hidden_derivative),
    Variant("one update fewer", "updates", updates(-1)),
    Variant("one update more", "updates", updates(+1)),
]

CATALOGUE_BY_NAME = {v.name: v for v in CATALOGUE}


# --- a student's mistakes (check --expect: grading a sheet's answers; what a student gets
# wrong, not what a textbook does differently: see bptrace.checking.mistakes)
STUDENT_ONLY: list[Variant] = [
    Variant("hidden weights transposed", "transposed hidden",
            square_layers_transposed(lambda layers: layers[:-1])),
    Variant("output weights transposed", "transposed output",
            square_layers_transposed(lambda layers: layers[-1:])),
    Variant("inputs swapped", "inputs", inputs_swapped),
    Variant("targets swapped", "targets", targets_swapped),
    Variant("net passed on as out", "forward", net_passed_on),
]
STUDENT_FROM_CATALOGUE = (
    "biases trained", "biases frozen", "sequential update", "hidden error from ∂E/∂w", "a path missing in a hidden error",
    "net used for out", "sign of t − y", "loss without ½", "loss with ½", "mean instead of sum",
    "σ′ = net·(1−net)", "missing activation derivative", "missing σ′ at the output",
    "missing σ′ in the hidden layers", *[f"rounded to {n} decimals" for n in ROUNDINGS])
STUDENT_CATALOGUE: list[Variant] = [v for v in CATALOGUE if v.name in STUDENT_FROM_CATALOGUE] \
    + STUDENT_ONLY
CATALOGUE_BY_NAME.update({v.name: v for v in STUDENT_ONLY})


# --- a job of the diagnosis: variants applied to a copy of the config
def applied(cfg, names: tuple[str, ...], trained: bool, base_values: dict):
    """A copy of the config with the variants applied: (config, settings dict, mistakes),
    or None where a variant does not apply."""
    import copy

    from bptrace.maths.conventions import Convention

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


def training_key(names: tuple[str, ...]) -> tuple[str, ...]:
    """The variants of a job that change its training (rounding is a hand-calculation habit:
    trained values come from code, unrounded): jobs with one key train once."""
    return tuple(n for n in names if CATALOGUE_BY_NAME[n].family not in PRINTING)


# the families that change how values are written, not how anything trains
PRINTING = ("rounding", "truncation")
