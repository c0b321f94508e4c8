"""Every word a user reads, from the gettext catalogues in ``locale/`` (English, Chinese in
Simplified characters and mainland usage, Chinese in Traditional characters and Taiwan usage):
:func:`words` for a renderer's headings and labels, :mod:`.messages` for error messages,
:func:`mistake_name` and :func:`mistake_why` for check --diagnose's variants, :func:`title` for the built-in examples'
titles. A language is ``"en"``, ``"zh"`` (zh_CN) or ``"zh_TW"``; :func:`language` reads any
spelling of them (zh_CN.UTF-8, zh-Hant, zh_HK …). A :class:`Lang` may carry a teacher's own
terms (a config's or the settings' ``terms:``), applied to every word shown."""

from __future__ import annotations

import ast
import gettext
import io
import os
import struct
from pathlib import Path

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


# --- The diagnosis variants' names and meanings (check --diagnose): a variant is a record
# (bptrace.checking.variants.Mistake: kind + numbers); its words are made here, at render time,
# from the catalogues' ``mistake`` contexts. (JSON keeps the English names: they are identifiers.)

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


# --- The word catalogues: gettext ``.po`` files (``locale/<lang>/LC_MESSAGES/bptrace.po``),
# compiled to ``.mo`` when the package is built and read with the standard library's
# :mod:`gettext`. A ``.mo`` that is missing or older than its ``.po`` (a source checkout, an
# edited catalogue) is compiled from the ``.po`` when first needed — in memory, and kept beside
# the ``.po`` where that folder is writable. Nothing here knows a word; standard library only
# (the build step imports this file on its own).

DOMAIN = "bptrace"
LOCALE = Path(__file__).resolve().parent / "locale"
LANGUAGES = tuple(sorted(p.parent.parent.name for p in LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po")))


def read_po(text: str) -> dict[str, str]:
    """A ``.po`` file's messages: {"context\\x04msgid": msgstr} ("" for the header), as
    GNU gettext keys them. Reads what msgfmt writes and reads: comments, msgctxt, msgid,
    msgstr, strings continued on the following lines."""
    found: dict[str, str] = {}
    entry: dict[str, str] = {}
    field = None

    def flush():
        if "msgid" in entry:
            key = entry["msgid"]
            if "msgctxt" in entry:
                key = f"{entry['msgctxt']}\x04{key}"
            found[key] = entry.get("msgstr", "")
        entry.clear()

    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith('"'):
            if field is None:
                raise ValueError(f"line {n}: a string outside an entry")
            entry[field] += ast.literal_eval(line)
            continue
        word, _, rest = line.partition(" ")
        if word not in ("msgctxt", "msgid", "msgstr"):
            raise ValueError(f"line {n}: unknown keyword {word!r}")
        if word in ("msgctxt", "msgid") and ("msgstr" in entry or word in entry):
            flush()
        field = word
        entry[field] = ast.literal_eval(rest.strip())
    flush()
    return found


def mo_bytes(messages: dict[str, str]) -> bytes:
    """The GNU ``.mo`` image of {key: msgstr} (the layout msgfmt writes, without hashing)."""
    keys = sorted(messages)
    ids = [k.encode("utf-8") for k in keys]
    strs = [messages[k].encode("utf-8") for k in keys]
    start = 7 * 4 + 16 * len(keys)
    id_table, str_table, blob = [], [], b""
    for data, table in ((ids, id_table), (strs, str_table)):
        for item in data:
            table.append((len(item), start + len(blob)))
            blob += item + b"\0"
    out = struct.pack("<7I", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + 8 * len(keys), 0, 0)
    for length, offset in id_table + str_table:
        out += struct.pack("<2I", length, offset)
    return out + blob


def compile_all(root: Path = LOCALE, into: Path | None = None) -> list[Path]:
    """Every ``.po`` under ``root`` compiled to its ``.mo`` (under ``into``, same layout)."""
    written = []
    for po in sorted(root.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        mo = (into or root) / po.relative_to(root).with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        mo.write_bytes(mo_bytes(read_po(po.read_text(encoding="utf-8"))))
        written.append(mo)
    return written


_LOADED: dict[str, gettext.GNUTranslations] = {}


def translations(lang: str) -> gettext.GNUTranslations:
    """The catalogue of one of :data:`LANGUAGES`, read with :mod:`gettext`."""
    got = _LOADED.get(lang)
    if got is None:
        if lang != "en" and not (LOCALE / lang / "LC_MESSAGES").is_dir():
            return translations("en")
        po = LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        mo = po.with_suffix(".mo")
        if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
            with open(mo, "rb") as f:
                got = gettext.GNUTranslations(f)
        else:
            data = mo_bytes(read_po(po.read_text(encoding="utf-8")))
            try:                                    # kept for next time where it can be
                mo.write_bytes(data)
            except OSError:
                pass
            got = gettext.GNUTranslations(io.BytesIO(data))
        _LOADED[lang] = got
    return got


def catalogue(lang: str) -> dict[str, str]:
    """A catalogue's messages by "context\\x04msgid" (the header left out)."""
    return {k: v for k, v in translations(lang)._catalog.items() if k and isinstance(k, str)}
