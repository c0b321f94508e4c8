"""bptrace train: train the network on its data set and show the loss falling."""

from __future__ import annotations


import click

from bptrace.cli.help import Command, output_option
from bptrace.cli.options import (CONTEXT, LANG_OPTION, Exit, Finite, config_argument, console,
                                 digits_default, language, note, out)
from bptrace.errors import BadInput
from bptrace.words.messages import error_text

# the names of bptrace.maths.optimizers.OPTIMIZERS (a test keeps them equal): that module
# imports numpy, which `bptrace --help` must not
OPTIMIZER_NAMES = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "rmsprop_momentum", "adam")


@click.command("train", cls=Command, context_settings=CONTEXT)
@config_argument()
@output_option()
@click.option("--epochs", type=click.IntRange(min=1), help="Epochs (passes over the data).")
@click.option("--mode", type=click.Choice(["online", "batch", "minibatch"]),
              help="online: one update per sample; batch: one per epoch; minibatch: per batch.")
@click.option("--batch-size", type=click.IntRange(min=1), help="Samples per update in minibatch mode.")
@click.option("--shuffle/--no-shuffle", default=None, help="Shuffle the samples every epoch (seeded).")
@click.option("--seed", type=click.IntRange(min=0), help="Seed for shuffling and dropout.")
@click.option("--lr", type=Finite(0, open_=True), help="Learning rate η (overrides learning_rate).")
@click.option("--optimizer", type=click.Choice(list(OPTIMIZER_NAMES)), help="The optimizer.")
@click.option("--l2", type=Finite(0), help="L2 factor λ for every layer's weights.")
@click.option("--opt", "opt_settings", multiple=True, metavar="KEY=VALUE",
              help="An optimizer setting, e.g. --opt momentum=0.8 (momentum, rho, eps, beta1, beta2).")
@click.option("--decay", metavar="RATE:STEPS", help="Decaying learning rate η₀·RATE^(update/STEPS) (as in 《BP神经网络拟合非线性函数》).")
@click.option("--step-decay", metavar="FACTOR:EVERY", help="Multiply η by FACTOR every EVERY epochs.")
@click.option("--dropout", multiple=True, metavar="LAYER=RATE", help="Dropout after a hidden layer (number or name).")
@click.option("--validation", type=Finite(0, open_=True), metavar="FRACTION",
              help="Hold out this last fraction of the data for validation.")
@click.option("--patience", type=click.IntRange(min=1), help="Early stopping: epochs without improvement.")
@click.option("--min-delta", type=Finite(0), help="Early stopping: the least change that counts as improvement.")
@click.option("--every", type=click.IntRange(min=1), metavar="K", help="Record and show the loss every K epochs.")
@click.option("--format", "fmt", type=click.Choice(["rich", "json", "markdown", "csv", "html"]), default="rich",
              show_default=True, help="csv: the loss history; markdown: a report; html: a page with the loss curve.")
@click.option("--digits", type=click.IntRange(1, 17), default=8, show_default=True,
              help="Significant digits of the numbers shown (JSON keeps full float64 precision).")
@click.option("--save", type=click.Path(dir_okay=False), help="Write the trained network as a config (atomically).")
@click.option("--log", "log_file", type=click.Path(dir_okay=False), help="Write the loss history as CSV.")
@click.option("--plot", type=click.Path(dir_okay=False), help="Draw the loss curve into a PNG (needs matplotlib).")
@click.option("--running-loss", is_flag=True, default=None,
              help="Also show each epoch's running mean of the losses met during it, each before "
                   "its update (the course slides' 平均总误差 = E/4).")
@click.option("--l2-in-loss", is_flag=True, default=None,
              help="With L2: report the loss including the penalty λ·Σw² (as Keras does).")
@click.option("--trace-at", type=click.IntRange(min=1), metavar="K", help="Show the full step trace of the K-th update.")
@LANG_OPTION
def command(config, epochs, mode, batch_size, shuffle, seed, lr, optimizer, l2, opt_settings,
            decay, step_decay, dropout, validation, patience, min_delta, every, fmt, digits, save,
            log_file, plot, trace_at, lang, running_loss, l2_in_loss):
    """Train the network on its data set and show the loss falling.

    \b
    Examples:
      bptrace train --epochs 10000           the Mazur example, 10,000 updates
      bptrace train xor --epochs 2000        the course slides' XOR training
      bptrace train cubic --plot loss.png --save trained.yaml
    """
    from bptrace import api
    from bptrace.io.files import check_outputs

    plan = api.plan_training(config, lr=lr, trace_at=trace_at, epochs=epochs, mode=mode,
                             batch_size=batch_size, shuffle=shuffle, seed=seed,
                             optimizer=optimizer, patience=patience, every=every, l2=l2,
                             opt_settings=opt_settings, decay=decay, step_decay=step_decay,
                             dropout=dropout, validation=validation, min_delta=min_delta,
                             running_loss=running_loss, l2_in_loss=l2_in_loss)
    lang = language(lang, plan.config)
    digits = digits_default(digits)
    check_outputs([f for f in (save, log_file, plot) if f], plan.config)
    if plot:
        from bptrace.render.pictures.plots import need_matplotlib
        need_matplotlib()
    with _ctrl_c() as stop:
        _results(plan, fmt, digits, save, log_file, plot, trace_at, lang, console(), stop)


