"""Reports as Rich tables for the terminal: training (loss table and curve, fit, outputs,
parameters), a check against printed values and its diagnosis, a comparison of variants,
the perceptron rule epoch by epoch, a class's grades. User text always goes through
``rich.text.Text`` so it is never parsed as markup."""

from __future__ import annotations

from bptrace.words import title as localized
from bptrace.words import words
from bptrace.render.terminal import block, para
from bptrace.render.terminal.tables import MARKS, fit_plot, loss_curve, multi_curve, perceptron_plot
from bptrace.render.text import (test_result, boundary_text, check_note, check_summary, hand_heading, hand_value,
                                 fmt)

# columns a history may carry beside the loss, and their headings
EXTRA_COLUMNS = {"val_loss": "validation loss", "running_loss": "running loss col",
                 "accuracy": "accuracy col", "val_accuracy": "val accuracy col",
                 "learning_rate": "eta col"}


def train_rich(console, title: str, arch: str, report: dict, outputs: list[dict],
               names: tuple[list[str], list[str]], params: list[tuple[str, float, float]],
               *, digits: int = 8, every: int | None = None, lang: str = "en") -> None:
    """The loss falling, the outputs against the targets, the trained parameters."""
    from rich.table import Table
    from rich.text import Text

    w = words(lang)
    s = report["settings"]
    hist = report["history"]
    console.print(block(localized(title, lang), style="bold"))
    console.print(block(w("train subtitle", arch=arch, mode=s["mode"], bs=s["batch_size"],
                         opt=s["optimizer"], eta=fmt(s["learning_rate"], digits), epochs=s["epochs"],
                         shuffled=w("shuffled") if s["shuffle"] else "")))
    if "loss_includes_l2" in s:             # with L2: whether the loss shown has the penalty
        console.print(block(w("l2 in loss" if s["loss_includes_l2"] else "l2 not in loss")))
    rows = hist if every and len(hist) <= 200 else _spread(hist, 12)
    table = Table(pad_edge=False)
    table.add_column(w("epoch"), justify="right")
    table.add_column(w("mean loss"), justify="right")
    extra = [k for k in EXTRA_COLUMNS if any(k in h for h in hist)]
    for k in extra:
        table.add_column(w(EXTRA_COLUMNS[k]), justify="right")
    for h in rows:
        cells = [Text(str(h["epoch"])), Text(fmt(h["loss"], digits))]
        cells += [Text(fmt(h.get(k), digits)) for k in extra]
        table.add_row(*cells)
    console.print(block(w("loss history"), style="bold"))
    console.print(table)
    if len(hist) >= 3:
        console.print(Text(loss_curve([h["epoch"] for h in hist], [h["loss"] for h in hist], lang=lang)))
    if len(hist) >= 3 and "learning_rate" in extra:      # a schedule: η falling, update by update
        console.print(block(w("eta curve"), style="bold"))
        console.print(Text(loss_curve([h["epoch"] for h in hist if "learning_rate" in h],
                                      [h["learning_rate"] for h in hist if "learning_rate" in h],
                                      lang=lang)))
    in_names, out_names = names
    if outputs and len(in_names) == 1 and len(out_names) == 1 and len(outputs) >= 10:
        console.print(block(w("fit"), style="bold"))
        console.print(Text(fit_plot([r["input"][0] for r in outputs], [r["target"][0] for r in outputs],
                                    [r["output"][0] for r in outputs], in_names[0], out_names[0])))
    if outputs:
        console.print(block(w("outputs after"), style="bold"))
        table = Table(pad_edge=False)
        table.add_column("#", justify="right")
        table.add_column(w("input"))
        table.add_column(w("target"))
        table.add_column(w("output"))
        shown = outputs if len(outputs) <= 20 else outputs[:8] + outputs[-4:]
        for i, row in enumerate(shown):
            if len(outputs) > 20 and i == 8:
                table.add_row(Text("…"), Text(w("more rows", n=len(outputs) - 12)), Text(""), Text(""))
            table.add_row(Text(str(row["index"] + 1)), Text(_vector(row["input"], 4, w)),
                          Text(_vector(row["target"], 4, w)), Text(_vector(row["output"], digits, w)))
        console.print(table)
    console.print(block(w("params after"), style="bold"))
    if len(params) <= 60:
        table = Table(pad_edge=False)
        table.add_column(w("parameters"))
        table.add_column(w("before"), justify="right")
        table.add_column(w("after training"), justify="right")
        for name, before, after in params:
            table.add_row(Text(name), Text(fmt(before, digits)), Text(fmt(after, digits)))
        console.print(table)
    else:
        console.print(block(w("more params", n=len(params))))
    stop = report.get("stopped")
    tail = w(stop) if stop else ""
    console.print(block(w("final loss", n=s["epochs_run"], tail=tail,
                         v=fmt(report["values"]["loss"], digits)), style="bold"))
    if "accuracy" in report["values"]:
        console.print(block(w("final accuracy", v=fmt(report["values"]["accuracy"], digits))))
    tested = test_result(report["values"], w, digits)
    if tested is not None:
        console.print(block(tested))


