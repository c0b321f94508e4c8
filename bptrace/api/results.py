"""What the Python API returns (:mod:`bptrace.api`): records that show themselves — as HTML
in Jupyter (``_repr_html_``, the classroom page's renderer with the reveal off) and as Rich
tables in a terminal or IPython (``__rich__``). They hold the engine's records and only
hand them to the renderers; nothing here computes or formats a number itself."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Quantity:
    """One scalar of a step: ``trace["grad.w5"]``. ``operands``: the keys its formula
    names, with their values; ``substituted``: the formula with the numbers put in."""

    key: str
    value: float
    formula: str
    operands: dict
    section: str
    substituted: str = ""

    def __float__(self) -> float:
        return float(self.value)

    def __str__(self) -> str:
        from bptrace.render.text import fmt
        return " = ".join(p for p in (self.key, self.formula, self.substituted,
                                      fmt(self.value)) if p)


def _rich(draw):
    """A Rich renderable of what ``draw(console)`` prints, at the console's width."""
    from rich.console import Console

    class Printed:
        def __rich_console__(self, console, options):
            import io

            from rich.text import Text
            inner = Console(file=io.StringIO(), width=options.max_width, highlight=False,
                            emoji=False, force_terminal=console.is_terminal,
                            color_system=console.color_system or None)
            draw(inner)
            yield Text.from_ansi(inner.file.getvalue().rstrip("\n"))
    return Printed()


class Step:
    """One traced step. ``step["grad.w5"]`` is a :class:`Quantity`, ``step.values`` every
    key's value; ``step.trace`` the engine's record, ``step.exact`` the exact trace beside a
    hand-rounded one (``round_to``). What the step's options asked for beside it: ``keep``
    and ``selected`` (the selected keys, None: everything), ``explain`` (parameters derived path by
    path), ``gradcheck`` (central differences), ``drift`` (the hand calculation against the
    exact one), ``views`` (the matrix and Jacobian views, with ``view`` the one asked for),
    ``batch`` (several samples' traces, with ``samples`` their numbers)."""

    def __init__(self, config, trace, exact=None, round_to: int | None = None, *,
                 kind: str = "scalar", keep=None, keys=None, explain=(), gradcheck=None,
                 drift=None, view: str = "scalar", views=None, batch=None, samples=None):
        self._make = None
        self.config, self.trace, self.exact, self.round_to = config, trace, exact, round_to
        self.kind = kind        # what was traced: scalar, views, delta, batch, batch matrices
        self.keep, self.selected, self.explain, self.gradcheck = keep, keys, list(explain), gradcheck
        self.drift, self.view, self.views, self.batch, self.samples = drift, view, views, batch, samples

    @classmethod
    def later(cls, config, make, **options) -> "Step":
        """A step whose trace ``make()`` records when it is first read (the records of every
        scalar cost more than a notebook's step that reads one number of them)."""
        done = cls(config, None, **options)
        done._make = make
        return done

    @property
    def trace(self):
        """The engine's record of the step."""
        if self._make is not None:
            self._trace, self._make = self._make(), None
        return self._trace

    @trace.setter
    def trace(self, value) -> None:
        self._trace, self._make = value, None

    def __getstate__(self) -> dict:
        self.trace                          # a copied or pickled step holds its records
        return self.__dict__

    def traces(self) -> list:
        """Every trace this step shows (a batch's, one per sample)."""
        if self.batch is not None:
            return [tr for _, tr in self.batch.samples]
        return [] if self.trace is None else [self.trace]

    def nonfinite(self) -> bool:
        """Whether the computation broke down somewhere (NaN or infinity in a shown trace)."""
        return any(tr.nonfinite() for tr in self.traces())

    @property
    def title(self) -> str:
        return self.trace.title

    @property
    def values(self) -> dict[str, float]:
        return self.batch.values() if self.batch is not None else self.trace.values()

    def keys(self) -> list[str]:
        return self.trace.keys()

    def __contains__(self, key: str) -> bool:
        return key in self.trace

    def __iter__(self):
        return iter(self.trace.keys())

    def __len__(self) -> int:
        return len(self.trace)

    def __getitem__(self, key: str) -> Quantity:
        from bptrace.trace.views import operands
        if key not in self.trace:
            from bptrace.errors import close_matches
            close = close_matches(key, self.trace.keys())
            raise KeyError(f"no quantity '{key}' in this step"
                           + (f"; did you mean {', '.join(close)}?" if close else ""))
        from bptrace.render.text import substituted
        q = self.trace[key]
        return Quantity(q.key, q.value, q.formula, operands(self.trace, q), q.section,
                        substituted(q, 9))

    def picture(self, show=("values", "err", "delta", "grad"), digits: int = 4,
                path: str | None = None):
        """The network picture; ``path`` (a parameter or neuron) marks its chain-rule paths."""
        from bptrace.render.pictures import picture
        return picture(self.trace, tuple(show), path, digits)

    def html(self, *, reveal: bool = True, lang: str | None = None, digits: int = 9,
             page: bool = True, path: str | None = None) -> str:
        """The classroom page (``page``) or a fragment of it, with or without the reveal;
        ``path`` marks one parameter's (or neuron's) chain-rule paths on its picture."""
        from bptrace.render.documents.html import reveal_steps, step_html
        from bptrace.render.pictures import Summary, picture
        from bptrace.trace.views import PAGE_LIMIT, summarised_runs
        pic = picture(self.trace, ("values", "err", "delta", "grad"), path, 4, page=True)
        # a step too big to read number by number: its large layers as ranges, not live
        big = summarised_runs(self.trace) if len(self.trace) > PAGE_LIMIT else set()
        steps = reveal_steps(self.trace, paths=not isinstance(pic, Summary), skip=big)
        lang = _in(self, lang)
        live, root_id = "", ""
        if reveal and self.exact is None and not big:   # a hand-rounded step stays as computed
            from bptrace.render.documents.live import live_data
            live, root_id = live_data(self.config, self.trace, lang, digits, "step", page)
        return step_html(self.trace, pic, steps, lang=lang,
                         digits=digits, reveal=reveal, page=page, exact=self.exact,
                         round_to=self.round_to, live=live, root_id=root_id if live else "",
                         summarised=big)

    def _repr_html_(self) -> str:
        """The live page as a notebook's output (its own id and state: two outputs in one
        notebook do not meet)."""
        return self.html(page=False)

    def __rich__(self):
        from bptrace.render.terminal.step import step_rich
        return _rich(lambda c: step_rich(self.trace, c, exact=self.exact, round_to=self.round_to,
                                         lang=_in(self)))

    def __repr__(self) -> str:
        return f"<bptrace step of {self.title!r}: {len(self)} quantities, loss {self.values.get('loss')!r}>"


