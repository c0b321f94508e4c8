"""Whole-process start-up cost of `bptrace step` (the default example, Rich tables) against
the bare import of its runtime libraries, `python -c "import numpy, rich, click, yaml"`.

    python bench/bench_step.py [--runs 20]

Both commands run alternately in fresh processes; the report gives the median wall time of
each and their ratio (the target is ≤ 1.3×). bptrace's modules are byte-compiled first, as
`pip install .` does (the libraries of the reference are compiled already; where
PYTHONDONTWRITEBYTECODE is set, an editable install would otherwise recompile every run).
Measure a regular install (`pip install .`): an editable one adds its import finder, about
15 ms.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

REFERENCE = [sys.executable, "-c", "import numpy, rich, click, yaml"]
COMMANDS = {
    "bptrace step": [sys.executable, "-m", "bptrace", "step"],
    "bptrace step --format json": [sys.executable, "-m", "bptrace", "step", "--format", "json"],
}


def wall(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


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
    ref = statistics.median(times["reference"])
    print(f"reference  python -c 'import numpy, rich, click, yaml': {ref * 1000:7.1f} ms (median of {args.runs})")
    for name in COMMANDS:
        t = statistics.median(times[name])
        print(f"{name:<28} {t * 1000:7.1f} ms   ratio {t / ref:.2f}×")


if __name__ == "__main__":
    main()
