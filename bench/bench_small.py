"""The tiny nets a class works with: each figure beside its named reference, in the same run,
with the machine's load average (public tools only: time, os, subprocess). Whole processes
are measured in CPU seconds (user + system: steadier than the wall clock on a shared
machine), alternating, medians; work in this process in the CPU seconds of its thread (the
BLAS library's own threads, which spin for a while after numpy's first matrix product, are
not the work measured). A process's CPU seconds count that spinning too (0.05–0.1 s of a
second core after `import numpy` and after a matrix product): the whole-process rows print
their wall-clock medians beside them.

    python bench/bench_small.py [--runs 5]

1. Mazur 2-2-2, 10,000 online updates in process (`train`, the loss recorded as the config
   asks) against a hand-unrolled plain-Python loop of the same updates, written as a textbook
   writes them; and new.w5 of both. The same loop in the engine's formulas (a sigmoid that
   cannot overflow, δ = (y − t)·(out·(1 − out)), w − η·(δ·out)) gives bptrace's new.w5 to
   the last bit.
2. The crossover: 2-H-2 sigmoid nets, 2,000 online updates, the small-net path (Python
   floats) against the array engine (numpy) and against a hand-written numpy loop of the
   same updates, per update, for growing H (past the size the path takes, too).
3. `check mazur --diagnose`, whole process, against `python -c "import numpy, rich, click, yaml"`.
4. `bptrace.step("mazur")` in process against a micrograd-style scalar autograd of the same step.
5. `step --format html` against `step --format json` of the same net, whole processes (a step
   of more than 2,000 quantities is a summarised page).
6. Grading a class folder of 50 answer files with `--diagnose` against a folder of one.
7. `exercise --variants 50 --out` against one sheet `--out`, whole processes.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import BARE, PY, alternate_both, big_config, run  # noqa: E402

BP = [PY, "-m", "bptrace"]


def engine_mazur(n: int = 10_000) -> tuple[float, float]:
    """Mazur's updates hand-unrolled in the engine's formulas (the order of each product)."""
    exp = math.exp

    def sig(z):
        e = exp(-abs(z))
        return (1.0 if z >= 0 else e) / (1.0 + e)
    w1, w2, w3, w4, w5, w6, w7, w8 = 0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55
    b1, b2, x1, x2, t1, t2, eta = 0.35, 0.60, 0.05, 0.10, 0.01, 0.99, 0.5
    t0 = time.thread_time()
    for _ in range(n):
        h1, h2 = sig(x1 * w1 + x2 * w2 + b1), sig(x1 * w3 + x2 * w4 + b1)
        o1, o2 = sig(h1 * w5 + h2 * w6 + b2), sig(h1 * w7 + h2 * w8 + b2)
        d1, d2 = (o1 - t1) * (o1 * (1.0 - o1)), (o2 - t2) * (o2 * (1.0 - o2))
        e1, e2 = (d1 * w5 + d2 * w7) * (h1 * (1.0 - h1)), (d1 * w6 + d2 * w8) * (h2 * (1.0 - h2))
        w5, w6, w7, w8 = w5 - eta * (d1 * h1), w6 - eta * (d1 * h2), w7 - eta * (d2 * h1), w8 - eta * (d2 * h2)
        w1, w2, w3, w4 = w1 - eta * (e1 * x1), w2 - eta * (e1 * x2), w3 - eta * (e2 * x1), w4 - eta * (e2 * x2)
    return time.thread_time() - t0, w5


def plain_mazur(n: int = 10_000, exp=math.exp) -> tuple[float, float]:
    """The reference: Mazur's 10,000 updates, hand-unrolled on Python floats."""
    w1, w2, w3, w4, w5, w6, w7, w8 = 0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55
    b1, b2, x1, x2, t1, t2, eta = 0.35, 0.60, 0.05, 0.10, 0.01, 0.99, 0.5
    t0 = time.thread_time()
    for _ in range(n):
        h1 = 1 / (1 + exp(-(w1 * x1 + w2 * x2 + b1)))
        h2 = 1 / (1 + exp(-(w3 * x1 + w4 * x2 + b1)))
        o1 = 1 / (1 + exp(-(w5 * h1 + w6 * h2 + b2)))
        o2 = 1 / (1 + exp(-(w7 * h1 + w8 * h2 + b2)))
        d1, d2 = (o1 - t1) * o1 * (1 - o1), (o2 - t2) * o2 * (1 - o2)
        e1, e2 = (d1 * w5 + d2 * w7) * h1 * (1 - h1), (d1 * w6 + d2 * w8) * h2 * (1 - h2)
        w5, w6, w7, w8 = w5 - eta * d1 * h1, w6 - eta * d1 * h2, w7 - eta * d2 * h1, w8 - eta * d2 * h2
        w1, w2, w3, w4 = w1 - eta * e1 * x1, w2 - eta * e1 * x2, w3 - eta * e2 * x1, w4 - eta * e2 * x2
    return time.thread_time() - t0, w5


