"""Grading: the expected values of a config, or a student's answers, compared with what
bptrace computes; a class set graded student by student. Nothing here prints: functions
return :class:`Checked` and :class:`Grade` records."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bptrace.check.compare import Check, compare, unknown_key
from bptrace.check.trained import with_trained
from bptrace.errors import BadInput, Diverged


@dataclass
class Checked:
    """One sheet checked: its config, the trace shown, every computed value (trained.*
    included where expected) and one Check per expected value."""
    cfg: object
    trace: object
    values: dict[str, float]
    checks: list[Check]

    @property
    def agree(self) -> bool:
        return all(c.agree for c in self.checks)


@dataclass
class Grade:
    """One student of a class set. ``mistakes``: the simplest diagnosis variants (each a
    tuple of :class:`~bptrace.check.variants.Mistake`) that reproduce the first wrong answer."""
    student: str
    sheet: str
    score: int
    of: int
    first_wrong: str = ""
    mistakes: list[tuple] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)


def compare_expected(cfg, tr, source: str, min_decimals: int | None = None,
                     hand: dict[str, float] | None = None) -> tuple[dict[str, float], list[Check]]:
    """(all computed values, one Check per expected value of ``cfg.expect``). For a student's
    answers, ``min_decimals`` and ``hand`` (the values of the hand calculation rounded to that
    many decimals) as :func:`bptrace.check.compare` takes them. Raises Diverged where the
    training for trained.* values diverges."""
    try:
        values = with_trained(cfg, tr.values())
    except Diverged as exc:
        exc.file = cfg.file             # which sheet's training diverged
        raise
    values.update(_sample_values(cfg, source))
    checks = []
    for e in cfg.expect:
        if e.key not in values:
            raise unknown_key(e.key, list(values), e.line).located(source)
        checks.append(compare(e.key, e.text, values[e.key], e.line, min_decimals,
                              hand.get(e.key) if hand else None))
    return values, checks


def _sample_values(cfg, source: str) -> dict[str, float]:
    """``s<K>.KEY`` for the samples the expected values name (a config with data:)."""
    import re

    numbers = sorted({int(m.group(1)) for e in cfg.expect
                      for m in [re.match(r"s(\d+)\.", e.key)] if m})
    if not numbers:
        return {}
    if cfg.data is None:
        e = next(e for e in cfg.expect if re.match(r"s\d+\.", e.key))
        raise BadInput(f"expect.{e.key} names a sample of data:, and the config has no data:.",
                       path=f"expect.{e.key}", line=e.line).located(source)
    X, T = cfg.data
    for k in numbers:
        if not 1 <= k <= len(X):
            e = next(e for e in cfg.expect if e.key.startswith(f"s{k}."))
            raise BadInput(f"expect.{e.key} names sample {k}; data: has samples 1 to {len(X)}.",
                           path=f"expect.{e.key}", line=e.line).located(source)
    from bptrace.trace.batch import sample_values
    return sample_values(cfg.network, X, T, cfg.learning_rate, numbers)


def check_config(cfg, round_to: int | None) -> Checked:
    """The config's own expect: values."""
    from bptrace.convention import traces

    if not cfg.expect:
        raise BadInput("there are no expected values to check: give the config an expect: "
                       "section (KEY: VALUE as printed in the textbook) or use --expect FILE.",
                       file=cfg.file)
    tr = traces(cfg, round_to).shown
    values, checks = compare_expected(cfg, tr, cfg.file)
    return Checked(cfg, tr, values, checks)


def sheet_of(cfg_default, answers: str, sheet: str | None):
    """The config an answer file is for: the one it names (`sheet: exercise-B.yaml`, next to
    it or next to the default config), else the default."""
    from bptrace.config import load_config

    if not sheet:
        return cfg_default
    here = Path(answers).parent / sheet
    there = Path(cfg_default.file).parent / sheet
    path = here if here.is_file() else there if there.is_file() else None
    if path is None:
        raise BadInput(f"the answers name the sheet {sheet}, which is neither next to them nor "
                       "next to the config.", file=answers)
    return load_config(str(path))


def check_answers(cfg_default, answers: str, decimals: int, round_to: int | None) -> Checked:
    """One student's answer file against its sheet; an answer agrees with the exact value
    or with a hand calculation rounded to ``decimals``."""
    from bptrace.config import load_expect
    from bptrace.convention import hand_values, traces

    expect, sheet = load_expect(answers)
    cfg = sheet_of(cfg_default, answers, sheet)
    cfg.expect = expect
    tr = traces(cfg, round_to).shown
    values, checks = compare_expected(cfg, tr, answers, decimals, hand_values(cfg, decimals))
    return Checked(cfg, tr, values, checks)


def diagnose_checked(checked: Checked):
    """The diagnosis of a checked sheet (None where every value agrees)."""
    import dataclasses

    from bptrace.check.diagnose import diagnose

    if checked.agree:
        return None
    d = diagnose(checked.cfg, checked.values)
    return dataclasses.replace(d, base_agree=sum(c.agree for c in checked.checks))


def answer_files(folder: Path) -> list[Path]:
    files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    if not files:
        raise BadInput("the folder has no .yaml answer files.", file=str(folder))
    return files


def grade_folder(cfg_default, folder: Path, decimals: int, round_to: int | None) -> list[Grade]:
    """A class set: every answer file in the folder, one Grade per student."""
    from bptrace.check.diagnose import diagnose

    grades = []
    for f in answer_files(folder):
        checked = check_answers(cfg_default, str(f), decimals, round_to)
        wrong = [c for c in checked.checks if not c.agree]
        mistakes = []
        if wrong:
            mistakes = diagnose(checked.cfg, checked.values).explained.get(wrong[0].key, [])
        grades.append(Grade(f.stem, checked.cfg.title, len(checked.checks) - len(wrong),
                            len(checked.checks), wrong[0].key if wrong else "", mistakes,
                            [c.key for c in wrong]))
    return grades
