"""What an exercise sheet's documents write, whatever their medium: the lines that state the
problem, and for the key each asked quantity's formula, the formula with the numbers put in
and its value — made once for a sheet's four documents (Markdown and LaTeX, sheet and key),
each of which only escapes them for its medium."""

from __future__ import annotations

from functools import cached_property

from bptrace.render.text import fmt, formula_text, problem_lines, substituted
from bptrace.words import words


class SheetText:
    """The texts of one sheet's trace ``tr`` and its asked keys ``blanks``, in ``lang``,
    values at ``digits`` significant digits; each made when first asked for."""

    def __init__(self, tr, blanks: list[str], lang: str = "en", digits: int = 9):
        self.tr, self.blanks, self.lang, self.digits = tr, blanks, lang, digits

    @cached_property
    def problem(self) -> list[tuple[str, str]]:
        """(label, text) lines: the network, the sample, η, the loss."""
        return problem_lines(self.tr, words(self.lang))

    @cached_property
    def answers(self) -> list[tuple[str, str, str]]:
        """(formula, formula with the numbers put in — '' where it has none —, value) of each
        asked key, in order."""
        out = []
        for k in self.blanks:
            q = self.tr[k]
            out.append((formula_text(q, self.lang), substituted(q, self.digits),
                        fmt(q.value, self.digits)))
        return out
