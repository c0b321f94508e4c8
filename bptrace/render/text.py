"""Text every output shares: numbers as a textbook prints them, formulas with the numbers put
in, how a textbook writes a key, the words of a quantity in the reader's language, the
headline of a step, and the sentences of a check. Formatting only: nothing here computes."""

from __future__ import annotations

import math

from bptrace.trace.quantity import Quantity, Trace
from bptrace.trace.residue import Residue
from bptrace.words import text, words


def fmt(v: float, digits: int | None = 9) -> str:
    """A number with `digits` significant digits, as a textbook prints it (None: the
    shortest text that reads back as the same float64). A value the trace marks as float
    residue of an exact 0 is 0."""
    if v is None:
        return "—"
    if not math.isfinite(v):
        return "nan" if math.isnan(v) else ("inf" if v > 0 else "−inf")
    if v == 0 or (digits is not None and isinstance(v, Residue)):
        return "0"            # float residue of an exact 0 (bptrace.trace.residue): shown as 0
    if digits is None:
        return repr(float(v))
    return f"{v:.{digits}g}"


def formula_text(q: Quantity, lang: str = "en") -> str:
    """A quantity's formula with its words (if any) in the language."""
    if q.prose is None:
        return q.formula
    return words(lang)(q.prose.key, f=q.formula, **q.prose.args)


def note_text(q: Quantity, lang: str = "en") -> str:
    """A quantity's note in the language ('' where it has none)."""
    return "" if q.note is None else words(lang)(q.note.key, **q.note.args)


def substituted(q: Quantity, digits: int) -> str:
    """The formula with the numbers put in: '0.15×0.05 + 0.2×0.1 + 0.35'."""
    if q.terms is not None:
        parts = []
        for term in q.terms:
            parts.append("×".join(operand(v, digits, bound=len(term) > 1) for _, v in term))
        text = " + ".join(parts) if parts else "0"
        return text.replace("+ −", "− ")
    if q.template is not None:
        return q.template.format(*(operand(v, digits, _bound(q.template, i), _enclosed(q.template, i))
                                   for i, v in enumerate(q.args)))
    return ""


def _enclosed(template: str, i: int) -> bool:
    """Whether argument i stands alone in parentheses, e.g. tanh({0})."""
    return f"({{{i}}})" in template


_BINDS_AFTER = "²^×·/"       # an operator that binds tighter than + and − to what precedes it
_BINDS_BEFORE = "×·/^"       # … to what follows it


def _bound(template: str, i: int) -> bool:
    """Whether an operator that binds tighter than + and − touches argument i somewhere in the
    template: {0}², {1}×{2}, 0.01·{0}."""
    slot = f"{{{i}}}"
    start = template.find(slot)
    while start >= 0:
        end = start + len(slot)
        if template[end:end + 1] and template[end] in _BINDS_AFTER \
                or start and template[start - 1] in _BINDS_BEFORE:
            return True
        start = template.find(slot, end)
    return False


def operand(v: float, digits: int, bound: bool = True, enclosed: bool = False) -> str:
    """A number put into a formula: in parentheses where it is negative, or in scientific form
    and an operator binds to it (a power, a product), so that (−0.3)×1 and 1−(1e-05)² read as
    meant; never twice, where the formula already encloses it: tanh(−0.3)."""
    s = fmt(v, digits)
    if enclosed:
        return s
    if s.startswith("-") or (bound and "e" in s):
        return f"({s})"
    return s


def headline(tr: Trace, digits: int, lang: str) -> str:
    """'2 inputs → 2 sigmoid → 2 sigmoid; loss half_sse: E = …; η = 0.5; biases frozen'."""
    from bptrace.render import architecture

    w = words(lang)
    arch = architecture(len(tr.inputs), [(len(l.neurons), l.activation) for l in tr.layers], lang)
    eta = w("no learning rate") if tr.learning_rate is None else f"η = {fmt(tr.learning_rate, digits)}"
    return (f"{arch}; {w('loss').lower()} {tr.loss_name}: {tr.loss_formula}; {eta}; "
            f"{w('biases trained') if tr.train_biases else w('biases frozen')}"
            + (f"; {w('update sequential')}" if tr.update == "sequential" else ""))


