"""Renderers: traces and results → text. They format; they never compute.

This package holds what every output shares (number formatting, substitution, JSON, CSV);
``terminal`` draws Rich tables, ``document`` writes Markdown and LaTeX for handouts.
"""

from __future__ import annotations

import math
from typing import Iterable

from bptrace import __version__
from bptrace.lang import variant_name, variant_why, words
from bptrace.trace import Quantity, Trace

BIG_JSON = 20000         # beyond this many values, JSON is compact and carries no formulas

SECTIONS = ("forward", "loss", "backward", "gradient", "update", "after")

def fmt(v: float, digits: int | None = 9) -> str:
    """A number with `digits` significant digits, as a textbook prints it (None: the
    shortest text that reads back as the same float64)."""
    if v is None:
        return "—"
    if not math.isfinite(v):
        return "nan" if math.isnan(v) else ("inf" if v > 0 else "−inf")
    if v == 0:
        return "0"
    if digits is None:
        return repr(float(v))
    return f"{v:.{digits}g}"


def substituted(q: Quantity, digits: int) -> str:
    """The formula with the numbers put in: '0.15×0.05 + 0.2×0.1 + 0.35'."""
    if q.terms is not None:
        parts = []
        for term in q.terms:
            parts.append("×".join(_operand(v, digits) for _, v in term))
        text = " + ".join(parts) if parts else "0"
        return text.replace("+ −", "− ")
    if q.template is not None:
        return q.template.format(*(_operand(v, digits, _enclosed(q.template, i))
                                   for i, v in enumerate(q.args)))
    return ""


def _enclosed(template: str, i: int) -> bool:
    """Whether argument i stands alone in parentheses, e.g. tanh({0})."""
    return f"({{{i}}})" in template


def _operand(v: float, digits: int, enclosed: bool = False) -> str:
    s = fmt(v, digits)
    return f"({s})" if s.startswith("-") and not enclosed else s


# --------------------------------------------------------------------------------- JSON
def step_json(tr: Trace, keys: Iterable[str] | None = None, extra: dict | None = None,
              more: dict[str, float] | None = None) -> str:
    """SPEC §4: one object; `values` maps every key to its float64 number (`more`: keys the
    trace does not hold, e.g. trained.*)."""
    wanted = set(keys) if keys is not None else None
    qs = [q for q in tr.quantities if wanted is None or q.key in wanted]
    values, nonfinite = {}, []
    for key, value in [(q.key, q.value) for q in qs] + list((more or {}).items()):
        if math.isfinite(value):
            values[key] = value
        else:
            values[key] = None
            nonfinite.append(key)
    obj = {
        "bptrace": __version__,
        "command": "step",
        "config": tr.file,
        "title": tr.title,
        "network": network_json(tr),
        "values": values,
    }
    if len(qs) <= BIG_JSON:
        obj["formulas"] = {q.key: q.formula for q in qs}
    if nonfinite:
        obj["nonfinite"] = nonfinite
    if extra:
        obj.update(extra)
    return dumps(obj, big=len(qs) > BIG_JSON)


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

    return json.dumps(_finite(obj), ensure_ascii=False, indent=None if big else 1, allow_nan=False)


