"""The catalogue's mistakes (check --diagnose, and a student's answers graded): the record
of one as applied (:class:`Mistake`), and the slips of calculation — a changed loss or
output error, a derivative taken wrongly or left out, an implied learning rate, an update
more or fewer, the forward pass's slips only a student makes — each a named, documented
function that changes a copy of the config (the catalogues themselves:
:mod:`bptrace.checking.variants`); and how a variant is trained — alone, or several alike
at once (:func:`trained_shared`), the trained values one epoch fewer, as stated and one more
read from one training (:func:`trained_around`). Nothing here prints."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Callable

import numpy as np

from bptrace.errors import Diverged


@dataclass(frozen=True)
class Mistake:
    """One variant as it was applied: its kind (the catalogue's name, or "rounded",
    "updates", "implied learning rate") and its numbers; words come from
    :func:`bptrace.words.mistake_name` and :func:`bptrace.words.mistake_why`."""
    kind: str
    numbers: tuple = ()     # rounded: (decimals,); updates: (ran, stated); implied: (η,)
    unit: str = ""          # updates: "updates" or "epochs"
    key: str = ""           # implied learning rate: the printed key that implies it


def _scalar(f, form: str):
    """A function with its form on Python floats (:mod:`bptrace.maths.scalar`): {z}, {a} the
    net input and output; {g} the loss's own ∂E/∂y."""
    f.scalar = form
    return f


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


def loss_to(name: str, from_: tuple[str, ...]):
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


# --- a student's mistakes (check --expect: grading a sheet's answers) -----------------------
# What a student gets wrong is not what a textbook does differently: the student catalogue
# keeps the slips of the catalogue above and adds the forward pass's, and leaves out the
# textbooks' conventions (the sign of the error signal, thresholds, a matrix typed the other
# way round, an implied learning rate, training updates) and hand rounding to the printed
# values (a student's answer right from the student's own earlier answers is credited, not
# diagnosed: bptrace.checking.grading.carry_forward).
def square_layers_transposed(pick) -> Callable:
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


# --- How check --diagnose trains a variant: alone, or where one training serves several; and
# the trained values around the stated number of epochs, from one training.

def trained_around(cfg, conv=None) -> dict[int, dict[str, float]] | None:
    """The trained.* keys of one epoch fewer (−1), as stated (0) and one more (+1), from one
    training of one epoch more (what ``check --diagnose``'s "one update fewer/more" read);
    a way that diverged before its epoch gives {}. None where they cannot be read from one
    training (early stopping, or a single epoch stated)."""
    from bptrace.config.settings import train_settings
    from bptrace.training.loop import train, trained_readout

    s = train_settings(cfg.train, cfg.network, cfg.seed)
    E = s.epochs
    if s.patience or E < 2:
        return None
    got: dict[int, dict[str, float]] = {-1: {}, 0: {}, 1: {}}
    arrays = cfg.network.copy_arrays()
    try:
        s.epochs = s.every = E + 1

        def keep(d):
            return lambda loss: got.__setitem__(d, trained_readout(cfg.network, cfg.sample.x, loss))
        X, T = cfg.dataset
        try:
            train(cfg.network, X, T, cfg.learning_rate, s, conv=conv,
                  at_epochs={E - 1: keep(-1), E: keep(0), E + 1: keep(1)})
        except Diverged:
            pass
        return got
    finally:
        cfg.network.set_arrays(arrays)


# --- check --diagnose's variants trained: alone, or where one training serves several
def training_convention(conv):
    """The convention a variant trains with: rounding is a hand-calculation habit (trained
    values come from code, unrounded), and printed values pin one step only."""
    train_conv = copy.copy(conv)
    train_conv.round_to = None
    train_conv.pins, train_conv.keys = {}, {}
    return train_conv


def trained_alone(c, s: dict) -> dict[str, float]:
    """The trained values of one applied variant, trained on its own:
    empty where it diverges, as a variant that diverges reproduces nothing."""
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

    delta = s["epochs_delta"]
    if delta or train_settings(c.train, c.network, c.seed).epochs >= 10:
        with np.errstate(all="ignore"):
            got = trained_around(c, training_convention(s["conv"]))
        if got is not None:
            for d, values in got.items():
                cache.setdefault(same[:4] + (delta + d,) + same[5:], values)
            return got[0]
    return trained_alone(c, s)


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


def base_trainings(cfg) -> dict:
    """The config's own training, for check --diagnose, where the small-net path trains it:
    its trained values (key ()) and, by its :func:`training_signature`, those one epoch
    fewer and one more from the same training — the variants that train alike (the one
    update fewer or more, the error signal's naming) take them from there. {} where it
    does not (or diverges: then it trains, and is reported, as without a diagnosis)."""
    from bptrace.maths.conventions import Convention

    c = copy.copy(cfg)                          # as the diagnosis applies no variant to it
    c.network = cfg.network.copy()
    s = {"conv": Convention(), "epochs_delta": 0}
    same = training_signature(c, s)
    if same is None:
        return {}
    cache: dict = {}
    got = trained_shared(c, s, same, cache)
    return {**cache, same: got, (): got} if got else {}