SHOWN_VALUES = 10       # a longer input, target or output (an image's 784 pixels) shows …
HEAD_VALUES = 4         # … its first few values and how many there are


def _vector(values: list[float], digits: int, w) -> str:
    if len(values) <= SHOWN_VALUES:
        return ", ".join(fmt(v, digits) for v in values)
    return ", ".join([fmt(v, digits) for v in values[:HEAD_VALUES]] + [w("more values", n=len(values))])


def _spread(rows: list, n: int) -> list:
    if len(rows) <= n:
        return rows
    step = (len(rows) - 1) / (n - 1)
    return [rows[round(i * step)] for i in range(n)]


def check_rich(console, title: str, file: str, checks, digits: int = 9, diagnosis=None,
               lang: str = "en", round_to: int | None = None, student: bool = False) -> None:
    """``student``: the checks are a student's answers, worded for the student."""
    from rich.table import Table
    from rich.text import Text

    w = words(lang, student)
    # --round printed is compared as usual, at each printed precision (the title says it is a
    # hand calculation from the printed values); only --round N has a precision of its own
    decimals = round_to if isinstance(round_to, int) else None
    console.print(block(w("check title", t=localized(title, lang)), style="bold"))
    table = Table(pad_edge=False)
    table.add_column(w("key"), no_wrap=True)
    table.add_column(w("printed"), justify="right")
    table.add_column("bptrace" if round_to is None else hand_heading(w, round_to), justify="right")
    table.add_column("", no_wrap=True)
    table.add_column(w("note"))
    for c in checks:
        note = check_note(c, w, decimals)
        mark = Text("✓", style="green") if c.agree else Text("✗", style="red")
        shown = c.rounded if decimals is None else hand_value(c.computed, decimals)
        table.add_row(Text(c.key), Text(c.expected), Text(shown), mark, para(note))
    console.print(table)
    console.print(block(check_summary(checks, w, decimals), style="bold"))
    if diagnosis is not None:
        from bptrace.render import explanation_lines, finding_rows, likely_line
        console.print(block(w("diagnosis"), style="bold"))
        table = Table(pad_edge=False)
        table.add_column(w("variant"))
        table.add_column(w("agree"), justify="right")
        table.add_column(w("reproduces"))
        table.add_row(Text(w("correct")), Text(f"{diagnosis.base_agree}/{diagnosis.answered or len(checks)}"), Text(""))
        for row in finding_rows(diagnosis, checks, lang):
            table.add_row(para(row[0]), Text(row[1]), para(row[2]))
        console.print(table)
        if student and likely_line(diagnosis, checks, w):
            console.print(block(likely_line(diagnosis, checks, w), style="bold"))
        for line in explanation_lines(checks, diagnosis, w):
            console.print(block(line))


def perceptron_rich(p, run, grid, xor, console, *, lang: str = "en") -> None:
    """The lecture slides' table, sample by sample; the boundary each epoch; the points and regions."""
    from rich.table import Table
    from rich.text import Text

    w = words(lang)
    console.print(block(localized(p.title, lang), style="bold"))
    console.print(block(w("perceptron rule", act="u" if p.activation == "step" else "sign",
                         eta=fmt(p.lr, 6))))
    names = p.inputs
    for ep in run.epochs:
        console.print(block(f"{w('epoch')} {ep['epoch']}", style="bold"))
        table = Table(pad_edge=False)
        for col in ("#", "x", "W", "θ", "W·x + θ", "ŷ", "y", "y − ŷ", "ΔW", "Δθ"):
            table.add_column(col, justify="right" if col not in ("x", "W", "ΔW") else "left", no_wrap=True)
        for s in [s for s in run.steps if s.epoch == ep["epoch"]]:
            table.add_row(str(s.sample), _vec(s.x), _vec(s.W), fmt(s.theta, 6),
                          fmt(s.z, 6), fmt(s.y_hat, 6), fmt(s.y, 6),
                          Text(fmt(s.error, 6), style="bold" if s.error else ""), _vec(s.dW), fmt(s.dtheta, 6))
        console.print(table)
        console.print(block(w("boundary", eq=boundary_text(names, ep["W"], ep["theta"]),
                             n=ep["misclassified"])))
    if grid is not None:
        console.print(block(w("regions"), style="bold"))
        console.print(Text(perceptron_plot(p, grid)))
    if run.converged:
        console.print(block(w("perceptron converged", n=len(run.epochs),
                             eq=boundary_text(names, run.W.tolist(), run.theta)), style="bold"))
        return
    console.print(block(w("not separable " + run.reason.replace(" ", "_"), n=len(run.epochs)), style="bold"))
    if xor is not None:
        runs, rows = xor
        console.print(block(w("xor fix"), style="bold"))
        for name in ("nand", "or", "and"):
            r = runs[name]
            console.print(block(f"  {name.upper()}: {boundary_text(['x1', 'x2'] if name != 'and' else ['NAND', 'OR'], r.W.tolist(), r.theta)}"
                               f"  ({w('learnt in', n=len(r.epochs))})"))
        table = Table(pad_edge=False)
        for col in ("x1", "x2", "NAND", "OR", "AND(NAND, OR) = XOR"):
            table.add_column(col, justify="right")
        for x, h1, h2, out in rows:
            table.add_row(fmt(x[0], 3), fmt(x[1], 3), fmt(h1, 3), fmt(h2, 3), Text(fmt(out, 3), style="bold"))
        console.print(table)


