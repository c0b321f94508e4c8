"""bptrace plot: every figure draws the engine's own numbers — a slice's slope is the step's
grad.P and its step the step's new.P, a path's first update is training's first update, its
next ones a descent on two parameters recomputed here from the step's gradients, a schedule's
η the one training uses — and every bad input is one message, exit 2. The drawings
themselves (every kind × format, in both languages, the same bytes twice) run with the slow
tests: they are matplotlib's time."""

from __future__ import annotations

import math
import sys

import numpy as np
import pytest
import yaml
from click.testing import CliRunner

from bptrace import api
from bptrace.cli import cli


def _with(name: str, **values) -> dict:
    """A built-in example as a dict, some weights set (named edges) — an independent way to
    the loss at other parameter values: the config itself, changed and stepped."""
    from bptrace.config import examples
    cfg = yaml.safe_load(examples.text(name))
    cfg.pop("expect", None)
    for layer in cfg["network"]["layers"]:
        for key in ("weights", "bias"):
            part = layer.get(key)
            if isinstance(part, dict):
                for n in values:
                    if n in part:
                        part[n] = ([*part[n][:-1], values[n]] if isinstance(part[n], list)
                                   else values[n])
    return cfg


# ------------------------------------------------------------------------------ a slice
@pytest.mark.parametrize("name, param", [("mazur", "w5"), ("mazur", "w1"), ("xor", "theta2_1"),
                                         ("hagan", "w1_11")])
def test_a_slice_has_the_steps_slope_step_and_loss(name, param):
    s = api.plot("slice", name, param=param).data
    step = api.step(name).values
    assert s.grad == step[f"grad.{param}"]
    assert s.new == step[f"new.{param}"]
    assert s.loss == step["loss"] and s.value == api.load(name).network.value(
        api.load(name).network.param_by_name[param])
    # the tangent passes through (P, E) with slope ∂E/∂P
    (x0, x1), (y0, y1) = s.tangent_x, s.tangent_y
    assert (y1 - y0) / (x1 - x0) == pytest.approx(s.grad, rel=1e-12)
    assert y0 + s.grad * (s.value - x0) == pytest.approx(s.loss, rel=1e-12)
    # the curve passes through (P, E); where the slope is not 0, the step goes downhill
    i = int(np.flatnonzero(s.xs == s.value)[0])
    assert s.losses[i] == s.loss
    assert s.new_loss < s.loss


def test_a_slice_is_the_loss_of_the_config_with_that_parameter_changed():
    s = api.plot("slice", "mazur", param="w5", span="-2:3").data
    assert s.xs[0] == -2 and s.xs[-1] == 3
    for k in (0, 57, 200, len(s.xs) - 1):
        assert s.losses[k] == pytest.approx(api.step(_with("mazur", w5=float(s.xs[k]))).values["loss"],
                                            rel=1e-13, abs=1e-15)
    assert s.new_loss == pytest.approx(api.step(_with("mazur", w5=s.new)).values["loss"], rel=1e-13)


def test_a_frozen_bias_is_not_moved_by_the_step_and_without_eta_there_is_no_step():
    s = api.plot("slice", "mazur", param="b2").data         # Mazur: biases fixed
    assert not s.trainable and s.new == s.value and s.grad == api.step().values["grad.b2"]
    cfg = _with("mazur")
    del cfg["learning_rate"]
    s = api.plot("slice", cfg, param="w5").data
    assert s.lr is None and s.new is None and s.grad == api.step().values["grad.w5"]


# ----------------------------------------------------------------- a surface and its paths
def _path(name: str, params: tuple[str, str], optimizer: str = "sgd", epochs: int = 3,
          lr: float | None = None):
    """The path alone (the surface's grid is the slow part of a figure, and not looked at)."""
    from bptrace.training.landscape import descent_path
    plan = api.plan_training(name, epochs=epochs)
    return descent_path(plan.config, plan.settings, plan.lr, params, optimizer, lr)


def test_a_paths_first_update_is_trainings_first_update(coarse):
    for optimizer in ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "rmsprop_momentum",
                      "adam"):
        path = _path("mazur", ("w5", "w6"), optimizer)
        trained = api.train("mazur", epochs=1, optimizer=optimizer).values
        assert path.updates[1] == 1
        assert tuple(path.points[1]) == (trained["new.w5"], trained["new.w6"]), optimizer
        assert tuple(path.points[0]) == (0.40, 0.45)
    # and through the command's own record: the surface's path, its start
    fig = api.plot("surface", "mazur", params="w5,w6", epochs=1).data
    assert fig.start == (0.40, 0.45) and fig.paths[0].total == 1
    assert tuple(fig.paths[0].points[1]) == (api.train("mazur", epochs=1).values["new.w5"],
                                             api.train("mazur", epochs=1).values["new.w6"])