def section_heading(tr: Trace, section: str, w, latex: bool = False) -> str:
    """A section's heading, in the sign convention the trace reports its error signals in."""
    key = "backward latex" if latex and section == "backward" else section
    if getattr(tr, "error_signal", "gradient") == "negative" and section in ("backward", "gradient", "update"):
        return w(key + " negative")
    return w(key)


def bias_label(tr: Trace, p, w) -> str:
    """'bias of h1' or, in a layer of thresholds, 'threshold of y3'."""
    layer = tr.layers[p.layer - 1]
    return w("threshold of" if getattr(layer, "threshold", False) else "bias of",
             n=", ".join(p.targets))


def hand_heading(w, round_to) -> str:
    """The column heading of a hand calculation (--round N or --round printed)."""
    return w("by hand printed") if round_to == "printed" else w("by hand", n=round_to)


def layer_label(name: str, w) -> str:
    """A layer's name; the default names ("hidden 2", "output") in the chosen language."""
    import re
    m = re.fullmatch(r"hidden (\d+)", name)
    if m:
        return w("hidden layer", n=m.group(1))
    return w("output layer") if name == "output" else name


def problem_lines(tr: Trace, w) -> list[tuple[str, str]]:
    """(label, text) lines that state a step's problem: the network, the sample, η, the loss."""
    rows = []
    arch = " → ".join([", ".join(tr.inputs)] + [", ".join(l.neurons) for l in tr.layers])
    rows.append((w("network"), arch))
    for l, layer in enumerate(tr.layers, start=1):
        params = ", ".join(f"{p.name} = {fmt(p.value, 6)}" + (f" ({p.source}→{p.targets[0]})" if p.kind == "w"
                                                              else f" ({bias_label(tr, p, w)})")
                           for p in tr.params if p.layer == l)
        rows.append((f"{layer_label(layer.name, w)} ({layer.activation}: out = {layer.formula.format(net='net')})", params))
    rows.append((w("input"), ", ".join(f"{i} = {fmt(tr[f'out.{i}'].value, 6)}" for i in tr.inputs)))
    rows.append((w("target"), ", ".join(f"{o} = {fmt(v, 6)}" for o, v in tr.target.items())))
    rows.append((w("learning rate"), w("no learning rate") if tr.learning_rate is None
                 else f"η = {fmt(tr.learning_rate, 6)}"))
    rows.append((w("loss"), f"{tr.loss_name}: {tr.loss_formula}"))
    rows.append(("", w("biases trained") if tr.train_biases else w("biases frozen")))
    if tr.update == "sequential":
        rows.append(("", w("update sequential")))
    return rows


# ------------------------------------------------------------------------------ explain
_SYMBOL = {"err": "∂E/∂out.{0}", "dout": "∂out.{0}/∂net.{0}", "delta": "∂E/∂net.{0}",
           "grad": "∂E/∂{0}"}
_EXPLAINED = ("err.", "dout.", "delta.")


def symbol(key: str, negative: bool = False) -> str:
    """How a textbook writes a key: err.h1 → ∂E/∂out.h1, err.h1.o1 → ∂E/∂net.o1·∂net.o1/∂out.h1
    (``negative``: the error signals as −∂E/∂·, conventions: {error_signal: negative})."""
    parts = key.split(".")
    minus = "−" if negative and parts[0] in ("err", "delta") else ""
    if parts[0] == "err" and len(parts) == 3:
        return f"{minus}∂E/∂net.{parts[2]}·∂net.{parts[2]}/∂out.{parts[1]}"
    if parts[0] in _SYMBOL and len(parts) == 2:
        return minus + _SYMBOL[parts[0]].format(parts[1])
    return key


def explanation(tr: Trace, name: str, digits: int) -> list:
    """The derivation of one parameter as a tree of ((text, " = value"), children): its
    gradient, every factor of it down to the output layer (each once), then its update."""
    seen: set[str] = set()

    def line(q: Quantity) -> tuple[str, str]:
        neg = getattr(tr, "error_signal", "gradient") == "negative"
        head = f"{q.key} = {symbol(q.key, neg)}" if symbol(q.key) != q.key else q.key
        text = f"{head} = {formula_text(q)}"
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
    update = [(line(tr[f"new.{name}"]), [])] if f"new.{name}" in tr else []     # none without η
    return [(line(grad), grow(grad))] + update


