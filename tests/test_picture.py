"""The network picture: its numbers are the trace's, its paths are --explain's, big nets
become a summary, and every format is well formed."""

import math
import re
import shutil
import subprocess
import time
import xml.etree.ElementTree as ET

import pytest

from bptrace.render import pictures as P
from bptrace.render.pictures.paths import paths_to
from bptrace.config import load_config, parse_config
from bptrace.render import explanation, fmt
from bptrace.render.pictures.svg import dot_picture
from bptrace.render.pictures.svg import svg_picture
from bptrace.render.pictures.tikz import tex, tikz_picture
from bptrace.trace import build_trace

DEEP = """
title: deep random net
network:
  inputs: 2
  layers:
    - {neurons: 3, activation: tanh, weights: {init: uniform, low: -1, high: 1}, bias: {init: uniform, low: -1, high: 1}}
    - {neurons: 3, activation: sigmoid, weights: {init: uniform, low: -1, high: 1}, bias: {init: uniform, low: -1, high: 1}}
    - {neurons: 3, activation: tanh, weights: {init: uniform, low: -1, high: 1}, bias: {init: uniform, low: -1, high: 1}}
    - {neurons: 2, activation: sigmoid, weights: {init: uniform, low: -1, high: 1}, bias: {b_out: 0.2}}
loss: half_sse
learning_rate: 0.5
seed: 7
sample: {input: [0.3, -0.8], target: [1, 0]}
"""


def trace_of(cfg):
    return build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate,
                       title=cfg.title, file=cfg.file)


@pytest.fixture(scope="module")
def mazur():
    return trace_of(load_config("mazur"))


@pytest.fixture(scope="module")
def deep():
    return trace_of(parse_config(DEEP, "deep.yaml"))


def value_of(tr, key):
    if key.startswith("target."):
        return tr.target[key[7:]]
    if key in tr:
        return tr[key].value
    return next(p.value for p in tr.params if p.name == key)


def test_svg_numbers_are_the_traces(mazur):
    pic = P.picture(mazur, P.SHOW, digits=5)
    root = ET.fromstring(svg_picture(pic))
    shown = {}
    for el in root.iter("{http://www.w3.org/2000/svg}text"):
        if "data-key" in el.attrib:
            key = el.attrib["data-key"]
            assert float(el.attrib["data-value"]) == value_of(mazur, key)
            assert el.text.endswith(" = " + fmt(value_of(mazur, key), 5)), (key, el.text)
            shown[key] = el.text
    for n in ("h1", "h2", "o1", "o2"):
        for k in ("net", "out", "err", "delta"):
            assert f"{k}.{n}" in shown
    for w in [f"w{i}" for i in range(1, 9)]:
        assert shown[w] == f"{w} = {fmt(value_of(mazur, w), 5)}"
        assert shown[f"grad.{w}"].startswith(f"∂E/∂{w} = ")
        assert shown[f"new.{w}"].startswith(f"{w}⁺ = ")
    assert shown["target.o1"] == "target = 0.01" and shown["loss"].startswith("E = 0.29837")
    assert shown["b1"] == "b1 = 0.35" and "grad.b1" not in shown     # frozen: no update shown


def test_tikz_carries_the_same_numbers_escaped(mazur):
    text = tikz_picture(P.picture(mazur, ("values", "grad", "new"), "w1"))
    assert text.startswith(r"\begin{tikzpicture}") and text.rstrip().endswith(r"\end{tikzpicture}")
    for w in ("w1", "w5", "w8"):
        assert f"{w} = {fmt(value_of(mazur, w), 4)}" in text
        assert f"$\\partial$E/$\\partial${w} = {fmt(mazur[f'grad.{w}'].value, 4)}" in text
    assert f"net = {fmt(mazur['net.h1'].value, 4)}" in text
    assert tex("w_x1_h1 & 50%") == r"w\_x1\_h1 \& 50\%"


