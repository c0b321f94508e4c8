"""bptrace exercise: exercise sheets with numbered blanks, and their answer keys."""

from __future__ import annotations

from pathlib import Path

import click

from bptrace.cli.help import Command
from bptrace.cli.options import CONTEXT, LANG_OPTION, completer, language, note, out, split
from bptrace.errors import BadInput


@click.command("exercise", cls=Command, context_settings=CONTEXT)
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True,
              help="Random seed of the numbers: the same seed gives the same sheets.")
@click.option("--shape", default="2-2-2", show_default=True, help="Layer sizes, inputs first.")
@click.option("--activation", default="sigmoid", show_default=True,
              help="Activation of every layer (sigmoid, tanh, relu, …).")
@click.option("--loss", default="half_sse", show_default=True,
              help="Loss function (half_sse, mse, cross_entropy, …).")
@click.option("--blanks", multiple=True, metavar="WHAT",
              help="forward, loss, backward, update, all (default), or keys and patterns like 'grad.*'.")
@click.option("--show", "show", multiple=True, metavar="WHAT",
              help="Computed values the sheet gives besides the inputs, targets and parameters: "
                   "groups (forward, loss, …), keys or patterns like 'net.*' — never one "
                   "computed from a blank.")
@click.option("--variants", type=click.IntRange(1, 500), default=1, show_default=True,
              help="One different sheet per student, named A, B, C, …")
@click.option("--from", "from_config", metavar="CONFIG", help="Make the sheet from this network instead of drawing one.")
@click.option("--format", "fmt", type=click.Choice(["markdown", "latex", "json", "yaml", "html"]), default="markdown",
              show_default=True, help="Sheet format: markdown, latex (a handout), json, yaml or html (a page).")
@click.option("--key", is_flag=True, help="Print the answer key instead of the sheet.")
@click.option("-o", "--output", "--out", "out_dir", type=click.Path(file_okay=False), metavar="FOLDER",
              help="Write every sheet, key, config and answer template into this folder.")
@click.option("--force", is_flag=True,
              help="With --out: replace the sheets of a folder made with other numbers "
                   "(filled-in answer files are always kept).")
@click.option("--path", "path", metavar="PARAM|NEURON", shell_complete=completer("params", "neurons"),
              help="With --key (latex, html, markdown) or --out: on the keys' network pictures, mark every "
                   "chain-rule path from the loss to this parameter (or into this neuron's err) "
                   "and list their factors — the paths step --explain sums.")
@LANG_OPTION
def command(seed, shape, activation, loss, blanks, variants, from_config, fmt, key, out_dir, lang,
            force, path, show):
    """Exercise sheets with numbered blanks, and their answer keys.

    The numbers are "nice" (two decimals, no saturated sigmoid, no relu at its kink); the
    same seed gives the same sheets. Grade answers with
    bptrace check SHEET.yaml --expect ANSWERS.yaml [--diagnose].

    \b
    Examples:
      bptrace exercise --seed 7                   a sheet (Markdown)
      bptrace exercise --seed 7 --key             its answer key
      bptrace exercise --seed 7 --variants 30 --out sheets/
      bptrace exercise --from mazur --blanks backward --show forward
    """
    from bptrace.checking import exercise as E
    from bptrace.words import words

    lang = language(lang)
    w = words(lang)
    spec = tuple(split(blanks))
    show_spec = tuple(split(show))
    if path and not out_dir and (fmt not in ("latex", "html", "markdown") or not key):
        raise BadInput(key="path key")
    sheets = []
    for k in range(variants):
        name = E.variant_name(k)
        traced = None
        if from_config:
            from bptrace import api
            base = api.load(from_config)
            raw = E.from_config(base, w("exercise from", v=name, t=base.title))
            if k > 0:
                raise BadInput(key="from variants")
        else:
            raw, traced = E.draw_traced(seed, k, E.parse_shape(shape), activation, loss,
                                        title=w("exercise title", v=name, seed=seed))
        sheets.append(E.sheet(raw, name, spec, from_config, show_spec, traced))
    if out_dir:
        from bptrace.render.documents import sheet_files
        _write_folder(Path(out_dir), sheet_files(sheets, lang, path), force,
                      [] if not from_config else _inputs(from_config), w)
        note(w("wrote sheets", n=len(sheets), d=out_dir))
        return
    RENDERERS[fmt](sheets, key, lang, path, seed)


# --- one renderer per format (one sheet's or a set's) -------------------------------------------
def _json(sheets, key, lang, path, seed):
    from bptrace.render import json_text
    from bptrace.render.documents import sheet_json
    objs = [sheet_json(s, seed) for s in sheets]
    out(json_text(objs[0] if len(objs) == 1 else objs))


def _html(sheets, key, lang, path, seed):
    from bptrace import api
    if len(sheets) > 1:
        raise BadInput(key="html sheets")
    out(api.sheet_html(sheets[0], key=key, lang=lang, path=path), nl=False)


def _yaml(sheets, key, lang, path, seed):
    out("\n---\n".join(s.text for s in sheets), nl=False)


def _markdown(sheets, key, lang, path, seed):
    from bptrace.render import documents as document
    from bptrace.render.pictures import sheet_picture
    out("\n".join(document.exercise_markdown(s.trace, s.asked, key=key, lang=lang,
                                              picture=sheet_picture(s, key, path), shown=s.shown)
                  for s in sheets), nl=False)


def _latex(sheets, key, lang, path, seed):
    from bptrace.render import documents as document
    from bptrace.render.pictures import sheet_picture
    if len(sheets) > 1:
        raise BadInput(key="latex sheets")
    out("\n".join(document.exercise_latex(s.trace, s.asked, key=key, lang=lang,
                                           picture=sheet_picture(s, key, path), shown=s.shown)
                  for s in sheets), nl=False)


RENDERERS = {"json": _json, "html": _html, "yaml": _yaml, "markdown": _markdown, "latex": _latex}


def _inputs(from_config) -> list[str]:
    from bptrace import api
    from bptrace.io.files import inputs_of
    return inputs_of(api.load(from_config))


def _write_folder(folder: Path, files: list[tuple[str, str]], force: bool, inputs, w) -> None:
    """Write the sheets, keys, configs and answer templates into ``folder`` as one set, with
    the folder locked (concurrent runs take turns): never over an input, never over a
    filled-in answer file, and over the sheets of other numbers only with --force."""
    from bptrace.checking.exercise import blank_answers
    from bptrace.io.files import folder_locked, make_folder, refuse_inputs, write_set

    make_folder(folder)
    with folder_locked(folder):
        refuse_inputs([folder / name for name, _ in files], inputs)
        if not force:
            for name, text in files:
                if name.startswith("exercise-") and _differs(folder / name, text):
                    raise BadInput(key="sheets differ", args={"folder": str(folder), "file": name})
        kept = [name for name, text in files if name.startswith("answers-")
                and (folder / name).exists() and not blank_answers(folder / name, text)]
        write_set(folder, [(n, t) for n, t in files if n not in kept])
    if kept:
        note(w("kept answers", n=len(kept), files=", ".join(kept[:5]) + (" …" if len(kept) > 5 else "")))


def _differs(path: Path, text: str) -> bool:
    """Whether a file exists with other contents than ``text``."""
    try:
        with open(path, "rb") as fh:
            return fh.read(len(text.encode("utf-8")) + 1) != text.encode("utf-8")
    except FileNotFoundError:
        return False
    except OSError:
        return True
