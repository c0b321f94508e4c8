"""The summary picture: beyond about 6 layers × 10 neurons, one box per layer with its
size, activation and parameter count instead of an unreadable hairball. It needs only the
network's shape, so a 784-784-10 net is summarised without tracing a step."""

from __future__ import annotations

from dataclasses import dataclass

from bptrace.render.pictures.box import CHAR, FONT, LINE, MARGIN, PAD, TITLE, Box
from bptrace.trace import Trace

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
