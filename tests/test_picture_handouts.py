"""The network picture inside the LaTeX documents: the step's handout shows the net above its
tables with the trace's numbers, the check's the numbers that differ in red, and --path marks
exactly the chain-rule paths that --explain sums, on step, check and an exercise key."""

import base64
import html
import math
import re
import xml.etree.ElementTree as ET

import pytest

from bptrace import api
from bptrace.render.pictures import handout_picture
from bptrace.render.pictures.paths import paths_to
from bptrace.render.pictures import number_text, path_lines
from bptrace.render.pictures.tikz import tex


def _nodes(tikz: str) -> list[str]:
    """The text of every node of the picture."""
    return re.findall(r"\\node\[[^\]]*\] at \([^)]*\) \{(.*)\};", tikz)


def test_the_handout_picture_carries_the_trace_numbers(run):
    text = run("step", "--format", "latex").stdout
    tikz = text[text.index(r"\begin{tikzpicture}"):text.index(r"\end{tikzpicture}")]
    tr = api.step("mazur").trace
    nodes = " ".join(_nodes(tikz))
    for n in handout_picture(tr).boxes:
        for number in n.numbers:
            assert tex(number_text(number, 4)) in nodes, number.key
    assert tex(number_text(handout_picture(tr).edges[0].label.numbers[0], 4)) == r"w1 = 0.15"
    assert "w1 = 0.15" in nodes and "out = 0.7514" in nodes and "net = 0.3775" in nodes
    assert "Mazur" not in tikz                      # the document has the title


@pytest.mark.parametrize("args", [("step", "--format", "latex"),
                                  ("check", "--format", "latex"),
                                  ("exercise", "--from", "mazur", "--format", "latex", "--key")])
def test_path_marks_what_explain_sums(run, mazur_page, args):
    if args[0] == "check":                  # the page's step (its training is not on the picture)
        args = ("check", mazur_page, *args[1:])
    tr = api.step("mazur").trace
    start, paths = paths_to(tr, "w1")
    text = run(*args, "--path", "w1").stdout
    lines = [tex(a) + r" \\ \quad " + tex(b) for a, b in (path_lines(p, 4) for p in paths)]
    assert len(paths) == 2 and all(line in text for line in lines)
    assert text.count("bppath0, line width") == 4 and text.count("bppath1, line width") == 4
    assert math.isclose(sum(p.product for p in paths), tr[start].value)
    neuron = run(*args, "--path", "h1").stdout          # a neuron: the paths into its err
    assert tex("h1 → o1 → E") in neuron and tex("h1 → o2 → E") in neuron


@pytest.mark.parametrize("args", [("step",), ("check",), ("exercise", "--from", "mazur", "--key")])
def test_the_classroom_page_marks_the_paths_explain_sums(run, mazur_page, args):
    if args[0] == "check":                  # the page's step (its training is not on the picture)
        args = ("check", mazur_page, *args[1:])
    tr = api.step("mazur").trace
    _, paths = paths_to(tr, "w1")
    page = run(*args, "--format", "html", "--path", "w1").stdout
    plain = run(*args, "--format", "html").stdout
    for p in paths:
        head, numbers = path_lines(p, 4)
        assert html.escape(head, quote=False) in page and html.escape(numbers, quote=False) in page
        assert html.escape(numbers, quote=False) not in plain


def test_the_keys_written_to_a_folder_mark_the_paths(run, tmp_path):
    r = run("exercise", "--from", "mazur", "--out", str(tmp_path), "--path", "w1")
    assert r.exit_code == 0, r.stderr
    key, sheet = (tmp_path / "key-A.tex").read_text(), (tmp_path / "sheet-A.tex").read_text()
    assert key.count("bppath0, line width") == 4 and key.count("bppath1, line width") == 4
    assert "bppath0, line width" not in sheet          # the sheet keeps its blanks


@pytest.mark.parametrize("args", [("step",), ("step", "--format", "csv"),
                                  ("check", "--format", "json"), ("exercise", "--format", "latex"),
                                  ("step", "--view", "matrix", "--format", "latex")])
def test_path_is_refused_where_no_picture_is_drawn(run, args):
    r = run(*args, "--path", "w1")
    assert r.exit_code == 2 and "--path" in r.stderr and "Traceback" not in r.stderr


def test_path_names_a_parameter_or_neuron(run):
    r = run("step", "--format", "latex", "--path", "w9")
    assert r.exit_code == 2 and "neither a parameter nor a neuron" in r.stderr


def test_the_check_picture_marks_the_misprint(run, mazur_page):
    text = run("check", "bp-notes", "--format", "latex").stdout
    assert text.index(r"\begin{tikzpicture}") < text.index(r"\begin{tabular}")
    assert _red(text) == ["out = 0.7514"]       # out.o1 differs from the printed 0.75136079
    # Mazur's page: of the keys on the picture only new.loss differs (err.h1.o2 is not drawn;
    # the values after 10,000 updates are not on the picture: the page's step, untrained)
    assert _red(run("check", mazur_page, "--format", "latex").stdout) == [tex("E⁺ = 0.291")]


