"""bptrace perceptron: the M-P neuron and the perceptron rule, traced sample by sample."""

from __future__ import annotations

import click

from bptrace.cli.help import Command, output_option
from bptrace.cli.options import CONTEXT, LANG_OPTION, Exit, config_argument, console, language, out


@click.command("perceptron", cls=Command, context_settings=CONTEXT)
@config_argument()
@output_option()
@click.option("--format", "fmt", type=click.Choice(["rich", "json", "markdown"]), default="rich",
              show_default=True, help="Output format: tables (rich), json or markdown.")
@LANG_OPTION
def command(config, fmt, lang):
    """The M-P neuron and perceptron rule of the course slides 《神经元、感知机与 BP 神经网络》, traced sample by sample.

    CONFIG is a file or a built-in truth table: and (the default), or, nand, not, xor.
    Exit status 1 where the rule does not converge (XOR: not linearly separable).

    \b
    Examples:
      bptrace perceptron and
      bptrace perceptron xor            never converges; then the slides' two-layer fix
    """
    from bptrace import api

    result = api.perceptron(config)
    name, p, run, grid, xor = result.name, result.problem, result.run, result.grid, result.xor
    if fmt == "json":
        from bptrace.render import json_text
        from bptrace.render.data.json import perceptron_json
        out(json_text(perceptron_json(name, p, run, xor)))
    elif fmt == "markdown":
        from bptrace.render.documents import perceptron_markdown
        out(perceptron_markdown(p, run, xor, lang=language(lang)))
    else:
        from bptrace.render.terminal.step import perceptron_rich
        perceptron_rich(p, run, grid, xor, console(), lang=language(lang))
    if not run.converged:
        raise Exit(1)
