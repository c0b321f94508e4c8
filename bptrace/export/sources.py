"""Where an exported program gets its numbers: the initial parameters and the data set.

Small numbers are written out as literals. A large network's random initial values and a
built-in or CSV data set are written as the numpy code that makes them (the same
generator and the same draws as bptrace, so the same numbers). Every piece of code written
here is run once, at export time, in a Python process of its own (never in bptrace's), and
its arrays compared with bptrace's own bit for bit: where it would not reproduce them, the
literal numbers are written instead. A user's string (a file or column name, a title) is
written only as a literal (repr) or in a comment (:func:`comment`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from bptrace.config import Config

RANDOM_LIMIT = 5000     # a network with more parameters than this gets its random init as code


def literal(x: np.ndarray | float) -> str:
    """A float64 number or array as Python source that gives exactly the same values."""
    if np.ndim(x) == 0:
        return repr(float(x))
    return "[" + ", ".join(literal(v) for v in x) + "]"


def comment(text: str) -> str:
    """A user's text (a title, a file name) as it may stand in a comment of generated code:
    every character that is not printable — the line breaks str.splitlines splits on
    (\\r \\n \\v \\f \\x1c-\\x1e \\x85 \\u2028 \\u2029), other controls, bidi overrides, lone
    surrogates — written as its escape, so that the comment ends where its line does and
    shows what it says."""
    text = str(text)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


# Runs generated code in a Python process of its own (never in bptrace's: the code holds
# names from the config, and a bug in quoting one must not run anything here), and prints,
# for each name asked for, its array's shape, dtype and a digest of its bytes.
_CHECK = """\
import hashlib, json, sys
import numpy as np
from pathlib import Path
code, names = json.loads(sys.stdin.read())
env = {"np": np, "Path": Path}
exec(compile(code, "<exported program>", "exec"), env)
def digest(v):
    a = np.ascontiguousarray(v)
    return [list(a.shape), a.dtype.str, hashlib.sha256(a.tobytes()).hexdigest()]
print(json.dumps({n: None if env[n] is None else digest(env[n]) for n in names}))
"""
CHECK_SECONDS = 600       # a CSV file of up to 1 GiB is read again there


def digest(a: np.ndarray | None):
    """What :data:`_CHECK` prints for an array: equal digests, the same array bit for bit."""
    import hashlib
    if a is None:
        return None
    a = np.ascontiguousarray(a)
    return [list(a.shape), a.dtype.str, hashlib.sha256(a.tobytes()).hexdigest()]


def _runs(code: str, names: list[str]) -> dict | None:
    """Run generated numpy code in another process and return, for each name it defines,
    :func:`digest` of its value; None where the code does not compile or run."""
    import json
    import subprocess
    import sys

    try:
        compile(code, "<exported program>", "exec")      # compiled here, never run here
    except (SyntaxError, ValueError):
        return None
    try:
        done = subprocess.run([sys.executable, "-I", "-c", _CHECK], input=json.dumps([code, names]),
                              capture_output=True, text=True, encoding="utf-8",
                              timeout=CHECK_SECONDS)
        return json.loads(done.stdout) if done.returncode == 0 else None
    except (OSError, ValueError, subprocess.SubprocessError):
        return None


# --- initial values ---------------------------------------------------------------------
def _init_expr(spec, n: int, m: int) -> str | None:
    """numpy code for one {init: …} mapping (as config draws it), or None."""
    if not isinstance(spec, dict) or "init" not in spec:
        return None
    kind = spec["init"]
    if kind == "uniform":
        return (f"rng.uniform({float(spec.get('low', -1.0))!r}, {float(spec.get('high', 1.0))!r}, "
                f"size=({n}, {m}))")
    if kind == "normal":
        return (f"rng.normal({float(spec.get('mean', 0.0))!r}, {float(spec.get('std', 1.0))!r}, "
                f"size=({n}, {m}))")
    if kind == "xavier":
        return (f"rng.uniform(-np.sqrt(6.0 / {m + n}), np.sqrt(6.0 / {m + n}), size=({n}, {m}))"
                "   # Glorot (xavier) uniform")
    if kind == "he":
        return f"rng.normal(0.0, np.sqrt(2.0 / {m}), size=({n}, {m}))   # He normal"
    if kind == "zeros":
        return f"np.zeros(({n}, {m}))"
    return None


def random_init_code(cfg: Config, seed: int) -> dict[int, tuple[str | None, str | None]] | None:
    """For a large network whose random values are all drawn by {init: …}: per layer the
    numpy expressions of (W, b) (None where written as literals). None where the network
    is small, has no random values, or the code would not reproduce bptrace's numbers."""
    net = cfg.network
    if len(net.params) <= RANDOM_LIMIT:
        return None
    layers_node = cfg.root.get("network").get("layers").value
    out: dict[int, tuple[str | None, str | None]] = {}
    lines = [f"rng = np.random.Generator(np.random.PCG64({seed}))"]
    for l, (layer, spec) in enumerate(zip(net.layers, layers_node)):
        n, m = layer.W.shape
        w = _init_expr(spec.get("weights"), n, m)
        b = _init_expr(spec.get("bias"), 1, n)
        if b is not None:
            b = f"np.zeros({n})" if b.startswith("np.zeros") else b.replace(
                f"size=(1, {n}))", f"size=(1, {n}))[0]", 1)
        out[l] = (w, b)
        lines += [f"W{l} = {w}" if w else f"W{l} = None", f"b{l} = {b}" if b else f"b{l} = None"]
    if all(w is None and b is None for w, b in out.values()):
        return None
    got = _runs("\n".join(lines), [f"{p}{l}" for l in out for p in "Wb"])
    if got is None:
        return None
    for l, layer in enumerate(net.layers):
        w, b = got[f"W{l}"], got[f"b{l}"]
        if w is not None and w != digest(np.asarray(layer.W, dtype=np.float64)):
            return None
        if b is not None and b != digest(np.asarray(layer.b, dtype=np.float64)):
            return None
    return out


