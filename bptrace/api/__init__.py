"""The Python API, for notebooks and scripts; the command line is a thin client of it.

    load(source)                      a path, a built-in example's name, a dict or YAML text
    step(config, round_to=None)       one step → :class:`~bptrace.api.results.Step`
    train(config, epochs=…, …)        training → :class:`~bptrace.api.training.Training`
    check(config, diagnose=…, …)      expected values → :class:`~bptrace.api.results.Checked`
    draw(config, show=…, path=…)      the network picture → :class:`~bptrace.api.figures.Drawing`
    compare(config, vary=…)           variants → :class:`~bptrace.api.training.Comparison`
    perceptron(name)                  the perceptron rule → :class:`~bptrace.api.results.PerceptronRun`
    plot(kind, config, …)             a figure of bptrace plot → :class:`~bptrace.api.figures.Figure`

``config`` is anything :func:`load` takes (or a loaded Config; None: the Mazur example).
Results render themselves (``_repr_html_`` in Jupyter, ``__rich__`` in a terminal). Bad
input raises :class:`~bptrace.errors.BadInput` with the command line's message; nothing
here prints.
"""

from __future__ import annotations

import os
from typing import Any

from bptrace.api.figures import draw, plot
from bptrace.api.training import compare, plan_training, train
from bptrace.errors import BadInput

__all__ = ["load", "step", "train", "check", "draw", "compare", "perceptron", "plan_training",
           "sheet_html", "plot"]


def _whole(option: str, value: Any, lo: int, hi: int | None = None) -> int:
    """An argument the command line takes as a whole number in [lo, hi] (as its option
    does): anything else is the command line's message, not a TypeError."""
    if isinstance(value, bool) or not isinstance(value, int) or value < lo or (hi is not None and value > hi):
        if hi is None:
            raise BadInput(key="option integer", args={"option": option, "min": lo, "value": repr(value)})
        raise BadInput(key="option range", args={"option": option, "min": lo, "max": hi,
                                                 "value": repr(value)})
    return value


def _positive(option: str, value: Any) -> float:
    """A finite number > 0 (the command line's --lr, --target)."""
    import math
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or value <= 0:
        raise BadInput(key="option positive", args={"option": option, "value": repr(value)})
    return value


def _round_to(value: Any):
    """--round: None, N decimals (0 to 15) or 'printed'."""
    if value is None or value == "printed":
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadInput(key="round what", args={"value": value})
    if not 0 <= value <= 15:
        raise BadInput(key="round range", args={"value": value})
    return value


def _kind(option: str, value: Any, types: tuple, kind: str):
    if not isinstance(value, types):
        from bptrace.words.messages import what
        raise BadInput(key="option kind", args={"option": option, "kind": what(kind),
                                                "value": repr(value)[:80]})
    return value


def _show_configs_in_notebooks() -> None:
    """A loaded config shows itself in Jupyter through the API's renderer (set once)."""
    from bptrace.config.records import Config
    if Config.html_view is None:
        from bptrace.api.results import config_view
        Config.html_view = config_view


def load(source: Any = None):
    """A config: a file path, a built-in example's name, a dict in the config format, YAML
    text (anything with a line break), or a loaded Config (returned as it is). None: the
    Mazur example."""
    import bptrace.config as C

    _show_configs_in_notebooks()
    if isinstance(source, C.Config):
        return source
    if isinstance(source, dict):
        return C.from_dict(source)
    if isinstance(source, os.PathLike) and isinstance(os.fspath(source), str):
        return C.load(os.fspath(source))
    if isinstance(source, str) and "\n" in source:
        return C.parse_config(source, "<text>")
    if source is not None and not isinstance(source, str):
        raise BadInput(key="config type", args={"type": type(source).__name__})
    return C.load(source)


def _speaking(result, lang, cfg):
    """A result that shows itself (Jupyter, Rich, html()) in ``lang`` (None: BPTRACE_LANG,
    the settings file, the locale) with the config's and the settings' terms."""
    from bptrace.io.settings import resolve
    result.lang = resolve(lang, getattr(cfg, "terms", None))
    return result


