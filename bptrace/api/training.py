"""Training through the API: :func:`plan_training` (a training checked before it runs),
:func:`train` and :func:`compare` (the same data under several settings), and the records
they return (:class:`TrainingPlan`, :class:`Training`, :class:`Comparison`), which show
themselves as :mod:`bptrace.api.results`' records do and write a trained run's files."""

from __future__ import annotations

from typing import Any

from bptrace.api.results import _in, _rich
from bptrace.errors import BadInput

COMPARE_DEFAULT = "cubic"       # compare trains: with no config, a data set to train on


def plan_training(config: Any = None, *, lr: float | None = None, trace_at: int | None = None,
                  **overrides):
    """The training a config asks for, its ``train:`` section with the overrides (the
    train command's options: epochs, mode, batch_size, shuffle, seed, optimizer, l2,
    opt_settings, decay, step_decay, dropout, validation, patience, min_delta, every),
    checked before anything runs."""
    import bptrace.training.loop as T
    import bptrace.training.views as V
    from bptrace.api import _positive, _whole, load
    from bptrace.config import Config, train_settings

    if lr is not None:
        _positive("lr", lr)
    if trace_at is not None:
        _whole("trace_at", trace_at, 1)
    cfg = load(config)
    if isinstance(config, Config):              # train a copy: the caller's config stays as it was
        import copy
        cfg = copy.copy(cfg)
        cfg.network = copy.deepcopy(cfg.network)
    keys = ("epochs", "mode", "batch_size", "shuffle", "seed", "optimizer", "patience", "every",
            "l2", "opt_settings", "decay", "step_decay", "dropout", "validation", "min_delta",
            "running_loss", "l2_in_loss")
    unknown = sorted(set(overrides) - set(keys))
    if unknown:
        raise BadInput(key="train settings", args={"names": unknown, "keys": list(keys)})
    given = {k: overrides.get(k) for k in keys}
    if given["opt_settings"] is None:
        given["opt_settings"] = ()
    if given["dropout"] is None:
        given["dropout"] = ()
    s = train_settings(cfg.train, cfg.network, cfg.seed, file=cfg.file, overrides=given)
    X, Tg = cfg.dataset
    try:
        n_train = len(T.split(X, Tg, s)[0][0])
        T.check_settings(s, n_train)
    except BadInput as exc:
        raise exc.located(cfg.file) from None
    if trace_at is not None:
        V.check_trace_at(s, trace_at, n_train)
    lr = cfg.learning_rate if lr is None else lr
    if lr is None:
        raise BadInput(key="needs a learning rate", file=cfg.file)
    kept = {k for k in SAVED_OVERRIDES if overrides.get(k) not in (None, ())}
    return TrainingPlan(cfg, s, lr, trace_at, kept)


# the overrides a trained config's train: section keeps (Training.save): the rest of the
# train: section is the config's own
SAVED_OVERRIDES = ("epochs", "mode", "batch_size", "shuffle", "seed", "optimizer", "every", "l2",
                   "opt_settings", "decay", "step_decay", "dropout", "running_loss", "l2_in_loss")


def train(config: Any = None, *, lr: float | None = None, trace_at: int | None = None,
          progress=None, should_stop=None, lang: str | None = None, **settings):
    """Train the config's network on its data (a copy: the config is left untrained) and
    report: the loss history as lists, the outputs, the parameters before and after.
    Raises :class:`~bptrace.errors.Diverged` when the loss runs away."""
    from bptrace.api import _speaking
    plan = plan_training(config, lr=lr, trace_at=trace_at, **settings)
    from bptrace.io.settings import resolve
    lang = resolve(lang, getattr(plan.config, "terms", None))
    return _speaking(plan.run(progress=progress, should_stop=should_stop, lang=lang), lang,
                     plan.config)


def compare(config: Any = None, *, vary, target: float | None = None, jobs: int = 1,
            progress=None, lang: str | None = None):
    """Train the same data under several settings: ``vary`` as the command line's --vary
    (``["hidden=1;2;5-5"]``, or a dict {"hidden": "1;2;5-5"}); with no config, the course
    slides' cubic fit (COMPARE_DEFAULT)."""
    import bptrace.training.experiments as E
    import bptrace.training.views as V
    from bptrace.api import _kind, _positive, _speaking, _whole, load

    _whole("jobs", jobs, 1)
    if target is not None:
        _positive("target", target)
    _kind("vary", vary, (dict, str, list, tuple), "a text, a list of texts or a dict")
    if isinstance(vary, dict):
        vary = [f"{k}={v}" for k, v in vary.items()]
    elif isinstance(vary, str):
        vary = [vary]
    for v in vary:
        _kind("vary", v, (str,), "a text, a list of texts or a dict")
    cfg = load(config if config is not None else COMPARE_DEFAULT)
    settings = E.variants(E.parse_vary(tuple(vary)))
    X, T = cfg.dataset
    kind, grid = V.picture_grid(X, len(cfg.network.outputs))
    try:
        results = E.run_all(cfg.root.value, settings, cfg.file, target, grid, jobs, progress)
    except BadInput as exc:
        raise exc.located(cfg.file) from None
    return _speaking(Comparison(cfg, results, (kind, grid, X, T), target), lang, cfg)


