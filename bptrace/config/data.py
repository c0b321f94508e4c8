"""Samples and data sets: ``sample:``, ``data:`` (a list of samples, a built-in set or a CSV
file) and a list of samples anywhere (``train.validation``) → arrays."""

from __future__ import annotations


import numpy as np

from typing import TYPE_CHECKING

from bptrace.config import names as hints
from bptrace.config.records import Sample
from bptrace.config.yamlsource import Node
from bptrace.words.messages import what
from bptrace.errors import BadInput
from bptrace.config.names import listing

if TYPE_CHECKING:
    from bptrace.maths.network import Network


def parse_sample(node: Node, network: Network) -> Sample:
    """``{input: ..., target: ...}``, each a list in order or a mapping by name."""
    node.need_map(what("a sample form"))
    for key in node.keys():
        if key not in ("input", "target"):
            raise hints.unknown_key("a sample", key, ("input", "target"), **hints.at(node.get(key)))
    x = _vector(node.require("input", what("input values")), network.inputs, "input")
    t = _vector(node.require("target", what("target values")), network.outputs, "target")
    return Sample(x, t)


def _vector(node: Node, names: list[str], part: str) -> np.ndarray:
    part_ = what(part)                                  # "input" or "target"
    if node.is_seq:
        if len(node) != len(names):
            raise node.bad("sample length", what=part_, n=len(node), need=len(names),
                           known=listing(names))
        return np.array([v.number(what(f"an {part} value")) for v in node])
    if node.is_map:
        out = np.empty(len(names))
        for key in node.keys():
            if key not in names:
                raise node.get(key).bad("sample extra", what=part_, key=key, known=listing(names))
        for j, nm in enumerate(names):
            if nm not in node:
                raise node.bad("sample missing", what=part_, name=nm, known=listing(names))
            out[j] = node.get(nm).number(what("named part", what=part_, name=nm))
        return out
    if len(names) == 1 and node.is_scalar:
        return np.array([node.number(what("the part", what=part_))])
    raise node.bad("sample form", what=part_, known=listing(names), found=node.describe())


def parse_data(node: Node, network: Network, seed: int, file: str) -> tuple[np.ndarray, np.ndarray]:
    """data: a list of samples, {builtin: NAME, n: N} or {csv: FILE, input: [..], target: [..]}."""
    from bptrace.config import datasets
    from bptrace.config import datafiles        # (not before a config has data:)

    if node.is_seq:
        if len(node) == 0:
            raise node.bad("data empty")
        return parse_samples(node, network)
    if not node.is_map:
        raise node.bad("data form", found=node.describe())
    if "builtin" in node:
        for key in node.keys():
            if key not in ("builtin", "n"):
                raise hints.unknown_key("data", key, ("builtin", "n"), **hints.at(node.get(key)))
        name = node.get("builtin").string("builtin")
        if name not in datasets.BUILTIN:
            raise hints.unknown("data set", name, datasets.BUILTIN, **hints.at(node.get("builtin")))
        n = node.get("n").integer("n", 1) if "n" in node else None
        if n is not None:
            from bptrace.config.guard import check_rows
            check_rows(n, len(network.inputs) + len(network.outputs), node.get("n"))
        X, T = datasets.builtin(name, n, seed)
    elif "csv" in node:
        for key in node.keys():
            if key not in ("csv", "input", "target", "scale"):
                raise hints.unknown_key("data", key, ("csv", "input", "target", "scale"),
                                        **hints.at(node.get(key)))
        path = _data_path(node.get("csv").string("csv"), file)
        cols = {key: _selection(node.require(key, what("csv columns", key=key)))
                for key in ("input", "target")}
        from bptrace.config.guard import check_data_file
        check_data_file(path, node.get("csv"))
        scale = _scale(node) if "scale" in node else None
        try:
            X, T = datafiles.read_csv(path, cols["input"], cols["target"], scale)
        except BadInput as exc:
            raise exc.at(node.get("csv")) from None
    elif "npz" in node or "npy" in node:
        form = "npz" if "npz" in node else "npy"
        for key in node.keys():
            if key not in (form, "input", "target", "scale"):
                raise hints.unknown_key("data", key, (form, "input", "target", "scale"),
                                        **hints.at(node.get(key)))
        path = _data_path(node.get(form).string(form), file)
        from bptrace.config.guard import check_data_file
        check_data_file(path, node.get(form))
        sel = {key: _selection(node.get(key)) if key in node else None for key in ("input", "target")}
        scale = _scale(node) if "scale" in node else None
        try:
            X, T = datafiles.read_arrays(path, sel["input"], sel["target"], scale)
        except BadInput as exc:
            raise exc.at(node.get(form)) from None
    else:
        raise node.bad("data mapping")
    T = datafiles.one_hot(T, len(network.outputs))
    if X.shape[1] != len(network.inputs) or T.shape[1] != len(network.outputs):
        raise node.bad("data shape", xi=X.shape[1], ti=T.shape[1], ni=len(network.inputs),
                       no=len(network.outputs))
    return X, T


def _scale(node: Node) -> float:
    scale = node.get("scale").number("scale")
    if scale == 0:
        raise node.get("scale").bad("scale zero")
    return scale


def _data_path(name: str, file: str) -> Path:
    """A data file's path, relative to the config's folder."""
    from pathlib import Path
    path = Path(name)
    if not path.is_absolute() and Path(file).is_file():
        path = Path(file).parent / path
    return path


def _selection(cnode: Node) -> list[str]:
    """Column names, numbers or ranges (FIRST-LAST), one or a list."""
    return [_name_text(c) for c in cnode] if cnode.is_seq else [_name_text(cnode)]


def _name_text(node: Node) -> str:
    if not node.is_scalar or node.is_null:
        raise node.bad("column word", found=node.describe())
    return node.text



def parse_samples(node: Node, network: Network) -> tuple[np.ndarray, np.ndarray]:
    """A list of samples (like `data:`) → (X, T)."""
    node.need_seq(what("a list of samples"))
    if len(node) == 0:
        raise node.bad("no samples")
    samples = [parse_sample(s, network) for s in node]
    return np.stack([s.x for s in samples]), np.stack([s.t for s in samples])

