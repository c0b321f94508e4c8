"""Pictures through the API: the figures of ``bptrace plot`` as records of the engine's numbers
(:func:`figure`, :func:`plot`) and the network picture of ``bptrace draw`` (:func:`draw`,
a :class:`Drawing`). The command line and notebooks ask here, the renderers
(:mod:`bptrace.render.pictures`) draw them. Every option is checked here, each bad one one
message (BadInput)."""

from __future__ import annotations

import math
from typing import Any

from bptrace.api.results import _in
from bptrace.errors import BadInput

KINDS = ("activations", "slice", "surface", "trajectory", "schedule")
SPAN = (-6.0, 6.0)                  # the net inputs an activation is drawn over by default


class Figure:
    """A figure's record: ``kind`` one of :data:`KINDS`, ``data`` the engine's record
    (curves with the neurons on them, a slice, a surface with its paths, a schedule)."""

    def __init__(self, kind: str, data, neurons=None, config_title: str | None = None):
        self.kind, self.data, self.neurons = kind, data, neurons
        self.config_title = config_title

    def picture(self, fmt: str = "svg", lang: str = "en") -> bytes:
        """The figure drawn (SVG, PNG or PDF bytes; needs matplotlib, the plot extra)."""
        from bptrace.render.pictures.figures import figure_bytes
        from bptrace.render.pictures.mpl import picture_lang
        from bptrace.render.pictures.plots import need_matplotlib
        need_matplotlib("bptrace plot", key="plot needs matplotlib")
        return figure_bytes(self, fmt, picture_lang(lang))

    def _repr_svg_(self) -> str:
        return self.picture("svg").decode("utf-8")


def kind_of(kind: Any) -> str:
    if kind not in KINDS:
        from bptrace.errors import unknown
        raise unknown("kind of plot", str(kind), KINDS)
    return kind


def span_of(option: str, text: str | None, parts: int = 1) -> list[tuple[float, float] | None]:
    """``LO:HI`` (or ``LO:HI,LO:HI`` where ``parts`` is 2; an axis left empty is chosen):
    finite numbers, LO < HI."""
    if text is None:
        return [None] * parts
    items = [i.strip() for i in str(text).split(",")]
    if len(items) > parts:
        raise BadInput(key="plot range", args={"option": option, "value": text})
    out: list = []
    for item in items + [""] * (parts - len(items)):
        if not item:
            out.append(None)
            continue
        try:
            lo, hi = (float(v) for v in item.split(":"))
        except ValueError:
            raise BadInput(key="plot range", args={"option": option, "value": text}) from None
        if not (math.isfinite(lo) and math.isfinite(hi)) or lo >= hi:
            raise BadInput(key="plot range", args={"option": option, "value": text})
        out.append((lo, hi))
    return out


def _pair(params: Any) -> tuple[str, str]:
    names = [n.strip() for n in str(params or "").split(",") if n.strip()]
    if len(names) != 2:
        raise BadInput(key="plot two params", args={"value": params})
    if names[0] == names[1]:
        raise BadInput(key="plot same params", args={"name": names[0]})
    return names[0], names[1]


def _optimizers(text: str | None) -> list[tuple[str, float | None]]:
    """``sgd,momentum,adam=0.05``: each optimizer, with its own η where one is given."""
    from bptrace.maths.optimizers import OPTIMIZERS
    from bptrace.errors import unknown
    out = []
    for item in [i.strip() for i in str(text or "sgd,momentum,adam").split(",") if i.strip()]:
        name, _, lr = item.partition("=")
        name = name.strip()
        if name not in OPTIMIZERS:
            raise unknown("optimizer", name, OPTIMIZERS)
        eta = None
        if lr:
            try:
                eta = float(lr)
            except ValueError:
                eta = math.nan
            if not math.isfinite(eta) or eta <= 0:
                raise BadInput(key="option positive", args={"option": f"--optimizers {name}",
                                                            "value": lr})
        out.append((name, eta))
    if not out:
        raise BadInput(key="plot no optimizers")
    if len(set(out)) < len(out):
        raise BadInput(key="plot same optimizer")
    return out


