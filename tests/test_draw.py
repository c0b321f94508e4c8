"""`bptrace draw` end to end, and Chinese in every matplotlib picture (or English, said once,
where no Chinese font is installed)."""

import warnings
import xml.etree.ElementTree as ET

import pytest

from bptrace.render.pictures import mpl as fonts

BIG = """
network:
  inputs: 3
  layers:
    - {neurons: 11, activation: tanh, weights: {init: xavier}, bias: {init: zeros}}
    - {neurons: 1, activation: sigmoid, weights: {init: xavier}, bias: {init: zeros}}
loss: half_sse
learning_rate: 0.1
sample: {input: [1, 2, 3], target: [1]}
"""


# matplotlib and its fonts take ≈ 1 s to load: the tests that draw with it run in one test process
_MATPLOTLIB = pytest.mark.xdist_group("matplotlib")
_SLOW = pytest.mark.slow        # (matplotlib, an optional extra: CI's second step)


def test_svg_on_stdout_by_default(run):
    r = run("draw", "mazur", "--path", "w1")
    assert r.exit_code == 0
    root = ET.fromstring(r.stdout)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "∂E/∂w1 = sum over 2 chain-rule paths = 0.0004386" in r.stdout


@_MATPLOTLIB
@_SLOW
def test_the_suffix_picks_the_format(run, tmp_path, write):
    big = write(BIG)
    for name, start in [("n.svg", b"<svg"), ("n.tex", b"\\begin{tikzpicture}"),
                        ("n.dot", b"digraph"), ("n.png", b"\x89PNG"), ("n.pdf", b"%PDF")]:
        config = big if name in ("n.png", "n.pdf") else "mazur"   # small pictures: quick
        r = run("draw", config, "-o", tmp_path / name)
        assert r.exit_code == 0, r.output
        assert (tmp_path / name).read_bytes().startswith(start), name
    assert not list(tmp_path.glob(".*.tmp"))                 # written atomically


@pytest.mark.parametrize("args, words", [
    (["--format", "png"], "give -o FILE.png"),
    (["-o", "x.txt"], "cannot tell the format"),
    (["-o", "x.svg", "--format", "dot"], "says svg but --format says dot"),
    (["--show", "values,weights"], "--show weights is not known"),
    (["--path", "w9"], "neither a parameter nor a neuron"),
    (["-o", "/no/such/folder/x.svg"], "does not exist"),
])
def test_bad_options_exit_2_with_one_message(run, args, words):
    r = run("draw", "mazur", *args)
    assert r.exit_code == 2 and words in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("example,lang,words", [
    ("cs231n", "en", "no learning_rate"), ("goodfellow", "zh", "没有 learning_rate")])
def test_new_values_without_a_learning_rate(run, example, lang, words):
    """A config without η has no update: --show new draws what exists and says in one line
    why the new values are missing (was a KeyError on new.*)."""
    r = run("draw", example, "--show", "values,grad,new,err,delta", "--lang", lang)
    assert r.exit_code == 0 and r.exception is None
    root = ET.fromstring(r.stdout)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert 'data-key="new.' not in r.stdout and 'data-key="grad.' in r.stdout
    assert words in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert "new values" not in run("draw", example, "--show", "values,grad").stderr


def test_a_big_net_is_drawn_as_boxes(run, write):
    r = run("draw", write(BIG))
    assert r.exit_code == 0
    texts = [el.text for el in ET.fromstring(r.stdout).iter("{http://www.w3.org/2000/svg}text")]
    assert "11 neurons" in texts and not any("net =" in (t or "") for t in texts)
    assert "drawn as one box per layer" in run("draw", write(BIG), "--path", "h1_1").stderr


@_MATPLOTLIB
@_SLOW
def test_zh_png_uses_a_chinese_font(tmp_path):
    if fonts.cjk_font() is None:
        pytest.skip("no Chinese font is installed (Debian/Ubuntu: apt install fonts-noto-cjk), "
                    "so the picture falls back to English")
    from bptrace.render import pictures as P
    from bptrace.config import load_config
    from bptrace.render.pictures.mpl import picture_bytes
    from bptrace.trace import build_trace
    cfg = load_config("mazur")
    tr = build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate, title="梅祖尔的例子")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = picture_bytes(P.picture(tr, ("values",), "w1"), "png", fonts.picture_lang("zh"))
    assert png.startswith(b"\x89PNG")
    assert not [w for w in caught if "missing from font" in str(w.message)]


