"""Every command and option through click's CliRunner."""

import json
import subprocess
import sys

import numpy as np
import pytest

from bptrace import __version__


def test_step_default_is_mazur(run):
    res = run("step")
    assert res.exit_code == 0
    out = res.stdout
    assert "Mazur's worked example" in out
    for text in ("net.h1", "w1·i1 + w2·i2 + b1", "0.15×0.05 + 0.2×0.1 + 0.35", "0.3775",
                 "0.75136507", "0.298371109", "err.h1.o2", "0.0553994247", "0.35891648",
                 "0.291027774", "frozen"):
        assert text in out, text
    assert max(len(line) for line in out.splitlines()) <= 80


def test_step_by_example_name_and_python_m(run):
    assert "0.742605307" in run("step", "xor").stdout
    proc = subprocess.run([sys.executable, "-m", "bptrace", "step", "--only", "loss",
                           "--format", "json"], capture_output=True, text=True, check=True)
    assert json.loads(proc.stdout)["values"] == {"loss": 0.29837110876000272}


def test_json_is_deterministic_and_complete(run):
    a = run("step", "--format", "json").stdout
    b = run("step", "--format", "json").stdout
    assert a == b
    obj = json.loads(a)
    keys = set(obj["values"])
    for prefix in ("net.", "out.", "loss.", "err.", "dout.", "delta.", "grad.", "new.", "new.out."):
        assert any(k.startswith(prefix) for k in keys), prefix
    assert {"loss", "new.loss", "grad.b1", "new.b1", "out.i1", "err.h1.o1"} <= keys
    assert obj["values"]["new.b1"] == 0.35                      # frozen, so unchanged
    assert obj["network"]["parameters"][0] == {"name": "w1", "layer": 1, "kind": "weight",
                                               "from": "i1", "to": ["h1"], "value": 0.15,
                                               "trainable": True}


def test_only_glob_and_layer(run):
    res = run("step", "--only", "grad.w*", "--format", "json")
    assert sorted(json.loads(res.stdout)["values"]) == [f"grad.w{i}" for i in range(1, 9)]
    res = run("step", "--layer", "1", "--only", "delta.*", "--format", "json")
    assert sorted(json.loads(res.stdout)["values"]) == ["delta.h1", "delta.h2"]
    res = run("step", "--layer", "output", "--only", "net.*,out.*")
    assert "net.o1" in res.stdout and "net.h1" not in res.stdout


def test_only_unknown_key_is_bad_input(run):
    res = run("step", "--only", "grad.w9")
    assert res.exit_code == 2 and "grad.w9" in res.stderr and "did you mean" in res.stderr


def test_layer_unknown(run):
    res = run("step", "--layer", "7")
    assert res.exit_code == 2 and "--layer '7'" in res.stderr


def test_explain_walks_every_path(run):
    res = run("step", "--explain", "w1")
    assert res.exit_code == 0
    out = res.stdout
    for text in ("How w1 changes", "grad.w1 = ∂E/∂w1", "err.h1 = ∂E/∂out.h1", "err.h1.o1",
                 "err.h1.o2", "delta.o1", "err.o1", "dout.h1", "new.w1", "0.149780716"):
        assert text in out, text


@pytest.mark.parametrize("fmt", ["rich", "markdown"])
def test_explain_without_a_learning_rate(run, fmt):
    """Without η there is no update: --explain derives the gradient and stops there (was a
    KeyError on new.*)."""
    res = run("step", "cs231n", "--explain", "w_s_cat_cat", "--format", fmt)
    assert res.exit_code == 0 and res.exception is None
    assert "−1/0.129982539 = " in res.stdout and "new.w" not in res.stdout


def test_explain_unknown_parameter(run):
    res = run("step", "--explain", "w9")
    assert res.exit_code == 2 and "'w9'" in res.stderr and "w1, w2" in res.stderr
    res = run("step", "--explain", "w_1")
    assert res.exit_code == 2 and "did you mean w1" in res.stderr


def test_digits(run):
    out = run("step", "--digits", "4", "--only", "out.o1").stdout
    assert "0.7514" in out and "0.75136507" not in out
    assert run("step", "--digits", "0").exit_code == 2


def test_csv(run):
    out = run("step", "--format", "csv", "--only", "grad.w5").stdout.splitlines()
    assert out[0] == "key,value,formula,substituted"
    assert out[1].startswith("grad.w5,0.08216704056")


def test_markup_in_names_prints_as_written(run, write):
    cfg = write("title: '[bold]w[1][/bold]'\nnetwork:\n  inputs: 1\n  layers:\n"
                "    - neurons: 1\n      activation: linear\n      weights: [[2.0]]\n"
                "learning_rate: 0.1\nsample: {input: [1], target: [0]}\n")
    out = run("step", cfg).stdout
    assert "[bold]w[1][/bold]" in out


