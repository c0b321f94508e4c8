"""The classroom page: one self-contained HTML file (inline style, script and SVG, no
external address) with the network picture and the tables, formulas with the numbers put
in. With ``reveal``, → / space shows the next quantity and marks it and its operands on
the picture (a gradient's chain-rule paths), ← goes back, ``a`` shows everything, and the
address's fragment keeps the position (``page.html#grad.w1``); printed, everything shows.
Without it (Jupyter), a plain fragment. Formatting only: the picture record and the reveal
steps (:func:`reveal_steps`, at the end) are made by the caller."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from html import escape

from bptrace.render.text import fmt, formula_text, headline, layer_label, note_text, substituted
from bptrace.trace.quantity import SECTIONS, Trace
from bptrace.trace.views import operands  # noqa: F401 (what each quantity is made of)
from bptrace.words import text, title as localized, words

_MARKUP = re.compile(r"[&<>\"']").search


def e(text) -> str:
    text = str(text)
    return escape(text, quote=True) if _MARKUP(text) else text


def picture_svg(pic, lang: str, crop: bool = True) -> str:
    """The picture's SVG, inline (an inline SVG needs no namespace address). On a page its
    smallest text reads at ≥ 16 px: the page's style sheet shows it as large as the screen
    lets it (``--bp-ar``: its width to its height), never narrower than ``--bp-w`` (16 px to
    the unit of its smallest font; a narrower screen scrolls the picture's own box)."""
    if pic is None:
        return ""
    from bptrace.render.pictures.svg import svg_picture
    svg = svg_picture(pic, lang, marks=True).replace(' xmlns="http://www.w3.org/2000/svg"', "", 1)
    top = 56 if crop and hasattr(pic, "columns") else 0     # the page's header has the title
    if top:
        svg = svg.replace(f'height="{pic.height:.0f}" viewBox="0 0 {pic.width:.0f} {pic.height:.0f}"',
                          f'height="{pic.height - top:.0f}" viewBox="0 {top} {pic.width:.0f} '
                          f'{pic.height - top:.0f}"', 1)
    smallest = pic.font - pic.minor * (1 if hasattr(pic, "columns") else 2)
    width, height = round(pic.width), round(pic.height - top)
    return svg.replace("<svg ", f'<svg style="--bp-w:{math.ceil(width * 16 / smallest)}px;'
                                f'--bp-ar:{width / height:.4f}" ', 1)


def step_attrs(step, index: int) -> str:
    """The data-* attributes of a row the page reveals as step ``index`` (None: given)."""
    if step is None:
        return ""
    if step.given:
        return f' data-key="{e(step.key)}" data-state="given"'
    return (f' data-step="{index}" data-key="{e(step.key)}" data-ops="{e(" ".join(step.operands))}"'
            f' data-marks="{e(" ".join(step.keys))}" data-nodes="{e(" ".join(step.nodes))}"'
            f' data-edges="{e(" ".join(step.edges))}" data-state="shown"')


def frame(body: str, title: str, lang: str, *, reveal: bool, page: bool,
         start: str = "", all_text: str = "", two: bool = False, live: str = "",
          root_id: str = "") -> str:
    """The body in the page's frame: with ``page`` a whole document, else a fragment (for
    Jupyter); with ``reveal`` the controls and the script; ``live``: the live page's data
    and scripts (render/documents/live.py), which reveal themselves; ``root_id``: the root
    element's id (a live fragment's script finds its page by it)."""
    from bptrace.render.documents.html_static import CSS, JS, LIVE_CSS

    cls = "bp bp-reveal" if reveal else ("bp bp-two" if two else "bp")
    nb = "" if page else " data-nb"         # a notebook's output: the notebook's theme colours
    ident = f' id="{e(root_id)}"' if root_id else ""
    frag = [f'<div{ident} class="{cls}"{nb} lang="{text("grammar", "html lang", lang)}" '
            f'data-start="{e(start)}" data-all="{e(all_text)}">',
            f"<style>{CSS}{LIVE_CSS if live else ''}</style>", body]
    if live:
        frag.append(live)
    elif reveal:
        frag.append(f"<script>{JS}</script>")
    frag.append("</div>")
    if not page:
        return "\n".join(frag)
    return "\n".join(['<!DOCTYPE html>', f'<html lang="{text("grammar", "html lang", lang)}">',
                      '<head><meta charset="utf-8">',
                      '<meta name="viewport" content="width=device-width, initial-scale=1">',
                      f"<title>{e(localized(title, lang))}</title>", "</head>",
                      '<body style="margin:0">'] + frag + ["</body>", "</html>", ""])


def header(title: str, subtitle: str, lang: str) -> str:
    w = words(lang)
    title = localized(title, lang)
    return (f'<header><div><h1>{e(title)}</h1><div class="bp-sub">{e(subtitle)}</div></div>'
            f'<div class="bp-bar"><button class="bp-back" title="←">◀ {e(w("html back"))}</button>'
            f'<button class="bp-next" title="→ / space">{e(w("html next"))} ▶</button>'
            f'<button class="bp-all" title="a">{e(w("html all"))}</button>'
            f'<span class="bp-count"></span>'
            f'<span class="bp-help">{e(w("html keys"))}</span></div></header>')


def columns(left: str, right: str) -> str:
    return f'<div class="bp-left">{left}</div>\n<div class="bp-right">{right}</div>'


def now_box() -> str:
    return '<div class="bp-now" aria-live="polite"></div>'


def quantity_row(q, step, index: int, digits: int, lang: str, exact: Trace | None) -> str:
    sub = substituted(q, digits)
    formula = e(formula_text(q, lang)) or "—"
    subst = f'<span class="bp-s"> = {e(sub)}</span>' if sub else ""
    note = f' <span class="bp-note bp-hide">({e(note_text(q, lang))})</span>' if q.note else ""
    value = fmt(q.value, digits)
    cells = (f'<td class="bp-k">{e(q.key)}</td><td class="bp-f">{formula}{subst}{note}</td>'
             f'<td class="bp-v">{e(value)}</td>')
    if exact is not None:
        cells += f'<td class="bp-v">{e(fmt(exact[q.key].value, digits))}</td>'
    shown = (f'<span class="bp-k">{e(q.key)}</span> = {formula}'
             + (f" = {e(sub)}" if sub else "") + f" = <b>{e(value)}</b>")
    return f"<tr{step_attrs(step, index)}>{cells}<template>{shown}</template></tr>"


def step_tables(tr: Trace, steps, digits: int, lang: str, exact: Trace | None = None,
                round_to: int | None = None, numbered: int = 0,
                summarised: set | frozenset = frozenset()) -> str:
    """Every section of the step as a table; rows carry their reveal step. ``summarised``:
    the (section, layer) runs shown as one row of ranges each (as the terminal does)."""
    w = words(lang)
    ranges = None
    if summarised:
        from bptrace.trace.views import stats
        ranges = stats(tr)
    by_key = {s.key: s for s in steps}
    order = {s.key: i for i, s in enumerate(s for s in steps if not s.given)}
    out = []
    for section in SECTIONS:
        rows = [b for b in tr.blocks if b.section == section]
        if not rows:
            continue
        head = w("value") if exact is None else w("by hand", n=round_to)
        extra = f"<th>{e(w('exact'))}</th>" if exact is not None else ""
        out.append(f"<h2>{e(w(section))}</h2><table><thead><tr><th>{e(w('quantity'))}</th>"
                   f"<th>{e(w('formula'))}</th><th>{e(head)}</th>{extra}</tr></thead><tbody>")
        done = set()
        for b in rows:
            where = (b.section, b.layer)
            if where in summarised:
                if where not in done:
                    done.add(where)
                    out.append(_summary_row(tr, ranges[where], b.layer, w, 2 + (exact is not None)))
                continue
            for q in tr.section_block(b):
                s = by_key.get(q.key)
                out.append(quantity_row(q, s, numbered + order.get(q.key, 0), digits, lang, exact))
        out.append("</tbody></table>")
    if summarised:
        out.append(f'<p class="bp-sub"><i>{e(w("page summarised"))}</i></p>')
    return "\n".join(out)


def _summary_row(tr: Trace, ranges: dict, layer: int, w, blanks: int) -> str:
    """One layer's part of a section as its ranges (the terminal's summary row)."""
    info = "; ".join(f"{n} × {k}: {fmt(lo, 4)} … {fmt(hi, 4)}" for k, (n, lo, hi) in ranges.items())
    name = w("input") if layer == 0 else layer_label(tr.layers[layer - 1].name, w)
    return f"<tr><td><i>{e(name)}</i></td><td><i>{e(info)}</i></td>" + "<td></td>" * (blanks - 1) + "</tr>"


def field(name: str, value: float, label: str | None = None) -> str:
    """A given as an editable field of the live page (its script reads data-given)."""
    return (f'<label class="bp-given-f">{e(label or name)} = <input data-given="{e(name)}" '
            f'value="{e(fmt(value, 17))}" inputmode="decimal" size="9" spellcheck="false"></label>')


def _listed(names, short: bool) -> str:
    """Names joined; ``short``: a long list as its first three, its last and its length."""
    names = list(names)
    if short and len(names) > 12:
        return f"{', '.join(names[:3])}, …, {names[-1]} ({len(names)})"
    return ", ".join(names)


def network_table(tr: Trace, digits: int, lang: str, live: bool = False,
                  counts: bool = False) -> str:
    """The network's layers with their parameters (``counts``: how many, not each)."""
    w = words(lang)
    if live:
        x = [tr[f"out.{i}"].value for i in tr.inputs]
        rows = [f"<tr><td>{e(w('input'))}</td><td>{e(', '.join(tr.inputs))}</td><td>—</td><td>"
                + "<br>".join(field(i, v) for i, v in zip(tr.inputs, x)) + "</td></tr>"]
    else:
        rows = [f"<tr><td>{e(w('input'))}</td><td>{e(_listed(tr.inputs, counts))}</td><td>—</td><td></td></tr>"]
    for l, layer in enumerate(tr.layers, start=1):
        params = e(f"{tr.param_count(l)} {w('parameters')}") if counts else "<br>".join(
            field(p.name, p.value) if live else e(f"{p.name} = {fmt(p.value, digits)}")
            for p in tr.params if p.layer == l)
        rows.append(f"<tr><td>{e(layer_label(layer.name, w))}</td><td>{e(_listed(layer.neurons, counts))}"
                    f"</td><td>{e(layer.activation)}</td><td>{params}</td></tr>")
    if live:
        rows.append(f"<tr><td>{e(w('target'))}</td><td>{e(', '.join(tr.target))}</td><td>—</td><td>"
                    + "<br>".join(field(o, v) for o, v in tr.target.items()) + "</td></tr>")
        if tr.learning_rate is not None:
            rows.append(f"<tr><td>{e(w('learning rate'))}</td><td>η</td><td>—</td><td>"
                        f"{field('lr', tr.learning_rate, 'η')}</td></tr>")
    return (f"<h2>{e(w('network'))}</h2><table><thead><tr><th>{e(w('layer'))}</th>"
            f"<th>{e(w('neurons'))}</th><th>{e(w('activation'))}</th><th>{e(w('parameters'))}</th>"
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def step_html(tr: Trace, pic, steps, *, lang: str = "en", digits: int = 9, reveal: bool = True,
              page: bool = True, exact: Trace | None = None, round_to: int | None = None,
              live: str = "", root_id: str = "",
              summarised: set | frozenset = frozenset()) -> str:
    """A step's page: picture and network on the left, the sections on the right; ``live``
    (the live page's data and scripts): the givens are fields; ``summarised``: the runs
    shown as their ranges (a step too big to show number by number)."""
    w = words(lang)
    left = f'<div class="bp-pic">{picture_svg(pic, lang)}</div>{now_box()}'
    right = network_table(tr, digits, lang, live=bool(live), counts=bool(summarised)) + \
        step_tables(tr, steps, digits, lang, exact, round_to, summarised=summarised)
    body = header(tr.title, headline(tr, digits, lang), lang) + columns(left, right)
    return frame(body, tr.title, lang, reveal=reveal or bool(live), page=page,
                 start=w("html start"), all_text=w("html all shown"), live=live,
                 root_id=root_id)


# --- What each quantity of a step is made of, and the order a classroom page reveals them in.
#
# A quantity's operands are the trace keys its formula names (``net.h1 = w1·i1 + w2·i2 + b1``
# uses w1, out.i1, w2, out.i2, b1), with their values. A page reveals the step one quantity at
# a time and marks, on the network picture, the quantity, its operands and the neurons and
# edges they sit on; for a gradient (and a neuron's err) the marks are its chain-rule paths
# (:mod:`bptrace.render.pictures.paths`), the products ``step --explain`` sums. Nothing here formats.

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


def _neuron(key: str) -> str | None:
    head, _, rest = key.partition(".")
    return rest.split(".")[0] if head in ("net", "out", "err", "dout", "delta", "loss") and rest else None


def reveal_steps(tr: Trace, paths: bool = True, skip: set | frozenset = frozenset()) -> list[Reveal]:
    """Every quantity of the step in order, with what a page marks when it is revealed
    (``paths``: a gradient's chain-rule paths too; off where the picture has no neurons;
    ``skip``: the (section, layer) runs a summarised page does not show)."""
    from bptrace.errors import BadInput
    from bptrace.render.pictures.paths import paths_to
    from bptrace.trace.views import weight_names
    weights = weight_names(tr)
    steps = []
    shown = (q for b in tr.blocks if (b.section, b.layer) not in skip
             for q in tr.section_block(b)) if skip else tr.quantities
    for q in shown:
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
