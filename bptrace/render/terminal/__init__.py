"""Renderers for the terminal: Rich tables and text charts of a step, its views, reports,
checks and the list of examples; here, what they all share — Chinese broken into lines by
display width (:class:`Para`, :func:`block`, :func:`units`)."""

from __future__ import annotations

from rich.cells import cell_len
from rich.containers import Lines
from rich.measure import Measurement
from rich.text import Text

# --- Line breaking for Chinese in the terminal. Rich breaks lines only at spaces, so a Chinese
# sentence with one space in it ("第 3 轮后") breaks there, and one without spaces is cut
# with '…'. :class:`Para` breaks between any two Chinese characters instead, keeps numbers,
# keys and other ASCII words whole, and never starts a line with a closing mark (，。）》…)
# nor ends one with an opening mark (（《“…).

_CLOSING = set("，。、；：！？）》」』】”’…—")
_OPENING = set("（《「『【“‘")


def _wide(ch: str) -> bool:
    return cell_len(ch) == 2 or ch in _CLOSING or ch in _OPENING


def units(text: str) -> list[tuple[int, int]]:
    """(start, end) of the pieces a line may break between: each Chinese character (with the
    closing marks after it and the opening marks before it), each ASCII word, each run of
    spaces."""
    out: list[list[int]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        j = i + 1
        if ch == " ":
            while j < n and text[j] == " ":
                j += 1
        elif not _wide(ch):
            while j < n and text[j] != " " and not _wide(text[j]):
                j += 1
        if ch != " " and out and (ch in _CLOSING) and text[out[-1][0]] != " ":
            out[-1][1] = j                               # a closing mark stays with what precedes
        elif out and text[out[-1][0]] in _OPENING and text[out[-1][1] - 1] in _OPENING \
                and ch != " ":
            out[-1][1] = j                               # an opening mark stays with what follows
        else:
            out.append([i, j])
        i = j
    return _glued(text, out)


def _glued(text: str, pieces: list[list[int]]) -> list[tuple[int, int]]:
    """A number or word set off by single spaces inside Chinese stays with the Chinese
    character beside it ("第 3 轮", "保留 9 位"): a line breaks before or after the group,
    never at such a space."""
    out: list[list[int]] = []
    k = 0
    while k < len(pieces):
        a, b = pieces[k]
        if (out and text[a:b] == " " and k + 1 < len(pieces)
                and _joins(text[out[-1][0]:out[-1][1]], text[slice(*pieces[k + 1])])):
            out[-1][1] = pieces[k + 1][1]            # the space and the next piece join the last
            k += 2
            continue
        out.append([a, b])
        k += 1
    return [(a, b) for a, b in out]


_SHORT = 8          # a longer formula or key may start a line of its own


def _joins(left: str, right: str) -> bool:
    """Whether a single space between these two pieces must not break: a Chinese character on
    one side, a short number or Latin word on the other."""
    word = left.rsplit(" ", 1)[-1]
    return (_han(left[-1]) and _word(right)) or (_han(right[0]) and _word(word))


def _word(text: str) -> bool:
    return len(text) <= _SHORT and text.isascii() and text[:1].isalnum() and text[-1:].isalnum()


def _han(ch: str) -> bool:
    return cell_len(ch) == 2 and ch not in _CLOSING and ch not in _OPENING


_BREAK_AFTER = set("×·+")


def formula_units(text: str) -> list[tuple[int, int]]:
    """The pieces of a formula a line may break between: after ×, · and +, at spaces and
    around Chinese characters — never inside a number or a key."""
    out = []
    for a, b in units(text):
        start = a
        for k in range(a, b):
            if text[k] in _BREAK_AFTER and k + 1 < b:
                out.append((start, k + 1))
                start = k + 1
        out.append((start, b))
    return out


def break_offsets(text: str, width: int, pieces=units) -> list[int]:
    """Where to break `text` into lines of at most `width` cells (a piece wider than a line
    is split by character)."""
    offsets, used = [], 0
    for a, b in pieces(text):
        piece = text[a:b]
        w = cell_len(piece)
        if piece.startswith(" "):
            used += w                                     # spaces may overhang; stripped later
            continue
        if used and used + w > width:
            offsets.append(a)
            used = 0
        if w > width:                                     # fold a too-long piece
            for k in range(a, b):
                cw = cell_len(text[k])
                if used and used + cw > width:
                    offsets.append(k)
                    used = 0
                used += cw
            continue
        used += w
    return offsets


class Para(Text):
    """A Text that wraps Chinese between characters (see the module docstring)."""

    pieces = staticmethod(units)

    def wrap(self, console, width, *, justify=None, overflow=None, tab_size=8, no_wrap=None):
        if no_wrap or self.no_wrap:
            return super().wrap(console, width, justify=justify, overflow=overflow,
                                tab_size=tab_size, no_wrap=no_wrap)
        lines = Lines()
        for line in self.split(allow_blank=True):
            pieces = line.divide(self.offsets(str(line), max(width, 1)))
            for k, piece in enumerate(pieces):
                if k:
                    lead = len(piece.plain) - len(piece.plain.lstrip(" "))
                    if lead:
                        piece = piece[lead:]
                piece.rstrip()
                lines.append(piece)
        return lines

    def offsets(self, text: str, width: int) -> list[int]:
        if cell_len(text) <= width:                       # the line fits: no break
            return []
        return break_offsets(text, width, self.pieces)

    def __rich_measure__(self, console, options):
        text = self.plain
        widest = max((cell_len(text[a:b].strip()) for a, b in self.pieces(text)
                      if text[a] != " "), default=1)
        longest = max((cell_len(line) for line in text.splitlines()), default=0)
        return Measurement(min(widest, longest), longest)


class Formula(Para):
    """A formula cell: wraps after ×, · and + (and between Chinese characters), so that no
    number and no key is ever split across lines."""

    pieces = staticmethod(formula_units)

    def offsets(self, text: str, width: int) -> list[int]:
        """Break at spaces (between the terms of a sum) where every term fits the width;
        inside a product (after × or ·) only where one does not."""
        if cell_len(text) <= width:                       # the line fits: no break
            return []
        if all(cell_len(text[a:b].strip()) <= width for a, b in units(text)):
            return break_offsets(text, width, units)
        return break_offsets(text, width, formula_units)


def para(text: str, style: str = "") -> Text:
    """A Text that wraps as Chinese needs when it holds Chinese, a plain Text otherwise."""
    if any(cell_len(ch) == 2 for ch in text):
        return Para(text, style=style)
    return Text(text, style=style)


class Block:
    """A paragraph printed on its own (console.print joins plain Texts, losing Para's line
    breaking; a Block keeps it)."""

    def __init__(self, text: Text):
        self.text = text

    def __rich_console__(self, console, options):
        yield from self.text.__rich_console__(console, options)

    def __rich_measure__(self, console, options):
        return self.text.__rich_measure__(console, options)


def block(text: str, style: str = "") -> "Block | Text":
    """`para` for a line printed on its own."""
    p = para(text, style)
    return Block(p) if isinstance(p, Para) else p
