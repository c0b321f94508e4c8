"""The list of built-in examples (bptrace.examples.Entry records) as a Rich table."""

from __future__ import annotations


def examples_rich(console, entries) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text("Built-in examples", style="bold"), title_justify="left",
                  pad_edge=False)
    table.add_column("name", no_wrap=True)
    table.add_column("what it is")
    table.add_column("command")
    for e in entries:
        table.add_row(Text(e.name), Text(e.summary), Text(e.commands))
    console.print(table)
    console.print(Text("Use one by name (bptrace step xor) or copy it: "
                       "bptrace examples xor > my.yaml"))
