"""JSON objects of the commands (interface contract §4): deterministic, NaN and infinity written as null
(JSON has no such numbers; the commands say so on stderr). Formatting only."""

from __future__ import annotations

import math
from typing import Iterable

from bptrace import __version__
from bptrace.render.text import formula_text
from bptrace.trace.quantity import Trace

BIG_JSON = 20000         # beyond this many values, JSON is compact and carries no formulas


def step_json(tr: Trace, keys: Iterable[str] | None = None, extra: dict | None = None,
              more: dict[str, float] | None = None) -> str:
    """interface contract §4: one object; `values` maps every key to its float64 number (`more`: keys the
    trace does not hold, e.g. trained.*)."""
    wanted = set(keys) if keys is not None else None
    qs = [q for q in tr.quantities if wanted is None or q.key in wanted]
    names = [q.key for q in qs] + list(more or {})
    numbers = [q.value for q in qs] + list((more or {}).values())
    values, nonfinite = _finite_values(names, numbers)
    obj = {
        "bptrace": __version__,
        "command": "step",
        "config": tr.file,
        "title": tr.title,
        "network": network_json(tr),
        "values": values,
    }
    if len(qs) <= BIG_JSON:
        obj["formulas"] = {q.key: formula_text(q) for q in qs}
    if nonfinite:
        obj["nonfinite"] = nonfinite
    if extra:
        obj.update(extra)
    return dumps(obj, big=len(qs) > BIG_JSON)


def _finite_values(names: list[str], numbers: list[float]) -> tuple[dict, list[str]]:
    """{key: value} with NaN and infinity as None, and the keys of those: one check of the
    whole array, a walk only where something is not finite."""
    import numpy as np

    if np.isfinite(np.array(numbers, dtype=np.float64)).all():
        return dict(zip(names, numbers)), []
    values, nonfinite = {}, []
    for key, value in zip(names, numbers):
        if math.isfinite(value):
            values[key] = value
        else:
            values[key] = None
            nonfinite.append(key)
    return values, nonfinite


def network_json(tr: Trace) -> dict:
    return {
        "inputs": list(tr.inputs),
        "layers": [{"name": l.name, "neurons": list(l.neurons), "activation": l.activation}
                   for l in tr.layers],
        "loss": tr.loss_name,
        "learning_rate": tr.learning_rate,
        "train_biases": tr.train_biases,
        "parameters": [{"name": p.name, "layer": p.layer, "kind": "weight" if p.kind == "w" else "bias",
                        "from": p.source, "to": list(p.targets), "value": p.value,
                        "trainable": p.trainable} for p in tr.params],
    }


def dumps(obj, big: bool = False) -> str:
    """Deterministic JSON; a NaN or infinity is an error here, never silent output.
    Large objects are written compactly (the indenting encoder is ten times slower)."""
    import json

    indent = None if big else 1
    try:            # the encoder checks every float once, in C; only a NaN/infinity walks
        return json.dumps(obj, ensure_ascii=False, indent=indent, allow_nan=False)
    except ValueError:
        return json.dumps(_finite(obj), ensure_ascii=False, indent=indent, allow_nan=False)


def _finite(obj):
    """NaN and infinity as null (JSON has no such numbers; the commands say so on stderr)."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    return obj


def train_json(title: str, file: str, report: dict, outputs: list[dict] | None,
               extra: dict | None = None) -> str:
    obj = {"bptrace": __version__, "command": "train", "config": file, "title": title}
    obj.update(report)
    if outputs is not None:
        obj["outputs"] = outputs
    if extra:
        obj.update(extra)
    return dumps(obj, big=len(report["values"]) > BIG_JSON)


def checks_json(checks) -> list[dict]:
    return [{"key": c.key, "expected": c.expected, "computed": c.computed, "agree": c.agree,
             "status": c.status} for c in checks]


def gradcheck_json(gradcheck) -> dict:
    worst, where, rows = gradcheck
    return {"gradcheck": {"worst_relative_error": worst, "parameter": where,
                          "relative_errors": {n: r[2] for n, r in rows.items()},
                          "kinks": [n for n, r in rows.items() if r[3]]}}


def matrix_json(views) -> list[dict]:
    return [{"layer": v.layer, "name": v.name, "rows": v.rows, "columns": v.cols, "W": v.W,
             "a_prev": v.a_prev, "b": v.b, "z": v.z, "a": v.a, "err": v.err, "delta": v.delta,
             "dW": v.dW, "db": v.db, "W_new": v.W_new} for v in views]


def jacobian_json(views) -> list[dict]:
    out = []
    for v in reversed(views):
        item = {"layer": v.layer, "name": v.name, "E": v.err, "neurons": v.rows}
        if v.jacobian is not None:
            item["J"] = v.jacobian
            item["J_columns"] = v.cols
        out.append(item)
    return out
