"""compare: each variant is a plain `train` with its settings."""

import json

import pytest


def test_each_variant_equals_plain_train(run, tmp_path):
    obj = json.loads(run("compare", "cubic", "--vary", "hidden=2;3-2", "--vary", "epochs=40",
                         "--format", "json").stdout)
    assert [v["setting"] for v in obj["variants"]] == [{"hidden": "2", "epochs": "40"},
                                                       {"hidden": "3-2", "epochs": "40"}]
    # the same settings written into a config and trained plainly
    text = run("examples", "cubic").stdout
    head, rest = text.split("    - neurons: 5\n", 1)
    out_layer = "    - neurons: [y]" + rest.split("    - neurons: [y]", 1)[1]
    hidden = ("    - neurons: 2\n      activation: sigmoid\n"
              "      weights: {init: uniform, low: -0.05, high: 0.05}\n      bias: {init: zeros}\n")
    cfg = tmp_path / "two.yaml"
    cfg.write_text(head + hidden + out_layer)
    plain = json.loads(run("train", cfg, "--epochs", "40", "--every", "1", "--format", "json").stdout)
    assert obj["variants"][0]["values"]["loss"] == plain["values"]["loss"]
    assert obj["variants"][0]["history"] == plain["history"]


def test_learning_rate_and_optimizer_variants_equal_plain_train(run):
    obj = json.loads(run("compare", "xor", "--vary", "learning_rate=0.5,0.9", "--vary",
                         "optimizer=sgd,momentum", "--vary", "epochs=30", "--format", "json").stdout)
    assert len(obj["variants"]) == 4
    for v in obj["variants"]:
        s = v["setting"]
        plain = json.loads(run("train", "xor", "--lr", s["learning_rate"], "--optimizer",
                               s["optimizer"], "--epochs", "30", "--format", "json").stdout)
        assert v["values"]["loss"] == plain["values"]["loss"], s


def test_jobs_give_the_same_json(run):
    args = ["compare", "redblue", "--vary", "hidden=1,3", "--vary", "epochs=20", "--format", "json"]
    assert run(*args, "--jobs", "1").stdout == run(*args, "--jobs", "2").stdout


def test_jobs_fork_their_workers_from_a_process_with_one_blas_thread(run):
    """`compare --jobs 2` asks for one BLAS thread before numpy loads, so its worker is
    forked from it (ready at once, nothing imported again); the JSON is the one --jobs 1
    writes (here, where numpy was loaded before, the workers would start fresh)."""
    import subprocess
    import sys
    args = ["compare", "redblue", "--vary", "hidden=1,3", "--vary", "epochs=20", "--format", "json"]
    code = """if True:
        import multiprocessing as mp
        import sys
        methods, real = [], mp.get_context
        mp.get_context = lambda method=None: methods.append(method) or real(method)
        from bptrace.cli.launch import _run
        sys.argv = ["bptrace", *sys.argv[1:]]
        code = _run()
        print(methods, file=sys.stderr)
    """
    p = subprocess.run([sys.executable, "-c", code, *args, "--jobs", "2"], capture_output=True,
                       text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stdout == run(*args, "--jobs", "1").stdout and '"variants"' in p.stdout
    forked = "['fork']" if sys.platform.startswith("linux") else "['forkserver']"
    assert p.stderr.strip().splitlines()[-1] == forked


def test_terminal_pictures(run):
    out = run("compare", "redblue", "--vary", "hidden=2,4", "--vary", "epochs=30").stdout
    assert "hidden=2" in out and "●" in out and "○" in out
    out = run("compare", "cubic", "--vary", "hidden=1;2", "--vary", "epochs=30", "--target", "0.5").stdout
    assert "Fitted curves" in out and "epochs to 0.5" in out


@pytest.mark.parametrize("vary,phrase", [("size=1,2", "unknown setting 'size'"),
                                          ("epochs=a", "not a whole number"),
                                          ("hidden", "NAME=V1"),
                                          ("learning_rate=-1", "must be positive")])
def test_bad_vary(run, vary, phrase):
    res = run("compare", "cubic", "--vary", vary)
    assert res.exit_code == 2 and phrase in res.stderr


@pytest.mark.parametrize("more", [[], ["--jobs", "2"], ["--lang", "zh"]])
def test_a_config_without_a_learning_rate(run, more):
    """Comparing trains: without learning_rate it is bad input, said once (was a traceback
    inside the training loop), unless the learning rate is what varies."""
    res = run("compare", "cs231n", "--vary", "epochs=1,2", *more)
    assert res.exit_code == 2 and "learning_rate" in res.stderr and "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    assert run("compare", "cs231n", "--vary", "epochs=1", "--vary", "learning_rate=0.1").exit_code == 0


def test_regions_of_a_single_sample(run):
    """Two inputs and one output with one sample (no extent to span): the decision map is
    drawn around it (was a NaN position and a traceback)."""
    res = run("compare", "negnevitsky", "--vary", "epochs=1,2")
    assert res.exit_code == 0 and "○" in res.stdout


def test_hidden_needs_random_weights(run):
    res = run("compare", "mazur", "--vary", "hidden=3")
    assert res.exit_code == 2 and "random initial weights" in res.stderr


def test_a_diverging_variant_does_not_lose_the_others(run):
    res = run("compare", "regression", "--vary", "learning_rate=0.05,5", "--vary", "epochs=50",
              "--format", "json")
    assert res.exit_code == 1
    v = json.loads(res.stdout)["variants"]
    assert v[0]["diverged"] is None and v[0]["values"]["loss"] > 0
    assert v[1]["diverged"].startswith("diverged at epoch")


def test_batch_size_variants_use_minibatches(run):
    obj = json.loads(run("compare", "xor", "--vary", "batch_size=1,2", "--vary", "epochs=20",
                         "--format", "json").stdout)
    a, b = (v["values"]["loss"] for v in obj["variants"])
    assert a != b


# matplotlib and its fonts take ≈ 1 s to load: the tests that draw with it run in one test process
_MATPLOTLIB = pytest.mark.xdist_group("matplotlib")
_SLOW = pytest.mark.slow        # (matplotlib, an optional extra: CI's second step)


@_MATPLOTLIB
@_SLOW
def test_compare_plot_when_everything_diverges(run, tmp_path):
    pytest.importorskip("matplotlib")
    res = run("compare", "redblue", "--vary", "learning_rate=1e6", "--vary", "optimizer=sgd",
              "--vary", "epochs=5", "--plot", tmp_path / "x.png")
    assert res.exit_code in (1, 2) and "Traceback" not in res.stderr
