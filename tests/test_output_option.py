"""-o/--output FILE on every command that writes one main file: what it would print goes into
FILE (replaced if it exists, written atomically, never the config itself); the older option
names keep working; -V beside --version; a mistyped command is answered with the one meant."""

import pytest


@pytest.mark.parametrize("args", [["step"], ["check", "bp-notes"], ["examples"],
                                  ["perceptron", "and"], ["step", "--format", "json"]])
def test_output_goes_into_the_file(run, tmp_path, args):
    target = tmp_path / "out.txt"
    target.write_text("old\n")
    printed = run(*args)
    got = run(*args, "-o", target)
    assert got.exit_code == printed.exit_code and got.stdout == ""
    assert target.read_text(encoding="utf-8") == printed.stdout
    assert run(*args, "--output", target).exit_code == printed.exit_code
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_output_is_never_the_config(run, write):
    cfg = write("""network: {inputs: 1, layers: [{neurons: 1, activation: linear, weights: [[0.5]]}]}
learning_rate: 0.1
sample: {input: [1], target: [0]}
""")
    before = cfg.read_text()
    got = run("step", cfg, "-o", cfg)
    assert got.exit_code == 2 and cfg.read_text() == before


def test_exercise_output_folder_by_every_name(run, tmp_path):
    for opt in ("-o", "--output", "--out"):
        folder = tmp_path / opt.strip("-")
        assert run("exercise", "--seed", "3", "--variants", "2", opt, folder).exit_code == 0
        assert any(folder.iterdir())


def test_version_by_v_and_a_mistyped_command(run):
    assert run("-V").stdout == run("--version").stdout and "bptrace" in run("-V").stdout
    bad = run("stpe")
    assert bad.exit_code == 2 and "did you mean 'step'" in bad.stderr
    assert "是不是想写 'step'" in run("stpe", "--lang", "zh").stderr


def test_draw_png_without_matplotlib_names_the_format(run, tmp_path, monkeypatch):
    import sys
    monkeypatch.setitem(sys.modules, "matplotlib", None)        # import matplotlib fails
    got = run("draw", "--format", "png", "-o", tmp_path / "x.png")
    assert got.exit_code == 2 and "--format png needs matplotlib" in got.stderr
    assert "--plot" not in got.stderr
