"""The built-in example configs: the YAML files of ``configs/``, installed with the package
as ``bptrace.configs`` (and read from the source tree when running from a checkout)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DEFAULT = "mazur"


@lru_cache(maxsize=1)
def _directory() -> Path:
    here = Path(__file__).resolve().parent
    installed = here / "configs"                 # pip install . puts configs/ here
    if installed.is_dir():
        return installed
    source = here.parent / "configs"             # a checkout (or an editable install)
    if source.is_dir():
        return source
    from importlib.resources import files        # anything more exotic (zip imports)
    return Path(str(files("bptrace.configs")))


def names() -> list[str]:
    """Network examples (for step, train, check), the default first, then alphabetically,
    then the textbooks' worked examples (``configs/textbooks/``, named by their stem)."""
    found = sorted(p.stem for p in _directory().glob("*.yaml"))
    return sorted(found, key=lambda n: (n != DEFAULT, n)) + textbook_names()


def textbook_names() -> list[str]:
    """The published worked examples, each in its book's own notation (hagan, han-kamber, …)."""
    return sorted(p.stem for p in (_directory() / "textbooks").glob("*.yaml"))


def perceptron_names() -> list[str]:
    """Perceptron examples (for `bptrace perceptron`), written perceptron/NAME."""
    return [f"perceptron/{p.stem}" for p in sorted((_directory() / "perceptron").glob("*.yaml"))]


def path(name: str) -> Path:
    top = _directory() / f"{name}.yaml"
    book = _directory() / "textbooks" / f"{name}.yaml"
    return book if not top.is_file() and book.is_file() else top


def text(name: str) -> str:
    return path(name).read_text(encoding="utf-8")


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


@dataclass
class Entry:
    """One built-in example as `bptrace examples` lists it."""
    name: str
    summary: str
    commands: str           # the commands it is for


def catalogue() -> list[Entry]:
    """Every built-in example: the networks, then the perceptron truth tables."""
    return ([Entry(n, summary(n), ", ".join(["step"] + (["train"] if _has_rate(n) else []) +
                                            (["check"] if has_expect(n) else [])))
             for n in names()] +
            [Entry(n, summary(n), "perceptron") for n in perceptron_names()])
