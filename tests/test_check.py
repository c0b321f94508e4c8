"""check: printed values against computed ones, at the printed precision."""

import json

import pytest

from bptrace.checking import compare


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


def test_check_bp_notes_flags_its_misprint(run):
    res = run("check", "bp-notes")
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
    out = run("check", "bp-notes", "--format", "csv").stdout.splitlines()
    assert out[0] == "key,expected,computed,agree,status"
    assert out[1].startswith("out.o1,0.75136079,0.7513650695") and out[1].endswith(",false,differ")


def _mazur_trained_printed_after(run, write, ran: int, stated: int, extra: str = ""):
    """Mazur's network with train: {epochs: STATED} and trained.loss printed as after RAN
    updates (the textbook's off-by-one, at a size that trains in a moment)."""
    import re

    from bptrace.config import parse_config
    from bptrace.training.loop import trained_values

    text = run("examples", "mazur").stdout.split("expect:")[0] + f"train: {{epochs: {stated}}}\n"
    loss = trained_values(parse_config(text, "mazur"), None, ran - stated)["trained.loss"]
    text = re.sub(r"expect:.*", "", text, flags=re.S)
    return write(text + f"expect:\n  trained.loss: {loss:.8g}\n  out.o1: 0.75136507\n" + extra)


def test_diagnose_an_update_fewer(run, write):
    cfg = _mazur_trained_printed_after(run, write, 99, 100, "  new.loss: 0.291027924\n")
    obj = json.loads(run("check", cfg, "--diagnose", "--format", "json").stdout)
    assert obj["explanations"]["trained.loss"] == ["99 updates instead of 100"]
    assert obj["explanations"]["new.loss"] == ["sequential update"]
    out = run("check", cfg, "--diagnose", "--lang", "zh").stdout.replace("\n", "")
    assert "99 次而非 100 次" in out and "训练比所说的少或多了一轮。" in out


@pytest.mark.xdist_group("mazur page diagnosed")
def test_diagnose_mazur_page(run, mazur_diagnosed):
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
    res = run("check", "bp-notes", "--diagnose")
    assert res.exit_code == 1
    assert "out.o1 = 0.75136079: no variant of the catalogue reproduces it" in res.stdout


def test_diagnose_without_a_learning_rate(run, write):
    """A forward-pass worked example (no learning_rate) with a misprint: diagnosed with every
    variant that needs no η, the ones that do named as not tried (was a TypeError: None · η)."""
    base = run("examples", "mazur").stdout.split("expect:")[0]
    base = "\n".join(l for l in base.splitlines() if not l.startswith("learning_rate"))
    cfg = write(base + "\nexpect:\n  out.h1: 0.593269992\n  out.o1: 0.75136079\n  err.o1: 1.48273014\n")
    res = run("check", cfg, "--diagnose")
    assert res.exit_code == 1 and isinstance(res.exception, SystemExit)
    text = " ".join(res.stdout.split())
    assert "out.o1 = 0.75136079: no variant" in text
    assert "err.o1 = 1.48273014: reproduced by “loss without ½”" in text
    assert "config has no learning_rate: “sequential update”" in text
    zh = "".join(run("check", cfg, "--diagnose", "--lang", "zh").stdout.split())
    assert "配置中没有learning_rate：“先更新输出层权值”" in zh
    obj = json.loads(run("check", cfg, "--diagnose", "--format", "json").stdout)
    assert obj["needs_learning_rate"] == ["sequential update"]
    for fmt in ("markdown", "latex", "html", "csv"):
        assert run("check", cfg, "--diagnose", "--format", fmt).exit_code == 1
    # where the config has η, every variant is tried and nothing is said
    assert "needs_learning_rate" not in json.loads(run("check", "bp-notes", "--diagnose",
                                                       "--format", "json").stdout)


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


def test_round_mode_check_reproduces_the_rounded_path(run, mazur_page):
    obj = json.loads(run("check", mazur_page, "--round", "9", "--format", "json").stdout)
    status = {c["key"]: c["agree"] for c in obj["checks"]}
    assert status["err.h1.o2"] is True


@pytest.mark.parametrize("config", ["mazur_page", "bp-notes"])
def test_round_printed_check_in_the_terminal(run, config, request):
    """--round printed in the default (Rich) table: the hand calculation from the printed values,
    each compared at its printed precision (once a traceback: the table took 'printed' for a
    number of decimals)."""
    name = request.getfixturevalue(config) if config == "mazur_page" else config
    res = run("check", name, "--round", "printed")
    assert res.exit_code in (0, 1) and "by hand (from the" in res.stdout
    if config == "bp-notes":
        assert res.exit_code == 1 and "0.75136079" in res.stdout and "1 differ: out.o1" in res.stdout
    zh = run("check", name, "--round", "printed", "--lang", "zh")
    assert "手算（用印出的数值）" in zh.stdout


def test_hand_round_is_half_up():
    from bptrace.maths.conventions import hand_round
    assert hand_round(0.125, 2) == 0.13 and hand_round(-0.125, 2) == -0.13
    assert hand_round(2.5, 0) == 3.0


