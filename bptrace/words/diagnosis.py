"""The diagnosis variants' names and meanings (check --diagnose) in every language: a variant
is a record (bptrace.checking.variants.Mistake: kind + numbers); its words are made here, at
render time, from the catalogues' ``mistake`` contexts. (JSON keeps the English names: they
are identifiers.)"""

from __future__ import annotations

from bptrace.words import has, text


def mistake_name(m, lang: str) -> str:
    """One diagnosis variant's name: 'rounded to 4 decimals', '9,999 updates instead of
    10,000', 'learning rate η = 0.25 (implied by the printed new.w1)', 'sequential update'."""
    if has("student mistake", m.kind) and not has("mistake why", m.kind):
        return student_name(m, lang)
    if m.kind == "rounded":
        return text("mistake", "rounded", lang).format(m.numbers[0])
    if m.kind == "updates":
        ran, stated = m.numbers
        return text("mistake", "epochs" if m.unit == "epochs" else "updates", lang,
                    ran=f"{ran:,}", stated=f"{stated:,}")
    if m.kind == "implied learning rate":
        return text("mistake", m.kind, lang, lr=f"{m.numbers[0]:.4g}", key=m.key)
    return text("mistake", m.kind, lang) if has("mistake", m.kind) else m.kind


def student_name(m, lang: str) -> str | None:
    """A student-catalogue mistake's own name, where it has one."""
    return text("student mistake", m.kind, lang) if has("student mistake", m.kind) else None


def mistake_why(m, lang: str, student: bool = False) -> str:
    """What one diagnosis variant means, one sentence (``student``: said to a student)."""
    if has("student mistake", m.kind) and (student or not has("mistake why", m.kind)):
        return text("student mistake why", m.kind, lang)
    if m.kind == "updates":
        return text("mistake why", "fewer" if m.numbers[0] < m.numbers[1] else "more", lang)
    return text("mistake why", m.kind, lang).format(*m.numbers)


def mistakes_name(mistakes, lang: str) -> str:
    """A variant or a pair of them: 'a + b'."""
    return " + ".join(mistake_name(m, lang) for m in mistakes)
