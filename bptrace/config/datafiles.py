"""Data files for ``data:`` at numpy speed: CSV (a header row, columns by name or as ranges),
``.npy`` (one 2-D array, columns by number) and ``.npz`` (named arrays, e.g. Keras'
``mnist.npz`` as it is: ``x_train``, ``y_train``). Nothing here prints.

Column selections (``input:`` / ``target:``) are lists of items; an item is a header name, a
column number counted from 1 (as a spreadsheet counts), or a range ``FROM-TO`` of either
(``pixel0-pixel783``, ``2-785``), both ends included. A single column of whole numbers
0 … k−1 as the target of a network with k > 1 outputs is read as class labels (one-hot).
Values are checked for being finite once per array.
"""

from __future__ import annotations

import re
import warnings

import numpy as np

from bptrace.errors import BadInput
from bptrace.words.messages import os_reason, trimmed
from bptrace.words.messages import what

_RANGE = re.compile(r"^\s*(.+?)\s*(?:-|\.\.|–)\s*(.+?)\s*$")


def columns(items: list[str], header: list[str] | None, width: int, where: str) -> list[int]:
    """Column indices (from 0) of the selection `items` in a table of `width` columns whose
    names are `header` (None: numbers only)."""
    out: list[int] = []
    for item in items:
        out.extend(_item(item.strip(), header, width, where))
    return out


def _item(item: str, header, width: int, where: str) -> list[int]:
    if header is not None and item in header:
        return [header.index(item)]
    if item.isdigit():
        return [_number(item, width, where)]
    m = _RANGE.match(item)
    if m:
        a, b = (_end(e, header, width, where) for e in m.groups())
        if a is not None and b is not None:
            if b < a:
                raise BadInput(key="range backwards", args={"where": where, "item": item})
            return list(range(a, b + 1))
    if header is None:
        raise BadInput(key="not a column", args={"where": where, "item": item, "width": width})
    # nothing of the file is quoted (it may be no CSV at all: /proc/self/environ, a
    # password file): only what the config asked for, and the header's width
    raise BadInput(key="no column", args={"where": where, "item": trimmed(item), "width": width})


def _end(text: str, header, width: int, where: str) -> int | None:
    if header is not None and text in header:
        return header.index(text)
    if text.isdigit():
        return _number(text, width, where)
    return None


def _number(text: str, width: int, where: str) -> int:
    k = int(text)
    if not 1 <= k <= width:
        raise BadInput(key="column range", args={"where": where, "k": k, "width": width})
    return k - 1


