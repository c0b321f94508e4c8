"""The live classroom page (interface contract §7): the static page of :mod:`bptrace.render.documents.html`
with, inlined, the config's model (:mod:`.model`), the recipe of every substituted formula
(which given or computed value goes into which place), the words the page's script shows
(from the word tables, in the page's language) and the two scripts — the engine
(``page/engine.js``, the maths) and the page (``page/page.js``: fields, undo, the fragment,
practice, training). Nothing here computes a number: the values are the trace's and the
config's; the page recomputes them in the reader's browser."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from bptrace.words import words
from bptrace.render.documents.model import config_model, finite

PAGE = Path(__file__).parent / "page"

# the words the page's script shows, looked up in the word tables at render time
PAGE_WORDS = ("live edit", "live undo", "live reset", "live changed", "live practice",
              "live review", "live right", "live wrong", "live carried", "live hint",
              "live hint formula", "live hint numbers", "live export", "live train",
              "live pause", "live epochs", "live loss after", "live data order",
              "live dropout", "live unknown", "live not number", "live regions",
              "live your answer", "live no mistake", "live diverged", "live answer for",
              "live current step", "live stopped early")


@lru_cache(maxsize=None)
def script(name: str) -> str:
    """A script of the page, as the package ships it (``</`` cannot close the element)."""
    return (PAGE / name).read_text(encoding="utf-8").replace("</", "<\\/")


def _ref(label: str, tr, params: set, nodes: set):
    """What a term's label stands for: a trace key, a given (``p:NAME``), a constant."""
    if label in ("−1", "1"):
        return -1.0 if label == "−1" else 1.0
    if label in tr:
        return label
    if label in params:
        return "p:" + label
    if label in nodes:
        return "out." + label
    return None


def _template_refs(q, tr) -> list | None:
    """The keys a template quantity's arguments are, by the quantity's kind (trace/build.py,
    backward.py, update.py make them in these orders)."""
    head, _, name = q.key.partition(".")
    if head == "out":
        return ["net." + name]
    if head in ("e", "loss"):
        return ["t:" + name, "out." + name]
    if head == "err":
        return ["out." + name, "t:" + name]
    if head == "dout":
        return ["out." + name, "net." + name]
    if head == "delta" and "Σt" in q.formula or "·Σt" in q.formula:
        return (["out." + name, "sumt", "t:" + name])
    if head == "delta":
        return ["out." + name, "err." + name, "sjac"]
    if head == "change":
        return ["new." + name, "p:" + name]
    if head == "new" and name.startswith("loss."):
        o = name[5:]
        return ["t:" + o, "new.out." + o]
    if head == "new":
        if len(q.args) == 1:
            return ["p:" + name]
        if len(q.args) == 3 and "η·grad" in q.formula:
            return ["p:" + name, "lr", "grad." + name]
        toks = q.formula.replace("·", " ").split()
        refs = ["p:" + name, "lr", next(t for t in toks if t.startswith("delta."))]
        if len(q.args) == 4:
            refs.append(next(t for t in toks if t.startswith("out.")))
        return refs
    return None


def recipes(tr) -> dict:
    """Per key: {"t": template, "a": [refs]} or {"s": [[refs of a product], …]}."""
    params = {p.name for p in tr.params}
    nodes = set(tr.inputs) | {n for layer in tr.layers for n in layer.neurons}
    out = {}
    for q in tr.quantities:
        if q.terms is not None:
            refs = [[_ref(label, tr, params, nodes) for label, _ in term] for term in q.terms]
            if all(r is not None for term in refs for r in term):
                out[q.key] = {"s": refs}
        elif q.template is not None:
            refs = _template_refs(q, tr)
            if refs is not None and len(refs) == len(q.args):
                out[q.key] = {"t": q.template, "a": refs}
    return out


def page_data(cfg, tr, lang: str, digits: int, mode: str = "step") -> dict | None:
    """Everything the page's script needs, or None where the page cannot be live (a value
    that is not finite, a hand-rounded trace)."""
    model = config_model(cfg)
    if not finite(model):
        return None
    w = words(lang, student=True)
    from bptrace.render.documents.mistakes import mistake_words
    return {"model": model, "recipes": recipes(tr), "digits": digits, "mode": mode,
            "words": {k[5:]: w(k) for k in PAGE_WORDS}, "mistakes": mistake_words(lang),
            "lang": lang}


def live_parts(data: dict | None) -> str:
    """The data and the scripts, to put at the end of the page's root element."""
    if data is None:
        return ""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False).replace("</", "<\\/")
    return (f'<script type="application/json" class="bp-data">{text}</script>'
            f"<script>{script('engine.js')}</script><script>{script('page.js')}</script>")
