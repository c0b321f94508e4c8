"""Writing the user's files: the one writer behind --save, --log, --plot, draw -o,
exercise --out and every export.

What a target name can be, and what happens:

* a regular file, or a name not yet taken: written atomically — a temporary file in the
  same folder, then renamed over the target — so nothing is ever left half-written. An
  existing file keeps its mode bits; a new one gets the usual ``0o666`` less the umask.
* a symbolic link (also a chain of them): followed; the real target is written as above
  and the link stays a link.
* a character device or a named pipe (``/dev/null``, ``/dev/stdout``, ``/dev/tty``,
  ``/proc/self/fd/1``, a FIFO): written *through*, as ``cat > /dev/null`` would — such a
  target is never replaced by a file, and ``--log /dev/stdout`` prints the log.
* anything else (a directory, a block device such as a disk, a socket): refused with a
  clear message, exit 2.

While the temporary file exists, SIGINT, SIGTERM, SIGHUP and SIGQUIT are held back (the data
is already in memory, so this lasts as long as one write): a signal arriving then is
delivered right after the temporary file was renamed or removed, so none is ever left
behind.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
import threading
from pathlib import Path

from bptrace.errors import BadInput
from bptrace.words.messages import os_reason
from bptrace.words.messages import what as phrase

_HELD = tuple(getattr(signal, s) for s in ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT")
              if hasattr(signal, s))


@contextlib.contextmanager
def signals_held():
    """Hold back the terminating signals for the block (main thread, POSIX); they are
    delivered when it ends."""
    can = hasattr(signal, "pthread_sigmask") and threading.current_thread() is threading.main_thread()
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD) if can else None
    try:
        yield
    finally:
        if old is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _encoded(data: str | bytes) -> bytes:
    if isinstance(data, bytes):
        return data
    # a name from the file system may carry an undecodable byte (a surrogate): written escaped
    return data.encode("utf-8", "backslashreplace")


def target_kind(path: str | os.PathLike) -> str:
    """'new', 'file' (regular), 'through' (a character device or a pipe), or raise
    BadInput for what must not be written (a directory, a block device, a socket)."""
    try:
        st = os.stat(path)                          # follows symbolic links
    except FileNotFoundError:
        return "new"                                # also a dangling link: its target is made
    except OSError as exc:
        raise _cannot(path, exc) from None
    if stat.S_ISREG(st.st_mode):
        return "file"
    if stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode):
        return "through"
    what = ("a directory" if stat.S_ISDIR(st.st_mode) else
            "a block device" if stat.S_ISBLK(st.st_mode) else
            "a socket" if stat.S_ISSOCK(st.st_mode) else "not a regular file")
    raise BadInput(key="write not file", args={"path": str(path), "what": phrase(what)})


def _cannot(path, exc: OSError) -> BadInput:
    return BadInput(key="cannot write", args={"path": str(path), "why": os_reason(exc)})


def write_atomic(path: str | os.PathLike, data: str | bytes) -> None:
    """Write ``data`` (text as UTF-8) to ``path`` as the module docstring describes."""
    raw = _encoded(data)
    kind = target_kind(path)
    if kind == "through":
        return _write_through(path, raw)
    real = Path(os.path.realpath(path))
    folder = real.parent
    if not folder.is_dir():
        raise BadInput(key="no folder", args={"path": str(path), "folder": str(folder)})
    with signals_held():
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise _cannot(path, exc) from None
        try:
            _write_all(fd, raw)
            os.chmod(tmp, _mode_for(real))
            os.replace(tmp, real)
        except OSError as exc:
            Path(tmp).unlink(missing_ok=True)
            raise _cannot(path, exc) from None
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _write_all(fd: int, raw: bytes, sync: bool = True) -> None:
    """Every byte of ``raw`` written to ``fd`` (and on disk, ``sync``), then ``fd`` closed."""
    try:
        view = memoryview(raw)
        while view:
            view = view[os.write(fd, view):]
        if sync:
            os.fsync(fd)
    finally:
        os.close(fd)


def _mode_for(real: Path) -> int:
    try:
        return stat.S_IMODE(real.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _write_through(path, raw: bytes) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise _cannot(path, exc) from None
    try:
        view = memoryview(raw)
        while view:
            view = view[os.write(fd, view):]
    except OSError as exc:
        raise _cannot(path, exc) from None
    finally:
        os.close(fd)


def make_folder(folder: Path) -> None:
    """Create a folder for output files (and its parents), or say why it cannot be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadInput(key="cannot create folder", args={"folder": str(folder),
                                                        "why": os_reason(exc)}) from None