def read_csv(path, input_cols: list[str], target_cols: list[str],
             scale: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Columns from a CSV file with a header row: one vectorised read of the needed columns
    (the inputs divided by ``scale`` as they are copied out of it). Where numpy's reader
    refuses the file, the row-by-row reader finds and names the cell."""
    from bptrace.config import datasets

    try:
        # utf-8-sig: Excel's "CSV UTF-8" starts with a byte-order mark
        with open(path, newline="", encoding="utf-8-sig") as fh:
            first = fh.readline()
            while first and not first.strip(" \t\r\n,"):
                first = fh.readline()
            import csv
            header = [h.strip() for h in next(csv.reader([first]), [])]
            where = what("csv file", path=str(path))
            cx = columns(input_cols, header, len(header), where)
            ct = columns(target_cols, header, len(header), where)
            used = sorted(set(cx + ct))
            every = used == list(range(len(header)))     # all of them: no selection to make
            try:
                # every row is data: no comment character ('#N/A', Excel's error value, is a
                # cell that is not a number, not a comment); a file with no data row gives
                # numpy's "no data" warning, which the row-by-row reader says in words
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    data = np.loadtxt(fh, delimiter=",", usecols=None if every else used,
                                      ndmin=2, dtype=np.float64, encoding=None, comments=None)
            except ValueError:
                data = None
    except FileNotFoundError:
        raise BadInput(key="csv missing", args={"path": str(path)}) from None
    except UnicodeDecodeError:
        raise BadInput(key="csv not utf8", args={"path": str(path)}) from None
    except OSError as exc:
        raise BadInput(key="csv cannot read", args={"path": str(path),
                                                     "why": os_reason(exc)}) from None
    if data is None or len(data) == 0 or not np.isfinite(data).all():
        # the row-by-row reader names the line and column of the first bad cell
        names = [header[i] for i in cx], [header[i] for i in ct]
        try:
            X, T = datasets.read_csv(path, *names)
        except BadInput as exc:
            raise _by_number(exc, header, input_cols + target_cols) from None
        return (X if scale is None else X / scale), T
    pos = {c: i for i, c in enumerate(used)}
    T = _picked(data, [pos[c] for c in ct])         # a copy, made before the inputs change
    return _inputs(data, [pos[c] for c in cx], scale), T


def _by_number(exc: BadInput, header: list[str], asked: list[str]) -> BadInput:
    """A bad cell's column named as the config named it: by its header cell where the
    config wrote that cell (as an item or a range's end), else by its number — a column
    chosen by number in a file that is no CSV (/etc/passwd) must not quote the file."""
    if exc.key not in ("csv not number", "csv not finite"):
        return exc
    named: set[int] = set()                 # the columns the config chose by header name
    for item in (a.strip() for a in asked):
        m = _RANGE.match(item)
        if item in header:
            named.add(header.index(item))
        elif m and all(end in header for end in m.groups()):
            named.update(range(header.index(m.group(1)), header.index(m.group(2)) + 1))
    name = exc.args_["name"]
    if header.index(name) in named:
        exc.args_["name"] = trimmed(name)
        return exc
    return BadInput(key=exc.key + " at", args={"path": exc.args_["path"], "line": exc.args_["line"],
                                               "k": header.index(name) + 1}, file=exc.file)


def _inputs(data: np.ndarray, cols: list[int], scale: float | None) -> np.ndarray:
    """The input columns. A run of neighbouring columns (pixel0-pixel783) is divided by
    ``scale`` where it lies and handed on as a view of the array read: the largest array
    of a data set is neither allocated nor copied a second time."""
    if cols and cols == list(range(cols[0], cols[0] + len(cols))):
        part = data[:, cols[0]:cols[0] + len(cols)]
        if scale is not None:
            np.divide(part, scale, out=part)
        return part
    return _picked(data, cols, scale)


def _picked(data: np.ndarray, cols: list[int], scale: float | None = None) -> np.ndarray:
    """Columns of ``data`` as one new contiguous array (divided by ``scale``): a run of
    neighbouring columns is read through a view, so the numbers are copied once."""
    if cols and cols == list(range(cols[0], cols[0] + len(cols))):
        part = data[:, cols[0]:cols[0] + len(cols)]
        if scale is not None:
            return np.divide(part, scale)
        return np.ascontiguousarray(part)
    part = data[:, cols]
    if scale is not None:
        np.divide(part, scale, out=part)
    return np.ascontiguousarray(part)


NPY_MAGIC = b"\x93NUMPY"


def read_arrays(path, input_sel: list[str] | None, target_sel: list[str] | None,
                scale: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``.npz``: input and target name arrays (default ``x_train``, ``y_train``), each
    flattened to one row per sample; ``.npy``: one 2-D array, columns selected by number.

    Read here, not by np.load: each array's header (shape × dtype) is checked before a
    byte of it is read (an .npz member is compressed: a 6 MB file can hold 6 GB), a file
    broken in any way (empty, cut short, a bad checksum, a header numpy would not write,
    an object array) is one message, and nothing of the file is quoted in it."""
    import struct
    import zipfile
    import zlib

    where = what("the data file", path=str(path))
    try:
        with open(path, "rb") as fh:
            start = fh.read(len(NPY_MAGIC))
            fh.seek(0)
            if not start:
                raise _broken(where, "np empty")
            if start == NPY_MAGIC:
                X, T = _npy(fh, where, input_sel, target_sel)
            elif start[:2] == b"PK":
                X, T = _npz(fh, where, input_sel, target_sel)
            else:                                   # (a pickle too: never read)
                raise _broken(where, "np not numpy")
    except FileNotFoundError:
        raise BadInput(key="data file missing", args={"path": str(path)}) from None
    except BadInput:
        raise
    except OSError as exc:
        raise BadInput(key="data file unreadable", args={"path": str(path),
                                                          "why": os_reason(exc)}) from None
    except (ValueError, EOFError, zipfile.BadZipFile, zlib.error, NotImplementedError,
            RuntimeError, KeyError, IndexError, TypeError, OverflowError, struct.error):
        # zipfile: a bad checksum, an unknown compression, an encrypted member; numpy: a
        # header it cannot parse. (Their messages may quote the file: not shown.)
        raise _broken(where, "np damaged") from None
    return _floats(X, where, "input", scale), _floats(T, where, "target")


def _broken(where, why: str) -> BadInput:
    return BadInput(key="numpy broken", args={"where": where, "why": what(why)})


def _npy(fh, where, input_sel, target_sel) -> tuple[np.ndarray, np.ndarray]:
    a = _array(fh, where, "input", None)
    if a.ndim != 2:
        raise BadInput(key="npy shape", args={"where": where, "shape": str(a.shape)})
    if input_sel is None or target_sel is None:
        raise BadInput(key="npy columns", args={"where": where})
    w = a.shape[1]
    return a[:, columns(input_sel, None, w, where)], a[:, columns(target_sel, None, w, where)]


def _npz(fh, where, input_sel, target_sel) -> tuple[np.ndarray, np.ndarray]:
    import zipfile

    try:
        archive = zipfile.ZipFile(fh)
    except zipfile.BadZipFile:
        raise _broken(where, "np not npz") from None
    with archive:
        members = {m.filename[:-4]: m for m in archive.infolist()
                   if m.filename.endswith(".npy") and not m.is_dir()}
        if not members:
            raise _broken(where, "np not npz")
        picked = []
        for part, sel, default in (("input", input_sel, "x_train"), ("target", target_sel, "y_train")):
            name = default if sel is None else sel[0]
            if sel is not None and len(sel) != 1:
                raise BadInput(key="npz arrays", args={"where": where})
            if name not in members:
                known = [trimmed(n) for n in list(members)[:12]] + (["…"] if len(members) > 12 else [])
                raise BadInput(key="npz no array", args={"where": where, "name": trimmed(name),
                                                           "known": known})
            with archive.open(members[name]) as member:
                picked.append(_array(member, where, part, name))
    X, T = picked
    if len(X) != len(T):
        raise BadInput(key="npz lengths", args={"where": where, "x": len(X), "t": len(T)})
    return X.reshape(len(X), -1), T.reshape(len(T), -1)


def _array(fp, where, part: str, name: str | None) -> np.ndarray:
    """One .npy array from ``fp`` (a file or an archive's member), its header checked
    before its data is read: numbers (no objects, no records), a shape of at least one
    dimension with at least one row, a size the memory guard allows."""
    import math

    from numpy.lib import format as npformat

    from bptrace.config.guard import check_array

    version = npformat.read_magic(fp)
    if version not in ((1, 0), (2, 0)):     # 3.0: non-latin-1 field names, a record array
        raise _broken(where, "np header")
    read_header = npformat.read_array_header_1_0 if version == (1, 0) else \
        npformat.read_array_header_2_0
    try:
        shape, fortran, dtype = read_header(fp)
    except (OSError, EOFError):
        raise
    except Exception:       # numpy parses the header as Python literals: ValueError,
        # SyntaxError, tokenize.TokenError, RecursionError … all say one thing
        raise _broken(where, "np header") from None
    if not isinstance(shape, tuple) or not all(isinstance(n, int) and n >= 0 for n in shape):
        raise _broken(where, "np header")
    if dtype.kind not in "biuf" or dtype.hasobject or dtype.fields is not None:
        raise BadInput(key="array type", args={"where": where, "part": what(part),
                                                "dtype": "record" if dtype.fields else trimmed(str(dtype))})
    if shape == () and name is not None:
        raise BadInput(key="npz shape", args={"where": where, "name": trimmed(name)})
    if len(shape) >= 1 and shape[0] == 0:
        raise BadInput(key="data no rows", args={"where": where})
    count = math.prod(shape)
    nbytes = count * dtype.itemsize
    check_array(nbytes, count, where)
    buf = bytearray(nbytes)
    view, got = memoryview(buf), 0
    while got < nbytes:
        n = fp.readinto(view[got:])
        if not n:
            raise _broken(where, "np short")
        got += n
    if fp.read(1):                          # (and a zip member's checksum is checked at its end)
        raise _broken(where, "np damaged")
    return np.frombuffer(buf, dtype=dtype).reshape(shape, order="F" if fortran else "C")


def _floats(a: np.ndarray, where, part: str, scale: float | None = None) -> np.ndarray:
    """float64 rows, divided by ``scale`` as they are converted (uint8 pixels → [0, 1] in one
    pass and one float64 array); only floats are checked for NaN and infinity (integers are
    finite)."""
    if a.dtype.kind not in "biuf":
        raise BadInput(key="array type", args={"where": where, "part": what(part),
                                                "dtype": str(a.dtype)})
    if a.dtype.kind == "f" and not np.isfinite(a).all():
        r, c = np.argwhere(~np.isfinite(a))[0]
        raise BadInput(key="array finite", args={"where": where, "part": what(part),
                                                  "r": r + 1, "c": c + 1})
    out = np.ascontiguousarray(a, dtype=np.float64)     # (a: read from the file, ours to change)
    if scale is not None:                   # the numbers of float64(a) / scale, in place
        np.divide(out, scale, out=out)
    return out


def one_hot(T: np.ndarray, outputs: int) -> np.ndarray:
    """Class labels 0 … k−1 in one column → k columns (only where that is what they are)."""
    if T.shape[1] != 1 or outputs < 2 or len(T) == 0:
        return T
    labels = T[:, 0]
    if not (np.all(labels == np.round(labels)) and labels.min() >= 0 and labels.max() < outputs):
        return T
    out = np.zeros((len(T), outputs))
    out[np.arange(len(T)), labels.astype(np.intp)] = 1.0
    return out
