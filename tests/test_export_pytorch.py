"""`bptrace export CONFIG --to pytorch`: the program's text (always), and — where PyTorch is
installed — that running it gives bptrace's numbers for every optimizer and training
setting. Programs are run in this process (runpy), so torch is imported once."""

import ast
import io
import json
import runpy
import sys
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from bptrace.config import load_config, parse_config
from bptrace.export.pytorch import program
from bptrace.export.verify import compare, training_epochs

CONFIGS = sorted(Path(__file__).resolve().parent.parent.joinpath("configs").glob("*.yaml"))

NET = """\
seed: 3
network:
  inputs: [a, b]
  layers:
    - neurons: [h1, h2, h3]
      activation: {act}
      weights: {{w1: [a, h1, 0.3], w2: [b, h1, -0.4], w3: [a, h2, 0.7], w4: [b, h3, 0.2], w5: [a, h3, -0.6]}}
      bias: {{p: [h2, 0.1], q: [h3, -0.2]}}
    - neurons: [o1, o2]
      activation: {out}
      weights: {{init: uniform, low: -1, high: 1}}
      bias: {{c: 0.05}}
loss: {loss}
learning_rate: 0.1
train_biases: {train_biases}
data:
  - {{input: [0.5, -1.0], target: [0.2, 0.8]}}
  - {{input: [1.0, 0.5], target: [0.9, 0.1]}}
  - {{input: [-1.0, 0.5], target: [0.3, 0.7]}}
  - {{input: [-0.5, -0.5], target: [0.6, 0.4]}}
  - {{input: [0.2, 0.9], target: [0.5, 0.5]}}
train:
  epochs: 30
{train}"""


def net(act="tanh", out="sigmoid", loss="half_sse", train_biases="true", train=""):
    return NET.format(act=act, out=out, loss=loss, train_biases=train_biases, train=train)


def test_the_program_names_every_parameter_and_says_where_pytorch_differs(run):
    text = run("export", "mazur", "--to", "pytorch").stdout
    assert "w1 = 0.15" in text and "# i1 → h1" in text
    assert 'register_buffer("bias1"' in text          # frozen b1: a buffer, not a parameter
    assert "nn.Linear(2, 2, bias=False)" in text and "torch.float64" in text
    assert "--device" in text and "torch.cuda.is_available()" in text
    compile(text, "mazur.py", "exec")


def test_named_edges_become_masked_weights_and_a_shared_bias_one_parameter():
    text = program(parse_config(net(train="  optimizer: rmsprop_momentum\n  l2: 0.01\n")))
    assert "MASK1 = [[1.0, 1.0], [1.0, 0.0], [1.0, 1.0]]" in text
    assert "self.layer1.weight * self.mask1" in text
    assert "self.bias2 = nn.Parameter(torch.tensor(B2))    # one bias shared" in text
    assert "USES1 = " in text                          # p and q: explicit, for two neurons
    assert "ε inside the square root" in text or "ε outside the square root" in text
    assert "Keras' l2(λ)" in text and "weight_decay=λ would add λ·w" in text


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.stem)
def test_every_shipped_config_exports_to_a_valid_program(path):
    compile(program(load_config(str(path))), path.stem, "exec")


def test_cubic_writes_its_normalisation_out():
    text = program(load_config("cubic"))
    assert "(6 * x ** 3 + 4 * x ** 2 + 5 * x + 10 + 131.0) / (223.0 + 131.0)" in text
    assert "torch.optim.Adam(" in text and "《神经元、感知机与 BP 神经网络》" in text


def test_output_is_written_atomically_and_replaced_as_every_command_does(run, tmp_path, write):
    """One overwrite rule across commands: -o FILE replaces FILE (as draw and step -o do);
    --force is still accepted (older scripts); the config itself is never overwritten."""
    out = tmp_path / "net.py"
    assert run("export", "xor", "--to", "pytorch", "-o", str(out)).exit_code == 0
    first = out.read_text()
    out.write_text("# mine\n")
    assert run("export", "xor", "--to", "pytorch", "-o", str(out)).exit_code == 0
    assert out.read_text() == first
    assert run("export", "xor", "--to", "pytorch", "-o", str(out), "--force").exit_code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["net.py"]          # no temporary left
    cfg = write("""network: {inputs: 1, layers: [{neurons: 1, activation: linear, weights: [[0.5]]}]}
learning_rate: 0.1
sample: {input: [1], target: [0]}
""")
    refused = run("export", cfg, "--to", "pytorch", "-o", cfg)
    assert refused.exit_code == 2 and "network" in cfg.read_text()


