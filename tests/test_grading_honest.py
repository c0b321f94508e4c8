"""Grading a class honestly (SPEC §8): every asked key counts, an odd answer is read where its
meaning is clear and costs only itself, an exact answer with fewer decimals is right, a student
is told about *their* answer (error carried forward credited), and the diagnosis is one, made
with a student's mistakes at the sheet's precision."""

import json

import pytest

from bptrace.checking.variants import CATALOGUE_BY_NAME
from bptrace.config import load_config
from bptrace.maths.conventions import Convention
from bptrace.trace import build_trace


@pytest.fixture
def sheet(run, tmp_path):
    """Exercise A (seed 0) written with its key: the folder, and the sheet's exact values."""
    d = tmp_path / "class"
    assert run("exercise", "--out", d).exit_code == 0
    for f in d.glob("answers-*.yaml"):
        f.unlink()
    return d, _values(d / "exercise-A.yaml")


def _values(path, variant=None):
    cfg = load_config(str(path))
    s = {"conv": Convention(), "epochs_delta": 0, "trained": False, "base": {},
         "rounding": False, "mistake": None}
    if variant:
        assert CATALOGUE_BY_NAME[variant].apply(cfg, s)
    return build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate,
                       conv=s["conv"]).values()


def _answers(d, name, lines):
    f = d / f"{name}.yaml"
    f.write_text("sheet: exercise-A.yaml\n" + "".join(f"{line}\n" for line in lines),
                 encoding="utf-8")
    return f


def _all(values, keys, dp=4):
    return [f"{k}: {values[k]:.{dp}f}" for k in keys]


# ---------------------------------------------------------------- every asked key counts
def test_the_sheet_records_the_keys_it_asks(sheet):
    d, _ = sheet
    cfg = load_config(str(d / "exercise-A.yaml"))
    assert len(cfg.asked) == 50 and cfg.asked[0] == "net.h1" and cfg.asked[-1] == "new.loss"


def test_a_student_who_deletes_lines_does_not_score_full_marks(run, sheet):
    d, v = sheet
    f = _answers(d, "lazy", _all(v, ["net.h1", "out.h1"]))
    res = run("check", d / "exercise-A.yaml", "--expect", f)
    assert res.exit_code == 1
    flat = " ".join(res.stdout.split())
    assert "all 2" not in flat and "2 of the 50 answers asked are right" in flat
    assert "48 unanswered" in flat
    rows = json.loads(run("check", "--expect", d, "--format", "json").stdout)["students"]
    assert (rows[0]["score"], rows[0]["of"]) == (2, 50)
    table = run("check", "--expect", d).stdout
    assert "2/50" in table and "2/2" not in table and "48 unanswered" in table


def test_a_missing_key_is_unanswered_like_a_blank_one(run, sheet):
    d, v = sheet
    missing = _answers(d, "missing", _all(v, ["net.h1"]))
    blank = _answers(d, "blank", _all(v, ["net.h1"]) + ["out.h1: "])
    a = json.loads(run("check", d / "exercise-A.yaml", "--expect", missing, "--format", "json").stdout)
    b = json.loads(run("check", d / "exercise-A.yaml", "--expect", blank, "--format", "json").stdout)
    assert a["checks"] == b["checks"] and len(a["checks"]) == 50


@pytest.mark.parametrize("asked, said", [
    ("[out.o1, out.o1]", "twice"), ("[out.o1, out.o9]", "out.o9"), ("5", "list"),
    ("[[1]]", "asked[0]"), ("{a: 1}", "list")])
def test_a_sheet_whose_asked_keys_are_wrong_is_bad_input(run, write, asked, said):
    cfg = write(load_config("mazur").text + f"asked: {asked}\n")
    res = run("check", cfg, "--expect", write("out.o1: 0.7514\n", "a.yaml"))
    assert res.exit_code == 2 and said in res.stderr and "Traceback" not in res.stderr
    assert "cfg.yaml" in res.stderr and "line" in res.stderr


# ---------------------------------------------------------------- odd answers
@pytest.mark.parametrize("written", ["0,{c}", "≈0.{d}", "~ 0.{d}", "０.{w}", "0.{d} V"])
def test_an_answer_read_where_its_meaning_is_clear(run, sheet, written):
    d, v = sheet
    digits = f"{v['out.h1']:.4f}"[2:]
    text = written.format(c=digits, d=digits, w="".join(chr(ord(x) + 0xFEE0) for x in digits))
    f = _answers(d, "odd", [f"out.h1: {text}"] + _all(v, ["net.h1"]))
    obj = json.loads(run("check", d / "exercise-A.yaml", "--expect", f, "--format", "json").stdout)
    by = {c["key"]: c for c in obj["checks"]}
    assert by["out.h1"]["agree"] and by["out.h1"]["expected"] == text and by["net.h1"]["agree"]


