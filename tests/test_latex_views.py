"""The matrix and Jacobian views as LaTeX, for a layer wider than amsmath's default 10
matrix columns (the nonlinear curve fit's 24 hidden neurons): found by the compile sweep."""

import pytest


@pytest.mark.parametrize("view", ["matrix", "jacobian"])
def test_a_matrix_of_24_columns_is_allowed_its_columns(run, view):
    tex = run("step", "curve", "--format", "latex", "--view", view).stdout
    assert r"\setcounter{MaxMatrixCols}{24}" in tex
    assert tex.index("MaxMatrixCols") < tex.index(r"\begin{bmatrix}")


def test_a_small_net_and_markdown_need_no_counter(run):
    assert "MaxMatrixCols" not in run("step", "--format", "latex", "--view", "matrix").stdout
    assert "MaxMatrixCols" not in run("step", "curve", "--format", "markdown", "--view", "matrix").stdout
