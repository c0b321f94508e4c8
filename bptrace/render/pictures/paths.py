"""Chain-rule paths: the products a gradient (or a neuron's err) sums, read from the trace.

``step --explain P`` walks the trace's own terms: grad.P = err.N·dout.N·out.S, err.N = Σ_K
err.N.K, err.N.K = delta.K·w, delta.K = err.K·dout.K, … Multiplying those products out gives
one product per path from the loss to P; this module lists them with the trace's numbers (no
new maths: every factor is a value the trace holds) and the neurons and parameters each
path passes. The picture draws them (``bptrace.render.pictures``); nothing here formats.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from bptrace.errors import BadInput
from bptrace.render.pictures.box import CHAR, LINE, MARGIN, Number, bias_node
from bptrace.trace import Trace

MAX_PATHS = 32


@dataclass(frozen=True)
class Factor:
    key: str        # trace key of the factor: err.o1, dout.o1, w5, out.i1, 1
    value: float


@dataclass
class ChainPath:
    index: int                  # 0-based; renderers number from 1 and pick colour `index`
    nodes: tuple[str, ...]      # from the parameter (or neuron) to the loss: i1, h1, o1, E
    edges: tuple[str, ...]      # edge ids along it
    factors: tuple[Factor, ...]  # from the loss down, as --explain multiplies them
    product: float              # the product of the factors' values


def chain_paths(tr: Trace, start: str) -> list[tuple[Factor, ...]]:
    """The products that ``start`` (grad.P or err.N) sums, expanded through the trace's own
    terms exactly as ``step --explain`` walks them: a sum (err.N = Σ err.N.K) branches, a
    product (err.N.K = delta.K·w, delta.K = err.K·dout.K) multiplies. Factors not expanded
    (dout, the output's err, a weight, an input's out) end a branch."""
    memo: dict[str, list[tuple[Factor, ...]]] = {}

    def expand(label: str, value: float) -> list[tuple[Factor, ...]]:
        if not label.startswith(("err.", "delta.", "grad.")) or label not in tr \
                or tr[label].terms is None:
            return [(Factor(label, value),)]
        if label in memo:
            return memo[label]
        alts = []
        for term in tr[label].terms:
            prods = [()]
            for lab, v in term:
                prods = [p + s for p in prods for s in expand(lab, v)]
                if len(prods) > MAX_PATHS:
                    raise _TooMany()
            alts.extend(prods)
            if len(alts) > MAX_PATHS:
                raise _TooMany()
        memo[label] = alts
        return alts

    return expand(start, tr[start].value)


class _TooMany(Exception):
    pass


def _index(tr: Trace):
    """(parameters by name, neuron names, weights by name, biases drawn as a node), made once
    per trace: a page asks for every gradient's paths."""
    made = tr.__dict__.get("_path_index")
    if made is None:
        params = {p.name: p for p in tr.params}
        neurons = {n: None for layer in tr.layers for n in layer.neurons}
        made = (params, neurons, {p.name: p for p in tr.params if p.kind == "w"},
                {p.name for p in tr.params if p.kind == "b" and bias_node(tr, p)})
        tr.__dict__["_path_index"] = made
    return made


def paths_to(tr: Trace, name: str) -> tuple[str, list[ChainPath]]:
    """(the key the paths sum to — grad.P or err.N —, the paths), for a parameter or neuron.
    A path's nodes run from the parameter to the loss E; its edges are the picture's edge
    ids: weights by name, ``b>n`` from a bias node, ``o>t`` and ``o>E`` after an output."""
    params, neurons, weights, shared = _index(tr)
    if name in params:
        start = f"grad.{name}"
    elif name in neurons:
        start = f"err.{name}"
    else:
        from bptrace.errors import close_matches
        close = close_matches(name, list(params) + list(neurons), n=4)
        raise BadInput(key="path close" if close else "path unknown",
                       args={"name": name, "names": close}, file=tr.file)
    try:
        products = chain_paths(tr, start)
    except _TooMany:
        raise BadInput(key="path many", args={"name": name, "n": MAX_PATHS}) from None
    outputs = set(tr.layers[-1].neurons)
    paths = []
    for i, factors in enumerate(products):
        # loss side first; under update: sequential a path runs through new.w (the same edge)
        hops = [weights[k] for k in (f.key[4:] if f.key.startswith("new.") else f.key
                                     for f in factors) if k in weights]
        hops.reverse()
        if start.startswith("err."):
            edges, nodes = [], [name]
        else:
            p = params[name]
            first = _first_neuron(factors, p, hops)
            if p.kind == "w":
                edges, nodes = [p.name], [p.source, first]
            elif p.name in shared:                       # a bias node, or on the neuron
                edges, nodes = [f"{p.name}>{first}"], [p.name, first]
            else:
                edges, nodes = [], [first]
        for h in hops:
            edges.append(h.name)
            nodes.append(h.targets[0])
        if nodes[-1] in outputs:
            edges += [f"{nodes[-1]}>t", f"{nodes[-1]}>E"]
            nodes.append("E")
        paths.append(ChainPath(i, tuple(nodes), tuple(edges), factors,
                               math.prod(f.value for f in factors)))
    return start, paths