def test_a_full_width_colon_and_digits_are_read(run, sheet):
    d, v = sheet
    f = _answers(d, "ime", [f"out.h1：{v['out.h1']:.4f}", "net.h1:0.5770"])
    res = run("check", d / "exercise-A.yaml", "--expect", f, "--lang", "zh")
    assert res.exit_code == 1 and "2 个正确" in res.stdout, res.stderr


def test_an_unreadable_answer_costs_only_itself(run, sheet):
    d, v = sheet
    # 1,577: a thousands separator or a decimal comma?  1:30 is 90 to YAML 1.1, not a number here
    f = _answers(d, "odd", ["net.h1: 1,577", "out.h1: [1, 2]", "net.h2: 0x1F", "out.h2: abc",
                            "loss.o1: 1:30"] + _all(v, ["net.o1", "out.o1"]))
    res = run("check", d / "exercise-A.yaml", "--expect", f)
    assert res.exit_code == 1 and not res.stderr
    assert "2 of the 50 answers asked are right" in " ".join(res.stdout.split())
    obj = json.loads(run("check", d / "exercise-A.yaml", "--expect", f, "--format", "json").stdout)
    status = {c["key"]: c["status"] for c in obj["checks"]}
    assert [status[k] for k in ("net.h1", "out.h1", "net.h2", "out.h2", "loss.o1")] == [
        "unreadable"] * 5
    assert status["net.o1"] == status["out.o1"] == "agree"
    rows = json.loads(run("check", "--expect", d, "--format", "json").stdout)["students"]
    assert rows[0]["score"] == 2 and "5 unreadable" in rows[0]["likely_mistake"]


def test_a_file_that_cannot_be_graded_is_told_in_the_readers_language(run, sheet, monkeypatch):
    d, v = sheet
    _answers(d, "good", _all(v, ["net.h1"]))
    (d / "broken.yaml").write_text("out.o1: [1, 2\n", encoding="utf-8")
    monkeypatch.setenv("COLUMNS", "60")
    out = run("check", "--expect", d, "--lang", "zh").stdout
    row = out[out.index("broken"):]
    assert "broken.yaml" in row and "第 " in row and "line" not in row
    for word in ("valid", "YAML:"):                     # no English left, no word cut in two
        assert word not in row or "YAML" in word


# ---------------------------------------------------------------- exact with fewer decimals
def test_an_exact_answer_with_fewer_decimals_is_right(run, sheet):
    d, v = sheet
    assert v["net.h1"] == pytest.approx(0.577, abs=1e-15)
    f = _answers(d, "short", ["net.h1: 0.577", "out.h1: 0.64"])
    obj = json.loads(run("check", d / "exercise-A.yaml", "--expect", f, "--format", "json").stdout)
    by = {c["key"]: c for c in obj["checks"]}
    assert by["net.h1"]["agree"] and not by["out.h1"]["agree"]


def test_an_exact_zero_is_right(run, write):
    cfg = write(load_config("mazur").text.replace("i1: 0.05, i2: 0.10", "i1: 0.0, i2: 0.0"))
    f = write("grad.w1: 0\ngrad.w2: 0.0\n", "a.yaml")
    assert run("check", cfg, "--expect", f).exit_code == 0


# ---------------------------------------------------------------- words for a student
BOOK_WORDS = ("书中", "作者", "印刷", "printed", "textbook", "author", "misprint", "book")


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("fmt", ["rich", "markdown", "latex", "html"])
def test_a_student_reads_of_their_answer_not_of_a_book(run, sheet, lang, fmt):
    d, v = sheet
    wrong = _values(d / "exercise-A.yaml", "sign of t − y")
    keys = load_config(str(d / "exercise-A.yaml")).asked
    f = _answers(d, "sign", _all(wrong, keys[:30]) + ["new.w1: 0,1", "new.w2: "])
    res = run("check", d / "exercise-A.yaml", "--expect", f, "--diagnose", "--lang", lang,
              "--format", fmt)
    assert res.exit_code == 1, res.stderr
    text = res.stdout if fmt != "html" else res.stdout[res.stdout.index("<body"):]
    for word in BOOK_WORDS:
        assert word not in text, word
    assert ("你的答案" if lang == "zh" else "your answer") in text
    assert "error_signal" not in text and "implied" not in text and "推出" not in text