# ------------------------------------------------------------------ matrices as text
def _cell(v, digits) -> str:
    return "·" if v is None else v if isinstance(v, str) else fmt(v, digits)


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


def boundary_text(names: list[str], W: list[float], theta: float) -> str:
    """The decision boundary W·x + θ = 0 with its numbers."""
    def times(w: float) -> str:          # 1e-07·x1 reads as 1e-(07·x1): grouped
        t = fmt(w, 6)
        return t if "e" not in t else f"-({t[1:]})" if t.startswith("-") else f"({t})"
    terms = " + ".join(f"{times(w)}·{n}" for w, n in zip(W, names))
    return f"{terms} + {fmt(theta, 6)} = 0".replace("+ -", "− ")


# -------------------------------------------------------------------------------- checks
def hand_value(value: float, round_to: int) -> str:
    """A hand calculation's value at its own precision: 0.5933, not 0.593300000."""
    return f"{value:.{round_to}f}"


def check_note(c, w, round_to: int | None = None) -> str:
    """The note of one compared value; with `round_to`, bptrace's side is the hand
    calculation rounded to that many decimals (named so, at its own precision). A student's
    answer read where it was not written as a plain number (0,1183) says how it was read."""
    note = _check_note(c, w, round_to)
    if getattr(c, "read", None):
        sep = text("grammar", "clause sep", w.lang)
        return w("read as", v=c.read) + (sep + note if note else "")
    return note


def _check_note(c, w, round_to: int | None = None) -> str:
    if c.status == "differ" and round_to is not None:
        printed = c.expected.split("e")[0].split("E")[0]
        longer = "." in printed and len(printed.split(".")[1]) > round_to
        return w("differs at hand", d=c.digit) + (w("more decimals", n=round_to) if longer else "")
    if c.status == "differ":
        return w("differs at", d=c.digit, v=fmt(c.computed, None))
    if c.status in ("blank", "imprecise", "unreadable", "carried"):
        return w(c.status)
    if c.status != "agree":
        return f"{w(c.status)}; {w('exact')} {fmt(c.computed, None)}"
    return ""


def check_summary(checks, w, round_to: int | None = None) -> str:
    if getattr(w, "student", False):
        return _student_summary(checks, w)
    bad = [c for c in checks if not c.agree]
    tail = w("against hand", n=round_to) if round_to is not None else ""
    if bad:
        return w("some differ", a=len(checks) - len(bad), n=len(checks), b=len(bad),
                 keys=", ".join(c.key for c in bad)) + tail
    return w("all agree", n=len(checks)) + tail


def _student_summary(checks, w) -> str:
    """A student's answers: how many are right, the wrong ones (the first ten), how many are
    unanswered."""
    right = sum(c.agree for c in checks)
    wrong = [c.key for c in checks if not c.agree and c.status != "blank"]
    blank = sum(c.status == "blank" for c in checks)
    if right == len(checks):
        return w("all agree", n=len(checks))
    keys = ", ".join(wrong[:10]) + (", …" if len(wrong) > 10 else "")
    text = w("student right", a=right, n=len(checks))
    if wrong:
        text += w("student wrong", b=len(wrong), keys=keys)
    if blank:
        text += w("student unanswered", u=blank)
    return text


def gradcheck_summary(gradcheck, w, sequential: bool = False) -> str:
    """The gradient check in one line (``sequential``: the config's update: sequential,
    whose hidden-layer grad.P are the book's numbers, not ∂E/∂P — said so)."""
    worst, where, rows = gradcheck
    kinks = [name for name, r in rows.items() if r[3]]
    text = w("gradcheck", e=fmt(worst, 2), p=where, n=len(rows))
    if kinks:
        text += " " + w("kinks", names=", ".join(kinks))
    if sequential:
        text += " " + w("gradcheck sequential")
    return text


def test_result(values, w, digits: int) -> str | None:
    """The test set's line after training (mean loss, and accuracy for a classifier), or None
    where the config has no test: set — the same words in every medium."""
    if "test.loss" not in values:
        return None
    acc = values["test.accuracy"] if "test.accuracy" in values else None
    return (w("test result", v=fmt(values["test.loss"], digits))
            + ("" if acc is None else w("test accuracy", v=fmt(acc, digits))))
