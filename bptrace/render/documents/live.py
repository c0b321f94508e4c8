"""The live classroom page (interface contract §7): the static page of :mod:`bptrace.render.documents.html`
with, inlined, the config's model (:mod:`.model`), the recipe of every substituted formula
(which given or computed value goes into which place), the words the page's script shows
(from the word tables, in the page's language) and the two scripts — the engine
(``page/engine.js``, the maths) and the page (``page/page.js``: fields, undo, the fragment,
practice, training). Nothing here computes a number: the values are the trace's and the
config's; the page recomputes them in the reader's browser."""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from bptrace.checking.variants import ROUNDINGS, Mistake
from bptrace.config.edgenames import Wiring
from bptrace.words import words

PAGE = Path(__file__).parent / "page"

# the words the page's script shows, looked up in the word tables at render time
PAGE_WORDS = ("live edit", "live undo", "live reset", "live changed", "live practice",
              "live review", "live right", "live wrong", "live carried", "live hint",
              "live hint formula", "live hint numbers", "live export", "live train",
              "live pause", "live epochs", "live loss after", "live data order",
              "live dropout", "live unknown", "live not number", "live regions",
              "live your answer", "live no mistake", "live diverged", "live answer for",
              "live current step", "live stopped early",
              "live loss desc", "live regions desc", "live fit", "live zoom")


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


def page_data(cfg, tr, lang: str, digits: int, mode: str = "step",
              embedded: bool = False) -> dict | None:
    """Everything the page's script needs, or None where the page cannot be live (a value
    that is not finite, a hand-rounded trace). ``mode``: step, check, key (review) or sheet
    (practice from the start); ``embedded``: a fragment in a notebook (its state not in the
    address)."""
    model = config_model(cfg)
    if not finite(model):
        return None
    w = words(lang, student=True)
    return {"model": model, "recipes": recipes(tr), "digits": digits, "mode": mode,
            "words": {k[5:]: w(k) for k in PAGE_WORDS}, "mistakes": mistake_words(lang),
            "lang": lang, **({"embedded": True} if embedded else {})}


def root_name() -> str:
    """A new id for a live fragment's root element (unique within a notebook)."""
    import uuid
    return "bp-" + uuid.uuid4().hex[:12]


def live_data(cfg, tr, lang: str, digits: int, mode: str, page: bool) -> tuple[str, str]:
    """The live parts of a page (``page``) or of a notebook's fragment, and the fragment's
    root id ("" for a page)."""
    root_id = "" if page else root_name()
    live = live_parts(page_data(cfg, tr, lang, digits, mode, embedded=not page), root_id)
    return live, (root_id if live else "")


SCRIPTS = ("engine.js", "page.js", "practice.js", "train.js")


def live_parts(data: dict | None, root_id: str | None = None) -> str:
    """The data and the script, to put at the end of the page's root element: the scripts
    inside one function of the root (``root_id``: the element's id, for a fragment in a
    notebook, where a script may run away from its place; else the script's own parent), so
    two pages in one document share no name."""
    if data is None:
        return ""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False).replace("</", "<\\/")
    root = (f"document.getElementById({json.dumps(root_id)})" if root_id
            else "document.currentScript.parentNode")
    body = "\n".join(script(n) for n in SCRIPTS)
    return (f'<script type="application/json" class="bp-data">{text}</script>'
            f'<script>(function (root) {{\n"use strict";\n{body}\nstart();\n}})({root});</script>')


# --- The student's mistakes the live page tries on a wrong answer, each named with the words
# ``check --expect --diagnose`` gives a student (bptrace.words), and how the page's
# engine makes it (a change of the model, or an option of the engine's pass).

