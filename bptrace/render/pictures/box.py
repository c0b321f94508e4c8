"""What the network picture is made of: boxes of numbers placed in picture pixels, the sizes
every layout shares, where a weight's label goes on its edge, and the summary picture (one
box per layer) that stands in for a network too large to draw neuron by neuron."""

from __future__ import annotations

import math
from dataclasses import dataclass

from bptrace.trace import Trace

FONT = 26                   # node and edge numbers; at 1280 px wide that is a projector's minimum
LINE = 30                   # line height
CHAR = 0.6                  # average glyph width / font size (DejaVu Sans digits: 0.64)
PAD = 10
COL_GAP = 150               # free space between a column's boxes and the next column's
ROW_GAP = 40
MARGIN = 40
TITLE = 56                  # height of the title band (title and the loss line)


@dataclass(frozen=True)
class Number:
    kind: str       # net out err delta dout | w grad new | b | target | loss
    name: str       # the neuron's or parameter's name (w5, h1, o1, E)
    key: str        # the trace key the value comes from (net.h1, grad.w5, w5 for a weight)
    value: float    # NaN where blanked
    blank: int | None = None    # an exercise sheet's numbered box instead of the value
    differs: bool = False       # a check found it to differ from the printed value


@dataclass
class Box:
    id: str
    kind: str       # input | neuron | bias | target | loss | label
    name: str
    numbers: list[Number]
    x: float        # top-left corner
    y: float
    w: float
    h: float
    layer: int = 0

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    def overlaps(self, other: "Box", gap: float = 2) -> bool:
        return not (self.x + self.w + gap <= other.x or other.x + other.w + gap <= self.x or
                    self.y + self.h + gap <= other.y or other.y + other.h + gap <= self.y)


def bias_node(tr, p) -> bool:
    """Whether bias ``p`` of trace ``tr`` is drawn as a node of its own, joined to its
    neurons (shared by several, or the layer's only bias), rather than written on its neuron."""
    return len(p.targets) > 1 or sum(q.kind == "b" and q.layer == p.layer for q in tr.params) == 1


# --- Where a weight's label goes on its edge: covering no node and no other label, and as few
# other edges as possible, so that it reads as that edge's number (``bptrace.render.pictures.layout``).

_CANDIDATES = tuple(sorted((i / 50 for i in range(4, 47)), key=lambda t: abs(t - 0.3)))


def place(e, w: float, h: float, placed: list[Box], lines: list) -> Box:
    """A label box on its edge where it covers no node and no other label and as few other
    edges as possible (so that it reads as this edge's number); else where it covers least."""
    best, best_cost = None, math.inf
    lo, hi = min(e.x1, e.x2), max(e.x1, e.x2)
    near = [o for o in lines if o is not e and min(o.x1, o.x2) < hi and max(o.x1, o.x2) > lo]
    free_crossed = math.inf
    # a box away from the edge is covered by no candidate (its cost is 0 at each: leaving it
    # out changes no sum), so each candidate is weighed against the few boxes near the edge
    reach_x, reach_y = w / 2 + 5, h / 2 + 5
    left, right = lo - reach_x, hi + reach_x
    top, bottom = min(e.y1, e.y2) - reach_y, max(e.y1, e.y2) + reach_y
    near_boxes = [o for o in placed
                  if o.x < right and o.x + o.w > left and o.y < bottom and o.y + o.h > top]
    # each near box as (left, right, top, bottom, weight): _area's sum, written out
    near_sides = [(o.x, o.x + o.w, o.y, o.y + o.h, 1 if o.kind == "label" else 3)
                  for o in near_boxes]
    segs = [((o.x1, o.y1, o.x2 - o.x1, o.y2 - o.y1), min(o.y1, o.y2), max(o.y1, o.y2))
            for o in near]
    free_at = None
    stop = math.inf         # a cost this high decides nothing: not free, and not the least
    x1, y1, ex, ey, hw, hh = e.x1, e.y1, e.x2 - e.x1, e.y2 - e.y1, w / 2, h / 2
    for t in _CANDIDATES:
        bx, by = x1 + t * ex - hw, y1 + t * ey - hh
        bx2, by2 = bx + w, by + h
        cost = 0
        for ox, ox2, oy, oy2, k in near_sides:
            dx = (bx2 if bx2 < ox2 else ox2) - (bx if bx > ox else ox) + 4
            if dx > 0:
                dy = (by2 if by2 < oy2 else oy2) - (by if by > oy else oy) + 4
                if dy > 0:
                    cost += dx * dy * k
                    if cost >= stop:
                        break
        if cost == 0:
            crossed = 0                     # the edges through it, counted while they matter
            for seg, top_y, bottom_y in segs:
                if bottom_y < by or top_y > by2:
                    continue                # wholly above or below the box: it cannot cross
                if _seg_crosses(seg, bx, by, w, h):
                    crossed += 1
                    if crossed >= free_crossed:
                        break
            if crossed < free_crossed:
                free_at, free_crossed = (bx, by), crossed
                stop = 0                # a free place found: only free ones count now
                if crossed == 0:
                    break
        elif cost < best_cost:
            best, best_cost = (bx, by), cost
            if free_at is None:
                stop = cost
    if free_at is not None:
        return Box(f"label.{e.id}", "label", e.id, [], free_at[0], free_at[1], w, h)
    return Box(f"label.{e.id}", "label", e.id, [], best[0], best[1], w, h)


