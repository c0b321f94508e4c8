"""Checking computed values against printed ones: the printed-precision comparison and the
expected values with the trained.* ones (:mod:`.printed`), a config's or a student's
answers graded and a class set (:mod:`.grading`), the search for the convention or mistake
that reproduces differing values (:mod:`.diagnose`, its catalogue in :mod:`.variants` and
:mod:`.mistakes`), exercise sheets and the folder they are written to (:mod:`.exercise`).
Nothing here prints: every function returns records."""

from bptrace.checking.printed import (AGREE, BLANK, DIFFER, IMPRECISE, SIGN, TRUNCATED, Check,
                                   compare, decimals, unknown_key)

__all__ = ["AGREE", "BLANK", "DIFFER", "IMPRECISE", "SIGN", "TRUNCATED", "Check", "compare",
           "decimals", "unknown_key"]
