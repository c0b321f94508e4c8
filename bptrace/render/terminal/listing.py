"""The list of built-in examples (bptrace.config.examples.Entry records) as a Rich table."""

from __future__ import annotations


def examples_rich(console, entries, lang: str = "en") -> None:
    from rich.table import Table
    from rich.text import Text

    from bptrace.words import title, words
    from bptrace.render.terminal.cjk import block, para
    w = words(lang)
    table = Table(title=Text(w("examples title"), style="bold"), title_justify="left",
                  pad_edge=False)
    table.add_column(w("examples name"), no_wrap=True)
    table.add_column(w("examples what"))
    table.add_column(w("examples commands"))
    for e in entries:
        table.add_row(Text(e.name), para(title(e.summary, lang)), Text(e.commands))
    console.print(table)
    console.print(block(w("examples use")))


def examples_json(entries, lang: str = "en") -> str:
    """The examples as a JSON list: name, title (in `lang`), commands."""
    import json
    from bptrace.words import title
    return json.dumps([{"name": e.name, "title": title(e.summary, lang),
                        "commands": [c.strip() for c in e.commands.split(",")]}
                       for e in entries], ensure_ascii=False, indent=2)
