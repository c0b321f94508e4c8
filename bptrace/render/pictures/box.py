"""What the network picture is made of: boxes of numbers placed in picture pixels, and the
sizes every layout shares (``bptrace.render.pictures`` and ``bptrace.render.pictures.summary``)."""

from __future__ import annotations

from dataclasses import dataclass

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
