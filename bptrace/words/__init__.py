"""Every word a user reads, from the gettext catalogues in ``locale/`` (English, Chinese in
Simplified characters and mainland usage, Chinese in Traditional characters and Taiwan usage):
:func:`words` for a renderer's headings and labels, :mod:`.messages` for error messages,
:mod:`.diagnosis` for check --diagnose's variants, :func:`title` for the built-in examples'
titles. A language is ``"en"``, ``"zh"`` (zh_CN) or ``"zh_TW"``; :func:`language` reads any
spelling of them (zh_CN.UTF-8, zh-Hant, zh_HK …). A :class:`Lang` may carry a teacher's own
terms (a config's or the settings' ``terms:``), applied to every word shown."""

from __future__ import annotations

import os

from bptrace.words.catalogue import translations

__all__ = ["LANGS", "Lang", "language", "chinese", "text", "has", "words",
           "title", "HandTitle", "mistake_name", "mistake_why", "mistakes_name"]

LANGS = ("en", "zh", "zh_TW")
FOLDER = {"en": "en", "zh": "zh_CN", "zh_TW": "zh_TW"}        # the catalogues' folders


class Lang(str):
    """A language ("en", "zh", "zh_TW") with the terms a teacher renamed ({old: new}): as a
    str, the language itself, so everything that compares or passes languages keeps working."""

    def __new__(cls, code: str, terms: dict | None = None):
        obj = super().__new__(cls, code)
        obj.terms = dict(terms or {})
        return obj

    def __reduce__(self):
        return (Lang, (str(self), self.terms))


def language(value: str | None) -> str | None:
    """A language code from any usual spelling: en, en_US.UTF-8, zh, zh_CN, zh-Hans, zh_SG →
    "zh"; zh_TW, zh-TW, zh_HK, zh_MO, zh-Hant → "zh_TW"; None where it names none of them."""
    if not value:
        return None
    v = value.split(".")[0].split("@")[0].replace("-", "_").lower()
    if v in ("c", "posix"):
        return "en"
    if v == "en" or v.startswith("en_"):
        return "en"
    if v == "zh" or v.startswith("zh_"):
        parts = v.split("_")[1:]
        return "zh_TW" if any(p in ("tw", "hk", "mo", "hant") for p in parts) else "zh"
    return _added_language(v)


def _added_language(v: str) -> str | None:
    """A language added as a catalogue only (locale/<code>/LC_MESSAGES/bptrace.po, e.g. ja or
    pt_BR): no code names it. The full code first, then the language alone."""
    from bptrace.words.catalogue import LOCALE
    for code in (v, v.split("_")[0]):
        for folder in (LOCALE.iterdir() if LOCALE.is_dir() else ()):
            if folder.name.lower() == code and (folder / "LC_MESSAGES").is_dir():
                return folder.name
    return None


def chinese(lang: str) -> bool:
    """Chinese of either script (its punctuation, its fonts)."""
    return str(lang).startswith("zh")


def locale_lang() -> str:
    """From the locale: LC_ALL, LC_MESSAGES, LANG (the first that is set), as gettext reads
    them; a language bptrace has no words in is English."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return language(value) or "en"
    return "en"


def renamed(text: str, lang) -> str:
    """A text with the teacher's terms applied (longest first, so 校对误差 before 误差)."""
    terms = getattr(lang, "terms", None)
    if terms:
        for old in sorted(terms, key=len, reverse=True):
            text = text.replace(old, terms[old])
    return text


def _key(ctx: str, key: str) -> str:
    return f"{ctx}\x04{key}"


def _folder(lang) -> str:
    return FOLDER.get(str(lang), str(lang))


def has(ctx: str, key: str, lang: str = "en") -> bool:
    return _key(ctx, key) in translations(_folder(lang))._catalog


def text(ctx: str, key: str, lang: str, /, **kw) -> str:
    """One message of the catalogue ``ctx`` in ``lang``, its placeholders filled, the teacher's
    terms applied. An unknown key is a KeyError (a programming mistake, found by the tests)."""
    catalog = translations(_folder(lang))._catalog
    try:
        found = catalog[_key(ctx, key)]
    except KeyError:
        raise KeyError(f"{ctx}: {key}") from None
    return renamed(found.format(**kw) if kw else found, lang)


def words(lang: str, student: bool = False):
    """A lookup function: w("forward"), w("by hand", n=4). ``student``: the words a student
    reads about the student's own answers ("your answer", never a book's "printed" value):
    a key's "student KEY" words where there are any."""
    def w(key: str, **kw) -> str:
        if student and has("word", f"student {key}", lang):
            key = f"student {key}"
        return text("word", key, lang, **kw)
    w.lang = lang
    w.student = student
    return w


class HandTitle(str):
    """The title of a hand calculation (--round N, --round printed): the config's title and
    how the hand rounds, kept apart so that each language words it; as a str, the English."""

    def __new__(cls, base: str, round_to):
        obj = super().__new__(cls, _hand(base, round_to, "en"))
        obj.base, obj.round_to = base, round_to
        return obj

    def __getnewargs__(self):
        return (self.base, self.round_to)


def _hand(base: str, round_to, lang: str) -> str:
    if round_to == "printed":
        return text("title", "{base} — by hand, from the printed values", lang, base=base)
    return text("title", "{base} — by hand, every intermediate rounded to {n} decimals", lang,
                base=base, n=round_to)


def title(value: str, lang: str) -> str:
    """A config's title in `lang`: a built-in example's title is translated; a user's own
    title stays as written; a hand calculation's title is worded in `lang`."""
    if isinstance(value, HandTitle):
        return _hand(title(value.base, lang), value.round_to, lang)
    if str(lang) == "en" or not has("title", value, lang):
        return value
    return text("title", value, lang)


def __getattr__(name: str):
    """The diagnosis's words (mistake_name, mistake_why, mistakes_name), loaded when check
    --diagnose first asks for them."""
    if name in ("mistake_name", "mistake_why", "mistakes_name"):
        from bptrace.words import diagnosis
        return getattr(diagnosis, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
