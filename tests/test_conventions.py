"""Textbooks in their own notation (SPEC §6): thresholds, the sign of the error signal, the
keys e.O, change.P, new.net/new.out, sK.KEY, no learning rate, --round printed and the
calculator's decimal rounding."""

import json

import numpy as np
import pytest

from bptrace.config import from_dict, parse_config
from bptrace.maths.conventions import hand_round, printed_convention
from bptrace.trace import build_trace


def _random_net(seed: int, bias_key: str = "bias", form: str = "list", signal: str = "gradient",
                lr=0.5):
    """A random 2–3 layer network as plain data, its biases under ``bias_key``."""
    rng = np.random.default_rng(seed)
    sizes = [int(rng.integers(1, 4)) for _ in range(int(rng.integers(2, 4)))] + [int(rng.integers(1, 3))]
    acts = ["sigmoid", "tanh", "softplus", "linear"]
    layers = []
    for L, n in enumerate(sizes[1:], start=1):
        values = rng.uniform(-1, 1, n).round(3).tolist()
        if form == "list":
            b = values
        elif form == "number":
            b = values[0]
        else:
            b = {f"p{L}_{j}": [f"h{L}_{j + 1}" if L < len(sizes) - 1 else f"o{j + 1}", v]
                 for j, v in enumerate(values)}
        layers.append({"neurons": n, "activation": acts[int(rng.integers(0, len(acts)))],
                       "weights": rng.uniform(-1, 1, (n, sizes[L - 1])).round(3).tolist(),
                       bias_key: b})
    data = {"network": {"inputs": sizes[0], "layers": layers}, "loss": "half_sse",
            "conventions": {"error_signal": signal},
            "sample": {"input": rng.uniform(-1, 1, sizes[0]).round(2).tolist(),
                       "target": rng.uniform(0, 1, sizes[-1]).round(2).tolist()}}
    if lr is not None:
        data["learning_rate"] = lr
    return data


def _values(data):
    cfg = from_dict(data)
    return build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate).values()


def _negate_biases(data):
    for layer in data["network"]["layers"]:
        b = layer.pop("bias")
        if isinstance(b, list):
            layer["threshold"] = [-v for v in b]
        elif isinstance(b, dict):
            layer["threshold"] = {k: [n, -v] for k, (n, v) in b.items()}
        else:
            layer["threshold"] = -b
    return data


def _theta_key(key: str) -> str:
    return key.replace("b_", "theta_").replace("b1", "theta1").replace("b2", "theta2") \
        .replace("b3", "theta3")


@pytest.mark.parametrize("form", ["list", "number", "explicit"])
@pytest.mark.parametrize("seed", range(4))
def test_thresholds_are_biases_of_the_opposite_sign(seed, form):
    biased = _values(_random_net(seed, form=form))
    thresholded = _values(_negate_biases(_random_net(seed, form=form)))
    assert len(biased) == len(thresholded)
    bias_names = {k.split(".", 1)[1] for k in biased if k.startswith("grad.")} - \
        {k.split(".", 1)[1] for k in biased if k.startswith("grad.w")}
    assert bias_names
    for key, v in biased.items():
        head, _, rest = key.partition(".")
        if rest in bias_names and head in ("grad", "new", "change"):
            tkey = f"{head}.{rest if form == 'explicit' else _theta_key(rest)}"
            assert thresholded[tkey] == pytest.approx(-v, abs=1e-12), key
        else:
            assert thresholded[key] == pytest.approx(v, abs=1e-12), key


def test_a_layer_with_bias_and_threshold_is_bad_input(run, write):
    data = _random_net(0)
    data["network"]["layers"][0]["threshold"] = 0.1
    import yaml
    res = run("step", write(yaml.safe_dump(data)))
    assert res.exit_code == 2 and "not both" in res.stderr and "threshold" in res.stderr


def test_threshold_names_and_formula():
    cfg = parse_config("""
network:
  inputs: 2
  layers:
    - {neurons: 2, activation: sigmoid, weights: [[0.1, 0.2], [0.3, 0.4]], threshold: [0.5, -0.5]}
    - {neurons: 1, activation: sigmoid, weights: [[0.6, 0.7]], threshold: 0.2}
learning_rate: 0.1
sample: {input: [1, 0], target: [1]}
""")
    tr = build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate)
    assert "grad.theta_h1_1" in tr and "new.theta2" in tr and "change.theta2" in tr
    assert tr["net.h1_1"].formula.endswith("− theta_h1_1")
    assert tr["net.h1_1"].value == pytest.approx(0.1 - 0.5)


