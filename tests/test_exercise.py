"""Exercise sheets, answer keys and grading."""

import json
import shutil
import subprocess

import pytest
import yaml

from bptrace.config import parse_config
from bptrace.maths.conventions import Convention
from bptrace.trace import build_trace


def test_same_seed_same_json_and_answers_equal_step(run, tmp_path):
    a = run("exercise", "--seed", "7", "--format", "json").stdout
    assert a == run("exercise", "--seed", "7", "--format", "json").stdout
    obj = json.loads(a)
    cfg = tmp_path / "ex.yaml"
    cfg.write_text(yaml.safe_dump(obj["config"], sort_keys=False, allow_unicode=True))
    values = json.loads(run("step", cfg, "--format", "json").stdout)["values"]
    assert obj["blanks"] and all(obj["answers"][k] == values[k] for k in obj["blanks"])
    assert run("exercise", "--seed", "8", "--format", "json").stdout != a


def test_numbers_are_nice(run):
    for seed in range(5):
        obj = json.loads(run("exercise", "--seed", seed, "--format", "json").stdout)
        cfg = obj["config"]
        for layer in cfg["network"]["layers"]:
            for _, (_, _, v) in layer["weights"].items():
                assert round(v, 2) == v and v != 0
        for k in obj["answers"]:
            if k.startswith("net."):
                assert abs(obj["answers"][k]) <= 2.5


def test_variants_differ_and_blanks_select(run):
    objs = json.loads(run("exercise", "--seed", "1", "--variants", "3", "--format", "json").stdout)
    assert [o["variant"] for o in objs] == ["A", "B", "C"]
    assert len({json.dumps(o["config"]) for o in objs}) == 3
    obj = json.loads(run("exercise", "--blanks", "grad.*", "--format", "json").stdout)
    assert obj["blanks"] and all(k.startswith("grad.") for k in obj["blanks"])
    obj = json.loads(run("exercise", "--from", "mazur", "--blanks", "update", "--format", "json").stdout)
    assert obj["answers"]["new.w5"] == pytest.approx(0.35891648, abs=1e-8)


def _answers(text, conv=None, update="simultaneous"):
    cfg = parse_config(text)
    cfg.network.update = update
    tr = build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate, conv=conv)
    return tr


def test_grading_names_the_sequential_update_mistake(run, tmp_path):
    text = run("exercise", "--seed", "7", "--format", "yaml").stdout
    obj = json.loads(run("exercise", "--seed", "7", "--format", "json").stdout)
    sheet = tmp_path / "sheet.yaml"
    sheet.write_text(text)
    right = _answers(text)
    wrong = _answers(text, update="sequential")
    good = tmp_path / "good.yaml"
    good.write_text("".join(f"{k}: {right[k].value:.6f}\n" for k in obj["blanks"]))
    bad = tmp_path / "bad.yaml"
    bad.write_text("".join(f"{k}: {wrong[k].value:.6f}\n" for k in obj["blanks"]))
    res = run("check", sheet, "--expect", good)
    assert res.exit_code == 0 and "all 50 answers asked are right" in res.stdout
    res = run("check", sheet, "--expect", bad, "--diagnose", "--format", "json")
    assert res.exit_code == 1
    out = json.loads(res.stdout)
    differ = [c["key"] for c in out["checks"] if not c["agree"]]
    assert differ and all(k.startswith(("err.h", "delta.h", "grad.", "new.")) for k in differ)
    assert all(out["explanations"][k] == ["sequential update"] for k in differ)
    # the class set
    folder = tmp_path / "class"
    folder.mkdir()
    shutil.copy(good, folder / "ann.yaml")
    shutil.copy(bad, folder / "bo.yaml")
    res = run("check", sheet, "--expect", folder, "--format", "csv")
    assert res.exit_code == 1
    lines = res.stdout.splitlines()
    assert lines[0] == "student,score,of,first_wrong,likely_mistake"
    assert lines[1] == "ann,50,50,,"
    assert lines[2].startswith("bo,") and lines[2].endswith(",sequential update")


def test_out_folder(run, tmp_path):
    res = run("exercise", "--seed", "3", "--variants", "2", "--out", tmp_path / "s")
    assert res.exit_code == 0
    names = sorted(p.name for p in (tmp_path / "s").iterdir())
    assert names == sorted(f"{kind}-{v}.{ext}" for v in "AB" for kind, ext in
                           [("sheet", "md"), ("key", "md"), ("sheet", "tex"), ("key", "tex"),
                            ("exercise", "yaml"), ("answers", "yaml")])
    assert run("step", tmp_path / "s" / "exercise-B.yaml").exit_code == 0


@pytest.mark.slow                                   # drives LaTeX: CI's second step
@pytest.mark.parametrize("key", [False, True])
def test_latex_sheet_and_key_compile(run, tmp_path, key):
    if shutil.which("pdflatex") is None:
        pytest.skip("pdflatex is not installed")
    args = ["exercise", "--seed", "7", "--format", "latex"] + (["--key"] if key else [])
    (tmp_path / "s.tex").write_text(run(*args).stdout)
    proc = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "s.tex"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stdout[-1500:]


