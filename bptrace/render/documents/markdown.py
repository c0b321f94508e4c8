"""A worked solution in Markdown: a step's sections as tables with the substituted numbers,
checks and their diagnosis, the matrix and Jacobian views ($$ … $$), the perceptron rule,
exercise sheets and training reports. Formatting only: nothing here computes."""

from __future__ import annotations

import re

from bptrace.words import title as localized, words
from bptrace.render.documents.latex_views import view_lines
from bptrace.render.text import (test_result, hand_heading, boundary_text, check_note, check_summary, explanation,
                                 fmt, formula_text, headline, layer_label,
                                 note_text, section_heading, substituted)
from bptrace.trace.quantity import SECTIONS, Trace

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|$])")


def md(text: str) -> str:
    """User or formula text, safe inside a Markdown table cell."""
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def figure(picture, alt: str, lang: str) -> list[str]:
    """The network picture (a :mod:`bptrace.render.pictures` record) as an SVG image inside the
    Markdown file (a data URI: Jupyter, VS Code, Typora and pandoc show it; where a viewer
    does not, its alternative text stands)."""
    if picture is None:
        return []
    import base64

    from bptrace.render.pictures.svg import svg_picture
    data = base64.b64encode(svg_picture(picture, lang).encode("utf-8")).decode("ascii")
    return [f"![{md(alt)}](data:image/svg+xml;base64,{data})", ""]


def step_markdown(tr: Trace, *, digits: int = 9, keys=None, lang: str = "en",
                  exact: Trace | None = None, round_to: int | None = None,
                  explain: list[str] = (), picture=None) -> str:
    w = words(lang)
    wanted = set(keys) if keys is not None else None
    out = [f"# {md(localized(tr.title, lang))}", "", md(headline(tr, digits, lang)), ""]
    if wanted is None:
        out += figure(picture, f"{localized(tr.title, lang)} — {w('network')}", lang)
        out += [f"## {w('network')}", "",
                f"| {w('layer')} | {w('neurons')} | {w('activation')} | {w('parameters')} |",
                "|---|---|---|---|",
                f"| {w('input')} | {md(', '.join(tr.inputs))} | — | |"]
        for l, layer in enumerate(tr.layers, start=1):
            params = "<br>".join(md(f"{p.name} = {fmt(p.value, digits)}") for p in tr.params if p.layer == l)
            out.append(f"| {md(layer_label(layer.name, w))} | {md(', '.join(layer.neurons))} | {layer.activation} | {params} |")
        out.append("")
    n = 0
    for section in SECTIONS:
        rows = [q for q in tr.section(section) if wanted is None or q.key in wanted]
        if not rows:
            continue
        n += 1
        out += [f"## {n}. {md(section_heading(tr, section, w))}", ""]
        head = f"| {w('quantity')} | {w('formula')} | {w('value') if exact is None else hand_heading(w, round_to)} |"
        out += [head + (f" {w('exact')} |" if exact is not None else ""),
                "|---|---|---:|" + ("---:|" if exact is not None else "")]
        for q in rows:
            formula = md(formula_text(q, lang))
            sub = substituted(q, digits)
            if sub:
                formula += " = " + md(sub)
            if q.note is not None:
                formula += f" *({md(note_text(q, lang))})*"
            line = f"| `{q.key}` | {formula} | {fmt(q.value, digits)} |"
            if exact is not None:
                line += f" {fmt(exact[q.key].value, digits)} |"
            out.append(line)
        out.append("")
    for name in explain:
        out += [f"## {md(w('explain', p=name))}", ""]

        def walk(items, depth):
            for (text, value), children in items:
                out.append("  " * depth + f"- {md(text)} = **{md(value[3:])}**")
                walk(children, depth + 1)
        walk(explanation(tr, name, digits), 0)
        out.append("")
    return "\n".join(out)


def check_markdown(title: str, checks, *, lang: str = "en", diagnosis=None, picture=None,
                   student: bool = False) -> str:
    w = words(lang, student)
    out = [f"# {md(w('check title', t=title))}", ""]
    out += figure(picture, f"{w('check title', t=title)} — {w('network')}", lang)
    out += [f"| {w('key')} | {w('printed')} | bptrace | | {w('note')} |", "|---|---:|---:|---|---|"]
    for c in checks:
        out.append(f"| `{c.key}` | {c.expected} | {c.rounded} | {'✓' if c.agree else '✗'} | "
                   f"{md(check_note(c, w))} |")
    out += ["", f"**{md(check_summary(checks, w))}**", ""]
    if diagnosis is not None:
        from bptrace.render import explanation_lines
        from bptrace.render import likely_line
        out += [f"## {md(w('diagnosis'))}", ""]
        if student and likely_line(diagnosis, checks, w):
            out += [f"**{md(likely_line(diagnosis, checks, w))}**", ""]
        out += [f"- {md(line)}" for line in explanation_lines(checks, diagnosis, w)]
        out.append("")
    return "\n".join(out)


def view_markdown(tr: Trace, views, *, kind: str = "matrix", digits: int = 6, lang: str = "en") -> str:
    """Markdown with LaTeX math ($$ … $$), as GitHub, Jupyter and Typora render it."""
    out = [f"# {md(localized(tr.title, lang))}", "", md(headline(tr, digits, lang)), ""]
    for heading, eqs in view_lines(tr, views, kind, digits, lang):
        out += [f"## {md(heading)}", ""]
        for lhs, rhs in eqs:
            out += ["$$", f"{lhs} = {' '.join(rhs)}", "$$", ""]
    return "\n".join(out)


