"""Chinese in PNG pictures: a CJK font matplotlib's cache does not know is found (added from
the system's font files, no cache rebuild), matplotlib's "Glyph missing" warnings never reach
the terminal, and where no Chinese font exists the message says exactly what to install.
The rendered PNG with a Chinese title is kept for a person to look at (tests/out/)."""

import warnings
from pathlib import Path

import pytest

pytest.importorskip("matplotlib")

from bptrace.render.pictures import mpl as fonts  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"


@pytest.fixture
def fresh_fonts(monkeypatch):
    monkeypatch.setattr(fonts, "_added", False)
    monkeypatch.setattr(fonts, "_warned", False)


def _without_cjk(monkeypatch):
    """matplotlib's font list as a cache made before any CJK font was installed."""
    from matplotlib import font_manager
    fm = font_manager.fontManager
    kept = [f for f in fm.ttflist if f.name not in fonts.CJK_FAMILIES]
    monkeypatch.setattr(fm, "ttflist", kept)
    return fm


@pytest.mark.slow
def test_a_font_the_cache_does_not_know_is_found(monkeypatch, fresh_fonts):
    if not fonts._font_files():
        pytest.skip("no CJK font installed on this machine")
    fm = _without_cjk(monkeypatch)
    assert not {f.name for f in fm.ttflist} & set(fonts.CJK_FAMILIES)
    assert fonts.cjk_font("zh") in fonts.CJK_FAMILIES           # added from its file
    assert fonts.cjk_font("zh_TW") in fonts.TC_FAMILIES + fonts.OTHER_FAMILIES + fonts.SC_FAMILIES


@pytest.mark.slow
def test_no_font_says_exactly_what_to_install(monkeypatch, fresh_fonts, capsys):
    _without_cjk(monkeypatch)
    monkeypatch.setattr(fonts, "_font_files", lambda: [])
    assert fonts.picture_lang("zh") == "en"
    err = capsys.readouterr().err
    assert "install" in err and fonts.install_advice() in err
    assert any(w in fonts.install_advice() for w in ("apt install fonts-noto-cjk", "dnf", "pacman",
                                                     "zypper", "apk", "PingFang", "Noto"))


@pytest.mark.slow
def test_a_png_with_a_chinese_title_and_no_glyph_warnings(tmp_path, run, write, capfd):
    if fonts.cjk_font("zh") is None:
        pytest.skip("no CJK font installed on this machine")
    text = run("examples", "mazur").stdout.replace(
        "title: Mazur's worked example (2-2-2 sigmoid, biases fixed)", "title: 中文标题：反向传播的一步")
    cfg = write(text)
    OUT.mkdir(exist_ok=True)
    png = OUT / "chinese-title.png"
    with warnings.catch_warnings():
        warnings.simplefilter("error")                  # any warning fails the test
        got = run("draw", cfg, "--lang", "zh", "-o", png)
    assert got.exit_code == 0, got.stderr
    assert "Glyph" not in got.stderr and "missing" not in got.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    plot = OUT / "chinese-plot.png"
    got = run("train", "xor", "--epochs", "50", "--lang", "zh_TW", "--plot", plot)
    assert got.exit_code == 0 and "Glyph" not in got.stderr
    assert plot.stat().st_size > 5000
