"""The course documents in their own notation: the 《神经网络》 blog post's vectorised backward
pass (step --view delta) on its W/V/b/c example. The post prints no numbers of its own (its
figures are lost): the example carries the classic 2-2-2 numbers (SPEC §5), which the view
must reproduce in the post's vector and scalar forms."""

import json

import pytest

# the classic 2-2-2 example (SPEC §5) in the post's names
DELTA_Y = [0.138498562, -0.0380982366]
ERR_H = [0.036350306, 0.0413703]            # (W²)ᵀ δ², eq. 22's underlined term


def test_wvbc_example_checks(run):
    r = run("check", "wvbc")
    assert r.exit_code == 0, r.output
    assert "all 5 printed values agree" in r.output


def test_delta_view_json_walks_backwards(run):
    obj = json.loads(run("step", "wvbc", "--view", "delta", "--format", "json").stdout)
    out, hidden = obj["backward"]
    assert (out["layer"], hidden["layer"]) == (2, 1)        # from the output layer down
    assert out["equation"] == "21" and hidden["equation"] == "22"
    assert out["delta"] == pytest.approx(DELTA_Y, abs=1e-9)
    assert out["f_prime"] == pytest.approx([0.186815602, 0.175510052], abs=1e-9)
    assert hidden["W_next_T"] == [[0.40, 0.50], [0.45, 0.55]]       # W_ks transposed
    assert hidden["dE_da"] == pytest.approx(ERR_H, abs=1e-7)
    v = obj["values"]
    for j, n in enumerate(["h1", "h2"]):
        assert hidden["delta"][j] == pytest.approx(hidden["dE_da"][j] * hidden["f_prime"][j], rel=1e-12)
        assert hidden["delta"][j] == v[f"delta.{n}"]
    assert hidden["dE_dW"][0][0] == pytest.approx(0.000438568, abs=1e-9)     # ∇V11


def test_delta_view_terminal_has_equation_numbers_and_scalars(run):
    text = run("step", "wvbc", "--view", "delta").output
    assert text.index("eqs. 20, 21") < text.index("eqs. 20, 22")     # output layer first
    assert "δ2 = (ŷ − y) ⊙ f′(z2)" in text
    assert "(W2)ᵀ·δ2" in text
    assert ("delta.h1 = (delta.y1 × W11 + delta.y2 × W21) × dout.h1 = "
            "(0.138499 × 0.4 + (-0.0380982) × 0.5) × 0.241301 = 0.00877135") in text
    assert "grad.V11 = delta.h1 × out.x1 = 0.00877135 × 0.05 = 0.000438568" in text
    assert "grad.c1 = delta.h1 = 0.00877135" in text
    zh = run("step", "wvbc", "--view", "delta", "--lang", "zh").output
    assert "《神经网络》式 20, 21" in zh and "标量形式" in zh


@pytest.mark.parametrize("fmt,odot", [("markdown", r"\odot"), ("latex", r"\odot")])
def test_delta_view_documents(run, fmt, odot):
    text = run("step", "wvbc", "--view", "delta", "--format", fmt).stdout
    assert odot in text and "0.138499" in text and "0.00877135" in text
    assert r"\delta_{h1}" in text                      # the scalar form, by key
    assert text.index("0.138499") < text.index("0.00877135")


def test_delta_view_softmax_and_thresholds(run):
    soft = run("step", "softmax", "--view", "delta").output
    assert "softmax: f′ is a Jacobian" in soft
    neg = run("step", "negnevitsky", "--view", "delta").output      # thresholds, negative δ
    assert "∂E/∂θ1 = −δ1" in neg
    assert "−−" not in neg


# ---- the lecture slides 《神经元、感知机与 BP 神经网络》: y = f(x·W + θ), W as printed, θ 阈值