def _explained_paths(tr, name):
    """Neuron sequences of the products --explain sums, read from its tree."""
    children = {}

    def walk(node):
        (text, _), kids = node
        key = text.split(" = ", 1)[0]
        if key not in children:
            children[key] = [k[0][0].split(" = ", 1)[0] for k in kids]
        for k in kids:
            walk(k)
    grad_node, _ = explanation(tr, name, 6)
    walk(grad_node)

    def from_err(neuron):
        nexts = [k for k in children.get(f"err.{neuron}", []) if k.count(".") == 2]
        if not nexts:
            return [[neuron]]
        return [[neuron] + rest for k in nexts for rest in from_err(k.split(".")[2])]

    firsts = [k.split(".")[1] for k in children[f"grad.{name}"] if k.startswith(("err.", "delta."))]
    return [p for n in dict.fromkeys(firsts) for p in from_err(n)]


@pytest.mark.parametrize("name", ["w_x1_h1_1", "b_h1_2", "w_h2_3_h3_1", "b_out"])
def test_path_lists_exactly_what_explain_sums(deep, name):
    total_key, paths = paths_to(deep, name)
    neurons = {m for l in deep.layers for m in l.neurons}
    ours = [[n for n in (p.nodes[1:] if name.startswith("w") else p.nodes) if n in neurons]
            for p in paths]              # a weight's path starts at its source node
    assert ours == _explained_paths(deep, name)
    assert len(ours) == {"w_x1_h1_1": 18, "b_h1_2": 18, "w_h2_3_h3_1": 2, "b_out": 2}[name]
    total = deep[f"grad.{name}"].value
    assert total_key == f"grad.{name}"
    assert math.isclose(sum(p.product for p in paths), total, rel_tol=1e-9, abs_tol=1e-15)
    for p in paths:                      # every factor is one of the trace's numbers
        for f in p.factors:
            assert f.key == "1" or f.value == value_of(deep, f.key)


def test_mazur_w1_has_two_coloured_paths(mazur):
    pic = P.picture(mazur, ("values",), "w1")
    assert [p.nodes for p in pic.paths] == [("i1", "h1", "o1", "E"), ("i1", "h1", "o2", "E")]
    assert [f.key for f in pic.paths[0].factors] == ["err.o1", "dout.o1", "w5", "dout.h1", "out.i1"]
    svg = ET.fromstring(svg_picture(pic))
    strokes = {el.attrib["data-path"]: el.attrib["stroke"] for el in svg.iter()
               if el.attrib.get("class") == "path"}
    assert set(strokes) == {"1", "2"} and strokes["1"] != strokes["2"]
    neuron = P.picture(mazur, ("values",), "h1")           # a neuron: the paths into its err
    assert [p.nodes for p in neuron.paths] == [("h1", "o1", "E"), ("h1", "o2", "E")]
    assert math.isclose(sum(p.product for p in neuron.paths), mazur["err.h1"].value)


def test_a_342_net_has_no_number_covering_another(write):
    cfg = parse_config("""
network:
  inputs: [x1, x2, x3]
  layers:
    - {neurons: [h1, h2, h3, h4], activation: sigmoid, weights: {init: uniform, low: -1, high: 1}, bias: {init: uniform, low: -1, high: 1}}
    - {neurons: [y1, y2], activation: sigmoid, weights: {init: uniform, low: -1, high: 1}, bias: {b2: 0.3}}
loss: half_sse
learning_rate: 0.5
sample: {input: [0.5, -0.2, 0.9], target: [1, 0]}
""")
    for show in (("values",), P.SHOW):
        pic = P.picture(trace_of(cfg), show)
        assert P.overlaps(pic) == []
        assert len([e for e in pic.edges if e.label is not None]) == 20


