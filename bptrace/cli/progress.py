"""Progress on stderr for the long commands (check --diagnose, compare, a class set): the
engine calls back with Progress records (bptrace.training.progress); this turns them into a bar on
stderr — shown whenever stderr is a terminal, so also when stdout is redirected to a file,
and never mixed into the output itself."""

from __future__ import annotations

from contextlib import contextmanager



def stderr_console():
    from rich.console import Console
    return Console(stderr=True, highlight=False, emoji=False)


@contextmanager
def progress_bar(lang: str = "en", console=None):
    """A callback for Progress records drawing a transient bar on stderr, or None where
    stderr is not a terminal (nothing to draw on)."""
    screen = console or stderr_console()
    if not screen.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from bptrace.words import has, text
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), console=screen, transient=True)
    tasks: dict[str, int] = {}

    def callback(p) -> None:
        if p.stage not in tasks:
            tasks[p.stage] = bar.add_task(text("stage", p.stage, lang) if has("stage", p.stage) else p.stage, total=p.total)
        bar.update(tasks[p.stage], completed=p.done, total=p.total)

    with bar:
        yield callback