def test_xor_matrix_view_as_the_slides_write_it(run):
    text = run("step", "xor", "--view", "matrix").output
    assert "y1 = f(x·W1 + θ1)" in text and "y2 = f(y1·W2 + θ2)" in text
    assert "w₁⁽¹'²⁾" in text and "w₂⁽²'¹⁾" in text
    assert "⎡0.4  0.5⎤" in text and "⎣0.4  0.5⎦" in text          # W2 as the slides print it
    assert "⎡0.359231  0.512226⎤" in text                          # the slides' 0.359, 0.512
    assert "[0.529028  0.621284]" in text                          # θ2^(1) → 0.529
    assert "z2 =" not in text and "W2·a1" not in text              # no clash with neuron z2
    zh = run("step", "xor", "--view", "matrix", "--lang", "zh").output
    assert "θ1: 阈值" in zh and "校对误差" in zh
    md = run("step", "xor", "--view", "matrix", "--format", "markdown").stdout
    assert r"w_{1}^{(1,2)}" in md and r"x W_{1} + \theta_{1}" in md
    obj = json.loads(run("step", "xor", "--view", "matrix", "--format", "json").stdout)
    assert [m["matrix_rows"] for m in obj["matrices"]] == ["inputs", "inputs"]
    # a config written W·a + b keeps its form
    assert "z2 = W2·a1 + b2" in run("step", "mazur", "--view", "matrix").output


def test_xor_training_running_mean_as_the_slides_print_it(run):
    """The slides' code prints 平均总误差 = E/4, E summed over the epoch before each update:
    0.32027 after epoch 1, 0.0084807 after 2000; the mean after the epoch stays SPEC §4's."""
    obj = json.loads(run("train", "xor", "--epochs", "2000", "--running-loss",
                         "--format", "json").stdout)
    first, last = obj["history"][0], obj["history"][-1]
    assert (first["epoch"], last["epoch"]) == (1, 2000)
    assert round(first["running_loss"], 5) == 0.32027
    assert round(last["running_loss"], 7) == 0.0084807
    assert round(first["loss"], 5) == 0.30313 and round(last["loss"], 7) == 0.0083699
    text = run("train", "xor", "--epochs", "1", "--running-loss").output
    assert "running mean during the epoch" in text and "0.32027166" in text


# ---- 《BP神经网络拟合非线性函数》: plain gradient descent, the batch in matrices, η per update

def test_curve_trains_with_plain_gradient_descent_and_shows_eta(run):
    obj = json.loads(run("train", "curve", "--epochs", "40", "--every", "1", "--format", "json").stdout)
    assert obj["settings"]["optimizer"] == "sgd"
    losses = [h["loss"] for h in obj["history"]]
    assert all(b <= a for a, b in zip(losses, losses[1:]))          # smooth: never rises
    for h in obj["history"]:                  # batch mode: update k = epoch k, η = η₀·0.5^((k−1)/2500)
        assert h["learning_rate"] == pytest.approx(0.5 * 0.5 ** ((h["epoch"] - 1) / 2500), rel=1e-12)
    text = run("train", "curve", "--epochs", "40", "--decay", "0.5:10").output
    assert "η (epoch's last update)" in text and "The learning rate η, falling" in text


def test_curve_batch_in_matrices_with_shapes(run):
    text = run("step", "curve", "--batch", "--view", "matrix").output
    assert "100×1 → 100×24 → 100×3 → 100×1" in text
    assert "Z2 (100×3) = A1 (100×24) · W2ᵀ (24×3)" in text
    obj = json.loads(run("step", "curve", "--batch", "--view", "matrix", "--format", "json").stdout)
    assert [L["shapes"]["Z"] for L in obj["layers"]] == [[100, 24], [100, 3], [100, 1]]
    single = run("step", "curve", "--view", "matrix").output          # no refusal: the shapes
    assert "z1 (24×1) = W1 (24×1) · a0 (1×1) + b1 (24×1)" in single
    xor = run("step", "xor", "--batch", "--view", "matrix").output    # small: the numbers too
    assert "⎢0.5  0.6⎥" in xor and "E = mean of the 4 samples' losses = 0.318308" in xor


# ---- KL divergence on the slides: Keras's clipped values

@pytest.mark.parametrize("q,printed", [([0.07158904, 0.92822515], "0.07447962"),
                                       ([0.11774177, 0.88200493], "0.12555622")])
