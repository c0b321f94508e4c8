"""bptrace train: train the network on its data set and show the loss falling."""

from __future__ import annotations

from pathlib import Path

import click

from bptrace.cli.options import CONTEXT, LANG_OPTION, Exit, Finite, console, language, note, out
from bptrace.errors import BadInput

# the names of bptrace.optimizers.OPTIMIZERS (a test keeps them equal): that module
# imports numpy, which `bptrace --help` must not
OPTIMIZER_NAMES = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "rmsprop_momentum", "adam")


@click.command("train", context_settings=CONTEXT)
@click.argument("config", required=False)
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
@click.option("--decay", metavar="RATE:STEPS", help="Decaying learning rate η₀·RATE^(update/STEPS) (seed 000).")
@click.option("--step-decay", metavar="FACTOR:EVERY", help="Multiply η by FACTOR every EVERY epochs.")
@click.option("--dropout", multiple=True, metavar="LAYER=RATE", help="Dropout after a hidden layer (number or name).")
@click.option("--validation", type=Finite(0, open_=True), metavar="FRACTION",
              help="Hold out this last fraction of the data for validation.")
@click.option("--patience", type=click.IntRange(min=1), help="Early stopping: epochs without improvement.")
@click.option("--min-delta", type=Finite(0), help="Early stopping: the least change that counts as improvement.")
@click.option("--every", type=click.IntRange(min=1), metavar="K", help="Record and show the loss every K epochs.")
@click.option("--format", "fmt", type=click.Choice(["rich", "json", "markdown", "csv"]), default="rich",
              show_default=True, help="csv: the loss history; markdown: a report.")
@click.option("--digits", type=click.IntRange(1, 17), default=8, show_default=True)
@click.option("--save", type=click.Path(dir_okay=False), help="Write the trained network as a config (atomically).")
@click.option("--log", "log_file", type=click.Path(dir_okay=False), help="Write the loss history as CSV.")
@click.option("--plot", type=click.Path(dir_okay=False), help="Draw the loss curve into a PNG (needs matplotlib).")
@click.option("--trace-at", type=click.IntRange(min=1), metavar="K", help="Show the full step trace of the K-th update.")
@LANG_OPTION
def command(config, epochs, mode, batch_size, shuffle, seed, lr, optimizer, l2, opt_settings,
            decay, step_decay, dropout, validation, patience, min_delta, every, fmt, digits, save,
            log_file, plot, trace_at, lang):
    """Train the network on its data set and show the loss falling.

    \b
    Examples:
      bptrace train --epochs 10000           the Mazur example, 10,000 updates
      bptrace train xor --epochs 2000        seed 002's XOR training
      bptrace train cubic --plot loss.png --save trained.yaml
    """
    import math

    from bptrace import train as T
    from bptrace import training_views as V
    from bptrace.config import load_config, train_settings
    from bptrace.errors import Diverged
    from bptrace.files import check_writable

    cfg = load_config(config)
    net = cfg.network
    lang = language(lang)
    s = train_settings(cfg.train, net, cfg.seed, file=cfg.file, overrides=dict(
        epochs=epochs, mode=mode, batch_size=batch_size, shuffle=shuffle, seed=seed,
        optimizer=optimizer, patience=patience, every=every, l2=l2, opt_settings=opt_settings,
        decay=decay, step_decay=step_decay, dropout=dropout, validation=validation,
        min_delta=min_delta))
    lr = cfg.learning_rate if lr is None else lr
    if lr is None:
        raise BadInput("training needs a learning rate: give the config learning_rate: "
                       "or the option --lr.", file=cfg.file)
    X, Tg = cfg.dataset
    try:
        n_train = len(T.split(X, Tg, s)[0][0])
        T.check_settings(s, n_train)
    except BadInput as exc:
        raise exc.located(cfg.file) from None
    if trace_at is not None:
        V.check_trace_at(s, trace_at, n_train)
    outputs_to = [f for f in (save, log_file, plot) if f]
    check_writable(outputs_to)
    if len({str(Path(f).resolve()) for f in outputs_to}) < len(outputs_to):
        raise BadInput("--save, --log and --plot must name different files.")
    if plot:
        from bptrace.render.plots import need_matplotlib
        need_matplotlib()
    before = V.parameters(net)
    screen = console()
    try:
        res = _run(net, X, Tg, lr, s, trace_at, screen if fmt == "rich" else None)
    except Diverged as exc:
        if fmt == "json":
            from bptrace.render.output import envelope, json_text
            out(json_text(envelope("train", config=cfg.file, title=cfg.title,
                                   diverged={"epoch": exc.epoch, "loss": exc.loss,
                                             "reason": str(exc)})))
        raise Exit(1, f"{cfg.file}: training diverged at epoch {exc.epoch}: {exc}. Try a lower "
                      f"learning rate (η = {lr:g} now; for example --lr {lr / 10:g}).") from None
    except BadInput as exc:
        raise exc.located(cfg.file) from None
    report = T.summary(net, X, Tg, res, s, lr)
    rows = V.output_rows(net, X, Tg)
    update = None
    if trace_at is not None and res.trace_at is not None:
        from bptrace.lang import words
        update = V.update_trace(cfg, res, words(lang)("update k", k=trace_at))
    if fmt == "json":
        from bptrace.render import train_json
        extra = None if update is None else {"trace_at": {"update": trace_at, "values": update.values()}}
        out(train_json(cfg.title, cfg.file, report, list(rows) if len(rows) <= 1000 else None, extra))
    elif fmt == "csv":
        from bptrace.render import history_csv
        out(history_csv(report["history"]), nl=False)
    elif fmt == "markdown":
        from bptrace.render.document import train_markdown
        out(train_markdown(cfg.title, report, rows, V.before_after(before, net), lang=lang), nl=False)
    else:
        from bptrace.render.output import architecture
        from bptrace.render.terminal import train_rich
        arch = architecture(len(net.inputs), [(l.size, l.activation.name) for l in net.layers], lang)
        train_rich(screen, cfg.title, arch, report, rows, (net.inputs, net.outputs),
                   V.before_after(before, net), digits=digits, every=s.every, lang=lang)
        if trace_at is not None:
            _show_update(update, trace_at, res, screen, digits, lang)
    if save:
        from bptrace import __version__ as v
        from bptrace.config import dump_config
        from bptrace.files import write_atomic
        text = (f"Trained by bptrace {v} from {cfg.file}: {res.epochs_run} epochs, {s.mode}, "
                f"{s.optimizer}, η = {lr:g}; final mean loss {report['values']['loss']!r}.")
        write_atomic(save, dump_config(cfg, text, to=save))
        note(f"saved the trained network to {save}")
    if log_file:
        from bptrace.files import write_atomic
        from bptrace.render import history_csv
        write_atomic(log_file, history_csv(report["history"]))
    if plot:
        from bptrace.render.plots import plot_history
        picture = V.picture(net, X, Tg)
        plot_history(plot, cfg.title, report["history"], None if picture is None else picture.as_tuple(),
                     lang=lang)
    if res.stopped == "interrupted":
        raise Exit(130, f"interrupted after epoch {res.epochs_run} (update {res.updates}).")
    if not math.isfinite(report["values"]["loss"]):
        raise Exit(1)