def test_diagnose_forgotten_hidden_derivative(run, write):
    from bptrace.config import parse_config
    from bptrace.checking.variants import missing_hidden_derivative
    from bptrace.trace import build_trace
    text = run("examples", "mazur").stdout.split("expect:")[0]
    cfg = parse_config(text)
    missing_hidden_derivative(cfg, {})
    wrong = build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate).values()
    f = write(text + f"expect:\n  grad.w1: {wrong['grad.w1']:.9f}\n  grad.w5: 0.082167041\n")
    obj = json.loads(run("check", f, "--diagnose", "--format", "json").stdout)
    assert obj["explanations"]["grad.w1"] == ["missing σ′ in the hidden layers"]


# one linear neuron with one weight: the smallest config that runs
ONE_WEIGHT = ("network:\n  inputs: [a]\n  layers:\n    - neurons: [o]\n      activation: linear\n"
        "      weights: [[0.5]]\nlearning_rate: 0.1\nsample: {input: [1], target: [1]}\n")


def test_check_whose_training_diverges(run, write):
    cfg = write(ONE_WEIGHT.replace("learning_rate: 0.1", "learning_rate: 50") +
                "train: {epochs: 100}\nexpect:\n  trained.loss: 0.1\n")
    res = run("check", cfg)
    assert res.exit_code == 1 and "diverged" in res.stderr and "Traceback" not in res.stderr


def test_blank_answers_with_diagnose(run, write, tmp_path):
    ans = tmp_path / "a.yaml"
    ans.write_text("new.w_a_o: \nout.o: 0.5000\n")
    res = run("check", write(ONE_WEIGHT), "--expect", ans, "--diagnose")
    assert res.exit_code == 1 and "Traceback" not in res.stderr


# ------------------------------------------------------- a diagnosis record, in words
def _diagnosis():
    from bptrace.checking import Check
    from bptrace.checking.diagnose import Diagnosis, Finding
    from bptrace.checking.variants import Mistake

    seq, r4 = Mistake("sequential update"), Mistake("rounded", (4,))
    fewer = Mistake("updates", (9999, 10000), unit="updates")
    lr = Mistake("implied learning rate", (0.25,), key="new.w5")
    checks = [Check("new.loss", "0.29", 0.3, "differ", "0.30", 2, None),
              Check("trained.loss", "0.1", 0.2, "differ", "0.2", 1, None),
              Check("new.w5", "0.4", 0.5, "differ", "0.5", 1, None),
              Check("out.o1", "0.75", 0.75, "agree", "0.75", None, None)]
    d = Diagnosis([Finding(("sequential update", "rounded to 4 decimals"), (seq, r4), 3, 4,
                           ["new.loss", "out.o1", "trained.loss"])],
                  {"new.loss": [(seq,), (r4,)], "trained.loss": [(seq, fewer)], "new.w5": [(lr,)]},
                  base_agree=1)
    return checks, d


def test_a_diagnosis_record_is_worded_at_render_time():
    from bptrace.words import words
    from bptrace.render import diagnosis_json, explanation_lines, finding_rows

    checks, d = _diagnosis()
    assert explanation_lines(checks, d, words("en")) == [
        "new.loss = 0.29: reproduced by “sequential update” / “rounded to 4 decimals” — The hidden "
        "errors were computed with the already-updated output weights (each layer updated before "
        "the error is passed back), not with the weights of the forward pass. Every intermediate "
        "was rounded to 4 decimals before it was used.",
        "trained.loss = 0.1: reproduced by “sequential update + 9,999 updates instead of 10,000”",
        "new.w5 = 0.4: reproduced by “learning rate η = 0.25 (implied by the printed new.w5)” — "
        "The printed updates imply another learning rate than the config's."]
    assert explanation_lines(checks, d, words("zh"))[1] == (
        "trained.loss = 0.1：可由“先更新输出层权值 + 9,999 次而非 10,000 次”得到")
    assert finding_rows(d, checks, "zh") == [
        ("先更新输出层权值 + 中间量保留 4 位小数", "3/4", "new.loss, trained.loss")]
    assert diagnosis_json(d)["explanations"]["trained.loss"] == [
        "sequential update + 9,999 updates instead of 10,000"]
    assert diagnosis_json(None) == {"diagnosis": [], "explanations": {}}


def test_a_class_set_is_graded_into_records(run, tmp_path):
    from bptrace.checking.grading import grade_folder
    from bptrace.config import load_config

    run("exercise", "--seed", "3", "--out", tmp_path)
    key = json.loads(run("exercise", "--seed", "3", "--format", "json").stdout)["answers"]
    folder = tmp_path / "answers"
    folder.mkdir()
    (folder / "ann.yaml").write_text("".join(f"{k}: {v:.4f}\n" for k, v in key.items()))
    first = next(iter(key))
    (folder / "bob.yaml").write_text(f"{first}: 12.0000\n")
    ann, bob = grade_folder(load_config(str(tmp_path / "exercise-A.yaml")), folder, 4, None)
    assert (ann.student, ann.score, ann.of, ann.first_wrong, ann.mistakes) == ("ann", len(key), len(key), "", [])
    # bob answered one of the asked keys: the others are unanswered, and count
    assert (bob.score, bob.of, bob.first_wrong, bob.mistakes, bob.wrong) == (
        0, len(key), first, [], list(key))
    assert bob.blanks == len(key) - 1