@pytest.mark.parametrize("seed", range(5))
def test_the_negative_convention_flips_exactly_err_and_delta(seed):
    grad = _values(_random_net(seed))
    neg = _values(_random_net(seed, signal="negative"))
    assert grad.keys() == neg.keys()
    for key, v in grad.items():
        if key.startswith(("err.", "delta.")):
            assert neg[key] == -v, key
        else:
            assert neg[key] == v, key


def test_the_negative_convention_writes_the_books_formulas():
    cfg = from_dict(_random_net(1, signal="negative"))
    tr = build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate)
    o = cfg.network.outputs[0]
    assert tr[f"err.{o}"].formula == f"target.{o} − out.{o}"
    w = next(k for k in tr.keys() if k.startswith("new.w"))
    assert " + η·delta." in tr[w].formula


def test_change_is_new_minus_old_and_e_is_t_minus_y():
    cfg = from_dict(_random_net(2))
    tr = build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate)
    values = tr.values()
    params = [k[7:] for k in values if k.startswith("change.")]
    assert len(params) == len(cfg.network.params)
    for p in params:
        assert values[f"change.{p}"] == values[f"new.{p}"] - cfg.network.value(
            cfg.network.param_by_name[p])
    for j, o in enumerate(cfg.network.outputs):
        assert values[f"e.{o}"] == cfg.sample.t[j] - values[f"out.{o}"]


@pytest.mark.parametrize("seed", range(3))
def test_new_outputs_of_every_neuron_are_a_forward_pass_with_the_new_parameters(seed):
    cfg = from_dict(_random_net(seed))
    net = cfg.network
    tr = build_trace(net, cfg.sample.x, cfg.sample.t, cfg.learning_rate)
    new = {k[4:]: v for k, v in tr.values().items() if k.startswith("new.") and k[4:] in net.param_by_name}
    arrays = net.copy_arrays()
    for name, v in new.items():
        p = net.param_by_name[name]
        arrays[2 * p.layer + (p.kind == "b")][p.index] = v
    a = np.asarray(cfg.sample.x, dtype=float)
    for l, layer in enumerate(net.layers):
        z = arrays[2 * l] @ a + layer.bias_vector(arrays[2 * l + 1])
        a = layer.activation.f(z[None, :])[0]
        for j, n in enumerate(layer.neurons):
            assert tr[f"new.net.{n}"].value == pytest.approx(z[j], abs=1e-14)
            assert tr[f"new.out.{n}"].value == pytest.approx(a[j], abs=1e-14)


XOR_DATA = """
network:
  inputs: 2
  layers:
    - {neurons: 2, activation: sigmoid, weights: [[0.1, 0.2], [0.3, 0.4]], bias: [0.1, 0.1]}
    - {neurons: 1, activation: sigmoid, weights: [[0.5, 0.6]], bias: 0.2}
learning_rate: 0.5
data:
  - {input: [0, 0], target: [0]}
  - {input: [0, 1], target: [1]}
  - {input: [1, 0], target: [1]}
expect:
  s2.out.o1: %s
  s3.net.h1_1: 0.2
"""


def test_per_sample_keys_in_expect(run, write):
    cfg = parse_config(XOR_DATA % "0.5")
    X, T = cfg.data
    s2 = build_trace(cfg.network, X[1], T[1], cfg.learning_rate)["out.o1"].value
    good = write(XOR_DATA % f"{s2:.6f}")
    res = run("check", good, "--format", "json")
    assert res.exit_code == 0, res.output
    checks = {c["key"]: c for c in json.loads(res.stdout)["checks"]}
    assert checks["s2.out.o1"]["agree"] and checks["s3.net.h1_1"]["agree"]
    bad = run("check", write(XOR_DATA % "0.1", "bad.yaml"))
    assert bad.exit_code == 1 and "s2.out.o1" in bad.stdout
    missing = run("check", write((XOR_DATA % "0.5").replace("s3.net", "s9.net"), "s9.yaml"))
    assert missing.exit_code == 2 and "sample 9" in missing.stderr


NO_LR = """
network:
  inputs: [x]
  layers:
    - {neurons: [y], activation: sigmoid, weights: {w: [x, y, 0.5]}, bias: {b: 0.1}}
sample: {input: [1], target: [1]}
"""


def test_without_a_learning_rate_no_update_is_shown(run, write):
    res = run("step", write(NO_LR), "--format", "json")
    assert res.exit_code == 0, res.output
    values = json.loads(res.stdout)["values"]
    assert "grad.w" in values and not any(k.startswith(("new.", "change.")) for k in values)
    assert run("step", write(NO_LR), "--view", "matrix").exit_code == 0
    assert "no learning rate" in run("step", write(NO_LR)).stdout
    bad = run("check", write(NO_LR + "expect: {change.w: 0.1}\n", "b.yaml"))
    assert bad.exit_code == 2 and "learning_rate" in bad.stderr and "expect.change.w" in bad.stderr
    train = run("train", write(NO_LR, "t.yaml"), "--epochs", "2")
    assert train.exit_code == 2 and "learning rate" in train.stderr


