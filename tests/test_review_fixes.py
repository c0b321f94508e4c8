"""Regression tests for problems found in review: each once crashed or misled."""

import json

import pytest

BASE = ("network:\n  inputs: [a]\n  layers:\n    - neurons: [o]\n      activation: linear\n"
        "      weights: [[0.5]]\nlearning_rate: 0.1\nsample: {input: [1], target: [1]}\n")


def test_check_whose_training_diverges(run, write):
    cfg = write(BASE.replace("learning_rate: 0.1", "learning_rate: 50") +
                "train: {epochs: 100}\nexpect:\n  trained.loss: 0.1\n")
    res = run("check", cfg)
    assert res.exit_code == 1 and "diverged" in res.stderr and "Traceback" not in res.stderr


def test_blank_answers_with_diagnose(run, write, tmp_path):
    ans = tmp_path / "a.yaml"
    ans.write_text("new.w_a_o: \nout.o: 0.5000\n")
    res = run("check", write(BASE), "--expect", ans, "--diagnose")
    assert res.exit_code == 1 and "Traceback" not in res.stderr


def test_nonfinite_values_in_views_and_batches_are_null(run, write):
    cfg = write(BASE.replace("[[0.5]]", "[[1e308]]").replace("input: [1]", "input: [10]")
                .replace("sample:", "data:\n  - {input: [10], target: [1]}\nsample:"))
    for args in (["--view", "matrix"], ["--batch"]):
        res = run("step", cfg, *args, "--format", "json")
        assert res.exit_code in (0, 1) and "not finite" in res.stderr
        json.loads(res.stdout)


def test_init_zeros_takes_no_settings(run, write):
    res = run("step", write(BASE.replace("[[0.5]]", "{init: zeros, low: 1}")))
    assert res.exit_code == 2 and "takes no settings" in res.stderr


@pytest.mark.parametrize("target", ["{a: 1}", "[]"])
def test_perceptron_odd_targets(run, write, target):
    res = run("perceptron", write(f"inputs: 1\ndata: [{{input: [0], target: {target}}}]\n"))
    assert res.exit_code == 2 and "Traceback" not in res.stderr


def test_perceptron_non_utf8_and_points_off_the_unit_square(run, write, tmp_path):
    bad = tmp_path / "p.yaml"
    bad.write_bytes(b"\xff\xfe inputs: 2")
    assert run("perceptron", bad).exit_code == 2
    cfg = write("inputs: 2\ndata: [{input: [3, -2], target: 1}, {input: [0, 0], target: 0}]\n")
    res = run("perceptron", cfg)
    assert res.exit_code == 0 and "●" in res.stdout


def test_compare_plot_when_everything_diverges(run, tmp_path):
    pytest.importorskip("matplotlib")
    res = run("compare", "redblue", "--vary", "learning_rate=1e6", "--vary", "optimizer=sgd",
              "--vary", "epochs=5", "--plot", tmp_path / "x.png")
    assert res.exit_code in (1, 2) and "Traceback" not in res.stderr


def test_batch_size_reported_without_validation_rows(run):
    obj = json.loads(run("train", "redblue", "--epochs", "1", "--mode", "batch", "--format", "json").stdout)
    assert obj["settings"]["batch_size"] == 160           # 200 points, the last 20 % validate


def test_huge_integers_and_alias_cycles(run, write):
    res = run("step", write(BASE.replace("[[0.5]]", "[[" + "9" * 400 + "]]")))
    assert res.exit_code == 2 and "too large" in res.stderr
    res = run("step", write("a: &x [*x]\n"))
    assert res.exit_code == 2 and "refers to itself" in res.stderr


def test_unwritable_outputs_and_bad_optimizer_settings(run, tmp_path):
    (tmp_path / "f.txt").write_text("x")
    res = run("exercise", "--out", tmp_path / "f.txt" / "sub")
    assert res.exit_code == 2 and "cannot create the folder" in res.stderr
    for opt in (["--optimizer", "adam", "--opt", "beta2=-3"], ["--optimizer", "momentum", "--opt", "momentum=5"],
                ["--optimizer", "adam", "--opt", "eps=0"]):
        res = run("train", *opt)
        assert res.exit_code == 2 and "must be" in res.stderr


def test_yaml_bombs_and_deep_nesting(run, write):
    bomb = "a: &a0 [1,1,1,1,1,1,1,1,1,1]\n" + "".join(
        f"x{i}: &a{i} [{','.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 9))
    res = run("step", write(bomb))
    assert res.exit_code == 2 and "expands far beyond" in res.stderr
    res = run("step", write("network: " + "[" * 3000 + "]" * 3000 + "\n"))
    assert res.exit_code == 2 and "nested too deeply" in res.stderr


def test_diverging_training_still_prints_json(run, write):
    res = run("train", write(BASE.replace("learning_rate: 0.1", "learning_rate: 50")), "--format", "json")
    assert res.exit_code == 1 and json.loads(res.stdout)["diverged"]["epoch"] >= 1


def test_examples_say_which_can_be_checked(run):
    out = run("examples").stdout
    line = next(l for l in out.splitlines() if l.startswith("│cubic"))
    assert "check" not in line


def test_any_text_is_a_title(run, write):
    res = run("step", write("title: Mazur 的例子, 2-2-2\n" + BASE), "--only", "loss")
    assert res.exit_code == 0 and "Mazur 的例子, 2-2-2" in res.stdout
