"""Output that never crashes on its encoding. A terminal or a redirected file in GBK (Chinese
Windows), cp936 or even ASCII cannot hold every character bptrace writes ('½', '′', '≈',
'—', box lines …). Instead of a UnicodeEncodeError, each character the encoding lacks is
written in a readable ASCII form ('½' → '1/2', 'σ′' → "σ'" where σ exists, '→' → '->'),
and anything else as '?'. Nothing here formats numbers: it only replaces characters."""

from __future__ import annotations

import codecs
import sys

HANDLER = "bptrace-ascii"

# readable stand-ins for the characters bptrace writes that legacy encodings lack
ASCII_FORMS: dict[str, str] = {
    "½": "1/2", "′": "'", "″": "''", "≈": "~", "≤": "<=", "≥": ">=", "≠": "!=",
    "→": "->", "←": "<-", "↔": "<->", "⏎": "|", "·": ".", "×": "x", "−": "-", "–": "-",
    "—": "--", "…": "...", "‘": "'", "’": "'", "“": '"', "”": '"', "•": "*", "●": "*",
    "○": "o", "∂": "d", "∇": "nabla ", "Σ": "sum ", "σ": "sigma", "η": "eta", "δ": "delta",
    "θ": "theta", "ŷ": "y^", "√": "sqrt", "∞": "inf", "²": "^2", "³": "^3", "ᵀ": "^T",
    "₀": "0", "₁": "1", "₂": "2", "₃": "3", "¹": "^1", "⁻": "^-", "ε": "eps", "β": "beta",
    "ρ": "rho", "α": "alpha", "✓": "ok", "✗": "x", "█": "#", "▏": "|", "▕": "|", "░": ".",
    "▒": ":", "▓": "#", "─": "-", "│": "|", "┌": "+", "┐": "+", "└": "+", "┘": "+",
    "├": "+", "┤": "+", "┬": "+", "┴": "+", "┼": "+", "═": "=", "║": "|", "╭": "+",
    "╮": "+", "╰": "+", "╯": "+", "━": "-", "┃": "|", "\u00a0": " ",
}


def _replace(err: UnicodeError):
    """The codec error handler: the ASCII form of each character the encoding cannot hold.
    An ASCII form whose own characters the encoding lacks (e.g. 'σ' in latin-1) is spelled
    out recursively, so the replacement itself never fails."""
    if not isinstance(err, UnicodeEncodeError):
        raise err
    out = []
    for ch in err.object[err.start:err.end]:
        form = ASCII_FORMS.get(ch, "?")
        try:
            form.encode(err.encoding)
        except (UnicodeEncodeError, LookupError):
            form = "".join(ASCII_FORMS.get(c, c) if ord(c) > 127 else c for c in form)
            form = form.encode("ascii", "replace").decode("ascii")
        out.append(form)
    return "".join(out), err.end


codecs.register_error(HANDLER, _replace)


def safe_streams() -> None:
    """Make stdout and stderr replace what their encoding cannot hold (UTF-8 streams are left
    as they are: they hold everything)."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if encoding in ("utf-8", "utf8") or not hasattr(stream, "reconfigure"):
            continue
        try:
            stream.reconfigure(errors=HANDLER)
        except (ValueError, OSError):           # a closed or unusual stream: leave it
            pass