def test_large_network_is_summarised(run, write):
    cfg = write("seed: 1\nnetwork:\n  inputs: 30\n  layers:\n    - neurons: 40\n      activation: relu\n"
                "      weights: {init: he}\n      bias: 0.0\n    - neurons: 3\n      activation: softmax\n"
                "      weights: {init: xavier}\nloss: cross_entropy\nlearning_rate: 0.1\n"
                "sample: {input: " + str([0.1] * 30) + ", target: [1, 0, 0]}\n")
    res = run("step", cfg)
    assert res.exit_code == 0
    assert len(res.stdout.splitlines()) < 150
    assert "--only" in res.stdout
    values = json.loads(run("step", cfg, "--format", "json").stdout)["values"]
    assert len([k for k in values if k.startswith("grad.")]) == 30 * 40 + 1 + 40 * 3


@pytest.mark.parametrize("options", [["--round", "3"], ["--round", "printed"], ["--gradcheck"],
                                     ["--gradcheck", "--round", "2"]])
def test_summarised_layer_beside_extra_columns(run, options):
    """A summarised layer's row (curve's 24 hidden neurons) in a table with the hand-calculation
    or finite-difference columns: its value cells are blank (was a traceback: one blank cell
    for several columns)."""
    res = run("step", "curve", *options)
    assert res.exit_code == 0, res.output
    assert "24 × net:" in res.stdout


def test_examples_list_and_print(run):
    res = run("examples")
    for name in ("mazur", "xor", "bp-notes", "softmax", "regression"):
        assert name in res.stdout
    text = run("examples", "xor").stdout
    assert text.startswith("# The XOR network of the course slides") and "matrix_rows: inputs" in text
    assert run("examples", "nope").exit_code == 2


def test_every_example_steps(run):
    from bptrace.config.examples import names
    for name in names():
        res = run("step", name, "--format", "json")
        assert res.exit_code == 0, name
        assert all(np.isfinite(v) for v in json.loads(res.stdout)["values"].values())


def test_version(run):
    assert __version__ in run("--version").stdout


def test_gradcheck_on_every_example(run):
    from bptrace.config.examples import names
    for name in names():
        obj = json.loads(run("step", name, "--gradcheck", "--format", "json").stdout)
        assert obj["gradcheck"]["worst_relative_error"] < 1e-6, name
        params = [p["name"] for p in obj["network"]["parameters"]]
        assert sorted(obj["numeric"]) == sorted(f"numeric.grad.{p}" for p in params)
    out = run("step", "--gradcheck", "--only", "grad.w5").stdout
    assert "numeric" in out and "worst relative error" in out


def test_gradcheck_marks_relu_kinks(run, write):
    text = ("network:\n  inputs: [x]\n  layers:\n    - neurons: [h]\n      activation: relu\n"
            "      weights: [[1.0]]\n      bias: [-0.5]\n    - neurons: [y]\n      activation: linear\n"
            "      weights: [[2.0]]\nlearning_rate: 0.1\nsample: {input: [0.5], target: [1]}\n")
    obj = json.loads(run("step", write(text), "--gradcheck", "--format", "json").stdout)
    assert set(obj["gradcheck"]["kinks"]) == {"w_x_h", "b_h"}
    assert obj["values"]["grad.w_x_h"] == 0.0          # relu'(0) = 0, as PyTorch


def test_check_gradcheck(run):
    res = run("check", "xor", "--gradcheck")
    assert "worst relative error" in res.stdout


def test_batch_step_updates_with_the_mean_gradient(run):
    obj = json.loads(run("step", "xor", "--batch", "--format", "json").stdout)
    v = obj["values"]
    assert obj["samples"] == [1, 2, 3, 4]
    for p in obj["network"]["parameters"]:
        name = p["name"]
        mean = sum(v[f"s{i}.grad.{name}"] for i in range(1, 5)) / 4
        assert v[f"grad.{name}"] == pytest.approx(mean, rel=1e-12, abs=1e-15)
        assert v[f"new.{name}"] == pytest.approx(p["value"] - 0.5 * mean, rel=1e-12)
    single = json.loads(run("step", "xor", "--format", "json").stdout)["values"]
    assert v["s1.grad.w_y11_z1"] == single["grad.w_y11_z1"]
    assert v["loss"] == pytest.approx(sum(v[f"s{i}.loss"] for i in range(1, 5)) / 4)


def test_samples_option(run):
    res = run("step", "xor", "--samples", "1,3")
    assert res.exit_code == 0 and "s1" in res.stdout and "s3" in res.stdout and "mean" in res.stdout
    assert run("step", "xor", "--samples", "7").exit_code == 2
    assert run("step", "xor", "--samples", "a").exit_code == 2


def test_nonfinite_values_are_reported_and_exit_1(run, write):
    cfg = write("network:\n  inputs: [a]\n  layers:\n    - neurons: [o]\n      activation: linear\n"
                "      weights: [[1.0e200]]\nloss: half_sse\nlearning_rate: 0.5\n"
                "sample: {input: [1.0e200], target: [0]}\n")
    res = run("step", cfg, "--format", "json")
    assert res.exit_code == 1
    assert "not finite" in res.stderr and "loss" in res.stderr and "RuntimeWarning" not in res.stderr
    obj = json.loads(res.stdout)
    assert obj["values"]["loss"] is None and "loss" in obj["nonfinite"]


