"""Whole-process start-up cost of `bptrace --help` and `bptrace step` (the default example,
Rich tables) against the bare import of the runtime libraries,
`python -c "import numpy, rich, click, yaml"`.

    python bench/bench_step.py [--runs 20]

The commands run alternately in fresh processes; the report gives the fastest and the median
wall time of each and their ratios to the reference's (the target is ≤ 2×): on a busy
machine the fastest runs are the fairest comparison, the medians the typical one. The same
for the CPU time each process used (user + system), which waiting for a busy machine's
cores does not inflate. bptrace's modules are byte-compiled first, as
`pip install .` does (the libraries of the reference are compiled already; where
PYTHONDONTWRITEBYTECODE is set, an editable install would otherwise recompile every run).
Measure a regular install (`pip install .`): an editable one adds its import finder, about
15 ms.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REFERENCE = [sys.executable, "-c", "import numpy, rich, click, yaml"]
COMMANDS = {
    "bptrace --help": [sys.executable, "-m", "bptrace", "--help"],
    "bptrace step": [sys.executable, "-m", "bptrace", "step"],
    "bptrace step --format json": [sys.executable, "-m", "bptrace", "step", "--format", "json"],
}


def wall(cmd: list[str]) -> tuple[float, float]:
    """The wall time of one run and the CPU time (user + system) its process used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    t1 = time.perf_counter()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return t1 - t0, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    import bptrace
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(bptrace.__file__).parent)],
                   check=True)
    for cmd in [REFERENCE, *COMMANDS.values()]:
        wall(cmd)                                   # warm the file cache
    times = {"reference": []} | {name: [] for name in COMMANDS}
    for _ in range(args.runs):
        times["reference"].append(wall(REFERENCE))
        for name, cmd in COMMANDS.items():
            times[name].append(wall(cmd))
    print(f"{args.runs} alternating runs each; fastest / median time, ratio to the reference's")
    for k, kind in enumerate(("wall", "CPU (user + system)")):
        ref = [t[k] for t in times["reference"]]
        ref_min, ref_med = min(ref), statistics.median(ref)
        print(f"{kind} time:")
        print(f"  {'reference (import numpy, rich, click, yaml)':<44} "
              f"{ref_min * 1000:6.1f} / {ref_med * 1000:6.1f} ms")
        for name in COMMANDS:
            mine = [t[k] for t in times[name]]
            t_min, t_med = min(mine), statistics.median(mine)
            print(f"  {name:<44} {t_min * 1000:6.1f} / {t_med * 1000:6.1f} ms   "
                  f"ratio {t_min / ref_min:.2f}× / {t_med / ref_med:.2f}×")


if __name__ == "__main__":
    main()
