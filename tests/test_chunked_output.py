"""A long text written in chunks (the streamed JSON of a large trace): plain ASCII chunks go
to the binary stdout directly, the others through the escaping writer, and the bytes are the
same as writing the whole text through it, in the same order."""

from __future__ import annotations

import io
import sys

from bptrace.cli.options import write_chunks
from bptrace.cli.options import out


def _written(monkeypatch, write) -> bytes:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="utf-8", write_through=False)
    monkeypatch.setattr(sys, "stdout", stream)
    write()
    stream.flush()
    return raw.getvalue()


def test_chunks_are_written_as_the_whole_text_would_be(monkeypatch):
    chunks = ['{"a": ', "1.5", ', "\u202eb\x1b[31m": ', "2, ", '"权重": 3', "}", "\n", '"tab\t"']
    whole = _written(monkeypatch, lambda: out("".join(chunks), nl=False))
    assert b"\\u202e" in whole and b"\\u001b" in whole           # escaped, not obeyed
    assert _written(monkeypatch, lambda: write_chunks(chunks)) == whole


def test_without_a_binary_side_every_chunk_goes_through_the_escaping_writer(monkeypatch):
    seen = io.StringIO()
    monkeypatch.setattr(sys, "stdout", seen)
    write_chunks(['{"a": 1', ', "\x07": 2}'])
    assert seen.getvalue() == '{"a": 1, "\\u0007": 2}'
