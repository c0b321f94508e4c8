"""The network picture as a record: where each node, edge and number of a traced step goes.

From a :class:`~bptrace.trace.Trace` this module places the layered network (the user's
names), the numbers on it (net/out/err/δ on the neurons, weights, gradients and new values
on the edges, biases as a node per layer or on the neuron, targets beside the outputs, the
loss at the right) and, for ``path``, the chain-rule paths that ``step --explain`` sums
(:mod:`bptrace.render.pictures.paths`), factor by factor, with the trace's own numbers. Nets beyond
about 6 layers × 10 neurons get a summary record instead (:mod:`bptrace.render.pictures.box`).
Renderers (``render.svg``, ``render.tikz``, ``render.dot``, ``render.picture_mpl``) only
format these records. Units are SVG pixels.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bptrace.errors import BadInput
from bptrace.render.pictures.box import (CHAR, COL_GAP, FONT, LINE, MARGIN, MAX_LAYERS, MAX_NEURONS,
                                         PAD, ROW_GAP, TITLE, Box, LayerShape, Number, Summary,
                                         bias_node, place, shape_of, summary, too_big)
from bptrace.render.pictures.paths import (MAX_PATHS, ChainPath, Factor, add_paths, blank,
                                           givens_only)
from bptrace.trace import Trace

__all__ = ["SHOW", "MAX_LAYERS", "MAX_NEURONS", "MAX_PATHS", "Box", "ChainPath", "Column",
           "Edge", "Factor", "LayerShape", "Number", "Picture", "Summary", "overlaps",
           "shape_of", "summary", "too_big"]

SHOW = ("values", "grad", "new", "err", "delta")



@dataclass
class Edge:
    id: str         # a weight's name; "b1>h1" for a bias connector; "o1>E" for the loss
    kind: str       # weight | bias | loss
    source: str     # box ids
    target: str
    x1: float
    y1: float
    x2: float
    y2: float
    label: Box | None = None
    paths: list[int] = field(default_factory=list)


@dataclass
class Column:
    name: str       # "inputs", a layer's name, "target", "loss"
    kind: str       # inputs | layer | target | loss
    x: float        # centre
    activation: str = ""


@dataclass
class Picture:
    title: str
    width: float
    height: float
    columns: list[Column]
    boxes: list[Box]
    edges: list[Edge]
    show: tuple[str, ...]
    digits: int
    path_of: str | None = None
    total: Number | None = None     # grad.P (or err.N) that the paths sum to
    paths: list[ChainPath] = field(default_factory=list)
    panel_y: float = 0              # where the list of paths starts
    font: int = FONT
    line: int = LINE
    minor: int = 2                  # the column headings and the paths' lines: font − minor


# ------------------------------------------------------------------------------ layout
SCREEN = (1280.0, 720.0)        # where the files' picture is shown (bptrace.render.pictures)

_PREFIX = {"net": 3, "out": 3, "err": 3, "delta": 1, "target": 6, "loss": 1, "newloss": 2}


def _box_size(numbers: list[Number], name: str | None, digits: int) -> tuple[float, float]:
    """Room for a name line (None: none) and one line per number, e.g. "∂E/∂w5 = 0.08217"."""
    chars = [(_PREFIX.get(n.kind, len(n.name) or 1) + (4 if n.kind == "grad" else 0) + 3
              if n.name or n.kind != "w" else 0) + len(f"{n.value:.{digits}g}") for n in numbers]
    chars += [len(name)] if name is not None else []
    lines = len(numbers) + (1 if name is not None else 0)
    return max(chars + [4]) * CHAR * FONT + 2 * PAD, lines * LINE + 2 * PAD


def scale_on(width: float, height: float, screen: tuple[float, float]) -> float:
    """How large a picture of this size shows on ``screen`` (1: as laid out)."""
    return min(screen[0] / width, screen[1] / height)


def marked(tr: Trace, pic: Picture, path: str | None = None, blanks: tuple[str, ...] = (),
           given: tuple[str, ...] = ()) -> Picture:
    """A laid-out picture (changed in place) with a sheet's blanks and givens, or ``path``'s
    chain-rule paths marked (see :func:`bptrace.render.pictures.picture`)."""
    if blanks:
        if path:
            raise BadInput(key="path blanks")
        blank(pic, {key: i + 1 for i, key in enumerate(blanks)})
        givens_only(pic, tr, given)
    if path:
        add_paths(tr, pic, path)
    return pic


def overlaps(pic: Picture) -> list[tuple[str, str]]:
    """Pairs of boxes (nodes, labels) that cover each other."""
    bs = pic.boxes + [e.label for e in pic.edges if e.label is not None]
    return [(a.id, b.id) for i, a in enumerate(bs) for b in bs[i + 1:] if a.overlaps(b, 0)]


def _sizes(tr: Trace, show, digits: int):
    """What a layout's stretches leave as it is: the columns' boxes with their numbers and
    sizes, the shared biases' boxes, and per layer the largest weight label and its count."""
    bias_of: dict[str, list] = {}
    shared = []
    for p in tr.params:
        if p.kind == "b":
            if bias_node(tr, p):
                shared.append(p)
            else:
                bias_of[p.targets[0]] = p

    def param_numbers(p) -> list[Number]:
        """A bias's numbers; b_h1, the name made from its neuron, is written b on that neuron."""
        shown = "b" if p.name == f"b_{p.targets[0]}" else p.name
        out = [Number("b", shown, p.name, p.value)]
        for kind in ("grad", "new"):
            if kind in show and p.trainable:
                out.append(Number(kind, shown, f"{kind}.{p.name}", tr[f"{kind}.{p.name}"].value))
        return out

    columns = [[(n, "input", [Number("out", n, f"out.{n}", tr[f"out.{n}"].value)] if "values" in show else [])
                for n in tr.inputs]]
    for layer in tr.layers:
        col = []
        for n in layer.neurons:
            nums = []
            if n in bias_of:
                nums += param_numbers(bias_of[n])
            if "values" in show:
                nums += [Number("net", n, f"net.{n}", tr[f"net.{n}"].value),
                         Number("out", n, f"out.{n}", tr[f"out.{n}"].value)]
            for kind in ("err", "delta"):
                if kind in show:
                    nums.append(Number(kind, n, f"{kind}.{n}", tr[f"{kind}.{n}"].value))
            col.append((n, "neuron", nums))
        columns.append(col)
    # sizes, then positions: columns left to right, each centred vertically
    sized = [[(n, kind, nums, *_box_size(nums, n, digits)) for n, kind, nums in col] for col in columns]
    col_w = [max(s[3] for s in col) for col in sized]
    heights = [sum(s[4] for s in col) + ROW_GAP * len(col) for col in sized]
    bias_boxes = {}
    for p in shared:
        nums = param_numbers(p)
        bias_boxes[p.name] = (p, nums, *_box_size(nums, None, digits))
    extra = {l: sum(b[3] + ROW_GAP for b in bias_boxes.values() if b[0].layer == l + 1)
             for l in range(len(sized))}
    labels = []
    for l in range(1, len(tr.layers) + 1):
        ws = [p for p in tr.params if p.kind == "w" and p.layer == l]
        labels.append((*max((_box_size(_edge_numbers(tr, p, show), None, digits) for p in ws),
                            default=(0, 0)), len(ws)))
    return columns, sized, col_w, heights, bias_boxes, extra, labels


