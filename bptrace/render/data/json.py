"""JSON objects of the commands (interface contract §4): deterministic, NaN and infinity written as null
(JSON has no such numbers; the commands say so on stderr). Formatting only."""

from __future__ import annotations

import math
from json.encoder import encode_basestring as enc
from typing import Iterable, Iterator

from bptrace import __version__
from bptrace.render import envelope
from bptrace.render.data.pieces import (Pieces as _Pieces, Written, all_finite as _all_finite,
                                        dense as _dense, escapes as _escapes, joined as _joined,
                                        named_rows as _named_rows, nonfinite as _nonfinite,
                                        numbers as _numbers, rows as _rows, rule_of as _rule_of)
from bptrace.render.text import formula_text
from bptrace.trace.quantity import Trace

BIG_JSON = 20000         # beyond this many values, JSON is compact and carries no formulas
CHUNK = 1 << 16          # values written at a time when a large trace is streamed
SPAN = 1 << 19           # weights whose texts are made at once (a long run is shared by two cores)


def step_json(tr: Trace, keys: Iterable[str] | None = None, extra: dict | None = None,
              more: dict[str, float] | None = None) -> str:
    """interface contract §4: one object; `values` maps every key to its float64 number (`more`: keys the
    trace does not hold, e.g. trained.*)."""
    return "".join(step_json_chunks(tr, keys, extra, more))


