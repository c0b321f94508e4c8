"""The command line: parse options, load the config, call the engine, hand the result to a
renderer. Results go to stdout, errors to stderr (one paragraph, exit 2, no traceback)."""

from __future__ import annotations

import click

from bptrace import __version__
from bptrace.errors import BadInput

FORMATS = ("rich", "json", "csv")
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _Group(click.Group):
    """Turns our BadInput into one clear message and exit status 2."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except BadInput as exc:
            click.echo(f"bptrace: {exc}", err=True)
            ctx.exit(2)


def _console():
    from rich.console import Console
    return Console(highlight=False, emoji=False)


@click.group(cls=_Group, context_settings=CONTEXT)
@click.version_option(__version__, prog_name="bptrace")
def cli():
    """bptrace — makes backpropagation visible.

    Every net input, output, loss, 校对误差 (∂E/∂out), chain-rule factor and weight update
    of a small network, as the textbook writes it. CONFIG is a YAML file or the name of a
    built-in example (see 'bptrace examples'); without it, the classic Mazur example.
    """


def _split(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


def _selection(tr, only: list[str], layers: list[str]):
    """A predicate over quantities from --only patterns and --layer names/numbers."""
    if not only and not layers:
        return None
    import difflib
    import fnmatch

    keys = list(tr.index)
    for pattern in only:
        if not any(fnmatch.fnmatchcase(k, pattern) for k in keys):
            close = difflib.get_close_matches(pattern, keys, n=4)
            raise BadInput(f"--only '{pattern}' matches no quantity"
                           + (f"; did you mean {', '.join(close)}?" if close else
                              "; keys look like net.h1, out.o1, err.h1, grad.w1, new.w1 (SPEC §3)."))
    wanted_layers = set()
    names = ["input"] + [l.name for l in tr.layers]
    for spec in layers:
        if spec.isdigit() and int(spec) < len(names):
            wanted_layers.add(int(spec))
        elif spec in names:
            wanted_layers.add(names.index(spec))
        else:
            raise BadInput(f"--layer '{spec}' is not a layer; layers are 0 (input) to "
                           f"{len(names) - 1}, or by name: {', '.join(names)}.")

    def keep(q) -> bool:
        if only and not any(fnmatch.fnmatchcase(q.key, p) for p in only):
            return False
        if wanted_layers and q.layer not in wanted_layers:
            return False
        return True
    return keep


@cli.command(context_settings=CONTEXT)
@click.argument("config", required=False)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="rich", show_default=True,
              help="Output format.")
@click.option("--digits", type=click.IntRange(1, 17), default=9, show_default=True,
              help="Significant digits shown (JSON always carries full float64 precision).")
@click.option("--only", multiple=True, metavar="KEYS",
              help="Show only these keys or glob patterns, e.g. 'grad.w*' (repeatable, or comma-separated).")
@click.option("--layer", multiple=True, metavar="LAYER",
              help="Show only this layer: 0 for the inputs, 1 for the first layer, … or its name.")
@click.option("--explain", multiple=True, metavar="PARAM",
              help="Derive one parameter's gradient and update path by path, as a textbook does.")
def step(config, fmt, digits, only, layer, explain):
    """One forward pass, one backward pass and one update, every scalar shown.

    \b
    Examples:
      bptrace step                      the Mazur example
      bptrace step xor --explain w_x1_y12
      bptrace step my.yaml --only 'grad.*' --format json
    """
    from bptrace.config import load_config
    from bptrace.trace import build_trace

    cfg = load_config(config)
    explain = _split(explain)
    for name in explain:
        if name not in cfg.network.param_by_name:
            import difflib
            close = difflib.get_close_matches(name, list(cfg.network.param_by_name), n=4)
            raise BadInput(f"--explain '{name}' is not a parameter of this network"
                           + (f"; did you mean {', '.join(close)}?" if close else
                              f"; parameters: {', '.join(p.name for p in cfg.network.params[:12])}"
                              + (" …" if len(cfg.network.params) > 12 else "") + "."),
                           file=cfg.file)
    tr = build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate,
                     title=cfg.title, file=cfg.file)
    keep = _selection(tr, _split(only), _split(layer))
    keys = None if keep is None else [q.key for q in tr.quantities if keep(q)]
    if fmt == "json":
        from bptrace.render import step_json
        click.echo(step_json(tr, keys))
    elif fmt == "csv":
        from bptrace.render import step_csv
        click.echo(step_csv(tr, keys), nl=False)
    else:
        from bptrace.render import step_rich
        step_rich(tr, _console(), digits=digits, selected=keep, explain=explain)


@cli.command(context_settings=CONTEXT)
@click.argument("name", required=False)
def examples(name):
    """List the built-in examples, or print one as YAML, ready to edit.

    \b
      bptrace examples                  the list
      bptrace examples xor > my.yaml    a copy to adapt
    """
    from bptrace import examples as ex

    if name is None:
        from rich.table import Table
        from rich.text import Text
        table = Table(title=Text("Built-in examples", style="bold"), title_justify="left",
                      pad_edge=False)
        table.add_column("name", no_wrap=True)
        table.add_column("what it is")
        for n in ex.names():
            table.add_row(Text(n), Text(ex.summary(n)))
        console = _console()
        console.print(table)
        console.print(Text("Use one by name (bptrace step xor) or copy it: "
                           "bptrace examples xor > my.yaml"))
        return
    if name not in ex.names():
        import difflib
        close = difflib.get_close_matches(name, ex.names(), n=3)
        raise BadInput(f"no built-in example '{name}'"
                       + (f"; did you mean {', '.join(close)}?" if close else "")
                       + f" Built-in: {', '.join(ex.names())}.")
    click.echo(ex.text(name), nl=False)


def main():
    cli(prog_name="bptrace")