def test_without_a_chinese_font_english_said_once(monkeypatch, capsys):
    monkeypatch.setattr(fonts, "cjk_font", lambda lang="zh": None)
    monkeypatch.setattr(fonts, "install_advice", lambda: "sudo apt install fonts-noto-cjk")
    monkeypatch.setattr(fonts, "_warned", False)
    assert fonts.picture_lang("zh") == "en" and fonts.picture_lang("zh") == "en"
    assert fonts.picture_lang("en") == "en"
    err = capsys.readouterr().err
    assert err.count("sudo apt install fonts-noto-cjk") == 1


@_MATPLOTLIB
@_SLOW
def test_plot_labels_follow_lang(monkeypatch, tmp_path):
    from bptrace.render.pictures import plots
    figs = []
    monkeypatch.setattr(plots, "_save", lambda fig, path: figs.append(fig))
    history = [{"epoch": 1, "loss": 0.5, "val_loss": 0.6}, {"epoch": 2, "loss": 0.25, "val_loss": 0.3}]
    lang = "zh" if fonts.cjk_font() is not None else "en"
    plots.plot_history(tmp_path / "p.png", "t", history, lang=lang)
    ax = figs[0].axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    if lang == "zh":
        assert (ax.get_xlabel(), ax.get_ylabel()) == ("轮数", "平均损失")
        assert labels == ["训练损失", "验证损失"]
    else:
        assert (ax.get_xlabel(), labels) == ("epoch", ["training loss", "validation loss"])


@pytest.mark.parametrize("args,name", [((), "mazur-before.svg"),
                                       (("--show", "values,grad,new"), "mazur-after.svg"),
                                       (("--path", "w1"), "mazur-path-w1.svg")])
def test_the_readme_pictures_are_a_real_run(run, args, name):
    """The SVGs the README and the docs' draw pages show are what `bptrace draw mazur …` draws today."""
    from pathlib import Path
    shown = (Path(__file__).resolve().parent.parent / "docs" / name).read_text(encoding="utf-8")
    assert run("draw", "mazur", *args).stdout == shown


# --- a title's control characters: shown, never obeyed; documents stay valid (issue 26) -------
HOSTILE = "a\x1b[2Jb\x07c\x0bd\x0ce\x7ff\x9b31mg\x85h\u2028i\ufffej\u202ek\n\nl"
CONTROLS = set(map(chr, [*range(0x00, 0x09), *range(0x0b, 0x20), *range(0x7f, 0xa0)])) \
    | {"\u202e", "\ufffe"}


def _titled(write):
    import json
    from bptrace.config import examples
    return write("\n".join("title: " + json.dumps(HOSTILE) if l.startswith("title:") else l
                           for l in examples.text("mazur").splitlines()) + "\n")


@pytest.mark.parametrize("fmt", ["svg", "tikz", "dot"])
def test_a_title_with_control_characters_is_drawn_escaped(run, write, tmp_path, fmt):
    cfg = _titled(write)
    r = run("draw", cfg, "--format", fmt)
    assert r.exit_code == 0
    assert not CONTROLS & set(r.stdout), sorted(CONTROLS & set(r.stdout))
    if fmt != "tikz":           # the LaTeX handout drops control characters (one_line)
        assert "\\u0007" in r.stdout
    out = tmp_path / f"x.{fmt}"
    assert run("draw", cfg, "-o", out).exit_code == 0
    assert out.read_text(encoding="utf-8") == r.stdout                  # the same document
    if fmt == "svg":
        ET.fromstring(out.read_bytes())                                   # well-formed XML
    if fmt == "tikz":
        assert "\n\n" not in r.stdout.split("\\begin{tikzpicture}")[-1]   # no \par in a node


def test_an_exported_program_on_stdout_has_no_control_characters(run, write):
    r = run("export", _titled(write), "--to", "pytorch")
    assert r.exit_code == 0 and not CONTROLS & set(r.stdout)
