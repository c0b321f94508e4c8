"""Writing the user's files: always atomically (a temporary file in the same folder, then
renamed over the target), so nothing is ever left half-written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from bptrace.errors import BadInput


def write_atomic(path: str | os.PathLike, data: str | bytes) -> None:
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise BadInput(f"cannot write {path}: the folder {folder} does not exist.")
    mode = "wb" if isinstance(data, bytes) else "w"
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise BadInput(f"cannot write {path}: {exc.strerror or exc}.") from None
    try:
        with os.fdopen(fd, mode, **({} if mode == "wb" else {"encoding": "utf-8", "newline": ""})) as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise BadInput(f"cannot write {path}: {exc.strerror or exc}.") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def make_folder(folder: Path) -> None:
    """Create a folder for output files (and its parents), or say why it cannot be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadInput(f"cannot create the folder {folder}: {exc.strerror or exc}.") from None


def check_writable(paths) -> None:
    """Say before any long work, not after, that an output file cannot be written."""
    for p in paths:
        folder = Path(p).resolve().parent
        if not folder.is_dir():
            raise BadInput(f"cannot write {p}: the folder {folder} does not exist.")
        if not os.access(folder, os.W_OK):
            raise BadInput(f"cannot write {p}: the folder {folder} is not writable.")
