"""The figures of ``bptrace plot`` drawn with matplotlib (the ``plot`` extra): activation
curves, a loss slice with its tangent and step, a loss surface with the paths of training,
the learning rate per update. They draw the records of :mod:`bptrace.api.figures` (the
engine's numbers) and compute nothing; every word comes from :mod:`bptrace.words`.

Every series has its own marker and line style as well as its colour (readable in
greyscale). The same record gives the same SVG bytes (a fixed hash salt, no date)."""

from __future__ import annotations

import io
import re
import unicodedata

from bptrace.render.text import fmt

COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
STYLES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 1)), (0, (8, 2)))
MARKERS = ("o", "s", "^", "D", "v", "P", "X")
DIGITS = 5


def _look(i: int) -> dict:
    """The i-th series' colour, line style and marker."""
    return {"color": COLOURS[i % len(COLOURS)], "linestyle": STYLES[i % len(STYLES)],
            "marker": MARKERS[i % len(MARKERS)]}


def figure_bytes(figure, fmt_: str, lang: str = "en") -> bytes:
    """SVG, PNG or PDF bytes of a :class:`~bptrace.api.figures.Figure`. ``lang`` must be one
    the installed fonts can draw (:func:`bptrace.render.pictures.mpl.picture_lang`)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from bptrace.render.pictures.mpl import font_families, quiet_glyphs
    from bptrace.words import words

    w = words(lang)
    rc = {"font.family": font_families(lang), "axes.unicode_minus": False, "pdf.fonttype": 42,
          "svg.hashsalt": "bptrace", "svg.fonttype": "path", "path.simplify": False,
          "text.usetex": False}
    draw = {"activations": _activations, "slice": _slice, "surface": _surface,
            "trajectory": _surface, "schedule": _schedule}[figure.kind]
    with quiet_glyphs(), plt.rc_context(rc):
        fig = draw(plt, figure, w, lang)
        fig.tight_layout()
        buf = io.BytesIO()
        metadata = {"svg": {"Date": None}, "pdf": {"CreationDate": None, "ModDate": None},
                    "png": {}}[fmt_]
        fig.savefig(buf, format=fmt_, dpi=110, metadata=metadata)
        plt.close(fig)
    return buf.getvalue()


def _literal(*texts):
    """Texts drawn as written: a title with '$' is no mathtext."""
    for t in texts:
        t.set_parse_math(False)
        t.set_usetex(False)


def _legend(ax, **kw):
    legend = ax.legend(**kw)
    if legend is not None:
        _literal(*legend.get_texts())
    return legend


_WIDE = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"
_TOKENS = re.compile(f"\\s+|[{_WIDE}]|[^\\s{_WIDE}]+")


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def _wrap(text: str, width: int) -> str:
    """Lines of at most ``width`` columns (a Chinese character is two), broken at spaces or
    between Chinese characters."""
    lines, line = [], ""
    for tok in _TOKENS.findall(text):
        if line and not tok.isspace() and _columns(line + tok) > width:
            lines.append(line.rstrip())
            line = ""
        if line or not tok.isspace():
            line += tok
    return "\n".join(lines + [line.rstrip()])


def _titles(fig, main: str, sub: str | None = None) -> None:
    """The figure's title (bold) and the line under it (the config), wrapped to its width."""
    width = fig.get_figwidth()
    text = _wrap(main, int(width * 11))
    if sub:
        text += "\n" + _wrap(sub, int(width * 11.5))
    _literal(fig.suptitle(text, fontsize=10.5, fontweight="bold"))


def _label(ax, x: str, y: str) -> None:
    _literal(ax.set_xlabel(x), ax.set_ylabel(y))


