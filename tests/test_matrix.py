"""The space of use as a test: every built-in example, and generated configs (random ones and
hostile-but-valid ones), under every command × every format it takes × the options that change
what is computed or drawn, run in process through click's runner. Every run ends in exit 0, 1
or 2 — never a traceback — and a run that exits 2 says why in one message on stderr.

The whole matrix runs with the slow tests (CI's second step, ``pytest -m slow``); a seeded
sample of it, of the runs that take a few milliseconds, runs in the default suite."""

from __future__ import annotations

import json
import random
import re
import traceback
from functools import lru_cache

import pytest
import yaml
from click.testing import CliRunner

from bptrace.cli import cli

# overflow and 0·∞ are the configs' own (bptrace reports them as non-finite values, exit 1)
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")

# ----------------------------------------------------------------------------- the configs
ACTIVATIONS = ["sigmoid", "tanh", "relu", "leaky_relu", {"leaky_relu": 0.2}, "softsign",
               "softplus", "linear"]
LOSSES = ["half_sse", "sse", "mse", "cross_entropy", "binary_cross_entropy", "kl_divergence",
          "cosine", "logcosh"]
BIAS_FORMS = ["none", "shared", "per neuron", "explicit", "list", "number"]
WEIGHT_FORMS = ["edges", "matrix", "matrix_rows", "init"]


def _examples() -> list[dict]:
    """The built-in examples as `bptrace examples --format json` lists them."""
    res = CliRunner().invoke(cli, ["examples", "--format", "json"], catch_exceptions=False)
    return json.loads(res.stdout)


def _number(rng: random.Random) -> float:
    return round(rng.uniform(-1, 1), rng.choice([1, 2, 3]))


def _names(prefix: str, n: int, style: str) -> list[str]:
    if style == "unicode":
        return [f"{prefix}{'αβγδεζηθ'[j]}层{j + 1}" for j in range(n)]
    return [f"{prefix}{j + 1}" for j in range(n)]


