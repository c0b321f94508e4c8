"""Textbook checks whose words must not mislead (issue 25): the per-output loss after the
update (new.loss.O), the sequential update as a config's convention, "agrees only up to
sign" only where the sign explains the value, and values printed truncated."""

import json

import numpy as np
import pytest

from bptrace.config import from_dict, parse_config
from bptrace.config.examples import text as example_text
from bptrace.trace import build_trace


def _trace(cfg, **kw):
    return build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate, **kw)


# ------------------------------------------------------------------------ new.loss.O
def test_new_loss_per_output_is_the_split_of_new_loss_and_sums_to_it():
    cfg = parse_config(example_text("mazur"))
    v = _trace(cfg).values()
    t = dict(zip(cfg.network.outputs, cfg.sample.t))
    for o in cfg.network.outputs:
        assert v[f"new.loss.{o}"] == pytest.approx(0.5 * (t[o] - v[f"new.out.{o}"]) ** 2,
                                                   rel=1e-15, abs=0)
    assert v["new.loss.o1"] + v["new.loss.o2"] == pytest.approx(v["new.loss"], rel=1e-15, abs=0)
    assert round(v["new.loss"], 9) == 0.291027774          # SPEC §5


@pytest.mark.parametrize("loss", ["sse", "mse", "binary_cross_entropy"])
def test_new_loss_per_output_for_other_losses_that_split(loss):
    data = {"network": {"inputs": 2, "layers": [
        {"neurons": 2, "activation": "sigmoid", "weights": [[0.1, -0.2], [0.3, 0.4]], "bias": 0.1},
        {"neurons": 2, "activation": "sigmoid", "weights": [[0.5, -0.6], [0.7, 0.2]]}]},
        "loss": loss, "learning_rate": 0.5,
        "sample": {"input": [0.3, 0.9], "target": [0.0, 1.0]}}
    cfg = from_dict(data)
    v = _trace(cfg).values()
    assert cfg.network.loss.splits
    assert v["new.loss.o1"] + v["new.loss.o2"] == pytest.approx(v["new.loss"], rel=1e-14)
    # each share is the loss's own share computed at the new outputs
    y = np.array([[v["new.out.o1"], v["new.out.o2"]]])
    parts = cfg.network.loss.parts(y, np.array([cfg.sample.t]))[0]
    assert [v["new.loss.o1"], v["new.loss.o2"]] == pytest.approx(parts.tolist(), rel=1e-12)


def test_new_loss_per_output_absent_where_the_loss_does_not_split():
    data = {"network": {"inputs": 2, "layers": [
        {"neurons": 2, "activation": "sigmoid", "weights": [[0.1, -0.2], [0.3, 0.4]]}]},
        "loss": "cosine", "learning_rate": 0.5,
        "sample": {"input": [0.3, 0.9], "target": [0.2, 1.0]}}
    cfg = from_dict(data)
    assert not cfg.network.loss.splits
    v = _trace(cfg).values()
    assert "new.loss" in v and not any(k.startswith(("new.loss.", "loss.")) for k in v)


def test_new_loss_per_output_in_json_step_and_check(run, write):
    out = run("step", "--format", "json")
    values = json.loads(out.output)["values"]
    assert values["new.loss.o1"] + values["new.loss.o2"] == pytest.approx(values["new.loss"])
    shown = run("step")
    assert "new.loss.o1" in shown.output and "½(target.o1 − new.out.o1)²" in shown.output
    path = write(example_text("mazur").split("expect:")[0]
                 + "expect:\n  new.loss.o1: 0.267976501\n  new.loss.o2: 0.0230512724\n")
    checked = run("check", path, "--format", "json")
    assert checked.exit_code == 0, checked.output
    checks = json.loads(checked.output)["checks"]
    assert [c["key"] for c in checks] == ["new.loss.o1", "new.loss.o2"]
    assert all(c["agree"] for c in checks)
    # printed as a hand calculation: the printed shares make the printed new.loss
    hand = run("check", path, "--round", "printed", "--format", "json")
    assert hand.exit_code == 0, hand.output


# ------------------------------------------------------------------ update: sequential
def _mazur(conventions: str = "", lr: str = "learning_rate: 0.5\n", expect: str = "") -> str:
    head = example_text("mazur").split("expect:")[0]
    head = "\n".join(l for l in head.splitlines() if not l.startswith("learning_rate:")) + "\n"
    return head + lr + conventions + (f"expect:\n{expect}" if expect else "")


