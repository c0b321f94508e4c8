"""Training: the issue's target numbers, optimizers against hand-written numpy loops, modes,
dropout, early stopping, saving, divergence and interruption."""

import json
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from bptrace.config import load_config, parse_config
from bptrace.training.loop import Settings, train


def sig(z):
    return 1 / (1 + np.exp(-z))


@pytest.fixture
def trained_once(monkeypatch):
    """The train command's training made once per test: the JSON and the table that follow
    show the same run (the same config, settings, learning rate and language)."""
    from bptrace.api.training import TrainingPlan
    real, made = TrainingPlan.run, {}

    def run_once(self, progress=None, should_stop=None, lang="en"):
        key = (self.config.file, repr(self.settings), self.lr, self.trace_at, lang)
        if key not in made:
            made[key] = real(self, progress=progress, should_stop=should_stop, lang=lang)
        return made[key]
    monkeypatch.setattr(TrainingPlan, "run", run_once)
    return made


def test_mazur_10000_updates(run, trained_once):
    res = run("train", "--epochs", "10000", "--format", "json")
    assert res.exit_code == 0
    obj = json.loads(res.stdout)
    assert f"{obj['values']['loss']:.7e}" == "3.5101878e-05"
    assert obj["history"][0]["epoch"] == 1 and obj["history"][-1]["epoch"] == 10000
    assert obj["values"]["new.b1"] == 0.35                       # frozen
    assert "3.5101878e-05" in run("train", "--epochs", "10000").stdout
    assert len(trained_once) == 1                                # one run, shown twice


def test_xor_2000_epochs_as_seed_002(run, trained_once):
    obj = json.loads(run("train", "xor", "--epochs", "2000", "--format", "json").stdout)
    assert f"{obj['values']['loss']:.7e}" == "8.3699075e-03"
    outs = [r["output"] for r in obj["outputs"]]
    assert [o[0] > 0.5 for o in outs] == [False, True, True, False]
    text = run("train", "xor", "--epochs", "2000").stdout
    assert "0.0083699075" in text and "0.071513499" in text
    assert len(trained_once) == 1                                # one run, shown twice


def test_history_is_the_mean_loss_after_each_epoch():
    cfg = load_config("xor")
    s = Settings()
    s.epochs = 3
    res = train(cfg.network, *cfg.dataset, cfg.learning_rate, s)
    X, T = cfg.dataset
    _, out = cfg.network.forward(X)
    assert res.history[-1][1] == pytest.approx(np.mean(0.5 * np.sum((out[-1] - T) ** 2, axis=1)))
    assert [h[0] for h in res.history] == [1, 2, 3]


# ---------------------------------------------------------------- hand-written references
NET = """network:
  inputs: [a, b]
  layers:
    - neurons: [h1, h2]
      activation: sigmoid
      weights: [[0.1, -0.2], [0.3, 0.4]]
      bias: [0.1, -0.1]
    - neurons: [o]
      activation: sigmoid
      weights: [[0.5, -0.6]]
      bias: [0.2]
loss: half_sse
learning_rate: 0.3
data:
  - {input: [0, 1], target: [1]}
  - {input: [1, 0], target: [1]}
  - {input: [1, 1], target: [0]}
  - {input: [0, 0], target: [0]}
"""
P0 = [np.array([[0.1, -0.2], [0.3, 0.4]]), np.array([0.1, -0.1]),
      np.array([[0.5, -0.6]]), np.array([0.2])]
X = np.array([[0, 1], [1, 0], [1, 1], [0, 0]], float)
Y = np.array([[1], [1], [0], [0]], float)


def grads(P, x, t):
    """Mean gradient of ½Σ(y − t)² over the rows of x, written out by hand."""
    W1, b1, W2, b2 = P
    h = sig(x @ W1.T + b1)
    y = sig(h @ W2.T + b2)
    d2 = (y - t) * y * (1 - y)
    d1 = (d2 @ W2) * h * (1 - h)
    n = len(x)
    return [d1.T @ x / n, d1.sum(0) / n, d2.T @ h / n, d2.sum(0) / n]


