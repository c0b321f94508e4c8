"""The Python API: bptrace.load/step/train/check/draw/compare, the records they return, how
they show themselves, and that errors are the command line's."""

import subprocess
import sys

import pytest

import bptrace

MAZUR_YAML = """\
title: two lines of YAML text
network:
  inputs: [i1, i2]
  layers:
    - neurons: [h1, h2]
      activation: sigmoid
      weights: {w1: [i1, h1, 0.15], w2: [i2, h1, 0.20], w3: [i1, h2, 0.25], w4: [i2, h2, 0.30]}
      bias: {b1: 0.35}
    - neurons: [o1, o2]
      activation: sigmoid
      weights: {w5: [h1, o1, 0.40], w6: [h2, o1, 0.45], w7: [h1, o2, 0.50], w8: [h2, o2, 0.55]}
      bias: {b2: 0.60}
loss: half_sse
learning_rate: 0.5
train_biases: false
sample: {input: {i1: 0.05, i2: 0.10}, target: {o1: 0.01, o2: 0.99}}
"""


def test_import_bptrace_is_light_and_exports_the_api():
    code = ("import sys, bptrace; assert 'numpy' not in sys.modules, 'numpy'; "
            "assert callable(bptrace.load) and callable(bptrace.step); "
            "print(sorted(n for n in bptrace.__all__))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "'step'" in out.stdout and "'BadInput'" in out.stdout


def test_load_takes_a_name_a_path_a_dict_yaml_text_and_a_config(tmp_path):
    by_name = bptrace.load("mazur")
    path = tmp_path / "m.yaml"
    path.write_text(MAZUR_YAML, encoding="utf-8")
    by_path = bptrace.load(str(path))
    by_text = bptrace.load(MAZUR_YAML)
    by_dict = bptrace.load({"network": {"inputs": ["x"], "layers": [
        {"neurons": ["y"], "activation": "linear", "weights": {"w": ["x", "y", 2.0]},
         "bias": {"b": 0.5}}]},
        "loss": "half_sse", "learning_rate": 0.1, "sample": {"input": {"x": 1.0}, "target": {"y": 1.0}}})
    assert bptrace.load(by_name) is by_name
    assert by_text.title == "two lines of YAML text"
    for cfg in (by_name, by_path, by_text):
        assert bptrace.step(cfg).values["out.o1"] == pytest.approx(0.7513650695523157, abs=1e-15)
    assert bptrace.step(by_dict).values["out.y"] == 2.5


def test_step_gives_each_quantity_with_formula_and_operands():
    s = bptrace.step("mazur")
    q = s["grad.w5"]
    assert q.value == pytest.approx(0.08216704056423078, abs=1e-15)
    assert q.formula == "err.o1·dout.o1·out.h1"
    assert list(q.operands) == ["err.o1", "dout.o1", "out.h1"]
    assert str(q) == "grad.w5 = err.o1·dout.o1·out.h1 = 0.74136507×0.186815602×0.593269992 = 0.0821670406"
    assert q.operands["out.h1"] == pytest.approx(0.593269992, abs=1e-9)
    assert repr(q).startswith("Quantity(key='grad.w5', value=0.0821670405")    # (README)
    assert float(q) == q.value and q == s["grad.w5"] and q != s["grad.w6"]
    with pytest.raises(AttributeError):
        q.value = 0.0
    assert s["net.h1"].operands == {"w1": 0.15, "out.i1": 0.05, "w2": 0.2, "out.i2": 0.1, "b1": 0.35}
    assert isinstance(s.values, dict) and s.values["new.w1"] == pytest.approx(0.149780716, abs=1e-9)
    assert "grad.w1" in s and len(s) == len(s.values)
    with pytest.raises(KeyError, match="did you mean grad.w5"):
        s["grad.w55"]


def test_step_by_hand_keeps_the_exact_trace_beside():
    s = bptrace.step("mazur", round_to=4)
    assert s.values["out.o1"] == 0.7514
    assert s.exact["out.o1"].value == pytest.approx(0.75136507, abs=1e-8)


def test_results_render_as_html_and_rich():
    from rich.console import Console
    s = bptrace.step("mazur")
    html = s._repr_html_()
    assert html.startswith('<div id="bp-') and "<html" not in html   # the live page, as a fragment
    assert html.count("<script") == 2 and '"embedded": true' in html
    assert "0.000438567734" in html and "data-key=\"grad.w1\"" in html
    console = Console(width=100, record=True, color_system=None, file=open("/dev/null", "w"))
    console.print(s)
    text = console.export_text()
    assert "Forward pass" in text and "0.75136507" in text


def test_train_reports_history_as_lists_and_leaves_the_config_untrained():
    cfg = bptrace.load("mazur")
    t = bptrace.train(cfg, epochs=50, every=10)
    assert t.history["epoch"] == [1, 10, 20, 30, 40, 50]
    assert all(isinstance(v, float) for v in t.history["loss"])
    assert t.loss == t.history["loss"][-1] < t.history["loss"][0]
    assert bptrace.step(cfg).values["out.o1"] == pytest.approx(0.7513650695523157, abs=1e-15)
    assert "<svg" in t._repr_html_() and "<polyline" in t._repr_html_()
    with pytest.raises(bptrace.BadInput, match="no setting epoch"):
        bptrace.train(cfg, epoch=5)


def test_a_training_writes_what_train_save_and_log_write(tmp_path, run):
    t = bptrace.train("mazur", epochs=20, every=10, optimizer="momentum")
    t.save(tmp_path / "api.yaml")
    t.save_history(tmp_path / "api.csv")
    run("train", "mazur", "--epochs", "20", "--every", "10", "--optimizer", "momentum",
        "--save", tmp_path / "cli.yaml", "--log", tmp_path / "cli.csv")
    assert (tmp_path / "api.csv").read_text() == (tmp_path / "cli.csv").read_text()
    api, cli = ((tmp_path / f"{n}.yaml").read_text().splitlines() for n in ("api", "cli"))
    differ = [(a, c) for a, c in zip(api, cli) if a != c]     # the note names its source
    assert len(api) == len(cli) and all("Trained by bptrace" in a for a, _ in differ), differ
    trained = bptrace.load(tmp_path / "api.yaml")
    assert "optimizer: momentum" in trained.text
    assert bptrace.step(trained).values["out.o1"] == pytest.approx(
        bptrace.step(tmp_path / "cli.yaml").values["out.o1"], abs=0)


def test_check_and_diagnose():
    cfg = bptrace.load("mazur")          # the page's values, not the 10,000 updates: nothing trains
    cfg.expect = [e for e in cfg.expect if not e.key.startswith("trained.")]
    c = bptrace.check(cfg, diagnose=True)
    assert not c.agree
    assert "err.h1.o2" in c.wrong and "out.o1" not in c.wrong
    assert c.diagnosis is not None
    html = c._repr_html_()
    assert "err.h1.o2" in html and "✗" in html


def test_draw_gives_the_picture():
    d = bptrace.draw("mazur", show="values,grad", path="w1")
    svg = d.svg()
    assert svg.startswith("<svg") and 'data-key="grad.w1"' in svg and 'class="path"' in svg
    assert d._repr_svg_() == svg


def test_errors_raise_badinput_with_the_command_lines_message(run, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("network: [1]\n", encoding="utf-8")
    with pytest.raises(bptrace.BadInput) as exc:
        bptrace.step(str(bad))
    r = run("step", bad)
    assert r.exit_code == 2
    assert r.stderr.strip() == f"bptrace: {exc.value}"
    with pytest.raises(bptrace.BadInput, match="no built-in example"):
        bptrace.load("no-such-example")
    with pytest.raises(bptrace.BadInput, match="--show nope"):
        bptrace.draw("mazur", show="nope")


def test_the_commands_go_through_the_api(run, monkeypatch):
    """Each command calls the API (a broken api.load breaks every command that loads)."""
    from bptrace import api

    def broken(source=None):
        raise bptrace.BadInput("loaded through the API")
    monkeypatch.setattr(api, "load", broken)
    for args in (["step"], ["train"], ["check"], ["draw"], ["compare", "--vary", "epochs=1,2"],
                 ["exercise", "--from", "mazur"]):
        r = run(*args)
        assert r.exit_code == 2 and "loaded through the API" in r.stderr, args
    monkeypatch.setattr(api, "perceptron", lambda source=None: broken())
    r = run("perceptron", "and")
    assert r.exit_code == 2 and "loaded through the API" in r.stderr


def test_perceptron():
    assert bptrace.api.perceptron("and").converged
    xor = bptrace.api.perceptron("xor")
    assert not xor.converged and xor.xor is not None


def test_train_and_check_are_the_api_functions_beside_their_modules():
    import bptrace.checking.grading  # noqa: F401  (the package's own modules of those jobs)
    import bptrace.training.loop as training
    assert bptrace.train is bptrace.api.train and bptrace.check is bptrace.api.check
    assert bptrace.step is bptrace.api.step and callable(training.train)
    assert bptrace.check("bp-notes").wrong == ["out.o1"]
    assert bptrace.train("mazur", epochs=3).history["epoch"] == [1, 2, 3]


def test_a_step_lists_its_keys_whatever_was_selected():
    """Step.keys() is the trace's keys; the selection the step was asked for is .selected."""
    import bptrace
    s = bptrace.step("mazur", only=["grad.*"])
    assert "grad.w5" in s.keys() and "net.h1" in s.keys()
    assert s.selected and all(k.startswith("grad.") for k in s.selected)
    assert bptrace.step("mazur").selected is None


def test_a_step_records_its_trace_when_first_read_as_it_was_asked(tmp_path):
    """step() records every scalar when the trace is first read: the same records as at once,
    of the network as it was at the call (the config changed after it, or before it where the
    caller passes their own config), and a copied step holds them."""
    import copy

    from bptrace.trace.build import build_trace
    s = bptrace.step("mazur")
    assert vars(s)["_make"] is not None                 # not recorded yet
    s.config.network.layers[1].W[0, 0] = 9.0            # after the call: not in the step
    want = build_trace(bptrace.load("mazur").network, s.config.sample.x, s.config.sample.t, 0.5,
                       title=s.config.title, file=s.config.file).values()
    assert s.values == want and s["new.w5"].value == want["new.w5"]
    cfg = bptrace.load("mazur")
    cfg.network.layers[1].W[0, 0] = 0.9                 # before the call: in the step
    mine = bptrace.step(cfg)
    assert mine["net.o1"].value != s["net.o1"].value
    assert bptrace.load("mazur").network.layers[1].W[0, 0] == 0.4      # the example untouched
    late = bptrace.step("mazur")
    assert copy.deepcopy(late).values == want and vars(late)["_make"] is None
    with pytest.raises(bptrace.BadInput):
        bptrace.step("mazur", lang="xx")                 # what is asked is checked at the call


def test_a_config_is_built_once_and_each_load_is_its_own(tmp_path):
    """A small config is built once per process: each load an independent copy, a changed
    file read again."""
    path = tmp_path / "net.yaml"
    path.write_text(bptrace.load("mazur").text)
    a, b = bptrace.load(str(path)), bptrace.load(str(path))
    assert a is not b and a.network is not b.network and a.sample.x is not b.sample.x
    a.network.layers[0].W[0, 0] = 7.0
    a.sample.x[0] = 3.0
    c = bptrace.load(str(path))
    assert c.network.layers[0].W[0, 0] == 0.15 and c.sample.x[0] == 0.05
    path.write_text(path.read_text().replace("0.15]", "0.25]"))
    assert bptrace.load(str(path)).network.layers[0].W[0, 0] == 0.25