def random_config(seed: int) -> dict:
    """A valid config drawn from the forms of SPEC §2 and §6: 1-4 layers, any activation and
    loss, every form of weights and biases (or thresholds), with or without a learning rate,
    a data set, a train: section, conventions, names in any script, an expect: section."""
    rng = random.Random(seed)
    depth = 1 + seed % 4
    loss = LOSSES[seed % len(LOSSES)]
    style = rng.choice(["plain", "plain", "unicode", "count"])
    n_in = rng.randint(1, 3)
    sizes = [rng.randint(1, 3) for _ in range(depth - 1)]
    n_out = 2 + rng.randint(0, 1) if loss in ("cross_entropy", "kl_divergence") else rng.randint(1, 3)
    sizes.append(n_out)
    inputs = n_in if style == "count" else _names("x" if style == "plain" else "入", n_in, style)
    in_names = [f"x{j + 1}" for j in range(n_in)] if style == "count" else inputs
    layers, prev, used_threshold = [], in_names, False
    for l, n in enumerate(sizes, start=1):
        last = l == depth
        if style == "count":
            neurons = [f"o{j + 1}" for j in range(n)] if last else [f"h{l}_{j + 1}" for j in range(n)]
            spec_neurons: object = n
        else:
            neurons = _names("o" if last else f"h{l}_", n, style)
            spec_neurons = neurons
        if last and loss in ("cross_entropy", "kl_divergence"):
            act = "softmax"
        elif last and loss == "binary_cross_entropy":
            act = "sigmoid"
        elif last and n > 1 and rng.random() < 0.15:
            act = "softmax"
        else:
            act = rng.choice(ACTIVATIONS)
        layer: dict = {"neurons": spec_neurons, "activation": act}
        form = rng.choice(WEIGHT_FORMS)
        if form == "edges":
            edges = {}
            for j, to in enumerate(neurons):
                for k, frm in enumerate(prev):
                    if rng.random() < 0.9 or k == 0:          # a missing edge is no connection
                        edges[f"w{l}_{k + 1}_{j + 1}"] = [frm, to, _number(rng)]
            layer["weights"] = edges
        elif form in ("matrix", "matrix_rows"):
            rows = [[_number(rng) for _ in prev] for _ in neurons]
            if form == "matrix_rows":
                layer["matrix_rows"] = "inputs"
                rows = [list(r) for r in zip(*rows)]
            layer["weights"] = rows
        else:
            layer["weights"] = rng.choice([{"init": "uniform", "low": -1, "high": 1},
                                           {"init": "normal", "mean": 0, "std": 0.5},
                                           {"init": "xavier"}, {"init": "he"}])
        bias = rng.choice(BIAS_FORMS)
        key = "threshold" if rng.random() < 0.25 else "bias"
        used_threshold |= key == "threshold" and bias != "none"
        tag = "theta" if key == "threshold" else "b"
        if bias == "shared":
            layer[key] = {f"{tag}{l}": _number(rng)}
        elif bias == "per neuron":
            layer[key] = {f"{tag}{l}_{j + 1}": _number(rng) for j in range(n)}
        elif bias == "explicit":
            layer[key] = {f"{tag}{l}_{j + 1}": [neurons[j], _number(rng)]
                          for j in range(n) if j == 0 or rng.random() < 0.5}
        elif bias == "list":
            layer[key] = [_number(rng) for _ in range(n)]
        elif bias == "number":
            layer[key] = _number(rng)
        layers.append(layer)
        prev = neurons
    out_names = prev

    def target() -> list[float]:
        if loss in ("cross_entropy", "kl_divergence"):
            hot = [0.0] * n_out
            hot[rng.randrange(n_out)] = 1.0
            return hot
        if loss == "binary_cross_entropy":
            return [rng.choice([0.0, 1.0, 0.25]) for _ in range(n_out)]
        return [_number(rng) for _ in range(n_out)]

    cfg: dict = {"title": f"random config {seed}", "network": {"inputs": inputs, "layers": layers},
                 "loss": loss}
    if any(isinstance(l["weights"], dict) and "init" in l["weights"] for l in layers):
        cfg["seed"] = seed
    if rng.random() < 0.8:
        cfg["learning_rate"] = rng.choice([0.1, 0.5, 1, 0.05])
    if rng.random() < 0.3:
        cfg["train_biases"] = False
    if rng.random() < 0.3 or used_threshold and rng.random() < 0.5:
        cfg["conventions"] = {"error_signal": "negative"}
    x = [_number(rng) for _ in range(n_in)]
    if rng.random() < 0.5:
        cfg["sample"] = {"input": dict(zip(in_names, x)), "target": dict(zip(out_names, target()))}
    else:
        cfg["sample"] = {"input": x, "target": target()}
    if rng.random() < 0.5:
        cfg["data"] = [{"input": [_number(rng) for _ in range(n_in)], "target": target()}
                       for _ in range(rng.randint(2, 4))]
        if rng.random() < 0.4:
            del cfg["sample"]
        cfg["train"] = {"epochs": 3, "mode": rng.choice(["online", "batch", "minibatch"]),
                        "batch_size": 2, "shuffle": rng.random() < 0.5, "seed": seed}
    return cfg