def reference(name, lr, steps=2, **kw):
    P = [p.copy() for p in P0]
    state = [[np.zeros_like(p) for p in P] for _ in range(2)]
    for t in range(1, steps + 1):
        if name == "nesterov":
            g = grads([p + kw["momentum"] * v for p, v in zip(P, state[0])], X, Y)
        else:
            g = grads(P, X, Y)
        for i in range(4):
            if name == "sgd":
                P[i] = P[i] - lr * g[i]
            elif name in ("momentum", "nesterov"):
                state[0][i] = kw["momentum"] * state[0][i] - lr * g[i]
                P[i] = P[i] + state[0][i]
            elif name == "adagrad":
                state[0][i] = state[0][i] + g[i] ** 2
                P[i] = P[i] - lr / (np.sqrt(state[0][i]) + kw["eps"]) * g[i]
            elif name == "rmsprop":
                state[0][i] = kw["rho"] * state[0][i] + (1 - kw["rho"]) * g[i] ** 2
                P[i] = P[i] - lr / (np.sqrt(state[0][i]) + kw["eps"]) * g[i]
            elif name == "rmsprop_momentum":
                state[0][i] = kw["rho"] * state[0][i] + (1 - kw["rho"]) * g[i] ** 2
                state[1][i] = kw["momentum"] * state[1][i] + lr / np.sqrt(state[0][i] + kw["eps"]) * g[i]
                P[i] = P[i] - state[1][i]
            elif name == "adam":
                state[0][i] = kw["beta1"] * state[0][i] + (1 - kw["beta1"]) * g[i]
                state[1][i] = kw["beta2"] * state[1][i] + (1 - kw["beta2"]) * g[i] ** 2
                mhat = state[0][i] / (1 - kw["beta1"] ** t)
                vhat = state[1][i] / (1 - kw["beta2"] ** t)
                P[i] = P[i] - lr * mhat / (np.sqrt(vhat) + kw["eps"])
    return P


@pytest.mark.parametrize("name,kw", [
    ("sgd", {}), ("momentum", {"momentum": 0.8}), ("nesterov", {"momentum": 0.7}),
    ("adagrad", {"eps": 1e-7}), ("rmsprop", {"rho": 0.85, "eps": 1e-7}),
    ("rmsprop_momentum", {"rho": 0.9, "momentum": 0.5, "eps": 1e-7}),
    ("adam", {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8})])
@pytest.mark.parametrize("steps", [1, 2])
def test_optimizer_first_updates(name, kw, steps):
    cfg = parse_config(NET)
    s = Settings()
    s.epochs, s.mode, s.optimizer, s.optimizer_settings = steps, "batch", name, kw
    train(cfg.network, *cfg.dataset, 0.3, s)
    for got, want in zip(cfg.network.arrays(), reference(name, 0.3, steps, **kw)):
        assert np.allclose(got, want, rtol=1e-12, atol=1e-15), name


def test_minibatch_shuffled_equals_numpy_reference():
    cfg = parse_config(NET)
    s = Settings()
    s.epochs, s.mode, s.batch_size, s.shuffle, s.seed = 5, "minibatch", 3, True, 11
    train(cfg.network, *cfg.dataset, 0.3, s)
    P = [p.copy() for p in P0]
    rng = np.random.Generator(np.random.PCG64(11))
    for _ in range(5):
        order = rng.permutation(4)
        for start in (0, 3):
            idx = order[start:start + 3]
            g = grads(P, X[idx], Y[idx])
            P = [p - 0.3 * gi for p, gi in zip(P, g)]
    for got, want in zip(cfg.network.arrays(), P):
        assert np.allclose(got, want, rtol=1e-12)


def test_online_is_one_update_per_sample_in_order():
    cfg = parse_config(NET)
    s = Settings()
    s.epochs = 2
    train(cfg.network, *cfg.dataset, 0.3, s)
    P = [p.copy() for p in P0]
    for _ in range(2):
        for i in range(4):
            g = grads(P, X[i:i + 1], Y[i:i + 1])
            P = [p - 0.3 * gi for p, gi in zip(P, g)]
    for got, want in zip(cfg.network.arrays(), P):
        assert np.allclose(got, want, rtol=1e-12)


def test_l2_adds_two_lambda_w_to_weight_gradients():
    cfg = parse_config(NET)
    s = Settings()
    s.epochs, s.mode, s.l2 = 1, "batch", {0: 0.01, 1: 0.01}
    train(cfg.network, *cfg.dataset, 0.3, s)
    g = grads(P0, X, Y)
    want = [P0[0] - 0.3 * (g[0] + 0.02 * P0[0]), P0[1] - 0.3 * g[1],
            P0[2] - 0.3 * (g[2] + 0.02 * P0[2]), P0[3] - 0.3 * g[3]]
    for got, w in zip(cfg.network.arrays(), want):
        assert np.allclose(got, w, rtol=1e-12)