def test_784_784_10_is_a_summary():
    shape = [P.LayerShape("inputs", 784), P.LayerShape("hidden 1", 784, "sigmoid", 784 * 784, 784),
             P.LayerShape("output", 10, "softmax", 7840, 10)]
    start = time.perf_counter()
    assert P.too_big(shape)
    rec = P.summary("MNIST", shape)
    svg = svg_picture(rec)
    took = time.perf_counter() - start
    assert isinstance(rec, P.Summary) and rec.parameters == 623290 and took < 2
    texts = [el.text for el in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")]
    assert "784 neurons" in texts and "10 neurons" in texts
    assert "digraph" in dot_picture(rec) and r"\begin{tikzpicture}" in tikz_picture(rec)


def test_dot_is_graphviz(mazur):
    text = dot_picture(P.picture(mazur, ("values", "grad"), "w1"))
    assert text.startswith("digraph network {") and text.rstrip().endswith("}")
    assert '"i1" -> "h1" [label="w1 = 0.15\\n∂E/∂w1 = 0.0004386"' in text
    if shutil.which("dot"):
        subprocess.run(["dot", "-Tsvg"], input=text.encode(), check=True, capture_output=True)


@pytest.mark.slow                                   # drives LaTeX: CI's second step
def test_tikz_compiles_in_a_latex_document(mazur, tmp_path):
    if not shutil.which("pdflatex"):
        pytest.skip("pdflatex is not installed")
    doc = ("\\documentclass{article}\n\\usepackage[margin=1cm]{geometry}\n\\usepackage{tikz}\n"
           "\\begin{document}\n" + tikz_picture(P.picture(mazur, ("values", "grad", "new"), "w1"))
           + "\\end{document}\n")
    (tmp_path / "net.tex").write_text(doc, encoding="utf-8")
    done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "net.tex"],
                          cwd=tmp_path, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stdout.decode(errors="replace")[-2000:]
    assert (tmp_path / "net.pdf").stat().st_size > 1000


def test_unknown_path_names_the_choices(mazur):
    from bptrace.errors import BadInput
    with pytest.raises(BadInput, match="did you mean w1"):
        P.picture(mazur, ("values",), "w11")
    assert re.search("not known", str(pytest.raises(BadInput, P.picture, mazur, ("vals",)).value))


def test_tikz_in_chinese_names_layers_and_paths_in_chinese(mazur):
    picture = tikz_picture(P.picture(mazur, ("values",), "w1"), "zh")
    assert "隐层 1" in picture and "条链式法则路径之和" in picture


@pytest.mark.slow                                   # drives LaTeX: CI's second step
def test_tikz_in_chinese_compiles_with_xelatex(mazur, tmp_path):
    if not shutil.which("xelatex") or not shutil.which("kpsewhich"):
        pytest.skip("xelatex is not installed")
    found = subprocess.run(["kpsewhich", "ctexart.cls"], capture_output=True, text=True).stdout
    if not found.strip():
        pytest.skip("the ctex package (ctexart) is not installed")
    picture = tikz_picture(P.picture(mazur, ("values",), "w1"), "zh")
    doc = ("\\documentclass{ctexart}\n\\usepackage{tikz}\n\\begin{document}\n" + picture
           + "\\end{document}\n")
    (tmp_path / "net.tex").write_text(doc, encoding="utf-8")
    done = subprocess.run(["xelatex", "-interaction=nonstopmode", "-halt-on-error", "net.tex"],
                          cwd=tmp_path, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stdout.decode(errors="replace")[-2000:]


def test_blanks_are_numbered_boxes_without_their_values(mazur):
    asked = ("out.h1", "net.o2", "new.w5")
    pic = P.picture(mazur, ("values", "new"), blanks=asked)
    svg = svg_picture(pic)
    texts = {el.attrib["data-key"]: el for el in ET.fromstring(svg).iter()
             if "data-key" in el.attrib}
    assert texts["out.h1"].text == "out = [1]" and "data-value" not in texts["out.h1"].attrib
    assert texts["net.o2"].text == "net = [2]" and texts["new.w5"].text == "w5⁺ = [3]"
    for key in asked:                       # the answers are nowhere in any format
        value = fmt(mazur[key].value, 4)
        for text in (svg, tikz_picture(pic), dot_picture(pic)):
            assert value not in text
    # a sheet shows the givens, and what it is told to (never what comes from a blank)
    assert "out.h2" not in texts and texts["w1"].text == "w1 = 0.15"
    pic = P.picture(mazur, ("values", "new"), blanks=asked, given=("out.h2",))
    texts = {el.attrib["data-key"]: el for el in ET.fromstring(svg_picture(pic)).iter()
             if "data-key" in el.attrib}
    assert texts["out.h2"].text == f"out = {fmt(mazur['out.h2'].value, 4)}"
