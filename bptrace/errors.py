"""The one error type bptrace raises for anything the user got wrong.

Every check of user input raises :class:`BadInput` (never ``assert``); the command line
turns it into one paragraph on stderr and exit status 2.
"""

from __future__ import annotations


class BadInput(Exception):
    """Bad input: a config, an option or a file. Carries where the problem is."""

    def __init__(self, message: str | None = None, *, file: str | None = None,
                 path: str | None = None, line: int | None = None, hint: str | None = None,
                 column: int | None = None, key: str | None = None, args: dict | None = None):
        # a keyed error (key + args) has its words in bptrace.messages.ERRORS, in every language;
        # a plain message stays as written
        if message is None:
            from bptrace.messages import error_text
            message = error_text(key, "en", args or {})
        super().__init__(message)
        self.message = message
        self.file = file
        self.path = path
        self.line = line
        self.column = column
        self.hint = hint
        self.key = key
        self.args_ = dict(args or {})
        self.also: "BadInput | None" = None     # a keyed hint told after the message

    def at(self, node) -> "BadInput":
        """The same error placed at a YAML node (its path and line), keeping its words."""
        self.path, self.line = node.path or "(top level)", node.line
        return self

    def located(self, file: str | None) -> "BadInput":
        """The same error with the file filled in (where it was not already)."""
        if self.file is None:
            self.file = file
        return self

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str = "en") -> str:
        """The one paragraph the user reads: where (file, line, column, YAML path), then what,
        in the language asked for (keyed errors are translated; plain messages stay)."""
        from bptrace.messages import error_text, place
        zh = lang == "zh"
        where = []
        if self.file:
            where.append(self.file)
        if self.line is not None:
            where.append(f"第 {self.line} 行" if zh else f"line {self.line}")
        if self.column is not None:
            where.append(f"第 {self.column} 列" if zh else f"column {self.column}")
        if self.path:
            where.append(place(self.path, lang))
        message = error_text(self.key, lang, self.args_) if self.key else self.message
        head = ("，" if zh else ", ").join(where)
        text = f"{head}{'：' if zh else ': '}{message}" if head else message
        if self.hint:
            text += f" {self.hint}"
        if self.also is not None:
            also = error_text(self.also.key, lang, self.also.args_)
            col = self.also.column
            text += (f"（第 {col} 列：{also}）" if zh else f" (column {col}: {also})")
        return text


class Diverged(Exception):
    """Training produced NaN, infinity or a runaway loss (the loss, at the epoch)."""

    def __init__(self, loss: float, epoch: int):
        super().__init__(loss, epoch)
        self.loss = loss
        self.epoch = epoch

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str = "en") -> str:
        """What happened to the loss, in `lang`."""
        import math
        from bptrace.messages import error_text
        if not math.isfinite(self.loss):
            return error_text("not finite loss", lang, {})
        return error_text("runaway loss", lang, {"loss": f"{self.loss:.3g}"})