def bptrace_mazur() -> tuple[float, float]:
    from bptrace.config import load_config, train_settings
    from bptrace.training.loop import train
    cfg = load_config("mazur")
    s = train_settings(cfg.train, cfg.network, cfg.seed)
    t0 = time.thread_time()
    train(cfg.network, *cfg.dataset, cfg.learning_rate, s)
    return time.thread_time() - t0, float(cfg.network.layers[1].W[0, 0])


def numpy_loop(H: int, n: int = 2000) -> float:
    """µs an update of a hand-written numpy loop: 2-H-2 sigmoid, online, ½Σ(t − y)²."""
    import numpy as np
    rng = np.random.default_rng(1)
    W1, W2 = rng.uniform(-1, 1, (H, 2)), rng.uniform(-1, 1, (2, H))
    b1, b2 = np.zeros(H), np.zeros(2)
    x, t = np.array([0.05, 0.1]), np.array([0.01, 0.99])
    t0 = time.thread_time()
    for _ in range(n):
        h = 1 / (1 + np.exp(-(W1 @ x + b1)))
        y = 1 / (1 + np.exp(-(W2 @ h + b2)))
        d2 = (y - t) * y * (1 - y)
        d1 = (W2.T @ d2) * h * (1 - h)
        W2 -= 0.5 * np.outer(d2, h)
        b2 -= 0.5 * d2
        W1 -= 0.5 * np.outer(d1, x)
        b1 -= 0.5 * d1
    return (time.thread_time() - t0) / n * 1e6


def crossover(runs: int) -> list[tuple[int, float, float, float, float]]:
    """(H, µs an update on floats, on the array engine, in a hand-written numpy loop, ms the
    first training takes more on floats: compiling its update) for 2-H-2 nets."""
    import bptrace.training.loop as T
    from bptrace.config import parse_config, train_settings
    from bptrace.maths import scalar
    limit, scalar.LIMIT = scalar.LIMIT, 10**6          # past its size limit too
    out = []
    for H in (2, 8, 16, 32, 64, 96, 128, 160):
        text = (f"network:\n  inputs: 2\n  layers:\n"
                f"    - {{neurons: {H}, activation: sigmoid, weights: {{init: uniform, low: -1, high: 1}}, "
                f"bias: {{init: zeros}}}}\n"
                f"    - {{neurons: 2, activation: sigmoid, weights: {{init: uniform, low: -1, high: 1}}, "
                f"bias: {{init: zeros}}}}\n"
                "loss: half_sse\nlearning_rate: 0.5\nseed: 1\n"
                "data:\n  - {input: [0.05, 0.1], target: [0.01, 0.99]}\n")
        times, first = {}, {}
        for side in ("small", "array"):
            got = []
            for _ in range(runs + 1):                  # the first: with compiling
                cfg = parse_config(text, "net.yaml")
                s = train_settings({}, cfg.network, 1)
                s.epochs, s.every = 2000, 2000
                real = T._small
                if side == "array":
                    T._small = lambda *a: None
                try:
                    t0 = time.thread_time()
                    T.train(cfg.network, *cfg.dataset, 0.5, s)
                    got.append(time.thread_time() - t0)
                finally:
                    T._small = real
            first[side] = got[0]
            times[side] = statistics.median(got[1:])
        hand = statistics.median(numpy_loop(H) for _ in range(runs))
        out.append((H, times["small"] / 2000 * 1e6, times["array"] / 2000 * 1e6, hand,
                    (first["small"] - times["small"]) * 1e3))
    scalar.LIMIT = limit
    return out