def test_the_default_update_is_simultaneous_and_unchanged_against_central_differences():
    from bptrace.maths.gradcheck import numeric_gradients
    plain = parse_config(_mazur())
    said = parse_config(_mazur("conventions: {update: simultaneous}\n"))
    assert plain.network.update == said.network.update == "simultaneous"
    a, b = _trace(plain).values(), _trace(said).values()
    assert a == b
    numeric = numeric_gradients(plain.network, plain.sample.x, plain.sample.t)
    for name, (n, _) in numeric.items():
        assert a[f"grad.{name}"] == pytest.approx(n, rel=1e-7, abs=1e-10), name
    assert round(a["new.w1"], 9) == 0.149780716 and round(a["new.loss"], 9) == 0.291027774


def test_a_sequential_update_passes_the_error_back_through_the_updated_weights():
    """Mazur's w1 by hand, the hidden errors through new.w5 and new.w7 (his own printed numbers
    of the output layer), and his page's new.loss 0.291027924 — the number his page prints."""
    from bptrace.maths.gradcheck import numeric_gradients
    cfg = parse_config(_mazur("conventions: {update: sequential}\n"))
    v = _trace(cfg).values()
    delta_o1 = 0.74136507 * 0.186815602                 # err.o1 · dout.o1
    delta_o2 = (0.772928465 - 0.99) * 0.175510053
    new_w5, new_w7 = 0.35891648, 0.511301270
    err_h1 = delta_o1 * new_w5 + delta_o2 * new_w7      # 0.0302297…
    grad_w1 = err_h1 * 0.241300709 * 0.05               # · dout.h1 · i1
    assert v["err.h1.o1"] == pytest.approx(delta_o1 * new_w5, rel=1e-7)
    assert v["err.h1"] == pytest.approx(err_h1, rel=1e-7)
    assert v["grad.w1"] == pytest.approx(grad_w1, rel=1e-7)
    assert v["new.w1"] == pytest.approx(0.15 - 0.5 * grad_w1, rel=1e-9)
    assert round(v["new.w1"], 9) == 0.149817639
    assert round(v["new.loss"], 9) == 0.291027924       # Mazur's page
    # the output layer is the same as ever, its gradients ∂E/∂P; the hidden ones are the book's
    numeric = numeric_gradients(cfg.network, cfg.sample.x, cfg.sample.t)
    for name in ("w5", "w6", "w7", "w8"):
        assert v[f"grad.{name}"] == pytest.approx(numeric[name][0], rel=1e-7)
    for name in ("w1", "w2", "w3", "w4"):
        assert v[f"grad.{name}"] != pytest.approx(numeric[name][0], rel=1e-3)


def test_the_config_convention_and_the_diagnosis_variant_compute_alike():
    from bptrace.checking.variants import applied
    base = parse_config(_mazur())
    said = parse_config(_mazur("conventions: {update: sequential}\n"))
    made = applied(base, ("sequential update",), False, {})
    assert made is not None
    c, s, _ = made
    assert _trace(c, conv=s["conv"]).values() == _trace(said).values()
    # the other way round: a config that says sequential, a book that does not
    back = applied(said, ("simultaneous update",), False, {})
    assert back is not None and _trace(back[0], conv=back[1]["conv"]).values() == _trace(base).values()
    assert applied(said, ("sequential update",), False, {}) is None
    assert applied(base, ("simultaneous update",), False, {}) is None


def test_check_with_a_sequential_config_agrees_with_the_page_and_diagnose_names_the_convention(run, write):
    page = "  new.loss: 0.291027924\n  new.w5: 0.35891648\n"
    seq = write(_mazur("conventions: {update: sequential}\n", expect=page), "seq.yaml")
    res = run("check", seq)
    assert res.exit_code == 0, res.output
    plain = write(_mazur(expect=page), "plain.yaml")
    res = run("check", plain, "--diagnose", "--format", "json")
    assert json.loads(res.output)["explanations"]["new.loss"] == ["sequential update"]
    right = write(_mazur("conventions: {update: sequential}\n",
                         expect="  new.loss: 0.291027774\n  new.w5: 0.35891648\n"), "right.yaml")
    res = run("check", right, "--diagnose", "--format", "json")
    assert json.loads(res.output)["explanations"]["new.loss"] == ["simultaneous update"]


def test_step_shows_the_sequential_update(run, write):
    path = write(_mazur("conventions: {update: sequential}\n"))
    out = run("step", path, "--only", "err.h1.o1").output
    assert "sequential update" in out and "delta.o1·new.w5" in out
    assert "0.138498562×0.35891648" in out
    zh = run("step", path, "--only", "err.h1.o1", "--lang", "zh").output
    assert "逐层先更新" in zh
    md = run("step", path, "--format", "markdown").output
    assert "sequential update" in md
    assert "sequential" not in run("step", write(_mazur(), "plain.yaml")).output
    # the picture's chain-rule paths run through the edge of w5 (its new value)
    from bptrace.render.pictures.paths import paths_to
    cfg = parse_config(_mazur("conventions: {update: sequential}\n"))
    _, paths = paths_to(_trace(cfg), "w1")
    assert [p.edges for p in paths] == [("w1", "w5", "o1>t", "o1>E"), ("w1", "w7", "o2>t", "o2>E")]


