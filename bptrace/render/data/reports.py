"""Data for the other commands and views: CSV tables (a step's quantities, a training's loss
history), the backward view's and an optimizer step's JSON, and the train command's JSON
object (interface contract §4): a small report as one object,
a big one (more than BIG_JSON values) streamed, its trained values written a chunk at a
time from the parameters' arrays with their keys joined from the names' pieces.
Formatting only."""

from __future__ import annotations

from json.encoder import encode_basestring as enc
from typing import Iterable, Iterator

from bptrace import __version__
from bptrace.render.data.json import BIG_JSON, CHUNK, dumps
from bptrace.render.data.pieces import escapes as _escapes, joined as _joined, numbers as _numbers
from bptrace.render.text import formula_text, substituted
from bptrace.trace.quantity import Trace


def train_json(title: str, file: str, report: dict, outputs: list[dict] | None,
               extra: dict | None = None) -> str:
    return "".join(train_json_chunks(title, file, report, outputs, extra))


def train_json_chunks(title: str, file: str, report: dict, outputs: list[dict] | None,
                      extra: dict | None = None) -> Iterator[str]:
    """:func:`train_json` in pieces, to write as they come: a big report (more than
    BIG_JSON values, written compactly) has its values written from the parameters'
    arrays, a chunk at a time, their keys joined from the names' pieces."""
    obj = {"bptrace": __version__, "command": "train", "config": file, "title": title}
    obj.update(report)
    if outputs is not None:
        obj["outputs"] = outputs
    if extra:
        obj.update(extra)
    values = obj.get("values")
    params = getattr(values, "params", None)
    if len(report["values"]) <= BIG_JSON or (params is None and (
            type(values) is not dict or set(map(type, values.values())) != {float}
            or set(map(type, values)) != {str})):
        if params is not None:
            obj["values"] = dict(values.items())
        yield dumps(obj, big=len(report["values"]) > BIG_JSON)
        return
    # compact, as dumps(obj, big=True) writes it
    first = True
    for key, value in obj.items():
        lead = "{" if first else ", "
        first = False
        if key != "values":
            yield lead + dumps(key) + ": " + dumps(value, big=True)
        elif params is None:
            yield lead + '"values": {' + _values_text(list(values), list(values.values())) + "}"
        else:
            yield lead + '"values": {"loss": ' + dumps(values.loss, big=True)
            for k, v in values.extra.items():
                yield ", " + dumps(k) + ": " + dumps(v, big=True)
            for piece in params.pieces:
                plain = not _escapes([values.PREFIX] + piece.texts())
                for a in range(0, len(piece), CHUNK):
                    b = min(len(piece), a + CHUNK)
                    heads, tails = piece.columns(a, b, ('"' if plain else "") + values.PREFIX)
                    texts = _numbers(piece.values[a:b])
                    if plain:
                        text = _joined(heads, tails, ['": '] * len(texts), texts)
                    else:
                        text = _joined([enc(h + t) + ": " for h, t in zip(heads, tails)], texts)
                    yield ", " + text
            yield "}"
    yield "}"


def _values_text(keys: list[str], floats: list[float]) -> str:
    """The members of a big values object from a dict of floats."""
    import numpy as np

    numbers = np.fromiter(floats, dtype=np.float64, count=len(keys))
    if _escapes(keys):
        return _joined([enc(k) + ": " for k in keys], _numbers(numbers))
    return _joined(['"'] * len(keys), keys, ['": '] * len(keys), _numbers(numbers))


# --- step --view delta --format json: the 《神经网络》 post's backward pass, layer by layer from the
# output down, as plain numbers (full float64 precision).

def delta_json(layers) -> list[dict]:
    out = []
    for d in layers:
        out.append({
            "layer": d.layer, "name": d.name, "neurons": list(d.rows), "inputs": list(d.cols),
            "equation": d.equations[0],
            "dE_da": d.dJda, "f_prime": d.fprime, "W_next_T": d.W_next_T,
            "delta_next": d.delta_next, "delta": d.delta, "a_prev": d.a_prev,
            "dE_dW": d.dW, "dE_db": d.db,
        })
    return out


# --- train --trace-at K --format json: the optimizer's step at that update (its state before and
# after, per parameter), full float64 precision. Formatting only.

def optimizer_step_json(st) -> dict:
    return {"name": st.optimizer, "formula": st.formula, "settings": st.settings,
            "learning_rate": st.eta, "step": st.t, "gradient_at_lookahead": st.lookahead,
            "parameters": [{"name": r.name, "value": r.P, "grad": r.g, "before": r.before,
                            "after": r.after, **r.extra, "new": r.new} for r in st.rows]}


# --- CSV tables: a step's quantities, a training's loss history. Full precision (repr).

def step_csv(tr: Trace, keys: Iterable[str] | None = None, digits: int | None = None,
             lang: str = "en") -> str:
    """key,value,formula,substituted — one row per quantity (`keys`: only those)."""
    from bptrace.render.safe import csv_text

    wanted = set(keys) if keys is not None else None
    return csv_text(["key", "value", "formula", "substituted"],
                    ([q.key, repr(q.value), formula_text(q, lang), substituted(q, digits)]
                     for q in tr.quantities if wanted is None or q.key in wanted))


def history_csv(history: list[dict]) -> str:
    """epoch,loss[,val_loss][,running_loss][,accuracy]…, full precision."""
    extra = [k for k in ("val_loss", "running_loss", "accuracy", "val_accuracy", "learning_rate")
             if any(k in h for h in history)]
    lines = [",".join(["epoch", "loss"] + extra)]
    for h in history:
        lines.append(",".join([str(h["epoch"]), repr(h["loss"])] + [repr(h.get(k)) for k in extra]))
    return "\n".join(lines) + "\n"