def test_kl_diagnose_names_keras_clipping(run, write, q, printed):
    cfg = write("network:\n  inputs: [q1, q2]\n  layers:\n    - neurons: [y1, y2]\n"
                "      activation: linear\n      weights: [[1, 0], [0, 1]]\n"
                f"loss: kl_divergence\nsample: {{input: {q}, target: [0, 1]}}\n"
                f"expect:\n  loss: {printed}\n")
    obj = json.loads(run("check", cfg, "--diagnose", "--format", "json").stdout)
    assert obj["checks"][0]["agree"] is False                 # the formula's value differs
    text = run("check", cfg, "--diagnose").output
    assert "reproduced by “clipped at 1e-7, as Keras does”" in text


def test_kl_builtin(run):
    r = run("check", "kl", "--diagnose", "--lang", "zh")
    assert "按 Keras 截断到 1e-7" in r.output


# ---- train --trace-at K for every optimizer: its state and its formula with the numbers

def test_trace_at_momentum_first_step_is_the_slides_step(run):
    """θ₀ = 0: the first momentum step is the plain one, so the slides' 0.359 and 0.529 appear."""
    text = run("train", "xor", "--epochs", "1", "--optimizer", "momentum", "--trace-at", "1").output
    assert "θ ← β·θ − η·g = 0.9 × 0 − 0.5 × 0.081538414 = -0.040769207" in text
    assert "P ← P + θ = 0.4 + (-0.040769207) = 0.35923079" in text
    assert "theta2_1:" in text and "0.52902822" in text


@pytest.mark.parametrize("opt,slots", [("momentum", ["θ"]), ("nesterov", ["θ"]), ("adagrad", ["r"]),
                                       ("rmsprop", ["r"]), ("rmsprop_momentum", ["r", "θ"]),
                                       ("adam", ["m", "v"])])
def test_trace_at_every_optimizer(run, opt, slots):
    import numpy as np
    obj = json.loads(run("train", "xor", "--epochs", "2", "--optimizer", opt, "--trace-at", "6",
                         "--format", "json").stdout)
    st = obj["trace_at"]["optimizer"]
    assert st["name"] == opt and st["step"] == 6 and st["learning_rate"] == 0.5
    s = st["settings"]
    for p in st["parameters"]:
        assert set(p["before"]) == set(slots) == set(p["after"])
        g, P, b, a = p["grad"], p["value"], p["before"], p["after"]
        if opt in ("momentum", "nesterov"):
            assert a["θ"] == pytest.approx(s["momentum"] * b["θ"] - 0.5 * g, abs=1e-15)
            assert p["new"] == pytest.approx(P + a["θ"], abs=1e-15)
        elif opt == "adagrad":
            assert a["r"] == pytest.approx(b["r"] + g * g, abs=1e-15)
            assert p["new"] == pytest.approx(P - 0.5 / (np.sqrt(a["r"]) + s["eps"]) * g, abs=1e-12)
        elif opt == "rmsprop":
            assert a["r"] == pytest.approx(s["rho"] * b["r"] + (1 - s["rho"]) * g * g, abs=1e-15)
        elif opt == "rmsprop_momentum":
            assert a["θ"] == pytest.approx(s["momentum"] * b["θ"] + 0.5 / np.sqrt(a["r"] + s["eps"]) * g, abs=1e-12)
            assert p["new"] == pytest.approx(P - a["θ"], abs=1e-15)
        else:
            assert p["m̂"] == pytest.approx(a["m"] / (1 - 0.9 ** 6), rel=1e-12)
            assert p["new"] == pytest.approx(P - 0.5 * p["m̂"] / (np.sqrt(p["v̂"]) + 1e-8), abs=1e-12)
    assert st["gradient_at_lookahead"] is (opt == "nesterov")
    assert "trace_at" in obj and obj["trace_at"]["update"] == 6


# ---- the experiments the documents run

def test_compare_varies_loss_l2_dropout(run):
    obj = json.loads(run("compare", "cubic", "--vary", "l2=0,0.001", "--vary", "dropout=0,1:0.1",
                         "--vary", "epochs=5", "--format", "json").stdout)
    settings = [v["setting"] for v in obj["variants"]]
    assert [(s["l2"], s["dropout"]) for s in settings] == [("0", "0"), ("0", "1:0.1"),
                                                          ("0.001", "0"), ("0.001", "1:0.1")]
    losses = [v["values"]["loss"] for v in obj["variants"]]
    assert len(set(losses)) == 4                         # each setting changes the training
    obj = json.loads(run("compare", "xor", "--vary", "loss=half_sse,sse", "--vary", "epochs=3",
                         "--format", "json").stdout)
    a, b = (v["values"]["loss"] for v in obj["variants"])
    assert a != b and [v["setting"]["loss"] for v in obj["variants"]] == ["half_sse", "sse"]