def _vec(v) -> str:
    return "(" + ", ".join(fmt(x, 6) for x in v) + ")"


def compare_rich(console, title: str, results: list[dict], picture, *,
                 labels: list[str] | None = None, digits: int = 6, target: float | None = None,
                 lang: str = "en") -> None:
    """The variants side by side, their loss curves, and their fits or decision maps.
    `labels`: each variant's name, in the order of `results` (default: each result's
    "label")."""
    if labels is None:
        labels = [r["label"] for r in results]
    from rich.table import Table
    from rich.text import Text

    w = words(lang)
    console.print(block(f"{localized(title, lang)} — {w('comparison', n=len(results))}", style="bold"))
    table = Table(pad_edge=False)
    table.add_column("")
    table.add_column(w("variant"))
    table.add_column(w("final loss col"), justify="right")
    has_val = any(r["val_loss"] is not None for r in results)
    if has_val:
        table.add_column(w("validation loss"), justify="right")
    if target is not None:
        table.add_column(w("epochs to", t=fmt(target, 3)), justify="right")
    table.add_column(w("seconds"), justify="right")
    for i, r in enumerate(results):
        loss = fmt(r["values"]["loss"], digits) if not r["diverged"] else r["diverged"]
        cells = [Text(MARKS[i % len(MARKS)]), Text(labels[i]), Text(loss)]
        if has_val:
            cells.append(Text(fmt(r["val_loss"], digits)))
        if target is not None:
            cells.append(Text(str(r["epochs_to_target"]) if r["epochs_to_target"] else "—"))
        cells.append(Text(f"{r['seconds']:.2f}"))
        table.add_row(*cells)
    console.print(table)
    console.print(block(w("loss curves"), style="bold"))
    series = [([h["epoch"] for h in r["history"]], [h["loss"] for h in r["history"]]) for r in results
              if r["history"]]
    if not series:
        return
    for line in multi_curve(series):
        console.print(Text(line))
    kind, grid, X, T = picture
    if kind == "curve":
        console.print(block(w("fits"), style="bold"))
        fits = [(grid[:, 0].tolist(), r["grid_outputs"]) for r in results if r["grid_outputs"]]
        for line in multi_curve(fits, log=False, points=(X[:, 0].tolist(), T[:, 0].tolist())):
            console.print(Text(line))
    elif kind == "regions":
        for i, r in enumerate(results):
            if r["grid_outputs"]:
                console.print(block(f"{MARKS[i % len(MARKS)]}  {labels[i]}", style="bold"))
                console.print(region_text(grid, r["grid_outputs"], X, T))


def region_text(grid, outputs, X, T, width: int = 60):
    """A two-class decision map: the class-1 region blue, class 0 red, the points ● (1) ○ (0)."""
    from rich.text import Text

    height = len(outputs) // width
    xs, ys = grid[:width, 0], grid[::width, 1]
    cells = [["1" if outputs[r * width + c] > 0.5 else "0" for c in range(width)] for r in range(height)]
    marks = {}
    for x, t in zip(X, T[:, 0]):
        c = int(round((x[0] - xs[0]) / (xs[-1] - xs[0]) * (width - 1)))
        r = int(round((ys[0] - x[1]) / (ys[0] - ys[-1]) * (height - 1)))
        marks[(r, c)] = "●" if t > 0.5 else "○"
    text = Text()
    for r in range(height):
        for c in range(width):
            ch = marks.get((r, c)) or ("·" if cells[r][c] == "1" else " ")
            text.append(ch, style="on blue" if cells[r][c] == "1" else "on red")
        text.append("\n")
    return text


def grades_rich(console, title: str, rows: list, *, lang: str = "en") -> None:
    """A class set: one row per student (bptrace.checking.grading.Grade records)."""
    from rich.table import Table
    from rich.text import Text

    from bptrace.render import grade_note, likely_mistake, problem_text

    w = words(lang)
    console.print(block(localized(title, lang), style="bold"))
    table = Table(pad_edge=False)
    for col in (w("student"), w("score"), w("first wrong"), w("likely mistake")):
        table.add_column(col)
    for g in rows:
        if g.problem:
            table.add_row(Text(g.student), Text("—"), Text(""),
                          para(problem_text(g.problem, lang), style="red"))
            continue
        if not g.of and g.note:         # a file not graded, and why
            table.add_row(Text(g.student), Text("—"), Text(""),
                          para(grade_note(g, lang), style="yellow"))
            continue
        mistake = likely_mistake(g, lang)
        note = grade_note(g, lang)
        text = para(mistake)
        if note:
            text = Text.assemble(text, "\n" if mistake else "", (note, "yellow"))
        table.add_row(Text(g.student), Text(f"{g.score}/{g.of}"), Text(g.first_wrong), text)
    console.print(table)
