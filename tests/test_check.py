"""check: printed values against computed ones, at the printed precision."""

import json

import pytest

from bptrace.check import compare


@pytest.mark.parametrize("text,value,status", [
    ("0.75136507", 0.751365069552, "agree"),
    ("0.75136079", 0.751365069552, "differ"),
    ("0.50", 0.504, "agree"),
    ("0.50", 0.506, "truncated"),
    ("0.50", 0.52, "differ"),
    ("3.5e-5", 3.5101878e-05, "agree"),
    ("0.7513650", 0.75136507, "truncated"),
    ("-0.74136507", 0.741365069552, "sign"),
    ("-0.019049119", -0.0190491182583, "differ"),
    ("0.0000351085", 3.51085481e-05, "agree"),
    ("1", 1.4, "agree"),
    ("1", 1.5, "truncated"),
    ("1", 2.5, "differ"),
])
def test_compare_at_printed_precision(text, value, status):
    assert compare("k", text, value).status == status


def test_first_differing_digit():
    assert compare("k", "0.75136079", 0.751365069552).digit == 6
    assert compare("k", "0.1", 0.2).digit == 1


def test_check_mazur_flags_exactly_the_page_misprints(run):
    res = run("check", "--format", "json")
    assert res.exit_code == 1
    obj = json.loads(res.stdout)
    bad = [c["key"] for c in obj["checks"] if not c["agree"]]
    assert bad == ["err.h1.o2", "new.loss", "trained.loss", "trained.out.o1", "trained.out.o2"]
    first = obj["checks"][0]
    assert first == {"key": "net.h1", "expected": "0.3775", "computed": 0.3775, "agree": True,
                     "status": "agree"}
    assert "values" in obj and obj["values"]["out.o1"] == pytest.approx(0.75136507, abs=1e-8)


def test_check_seed001_flags_its_misprint(run):
    res = run("check", "seed001")
    assert res.exit_code == 1
    assert "out.o1" in res.stdout and "0.75136079" in res.stdout and "0.75136507" in res.stdout
    assert "1 differ: out.o1" in res.stdout


def test_check_xor_flags_stays_0_1(run):
    obj = json.loads(run("check", "xor", "--format", "json").stdout)
    assert [c["key"] for c in obj["checks"] if not c["agree"]] == ["new.w_x1_y12"]


def test_check_all_agree_exits_0(run, write):
    text = run("examples", "mazur").stdout
    text = text.split("expect:")[0] + "expect:\n  out.o1: 0.75136507\n  new.w5: 0.35891648\n"
    res = run("check", write(text))
    assert res.exit_code == 0 and "all 2 printed values agree" in res.stdout


def test_unknown_key_lists_near_matches(run, write):
    text = run("examples", "mazur").stdout.split("expect:")[0] + "expect:\n  out.o3: 0.5\n"
    res = run("check", write(text))
    assert res.exit_code == 2
    assert "expect.out.o3" in res.stderr and "out.o1" in res.stderr and "line" in res.stderr


def test_no_expect_is_bad_input(run):
    res = run("check", "regression")
    assert res.exit_code == 2 and "expect" in res.stderr


def test_check_csv(run):
    out = run("check", "seed001", "--format", "csv").stdout.splitlines()
    assert out[0] == "key,expected,computed,agree,status"
    assert out[1].startswith("out.o1,0.75136079,0.7513650695") and out[1].endswith(",false,differ")


def test_diagnose_mazur_page(run):
    res = run("check", "--diagnose", "--format", "json")
    assert res.exit_code == 1
    obj = json.loads(res.stdout)
    ex = obj["explanations"]
    assert ex["new.loss"] == ["sequential update"]
    assert ex["trained.out.o1"] == ["sequential update"] and ex["trained.out.o2"] == ["sequential update"]
    assert ex["trained.loss"] == ["9,999 updates instead of 10,000"]
    assert ex["err.h1.o2"] == ["rounded to 9 decimals"]
    d = obj["diagnosis"]
    assert {"variant", "agree", "of"} == set(d[0]) and d[0]["of"] == 30


def test_diagnose_a_plain_misprint(run):
    res = run("check", "seed001", "--diagnose")
    assert res.exit_code == 1
    assert "out.o1 = 0.75136079: no variant of the catalogue reproduces it" in res.stdout


def test_diagnose_finds_a_missing_half_and_a_learning_rate(run, write):
    base = run("examples", "mazur").stdout.split("expect:")[0]
    # the same numbers computed with E = Σ (t − y)²: every gradient doubles
    res = run("check", write(base + "expect:\n  err.o1: 1.48273014\n  new.w5: 0.31783296\n"),
              "--diagnose", "--format", "json")
    assert json.loads(res.stdout)["explanations"]["err.o1"] == ["loss without ½"]
    res = run("check", write(base + "expect:\n  new.w5: 0.39178330\n"), "--diagnose", "--format", "json")
    assert json.loads(res.stdout)["explanations"]["new.w5"][0].startswith("learning rate η = 0.1")


def test_round_mode_step(run):
    res = run("step", "--round", "4", "--only", "out.h1,new.loss")
    assert res.exit_code == 0
    assert "by hand (4 dp)" in res.stdout and "0.5933" in res.stdout and "0.593269992" in res.stdout
    assert "Drift" in res.stdout
    obj = json.loads(run("step", "--round", "4", "--format", "json").stdout)
    assert obj["values"]["out.h1"] == 0.5933 and obj["round"] == 4
    assert obj["exact_values"]["out.h1"] == pytest.approx(0.593269992, abs=1e-9)


def test_round_mode_check_reproduces_the_rounded_path(run):
    obj = json.loads(run("check", "--round", "9", "--format", "json").stdout)
    status = {c["key"]: c["agree"] for c in obj["checks"]}
    assert status["err.h1.o2"] is True


def test_hand_round_is_half_up():
    from bptrace.network import hand_round
    assert hand_round(0.125, 2) == 0.13 and hand_round(-0.125, 2) == -0.13
    assert hand_round(2.5, 0) == 3.0


def test_diagnose_forgotten_hidden_derivative(run, write):
    from bptrace.config import parse_config
    from bptrace.check.variants import missing_hidden_derivative
    from bptrace.trace import build_trace
    text = run("examples", "mazur").stdout.split("expect:")[0]
    cfg = parse_config(text)
    missing_hidden_derivative(cfg, {})
    wrong = build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate).values()
    f = write(text + f"expect:\n  grad.w1: {wrong['grad.w1']:.9f}\n  grad.w5: 0.082167041\n")
    obj = json.loads(run("check", f, "--diagnose", "--format", "json").stdout)
    assert obj["explanations"]["grad.w1"] == ["missing σ′ in the hidden layers"]