def hostile_configs() -> dict[str, dict]:
    """Valid configs that hit edges: names that are the page's or the keys' own words, markup
    and TeX in titles, exact zeros, relu at its kink, huge and tiny values, a summarised
    layer, many inputs, a tiny learning rate, one neuron, CJK everywhere."""
    mazur = yaml.safe_load(_example_text("mazur"))
    mazur.pop("expect", None)
    out: dict[str, dict] = {}

    def tiny(name: str, layers: list, sample: dict, **top) -> None:
        out[name] = {"title": name, "network": {"inputs": top.pop("inputs", ["x1", "x2"]),
                                                "layers": layers},
                     "loss": top.pop("loss", "half_sse"), "learning_rate": top.pop("lr", 0.5),
                     "sample": sample, **top}

    tiny("page words", [{"neurons": ["lr", "practice"], "activation": "sigmoid",
                         "weights": {"train": ["x1", "lr", 0.1], "answer": ["x2", "lr", 0.2],
                                     "new": ["x1", "practice", 0.3], "grad": ["x2", "practice", 0.4]},
                         "bias": {"net": 0.1}},
                        {"neurons": ["out"], "activation": "sigmoid",
                         "weights": {"loss": ["lr", "out", 0.5], "e": ["practice", "out", -0.5]},
                         "threshold": {"s1": 0.2}}],
         {"input": [0.5, 0.25], "target": [1]})
    tiny("markup $\\&%_{}#^~ <script>x</script> [bold]w[1][/bold] 《标题》",
         [{"neurons": 2, "activation": "tanh", "weights": [[0.1, -0.2], [0.3, 0.4]], "bias": 0.1},
          {"neurons": 2, "activation": "softmax", "weights": [[1, 2], [3, 4]]}],
         {"input": [1, 0], "target": [1, 0]}, loss="cross_entropy")
    tiny("exact zeros", [{"neurons": 2, "activation": "relu", "weights": [[0, 0], [0, 0]], "bias": 0},
                         {"neurons": 1, "activation": "linear", "weights": [[0, 0]], "bias": 0}],
         {"input": [0, 0], "target": [0]})
    tiny("relu kink", [{"neurons": 2, "activation": "relu",
                        "weights": [[-0.3, 0.5], [1, -1]], "bias": [0.05, 0]},
                       {"neurons": 1, "activation": "leaky_relu", "weights": [[1, 1]], "bias": 0}],
         {"input": [1, 0.5], "target": [0.5]})
    tiny("tiny values", [{"neurons": 1, "activation": "tanh", "weights": [[1e-5, 1e-9]],
                          "bias": 1e-12}], {"input": [1e-5, 3], "target": [1e-7]})
    tiny("huge values", [{"neurons": 2, "activation": "sigmoid", "weights": [[1e3, -1e3], [50, 60]]},
                         {"neurons": 1, "activation": "linear", "weights": [[1e6, -1e6]]}],
         {"input": [100, -100], "target": [1e8]}, lr=10)
    tiny("overflow", [{"neurons": 1, "activation": "softplus", "weights": [[1e300, 1e300]]},
                      {"neurons": 1, "activation": "linear", "weights": [[1e300]]}],
         {"input": [1e10, 1e10], "target": [0]}, loss="sse")
    tiny("tiny learning rate", [{"neurons": 1, "activation": "softsign", "weights": [[0.5, -0.5]],
                                 "bias": {"b": ["o1", 0.1]}}],
         {"input": [1, 2], "target": [0]}, lr=1e-12)
    tiny("one neuron", [{"neurons": ["y"], "activation": "linear", "weights": {"w": ["x", "y", 2]}}],
         {"input": {"x": 3}, "target": {"y": 5}}, inputs=["x"])
    tiny("wide", [{"neurons": 14, "activation": "tanh", "weights": {"init": "xavier"}, "bias": 0.0},
                  {"neurons": 13, "activation": "sigmoid", "weights": {"init": "he"}},
                  {"neurons": 3, "activation": "softmax", "weights": {"init": "uniform", "low": -1,
                                                                       "high": 1}}],
         {"input": [0.1 * k for k in range(13)], "target": [0, 0, 1]}, inputs=13,
         loss="cross_entropy", seed=3)
    tiny("中文 名字", [{"neurons": ["隐甲", "隐乙"], "activation": "sigmoid",
                       "weights": {"权一": ["输入甲", "隐甲", 0.1], "权二": ["输入乙", "隐甲", 0.2],
                                   "权三": ["输入甲", "隐乙", 0.3], "权四": ["输入乙", "隐乙", 0.4]},
                       "threshold": {"θ甲": ["隐甲", 0.1], "θ乙": ["隐乙", -0.1]}},
                      {"neurons": ["输出"], "activation": "sigmoid",
                       "weights": {"权五": ["隐甲", "输出", 0.5], "权六": ["隐乙", "输出", 0.6]}}],
         {"input": {"输入甲": 1, "输入乙": 0}, "target": {"输出": 1}}, inputs=["输入甲", "输入乙"],
         conventions={"error_signal": "negative"}, description="一个全是中文名字的网络")
    no_lr = {k: v for k, v in mazur.items() if k not in ("learning_rate",)}
    no_lr["title"] = "forward pass only, a misprint"
    no_lr["expect"] = {"net.h1": "0.3775", "out.o1": "0.75136079", "loss": "0.298371109",
                       "err.o1": "1.48273014", "grad.w5": "0.082167041"}
    out["no learning rate"] = no_lr
    data = dict(yaml.safe_load(_example_text("xor")))
    data.pop("expect", None)
    data["title"] = "a data set, no sample, minibatches"
    data.pop("sample", None)
    data["train"] = {"epochs": 2, "mode": "minibatch", "batch_size": 3, "shuffle": True, "seed": 1}
    out["data only"] = data
    return out


