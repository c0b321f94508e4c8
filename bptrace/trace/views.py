"""Views of a built trace: the matrix form of each layer, the Jacobians, summaries (ranges
per section and layer) and the drift of a hand-rounded step from the exact one. They read the
trace's own numbers by key (summaries read its arrays); nothing here runs the network."""

from __future__ import annotations

import re

from typing import NamedTuple

from bptrace.trace.quantity import RESULT_SECTIONS, Trace
from bptrace.errors import BadInput
from bptrace.config.names import listing
from bptrace.words.messages import what


class Range(NamedTuple):
    """How many values of one kind a summary stands for, and their range."""
    count: int
    lo: float
    hi: float


class DriftRow(NamedTuple):
    """One final number of a hand-rounded step against the exact one."""
    key: str
    hand: float
    exact: float
    diff: float                 # hand − exact


def stats(tr: Trace) -> dict[tuple[str, int], dict[str, Range]]:
    """For summaries: per (section, layer) and key prefix, how many values and their range
    (read from the trace's arrays: no quantity is made)."""
    acc: dict[tuple[str, int], dict[str, list]] = {}
    for b in tr.blocks:
        groups = acc.setdefault((b.section, b.layer), {})
        for prefix, values in b.groups():
            groups.setdefault(prefix, []).append(values)
    return {where: {k: _range(v) for k, v in groups.items()} for where, groups in acc.items()}


def _range(arrays: list) -> Range:
    """How many values and their least and greatest, as min()/max() of the floats give them
    (where a NaN is among them, its place decides: the same walk as min() over the list)."""
    import numpy as np

    v = np.concatenate(arrays) if len(arrays) > 1 else arrays[0]
    if np.isnan(v).any():
        floats = v.tolist()
        return Range(len(floats), min(floats), max(floats))
    return Range(len(v), float(v.min()), float(v.max()))


def drift(hand: Trace, exact: Trace) -> list[DriftRow]:
    """(key, hand value, exact value, hand − exact) for the final numbers of a hand-rounded
    step: the new parameters and the loss after the update, largest difference first."""
    rows = [DriftRow(k, v, exact.value(k), v - exact.value(k))
            for b in hand.blocks if b.section in RESULT_SECTIONS
            for k, v in zip(b.keys(), b.floats())]
    return sorted(rows, key=lambda r: -abs(r.diff))


class LayerMatrices:
    """One layer of the matrix view (the 《神经网络》 blog post, §5), assembled from the trace's own numbers:
    z = W·a + b, a' = f(z), δ, ∂J/∂W = δ·aᵀ, ∂J/∂b = δ, and W after the update. Entries of
    missing edges are None. ``b``/``db``/``b_new``: each neuron's own bias (or threshold), its
    ∂E/∂b and its value after the update, where the neuron has a bias of its own (else 0 /
    δ's share / None); ``W_new``, ``b_new`` None without a learning rate."""

    __slots__ = ("layer", "name", "rows", "cols", "W", "a_prev", "b", "z", "a", "err", "delta",
                 "dW", "db", "W_new", "jacobian", "shared", "b_new", "threshold", "negative",
                 "as_written", "dout", "theta")

    def __init__(self, **kw):
        for k in self.__slots__:
            setattr(self, k, kw.get(k))


