"""Every heading, label and explanation in English and Chinese. Renderers look words up
here (:func:`words`); the words are kept by domain: :mod:`.steps` (a step, its tables,
check), :mod:`.diagnosis` (check --diagnose), :mod:`.views` (picture, plots, html,
examples, grading), :mod:`.figures` (bptrace plot), :mod:`.titles` (the built-in examples' titles)."""

from __future__ import annotations

import os

from bptrace.words.course import COURSE_WORDS
from bptrace.words.figures import FIGURE_WORDS
from bptrace.words.live import LIVE_WORDS
from bptrace.words.steps import STEP_WORDS
from bptrace.words.titles import title
from bptrace.words.views import VIEW_WORDS

__all__ = ["LANGS", "WORDS", "default_lang", "words", "title", "mistake_name", "mistake_why",
           "mistakes_name"]

LANGS = ("en", "zh")

WORDS: dict[str, tuple[str, str]] = {**STEP_WORDS, **VIEW_WORDS, **COURSE_WORDS, **FIGURE_WORDS,
                                     **LIVE_WORDS}


def __getattr__(name: str):
    """The diagnosis's words (mistake_name, mistake_why, mistakes_name), loaded when check
    --diagnose first asks for them."""
    if name in ("mistake_name", "mistake_why", "mistakes_name"):
        from bptrace.words import diagnosis
        return getattr(diagnosis, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def default_lang() -> str:
    """From the locale: LANG (or LC_ALL, LC_MESSAGES) starting with zh → Chinese."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def words(lang: str, student: bool = False):
    """A lookup function: w("forward"), w("by hand", n=4). ``student``: the words a student
    reads about the student's own answers ("your answer", never a book's "printed" value):
    a key's "student KEY" words where there are any."""
    i = LANGS.index(lang)

    def w(key: str, **kw) -> str:
        text = WORDS.get(f"student {key}", WORDS[key])[i] if student else WORDS[key][i]
        return text.format(**kw) if kw else text
    w.lang = lang
    w.student = student
    return w