def test_chinese_sheet(run):
    out = run("exercise", "--lang", "zh").stdout
    assert "填写下列空白" in out


@pytest.mark.parametrize("args,phrase", [(["--shape", "2-x"], "layer sizes"),
                                          (["--shape", "2-9-2"], "1 to 6"),
                                          (["--activation", "softmax"], "use one of"),
                                          (["--blanks", "grad.zz*"], "no such key")])
def test_bad_options(run, args, phrase):
    res = run("exercise", *args)
    assert res.exit_code == 2 and phrase in res.stderr


def _sheet(run, tmp_path, seed="7"):
    d = tmp_path / "sheets"
    run("exercise", "--seed", seed, "--variants", "2", "--out", d)
    return d


def test_answers_need_the_decimals_asked_for_and_blanks_count_wrong(run, tmp_path):
    d = _sheet(run, tmp_path)
    obj = json.loads(run("exercise", "--seed", "7", "--format", "json").stdout)
    zeros = tmp_path / "zeros.yaml"
    zeros.write_text("".join(f"{k}: 0\n" for k in obj["blanks"]))
    res = run("check", d / "exercise-A.yaml", "--expect", zeros, "--format", "json")
    assert res.exit_code == 1
    statuses = {c["status"] for c in json.loads(res.stdout)["checks"]}
    assert statuses == {"imprecise"}
    # the untouched template: every answer blank, graded (not refused)
    res = run("check", d / "exercise-A.yaml", "--expect", d / "answers-A.yaml", "--format", "json")
    assert res.exit_code == 1
    assert {c["status"] for c in json.loads(res.stdout)["checks"]} == {"blank"}


def test_rounding_every_step_to_4_decimals_gets_full_marks(run, tmp_path):
    text = run("exercise", "--seed", "7", "--format", "yaml").stdout
    obj = json.loads(run("exercise", "--seed", "7", "--format", "json").stdout)
    sheet = tmp_path / "s.yaml"
    sheet.write_text(text)
    hand = _answers(text, Convention(round_to=4))
    f = tmp_path / "careful.yaml"
    f.write_text("".join(f"{k}: {hand[k].value:.4f}\n" for k in obj["blanks"]))
    assert run("check", sheet, "--expect", f).exit_code == 0


def test_a_class_with_a_variant_each(run, tmp_path):
    d = _sheet(run, tmp_path)
    folder = tmp_path / "class"
    folder.mkdir()
    for v in "AB":
        text = (d / f"exercise-{v}.yaml").read_text()
        right = _answers(text)
        keys = [line.split(":")[0] for line in (d / f"answers-{v}.yaml").read_text().splitlines()
                if line and not line.startswith(("#", "sheet:"))]
        (folder / f"student{v}.yaml").write_text(
            f"sheet: exercise-{v}.yaml\n" + "".join(f"{k}: {right[k].value:.6f}\n" for k in keys))
    res = run("check", d / "exercise-A.yaml", "--expect", folder, "--format", "json")
    assert res.exit_code == 0
    rows = json.loads(res.stdout)["students"]
    assert [(r["student"], r["score"], r["of"]) for r in rows] == [("studentA", 50, 50), ("studentB", 50, 50)]
    assert rows[1]["sheet"].startswith("Exercise B")


def test_exercise_from_a_config_with_data(run):
    obj = json.loads(run("exercise", "--from", "xor", "--blanks", "out.*", "--format", "json").stdout)
    assert obj["answers"]["out.z1"] == pytest.approx(0.742605307, abs=1e-9)


def test_several_latex_sheets_need_out(run):
    res = run("exercise", "--variants", "2", "--format", "latex")
    assert res.exit_code == 2 and "--out" in res.stderr


def test_a_latex_sheet_shows_the_net_with_its_blanks_as_numbered_boxes(run):
    """The picture above the sheet: every asked value a numbered box [k], in the sheet's
    order, and not its number; the key shows the numbers instead."""
    import re
    sheet = run("exercise", "--seed", "7", "--format", "latex", "--blanks", "out.o1,net.h1").stdout
    key = run("exercise", "--seed", "7", "--format", "latex", "--blanks", "out.o1,net.h1", "--key").stdout
    assert r"\begin{tikzpicture}" in sheet and r"\begin{tikzpicture}" in key
    items = re.findall(r"\\item \$(.*?) =", sheet)
    # h1's box: its blank net input, and not its output (computed from that blank)
    boxes = {k: re.search(r"\{\\textbf\{" + k + r"\} \\\\ net = \[1\]\}", sheet)
             for k in ("h1",)}
    assert len(items) == 2 and "[1]" in sheet and "[2]" in sheet
    picture = sheet[sheet.index(r"\begin{tikzpicture}"):sheet.index(r"\end{tikzpicture}")]
    assert "[1]" in picture and "[2]" in picture
    assert "[1]" not in key[key.index(r"\begin{tikzpicture}"):key.index(r"\end{tikzpicture}")]
    assert boxes["h1"] is not None
