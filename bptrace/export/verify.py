"""bptrace against PyTorch: export the config as a PyTorch program, run it with the
installed torch, and compare every key it prints with bptrace's own value.

A step is compared to a relative 1e-9, training (the optimizers' first updates: 100 unless
asked otherwise) to 1e-7, each plus an absolute :data:`FLOOR` of 1e-14: a number that is
zero in exact arithmetic (the gradient of a bias shared by a softmax layer) is round-off
on both sides, and only its size can be compared.

Training can amplify round-off: a parameter held at zero by a symmetry (zero biases on a
symmetric data set) has a gradient that is pure round-off, which Adam then follows. So
bptrace trains twice more from its initial values scaled by 1 ± 1e-12 (a perturbation the
size of accumulated round-off, far below the tolerance); what that moves a trained value by is its *noise*, and a trained value agrees
within the tolerance plus ten times its noise. Nothing here prints;
:func:`verify` returns a :class:`Verification` for :mod:`bptrace.render.terminal.tables`.
"""

from __future__ import annotations

import importlib.util
import json
import math
import subprocess
import sys
import tempfile
from pathlib import Path

from bptrace.errors import BadInput

STEP_TOLERANCE = 1e-9
TRAIN_TOLERANCE = 1e-7
FLOOR = 1e-14             # absolute: the round-off of a sum of numbers of order one
NOISE_FACTOR = 10
PERTURBATION = 1e-12       # relative: far above one unit in the last place, far below 1e-7
INSTALL = "pip install 'bptrace[torch]'"


class Comparison:
    """One key: both values (None: not finite), the relative difference, and whether it
    is within the tolerance. A key only one side has never agrees."""

    __slots__ = ("key", "bptrace", "pytorch", "rel", "tolerance", "agree", "missing", "noise")

    def __init__(self, key: str, bptrace: float | None, pytorch: float | None, tolerance: float,
                 missing: str | None = None, noise: float = 0.0):
        self.key = key
        self.bptrace = bptrace
        self.pytorch = pytorch
        self.tolerance = tolerance
        self.missing = missing                          # "bptrace" or "pytorch": who lacks it
        self.noise = noise                              # what round-off alone moves it by
        if missing or (bptrace is None) != (pytorch is None):
            self.rel, self.agree = math.inf, False
        elif bptrace is None:                           # not finite on both sides
            self.rel, self.agree = 0.0, True
        else:
            diff = abs(bptrace - pytorch)
            self.rel = diff / max(abs(bptrace), abs(pytorch), 1e-300)
            self.agree = diff <= tolerance * max(abs(bptrace), abs(pytorch)) + FLOOR \
                + NOISE_FACTOR * noise


class Verification:
    """The comparisons of one run: every key, the worst first."""

    def __init__(self, config: str, title: str, train: bool, epochs: int | None,
                 updates: int | None, rows: list[Comparison],
                 torch_version: str, device: str):
        self.config = config
        self.title = title
        self.train = train
        self.epochs = epochs            # the epochs trained (with --train)
        self.updates = updates          # the updates they make
        self.rows = sorted(rows, key=lambda r: -r.rel / r.tolerance)
        self.torch_version = torch_version
        self.device = device

    @property
    def differences(self) -> list[Comparison]:
        return [r for r in self.rows if not r.agree]

    @property
    def ok(self) -> bool:
        return not self.differences


def torch_available(python: str = sys.executable) -> bool:
    if python == sys.executable:
        return importlib.util.find_spec("torch") is not None
    return subprocess.run([python, "-c", "import torch"], capture_output=True).returncode == 0


def training_epochs(cfg, updates: int) -> tuple[int, int]:
    """(epochs, updates): as many whole epochs of the config's training as make at most
    ``updates`` updates (at least one epoch, at most the config's epochs)."""
    from bptrace.config import train_settings
    from bptrace.training.loop import split

    s = train_settings(cfg.train, cfg.network, cfg.seed)
    X, T = cfg.dataset
    n = len(split(X, T, s)[0][0])
    batch = {"online": 1, "batch": n, "minibatch": s.batch_size or n}[s.mode]
    per_epoch = -(-n // batch)
    epochs = min(s.epochs, max(1, updates // per_epoch))
    return epochs, epochs * per_epoch


def run_program(cfg, args: list[str], python: str = sys.executable) -> dict:
    """Export CONFIG, run the program with ``args`` and return its JSON object."""
    from bptrace.export.pytorch import program

    with tempfile.TemporaryDirectory(prefix="bptrace-verify-") as folder:
        path = Path(folder) / "network_pytorch.py"
        path.write_text(program(cfg, str(path)), encoding="utf-8")
        done = subprocess.run([python, str(path), *args], capture_output=True, text=True)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise BadInput(key="export failed", args={"last": last}, file=cfg.file)
    return json.loads(done.stdout)


def verify(cfg, train: bool = False, updates: int = 100, device: str = "cpu",
           python: str = sys.executable) -> Verification:
    """Compare bptrace with the exported PyTorch program, key by key. Raises BadInput
    where PyTorch is not installed; :class:`~bptrace.errors.Diverged` where bptrace's
    training diverges."""
    from bptrace.trace import build_trace

    if not torch_available(python):
        raise BadInput(key="no torch", args={"how": INSTALL}, file=cfg.file)
    args = ["--device", device]
    epochs = n_updates = None
    if train:
        epochs, n_updates = training_epochs(cfg, updates)
        args += ["--train", "--epochs", str(epochs)]
    got = run_program(cfg, args, python)
    ours = build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate).values()
    if train:
        from bptrace.config import train_settings
        from bptrace.training.loop import trained_values
        s = train_settings(cfg.train, cfg.network, cfg.seed)
        ours.update(trained_values(cfg, epochs_delta=epochs - s.epochs))
        noise = _noise(cfg, ours, epochs - s.epochs)
    else:
        noise = {}
    return Verification(cfg.file, cfg.title, train, epochs, n_updates,
                        compare(ours, got["values"], noise),
                        got.get("torch", "?"), got.get("device", device))


def _noise(cfg, ours: dict[str, float], epochs_delta: int) -> dict[str, float]:
    """Per trained.* key: how far bptrace's own training moves it when every initial
    value is scaled by 1 ± PERTURBATION (the larger of the two)."""
    import numpy as np

    from bptrace.training.loop import trained_values

    net = cfg.network
    start = net.copy_arrays()
    noise: dict[str, float] = {}
    try:
        for factor in (1 + PERTURBATION, 1 - PERTURBATION):
            net.set_arrays([a * factor for a in start])
            for key, value in trained_values(cfg, epochs_delta=epochs_delta).items():
                noise[key] = max(noise.get(key, 0.0), abs(value - ours[key]))
    finally:
        net.set_arrays(start)
    return noise


def compare(ours: dict[str, float], theirs: dict[str, float | None],
            noise: dict[str, float] | None = None) -> list[Comparison]:
    """One Comparison per key of either side (trained.* to 1e-7, the rest to 1e-9)."""
    rows = []
    for key in list(ours) + [k for k in theirs if k not in ours]:
        tolerance = TRAIN_TOLERANCE if key.startswith("trained.") else STEP_TOLERANCE
        a = ours.get(key)
        a = a if a is not None and math.isfinite(a) else None
        missing = "bptrace" if key not in ours else "pytorch" if key not in theirs else None
        rows.append(Comparison(key, a, theirs.get(key), tolerance, missing,
                               (noise or {}).get(key, 0.0)))
    return rows
