"""Every row of the speed table (README "Speed"): bptrace against its named reference in the
same run — whole processes alternating, medians — and the ratios.

    python bench/bench_rows.py [--runs 3] [--rows 1,2,...] [--samples 60000]

References: bare imports (`python -c "import numpy, rich, click, yaml"`), hand-written numpy
loops of the same maths, PyTorch (float64, CPU) where it is installed (skipped otherwise),
`np.loadtxt` of the same CSV, plain `check`, `compare --jobs 1`. In-process rows run each
side in a fresh worker process (`--worker NAME`) and time only the work. Training rows use
one BLAS thread on both sides.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import (BARE, ONE_THREAD, PY, alternate, mnist_like, net_config, run,  # noqa: E402
                    write)

BP = [PY, "-m", "bptrace"]


# ----------------------------------------------------------------------- in-process workers
def w_mazur_bptrace():
    from bptrace.config import load_config
    from bptrace.train import Settings, train
    cfg = load_config("mazur")
    s = Settings()
    s.epochs, s.every = 10_000, 1
    t0 = time.perf_counter()
    res = train(cfg.network, *cfg.dataset, cfg.learning_rate, s)
    return time.perf_counter() - t0, res.history[-1][1]


def w_mazur_numpy():
    """Mazur's 2-2-2 net, 10,000 online updates and the loss after each (bptrace records it)."""
    import numpy as np
    W1 = np.array([[0.15, 0.20], [0.25, 0.30]])
    W2 = np.array([[0.40, 0.45], [0.50, 0.55]])
    b1, b2 = 0.35, 0.60
    x, t = np.array([[0.05, 0.10]]), np.array([[0.01, 0.99]])

    def sig(z):
        return 1 / (1 + np.exp(-z))
    t0 = time.perf_counter()
    for _ in range(10_000):
        h = sig(x @ W1.T + b1)
        y = sig(h @ W2.T + b2)
        d2 = (y - t) * y * (1 - y)
        d1 = (d2 @ W2) * h * (1 - h)
        W2 -= 0.5 * (d2.T @ h)
        W1 -= 0.5 * (d1.T @ x)
        y = sig(sig(x @ W1.T + b1) @ W2.T + b2)
        final = float((0.5 * (t - y) ** 2).sum())
    return time.perf_counter() - t0, final


def w_mazur_torch():
    """Mazur's 10,000 updates in PyTorch float64: the same loop bench_train.py times."""
    from bench_train import torch_a
    return torch_a("float64")


def _epoch_data(n):
    import numpy as np
    rng = np.random.Generator(np.random.PCG64(0))
    X = rng.random((n, 784))
    T = np.zeros((n, 10))
    T[np.arange(n), rng.integers(0, 10, n)] = 1.0
    r = np.random.Generator(np.random.PCG64(1))
    init = (r.normal(0, (2 / 784) ** 0.5, (784, 784)), np.zeros(784),
            r.normal(0, (1 / 784) ** 0.5, (10, 784)), np.zeros(10))
    return X, T, init


def w_epoch_bptrace(n):
    import numpy as np
    from bptrace.config import parse_config
    from bptrace.train import Settings, train
    X, T, init = _epoch_data(n)
    cfg = parse_config(net_config([784, 784, 10]))
    cfg.network.set_arrays([np.array(a) for a in init])
    s = Settings()
    s.epochs, s.mode, s.batch_size, s.every = 1, "minibatch", 200, 1
    t0 = time.perf_counter()
    res = train(cfg.network, X, T, 0.1, s)
    return time.perf_counter() - t0, res.history[-1][1]


def w_epoch_numpy(n):
    """One epoch, batch 200, relu → softmax, cross-entropy, then the mean loss."""
    import numpy as np
    X, T, (W1, b1, W2, b2) = _epoch_data(n)
    t0 = time.perf_counter()
    for s in range(0, n, 200):
        x, t = X[s:s + 200], T[s:s + 200]
        z1 = x @ W1.T + b1
        h = np.maximum(z1, 0)
        z2 = h @ W2.T + b2
        e = np.exp(z2 - z2.max(axis=1, keepdims=True))
        y = e / e.sum(axis=1, keepdims=True)
        d2 = (y - t) / len(x)
        d1 = (d2 @ W2) * (z1 > 0)
        W2 -= 0.1 * (d2.T @ h)
        b2 -= 0.1 * d2.sum(0)
        W1 -= 0.1 * (d1.T @ x)
        b1 -= 0.1 * d1.sum(0)
    losses = []
    for s in range(0, n, 4096):
        z = np.maximum(X[s:s + 4096] @ W1.T + b1, 0) @ W2.T + b2
        z -= z.max(axis=1, keepdims=True)
        losses.append(-(T[s:s + 4096] * (z - np.log(np.exp(z).sum(1, keepdims=True)))).sum(1))
    return time.perf_counter() - t0, float(np.concatenate(losses).mean())


