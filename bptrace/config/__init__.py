"""Loading and validation: a config (YAML, interface contract §2) → :class:`Config`, with the
network built, the sample, the data set and the ``train:`` section.

    load(source)            a path or a built-in example name (None: the default example)
    parse_config(text)      YAML text
    from_dict(data)         plain data made in code (no YAML text in between)
    train_settings(...)     the ``train:`` section and the train command's overrides

Every check raises :class:`~bptrace.errors.BadInput` naming the YAML path and line; the
file name is added by :func:`load`. Nothing here prints. numpy is imported only when a
network is built.

The rooms: ``source`` (file lookup), ``yamlsource`` (YAML with lines), ``names``,
``layers`` and ``weights`` (the network), ``guard`` (the memory guard), ``data`` (samples
and data sets), ``settings`` (training), ``expect`` (expected values, answer files),
``dump`` (the YAML writer), ``records`` (Config, Sample, Expectation).
"""

from __future__ import annotations

from typing import Any

from bptrace.config import names as hints
from bptrace.config.expect import load_expect, parse_expect
from bptrace.config.guard import check_size
from bptrace.config.records import Config, Expectation, Sample
from bptrace.config.yamlsource import read_source
from bptrace.config.yamlsource import Node, from_data, parse_yaml
from bptrace.words.messages import what
from bptrace.errors import BadInput

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


_LAZY = {"parse_samples": "data", "LAYER_KEYS": "layers", "INIT_KINDS": "weights",
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
