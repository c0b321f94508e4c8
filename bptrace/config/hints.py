"""Hints for the most common mistakes in a config: full-width punctuation typed by a Chinese
input method (：，【】 …), tabs, and misspelt names ("did you mean"). Each hint is a keyed
:class:`~bptrace.errors.BadInput` whose words are in ``bptrace.words.messages``."""

from __future__ import annotations

from bptrace.errors import close_matches, unknown, unknown_key  # noqa: F401 (the config's hints)
from bptrace.errors import BadInput

# full-width character → (its name in bptrace.words.messages.FULLWIDTH_NAMES, the ASCII character to use)
FULLWIDTH: dict[str, tuple[str, str]] = {
    "：": ("colon", ":"), "，": ("comma", ","), "、": ("ideographic comma", ","),
    "；": ("semicolon", ","), "【": ("left bracket", "["), "】": ("right bracket", "]"),
    "［": ("left bracket", "["), "］": ("right bracket", "]"), "｛": ("left brace", "{"),
    "｝": ("right brace", "}"), "（": ("left parenthesis", "("), "）": ("right parenthesis", ")"),
    "“": ("quote", '"'), "”": ("quote", '"'), "‘": ("quote", "'"), "’": ("quote", "'"),
    "　": ("space", " "), "－": ("minus", "-"), "。": ("period", "."), "＃": ("hash", "#"),
}

STRONG = set("：，；【】［］｛｝　＃\t")
WEAK = set(FULLWIDTH) - STRONG


def at(node) -> dict:
    """Where a YAML node is, as BadInput takes it (its path and line)."""
    return {"path": node.path or "(top level)", "line": node.line}


def _code_part(line: str) -> str:
    """The line without its comment (a '#' at the start or after a space starts one)."""
    quote = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i]
    return line


def _suspects(text: str, upto_line: int | None):
    """(line, column, character) of each full-width mark or tab outside comments and quotes,
    on the lines up to and including `upto_line` (1-based; None: all)."""
    for n, line in enumerate(text.splitlines(), start=1):
        if upto_line is not None and n > upto_line:
            break
        code, quote = _code_part(line), None
        for c, ch in enumerate(code, start=1):
            if quote:
                quote = None if ch == quote else quote
            elif ch in "'\"":
                quote = ch
            elif ch in FULLWIDTH or ch == "\t":
                yield n, c, ch


def yaml_syntax(text: str, line: int | None, column: int | None) -> BadInput | None:
    """For a YAML syntax error reported at (line, column), 1-based: the full-width mark or
    tab that most likely caused it — the last one at or before the error (the parser often
    notices a line later) — as a BadInput naming its line, column and the fix; else None."""
    found = None
    for marks in (STRONG, WEAK):                # brackets in a Chinese title are often fine
        for n, c, ch in _suspects(text, line):
            if line is not None and n == line and column is not None and c > column + 1:
                break
            if ch in marks and (marks is STRONG or line is None or n >= line - 1):
                found = (n, c, ch)
        if found is None and marks is STRONG:   # none before: the first one anywhere
            found = next(((n, c, ch) for n, c, ch in _suspects(text, None) if ch in marks), None)
        if found is not None:
            break
    if found is None:
        return None
    n, c, ch = found
    if ch == "\t":
        return BadInput(key="yaml tab", line=n, column=c)
    desc, fix = FULLWIDTH[ch]
    return BadInput(key="yaml fullwidth", args={"desc": desc, "char": ch, "fix": fix},
                    line=n, column=c)


def on_line(text: str, line: int | None) -> BadInput | None:
    """The first full-width mark or tab on one line (1-based) outside comments and quotes,
    as a hint for an error found there after parsing (e.g. `[i1， i2]` read as one name)."""
    if line is None:
        return None
    for n, c, ch in _suspects(text, line):
        if n == line and ch in STRONG:
            return yaml_syntax(text, line, c)
    return None