def test_dropout_seeded_training_only_and_rate_zero_is_none():
    def run_with(drop, seed=3):
        cfg = parse_config(NET)
        s = Settings()
        s.epochs, s.dropout, s.seed = 20, drop, seed
        res = train(cfg.network, *cfg.dataset, 0.3, s)
        return cfg.network.copy_arrays(), res
    plain, _ = run_with({})
    zero, _ = run_with({0: 0.0})
    assert all(np.array_equal(a, b) for a, b in zip(plain, zero))
    d1, res = run_with({0: 0.5})
    d2, _ = run_with({0: 0.5})
    d3, _ = run_with({0: 0.5}, seed=4)
    assert all(np.array_equal(a, b) for a, b in zip(d1, d2))
    assert not all(np.array_equal(a, b) for a, b in zip(d1, d3))
    assert not all(np.array_equal(a, b) for a, b in zip(d1, plain))
    cfg = parse_config(NET)                      # evaluation has no dropout
    cfg.network.set_arrays(d1)
    assert res.history[-1][1] == pytest.approx(np.mean(cfg.network.losses(*cfg.dataset)))


def test_dropout_masks_scale_to_keep_the_mean():
    from bptrace.training.loop import _dropout_masks
    net = parse_config(NET).network
    m = _dropout_masks(np.random.default_rng(0), [(0, 0.3)], 20000, net)[0]
    assert set(np.unique(m)) == {0.0, 1 / 0.7}
    assert abs(m.mean() - 1.0) < 0.02


def test_early_stopping():
    cfg = parse_config(NET)
    s = Settings()
    s.epochs, s.patience, s.min_delta = 1000, 3, 0.5      # nothing improves by 0.5
    res = train(cfg.network, *cfg.dataset, 0.3, s)
    assert res.stopped == "early stopping"
    assert res.epochs_run == 4 and res.history[-1][0] == 4


def test_validation_fraction_and_early_stopping_on_it(run):
    obj = json.loads(run("train", "redblue", "--epochs", "30", "--format", "json").stdout)
    assert all("val_loss" in h for h in obj["history"])


def test_save_load_same_trace(run, tmp_path):
    saved = tmp_path / "trained.yaml"
    res = run("train", "xor", "--epochs", "50", "--save", saved, "--format", "json")
    assert res.exit_code == 0 and saved.exists()
    trained = json.loads(res.stdout)["values"]
    cfg = load_config(str(saved))
    for p in cfg.network.params:
        assert cfg.network.value(p) == trained[f"new.{p.name}"]
    # the saved config trains and steps again
    assert run("step", saved, "--format", "json").exit_code == 0
    again = json.loads(run("train", saved, "--epochs", "1", "--format", "json").stdout)
    assert again["history"][0]["epoch"] == 1


def test_a_saved_config_keeps_its_test_set(run, tmp_path):
    src = tmp_path / "with-test.yaml"
    src.write_text("title: t\nnetwork:\n  inputs: [a, b]\n  layers:\n    - neurons: [y]\n"
                   "      activation: sigmoid\n      weights: {init: xavier}\nlearning_rate: 0.5\n"
                   "data:\n  - {input: [0, 0], target: [0]}\n  - {input: [1, 1], target: [1]}\n"
                   "test:\n  - {input: [0, 1], target: [0]}\ntrain: {epochs: 3}\n", encoding="utf-8")
    saved = tmp_path / "trained.yaml"
    assert run("train", src, "--save", saved).exit_code == 0
    cfg = load_config(str(saved))
    assert cfg.test is not None and cfg.test[0].tolist() == [[0.0, 1.0]] and cfg.test[1].tolist() == [[0.0]]


def test_save_is_atomic_and_keeps_old_file_on_failure(run, tmp_path, monkeypatch):
    target = tmp_path / "keep.yaml"
    target.write_text("old\n")
    import bptrace.io.files as files

    def boom(*a, **k):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(files.os, "fsync", boom)
    res = run("train", "--epochs", "3", "--save", target)
    assert res.exit_code == 2 and "No space left" in res.stderr
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.yaml"]


def test_log_csv(run, tmp_path):
    log = tmp_path / "loss.csv"
    assert run("train", "--epochs", "20", "--every", "5", "--log", log).exit_code == 0
    lines = log.read_text().splitlines()
    assert lines[0] == "epoch,loss" and [l.split(",")[0] for l in lines[1:]] == ["1", "5", "10", "15", "20"]


# matplotlib and its fonts take ≈ 1 s to load: the tests that draw with it run in one test process
_MATPLOTLIB = pytest.mark.xdist_group("matplotlib")
_SLOW = pytest.mark.slow        # (matplotlib, an optional extra: CI's second step)