# --- the data set -----------------------------------------------------------------------
CUBIC = '''\
# data: {{builtin: cubic}} — y = 6x³ + 4x² + 5x + 10 on {n} points of [−3, 3]. The targets
# are normalised into [0, 1] as the course slides 《神经元、感知机与 BP 神经网络》 do
# (standard(y, −131.0, 223.0)): T = (y + 131)/(223 + 131). The network never sees y itself.
x = np.linspace(-3.0, 3.0, {n})
X = x[:, None]
T = ((6 * x ** 3 + 4 * x ** 2 + 5 * x + 10 + 131.0) / (223.0 + 131.0))[:, None]
'''
CURVE = '''\
# data: {{builtin: curve}} — y = sin(x) + 0.5·x on {n} points of [−3, 3], scaled into (0, 1)
# by (y + 3)/6 (a stand-in for the curve of 《BP神经网络拟合非线性函数》, whose figure is lost).
x = np.linspace(-3.0, 3.0, {n})
X = x[:, None]
T = ((np.sin(x) + 0.5 * x + 3.0) / 6.0)[:, None]
'''
REDBLUE = '''\
# data: {{builtin: redblue}} — {n} points in the plane: blue (1) in a disc of radius 0.45,
# red (0) in a ring 0.65…1 around it, drawn from bptrace's generator (seed {seed}).
rng = np.random.Generator(np.random.PCG64({seed}))
r = np.concatenate([rng.uniform(0.0, 0.45, {half}), rng.uniform(0.65, 1.0, {rest})])
phi = rng.uniform(0.0, 2 * np.pi, {n})
X = np.stack([r * np.cos(phi), r * np.sin(phi)], axis=1)
T = (r < 0.55).astype(np.float64)[:, None]
order = rng.permutation({n})
X, T = X[order], T[order]
'''
CSV = '''\
# data: {{csv: {name}}} — the columns below, read as bptrace reads them
# (a header row; blank lines skipped; UTF-8, with or without Excel's byte-order mark).
import csv
with open({path}, newline="", encoding="utf-8-sig") as fh:
    rows = [r for r in csv.reader(fh) if any(c.strip() for c in r)]
header = [h.strip() for h in rows[0]]
inputs = [header.index(c) for c in {inputs!r}]
targets = [header.index(c) for c in {targets!r}]
X = np.array([[float(r[k]) for k in inputs] for r in rows[1:]])
T = np.array([[float(r[k]) for k in targets] for r in rows[1:]])
'''


def data_code(cfg: Config, program_path: str | None) -> str:
    """numpy code defining X and T (rows = samples): the config's data set."""
    X, T = cfg.dataset
    made = _generated(cfg, program_path)
    if made is not None:
        code, check = made
        got = _runs(check, ["X", "T"])
        if got is not None and got["X"] == digest(X) and got["T"] == digest(T):
            return code
    what = "the config's sample (it has no data:)" if cfg.data is None else "the config's data:"
    return (f"# {what}, one row per sample\n"
            f"X = np.array({_rows(X)})\nT = np.array({_rows(T)})\n")


def _rows(A: np.ndarray) -> str:
    if len(A) <= 1:
        return literal(A)
    return "[\n    " + ",\n    ".join(literal(r) for r in A) + ",\n]"


def _generated(cfg: Config, program_path: str | None) -> tuple[str, str] | None:
    """(the code for the program, the same code as run here to check it), or None."""
    node = cfg.root.get("data")
    if node is None or not node.is_map:
        return None
    spec = node.value
    n = len(cfg.dataset[0])
    code = None
    if spec.get("builtin") == "cubic":
        code = CUBIC.format(n=n)
    elif spec.get("builtin") == "curve":
        code = CURVE.format(n=n)
    elif spec.get("builtin") == "redblue":
        code = REDBLUE.format(n=n, seed=cfg.seed, half=n // 2, rest=n - n // 2)
    if code is not None:
        return code, code
    if "csv" not in spec:
        return None
    import os
    csv_path = Path(str(spec["csv"]))
    if not csv_path.is_absolute() and Path(cfg.file).is_file():
        csv_path = Path(cfg.file).parent / csv_path
    csv_path = csv_path.resolve()
    cols = {k: [str(v) for v in spec[k]] if isinstance(spec[k], list) else [str(spec[k])]
            for k in ("input", "target")}
    fill = dict(name=repr(str(spec["csv"])), inputs=cols["input"], targets=cols["target"])
    check = CSV.format(path=repr(str(csv_path)), **fill)
    if program_path is None:
        return check, check
    rel = os.path.relpath(csv_path, Path(program_path).resolve().parent)
    return CSV.format(path=f"Path(__file__).resolve().parent / {rel!r}", **fill), check
