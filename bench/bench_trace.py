"""What a traced step costs on a large network: `step --format json` and `step` (Rich, the
per-layer summaries) on the lecture slides' MNIST setup 784-784-10 (623k parameters), and
`step --format json` on 200-200-10 against bare imports. Whole processes, alternating runs,
the median and the least of each, peak resident memory, and the ratios.

    python bench/bench_trace.py [--runs 5] [--against DIR]

``--against DIR``: a checkout of another version of bptrace (e.g. ``git worktree add`` or
``git archive REV | tar -x -C DIR``), run with ``PYTHONPATH=DIR`` in the same alternation,
so that both versions see the same machine load; the report gives new/old ratios.
Goals: 784 JSON ≤ 2 s and ≤ 400 MiB, 784 Rich ≤ 1.5 s, 200 JSON ≤ 2× bare imports.
A long array's number texts are made on two cores only when the last minute's load leaves
one idle: on a busy machine the figures are one core's (the report gives the load).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import BARE, ONE_THREAD, PY, net_config, write  # noqa: E402


def run(cmd: list[str], env: dict, cwd: Path) -> tuple[float, float, str]:
    """(wall seconds, peak RSS MiB, sha256 of stdout) of one fresh process. Its output goes
    to a file, not into this process: a large parent would lend its size to the child's
    peak (a forked child starts with its parent's resident pages)."""
    out = cwd / "stdout"
    with open(out, "wb") as fh:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.DEVNULL, cwd=cwd,
                             env={**os.environ, **env})
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed")
    digest = hashlib.sha256()
    with open(out, "rb") as fh:
        for piece in iter(lambda: fh.read(1 << 20), b""):
            digest.update(piece)
    out.unlink()
    return wall, usage.ru_maxrss / 1024, digest.hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--against", metavar="DIR", help="another checkout to compare with")
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bptrace-trace-"))
    big = write(tmp, "n784.yaml", net_config([784, 784, 10]))
    small = write(tmp, "n200.yaml", net_config([200, 200, 10]))
    work = {"784 json": ["step", big, "--format", "json"], "784 rich": ["step", big],
            "200 json": ["step", small, "--format", "json"]}
    versions = {"new": {}} | ({"old": {"PYTHONPATH": str(Path(a.against).resolve())}}
                              if a.against else {})
    cmds = {"bare": ([*BARE], {})}
    for name, args in work.items():
        for v, env in versions.items():
            cmds[f"{name} {v}"] = ([PY, "-m", "bptrace", *args], env)
    got: dict[str, list[tuple[float, float]]] = {n: [] for n in cmds}
    outputs: dict[str, str] = {}
    for i in range(a.runs + 1):                     # the first round warms the file cache
        for name, (cmd, env) in cmds.items():
            wall, peak, out = run(cmd, {**ONE_THREAD, **env}, tmp)
            if i:
                got[name].append((wall, peak))
            outputs[name] = out
    for name in work:
        if "old" in versions and outputs[f"{name} new"] != outputs[f"{name} old"]:
            print(f"!! {name}: the two versions' outputs differ")
    print(f"load average (1, 5, 15 min) at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
          f" on {os.cpu_count()} cores\n")
    print(f"| run | median s | least s | peak MiB |\n|---|---|---|---|")
    for name, v in got.items():
        print(f"| {name} | {statistics.median(t for t, _ in v):.3f} | {min(t for t, _ in v):.3f} "
              f"| {max(m for _, m in v):.0f} |")
    print()
    bare = [t for t, _ in got["bare"]]
    for v in versions:
        r = [t / b for (t, _), b in zip(got[f"200 json {v}"], bare)]
        print(f"200-200-10 json / bare imports ({v}): median {statistics.median(r):.2f}×, "
              f"least {min(r):.2f}× (goal ≤ 2×)")
    if "old" in versions:
        for name in work:
            r = [n / o for (n, _), (o, _) in zip(got[f"{name} new"], got[f"{name} old"])]
            print(f"{name}: new/old median {statistics.median(r):.3f}, least {min(r):.3f}")


if __name__ == "__main__":
    main()