@_MATPLOTLIB
@_SLOW
def test_plot(run, tmp_path):
    pytest.importorskip("matplotlib")
    png = tmp_path / "loss.png"
    assert run("train", "--epochs", "20", "--plot", png).exit_code == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plot_without_matplotlib(run, tmp_path, monkeypatch):
    import builtins
    real = builtins.__import__

    def fake(name, *a, **k):
        if name.startswith("matplotlib"):
            raise ImportError(name)
        return real(name, *a, **k)
    monkeypatch.setattr(builtins, "__import__", fake)
    res = run("train", "--epochs", "2", "--plot", tmp_path / "x.png")
    assert res.exit_code == 2 and "matplotlib" in res.stderr


def test_trace_at(run):
    res = run("train", "xor", "--epochs", "2", "--trace-at", "2")
    assert res.exit_code == 0 and "Update 2 of the training" in res.stdout
    assert "out.x2" in res.stdout and "grad.w_x1_y11" in res.stdout
    assert run("train", "cubic", "--epochs", "1", "--trace-at", "1").exit_code == 2


def test_divergence_exits_1_with_epoch_and_hint(run, write):
    text = NET.replace("activation: sigmoid\n      weights: [[0.5, -0.6]]", "activation: linear\n      weights: [[0.5, -0.6]]")
    res = run("train", write(text), "--lr", "50", "--epochs", "100")
    assert res.exit_code == 1
    assert "diverged at epoch" in res.stderr and "--lr 5" in res.stderr


@pytest.mark.parametrize("args,phrase", [
    (["--epochs", "-3"], "--epochs"),
    (["--optimizer", "sgdd"], "--optimizer"),
    (["--mode", "minibatch", "--batch-size", "9"], "larger than the training data"),
    (["--mode", "minibatch"], "needs a batch size (train.batch_size, or --batch-size)"),
    (["--lr", "-1"], "must be greater than 0"),
    (["--lr", "nan"], "not a finite number"),
    (["--l2", "inf"], "not a finite number"),
])
def test_bad_settings(run, args, phrase):
    res = run("train", "xor", *args)
    assert res.exit_code == 2 and phrase in res.stderr and "Traceback" not in res.stderr


def test_bad_train_section(run, write):
    res = run("train", write(NET + "train:\n  optimizer: adamm\n"))
    assert res.exit_code == 2 and "train.optimizer" in res.stderr and "line 20" in res.stderr
    res = run("train", write(NET + "train:\n  epochs: 0\n"))
    assert res.exit_code == 2 and "train.epochs" in res.stderr


def test_should_stop_ends_after_the_current_update():
    cfg = parse_config(NET)
    s = Settings()
    s.epochs = 100
    calls = []
    res = train(cfg.network, *cfg.dataset, 0.3, s, should_stop=lambda: len(calls) > 5 or calls.append(1))
    assert res.stopped == "interrupted" and res.updates == 7 and res.epochs_run == 2


# `bptrace train --epochs 100000000 --save FILE`, saying on stderr when the training starts
_TRAINING = """
import sys
import bptrace.training.loop as T
def told(*a, **k):
    print("training", file=sys.stderr, flush=True)
    return real(*a, **k)
real, T.train = T.train, told
sys.argv = ["bptrace", "train", "--epochs", "100000000", "--save", sys.argv[1]]
from bptrace.cli.launch import main
main()
"""


@pytest.mark.slow                                   # OS signals: CI's second step
def test_ctrl_c_shows_results_saves_and_exits_130(tmp_path):
    saved = tmp_path / "partial.yaml"
    proc = subprocess.Popen([sys.executable, "-c", _TRAINING, str(saved)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "COLUMNS": "80"})
    assert proc.stderr.readline() == "training\n"     # the training has started: Ctrl-C now
    time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "interrupted" in out and "Parameters after training" in out
    assert "interrupted after epoch" in err
    assert saved.exists() and load_config(str(saved)).network.params


def test_trace_at_refuses_what_it_cannot_show(run):
    res = run("train", "--epochs", "1", "--l2", "0.1", "--trace-at", "1")
    assert res.exit_code == 2 and "L2 or dropout" in res.stderr
    res = run("train", "xor", "--epochs", "3", "--trace-at", "99")
    assert res.exit_code == 2 and "only 12 updates" in res.stderr


def test_trace_at_in_json(run):
    obj = json.loads(run("train", "xor", "--epochs", "1", "--trace-at", "2", "--format", "json").stdout)
    assert obj["trace_at"]["update"] == 2 and "grad.w_x1_y11" in obj["trace_at"]["values"]


