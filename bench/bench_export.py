"""The exported PyTorch program against `bptrace train`, on the network a user takes to
PyTorch when it outgrows bptrace: 784 → 784 relu → 10 softmax with cross-entropy, one epoch
of a synthetic data set (a CSV file of N × 784 inputs and one-hot labels), mini-batches of
100, plain SGD, float64, on the CPU.

    python bench/bench_export.py [--n 4000] [--threads 2]

Reports, for each side, the whole process (start-up, reading the CSV, training) and the
training alone (bptrace's train() called in a fresh process; the program's own timer), in
wall-clock and CPU seconds (the CPU time is the fairer figure on a busy machine), and the
ratio bptrace / PyTorch. The program takes --device cuda where a GPU is present.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CONFIG = """\
title: 784-784-10 relu/softmax, synthetic data
seed: 0
network:
  inputs: 784
  layers:
    - neurons: 784
      activation: relu
      weights: {{init: he}}
      bias: {{init: zeros}}
    - neurons: 10
      activation: softmax
      weights: {{init: xavier}}
      bias: {{init: zeros}}
loss: cross_entropy
learning_rate: 0.1
data: {{csv: data.csv, input: [{inputs}], target: [{targets}]}}
train: {{epochs: 1, mode: minibatch, batch_size: 100}}
"""


def write_data(folder: Path, n: int) -> None:
    import numpy as np
    rng = np.random.Generator(np.random.PCG64(0))
    X = np.round(rng.random((n, 784)), 3)
    T = np.eye(10)[rng.integers(0, 10, n)]
    header = [f"x{j}" for j in range(1, 785)] + [f"o{j}" for j in range(1, 11)]
    rows = [",".join(header)] + [",".join(f"{v:g}" for v in row) for row in np.hstack([X, T])]
    (folder / "data.csv").write_text("\n".join(rows) + "\n")
    (folder / "net.yaml").write_text(CONFIG.format(inputs=", ".join(header[:784]),
                                                   targets=", ".join(header[784:])))


def timed(cmd: list[str], env: dict) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
    return time.perf_counter() - start, done.stdout


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=4000, help="samples in the synthetic data set")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    try:
        import torch  # noqa: F401
    except ImportError:
        print("PyTorch is not installed (pip install 'bptrace[torch]'): nothing to compare.")
        return 0
    threads = str(args.threads)
    env = {**os.environ, "OMP_NUM_THREADS": threads, "OPENBLAS_NUM_THREADS": threads,
           "MKL_NUM_THREADS": threads}
    with tempfile.TemporaryDirectory(prefix="bptrace-bench-") as tmp:
        folder = Path(tmp)
        write_data(folder, args.n)
        cfg, prog = str(folder / "net.yaml"), str(folder / "net_pytorch.py")
        bptrace = [sys.executable, "-m", "bptrace"]
        subprocess.run(bptrace + ["export", cfg, "--to", "pytorch", "-o", prog], check=True,
                       capture_output=True, env=env)
        torch_wall, out = timed([sys.executable, prog, "--train", "--no-step"], env)
        result = json.loads(out)
        torch_train, torch_cpu = result["train_seconds"], result["train_cpu_seconds"]
        bp_wall, _ = timed(bptrace + ["train", cfg, "--format", "json"], env)
        code = ("import time; from bptrace.config import load_config, train_settings; "
                "from bptrace.training.loop import train; c = load_config(%r); "
                "s = train_settings(c.train, c.network, c.seed); X, T = c.dataset; "
                "t, p = time.perf_counter(), time.process_time(); "
                "train(c.network, X, T, c.learning_rate, s); "
                "print(time.perf_counter() - t, time.process_time() - p)" % cfg)
        bp_train, bp_cpu = map(float, timed([sys.executable, "-c", code], env)[1].split())
    updates = -(-args.n // 100)
    print(f"784-784-10 relu/softmax, one epoch of {args.n} samples ({updates} updates of 100), "
          f"float64, CPU, {threads} threads")
    print(f"{'':22}{'bptrace':>10}{'PyTorch':>10}{'ratio':>8}")
    print(f"{'training alone (s)':22}{bp_train:10.2f}{torch_train:10.2f}{bp_train / torch_train:8.2f}")
    print(f"{'  its CPU time (s)':22}{bp_cpu:10.2f}{torch_cpu:10.2f}{bp_cpu / torch_cpu:8.2f}")
    print(f"{'whole process (s)':22}{bp_wall:10.2f}{torch_wall:10.2f}{bp_wall / torch_wall:8.2f}")
    print("ratio = bptrace / PyTorch (above 1: the exported program is faster)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
