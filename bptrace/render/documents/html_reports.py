"""The classroom page for a check (and its diagnosis), a training report, an exercise sheet
or its key, and a comparison: the frame, picture and reveal of :mod:`bptrace.render.documents.html`.
Formatting only."""

from __future__ import annotations

import math

from bptrace.words import title as localized, words
from bptrace.render.documents.html import (columns, e, frame, header, network_table, now_box,
                                           picture_svg, quantity_row, step_attrs, step_tables)
from bptrace.render.text import (check_note, test_result, check_summary, fmt, formula_text, headline,
                                 problem_lines)

COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2")


def check_html(tr, pic, steps, checks, diagnosis, *, lang: str = "en", digits: int = 9,
               reveal: bool = True, page: bool = True, student: bool = False, live: str = "",
               root_id: str = "") -> str:
    """The printed values against bptrace, one row each (revealed one by one), the
    diagnosis, and the step they were checked against (``student``: a student's answers,
    worded for the student). ``live`` (render/documents/live.py): the check stays as it was
    made, and below it the step is the live page (every given a field, the reveal walks the
    step)."""
    w = words(lang, student)
    by_key = {s.key: s for s in steps}
    rows = []
    for i, c in enumerate(checks):
        s = by_key.get(c.key)
        attrs = "" if live else step_attrs(s, i) if s is not None and not s.given else (
            f' data-step="{i}" data-key="{e(c.key)}" data-marks="{e(c.key)}" data-state="shown"')
        mark = '<span class="bp-ok">✓</span>' if c.agree else '<span class="bp-bad">✗</span>'
        note = check_note(c, w)
        shown = (f'<span class="bp-k">{e(c.key)}</span>: {e(w("printed"))} {e(c.expected)}, '
                 f'bptrace {e(c.rounded)} {mark} <span class="bp-note">{e(note)}</span>')
        rows.append(f'<tr{attrs}><td class="bp-k">{e(c.key)}</td><td class="bp-v">{e(c.expected)}</td>'
                    f'<td class="bp-v">{e(c.rounded)}</td><td class="bp-hide">{mark}</td>'
                    f'<td class="bp-hide bp-note">{e(note)}</td><template>{shown}</template></tr>')
    table = (f"<h2>{e(w('check title', t=tr.title))}</h2><table><thead><tr><th>{e(w('key'))}</th>"
             f"<th>{e(w('printed'))}</th><th>bptrace</th><th></th><th>{e(w('note'))}</th></tr></thead>"
             f"<tbody>{''.join(rows)}</tbody></table><p><b>{e(check_summary(checks, w))}</b></p>")
    if diagnosis is not None:
        from bptrace.render import explanation_lines, finding_rows, likely_line
        found = "".join(f"<tr>{''.join(f'<td>{e(x)}</td>' for x in row)}</tr>"
                        for row in finding_rows(diagnosis, checks, lang))
        table += (f"<h2>{e(w('diagnosis'))}</h2><table><thead><tr><th>{e(w('variant'))}</th>"
                  f"<th>{e(w('agree'))}</th><th>{e(w('reproduces'))}</th></tr></thead><tbody>"
                  f"<tr><td>{e(w('correct'))}</td><td>{diagnosis.base_agree}/{diagnosis.answered or len(checks)}</td>"
                  f"<td></td></tr>{found}</tbody></table>"
                  + (f"<p><b>{e(likely_line(diagnosis, checks, w))}</b></p>"
                     if student and likely_line(diagnosis, checks, w) else "")
                  + "".join(f"<p>{e(line)}</p>" for line in explanation_lines(checks, diagnosis, w)))
    left = f'<div class="bp-pic">{picture_svg(pic, lang)}</div>{now_box()}'
    if live:
        right = table + network_table(tr, digits, lang, live=True) + step_tables(tr, steps, digits, lang)
    else:
        right = table + step_tables(tr, [s for s in steps if s.given], digits, lang)
    body = header(tr.title, headline(tr, digits, lang), lang) + columns(left, right)
    return frame(body, tr.title, lang, reveal=reveal or bool(live), page=page, start=w("html start"),
                 all_text=w("html all shown"), live=live, root_id=root_id)


