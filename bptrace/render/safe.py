"""User strings made harmless where they are shown: on a terminal (no escape sequences,
window titles, OSC-8 links, bidi overrides or other control characters reach it) and in a
CSV file (no cell a spreadsheet would run as a formula). The one place for each; light, no
imports beyond the standard library."""

from __future__ import annotations

import re
import unicodedata
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


# --- The user's own text (titles, names, printed values) as characters LaTeX accepts.
#
# - :func:`one_line`: a title or a note on one line — a line break (a blank line ends a
# paragraph, which a heading, a table cell or a TikZ node cannot hold) is a space, and
# control and zero-width characters (U+200B, bidi marks, BEL, …) are dropped. The YAML
# comment of an answer file uses it too.
# - :func:`for_pdflatex`: a whole document (or TikZ picture) without Chinese, which pdflatex
# compiles: every character its UTF-8 input does not know is mapped to one it does —
# 𝐀 (mathematical bold) and full-width letters to their plain letters, Greek and a few
# symbols to math (in text and in formulas alike), anything else (an emoji) to a marked code
# point ``[U+1F600]``. xelatex (Chinese documents) takes any character and needs none of it.

# what pdflatex's UTF-8 input with T1 fonts knows: ASCII, Latin-1, Latin Extended-A, the
# usual punctuation and textcomp's arrows (regular expressions: a long name is read once, not
# character by character)
_PUNCTUATION = "–—‘’‚“”„†‡•…‰‹›€™←↑→↓"
_UNKNOWN = re.compile("[^\n\t\x20-\x7e\xa0-\u017f" + _PUNCTUATION + "]")
_NOT_ASCII = re.compile("[^\x20-\x7e]")

_MATH = {"α": r"\alpha", "β": r"\beta", "γ": r"\gamma", "δ": r"\delta", "ε": r"\epsilon",
         "ζ": r"\zeta", "η": r"\eta", "θ": r"\theta", "ι": r"\iota", "κ": r"\kappa",
         "λ": r"\lambda", "μ": r"\mu", "ν": r"\nu", "ξ": r"\xi", "π": r"\pi", "ρ": r"\rho",
         "σ": r"\sigma", "τ": r"\tau", "υ": r"\upsilon", "φ": r"\varphi", "χ": r"\chi",
         "ψ": r"\psi", "ω": r"\omega", "Γ": r"\Gamma", "Δ": r"\Delta", "Θ": r"\Theta",
         "Λ": r"\Lambda", "Ξ": r"\Xi", "Π": r"\Pi", "Σ": r"\Sigma", "Φ": r"\Phi", "Ψ": r"\Psi",
         "Ω": r"\Omega", "∂": r"\partial", "∑": r"\sum", "√": r"\surd", "∞": r"\infty",
         "≈": r"\approx", "≠": r"\neq", "≤": r"\le", "≥": r"\ge", "±": r"\pm", "→": r"\to",
         "←": r"\leftarrow", "⇒": r"\Rightarrow", "·": r"\cdot", "×": r"\times", "−": "-",
         "∈": r"\in", "∇": r"\nabla", "⁺": "^{+}"}

_SPECIAL = set("\\{}$&#^_%~")          # a fallback is never one of TeX's own characters

_BREAKS = re.compile(r"[ \t]*[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+[ \t]*")


def _dropped(ch: str) -> bool:
    """A control or format character (zero-width space and joiners, bidi marks, BOM, BEL…)."""
    return ch not in "\n\t" and unicodedata.category(ch) in ("Cc", "Cf")


def one_line(text: str) -> str:
    """The text on one line: line breaks as one space, control and zero-width characters
    dropped."""
    text = _BREAKS.sub(" ", text)
    if not _NOT_ASCII.search(text):
        return text
    return _NOT_ASCII.sub(lambda m: "" if _dropped(m.group()) else m.group(), text)


_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


def for_pdflatex(text: str) -> str:
    """The document with every character pdflatex does not know mapped to one it does."""
    return _UNKNOWN.sub(lambda m: _fallback(m.group()), text)


def for_engine(text: str) -> str:
    """A TikZ picture: with Chinese, as it is (xelatex); else for pdflatex."""
    return text if _CJK.search(text) else for_pdflatex(text)


def _fallback(ch: str) -> str:
    if _dropped(ch):
        return ""
    if ch in _MATH:
        return r"\ensuremath{" + _MATH[ch] + "}"
    plain = unicodedata.normalize("NFKC", ch)
    if plain != ch and not _UNKNOWN.search(plain) and not _SPECIAL.intersection(plain):
        return plain                            # 𝐀 → A, ｗ → w, ﬁ → fi
    return r"\mbox{[U+%04X]}" % ord(ch)