def step(config: Any = None, *, round_to: int | None = None, only=(), layer=(), explain=(),
         gradcheck: bool = False, view: str = "scalar", batch: bool = False,
         samples: str | None = None, lang: str | None = None):
    """One forward pass, one backward pass and one update of the config's sample → a
    :class:`~bptrace.api.results.Step`. As the step command's options: ``round_to`` computes
    by hand (every intermediate rounded half up to N decimals, or ``"printed"``); ``only``
    (key patterns) and ``layer`` select what is shown; ``explain`` names parameters to derive
    path by path; ``gradcheck`` adds central differences; ``view`` "matrix" or "jacobian"
    adds that view; ``batch`` (or ``samples``, "1,3") traces data: samples side by side.
    ``lang`` (en, zh, zh_TW): the language it shows itself in."""
    done = _step(config, round_to, only, layer, explain, gradcheck, view, batch, samples)
    return _speaking(done, lang, done.config)


def _step(config, round_to, only, layer, explain, gradcheck, view, batch, samples):
    from bptrace.api.results import Step
    from bptrace.trace.views import explained_params, sample_indices, selection

    round_to = _round_to(round_to)
    cfg = load(config)
    explain = explained_params(cfg, explain)
    if batch or samples:
        from bptrace.trace import build_batch_trace
        if cfg.network.sequential:
            raise BadInput(key="batch sequential")
        indices = sample_indices(cfg, samples)
        X, T = cfg.dataset
        if view == "matrix":            # the batch as matrices, samples as rows
            from bptrace.trace.deltas import batch_matrices
            return Step(cfg, None, kind="batch matrices", view=view,
                        views=batch_matrices(cfg.network, X, T, cfg.learning_rate, indices))
        bt = build_batch_trace(cfg.network, X, T, cfg.learning_rate, indices, title=cfg.title,
                               file=cfg.file)
        return Step(cfg, bt.samples[0][1], kind="batch", batch=bt,
                    samples=[i + 1 for i in indices])
    from bptrace.trace.build import traces
    if round_to is None and view == "scalar" and not (only or layer or gradcheck):
        return Step.later(cfg, _recorded(cfg, cfg is not config), explain=explain)
    both = traces(cfg, round_to)
    tr, exact = both.shown, both.exact
    if view == "delta":                 # the backward pass as vectors, from the output down
        from bptrace.trace.deltas import delta_view
        return Step(cfg, tr, exact, round_to, kind="delta", view=view, views=delta_view(tr))
    if view != "scalar":
        from bptrace.trace import matrix_view
        return Step(cfg, tr, exact, round_to, kind="views", view=view, views=matrix_view(tr))
    keep = selection(tr, list(only), list(layer))
    keys = None if keep is None else [q.key for q in tr.quantities if keep(q)]
    checked = drift = None
    if gradcheck:
        from bptrace.maths.gradcheck import gradient_check
        checked = gradient_check(cfg.network, cfg.sample.x, cfg.sample.t, lr=cfg.learning_rate)
    if exact is not None:
        from bptrace.trace import drift as drift_of
        drift = [r for r in drift_of(tr, exact) if keys is None or r[0] in keys]
    return Step(cfg, tr, exact, round_to, keep=keep, keys=keys, explain=explain,
                gradcheck=checked, drift=drift)


def _recorded(cfg, loaded: bool):
    """What records the config's step when it is first read: the network, the sample and
    numpy's error handling as they are now (checked now against the memory guard);
    ``loaded``: the config was loaded for this step (a copy of one that never changes)."""
    import numpy as np

    from bptrace.config.guard import check_trace
    from bptrace.trace.build import build_trace

    net = cfg.network
    check_trace([len(net.inputs)] + [len(layer.neurons) for layer in net.layers], cfg.file or None)
    if loaded and cfg._origin is not None:
        net, x, t = cfg._origin.network, cfg._origin.sample.x, cfg._origin.sample.t
    else:
        net, x, t = net.copy(), cfg.sample.x.copy(), cfg.sample.t.copy()
    errors, lr, title, file = np.geterr(), cfg.learning_rate, cfg.title, cfg.file

    def make():
        with np.errstate(**errors):
            return build_trace(net, x, t, lr, title=title, file=file)
    return make


