"""A class folder graded as a teacher expects: every answer file against its own sheet,
never against the built-in example; what is skipped is said; the table in the reader's
language."""

import pytest


@pytest.fixture
def folder(run, tmp_path):
    d = tmp_path / "sheets"
    assert run("exercise", "--variants", "2", "--out", d).exit_code == 0
    return d


def test_answers_naming_a_classmates_sheet_are_flagged(run, folder):
    a = (folder / "answers-B.yaml").read_text()
    (folder / "answers-B.yaml").write_text(a.replace("sheet: exercise-B.yaml", "sheet: exercise-A.yaml"))
    for lang, words in (("en", "your answers name exercise-A.yaml, not exercise-B.yaml"),
                        ("zh", "你的答案写的是 exercise-A.yaml，而不是旁边的 exercise-B.yaml")):
        csv = run("check", "--expect", folder, "--format", "csv", "--lang", lang).stdout
        row = next(l for l in csv.splitlines() if l.startswith("answers-B,"))
        assert words in row
        assert not any(words in l for l in csv.splitlines() if l.startswith("answers-A,"))
    out = run("check", "--expect", folder).stdout
    assert "exercise-A.yaml" in out


def test_answers_without_their_sheet_are_never_graded_against_the_example(run, folder):
    lines = (folder / "answers-A.yaml").read_text().splitlines()
    (folder / "answers-A.yaml").write_text("\n".join(l for l in lines if not l.startswith("sheet:")) + "\n")
    res = run("check", "--expect", folder, "--format", "csv")
    row = next(l for l in res.stdout.splitlines() if l.startswith("answers-A,"))
    assert "do not name their sheet" in row
    assert "Mazur" not in res.stdout
    res = run("check", "--expect", folder)
    assert "Mazur" not in res.stdout
    one = run("check", "--expect", folder / "answers-A.yaml")
    assert one.exit_code == 2 and "answers-A.yaml" in one.stderr and "sheet" in one.stderr
    assert "Traceback" not in one.stderr and one.stdout == ""
    # with the sheet given, they are graded against it
    assert run("check", folder / "exercise-A.yaml", "--expect", folder / "answers-A.yaml").exit_code == 1


def test_extensions_in_any_case_and_hidden_files_skipped_and_said(run, folder):
    (folder / "answers-A.yaml").rename(folder / "WANG.YAML")
    (folder / ".hidden.yaml").write_text("sheet: exercise-A.yaml\nnet.h1: 0.5\n")
    csv = run("check", "--expect", folder, "--format", "csv").stdout.splitlines()
    assert any(l.startswith("WANG,") for l in csv)
    hidden = next(l for l in csv if l.startswith(".hidden.yaml,"))
    assert "hidden" in hidden and ",0,0," in hidden
    zh = run("check", "--expect", folder, "--lang", "zh").stdout
    assert "隐藏文件" in zh


def test_the_class_table_in_chinese_says_everything_in_chinese(run, folder):
    (folder / "answers-A.yaml").write_text("sheet: exercise-A.yaml\nnet.h1: 0.577\nout.h1: 0,7\n"
                                           "net.h2: 12.0000\n")
    csv = run("check", "--expect", folder, "--format", "csv", "--lang", "zh").stdout
    assert "unanswered" not in csv and "too few" not in csv and "个空未答" in csv
    assert run("check", "--expect", folder, "--format", "csv").stdout.count("unanswered") >= 2


def test_a_wrong_answer_no_mistake_reproduces_says_so_in_words(run, folder):
    (folder / "answers-A.yaml").write_text("sheet: exercise-A.yaml\n" + "".join(
        f"{l.split(':')[0]}: 12.3456\n" for l in (folder / "answers-A.yaml").read_text().splitlines()
        if l and not l.startswith(("#", "sheet"))))
    en = run("check", "--expect", folder, "--format", "csv").stdout
    row = next(l for l in en.splitlines() if l.startswith("answers-A,"))
    assert row.endswith(",not identified") and ",?" not in row
    zh = run("check", "--expect", folder, "--format", "csv", "--lang", "zh").stdout
    assert "未能确定" in zh


def test_a_class_graded_together_as_each_answer_file_alone(run, folder):
    """A folder shares each sheet's variants between its answer files: every student's row
    is the row that student's file gets graded alone (two sheets, three students, each with
    other mistakes)."""
    import bptrace

    step = bptrace.step(bptrace.load(str(folder / "exercise-A.yaml")))
    keys = [l.split(":")[0] for l in (folder / "answers-A.yaml").read_text().splitlines()
            if ":" in l and not l.startswith(("sheet", "#"))]
    for n, flip in enumerate(((0, 3), (5, 9), ())):
        lines = ["sheet: exercise-A.yaml"] + [
            f"{k}: {(-1 if i in flip else 1) * step.trace.value(k):.4f}" for i, k in enumerate(keys)]
        (folder / f"answers-s{n}.yaml").write_text("\n".join(lines) + "\n")
    together = run("check", "--expect", folder, "--diagnose", "--format", "csv").stdout.splitlines()
    for n in range(3):
        alone_dir = folder.parent / f"alone{n}"
        alone_dir.mkdir()
        for name in ("exercise-A.yaml", f"answers-s{n}.yaml"):
            (alone_dir / name).write_text((folder / name).read_text())
        alone = run("check", "--expect", alone_dir, "--diagnose", "--format", "csv").stdout
        row = next(l for l in alone.splitlines() if l.startswith(f"answers-s{n},"))
        assert row in together