def micrograd_step() -> float:
    """A micrograd-style scalar autograd of Mazur's step (forward, backward, update)."""
    class V:
        __slots__ = ("v", "g", "back", "kids")

        def __init__(self, v, kids=()):
            self.v, self.g, self.back, self.kids = v, 0.0, None, kids

        def __add__(self, o):
            o = o if isinstance(o, V) else V(o)
            out = V(self.v + o.v, (self, o))

            def back():
                self.g += out.g
                o.g += out.g
            out.back = back
            return out

        def __mul__(self, o):
            o = o if isinstance(o, V) else V(o)
            out = V(self.v * o.v, (self, o))

            def back():
                self.g += o.v * out.g
                o.g += self.v * out.g
            out.back = back
            return out

        def __sub__(self, o):
            return self + (o * -1.0 if isinstance(o, V) else V(-o))

        def sig(self):
            s = 1 / (1 + math.exp(-self.v))
            out = V(s, (self,))

            def back():
                self.g += s * (1 - s) * out.g
            out.back = back
            return out

        def backward(self):
            order, seen = [], set()

            def visit(n):
                if id(n) not in seen:
                    seen.add(id(n))
                    for k in n.kids:
                        visit(k)
                    order.append(n)
            visit(self)
            self.g = 1.0
            for n in reversed(order):
                if n.back:
                    n.back()

    t0 = time.perf_counter()
    w = [V(v) for v in (0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55)]
    x1, x2, b1, b2 = 0.05, 0.10, 0.35, 0.60
    h1 = (w[0] * x1 + w[1] * x2 + b1).sig()
    h2 = (w[2] * x1 + w[3] * x2 + b1).sig()
    o1 = (w[4] * h1 + w[5] * h2 + b2).sig()
    o2 = (w[6] * h1 + w[7] * h2 + b2).sig()
    e1, e2 = o1 - 0.01, o2 - 0.99
    loss = e1 * e1 * 0.5 + e2 * e2 * 0.5
    loss.backward()
    _ = [p.v - 0.5 * p.g for p in w]
    return time.perf_counter() - t0


def step_inprocess() -> float:
    import bptrace
    t0 = time.perf_counter()
    bptrace.step("mazur")
    return time.perf_counter() - t0