def _first_neuron(factors, param, hops) -> str:
    """The neuron the parameter feeds on this path (a shared bias feeds several)."""
    if param.kind == "w":
        return param.targets[0]
    for f in factors:
        head, _, rest = f.key.partition(".")
        if head in ("dout", "delta", "err") and rest in param.targets:
            return rest
    return hops[0].source if hops else param.targets[0]


# --- What is marked on a laid-out picture (``bptrace.render.pictures.layout``): an exercise sheet's
# blanks, the chain-rule paths of ``--path``, and the numbers a check found to differ from the
# printed ones. Records only: the renderers draw the marks.

def _numbers_of(pic):
    return pic.boxes + [e.label for e in pic.edges if e.label is not None]


def blank(pic, number: dict[str, int]) -> None:
    """Replace the numbers asked by their blanks (their values leave the record)."""
    def hide(nums: list[Number]) -> list[Number]:
        return [replace(n, value=math.nan, blank=number[n.key]) if n.key in number else n
                for n in nums]
    for b in _numbers_of(pic):
        b.numbers = hide(b.numbers)


def givens_only(pic, tr: Trace, also) -> None:
    """An exercise sheet's picture: the givens (inputs, targets, parameters), the blanks and
    what the teacher shows (``also``: trace keys) stay; every other number leaves the record
    (a sheet never shows what is computed from a blank, nor what it did not mean to give)."""
    keep = set(also) | {p.name for p in tr.params} | {f"out.{i}" for i in tr.inputs} \
        | {f"target.{o}" for o in tr.target}
    for b in _numbers_of(pic):
        b.numbers = [n for n in b.numbers if n.key in keep or n.blank is not None]


def mark_differing(pic, keys) -> None:
    """Mark the numbers of these trace keys: a check found them to differ from the printed
    values (the renderers draw them in red)."""
    keys = set(keys)
    for b in _numbers_of(pic):
        b.numbers = [replace(n, differs=True) if n.key in keys else n for n in b.numbers]


def add_paths(tr: Trace, pic, name: str) -> None:
    """The chain-rule paths to ``name`` on the picture: their edges marked, room below for
    the list of their factors."""
    start, pic.paths = paths_to(tr, name)
    pic.path_of, pic.total = name, Number(start.split(".")[0], name, start, tr[start].value)
    by_id = {e.id: e for e in pic.edges}
    for p in pic.paths:
        for eid in p.edges:
            by_id[eid].paths.append(p.index)
    pic.panel_y = pic.height - MARGIN + LINE
    pic.height += LINE * (2 + 2 * len(pic.paths)) + MARGIN
    chars = max(max(sum(_symbol_chars(f.key) + 3 for f in p.factors),        # the symbols
                    sum(len(f"{f.value:.{pic.digits}g}") + 5 for f in p.factors))  # the numbers
                + 3 * len(p.nodes) + sum(map(len, p.nodes)) for p in pic.paths)
    pic.width = max(pic.width, chars * CHAR * (pic.font - pic.minor) + 2 * MARGIN + 40)


def _symbol_chars(key: str) -> int:
    """About how long a factor is written: err.o1 → ∂E/∂out.o1, dout.h1 → ∂out.h1/∂net.h1."""
    head, _, name = key.partition(".")
    return {"err": len(name) + 8, "delta": len(name) + 8, "dout": 2 * len(name) + 11}.get(
        head, len(key))
