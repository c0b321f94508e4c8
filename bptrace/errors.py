"""The one error type bptrace raises for anything the user got wrong.

Every check of user input raises :class:`BadInput` (never ``assert``); the command line
turns it into one paragraph on stderr and exit status 2.
"""

from __future__ import annotations


class BadInput(Exception):
    """Bad input: a config, an option or a file. Carries where the problem is."""

    def __init__(self, message: str, *, file: str | None = None, path: str | None = None,
                 line: int | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.path = path
        self.line = line
        self.hint = hint

    def located(self, file: str | None) -> "BadInput":
        """The same error with the file filled in (where it was not already)."""
        if self.file is None:
            self.file = file
        return self

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.path:
            where.append(self.path)
        head = ", ".join(where)
        text = f"{head}: {self.message}" if head else self.message
        if self.hint:
            text += f" {self.hint}"
        return text


class Diverged(Exception):
    """Training produced NaN, infinity or a runaway loss (the loss, at the epoch)."""

    def __init__(self, loss: float, epoch: int):
        super().__init__(loss, epoch)
        self.loss = loss
        self.epoch = epoch

    def __str__(self) -> str:
        import math
        if not math.isfinite(self.loss):
            return "the loss became not finite"
        return f"the loss became {self.loss:.3g}, a runaway"
