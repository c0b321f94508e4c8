"""Renderers: records (traces, checks, training reports) → text. They format; they never
compute.

- :mod:`~bptrace.render.text`: numbers, substituted formulas, symbols, words of a quantity;
- :mod:`~bptrace.render.data.json`, :mod:`~bptrace.render.data.reports`: the machine-readable forms;
- :mod:`~bptrace.render.terminal.step`: a step as Rich tables; :mod:`~bptrace.render.terminal.reports`:
  train, check, compare, perceptron and grading reports; :mod:`~bptrace.render.terminal.tables`:
  text charts;
- :mod:`~bptrace.render.documents.markdown`, :mod:`~bptrace.render.documents.latex` (both also through
  :mod:`~bptrace.render.documents`): handouts; :mod:`~bptrace.render.pictures.plots`: matplotlib.

This face re-exports the helpers callers import from ``bptrace.render``, and holds what every
medium shares: the JSON object's envelope, CSV text, the architecture line, and a check's
diagnosis in words.
"""

from __future__ import annotations

from bptrace.words import mistake_why, mistakes_name, text as word  # (render.text is a module)

# name → its module, loaded when the name is first asked for (a step drawn in the terminal
# needs neither the JSON nor the CSV writer)
_FROM = {"history_csv": "data.reports", "step_csv": "data.reports", **dict.fromkeys(
    ("BIG_JSON", "checks_json", "dumps", "gradcheck_json", "jacobian_json", "matrix_json",
     "network_json", "step_json"), "data.json"), "train_json": "data.reports", **dict.fromkeys(
    ("boundary_text", "check_note", "check_summary", "explanation", "fmt", "formula_text",
     "gradcheck_summary", "headline", "layer_label", "note_text", "substituted", "symbol",
     "text_blocks"), "text")}


def __getattr__(name: str):
    if name == "SECTIONS":
        from bptrace.trace.quantity import SECTIONS
        return SECTIONS
    if name in _FROM:
        import importlib
        return getattr(importlib.import_module(f"bptrace.render.{_FROM[name]}"), name)
    raise AttributeError(f"module 'bptrace.render' has no attribute {name!r}")


__all__ = ["BIG_JSON", "SECTIONS", "boundary_text", "check_note", "check_summary", "checks_json",
           "dumps", "explanation", "fmt", "formula_text",
           "gradcheck_json", "gradcheck_summary", "headline", "history_csv", "jacobian_json",
           "layer_label", "matrix_json", "network_json", "note_text", "step_csv", "step_json",
           "substituted", "symbol", "text_blocks", "train_json"]


# --- What every command's output shares: the JSON object's envelope, CSV text, and the
# architecture line. Formatting only.

def envelope(command: str, **fields) -> dict:
    """The JSON object every command prints: {"bptrace": version, "command": …, fields…}
    (in this order: the output is byte-stable)."""
    from bptrace import __version__
    return {"bptrace": __version__, "command": command, **fields}


def json_text(obj) -> str:
    from bptrace.render.data.json import dumps
    return dumps(obj)


def csv_text(header: list[str], rows) -> str:
    """CSV with a header row, '\\n' line ends; cells made safe for spreadsheets."""
    from bptrace.render.safe import csv_text as safe_csv
    return safe_csv(header, rows)


def architecture(n_inputs: int, layers: list[tuple[int, str]], lang: str) -> str:
    """'2 inputs → 2 sigmoid → 2 sigmoid': the inputs, then every layer's size and activation."""
    from bptrace.words import words
    return " → ".join([f"{n_inputs} {words(lang)('inputs')}"] +
                      [f"{size} {activation}" for size, activation in layers])


def gradcheck_fields(gradcheck) -> dict:
    """The JSON fields of a gradient check: its summary and every numeric.grad.* estimate."""
    from bptrace.render.data.json import gradcheck_json
    return {**gradcheck_json(gradcheck),
            "numeric": {f"numeric.grad.{n}": r[1] for n, r in gradcheck[2].items()},
            **({"difference_quotients": {n: {"h": h, "E_plus": ep, "E_minus": em}
                                         for n, (h, ep, em) in gradcheck.quotients.items()}}
               if getattr(gradcheck, "quotients", None) else {})}


# --- A check's diagnosis (a :class:`bptrace.checking.diagnose.Diagnosis` record) in words: the
# variants' names and meanings come from :mod:`bptrace.words`; nothing here computes.

def diagnosis_json(diagnosis) -> dict:
    """The JSON fields of a diagnosis (names in English); an empty one where there is none."""
    if diagnosis is None:
        return {"diagnosis": [], "explanations": {}}
    fields = {"diagnosis": [{"variant": mistakes_name(f.mistakes, "en"), "agree": f.agree,
                             "of": f.of} for f in diagnosis.findings],
              "explanations": {k: [mistakes_name(m, "en") for m in diagnosis.explained[k]]
                               for k in diagnosis.explained}}
    if getattr(diagnosis, "needs_lr", ()):        # not tried: the config has no learning_rate
        fields["needs_learning_rate"] = list(diagnosis.needs_lr)
    return fields


def finding_rows(diagnosis, checks, lang: str, limit: int = 8) -> list[tuple[str, str, str]]:
    """(variant, agree/of, the differing keys it reproduces) for the variants that reproduce
    a differing value, best first."""
    differing = [c.key for c in checks if c.status in ("differ", "sign", "truncated")]
    return [(mistakes_name(f.mistakes, lang), f"{f.agree}/{f.of}",
             ", ".join(k for k in f.agreeing if k in differing))
            for f in diagnosis.findings if set(f.agreeing) & set(differing)][:limit]


