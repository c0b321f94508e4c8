"""Exercise sheets: a small network and sample with "nice" numbers (two decimals, no
saturated sigmoid, no relu at its kink), numbered blanks for chosen keys, and the answer
key — all from the same engine as `step`, and the folder they are written to, where a
class's answer files join them. The same seed gives the same sheets. Nothing here
prints."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from math import isfinite
from pathlib import Path

import numpy as np

from bptrace.maths.activations import ACTIVATIONS
from bptrace.errors import BadInput
from bptrace.maths.losses import LOSSES

GROUPS = {
    "forward": ("net.", "out."),
    "loss": ("loss",),
    "backward": ("err.", "dout.", "delta.", "grad."),
    "update": ("new.",),
}
LEARNING_RATES = (0.1, 0.25, 0.5, 1.0)
SATURATION = {"sigmoid": 2.5, "tanh": 1.5, "softsign": 3.0, "softplus": 3.0}


def variant_name(k: int) -> str:
    """A, B, …, Z, AA, AB, … (one per student)."""
    name = ""
    k += 1
    while k:
        k, r = divmod(k - 1, 26)
        name = chr(65 + r) + name
    return name


def parse_shape(shape: str) -> list[int]:
    try:
        sizes = [int(s) for s in shape.split("-")]
    except ValueError:
        raise BadInput(key="shape form", args={"value": shape}) from None
    if len(sizes) < 2 or any(s < 1 for s in sizes) or any(s > 6 for s in sizes):
        raise BadInput(key="shape range", args={"value": shape})
    return sizes


def _two(rng, lo, hi, nonzero=True) -> float:
    while True:
        v = round(float(rng.uniform(lo, hi)), 2)
        if not nonzero or v != 0:
            return v


def draw(seed: int, variant: int, sizes: list[int], activation: str, loss: str,
         title: str | None = None) -> dict:
    """A config (plain data in the config format) with hand-computable numbers."""
    return draw_traced(seed, variant, sizes, activation, loss, title)[0]


def draw_traced(seed: int, variant: int, sizes: list[int], activation: str, loss: str,
                title: str | None = None):
    """:func:`draw`'s config and its step's trace (titled: what :func:`sheet` traces)."""
    from bptrace.config import from_dict
    from bptrace.trace import build_trace

    if activation not in ACTIVATIONS or activation == "softmax":
        raise BadInput(key="use one of", args={"option": "--activation", "value": activation,
                                              "known": [a for a in ACTIVATIONS if a != 'softmax']})
    if loss not in LOSSES:
        raise BadInput(key="use one of", args={"option": "--loss", "value": loss, "known": list(LOSSES)})
    out_act = "softmax" if LOSSES[loss].needs_softmax else (
        "sigmoid" if loss == "binary_cross_entropy" else activation)
    rng = np.random.Generator(np.random.PCG64([seed, variant]))
    inputs = [f"i{j}" for j in range(1, sizes[0] + 1)] if sizes[0] > 1 else ["x"]
    for _attempt in range(1000):
        layers, prev, w = [], inputs, 1
        for L, n in enumerate(sizes[1:], start=1):
            last = L == len(sizes) - 1
            neurons = ([f"o{j}" for j in range(1, n + 1)] if last else
                       [f"h{j}" if len(sizes) == 3 else f"h{L}{j}" for j in range(1, n + 1)])
            weights = {}
            for to in neurons:
                for frm in prev:
                    weights[f"w{w}"] = [frm, to, _two(rng, -0.9, 0.9)]
                    w += 1
            layers.append({"neurons": neurons, "activation": out_act if last else activation,
                           "weights": weights, "bias": {f"b{L}": _two(rng, -0.5, 0.6)}})
            prev = neurons
        x = [_two(rng, 0.05, 1.0) for _ in inputs]
        if loss in ("cross_entropy", "kl_divergence"):
            hot = int(rng.integers(0, sizes[-1]))
            t = [1.0 if j == hot else 0.0 for j in range(sizes[-1])]
        elif out_act in ("sigmoid",):
            t = [_two(rng, 0.01, 0.99) for _ in range(sizes[-1])]
        else:
            t = [_two(rng, -0.9, 0.9) for _ in range(sizes[-1])]
        cfg = {"title": title or f"Exercise {variant_name(variant)} (seed {seed})",
               "network": {"inputs": inputs, "layers": layers}, "loss": loss,
               "learning_rate": float(LEARNING_RATES[int(rng.integers(0, len(LEARNING_RATES)))]),
               "sample": {"input": dict(zip(inputs, x)), "target": dict(zip(prev, t))}}
        c = from_dict(cfg)
        tr = build_trace(c.network, c.sample.x, c.sample.t, c.learning_rate, title=cfg["title"])
        if _nice(cfg, tr.values()):
            return cfg, tr
    raise BadInput(key="no hand network")


def _nice(cfg: dict, values: dict[str, float]) -> bool:
    """No saturated activation, no net input at (or within 0.05 of) a relu kink."""
    for layer in cfg["network"]["layers"]:
        act = layer["activation"]
        for n in layer["neurons"]:
            z = values[f"net.{n}"]
            if act in SATURATION and abs(z) > SATURATION[act]:
                return False
            if act in ("relu", "leaky_relu") and abs(z) < 0.05:
                return False
    return all(map(isfinite, values.values()))


def blanks(keys: list[str], spec: tuple[str, ...], inputs: list[str],
           unknown: str = "blanks key") -> list[str]:
    """The keys asked, in trace order: groups (forward, backward, update, all) or patterns."""
    wanted: list[str] = []
    skip = {f"out.{i}" for i in inputs}
    # the update group asks the outputs and the loss after it, not every neuron's pass again
    # nor each output's share of that loss (new.loss.O: asked by name where wanted)
    skip |= {k for k in keys if k.startswith(("new.net.", "new.loss.")) or
             (k.startswith("new.out.") and f"e.{k[len('new.out.'):]}" not in keys)}
    for item in spec:
        if item == "all":
            prefixes = sum(GROUPS.values(), ())
            chosen = [k for k in keys if k.startswith(prefixes) and k not in skip]
        elif item in GROUPS:
            chosen = [k for k in keys if k.startswith(GROUPS[item]) and k not in skip]
        else:
            chosen = [k for k in keys if fnmatch.fnmatchcase(k, item)]
            if not chosen:
                raise BadInput(key=unknown, args={"item": item})
        wanted += [k for k in chosen if k not in wanted]
    order = {k: i for i, k in enumerate(keys)}
    return sorted(wanted, key=order.__getitem__)


def computed_from(tr, keys) -> dict[str, str]:
    """Every quantity computed (directly or not) from one of ``keys``, with the key it comes
    from: what a sheet with these blanks must not show."""
    from bptrace.trace.views import operands

    source = {k: k for k in keys}
    quantities = list(tr.quantities)
    changed = True
    while changed:                      # change.P names new.P, which comes after it
        changed = False
        for q in quantities:
            if q.key in source:
                continue
            if q.section == "after" and keys:   # recomputed with every new parameter
                source[q.key] = next(iter(keys))
                changed = True
                continue
            for op in operands(tr, q):
                if op in source:
                    source[q.key] = source[op]
                    changed = True
                    break
    return source


def shown(tr, asked: list[str], spec: tuple[str, ...]) -> list[str]:
    """The computed keys a teacher shows on a sheet (``--show``: groups, keys, patterns),
    none of them computed from a blank (a key named alone that is: bad input; a group or a
    pattern: what it holds that is not)."""
    if not spec:
        return []
    tainted = computed_from(tr, asked)
    keys: list[str] = []
    for item in spec:
        if item in tainted:             # a key named on its own: the teacher is told
            raise BadInput(key="show from blank", args={"key": item, "blank": tainted[item]})
        # a group or a pattern: what it holds before the blanks
        keys += [k for k in blanks(_keys(tr), (item,), list(tr.inputs), unknown="show key")
                 if k not in tainted and k not in keys]
    order = {k: i for i, k in enumerate(_keys(tr))}
    return sorted(keys, key=order.__getitem__)


def _keys(tr) -> list[str]:
    """The trace's keys in order, without making every quantity (a trace too big for that
    makes them: its memory is checked there)."""
    from bptrace.trace.quantity import MANY
    return tr.keys() if len(tr) <= MANY else list(tr.index)


@dataclass
class Sheet:
    """One exercise sheet: its variant name (A, B, …), the config as a dict and as YAML
    text, its trace, the keys asked for and the computed keys shown (``--show``)."""
    name: str
    raw: dict
    text: str
    trace: object
    asked: list[str]
    shown: list[str] = field(default_factory=list)


def sheet(raw: dict, name: str, blank_spec: tuple[str, ...], source: str | None,
          show_spec: tuple[str, ...] = (), traced=None) -> Sheet:
    """A sheet from a config dict: the network built, traced, its blanks chosen and what it
    shows besides the givens (``show_spec``, never computed from a blank). ``traced``: the
    config's trace where :func:`draw_traced` made it."""
    from bptrace.config import from_dict
    from bptrace.config.dump import yaml_text
    from bptrace.trace import build_trace

    tr = traced
    if tr is None:
        try:
            cfg = from_dict(raw, source or "exercise")
        except BadInput as exc:
            raise exc.located(source or "exercise") from None
        tr = build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate,
                         title=raw["title"])
    asked = blanks(_keys(tr), blank_spec or ("all",), list(tr.inputs))
    given = shown(tr, asked, show_spec)
    raw = {**raw, "asked": asked}       # what grading counts: a key missing from answers is unanswered
    text = yaml_text(raw)                                           # the sheet's config file
    return Sheet(name, raw, text, tr, asked, given)