def test_export_needs_a_target_and_a_good_config(run, write):
    assert run("export", "mazur").exit_code == 2
    bad = run("export", write("network: [1\n"), "--to", "pytorch")
    assert bad.exit_code == 2 and "Traceback" not in bad.output


# --- running the programs (where PyTorch is installed; with the tests that drive other programs,
# marked slow) ------------------------------------------------------------------------------
def run_program(cfg, tmp_path, *args):
    torch = pytest.importorskip("torch")
    torch.set_default_dtype(torch.float64)
    path = tmp_path / "prog.py"
    path.write_text(program(cfg, str(path)))
    out, argv = io.StringIO(), sys.argv
    sys.argv = [str(path), *args]
    try:
        with redirect_stdout(out):
            runpy.run_path(str(path), run_name="__main__")
    finally:
        sys.argv = argv
    return json.loads(out.getvalue())


def bptrace_values(cfg, epochs=None):
    from bptrace.config import train_settings
    from bptrace.trace import build_trace
    from bptrace.training.loop import trained_values
    v = build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate).values()
    if epochs is not None:
        s = train_settings(cfg.train, cfg.network, cfg.seed)
        v.update(trained_values(cfg, epochs_delta=epochs - s.epochs))
    return v


TRAINING = {
    "sgd online": "  mode: online\n",
    "momentum": "  optimizer: momentum\n  mode: batch\n",
    "momentum with decay": "  optimizer: {momentum: {momentum: 0.8}}\n  decay: {rate: 0.5, steps: 3}\n",
    "nesterov": "  optimizer: nesterov\n  mode: minibatch\n  batch_size: 2\n",
    "nesterov, l2": "  optimizer: {nesterov: {momentum: 0.5}}\n  l2: 0.02\n",
    "adagrad": "  optimizer: adagrad\n  step_decay: {factor: 0.5, every: 5}\n",
    "rmsprop": "  optimizer: {rmsprop: {rho: 0.8, eps: 1.0e-6}}\n  shuffle: true\n",
    "rmsprop_momentum": "  optimizer: rmsprop_momentum\n  mode: minibatch\n  batch_size: 3\n",
    "adam, l2, dropout": "  optimizer: adam\n  l2: {1: 0.01}\n  dropout: {1: 0.3}\n  shuffle: true\n",
    "validation, early stopping": "  validation: 0.4\n  early_stopping: {patience: 2}\n",
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(TRAINING))
def test_training_agrees_with_bptrace(name, tmp_path):
    cfg = parse_config(net(train=TRAINING[name], train_biases="false" if "l2" in name else "true"))
    epochs, _ = training_epochs(cfg, 100)
    got = run_program(cfg, tmp_path, "--train", "--epochs", str(epochs))["values"]
    bad = [r.key for r in compare(bptrace_values(cfg, epochs), got) if not r.agree]
    assert bad == []


@pytest.mark.slow
@pytest.mark.parametrize("loss,out", [("cross_entropy", "softmax"), ("kl_divergence", "softmax"),
                                      ("binary_cross_entropy", "sigmoid"), ("cosine", "linear"),
                                      ("logcosh", "linear"), ("mse", "softmax")])
@pytest.mark.parametrize("act", ["relu", "leaky_relu", "softsign", "softplus"])
def test_every_step_key_agrees_with_bptrace(loss, out, act, tmp_path):
    text = net(act=act, out=out, loss=loss).replace("[0.2, 0.8]", "[0.25, 0.75]")
    cfg = parse_config(text)
    got = run_program(cfg, tmp_path, "--no-train")["values"]
    rows = compare(bptrace_values(cfg), got)
    assert [r.key for r in rows if not r.agree] == [] and len(rows) > 40


@pytest.mark.slow
def test_csv_data_is_read_where_the_program_is(tmp_path):
    (tmp_path / "d.csv").write_text("u,v,y1,y2\n0.5,-1,0.2,0.8\n\n1,0.5,0.9,0.1\n")
    cfg_path = tmp_path / "c.yaml"
    cfg_path.write_text(net().split("data:")[0] + "data: {csv: d.csv, input: [u, v], target: [y1, y2]}\n"
                        "train: {epochs: 5}\n")
    cfg = load_config(str(cfg_path))
    text = program(cfg, str(tmp_path / "prog.py"))
    assert "Path(__file__).resolve().parent / 'd.csv'" in text
    got = run_program(cfg, tmp_path, "--train")["values"]
    assert [r.key for r in compare(bptrace_values(cfg, 5), got) if not r.agree] == []