def layout_at(tr: Trace, show, digits: int, wide: float, stretch: float,
            beat: float | None = None, screen: tuple[float, float] = SCREEN,
            minor: int = 2, size_only: bool = False, give_up: bool = False,
            memo: dict | None = None):
    """The picture at these stretches and the boxes by id; (None, None) where its scale on
    ``screen`` would not be above ``beat`` (its labels are then not placed: it cannot be
    chosen); ``size_only``: only its (width, height); ``give_up``: (None, (width, height))
    as soon as a label covers another box (the picture would overlap), its other labels
    not placed; ``memo``: kept across the layouts of one picture (of one trace, show and
    digits), what the stretches leave as it is."""
    got = None if memo is None else memo.get("sizes")
    if got is None:
        got = _sizes(tr, show, digits)
        if memo is not None:
            memo["sizes"] = got
    columns, sized, col_w, heights, bias_boxes, extra, labels = got
    boxes: dict[str, Box] = {}
    # room between columns for the weights' labels: about two labels side by side
    gaps, room = [], 0.0
    for l in range(1, len(tr.layers) + 1):
        lab_w, lab_h, n_ws = labels[l - 1]
        gaps.append(max(COL_GAP, lab_w * min(2.0, 1.2 + n_ws / 16) * wide))
        rows = max(len(columns[l - 1]), len(columns[l]))   # and height for labels to spread
        room = max(room, n_ws * lab_h * 0.9, (rows + 1) * lab_h * 2.2)
    gaps.append(COL_GAP)
    inner = max([h + extra[i] for i, h in enumerate(heights)] + [room]) * stretch
    top = MARGIN + TITLE + LINE       # room for the column headings
    # the size first (the boxes' sizes do not depend on the stretches): a layout that cannot
    # be chosen is not laid out
    x = MARGIN
    for i in range(len(sized)):
        x += col_w[i] + gaps[i]
    L = len(tr.layers)
    targets = [[Number("target", o, f"target.{o}", tr.target[o])] for o in tr.layers[-1].neurons]
    target_sizes = [_box_size(nums, None, digits) for nums in targets]
    tw = max([0] + [w for w, _ in target_sizes])
    loss_nums = [Number("loss", "E", "loss", tr["loss"].value)]
    if "new" in show:
        loss_nums.append(Number("newloss", "E", "new.loss", tr["new.loss"].value))
    lw, lh = _box_size(loss_nums, None, digits)
    lx = x - COL_GAP + 70 + tw + 90
    width = lx + lw + MARGIN
    if size_only:
        return width, top + inner + MARGIN
    if beat is not None and scale_on(width, top + inner + MARGIN, screen) <= beat:
        return None, None
    x = MARGIN
    col_x = []
    for i, col in enumerate(sized):
        col_x.append(x + col_w[i] / 2)
        here = [(n, kind, nums, w, h) for n, kind, nums, w, h in col] + [
            (p.name, "bias", nums, w, h) for p, nums, w, h in bias_boxes.values() if p.layer == i + 1]
        space = (inner - sum(b[4] for b in here)) / len(here)     # spread over the full height
        y = top + space / 2
        for n, kind, nums, w, h in here:
            boxes[n] = Box(n, kind, n, nums, x + (col_w[i] - w) / 2, y, w, h, i)
            y += h + space
        x += col_w[i] + gaps[i]
    # targets beside the outputs, the loss at the right
    for o, nums, (w, h) in zip(tr.layers[-1].neurons, targets, target_sizes):
        boxes[f"target.{o}"] = Box(f"target.{o}", "target", o, nums, x - COL_GAP + 70,
                                   boxes[o].cy - h / 2, w, h, L)
    boxes["E"] = Box("E", "loss", "E", loss_nums, lx, top + inner / 2 - lh / 2, lw, lh, L + 1)
    cols = [Column("inputs", "inputs", col_x[0])] + [
        Column(layer.name, "layer", col_x[i + 1], layer.activation) for i, layer in enumerate(tr.layers)]
    edges = _edges(tr, boxes, show, digits, give_up, memo)
    if edges is None:
        return None, (width, top + inner + MARGIN)
    pic = Picture(tr.title, width, top + inner + MARGIN, cols, list(boxes.values()), edges,
                  tuple(show), digits, minor=minor)
    return pic, boxes