def _seg_crosses(seg, x: float, y: float, w: float, h: float) -> bool:
    """Whether a segment (x1, y1, dx, dy) passes through the box at (x, y) of size w × h
    (Liang–Barsky clipping)."""
    x1, y1, dx, dy = seg
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x1 - x), (dx, x + w - x1), (-dy, y1 - y), (dy, y + h - y1)):
        if p == 0:
            if q < 0:
                return False
        else:
            r = q / p
            if p < 0:
                if r > t0:
                    t0 = r
            elif r < t1:
                t1 = r
            if t0 > t1:
                return False
    return True


def _area(a: Box, b: Box) -> float:
    dx = min(a.x + a.w, b.x + b.w) - max(a.x, b.x) + 4
    dy = min(a.y + a.h, b.y + b.h) - max(a.y, b.y) + 4
    return dx * dy if dx > 0 and dy > 0 else 0.0


# --- The summary picture: beyond about 6 layers × 10 neurons, one box per layer with its
# size, activation and parameter count instead of an unreadable hairball. It needs only the
# network's shape, so a 784-784-10 net is summarised without tracing a step.

MAX_LAYERS = 6              # layers after the inputs
MAX_NEURONS = 10            # in any column


@dataclass(frozen=True)
class LayerShape:
    name: str
    size: int
    activation: str = ""
    weights: int = 0
    biases: int = 0


@dataclass
class Summary:
    title: str
    width: float
    height: float
    boxes: list[tuple[LayerShape, Box]]
    parameters: int
    font: int = FONT
    line: int = LINE
    minor: int = 2      # the boxes' lines: font − minor; the note below: font − 2 × minor


def shape_of(net) -> list[LayerShape]:
    """A network's columns, inputs first (from a Network or a Trace, without any values)."""
    out = [LayerShape("inputs", len(net.inputs))]
    if isinstance(net, Trace) and net.param_layers:        # counted, no ParamInfo made
        for l, layer in enumerate(net.layers, start=1):
            lps = [lp for lp in net.param_layers if lp.layer == l]
            out.append(LayerShape(layer.name, len(layer.neurons), layer.activation,
                                  sum(len(lp.w_names) for lp in lps),
                                  sum(len(lp.b_names) for lp in lps)))
    elif isinstance(net, Trace):
        for l, layer in enumerate(net.layers, start=1):
            ps = [p for p in net.params if p.layer == l]
            out.append(LayerShape(layer.name, len(layer.neurons), layer.activation,
                                  sum(p.kind == "w" for p in ps), sum(p.kind == "b" for p in ps)))
    else:
        for layer in net.layers:
            out.append(LayerShape(layer.name, len(layer.neurons), layer.activation.name,
                                  len(layer.weight_names), len(layer.bias_names)))
    return out


def too_big(shape: list[LayerShape]) -> bool:
    return len(shape) - 1 > MAX_LAYERS or max(s.size for s in shape) > MAX_NEURONS


def summary(title: str, shape: list[LayerShape], minor: int = 2) -> Summary:
    """One box per column with its size, activation and parameter count (``minor``: see
    :class:`Summary`; 0 on the classroom page, every text one size)."""
    lines = 3
    longest = max(len(s.activation) + len(f"{s.weights + s.biases:,}") + 14 for s in shape)
    w, h = max(260, longest * CHAR * (FONT - minor) + 2 * PAD), lines * LINE + 2 * PAD
    gap = 110
    width = max(MARGIN * 2 + len(shape) * w + (len(shape) - 1) * gap, 1400)   # the note fits
    left = (width - len(shape) * w - (len(shape) - 1) * gap) / 2
    boxes = []
    for i, s in enumerate(shape):
        boxes.append((s, Box(f"col{i}", "layer", s.name, [], left + i * (w + gap),
                             MARGIN + TITLE, w, h, i)))
    return Summary(title, width, MARGIN * 2 + TITLE + h + LINE * 2, boxes,
                   sum(s.weights + s.biases for s in shape), minor=minor)




def summary_if_too_big(net, title: str, path: str | None, file,
                       minor: int = 2) -> Summary | None:
    """The per-layer summary of a network (or trace) too big to draw neuron by neuron, None
    where it can be drawn; a summary has no paths, so ``--path`` is refused there."""
    shape = shape_of(net)
    if not too_big(shape):
        return None
    if path:
        from bptrace.errors import BadInput
        raise BadInput(key="path big", args={"path": path, "layers": MAX_LAYERS,
                                             "neurons": MAX_NEURONS}, file=file)
    return summary(title, shape, minor)
