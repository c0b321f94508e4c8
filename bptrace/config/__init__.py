"""Loading and validation: a config (YAML, interface contract §2) → :class:`Config`, with the
network built, the sample, the data set and the ``train:`` section.

    load(source)            a path or a built-in example name (None: the default example)
    parse_config(text)      YAML text
    from_dict(data)         plain data made in code (no YAML text in between)
    train_settings(...)     the ``train:`` section and the train command's overrides

Every check raises :class:`~bptrace.errors.BadInput` naming the YAML path and line; the
file name is added by :func:`load`. Nothing here prints. numpy is imported only when a
network is built.

Here too: expected values (``expect:``) and a student's answer file (:func:`load_answers`).
The rooms: ``yamlsource`` (file lookup, YAML with lines), ``names``, ``layers`` (with
weights and biases) and ``edgenames`` (the network), ``guard`` (the memory guard), ``data`` and ``datafiles``
(samples and data sets), ``settings`` (training), ``examples`` (the built-in configs),
``dump`` (the YAML writer), ``records`` (Config, Sample, Expectation, Node).
"""

from __future__ import annotations

from typing import Any

from bptrace.config import names as hints
from bptrace.config.guard import check_size
from bptrace.config.records import Config, Expectation, Sample
from bptrace.config.yamlsource import Node, from_data, parse_yaml, read_source
from bptrace.errors import BadInput
from bptrace.words.messages import what

__all__ = ["Config", "Sample", "Expectation", "Settings", "MODES", "TOP_KEYS", "TRAIN_KEYS",
           "load", "load_config", "parse_config", "from_dict", "read_source", "dump_config",
           "parse_expect", "load_expect", "train_settings", "check_settings", "check_size",
           "parse_samples"]

TOP_KEYS = ("title", "description", "network", "loss", "learning_rate", "train_biases",
            "sample", "data", "test", "train", "expect", "seed", "conventions", "asked", "terms")


def load(source: str | None = None) -> Config:
    """The config in a file, or a built-in example by name (None: the default one). A small
    config that reads no other file is built once per process (by its file's name, size and
    time of change), each load a copy of it (its ``_origin``: the one built, never changed)."""
    stamp = _stamp(source)
    built = _BUILT.get(stamp) if stamp is not None else None
    if built is None:
        name, text = read_source(source)
        try:
            built = parse_config(text, name)
        except BadInput as exc:
            if exc.key not in ("yaml fullwidth", "yaml tab") and exc.also is None:
                exc.also = hints.on_line(text, exc.line)     # e.g. [i1， i2] read as one name
            raise exc.located(name) from None
        if stamp is None or len(text) > 1 << 16 or any(
                _from_file(built.root.get(k)) for k in ("data", "test")):
            return built
        if len(_BUILT) >= 32:
            del _BUILT[next(iter(_BUILT))]
        _BUILT[stamp] = built
    cfg = built.copy()
    cfg._origin = built
    return cfg


_BUILT: dict = {}


def _stamp(source) -> tuple | None:
    """The file a load of ``source`` reads, as (name, device, inode, size, time of change),
    where it is a regular file (a built-in example's own file), else None."""
    import os
    import stat

    from bptrace.config import examples
    from bptrace.config.yamlsource import _as_named
    source = examples.DEFAULT if source is None else source
    if not isinstance(source, str) or source == "-" or not source.strip():
        return None
    try:
        st = os.stat(_as_named(source))
    except (OSError, ValueError):
        if source not in examples.names():
            return None
        try:
            st = os.stat(examples.path(source))
        except OSError:
            return None
    return (source, st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns) \
        if stat.S_ISREG(st.st_mode) else None


def _from_file(node) -> bool:
    return node is not None and node.is_map and any(k in node for k in ("csv", "npz", "npy"))


load_config = load


def parse_config(text: str, file: str = "<config>") -> Config:
    """A config from its YAML text (``file`` names it in the config, not in errors)."""
    return _build(parse_yaml(text), file, text)


def from_dict(data: dict[str, Any], file: str = "<config>") -> Config:
    """A config from plain data (dicts, lists, numbers, text) in the config format, the same
    config that writing the data as YAML and parsing it would give, without the text.
    Errors name the path in the data (there are no lines); ``file`` as for parse_config."""
    return _build(from_data(data), file, None)