@pytest.mark.parametrize("args", [["--view", "matrix"], ["--view", "jacobian", "--format", "json"],
                                  ["--batch"], ["--batch", "--format", "json"]])
def test_nonfinite_values_in_views_and_batches_exit_1(run, write, args):
    """The matrix and Jacobian views and a batch exit 1 on NaN or infinity, like every other
    step (they exited 0)."""
    cfg = write("network:\n  inputs: [a]\n  layers:\n    - neurons: [o]\n      activation: linear\n"
                "      weights: [[1.0e200]]\nloss: half_sse\nlearning_rate: 0.5\n"
                "data:\n  - {input: [1.0e200], target: [0]}\nsample: {input: [1.0e200], target: [0]}\n")
    res = run("step", cfg, *args)
    assert res.exit_code == 1 and "not finite" in res.stderr


@pytest.mark.parametrize("args", [["--view", "jacobian", "--format", "csv"],
                                  ["--batch", "--format", "latex"],
                                  ["--format", "html", "--only", "grad.*"],
                                  ["--format", "html", "--layer", "1"]])
def test_a_refused_combination_is_one_message(run, write, args):
    """A format refused by --view or --batch, or an option the page cannot take, is said
    alone, not after a warning about the values it would have shown."""
    cfg = write("network:\n  inputs: [a]\n  layers:\n    - neurons: [o]\n      activation: linear\n"
                "      weights: [[1.0e200]]\nloss: half_sse\nlearning_rate: 0.5\n"
                "data:\n  - {input: [1.0e200], target: [0]}\nsample: {input: [1.0e200], target: [0]}\n")
    res = run("step", cfg, *args)
    assert res.exit_code == 2 and "not finite" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_unicode_names(run, write):
    cfg = write("network:\n  inputs: [输入]\n  layers:\n    - neurons: [θ1]\n      activation: linear\n"
                "      weights: {权重: [输入, θ1, 2.0]}\nlearning_rate: 0.1\nsample: {input: [1], target: [1]}\n")
    values = json.loads(run("step", cfg, "--format", "json").stdout)["values"]
    assert values["out.θ1"] == 2.0 and values["grad.权重"] == 1.0


def test_not_a_regular_file(run):
    assert "not a regular file" in run("step", "/dev/null").stderr
    assert "no config given" in run("step", "").stderr


def test_explain_in_markdown_and_refused_elsewhere(run):
    out = run("step", "--explain", "w1", "--format", "markdown").stdout
    assert "- grad.w1 = ∂E/∂w1" in out and "= **0.000438567734**" in out
    res = run("step", "--explain", "w1", "--format", "json")
    assert res.exit_code == 2 and "--explain is shown with --format rich or markdown" in res.stderr


def test_leaky_relu_formula_matches_its_value(run, write):
    cfg = write("network:\n  inputs: [x]\n  layers:\n    - neurons: [h]\n      activation: {leaky_relu: 2}\n"
                "      weights: [[1]]\nlearning_rate: 0.1\nsample: {input: [-0.5], target: [0]}\n")
    out = run("step", cfg, "--only", "out.h").stdout
    assert "= (-0.5) if (-0.5) > 0 else 2·(-0.5)" in out and "-1" in out


def test_round_mode_rounds_the_loss_too(run):
    obj = json.loads(run("step", "--round", "4", "--format", "json").stdout)
    assert obj["values"]["loss.o1"] == 0.2748 and obj["values"]["loss"] == 0.2984


def test_csv_substitutes_shortest_numbers(run):
    row = run("step", "--format", "csv", "--only", "net.h1").stdout.splitlines()[1]
    assert "0.15×0.05 + 0.2×0.1 + 0.35" in row


def test_mse_formula_names_n(run, write):
    text = run("examples", "mazur").stdout.replace("loss: half_sse", "loss: mse")
    out = run("step", write(text), "--only", "loss.o1").stdout
    assert "(target.o1 − out.o1)²/2" in out


@pytest.mark.parametrize("args", [["xor", "--samples", "1,2", "--round", "3"],
                                  ["xor", "--batch", "--gradcheck"],
                                  ["--view", "matrix", "--only", "out.*"],
                                  ["--gradcheck", "--format", "markdown"],
                                  ["xor", "--samples", "1,1"]])
def test_options_that_would_be_ignored_are_refused(run, args):
    res = run("step", *args)
    assert res.exit_code == 2 and "Traceback" not in res.stderr


def test_examples_say_which_can_be_checked(run):
    out = run("examples").stdout
    line = next(l for l in out.splitlines() if l.startswith("│cubic"))
    assert "check" not in line


def test_the_command_line_starts_without_numpy():
    code = "import sys, bptrace.cli; sys.exit('numpy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_train_offers_every_optimizer():
    from bptrace.cli.train import OPTIMIZER_NAMES
    from bptrace.maths.optimizers import OPTIMIZERS
    assert list(OPTIMIZER_NAMES) == list(OPTIMIZERS)