def perceptron_markdown(p, run, xor, *, lang: str = "en") -> str:
    w = words(lang)
    out = [f"# {md(localized(p.title, lang))}", "", md(w("perceptron rule", act="u" if p.activation == "step" else "sign",
                                        eta=fmt(p.lr, 6))), ""]
    for ep in run.epochs:
        out += [f"## {w('epoch')} {ep['epoch']}", "",
                "| # | x | W | θ | W·x + θ | ŷ | y | y − ŷ | ΔW | Δθ |", "|---|---|---|---|---|---|---|---|---|---|"]
        for s in [s for s in run.steps if s.epoch == ep["epoch"]]:
            vec = lambda v: "(" + ", ".join(fmt(x, 6) for x in v) + ")"
            out.append(f"| {s.sample} | {vec(s.x)} | {vec(s.W)} | {fmt(s.theta, 6)} | {fmt(s.z, 6)} | "
                       f"{fmt(s.y_hat, 6)} | {fmt(s.y, 6)} | {fmt(s.error, 6)} | {vec(s.dW)} | {fmt(s.dtheta, 6)} |")
        out += ["", md(w("boundary", eq=boundary_text(p.inputs, ep["W"], ep["theta"]), n=ep["misclassified"])), ""]
    if run.converged:
        out.append("**" + md(w("perceptron converged", n=len(run.epochs),
                                 eq=boundary_text(p.inputs, run.W.tolist(), run.theta))) + "**")
    else:
        out.append("**" + md(w("not separable " + run.reason.replace(" ", "_"), n=len(run.epochs))) + "**")
        if xor is not None:
            out += ["", md(w("xor fix")), "", "| x1 | x2 | NAND | OR | XOR |", "|---|---|---|---|---|"]
            out += [f"| {fmt(x[0], 3)} | {fmt(x[1], 3)} | {fmt(a, 3)} | {fmt(b, 3)} | {fmt(o, 3)} |"
                    for x, a, b, o in xor[1]]
    return "\n".join(out) + "\n"


def exercise_markdown(tr: Trace, blanks: list[str], *, key: bool = False, lang: str = "en",
                      digits: int = 9, picture=None, shown=(), text=None) -> str:
    """A sheet (or its key); ``text``: the sheet's texts (a SheetText), where made already."""
    from bptrace.render.documents.sheet_text import SheetText

    text = text or SheetText(tr, blanks, lang, digits)
    w = words(lang)
    title = localized(tr.title, lang) + (f" — {w('answer key')}" if key else "")
    out = [f"# {md(title)}", ""]
    out += figure(picture, f"{title} — {w('network')}", lang)
    out += [f"- **{md(label)}**: {md(said)}" if label else f"- {md(said)}"
            for label, said in text.problem]
    if shown:
        out.append(f"- **{md(w('exercise given'))}**: "
                   + ", ".join(f"`{k}` = {fmt(tr[k].value, 6)}" for k in shown))
    out += ["", w("exercise task", d=4), ""]
    for i, k in enumerate(blanks, start=1):
        if key:
            formula, sub, value = text.answers[i - 1]
            out.append(f"{i}. `{k}` = {md(formula)}" + (f" = {md(sub)}" if sub else "")
                       + f" = **{value}**")
        else:
            out.append(f"{i}. `{k}` = ______________")
    return "\n".join(out) + "\n"


def train_markdown(title: str, report: dict, outputs: list[dict], params, *, lang: str = "en",
                   digits: int = 8) -> str:
    """A training report: the settings, the loss every recorded epoch (at most 30 rows), the
    outputs against the targets and the parameters before and after."""
    w = words(lang)
    s = report["settings"]
    hist = report["history"]
    if len(hist) > 30:
        step = (len(hist) - 1) / 29
        hist = [hist[round(i * step)] for i in range(30)]
    out = [f"# {md(localized(title, lang))}", "",
           md(w("train subtitle", arch="", mode=s["mode"], bs=s["batch_size"], opt=s["optimizer"],
                eta=fmt(s["learning_rate"], digits), epochs=s["epochs"],
                shuffled=w("shuffled") if s["shuffle"] else "").lstrip("; ；")), "",
           f"## {md(w('loss history'))}", ""]
    from bptrace.render.terminal.reports import EXTRA_COLUMNS
    extra = [k for k in EXTRA_COLUMNS if any(k in h for h in hist)]
    out += ["| " + " | ".join([w("epoch"), w("mean loss")] + [md(w(EXTRA_COLUMNS[k])) for k in extra]) + " |",
            "|" + "---:|" * (2 + len(extra))]
    out += ["| " + " | ".join([str(h["epoch"]), fmt(h["loss"], digits)]
                              + [fmt(h.get(k), digits) for k in extra]) + " |" for h in hist]
    out += ["", f"## {md(w('outputs after'))}", "",
            f"| # | {w('input')} | {w('target')} | {w('output')} |", "|---:|---|---|---|"]
    out += [f"| {r['index'] + 1} | {', '.join(fmt(v, 4) for v in r['input'])} | "
            f"{', '.join(fmt(v, 4) for v in r['target'])} | {', '.join(fmt(v, digits) for v in r['output'])} |"
            for r in outputs[:50]]
    out += ["", f"## {md(w('params after'))}", "",
            f"| {w('parameters')} | {w('before')} | {w('after training')} |", "|---|---:|---:|"]
    out += [f"| {md(n)} | {fmt(b, digits)} | {fmt(a, digits)} |" for n, b, a in params[:200]]
    stop = report.get("stopped")
    out += ["", "**" + md(w("final loss", n=s["epochs_run"], tail=w(stop) if stop else "",
                             v=fmt(report["values"]["loss"], digits))) + "**", ""]
    if "accuracy" in report["values"]:
        out += [md(w("final accuracy", v=fmt(report["values"]["accuracy"], digits))), ""]
    tested = test_result(report["values"], w, digits)
    if tested is not None:
        out += [md(tested), ""]
    return "\n".join(out)
