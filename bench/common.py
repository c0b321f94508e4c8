"""Shared helpers of the bench scripts: whole-process timing with peak memory, configs of a
given size, synthetic MNIST-shaped data. Public tools only (time, resource, subprocess)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

PY = sys.executable
BARE = [PY, "-c", "import numpy, rich, click, yaml"]
ONE_THREAD = {k: "1" for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}


def run(cmd: list[str], env: dict | None = None, cwd: str | None = None) -> tuple[float, float, str]:
    """(wall seconds, peak RSS in MiB, stdout) of one fresh process. Its output goes to a
    file (as `> out.json` would) and is read after the clock stops, in pieces: an output over
    1 MiB comes back as its digest, so this process stays small — a child's peak RSS on
    Linux counts the RSS of the process it was forked from."""
    import hashlib
    import tempfile

    with tempfile.TemporaryFile() as sink:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=sink, stderr=subprocess.DEVNULL,
                             env={**os.environ, **(env or {})}, cwd=cwd)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(cmd)} failed ({p.returncode})")
        size = sink.seek(0, os.SEEK_END)
        sink.seek(0)
        if size <= 1 << 20:
            out = sink.read().decode("utf-8", "replace")
        else:
            digest = hashlib.sha256()
            while piece := sink.read(1 << 20):
                digest.update(piece)
            out = f"sha256 {digest.hexdigest()} ({size:,} bytes)"
    return wall, usage.ru_maxrss / 1024, out


def alternate(cmds: dict[str, list[str]], runs: int, **kw) -> dict[str, tuple[float, float]]:
    """Each command `runs` times, alternating; (median seconds, max peak MiB) of each."""
    for cmd in cmds.values():                       # warm the file cache
        run(cmd, **kw)
    got: dict[str, list] = {name: [] for name in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            got[name].append(run(cmd, **kw)[:2])
    return {n: (statistics.median(t for t, _ in v), max(m for _, m in v)) for n, v in got.items()}


def cpu_and_wall(cmd: list[str]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one fresh process, its output discarded."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed")
    return usage.ru_utime + usage.ru_stime, wall


def alternate_both(cmds: dict[str, list[str]], runs: int) -> dict[str, tuple[float, float]]:
    """Each command `runs` times, alternating, after one run each to warm the file cache; the
    median (CPU seconds, wall seconds) of each. ``cmds``' values may be functions of the run's
    number giving the command (a fresh output folder each run)."""
    def made(cmd, r):
        return cmd(r) if callable(cmd) else cmd
    for cmd in cmds.values():
        run(made(cmd, -1))
    got: dict[str, list] = {name: [] for name in cmds}
    for r in range(runs):
        for name, cmd in cmds.items():
            got[name].append(cpu_and_wall(made(cmd, r)))
    return {name: (statistics.median(c for c, _ in v), statistics.median(w for _, w in v))
            for name, v in got.items()}


def big_config(n: int) -> str:
    """An n-n-10 sigmoid net with one sample: the step that grows with n."""
    return (f"network:\n  inputs: {n}\n  layers:\n"
            f"    - {{neurons: {n}, activation: sigmoid, weights: {{init: uniform, low: -0.1, high: 0.1}}, "
            "bias: {init: zeros}}\n"
            "    - {neurons: 10, activation: sigmoid, weights: {init: uniform, low: -0.1, high: 0.1}, "
            "bias: {init: zeros}}\n"
            f"loss: half_sse\nlearning_rate: 0.5\nseed: 1\nsample:\n  input: {[0.5] * n}\n"
            f"  target: {[0.0] * 9 + [1.0]}\n")


def net_config(sizes: list[int], data: str = "", acts=("relu", "softmax"),
               loss: str = "cross_entropy", extra: str = "") -> str:
    """A config for a dense net of these sizes (random weights, a bias per neuron), its
    sample a fixed pattern (inputs in [0, 1], the first class)."""
    d, *layers = sizes
    lines = ["title: bench", "seed: 1", "network:", f"  inputs: {d}", "  layers:"]
    for i, n in enumerate(layers):
        act = acts[-1] if i == len(layers) - 1 else acts[0]
        init = "xavier" if i == len(layers) - 1 else "he"
        lines.append(f"    - {{neurons: {n}, activation: {act}, weights: {{init: {init}}}, "
                     "bias: {init: zeros}}")
    x = [round((k % 17) / 16, 4) for k in range(d)]
    t = [1] + [0] * (layers[-1] - 1)
    lines += [f"loss: {loss}", "learning_rate: 0.1",
              f"sample: {{input: {x}, target: {t}}}"]
    if data:
        lines.append(f"data: {data}")
    if extra:
        lines.append(extra)
    return "\n".join(lines) + "\n"


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text)
    return str(path)


def mnist_like(folder: Path, n: int) -> dict[str, str]:
    """Synthetic data in Keras' mnist.npz layout and as a CSV (label, pixel0 … pixel783)."""
    import numpy as np
    rng = np.random.Generator(np.random.PCG64(0))
    x = rng.integers(0, 256, (n, 28, 28), dtype=np.uint8)
    y = rng.integers(0, 10, n).astype(np.uint8)
    npz = folder / "mnist.npz"
    np.savez(npz, x_train=x, y_train=y)
    csv = folder / "mnist.csv"
    header = "label," + ",".join(f"pixel{i}" for i in range(784))
    np.savetxt(csv, np.concatenate([y[:, None], x.reshape(n, -1)], 1), fmt="%d", delimiter=",",
               header=header, comments="")
    return {"npz": str(npz), "csv": str(csv)}


def fit_exponent(work: list[float], seconds: list[float]) -> float:
    """The slope of log(seconds) against log(work): 1 is linear."""
    import math
    xs = [math.log(w) for w in work]
    ys = [math.log(s) for s in seconds]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