def _in(result, lang=None):
    """The language a result shows itself in: the one asked for, else the one it was made
    with (bptrace.step(…, lang=…)), else the environment's."""
    if lang is not None:
        from bptrace.io.settings import resolve
        return resolve(lang, getattr(getattr(result, "lang", None), "terms", None))
    if getattr(result, "lang", None) is not None:
        return result.lang
    from bptrace.io.settings import resolve
    return resolve(None, getattr(getattr(result, "config", None), "terms", None))


class Checked:
    """Expected values checked: ``checks`` (one per value), ``agree``, ``diagnosis`` (with
    diagnose=True), ``trace`` the step they were checked against."""

    def __init__(self, checked, diagnosis, gradients, diagnosed: bool):
        self.checked, self.diagnosis, self.gradients = checked, diagnosis, gradients
        self.diagnosed = diagnosed
        self.config, self.trace, self.checks = checked.cfg, checked.trace, checked.checks

    @property
    def agree(self) -> bool:
        return self.checked.agree

    @property
    def wrong(self) -> list[str]:
        return [c.key for c in self.checks if not c.agree]

    @property
    def student(self) -> bool:
        """Whether the values checked are a student's answers (check --expect FILE)."""
        return self.checked.student is not None

    def html(self, *, reveal: bool = True, lang: str | None = None, digits: int = 9, page: bool = True,
             path: str | None = None) -> str:
        """The classroom page of the check; ``path`` marks one parameter's (or neuron's)
        chain-rule paths on its picture."""
        from bptrace.render.documents.html import reveal_steps
        from bptrace.render.documents.html_reports import check_html
        from bptrace.render.documents.live import live_data
        from bptrace.render.pictures import picture
        lang = _in(self, lang)
        live, root_id = live_data(self.config, self.trace, lang, digits, "check", page) if reveal \
            else ("", "")
        return check_html(self.trace, picture(self.trace, ("values", "err", "delta", "grad"), path, 4,
                                              page=True),
                          reveal_steps(self.trace), self.checks, self.diagnosis, lang=lang,
                          digits=digits, reveal=reveal, page=page, student=self.student,
                          live=live, root_id=root_id)

    def _repr_html_(self) -> str:
        return self.html(page=False)

    def __rich__(self):
        from bptrace.render.terminal.step import check_rich
        return _rich(lambda c: check_rich(c, self.config.title, self.config.file, self.checks, 9,
                                          self.diagnosis, student=self.student, lang=_in(self)))

    def __repr__(self) -> str:
        return f"<bptrace check of {self.config.title!r}: {len(self.checks) - len(self.wrong)}/{len(self.checks)} agree>"


class Grades:
    """A class set of answer files: one grade per student."""

    def __init__(self, config, grades):
        self.config, self.grades = config, grades

    def __rich__(self):
        from bptrace.render.terminal.step import grades_rich
        return _rich(lambda c: grades_rich(c, self.config.title, self.grades, lang=_in(self)))


class PerceptronRun:
    """The perceptron rule on a truth table: ``problem``, ``run`` (``converged``, the
    weights), the decision ``grid`` (two inputs) and, for XOR, the two-layer ``xor`` net."""

    def __init__(self, name, problem, run, grid, xor):
        self.name, self.problem, self.run, self.grid, self.xor = name, problem, run, grid, xor

    @property
    def converged(self) -> bool:
        return self.run.converged

    def __rich__(self):
        from bptrace.render.terminal.step import perceptron_rich
        return _rich(lambda c: perceptron_rich(self.problem, self.run, self.grid, self.xor, c))


def config_view(cfg) -> str:
    """The config in a notebook: its layers, loss, learning rate and data (in the
    environment's language, with the config's terms)."""
    from bptrace.io.settings import resolve
    from bptrace.render import architecture
    from bptrace.render.documents.html_reports import config_html
    from bptrace.words import words
    lang = resolve(None, getattr(cfg, "terms", None))
    net = cfg.network
    w = words(lang)
    names = [w("hidden layer", n=i + 1) for i in range(len(net.layers) - 1)] + [w("output layer")]
    layers = [(name, list(layer.neurons), layer.activation.name,
               int(layer.W.size if layer.mask is None else layer.mask.sum()) + len(layer.bias_names))
              for name, layer in zip(names, net.layers)]
    arch = architecture(len(net.inputs), [(l.size, l.activation.name) for l in net.layers], lang)
    return config_html(cfg.title, arch, layers, net.loss.name, cfg.learning_rate,
                       len(cfg.dataset[0]), lang=lang)