class TrainingPlan:
    """A checked training, ready to run (:func:`bptrace.api.plan_training`)."""

    def __init__(self, config, settings, lr: float, trace_at: int | None, given=frozenset()):
        self.config, self.settings, self.lr, self.trace_at = config, settings, lr, trace_at
        self.given = given                  # the overrides a saved config keeps

    def run(self, progress=None, should_stop=None, lang: str | None = None) -> "Training":
        import bptrace.training.loop as T
        import bptrace.training.views as V

        cfg = self.config
        X, Tg = cfg.dataset
        before = V.parameters(cfg.network)
        res = T.train(cfg.network, X, Tg, self.lr, self.settings,
                      should_stop=should_stop, progress=progress,
                      trace_at=self.trace_at)
        update = step = None
        if self.trace_at is not None and res.trace_at is not None:
            from bptrace.training.views import optimizer_step
            from bptrace.words import words
            update = V.update_trace(cfg, res, words(lang or "en")("update k", k=self.trace_at))
            step = optimizer_step(cfg.network, res, self.settings)
        report = V.summary(cfg.network, X, Tg, res, self.settings, self.lr)
        if getattr(cfg, "test", None) is not None:      # the test set, after training
            Xs, Ts = cfg.test
            report["values"].extra["test.loss"] = T.mean_loss(cfg.network, Xs, Ts)
            if T.is_classifier(cfg.network, Tg):
                report["values"].extra["test.accuracy"] = T.accuracy(cfg.network, Xs, Ts)
        done = Training(cfg, self.settings, self.lr, res, report,
                        V.output_rows(cfg.network, X, Tg),
                        V.before_after(before, cfg.network), update)
        done.optimizer_step = step          # another optimizer's step at --trace-at (or None)
        done.given = self.given
        return done


class Training:
    """A training run: ``history`` as lists ({"epoch": […], "loss": […]}, "val_loss" with a
    validation split), ``loss`` the final mean loss, ``outputs`` per sample, ``parameters``
    (name, before, after), ``report`` the plain record the JSON output prints."""

    def __init__(self, config, settings, lr, result, report, outputs, parameters, update):
        self.config, self.settings, self.lr, self.result = config, settings, lr, result
        self.report, self.outputs, self.parameters, self.update = report, outputs, parameters, update

    @property
    def history(self) -> dict[str, list]:
        hist = self.report["history"]
        out = {"epoch": [h["epoch"] for h in hist], "loss": [h["loss"] for h in hist]}
        if any("val_loss" in h for h in hist):
            out["val_loss"] = [h.get("val_loss") for h in hist]
        return out

    @property
    def loss(self) -> float:
        return self.report["values"]["loss"]

    @property
    def values(self) -> dict[str, float]:
        return dict(self.report["values"].items())

    def html(self, *, lang: str | None = None, page: bool = True) -> str:
        from bptrace.render.documents.html_reports import train_html
        return train_html(self.config.title, self.report, self.outputs, self.parameters,
                          lang=_in(self, lang), page=page)

    def _repr_html_(self) -> str:
        return self.html(page=False)

    def save(self, path: str) -> None:
        """The config with its trained parameters, as a config file (``train --save``)."""
        from bptrace import __version__ as v
        from bptrace.config import dump_config
        from bptrace.config.dump import train_section
        from bptrace.io.files import write_atomic
        cfg, s, res = self.config, self.settings, self.result
        text = (f"Trained by bptrace {v} from {cfg.file}: {res.epochs_run} epochs, {s.mode}, "
                f"{s.optimizer}, η = {self.lr:g}; final mean loss {self.loss!r}.")
        write_atomic(path, dump_config(cfg, text, to=path, learning_rate=self.lr,
                                       train=train_section(s, getattr(self, "given", ()))))

    def save_history(self, path: str) -> None:
        """The loss history as CSV (``train --log``)."""
        from bptrace.io.files import write_atomic
        from bptrace.render import history_csv
        write_atomic(path, history_csv(self.report["history"]))

    def save_plot(self, path: str, lang: str | None = None) -> None:
        """The loss curve (and, for two inputs, the decision regions) as PNG (``train --plot``)."""
        from bptrace.render.pictures.plots import plot_history
        from bptrace.training import views as V
        cfg = self.config
        picture = V.picture(cfg.network, *cfg.dataset)
        plot_history(path, cfg.title, self.report["history"],
                     None if picture is None else picture.as_tuple(), lang=_in(self, lang))

    def __rich__(self):
        from bptrace.render import architecture
        from bptrace.render.terminal.step import train_rich
        net = self.config.network
        arch = architecture(len(net.inputs), [(l.size, l.activation.name) for l in net.layers],
                            _in(self))
        return _rich(lambda c: train_rich(c, self.config.title, arch, self.report, self.outputs,
                                          (net.inputs, net.outputs), self.parameters,
                                          every=self.settings.every, lang=_in(self)))

    def __repr__(self) -> str:
        return (f"<bptrace training of {self.config.title!r}: {self.report['settings']['epochs_run']} "
                f"epochs, loss {self.loss!r}>")


class Comparison:
    """Variants trained side by side: ``results`` (one record per variant)."""

    def __init__(self, config, results, picture, target):
        self.config, self.results, self.picture, self.target = config, results, picture, target

    def html(self, *, lang: str | None = None, page: bool = True) -> str:
        from bptrace.render.documents.html_reports import compare_html
        return compare_html(self.config.title, self.results, target=self.target, lang=_in(self, lang),
                            page=page)

    def _repr_html_(self) -> str:
        return self.html(page=False)

    def __rich__(self):
        from bptrace.render.terminal.step import compare_rich
        return _rich(lambda c: compare_rich(c, self.config.title, self.results, self.picture,
                                            target=self.target, lang=_in(self)))
