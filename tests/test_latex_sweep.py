"""Every LaTeX document bptrace writes compiles: the step's handout (also with --round and as
matrices and Jacobians), the check's table, the exercise sheet and its key, and the network
picture as TikZ in the document the README describes — for every built-in example and for
configs with tiny, huge, negative and exactly-zero numbers and hostile titles; in English
with pdflatex (xelatex where the document asks for Chinese) and in Chinese with xelatex.

Each (config, language) is one test; its documents are made in process and compiled side by
side in a temporary folder, with -halt-on-error. Slow: CI's second step."""

from __future__ import annotations

import concurrent.futures as cf
import functools
import re
import shutil
import subprocess

import pytest
import yaml

from bptrace.config import examples

pytestmark = pytest.mark.slow

JOBS = 3                # compilers at a time in one test (two tests run at once under xdist)


def _two_two_two(title: str, *, hidden: str, output: str, w: list[float], b: list[float],
                 x: list[float], t: list[float], lr: float = 0.5, expect: dict | None = None) -> str:
    """A 2-2-2 net with the given numbers (the shape of Mazur's example), as YAML."""
    cfg = {"title": title,
           "network": {"inputs": ["i1", "i2"], "layers": [
               {"neurons": ["h1", "h2"], "activation": hidden,
                "weights": {"w1": ["i1", "h1", w[0]], "w2": ["i2", "h1", w[1]],
                            "w3": ["i1", "h2", w[2]], "w4": ["i2", "h2", w[3]]},
                "bias": {"b1": ["h1", b[0]], "b2": ["h2", b[1]]}},
               {"neurons": ["o1", "o2"], "activation": output,
                "weights": {"w5": ["h1", "o1", w[4]], "w6": ["h2", "o1", w[5]],
                            "w7": ["h1", "o2", w[6]], "w8": ["h2", "o2", w[7]]},
                "bias": {"b3": ["o1", b[2]], "b4": ["o2", b[3]]}}]},
           "loss": "half_sse", "learning_rate": lr,
           "sample": {"input": {"i1": x[0], "i2": x[1]}, "target": {"o1": t[0], "o2": t[1]}},
           "expect": expect or {"out.o1": 0.5, "net.h1": 0.25, "new.w5": 0.125}}
    return yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False)


# numbers a teacher or a student may type: tiny, huge, negative, exactly zero
GENERATED = {
    "tiny": _two_two_two("Tiny numbers", hidden="tanh", output="tanh", w=[1e-300] * 8,
                         b=[1e-300, -1e-300, 1e-05, -1e-05], x=[1e-05, 1e-300], t=[1e-05, 0.0]),
    "tiny-output": _two_two_two("A tanh output of 1e-05", hidden="linear", output="tanh",
                                w=[1e-05, 0.0, 0.0, 1e-05, 1.0, 0.0, 0.0, 1.0], b=[0.0] * 4,
                                x=[1.0, 1.0], t=[0.5, -0.5]),
    "huge": _two_two_two("Huge numbers", hidden="sigmoid", output="sigmoid",
                         w=[1e+300, -1e+300, 1e+300, 1e+300, 1e+300, -1e+300, 2.5, 1e+300],
                         b=[0.5, -1e+300, 1e+300, -1e+300], x=[1.0, 1.0], t=[1.0, 0.0], lr=1e+300),
    "negative": _two_two_two("Negative numbers", hidden="leaky_relu", output="tanh",
                             w=[-0.15, -0.2, -0.25, -0.3, -0.4, -0.45, -0.5, -0.55],
                             b=[-0.35, -0.35, -0.6, -0.6], x=[-0.05, -0.1], t=[-0.01, -0.99],
                             lr=0.5),
    "zero": _two_two_two("Exactly zero", hidden="relu", output="tanh",
                         w=[-0.3, 0.5, 0.0, 0.0, 1.0, 0.0, 0.0, -0.0], b=[0.05, 0.0, 0.0, 0.0],
                         x=[1.0, 0.5], t=[0.0, 0.0]),
    # titles: a blank line, a zero-width space, mathematical bold, an emoji, TeX's specials
    "title-blank-line": _two_two_two("Worked example\n\nafter the lecture", hidden="sigmoid",
                                     output="sigmoid", w=[0.15, 0.2, 0.25, 0.3, 0.4, 0.45, 0.5, 0.55],
                                     b=[0.35, 0.35, 0.6, 0.6], x=[0.05, 0.1], t=[0.01, 0.99]),
    "title-unicode": _two_two_two("Zero\u200bwidth, \U0001d400 bold, emoji \U0001f600, "
                                  "$x^2$ & 100% #1 {b} \\ ~ _ ^", hidden="sigmoid",
                                  output="sigmoid", w=[0.15, 0.2, 0.25, 0.3, 0.4, 0.45, 0.5, 0.55],
                                  b=[0.35, 0.35, 0.6, 0.6], x=[0.05, 0.1], t=[0.01, 0.99]),
}

