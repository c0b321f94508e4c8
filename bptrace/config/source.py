"""File lookup: a config named by its path, or by the name of a built-in example."""

from __future__ import annotations

import os

from bptrace.config import examples
from bptrace.errors import BadInput
from bptrace.words.messages import os_reason


def read_source(source: str | None) -> tuple[str, str]:
    """(display name, YAML text) for a path or a built-in example name (default mazur)."""
    if source is None:
        source = examples.DEFAULT
    if not source.strip():
        raise BadInput(key="no config", args={"known": examples.names()})
    if source == "-":                              # `bptrace step - < my.yaml`
        return read_stdin()
    path = _as_named(source)
    if os.path.isfile(path):
        try:
            with open(path, encoding="utf-8") as fh:
                return source, read_bounded(fh, source)
        except UnicodeDecodeError:
            raise BadInput(key="not utf8", file=source) from None
        except OSError as exc:
            raise BadInput(key="cannot read", args={"why": os_reason(exc)}, file=source) from None
    if os.path.isdir(path):
        raise BadInput(key="is directory", file=source)
    if os.path.exists(path):
        raise BadInput(key="not regular", file=source)
    if source in examples.names():
        return source, examples.text(source)
    from bptrace.errors import close_matches
    raise BadInput(key="no file", args={"known": examples.names(),
                                        "close": close_matches(source, examples.names())},
                   file=source)


MAX_SOURCE = 64 * 2**20     # bytes: a config (also one saved with a large network's values)
#                             or an answer file larger than this is not one a person wrote


def too_big(size: int | None, name: str) -> BadInput:
    """The file is ``size`` bytes (None: more than the limit, found while reading)."""
    from bptrace.config.guard import size_text
    if size is None:
        return BadInput(key="source bigger", args={"most": size_text(MAX_SOURCE)}, file=name)
    return BadInput(key="source big", args={"size": size_text(size), "most": size_text(MAX_SOURCE)},
                    file=name)


def read_bounded(fh, name: str) -> str:
    """The text of an open config or answer file, refused by its size (stat) before it is
    read — a 3 GB file would be read whole, a 100 GB sparse one a MemoryError — and read
    no further than the limit (a file that grows meanwhile)."""
    size = os.fstat(fh.fileno()).st_size
    if size > MAX_SOURCE:
        raise too_big(size, name)
    text = fh.read(MAX_SOURCE + 1)
    if len(text) > MAX_SOURCE:
        raise too_big(None, name)
    return text


def _as_named(source: str) -> str:
    """The path as a path object names it ("a.yaml/" is the file a.yaml): the text itself
    where it holds nothing to tidy, as it almost always does (the path module is imported
    only for the rest)."""
    if os.path.normpath(source) == source:
        return source
    from pathlib import Path
    return str(Path(source))


def read_stdin() -> tuple[str, str]:
    """('<stdin>', the YAML text piped in): `-` as CONFIG reads standard input."""
    import sys
    if sys.stdin is None:                           # `bptrace step - <&-`
        raise BadInput(key="stdin closed", file="<stdin>")
    stream = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else sys.stdin
    data = stream.read(MAX_SOURCE + 1)
    if len(data) > MAX_SOURCE:
        raise too_big(None, "<stdin>")
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise BadInput(key="not utf8", file="<stdin>") from None
    if not data.strip():
        raise BadInput(key="stdin empty", file="<stdin>")
    return "<stdin>", data