PRINTED = """
network:
  inputs: [x]
  layers:
    - {neurons: [y], activation: linear, weights: {w: [x, y, 1.0]}}
loss: half_sse
learning_rate: 1.0
sample: {input: [0.123456], target: [1]}
expect:
  out.y: 0.12
  delta.y: %s
  new.w: %s
"""


def test_round_printed_uses_the_printed_values_downstream(run, write):
    # by hand from the printed y = 0.12: delta = y − t = −0.88, new w = 1 − 0.123456·(−0.88)
    hand = PRINTED % ("-0.88", "1.1086")
    assert run("check", write(hand)).exit_code == 1        # exact: delta = −0.876544
    res = run("check", write(hand), "--round", "printed", "--format", "json")
    assert res.exit_code == 0, res.output
    assert all(c["agree"] for c in json.loads(res.stdout)["checks"])
    cfg = parse_config(hand)
    conv = printed_convention(cfg)
    tr = build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate, conv=conv)
    # each printed key shows what it comes to from the printed values upstream …
    assert tr["out.y"].value == 0.123456 and tr["delta.y"].value == pytest.approx(-0.88)
    assert tr["net.y"].value == 0.123456            # not printed: full precision
    # … so a value the book got wrong stays wrong
    wrong = run("check", write(PRINTED % ("-0.87", "1.1086"), "w.yaml"), "--round", "printed",
                "--format", "json")
    assert wrong.exit_code == 1
    assert [c["key"] for c in json.loads(wrong.stdout)["checks"] if not c["agree"]] == [
        "delta.y", "new.w"]         # and the update from the misprinted δ differs too
    step = run("step", write(hand), "--round", "printed")
    assert step.exit_code == 0 and "printed values" in step.stdout


def test_round_printed_keeps_the_books_sign_of_the_error_signal():
    text = (PRINTED % ("0.88", "1.1086")).replace("loss: half_sse", "loss: half_sse\n"
                                                   "conventions: {error_signal: negative}")
    cfg = parse_config(text)
    tr = build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate,
                     conv=printed_convention(cfg))
    assert tr["delta.y"].value == pytest.approx(0.88)
    assert tr["grad.w"].value == pytest.approx(-0.88 * 0.123456)      # from the printed δ
    assert tr["new.w"].value == pytest.approx(1.0 + 0.88 * 0.123456)


def test_decimal_ties_round_as_a_calculator_does():
    assert hand_round(1.005, 2) == 1.01          # the float 1.005 is 1.00499999999999989…
    assert hand_round(-1.005, 2) == -1.01
    assert hand_round(2.675, 2) == 2.68
    assert hand_round(0.125, 2) == 0.13
    assert hand_round(1.0049, 2) == 1.0
    arr = hand_round(np.array([1.005, 0.0449, 2.5]), 2)
    assert arr.tolist() == [1.01, 0.04, 2.5]
    assert hand_round(np.array([0.5, 1.5, 2.5]), 0).tolist() == [1.0, 2.0, 3.0]


TIE = """
network:
  inputs: [x]
  layers:
    - {neurons: [y], activation: linear, weights: {w: [x, y, 1.005]}}
learning_rate: 1.0
sample: {input: [1], target: [0]}
"""


def test_the_grader_accepts_the_calculators_rounding_of_a_tie(run, write, tmp_path):
    sheet = write(TIE, "sheet.yaml")
    answers = tmp_path / "answers.yaml"
    answers.write_text("out.y: 1.01\n", encoding="utf-8")
    res = run("check", sheet, "--expect", answers, "--decimals", "2")
    assert res.exit_code == 0, res.output
    res = run("check", sheet, "--round", "2", "--format", "json")      # no expect: at all
    assert res.exit_code == 2


def test_a_batch_without_a_learning_rate_shows_the_mean_gradient_only(run):
    res = run("step", "goodfellow", "--batch", "--format", "json")
    assert res.exit_code == 0, res.output
    values = json.loads(res.stdout)["values"]
    assert values["s4.out.y"] == 0 and "grad.w1" in values
    assert not any(k.startswith(("new.", "change.")) for k in values)
    assert "Update" not in run("step", "goodfellow", "--batch").stdout


def test_round_printed_keeps_change_consistent_with_new(run):
    values = json.loads(run("step", "hagan", "--round", "printed", "--format", "json").stdout)["values"]
    assert values["change.b2"] == pytest.approx(values["new.b2"] - 0.48)
