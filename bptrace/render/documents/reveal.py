"""What each quantity of a step is made of, and the order a classroom page reveals them in.

A quantity's operands are the trace keys its formula names (``net.h1 = w1·i1 + w2·i2 + b1``
uses w1, out.i1, w2, out.i2, b1), with their values. A page reveals the step one quantity at
a time and marks, on the network picture, the quantity, its operands and the neurons and
edges they sit on; for a gradient (and a neuron's err) the marks are its chain-rule paths
(:mod:`bptrace.render.pictures.paths`), the products ``step --explain`` sums. Nothing here formats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bptrace.trace.quantity import Quantity, Trace

_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*")


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


def operands(tr: Trace, q: Quantity) -> dict[str, float]:
    """The keys the quantity's formula names, in order, with their values (parameters by
    name, a neuron's or input's name as its out.N, targets as target.N)."""
    if q.section == "after":
        return {}
    params, nodes = _names(tr)
    found: dict[str, float] = {}
    for token in _TOKEN.findall(q.formula):
        if token == q.key:
            continue
        if token in tr:
            found[token] = tr[token].value
        elif token in params:
            found[token] = params[token]
        elif token in nodes and f"out.{token}" in tr:
            found[f"out.{token}"] = tr[f"out.{token}"].value
        elif token.startswith("target.") and token[7:] in tr.target:
            found[token] = tr.target[token[7:]]
    return found


def _names(tr: Trace) -> tuple[dict[str, float], set[str]]:
    """The trace's parameters by name and its node names, made once per trace (a page asks
    for every quantity's operands: linear in the quantities, not quadratic)."""
    made = tr.__dict__.get("_reveal_names")
    if made is None:
        made = ({p.name: p.value for p in tr.params},
                set(tr.inputs) | {n for layer in tr.layers for n in layer.neurons})
        tr.__dict__["_reveal_names"] = made
    return made


def _neuron(key: str) -> str | None:
    head, _, rest = key.partition(".")
    return rest.split(".")[0] if head in ("net", "out", "err", "dout", "delta", "loss") and rest else None


def reveal_steps(tr: Trace, paths: bool = True) -> list[Reveal]:
    """Every quantity of the step in order, with what a page marks when it is revealed
    (``paths``: a gradient's chain-rule paths too; off where the picture has no neurons)."""
    from bptrace.render.pictures.paths import paths_to
    from bptrace.errors import BadInput

    weights = {p.name for p in tr.params if p.kind == "w"}
    steps = []
    for q in tr.quantities:
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