def from_config(base, title: str) -> dict:
    """A sheet's config dict from a loaded config: its network and sample, no training,
    data or expected values."""
    raw = {k: v for k, v in base.root.value.items()
           if k not in ("expect", "train", "data", "asked")}
    raw["sample"] = {"input": base.sample.x.tolist(), "target": base.sample.t.tolist()}
    raw["title"] = title
    return raw


def blank_answers(path, template: str) -> bool:
    """Whether the answer file at ``path`` is still blank — the template as written, or
    every answer left empty — so that writing the sheets again may replace it. A file that
    cannot be read as such a template counts as filled in (and is kept)."""
    import yaml
    try:
        with open(path, "rb") as fh:
            raw = fh.read(2**20 + 1)
    except OSError:
        return False
    if raw == template.encode("utf-8"):
        return True
    if len(raw) > 2**20:
        return False
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError, RecursionError, ValueError):
        return False
    return isinstance(data, dict) and all(v is None or v == "" for k, v in data.items()
                                          if k != "sheet")


# --- The folder exercise --out writes and a class fills in: the sheets beside the students'
# answer files (check --expect FOLDER grades them)

def is_sheet(path: Path) -> bool:
    """Whether a YAML file is a sheet (a config: it has a top-level `network:`), not a
    student's answers — `bptrace exercise --out DIR` writes both into one folder."""
    from bptrace.config.yamlsource import MAX_SOURCE
    try:
        if path.stat().st_size > MAX_SOURCE:     # graded as answers: refused there, by its size
            return False
        with open(path, encoding="utf-8", errors="replace") as f:
            return any(line.startswith("network:") for line in f)
    except OSError:
        return False


