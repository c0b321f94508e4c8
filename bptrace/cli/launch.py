"""The program's entry point (``bptrace`` and ``python -m bptrace``): runs the command line
and turns what ends the process into one line and an exit status, whenever it happens —
Ctrl-C (while the modules are still loading, too) is "interrupted", exit 130; an output that
cannot be written (a full disk, /dev/full) is a message, exit 1; an output encoding that
lacks a character shows it escaped. Light: nothing is imported before the handlers are in
place."""

from __future__ import annotations

import codecs
import errno
import os
import sys

_OUTPUT_ERRORS = {errno.ENOSPC, errno.EIO, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}


class _StdoutClosed(OSError):
    """Writing to a standard output the caller closed (``bptrace step >&-``)."""

    def __init__(self):
        super().__init__(errno.EBADF, "standard output is closed")


def _closed_streams() -> None:
    """Standard streams the caller closed (``<&-``, ``>&-``, ``2>&-``): their descriptors are
    taken by the null device, so that no file bptrace opens becomes descriptor 0, 1 or 2
    (and no worker inherits one as its output); Python left ``sys.stdin``/``sys.stdout``
    None. Reading a closed stdin is bad input where it is asked for (``-`` as CONFIG); a
    closed stdout becomes a stream whose writing fails with one message, exit 1, as a full
    disk does — a command that prints nothing still runs."""
    import io
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            try:
                got = os.open(os.devnull, os.O_RDWR)
                if got != fd:
                    os.dup2(got, fd)
                    os.close(got)
            except OSError:
                pass
    if sys.stdout is None:
        class Closed(io.RawIOBase):
            def writable(self):
                return True

            def write(self, data):
                raise _StdoutClosed()
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(Closed()), encoding="utf-8")


def _say(text: str) -> None:
    if sys.stderr is None:                  # closed by the caller (2>&-): nowhere to say it
        return
    try:
        sys.stderr.write(text + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def _said(key: str, exc: BaseException | None = None) -> str:
    """One of these messages in the command line's language (English if even that fails)."""
    try:
        from bptrace.cli.help import lang_of
        from bptrace.words.messages import error_text
        args = {}
        if exc is not None:
            from bptrace.words.messages import os_reason
            args["why"] = (os_reason(exc) if isinstance(exc, OSError) and exc.strerror
                           else str(exc))
        return error_text(key, lang_of(sys.argv[1:]), args)
    except BaseException:                   # a second Ctrl-C while loading the words
        return {"interrupted": "bptrace: interrupted."}.get(key, "bptrace: cannot write the output.")


def main() -> None:
    code = _run()
    try:
        sys.stdout.flush()                  # now, so that a full device is a message, not an
    except (OSError, ValueError) as exc:    # exception while the interpreter exits
        code = code or 1
        if isinstance(exc, _StdoutClosed):
            _say(_said("stdout closed"))
            sys.stdout = open(os.devnull, "w")      # nothing left to flush at exit
            sys.exit(code)
        _say(_said("cannot write output", exc))
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
    sys.exit(code)


def _interrupt(signum, frame) -> None:
    """Ctrl-C as KeyboardInterrupt — except where it lands inside the import system's own
    clean-up callback, where Python cannot raise it (it prints "Exception ignored" with a
    traceback and goes on): there it is raised again a moment later, outside the callback."""
    import signal
    if (frame is not None and frame.f_code.co_name == "cb"
            and "importlib" in frame.f_code.co_filename and hasattr(signal, "setitimer")):
        signal.setitimer(signal.ITIMER_REAL, 0.005)         # → SIGALRM → here again
        return
    raise KeyboardInterrupt


def _run() -> int:
    try:
        import signal
        signal.signal(signal.SIGINT, _interrupt)
        if hasattr(signal, "SIGALRM"):
            signal.signal(signal.SIGALRM, _interrupt)
        _closed_streams()
        if hasattr(signal, "SIGPIPE"):      # `bptrace step | head`: end quietly, as cat does
            signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        safe_streams()                      # GBK, cp936, ASCII: ½ → 1/2 …, never a crash
        from click.exceptions import Abort, ClickException

        from bptrace.cli import cli
        try:
            rv = cli.main(prog_name="bptrace", standalone_mode=False)
        except ClickException as exc:
            from bptrace.cli.help import lang_of, show_usage_error
            argv = sys.argv[1:]
            show_usage_error(exc, lang_of(argv), argv)     # click's usage errors in Chinese too
            return exc.exit_code
        except Abort as exc:                # (click's word for an interrupt: the one it
            cause = exc.__cause__           # stands for is raised again, with its signal)
            raise (cause if isinstance(cause, KeyboardInterrupt) else KeyboardInterrupt()) from None
        return rv if type(rv) is int else 0
    except KeyboardInterrupt as exc:        # Ctrl-C; SIGTERM or SIGHUP where workers ran
        _say(_said("interrupted"))
        return 128 + getattr(exc, "signum", 2)
    except OSError as exc:
        if isinstance(exc, _StdoutClosed):
            _say(_said("stdout closed"))
            sys.stdout = open(os.devnull, "w")      # its buffer is never flushed again
            return 1
        if exc.errno not in _OUTPUT_ERRORS:
            raise
        _say(_said("cannot write output", exc))
        return 1


# --- Output that never crashes on its encoding. A terminal or a redirected file in GBK (Chinese
# Windows), cp936 or even ASCII cannot hold every character bptrace writes ('½', '′', '≈',
# '—', box lines …). Instead of a UnicodeEncodeError, each character the encoding lacks is
# written in a readable ASCII form ('½' → '1/2', 'σ′' → "σ'" where σ exists, '→' → '->'),
# and anything else as '?'. Nothing here formats numbers: it only replaces characters.

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
