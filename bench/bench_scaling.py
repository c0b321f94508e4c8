"""How cost grows with the work: `step` (Rich), `step --format json` and `train` (one epoch,
batch 200) over 5 sizes, and the exponent of a fit of time against parameters × samples
(1 is linear). Whole processes, the bare-import time subtracted; medians of --runs.

    python bench/bench_scaling.py [--runs 3] [--sizes 50,100,200,400,784] [--only step,json]

Sizes are D-D-10 networks (D inputs, D hidden relu neurons, 10 softmax outputs); step traces
one sample, train runs one epoch over 20·D samples (so its work grows as D³).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import BARE, ONE_THREAD, PY, alternate, fit_exponent, net_config, write  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sizes", default="50,100,200,400,784")
    ap.add_argument("--only", default="step,json,train",
                    help="which commands: step, json (step --format json), train")
    a = ap.parse_args()
    sizes = [int(s) for s in a.sizes.split(",")]
    tmp = Path(tempfile.mkdtemp(prefix="bptrace-scaling-"))
    names = {"step": "step", "json": "step --format json", "train": "train"}
    chosen = [names[k] for k in a.only.split(",")]
    rows = {k: [] for k in chosen}
    work = {k: [] for k in chosen}
    print("| D | parameters | samples | " + " | ".join(f"{k} s" for k in rows) + " |\n|---|---|---|"
          + "---|" * len(rows))
    for d in sizes:
        import numpy as np
        n = 20 * d
        if "train" in rows:
            rng = np.random.Generator(np.random.PCG64(0))
            y = rng.integers(0, 10, n)
            np.savez(tmp / f"d{d}.npz", x_train=rng.random((n, d)), y_train=y)
        cfg = write(tmp, f"d{d}.yaml", net_config(
            [d, d, 10], data=f"{{npz: d{d}.npz}}" if "train" in rows else "",
            extra="train: {epochs: 1, mode: minibatch, batch_size: 200}" if "train" in rows else ""))
        params = d * d + d + 10 * d + 10
        cmds = {"step": [PY, "-m", "bptrace", "step", cfg],
                "step --format json": [PY, "-m", "bptrace", "step", cfg, "--format", "json"],
                "train": [PY, "-m", "bptrace", "train", cfg, "--format", "json"]}
        m = alternate({"bare": BARE, **{k: cmds[k] for k in rows}}, a.runs, env=ONE_THREAD,
                      cwd=str(tmp))
        bare = m["bare"][0]
        for k in rows:
            rows[k].append(max(m[k][0] - bare, 1e-3))
            work[k].append(params * (n if k == "train" else 1))
        print(f"| {d} | {params:,} | {n:,} | " + " | ".join(f"{v[-1]:.3f}" for v in rows.values())
              + " |", flush=True)
    print()
    for k in rows:
        print(f"{k:<20} cost ∝ (parameters × samples)^{fit_exponent(work[k], rows[k]):.2f}"
              + (f"; between the two largest sizes ^{fit_exponent(work[k][-2:], rows[k][-2:]):.2f}"
                 if len(sizes) > 2 else ""))


if __name__ == "__main__":
    main()
