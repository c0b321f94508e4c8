"""Error messages in every language: a BadInput with a key (bptrace.errors) has its words in
the catalogues' ``error`` context, formatted here in the language asked for (suggestions,
lists and the phrases it names included). A message names a thing by a :class:`What` record
(a key of the ``phrase`` context and its arguments), never by English words to be translated
back."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bptrace.words import chinese, has, text as _text


@dataclass(frozen=True)
class What:
    """A thing a message names, in no language yet: a key of the ``phrase`` catalogue and
    its arguments (or one of the special keys of :data:`_SPECIAL`)."""

    key: str
    args: tuple = ()

    def text(self, lang: str) -> str:
        args = dict(self.args)
        if self.key in _SPECIAL:
            return _SPECIAL[self.key](args, lang)
        return _fill(_text("phrase", self.key, lang), args, lang)


def what(key: str, /, **args) -> What:
    """what("weight value", name="w5") → "the value of weight w5" / "权值 w5 的值"."""
    return What(key, tuple(args.items()))


def _os_reason(args: dict, lang: str) -> str:
    """The operating system's reason: its own (English) words, or the catalogue's."""
    name = args.get("errno", "")
    if str(lang) != "en" and has("errno", name, lang):
        return _text("errno", name, lang)
    return args["en"]


_PATTERNS: list[str] = []


def _yaml_problem(args: dict, lang: str) -> str:
    """PyYAML's description of a syntax error (it has no other words) in `lang`, where the
    catalogue knows its pattern; as PyYAML wrote it where not."""
    problem = args["en"]
    if str(lang) == "en":
        return problem
    if not _PATTERNS:
        from bptrace.words import catalogue
        _PATTERNS.extend(k.split("\x04", 1)[1] for k in catalogue("en") if k.startswith("yaml\x04")
                         and k != "yaml\x04' or '")
    for pattern in _PATTERNS:
        m = re.fullmatch(pattern, problem.strip())
        if m:
            groups = (g.replace("' or '", _text("yaml", "' or '", lang)) for g in m.groups())
            return _text("yaml", pattern, lang).format(*groups)
    return problem


_SPECIAL = {"os reason": _os_reason, "yaml problem": _yaml_problem}


def os_reason(exc: OSError) -> What:
    """Why the operating system refused, as a phrase in every language."""
    import errno
    return what("os reason", errno=errno.errorcode.get(exc.errno or 0, ""),
                en=exc.strerror or str(exc))


def trimmed(text: str, most: int = 40) -> str:
    """A cell or a name as a message quotes it: at most ``most`` characters."""
    text = str(text)
    return text if len(text) <= most else text[:most - 1] + "…"


_LATIN_EDGE = re.compile(r"[A-Za-z0-9_'\"\]\)…*]")
_CJK_PUNCT = set("，。：；、（）“”《》—？！…「」 ")


def _named(value, lang: str, word: bool = False) -> str:
    """A named thing in `lang`: a What, a word of the ``what`` catalogue (where `word`), or
    as written."""
    if isinstance(value, What):
        return value.text(lang)
    if hasattr(value, "text") and hasattr(value, "key"):       # a BadInput told inside another
        return value.text(lang)
    if word and isinstance(value, str) and has("what", value, lang):
        return _text("what", value, lang)
    return str(value)


def _cjk(ch: str) -> bool:
    return ch > "\x7f" and ch not in _CJK_PUNCT


def _fill(template: str, args: dict, lang: str) -> str:
    """A template with its arguments in `lang`. In Chinese, a value that begins or ends with
    Latin letters, digits or a quote is set off from a Chinese character beside it by a space
    ("learning_rate 应当是数")."""
    zh = chinese(lang)
    a = {}
    for k, v in args.items():
        if isinstance(v, (list, tuple)):
            v = _text("grammar", "list sep", lang).join(_named(x, lang) for x in v)
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
        value = a[field]
        after = parts[n + 1][0] if n + 1 < len(parts) else ""
        if value and literal and _cjk(literal[-1]) and _LATIN_EDGE.match(value[0]):
            value = " " + value
        if value and after and _cjk(after[0]) and _LATIN_EDGE.match(value[-1]):
            value += " "
        out.append(value)
    return "".join(out)


def error_text(key: str, lang: str, args: dict) -> str:
    """The message of a keyed BadInput in `lang` (suggestions and lists formatted here)."""
    a = dict(args)
    close = a.pop("close", None) or []
    quoted = ", ".join(f"'{c}'" for c in close)
    a["suggest"] = (_text("grammar", "did you mean", lang, quoted=quoted) if close
                    else _text("grammar", "full stop", lang))
    if "desc" in a:
        a["desc"] = (_text("fullwidth", a["desc"], lang) if has("fullwidth", a["desc"], lang)
                     else a["desc"])
    return _fill(_text("error", key, lang), a, lang)


def place(path: str, lang: str) -> str:
    """A YAML path as the user reads it: the top level is named in words."""
    if path == "(top level)":
        return _text("grammar", "top level", lang)
    return path
