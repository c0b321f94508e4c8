"""bptrace examples: list the built-in examples, or print one as YAML."""

from __future__ import annotations

import click

from bptrace.cli.help import Command, output_option
from bptrace.cli.options import CONTEXT, LANG_OPTION, console, language, out
from bptrace.errors import BadInput


def complete_example(ctx, param, incomplete: str):
    """Shell completion of NAME: every built-in example."""
    from click.shell_completion import CompletionItem
    from bptrace.config import examples as ex
    return [CompletionItem(n) for n in ex.names() + ex.perceptron_names() if n.startswith(incomplete)]


@click.command("examples", cls=Command, context_settings=CONTEXT)
@output_option()
@click.argument("name", required=False, shell_complete=complete_example)
@click.option("--format", "fmt", type=click.Choice(["rich", "json"]), default="rich",
              show_default=True, help="The list as a table (rich) or as JSON (name, title, commands).")
@LANG_OPTION
def command(name, fmt, lang):
    """List the built-in examples, or print one as YAML, ready to edit.

    \b
      bptrace examples                  the list
      bptrace examples xor > my.yaml    a copy to adapt
      bptrace examples --format json    the list for scripts
    """
    from bptrace.config import examples as ex

    lang = language(lang)
    if name is None:
        from bptrace.render.terminal.tables import examples_json, examples_rich
        if fmt == "json":
            out(examples_json(ex.catalogue(), lang))
        else:
            examples_rich(console(), ex.catalogue(), lang)
        return
    if name not in ex.names() + ex.perceptron_names():
        from bptrace.errors import close_matches
        raise BadInput(key="no example", args={
            "name": name, "known": ex.names() + ex.perceptron_names(),
            "close": close_matches(name, ex.names() + ex.perceptron_names())})
    out(ex.text(name), nl=False)
