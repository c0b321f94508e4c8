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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import BARE, ONE_THREAD, PY, mnist_like, net_config, run, write  # noqa: E402

BP = [PY, "-m", "bptrace"]


from row_workers import WIDE, WIDE_EPOCHS, WORKERS  # noqa: E402


def worker(name: str, arg: str | None) -> None:
    if name.endswith("torch"):
        import torch
        torch.set_num_threads(1)
    fn = WORKERS[name]
    args = [] if arg is None else [int(arg) if arg.isdigit() else arg]
    print(json.dumps(fn(*args)))


# glibc's malloc tuned from the environment (Linux): arrays up to 32 MiB come from the heap,
# which is not trimmed until 1 GiB of it is free, so each training update reuses the memory
# the previous one freed instead of paying a page fault per 4 KiB of fresh pages (784 → 784
# → 10, batch 200: about 2,400 faults an update). bptrace sets nothing itself; for a
# benchmark, run it and its reference alike with them, e.g.
#   env MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824 bptrace train …
# A name ending in "+heap" runs its worker with these.
HEAP = {"MALLOC_MMAP_THRESHOLD_": str(32 << 20), "MALLOC_TRIM_THRESHOLD_": str(1 << 30)}


def in_process(names: list[str], runs: int, arg=None) -> dict[str, list]:
    """Each worker's (work seconds, other number) per round, workers alternating."""
    got: dict[str, list] = {n: [] for n in names}
    for _ in range(runs):
        for n in names:
            name, heap = n.removesuffix("+heap"), n.endswith("+heap")
            cmd = [PY, __file__, "--worker", name] + ([] if arg is None else ["--arg", str(arg)])
            env = dict(ONE_THREAD, **HEAP) if heap else ONE_THREAD
            got[n].append(tuple(json.loads(run(cmd, env=env)[2].strip().splitlines()[-1])))
    return got