def w_epoch_torch(n):
    import torch
    X, T, init = _epoch_data(n)
    Xt, Tt = torch.tensor(X), torch.tensor(T)
    W1, b1, W2, b2 = (torch.tensor(a, requires_grad=True) for a in init)
    opt = torch.optim.SGD([W1, b1, W2, b2], lr=0.1)
    t0 = time.perf_counter()
    for s in range(0, n, 200):
        opt.zero_grad()
        z = torch.relu(Xt[s:s + 200] @ W1.T + b1) @ W2.T + b2
        (-(Tt[s:s + 200] * torch.log_softmax(z, 1)).sum(1).mean()).backward()
        opt.step()
    with torch.no_grad():
        z = torch.relu(Xt @ W1.T + b1) @ W2.T + b2
        final = float(-(Tt * torch.log_softmax(z, 1)).sum(1).mean())
    return time.perf_counter() - t0, final


WIDE, WIDE_N, WIDE_EPOCHS = 8000, 100, 50


def w_wide_bptrace():
    """1-8000-1, a bias per neuron, tanh → linear, MSE, batch mode: build and train."""
    from bptrace.config import parse_config
    from bptrace.train import Settings, train
    t0 = time.perf_counter()
    cfg = parse_config(net_config([1, WIDE, 1], acts=("tanh", "linear"), loss="mse",
                                  data=f"{{builtin: curve, n: {WIDE_N}}}"))
    s = Settings()
    s.epochs, s.mode, s.every = WIDE_EPOCHS, "batch", 1
    res = train(cfg.network, *cfg.dataset, 0.00001, s)
    return time.perf_counter() - t0, res.history[-1][1]


def w_wide_numpy():
    import numpy as np
    from bptrace.datasets import curve
    t0 = time.perf_counter()
    X, T = curve(WIDE_N, 0)
    r = np.random.Generator(np.random.PCG64(1))
    W1, b1 = r.normal(0, 2 ** 0.5, (WIDE, 1)), np.zeros(WIDE)
    W2, b2 = r.uniform(-1, 1, (1, WIDE)) * (6 / (WIDE + 1)) ** 0.5, np.zeros(1)
    n = len(X)
    for _ in range(WIDE_EPOCHS):
        h = np.tanh(X @ W1.T + b1)
        y = h @ W2.T + b2
        d2 = 2 * (y - T) / n
        d1 = (d2 @ W2) * (1 - h * h)
        W2 -= 0.00001 * (d2.T @ h)
        b2 -= 0.00001 * d2.sum(0)
        W1 -= 0.00001 * (d1.T @ X)
        b1 -= 0.00001 * d1.sum(0)
        y = np.tanh(X @ W1.T + b1) @ W2.T + b2
        final = float(((y - T) ** 2).mean())
    return time.perf_counter() - t0, final


def w_post(data):
    """After training (1 epoch, batch 200): the report as `train` makes it (summary, rows,
    parameters before/after, JSON and Rich), timed against the training itself."""
    import io

    from rich.console import Console

    from bptrace import train as T
    from bptrace import training_views as V
    from bptrace.config import load_config, train_settings
    from bptrace.render import train_json
    from bptrace.render.terminal import train_rich
    cfg = load_config(data)
    net = cfg.network
    s = train_settings(cfg.train, net, cfg.seed)
    X, Tg = cfg.dataset
    t0 = time.perf_counter()
    before = V.parameters(net)
    res = T.train(net, X, Tg, cfg.learning_rate, s)
    t1 = time.perf_counter()
    report = T.summary(net, X, Tg, res, s, cfg.learning_rate)
    rows = V.output_rows(net, X, Tg)
    train_json(cfg.title, cfg.file, report, list(rows) if len(rows) <= 1000 else None)
    train_rich(Console(file=io.StringIO(), width=100), cfg.title, "784-784-10", report, rows,
               (net.inputs, net.outputs), V.before_after(before, net), every=s.every)
    t2 = time.perf_counter()
    return t2 - t1, t1 - t0


WORKERS = {"mazur_bptrace": w_mazur_bptrace, "mazur_numpy": w_mazur_numpy,
           "mazur_torch": w_mazur_torch, "epoch_bptrace": w_epoch_bptrace,
           "epoch_numpy": w_epoch_numpy, "epoch_torch": w_epoch_torch,
           "wide_bptrace": w_wide_bptrace, "wide_numpy": w_wide_numpy, "post": w_post}


def worker(name: str, arg: str | None) -> None:
    if name.endswith("torch"):
        import torch
        torch.set_num_threads(1)
    fn = WORKERS[name]
    args = [] if arg is None else [int(arg) if arg.isdigit() else arg]
    print(json.dumps(fn(*args)))