def _red(text: str) -> list[str]:
    return re.findall(r"\\textcolor\{red!75!black\}\{\\bfseries (.*?)\}\}?(?: \\\\|\};)", text)


def _pages(compile_latex, text, engine) -> tuple[int, str]:
    done = compile_latex(text, engine)
    assert done.returncode == 0, done.stdout[-1500:]
    return int(re.search(r"\((\d+) pages?", done.log).group(1)), done.log


@pytest.mark.slow                                   # drives LaTeX: CI's second step
@pytest.mark.parametrize("lang,engine", [("en", "pdflatex"), ("zh", "xelatex")])
def test_check_and_path_documents_compile(run, compile_latex, lang, engine):
    pages, log = _pages(compile_latex, run("check", "bp-notes", "--format", "latex", "--path", "w5",
                                      "--lang", lang).stdout, engine)
    assert pages == 1 and "Overfull" not in log
    pages, log = _pages(compile_latex, run("step", "--format", "latex", "--path", "w1",
                                      "--lang", lang).stdout, engine)
    assert pages <= 3 and "Overfull" not in log


def test_a_larger_net_updates_in_a_table_of_the_trace_values(run):
    text = run("step", "redblue", "--format", "latex").stdout
    tr = api.step("redblue").trace
    from bptrace.render.documents.latex import tex_name, to_latex
    from bptrace.render.text import fmt
    rows = re.findall(r"^\$(.+?)\$ & \$(.+?)\$ & \$(.+?)\$ & \$(.+?)\$ \\\\$", text, re.M)
    params = [p for p in tr.params if p.trainable]
    assert len(params) >= 11 and len(rows) == len(params)
    by_name = {r[0]: r[1:] for r in rows}
    for p in params:
        cells = by_name[tex_name(p.name)]
        assert cells == tuple(to_latex(fmt(v, 9)) for v in
                              (p.value, tr[f"grad.{p.name}"].value, tr[f"new.{p.name}"].value))
    mazur = run("step", "--format", "latex").stdout              # 10 parameters: step by step
    assert r"\begin{tabular}" not in mazur and r"\mathrm{new}\,w_{5} &= w_{5} - \eta" in mazur


# the regression and softmax handouts are also compiled by test_formats: one compile for both
_SHARED = pytest.mark.xdist_group("latex small nets")


@pytest.mark.slow                                   # drives LaTeX: CI's second step
@pytest.mark.parametrize("config,most", [("xor", 2), ("redblue", 3),
                                         pytest.param("regression", 3, marks=_SHARED),
                                         pytest.param("softmax", 3, marks=_SHARED)])
def test_small_nets_handouts_are_short(run, compile_latex, config, most):
    pages, _ = _pages(compile_latex, run("step", config, "--format", "latex").stdout,
                      "xelatex" if config == "xor" else "pdflatex")
    assert pages <= most


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_exercise_sheet_has_its_picture_above_two_columns(run, lang):
    text = run("exercise", "--format", "latex", "--lang", lang).stdout
    assert text.index(r"\begin{tikzpicture}") < text.index(r"\begin{multicols}{2}")


@pytest.mark.slow                                   # drives LaTeX: CI's second step
@pytest.mark.parametrize("lang,engine", [("en", "pdflatex"), ("zh", "xelatex")])
def test_an_exercise_sheet_with_its_picture_is_two_pages(run, compile_latex, lang, engine):
    text = run("exercise", "--format", "latex", "--lang", lang).stdout
    pages, log = _pages(compile_latex, text, engine)
    assert pages == 2 and "Overfull" not in log


def _markdown_svg(text: str) -> ET.Element:
    m = re.search(r"\]\(data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)\)", text)
    assert m, "no picture in the Markdown"
    return ET.fromstring(base64.b64decode(m.group(1)).decode("utf-8"))


@pytest.mark.parametrize("args", [("step",), ("check",), ("exercise", "--from", "mazur", "--key")])
def test_markdown_documents_carry_the_picture_with_the_trace_numbers(run, mazur_page, args):
    if args[0] == "check":                  # the page's step (its training is not on the picture)
        args = ("check", mazur_page, *args[1:])
    svg = _markdown_svg(run(*args, "--format", "markdown").stdout)
    texts = " ".join(t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}text"))
    assert "out = 0.7514" in texts and "w5 = 0.4" in texts and "net = 0.3775" in texts
    tr = api.step("mazur").trace
    _, paths = paths_to(tr, "w1")
    marked = _markdown_svg(run(*args, "--format", "markdown", "--path", "w1").stdout)
    marked_texts = [t.text or "" for t in marked.iter("{http://www.w3.org/2000/svg}text")]
    assert all(path_lines(p, 4)[1] in marked_texts for p in paths)


def test_a_markdown_sheet_shows_its_blanks_on_the_picture(run):
    svg = _markdown_svg(run("exercise", "--seed", "7", "--format", "markdown").stdout)
    texts = [t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert any(t.startswith("[1]") or "[1]" in t for t in texts)