def figure(kind: str, config: Any = None, *, names: str | None = None, param: str | None = None,
           params: str | None = None, optimizers: str | None = None, decay: str | None = None,
           span: str | None = None, epochs: int | None = None, lr: float | None = None) -> Figure:
    """The record of one figure. ``activations``: ``names`` (comma-separated; default: the
    config's), the config's neurons marked where a config is given; ``slice``: ``param``;
    ``surface`` and ``trajectory``: ``params`` "P,Q" (and ``optimizers``); ``schedule``:
    ``decay`` "RATE:STEPS" or the config's. ``span`` "LO:HI" (two: "LO:HI,LO:HI")."""
    from bptrace import api

    kind = kind_of(kind)
    if lr is not None:
        api._positive("lr", lr)
    if epochs is not None:
        api._whole("epochs", epochs, 1)
    if kind == "activations":
        return _activations(names, config, span)
    cfg = api.load(config)
    try:
        if kind == "slice":
            from bptrace.training.landscape import loss_slice
            if not param:
                raise BadInput(key="plot needs param")
            return Figure(kind, loss_slice(cfg, param.strip(), cfg.learning_rate if lr is None
                                           else lr, span_of("--range", span)[0]))
        plan = api.plan_training(cfg, lr=lr, epochs=epochs, decay=decay)
        if kind == "schedule":
            from bptrace.training.landscape import schedule
            return Figure(kind, schedule(plan.config, plan.settings, plan.lr))
        from bptrace.training.landscape import loss_surface, param_of
        pq = _pair(params)
        for n in pq:
            param_of(plan.config.network, n)
        opts = ([(plan.settings.optimizer, None)] if kind == "surface" else _optimizers(optimizers))
        return Figure(kind, loss_surface(plan.config, plan.settings, plan.lr, pq, opts,
                                         tuple(span_of("--range", span, 2))))
    except BadInput as exc:
        raise exc.located(cfg.file) from None


def _activations(names: str | None, config: Any, span: str | None) -> Figure:
    from bptrace.maths.activations import activation, curves

    lo, hi = span_of("--range", span)[0] or SPAN
    from bptrace import api
    cfg = None if config is None else api.load(config)
    if names:
        acts = [activation(n) for n in names.split(",") if n.strip()]
    elif cfg is not None:
        acts = [l.activation for l in cfg.network.layers if l.activation.elementwise]
    else:
        acts = []
    if not acts:
        raise BadInput(key="plot needs names" if cfg is None else "plot no curves",
                       file=None if cfg is None else cfg.file)
    unique = list({a.name: a for a in acts}.values())
    neurons = None
    if cfg is not None:
        neurons = _neurons(cfg, unique)
    return Figure("activations", curves(unique, lo, hi), neurons,
                  None if cfg is None else cfg.title)


def _neurons(cfg, acts) -> dict[str, list[tuple[str, float, float, float]]]:
    """Per activation drawn, the config's neurons that use it: (name, net, out, dout) of
    the config's step (its own net.N, out.N, dout.N)."""
    from bptrace import api
    values = api.step(cfg).values
    drawn = {a.name for a in acts}
    out: dict[str, list] = {}
    for layer in cfg.network.layers:
        name = layer.activation.name
        if name not in drawn:
            continue
        for n in layer.neurons:
            out.setdefault(name, []).append((n, values[f"net.{n}"], values[f"out.{n}"],
                                             values[f"dout.{n}"]))
    return out


def plot(kind: str, config: Any = None, **options):
    """A figure of ``bptrace plot`` (activations, slice, surface, trajectory, schedule) as the
    engine's numbers; ``.picture(fmt, lang)`` draws it. Options as
    :func:`figure` takes them (names, param, params, optimizers, decay,
    span, epochs, lr)."""
    return figure(kind, config, **options)


def draw(config: Any = None, *, show=("values",), path: str | None = None, digits: int = 4,
         lang: str | None = None):
    """The network picture with the numbers of one step on it: ``show`` some of values,
    grad, new, err, delta; ``path`` a parameter or neuron whose chain-rule paths to mark."""
    import bptrace.render.pictures as P
    from bptrace.api import _kind, _speaking, _whole, load

    _whole("digits", digits, 1, 17)
    if path is not None:
        _kind("path", path, (str,), "a parameter's or neuron's name")
    if not isinstance(show, str):
        _kind("show", show, (list, tuple), "a text or a list of texts")
        for s in show:
            _kind("show", s, (str,), "a text or a list of texts")
    shown = tuple(s.strip() for s in ((show,) if isinstance(show, str) else show)
                  for s in s.split(",") if s.strip())
    for s in shown:
        if s not in P.SHOW:
            raise BadInput(key="show unknown", args={"value": s, "known": list(P.SHOW)})
    cfg = load(config)
    return _speaking(Drawing(P.draw_record(cfg, shown, path, digits)), lang, cfg)


class Drawing:
    """The network picture: ``record`` (bptrace.render.pictures), ``svg()``, ``save(path)``."""

    def __init__(self, record):
        self.record = record

    def svg(self, lang: str | None = None) -> str:
        from bptrace.render.pictures.svg import svg_picture
        return svg_picture(self.record, _in(self, lang))

    def save(self, path: str, lang: str | None = None) -> None:
        """Write the picture; the suffix picks svg, png, pdf, tex or dot."""
        from bptrace.io.files import write_atomic
        from bptrace.render.pictures import picture_format, render_picture
        write_atomic(path, render_picture(self.record, picture_format(None, str(path)), _in(self, lang)))

    def _repr_svg_(self) -> str:
        return self.svg()