def test_a_path_is_gradient_descent_on_the_two_parameters_the_others_held():
    """Five updates of P and Q recomputed from the step's own gradients, the config changed
    between them: the path is the same, to the last bit of rounding."""
    path = _path("mazur", ("w5", "w1"), epochs=5)
    w5, w1 = 0.40, 0.15
    for k in range(1, 6):
        v = api.step(_with("mazur", w5=w5, w1=w1)).values
        w5, w1 = w5 - 0.5 * v["grad.w5"], w1 - 0.5 * v["grad.w1"]
        assert path.points[k] == pytest.approx([w5, w1], rel=1e-14)
        assert path.losses[k] == pytest.approx(api.step(_with("mazur", w5=w5, w1=w1)).values["loss"],
                                               rel=1e-13)
    assert path.total == 5 and path.optimizer == "sgd" and path.lr == 0.5


@pytest.fixture
def coarse(monkeypatch):
    """A surface of 21 × 21 points (81 × 81 in use: the same code, 15 times the time)."""
    from bptrace.training import landscape
    monkeypatch.setattr(landscape, "GRID", 21)


def test_the_surface_is_the_mean_loss_with_two_parameters_changed(coarse):
    s = api.plot("surface", "xor", params="w_y11_z1,theta2_1", epochs=2, span="-3:3,-2:2").data
    assert (s.xs[0], s.xs[-1], s.ys[0], s.ys[-1]) == (-3, 3, -2, 2)
    assert s.losses.shape == (len(s.ys), len(s.xs))
    for i, j in ((0, 0), (10, 7), (20, 20)):
        cfg = api.load("xor")
        net = cfg.network
        arrays = net.copy_arrays()
        for name, v in (("w_y11_z1", s.xs[i]), ("theta2_1", s.ys[j])):
            p = net.param_by_name[name]
            arrays[2 * p.layer + (p.kind == "b")][p.index] = v
        X, T = cfg.dataset
        assert s.losses[j, i] == pytest.approx(float(np.mean(net.losses(X, T, arrays))), rel=1e-14)
    # the config's own settings: xor trains online, 4 updates an epoch
    assert s.mode == "online" and s.paths[0].total == 8


def test_trajectories_each_with_its_eta_and_a_diverging_one_stops_where_it_ran_away(coarse):
    s = api.plot("trajectory", "mazur", params="w5,w6", optimizers="sgd,adam=0.05", epochs=20).data
    assert [(p.optimizer, p.lr) for p in s.paths] == [("sgd", 0.5), ("adam", 0.05)]
    assert s.paths[0].diverged is None and len(s.paths[0].points) == 21
    away = _path("hagan", ("w2_11", "b2"), "sgd", epochs=50, lr=10.0)    # linear output, sse
    assert away.diverged == 4 and away.total == 3 and np.isfinite(away.points).all()


def test_a_long_path_keeps_its_first_updates_and_its_last(monkeypatch):
    from bptrace.training import landscape
    monkeypatch.setattr(landscape, "MAX_POINTS", 40)        # (2,000 and 100: the same, slower)
    monkeypatch.setattr(landscape, "KEEP_FIRST", 10)
    path = _path("mazur", ("w5", "w6"), epochs=300)
    assert path.total == 300 and len(path.points) <= 40
    assert list(path.updates[:10]) == list(range(10)) and path.updates[-1] == 300
    assert path.points[-1][0] < 0.40                   # w5 fell (o1's target is 0.01)


# ---------------------------------------------------------------------------- the schedule
def test_the_schedule_is_the_eta_training_uses():
    s = api.plot("schedule", "mazur", decay="0.5:3", epochs=10).data
    assert len(s.etas) == 10 and s.per_epoch == 1
    assert list(s.etas) == [0.5 * 0.5 ** ((k - 1) / 3) for k in range(1, 11)]
    for k in (1, 4, 9):
        run = api.train("mazur", epochs=10, decay="0.5:3", trace_at=k)
        assert run.result.trace_at[3] == s.etas[k - 1]
    curve = api.plot("schedule", "curve", epochs=6000).data      # its train: decay, batch mode
    assert curve.decay == (0.5, 2500, False) and curve.etas[2500] == pytest.approx(0.5 * curve.etas[0])
    const = api.plot("schedule", "xor", epochs=3).data
    assert const.decay is None and list(const.etas) == [0.5] * 12 and const.per_epoch == 4


