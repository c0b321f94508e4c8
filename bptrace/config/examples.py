"""The built-in example configs: the YAML files of ``configs/``, installed with the package
as ``bptrace.configs`` (and read from the source tree when running from a checkout)."""

from __future__ import annotations

import os
from functools import lru_cache

DEFAULT = "mazur"


@lru_cache(maxsize=1)
def _directory() -> str:
    here = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))   # bptrace/
    installed = os.path.join(here, "configs")      # pip install . puts configs/ here
    if os.path.isdir(installed):
        return installed
    source = os.path.join(os.path.dirname(here), "configs")   # a checkout (or an editable install)
    if os.path.isdir(source):
        return source
    from importlib.resources import files        # anything more exotic (zip imports)
    return str(files("bptrace.configs"))


@lru_cache(maxsize=None)
def _stems(folder: str) -> tuple[str, ...]:
    """The stems of the folder's *.yaml files, sorted (os.listdir: the path module's glob
    would cost more to import than the whole listing)."""
    try:
        found = os.listdir(os.path.join(_directory(), folder))
    except OSError:
        return ()
    return tuple(os.path.splitext(n)[0] for n in sorted(found)
                 if os.path.normcase(n).endswith(".yaml"))


def names() -> list[str]:
    """Network examples (for step, train, check), the default first, then alphabetically,
    then the textbooks' worked examples (``configs/textbooks/``, named by their stem)."""
    return sorted(_stems(""), key=lambda n: (n != DEFAULT, n)) + textbook_names()


def textbook_names() -> list[str]:
    """The published worked examples, each in its book's own notation (hagan, han-kamber, …)."""
    return sorted(_stems("textbooks"))


def perceptron_names() -> list[str]:
    """Perceptron examples (for `bptrace perceptron`), written perceptron/NAME."""
    return [f"perceptron/{stem}" for stem in _stems("perceptron")]


def path(name: str) -> str:
    top = os.path.join(_directory(), f"{name}.yaml")
    book = os.path.join(_directory(), "textbooks", f"{name}.yaml")
    return book if not os.path.isfile(top) and os.path.isfile(book) else top


def text(name: str) -> str:
    with open(path(name), encoding="utf-8") as fh:
        return fh.read()


def has_expect(name: str) -> bool:
    """Whether the example carries textbook values to check."""
    return any(line.startswith("expect:") for line in text(name).splitlines())


def _has_rate(name: str) -> bool:
    """Whether the example has a learning rate (training needs one)."""
    return any(line.startswith("learning_rate:") for line in text(name).splitlines())


def summary(name: str) -> str:
    """The example's title (its one-line description)."""
    for line in text(name).splitlines():
        if line.startswith("title:"):
            return line[6:].strip().strip('"')
    return ""


class Entry:
    """One built-in example as `bptrace examples` lists it."""

    __slots__ = ("name", "summary", "commands")

    def __init__(self, name: str, summary: str, commands: str):
        self.name = name
        self.summary = summary
        self.commands = commands        # the commands it is for

    def __repr__(self) -> str:
        return f"Entry(name={self.name!r}, summary={self.summary!r}, commands={self.commands!r})"


def catalogue() -> list[Entry]:
    """Every built-in example: the networks, then the perceptron truth tables."""
    return ([Entry(n, summary(n), ", ".join(["step"] + (["train"] if _has_rate(n) else []) +
                                            (["check"] if has_expect(n) else [])))
             for n in names()] +
            [Entry(n, summary(n), "perceptron") for n in perceptron_names()])
