"""Writing a long text made in chunks (the streamed JSON of a large trace): a chunk of
printable ASCII goes to the binary stdout as the bytes it already is — one pass to check it,
none to convert it, no search for colour codes it cannot hold; any other chunk, or a stdout
without a binary side, goes through :func:`bptrace.cli.options.out`, which shows control
characters escaped. The bytes written are the same either way."""

from __future__ import annotations

import sys
from typing import Iterable

# printable ASCII, tab and newline: what bptrace.render.safe.terminal leaves as it is
_SAFE_ASCII = bytes(range(0x20, 0x7f)) + b"\t\n"


def write_chunks(chunks: Iterable[str]) -> None:
    from bptrace.cli.options import out

    stdout = sys.stdout
    binary = getattr(stdout, "buffer", None)
    flushed = False
    for text in chunks:
        data = text.encode("ascii") if binary is not None and text.isascii() else None
        if data is None or data.translate(None, _SAFE_ASCII):
            out(text, nl=False)
            flushed = False
            continue
        if not flushed:                 # what went through the text side first goes first
            stdout.flush()
            flushed = True
        binary.write(data)
    if flushed:
        binary.flush()
