"""File lookup: a config named by its path, or by the name of a built-in example."""

from __future__ import annotations

import os

from bptrace import examples
from bptrace.errors import BadInput
from bptrace.messages.files import os_reason


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
                return source, fh.read()
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
    from bptrace.didyoumean import close_matches
    raise BadInput(key="no file", args={"known": examples.names(),
                                        "close": close_matches(source, examples.names())},
                   file=source)


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
    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise BadInput(key="not utf8", file="<stdin>") from None
    if not data.strip():
        raise BadInput(key="stdin empty", file="<stdin>")
    return "<stdin>", data
