"""Peak memory of `bptrace step --format json` against the size guard's estimate.

    python bench/bench_memory.py [--sizes 50,100,200,400,800]

For each size n, a network n-n-10 (n inputs, n sigmoid hidden neurons, 10 outputs, random
weights and biases) is written to a temporary config and `bptrace step CONFIG --format json`
runs in a fresh process (output discarded); its peak resident memory is read with
resource.getrusage(RUSAGE_CHILDREN).ru_maxrss from a fresh helper process, so that each
figure is one child's. The estimate is bptrace.config.guard.trace_bytes for the same sizes —
what the guard compares with the available memory before a trace is built. The report
gives both and their ratio; the target is an estimate within 2× of the measured peak.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

PEAK = """
import resource, subprocess, sys
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
if r.returncode:
    sys.exit(r.stderr.decode()[:300])
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)
"""


def config(n: int) -> str:
    ones = ", ".join(["0.5"] * n)
    return (f"network:\n  inputs: {n}\n  layers:\n"
            f"    - {{neurons: {n}, activation: sigmoid, weights: {{init: uniform}}, bias: {{init: zeros}}}}\n"
            "    - {neurons: 10, activation: sigmoid, weights: {init: uniform}, bias: {init: zeros}}\n"
            f"learning_rate: 0.1\nsample: {{input: [{ones}], target: [{', '.join(['0.5'] * 10)}]}}\n")


def peak(path: Path) -> int:
    out = subprocess.run([sys.executable, "-c", PEAK, sys.executable, "-m", "bptrace", "step",
                          str(path), "--format", "json"], capture_output=True, text=True, check=True)
    return int(out.stdout)


def main() -> None:
    from bptrace.config.guard import parameters, trace_bytes

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="50,100,200,400,800")
    sizes = [int(s) for s in ap.parse_args().sizes.split(",")]
    mib = 2 ** 20
    print(f"{'network':>12} {'parameters':>11} {'measured MiB':>13} {'estimate MiB':>13} {'ratio':>6}")
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = Path(tmp) / f"n{n}.yaml"
            path.write_text(config(n))
            measured = peak(path)
            estimate = trace_bytes([n, n, 10], [n, 10])
            ratio = estimate / measured
            worst = max(worst, ratio, 1 / ratio)
            print(f"{f'{n}-{n}-10':>12} {parameters([n, n, 10]):>11,} {measured / mib:>13.1f} "
                  f"{estimate / mib:>13.1f} {ratio:>6.2f}")
    print(f"worst factor between estimate and measurement: {worst:.2f} (target ≤ 2)")


if __name__ == "__main__":
    main()
