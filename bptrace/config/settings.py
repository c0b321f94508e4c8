"""How to train: :class:`Settings`, and the ONE validator that makes them, from a config's
``train:`` section and the ``train`` command's overrides (:func:`train_settings`).

Every check raises :class:`~bptrace.errors.BadInput`: with the YAML path and line for the
``train:`` section, naming the option (``--decay``) for an override. :func:`check_settings`
adds the checks that need the size of the training data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Mapping

from bptrace.config import names as hints
from bptrace.config.names import listing
from bptrace.config.yamlsource import Node
from bptrace.errors import BadInput
from bptrace.words.messages import what

if TYPE_CHECKING:
    import numpy as np

    from bptrace.maths.network import Network

MODES = ("online", "batch", "minibatch")
TRAIN_KEYS = ("epochs", "mode", "batch_size", "shuffle", "seed", "optimizer", "decay",
              "step_decay", "l2", "dropout", "validation", "early_stopping", "every",
              "running_loss", "l2_in_loss")
# the train command's overrides, named as its parameters (--opt is opt_settings)
OVERRIDES = ("epochs", "mode", "batch_size", "shuffle", "seed", "optimizer", "patience",
             "every", "l2", "opt_settings", "decay", "step_decay", "dropout", "validation",
             "min_delta", "running_loss", "l2_in_loss")


@dataclass(eq=False)
class Settings:
    """Everything that says how to train; defaults as interface contract §2 says."""
    epochs: int = 1000
    mode: str = "online"
    batch_size: int | None = None
    shuffle: bool = False
    seed: int = 0
    optimizer: str = "sgd"
    optimizer_settings: dict[str, float] = field(default_factory=dict)
    decay: tuple[float, int, bool] | None = None        # (rate, steps, staircase)
    step_decay: tuple[float, int] | None = None         # (factor, every epochs)
    l2: dict[int, float] = field(default_factory=dict)  # layer index → λ
    dropout: dict[int, float] = field(default_factory=dict)   # layer index → rate
    validation: float | tuple[np.ndarray, np.ndarray] | None = None
    patience: int | None = None
    min_delta: float = 0.0
    every: int | None = None
    running_loss: bool = False      # the course slides' 平均总误差: the mean during the epoch
    l2_in_loss: bool = False        # the reported loss includes the L2 penalty (as Keras)


def train_settings(node: Node | None, net: Network, seed: int,
                   overrides: Mapping[str, Any] | None = None, file: str | None = None) -> Settings:
    """The settings of ``train:`` (``node``, or None for the defaults; ``seed`` is the
    config's), then ``overrides`` on top: the train command's options by parameter name
    (:data:`OVERRIDES`), None where not given, each in its command-line form (``decay``
    ``"RATE:STEPS"``, ``dropout`` ``["LAYER=RATE", ...]``, ``opt_settings``
    ``["KEY=VALUE", ...]``). A batch size given without a mode makes online training
    minibatch. Errors in ``train:`` carry ``file``; errors in an override name the option."""
    try:
        s = _from_section(node, net, seed)
    except BadInput as exc:
        raise exc.located(file) from None
    if overrides:
        _override(s, net, overrides)
    return s


def check_settings(s: Settings, n_train: int) -> None:
    """Cross-checks that need the data (raise BadInput; the command adds the file)."""
    if s.epochs < 1:
        raise BadInput(key="must be at least", args={"what": "epochs", "min": 1, "value": s.epochs})
    if s.mode == "minibatch":
        if s.batch_size is None:
            raise BadInput(key="minibatch size")
        if s.batch_size > n_train:
            raise BadInput(key="batch too large", args={"n": s.batch_size, "samples": n_train})
    if n_train < 1:
        raise BadInput(key="no training data")


def _layer_index(key: str, node: Node, net: Network) -> int:
    names = [l.name for l in net.layers]
    if key.isdigit() and 1 <= int(key) <= len(names):
        return int(key) - 1
    if key in names:
        return names.index(key)
    raise node.bad("not a layer", key=key, n=len(names), known=listing(names))


def _from_section(node: Node | None, net: Network, seed: int) -> Settings:
    """The ``train:`` section (BadInput with path and line where wrong)."""
    from bptrace.config.data import parse_samples
    from bptrace.maths.optimizers import make_optimizer

    s = Settings(seed=seed)
    if node is None:
        return s
        return s
    for key in node.keys():
        if key not in TRAIN_KEYS:
            raise hints.unknown_key("train", key, TRAIN_KEYS, **hints.at(node.get(key)))
    if "epochs" in node:
        s.epochs = node.get("epochs").integer("epochs", 1)
    if "mode" in node:
        s.mode = node.get("mode").string("mode")
        if s.mode not in MODES:
            raise hints.unknown("mode", s.mode, MODES, **hints.at(node.get("mode")))
    if "batch_size" in node:
        s.batch_size = node.get("batch_size").integer("batch_size", 1)
    if "shuffle" in node:
        s.shuffle = node.get("shuffle").boolean("shuffle")
    if "seed" in node:
        s.seed = node.get("seed").integer("seed", 0)
    if "every" in node:
        s.every = node.get("every").integer("every", 1)
    for flag in ("running_loss", "l2_in_loss"):
        if flag in node:
            setattr(s, flag, node.get(flag).boolean(flag))
    if "optimizer" in node:
        onode = node.get("optimizer")
        if onode.is_map:
            if len(onode) != 1:
                raise onode.bad("optimizer form")
            s.optimizer, snode = next(onode.items())
            if not snode.is_null:
                snode.need_map(what("settings of", name=s.optimizer))
                s.optimizer_settings = {k: v.number(k) for k, v in snode.items()}
        else:
            s.optimizer = onode.string("optimizer")
        try:
            make_optimizer(s.optimizer, 1.0, s.optimizer_settings)
        except BadInput as exc:
            raise exc.at(onode) from None
    if "decay" in node:
        d = node.get("decay").need_map("decay ({rate: R, steps: N})")
        rate = d.get("rate").number("rate") if "rate" in d else None
        steps = d.get("steps").integer("steps", 1) if "steps" in d else None
        if rate is None or steps is None or not 0 < rate <= 1:
            raise d.bad("decay form")
        stair = d.get("staircase").boolean("staircase") if "staircase" in d else False
        s.decay = (rate, steps, stair)
    if "step_decay" in node:
        d = node.get("step_decay").need_map("step_decay ({factor: F, every: N})")
        if "factor" not in d or "every" not in d:
            raise d.bad("step_decay form")
        s.step_decay = (d.get("factor").number("factor"), d.get("every").integer("every", 1))
        if s.step_decay[0] <= 0:
            raise d.get("factor").bad("step_decay factor", value=d.get('factor').text)
    if "l2" in node:
        lnode = node.get("l2")
        if lnode.is_map:
            s.l2 = {_layer_index(k, v, net): v.number(what("an l2 factor")) for k, v in lnode.items()}
        else:
            lam = lnode.number("l2")
            s.l2 = {l: lam for l in range(len(net.layers))}
        if any(v < 0 for v in s.l2.values()):
            raise lnode.bad("l2 negative")
    if "dropout" in node:
        dnode = node.get("dropout").need_map("dropout ({LAYER: RATE})")
        for k, v in dnode.items():
            l = _layer_index(k, v, net)
            if l == len(net.layers) - 1:
                raise v.bad("dropout output")
            rate = v.number(what("a dropout rate"))
            if not 0 <= rate < 1:
                raise v.bad("dropout range", value=v.text)
            s.dropout[l] = rate
    if "validation" in node:
        vnode = node.get("validation")
        if vnode.is_seq:
            s.validation = parse_samples(vnode, net)
        else:
            f = vnode.number("validation")
            if not 0 < f < 1:
                raise vnode.bad("validation form")
            s.validation = f
    if "early_stopping" in node:
        e = node.get("early_stopping").need_map("early_stopping ({patience: N, min_delta: D})")
        for k in e.keys():
            if k not in ("patience", "min_delta"):
                raise hints.unknown_key("early_stopping", k, ("patience", "min_delta"), **hints.at(e.get(k)))
        s.patience = e.get("patience").integer("patience", 1) if "patience" in e else 5
        s.min_delta = e.get("min_delta").number("min_delta") if "min_delta" in e else 0.0
    return s


def _override(s: Settings, net: Network, given: Mapping[str, Any]) -> None:
    """The command line's settings over the config's, in the order the command applies them."""
    unknown = [k for k in given if k not in OVERRIDES]
    if unknown:
        raise TypeError(f"train_settings: unknown override {', '.join(unknown)}; "
                        f"known: {', '.join(OVERRIDES)}")
    g = {k: v for k, v in given.items() if v is not None}
    for key, minimum in (("epochs", 1), ("batch_size", 1), ("seed", 0), ("patience", 1),
                         ("every", 1)):
        if key in g:
            setattr(s, key, _whole(key, g[key], minimum))
    if "mode" in g:
        if g["mode"] not in MODES:
            raise BadInput(key="unknown mode option", args={"name": g['mode'], "known": list(MODES)})
        s.mode = g["mode"]
    if "shuffle" in g:
        s.shuffle = bool(g["shuffle"])
    for flag in ("running_loss", "l2_in_loss"):
        if g.get(flag):
            setattr(s, flag, True)
    if "optimizer" in g:
        from bptrace.maths.optimizers import make_optimizer
        make_optimizer(g["optimizer"], 1.0, {})                       # the name checked here
        s.optimizer = g["optimizer"]
    if "l2" in g:
        s.l2 = {l: _number("--l2", g["l2"], 0) for l in range(len(net.layers))}
    if g.get("opt_settings"):
        from bptrace.maths.optimizers import make_optimizer
        settings = {}
        for item in g["opt_settings"]:
            key, _, value = item.partition("=")
            try:
                settings[key.strip()] = float(value)
            except ValueError:
                raise BadInput(key="opt form", args={"item": item}) from None
        s.optimizer_settings = {**s.optimizer_settings, **settings}
        make_optimizer(s.optimizer, 1.0, s.optimizer_settings)        # names checked here
    if g.get("decay"):
        rate, steps = _pair("--decay", g["decay"], (float, int))
        if not (0 < rate <= 1 and steps >= 1):
            raise BadInput(key="decay option")
        s.decay = (rate, steps, False)
    if g.get("step_decay"):
        factor, every = _pair("--step-decay", g["step_decay"], (float, int))
        if factor <= 0 or every < 1:
            raise BadInput(key="step-decay option")
        s.step_decay = (factor, every)
    names = [l.name for l in net.layers]
    for item in g.get("dropout", ()):
        layer, _, rate = item.partition("=")
        layer = layer.strip()
        l = int(layer) - 1 if layer.isdigit() else names.index(layer) if layer in names else -1
        if not 0 <= l < len(names) - 1:
            raise BadInput(key="dropout layer", args={"item": item, "n": len(names) - 1})
        try:
            r = float(rate)
        except ValueError:
            raise BadInput(key="dropout form", args={"item": item}) from None
        if not 0 <= r < 1:
            raise BadInput(key="dropout option range", args={"item": item})
        s.dropout[l] = r
    if "validation" in g:
        v = _number("--validation", g["validation"], 0)
        if v >= 1:
            raise BadInput(key="validation below 1")
        if v == 0:
            raise BadInput(key="validation positive")
        s.validation = v
    if "min_delta" in g:
        s.min_delta = _number("--min-delta", g["min_delta"], 0)
    if "batch_size" in g and "mode" not in g and s.mode == "online":
        s.mode = "minibatch"


def _whole(key: str, value: Any, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise BadInput(key="option integer", args={"option": f"--{key.replace('_', '-')}",
                                                  "min": minimum, "value": repr(value)})
    return value


def _number(option: str, value: Any, minimum: float) -> float:
    """A finite number ≥ minimum."""
    import math
    if isinstance(value, bool) or not isinstance(value, (int, float)) \
            or not math.isfinite(value) or value < minimum:
        raise BadInput(key="option number", args={"option": option, "min": f"{minimum:g}",
                                                 "value": repr(value)})
    return value


def _pair(option: str, value: Any, kinds) -> tuple:
    """A:B as typed (or a pair already split)."""
    try:
        a, b = value.split(":") if isinstance(value, str) else value
        return kinds[0](a), kinds[1](b)
    except (ValueError, TypeError):
        raise BadInput(key="option pair", args={"option": option, "value": value}) from None
