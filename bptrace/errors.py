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
        # a keyed error (key + args) has its words in bptrace.words.messages.ERRORS, in every language;
        # a plain message stays as written
        if message is None:
            from bptrace.words.messages import error_text
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
        from bptrace.words import text as words
        from bptrace.words.messages import error_text, place
        where = []
        if self.file:
            where.append(self.file)
        if self.line is not None:
            where.append(words("grammar", "line", lang, n=self.line))
        if self.column is not None:
            where.append(words("grammar", "column", lang, n=self.column))
        if self.path:
            where.append(place(self.path, lang))
        message = error_text(self.key, lang, self.args_) if self.key else self.message
        head = words("grammar", "where sep", lang).join(where)
        text = words("grammar", "where then", lang, where=head, message=message) if head else message
        if self.hint:
            text += f" {self.hint}"
        if self.also is not None:
            also = error_text(self.also.key, lang, self.also.args_)
            text += words("grammar", "also", lang, col=self.also.column, also=also)
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
        from bptrace.words.messages import error_text
        if not math.isfinite(self.loss):
            return error_text("not finite loss", lang, {})
        return error_text("runaway loss", lang, {"loss": f"{self.loss:.3g}"})


# 'Did you mean …?': the known names nearest to a misspelt one, and the keyed errors that
# name them (every layer asks here, so none reaches up into the config for a hint).
def close_matches(name: str, known, n: int = 3) -> list[str]:
    """The known names nearest to a misspelt one (difflib), best first."""
    import difflib                      # only for a misspelt name: not loaded otherwise

    return difflib.get_close_matches(str(name), [str(k) for k in known], n=n, cutoff=0.6)


def unknown(what: str, name: str, known, **where) -> BadInput:
    """'unknown activation 'sigmoidd'; did you mean 'sigmoid'?; known: …' (where: file, path,
    line as BadInput takes them)."""
    known = list(known)
    return BadInput(key="unknown", args={"what": what, "name": name, "known": known,
                                         "close": close_matches(name, known)}, **where)


def unknown_key(where_name: str, name: str, known, **where) -> BadInput:
    """A key the section does not have, with the nearest ones it does."""
    known = list(known)
    return BadInput(key="unknown key", args={"where": where_name, "name": name, "known": known,
                                             "close": close_matches(name, known)}, **where)


def listing(names, limit: int = 12) -> list:
    """Names for a keyed message (joined in its language): all of a few, or the first
    ``limit`` and how many there are, so an error on a big network does not print every node."""
    names = list(names)
    if len(names) <= limit:
        return names
    from bptrace.words.messages import what
    return names[:limit] + [what("in all", n=f"{len(names):,}")]
