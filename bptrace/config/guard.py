"""The memory guard: refuse what would not fit in this machine's memory before anything is
expanded or allocated, from the sizes as written (counts, list lengths), never from the
expanded names or arrays.

The estimate is what the run really allocates (measured with bench/bench_memory.py, which
compares it with the peak memory of ``bptrace step --format json``):

* a fixed part for the interpreter and its libraries (``BASE_BYTES``);
* per parameter, the network's arrays, names and records (``NETWORK_BYTES_PER_PARAMETER``);
* per bias-matrix entry (a layer's neurons × its biases, 8 bytes each);
* where a trace of every scalar is built (``step``, ``check``), its arrays
  (``TRACE_BYTES_PER_PARAMETER`` per parameter) — checked by :func:`check_trace`; where a
  renderer then asks for every quantity as a record (CSV, Markdown, a selection …), those
  (``QUANTITY_BYTES`` each) — checked by :func:`check_quantities`;
* data rows (inputs and targets as float64, with the reader's overhead) — :func:`check_rows`.
"""

from __future__ import annotations

import os
import stat

from bptrace.config.records import Node
from bptrace.errors import BadInput
from bptrace.words.messages import os_reason, what as phrase

BASE_BYTES = 64 * 2**20             # python, numpy, rich and the program itself
NETWORK_BYTES_PER_PARAMETER = 256   # arrays, names and parameter records of one parameter
TRACE_BYTES_PER_PARAMETER = 300     # step's trace (arrays of values; JSON written in chunks), measured
QUANTITY_BYTES = 900                # a quantity made for a reader (key, formula, operands), measured
BYTES_PER_DATA_VALUE = 64           # a value read from data (text, then float64)
MAX_DATA_FILE = 2**30               # a data file larger than this is not a course's data set
ALWAYS_FITS = 128 * 2**20           # a process with numpy loaded has mapped more than this


def available_memory() -> int | None:
    """Bytes of memory available now, or None where the system does not say."""
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def limit() -> int | None:
    """The bytes this process may use: the memory available, or less under a limit set
    with ``ulimit -v`` (RLIMIT_AS)."""
    avail = available_memory()
    try:
        import resource
        soft = resource.getrlimit(resource.RLIMIT_AS)[0]
        if soft != resource.RLIM_INFINITY:
            avail = soft if avail is None else min(avail, soft)
    except (ImportError, ValueError, OSError):
        pass
    return avail


def count_of(node: Node | None) -> int:
    """How many names a ``neurons:`` or ``inputs:`` entry makes (a count, or a list's length),
    without making them; 0 where the entry is not one of those (its parser says why)."""
    if node is None:
        return 0
    if node.is_scalar and isinstance(node.value, int) and not isinstance(node.value, bool):
        return max(node.value, 0)
    return len(node) if node.is_seq else 0


def bias_count(lnode: Node, n: int) -> int:
    """How many biases a layer's ``bias:`` makes for its n neurons, without making them."""
    node = lnode.get("bias") if lnode.is_map else None
    if node is None or node.is_null:
        return 0
    if node.is_scalar:
        return 1
    if node.is_map and "init" not in node:
        return len(node)
    return n


def parameters(sizes: list[int]) -> int:
    return sum(sizes[i] * sizes[i + 1] + sizes[i + 1] for i in range(len(sizes) - 1))


def network_bytes(sizes: list[int], biases: list[int] | None = None) -> int:
    """The memory a network of these layer sizes (inputs first) takes once built."""
    biases = biases or [0] * (len(sizes) - 1)
    matrices = sum(8 * n * b for n, b in zip(sizes[1:], biases))
    return BASE_BYTES + parameters(sizes) * NETWORK_BYTES_PER_PARAMETER + matrices


def trace_bytes(sizes: list[int], biases: list[int] | None = None) -> int:
    """The memory of ``step``: the network and the trace of every scalar of one step."""
    return network_bytes(sizes, biases) + parameters(sizes) * TRACE_BYTES_PER_PARAMETER


def _refuse(need: int, what, node: Node | None, file: str | None = None) -> None:
    if need <= ALWAYS_FITS:             # (no memory to look up for a textbook's network)
        return
    avail = limit()
    if avail is not None and need > avail:
        args = {"what": what, "need": _gib(need), "avail": _gib(avail)}
        if node is not None:
            raise node.bad("too much memory", **args)
        raise BadInput(key="too much memory", args=args, file=file)


def check_size(sizes: list[int], node: Node, biases: list[int] | None = None) -> None:
    """Refuse a network of these layer sizes (inputs first) where it would not fit."""
    _refuse(network_bytes(sizes, biases), phrase("this network", n=f"{parameters(sizes):,}"),
            node)


def check_trace(sizes: list[int], file: str | None = None, biases: list[int] | None = None) -> None:
    """Refuse a step trace (every scalar recorded) that would not fit."""
    _refuse(trace_bytes(sizes, biases), phrase("the trace", n=f"{parameters(sizes):,}"), None, file)


def check_quantities(count: int, file: str | None = None) -> None:
    """Refuse to make ``count`` quantities of a trace as records where they would not fit."""
    _refuse(BASE_BYTES + count * QUANTITY_BYTES, f"the {count:,} quantities of this step's "
            "trace, each with its formula,", None, file)


def check_rows(rows: int, width: int, node: Node) -> None:
    """Refuse data of this many rows of ``width`` values (inputs and targets) that would not
    fit, before it is generated or read."""
    _refuse(BASE_BYTES + rows * max(width, 1) * BYTES_PER_DATA_VALUE,
            phrase("samples of", rows=f"{rows:,}", width=width), node)


def check_data_file(path, node: Node) -> None:
    """A data file must be a regular file (not a device such as /dev/zero, nor a pipe that
    may never end) of a bounded size."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return                              # the reader says it does not exist
    except OSError as exc:
        raise node.bad("data file unreadable", path=str(path), why=os_reason(exc)) from None
    if not stat.S_ISREG(st.st_mode):
        raise node.bad("data file special", path=str(path))
    if st.st_size > MAX_DATA_FILE:
        raise node.bad("data file big", path=str(path), size=_gib(st.st_size), most=_gib(MAX_DATA_FILE))
    rows_at_most = st.st_size // 2 + 1              # a row is at least a digit and a newline
    _refuse(BASE_BYTES + st.st_size * 4 + rows_at_most * 16, phrase("the data file", path=str(path)), node)


def check_array(nbytes: int, values: int, what) -> None:
    """Refuse a stored array before it is read, from its header's shape × dtype (an .npz
    member is compressed: its size in the file says nothing of its size read): at most
    MAX_DATA_FILE as stored, as an uncompressed data file; and its bytes with the float64
    copy made of it must fit in memory."""
    if nbytes > MAX_DATA_FILE:
        raise BadInput(key="data array big", args={"what": what, "size": _gib(nbytes),
                                                   "most": _gib(MAX_DATA_FILE)})
    _refuse(BASE_BYTES + nbytes + values * 16, what, None)


def _gib(n: int) -> str:
    return f"{n / 2**30:,.1f} GiB"


def size_text(n: int) -> str:
    """A file's size as a limit message says it: MiB below a GiB, GiB above."""
    return f"{n / 2**20:,.0f} MiB" if n < 2**30 else _gib(n)