def answer_folders(tmp: Path) -> tuple[Path, Path]:
    """A sheet (exercise --seed 7) and two folders: one answer file, and 50; each student
    answers about one value in five wrong (its sign, or 10 % off), drawn per student."""
    import random
    import shutil
    import subprocess

    src = tmp / "sheet"
    subprocess.run(BP + ["exercise", "--seed", "7", "--out", str(src)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import bptrace
    step = bptrace.step(bptrace.load(str(src / "exercise-A.yaml")))
    keys = [line.split(":")[0] for line in (src / "answers-A.yaml").read_text().splitlines()
            if ":" in line and not line.startswith(("#", "sheet"))]
    out = []
    for n in (1, 50):
        folder = tmp / f"class{n}"
        folder.mkdir()
        shutil.copy(src / "exercise-A.yaml", folder)
        for k in range(n):
            rnd = random.Random(k)
            lines = ["sheet: exercise-A.yaml"]
            for key in keys:
                v = step.trace.value(key)
                if rnd.random() < 0.2:
                    v = -v if rnd.random() < 0.5 else v * 1.1
                lines.append(f"{key}: {v:.4f}")
            (folder / f"answers-{k:03d}.yaml").write_text("\n".join(lines) + "\n")
        out.append(folder)
    return out[0], out[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sizes", default="40,120,784", help="step --format html/json sizes N-N-10")
    a = ap.parse_args()
    print(f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    print("| work | bptrace | reference | ratio | goal |\n|---|---|---|---|---|")
    ours, ref, e = [], [], []
    bptrace_mazur(), plain_mazur(), engine_mazur()      # compiling and first runs, untimed
    for _ in range(a.runs):                 # alternating, medians
        ours.append(bptrace_mazur())
        ref.append(plain_mazur())
        e.append(engine_mazur())
    o, r = statistics.median(t for t, _ in ours), statistics.median(t for t, _ in ref)
    print(f"| Mazur 2-2-2, 10,000 online updates in process | {o:.3f} s (new.w5 {ours[0][1]!r}) | "
          f"hand-unrolled plain-Python loop {r:.3f} s (new.w5 {ref[0][1]!r}) | {o / r:.2f}× | ≤ 2× |")
    same = "the same to the last bit" if e[0][1] == ours[0][1] else f"NOT the same: {e[0][1]!r}"
    print(f"| (the same) | | the hand loop in the engine's formulas {statistics.median(t for t, _ in e):.3f} s "
          f"(new.w5 {same}) | {o / statistics.median(t for t, _ in e):.2f}× | |")
    got = alternate_both({"diag": BP + ["check", "mazur", "--diagnose"], "bare": BARE}, a.runs)
    (d, dw), (b, bw) = got["diag"], got["bare"]
    print(f"| `check mazur --diagnose`, whole process (CPU) | {d:.2f} s | bare imports {b:.2f} s | "
          f"{d / b:.2f}× (wall clock {dw:.2f} s against {bw:.2f} s: {dw / bw:.2f}×) | ≤ 3× |")
    step_inprocess()                        # imports and first-use costs out of the way
    s = statistics.median(step_inprocess() for _ in range(max(20, a.runs)))
    m = statistics.median(micrograd_step() for _ in range(max(20, a.runs)))
    print(f"| `bptrace.step(\"mazur\")` in process | {s * 1e3:.2f} ms | micrograd-style scalar "
          f"autograd {m * 1e3:.3f} ms | {s / m:.1f}× | ≤ 2× |")
    tmp = Path(tempfile.mkdtemp(prefix="bptrace-bench-"))
    for n in [int(v) for v in a.sizes.split(",")]:
        path = tmp / f"n{n}.yaml"
        path.write_text(big_config(n))
        cmds = {"html": BP + ["step", str(path), "--format", "html"],
                "json": BP + ["step", str(path), "--format", "json"]}
        got = {k: [] for k in cmds}
        for _ in range(max(1, a.runs // 2)):
            for k, cmd in cmds.items():
                got[k].append(run(cmd)[0])
        h, j = statistics.median(got["html"]), statistics.median(got["json"])
        print(f"| `step --format html`, {n}-{n}-10 | {h:.2f} s | `--format json` {j:.2f} s | "
              f"{h / j:.2f}× | ≤ 1.5× |")
    one, fifty = answer_folders(tmp)
    got = alternate_both({
        "one": BP + ["check", str(one / "exercise-A.yaml"), "--expect", str(one), "--diagnose"],
        "fifty": BP + ["check", str(fifty / "exercise-A.yaml"), "--expect", str(fifty),
                       "--diagnose"]}, a.runs)
    (o, ow), (f, fw) = got["one"], got["fifty"]
    print(f"| grading 50 answer files with `--diagnose`, whole process (CPU) | {f:.2f} s | "
          f"one answer file {o:.2f} s | {f / o:.2f}× (wall clock {fw:.2f} s against {ow:.2f} s: "
          f"{fw / ow:.2f}×; {(f - o) / 49 * 1e3:.1f} ms a file) | ≤ 1.5× |")
    got = alternate_both({k: (lambda r, k=k, n=n: BP + ["exercise", "--seed", "7", "--variants", str(n),
                                                          "--out", str(tmp / f"ex-{k}-{r}")])
                          for k, n in (("one", 1), ("fifty", 50))}, a.runs)
    (o, ow), (f, fw) = got["one"], got["fifty"]
    print(f"| `exercise --variants 50 --out`, whole process (CPU) | {f:.2f} s | one sheet {o:.2f} s | "
          f"{f / o:.2f}× (wall clock {fw:.2f} s against {ow:.2f} s: {fw / ow:.2f}×; "
          f"{(f - o) / 49 * 1e3:.1f} ms a sheet) | ≤ 2× |")
    from bptrace.maths.scalar import LIMIT
    print(f"\ncrossover (2-H-2 sigmoid, online updates; µs an update; the small path takes "
          f"nets of up to {LIMIT} multiply-adds an update):")
    print("| H | Python floats | numpy (array engine) | hand-written numpy | floats / array engine "
          "| floats / hand-written numpy | compiling (once) |\n|---|---|---|---|---|---|---|")
    for H, sm, ar, hand, made in crossover(max(1, a.runs // 2)):
        print(f"| {H} | {sm:.1f} | {ar:.1f} | {hand:.1f} | {sm / ar:.2f} | {sm / hand:.2f} | {made:.0f} ms |")
    print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