def exercise_html(tr, pic, steps, blanks: list[str], *, key: bool = False, lang: str = "en",
                  digits: int = 9, reveal: bool = True, page: bool = True, shown=(),
                  live: str = "", root_id: str = "") -> str:
    """A sheet (numbered blanks, on the picture too) or its key (each answer revealed in
    turn, with its formula and numbers). ``live`` (render/documents/live.py): a sheet's
    blanks are the live page's answer boxes (practice), a key is the live page (review)."""
    w = words(lang)
    title = localized(tr.title, lang) + (f" — {w('answer key')}" if key else "")
    problem = "".join(f"<li>{f'<b>{e(label)}</b>: ' if label else ''}{e(text)}</li>"
                      for label, text in problem_lines(tr, w))
    if shown:
        problem += (f"<li><b>{e(w('exercise given'))}</b>: "
                    + ", ".join(f"{e(k)} = {e(fmt(tr[k].value, 6))}" for k in shown) + "</li>")
    by_key = {s.key: s for s in steps}
    rows = []
    for i, k in enumerate(blanks):
        q = tr[k]
        if key:
            rows.append(quantity_row(q, by_key[k], i, digits, lang, None)
                        .replace('<td class="bp-k">', f'<td class="bp-n">{i + 1}.</td><td class="bp-k">', 1))
        elif live:
            rows.append(f'<tr data-step="{i}" data-key="{e(k)}" data-formula="{e(formula_text(q, lang))}" '
                        f'data-state="shown"><td class="bp-n">{i + 1}.</td><td class="bp-k">{e(k)}</td>'
                        f'<td class="bp-v">= ______________</td></tr>')
        else:
            rows.append(f'<tr><td class="bp-v">{i + 1}.</td><td class="bp-k">{e(k)}</td>'
                        f'<td>= ______________</td></tr>')
    body = (header(title, "", lang) + columns(
        f'<div class="bp-pic">{picture_svg(pic, lang)}</div>{now_box()}',
        f"<ul>{problem}</ul><p>{e(w('exercise task', d=4))}</p><table><tbody>{''.join(rows)}"
        f"</tbody></table>"))
    return frame(body, title, lang, reveal=(reveal and key) or bool(live), page=page,
                 start=w("html start"), all_text=w("html all shown"), live=live, root_id=root_id)


def curve_svg(series: list[tuple[str, list[float], list[float]]], lang: str,
              width: int = 640, height: int = 300) -> str:
    """Loss curves (label, epochs, losses) on a log scale where every loss is positive."""
    pts = [(x, y) for _, xs, ys in series for x, y in zip(xs, ys) if y is not None and math.isfinite(y)]
    if not pts:
        return ""
    log = all(y > 0 for _, y in pts)
    f = (lambda y: math.log10(y)) if log else (lambda y: y)
    x0, x1 = min(x for x, _ in pts), max(x for x, _ in pts)
    y0, y1 = min(f(y) for _, y in pts), max(f(y) for _, y in pts)
    x1, y1 = (x1 if x1 > x0 else x0 + 1), (y1 if y1 > y0 else y0 + 1)
    L, R, T, B = 70, 20, 16, 40
    w = words(lang)

    def px(x, y):
        return (L + (x - x0) / (x1 - x0) * (width - L - R),
                T + (y1 - f(y)) / (y1 - y0) * (height - T - B))
    out = [f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" font-size="12" role="img">',
           f"<title>{e(w('loss curves'))}</title><desc>{e('; '.join(label for label, _, _ in series))}"
           f" ({e(w('epoch axis'))} {e(fmt(x0, 6))}–{e(fmt(x1, 6))})</desc>",
           f'<rect x="{L}" y="{T}" width="{width - L - R}" height="{height - T - B}" fill="#fff" stroke="#999"/>']
    for lab, y in ((y1, T), (y0, height - B)):
        out.append(f'<text x="{L - 4}" y="{y + 4}" text-anchor="end">{e(fmt(10 ** lab if log else lab, 3))}</text>')
    out.append(f'<text x="{L}" y="{height - B + 16}">{e(fmt(x0, 6))}</text>')
    out.append(f'<text x="{width - R}" y="{height - B + 16}" text-anchor="end">{e(fmt(x1, 6))}</text>')
    out.append(f'<text x="{(width + L) / 2}" y="{height - 6}" text-anchor="middle">{e(w("epoch axis"))}</text>')
    for i, (label, xs, ys) in enumerate(series):
        line = " ".join(f"{a:.1f},{b:.1f}" for a, b in (px(x, y) for x, y in zip(xs, ys)
                                                         if y is not None and math.isfinite(y)))
        out.append(f'<polyline fill="none" stroke="{COLOURS[i % len(COLOURS)]}" stroke-width="2.5" '
                   f'points="{line}"><title>{e(label)}</title></polyline>')
    out.append("</svg>")
    return "".join(out)