def _build(root: Node, file: str, text: str | None) -> Config:
    from bptrace.config.data import parse_data, parse_sample
    from bptrace.config.layers import parse_conventions, parse_loss, parse_network

    root.need_map(what("the config"))
    for key in root.keys():
        if key not in TOP_KEYS:
            raise hints.unknown_key("a config", key, TOP_KEYS, **hints.at(root.get(key)))
    net_node = root.require("network", what("the network"))
    seed = root.get("seed").integer("seed", 0) if "seed" in root else 0
    loss = parse_loss(root)
    train_biases = root.get("train_biases").boolean("train_biases") if "train_biases" in root else True
    conventions = parse_conventions(root)
    network = parse_network(net_node, loss, train_biases, seed, conventions["error_signal"],
                            conventions["update"])
    lr = None                   # optional (textbook notation): without it, no update is shown
    lr_node = root.get("learning_rate")
    if lr_node is not None and not lr_node.is_null:
        lr = lr_node.number("learning_rate")
        if lr <= 0:
            raise lr_node.bad("must be positive", what="learning_rate", value=lr_node.text)
    if lr is None and network.sequential:       # the weights "as already updated" need η
        raise root.get("conventions").get("update").bad("sequential needs lr")
    data = parse_data(root.get("data"), network, seed, file) if "data" in root else None
    if "sample" in root:
        sample = parse_sample(root.get("sample"), network)
    elif data is not None:
        sample = Sample(data[0][0].copy(), data[1][0].copy())
    else:
        raise root.bad("no sample")
    for where, targets in (("data", data[1] if data is not None else None),
                           ("sample", sample.t)):
        problem = None if targets is None else loss.targets_problem(targets)
        if problem is not None:
            raise (root.get(where) or root).bad("loss targets", **problem)
    expect = []
    if "expect" in root and not root.get("expect").is_null:
        expect = parse_expect(root.get("expect"))
        if lr is None:
            for e in expect:
                if e.key.startswith(("new.", "change.", "trained.")) or ".new." in e.key \
                        or ".change." in e.key:
                    raise e.node.bad("needs lr", key=e.key)
    title_node = root.get("title")
    title = title_node.text_value("title") if title_node is not None and not title_node.is_null else file
    train = root.get("train")
    if train is not None and not train.is_null:
        train.need_map("train")
    else:
        train = None
    cfg = Config(file, title, network, lr, sample, data, seed, train, expect, root, text)
    # a separate test set (beside data:, any of its forms): evaluated after training only
    cfg.test = parse_data(root.get("test"), network, seed, file) if "test" in root else None
    if cfg.test is not None:
        problem = loss.targets_problem(cfg.test[1])
        if problem is not None:
            raise root.get("test").bad("loss targets", **problem)
    cfg.asked = _asked(root.get("asked"))
    cfg.terms = _terms(root.get("terms"))
    return cfg


def _terms(node: Node | None) -> dict[str, str]:
    """A teacher's own terms, ``terms: {校对误差: 灵敏度}``: every word shown with the term
    shows the teacher's instead (the renderers apply them, bptrace.words.Lang)."""
    if node is None or node.is_null:
        return {}
    if not node.is_map:
        raise node.bad("terms form")
    return {key: node.get(key).text_value(what("settings of", name="terms")) for key in node.keys()}


def _asked(node: Node | None) -> list[str] | None:
    """An exercise sheet's ``asked:`` — the keys its blanks ask, in the sheet's order (what a
    student's answers are graded against: a key missing from them is unanswered)."""
    if node is None or node.is_null:
        return None
    node.need_seq("asked")
    keys: list[str] = []
    for item in node:
        key = item.string(item.path)
        if key in keys:
            raise item.bad("asked twice", key=key)
        keys.append(key)
    return keys


_LAZY = {"parse_samples": "data", "LAYER_KEYS": "layers", "INIT_KINDS": "layers",
         "dump_config": "dump",
         **dict.fromkeys(("MODES", "TRAIN_KEYS", "Settings", "check_settings", "train_settings"),
                         "settings")}


def __getattr__(name: str):
    """The names whose modules import numpy, the train settings and the YAML writer (which
    a step never asks for), imported when first asked for."""
    if name in _LAZY:
        import importlib
        return getattr(importlib.import_module(f"bptrace.config.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'bptrace.config' has no attribute '{name}'")


# --- Expected values: a config's ``expect:`` and a student's answer file (KEY: VALUE as
# printed, compared by ``check`` at the precision written).

def parse_expect(node: Node, prefix: str = "expect.", blanks: bool = False) -> list[Expectation]:
    """KEY: VALUE as printed (a config's expect:, or a student's answer file, where an empty
    answer is allowed and counts as wrong)."""
    node.need_map(what("expected values"))
    out = []
    for key, value in node.items():
        if blanks and value.is_null:
            out.append(Expectation(key, "", value.line, value))
            continue
        if blanks:                  # a student's answer: read where its meaning is clear
            written = value.text if value.is_scalar else _shown(value)
            read = read_answer(written) if value.is_scalar else None
            out.append(Expectation(key, read if read is not None else written, value.line, value,
                                   written=written, readable=read is not None))
            continue
        if not value.is_scalar or value.is_null:
            raise value.bad("expect as written", key=f"{prefix}{key}", found=value.describe())
        value.number(f"{prefix}{key}")
        if not _decimal(value.text):
            raise value.bad("expect decimal", key=f"{prefix}{key}", t=value.text[:40])
        out.append(Expectation(key, value.text, value.line, value))
    return out


_PLAIN = None
_APPROX = ("≈", "~", "∼", "≃", "≅", "约", "約")
_FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}      # ！ … ～ → ! … ~
_FULL_WIDTH.update({0x3000: 0x20, 0x2212: 0x2D, 0x2013: 0x2D})   # 　 − –
# the keys of an answer file that say who the student is: not answers, never graded
IDENTITY = ("name", "student", "student_id", "姓名", "学号", "学生", "名字")


