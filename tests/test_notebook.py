"""docs/classroom.ipynb runs in a real Jupyter kernel, and its outputs hold the HTML trace and
Mazur's numbers."""

import time
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parent.parent / "docs" / "classroom.ipynb"


def outputs(nb, kind):
    """Every output of the code cells in one MIME type (text/plain includes streams)."""
    found = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if kind == "text/plain" and out.get("output_type") == "stream":
                found.append(out["text"])
            elif kind in out.get("data", {}):
                found.append(out["data"][kind])
    return found


@pytest.mark.slow                                   # drives a Jupyter kernel: CI's second step
def test_the_classroom_notebook_runs_and_shows_the_trace():
    nbformat = pytest.importorskip("nbformat")          # here, not at collection: Jupyter's
    nbclient = pytest.importorskip("nbclient")          # client takes a quarter second to load
    pytest.importorskip("ipykernel")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    for cell in nb.cells:                   # what is checked is what this run produced
        if cell.cell_type == "code":
            cell.outputs = []
    started = time.perf_counter()
    nbclient.NotebookClient(nb, timeout=60, kernel_name="python3", allow_errors=False).execute()
    seconds = time.perf_counter() - started
    html = "\n".join(outputs(nb, "text/html"))
    text = "\n".join(outputs(nb, "text/plain"))
    assert '<div id="bp-' in html and '"embedded": true' in html and 'data-key="grad.w1"' in html
    assert "w1·i1 + w2·i2 + b1" in html and "0.15×0.05 + 0.2×0.1 + 0.35" in html
    for number in ("0.75136507", "0.298371109", "0.0821670406", "0.000438567734"):
        assert number in html, number
    assert "∂E/∂w5 = err.o1·dout.o1·out.h1 = 0.082167041" in text
    assert "w5 after the update: 0.35891648" in text
    assert "differ: err.h1.o2, new.loss, trained.loss, trained.out.o1, trained.out.o2" in text
    assert "loss after 10,000 updates: 3.51018778" in text
    assert any("<svg" in s and 'data-key="w1"' in s for s in outputs(nb, "image/svg+xml"))
    assert seconds < 30, f"the notebook took {seconds:.1f} s"
