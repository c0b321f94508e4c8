"""Built-in data sets (the course documents' examples) and CSV files, for ``data:`` in a config.

Each built-in is a function (n, seed) → (X, T) as float64 arrays, rows = samples; the
registry :data:`BUILTIN` names them for ``data: {builtin: NAME}`` and for error messages.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from bptrace.errors import BadInput
from bptrace.words.messages import os_reason

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