def matrix_view(tr: Trace) -> list[LayerMatrices]:
    """The step as vectors and matrices, layer by layer: every entry is a number of the
    scalar trace (looked up by key), so both views hold the same numbers."""
    by_edge = {(pi.source, pi.targets[0]): pi for pi in tr.params if pi.kind == "w"}
    bias_of = {}
    for pi in tr.params:
        if pi.kind == "b":
            for n in pi.targets:
                bias_of[n] = pi
    views = []
    prev = list(tr.inputs)
    updated = tr.learning_rate is not None
    for l, layer in enumerate(tr.layers, start=1):
        rows = list(layer.neurons)

        def grid(prefix):
            return [[tr.value(f"{prefix}{by_edge[(k, j)].name}") if (k, j) in by_edge else None
                     for k in prev] for j in rows]
        W = [[by_edge[(k, j)].value if (k, j) in by_edge else None for k in prev] for j in rows]
        views.append(LayerMatrices(
            layer=l, name=layer.name, rows=rows, cols=prev, W=W,
            a_prev=[tr.value(f"out.{k}") for k in prev],
            b=[bias_of[j].value if j in bias_of else 0.0 for j in rows],
            z=[tr.value(f"net.{j}") for j in rows], a=[tr.value(f"out.{j}") for j in rows],
            err=[tr.value(f"err.{j}") for j in rows], delta=[tr.value(f"delta.{j}") for j in rows],
            dW=grid("grad."), db=[_bias_grad(tr, bias_of.get(j), j, layer.threshold) for j in rows],
            W_new=grid("new.") if updated else None,
            b_new=[tr.value(f"new.{bias_of[j].name}") if updated and j in bias_of
                   and len(bias_of[j].targets) == 1 else None for j in rows] if updated else None,
            threshold=layer.threshold, negative=tr.error_signal == "negative",
            jacobian=tr.jacobians.get(l),
            # the course slides' form y = f(x·W + θ): the matrix as the config wrote it
            # (rows = the nodes below), where it was written so and the signs are the gradient's
            as_written=layer.matrix_rows == "inputs" and tr.error_signal != "negative",
            dout=[tr.value(f"dout.{j}") for j in rows] if layer.elementwise else None,
            theta=all(pi.name.lower().startswith(("theta", "θ")) for pi in tr.params
                      if pi.kind == "b" and pi.layer == l) and any(
                pi.kind == "b" and pi.layer == l for pi in tr.params),
            # a bias shared by several neurons: its gradient is the sum of their δ
            shared=[(pi.name, list(pi.targets), tr.value(f"grad.{pi.name}"),
                     tr.value(f"new.{pi.name}") if updated else None)
                    for pi in tr.params if pi.kind == "b" and pi.layer == l and len(pi.targets) > 1]))
        prev = rows
    return views


def _bias_grad(tr: Trace, pi, neuron: str, threshold: bool) -> float:
    """∂E/∂b of a neuron's own bias, read from the trace; for a shared bias, the neuron's
    share of it: ∂E/∂net (−∂E/∂net for a threshold), whatever sign the trace reports δ in."""
    if pi is not None and len(pi.targets) == 1:
        return tr.value(f"grad.{pi.name}")
    d = tr.value(f"delta.{neuron}")
    return -d if (tr.error_signal == "negative") != threshold else d


# --- The parts of a step a user names (step's --only, --layer, --explain, --samples), checked
# against the trace or config and turned into what the engine and renderers take.

def selection(tr, only: list[str], layers: list[str]):
    """A predicate over quantities from --only patterns and --layer names/numbers."""
    if not only and not layers:
        return None
    from bptrace.errors import close_matches
    import fnmatch

    keys = tr.keys()
    for pattern in only:
        if not any(fnmatch.fnmatchcase(k, pattern) for k in keys):
            close = close_matches(pattern, keys, n=4)
            raise (BadInput(key="only close", args={"pattern": pattern, "names": close}) if close
                   else BadInput(key="only none", args={"pattern": pattern}))
    wanted_layers = set()
    names = ["input"] + [l.name for l in tr.layers]
    for spec in layers:
        if spec.isdigit() and int(spec) < len(names):
            wanted_layers.add(int(spec))
        elif spec in names:
            wanted_layers.add(names.index(spec))
        else:
            raise BadInput(key="layer option", args={"spec": spec, "last": len(names) - 1,
                                                     "known": listing(names)})

    def keep(q) -> bool:
        if only and not any(fnmatch.fnmatchcase(q.key, p) for p in only):
            return False
        if wanted_layers and q.layer not in wanted_layers:
            return False
        return True
    return keep