# variant name → what the engine (page/engine.js) does for it: {"v": pass options} and/or
# {"m": a change of the model the page applies}; the names are the diagnosis catalogue's
PAGE_MISTAKES: dict[str, dict] = {
    "sign of t − y": {"v": {"signFlip": True}},
    "missing σ′ at the output": {"v": {"noDout": "out"}},
    "missing σ′ in the hidden layers": {"v": {"noDout": "hidden"}},
    "missing activation derivative": {"v": {"noDout": "all"}},
    "a path missing in a hidden error": {"v": {"firstPath": True}},
    "hidden error from ∂E/∂w": {"v": {"bp2Grad": True}},
    "net used for out": {"v": {"netForOut": True}},
    "σ′ = net·(1−net)": {"v": {"doutFromNet": True}},
    "net passed on as out": {"v": {"netPassedOn": True}},
    "hidden weights transposed": {"m": "transposeHidden"},
    "output weights transposed": {"m": "transposeOutput"},
    "loss without ½": {"m": "loss:sse:half_sse"},
    "loss with ½": {"m": "loss:half_sse:sse,mse"},
    "mean instead of sum": {"m": "loss:mse:half_sse,sse"},
    "biases trained": {"m": "biasesTrained"},
    "biases frozen": {"m": "biasesFrozen"},
    "sequential update": {"m": "sequential"},
    "inputs swapped": {"m": "swapInputs"},
    "targets swapped": {"m": "swapTargets"},
    **{f"rounded to {n} decimals": {"v": {"round": n}} for n in ROUNDINGS},
}


def mistake_words(lang: str) -> list[dict]:
    """Each mistake the page tries, in the catalogue's order, with its name and meaning."""
    from bptrace.words import mistake_name, mistake_why

    out = []
    for name, how in PAGE_MISTAKES.items():
        m = Mistake("rounded", (int(name.split()[2]),)) if name.startswith("rounded to") \
            else Mistake(name)
        out.append({"id": name, "name": mistake_name(m, lang),
                    "why": mistake_why(m, lang, student=True), **how})
    return out


# --- The live page's model of a config: the network (names, weights, biases, edges in the
# config's order), the sample, η, the data set and the training settings, as plain data for
# JSON. The page's engine (``page/engine.js``) computes on it; nothing here computes or
# formats a number — the values are the config's own.

def _floats(a) -> list:
    return [float(v) for v in a]


def network_model(net, x, t, lr) -> dict:
    """The network as the page's engine reads it."""
    layers = []
    for layer in net.layers:
        wr = Wiring(layer)
        act = layer.activation
        layers.append({
            "neurons": list(layer.neurons),
            "act": act.name.split("(")[0],
            "slope": act.param if act.param is not None else 0.01,
            "W": [_floats(r) for r in layer.W],
            "edges": [[int(j), int(k), n] for j, k, n in zip(wr.J.tolist(), wr.K.tolist(), wr.names)],
            "biases": list(layer.bias_names),
            "b": _floats(layer.b),
            "of": [int(i) for i in layer.bias_of],
            "threshold": bool(layer.threshold),
        })
    return {"inputs": list(net.inputs), "layers": layers, "loss": net.loss.name,
            "lr": None if lr is None else float(lr), "train_biases": bool(net.train_biases),
            "signal": net.error_signal, "update": net.update,
            "x": _floats(x), "t": _floats(t)}


def config_model(cfg) -> dict:
    """The whole config: the network and its sample, and, where it has ``data:``, the data
    set and the training settings (``train:``)."""
    m = network_model(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate)
    m["data"] = None
    m["train"] = None
    if cfg.data is not None and cfg.learning_rate is not None:
        from bptrace.config import train_settings
        from bptrace.maths.optimizers import OPTIMIZERS
        from bptrace.training.loop import split

        s = train_settings(cfg.train, cfg.network, cfg.seed)
        (X, T), val = split(*cfg.data, s)         # the validation part as training draws it
        m["data"] = {"X": [_floats(r) for r in X], "T": [_floats(r) for r in T]}
        tr = {"epochs": s.epochs, "mode": s.mode, "batch_size": s.batch_size,
              "shuffle": bool(s.shuffle), "optimizer": s.optimizer,
              "opt": {**OPTIMIZERS[s.optimizer].settings, **s.optimizer_settings},
              "decay": list(s.decay) if s.decay else None,
              "step_decay": list(s.step_decay) if s.step_decay else None,
              "l2": [float(s.l2.get(l, 0.0)) for l in range(len(cfg.network.layers))],
              "dropout": any(v > 0 for v in s.dropout.values()),
              "patience": s.patience, "min_delta": float(s.min_delta)}
        if val is not None:
            tr["val_X"] = [_floats(r) for r in val[0]]
            tr["val_T"] = [_floats(r) for r in val[1]]
        m["train"] = tr
    return m


def finite(m) -> bool:
    """Whether every number of the model is finite (JSON has no NaN)."""
    if isinstance(m, float):
        return math.isfinite(m)
    if isinstance(m, dict):
        return all(finite(v) for v in m.values())
    if isinstance(m, list):
        return all(finite(v) for v in m)
    return True
