"""Error messages in English and Chinese: a BadInput with a key (bptrace.errors) has its
words here, formatted in the language asked for (suggestions, lists and the phrases it
names included).

The words are kept by domain: :mod:`.files` (files, YAML, options), :mod:`.config` (the
config's sections), :mod:`.phrases` (what a message names: "the value of weight w5"). A
message names a thing by a :class:`What` record (a key and its arguments), never by English
words to be translated back."""

from __future__ import annotations

import re
from dataclasses import dataclass

LANGS = ("en", "zh")
_TABLES: dict = {}


def _table(name: str) -> dict:
    """ERRORS (every keyed message), PHRASES and ERROR_WHAT (what a message names),
    FULLWIDTH_NAMES: the words, loaded when a message is first written (a run without an
    error never needs them)."""
    if not _TABLES:
        from bptrace.words.messages.config import CONFIG_ERRORS
        from bptrace.words.messages.files import FILE_ERRORS, FULLWIDTH_NAMES
        from bptrace.words.messages.phrases import ERROR_WHAT, PHRASES
        from bptrace.words.messages.pictures import PICTURE_ERRORS
        from bptrace.words.messages.training import TRAINING_ERRORS
        _TABLES.update(ERRORS={**FILE_ERRORS, **CONFIG_ERRORS, **TRAINING_ERRORS,
                               **PICTURE_ERRORS},
                       PHRASES=PHRASES, ERROR_WHAT=ERROR_WHAT, FULLWIDTH_NAMES=FULLWIDTH_NAMES)
    return _TABLES[name]


def __getattr__(name: str):
    if name in ("ERRORS", "PHRASES", "ERROR_WHAT", "FULLWIDTH_NAMES"):
        return _table(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class What:
    """A thing a message names, in no language yet: a key of PHRASES and its arguments."""

    key: str
    args: tuple = ()

    def text(self, lang: str) -> str:
        return _fill(_table("PHRASES")[self.key][LANGS.index(lang)], dict(self.args), lang)


def what(key: str, /, **args) -> What:
    """what("weight value", name="w5") → "the value of weight w5" / "权值 w5 的值"."""
    return What(key, tuple(args.items()))


_LATIN_EDGE = re.compile(r"[A-Za-z0-9_'\"\]\)…*]")
_CJK_PUNCT = set("，。：；、（）“”《》—？！…「」 ")


def _named(value, lang: str, word: bool = False) -> str:
    """A named thing in `lang`: a What, a word of ERROR_WHAT (where `word`), or as written."""
    if isinstance(value, What):
        return value.text(lang)
    if hasattr(value, "text") and hasattr(value, "key"):       # a BadInput told inside another
        return value.text(lang)
    if word and isinstance(value, str) and value in _table("ERROR_WHAT"):
        return _table("ERROR_WHAT")[value][LANGS.index(lang)]
    return str(value)


def _cjk(ch: str) -> bool:
    return ch > "\x7f" and ch not in _CJK_PUNCT


def _fill(template: str, args: dict, lang: str) -> str:
    """A template with its arguments in `lang`. In Chinese, a value that begins or ends with
    Latin letters, digits or a quote is set off from a Chinese character beside it by a space
    ("learning_rate 应当是数")."""
    zh = lang == "zh"
    a = {}
    for k, v in args.items():
        if isinstance(v, (list, tuple)):
            v = ("、" if zh else ", ").join(_named(x, lang) for x in v)
        else:
            v = _named(v, lang, word=k in ("what", "where"))
        a[k] = v
    if not zh:
        return template.format(**a)
    from string import Formatter
    parts = list(Formatter().parse(template))
    out = []
    for n, (literal, field, _spec, _conv) in enumerate(parts):
        out.append(literal)
        if field is None:
            continue
        text = a[field]
        after = parts[n + 1][0] if n + 1 < len(parts) else ""
        if text and literal and _cjk(literal[-1]) and _LATIN_EDGE.match(text[0]):
            text = " " + text
        if text and after and _cjk(after[0]) and _LATIN_EDGE.match(text[-1]):
            text += " "
        out.append(text)
    return "".join(out)


def error_text(key: str, lang: str, args: dict) -> str:
    """The message of a keyed BadInput in `lang` (suggestions and lists formatted here)."""
    zh = lang == "zh"
    i = LANGS.index(lang)
    a = dict(args)
    close = a.pop("close", None) or []
    quoted = ", ".join(f"'{c}'" for c in close)
    a["suggest"] = ((f"——是不是想写 {quoted}？" if zh else f" — did you mean {quoted}?")
                    if close else ("。" if zh else "."))
    if "desc" in a:
        a["desc"] = _table("FULLWIDTH_NAMES").get(a["desc"], (a["desc"], a["desc"]))[i]
    return _fill(_table("ERRORS")[key][i], a, lang)


def place(text: str, lang: str) -> str:
    """A YAML path as the user reads it: the top level is named in words."""
    if text == "(top level)" and lang == "zh":
        return "（顶层）"
    return text