def explanation_lines(checks, diagnosis, w) -> list[str]:
    """One line per differing value: the simplest variants that reproduce it, and what a
    single variant means."""
    lines = []
    student = getattr(w, "student", False)
    worse = getattr(diagnosis, "worse", ())
    groups: dict = {}                   # values explained alike: told once (3 or more)
    checks = [c for c in checks if c.status not in ("blank", "imprecise", "unreadable")]
    for c in checks:
        if not c.agree:
            fits = diagnosis.explained.get(c.key, [])
            groups.setdefault((tuple(fits), c.key in worse), []).append(c)
    told = set()
    for c in checks:
        if c.agree or c.key in told:
            continue
        fits = diagnosis.explained.get(c.key, [])
        group = groups[(tuple(fits), c.key in worse)]
        if fits and len(group) >= 3:
            told.update(g.key for g in group)
            keys = ", ".join(g.key for g in group[:8]) + (", …" if len(group) > 8 else "")
            meanings = [mistake_why(m, w.lang, student) for m in diagnosis.meanings(c.key)]
            lines.append(w("reproduced by many", n=len(group), keys=keys,
                           names=word("grammar", "names sep", w.lang).join(mistakes_name(m, w.lang) for m in fits))
                         + (" — " + " ".join(meanings) if meanings else "")
                         + (w("worse than correct") if c.key in worse else ""))
            continue
        if fits:
            meanings = [mistake_why(m, w.lang, student) for m in diagnosis.meanings(c.key)]
            lines.append(w("reproduced by", k=c.key, v=c.expected,
                           names=word("grammar", "names sep", w.lang).join(mistakes_name(m, w.lang) for m in fits))
                         + (" — " + " ".join(meanings) if meanings else "")
                         + (w("worse than correct") if c.key in worse else ""))
        else:
            lines.append(w("no variant", k=c.key, v=c.expected))
    skipped = getattr(diagnosis, "needs_lr", ())
    if skipped:
        from bptrace.checking.variants import Mistake
        lines.append(w("needs lr", names=word("grammar", "names sep", w.lang).join(mistakes_name((Mistake(n),), w.lang)
                                                      for n in skipped)))
    return lines


def likely_line(diagnosis, checks, w) -> str:
    """A student's one diagnosis, as the class table gives it ('' where there is none)."""
    if not getattr(diagnosis, "student", None):
        return ""
    return w("student likely", m=" / ".join(mistakes_name(m, w.lang) for m in diagnosis.student))


def likely_mistake(grade, lang: str) -> str:
    """A student's likely mistake: the one diagnosis of the sheet (or the variants that
    reproduce the first wrong answer, joined with ' / '), then too few decimals and the
    blanks where there are any; "not identified" where nothing explains it; '' where nothing
    is wrong."""
    from bptrace.words import words
    if not grade.first_wrong:
        return ""
    w = words(lang)
    parts = []
    if grade.mistakes:
        parts.append(" / ".join(mistakes_name(m, lang) for m in grade.mistakes))
    if grade.imprecise:
        parts.append(w("too few decimals", n=grade.imprecise, d=grade.decimals))
    if grade.blanks:
        parts.append(w("n blanks", n=grade.blanks))
    if grade.unreadable:
        parts.append(w("n unreadable", n=grade.unreadable))
    return word("grammar", "clause sep", lang).join(parts) if parts else w("not identified")


def grade_note(grade, lang: str) -> str:
    """A row's note (answers naming another sheet, a hidden file skipped), or ''."""
    from bptrace.words import words
    if not grade.note:
        return ""
    key, args = grade.note
    return words(lang)(key, **args)


def problem_text(problem, lang: str) -> str:
    """Why an answer file could not be graded (a BadInput, or a Diverged training with the
    file it was for), in the reader's language."""
    from bptrace.errors import Diverged
    from bptrace.words.messages import error_text
    if isinstance(problem, Diverged):
        return error_text("diverged trained", lang, {"file": getattr(problem, "file", ""),
                                                     "epoch": problem.epoch,
                                                     "why": problem.text(lang)})
    return problem.text(lang)


def checks_csv(checks) -> str:
    from bptrace.render import csv_text
    return csv_text(["key", "expected", "computed", "agree", "status"],
                    [[c.key, c.expected, repr(c.computed), str(c.agree).lower(), c.status]
                     for c in checks])


def grades_json(grades) -> list[dict]:
    return [{"student": g.student, "sheet": g.sheet, "score": g.score, "of": g.of,
             "first_wrong": g.first_wrong, "likely_mistake": likely_mistake(g, "en"),
             "wrong": g.wrong, "unanswered": g.blanks, "unreadable": g.unreadable,
             "carried": g.carried, **({"problem": problem_text(g.problem, "en")} if g.problem else {}),
             **({"note": grade_note(g, "en")} if g.note else {})}
            for g in grades]


def grades_csv(grades, lang: str = "en") -> str:
    """The class table as CSV: the column names stay English (for spreadsheets and
    scripts), the texts in the reader's language."""
    from bptrace.render import csv_text
    header = ["student", "score", "of", "first_wrong", "likely_mistake"]
    problems = any(g.problem for g in grades)
    notes = any(g.note for g in grades)
    return csv_text(header + (["problem"] if problems else []) + (["note"] if notes else []),
                    [[g.student, g.score, g.of, g.first_wrong, likely_mistake(g, lang)]
                     + ([problem_text(g.problem, lang) if g.problem else ""] if problems else [])
                     + ([grade_note(g, lang)] if notes else [])
                     for g in grades])