def _finite(obj):
    """NaN and infinity as null (JSON has no such numbers; the commands say so on stderr)."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    return obj


# ---------------------------------------------------------------------------------- CSV
def step_csv(tr: Trace, keys: Iterable[str] | None = None, digits: int | None = None) -> str:
    import csv
    import io

    wanted = set(keys) if keys is not None else None
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["key", "value", "formula", "substituted"])
    for q in tr.quantities:
        if wanted is None or q.key in wanted:
            w.writerow([q.key, repr(q.value), q.formula, substituted(q, digits)])
    return buf.getvalue()


# --------------------------------------------------------------------------------- Rich
def headline(tr: Trace, digits: int, lang: str) -> str:
    """'2 inputs → 2 sigmoid → 2 sigmoid; loss half_sse: E = …; η = 0.5; biases frozen'."""
    w = words(lang)
    arch = " → ".join([f"{len(tr.inputs)} {w('inputs')}"] +
                      [f"{len(l.neurons)} {l.activation}" for l in tr.layers])
    return (f"{arch}; {w('loss').lower()} {tr.loss_name}: {tr.loss_formula}; η = "
            f"{fmt(tr.learning_rate, digits)}; "
            f"{w('biases trained') if tr.train_biases else w('biases frozen')}")


def layer_label(name: str, w) -> str:
    """A layer's name; the default names ("hidden 2", "output") in the chosen language."""
    import re
    m = re.fullmatch(r"hidden (\d+)", name)
    if m:
        return w("hidden layer", n=m.group(1))
    return w("output layer") if name == "output" else name


# ------------------------------------------------------------------------------ explain
_SYMBOL = {"err": "∂E/∂out.{0}", "dout": "∂out.{0}/∂net.{0}", "delta": "∂E/∂net.{0}",
           "grad": "∂E/∂{0}"}
_EXPLAINED = ("err.", "dout.", "delta.")


def symbol(key: str) -> str:
    """How a textbook writes a key: err.h1 → ∂E/∂out.h1, err.h1.o1 → ∂E/∂net.o1·∂net.o1/∂out.h1."""
    parts = key.split(".")
    if parts[0] == "err" and len(parts) == 3:
        return f"∂E/∂net.{parts[2]}·∂net.{parts[2]}/∂out.{parts[1]}"
    if parts[0] in _SYMBOL and len(parts) == 2:
        return _SYMBOL[parts[0]].format(parts[1])
    return key


def train_json(title: str, file: str, report: dict, outputs: list[dict] | None,
               extra: dict | None = None) -> str:
    obj = {"bptrace": __version__, "command": "train", "config": file, "title": title}
    obj.update(report)
    if outputs is not None:
        obj["outputs"] = outputs
    if extra:
        obj.update(extra)
    return dumps(obj, big=len(report["values"]) > BIG_JSON)


def diagnosis_json(findings, explained) -> dict:
    return {"diagnosis": [{"variant": f.name, "agree": f.agree, "of": f.of} for f in findings],
            "explanations": explained}


def checks_json(checks) -> list[dict]:
    return [{"key": c.key, "expected": c.expected, "computed": c.computed, "agree": c.agree,
             "status": c.status} for c in checks]


def check_note(c, w) -> str:
    if c.status == "differ":
        return w("differs at", d=c.digit, v=fmt(c.computed, None))
    if c.status in ("blank", "imprecise"):
        return w(c.status)
    if c.status != "agree":
        return f"{w(c.status)}; {w('exact')} {fmt(c.computed, None)}"
    return ""


def check_summary(checks, w) -> str:
    bad = [c for c in checks if not c.agree]
    if bad:
        return w("some differ", a=len(checks) - len(bad), n=len(checks), b=len(bad),
                 keys=", ".join(c.key for c in bad))
    return w("all agree", n=len(checks))


def explanation_lines(checks, explained, why, w) -> list[str]:
    lines = []
    for c in checks:
        if c.agree:
            continue
        names = explained.get(c.key, [])
        if names:
            meanings = [variant_why(n, text, w.lang) for n, text in zip(names, why.get(c.key, []))]
            lines.append(w("reproduced by", k=c.key, v=c.expected,
                           names="” / “".join(variant_name(n, w.lang) for n in names))
                         + (" — " + " ".join(meanings) if meanings else ""))
        else:
            lines.append(w("no variant", k=c.key, v=c.expected))
    return lines


def gradcheck_summary(gradcheck, w) -> str:
    worst, where, rows = gradcheck
    kinks = [name for name, r in rows.items() if r[3]]
    text = w("gradcheck", e=fmt(worst, 2), p=where, n=len(rows))
    if kinks:
        text += " " + w("kinks", names=", ".join(kinks))
    return text


