"""What a student writes in an answer file is read as meant: full-width forms, the ideographic
full stop, a line saying who the student is."""

import pytest

from bptrace.config import read_answer


@pytest.mark.parametrize("written, read", [
    ("0.577０", "0.5770"), ("0．5770", "0.5770"), ("０．５７７０", "0.5770"),
    ("0。5770", "0.5770"), ("0.5770。", "0.5770"), ("－0．25", "-0.25")])
def test_full_width_digits_and_stops_are_read(written, read):
    assert read_answer(written) == read


def test_an_ideographic_stop_not_between_digits_is_no_decimal_point():
    assert read_answer("。5") is None


def test_the_students_name_is_not_an_answer(run, tmp_path):
    f = tmp_path / "zhang.yaml"
    f.write_text("name: 张三\n学号: 2024001\nnet.h1: 0.3775\n")
    res = run("check", "mazur", "--expect", f, "--format", "csv")
    assert res.exit_code == 0, res.stderr
    assert res.stdout.splitlines()[1:] == ["net.h1,0.3775,0.3775,true,agree"]


def test_the_class_table_names_the_student(run, tmp_path):
    d = tmp_path / "sheets"
    assert run("exercise", "--variants", "1", "--out", d).exit_code == 0
    (d / "zhang.yaml").write_text("sheet: exercise-A.yaml\nname: 张三\nnet.h1：0.5770\n")
    csv = run("check", "--expect", d, "--format", "csv").stdout
    row = next(l for l in csv.splitlines() if l.startswith("zhang"))
    assert row.startswith("zhang (张三),1,50,out.h1")
