"""A check's diagnosis (a :class:`bptrace.checking.diagnose.Diagnosis` record) in words: the
variants' names and meanings come from :mod:`bptrace.words`; nothing here computes."""

from __future__ import annotations

from bptrace.words import mistake_why, mistakes_name, text


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
                           names=text("grammar", "names sep", w.lang).join(mistakes_name(m, w.lang) for m in fits))
                         + (" — " + " ".join(meanings) if meanings else "")
                         + (w("worse than correct") if c.key in worse else ""))
            continue
        if fits:
            meanings = [mistake_why(m, w.lang, student) for m in diagnosis.meanings(c.key)]
            lines.append(w("reproduced by", k=c.key, v=c.expected,
                           names=text("grammar", "names sep", w.lang).join(mistakes_name(m, w.lang) for m in fits))
                         + (" — " + " ".join(meanings) if meanings else "")
                         + (w("worse than correct") if c.key in worse else ""))
        else:
            lines.append(w("no variant", k=c.key, v=c.expected))
    skipped = getattr(diagnosis, "needs_lr", ())
    if skipped:
        from bptrace.checking.variants import Mistake
        lines.append(w("needs lr", names=text("grammar", "names sep", w.lang).join(mistakes_name((Mistake(n),), w.lang)
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
    return text("grammar", "clause sep", lang).join(parts) if parts else w("not identified")


def note_text(grade, lang: str) -> str:
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
             **({"note": note_text(g, "en")} if g.note else {})}
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
                     + ([note_text(g, lang)] if notes else [])
                     for g in grades])