def test_accuracy_in_every_format(run):
    obj = json.loads(run("train", "xor", "--epochs", "2000", "--format", "json").stdout)
    assert obj["values"]["accuracy"] == 1.0 and obj["history"][0]["accuracy"] == 0.5
    assert run("train", "xor", "--epochs", "5", "--format", "csv").stdout.startswith("epoch,loss,accuracy\n")
    assert "| accuracy |" in run("train", "xor", "--epochs", "5", "--format", "markdown").stdout
    assert "Accuracy after training" in run("train", "xor", "--epochs", "5", "--format", "html").stdout
    assert "Accuracy after training: 0.5" in run("train", "xor", "--epochs", "5").output
    reg = json.loads(run("train", "regression", "--epochs", "2", "--format", "json").stdout)
    assert "accuracy" not in reg["values"]               # a regression net has none


def test_test_set_and_shuffled_validation(run, write):
    cfg = write("network:\n  inputs: [x1, x2]\n  layers:\n"
                "    - {neurons: [h1, h2], activation: sigmoid, weights: [[0.1, 0.2], [0.2, 0.3]], bias: [0.3, 0.3]}\n"
                "    - {neurons: [o1], activation: sigmoid, weights: [[0.4, 0.5]], bias: [0.6]}\n"
                "learning_rate: 0.5\ndata:\n  - {input: [0, 0], target: [0]}\n  - {input: [0, 1], target: [1]}\n"
                "  - {input: [1, 0], target: [1]}\n  - {input: [1, 1], target: [0]}\n"
                "test:\n  - {input: [0, 1], target: [1]}\n  - {input: [1, 1], target: [0]}\n")
    obj = json.loads(run("train", cfg, "--epochs", "10", "--format", "json").stdout)
    assert 0 < obj["values"]["test.loss"] < 1 and obj["values"]["test.accuracy"] in (0.0, 0.5, 1.0)
    assert "The test set (test:), after training" in run("train", cfg, "--epochs", "10").output
    for fmt in ("markdown", "html"):                     # every medium says it
        assert "The test set (test:), after training" in run("train", cfg, "--epochs", "10",
                                                             "--format", fmt).stdout
    # the cubic's validation fifth is drawn from the shuffled data, not its last x: early
    # stopping no longer stops after 6 epochs on an extrapolation
    obj = json.loads(run("train", "cubic", "--epochs", "300", "--validation", "0.2", "--patience", "5",
                         "--format", "json").stdout)
    assert obj["settings"]["epochs_run"] > 6


def test_l2_penalty_in_the_reported_loss(run):
    base = json.loads(run("train", "cubic", "--epochs", "3", "--l2", "0.001", "--format", "json").stdout)
    keras = json.loads(run("train", "cubic", "--epochs", "3", "--l2", "0.001", "--l2-in-loss",
                           "--format", "json").stdout)
    assert base["settings"]["loss_includes_l2"] is False and keras["settings"]["loss_includes_l2"] is True
    assert keras["values"]["loss"] > base["values"]["loss"]         # the same weights, plus λ·Σw²
    assert "without the L2 penalty" in run("train", "cubic", "--epochs", "3", "--l2", "0.001").output


def test_hardmax_and_gradcheck_quotient(run):
    text = run("step", "softmax").output
    assert "hardmax = (0, 0, 1)" in text.replace("\n", " ").replace("  ", " ")
    g = " ".join(run("step", "--gradcheck").output.split())
    assert "(E(w1 + h) − E(w1 − h)) / 2h" in g and "(2 × 1e-05)" in g
    obj = json.loads(run("step", "--gradcheck", "--format", "json").stdout)
    q = obj["difference_quotients"]["w5"]
    assert q["h"] == 1e-5 and (q["E_plus"] - q["E_minus"]) / (2 * q["h"]) == pytest.approx(0.082167041, abs=1e-9)
