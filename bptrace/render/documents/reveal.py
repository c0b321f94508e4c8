"""What each quantity of a step is made of, and the order a classroom page reveals them in.

A quantity's operands are the trace keys its formula names (``net.h1 = w1·i1 + w2·i2 + b1``
uses w1, out.i1, w2, out.i2, b1), with their values. A page reveals the step one quantity at
a time and marks, on the network picture, the quantity, its operands and the neurons and
edges they sit on; for a gradient (and a neuron's err) the marks are its chain-rule paths
(:mod:`bptrace.render.pictures.paths`), the products ``step --explain`` sums. Nothing here formats.
"""

from __future__ import annotations

from dataclasses import dataclass

from bptrace.trace.quantity import Trace
from bptrace.trace.views import operands  # noqa: F401 (what each quantity is made of)

@dataclass(frozen=True)
class Reveal:
    """One step of the reveal: the quantity's key, its operands' keys, and what to mark on
    the picture (number keys, neuron/box ids, edge ids)."""
    key: str
    operands: tuple[str, ...]
    keys: tuple[str, ...]
    nodes: tuple[str, ...]
    edges: tuple[str, ...]
    given: bool = False         # an input: shown from the start, not a step to reveal


def _neuron(key: str) -> str | None:
    head, _, rest = key.partition(".")
    return rest.split(".")[0] if head in ("net", "out", "err", "dout", "delta", "loss") and rest else None


def reveal_steps(tr: Trace, paths: bool = True, skip: set | frozenset = frozenset()) -> list[Reveal]:
    """Every quantity of the step in order, with what a page marks when it is revealed
    (``paths``: a gradient's chain-rule paths too; off where the picture has no neurons;
    ``skip``: the (section, layer) runs a summarised page does not show)."""
    from bptrace.render.pictures.paths import paths_to
    from bptrace.errors import BadInput

    from bptrace.trace.views import weight_names
    weights = weight_names(tr)
    steps = []
    shown = (q for b in tr.blocks if (b.section, b.layer) not in skip
             for q in tr.section_block(b)) if skip else tr.quantities
    for q in shown:
        ops = tuple(operands(tr, q))
        marks = list(ops)
        nodes = {n for n in (_neuron(k) for k in (q.key,) + ops) if n}
        edges = {k for k in ops if k in weights}
        head, _, name = q.key.partition(".")
        if paths and (head == "grad" or (head == "err" and "." not in name)):
            try:
                _, paths = paths_to(tr, name)
            except BadInput:                # too many paths to mark: the operands only
                paths = []
            for p in paths:
                nodes.update(p.nodes)
                edges.update(p.edges)
                marks += [f.key for f in p.factors if f.key in tr or f.key in weights]
        if head == "new" and name in weights:
            edges.add(name)
        if q.key.startswith("loss"):
            nodes.add("E")
        keys = tuple(dict.fromkeys([q.key] + marks))
        steps.append(Reveal(q.key, ops, keys, tuple(sorted(nodes)),
                            tuple(sorted(edges)), given=q.section == "forward" and q.layer == 0))
    return steps