def _yaml(p: Path) -> bool:
    return p.suffix.lower() in (".yaml", ".yml") and p.is_file()


def answer_files(folder: Path) -> list[Path]:
    """The students' answer files of a folder: .yaml and .yml in any case (the sheets written
    next to them, and hidden files, are skipped)."""
    files = sorted(p for p in folder.iterdir()
                   if _yaml(p) and not p.name.startswith(".") and not is_sheet(p))
    if not files:
        raise BadInput(key="no answers", file=str(folder))
    return files


def hidden_answer_files(folder: Path) -> list[Path]:
    """The hidden YAML files of a folder that are not sheets: skipped, and said so."""
    return sorted(p for p in folder.iterdir()
                  if p.name.startswith(".") and _yaml(p) and not is_sheet(p))


def other_sheet(answers: Path, named: str | None) -> tuple | None:
    """The note for ``answers-X.yaml`` that names another sheet than the ``exercise-X.yaml``
    beside it (answers copied from a classmate), else None."""
    stem = answers.stem
    if not named or not stem.lower().startswith("answers-"):
        return None
    own = "exercise-" + stem[len("answers-"):]
    for ext in (".yaml", ".yml"):
        if (answers.parent / (own + ext)).is_file():
            if named not in (own + ext,):
                return ("other sheet", {"named": named, "own": own + ext})
            return None
    return None
