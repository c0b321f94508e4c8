"""`bptrace export CONFIG --to pytorch`: the program's text (always), and — where PyTorch is
installed — that running it gives bptrace's numbers for every optimizer and training
setting. Programs are run in this process (runpy), so torch is imported once."""

import io
import json
import runpy
import sys
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from bptrace.config import load_config, parse_config
from bptrace.export.pytorch import program
from bptrace.verify import compare, training_epochs

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


def test_output_is_written_atomically_and_not_overwritten_without_force(run, tmp_path):
    out = tmp_path / "net.py"
    assert run("export", "xor", "--to", "pytorch", "-o", str(out)).exit_code == 0
    first = out.read_text()
    out.write_text("# mine\n")
    again = run("export", "xor", "--to", "pytorch", "-o", str(out))
    assert again.exit_code == 2 and "--force" in again.stderr and out.read_text() == "# mine\n"
    assert run("export", "xor", "--to", "pytorch", "-o", str(out), "--force").exit_code == 0
    assert out.read_text() == first
    assert [p.name for p in tmp_path.iterdir()] == ["net.py"]          # no temporary left


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
    from bptrace.train import trained_values
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