def test_an_answer_right_given_the_students_earlier_answer_earns_its_mark(run, sheet):
    d, v = sheet
    keys = ["net.h1", "out.h1", "net.h2", "out.h2", "net.o1", "out.o1"]
    values = dict(v)
    values["net.h1"] = 0.6770                          # a slip in net.h1 …
    import math
    values["out.h1"] = 1 / (1 + math.exp(-0.6770))     # … carried into out.h1
    f = _answers(d, "slip", _all(values, keys))
    res = run("check", d / "exercise-A.yaml", "--expect", f)
    flat = " ".join(res.stdout.split())
    assert "right, given your earlier answer" in flat
    obj = json.loads(run("check", d / "exercise-A.yaml", "--expect", f, "--format", "json").stdout)
    by = {c["key"]: c["agree"] for c in obj["checks"]}
    assert not by["net.h1"] and by["out.h1"]


def test_a_textbook_check_keeps_its_textbook_words(run):
    res = run("check", "bp-notes", "--diagnose")
    assert "printed" in res.stdout and "your answer" not in res.stdout


# ---------------------------------------------------------------- diagnoses
def test_a_blank_is_not_diagnosed_as_a_misprint(run, sheet):
    d, v = sheet
    wrong = _values(d / "exercise-A.yaml", "sign of t − y")
    keys = load_config(str(d / "exercise-A.yaml")).asked
    f = _answers(d, "blanks", _all(wrong, keys[:20]))
    out = " ".join(run("check", d / "exercise-A.yaml", "--expect", f, "--diagnose").stdout.split())
    assert "misprint" not in out and "none of the mistakes" not in out
    assert "new.loss =" not in out          # an unanswered key is not explained at all


def test_too_few_decimals_is_not_reproduced_by_variants(run, sheet):
    d, v = sheet
    keys = load_config(str(d / "exercise-A.yaml")).asked
    f = _answers(d, "short", _all(v, keys[:9], dp=2))
    out = " ".join(run("check", d / "exercise-A.yaml", "--expect", f, "--diagnose").stdout.split())
    assert "9/9" not in out
    assert "no variant" not in out and "none of the mistakes" not in out


@pytest.mark.parametrize("mistake, name", [
    ("hidden weights transposed", "hidden weights swapped"),     # w2 ↔ w3
    ("inputs swapped", "inputs swapped"),
    ("targets swapped", "targets swapped"),
    ("net passed on as out", "net used as out in the forward pass"),
])
def test_a_forward_pass_mistake_is_diagnosed(run, sheet, mistake, name):
    d, v = sheet
    wrong = _values(d / "exercise-A.yaml", mistake)
    keys = load_config(str(d / "exercise-A.yaml")).asked
    f = _answers(d, "fwd", _all(wrong, keys[:20]))
    res = run("check", "--expect", d, "--format", "json")
    row = json.loads(res.stdout)["students"][0]
    assert row["likely_mistake"].split(";")[0] .split(" (")[0] == name, row
    detail = " ".join(run("check", d / "exercise-A.yaml", "--expect", f, "--diagnose").stdout.split())
    assert f"Your likely mistake: {name}" in detail
    assert "rounded to" not in detail.split("Your likely mistake")[1][:len(name) + 4]


def test_one_diagnosis_in_the_table_and_the_details(run, sheet):
    d, v = sheet
    wrong = _values(d / "exercise-A.yaml", "missing σ′ at the output")
    keys = load_config(str(d / "exercise-A.yaml")).asked
    f = _answers(d, "c", _all(wrong, keys))
    row = json.loads(run("check", "--expect", d, "--format", "json").stdout)["students"][0]
    detail = " ".join(run("check", d / "exercise-A.yaml", "--expect", f, "--diagnose").stdout.split())
    assert row["likely_mistake"] == "missing σ′ at the output"
    assert f"Your likely mistake: {row['likely_mistake']}" in detail


# ---------------------------------------------------------------- sheets give nothing away
def _svg(markdown: str) -> str:
    import base64
    import re
    return base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)\)", markdown).group(1)).decode()


