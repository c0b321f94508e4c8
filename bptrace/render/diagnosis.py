"""A check's diagnosis (a :class:`bptrace.check.diagnose.Diagnosis` record) in words: the
variants' names and meanings come from :mod:`bptrace.lang`; nothing here computes."""

from __future__ import annotations

from bptrace.lang import mistake_why, mistakes_name


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
    differing = [c.key for c in checks if not c.agree]
    return [(mistakes_name(f.mistakes, lang), f"{f.agree}/{f.of}",
             ", ".join(k for k in f.agreeing if k in differing))
            for f in diagnosis.findings if set(f.agreeing) & set(differing)][:limit]


def explanation_lines(checks, diagnosis, w) -> list[str]:
    """One line per differing value: the simplest variants that reproduce it, and what a
    single variant means."""
    lines = []
    worse = getattr(diagnosis, "worse", ())
    groups: dict = {}                   # values explained alike: told once (3 or more)
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
            meanings = [mistake_why(m, w.lang) for m in diagnosis.meanings(c.key)]
            lines.append(w("reproduced by many", n=len(group), keys=keys,
                           names="” / “".join(mistakes_name(m, w.lang) for m in fits))
                         + (" — " + " ".join(meanings) if meanings else "")
                         + (w("worse than correct") if c.key in worse else ""))
            continue
        if fits:
            meanings = [mistake_why(m, w.lang) for m in diagnosis.meanings(c.key)]
            lines.append(w("reproduced by", k=c.key, v=c.expected,
                           names="” / “".join(mistakes_name(m, w.lang) for m in fits))
                         + (" — " + " ".join(meanings) if meanings else "")
                         + (w("worse than correct") if c.key in worse else ""))
        else:
            lines.append(w("no variant", k=c.key, v=c.expected))
    skipped = getattr(diagnosis, "needs_lr", ())
    if skipped:
        from bptrace.check.variants import Mistake
        lines.append(w("needs lr", names="” / “".join(mistakes_name((Mistake(n),), w.lang)
                                                      for n in skipped)))
    return lines


def likely_mistake(grade, lang: str) -> str:
    """A student's likely mistake: the one diagnosis of the sheet (or the variants that
    reproduce the first wrong answer, joined with ' / '), then too few decimals and the
    blanks where there are any; '?' where nothing explains it; '' where nothing is wrong."""
    from bptrace.lang import words
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
    return ("；" if lang == "zh" else "; ").join(parts) if parts else "?"


def checks_csv(checks) -> str:
    from bptrace.render.output import csv_text
    return csv_text(["key", "expected", "computed", "agree", "status"],
                    [[c.key, c.expected, repr(c.computed), str(c.agree).lower(), c.status]
                     for c in checks])


def grades_json(grades) -> list[dict]:
    return [{"student": g.student, "sheet": g.sheet, "score": g.score, "of": g.of,
             "first_wrong": g.first_wrong, "likely_mistake": likely_mistake(g, "en"),
             "wrong": g.wrong, **({"problem": g.problem} if g.problem else {})}
            for g in grades]


def grades_csv(grades) -> str:
    from bptrace.render.output import csv_text
    header = ["student", "score", "of", "first_wrong", "likely_mistake"]
    problems = any(g.problem for g in grades)
    return csv_text(header + (["problem"] if problems else []),
                    [[g.student, g.score, g.of, g.first_wrong, likely_mistake(g, "en")]
                     + ([g.problem] if problems else []) for g in grades])
