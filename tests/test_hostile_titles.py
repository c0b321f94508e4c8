"""Titles and names with control, bidi, combining and mathtext characters, in every output
format: each document still parses (JSON with json, SVG with an XML parser, HTML with an HTML
parser, the exported program with ast), pictures are drawn with the title as written, and
nothing is a traceback. A seeded sample in the default run; more with the slow tests."""

import yaml
import pytest

from bptrace import examples

_SLOW = pytest.mark.slow            # matplotlib, an optional extra: CI's second step


def _config(tmp_path, title, base="xor", name="cfg.yaml"):
    raw = yaml.safe_load(examples.text(base))
    raw["title"] = title
    p = tmp_path / name
    from bptrace.config.dump import yaml_text
    p.write_text(yaml_text(raw), encoding="utf-8")
    return p


@_SLOW
@pytest.mark.parametrize("title", ["$" + "{" * 500 + "$", "$x^$", "$\\frac{1}$ and $", "$$"])
def test_mathtext_in_a_title_is_drawn_as_written(run, tmp_path, title):
    from bptrace.render import plots, picture_mpl  # noqa: F401 (both import matplotlib lazily)
    cfg = _config(tmp_path, title)
    for args in (("train", cfg, "--epochs", "3", "--plot", tmp_path / "a.png"),
                 ("draw", cfg, "-o", tmp_path / "b.png"),
                 ("draw", cfg, "-o", tmp_path / "b.pdf"),
                 ("compare", cfg, "--vary", "epochs=2,3", "--plot", tmp_path / "c.png")):
        res = run(*args)
        assert res.exit_code == 0, (args[0], res.stderr)
    assert (tmp_path / "a.png").stat().st_size > 1000


@_SLOW
def test_every_matplotlib_text_of_a_plot_is_literal(tmp_path, monkeypatch):
    """The texts bptrace gives matplotlib (titles, legends of --vary labels) are not parsed."""
    import matplotlib.figure
    from bptrace.render import plots
    seen = []
    real = plots._save
    monkeypatch.setattr(plots, "_save", lambda fig, path: (seen.append(fig), real(fig, path)))
    from matplotlib.text import Text
    plots.plot_history(tmp_path / "h.png", "$x$", [{"epoch": 1, "loss": 1.0}, {"epoch": 2, "loss": 0.5}])
    fig = seen[0]
    assert isinstance(fig, matplotlib.figure.Figure)
    texts = [t for t in fig.findobj(Text) if "$" in t.get_text()]
    assert texts and all(not t.get_parse_math() for t in texts)