def _shown(value: Node) -> str:
    """A list or mapping given as an answer, shortened, for the student to recognise."""
    import json
    text = json.dumps(value.value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:39] + "…"


def read_answer(text: str) -> str | None:
    """The number a student wrote, as plain decimal text, where its meaning is clear: full-width
    digits and signs, a leading ≈ or ~, a decimal comma (0,1183 — not 1,183, which may be a
    thousands separator), a trailing unit (0.75 V); None where no number can be read."""
    if _decimal(text) and text.isascii():       # plain ASCII decimal text: as it is
        return text.strip()
    import re
    t = text.translate(_FULL_WIDTH).strip()
    # the ideographic full stop: a decimal point between digits (0。5770), else the end of
    # a sentence (0.5770。)
    t = re.sub(r"(?<=[0-9])。(?=[0-9])", ".", t).rstrip("。").strip()
    for sign in _APPROX:
        if t.startswith(sign):
            t = t[len(sign):].strip()
            break
    t = re.sub(r"(?<=[0-9.])\s*[A-Za-zΩ°µ]+\.?$", "", t) if not re.fullmatch(
        r"[-+]?[0-9.]+[eE][-+]?[0-9]+", t) else t
    t = t.replace(" ", "")
    if "," in t and "." not in t and t.count(",") == 1:
        whole, frac = t.split(",")
        if whole.lstrip("+-") in ("0", "") or len(frac) != 3:
            t = f"{whole}.{frac}"
    if not t or not _decimal(t):
        return None
    return t


def answer_text(text: str) -> str:
    """An answer file's text as YAML reads it: full-width colons and spaces (a Chinese input
    method's) as ASCII (the answers keep their own full-width digits: read one by one), and ``key:value`` with the space YAML needs after the colon."""
    import re
    text = text.translate({0xFF1A: 0x3A, 0x3000: 0x20})
    return re.sub(r"(?m)^(\s*[A-Za-z_][A-Za-z0-9_.]*):(?=[^\s])", r"\1: ", text)


def _decimal(text: str) -> bool:
    """Whether ``check`` can compare this text at its printed precision (0x1F cannot). A plain
    ASCII decimal ("0.2984", "-1e-3") is one without asking the decimal module."""
    global _PLAIN
    if _PLAIN is None:
        import re
        _PLAIN = re.compile(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d{1,9})?\s*", re.ASCII)
    if _PLAIN.fullmatch(text):
        return True
    from decimal import Decimal, InvalidOperation
    try:
        return Decimal(text.strip().replace("_", "")).is_finite()
    except InvalidOperation:
        return False


def load_expect(path: str) -> tuple[list[Expectation], str | None]:
    """A separate file of expected values (a student's answers): KEY: VALUE lines, and the
    sheet they answer where the file names it (`sheet: exercise-B.yaml`)."""
    expect, sheet, _ = load_answers(path)
    return expect, sheet


def load_answers(path: str) -> tuple[list[Expectation], str | None, str]:
    """:func:`load_expect`, and who the student is where the file says so (``name: 张三``,
    ``学号: 2024001``: keys of :data:`IDENTITY`, not graded), else ''."""
    name, text = read_source(path)
    if not text.strip():
        raise BadInput(key="answers empty", file=name)
    try:
        root = parse_yaml(answer_text(text))
        if root.is_map and "expect" in root and len(root) == 1:
            root = root.get("expect")
        sheet = None
        if root.is_map and "sheet" in root:
            sheet = root.get("sheet").string("sheet")
        who = []
        if root.is_map:
            for k, c in root.items():
                if str(k).strip().lower() in IDENTITY and c.is_scalar and not c.is_null:
                    who.append(str(c.value).strip()[:40])
            drop = {k for k in root.value if k == "sheet" or str(k).strip().lower() in IDENTITY}
            if drop:
                root = Node({k: v for k, v in root.value.items() if k not in drop}, root.path,
                            root.line, None, "map", {k: c for k, c in root.items() if k not in drop})
        return parse_expect(root, prefix="", blanks=True), sheet, " ".join(w for w in who if w)
    except BadInput as exc:
        raise exc.located(name) from None
