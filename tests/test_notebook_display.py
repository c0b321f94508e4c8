"""What a notebook shows: a loaded config, a step, a check and a comparison display
themselves as HTML in the language asked for (lang=, or the environment's), with the
teacher's terms; the tables take the notebook's own text colour (readable on JupyterLab's
and VS Code's dark themes: no fixed near-black text); the docs' compare example works."""

import re

import pytest

import bptrace
from bptrace.render.documents.html_static import CSS


def _rules(selector_part: str) -> list[str]:
    css = re.sub(r"/\*.*?\*/", "", CSS, flags=re.S)
    return [r for r in re.findall(r"([^{}]+)\{([^{}]*)\}", css) if selector_part in r[0]]


def test_a_notebook_fragment_takes_the_notebooks_colours():
    html = bptrace.step(lang="zh")._repr_html_()
    assert "<!DOCTYPE" not in html and "data-nb" in html and 'lang="zh-CN"' in html
    base = [body for sel, body in _rules("[data-nb]") if sel.strip() == ".bp[data-nb]"]
    assert base and "color:inherit" in base[0]
    # on a dark theme the marks are brightened
    dark = " ".join(sel for sel, _ in _rules("vscode-dark"))
    assert "data-jp-theme-light=false" in dark and ".bp-bad" in dark


def test_a_loaded_config_and_a_comparison_show_themselves():
    cfg = bptrace.load("xor")
    html = cfg._repr_html_()
    assert "y11, y12" in html and "half_sse" in html and "data-nb" in html
    cmp = bptrace.compare(vary=["hidden=1;2", "epochs=20"], lang="zh_TW")
    assert "data-nb" in cmp._repr_html_() and "比較" in cmp._repr_html_()


@pytest.mark.slow
def test_the_docs_compare_example_works():
    cmp = bptrace.compare(vary=["hidden=1;2;5-5"])                   # as the docs show it
    assert len(cmp.results) == 3 and "<table>" in cmp._repr_html_()


@pytest.mark.slow
def test_the_classroom_notebook_in_chinese(monkeypatch):
    """docs/classroom.ipynb run in a real kernel under BPTRACE_LANG=zh: its HTML is Chinese."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    from pathlib import Path
    monkeypatch.setenv("BPTRACE_LANG", "zh")
    nb = nbformat.read(Path(__file__).resolve().parent.parent / "docs" / "classroom.ipynb",
                       as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    html = "\n".join(o["data"]["text/html"] for c in nb.cells for o in c.get("outputs", [])
                     if "text/html" in o.get("data", {}))
    assert "前向传播" in html and "data-nb" in html and 'lang="zh-CN"' in html


def test_the_environments_language_by_default(monkeypatch):
    monkeypatch.setenv("BPTRACE_LANG", "zh_TW")
    assert "前向傳播" in bptrace.step()._repr_html_()
    assert "輸入" in bptrace.draw()._repr_svg_() or "輸入" in bptrace.draw().svg()
    monkeypatch.setenv("BPTRACE_LANG", "en")
    assert "Forward pass" in bptrace.step()._repr_html_()
    assert "Forward pass" in bptrace.step(lang="en").html(lang="en")


def test_a_bad_lang_is_bad_input():
    from bptrace.errors import BadInput
    with pytest.raises(BadInput):
        bptrace.step(lang="klingon")