def _run(net, X, Tg, lr, s, trace_at, screen):
    """Train, with a progress bar on a terminal (rich output only); Ctrl-C once stops after
    the current update, twice at once."""
    import signal
    import threading

    from bptrace import train as T

    stop = {"asked": False}

    def on_sigint(signum, frame):
        if stop["asked"]:
            raise KeyboardInterrupt
        stop["asked"] = True                       # stop after the current update

    main_thread = threading.current_thread() is threading.main_thread()
    old = signal.signal(signal.SIGINT, on_sigint) if main_thread else None
    try:
        if screen is None or not screen.is_terminal:
            return T.train(net, X, Tg, lr, s, should_stop=lambda: stop["asked"], trace_at=trace_at)
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
        bar = Progress(TextColumn("epoch {task.completed:>7.0f}/{task.total:.0f}"), BarColumn(),
                       TextColumn("loss {task.fields[loss]}"), TimeRemainingColumn(),
                       console=screen, transient=True)
        with bar:
            task = bar.add_task("train", total=s.epochs, loss="…")

            def progress(epoch, loss):
                bar.update(task, completed=epoch, **({} if loss is None else {"loss": f"{loss:.6g}"}))
            return T.train(net, X, Tg, lr, s, should_stop=lambda: stop["asked"],
                           progress=progress, trace_at=trace_at)
    finally:
        if old is not None:
            signal.signal(signal.SIGINT, old)


def _show_update(update, k, res, screen, digits, lang):
    from bptrace.render.terminal import step_rich

    if update is None:                  # interrupted before the update
        from rich.text import Text
        screen.print(Text(f"--trace-at {k}: training stopped after {res.updates} updates."))
        return
    step_rich(update, screen, digits=digits, lang=lang)