def _example_text(name: str) -> str:
    from bptrace.config import examples
    return examples.text(name)


N_RANDOM = 16
EXAMPLES = _examples()
BP_EXAMPLES = [e["name"] for e in EXAMPLES if "perceptron" not in e["commands"]]
PERCEPTRON_EXAMPLES = [e["name"] for e in EXAMPLES if "perceptron" in e["commands"]]
GENERATED = {**{f"random{i}": random_config(i) for i in range(N_RANDOM)}, **hostile_configs()}
CONFIGS = BP_EXAMPLES + sorted(GENERATED)


def _ascii_id(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-") or "cjk"


# ------------------------------------------------------------------- expect: for generated configs
def _yaml(cfg: dict) -> str:
    return yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False)


def with_expect(cfg: dict) -> dict:
    """A generated config with an expect: section of its own numbers as a book prints them
    (6 significant digits, every third one misprinted in its last digit), so that check,
    --round printed and --diagnose have work; as it is where bptrace refuses it."""
    from bptrace import api
    from bptrace.errors import BadInput
    if "expect" in cfg:
        return cfg
    try:
        values = api.step(api.load(_yaml(cfg))).values
    except BadInput:
        return cfg
    keys = [k for k in values if k.split(".")[0] in ("net", "out", "loss", "err", "delta", "grad", "new")
            and not k.startswith("new.out") and abs(values[k]) < 1e6]
    expect = {}
    for i, k in enumerate(keys[::max(1, len(keys) // 8)]):
        text = f"{values[k]:.6g}"
        if i % 3 == 2 and text[-1].isdigit():
            text = text[:-1] + str((int(text[-1]) + 1) % 10)
        expect[k] = text
    return {**cfg, "expect": expect} if expect else cfg


@lru_cache(maxsize=None)
def _config_text(name: str) -> str:
    return _yaml(with_expect(GENERATED[name]))


@lru_cache(maxsize=None)
def _names_of(source: str) -> tuple[str, str]:
    """A parameter of the first layer (its chain-rule paths cross the whole net) and a neuron
    of the first layer, for --explain and --path."""
    from bptrace import api
    from bptrace.errors import BadInput
    try:
        net = api.load(source).network
    except BadInput:
        return "w1", "h1"
    first = net.layers[0]
    params = [p.name for p in net.params if p.kind == "w"] or [p.name for p in net.params]
    return params[0], first.neurons[0]


@lru_cache(maxsize=None)
def _second_param(source: str) -> str:
    """Another parameter than :func:`_names_of`'s (for plot's --params P,Q): of the last layer
    where there is one, else the same (then plot says P and Q must differ)."""
    from bptrace import api
    from bptrace.errors import BadInput
    try:
        params = [p.name for p in api.load(source).network.params]
    except BadInput:
        return "w2"
    first = _names_of(source)[0]
    return next((n for n in reversed(params) if n != first), first)


# -------------------------------------------------------------------------- the matrix itself
F_STEP = ["rich", "json", "markdown", "latex", "csv", "html"]
F_TRAIN = ["rich", "json", "markdown", "csv", "html"]
F_DRAW = ["svg", "tikz", "dot"]
F_EXERCISE = ["markdown", "latex", "json", "yaml", "html"]
F_COMPARE = ["rich", "json", "html"]
F_PERCEPTRON = ["rich", "json", "markdown"]
PLOT_CASES = [["slice", "{config}", "--param", "{param}", "--format", "svg"],
              ["surface", "{config}", "--params", "{param},{param2}", "--epochs", "2"],
              ["schedule", "{config}", "--epochs", "2", "--decay", "0.5:3"],
              ["activations", "--config", "{config}", "--lang", "zh"]]

STEP_OPTIONS = [[], ["--round", "3"], ["--round", "printed"], ["--gradcheck"], ["--view", "matrix"],
                ["--view", "jacobian"], ["--batch"], ["--explain", "{param}"], ["--path", "{param}"],
                ["--path", "{neuron}"], ["--lang", "zh"], ["--digits", "3"], ["--only", "grad.*"],
                ["--layer", "1"], ["--samples", "1,2"]]
CHECK_OPTIONS = [[], ["--round", "3"], ["--round", "printed"], ["--diagnose"], ["--gradcheck"],
                 ["--path", "{param}"], ["--lang", "zh"], ["--digits", "3"],
                 ["--diagnose", "--lang", "zh"]]
DRAW_OPTIONS = [[], ["--show", "values,grad,new,err,delta"], ["--show", "grad,new"],
                ["--path", "{param}"], ["--path", "{neuron}"], ["--lang", "zh"], ["--digits", "2"]]
TRAIN_OPTIONS = [["--epochs", "3"], ["--epochs", "2", "--mode", "batch"],
                 ["--epochs", "2", "--optimizer", "adam", "--lang", "zh"],
                 ["--epochs", "2", "--trace-at", "1"], ["--epochs", "2", "--digits", "3"]]
EXERCISE_OPTIONS = [[], ["--key"], ["--blanks", "backward"], ["--blanks", "update", "--lang", "zh"],
                    ["--key", "--path", "{param}"]]
COMPARE_OPTIONS = [["--vary", "epochs=1,2"], ["--vary", "epochs=2", "--vary", "hidden=1;2-1"],
                   ["--vary", "epochs=2", "--vary", "optimizer=sgd,adam", "--lang", "zh"]]
EXERCISE_SHAPES = [["--shape", "2-2-2"], ["--shape", "3-2", "--activation", "tanh", "--loss", "mse"],
                   ["--shape", "2-3-3", "--activation", "relu", "--loss", "cross_entropy"],
                   ["--shape", "1-2-2-1", "--activation", "softsign", "--loss", "sse"]]


def _cases() -> list[tuple[str, tuple[str, ...]]]:
    """(config id or '' for none, the command line with {config} {param} {neuron} {tmp} to fill)."""
    cases: list[tuple[str, tuple[str, ...]]] = []
    add = lambda c, *args: cases.append((c, tuple(args)))      # noqa: E731
    per_command = (("step", STEP_OPTIONS, F_STEP), ("check", CHECK_OPTIONS, F_STEP),
                   ("draw", DRAW_OPTIONS, F_DRAW), ("train", TRAIN_OPTIONS, F_TRAIN),
                   ("exercise --from", EXERCISE_OPTIONS, F_EXERCISE),
                   ("compare", COMPARE_OPTIONS, F_COMPARE))
    for c in CONFIGS:
        for command, options, formats in per_command:
            for opts in options:
                for f in formats:
                    add(c, *command.split(), "{config}", "--format", f, *opts)
        add(c, "export", "{config}", "--to", "pytorch")
        add(c, "export", "{config}", "--to", "pytorch", "--train")
        add(c, "perceptron", "{config}")
    for c in PERCEPTRON_EXAMPLES:
        for f in F_PERCEPTRON:
            for opts in ([], ["--lang", "zh"]):
                add(c, "perceptron", "{config}", "--format", f, *opts)
        add(c, "step", "{config}")
    for shape in EXERCISE_SHAPES:
        for opts in EXERCISE_OPTIONS:
            for f in F_EXERCISE:
                add("", "exercise", "--seed", "3", *shape, "--format", f, *opts)
    for c in ("mazur", "xor", "no learning rate"):         # the formats written to files
        f = _ascii_id(c)
        add(c, "draw", "{config}", "-o", f"{{tmp}}/{f}.png")
        add(c, "draw", "{config}", "-o", f"{{tmp}}/{f}.pdf", "--show", "grad,new", "--lang", "zh")
        add(c, "train", "{config}", "--epochs", "2", "--save", f"{{tmp}}/{f}-trained.yaml",
            "--log", f"{{tmp}}/{f}-loss.csv")
        add(c, "exercise", "--from", "{config}", "--variants", "2", "--out", f"{{tmp}}/{f}-sheets")
    # bptrace plot (matplotlib's time: never in the sample of the default suite, and last, so
    # that the sample stays the one it was)
    for c in CONFIGS:
        for args in PLOT_CASES:
            add(c, "plot", *args)
    for c in ("mazur", "xor", "no learning rate"):
        f = _ascii_id(c)
        add(c, "plot", "trajectory", "{config}", "--params", "{param},{param2}", "--epochs", "2",
            "--optimizers", "sgd,nesterov,rmsprop_momentum,adam=0.01", "-o", f"{{tmp}}/{f}-traj.png")
        add(c, "plot", "slice", "{config}", "--param", "{param}", "-o", f"{{tmp}}/{f}-slice.pdf",
            "--lang", "zh")
    return cases


CASES = _cases()


def _run(case, folder):
    config, args = case
    if config in GENERATED:
        path = folder / f"{_ascii_id(config)}.yaml"
        if not path.exists():
            path.write_text(_config_text(config), encoding="utf-8")
        source = str(path)
    else:
        source = config
    param, neuron = _names_of(source) if config else ("", "")
    param2 = _second_param(source) if any("{param2}" in a for a in args) else ""
    line = [a.format(config=source, param=param, neuron=neuron, tmp=folder, param2=param2)
            for a in args]
    res = CliRunner().invoke(cli, line, catch_exceptions=True,
                             env={"COLUMNS": "80", "NO_COLOR": "1", "LANG": "C.UTF-8"})
    exc = res.exception
    shown = f"bptrace {' '.join(line)}"
    if exc is not None and not isinstance(exc, SystemExit):
        trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        pytest.fail(f"{shown}: a traceback\n{trace}", pytrace=False)
    assert res.exit_code in (0, 1, 2), (shown, res.exit_code, res.stderr)
    assert "Traceback" not in res.stderr and "Traceback" not in res.stdout, shown
    if res.exit_code == 2:
        message = res.stderr.strip()
        assert message, f"{shown}: exit 2 without a message"
        # one message: bptrace's own paragraph, or click's usage error (Usage / Try / Error)
        assert message.startswith(("bptrace", "Usage:", "Error:")), (shown, message)
        if message.startswith("bptrace"):
            assert "\n\n" not in message and message.count("\nbptrace") == 0, (shown, message)
    return res


def _case_id(case) -> str:
    config, args = case
    return _ascii_id(" ".join([config] + [a for a in args if a != "{config}"]))


def _sample(cases, n: int, seed: int = 25) -> set[int]:
    """A seeded sample of the runs that take milliseconds: no diagnosis, no files written, no
    config that trains to check (mazur) or is large (the curve fits, the summarised layers)."""
    heavy_options = ("--diagnose", "-o", "--out")
    heavy_configs = ("mazur", "cubic", "curve", "redblue", "wide", "random14")
    cheap = [i for i, (config, args) in enumerate(cases)
             if config not in heavy_configs and not any(h in args for h in heavy_options)
             and args[0] != "plot"]
    return set(random.Random(seed).sample(cheap, n))


SAMPLE = _sample(CASES, 80)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("matrix")


def pytest_generate_tests(metafunc):
    """The runs of the matrix, the sample unmarked and the rest marked slow. Where the slow
    tests are left out anyway (the default suite: -m 'not slow'), only the sample is made: ten
    thousand items made to be deselected would cost every test process a second."""
    if "case" not in metafunc.fixturenames:
        return
    only_sample = (metafunc.config.getoption("markexpr", "") or "").replace(" ", "") == "notslow"
    metafunc.parametrize("case", [
        pytest.param(c, id=f"{i}-{_case_id(c)}", marks=() if i in SAMPLE else pytest.mark.slow)
        for i, c in enumerate(CASES) if i in SAMPLE or not only_sample])


def test_every_command_format_and_option(case, folder):
    _run(case, folder)


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_the_generated_configs_are_valid(name):
    """The generated configs are valid (so the matrix runs them, not only their error path),
    and so is the expect: section written for them."""
    from bptrace import api
    cfg = api.load(_config_text(name))
    assert cfg.network.layers


def test_the_matrix_takes_every_format_of_every_command():
    """A format added to a command is added to the matrix too (draw's png and pdf are written
    to files, with -o)."""
    import click
    used: dict[str, set] = {}
    for _, args in CASES:
        if "--format" in args:
            used.setdefault(args[0], set()).add(args[args.index("--format") + 1])
        if "-o" in args:
            used.setdefault(args[0], set()).add(args[args.index("-o") + 1].rsplit(".", 1)[-1])
    ctx = click.Context(cli)                # the commands are loaded when asked for
    for name in ("step", "check", "draw", "train", "exercise", "compare", "perceptron", "plot"):
        option = next(p for p in cli.get_command(ctx, name).params if p.name == "fmt")
        assert isinstance(option.type, click.Choice)
        assert set(option.type.choices) <= used[name], (name, set(option.type.choices) - used[name])
    assert {args[0] for _, args in CASES} >= {"step", "check", "draw", "train", "exercise", "export",
                                             "compare", "perceptron", "plot"}
