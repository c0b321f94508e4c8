"""Titles and names with control, bidi, combining and mathtext characters, in every output
format: each document still parses (JSON with json, SVG with an XML parser, HTML with an HTML
parser, the exported program with ast), pictures are drawn with the title as written, and
nothing is a traceback. A seeded sample in the default run; more with the slow tests."""

import yaml
import pytest

from bptrace.config import examples

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
    from bptrace.render.pictures import plots  # noqa: F401 (both import matplotlib lazily)
    from bptrace.render.pictures import mpl as picture_mpl
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
    from bptrace.render.pictures import plots
    seen = []
    real = plots._save
    monkeypatch.setattr(plots, "_save", lambda fig, path: (seen.append(fig), real(fig, path)))
    from matplotlib.text import Text
    plots.plot_history(tmp_path / "h.png", "$x$", [{"epoch": 1, "loss": 1.0}, {"epoch": 2, "loss": 0.5}])
    fig = seen[0]
    assert isinstance(fig, matplotlib.figure.Figure)
    texts = [t for t in fig.findobj(Text) if "$" in t.get_text()]
    assert texts and all(not t.get_parse_math() for t in texts)


# ---- every output format, each document parsed -------------------------------------------

import ast  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import xml.etree.ElementTree as ET  # noqa: E402
from html.parser import HTMLParser  # noqa: E402

from click.testing import CliRunner  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from bptrace.cli import cli  # noqa: E402
from tests.titles import MATH, SAMPLES, TITLE  # noqa: E402

# names are identifiers (any script, combining marks after the first letter)
NAMES = st.sampled_from(["e\u0301", "θ1", "权重", "ǅx", "x\u0338", "a\u0323", "𝐀b", "_",
                         "h\u0301\u0302\u0303", "ℌ1"])


class _Tags(HTMLParser):
    """The tags of an HTML page, in order (what the title must never change)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_endtag(self, tag):
        self.tags.append("/" + tag)


def _tags(text: str) -> list[str]:
    p = _Tags()
    p.feed(text)
    p.close()
    return p.tags


def _svg(text: str) -> None:
    ET.fromstring(text.encode("utf-8"))


def _json(text: str) -> None:
    json.loads(text)


def _python(text: str) -> None:
    ast.parse(text)


def _dot(text: str) -> None:
    import re
    strings = re.findall(r'"((?:[^"\\]|\\.)*)"', text, re.S)
    assert max(len(s.encode("utf-8")) for s in strings) < 16384
    outside = re.sub(r'"((?:[^"\\]|\\.)*)"', "", text, flags=re.S)
    assert text.rstrip().endswith("}") and '"' not in outside


def _yaml_config(text: str) -> None:
    from bptrace.config import parse_config
    parse_config(text, "sheet.yaml")


# (arguments after the config, how the output is checked: a parser, "html", or None: no
# traceback and exit 0 only)
FORMATS = [
    (("step", "--format", "json"), _json), (("step", "--format", "html"), "html"),
    (("step", "--format", "markdown"), None), (("step", "--format", "latex"), None),
    (("step", "--format", "csv"), None), (("step",), None),
    (("check", "--format", "json"), _json), (("check", "--format", "html"), "html"),
    (("train", "--epochs", "2", "--format", "json"), _json),
    (("train", "--epochs", "2", "--format", "html"), "html"),
    (("train", "--epochs", "2", "--format", "markdown"), None),
    (("draw", "--format", "svg"), _svg), (("draw", "--format", "svg", "--show", "values,grad",
                                          "--path", "w5"), _svg),
    (("draw", "--format", "dot"), _dot), (("draw", "--format", "tikz"), None),
    (("export", "--to", "pytorch"), _python),
    (("exercise", "--format", "json"), _json), (("exercise", "--format", "html", "--key"), "html"),
    (("exercise", "--format", "yaml"), _yaml_config),
    (("exercise", "--format", "latex"), None),
]


def _invoke(args):
    res = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=True,
                             env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert res.exception is None or isinstance(res.exception, SystemExit), \
        (args[:4], repr(res.exception))
    assert "Traceback" not in res.stderr
    return res


def _mazur(title: str, names: dict[str, str]) -> str:
    import yaml

    from bptrace.config import examples
    from bptrace.config.dump import yaml_text
    text = "\n".join(line for line in examples.text("mazur").splitlines()   # (check: no
                     if not line.strip().startswith("trained.")) + "\n"   # training)
    for old, new in names.items():
        import re
        text = re.sub(rf"\b{old}\b", new, text)
    raw = yaml.safe_load(text)
    raw["title"] = title
    return yaml_text(raw)


_PLAIN: dict = {}


def _every_format(folder, title: str, names: dict[str, str]) -> None:
    cfg = folder / "hostile.yaml"
    cfg.write_text(_mazur(title, names), encoding="utf-8")
    plain = folder / "plain.yaml"
    plain.write_text(_mazur("T", names), encoding="utf-8")
    for args, parse in FORMATS:
        where = ("--from",) if args[0] == "exercise" else ()
        args = tuple(names.get(a, a) for a in args)         # (--path w5: as renamed)
        full = [args[0], *where, cfg, *args[1:]]
        res = _invoke(full)
        assert res.exit_code in ((0, 1) if args[0] == "check" else (0,)), \
            (args, title[:60], res.stderr[-300:])
        if parse == "html":             # the title escaped: the page's tags are the plain one's
            key = (args, tuple(sorted(names.items())))
            if key not in _PLAIN:
                _PLAIN[key] = _tags(_invoke([args[0], *where, plain, *args[1:]]).stdout)
            assert _tags(res.stdout) == _PLAIN[key], (args, title[:60])
        elif parse is not None:
            try:
                parse(res.stdout)
            except Exception as exc:
                raise AssertionError((args, title[:60], repr(exc)[:300])) from None


@pytest.mark.parametrize("title", SAMPLES, ids=range(len(SAMPLES)))
def test_hostile_titles_in_every_format(tmp_path, title):
    _every_format(tmp_path, title, {})


def _examples(ci: int) -> int:
    return int(os.environ.get("BPTRACE_FUZZ_EXAMPLES", ci))


@settings(max_examples=_examples(3), deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(TITLE | MATH, NAMES, NAMES)
def test_fuzzed_titles_and_names_in_every_format(tmp_path_factory, title, hidden, weight):
    """A seeded sample in the default run (the same examples every time)."""
    names = {"h1": hidden, "w5": weight} if hidden != weight else {"h1": hidden}
    _every_format(tmp_path_factory.mktemp("fuzz"), title, names)


@_SLOW
@settings(max_examples=_examples(60), deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(TITLE | MATH, min_size=1, max_size=3).map("".join), NAMES, NAMES)
def test_more_fuzzed_titles_and_names_in_every_format(tmp_path_factory, title, hidden, weight):
    names = {"h1": hidden, "w5": weight} if hidden != weight else {"h1": hidden}
    _every_format(tmp_path_factory.mktemp("fuzz"), title, names)
