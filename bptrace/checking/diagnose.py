"""check --diagnose: which known convention or mistake reproduces a textbook's numbers.

The variants of the catalogue (:mod:`bptrace.checking.variants`) are tried alone, then in
pairs of those that reproduce something alone; each is scored by how many printed values it
reproduces. Where printed values come from training (trained.*), each way of training runs
once (on Python floats where the net is small: :mod:`bptrace.maths.scalar`), the config's own
training among them. Nothing here prints:
:func:`diagnose` returns a :class:`Diagnosis`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from math import isfinite

import numpy as np

from bptrace.checking.mistakes import trained_alone, trained_shared, training_signature
from bptrace.checking.printed import agrees, compare, truncates_to
from bptrace.checking.variants import CATALOGUE, CATALOGUE_BY_NAME, Mistake, applied, training_key
from bptrace.trace import step_values
from bptrace.training.loop import Callback, tell
from bptrace.training.workers import cores


@dataclass
class Finding:
    """One variant or pair: what it reproduces."""
    variants: tuple[str, ...]       # the catalogue's names of the variants combined
    mistakes: tuple[Mistake, ...]   # the same as applied (kind + numbers), for the words
    agree: int                      # printed values reproduced
    of: int
    agreeing: list[str]             # the keys reproduced

    @property
    def families(self) -> list[str]:
        return [CATALOGUE_BY_NAME[n].family for n in self.variants]


@dataclass
class Diagnosis:
    """``findings`` best first; ``explained``: for each differing key, the simplest
    variants (each a tuple of mistakes: one, or a pair) that reproduce it; ``base_agree``:
    how many printed values the config itself reproduces."""
    findings: list[Finding]
    explained: dict[str, list[tuple[Mistake, ...]]]
    base_agree: int = 0
    differing: list[str] = field(default_factory=list)
    # keys that only variants making more printed values disagree than the textbook-correct
    # computation reproduce (then said so, not offered as the explanation it would be)
    worse: list[str] = field(default_factory=list)
    # variants that would apply but compute with η, not tried: the config has no learning_rate
    needs_lr: list[str] = field(default_factory=list)
    # a student's answers: the one diagnosis of the student (the class table's and the
    # details' alike), each a tuple of mistakes; empty for a textbook's values
    student: list[tuple[Mistake, ...]] = field(default_factory=list)
    answered: int = 0               # a student's: the answers diagnosed (given, read, precise)

    @property
    def likely(self) -> "Finding | None":
        """The one diagnosis of the whole sheet: the finding that reproduces the most
        differing values (best first), if it reproduces any."""
        for f in self.findings:
            if set(f.agreeing) & set(self.differing):
                return f
        return None

    def fits(self, key: str) -> list[tuple[Mistake, ...]]:
        """What reproduces one differing value, consistent over the sheet: the sheet's one
        likely diagnosis where it reproduces this value, else the simplest variants that do."""
        likely = self.likely
        if likely is not None and key in likely.agreeing:
            return [likely.mistakes]
        return self.explained.get(key, [])

    def meanings(self, key: str) -> list[Mistake]:
        """The mistakes whose meaning is told for a key: only where one variant alone does it."""
        fits = self.explained.get(key, [])
        return [f[0] for f in fits] if fits and len(fits[0]) == 1 else []


def _evaluate(cfg, names: tuple[str, ...], trained: bool, base_values: dict, cache: dict,
              decimals: int | None = None, shared: dict | None = None, expect=None,
              arrays: bytes | None = None):
    """One variant (or pair) of the catalogue: the step (and training, where trained.* keys
    are printed) computed its way; a Finding, or None where a variant does not apply.
    ``shared``: each variant's values by config and variant, kept for other answer files of
    the same sheet (grading a class: the variants are computed once per sheet); ``expect``,
    ``arrays``: the answers as (key, text), the arrays as bytes, made once for the variants."""
    where = None
    if shared is not None and cfg._text is not None:
        if arrays is None:
            arrays = b"".join(a.tobytes() for a in cfg.network.arrays())
        where = (cfg._text, cfg.file, cfg.learning_rate, names, trained, arrays)
    got = shared.get(where) if where is not None else None
    if got is None:
        got = _variant_values(cfg, names, trained, base_values, cache)
        if where is not None:
            shared[where] = got
    if got is False:
        return None
    values, s, mistakes = got
    if s.get("truncate") or s.get("float32"):
        agrees = _agree(values, s, decimals)
        agreeing = [e.key for e in cfg.expect
                    if e.key in values and isfinite(values[e.key]) and agrees(e)]
    elif where is not None:         # a class: each answer's agreement once per variant
        from bptrace.checking.classmemo import agreeing as of_class
        agreeing = of_class(values.get, expect or [(e.key, e.text) for e in cfg.expect], decimals,
                            shared.setdefault(("agree", where, decimals), {}))
    else:
        get = values.get
        agreeing = [k for k, text in expect or [(e.key, e.text) for e in cfg.expect]
                    if (v := get(k)) is not None and isfinite(v) and _agrees(k, text, v, type(v), decimals)]
    return Finding(tuple(names), mistakes, len(agreeing), len(cfg.expect), agreeing)


def _variant_values(cfg, names: tuple[str, ...], trained: bool, base_values: dict, cache: dict):
    """(every value the variant computes, its settings, its mistakes), or False where it does
    not apply."""
    made = applied(cfg, names, trained, base_values)
    if made is None:
        return False
    c, s, mistakes = made
    conv = s["conv"]
    with np.errstate(all="ignore"):
        values = step_values(c.network, c.sample.x, c.sample.t, c.learning_rate, conv)
    if trained:
        # rounding is a hand-calculation habit: trained values come from code, unrounded
        key = training_key(names)
        if not key:
            cache[key] = {k: v for k, v in base_values.items() if k.startswith("trained.")}
        if key not in cache:
            same = training_signature(c, s)     # variants that train alike train once
            if same is None:
                cache[key] = trained_alone(c, s)
            elif same not in cache:
                cache[key] = cache[same] = trained_shared(c, s, same, cache)
            else:
                cache[key] = cache[same]
        values.update(cache[key])
    return values, {"truncate": s.get("truncate"), "float32": s.get("float32")}, mistakes


def _agree(values, s, decimals):
    """How a variant's values are compared with the printed ones, where not as they are
    (:func:`_agrees`)."""
    if s.get("truncate"):           # every value printed truncated to its printed digits
        def agrees(e):
            return truncates_to(e.text, values[e.key])
    else:                           # float32: Keras computes in it, its last digits are its own
        def agrees(e):
            v = values[e.key]
            return compare(e.key, e.text, v, min_decimals=decimals).agree or (
                _number(e.text) is not None
                and abs(_number(e.text) - v) <= 4 * float(np.spacing(np.float32(abs(v)))))
    return agrees


@lru_cache(maxsize=1 << 16)
def _agrees(key: str, text: str, value: float, kind: type, decimals: int | None) -> bool:
    """compare(…).agree, once per answer and value (a class's answers repeat; ``kind``: a
    Residue compares as what it is)."""
    return agrees(key, text, value, decimals)


def _number(text: str) -> float | None:
    try:
        return float(text.strip().replace("_", ""))
    except ValueError:
        return None


def _evaluate_in_worker(text: str, file: str, expect: list[tuple[str, str]], jobs: list,
                        trained: bool, base_values: dict, known: dict):
    """The same, in another process (a config is rebuilt from its text: it holds functions);
    ``known``: trained values already computed, by training key. Returns the findings and
    the trained values computed here."""
    from bptrace.config import Expectation, parse_config
    cfg = parse_config(text, file)
    cfg.expect = [Expectation(k, t, None, None) for k, t in expect]
    cache: dict = dict(known)
    found = [_evaluate(cfg, names, trained, base_values, cache) for names in jobs]
    return found, {k: v for k, v in cache.items() if k not in known}


def _run(cfg, jobs: list[tuple[str, ...]], trained: bool, base_values: dict, cache: dict, pool,
         progress: Callback = None, stage: str = "variants", decimals: int | None = None,
         shared: dict | None = None):
    """Evaluate the jobs. Where they train and two or more training keys are not in ``cache``
    yet, they train in the pool's processes (``pool()``, where given), jobs that train alike
    in one worker together, the trained values coming back into ``cache``; the rest here.
    `progress` hears of each finished job (a Progress record)."""
    away = [i for i, names in enumerate(jobs) if trained and training_key(names) not in cache]
    if pool is None or len({training_key(jobs[i]) for i in away}) < 2:
        away = []
    expect = [(e.key, e.text) for e in cfg.expect]
    groups: dict[tuple, list[int]] = {}
    for i in away:
        groups.setdefault(training_key(jobs[i]), []).append(i)
    futures = [(members, pool().submit(_evaluate_in_worker, cfg.text, cfg.file, expect,
                                       [jobs[i] for i in members], trained, base_values, {}))
               for members in groups.values()]
    out: list = [None] * len(jobs)
    done = 0
    skip = set(away)
    arrays = None if shared is None or cfg._text is None else \
        b"".join(a.tobytes() for a in cfg.network.arrays())
    for i, names in enumerate(jobs):
        if i not in skip:
            out[i] = _evaluate(cfg, names, trained, base_values, cache, decimals, shared,
                               expect, arrays)
            done += 1
            tell(progress, stage, done, len(jobs))
    for members, future in futures:
        found, learned = future.result()
        cache.update(learned)
        for i, f in zip(members, found):
            out[i] = f
        done += len(members)
        tell(progress, stage, done, len(jobs))
    return out


def diagnose(cfg, base_values: dict[str, float], progress: Callback = None,
             known: dict | None = None, student: "Student | None" = None,
             shared: dict | None = None) -> Diagnosis:
    """Which variants reproduce the config's differing expected values (a Diagnosis);
    `progress` is told how many variants are done (Progress records); ``known``: trained
    values already computed, by training key; ``student``: the expected values are a
    student's answers (the student catalogue, the sheet's precision, what grading found);
    ``shared``: the variants' values kept across calls for the same sheet (grading a class)."""
    from contextlib import ExitStack
    trained = any(e.key.startswith("trained.") for e in cfg.expect)
    cache: dict[tuple, dict] = dict(known or {})
    with ExitStack() as stack:
        made: list = []

        def pool():                 # started only where variants are left to train one by one
            if not made:
                import os
                from concurrent.futures import ProcessPoolExecutor

                from bptrace.training.workers import ended_with_this_process, worker_start
                made.append(stack.enter_context(ended_with_this_process(ProcessPoolExecutor(
                    max_workers=min(4, cores()), initializer=worker_start,
                    initargs=(os.getpid(),)))))
            return made[0]
        parallel = trained and cores() > 1 and not _small(cfg)
        return _diagnose(cfg, base_values, trained, cache, pool if parallel else None, progress,
                         student, shared)