def check(config: Any = None, *, expect: str | None = None, decimals: int = 4,
          round_to: int | None = None, diagnose: bool = False, gradcheck: bool = False,
          progress=None, need_sheet: bool | None = None, lang: str | None = None):
    """The config's ``expect:`` values (or a student's answer file ``expect``; a folder of
    them gives a :class:`~bptrace.api.results.Grades`) against what bptrace computes, and with
    ``diagnose`` the textbook convention or mistake that reproduces the differences.
    ``need_sheet``: an answer file must name its sheet (default: where no config is given)
    — it is never graded against the default example."""
    from bptrace.api.results import Checked, Grades
    from bptrace.checking import grading

    round_to = _round_to(round_to)
    _whole("decimals", decimals, 0, 15)
    if expect is not None:
        _kind("expect", expect, (str, os.PathLike), "a file or folder name")
        expect = os.fspath(expect)
    cfg = load(config)
    if need_sheet is None:
        need_sheet = config is None
    if expect is not None and os.path.isdir(expect):
        from pathlib import Path
        return _speaking(Grades(cfg, grading.grade_folder(cfg, Path(expect), decimals, round_to,
                                                          progress, need_sheet)), lang, cfg)
    if expect is not None:
        # without a config, the answers must name their sheet (never graded against Mazur's)
        checked = grading.check_answers(cfg, expect, decimals, round_to,
                                        need_sheet=need_sheet)
    else:
        checked = grading.check_config(cfg, round_to, diagnose)
    gradients = None
    if gradcheck:
        from bptrace.maths.gradcheck import gradient_check
        c = checked.cfg
        gradients = gradient_check(c.network, c.sample.x, c.sample.t, lr=c.learning_rate)
    diagnosis = grading.diagnose_checked(checked, progress) if diagnose else None
    return _speaking(Checked(checked, diagnosis, gradients, diagnose), lang, cfg)


def sheet_html(sheet, *, key: bool = False, lang: str | None = None, reveal: bool = True,
               path: str | None = None) -> str:
    """An exercise sheet (:func:`bptrace.checking.exercise.sheet`) as a page: the picture with the
    blanks numbered, or with ``key`` the answers, revealed one by one (and ``path``'s
    chain-rule paths marked on the key's picture)."""
    from bptrace.io.settings import resolve
    from bptrace.render.documents.html import reveal_steps
    from bptrace.render.documents.html_reports import exercise_html
    from bptrace.render.pictures import picture
    lang = resolve(lang)
    tr = sheet.trace
    pic = (picture(tr, ("values", "err", "delta", "grad"), path, 4, page=True) if key
           else picture(tr, ("values", "grad"), None, 4, blanks=tuple(sheet.asked),
                        given=tuple(sheet.shown), page=True))
    live = ""
    if reveal:          # the sheet: practice (its blanks answer boxes); the key: review
        from bptrace.render.documents.live import live_data
        live, _ = live_data(load(sheet.raw), tr, lang, 9, "key" if key else "sheet", True)
    return exercise_html(tr, pic, reveal_steps(tr), sheet.asked, key=key, lang=lang,
                         reveal=reveal, shown=() if key else sheet.shown, live=live)


def perceptron(source: str | None = None):
    """The M-P neuron and the perceptron rule on a truth table: a file or a built-in one
    (and — the default —, or, nand, not, xor); for XOR, also the two-layer network that
    solves it."""
    import bptrace.training.perceptron as P
    from bptrace.api.results import PerceptronRun

    if source is not None:
        _kind("source", source, (str, os.PathLike), "a file name or a built-in table's name")
        source = os.fspath(source)
    name = source or "and"
    p = P.parse(P.source_text(name), name)
    run = P.learn(p)
    grid = P.region_grid(p, run.W, run.theta) if len(p.inputs) == 2 else None
    xor = P.xor_network(p.lr) if not run.converged and P.is_xor(p) else None
    return PerceptronRun(name, p, run, grid, xor)