# ----------------------------------------------------------------------------- activations
def test_activation_curves_are_the_networks_activations_and_mark_its_neurons():
    from bptrace.maths.activations import ACTIVATIONS
    fig = api.plot("activations", "regression", names="sigmoid,tanh,relu,leaky_relu(0.2)")
    by = {c.name: c for c in fig.data}
    z = by["sigmoid"].z
    assert 0.0 in z and z[0] == -6 and z[-1] == 6
    assert np.array_equal(by["tanh"].f, np.tanh(z))
    assert np.array_equal(by["sigmoid"].d, ACTIVATIONS["sigmoid"].d(z, ACTIVATIONS["sigmoid"].f(z)))
    assert by["relu"].d[z == 0] == 0 and by["leaky_relu(0.2)"].f[0] == pytest.approx(-1.2)
    step = api.step("regression").values
    marks = fig.neurons
    assert set(marks) <= {"tanh", "relu"} and marks
    for name, net, out, dout in [m for ms in marks.values() for m in ms]:
        assert (net, out, dout) == (step[f"net.{name}"], step[f"out.{name}"], step[f"dout.{name}"])
    default = api.plot("activations", "xor")
    assert [c.name for c in default.data] == ["sigmoid"] and len(default.neurons["sigmoid"]) == 4


# ------------------------------------------------------------------------------ bad input
BAD = [
    (["slise"], "did you mean 'slice'"),
    (["slice", "--param", "w55"], "did you mean 'w5'"),
    (["slice"], "needs --param"),
    (["surface", "--params", "w5,w5"], "two different parameters"),
    (["surface", "--params", "w5"], "name two parameters"),
    (["surface", "--params", "w5,w66"], "did you mean 'w6'"),
    (["surface", "--params", "w5,w6", "--range", "nan:1"], "LO:HI"),
    (["surface", "--params", "w5,w6", "--range", "2:1"], "LO:HI"),
    (["slice", "--param", "w5", "--range", "0:inf"], "LO:HI"),
    (["slice", "--param", "w5", "--range", "0:1,0:1"], "LO:HI"),
    (["activations", "--range", "-1e999:1"], "LO:HI"),
    (["activations"], "name the activations"),
    (["activations", "--config", "cs231n"], "softmax only"),
    (["activations", "softmax"], "no curve"),
    (["activations", "sigmoidd"], "did you mean 'sigmoid'"),
    (["activations", "leaky_relu(x)"], "finite number"),
    (["trajectory", "--params", "w5,w6", "--optimizers", "sgd,adamm"], "did you mean 'adam'"),
    (["trajectory", "--params", "w5,w6", "--optimizers", "adam=-1"], "> 0"),
    (["trajectory", "--params", "w5,w6", "--optimizers", "sgd,sgd"], "twice"),
    (["trajectory", "--params", "w5,w6", "--optimizers", ","], "names none"),
    (["schedule", "--decay", "2:10"], "--decay"),
    (["schedule", "--epochs", "100000000"], "fewer --epochs"),
    (["slice", "--param", "w5", "--format", "png"], "-o FILE.png"),
    (["slice", "--param", "w5", "-o", "x.tex"], ".svg, .png or .pdf"),
    (["slice", "--param", "w5", "-o", "x.svg", "--format", "pdf"], "drop one"),
    (["slice", "--params", "w5,w6"], "cannot be combined with --params"),
    (["activations", "sigmoid", "--param", "w5"], "cannot be combined with --param"),
    (["schedule", "--optimizers", "adam"], "cannot be combined"),
    (["slice", "nonexistent.yaml", "--param", "w1"], "no such file"),
]


@pytest.mark.parametrize("args, said", BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_is_one_message_exit_2(args, said, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(cli, ["plot", *args], catch_exceptions=False)
    assert res.exit_code == 2
    assert said in res.stderr and res.stderr.startswith("bptrace: ")
    assert res.stderr.count("\n") == 1 and res.stdout == ""
    assert not list(tmp_path.iterdir())                 # nothing written


def test_bad_input_in_chinese():
    res = CliRunner().invoke(cli, ["plot", "surface", "--params", "w5,w5", "--lang", "zh"])
    assert res.exit_code == 2 and "两个不同的参数" in res.stderr


def test_without_matplotlib_it_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)        # import matplotlib fails
    res = CliRunner().invoke(cli, ["plot", "slice", "--param", "w5"])
    assert res.exit_code == 2
    assert "pip install 'bptrace[plot]'" in res.stderr and "bptrace plot" in res.stderr
    assert res.stderr.count("\n") == 1


def test_the_output_is_never_the_config_it_reads(tmp_path):
    cfg = tmp_path / "net.svg"
    cfg.write_text(_yaml_of("mazur"), encoding="utf-8")
    before = cfg.read_bytes()
    res = CliRunner().invoke(cli, ["plot", "slice", str(cfg), "--param", "w5", "-o", str(cfg)])
    assert res.exit_code == 2 and cfg.read_bytes() == before


def _yaml_of(name: str) -> str:
    from bptrace.config import examples
    return examples.text(name)


def test_the_kinds_and_the_command_agree():
    from bptrace.api.figures import KINDS
    from bptrace.cli import plot
    assert plot.KINDS == KINDS and set(plot.TAKES) == set(KINDS)
    assert math.isfinite(api.plot("slice", param="w5").data.grad)
