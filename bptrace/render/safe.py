"""User strings made harmless where they are shown: on a terminal (no escape sequences,
window titles, OSC-8 links, bidi overrides or other control characters reach it) and in a
CSV file (no cell a spreadsheet would run as a formula). The one place for each; light, no
imports beyond the standard library."""

from __future__ import annotations

import re
from functools import lru_cache

# C0 controls but tab and newline, DEL, C1 controls, bidi embeddings/overrides/isolates,
# lone surrogates (an undecodable byte of a file name) and the noncharacters U+FFFE/U+FFFF:
# none of them printable (str.isprintable). What is left is also valid in XML (an SVG),
# LaTeX and DOT, which the picture writers rely on.
_UNSAFE = ("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069"
           "\ud800-\udfff\ufffe\uffff]")
_SAFE_ASCII = bytes(range(0x20, 0x7f)) + b"\t\n"     # the ASCII characters _UNSAFE leaves
_NUMBER = r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$|^[-+]?(inf|nan)$"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@lru_cache(maxsize=None)
def _pattern(source: str) -> re.Pattern:
    """A pattern, compiled when first used (most outputs need neither)."""
    return re.compile(source)


def _visible(m: re.Match) -> str:
    return f"\\u{ord(m.group()):04x}"


def terminal(text: str) -> str:
    """``text`` with every control character shown as its escape (``\\u001b``), so that it
    is printed, never obeyed. The escape is JSON's own, so JSON output stays valid JSON
    (and reads back as the original text)."""
    if text.isascii():
        if not text.encode("ascii").translate(None, _SAFE_ASCII):
            return text             # the common case, checked in one pass without the pattern
    elif text.isprintable() or text.replace("\n", "").replace("\t", "").isprintable():
        return text                 # every character printable but tab and newline
    unsafe = _pattern(_UNSAFE)
    return unsafe.sub(_visible, text) if unsafe.search(text) else text


def csv_cell(value):
    """A CSV cell that a spreadsheet shows as text: a string starting with = + - @ (or a tab
    or carriage return) that is not a plain number gets a leading apostrophe; numbers and
    everything else are unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) \
            and not _pattern(_NUMBER).match(value):
        return "'" + value
    return value


def csv_text(header: list[str], rows) -> str:
    """CSV with a header row and '\\n' line ends, every cell through :func:`csv_cell`: the
    one CSV writer of bptrace."""
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([csv_cell(c) for c in header])
    for row in rows:
        w.writerow([csv_cell(c) for c in row])
    return buf.getvalue()


def console(**options):
    """A Rich console whose every printed character went through :func:`terminal` (the
    console's own styles and cursor controls are kept): the one terminal of bptrace."""
    from rich.console import Console
    from rich.segment import Segment

    class _SafeConsole(Console):
        def _render_buffer(self, buffer):
            return super()._render_buffer(
                seg if seg.control else Segment(terminal(seg.text), seg.style)
                for seg in buffer)

    return _SafeConsole(**options)
