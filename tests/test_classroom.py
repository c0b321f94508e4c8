"""A class set graded from the folder the sheets were written to; progress on stderr."""

import io
import json
import shutil

import pytest

from bptrace.checking.variants import CATALOGUE_BY_NAME
from bptrace.cli.options import progress_bar
from bptrace.config import load_config
from bptrace.maths.conventions import Convention
from bptrace.training.loop import Progress
from bptrace.trace import build_trace


def _values(path, variant=None, conv=None):
    cfg = load_config(str(path))
    s = {"conv": conv or Convention(), "epochs_delta": 0, "trained": False, "base": {},
         "rounding": False, "mistake": None}
    if variant:
        CATALOGUE_BY_NAME[variant].apply(cfg, s)
    return build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate,
                       conv=s["conv"]).values()


def _fill(d, v, values, answered=None, dp=4):
    f = d / f"answers-{v}.yaml"
    keys = [l.split(":")[0] for l in f.read_text().splitlines() if l and not l.startswith(("#", "sheet:"))]
    lines = [f"sheet: exercise-{v}.yaml"] + [
        f"{k}: {values[k]:.{dp}f}" if answered is None or i < answered else f"{k}: "
        for i, k in enumerate(keys)]
    f.write_text("\n".join(lines) + "\n")


# the class's sheets are written and filled once (≈ 0.7 s): the tests that grade them run in one
# test process
_SHEETS = pytest.mark.xdist_group("class sheets")


@pytest.fixture(scope="module")
def sheets(tmp_path_factory):
    from click.testing import CliRunner
    from bptrace.cli import cli
    d = tmp_path_factory.mktemp("class") / "sheets"
    assert CliRunner().invoke(cli, ["exercise", "--variants", "3", "--out", str(d)]).exit_code == 0
    _fill(d, "A", _values(d / "exercise-A.yaml", conv=Convention(round_to=4)))
    _fill(d, "B", _values(d / "exercise-B.yaml"), answered=10, dp=2)
    _fill(d, "C", _values(d / "exercise-C.yaml", "missing σ′ at the output"))
    return d


@_SHEETS
@pytest.mark.parametrize("width", ["80", "120"])
def test_the_folder_the_sheets_were_written_to_is_graded_as_it_is(run, sheets, monkeypatch, width):
    monkeypatch.setenv("COLUMNS", width)
    res = run("check", "--expect", sheets)
    assert res.exit_code == 1, res.stderr
    out = res.stdout
    assert out.startswith("Exercise A (seed 0), Exercise B (seed 0), Exercise C (seed 0)")
    assert "Mazur" not in out and "exercise-" not in out         # the sheets are not students
    assert "answers-A │ 50/50" in out and "too few decimals" in out
    assert "missing σ′ at the output" in out


@_SHEETS
def test_the_folder_the_sheets_were_written_to_is_graded_as_csv(run, sheets):
    csv = run("check", "--expect", sheets, "--format", "csv").stdout.splitlines()
    # B: two of the ten answers with 2 decimals are exact with 2 (right); C: the answers after
    # the missing σ′ are right given C's own dout (error carried forward)
    assert csv[1:] == ["answers-A,50,50,,",
                       "answers-B,2,50,out.h1,too few decimals in 8 (the sheet asks for 4); 40 unanswered",
                       "answers-C,48,50,dout.o1,missing σ′ at the output"]


@_SHEETS
def test_one_diagnosis_per_student(run, sheets):
    rows = json.loads(run("check", "--expect", sheets, "--format", "json").stdout)["students"]
    c = next(r for r in rows if r["student"] == "answers-C")
    assert c["likely_mistake"] == "missing σ′ at the output"
    obj = json.loads(run("check", sheets / "exercise-C.yaml", "--expect", sheets / "answers-C.yaml",
                         "--diagnose", "--format", "json").stdout)
    assert {tuple(v) for v in obj["explanations"].values() if v} == {("missing σ′ at the output",)}


@_SHEETS
def test_the_class_table_in_chinese(run, sheets):
    out = run("check", "--expect", sheets, "--lang", "zh").stdout
    assert "学生答案" in out and "8 个答案小数位数不够" in out and "输出层漏了 σ′" in out


def test_progress_records_reach_a_bar_on_a_terminal_only():
    class Tty(io.StringIO):
        def isatty(self):
            return True
    from rich.console import Console
    screen = Console(file=Tty(), force_terminal=True, width=80)
    with progress_bar("en", screen) as tell:
        for k in range(3):
            tell(Progress("variants", k + 1, 3))
    assert "trying the catalogue's variants" in screen.file.getvalue()
    with progress_bar("en", Console(file=io.StringIO())) as tell:
        assert tell is None


def test_diagnose_tells_its_progress(run):
    from bptrace.checking import grading
    seen = []
    cfg = load_config("bp-notes")
    grading.diagnose_checked(grading.check_config(cfg, None), seen.append)
    stages = {p.stage for p in seen}
    assert "variants" in stages and all(p.done <= p.total for p in seen)
    assert seen[-1].done == seen[-1].total


def test_compare_tells_its_progress():
    from bptrace.training import experiments as E, views as V
    seen = []
    cfg = load_config("xor")
    settings = E.variants(E.parse_vary(("epochs=2,3",)))
    X, _ = cfg.dataset
    kind, grid = V.picture_grid(X, len(cfg.network.outputs))
    E.run_all(cfg.root.value, settings, cfg.file, None, grid, 1, seen.append)
    assert [(p.stage, p.done, p.total) for p in seen] == [("trainings", 1, 2), ("trainings", 2, 2)]


def test_check_round_shows_the_hand_value_at_its_own_precision(run, mazur_page):
    out = run("check", mazur_page, "--round", "4").stdout
    assert "by hand (4 dp)" in out and "0.593300000" not in out
    assert "│ out.h1" not in out and "0.5933 │ ✗" in out
    flat = " ".join(out.split())
    assert "compared with a hand calculation rounding every intermediate to 4 decimals" in flat
    assert "exact 0.5933" not in flat
