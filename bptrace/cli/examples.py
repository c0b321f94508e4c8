"""bptrace examples: list the built-in examples, or print one as YAML."""

from __future__ import annotations

import click

from bptrace.cli.options import CONTEXT, console, out
from bptrace.errors import BadInput


@click.command("examples", context_settings=CONTEXT)
@click.argument("name", required=False)
def command(name):
    """List the built-in examples, or print one as YAML, ready to edit.

    \b
      bptrace examples                  the list
      bptrace examples xor > my.yaml    a copy to adapt
    """
    from bptrace import examples as ex

    if name is None:
        from bptrace.render.listing import examples_rich
        examples_rich(console(), ex.catalogue())
        return
    if name not in ex.names() + ex.perceptron_names():
        from bptrace.config.hints import close_matches
        raise BadInput(key="no example", args={
            "name": name, "known": ex.names() + ex.perceptron_names(),
            "close": close_matches(name, ex.names() + ex.perceptron_names())})
    out(ex.text(name), nl=False)
