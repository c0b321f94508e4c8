"""bptrace plot's drawings (matplotlib: with the slow tests): every kind in every format and
both languages is a picture of its kind, the SVG on standard output is the file's, and the
same figure is the same SVG bytes every time (no date, a fixed hash salt)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from bptrace.cli import cli

pytestmark = pytest.mark.slow

KIND_ARGS = {
    "activations": ["sigmoid,tanh,softsign,relu,leaky_relu(0.2)", "--config", "xor"],
    "slice": ["mazur", "--param", "w5"],
    "surface": ["xor", "--params", "w_y11_z1,w_y12_z1", "--epochs", "50"],
    "trajectory": ["hagan", "--params", "w2_11,b2", "--optimizers", "sgd,momentum,adam=0.05,sgd=10",
                   "--epochs", "30"],
    "schedule": ["curve"],
}
MAGIC = {"svg": b"<?xml", "png": b"\x89PNG\r\n\x1a\n", "pdf": b"%PDF-"}


@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
@pytest.mark.parametrize("kind", list(KIND_ARGS))
def test_every_kind_in_every_format(kind, fmt, tmp_path):
    for lang in ("en", "zh"):
        out = tmp_path / f"{kind}-{lang}.{fmt}"
        res = CliRunner().invoke(cli, ["plot", kind, *KIND_ARGS[kind], "-o", str(out),
                                       "--lang", lang], catch_exceptions=False)
        assert res.exit_code == 0, res.stderr
        data = out.read_bytes()
        assert data.startswith(MAGIC[fmt]) and len(data) > 10_000
        if fmt == "svg":
            assert b"<svg" in data and b"<script" not in data


def test_svg_on_stdout_is_the_file_and_the_same_bytes_every_time(tmp_path):
    """Two separate processes (a hash seed of their own each): the same bytes."""
    args = ["plot", "trajectory", "mazur", "--params", "w5,w1", "--epochs", "20"]
    runs = [subprocess.run([sys.executable, "-m", "bptrace", *args], capture_output=True,
                           env={"PYTHONHASHSEED": str(seed), "LANG": "C.UTF-8",
                                "PATH": "/usr/bin:/bin"}, check=True).stdout
            for seed in (1, 2)]
    assert runs[0] == runs[1] and runs[0].startswith(b"<?xml")
    assert b"<dc:date>" not in runs[0]
    out = tmp_path / "t.svg"
    subprocess.run([sys.executable, "-m", "bptrace", *args, "-o", str(out)], check=True,
                   env={"LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"})
    assert out.read_bytes() == runs[0]


def test_a_title_with_markup_is_drawn_as_written(tmp_path):
    """A config's title with '$', TeX and SVG markup: no mathtext error, no markup through."""
    import yaml
    from bptrace.config import examples
    cfg = yaml.safe_load(examples.text("mazur"))
    cfg["title"] = "$x^{2}$ --><script>alert(1)</script><!-- & \\frac{1}{2} 《标题》"
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    res = CliRunner().invoke(cli, ["plot", "slice", str(path), "--param", "w5"],
                             catch_exceptions=False)
    assert res.exit_code == 0 and "<script" not in res.stdout
    import xml.dom.minidom
    xml.dom.minidom.parseString(res.stdout.encode("utf-8"))     # (the title's '-->' stays in its comment)