# ------------------------------------------------------------------------------ activations
def _activations(plt, figure, w, lang):
    from bptrace.words import title
    fig, (ax_f, ax_d) = plt.subplots(1, 2, figsize=(11, 4.8))
    neurons = figure.neurons or {}
    _titles(fig, w("fig activations"), w("fig neurons of", title=title(figure.config_title, lang))
            if neurons and figure.config_title else None)
    for i, c in enumerate(figure.data):
        look = _look(i)
        every = max(1, len(c.z) // 12)
        ax_f.plot(c.z, c.f, markevery=every, markersize=4, label=f"{c.name}: {c.formula}", **look)
        ax_d.plot(c.z, c.d, markevery=every, markersize=4, label=f"{c.name}′: {c.derivative}",
                  **look)
        marks = _same_place(neurons.get(c.name, []))
        for k, (names, net, out, dout) in enumerate(marks):
            for ax, y in ((ax_f, out), (ax_d, dout)):
                ax.plot([net], [y], linestyle="none", marker=look["marker"], markersize=9,
                        markerfacecolor="white", markeredgecolor=look["color"],
                        markeredgewidth=2, zorder=5)
            if len(marks) <= 8:                 # names where they can be read
                _literal(ax_f.annotate(names, (net, out), textcoords="offset points",
                                       fontsize=8, color=look["color"],
                                       xytext=(0, 9) if k % 2 == 0 else (0, -17),
                                       ha="center"))
    for ax, key in ((ax_f, "fig act f"), (ax_d, "fig act d")):
        ax.axhline(0, color="#999", lw=0.6)
        ax.axvline(0, color="#999", lw=0.6)
        ax.grid(alpha=0.3)
        _label(ax, w("fig net z"), w(key))
        _legend(ax, fontsize=7, loc="best")
    return fig


def _same_place(neurons):
    """Neurons at the same net input as one mark, their names joined, in order of net input
    (so that neighbouring labels can alternate above and below)."""
    places: dict = {}
    for n, net, out, dout in neurons:
        places.setdefault((net, out, dout), []).append(n)
    return [(", ".join(ns), *key) for key, ns in sorted(places.items())]


# ----------------------------------------------------------------------------------- a slice
def _slice(plt, figure, w, lang):
    from bptrace.words import title
    s = figure.data
    fig, ax = plt.subplots(figsize=(8, 5))
    _titles(fig, w("fig slice"), w("fig slice sub", title=title(s.title, lang), p=s.name))
    ax.plot(s.xs, s.losses, color=COLOURS[0], lw=2, label=w("fig curve E", p=s.name))
    ax.plot(s.tangent_x, s.tangent_y, color=COLOURS[1], linestyle="--", lw=1.6,
            label=w("fig tangent", p=s.name, g=fmt(s.grad, DIGITS)))
    ax.plot([s.value], [s.loss], linestyle="none", marker="o", markersize=9, color=COLOURS[0],
            label=w("fig now", p=s.name, v=fmt(s.value, DIGITS), e=fmt(s.loss, DIGITS)))
    if s.new is not None:
        ax.plot([s.new], [s.new_loss], linestyle="none", marker="s", markersize=9,
                color=COLOURS[2], label=w("fig step", p=s.name, new=fmt(s.new, DIGITS),
                                          lr=fmt(s.lr, DIGITS), e=fmt(s.new_loss, DIGITS)))
        if s.new != s.value:
            ax.annotate("", (s.new, s.loss), (s.value, s.loss),
                        arrowprops={"arrowstyle": "-|>", "color": COLOURS[2], "lw": 2})
            ax.plot([s.new, s.new], [s.loss, s.new_loss], color=COLOURS[2], linestyle=":", lw=1.2)
    notes = []
    if s.lr is None:
        notes.append(w("fig no lr"))
    elif not s.trainable:
        notes.append(w("fig frozen", p=s.name))
    for note in notes:
        _literal(ax.text(0.01, 0.01, note, transform=ax.transAxes, fontsize=8, color="#555"))
    ax.grid(alpha=0.3)
    _label(ax, s.name, w("fig loss E"))
    _legend(ax, fontsize=8, loc="best")
    return fig


# -------------------------------------------------------------------- a surface and its paths
def _surface(plt, figure, w, lang):
    import numpy as np
    from matplotlib.colors import LogNorm

    from bptrace.words import title
    s = figure.data
    two = figure.kind == "trajectory"
    if two:
        fig, (ax, ax2) = plt.subplots(1, 2, figsize=(13, 5.6), width_ratios=(1.25, 1))
    else:
        fig, ax = plt.subplots(figsize=(8.5, 6.4))
    p, q = s.names
    _titles(fig, w("fig trajectory" if two else "fig surface"),
            w("fig surface sub", title=title(s.title, lang), p=p, q=q, mode=w(f"mode {s.mode}"),
              epochs=s.epochs))
    z = np.ma.masked_invalid(s.losses)
    filled = ax.contourf(s.xs, s.ys, z, levels=s.levels, cmap="Greys_r", alpha=0.55,
                         norm=LogNorm() if s.levels[0] > 0 and s.levels[-1] > 5 * s.levels[0]
                         else None, extend="both")
    ax.contour(s.xs, s.ys, z, levels=s.levels, colors="#555", linewidths=0.5)
    from matplotlib.ticker import FuncFormatter
    bar = fig.colorbar(filled, ax=ax, ticks=s.levels[::3],
                       format=FuncFormatter(lambda v, _: fmt(v, 3)))
    bar.set_label(w("fig mean loss"))
    _literal(bar.ax.yaxis.label)
    ax.plot([s.start[0]], [s.start[1]], linestyle="none", marker="*", markersize=16,
            color="black", markerfacecolor="white", markeredgewidth=1.5, zorder=6,
            label=w("fig start", e=fmt(s.start_loss, DIGITS)))
    for i, path in enumerate(s.paths):
        look = _look(i)
        if path.diverged is not None:
            label = w("fig path diverged", opt=path.optimizer, lr=fmt(path.lr, DIGITS),
                      epoch=path.diverged)
        else:
            label = w("fig path", opt=path.optimizer, lr=fmt(path.lr, DIGITS), n=f"{path.total:,}",
                      e=fmt(path.losses[-1], DIGITS))
        every = max(1, len(path.points) // 12)
        ax.plot(path.points[:, 0], path.points[:, 1], lw=1.6, markersize=5, markevery=every,
                zorder=4, label=label, **look)
        ax.plot(path.points[-1:, 0], path.points[-1:, 1], linestyle="none",
                marker=look["marker"], markersize=10, color=look["color"],
                markeredgecolor="black", zorder=5)
        if two:
            ax2.plot(path.updates, path.losses, lw=1.4, markersize=4, markevery=every,
                     label=f"{path.optimizer}, η = {fmt(path.lr, DIGITS)}", **look)
    ax.set_xlim(s.xs[0], s.xs[-1])
    ax.set_ylim(s.ys[0], s.ys[-1])
    _label(ax, p, q)
    _legend(ax, fontsize=7, loc="best", framealpha=0.85)
    if two:
        losses = [l for path in s.paths for l in path.losses]
        if losses and min(losses) > 0 and max(losses) > 100 * min(losses):
            ax2.set_yscale("log")
        if max(path.updates[-1] for path in s.paths) > 1000:
            ax2.set_xscale("symlog", linthresh=1)
        ax2.grid(alpha=0.3)
        _label(ax2, w("fig update"), w("fig mean loss"))
        _literal(ax2.set_title(w("fig loss per update"), fontsize=9))
        _legend(ax2, fontsize=8, loc="best")
    return fig


# ------------------------------------------------------------------------------ the schedule
def _schedule(plt, figure, w, lang):
    from bptrace.words import title
    s = figure.data
    fig, ax = plt.subplots(figsize=(8, 4.6))
    _titles(fig, w("fig schedule"), w("fig epochs per", title=title(s.title, lang),
                                          n=f"{s.per_epoch:,}"))
    if s.decay is None and s.step_decay is None:
        label = w("fig constant", lr=fmt(s.lr, DIGITS))
    else:
        parts = []
        if s.decay is not None:
            rate, steps, stair = s.decay
            parts.append(w("fig decay stair" if stair else "fig decay", r=fmt(rate, DIGITS),
                           n=f"{steps:,}", lr=fmt(s.lr, DIGITS)))
        if s.step_decay is not None:
            parts.append(w("fig step decay", f=fmt(s.step_decay[0], DIGITS),
                           n=f"{s.step_decay[1]:,}"))
        label = "; ".join(parts)
    every = max(1, len(s.etas) // 12)
    ax.plot(s.updates, s.etas, color=COLOURS[0], lw=1.8, marker="o", markersize=4,
            markevery=every, label=label)
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    _label(ax, w("fig update"), w("fig eta"))
    _legend(ax, fontsize=8, loc="best")
    return fig