CONFIGS = examples.names() + sorted(GENERATED)


@functools.lru_cache(maxsize=None)
def _has(program: str) -> bool:
    return shutil.which(program) is not None


@functools.lru_cache(maxsize=1)
def _has_ctex() -> bool:
    return _has("kpsewhich") and bool(subprocess.run(
        ["kpsewhich", "ctexart.cls"], capture_output=True, text=True).stdout.strip())


_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


def engine_for(text: str) -> str:
    """The engine the document asks for: xelatex where it loads ctex (Chinese), else pdflatex."""
    return "xelatex" if "ctex" in text else "pdflatex"


def tikz_document(picture: str) -> str:
    """`draw --format tikz` in a document as the README says: a `tikzpicture` that needs
    `\\usepackage{tikz}` (and, with Chinese in it, a Chinese document class)."""
    if _CJK.search(picture):
        head = "\\documentclass{ctexart}     % Chinese text: compile with xelatex\n"
    else:
        head = "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage[utf8]{inputenc}\n"
    return (head + "\\usepackage[margin=1cm]{geometry}\n\\usepackage{tikz}\n\\begin{document}\n"
            + picture + "\\end{document}\n")


def _documents(run, source: str, lang: str) -> dict[str, str]:
    """Every LaTeX document of one config in one language: name → text."""
    from bptrace import api
    from bptrace.render.pictures import shape_of, too_big
    cfg = api.load(source)
    docs = {}

    def made(name, *args, wrap=None, ok=(0, 1)):
        res = run(*args, "--lang", lang)
        assert res.exit_code in ok, (name, res.exit_code, res.output[-800:])
        docs[name] = wrap(res.stdout) if wrap else res.stdout

    made("step", "step", source, "--format", "latex")
    made("step-round", "step", source, "--format", "latex", "--round", "3")
    made("matrix", "step", source, "--format", "latex", "--view", "matrix")
    if len(cfg.network.layers) > 1:
        made("jacobian", "step", source, "--format", "latex", "--view", "jacobian")
    params = [p.name for p in cfg.network.params]
    drawn = not too_big(shape_of(cfg.network))       # neuron by neuron: paths can be marked
    path = ("--path", params[-1]) if drawn else ()
    if drawn:
        made("step-path", "step", source, "--format", "latex", "--path", params[0])
    if cfg.expect:
        made("step-printed", "step", source, "--format", "latex", "--round", "printed")
        made("check", "check", source, "--format", "latex")
        if source in examples.names():          # (the diagnosis trains: the books' pages only)
            made("check-diagnose", "check", source, "--format", "latex", "--diagnose")
    made("sheet", "exercise", "--from", source, "--format", "latex", "--seed", "3")
    made("key", "exercise", "--from", source, "--format", "latex", "--seed", "3", "--key")
    made("tikz", "draw", source, "--format", "tikz", "--show", "values,grad,err,delta", *path,
         wrap=tikz_document, ok=(0,))
    return docs


def _compile(folder, name: str, text: str) -> tuple[str, str, str | None]:
    """(name, engine, None) where it compiled, else the end of its log."""
    engine = engine_for(text)
    path = folder / f"{name}.tex"
    path.write_text(text, encoding="utf-8")
    proc = subprocess.run([engine, "-interaction=nonstopmode", "-halt-on-error", path.name],
                          cwd=folder, capture_output=True, text=True, errors="replace", timeout=300)
    if proc.returncode == 0 and (folder / f"{name}.pdf").exists():
        return name, engine, None
    lines = proc.stdout.splitlines()
    errors = [i for i, line in enumerate(lines) if line.startswith("!")]     # TeX's errors
    return name, engine, "\n".join(lines[errors[0]:errors[0] + 6]) if errors else proc.stdout[-1500:]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", CONFIGS)
def test_every_latex_document_compiles(run, write, tmp_path, name, lang):
    if not _has("pdflatex") or not _has("xelatex"):
        pytest.skip("pdflatex or xelatex is not installed")
    if not _has_ctex():
        pytest.skip("the ctex package (Chinese LaTeX) is not installed")
    source = str(write(GENERATED[name], f"{name}.yaml")) if name in GENERATED else name
    docs = _documents(run, source, lang)
    if lang == "zh":                                    # Chinese documents: always xelatex
        assert all(engine_for(text) == "xelatex" for text in docs.values())
    with cf.ThreadPoolExecutor(max_workers=JOBS) as pool:
        results = list(pool.map(lambda item: _compile(tmp_path, *item), docs.items()))
    failed = {n: f"[{engine}] {log}" for n, engine, log in results if log is not None}
    assert not failed, "\n\n".join(f"--- {n}:\n{log}" for n, log in failed.items())
