"""Pictures as PNG files (matplotlib, an optional extra: pip install 'bptrace[plot]'):
the loss curve, a 1-D fit or 2-D decision regions, and the comparisons. They draw what the
engine computed; every file is written atomically."""

from __future__ import annotations

import io

from bptrace.errors import BadInput
from bptrace.io.files import write_atomic


def need_matplotlib(option: str = "--plot", key: str = "need matplotlib"):
    """matplotlib is there, or bad input (its message ``key``) naming the option that asked
    for it and how to install it."""
    try:
        import matplotlib  # noqa: F401  (only: is it there?)
    except ImportError:
        raise BadInput(key=key, args={"option": option, "how": install_hint()}) from None


def install_hint(package: str = "matplotlib") -> str:
    """How to add an optional package where bptrace is installed: under pipx, into bptrace's
    own environment (pipx inject); otherwise pip."""
    import sys
    from pathlib import Path
    parts = Path(sys.prefix).parts
    if "pipx" in parts or ".pipx" in parts or "pipx" in Path(sys.prefix).as_posix().lower():
        return f"pipx inject bptrace {package}"
    return f"pip install 'bptrace[plot]' (or pip install {package})"



def _pyplot():
    import logging

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from bptrace.render.pictures.mpl import font_families

    # DejaVu Sans for digits and symbols, then an installed CJK font for Chinese (glyph fallback)
    plt.rcParams["font.family"] = font_families()
    plt.rcParams["axes.unicode_minus"] = False
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    return plt


def _words(lang: str | None):
    """Labels in --lang where the fonts can draw it (English, said once on stderr, where no
    Chinese font is installed); None: from LANG."""
    from bptrace.io.settings import default_lang
    from bptrace.render.pictures.mpl import picture_lang
    from bptrace.words import words
    return words(picture_lang(lang or default_lang()))


def _title(title: str, lang: str) -> str:
    """A built-in example's title in the picture's language (a user's own stays)."""
    from bptrace.words import title as localized
    return localized(title, lang)


def _literal(*texts):
    """Texts drawn as written: a title or a name with '$' is not mathtext (which would draw
    '$x$' as math and raise on '$' followed by 500 '{'), nor LaTeX where a matplotlibrc asks
    for usetex. Returns the first (for chaining)."""
    for t in texts:
        t.set_parse_math(False)                 # (matplotlib 3.5 and later)
        t.set_usetex(False)
    return texts[0] if texts else None


def _legend(ax, **kw):
    legend = ax.legend(**kw)
    _literal(*legend.get_texts())
    return legend


def _save(fig, path) -> None:
    plt = _pyplot()
    from bptrace.render.pictures.mpl import quiet_glyphs
    buf = io.BytesIO()
    with quiet_glyphs():
        fig.savefig(buf, format="png")
    plt.close(fig)
    write_atomic(path, buf.getvalue())


def _regions(ax, grid, outputs, X, T, title=None):
    import numpy as np
    width = len(np.unique(grid[:, 0]))
    xs, ys = grid[:width, 0], grid[::width, 1]
    z = np.array(outputs).reshape(len(ys), width)
    ax.contourf(xs, ys, z, levels=[0, 0.5, 1], colors=["#f4a6a6", "#a6c8f4"])
    ax.scatter(X[:, 0], X[:, 1], c=["tab:blue" if t > 0.5 else "tab:red" for t in T[:, 0]], s=8)
    if title:
        _literal(ax.set_title(title, fontsize=9))
    ax.set_xticks([])
    ax.set_yticks([])


def plot_history(path, title, history, picture=None, lang: str | None = None) -> None:
    """The loss curve; beside it the fit (1-D data) or the decision regions (2-D, 2 classes).
    ``picture`` is (kind, grid, outputs on the grid, X, T); every label in ``lang``."""
    w = _words(lang)
    title = _title(title, w.lang)
    plt = _pyplot()
    if picture is None:
        fig, ax = plt.subplots(figsize=(7, 4), dpi=110)
    else:
        fig, (ax, ax2) = plt.subplots(1, 2, figsize=(11, 4), dpi=110)
        kind, grid, outputs, X, T = picture
        if kind == "curve":
            ax2.scatter(X[:, 0], T[:, 0], s=10, color="tab:red", label=w("plot data targets"))
            ax2.plot(grid[:, 0], outputs, color="tab:blue", label=w("plot trained"))
            ax2.set_xlabel(w("plot input"))
            ax2.set_ylabel(w("plot output"))
            ax2.set_title(w("plot fit"))
            _legend(ax2)
        else:
            _regions(ax2, grid, outputs, X, T, w("plot regions"))
    epochs = [h["epoch"] for h in history]
    ax.plot(epochs, [h["loss"] for h in history], label=w("plot training loss"))
    if any("val_loss" in h for h in history):
        ax.plot(epochs, [h.get("val_loss") for h in history], label=w("plot validation loss"))
    losses = [h["loss"] for h in history]
    if min(losses) > 0 and max(losses) / min(losses) > 100:
        ax.set_yscale("log")
    ax.set_xlabel(w("epoch axis"))
    ax.set_ylabel(w("plot mean loss"))
    _literal(ax.set_title(title if picture is None else w("plot loss")))
    _legend(ax)
    if picture is not None:
        _literal(fig.suptitle(title))
    fig.tight_layout()
    _save(fig, path)


def plot_compare(path, title, results, kind, grid, X, T, lang: str | None = None) -> None:
    """All variants' loss curves; their fits (1-D) or one decision map each (2-D); every
    label in ``lang``."""
    if not results:
        raise BadInput(key="nothing to plot")
    w = _words(lang)
    title = _title(title, w.lang)
    plt = _pyplot()
    n = len(results)
    if kind == "regions":
        cols = min(n, 4)
        rows = 1 + (n + cols - 1) // cols
        fig = plt.figure(figsize=(3.2 * cols + 1, 3 * rows), dpi=100)
        ax = fig.add_subplot(rows, 1, 1)
    else:
        fig, axes = plt.subplots(1, 2 if kind == "curve" else 1,
                                 figsize=(12 if kind == "curve" else 7, 4.2), dpi=100)
        ax = axes[0] if kind == "curve" else axes
    for r in results:
        ax.plot([h["epoch"] for h in r["history"]], [h["loss"] for h in r["history"]],
                label=r["label"])
    ax.set_yscale("log")
    ax.set_xlabel(w("epoch axis"))
    ax.set_ylabel(w("plot mean loss"))
    ax.set_title(w("plot loss"))
    _legend(ax, fontsize=8)
    if kind == "curve":
        ax2 = axes[1]
        ax2.scatter(X[:, 0], T[:, 0], s=8, color="black", label=w("plot data"))
        for r in results:
            ax2.plot(grid[:, 0], r["grid_outputs"], label=r["label"])
        ax2.set_title(w("plot fit"))
        _legend(ax2, fontsize=8)
    elif kind == "regions":
        for i, r in enumerate(results):
            _regions(fig.add_subplot(rows, cols, cols + i + 1), grid, r["grid_outputs"], X, T,
                     r["label"])
    _literal(fig.suptitle(title))
    fig.tight_layout()
    _save(fig, path)