def test_a_sheet_shows_the_givens_and_nothing_computed(run):
    svg = _svg(run("exercise", "--from", "mazur", "--blanks", "out.o1,new.w5").stdout)
    for given in ("out.i1", "w1", "w8", "b2", "target.o2"):
        assert f'data-key="{given}"' in svg, given
    for hidden in ("net.o1", "net.h1", "out.h1", "out.o2", "loss"):
        assert f'data-key="{hidden}"' not in svg, hidden
    assert "0.0398" not in svg and "0.2984" not in svg and "1.1059" not in svg


def test_a_sheet_shows_what_the_teacher_names_before_the_blanks(run):
    out = run("exercise", "--from", "mazur", "--blanks", "out.o1,new.w5", "--show", "forward").stdout
    svg = _svg(out)
    assert 'data-key="net.o1"' in svg and 'data-key="out.h1"' in svg
    assert 'data-key="loss"' not in svg and "0.7513" not in svg      # out.o1 stays a blank
    assert "`net.o1` = 1.10591" in out and "`out.o1` =" not in out.split("fill in the blanks")[0]
    res = run("exercise", "--from", "mazur", "--blanks", "out.o1", "--show", "loss")
    assert res.exit_code == 2 and "computed from the blank out.o1" in res.stderr
    obj = json.loads(run("exercise", "--from", "mazur", "--blanks", "backward", "--show", "net.*",
                         "--format", "json").stdout)
    assert list(obj["shown"]) == ["net.h1", "net.h2", "net.o1", "net.o2"]
    key = _svg(run("exercise", "--from", "mazur", "--blanks", "out.o1", "--key").stdout)
    assert 'data-key="out.o1"' in key                                  # the key shows it all


def test_the_docs_show_a_real_class_run_in_chinese():
    """The grading page (README → docs/zh/grading.md): a student with deleted answers, one with
    decimal commas, one with a sign slip (its blocks kept real by docs/refresh_readme.py --check)."""
    from pathlib import Path
    readme = (Path(__file__).resolve().parent.parent / "docs" / "zh" / "grading.md").read_text(
        encoding="utf-8")
    block = readme.split("<!-- run: bptrace check --expect docs/class --lang zh -->")[1]
    block = block.split("```")[1]
    assert "学生答案" in block and "王芳 │ 12/50" in block and "38 个空未答" in block
    assert "李雷 │ 50/50" in block and "张伟 │ 48/50" in block and "符号弄反" in block
    assert "0,1283" in readme and "按 0.1283 读取" in readme


@pytest.mark.slow                   # drives pdflatex: CI's second step
def test_a_students_odd_answers_typeset_in_a_latex_report(run, sheet, tmp_path):
    import shutil
    import subprocess
    if not shutil.which("pdflatex"):
        pytest.skip("pdflatex is not installed")
    d, v = sheet
    f = _answers(d, "odd", ["net.h1: ≈0.5870", "out.h2: 0,4152", "net.h2: 0.75 µ", "net.o1: 1 ∑"])
    tex = run("check", d / "exercise-A.yaml", "--expect", f, "--format", "latex", "--diagnose").stdout
    (tmp_path / "r.tex").write_text(tex, encoding="utf-8")
    done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "r.tex"],
                          cwd=tmp_path, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stdout.decode(errors="replace")[-2000:]


def test_the_quick_agreement_is_the_comparisons():
    """agrees() — what the diagnosis and the carried marks ask — says what compare() says:
    answers off by about half a unit of their last digit, exactly at it, far off, with the
    other sign, written with too few decimals, in scientific notation, at many scales."""
    import random

    from bptrace.checking.printed import agrees, compare
    rnd = random.Random(5)
    for _ in range(8000):
        v = rnd.choice([rnd.uniform(-2, 2), rnd.uniform(-1e4, 1e4),
                        rnd.gauss(0, 1) * 10.0 ** rnd.randint(-8, 8)])
        d = rnd.randint(0, 13)
        t = rnd.choice([f"{v:.{d}f}", f"{-v:.{d}f}", f"{v:.{d}e}", f"{v:.{d}f}  ",
                        f"{v + rnd.choice([-1, 1]) * rnd.uniform(0.3, 0.7) * 10 ** -d:.{d}f}"])
        if rnd.random() < 0.1:          # halfway between two written values
            t = f"{round(v, d):.{d}f}"
            v = float(t) + 0.5 * 10 ** -d * rnd.choice([-1, 1])
        asked = rnd.choice([None, 2, 4])
        assert agrees("k", t, v, asked) == compare("k", t, v, min_decimals=asked).agree, (t, v)