def step_json_chunks(tr: Trace, keys: Iterable[str] | None = None, extra: dict | None = None,
                     more: dict[str, float] | None = None) -> Iterator[str]:
    """:func:`step_json` in pieces, to write as they come: a large trace (more than
    BIG_JSON values, written compactly and without formulas) is read array by array, its
    keys made a chunk at a time, so the whole text is never held at once."""
    wanted = set(keys) if keys is not None else None
    count = len(tr) if wanted is None else sum(k in wanted for k in tr.keys())
    top = {"bptrace", "command", "config", "title", "network", "values", "nonfinite"}
    if count <= BIG_JSON or (extra and top & set(extra)) or (more and any(k in tr for k in more)):
        yield _step_json(tr, wanted, extra, more)
        return
    head = {"bptrace": __version__, "command": "step", "config": tr.file, "title": tr.title}
    yield "{" + _members(head) + ', "network": '
    written = Written()         # the weights' texts, lent to their new values where equal
    yield from _network_chunks(tr, written)
    yield ', "values": {'
    nonfinite: list[str] = []
    first = True
    for block in tr.blocks:
        plain = wanted is None and not _escapes(block.texts())
        rule = block.rule
        if plain and rule is not None:      # ', "prefix' name '": ' number, a list reused
            P, names = len(rule.prefixes), rule.names
            edges = getattr(names, "rule", None)
            done = 0                # keys written by the names' rule, if they have one
            if edges is not None:   # neuron j's row: ', "prefix' "w_" node "_", neuron '": ', number
                heads = [', "' + p + h for h in edges.heads() for p in rule.prefixes]
                per = len(heads)
                rows = max(1, CHUNK // per)
                for j in range(0, len(edges.neurons), rows):
                    neurons = edges.neurons[j:j + rows]
                    start = j * per
                    numbers = block.values[start:start + per * len(neurons)]
                    if not _all_finite(numbers):
                        nonfinite += _nonfinite(rule.slice(start, start + len(numbers)), numbers)
                    text = _named_rows(heads, neurons,
                                       written.numbers(block.layer, numbers, start, P))
                    yield text[2:] if first else text
                    first = False
                done, names = len(edges), names.tail
            pieces = _Pieces(rule.prefixes)
            for a in range(0, len(names), CHUNK // P):
                start, part = (done + a) * P, names[a:a + CHUNK // P]
                numbers = block.values[start:start + P * len(part)]
                if not _all_finite(numbers):
                    nonfinite += _nonfinite(rule.slice(start, start + len(numbers)), numbers)
                text = pieces.text(part, written.numbers(block.layer, numbers, start, P))
                yield text[2:] if first else text
                first = False
            continue
        for start, heads, names in block.key_columns(CHUNK, '"' if plain else ""):
            numbers = block.values[start:start + len(names)]
            texts = (None if wanted is not None else _numbers(numbers) if rule is None else
                     written.numbers(block.layer, numbers, start, len(rule.prefixes)))
            if plain:       # "head name": number, the key never made as a string of its own
                if not _all_finite(numbers):
                    nonfinite += _nonfinite([h[1:] + m for h, m in zip(heads, names)], numbers)
                text = _joined(heads, names, ['": '] * len(names), texts)
            else:
                keys = list(map(str.__add__, heads, names))
                if wanted is not None:
                    keep = [i for i, k in enumerate(keys) if k in wanted]
                    if not keep:
                        continue
                    keys, numbers = [keys[i] for i in keep], numbers[keep]
                    texts = _numbers(numbers)
                nonfinite += _nonfinite(keys, numbers)
                text = _joined([enc(k) + ": " for k in keys], texts)
            if not first:
                yield ", "
            yield text
            first = False
    for key, value in (more or {}).items():
        text = enc(key) + ": " + dumps(value, big=True)
        if text.endswith("null") and not math.isfinite(value):
            nonfinite.append(key)
        yield ("" if first else ", ") + text
        first = False
    yield "}"
    tail = ({"nonfinite": nonfinite} if nonfinite else {}) | (extra or {})
    yield (", " + _members(tail) if tail else "") + "}"


def _members(obj: dict) -> str:
    """The members of a JSON object as the compact encoder writes them, without braces."""
    return ", ".join(dumps(k) + ": " + dumps(v, big=True) for k, v in obj.items())


def _network_chunks(tr: Trace, written: Written | None = None) -> Iterator[str]:
    """network_json(tr) compactly, its parameters read from the trace's per-layer arrays
    (the weights' texts kept in ``written``)."""
    net = network_json(tr, parameters=False)
    if not tr.param_layers:
        net["parameters"] = [_param_json(p) for p in tr.params]
        yield dumps(net, big=True)
        return
    yield "{" + _members(net) + ', "parameters": ['
    first = True
    for lp in tr.param_layers:
        src = [enc(n) for n in lp.sources]
        dst = [enc(n) for n in lp.neurons]
        rule = _rule_of(lp.w_names, lp.sources, lp.neurons)
        plain = not _escapes(lp.w_names.pieces() if rule else lp.w_names)
        head, kind = ('{"name": "', '", "layer": ') if plain else ('{"name": ', ', "layer": ')
        kind += f'{lp.layer}, "kind": "weight", "from": '
        every: list[str] = []
        m = len(src)
        dense = _dense(lp)          # edge e from node e % m to neuron e // m: rows of m
        named = dense and plain and rule is not None     # a name: "w_" node "_" neuron
        step = max(1, CHUNK // m) * m if dense else CHUNK
        columns = [rule.heads(head) if named else head, None, kind,
                   src, ', "to": [', None, '], "value": ', None, ', "trainable": true}']
        for a in range(0, len(lp.w_names), step):
            b = min(a + step, len(lp.w_names))
            n = b - a
            while len(every) < b:               # the texts made SPAN weights at a time
                every += _numbers(lp.w_values[len(every):len(every) + SPAN])
            texts = every[a:b]
            if named:
                text = _rows(columns, [((1, lp.neurons[j]), (5, dst[j]), (7, texts[e:e + m]))
                                       for e, j in zip(range(0, n, m), range(a // m, b // m))])
            else:
                names = lp.w_names[a:b] if plain else list(map(enc, lp.w_names[a:b]))
                if dense:
                    text = _rows(columns, [((1, names[e:e + m]), (5, dst[j]), (7, texts[e:e + m]))
                                           for e, j in zip(range(0, n, m), range(a // m, b // m))])
                else:
                    text = _joined(
                        [head] * n, names, [kind] * n,
                        list(map(src.__getitem__, lp.K[a:b].tolist())),
                        [', "to": ['] * n, list(map(dst.__getitem__, lp.J[a:b].tolist())),
                        ['], "value": '] * n, texts, [', "trainable": true}'] * n)
            if not first:
                yield ", "
            yield text
            first = False
        if written is not None:
            written.remember(lp.layer, lp.w_values, every)
        if lp.b_names:
            trainable = "true" if lp.b_trainable else "false"
            kind = f', "layer": {lp.layer}, "kind": "bias", "from": null, "to": ['
            texts = [f'{{"name": {enc(name)}{kind}{", ".join(dst[j] for j in users)}], "value": {v}, '
                     f'"trainable": {trainable}}}' for name, users, v in
                     zip(lp.b_names, lp.b_users, _numbers(lp.b_values))]
            yield ("" if first else ", ") + ", ".join(texts)
            first = False
    yield "]}"


def _param_json(p) -> dict:
    return {"name": p.name, "layer": p.layer, "kind": "weight" if p.kind == "w" else "bias",
            "from": p.source, "to": list(p.targets), "value": p.value, "trainable": p.trainable}


def _step_json(tr: Trace, wanted: set | None, extra: dict | None, more: dict | None) -> str:
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


def network_json(tr: Trace, parameters: bool = True) -> dict:
    net = {
        "inputs": list(tr.inputs),
        "layers": [{"name": l.name, "neurons": list(l.neurons), "activation": l.activation}
                   for l in tr.layers],
        "loss": tr.loss_name,
        "learning_rate": tr.learning_rate,
        "train_biases": tr.train_biases,
    }
    if parameters:
        net["parameters"] = [_param_json(p) for p in tr.params]
    return net


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
             "dW": v.dW, "db": v.db, "W_new": v.W_new,
             "matrix_rows": "inputs" if v.as_written else "neurons"} for v in views]


def jacobian_json(views) -> list[dict]:
    out = []
    for v in reversed(views):
        item = {"layer": v.layer, "name": v.name, "E": v.err, "neurons": v.rows}
        if v.jacobian is not None:
            item["J"] = v.jacobian
            item["J_columns"] = v.cols
        out.append(item)
    return out


# --- A perceptron run (bptrace.training.perceptron records) as the JSON object of `bptrace perceptron`.

def perceptron_json(name: str, p, run, xor) -> dict:
    obj = envelope("perceptron", config=name, title=p.title, activation=p.activation,
                   W=dict(zip(p.inputs, run.W.tolist())), theta=run.theta,
                   epochs=len(run.epochs), converged=run.converged, reason=run.reason,
                   history=run.epochs,
                   steps=[{k: getattr(s, k) for k in s.__slots__} for s in run.steps])
    if xor is not None:
        obj["xor_network"] = {"layers": {n: {"W": r.W.tolist(), "theta": r.theta}
                                         for n, r in xor[0].items()},
                              "truth_table": [{"input": x, "nand": a, "or": b, "xor": o}
                                              for x, a, b, o in xor[1]]}
    return obj