def _small(cfg) -> bool:
    """Whether the config trains on Python floats (then a worker process costs more than it
    saves)."""
    from bptrace.maths.scalar import plan
    return plan(cfg.network, None, len(cfg.dataset[0])) is not None


@dataclass(frozen=True)
class Student:
    """A student's answers diagnosed: the decimals the sheet asks for (every variant is
    compared at them, as the grading is) and the answers the grading counted right."""
    decimals: int
    right: frozenset


def _diagnose(cfg, base_values, trained, cache, pool, progress: Callback = None,
              student: Student | None = None, shared: dict | None = None) -> Diagnosis:
    decimals = student.decimals if student else None

    def findings_of(jobs, stage):
        return [f for f in _run(cfg, jobs, trained, base_values, cache, pool, progress, stage,
                                decimals, shared) if f is not None]

    if student is not None:
        from bptrace.checking.variants import STUDENT_CATALOGUE
        catalogue = STUDENT_CATALOGUE
        base_agree = {e.key for e in cfg.expect if e.key in student.right}
    else:
        catalogue = CATALOGUE
        base_agree = {e.key for e in cfg.expect
                      if compare(e.key, e.text, base_values[e.key]).agree}
    differing = [e.key for e in cfg.expect if e.key not in base_agree]
    needs_lr = []
    if cfg.learning_rate is None:
        needs_lr = [v.name for v in catalogue
                    if v.needs_lr and applied(cfg, (v.name,), trained, base_values) is not None]
        catalogue = [v for v in catalogue if not v.needs_lr]
    findings = findings_of([(v.name,) for v in catalogue], "variants")
    helpful = [f for f in findings if set(f.agreeing) & set(differing)]
    pairs = [(a.variants[0], b.variants[0]) for i, a in enumerate(helpful)
             for b in helpful[i + 1:] if a.families[0] != b.families[0]]
    findings += findings_of(pairs, "pairs")
    # at equal merit, ordinary rounding before truncation: a value both explain was rounded
    findings.sort(key=lambda f: (-len(set(f.agreeing) & set(differing)), -f.agree,
                                 "truncation" in f.families, len(f.variants)))
    explained: dict[str, list[tuple[Mistake, ...]]] = {}
    worse = []
    for key in differing:
        fits = [f for f in findings if key in f.agreeing]
        better = [f for f in fits if f.agree >= len(base_agree)]
        if fits and not better:
            worse.append(key)
        fits = better or fits
        if fits:
            fewest = min(len(f.variants) for f in fits)
            best = max(f.agree for f in fits if len(f.variants) == fewest)
            chosen = [f for f in fits if len(f.variants) == fewest and f.agree == best]
            # where rounding (or another variant) explains it as well, truncation does not
            # take the explanation: printed digits are rounded unless only cutting explains them
            chosen = [f for f in chosen if "truncation" not in f.families] or chosen
            explained[key] = [f.mistakes for f in chosen]
        else:
            explained[key] = []
    return Diagnosis(findings, explained, len(base_agree), differing, worse, needs_lr)
