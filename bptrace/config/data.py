"""Samples and data sets: ``sample:``, ``data:`` (a list of samples, a built-in set — the course
documents' examples — or a CSV file) and a list of samples anywhere (``train.validation``) → arrays."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

import numpy as np

from bptrace.config import names as hints
from bptrace.config.names import listing
from bptrace.config.records import Sample
from bptrace.config.yamlsource import Node
from bptrace.errors import BadInput
from bptrace.words.messages import os_reason, what

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
    from bptrace.config import datafiles  # (not before a config has data:)

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
        if name not in BUILTIN:
            raise hints.unknown("data set", name, BUILTIN, **hints.at(node.get("builtin")))
        n = node.get("n").integer("n", 1) if "n" in node else None
        if n is not None:
            from bptrace.config.guard import check_rows
            check_rows(n, len(network.inputs) + len(network.outputs), node.get("n"))
        X, T = builtin(name, n, seed)
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


# --- Built-in data sets (the course documents' examples) and CSV files, for ``data:`` in a config.
#
# Each built-in is a function (n, seed) → (X, T) as float64 arrays, rows = samples; the
# registry :data:`BUILTIN` names them for ``data: {builtin: NAME}`` and for error messages.

TRUTH_INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)


def _truth(column: list[int]):
    def make(n: int | None, seed: int):
        return TRUTH_INPUTS.copy(), np.array(column, dtype=np.float64)[:, None]
    return make


def xor_onehot(n: int | None, seed: int):
    """the course slides' XOR with one-hot labels (l1, l2): true → (1, 0), false → (0, 1)."""
    return TRUTH_INPUTS.copy(), np.array([[0, 1], [1, 0], [1, 0], [0, 1]], dtype=np.float64)


def curve(n: int | None, seed: int):
    """《BP神经网络拟合非线性函数》's curve fit (the document's figure is lost): y = sin(x) + 0.5·x on 100 points
    of [−3, 3], scaled into (0, 1) by (y + 3)/6 — for a 1-24-3-1 network."""
    x = np.linspace(-3.0, 3.0, n or 100)
    y = np.sin(x) + 0.5 * x
    return x[:, None], ((y + 3.0) / 6.0)[:, None]


def cubic_function(x: np.ndarray) -> np.ndarray:
    """The cubic of the course slides' fit. The slides' formula is in a lost figure; its code
    normalises by standard(y, −131.0, 223.0) on [−3, 3], and 6x³ + 4x² + 5x + 10 is the
    monotone cubic with exactly that range there (f(−3) = −131, f(3) = 223)."""
    return 6 * x ** 3 + 4 * x ** 2 + 5 * x + 10


def cubic(n: int | None, seed: int):
    """the course slides' cubic-polynomial fit: 100 points of [−3, 3], targets normalised into
    [0, 1] as the document's standard(y, −131.0, 223.0) does — for a 1-5-5-1 sigmoid net."""
    x = np.linspace(-3.0, 3.0, n or 100)
    return x[:, None], ((cubic_function(x) + 131.0) / (223.0 + 131.0))[:, None]


def redblue(n: int | None, seed: int):
    """A 2-D two-class set like 《BP神经网络算法推导》's: blue (1) points in a disc, red (0) around it."""
    rng = np.random.Generator(np.random.PCG64(seed))
    n = n or 200
    r = np.concatenate([rng.uniform(0.0, 0.45, n // 2), rng.uniform(0.65, 1.0, n - n // 2)])
    phi = rng.uniform(0.0, 2 * np.pi, n)
    X = np.stack([r * np.cos(phi), r * np.sin(phi)], axis=1)
    T = (r < 0.55).astype(np.float64)[:, None]
    order = rng.permutation(n)
    return X[order], T[order]


def _not(n: int | None, seed: int):
    return np.array([[0.0], [1.0]]), np.array([[1.0], [0.0]])


BUILTIN: dict[str, tuple[Callable, str]] = {
    "not": (_not, "NOT truth table (course slides), 1 → 1"),
    "and": (_truth([0, 0, 0, 1]), "AND truth table (course slides), 2 → 1"),
    "or": (_truth([0, 1, 1, 1]), "OR truth table (course slides), 2 → 1"),
    "nand": (_truth([1, 1, 1, 0]), "NAND truth table (course slides), 2 → 1"),
    "xor": (_truth([0, 1, 1, 0]), "XOR truth table (course slides), 2 → 1"),
    "xor_onehot": (xor_onehot, "XOR with one-hot labels as in the course slides' BP example, 2 → 2"),
    "curve": (curve, "the nonlinear curve fit of 《BP神经网络拟合非线性函数》, 100 points, 1 → 1"),
    "cubic": (cubic, "the course slides' cubic polynomial, normalised targets, 100 points, 1 → 1"),
    "redblue": (redblue, "red/blue points as in 《BP神经网络算法推导》 in the plane, 200 points, 2 → 1"),
}


def builtin(name: str, n: int | None, seed: int) -> tuple[np.ndarray, np.ndarray]:
    if name not in BUILTIN:
        from bptrace.errors import unknown
        raise unknown("data set", name, BUILTIN)
    return BUILTIN[name][0](n, seed)


def read_csv(path, input_cols: list[str], target_cols: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Columns by header name from a CSV file with a header row."""
    import csv

    try:
        # utf-8-sig: Excel's "CSV UTF-8" starts with a byte-order mark
        with open(path, newline="", encoding="utf-8-sig") as fh:
            reader = csv.reader(fh)
            rows, lines = [], []                # the rows but blank lines, and their lines
            for r in reader:
                if any(c.strip() for c in r):
                    rows.append(r)
                    lines.append(reader.line_num)
    except FileNotFoundError:
        raise BadInput(key="csv missing", args={"path": str(path)}) from None
    except UnicodeDecodeError:
        raise BadInput(key="csv not utf8", args={"path": str(path)}) from None
    except csv.Error as exc:                # a field over csv's limit (131,072 characters), …
        raise BadInput(key="csv unreadable", args={"path": str(path), "why": str(exc)}) from None
    except OSError as exc:
        raise BadInput(key="csv cannot read", args={"path": str(path),
                                                     "why": os_reason(exc)}) from None
    if len(rows) < 2:
        raise BadInput(key="csv short", args={"path": str(path)})
    header = [h.strip() for h in rows[0]]
    cols = {}
    for name in input_cols + target_cols:
        if name not in header:
            from bptrace.words.messages import trimmed
            raise BadInput(key="csv no column", args={"path": str(path), "name": trimmed(name),
                                                       })
        cols[name] = header.index(name)
    X = np.empty((len(rows) - 1, len(input_cols)))
    T = np.empty((len(rows) - 1, len(target_cols)))
    for r, (row, line) in enumerate(zip(rows[1:], lines[1:])):
        for dest, names in ((X, input_cols), (T, target_cols)):
            for c, name in enumerate(names):
                try:
                    v = float(row[cols[name]])
                except (ValueError, IndexError):
                    raise BadInput(key="csv not number", args={
                        "path": str(path), "line": line, "name": name}) from None
                if not np.isfinite(v):
                    raise BadInput(key="csv not finite", args={"path": str(path), "line": line,
                                                                "name": name})
                dest[r, c] = v
    return X, T
