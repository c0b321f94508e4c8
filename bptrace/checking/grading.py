"""Grading: the expected values of a config, or a student's answers, compared with what
bptrace computes; a class set graded student by student. Nothing here prints: functions
return :class:`Checked` and :class:`Grade` records."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bptrace.checking.printed import Check, agrees, compare, compare_expected, unknown_key
from bptrace.errors import BadInput, Diverged
from bptrace.words.messages import what


@dataclass
class Checked:
    """One sheet checked: its config, the trace shown, every computed value (trained.*
    included where expected) and one Check per expected value."""
    cfg: object
    trace: object
    values: dict[str, float]
    checks: list[Check]
    # check --diagnose's trainings done with the config's own (by training key, () the
    # config's): the diagnosis takes them from here
    trained: dict = field(default_factory=dict)
    # a student's answers (check --expect): how they are diagnosed (None: a textbook's values)
    student: object = None

    @property
    def agree(self) -> bool:
        return all(c.agree for c in self.checks)


@dataclass
class Grade:
    """One student of a class set. ``mistakes``: the simplest diagnosis variants (each a
    tuple of :class:`~bptrace.checking.variants.Mistake`) that reproduce the first wrong answer."""
    student: str
    sheet: str
    score: int
    of: int
    first_wrong: str = ""
    mistakes: list[tuple] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    # why the answer file could not be graded (None where it was): the error record
    # (BadInput, or Diverged with ``file``), worded by the renderer in the reader's language
    problem: object = None
    blanks: int = 0                 # answers left empty (or missing from the file)
    imprecise: int = 0              # answers with fewer decimals than the sheet asks for
    decimals: int | None = None     # the decimals the sheet asks for
    unreadable: int = 0             # answers with no number that can be read in them
    carried: int = 0                # right given the student's own earlier (wrong) answers
    # a note the row shows, worded by the renderer: (words key, its arguments) — answers that
    # name another sheet than their own, a hidden file not graded
    note: tuple | None = None


def check_config(cfg, round_to: int | None, diagnose: bool = False) -> Checked:
    """The config's own expect: values. ``diagnose``: a diagnosis will be asked for; where
    the config's training is expected, the diagnosis takes the config's trained values from here."""
    from bptrace.checking.printed import needs_training
    from bptrace.trace.build import traces

    if not cfg.expect:
        raise BadInput(key="no expect", file=cfg.file)
    tr = traces(cfg, round_to).shown
    trained: dict = {}
    if diagnose and needs_training(cfg):
        from bptrace.checking.mistakes import base_trainings
        trained = base_trainings(cfg)
    values, checks = compare_expected(cfg, tr, cfg.file, trained=trained.get(()))
    if diagnose and needs_training(cfg) and not trained:
        from bptrace.checking.printed import trained_only
        trained = {(): trained_only(values)}
    from bptrace.checking.printed import signs_explained
    checks = signs_explained(cfg, checks, values)     # "up to sign" only where a sign explains it
    return Checked(cfg, tr, values, checks, trained)


def sheet_of(cfg_default, answers: str, sheet: str | None, need_sheet: bool = False,
             memo: dict | None = None):
    """The config an answer file is for: the one it names (`sheet: exercise-B.yaml`), else the
    default. An answer file is untrusted: it may name only a YAML file beside it (or beside
    the default config) by its bare name, or a built-in example; a sheet that does not load
    is reported without its content. ``memo``: each sheet read once for a class (by its
    path, size and time of change), each answer file given a copy of it."""
    from bptrace.config import examples
    from bptrace.config import load_config

    if not sheet:
        if need_sheet:          # never graded against the built-in example by default
            raise BadInput(key="answers no sheet", file=answers, path="sheet")
        return cfg_default
    if sheet in examples.names():
        return load_config(sheet)
    path = _sheet_beside(sheet, [Path(answers).parent, Path(cfg_default.file).parent])
    if path is None:
        raise BadInput(key="sheet not found", args={"sheet": sheet}, file=answers, path="sheet")
    try:
        if memo is None:
            return load_config(str(path))
        st = path.stat()
        key = ("sheet", str(path.resolve()), st.st_size, st.st_mtime_ns)
        if key not in memo:
            memo[key] = load_config(str(path))
        return memo[key].copy()
    except BadInput as exc:
        where = [x for x in (what("line n", n=exc.line) if exc.line else "", exc.path or "") if x]
        raise BadInput(key="sheet invalid", file=answers, path="sheet", args={
            "sheet": sheet, "where": what("in parens", x=where) if where else ""}) from None


def _sheet_beside(sheet: str, folders: list[Path]) -> Path | None:
    """The regular .yaml file of that bare name in one of the folders (symbolic links that
    lead out of the folder do not count), else None."""
    import os

    if (not sheet or sheet != Path(sheet).name or "\\" in sheet or sheet in (".", "..")
            or Path(sheet).suffix not in (".yaml", ".yml")):
        return None
    for folder in folders:
        candidate = folder / sheet
        try:
            real = Path(os.path.realpath(candidate))
            if real.parent == Path(os.path.realpath(folder)) and real.is_file():
                return candidate
        except OSError:
            continue
    return None


def check_answers(cfg_default, answers: str, decimals: int, round_to: int | None,
                  need_sheet: bool = False, memo: dict | None = None) -> Checked:
    """One student's answer file against its sheet; an answer agrees with the exact value
    or with a hand calculation rounded to ``decimals``. ``need_sheet``: the answers must name
    their sheet (no config was given, or a class set): else they are refused. ``memo``: each
    sheet's step and hand calculation kept for the class's other answer files."""
    from functools import partial

    from bptrace.checking.classmemo import compared
    from bptrace.config import load_answers
    from bptrace.trace.build import hand_values, traces

    expect, sheet, who = load_answers(answers)
    cfg = sheet_of(cfg_default, answers, sheet, need_sheet, memo)
    cfg.sheet_named, cfg.student_name = sheet, who
    cfg.expect = asked_answers(cfg, expect)
    where = None if memo is None or cfg._text is None else (
        cfg._text, cfg.file, round_to, decimals,
        b"".join(a.tobytes() for a in cfg.network.arrays()))
    if where is not None and where in memo:
        tr, hand, shown = memo[where]
    else:
        tr, hand = traces(cfg, round_to).shown, hand_values(cfg, decimals)
        shown = tr.values()
        if where is not None:
            memo[where] = tr, hand, shown
    for i, k in enumerate(cfg.asked or ()):
        if k not in tr and not k.startswith("trained."):
            raise unknown_key(k, list(tr.index), None).at(cfg.root.get("asked")[i]).located(cfg.file)
    values, checks = compare_expected(cfg, tr, answers, decimals, hand, shown=shown, compare=(
        compare if memo is None else partial(compared, memo.setdefault("compared", {}))))
    carry_forward(cfg, checks, decimals)
    from bptrace.checking.diagnose import Student
    right = frozenset(c.key for c in checks if c.agree)
    return Checked(cfg, tr, values, checks, student=Student(decimals, right))


WRONG = ("differ", "sign", "truncated")       # an answer given, read, precise enough, not right


def carry_forward(cfg, checks: list, decimals: int) -> None:
    """Error carried forward, as a teacher marks: a wrong answer that is right when computed
    from the student's own earlier answers (each answer in place of the exact value before
    anything downstream uses it) earns its mark, its status ``carried``."""
    import copy

    from bptrace.checking.printed import CARRIED
    from bptrace.maths.conventions import printed_convention
    from bptrace.trace import step_values

    wrong = [c for c in checks if c.status in WRONG]
    if not wrong:
        return
    own = copy.copy(cfg)
    own.expect = [e for e in cfg.expect if e.readable and e.text.strip()]
    import numpy as np
    with np.errstate(all="ignore"):
        carried = step_values(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate,
                              printed_convention(own))
    for c in wrong:
        text = c.read or c.expected
        if c.key in carried and _carried(c.key, text, carried[c.key], decimals, c.line):
            c.status = CARRIED


def _carried(key: str, text: str, value: float, decimals: int, line) -> bool:
    """Whether an answer is right given the student's earlier answers: as the grading compares,
    or within one unit of the last decimal asked (the earlier answers were rounded to it, and
    the student may have kept more digits of them than were written)."""
    import math
    if agrees(key, text, value, decimals):
        return True
    try:
        written = float(text)
    except ValueError:
        return False
    return math.isfinite(value) and abs(written - value) <= 10.0 ** -decimals * (1 + 1e-9)


def for_diagnosis(checked: Checked):
    """A student's sheet as the diagnosis sees it: only the answers that are wrong or right
    (blank, missing, unreadable and too-imprecise answers are not evidence of a method), each
    compared at the decimals the sheet asks for."""
    import copy

    keep = {c.key for c in checked.checks if c.status in WRONG + ("agree", "carried")}
    cfg = copy.copy(checked.cfg)
    cfg.expect = [e for e in checked.cfg.expect if e.key in keep]
    return cfg


def asked_answers(cfg, answers: list) -> list:
    """A student's answers to a sheet that records the keys it asks (``asked:``): one per asked
    key, in the sheet's order, a key missing from the file unanswered exactly like a blank one
    (answers to keys the sheet did not ask are not graded). Without ``asked:``, as written."""
    from bptrace.config import Expectation

    if not cfg.asked:
        return answers
    given = {e.key: e for e in answers}
    return [given.get(k) or Expectation(k, "", None, None) for k in cfg.asked]


def diagnose_checked(checked: Checked, progress=None, shared: dict | None = None):
    """The diagnosis of a checked sheet (None where every value agrees); `progress` hears
    how many variants are done; ``shared``: the variants' values kept across the answer
    files of one class (see :func:`bptrace.checking.diagnose.diagnose`)."""
    import dataclasses

    from bptrace.checking.diagnose import diagnose

    if checked.agree:
        return None
    right = sum(c.agree for c in checked.checks)
    if checked.student is None:
        d = diagnose(checked.cfg, checked.values, progress, checked.trained)
        return dataclasses.replace(d, base_agree=right)
    wrong = [c for c in checked.checks if c.status in WRONG]
    if not wrong:                   # blank, unreadable or imprecise only: nothing to diagnose
        from bptrace.checking.diagnose import Diagnosis
        return Diagnosis([], {}, right, answered=right)
    cfg = for_diagnosis(checked)
    d = diagnose(cfg, checked.values, progress, student=checked.student, shared=shared)
    return dataclasses.replace(d, base_agree=right, student=student_mistakes(d, wrong[0].key),
                               answered=len(cfg.expect))


def student_mistakes(diagnosis, first_wrong: str) -> list[tuple]:
    """A student's one diagnosis, the same in the class table and in the student's details:
    the sheet's likely mistake where there is one, else what reproduces the first wrong answer."""
    if diagnosis is None:
        return []
    likely = diagnosis.likely
    return [likely.mistakes] if likely is not None else diagnosis.fits(first_wrong)


