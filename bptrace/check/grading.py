"""Grading: the expected values of a config, or a student's answers, compared with what
bptrace computes; a class set graded student by student. Nothing here prints: functions
return :class:`Checked` and :class:`Grade` records."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bptrace.check.compare import Check, compare, unknown_key
from bptrace.check.trained import with_trained
from bptrace.errors import BadInput, Diverged
from bptrace.messages import what


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
    problem: str = ""           # why the answer file could not be graded ("" where it was)
    blanks: int = 0                 # answers left empty
    imprecise: int = 0              # answers with fewer decimals than the sheet asks for
    decimals: int | None = None     # the decimals the sheet asks for


def compare_expected(cfg, tr, source: str, min_decimals: int | None = None,
                     hand: dict[str, float] | None = None,
                     trained: dict | None = None) -> tuple[dict[str, float], list[Check]]:
    """(all computed values, one Check per expected value of ``cfg.expect``). For a student's
    answers, ``min_decimals`` and ``hand`` (the values of the hand calculation rounded to that
    many decimals) as :func:`bptrace.check.compare` takes them; ``trained``: the config's
    trained values where they are known already. Raises Diverged where the training for
    trained.* values diverges."""
    try:
        values = with_trained(cfg, tr.values(), trained)
    except Diverged as exc:
        exc.file = cfg.file             # which sheet's training diverged
        raise
    values.update(_sample_values(cfg, source))
    checks = []
    for e in cfg.expect:
        if e.key not in values:
            raise unknown_key(e.key, list(values), e.line).located(source)
        try:
            checks.append(compare(e.key, e.text, values[e.key], e.line, min_decimals,
                                  hand.get(e.key) if hand else None))
        except BadInput as exc:
            raise exc.located(source) from None
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
        raise BadInput(key="expect no data", args={"key": e.key},
                       path=f"expect.{e.key}", line=e.line).located(source)
    X, T = cfg.data
    for k in numbers:
        if not 1 <= k <= len(X):
            e = next(e for e in cfg.expect if e.key.startswith(f"s{k}."))
            raise BadInput(key="expect sample", args={"key": e.key, "k": k, "n": len(X)},
                           path=f"expect.{e.key}", line=e.line).located(source)
    from bptrace.trace.batch import sample_values
    return sample_values(cfg.network, X, T, cfg.learning_rate, numbers)


def check_config(cfg, round_to: int | None, diagnose: bool = False) -> Checked:
    """The config's own expect: values. ``diagnose``: a diagnosis will be asked for; where
    the config's training is expected, it trains with the diagnosis's variants, as one stack."""
    from bptrace.check.trained import needs_training
    from bptrace.trace.hand import traces

    if not cfg.expect:
        raise BadInput(key="no expect", file=cfg.file)
    tr = traces(cfg, round_to).shown
    trained: dict = {}
    if diagnose and needs_training(cfg):
        from bptrace.check.together import trained_with_variants
        trained = trained_with_variants(cfg, tr.values())
    values, checks = compare_expected(cfg, tr, cfg.file, trained=trained.get(()))
    return Checked(cfg, tr, values, checks, trained)


def sheet_of(cfg_default, answers: str, sheet: str | None):
    """The config an answer file is for: the one it names (`sheet: exercise-B.yaml`), else the
    default. An answer file is untrusted: it may name only a YAML file beside it (or beside
    the default config) by its bare name, or a built-in example; a sheet that does not load
    is reported without its content."""
    from bptrace import examples
    from bptrace.config import load_config

    if not sheet:
        return cfg_default
    if sheet in examples.names():
        return load_config(sheet)
    path = _sheet_beside(sheet, [Path(answers).parent, Path(cfg_default.file).parent])
    if path is None:
        raise BadInput(key="sheet not found", args={"sheet": sheet}, file=answers, path="sheet")
    try:
        return load_config(str(path))
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


def check_answers(cfg_default, answers: str, decimals: int, round_to: int | None) -> Checked:
    """One student's answer file against its sheet; an answer agrees with the exact value
    or with a hand calculation rounded to ``decimals``."""
    from bptrace.config import load_expect
    from bptrace.trace.hand import hand_values, traces

    expect, sheet = load_expect(answers)
    cfg = sheet_of(cfg_default, answers, sheet)
    cfg.expect = expect
    tr = traces(cfg, round_to).shown
    values, checks = compare_expected(cfg, tr, answers, decimals, hand_values(cfg, decimals))
    return Checked(cfg, tr, values, checks)


def diagnose_checked(checked: Checked, progress=None):
    """The diagnosis of a checked sheet (None where every value agrees); `progress` hears
    how many variants are done."""
    import dataclasses

    from bptrace.check.diagnose import diagnose

    if checked.agree:
        return None
    d = diagnose(checked.cfg, checked.values, progress, checked.trained)
    return dataclasses.replace(d, base_agree=sum(c.agree for c in checked.checks))


def is_sheet(path: Path) -> bool:
    """Whether a YAML file is a sheet (a config: it has a top-level `network:`), not a
    student's answers — `bptrace exercise --out DIR` writes both into one folder."""
    from bptrace.config.source import MAX_SOURCE
    try:
        if path.stat().st_size > MAX_SOURCE:     # graded as answers: refused there, by its size
            return False
        with open(path, encoding="utf-8", errors="replace") as f:
            return any(line.startswith("network:") for line in f)
    except OSError:
        return False


def answer_files(folder: Path) -> list[Path]:
    """The students' answer files of a folder (the sheets written next to them are skipped)."""
    files = sorted(p for p in folder.iterdir()
                   if p.suffix in (".yaml", ".yml") and p.is_file() and not is_sheet(p))
    if not files:
        raise BadInput(key="no answers", file=str(folder))
    return files


def grade_folder(cfg_default, folder: Path, decimals: int, round_to: int | None,
                 progress=None) -> list[Grade]:
    """A class set: every answer file in the folder, one Grade per student (`progress`
    hears of each student graded). A file that cannot be graded (bad input, a diverging
    training) gets a row saying why, with score 0; the others are graded all the same."""
    from bptrace.check.diagnose import diagnose
    from bptrace.progress import tell

    grades = []
    files = answer_files(folder)
    for n, f in enumerate(files):
        tell(progress, "students", n, len(files))          # graded so far
        try:
            checked = check_answers(cfg_default, str(f), decimals, round_to)
            wrong = [c for c in checked.checks if not c.agree]
            answered = [c for c in wrong if c.status not in ("blank", "imprecise")]
            mistakes = []
            if answered:            # one diagnosis per student, the same the sheet would get
                mistakes = diagnose(checked.cfg, checked.values).fits(answered[0].key)
        except BadInput as exc:
            grades.append(Grade(f.stem, "", 0, 0, problem=_problem(exc, f)))
            continue
        except Diverged as exc:
            grades.append(Grade(f.stem, "", 0, 0, problem=f"training diverged at epoch {exc.epoch}: {exc}"))
            continue
        grades.append(Grade(f.stem, checked.cfg.title, len(checked.checks) - len(wrong),
                            len(checked.checks), wrong[0].key if wrong else "", mistakes,
                            [c.key for c in wrong],
                            blanks=sum(c.status == "blank" for c in wrong),
                            imprecise=sum(c.status == "imprecise" for c in wrong),
                            decimals=decimals))
    tell(progress, "students", len(files), len(files))
    return grades


def _problem(exc: BadInput, f: Path) -> str:
    """The error of one answer file, without its folder (the row names the student)."""
    if exc.file and Path(exc.file) == f:
        exc.file = f.name
    return str(exc)
