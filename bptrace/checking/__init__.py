"""Checking computed values against printed ones: the printed-precision comparison
(:mod:`.printed`), the expected values of a config or a student's answers (:mod:`.grading`),
the trained.* values (:mod:`.trained`) and the search for the convention or mistake that
reproduces differing values (:mod:`.diagnose`, its catalogue in :mod:`.variants`).
Nothing here prints: every function returns records."""

from bptrace.checking.printed import (AGREE, BLANK, DIFFER, IMPRECISE, SIGN, TRUNCATED, Check,
                                   compare, decimals, unknown_key)

__all__ = ["AGREE", "BLANK", "DIFFER", "IMPRECISE", "SIGN", "TRUNCATED", "Check", "compare",
           "decimals", "unknown_key"]