@pytest.mark.parametrize("conventions, where, says", [
    ("conventions: {update: sequentail}\n", "conventions.update", "not 'sequentail'"),
    ("conventions: {update: 1}\n", "conventions.update", ""),
    ("conventions: {order: sequential}\n", "conventions.order", "error_signal, update"),
])
def test_a_bad_update_convention_is_one_message_with_its_place(run, write, conventions, where, says):
    text = _mazur(conventions)
    line = text.splitlines().index(conventions.strip()) + 1
    res = run("step", write(text))
    assert res.exit_code == 2
    err = res.stderr
    assert where in err and f"line {line}," in err and says in err and "Traceback" not in err
    assert err.count("\n") <= 2


def test_a_sequential_update_needs_a_learning_rate(run, write):
    res = run("check", write(_mazur("conventions: {update: sequential}\n", lr="",
                                    expect="  out.o1: 0.75136507\n")))
    assert res.exit_code == 2
    assert "conventions.update" in res.stderr and "learning_rate" in res.stderr


def test_a_sequential_update_trains_as_its_steps_do(write):
    """One epoch of online training on the one sample is the step's update."""
    from bptrace.config import train_settings
    from bptrace.training.loop import train
    cfg = parse_config(_mazur("conventions: {update: sequential}\n"))
    step = _trace(cfg).values()
    s = train_settings(None, cfg.network, 0)
    s.epochs = 1
    train(cfg.network, cfg.sample.x[None, :], cfg.sample.t[None, :], 0.5, s)
    for p in cfg.network.params:
        assert cfg.network.value(p) == step[f"new.{p.name}"], p.name


def test_a_sequential_config_is_not_shown_as_a_batch_and_round_trips(run, write):
    text = _mazur("conventions: {update: sequential}\n") + \
        "data:\n  - {input: [0.05, 0.1], target: [0.01, 0.99]}\n  - {input: [0.1, 0.2], target: [0.5, 0.5]}\n"
    path = write(text)
    res = run("step", path, "--batch")
    assert res.exit_code == 2 and "update: sequential" in res.stderr
    from bptrace.config import dump_config
    cfg = parse_config(text)
    assert "conventions: {update: sequential}" in dump_config(cfg)
    assert parse_config(dump_config(cfg)).network.update == "sequential"


# ------------------------------------------------------------- "agrees only up to sign"
_ZERO_INPUT = """title: a threshold subtracted
network:
  inputs: [x1, x2]
  layers:
    - neurons: [h1]
      activation: sigmoid
      weights: {w1: [x1, h1, 0.5], w2: [x2, h1, 0.4]}
      bias: {b1: 0.8}
    - neurons: [o1]
      activation: sigmoid
      weights: {w3: [h1, o1, 0.3]}
      bias: {b2: -0.1}
learning_rate: 0.5
sample: {input: [0, 0], target: [1]}
expect:
"""


def test_only_up_to_sign_where_no_sign_explains_it_is_a_difference(run, write):
    """net.h1 = 0 + 0 + b1 = 0.8; a book that subtracts θ prints −0.8: the cause is the formula
    (θ subtracted), not a sign convention — so not "agrees only up to sign"."""
    path = write(_ZERO_INPUT + "  net.h1: -0.8\n  out.o1: 0.5\n")
    res = run("check", path, "--format", "json")
    checks = {c["key"]: c for c in json.loads(res.output)["checks"]}
    assert checks["net.h1"]["status"] == "differ" and not checks["net.h1"]["agree"]
    shown = run("check", path).output
    assert "up to sign" not in shown and "differs from significant digit 1" in shown
    assert "只差一个符号" not in run("check", path, "--lang", "zh").output
    d = json.loads(run("check", path, "--diagnose", "--format", "json").output)
    assert d["explanations"]["net.h1"] == ["θ subtracted (threshold:)"]


def test_up_to_sign_where_the_sign_convention_reproduces_it(run, write):
    path = write(_mazur(expect="  out.o1: 0.75136507\n  delta.o1: -0.138498562\n"
                               "  err.h1.o2: 0.019049118\n"))
    res = run("check", path, "--format", "json")
    checks = {c["key"]: c for c in json.loads(res.output)["checks"]}
    assert checks["delta.o1"]["status"] == checks["err.h1.o2"]["status"] == "sign"
    assert "agrees only up to sign" in run("check", path).output
    d = json.loads(run("check", path, "--diagnose", "--format", "json").output)
    assert "δ named −∂E/∂net (error_signal: negative)" in d["explanations"]["delta.o1"]


