"""Training speed of bptrace against PyTorch (CPU, float64), same network, data, batch size
and thread count, each case in a fresh process:

  (a) Mazur's 2-2-2 network, 10,000 online updates (SGD, η = 0.5);
  (b) a synthetic 60,000 × 784 data set through 784 → 784 relu → 10 softmax with
      cross-entropy, one epoch of mini-batches of 200 (SGD, η = 0.1).

    python bench/bench_train.py [--threads 2] [--case a|b|all] [--repeat 3]

Both sides do the same work: the updates, and the mean loss over the data set after the
epoch(s) bptrace's history records (SPEC §4: after every epoch for (a), as bptrace records
every epoch when asked with `every: 1`). Reports the median training time of each side, the ratio bptrace / PyTorch, the whole
process time and the peak memory (max RSS) of each process. PyTorch float32 is shown too,
for information. Without PyTorch (pip install torch) the comparison is skipped cleanly.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

MAZUR = "mazur"
N, D, H, C, BATCH = 60_000, 784, 784, 10, 200


def data_b():
    import numpy as np
    rng = np.random.Generator(np.random.PCG64(0))
    X = rng.random((N, D))
    labels = rng.integers(0, C, N)
    T = np.zeros((N, C))
    T[np.arange(N), labels] = 1.0
    return X, T


def init_b():
    import numpy as np
    rng = np.random.Generator(np.random.PCG64(1))
    return (rng.normal(0, (2 / D) ** 0.5, (H, D)), np.zeros(H),
            rng.normal(0, (1 / H) ** 0.5, (C, H)), np.zeros(C))


# ----------------------------------------------------------------------------- workers
def bptrace_a():
    from bptrace.config import load_config
    from bptrace.training.loop import Settings, mean_loss, train
    cfg = load_config(MAZUR)
    s = Settings()
    s.epochs, s.every = 10_000, 1
    t0 = time.perf_counter()
    train(cfg.network, *cfg.dataset, cfg.learning_rate, s)
    t = time.perf_counter() - t0
    return t, mean_loss(cfg.network, *cfg.dataset)


def torch_a(dtype):
    import torch
    dt = getattr(torch, dtype)
    W1 = torch.tensor([[0.15, 0.20], [0.25, 0.30]], dtype=dt, requires_grad=True)
    W2 = torch.tensor([[0.40, 0.45], [0.50, 0.55]], dtype=dt, requires_grad=True)
    b1, b2 = 0.35, 0.60
    x = torch.tensor([[0.05, 0.10]], dtype=dt)
    t = torch.tensor([[0.01, 0.99]], dtype=dt)
    opt = torch.optim.SGD([W1, W2], lr=0.5)
    t0 = time.perf_counter()
    for _ in range(10_000):
        opt.zero_grad()
        y = torch.sigmoid(torch.sigmoid(x @ W1.T + b1) @ W2.T + b2)
        loss = (0.5 * (t - y) ** 2).sum()
        loss.backward()
        opt.step()
        with torch.no_grad():   # the loss after each epoch, which bptrace records
            y = torch.sigmoid(torch.sigmoid(x @ W1.T + b1) @ W2.T + b2)
            final = float((0.5 * (t - y) ** 2).sum())
    return time.perf_counter() - t0, final


def bptrace_b():
    import numpy as np
    from bptrace.config import parse_config
    from bptrace.training.loop import Settings, train
    X, T = data_b()
    cfg = parse_config(f"network:\n  inputs: {D}\n  layers:\n"
                       f"    - {{neurons: {H}, activation: relu, weights: {{init: zeros}}, bias: {{init: zeros}}}}\n"
                       f"    - {{neurons: {C}, activation: softmax, weights: {{init: zeros}}, bias: {{init: zeros}}}}\n"
                       "loss: cross_entropy\nlearning_rate: 0.1\n"
                       f"sample: {{input: {[0] * D}, target: {[1] + [0] * (C - 1)}}}\n")
    cfg.network.set_arrays([np.array(a) for a in init_b()])
    s = Settings()
    s.epochs, s.mode, s.batch_size, s.every = 1, "minibatch", BATCH, 1
    t0 = time.perf_counter()
    res = train(cfg.network, X, T, 0.1, s)
    return time.perf_counter() - t0, res.history[-1][1]


def torch_b(dtype):
    import numpy as np
    import torch
    dt = getattr(torch, dtype)
    X, T = data_b()
    Xt, Tt = torch.tensor(X, dtype=dt), torch.tensor(T, dtype=dt)
    W1, b1, W2, b2 = (torch.tensor(a, dtype=dt, requires_grad=True) for a in init_b())
    opt = torch.optim.SGD([W1, b1, W2, b2], lr=0.1)
    t0 = time.perf_counter()
    for start in range(0, N, BATCH):
        xb, tb = Xt[start:start + BATCH], Tt[start:start + BATCH]
        opt.zero_grad()
        z = torch.relu(xb @ W1.T + b1) @ W2.T + b2
        loss = -(tb * torch.log_softmax(z, dim=1)).sum(dim=1).mean()
        loss.backward()
        opt.step()
    with torch.no_grad():       # the epoch's mean loss, which bptrace reports (SPEC §4)
        losses = []
        for start in range(0, N, 4096):
            z = torch.relu(Xt[start:start + 4096] @ W1.T + b1) @ W2.T + b2
            losses.append(-(Tt[start:start + 4096] * torch.log_softmax(z, dim=1)).sum(dim=1))
        final = float(torch.cat(losses).mean())
    return time.perf_counter() - t0, final


WORKERS = {("a", "bptrace"): bptrace_a, ("a", "torch64"): lambda: torch_a("float64"),
           ("a", "torch32"): lambda: torch_a("float32"), ("b", "bptrace"): bptrace_b,
           ("b", "torch64"): lambda: torch_b("float64"), ("b", "torch32"): lambda: torch_b("float32")}


def worker(case: str, side: str, threads: int) -> None:
    if side.startswith("torch"):
        import torch
        torch.set_num_threads(threads)
    t, loss = WORKERS[(case, side)]()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"time": t, "loss": loss, "rss": rss}))


def measure(case, side, threads):
    env = {**os.environ, "OMP_NUM_THREADS": str(threads), "OPENBLAS_NUM_THREADS": str(threads),
           "MKL_NUM_THREADS": str(threads)}
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, __file__, "--worker", case, side, "--threads", str(threads)],
                         capture_output=True, text=True, env=env)
    whole = time.perf_counter() - t0
    if out.returncode != 0:
        raise SystemExit(f"{case}/{side} failed:\n{out.stderr}")
    r = json.loads(out.stdout.strip().splitlines()[-1])
    r["whole"] = whole
    return r


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--case", choices=["a", "b", "all"], default="all")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(*args.worker, args.threads)
        return
    try:
        import torch  # noqa: F401
        sides = ["bptrace", "torch64", "torch32"]
    except ImportError:
        print("PyTorch is not installed: only bptrace is timed (pip install torch to compare).")
        sides = ["bptrace"]
    names = {"a": "(a) Mazur 2-2-2, 10,000 online updates",
             "b": "(b) 60,000×784 → 784 relu → 10 softmax, 1 epoch, batch 200"}
    for case in (["a", "b"] if args.case == "all" else [args.case]):
        print(f"{names[case]}   threads: {args.threads}")
        results = {side: [measure(case, side, args.threads) for _ in range(args.repeat)] for side in sides}
        med = {side: statistics.median(r["time"] for r in rs) for side, rs in results.items()}
        for side, rs in results.items():
            whole = statistics.median(r["whole"] for r in rs)
            rss = max(r["rss"] for r in rs) / 2 ** 20
            ratio = f"   bptrace/this = {med['bptrace'] / med[side]:.2f}×" if side != "bptrace" else ""
            print(f"  {side:<8} train {med[side]:8.3f} s   whole process {whole:7.2f} s   "
                  f"peak RSS {rss:7.0f} MiB   final loss {rs[0]['loss']:.8g}{ratio}")


if __name__ == "__main__":
    main()