def explained_params(cfg, names: list[str]) -> list[str]:
    """--explain's parameter names, each a parameter of the network."""
    names = list(names)
    for name in names:
        if name not in cfg.network.param_by_name:
            from bptrace.errors import close_matches
            close = close_matches(name, list(cfg.network.param_by_name), n=4)
            params = [p.name for p in cfg.network.params[:12]]
            more = " …" if len(cfg.network.params) > 12 else ""
            raise (BadInput(key="explain close", args={"name": name, "names": close}, file=cfg.file)
                   if close else BadInput(key="explain none", file=cfg.file,
                                          args={"name": name, "names": params, "more": more}))
    return names


def sample_indices(cfg, samples: str | None) -> list[int]:
    """--samples 1,3 as 0-based indices into data:; every sample without it."""
    n = len(cfg.dataset[0])
    if not samples:
        return list(range(n))
    try:
        indices = [int(s) - 1 for s in samples.split(",") if s.strip()]
    except ValueError:
        raise BadInput(key="samples form", args={"value": samples}) from None
    if len(set(indices)) != len(indices):
        raise BadInput(key="samples twice", args={"value": samples})
    bad = [i + 1 for i in indices if not 0 <= i < n]
    if bad or not indices:
        raise BadInput(key="samples range", args={"n": n, "bad": [str(b) for b in bad] or what("none")},
                       file=cfg.file)
    return indices


def hardmax(tr: Trace):
    """For a softmax output layer: (neurons, softmax outputs, hardmax — 1 at the largest
    output, 0 elsewhere, the first of equal ones); None for another output layer."""
    last = tr.layers[-1]
    if last.activation != "softmax":
        return None
    soft = [tr.value(f"out.{n}") for n in last.neurons]
    top = soft.index(max(soft))
    return list(last.neurons), soft, [1 if j == top else 0 for j in range(len(soft))]


# --- What each quantity is made of: the trace keys its formula names (``net.h1 = w1·i1 + w2·i2
# + b1`` uses w1, out.i1, w2, out.i2, b1), with their values.
_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*")


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


def param_values(tr: Trace) -> dict[str, float]:
    """Every parameter's value by name (from the trace's arrays: no ParamInfo is made)."""
    if not tr.param_layers:
        return {p.name: p.value for p in tr.params}
    out: dict[str, float] = {}
    for lp in tr.param_layers:
        out.update(zip(lp.w_names, lp.w_values.tolist()))
        out.update(zip(lp.b_names, lp.b_values.tolist()))
    return out


def weight_names(tr: Trace) -> set[str]:
    """The names of the trace's weights (biases not)."""
    if not tr.param_layers:
        return {p.name for p in tr.params if p.kind == "w"}
    return {n for lp in tr.param_layers for n in lp.w_names}


def _names(tr: Trace) -> tuple[dict[str, float], set[str]]:
    """The trace's parameters by name and its node names, made once per trace (a page asks
    for every quantity's operands: linear in the quantities, not quadratic)."""
    made = tr.__dict__.get("_reveal_names")
    if made is None:
        made = (param_values(tr),
                set(tr.inputs) | {n for layer in tr.layers for n in layer.neurons})
        tr.__dict__["_reveal_names"] = made
    return made


# --- A trace too big to show number by number: which runs a page shows as one summary row
# (the terminal's rule: a layer wider than SUMMARY_ROWS neurons, or a layer's part of a
# section with more than MAX_ROWS_PER_LAYER rows).
PAGE_LIMIT = 2000           # a step with more quantities than this: a page summarises
SUMMARY_ROWS = 12
MAX_ROWS_PER_LAYER = 40


def summarised_runs(tr: Trace) -> set[tuple[str, int]]:
    """(section, layer) of the runs a summarised page shows as their ranges (layer 0: the
    inputs; layer −1, the loss, is always shown)."""
    big = {l for l, layer in enumerate(tr.layers, start=1) if len(layer.neurons) > SUMMARY_ROWS}
    if len(tr.inputs) > SUMMARY_ROWS:
        big.add(0)
    rows: dict[tuple[str, int], int] = {}
    for b in tr.blocks:
        rows[(b.section, b.layer)] = rows.get((b.section, b.layer), 0) + len(b)
    return {where for where, n in rows.items()
            if where[1] >= 0 and (where[1] in big or n > MAX_ROWS_PER_LAYER)}