LARGE = """\
seed: 4
network:
  inputs: 80
  layers:
    - neurons: 70
      activation: tanh
      weights: {init: xavier}
      bias: {init: uniform, low: -0.1, high: 0.1}
    - neurons: 3
      activation: softmax
      weights: {init: normal, std: 0.3}
      bias: {init: zeros}
loss: cross_entropy
learning_rate: 0.1
sample: {input: %s, target: [0.2, 0.3, 0.5]}
""" % [round(k / 40 - 1, 3) for k in range(80)]


@pytest.mark.slow
def test_a_large_network_draws_its_random_values_as_bptrace_does(tmp_path):
    cfg = parse_config(LARGE)
    text = program(cfg)
    assert "rng = np.random.Generator(np.random.PCG64(4))" in text
    assert "W1 = rng.uniform(-np.sqrt(6.0 / 150)" in text and "B2 = np.zeros(3)" in text
    assert "INPUTS = [f'x{j}' for j in range(1, 81)]" in text and len(text) < 20_000
    got = run_program(cfg, tmp_path, "--no-train")["values"]
    rows = compare(bptrace_values(cfg), got)
    assert len(rows) > 11_000 and [r.key for r in rows if not r.agree] == []


# --- user strings in the program: literals and comments only (issue 26) -----------------------
HOSTILE_TITLES = [
    'x"""\nimport os\nos.system("touch PWNED")\n"""',           # ends a docstring, runs code
    "x'''; raise SystemExit #\n'''",
    "C:\\Users\\new\\x\\N{",                                    # \U, \N: unicode-escape errors
    "a\rb\vc\fd\x1ce\x1df\x1eg\x85h\u2028i\u2029j\nimport os",   # every line break splitlines knows
    "%(prog)s 100%",
    "\x1b[2J\x07\x9b\x7f\u202etxt.py",
]


def _skeleton(text: str) -> str:
    """The program's syntax tree with every string constant blanked: what it does."""
    tree = ast.parse(text)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            node.value = ""
    return ast.dump(tree)


def _mazur_titled(title: str) -> str:
    from bptrace.config import examples
    lines = examples.text("mazur").splitlines()
    return "\n".join("title: " + json.dumps(title) if l.startswith("title:") else l for l in lines)


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_a_title_is_a_constant_and_a_comment_never_code(title, tmp_path):
    name = tmp_path / ('cfg"""\nimport os\n\\N{x}.yaml')              # a hostile file name too
    name.write_text(_mazur_titled(title), encoding="utf-8")
    cfg = load_config(str(name))
    assert cfg.title == title
    text = program(cfg)
    assert _skeleton(text) == _skeleton(program(parse_config(_mazur_titled("plain"))))
    tree = ast.parse(text)
    constants = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)}
    assert title in constants and str(name) in constants
    for line in text.splitlines():                 # outside literals, only in comments
        if "PWNED" in line or "SystemExit" in line or "new" in line and "Users" in line:
            assert line.startswith(("#", "TITLE = ")), line
    assert len(text.splitlines()) == text.count("\n")           # no line break but \n
    assert all(ch == "\n" or ch.isprintable() for ch in text.replace("\t", "")), "controls in the program"


NAMES_NFKC = """\
network:
  inputs: [a, b]
  layers:
    - neurons: [h1, h2]
      activation: tanh
      weights: {ﬁ: [a, h1, 0.3], fi: [b, h1, -0.4], __file__: [a, h2, 0.7], print: [b, h2, 0.2]}
      bias: {ℌ: [h1, 0.1], H: [h2, -0.2]}
    - neurons: [o1]
      activation: sigmoid
      weights: {W1: [h1, o1, 0.5], w1_1_1: [h2, o1, -0.25]}
loss: half_sse
learning_rate: 0.1
sample: {input: [0.5, -1.0], target: [0.2]}
"""


