"""The network picture as a record: where each neuron, edge and number goes, and the
chain-rule paths of ``--path``. Pure layout over a built trace — no maths of its own and no
drawing (the renderers in :mod:`bptrace.render` format it as SVG, TikZ, DOT, PNG, PDF).

- :mod:`.layout`: the layered picture with the numbers of one step (``picture``);
- :mod:`.summary`: one box per layer for networks too large to draw neuron by neuron;
- :mod:`.paths`: the chain-rule paths from the loss to a parameter or neuron;
- :mod:`.box`: the geometry the others share.
"""

from __future__ import annotations

from bptrace.render.pictures.box import Box, Number
from bptrace.render.pictures.layout import SHOW, Column, Edge, Picture, overlaps, picture
from bptrace.render.pictures.paths import mark_differing
from bptrace.render.pictures.paths import MAX_PATHS, ChainPath, Factor, paths_to
from bptrace.render.pictures.summary import (MAX_LAYERS, MAX_NEURONS, LayerShape, Summary, shape_of, summary, summary_if_too_big, too_big)

__all__ = ["MAX_LAYERS", "MAX_NEURONS", "MAX_PATHS", "SHOW", "Box", "ChainPath", "Column", "Edge",
           "Factor", "LayerShape", "Number", "Picture", "Summary", "check_picture", "draw_record",
           "handout_picture", "mark_differing", "overlaps", "paths_to", "picture", "shape_of", "summary", "too_big"]


def draw_record(cfg, show: tuple[str, ...] = ("values",), path: str | None = None,
                digits: int = 4) -> Picture | Summary:
    """The picture of a loaded config: the layered network with the numbers of one traced
    step, or — beyond what can be read neuron by neuron — one box per layer (no trace
    needed, so a 784-784-10 net is drawn at once)."""
    big = summary_if_too_big(cfg.network, cfg.title, path, cfg.file)
    if big is not None:
        return big
    from bptrace.trace import build_trace
    tr = build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate,
                     title=cfg.title, file=cfg.file)
    return picture(tr, show, path, digits)


def handout_picture(tr, path: str | None = None) -> Picture | Summary:
    """The picture above a step's handout: the net with its values (net and out on the
    neurons, the weights on the edges) as the worked examples draw it, ``path``'s chain-rule
    paths marked."""
    return picture(tr, ("values",), path, 4)


def check_picture(tr, checks, path: str | None = None) -> Picture | Summary:
    """The picture above a check's table: the computed values of the kinds the checks
    compare (net/out and weights; gradients, new values, err, δ where checked), the ones that
    differ from the printed values marked."""
    heads = {c.key.split(".")[0] for c in checks}
    show = ("values",) + tuple(k for k in ("grad", "new", "err", "delta") if k in heads)
    pic = picture(tr, show, path, 4)
    if isinstance(pic, Picture):
        mark_differing(pic, [c.key for c in checks if not c.agree])
    return pic


def sheet_pictures(sheet, path: str | None = None):
    """(the sheet's picture, the key's picture) from one layout (see :func:`sheet_picture`)."""
    import copy

    from bptrace.render.pictures.layout import marked
    base = picture(sheet.trace, ("values",), None, 4)
    if not isinstance(base, Picture):
        return base, base
    own = copy.copy(base)           # marking changes the picture, its boxes and labels only
    own.boxes = [copy.copy(b) for b in base.boxes]
    own.edges = [copy.copy(e) for e in base.edges]
    for e in own.edges:
        e.label, e.paths = copy.copy(e.label), list(e.paths)
    own.paths = list(base.paths)
    sheet_pic = marked(sheet.trace, own, blanks=tuple(sheet.asked), given=tuple(sheet.shown))
    return sheet_pic, marked(sheet.trace, base, path)


def sheet_picture(sheet, key: bool = False, path: str | None = None):
    """An exercise sheet's network picture: the givens, what the teacher shows and the asked
    quantities as numbered boxes [1], [2], … (on the key, every value, and ``path``'s
    chain-rule paths where given)."""
    return picture(sheet.trace, ("values",), path if key else None, 4,
                   blanks=() if key else tuple(sheet.asked),
                   given=() if key else tuple(sheet.shown))
