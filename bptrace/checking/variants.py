"""The catalogue of check --diagnose: known conventions and mistakes, each a named,
documented function that changes a copy of the config or the engine's
:class:`~bptrace.maths.network.Convention` — never a copy of the maths. Nothing here prints."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

ROUNDINGS = range(2, 10)


@dataclass(frozen=True)
class Mistake:
    """One variant as it was applied: its kind (the catalogue's name, or "rounded",
    "updates", "implied learning rate") and its numbers; words come from
    :func:`bptrace.words.mistake_name` and :func:`bptrace.words.mistake_why`."""
    kind: str
    numbers: tuple = ()     # rounded: (decimals,); updates: (ran, stated); implied: (η,)
    unit: str = ""          # updates: "updates" or "epochs"
    key: str = ""           # implied learning rate: the printed key that implies it


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


def _scalar(f, form: str):
    """A function with its form on Python floats (:mod:`bptrace.maths.scalar`): {z}, {a} the
    net input and output; {g} the loss's own ∂E/∂y."""
    f.scalar = form
    return f


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


def sign_of_error(cfg, s) -> bool:
    """The output error was taken as t − y instead of y − t (the update goes uphill)."""
    from bptrace.maths.losses import Loss
    loss = cfg.network.loss
    grad = _scalar(lambda y, t, g=loss.grad: -g(y, t), "-({g})")
    cfg.network.loss = Loss(loss.name, loss.parts, grad, loss.formula,
                            loss.part_formula, loss.grad_formula, loss.needs_softmax,
                            value=loss._value)
    cfg.network.fused_softmax_ce = False
    return True


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


def _loss_to(name: str, from_: tuple[str, ...]):
    def apply(cfg, s) -> bool:
        from bptrace.maths.losses import get_loss
        if cfg.network.loss.name not in from_:
            return False
        cfg.network.loss = get_loss(name)
        return True
    return apply


def keras_clipped(cfg, s) -> bool:
    """The KL divergence was computed as Keras does: targets and outputs clipped into
    [1e-7, 1] first, so a target 0 adds 1e-7·ln(1e-7/y) (the course slides' 0.07447962)."""
    from bptrace.maths.losses import KL_DIVERGENCE_KERAS
    if cfg.network.loss.name != "kl_divergence":
        return False
    cfg.network.loss = KL_DIVERGENCE_KERAS
    s["float32"] = True             # and in float32: agreeing to float32's last digits
    return True


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
                    s["mistake"] = Mistake("implied learning rate", (float(lr),), key=e.key)
                    return True
                return False
    return False


def sigmoid_derivative_from_net(cfg, s) -> bool:
    """The sigmoid's derivative was taken as net·(1−net) instead of out·(1−out)."""
    changed = False
    for layer in cfg.network.layers:
        if layer.activation.name == "sigmoid":
            layer.activation = layer.activation.replace(d=_scalar(lambda z, a: z * (1.0 - z),
                                                                  "{z} * (1.0 - {z})"))
            changed = True
    return changed


def _without_derivative(layers) -> bool:
    changed = False
    for layer in layers:
        if layer.activation.elementwise and layer.activation.name != "linear":
            layer.activation = layer.activation.replace(d=_scalar(lambda z, a: np.ones_like(z),
                                                                  "1.0"))
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
        s["mistake"] = Mistake("updates", (n + delta, n), unit=unit)
        return True
    apply.__doc__ = (f"Training ran one epoch {'fewer' if delta < 0 else 'more'} than stated "
                     "(one update, where an epoch is one update).")
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
    Variant("loss without ½", "loss", _loss_to("sse", ("half_sse",))),
    Variant("loss with ½", "loss", _loss_to("half_sse", ("sse", "mse"))),
    Variant("mean instead of sum", "loss", _loss_to("mse", ("half_sse", "sse"))),
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


# --- a student's mistakes (check --expect: grading a sheet's answers) -----------------------
# What a student gets wrong is not what a textbook does differently: the student catalogue
# keeps the slips of the catalogue above and adds the forward pass's, and leaves out the
# textbooks' conventions (the sign of the error signal, thresholds, a matrix typed the other
# way round, an implied learning rate, training updates) and hand rounding to the printed
# values (a student's answer right from the student's own earlier answers is credited, not
# diagnosed: bptrace.checking.grading.carry_forward).
def _square_layers_transposed(pick) -> Callable:
    def apply(cfg, s) -> bool:
        layers = cfg.network.layers
        changed = False
        for layer in pick(layers):
            W = layer.W
            if W.shape[0] == W.shape[1] > 1 and (layer.mask is None or layer.mask.all()) \
                    and not np.allclose(W, W.T):
                layer.W = W.T.copy()
                changed = True
        return changed
    return apply


def inputs_swapped(cfg, s) -> bool:
    """The inputs were taken in the other order (i1 ↔ i2)."""
    from bptrace.config.records import Sample
    x = cfg.sample.x
    if len(x) < 2 or np.allclose(x, x[::-1]):
        return False
    cfg.sample = Sample(x[::-1].copy(), cfg.sample.t)
    return True


def targets_swapped(cfg, s) -> bool:
    """The targets were taken in the other order (o1's target for o2 and the other way)."""
    from bptrace.config.records import Sample
    t = cfg.sample.t
    if len(t) < 2 or np.allclose(t, t[::-1]):
        return False
    cfg.sample = Sample(cfg.sample.x, t[::-1].copy())
    return True


def net_passed_on(cfg, s) -> bool:
    """A hidden neuron's net input was passed on to the next layer in place of its output
    (the activation forgotten in the forward pass)."""
    changed = False
    for layer in cfg.network.layers[:-1]:
        act = layer.activation
        if act.elementwise and act.name != "linear":
            layer.activation = act.replace(f=lambda z: z, d=lambda z, a, d=act.d, f=act.f: d(z, f(z)))
            changed = True
    return changed


STUDENT_ONLY: list[Variant] = [
    Variant("hidden weights transposed", "transposed hidden",
            _square_layers_transposed(lambda layers: layers[:-1])),
    Variant("output weights transposed", "transposed output",
            _square_layers_transposed(lambda layers: layers[-1:])),
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