def test_names_that_python_reads_as_one_are_distinct_variables():
    """'ﬁ' and 'fi' are one identifier to Python (NFKC); __file__ and print are the
    program's own: each weight gets its own variable and its own number."""
    import numpy as np
    cfg = parse_config(NAMES_NFKC)
    text = program(cfg)
    tree = ast.parse(text)
    assigned = [t.id for node in tree.body if isinstance(node, ast.Assign)
                for t in node.targets if isinstance(t, ast.Name)]
    assert len(assigned) == len(set(assigned))                     # (ast names are NFKC'd)
    assert "__file__" not in assigned and "print" not in assigned
    # the module's values up to LAYERS, run: each layer's matrix is the config's
    body = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "LAYERS" for t in node.targets):
            break
        if isinstance(node, ast.Assign) and not isinstance(node.value, ast.Call):
            body.append(node)
    scope = {}
    exec(compile(ast.Module(body=body, type_ignores=[]), "prog", "exec"), scope)
    for i, layer in enumerate(cfg.network.layers, start=1):
        assert np.array_equal(np.array(scope[f"W{i}"], dtype=float), layer.W)
    assert np.array_equal(np.array(scope["B1"], dtype=float), cfg.network.layers[0].b)
    assert "# 'ﬁ': a → h1" in text and "'ﬁ': (0, 0)" in text


def test_a_data_file_name_runs_nothing_and_stands_quoted(tmp_path, monkeypatch):
    """The CSV loader is checked in a process of its own, and the file's name stands in
    its comment as a literal: a line break in it starts no line of code."""
    import builtins
    name = 'd\nopen("PWNED", "w")\n#.csv'
    (tmp_path / name).write_text("a,b,o1,o2\n0.5,-1,0.2,0.8\n1,0.5,0.9,0.1\n")
    cfg_path = tmp_path / "c.yaml"
    cfg_path.write_text(net().split("data:")[0] + "data: {csv: %s, input: [a, b], target: [o1, o2]}\n"
                        % json.dumps(name))
    monkeypatch.chdir(tmp_path)
    ran = []
    real_exec = builtins.exec

    def exec_(code, *args, **kwargs):               # (imports exec modules' code too)
        if getattr(code, "co_filename", "").startswith("<exported"):
            ran.append(code)
        return real_exec(code, *args, **kwargs)
    monkeypatch.setattr(builtins, "exec", exec_)
    text = program(load_config(str(cfg_path)))
    assert ran == [] and not (tmp_path / "PWNED").exists()
    assert "# data: {csv: " + repr(name) + "}" in text
    assert "X = np.array([[float(r[k])" in text             # the loader checked, and written
    tree = ast.parse(text)
    assert not any(isinstance(n, ast.Call) and getattr(n.func, "id", "") == "open"
                   and n.args and getattr(n.args[0], "value", "") == "PWNED" for n in ast.walk(tree))


def test_built_in_data_is_written_as_code_checked_in_another_process(monkeypatch):
    import builtins
    real_exec = builtins.exec

    def exec_(code, *args, **kwargs):
        assert not getattr(code, "co_filename", "").startswith("<exported"), "run in bptrace"
        return real_exec(code, *args, **kwargs)
    monkeypatch.setattr(builtins, "exec", exec_)
    text = program(load_config("cubic"))
    assert "x = np.linspace(-3.0, 3.0, " in text


@pytest.mark.parametrize("torch", [
    "stub", pytest.param("installed", marks=pytest.mark.slow)])
def test_running_the_program_of_a_hostile_title_runs_none_of_it(tmp_path, torch):
    """What verify does: write the program and run it. Nothing of the title runs before
    `import torch` (a stub that ends the program there: the default run) nor after it (the
    PyTorch installed, or none: the slow run)."""
    import os
    import subprocess
    (tmp_path / "c.yaml").write_text(_mazur_titled('x"""\nopen("PWNED", "w")\n"""'), encoding="utf-8")
    prog = tmp_path / "prog.py"
    prog.write_text(program(load_config(str(tmp_path / "c.yaml")), str(prog)), encoding="utf-8")
    env = dict(os.environ)
    if torch == "stub":
        (tmp_path / "stub").mkdir()
        (tmp_path / "stub" / "torch.py").write_text("open('REACHED', 'w')\nraise SystemExit(0)\n")
        env["PYTHONPATH"] = str(tmp_path / "stub")
    subprocess.run([sys.executable, str(prog), "--no-step"], cwd=tmp_path, capture_output=True,
                   timeout=120, env=env)
    assert not (tmp_path / "PWNED").exists()
    assert torch != "stub" or (tmp_path / "REACHED").exists()      # it ran up to import torch