def _table(head: list[str], rows: list[list[str]], right: set[int] = frozenset()) -> str:
    th = "".join(f"<th>{e(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f'<td{" class=bp-v" if j in right else ""}>{e(c)}</td>'
                                    for j, c in enumerate(r)) + "</tr>" for r in rows)
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def train_html(title: str, report: dict, outputs: list[dict], params, *, lang: str = "en",
               digits: int = 8, page: bool = True) -> str:
    """A training report: the settings, the loss curve, outputs and parameters."""
    w = words(lang)
    s = report["settings"]
    hist = report["history"]
    sub = w("train subtitle", arch="", mode=s["mode"], bs=s["batch_size"], opt=s["optimizer"],
            eta=fmt(s["learning_rate"], digits), epochs=s["epochs"],
            shuffled=w("shuffled") if s["shuffle"] else "").lstrip("; ；")
    series = [(w("plot training loss"), [h["epoch"] for h in hist], [h["loss"] for h in hist])]
    if any("val_loss" in h for h in hist):
        series.append((w("plot validation loss"), [h["epoch"] for h in hist],
                       [h.get("val_loss") for h in hist]))
    stop = report.get("stopped")
    final = w("final loss", n=s["epochs_run"], tail=w(stop) if stop else "",
              v=fmt(report["values"]["loss"], digits))
    tested = test_result(report["values"], w, digits)
    left = (f"<h2>{e(w('loss history'))}</h2><div class=\"bp-curve\">{curve_svg(series, lang)}</div>"
            f"<p><b>{e(final)}</b></p>"
            + (f"<p>{e(w('final accuracy', v=fmt(report['values']['accuracy'], digits)))}</p>"
               if "accuracy" in report["values"] else "")
            + (f"<p>{e(tested)}</p>" if tested is not None else ""))
    right = (f"<h2>{e(w('outputs after'))}</h2>"
             + _table(["#", w("input"), w("target"), w("output")],
                      [[str(r["index"] + 1), ", ".join(fmt(v, 4) for v in r["input"]),
                        ", ".join(fmt(v, 4) for v in r["target"]),
                        ", ".join(fmt(v, digits) for v in r["output"])] for r in outputs[:50]])
             + f"<h2>{e(w('params after'))}</h2>"
             + _table([w("parameters"), w("before"), w("after training")],
                      [[n, fmt(b, digits), fmt(a, digits)] for n, b, a in params[:200]], {1, 2}))
    body = header(title, sub, lang) + columns(left, right)
    return frame(body, title, lang, reveal=False, page=page, two=True)


def compare_html(title: str, results: list[dict], *, target: float | None = None,
                 lang: str = "en", digits: int = 6, page: bool = True) -> str:
    """Variants side by side and their loss curves."""
    w = words(lang)
    head = ["", w("variant"), w("final loss col")]
    has_val = any(r["val_loss"] is not None for r in results)
    if has_val:
        head.append(w("validation loss"))
    if target is not None:
        head.append(w("epochs to", t=fmt(target, 3)))
    rows = []
    for i, r in enumerate(results):
        row = [f'<span style="color:{COLOURS[i % len(COLOURS)]}">■</span>', e(r["label"]),
               e(fmt(r["values"]["loss"], digits) if not r["diverged"] else r["diverged"])]
        if has_val:
            row.append(e(fmt(r["val_loss"], digits)))
        if target is not None:
            row.append(e(str(r["epochs_to_target"]) if r["epochs_to_target"] else "—"))
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>")
    table = (f"<table><thead><tr>{''.join(f'<th>{e(h)}</th>' for h in head)}</tr></thead>"
             f"<tbody>{''.join(rows)}</tbody></table>")
    series = [(r["label"], [h["epoch"] for h in r["history"]], [h["loss"] for h in r["history"]])
              for r in results]
    left = f"<h2>{e(w('loss curves'))}</h2><div class=\"bp-curve\">{curve_svg(series, lang)}</div>"
    body = header(title, w("comparison", n=len(results)), lang) + columns(left, table)
    return frame(body, title, lang, reveal=False, page=page, two=True)


def config_html(title: str, arch: str, layers: list[tuple[str, list[str], str, int]],
                loss: str, lr: float | None, samples: int, *, lang: str = "en") -> str:
    """A loaded config in a notebook: its layers (name, neurons, activation, parameter
    count), the loss, the learning rate and the data — and what to do with it."""
    w = words(lang)
    rows = [[name, ", ".join(neurons) if len(neurons) <= 12 else w("pic neurons", n=len(neurons)),
             activation, str(count)] for name, neurons, activation, count in layers]
    facts = [f"{w('loss')}: {loss}", f"{w('learning rate')}: η = {fmt(lr, 9) if lr else '—'}",
             w("n samples", n=samples)]
    body = (header(title, arch, lang)
            + _table([w("layer"), w("neurons"), w("activation"), w("parameters")], rows, {3})
            + f"<p>{e(' · '.join(facts))}</p><p class=\"bp-help\">{e(w('config next'))}</p>")
    return frame(body, title, lang, reveal=False, page=False)
