"""A teacher's own terms (terms: in a config or in the user's settings file) rename a term
everywhere it is shown — terminal, LaTeX, HTML, the picture; the settings file's language and
digits; an option beats the variable (BPTRACE_LANG, BPTRACE_DIGITS), the variable the file."""

import pytest

import bptrace


@pytest.fixture
def mazur_terms(run, write):
    text = run("examples", "mazur").stdout
    return write(text + "terms: {校对误差: 灵敏度, 输入层: 输入端, Backward pass: Error propagation}\n")


@pytest.mark.parametrize("fmt", ["rich", "latex", "html", "markdown"])
def test_a_config_term_is_renamed_in_every_document(run, mazur_terms, fmt):
    out = run("step", mazur_terms, "--lang", "zh", "--format", fmt).stdout
    assert "灵敏度" in out and "校对误差" not in out
    en = run("step", mazur_terms, "--format", fmt).stdout
    assert "Error propagation" in en and "Backward pass" not in en


def test_a_config_term_is_renamed_on_the_picture(run, mazur_terms):
    svg = run("draw", mazur_terms, "--lang", "zh").stdout
    assert "输入端" in svg and "输入层" not in svg


def test_terms_in_the_api_and_a_notebook_display(mazur_terms):
    s = bptrace.step(str(mazur_terms), lang="zh")
    assert "灵敏度" in s._repr_html_() and "校对误差" not in s._repr_html_()
    assert "輸入" in bptrace.draw(str(mazur_terms), lang="zh_TW").svg()


def test_bad_terms_are_bad_input(run, write):
    bad = run("step", write(run("examples", "mazur").stdout + "terms: [a, b]\n"))
    assert bad.exit_code == 2 and "terms" in bad.stderr


def _settings(tmp_path, monkeypatch, text):
    monkeypatch.setenv("BPTRACE_CONFIG_DIR", str(tmp_path))
    (tmp_path / "settings.yaml").write_text(text, encoding="utf-8")


def test_the_settings_file_gives_language_digits_and_terms(run, tmp_path, monkeypatch):
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    _settings(tmp_path, monkeypatch, "lang: zh_TW\ndigits: 4\nterms: {校對誤差: 局部梯度}\n")
    out = run("step").stdout
    assert "前向傳播" in out and "局部梯度" in out and "0.7514" in out and "0.75136507" not in out
    # the variable beats the file, the option beats the variable
    monkeypatch.setenv("BPTRACE_LANG", "zh")
    monkeypatch.setenv("BPTRACE_DIGITS", "6")
    out = run("step").stdout
    assert "前向传播" in out and "0.751365" in out and "0.7513651" not in out
    out = run("step", "--lang", "en", "--digits", "9").stdout
    assert "Forward pass" in out and "0.75136507" in out


def test_bpptrace_help_says_where_the_settings_file_is(run, tmp_path, monkeypatch):
    monkeypatch.setenv("BPTRACE_CONFIG_DIR", str(tmp_path / "here"))
    assert str(tmp_path / "here" / "settings.yaml") in run("--help").stdout


@pytest.mark.parametrize("text,word", [("lang: fr\n", "lang"), ("digits: 40\n", "digits"),
                                        ("colour: red\n", "lang:"), ("terms: 3\n", "terms")])
def test_a_bad_settings_file_is_one_message(run, tmp_path, monkeypatch, text, word):
    _settings(tmp_path, monkeypatch, text)
    got = run("step")
    assert got.exit_code == 2 and "settings.yaml" in got.stderr and word in got.stderr
    assert "Traceback" not in got.stderr


@pytest.mark.parametrize("var,value", [("BPTRACE_LANG", "klingon"), ("BPTRACE_DIGITS", "99")])
def test_a_bad_variable_is_one_message(run, monkeypatch, var, value):
    monkeypatch.setenv(var, value)
    got = run("step")
    assert got.exit_code == 2 and var in got.stderr


def test_the_xor_example_calls_theta_as_the_slides_do(run):
    """The slides 《神经元、感知机与 BP 神经网络》 add θ (y = f(x·W + θ)) and call it 阈值: the
    example's own terms: label it so under Chinese — in the scalar step as in the matrix view —
    while it stays a bias that is added (threshold: would subtract it)."""
    zh = run("step", "xor", "--lang", "zh").stdout
    assert "(y11 的阈值)" in zh and "偏置" not in zh
    assert "w_x1_y11·x1 + w_x2_y11·x2 + theta1_1" in zh                  # added, as the slides do
    tw = run("step", "xor", "--lang", "zh_TW").stdout
    assert "(y11 的閾值)" in tw and "偏權值" not in tw
    assert "θ1: 阈值，加上" in run("step", "xor", "--view", "matrix", "--lang", "zh").stdout
    assert "(bias of y11)" in run("step", "xor").stdout                  # English keeps its word
    assert "偏置" in run("step", "mazur", "--lang", "zh").stdout          # no terms: no renaming
