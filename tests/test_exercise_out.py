"""exercise --out writes a folder of sheets as one set: a filled-in answer file is never
replaced, a folder of other numbers only with --force, concurrent runs take turns."""

import fcntl
import os
import subprocess
import sys
import time

import pytest


def _titles(folder):
    """The seed each exercise config and key of the folder was made with."""
    return {p.name: p.read_text(encoding="utf-8").split("seed ", 1)[1].split(")", 1)[0]
            for p in sorted(folder.iterdir()) if p.name.startswith(("exercise-", "key-"))
            and p.suffix in (".yaml", ".md")}


def test_filled_answers_are_kept_blank_ones_rewritten(run, tmp_path):
    out = tmp_path / "sheets"
    assert run("exercise", "--out", out, "--variants", 2).exit_code == 0
    filled = out / "answers-A.yaml"
    text = filled.read_text(encoding="utf-8").replace("out.o1: \n", "out.o1: 0.7\n")
    filled.write_text(text, encoding="utf-8")
    blank = (out / "answers-B.yaml").read_text(encoding="utf-8")
    (out / "answers-B.yaml").write_text(blank.replace("sheet:", "# a comment\nsheet:"),
                                         encoding="utf-8")
    res = run("exercise", "--out", out, "--variants", 2)
    assert res.exit_code == 0, res.stderr
    assert filled.read_text(encoding="utf-8") == text
    assert "answers-A.yaml" in res.stderr and "answers-B.yaml" not in res.stderr
    assert (out / "answers-B.yaml").read_text(encoding="utf-8") == blank   # still blank: renewed


def test_folder_of_another_seed_needs_force(run, tmp_path):
    out = tmp_path / "sheets"
    assert run("exercise", "--out", out, "--variants", 2, "--seed", 1).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    res = run("exercise", "--out", out, "--variants", 2, "--seed", 2)
    assert res.exit_code == 2 and "--force" in res.stderr and "Traceback" not in res.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    (out / "answers-A.yaml").write_text("sheet: exercise-A.yaml\nloss: 0.3\n")
    res = run("exercise", "--out", out, "--variants", 2, "--seed", 2, "--force")
    assert res.exit_code == 0, res.stderr
    assert set(_titles(out).values()) == {"2"}
    assert (out / "answers-A.yaml").read_text() == "sheet: exercise-A.yaml\nloss: 0.3\n"


def test_same_seed_again_is_fine(run, tmp_path):
    out = tmp_path / "sheets"
    for _ in range(2):
        res = run("exercise", "--out", out, "--seed", 4)
        assert res.exit_code == 0, res.stderr
    assert not [p for p in out.iterdir() if p.name.startswith(".")]     # no staging left


def test_nothing_is_written_when_one_file_cannot_be(run, tmp_path):
    out = tmp_path / "sheets"
    out.mkdir()
    (out / "key-B.md").mkdir()                  # the set cannot be written whole
    res = run("exercise", "--out", out, "--variants", 2)
    assert res.exit_code == 2 and "key-B.md" in res.stderr
    assert [p.name for p in out.iterdir()] == ["key-B.md"]


def test_sheet_from_a_config_never_replaces_it(run, tmp_path):
    out = tmp_path / "sheets"
    assert run("exercise", "--out", out).exit_code == 0
    config = out / "exercise-A.yaml"
    os.link(config, tmp_path / "mine.yaml")
    before = config.read_bytes()
    res = run("exercise", "--from", tmp_path / "mine.yaml", "--out", out, "--force")
    assert res.exit_code == 2 and "never writes over" in res.stderr, res.stderr
    assert config.read_bytes() == before


@pytest.mark.slow
def test_concurrent_runs_take_turns(tmp_path):
    """While another run holds the folder, a second one waits and then writes its whole set:
    the folder never mixes two seeds."""
    out = tmp_path / "sheets"
    out.mkdir()
    fd = os.open(out, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)              # as a run writing its set does
    try:
        p = subprocess.Popen([sys.executable, "-m", "bptrace", "exercise", "--out", str(out),
                              "--variants", "3", "--seed", "5"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(3)
        assert p.poll() is None and not list(out.iterdir())
    finally:
        os.close(fd)
    _, err = p.communicate(timeout=120)
    assert p.returncode == 0, err
    assert set(_titles(out).values()) == {"5"} and len(_titles(out)) == 6


@pytest.mark.slow                           # two processes racing: CI's second step
def test_concurrent_runs_of_two_seeds_never_mix(tmp_path):
    out = tmp_path / "sheets"
    procs = [subprocess.Popen([sys.executable, "-m", "bptrace", "exercise", "--out", str(out),
                               "--variants", "8", "--seed", str(seed), "--force"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
             for seed in (11, 12)]
    for p in procs:
        assert p.wait(timeout=300) == 0, p.stderr.read()
    assert len(set(_titles(out).values())) == 1 and len(_titles(out)) == 16


def test_links_in_the_folder_are_followed_and_stay_links(run, tmp_path):
    out, elsewhere = tmp_path / "sheets", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "sheet-A.md").symlink_to(elsewhere / "sheet.md")
    res = run("exercise", "--out", out)
    assert res.exit_code == 0, res.stderr
    assert (out / "sheet-A.md").is_symlink() and (elsewhere / "sheet.md").read_text().strip()