def _results(plan, fmt, digits, save, log_file, plot, trace_at, lang, screen, stop):
    """Train, then show the results and write the files. A Ctrl-C after the training only
    marks the run as interrupted: the results are shown and the files written first."""
    import math

    from bptrace.errors import Diverged

    cfg, lr = plan.config, plan.lr
    try:
        from bptrace.cli.options import stderr_console
        trained = _run(plan, stderr_console(), stop, lang)      # the bar: on stderr, where a terminal
    except Diverged as exc:
        if fmt == "json":
            from bptrace.render import envelope, json_text
            out(json_text(envelope("train", config=cfg.file, title=cfg.title,
                                   diverged={"epoch": exc.epoch, "loss": exc.loss,
                                             "reason": str(exc)})))
        raise Exit(1, error_text("diverged", lang, {"file": cfg.file, "epoch": exc.epoch,
                                                    "why": exc.text(lang), "lr": f"{lr:g}",
                                                    "lower": f"{lr / 10:g}"})) from None
    except BadInput as exc:
        raise exc.located(cfg.file) from None
    RENDERERS[fmt](trained, trace_at, digits, lang, screen)
    if save:
        trained.save(save)
        note(error_text("saved", lang, {"path": save}))
    if log_file:
        trained.save_history(log_file)
    if plot:
        trained.save_plot(plot, lang)
    res = trained.result
    if res.stopped == "interrupted":
        raise Exit(130, error_text("interrupted epoch", lang, {"epoch": res.epochs_run,
                                                              "update": res.updates}))
    if stop["asked"]:
        raise Exit(130, error_text("interrupted after", lang, {}))
    if not math.isfinite(trained.loss):
        raise Exit(1)


# --- one renderer per format ------------------------------------------------------------------
def _rich(t, trace_at, digits, lang, screen):
    from bptrace.render import architecture
    from bptrace.render.terminal.step import train_rich
    net = t.config.network
    arch = architecture(len(net.inputs), [(l.size, l.activation.name) for l in net.layers], lang)
    train_rich(screen, t.config.title, arch, t.report, t.outputs, (net.inputs, net.outputs),
               t.parameters, digits=digits, every=t.settings.every, lang=lang)
    if trace_at is not None:
        _show_update(t.update, trace_at, t.result, screen, digits, lang)
        if t.optimizer_step is not None:
            from bptrace.render.terminal.tables import optimizer_step_rich
            optimizer_step_rich(t.optimizer_step, screen, digits=digits, lang=lang)


def _json(t, trace_at, digits, lang, screen):
    from bptrace.render.data.reports import optimizer_step_json, train_json_chunks
    extra = None if t.update is None else {"trace_at": {"update": trace_at,
                                                        "values": t.update.values()}}
    if extra and t.optimizer_step is not None:
        extra["trace_at"]["optimizer"] = optimizer_step_json(t.optimizer_step)
    rows = t.outputs
    for chunk in train_json_chunks(t.config.title, t.config.file, t.report,
                                   list(rows) if len(rows) <= 1000 else None, extra):
        out(chunk, nl=False)                # written as it is made
    out("")


def _csv(t, trace_at, digits, lang, screen):
    from bptrace.render import history_csv
    out(history_csv(t.report["history"]), nl=False)


def _markdown(t, trace_at, digits, lang, screen):
    from bptrace.render.documents import train_markdown
    out(train_markdown(t.config.title, t.report, t.outputs, t.parameters, lang=lang), nl=False)


def _html(t, trace_at, digits, lang, screen):
    out(t.html(lang=lang), nl=False)


RENDERERS = {"rich": _rich, "json": _json, "csv": _csv, "markdown": _markdown, "html": _html}


class _ctrl_c:
    """While training and writing: Ctrl-C once stops after the current update (and, once
    training is over, lets the results and files be finished); twice stops at once."""

    def __enter__(self):
        import signal
        import threading

        self.stop = {"asked": False}
        self.old = None

        def on_sigint(signum, frame):
            if self.stop["asked"]:
                raise KeyboardInterrupt
            self.stop["asked"] = True

        if threading.current_thread() is threading.main_thread():
            self.old = signal.signal(signal.SIGINT, on_sigint)
        return self.stop

    def __exit__(self, *exc):
        import signal
        if self.old is not None:
            signal.signal(signal.SIGINT, self.old)
        return False


def _run(plan, screen, stop, lang):
    """Train, with a progress bar on stderr where it is a terminal (also when stdout is
    redirected, whatever the format)."""
    if screen is None or not screen.is_terminal:
        return plan.run(should_stop=lambda: stop["asked"], lang=lang)
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
    bar = Progress(TextColumn("epoch {task.completed:>7.0f}/{task.total:.0f}"), BarColumn(),
                   TextColumn("loss {task.fields[loss]}"), TimeRemainingColumn(),
                   console=screen, transient=True)
    with bar:
        task = bar.add_task("train", total=plan.settings.epochs, loss="…")

        def progress(epoch, loss):
            bar.update(task, completed=epoch, **({} if loss is None else {"loss": f"{loss:.6g}"}))
        return plan.run(should_stop=lambda: stop["asked"], progress=progress, lang=lang)


def _show_update(update, k, res, screen, digits, lang):
    from bptrace.render.terminal.step import step_rich

    if update is None:                  # interrupted before the update
        from rich.text import Text
        screen.print(Text(f"--trace-at {k}: training stopped after {res.updates} updates."))
        return
    step_rich(update, screen, digits=digits, lang=lang)