def test_decay_starts_at_eta0():
    from bptrace.training.loop import learning_rate
    s = Settings()
    s.decay = (0.5, 10, False)
    assert learning_rate(0.4, s, 1, 1) == 0.4
    assert learning_rate(0.4, s, 11, 1) == pytest.approx(0.2)


def test_same_file_for_save_and_log(run, tmp_path):
    f = tmp_path / "x.yaml"
    res = run("train", "--epochs", "2", "--save", f, "--log", f)
    assert res.exit_code == 2 and "different files" in res.stderr and not f.exists()


def test_save_rewrites_a_relative_csv_path(run, tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "o").mkdir()
    (tmp_path / "c" / "pts.csv").write_text("\ufeffa,b\n0,1\n1,0\n\n")     # BOM, blank line
    cfg = tmp_path / "c" / "net.yaml"
    cfg.write_text("network:\n  inputs: [a]\n  layers:\n    - neurons: [b]\n      activation: linear\n"
                   "      weights: [[0.5]]\nlearning_rate: 0.1\ndata: {csv: pts.csv, input: [a], target: [b]}\n")
    saved = tmp_path / "o" / "t.yaml"
    assert run("train", cfg, "--epochs", "2", "--save", saved).exit_code == 0
    assert "../c/pts.csv" in saved.read_text()
    assert run("train", saved, "--epochs", "1").exit_code == 0


def test_non_utf8_csv(run, tmp_path):
    (tmp_path / "g.csv").write_bytes("输入,b\n0,1\n".encode("gbk"))
    cfg = tmp_path / "n.yaml"
    cfg.write_text("network:\n  inputs: [a]\n  layers:\n    - neurons: [b]\n      activation: linear\n"
                   "      weights: [[0.5]]\nlearning_rate: 0.1\ndata: {csv: g.csv, input: [a], target: [b]}\n")
    res = run("train", cfg)
    assert res.exit_code == 2 and "not UTF-8" in res.stderr


@_MATPLOTLIB
@_SLOW
def test_plot_decision_regions_for_2d_data(run, tmp_path):
    pytest.importorskip("matplotlib")
    png = tmp_path / "rb.png"
    assert run("train", "redblue", "--epochs", "5", "--plot", png).exit_code == 0
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_every_setting_has_an_option(run):
    base = json.loads(run("train", "xor", "--epochs", "3", "--format", "json").stdout)["values"]["loss"]
    for args in (["--optimizer", "momentum", "--opt", "momentum=0.5"], ["--decay", "0.5:2"],
                 ["--step-decay", "0.5:1"], ["--dropout", "1=0.5"], ["--validation", "0.25"]):
        res = run("train", "xor", "--epochs", "3", *args, "--format", "json")
        assert res.exit_code == 0, args
        assert json.loads(res.stdout)["values"]["loss"] != base, args
    res = run("train", "cubic", "--epochs", "50", "--validation", "0.2", "--patience", "2",
              "--min-delta", "1", "--format", "json")
    assert json.loads(res.stdout)["stopped"] == "early stopping"
    for bad in (["--decay", "2:3"], ["--dropout", "2=0.5"], ["--opt", "momentum=x"],
                ["--validation", "1.5"], ["--step-decay", "a"]):
        res = run("train", "xor", *bad)
        assert res.exit_code == 2 and "Traceback" not in res.stderr, bad


def test_train_markdown_and_csv(run):
    md = run("train", "xor", "--epochs", "20", "--format", "markdown").stdout
    assert md.startswith("# XOR network") and "| 20 |" in md and "loss after 20 epochs" in md
    csv = run("train", "--epochs", "3", "--format", "csv").stdout.splitlines()
    assert csv[0] == "epoch,loss" and csv[1].startswith("1,0.2910277736")


# one linear neuron with one weight: the smallest config that runs
ONE_WEIGHT = ("network:\n  inputs: [a]\n  layers:\n    - neurons: [o]\n      activation: linear\n"
        "      weights: [[0.5]]\nlearning_rate: 0.1\nsample: {input: [1], target: [1]}\n")


def test_batch_size_reported_without_validation_rows(run):
    obj = json.loads(run("train", "redblue", "--epochs", "1", "--mode", "batch", "--format", "json").stdout)
    assert obj["settings"]["batch_size"] == 160           # 200 points, the last 20 % validate


def test_diverging_training_still_prints_json(run, write):
    res = run("train", write(ONE_WEIGHT.replace("learning_rate: 0.1", "learning_rate: 50")), "--format", "json")
    assert res.exit_code == 1 and json.loads(res.stdout)["diverged"]["epoch"] >= 1