def test_up_to_sign_is_decided_by_the_sign_variants_of_the_catalogue():
    from bptrace.checking.printed import compare
    from bptrace.checking.printed import signs_explained
    cfg = parse_config(_ZERO_INPUT + "  net.h1: -0.8\n")
    values = _trace(cfg).values()
    c = compare("net.h1", "-0.8", values["net.h1"])
    assert c.status == "sign"                       # |printed| = |computed| …
    (d,) = signs_explained(cfg, [c], values)
    assert d.status == "differ" and d.digit == 1 and d.rounded == c.rounded   # … by coincidence


# ---------------------------------------------------------------- truncated, not rounded
def test_truncation_cuts_the_digits_beyond_the_printed_ones():
    from bptrace.checking.printed import truncates_to
    assert truncates_to("0.5928", 0.5928756) and truncates_to("0.0124", 0.012466)
    assert not truncates_to("0.5929", 0.5928756) and not truncates_to("0.0125", 0.012466)
    assert truncates_to("-0.5928", -0.5928756)          # toward zero
    assert truncates_to("0.2", 0.3 - 0.1) and not truncates_to("0.1", 0.3 - 0.1)
    assert truncates_to("1.2e-5", 1.29e-5) and not truncates_to("1.3e-5", 1.29e-5)


_TRUNCATED = ("  out.h1: 0.5932\n  out.h2: 0.5968\n  out.o1: 0.7513\n  out.o2: 0.7729\n"
              "  loss: 0.2983\n  grad.w5: 0.0821\n")


def test_a_page_printed_truncated_is_diagnosed_so(run, write):
    path = write(_mazur(expect=_TRUNCATED))
    res = run("check", path, "--diagnose", "--format", "json")
    obj = json.loads(res.output)
    differ = [c["key"] for c in obj["checks"] if not c["agree"]]
    assert differ == ["out.h1", "out.h2", "out.o1", "loss", "grad.w5"]
    assert all(obj["explanations"][k] == ["truncated, not rounded"] for k in differ)
    assert obj["diagnosis"][0] == {"variant": "truncated, not rounded", "agree": 6, "of": 6}
    zh = run("check", path, "--diagnose", "--lang", "zh").output
    assert "截断而非四舍五入" in zh


def test_truncation_does_not_take_what_rounding_explains(run):
    """Han & Kamber's δ6 0.1311 is the exact 0.13117 truncated, but it comes from the printed
    (rounded) values before it: the explanation stays ordinary rounding."""
    obj = json.loads(run("check", "han-kamber", "--diagnose", "--format", "json").output)
    assert obj["explanations"]["delta.n6"] == ["computed from the printed values"]
    assert obj["diagnosis"][0]["variant"] == "computed from the printed values"


def test_a_value_rounding_explains_is_not_explained_by_truncation(write):
    """A value every intermediate rounded to 4 decimals gives, which truncation happens to
    give too: the simplest explanation is the rounding."""
    from bptrace.checking.diagnose import diagnose
    from bptrace.checking.grading import check_config
    from bptrace.maths.conventions import Convention
    cfg = parse_config(_mazur())
    hand = _trace(cfg, conv=Convention(round_to=4)).values()
    exact = _trace(cfg).values()
    from bptrace.checking.printed import compare, truncates_to
    keys = [k for k in hand if k.startswith(("grad.", "new.w", "err.", "delta.")) and
            not compare(k, f"{hand[k]:.4f}", exact[k]).agree and truncates_to(f"{hand[k]:.4f}", exact[k])]
    assert keys, "no value that both explain"
    key = keys[0]
    cfg = parse_config(_mazur(expect=f"  {key}: {hand[key]:.4f}\n"))
    checked = check_config(cfg, None)
    d = diagnose(cfg, checked.values)
    named = [m.kind for fit in d.explained[key] for m in fit]
    assert "truncated, not rounded" not in named and named


def test_the_gradient_check_says_why_a_sequential_update_differs(run, write):
    path = write(_mazur("conventions: {update: sequential}\n"))
    out = " ".join(run("step", path, "--gradcheck").output.split())
    assert "the book's number, not ∂E/∂P" in out
    assert "the book's number" not in " ".join(run("step", "--gradcheck").output.split())
    path = write(_mazur("conventions: {update: sequential}\n", expect="  new.w5: 0.35891648\n"),
                 "c.yaml")
    assert "the book's number, not ∂E/∂P" in " ".join(run("check", path, "--gradcheck").output.split())
