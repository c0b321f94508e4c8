"""The small-net path (:mod:`bptrace.maths.scalar`, Python floats) computes as a hand
calculation does: bit for bit a plain-Python loop written out here, and the array engine's
numbers (:mod:`bptrace.maths.network`) within 1e-12 — numpy's own exp and its BLAS may differ
in the last bit — on every shipped config it takes, every mode, and on random nets with shared
biases, thresholds, frozen biases, each activation and loss it has, and the conventions check
--diagnose tries. (The array engine is held to autograd by test_oracle_autograd.py.)"""

from pathlib import Path

import numpy as np

import pytest

import bptrace.training.loop as T
from bptrace.config import load_config, train_settings
from bptrace.maths.conventions import Convention, by_hand
from bptrace.maths.scalar import plan

ROOT = Path(__file__).parents[1] / "configs"
TOL = 1e-12


def near(a, b, path="") -> None:
    """a and b alike: the same structure, equal where not numbers, numbers within TOL
    (relative, or absolute below 1); NaN where the other is NaN."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        assert a.shape == b.shape, path
        a, b = a.ravel().tolist(), b.ravel().tolist()
    if isinstance(a, (list, tuple)):
        assert isinstance(b, (list, tuple)) and len(a) == len(b), (path, a, b)
        for i, (x, y) in enumerate(zip(a, b)):
            near(x, y, f"{path}[{i}]")
    elif isinstance(a, float) and isinstance(b, float):
        assert (a != a and b != b) or abs(a - b) <= TOL * max(1.0, abs(a), abs(b)), (path, a, b)
    else:
        assert a == b, (path, a, b)
SHIPPED = sorted([p.stem for p in ROOT.glob("*.yaml")]
                 + [str(p) for p in (ROOT / "textbooks").glob("*.yaml")])


def trained(name, mode, array: bool, monkeypatch):
    cfg = load_config(name)
    s = train_settings(cfg.train, cfg.network, cfg.seed)
    s.epochs, s.every, s.mode, s.shuffle = 10, 1, mode, mode == "minibatch"  # > 8 records: its loss pass
    s.batch_size = min(2, len(cfg.dataset[0])) if mode == "minibatch" else None
    s.optimizer, s.optimizer_settings, s.decay, s.step_decay = "sgd", {}, None, None
    s.validation, s.l2, s.dropout, s.patience = None, {}, {}, None
    if array:
        monkeypatch.setattr(T, "_small", lambda *a: None)
    lr = cfg.learning_rate or 0.1
    res = T.train(cfg.network, *cfg.dataset, lr, s)
    return cfg, [a.copy() for a in cfg.network.arrays()], res.history


@pytest.mark.parametrize("name", SHIPPED, ids=lambda n: Path(n).stem)
@pytest.mark.parametrize("mode", ["online", "batch", "minibatch"])
def test_every_shipped_config_trains_as_the_array_engine(name, mode, monkeypatch):
    cfg, small, h_small = trained(name, mode, False, monkeypatch)
    _, big, h_big = trained(name, mode, True, monkeypatch)
    near(h_small, h_big)
    near(small, big)


def hand_loop(cfg, updates: int) -> list[float]:
    """Online updates written out in plain Python, as one would by hand (the formulas of
    the array engine; each sum's terms in index order; math.exp): the parameters after."""
    import math
    net = cfg.network
    W = [layer.W.tolist() for layer in net.layers]
    b = [layer.b.tolist() for layer in net.layers]
    of = [layer.bias_of.tolist() for layer in net.layers]         # neuron → its bias, or −1
    sig = {"sigmoid": lambda z: (1.0 if z >= 0 else math.exp(-abs(z))) / (1.0 + math.exp(-abs(z))),
           "tanh": math.tanh}
    der = {"sigmoid": lambda a: a * (1.0 - a), "tanh": lambda a: 1.0 - a * a}
    acts = [layer.activation.name for layer in net.layers]
    X, T_ = cfg.dataset
    rows = list(zip(X.tolist(), T_.tolist()))
    eta = cfg.learning_rate
    for u in range(updates):
        x, t = rows[u % len(rows)]
        outs = [x]
        for l in range(len(W)):
            zs = []
            for j, wj in enumerate(W[l]):
                z = outs[-1][0] * wj[0]
                for k in range(1, len(wj)):
                    z = z + outs[-1][k] * wj[k]
                zs.append(z + b[l][of[l][j]] if of[l][j] >= 0 else z + 0.0)
            outs.append([sig[acts[l]](z) for z in zs])
        e = [y - tt for y, tt in zip(outs[-1], t)]                   # ∂E/∂y of ½Σ(t − y)²
        for l in reversed(range(len(W))):
            d = [ej * der[acts[l]](a) for ej, a in zip(e, outs[l + 1])]     # BP1
            if l:                                                           # BP2
                e = []
                for k in range(len(W[l][0])):
                    s = d[0] * W[l][0][k]
                    for j in range(1, len(d)):
                        s = s + d[j] * W[l][j][k]
                    e.append(s)
            for j, dj in enumerate(d):                                      # BP4
                W[l][j] = [w - eta * (dj * a) for w, a in zip(W[l][j], outs[l])]
            for i in range(len(b[l]) if net.train_biases else 0):           # BP3
                if of[l] == list(range(len(d))):                          # its own
                    g = d[i] + 0.0
                else:                                                       # shared
                    g = 0.0
                    for j in (j for j in range(len(d)) if of[l][j] == i):
                        g = g + d[j]
                b[l][i] = b[l][i] - eta * g
    return [v for l in range(len(W)) for v in sum(W[l], []) + b[l]]


@pytest.mark.parametrize("name", ["mazur", "xor", "bp-notes"])
def test_the_small_path_is_a_hand_written_loop_to_the_last_bit(name):
    """Where the operations are the same, the same numbers: Mazur's 10,000 updates (and XOR's,
    the course notes' net) give the hand-written loop's parameters to the last bit."""
    cfg = load_config(name)
    assert cfg.network.loss.name == "half_sse" and len(cfg.dataset[0]) <= 4
    s = train_settings(cfg.train, cfg.network, cfg.seed)
    s.epochs, s.every, s.mode, s.shuffle = 10_000 // len(cfg.dataset[0]), 10_000, "online", False
    s.optimizer, s.decay, s.step_decay, s.patience = "sgd", None, None, None
    want = hand_loop(load_config(name), s.epochs * len(cfg.dataset[0]))
    T.train(cfg.network, *cfg.dataset, cfg.learning_rate, s)
    got = [v for layer in cfg.network.layers for v in layer.W.ravel().tolist() + layer.b.tolist()]
    assert got == want


def test_the_small_path_takes_the_classroom_nets():
    for name in ("mazur", "xor", "bp-notes"):
        cfg = load_config(name)
        assert plan(cfg.network, None, len(cfg.dataset[0])) is not None, name


def test_what_the_small_path_leaves_to_the_array_engine():
    cfg = load_config("mazur")
    assert plan(cfg.network, Convention(round_to=4)) is None        # rounding
    assert plan(load_config("softmax").network) is None              # softmax
    assert plan(cfg.network, None, rows=10_000) is None              # too many rows to gain
    s = train_settings(cfg.train, cfg.network, cfg.seed)
    s.optimizer = "adam"
    assert T._small(cfg.network, s, None, 1, 1, None, [], []) is None


ACTS = ["sigmoid", "tanh", "relu", "leaky_relu", "linear", "softsign"]
LOSSES = ["half_sse", "sse", "mse"]


def _random_config(rng) -> str:
    sizes = [int(rng.integers(1, 5)) for _ in range(int(rng.integers(2, 4)))]
    inputs = int(rng.integers(1, 5))
    lines = ["network:", f"  inputs: {inputs}", "  layers:"]
    for l, n in enumerate(sizes):
        act = ACTS[int(rng.integers(len(ACTS)))]
        lines += [f"    - neurons: {n}", f"      activation: {act}",
                  "      weights: {init: uniform, low: -1.0, high: 1.0}"]
        if rng.random() < 0.5:
            lines.append(f"      bias: {{b{l}: {rng.normal():.3f}}}")      # one shared bias
        elif rng.random() < 0.5:
            lines.append("      bias: {init: zeros}")                      # one per neuron
    lines += [f"loss: {LOSSES[int(rng.integers(len(LOSSES)))]}", "learning_rate: 0.1",
              f"train_biases: {'true' if rng.random() < 0.7 else 'false'}",
              f"seed: {int(rng.integers(1000))}"]
    X = rng.normal(size=(3, inputs)).round(3).tolist()
    Y = rng.uniform(size=(3, sizes[-1])).round(3).tolist()
    lines += ["data:"] + [f"  - {{input: {x}, target: {y}}}" for x, y in zip(X, Y)]
    return "\n".join(lines) + "\n"


def _updates(cfg, conv, small: bool, rows: int, n: int = 6):
    """n updates of ``rows`` rows: the parameters and batch losses after each."""
    net = cfg.network
    X, T_ = cfg.dataset
    X, T_ = X[:rows], T_[:rows]
    if small:
        p = plan(net, conv)             # (rows: the size guard aside)
        assert p is not None
        P, out = p.params(), []
        for _ in range(n):
            bl, P = p.step(rows)(P, X.tolist(), T_.tolist(), 0.1)
            out.append((bl, P))
        return out
    arrays, masks, out = net.arrays(), net.trainable_masks(), []
    saved = net.copy_arrays()
    hand = by_hand(net, conv)
    for _ in range(n):
        z, a = hand.forward(X)
        pas = hand.backward(z, a, T_, lr=0.1)
        grads = [g * (1.0 / rows) if m is None else g * ((1.0 / rows) * m)
                 for g, m in zip(net.gradient_arrays(pas), masks)]
        for arr, g in zip(arrays, grads):
            arr -= 0.1 * g
        P = tuple(v for layer in net.layers for v in layer.W.ravel().tolist() + layer.b.tolist())
        out.append((float(pas.loss.mean()), P))
    net.set_arrays(saved)
    return out


@pytest.mark.parametrize("seed", range(12))
def test_random_nets_update_as_the_array_engine(seed):
    from bptrace.config import parse_config
    rng = np.random.default_rng(seed)
    cfg = parse_config(_random_config(rng), "random.yaml")
    if rng.random() < 0.3:
        for layer in cfg.network.layers:
            layer.set_threshold(True)
    conv = Convention(**{k: True for k in ["first_path_only", "bp2_from_gradients",
                                           "net_for_out"] if rng.random() < 0.25})
    if not conv.bp2_from_gradients and rng.random() < 0.2:
        cfg.network.update = "sequential"
        rows = 1
    else:
        rows = int(rng.integers(1, 4))
    with np.errstate(all="ignore"):
        small = _updates(cfg, conv, True, rows)
        big = _updates(cfg, conv, False, rows)
    near(small, big)


@pytest.mark.parametrize("act", ["softplus", "{leaky_relu: 0.2}", "leaky_relu", "softsign", "linear"])
def test_every_hidden_activation_trains_alike_on_both_paths(act):
    """The small-net path computes the activations it has a scalar form for and leaves every
    other (softplus) to the arrays: a net with any activation trains (no KeyError), to the same
    numbers whichever path runs it (a callback per update keeps the array engine)."""
    from bptrace.config import parse_config
    text = ("network:\n  inputs: [x1, x2]\n  layers:\n"
            f"    - {{neurons: [h1, h2], activation: {act}, weights: [[0.1, -0.2], [0.3, 0.4]], "
            "bias: [0.1, -0.1]}\n"
            "    - {neurons: [y], activation: sigmoid, weights: [[0.5, -0.6]], bias: [0.2]}\n"
            "learning_rate: 0.5\ndata:\n  - {input: [0, 1], target: [1]}\n"
            "  - {input: [1, 0], target: [0]}\ntrain: {epochs: 20}\n")
    runs = []
    for arrays_only in (False, True):
        cfg = parse_config(text, "<t>")
        s = train_settings(cfg.train, cfg.network, cfg.seed)
        X, Tg = cfg.dataset
        res = T.train(cfg.network, X, Tg, cfg.learning_rate, s,
                      on_update=(lambda a: None) if arrays_only else None)
        runs.append((res.history, [a.copy() for a in cfg.network.arrays()]))
    near(runs[0], runs[1])


def test_one_epoch_fewer_and_more_from_one_training():
    """check --diagnose reads "one update fewer/more" from one training of one epoch more:
    the same trained values as training each on its own (XOR shuffled, 30 epochs)."""
    from bptrace.config import parse_config
    from bptrace.checking.mistakes import trained_around
    from bptrace.training.loop import trained_values

    text = ("network:\n  inputs: 2\n  layers:\n"
            "    - {neurons: 3, activation: tanh, weights: {init: uniform, low: -1, high: 1}, "
            "bias: {init: zeros}}\n"
            "    - {neurons: 1, activation: sigmoid, weights: {init: uniform, low: -1, high: 1}, "
            "bias: {init: zeros}}\n"
            "loss: half_sse\nlearning_rate: 0.5\nseed: 4\n"
            "train: {epochs: 30, mode: online, shuffle: true}\n"
            "data:\n  - {input: [0, 0], target: [0]}\n  - {input: [0, 1], target: [1]}\n"
            "  - {input: [1, 0], target: [1]}\n  - {input: [1, 1], target: [0]}\n")
    cfg = parse_config(text)
    got = trained_around(cfg)
    for d in (-1, 0, 1):
        assert got[d] == trained_values(cfg, epochs_delta=d)
    assert got[-1] != got[1]


def test_array_path_accuracy_from_the_loss_pass_and_sgd_in_place():
    """On the array engine the accuracy after an epoch is read from the outputs of the loss's
    own pass (one pass, not two): the number a fresh prediction gives; SGD's step with its
    kept buffer moves the parameters as P − η·g does."""
    import numpy as np

    from bptrace.config import parse_config, train_settings
    from bptrace.maths.optimizers import make_optimizer
    from bptrace.training.loop import accuracy, train

    rng = np.random.default_rng(5)
    rows = "\n".join(f"  - {{input: {rng.random(3).round(3).tolist()}, target: {t}}}"
                     for t in ([1, 0], [0, 1]) * 20)
    cfg = parse_config("network:\n  inputs: 3\n  layers:\n"
                       "    - {neurons: 4, activation: relu, weights: {init: he}, bias: {init: zeros}}\n"
                       "    - {neurons: 2, activation: softmax, weights: {init: xavier}, bias: {init: zeros}}\n"
                       "loss: cross_entropy\nlearning_rate: 0.1\nseed: 2\n"
                       "train: {epochs: 3, mode: minibatch, batch_size: 8, l2: 0.001}\n"
                       f"data:\n{rows}\n")
    s = train_settings(cfg.train, cfg.network, cfg.seed)
    X, T = cfg.dataset
    res = train(cfg.network, X, T, 0.1, s)               # L2: the array engine trains it
    assert res.accuracy[3][0] == accuracy(cfg.network, X, T)
    a, g = [rng.random((3, 4)), rng.random(4)], [rng.random((3, 4)), rng.random(4)]
    want = [x - 0.3 * y for x, y in zip(a, g)]
    opt = make_optimizer("sgd", 0.3, {})
    for _ in range(2):                                   # the second step uses the buffer
        got = [x.copy() for x in a]
        opt.step(got, g, 0.3)
        assert all((p == q).all() for p, q in zip(got, want))


def _train_both(cfg_text_or_name, tweak, monkeypatch, stop_after=None):
    """(history, arrays, updates, epochs run, Diverged or None) on the small path and on the
    array engine, and how many times the small path ran several epochs in one call."""
    from bptrace.config import parse_config
    from bptrace.errors import Diverged
    from bptrace.training.smalltrain import SmallTraining
    calls = []
    real = SmallTraining.quiet
    monkeypatch.setattr(SmallTraining, "quiet",
                        lambda self, *a: calls.append(a[1] - a[0] + 1) or real(self, *a))
    out = []
    for array in (False, True):
        cfg = (load_config(cfg_text_or_name) if "\n" not in cfg_text_or_name
               else parse_config(cfg_text_or_name, "net.yaml"))
        s = train_settings(cfg.train, cfg.network, cfg.seed)
        tweak(s)
        asked = [0]

        def stop():
            asked[0] += 1
            return stop_after is not None and asked[0] >= stop_after
        with monkeypatch.context() as m:
            if array:
                m.setattr(T, "_small", lambda *a: None)
            try:
                res = T.train(cfg.network, *cfg.dataset, cfg.learning_rate or 0.1, s,
                              should_stop=stop if stop_after else None)
                got = (res.history, res.updates, res.epochs_run, res.stopped, None)
            except Diverged as exc:
                got = (None, None, None, None, (exc.loss, exc.epoch))
        out.append((got, [a.copy() for a in cfg.network.arrays()]))
    return out, calls


@pytest.mark.parametrize("name", ["mazur", "xor", "bp-notes", str(ROOT / "textbooks" / "hagan.yaml")],
                         ids=lambda n: Path(n).stem)
@pytest.mark.parametrize("mode", ["online", "batch"])
def test_quiet_epochs_in_one_call_train_as_the_array_engine(name, mode, monkeypatch):
    """Epochs that record nothing run in one call of the generated loop: the history and
    parameters of the array engine."""
    def tweak(s):
        s.epochs, s.every, s.mode, s.shuffle = 23, 10, mode, False
        s.optimizer, s.decay, s.step_decay, s.patience, s.l2, s.dropout = "sgd", None, None, None, {}, {}
        s.validation, s.running_loss = None, False
    (small, big), calls = _train_both(name, tweak, monkeypatch)
    near(small, big)
    assert calls == [1, 9, 10, 3]           # epochs 1, 2–10, 11–20, 21–23


DIVERGES = ("network:\n  inputs: 2\n  layers:\n"
            "    - {neurons: 2, activation: linear, weights: [[0.5, -0.4], [0.3, 0.8]], bias: [0.1, 0.2]}\n"
            "    - {neurons: 1, activation: linear, weights: [[0.7, 0.6]], bias: [0.1]}\n"
            "loss: half_sse\nlearning_rate: 1.9\n"
            "data:\n  - {input: [1.0, 2.0], target: [1.0]}\n  - {input: [-1.0, 0.5], target: [0.0]}\n"
            "train: {epochs: 400, mode: online}\n")


def test_divergence_and_a_stop_inside_quiet_epochs_are_the_array_engines(monkeypatch):
    """A loss that runs away in the middle of epochs run in one call stops training at the
    array engine's epoch with its loss; asked to stop after the 57th update, both stop there."""
    for every in (100, 1):                  # in one call, and epoch by epoch
        def tweak(s):
            s.every = every
        (small, big), calls = _train_both(DIVERGES, tweak, monkeypatch)
        assert calls and max(calls) == max(1, every - 1)
        near(small, big)
        assert small[0][4] is not None and small[0][4][1] > 2

    def calm(s):
        s.every = 100
        s.epochs = 30
    (small, big), calls = _train_both(DIVERGES.replace("1.9", "0.01"), calm, monkeypatch,
                                      stop_after=57)
    near(small, big)
    assert calls and small[0][1] == 57 and small[0][3] == "interrupted"


@pytest.mark.parametrize("seed", range(8))
def test_random_nets_train_in_one_call_as_the_array_engine(seed, monkeypatch):
    """Random nets (shared biases, thresholds, frozen biases, each activation and loss, the
    diagnosis's conventions, a sequential update) trained through epochs that record nothing:
    the history and the parameters of the array engine."""
    from bptrace.config import parse_config
    from bptrace.training.smalltrain import SmallTraining
    calls = []
    real = SmallTraining.quiet
    monkeypatch.setattr(SmallTraining, "quiet",
                        lambda self, *a: calls.append(a[1] - a[0] + 1) or real(self, *a))
    rng = np.random.default_rng(100 + seed)
    text = _random_config(rng)
    threshold = rng.random() < 0.3
    conv = Convention(**{k: True for k in ["first_path_only", "bp2_from_gradients",
                                           "net_for_out"] if rng.random() < 0.25})
    sequential = not conv.bp2_from_gradients and rng.random() < 0.3
    mode = "online" if sequential else ["online", "batch", "minibatch"][seed % 3]
    runs = []
    for array in (False, True):
        cfg = parse_config(text, "random.yaml")
        for layer in cfg.network.layers:
            layer.set_threshold(threshold)
        if sequential:
            cfg.network.update = "sequential"
        s = train_settings(cfg.train, cfg.network, cfg.seed)
        s.epochs, s.every, s.mode, s.shuffle = 9, 4, mode, False
        s.batch_size = 3 if mode == "minibatch" else None
        with monkeypatch.context() as m:
            if array:
                m.setattr(T, "_small", lambda *a: None)
            with np.errstate(all="ignore"):
                try:
                    res = T.train(cfg.network, *cfg.dataset, 0.1, s, conv=conv)
                    got = (res.history, res.updates)
                except Exception as exc:            # a runaway net: the same on both
                    got = (type(exc).__name__, getattr(exc, "epoch", None))
        runs.append((got, [a.copy() for a in cfg.network.arrays()]))
    near(runs[0], runs[1])
    assert calls and max(calls) > 1


def test_the_largest_net_the_path_takes_trains_as_the_array_engine(monkeypatch):
    """2-64-2 on one row (256 multiply-adds an update, the path's limit) is taken and trains
    as the array engine does; 2-65-2 is left to the arrays."""
    from bptrace.config import parse_config
    from bptrace.maths.scalar import LIMIT

    def text(h):
        return ("network:\n  inputs: 2\n  layers:\n"
                f"    - {{neurons: {h}, activation: tanh, weights: {{init: uniform, low: -1, high: 1}}, "
                "bias: {init: zeros}}\n"
                "    - {neurons: 2, activation: sigmoid, weights: {init: uniform, low: -1, high: 1}, "
                "bias: {init: zeros}}\n"
                "loss: half_sse\nlearning_rate: 0.5\nseed: 3\ntrain: {epochs: 40, mode: online}\n"
                "data:\n  - {input: [0.05, 0.1], target: [0.01, 0.99]}\n")
    assert LIMIT == 256
    assert plan(parse_config(text(64), "n.yaml").network, None, 1) is not None
    assert plan(parse_config(text(65), "n.yaml").network, None, 1) is None
    (small, big), calls = _train_both(text(64), lambda s: setattr(s, "every", 40), monkeypatch)
    assert calls
    near(small, big)


SEQ_BATCH = ("network:\n  inputs: 2\n  layers:\n"
             "    - {neurons: 2, activation: sigmoid, weights: [[0.5, -0.4], [0.3, 0.8]], bias: [0.1, 0.2]}\n"
             "    - {neurons: 1, activation: sigmoid, weights: [[0.7, 0.6]], bias: [0.1]}\n"
             "loss: half_sse\nlearning_rate: 0.5\nconventions: {update: sequential}\n"
             "data:\n  - {input: [0, 0], target: [0]}\n  - {input: [0, 1], target: [1]}\n"
             "  - {input: [1, 0], target: [1]}\n  - {input: [1, 1], target: [0]}\n")


@pytest.mark.parametrize("mode", ["batch", "minibatch"])
def test_a_sequential_update_of_several_rows_trains_on_the_arrays(mode, monkeypatch):
    """The small path updates sequentially one row at a time only: a batch of rows with
    update: sequential trains on the array engine (it crashed: no generated update)."""
    def tweak(s):
        s.epochs, s.every, s.mode, s.batch_size = 12, 4, mode, 2 if mode == "minibatch" else None
    (small, big), calls = _train_both(SEQ_BATCH, tweak, monkeypatch)
    assert small[0][4] is None and not calls
    near(small, big)


def test_diagnosing_a_batch_net_tries_the_sequential_update(run, tmp_path):
    """check --diagnose on a batch-mode tiny net with trained values tries the sequential
    update variant without a traceback (it crashed)."""
    cfg = tmp_path / "net.yaml"
    cfg.write_text(SEQ_BATCH.replace("conventions: {update: sequential}\n", "")
                   + "train: {epochs: 50, mode: batch}\nexpect:\n  trained.w_h1_1_o1: 0.5\n")
    res = run("check", cfg, "--diagnose")
    assert res.exit_code in (0, 1) and "trained.w_h1_1_o1" in res.output


def test_two_bp2_mistakes_together_as_the_hand_calculation_orders_them():
    """With first_path_only and bp2_from_gradients both set, the first path alone counts, on
    the small path as in maths.conventions.ByHand (the small path took the other first)."""
    from bptrace.config import parse_config
    text = ("network:\n  inputs: 2\n  layers:\n"
            "    - {neurons: 3, activation: sigmoid, weights: {init: uniform, low: -1, high: 1}, bias: {init: zeros}}\n"
            "    - {neurons: 2, activation: sigmoid, weights: {init: uniform, low: -1, high: 1}, bias: {init: zeros}}\n"
            "loss: half_sse\nlearning_rate: 0.1\nseed: 5\n"
            "data:\n  - {input: [0.3, -0.7], target: [0.2, 0.9]}\n")
    cfg = parse_config(text, "net.yaml")
    conv = Convention(first_path_only=True, bp2_from_gradients=True)
    near(_updates(cfg, conv, True, 1), _updates(cfg, conv, False, 1))