def _edges(tr, boxes, show, digits, give_up: bool = False,
           memo: dict | None = None) -> list[Edge] | None:
    """The edges with their labels placed; None where ``give_up`` and a label covers a box.
    ``memo``: each weight's numbers and the size of its label, the same at every stretch."""
    sizes = None if memo is None else memo.get("labels")
    if sizes is None:
        sizes = {}
        for p in tr.params:
            if p.kind == "w":
                nums = _edge_numbers(tr, p, show)
                sizes[p.name] = (nums, *_box_size(nums, None, digits))
        if memo is not None:
            memo["labels"] = sizes
    edges = []
    placed = [b for b in boxes.values()]
    weights = [Edge(p.name, "weight", p.source, p.targets[0], boxes[p.source].x + boxes[p.source].w,
                    boxes[p.source].cy, boxes[p.targets[0]].x, boxes[p.targets[0]].cy)
               for p in tr.params if p.kind == "w"]
    by_name = {e.id: e for e in weights}
    for p in tr.params:
        if p.kind == "w":
            e = by_name[p.name]
            nums, w, h = sizes[p.name]
            e.label = place(e, w, h, placed, weights)
            e.label.numbers = nums
            if give_up and any(e.label.overlaps(b, 0) for b in placed):
                return None
            placed.append(e.label)
            edges.append(e)
        elif p.name in boxes:                       # a bias node: connectors to its neurons
            s = boxes[p.name]
            for n in p.targets:
                t = boxes[n]
                edges.append(Edge(f"{p.name}>{n}", "bias", s.id, n, s.x + s.w, s.cy, t.x, t.cy))
    E = boxes["E"]
    for o in tr.layers[-1].neurons:
        s, t = boxes[o], boxes[f"target.{o}"]
        edges.append(Edge(f"{o}>t", "loss", o, t.id, s.x + s.w, s.cy, t.x, t.cy))
        edges.append(Edge(f"{o}>E", "loss", t.id, "E", t.x + t.w, t.cy, E.x, E.cy))
    return edges


def _edge_numbers(tr, p, show) -> list[Number]:
    """A weight's numbers; a name made from its edge (w_h1_o1) is not written: the edge says it."""
    shown = "" if p.name == f"w_{p.source}_{p.targets[0]}" else p.name
    nums = [Number("w", shown, p.name, p.value)]
    for kind in ("grad", "new"):
        if kind in show:
            nums.append(Number(kind, shown, f"{kind}.{p.name}", tr[f"{kind}.{p.name}"].value))
    return nums