def alternate(cmds: dict[str, list[str]], runs: int, **kw) -> dict[str, list]:
    """Each command `runs` times, alternating (after one warm-up run each): (seconds, peak
    MiB) per round."""
    for cmd in cmds.values():
        run(cmd, **kw)
    got: dict[str, list] = {name: [] for name in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            got[name].append(run(cmd, **kw)[:2])
    return got


def cpu_seconds(cmd: list[str]) -> float:
    """The CPU time (user + system) of one whole process and the processes it waited for."""
    import resource
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    run(cmd)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def med(rounds: list, k: int = 0) -> float:
    return statistics.median(r[k] for r in rounds)


def ratio(a: list, b: list, k: int = 0, kb: int | None = None, unit: str = "×") -> str:
    """a/b round by round (the same round ran both, one after the other): median (min)."""
    rs = [x[k] / y[k if kb is None else kb] for x, y in zip(a, b)]
    return f"{statistics.median(rs):.2f}{unit} (min {min(rs):.2f}{unit})"


def have_torch() -> bool:
    """Whether PyTorch is installed — found, not imported: this process stays small (a
    child's peak memory on Linux starts from the RSS of the process it was forked from)."""
    import importlib.util
    return importlib.util.find_spec("torch") is not None


# ----------------------------------------------------------------------------- the rows
class Table:
    def __init__(self):
        self.rows = []

    def add(self, work, ours, ref, ratio, goal):
        self.rows.append((work, ours, ref, ratio, goal))
        print(f"| {work} | {ours} | {ref} | {ratio} | {goal} |", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3, help="alternating rounds per row")
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
    print(f"(medians of {a.runs} alternating rounds; each ratio is taken round by round: median, min)")
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
            t.add("`step --format json`, 784-784-10", f"{med(m['json']):.2f} s, {med(m['json'], 1):.0f} MiB",
                  f"numpy forward/backward process {med(m['numpy']):.2f} s, {med(m['numpy'], 1):.0f} MiB",
                  ratio(m["json"], m["numpy"]), "≤ 2 s, ≤ 400 MB")
        if 2 in rows:
            t.add("`step` (Rich), 784-784-10", f"{med(m['rich']):.2f} s, {med(m['rich'], 1):.0f} MiB",
                  f"bare imports {med(m['bare']):.2f} s", ratio(m["rich"], m["bare"]), "≤ 1.5 s")
    if 3 in rows or 4 in rows:
        m = alternate({"mid": BP + ["step", mid, "--format", "json"], "mazur": BP + ["step"],
                       "bare": BARE}, max(a.runs, 5))
        if 3 in rows:
            t.add("`step --format json`, 200-200-10", f"{med(m['mid']):.2f} s",
                  f"bare imports {med(m['bare']):.2f} s", ratio(m["mid"], m["bare"]), "≤ 2×")
        if 4 in rows:
            t.add("`bptrace step` (Mazur, Rich)", f"{med(m['mazur']):.2f} s",
                  f"bare imports {med(m['bare']):.2f} s", ratio(m["mazur"], m["bare"]), "≤ 2×")
    if 5 in rows:
        names = ["mazur_bptrace", "mazur_numpy"] + (["mazur_torch"] if torch else [])
        m = in_process(names, a.runs)
        ref = f"numpy loop {med(m['mazur_numpy']):.2f} s" + (
            f"; PyTorch {med(m['mazur_torch']):.2f} s" if torch else "")
        t.add("Mazur, 10,000 online updates", f"{med(m['mazur_bptrace']):.2f} s", ref,
              ratio(m["mazur_bptrace"], m["mazur_numpy"], unit="× numpy"), "≤ 2× the floor")
    if 6 in rows:
        names = ["epoch_bptrace", "epoch_numpy", "epoch_bptrace+heap", "epoch_numpy+heap"] + (
            ["epoch_torch"] if torch else [])
        m = in_process(names, a.runs, a.samples)
        ref = (f"numpy {med(m['epoch_numpy']):.2f} s (both with MALLOC_* set: bptrace "
               f"{med(m['epoch_bptrace+heap']):.2f} s, numpy {med(m['epoch_numpy+heap']):.2f} s)" + (
                   f"; PyTorch f64 {med(m['epoch_torch']):.2f} s" if torch else ""))
        r = ratio(m["epoch_bptrace"], m["epoch_numpy"], unit="× numpy") + ", " + ratio(
            m["epoch_bptrace+heap"], m["epoch_numpy+heap"], unit="× numpy with MALLOC_*") + (
            ", " + ratio(m["epoch_bptrace"], m["epoch_torch"], unit="× torch") if torch else "")
        t.add(f"one epoch {a.samples:,}×784 → 784 → 10, batch 200, 1 thread",
              f"{med(m['epoch_bptrace']):.2f} s", ref, r, "≤ 1.05× numpy, ≤ 0.9× torch")
    if 7 in rows:
        m = in_process(["wide_bptrace", "wide_numpy"], a.runs)
        t.add(f"train 1-{WIDE}-1, a bias per neuron (build + {WIDE_EPOCHS} epochs)",
              f"{med(m['wide_bptrace']):.2f} s", f"numpy {med(m['wide_numpy']):.2f} s",
              ratio(m["wide_bptrace"], m["wide_numpy"]), "≤ 1.2×")
    if rows & {8, 9}:
        files = mnist_like(tmp, a.samples)
        cfgs = {}
        for form, data in (("npz", f"{{npz: {files['npz']}, scale: 255}}"),
                           ("csv", f"{{csv: {files['csv']}, input: [pixel0-pixel783], target: label, scale: 255}}")):
            cfgs[form] = write(tmp, f"train_{form}.yaml", net_config(
                [784, 784, 10], data=data, extra="train: {epochs: 1, mode: minibatch, batch_size: 200}"))
        if 8 in rows:
            whole = """
import numpy as np, sys
sys.path.insert(0, {here!r})
import row_workers as B
{load}
B._epoch_data = lambda n: (X, np.eye(10)[y], B._epoch_init())
print(B.w_epoch_numpy(len(X)))"""
            here = str(Path(__file__).parent)
            csv_load = (f"d = np.loadtxt({files['csv']!r}, delimiter=',', skiprows=1)\n"
                        "X, y = d[:, 1:] / 255, d[:, 0].astype(int)")
            npz_load = (f"f = np.load({files['npz']!r})\n"
                        "X, y = f['x_train'].reshape(len(f['x_train']), -1) / 255, f['y_train'].astype(int)")
            loadtxt = [PY, "-c", f"import numpy as np; np.loadtxt({files['csv']!r}, delimiter=',', skiprows=1)"]
            m = alternate({"npz": BP + ["train", cfgs["npz"], "--format", "json"],
                           "csv": BP + ["train", cfgs["csv"], "--format", "json"],
                           "numpy_csv": [PY, "-c", whole.format(here=here, load=csv_load)],
                           "numpy_npz": [PY, "-c", whole.format(here=here, load=npz_load)],
                           "npz+heap": ["env"] + [f"{k}={v}" for k, v in HEAP.items()]
                           + BP + ["train", cfgs["npz"], "--format", "json"],
                           "numpy_npz+heap": ["env"] + [f"{k}={v}" for k, v in HEAP.items()]
                           + [PY, "-c", whole.format(here=here, load=npz_load)],
                           "loadtxt": loadtxt}, a.runs, env=ONE_THREAD)
            t.add(f"`train` whole process, {a.samples:,}×784 from CSV",
                  f"{med(m['csv']):.2f} s, {med(m['csv'], 1):.0f} MiB",
                  f"numpy whole run (loadtxt + epoch) {med(m['numpy_csv']):.2f} s; "
                  f"loadtxt alone {med(m['loadtxt']):.2f} s",
                  ratio(m["csv"], m["numpy_csv"]), "≤ 1.2× the numpy whole run")
            t.add(f"`train` whole process, {a.samples:,}×784 from mnist.npz",
                  f"{med(m['npz']):.2f} s, {med(m['npz'], 1):.0f} MiB",
                  f"numpy whole run (np.load + epoch) {med(m['numpy_npz']):.2f} s (both with "
                  f"MALLOC_* set: bptrace {med(m['npz+heap']):.2f} s, numpy "
                  f"{med(m['numpy_npz+heap']):.2f} s)",
                  ratio(m["npz"], m["numpy_npz"]) + "; " + ratio(m["npz+heap"], m["numpy_npz+heap"],
                                                                unit="× with MALLOC_*"),
                  "≤ 1.2× the numpy whole run")
        if 9 in rows:
            m = in_process(["post"], a.runs, cfgs["npz"])
            t.add(f"`train` post-processing, {a.samples:,} samples",
                  f"{med(m['post']):.2f} s (of it `--format json` {med(m['post'], 2):.2f} s, "
                  f"Rich {med(m['post'], 3):.2f} s)",
                  f"training {med(m['post'], 1):.2f} s; json.dumps of the "
                  f"{int(m['post'][0][5]):,} trained values alone {med(m['post'], 4):.2f} s",
                  ratio(m["post"], m["post"], kb=1) + "; JSON " + ratio(
                      m["post"], m["post"], k=2, kb=4, unit="× json.dumps"), "≤ 0.3 s")
    if 10 in rows:
        m = alternate({"diagnose": BP + ["check", "--diagnose"], "check": BP + ["check"]}, a.runs)
        cpu = cpu_seconds(BP + ["check", "--diagnose"])
        t.add("`check --diagnose` on Mazur's page", f"{med(m['diagnose']):.2f} s "
              f"(min {min(r[0] for r in m['diagnose']):.2f} s; CPU {cpu:.2f} s)",
              f"plain `check` {med(m['check']):.2f} s", ratio(m["diagnose"], m["check"]), "≤ 2 s")
    if 11 in rows:
        vary = ["compare", "cubic", "--vary", "hidden=1;2;5-5;10-15"]
        m = alternate({"j2": BP + vary + ["--jobs", "2"], "j1": BP + vary + ["--jobs", "1"]}, a.runs)
        t.add("`compare --jobs 2` vs `--jobs 1` (README's cubic)", f"{med(m['j2']):.2f} s",
              f"--jobs 1 {med(m['j1']):.2f} s", ratio(m["j1"], m["j2"], unit="× speed-up"), "≥ 1.6×")


if __name__ == "__main__":
    main()