def grade_folder(cfg_default, folder: Path, decimals: int, round_to: int | None,
                 progress=None, need_sheet: bool = False) -> list[Grade]:
    """A class set: every answer file in the folder, one Grade per student (`progress`
    hears of each student graded). A file that cannot be graded (bad input, a diverging
    training) gets a row saying why, with score 0; the others are graded all the same.
    ``need_sheet``: no config was given, so an answer file must name its sheet."""
    from bptrace.checking.exercise import answer_files, hidden_answer_files, other_sheet
    from bptrace.training.loop import tell

    grades = []
    shared: dict = {}               # each sheet's variants computed once for the class
    files = answer_files(folder)
    for n, f in enumerate(files):
        tell(progress, "students", n, len(files))          # graded so far
        try:
            checked = check_answers(cfg_default, str(f), decimals, round_to, need_sheet=need_sheet,
                                    memo=shared)
            wrong = [c for c in checked.checks if not c.agree]
            answered = [c for c in wrong if c.status in WRONG]
            mistakes = []
            if answered:            # one diagnosis per student, the same the sheet would get
                mistakes = diagnose_checked(checked, shared=shared).student
        except BadInput as exc:
            grades.append(Grade(f.stem, "", 0, 0, problem=_problem(exc, f)))
            continue
        except Diverged as exc:
            exc.file = f.name
            grades.append(Grade(f.stem, "", 0, 0, problem=exc))
            continue
        who = getattr(checked.cfg, "student_name", "")
        grades.append(Grade(f"{f.stem} ({who})" if who else f.stem, checked.cfg.title,
                            len(checked.checks) - len(wrong),
                            len(checked.checks), wrong[0].key if wrong else "", mistakes,
                            [c.key for c in wrong],
                            blanks=sum(c.status == "blank" for c in wrong),
                            imprecise=sum(c.status == "imprecise" for c in wrong),
                            decimals=decimals,
                            unreadable=sum(c.status == "unreadable" for c in wrong),
                            carried=sum(c.status == "carried" for c in checked.checks),
                            note=other_sheet(f, getattr(checked.cfg, "sheet_named", None))))
    grades += [Grade(f.name, "", 0, 0, note=("skipped file", {})) for f in hidden_answer_files(folder)]
    tell(progress, "students", len(files), len(files))
    return grades


def _problem(exc: BadInput, f: Path) -> BadInput:
    """The error of one answer file, without its folder (the row names the student)."""
    if exc.file and Path(exc.file) == f:
        exc.file = f.name
    return exc