def gradcheck_json(gradcheck) -> dict:
    worst, where, rows = gradcheck
    return {"gradcheck": {"worst_relative_error": worst, "parameter": where,
                          "relative_errors": {n: r[2] for n, r in rows.items()},
                          "kinks": [n for n, r in rows.items() if r[3]]}}


# ------------------------------------------------------------------ matrix and Jacobian
def _cell(v, digits) -> str:
    return "·" if v is None else fmt(v, digits)


def text_blocks(parts: list, digits: int) -> list[str]:
    """Matrices, vectors and operators side by side as text lines:
    parts are strings (operators) or lists (a vector: column) or lists of lists (a matrix)."""
    blocks = []
    for part in parts:
        if isinstance(part, str):
            blocks.append([part])
            continue
        rows = part if part and isinstance(part[0], list) else [[v] for v in part]
        cells = [[_cell(v, digits) for v in row] for row in rows]
        widths = [max(len(r[c]) for r in cells) for c in range(len(cells[0]))]
        lines = ["  ".join(x.rjust(wd) for x, wd in zip(r, widths)) for r in cells]
        n = len(lines)
        left = ["["] if n == 1 else ["⎡"] + ["⎢"] * (n - 2) + ["⎣"]
        right = ["]"] if n == 1 else ["⎤"] + ["⎥"] * (n - 2) + ["⎦"]
        blocks.append([f"{lft}{line}{rgt}" for lft, line, rgt in zip(left, lines, right)])
    height = max(len(b) for b in blocks)
    out = [""] * height
    for b in blocks:
        width = max(len(x) for x in b)
        top = (height - len(b)) // 2
        for i in range(height):
            piece = b[i - top] if 0 <= i - top < len(b) else ""
            out[i] += piece.ljust(width) + " "
    return [line.rstrip() for line in out]


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


def boundary_text(names: list[str], W: list[float], theta: float) -> str:
    """The decision boundary W·x + θ = 0 with its numbers; for two inputs also solved for the
    second input where it can be."""
    terms = " + ".join(f"{fmt(w, 6)}·{n}" for w, n in zip(W, names))
    text = f"{terms} + {fmt(theta, 6)} = 0".replace("+ -", "− ")
    return text


def explanation(tr: Trace, name: str, digits: int) -> list:
    """The derivation of one parameter as a tree of ((text, " = value"), children): its
    gradient, every factor of it down to the output layer (each once), then its update."""
    seen: set[str] = set()

    def line(q: Quantity) -> tuple[str, str]:
        head = f"{q.key} = {symbol(q.key)}" if symbol(q.key) != q.key else q.key
        text = f"{head} = {q.formula}"
        sub = substituted(q, digits)
        if sub:
            text += f" = {sub}"
        return text, f" = {fmt(q.value, digits)}"

    def grow(q: Quantity) -> list:
        labels = [lab for term in (q.terms or ()) for lab, _ in term]
        if q.key.startswith("delta.") and q.template:          # softmax: err and out feed it
            labels = [f"err.{q.key[6:]}"]
        children = []
        for lab in labels:
            if lab.startswith(_EXPLAINED) and lab in tr and lab not in seen:
                seen.add(lab)
                children.append((line(tr[lab]), grow(tr[lab])))
        return children

    grad = tr[f"grad.{name}"]
    return [(line(grad), grow(grad)), (line(tr[f"new.{name}"]), [])]


def history_csv(history: list[dict]) -> str:
    """epoch,loss[,val_loss], full precision."""
    has_val = any("val_loss" in h for h in history)
    lines = ["epoch,loss" + (",val_loss" if has_val else "")]
    for h in history:
        lines.append(f"{h['epoch']},{h['loss']!r}" + (f",{h.get('val_loss')!r}" if has_val else ""))
    return "\n".join(lines) + "\n"