def in_process(names: list[str], runs: int, arg=None) -> dict[str, float]:
    """Median of the first number each worker prints, workers alternating."""
    got: dict[str, list] = {n: [] for n in names}
    for _ in range(runs):
        for n in names:
            cmd = [PY, __file__, "--worker", n] + ([] if arg is None else ["--arg", str(arg)])
            got[n].append(json.loads(run(cmd, env=ONE_THREAD)[2].strip().splitlines()[-1]))
    return {n: statistics.median(v[0] for v in vs) for n, vs in got.items()} | {
        n + ":other": statistics.median(v[1] for v in vs) for n, vs in got.items()}


def have_torch() -> bool:
    try:
        import torch  # noqa: F401
        return True
    except ImportError:
        return False


# ----------------------------------------------------------------------------- the rows
class Table:
    def __init__(self):
        self.rows = []

    def add(self, work, ours, ref, ratio, goal):
        self.rows.append((work, ours, ref, ratio, goal))
        print(f"| {work} | {ours} | {ref} | {ratio} | {goal} |", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--rows", default="1,2,3,4,5,6,7,8,9,10,11")
    ap.add_argument("--samples", type=int, default=60_000, help="MNIST-shaped rows (6, 8, 9)")
    ap.add_argument("--worker", help=__doc__ and argparse.SUPPRESS)
    ap.add_argument("--arg", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker:
        worker(a.worker, a.arg)
        return
    rows = {int(r) for r in a.rows.split(",")}
    torch = have_torch()
    if not torch:
        print("(PyTorch is not installed: its references are skipped; pip install torch to add them)")
    tmp = Path(tempfile.mkdtemp(prefix="bptrace-bench-"))
    print("| work | bptrace | reference | ratio | goal |\n|---|---|---|---|---|")
    t = Table()
    big = write(tmp, "big.yaml", net_config([784, 784, 10]))
    mid = write(tmp, "mid.yaml", net_config([200, 200, 10]))
    numpy_fb = [PY, "-c", "import numpy as np; r=np.random.default_rng(1); W1=r.normal(size=(784,784)); "
                "W2=r.normal(size=(10,784)); x=r.random((1,784)); h=np.maximum(x@W1.T,0); y=h@W2.T; "
                "d=y-1; g2=d.T@h; d1=(d@W2)*(h>0); g1=d1.T@x; print(float(g1.sum()+g2.sum()))"]
    if 1 in rows or 2 in rows:
        m = alternate({"json": BP + ["step", big, "--format", "json"], "rich": BP + ["step", big],
                       "numpy": numpy_fb, "bare": BARE}, a.runs)
        if 1 in rows:
            t.add("`step --format json`, 784-784-10", f"{m['json'][0]:.2f} s, {m['json'][1]:.0f} MiB",
                  f"numpy forward/backward process {m['numpy'][0]:.2f} s, {m['numpy'][1]:.0f} MiB",
                  f"{m['json'][0] / m['numpy'][0]:.1f}×", "≤ 2 s, ≤ 400 MB")
        if 2 in rows:
            t.add("`step` (Rich), 784-784-10", f"{m['rich'][0]:.2f} s, {m['rich'][1]:.0f} MiB",
                  f"bare imports {m['bare'][0]:.2f} s", f"{m['rich'][0] / m['bare'][0]:.1f}×", "≤ 1.5 s")
    if 3 in rows or 4 in rows:
        m = alternate({"mid": BP + ["step", mid, "--format", "json"], "mazur": BP + ["step"],
                       "bare": BARE}, max(a.runs, 5))
        if 3 in rows:
            t.add("`step --format json`, 200-200-10", f"{m['mid'][0]:.2f} s", f"bare imports {m['bare'][0]:.2f} s",
                  f"{m['mid'][0] / m['bare'][0]:.2f}×", "≤ 2×")
        if 4 in rows:
            t.add("`bptrace step` (Mazur, Rich)", f"{m['mazur'][0]:.2f} s", f"bare imports {m['bare'][0]:.2f} s",
                  f"{m['mazur'][0] / m['bare'][0]:.2f}×", "≤ 1.3×")
    if 5 in rows:
        names = ["mazur_bptrace", "mazur_numpy"] + (["mazur_torch"] if torch else [])
        m = in_process(names, a.runs)
        ref = f"numpy loop {m['mazur_numpy']:.2f} s" + (f"; PyTorch {m['mazur_torch']:.2f} s" if torch else "")
        t.add("Mazur, 10,000 online updates", f"{m['mazur_bptrace']:.2f} s", ref,
              f"{m['mazur_bptrace'] / m['mazur_numpy']:.2f}× numpy", "≤ 2× the floor")
    if 6 in rows:
        names = ["epoch_bptrace", "epoch_numpy"] + (["epoch_torch"] if torch else [])
        m = in_process(names, a.runs, a.samples)
        ref = f"numpy {m['epoch_numpy']:.2f} s" + (f"; PyTorch f64 {m['epoch_torch']:.2f} s" if torch else "")
        ratio = f"{m['epoch_bptrace'] / m['epoch_numpy']:.2f}× numpy" + (
            f", {m['epoch_bptrace'] / m['epoch_torch']:.2f}× torch" if torch else "")
        t.add(f"one epoch {a.samples:,}×784 → 784 → 10, batch 200, 1 thread",
              f"{m['epoch_bptrace']:.2f} s", ref, ratio, "≤ 1.05× numpy, ≤ 0.9× torch")
    if 7 in rows:
        m = in_process(["wide_bptrace", "wide_numpy"], a.runs)
        t.add(f"train 1-{WIDE}-1, a bias per neuron (build + {WIDE_EPOCHS} epochs)", f"{m['wide_bptrace']:.2f} s",
              f"numpy {m['wide_numpy']:.2f} s", f"{m['wide_bptrace'] / m['wide_numpy']:.2f}×", "≤ 1.2×")
    if rows & {8, 9}:
        files = mnist_like(tmp, a.samples)
        cfgs = {}
        for form, data in (("npz", f"{{npz: {files['npz']}, scale: 255}}"),
                           ("csv", f"{{csv: {files['csv']}, input: [pixel0-pixel783], target: label, scale: 255}}")):
            cfgs[form] = write(tmp, f"train_{form}.yaml", net_config(
                [784, 784, 10], data=data, extra="train: {epochs: 1, mode: minibatch, batch_size: 200}"))
        if 8 in rows:
            whole_numpy = [PY, "-c", f"""
import numpy as np, sys
sys.path.insert(0, {str(Path(__file__).parent)!r})
import bench_rows as B
d = np.loadtxt({files['csv']!r}, delimiter=',', skiprows=1)
X, y = d[:, 1:] / 255, d[:, 0].astype(int)
B._epoch_data = lambda n: (X, np.eye(10)[y], B._epoch_data0(n)[2])
print(B.w_epoch_numpy(len(X)))"""]
            loadtxt = [PY, "-c", f"import numpy as np; np.loadtxt({files['csv']!r}, delimiter=',', skiprows=1)"]
            m = alternate({"npz": BP + ["train", cfgs["npz"], "--format", "json"],
                           "csv": BP + ["train", cfgs["csv"], "--format", "json"],
                           "numpy": whole_numpy, "loadtxt": loadtxt}, a.runs, env=ONE_THREAD)
            t.add(f"`train` whole process, {a.samples:,}×784 from CSV",
                  f"{m['csv'][0]:.2f} s, {m['csv'][1]:.0f} MiB",
                  f"numpy whole run (loadtxt + epoch) {m['numpy'][0]:.2f} s; loadtxt alone {m['loadtxt'][0]:.2f} s",
                  f"{m['csv'][0] / m['numpy'][0]:.2f}×", "≤ 1.2× the numpy whole run")
            t.add(f"`train` whole process, {a.samples:,}×784 from mnist.npz",
                  f"{m['npz'][0]:.2f} s, {m['npz'][1]:.0f} MiB", f"numpy whole run {m['numpy'][0]:.2f} s",
                  f"{m['npz'][0] / m['numpy'][0]:.2f}×", "≤ 1.2× the numpy whole run")
        if 9 in rows:
            m = in_process(["post"], a.runs, cfgs["npz"])
            t.add(f"`train` post-processing, {a.samples:,} samples", f"{m['post']:.2f} s",
                  f"training {m['post:other']:.2f} s", f"{m['post'] / m['post:other']:.2f}×", "≤ 0.3 s")
    if 10 in rows:
        m = alternate({"diagnose": BP + ["check", "--diagnose"], "check": BP + ["check"]}, a.runs)
        t.add("`check --diagnose` on Mazur's page", f"{m['diagnose'][0]:.2f} s", f"plain `check` {m['check'][0]:.2f} s",
              f"{m['diagnose'][0] / m['check'][0]:.1f}×", "≤ 2 s")
    if 11 in rows:
        vary = ["compare", "cubic", "--vary", "hidden=1;2;5-5;10-15"]
        m = alternate({"j2": BP + vary + ["--jobs", "2"], "j1": BP + vary + ["--jobs", "1"]}, a.runs)
        t.add("`compare --jobs 2` vs `--jobs 1` (README's cubic)", f"{m['j2'][0]:.2f} s",
              f"--jobs 1 {m['j1'][0]:.2f} s", f"{m['j1'][0] / m['j2'][0]:.2f}× speed-up", "≥ 1.6×")


_epoch_data0 = _epoch_data

if __name__ == "__main__":
    main()