def check_writable(paths) -> None:
    """Say before any long work, not after, that an output file cannot be written."""
    for p in paths:
        if target_kind(p) == "through":
            continue
        folder = Path(os.path.realpath(p)).parent
        if not folder.is_dir():
            raise BadInput(key="no folder", args={"path": str(p), "folder": str(folder)})
        if not os.access(folder, os.W_OK):
            raise BadInput(key="folder not writable", args={"path": str(p), "folder": str(folder)})


def inputs_of(cfg) -> list[str]:
    """The files a loaded config was read from: the config file itself and its data file
    (a built-in example or standard input has none)."""
    found = []
    if cfg is None:
        return found
    if os.path.isfile(cfg.file):
        found.append(cfg.file)
    node = cfg.root.get("data") if cfg.root.is_map else None
    if node is not None and node.is_map:
        from bptrace.config.data import _data_path
        for form in ("csv", "npz", "npy"):
            if form in node and isinstance(node.get(form).value, str):
                found.append(str(_data_path(node.get(form).value, cfg.file)))
    return found


def refuse_inputs(outputs, inputs) -> None:
    """An output that is one of the inputs — the same file, also through a symbolic or a hard
    link (the same device and inode) — is refused before anything is written."""
    seen: dict[tuple[int, int], str] = {}
    for p in inputs:
        try:
            st = os.stat(p)
        except (OSError, ValueError):
            continue
        if stat.S_ISREG(st.st_mode):
            seen.setdefault((st.st_dev, st.st_ino), str(p))
    for p in outputs:
        try:
            st = os.stat(p)
        except (OSError, ValueError):
            continue                                # a new file is no input
        if (st.st_dev, st.st_ino) in seen:
            raise BadInput(key="output is input", args={"path": str(p),
                                                        "input": seen[st.st_dev, st.st_ino]})


def check_outputs(outputs, cfg) -> None:
    """A command's output files, before any long work: none of them one of the config's
    inputs, each writable, no two the same file."""
    refuse_inputs(outputs, inputs_of(cfg))
    check_writable(outputs)
    if len({str(Path(f).resolve()) for f in outputs}) < len(outputs):
        raise BadInput(key="files differ")


@contextlib.contextmanager
def folder_locked(folder: Path):
    """Hold an exclusive lock on a folder (the folder itself, no lock file) for the block:
    two processes that write a set of files into one folder take turns, never mix."""
    try:
        import fcntl
    except ImportError:                             # no flock: the files are still atomic
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as exc:
        raise BadInput(key="cannot create folder", args={"folder": str(folder),
                                                        "why": os_reason(exc)}) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:                             # a file system without locks
            pass
        yield
    finally:
        os.close(fd)                                # (closing releases the lock)


def write_set(folder: Path, files: list[tuple[str, str | bytes]]) -> None:
    """Write several files into ``folder`` as one set: each is first written in full into a
    hidden staging folder inside it, all are synced to disk (in one pass), then renamed into
    place one after the other with the terminating signals held back, so an interrupt
    leaves either the old set or the new one. Targets that are links, devices or pipes are written as
    :func:`write_atomic` writes them; a directory or a socket is refused before anything
    is written. Call it under :func:`folder_locked` so that concurrent runs take turns."""
    kinds = [target_kind(folder / name) for name, _ in files]      # refuses before writing
    try:
        stage = tempfile.mkdtemp(prefix=".bptrace-", dir=folder)
    except OSError as exc:
        raise _cannot(folder, exc) from None
    try:
        plain = []
        for (name, data), kind in zip(files, kinds):
            target = folder / name
            if kind == "through" or target.is_symlink():
                continue
            staged = os.path.join(stage, name)
            try:
                fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                _write_all(fd, _encoded(data), sync=False)
                os.chmod(staged, _mode_for(target))
            except OSError as exc:
                raise _cannot(target, exc) from None
            plain.append(name)
        if plain:
            os.sync()                       # every staged file on disk before any rename
        with signals_held():
            for name in plain:
                try:
                    os.replace(os.path.join(stage, name), folder / name)
                except OSError as exc:
                    raise _cannot(folder / name, exc) from None
        done = set(plain)
        for name, data in files:
            if name not in done:
                write_atomic(folder / name, data)
    finally:
        import shutil
        shutil.rmtree(stage, ignore_errors=True)
