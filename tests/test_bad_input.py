"""Bad input: exit status 2, one message on stderr naming the file, the YAML path and the
line; never a traceback."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

MAZUR = """\
title: Mazur
network:
  inputs: [i1, i2]
  layers:
    - neurons: [h1, h2]
      activation: sigmoid
      weights:
        w1: [i1, h1, 0.15]
        w2: [i2, h1, 0.20]
        w3: [i1, h2, 0.25]
        w4: [i2, h2, 0.30]
      bias: {b1: 0.35}
    - neurons: [o1, o2]
      activation: sigmoid
      weights:
        w5: [h1, o1, 0.40]
        w6: [h2, o1, 0.45]
        w7: [h1, o2, 0.50]
        w8: [h2, o2, 0.55]
      bias: {b2: 0.60}
loss: half_sse
learning_rate: 0.5
train_biases: false
sample:
  input:  {i1: 0.05, i2: 0.10}
  target: {o1: 0.01, o2: 0.99}
"""


def replace(old, new, count=1):
    assert old in MAZUR, old
    return MAZUR.replace(old, new, count)


# (name, config text, the YAML path expected in the message, the line expected, a phrase)
CASES = [
    ("broken yaml", replace("  inputs: [i1, i2]", "  inputs: [i1, i2"), None, None, "not valid YAML"),
    ("tab indentation", replace("  layers:", "\tlayers:"), None, None, "tabs are not allowed in YAML — indent with spaces"),
    ("unknown activation", replace("activation: sigmoid", "activation: sigmod"),
     "network.layers[0].activation", 6, "unknown activation 'sigmod'"),
    ("unknown loss", replace("loss: half_sse", "loss: half_mse"), "loss", 21, "unknown loss"),
    ("edge from a missing neuron", replace("w5: [h1, o1, 0.40]", "w5: [h9, o1, 0.40]"),
     "network.layers[1].weights.w5[0]", 16, "'h9'"),
    ("edge skipping a layer", replace("w5: [h1, o1, 0.40]", "w5: [i1, o1, 0.40]"),
     "network.layers[1].weights.w5[0]", 16, "consecutive layers"),
    ("edge to a missing neuron", replace("w1: [i1, h1, 0.15]", "w1: [i1, o7, 0.15]"),
     "network.layers[0].weights.w1[1]", 8, "'o7'"),
    ("edge given twice", replace("w2: [i2, h1, 0.20]", "w2: [i1, h1, 0.20]"),
     "network.layers[0].weights.w2", 9, "given twice"),
    ("duplicate name", replace("neurons: [o1, o2]", "neurons: [o1, h1]"),
     "network.layers[1].neurons[1]", 13, "used twice"),
    ("duplicate key", replace("w6: [h2, o1, 0.45]", "w5: [h2, o1, 0.45]"),
     "network.layers[1].weights.w5", 17, "given twice"),
    ("matrix of the wrong shape", replace("""      weights:
        w5: [h1, o1, 0.40]
        w6: [h2, o1, 0.45]
        w7: [h1, o2, 0.50]
        w8: [h2, o2, 0.55]""", "      weights: [[0.4, 0.45, 0.1], [0.5, 0.55, 0.1]]"),
     "network.layers[1].weights[0]", 15, "row 1"),
    ("missing target", replace("target: {o1: 0.01, o2: 0.99}", "target: {o1: 0.01}"),
     "sample.target", 26, "'o2' is missing"),
    ("extra target", replace("target: {o1: 0.01, o2: 0.99}", "target: {o1: 0.01, o2: 0.99, o3: 1}"),
     "sample.target.o3", 26, "not one of"),
    ("non-number", replace("w3: [i1, h2, 0.25]", "w3: [i1, h2, abc]"),
     "network.layers[0].weights.w3[2]", 10, "must be a number"),
    ("nan", replace("w3: [i1, h2, 0.25]", "w3: [i1, h2, .nan]"),
     "network.layers[0].weights.w3[2]", 10, "finite"),
    ("zero-size layer", replace("neurons: [h1, h2]", "neurons: 0"),
     "network.layers[0].neurons", 5, "at least 1"),
    ("negative layer", replace("neurons: [h1, h2]", "neurons: -3"),
     "network.layers[0].neurons", 5, "at least 1"),
    ("softmax on a hidden layer", replace("activation: sigmoid", "activation: softmax"),
     "network.layers[0].activation", 6, "only for the output layer"),
    ("python object tag", "network: !!python/object/apply:os.system ['echo hi']\n", None, 1,
     "tags that build objects"),
    ("new value without a learning rate", replace("learning_rate: 0.5\n", "") +
     "expect: {new.w5: 0.35891648}\n", "expect.new.w5", 26, "no learning_rate"),
    ("negative learning rate", replace("learning_rate: 0.5", "learning_rate: -0.5"),
     "learning_rate", 22, "positive"),
    ("bad name", replace("inputs: [i1, i2]", "inputs: [i1, 2x]"),
     "network.inputs[1]", 3, "not a valid name"),
    ("unknown top-level key", replace("learning_rate: 0.5", "learning_rate: 0.5\nlearnig_rate: 1"),
     "learnig_rate", 23, "unknown key"),
    ("cross entropy without softmax", replace("loss: half_sse", "loss: cross_entropy"),
     "network.layers[1]", 13, "softmax"),
    ("bias list of the wrong length", replace("bias: {b2: 0.60}", "bias: [0.1, 0.2, 0.3]"),
     "network.layers[1].bias", 20, "one value per neuron"),
    ("sample input of the wrong length", replace("input:  {i1: 0.05, i2: 0.10}", "input: [0.05]"),
     "sample.input", 25, "needs 2"),
    ("a bool for a number", replace("learning_rate: 0.5", "learning_rate: yes"),
     "learning_rate", 22, "must be a number"),
    ("weights missing", replace("""      weights:
        w1: [i1, h1, 0.15]
        w2: [i2, h1, 0.20]
        w3: [i1, h2, 0.25]
        w4: [i2, h2, 0.30]
""", ""), "network.layers[0]", 5, "weights"),
    ("unknown init", replace("""      weights:
        w1: [i1, h1, 0.15]
        w2: [i2, h1, 0.20]
        w3: [i1, h2, 0.25]
        w4: [i2, h2, 0.30]
""", "      weights: {init: glorot}\n"), "network.layers[0].weights.init", 7, "unknown init"),
    ("a list instead of the config", "- 1\n- 2\n", "(top level)", 1, "must be a mapping"),
    ("empty file", "", None, None, "empty"),
]


@pytest.mark.parametrize("name,text,path,line,phrase", CASES, ids=[c[0] for c in CASES])
def test_bad_config(run, write, name, text, path, line, phrase):
    cfg = write(text)
    res = run("step", cfg)
    assert res.exit_code == 2, res.stdout
    err = res.stderr
    assert "Traceback" not in err and res.stdout == ""
    assert err.startswith("bptrace: ") and str(cfg) in err
    assert phrase in err, err
    if path:
        assert path in err, err
    if line:
        assert f"line {line}" in err, err
    assert len(err.strip().splitlines()) == 1


def test_missing_file(run):
    res = run("step", "no/such/file.yaml")
    assert res.exit_code == 2
    assert "no/such/file.yaml" in res.stderr and "no such file" in res.stderr


def test_directory(run, tmp_path):
    res = run("step", tmp_path)
    assert res.exit_code == 2 and "directory" in res.stderr


@pytest.mark.parametrize("form", ["{p}", "{p}/", "{d}//x.yaml", "{d}/./x.yaml", "{d}/sub/../x.yaml"])
def test_a_config_path_is_read_however_it_is_written(run, tmp_path, form):
    """A path with a trailing slash, a doubled slash, '.' or '..' names the file as the path
    module names it (the tidy text is looked up directly, the rest through that module)."""
    (tmp_path / "sub").mkdir()
    p = tmp_path / "x.yaml"
    p.write_text(MAZUR.replace("title: Mazur", "title: Written-anyhow"), encoding="utf-8")
    res = run("step", form.format(p=p, d=tmp_path), "--format", "json")
    assert res.exit_code == 0 and "Written-anyhow" in res.output


def test_a_fifo_or_device_is_not_a_config(run):
    res = run("step", "/dev/null")
    assert res.exit_code == 2 and "/dev/null" in res.stderr


def test_binary_file(run, tmp_path):
    p = tmp_path / "x.yaml"
    p.write_bytes(b"\xff\xfe\x00garbage")
    res = run("step", p)
    assert res.exit_code == 2 and "UTF-8" in res.stderr


def test_too_large_network_is_refused_before_allocation(run, write):
    text = ("network:\n  inputs: 200000\n  layers:\n    - neurons: 200000\n      activation: relu\n"
            "      weights: {init: he}\n    - neurons: 2\n      activation: sigmoid\n"
            "      weights: {init: he}\nlearning_rate: 0.1\nsample: {input: [], target: [0, 1]}\n")
    res = run("step", write(text))
    assert res.exit_code == 2
    assert "40,000,600,002 parameters" in res.stderr and "GiB" in res.stderr


_TOKENS = ["", "]", "[", "{", "}", ":", "-", "abc", ".nan", "!!python/name:os.system", "0",
           "-1", "h1", "softmax", "1e999", "'", "\t", "&a", "*a", "~", "[[1,2],[3]]", "{init: he}"]


@given(cut=st.integers(0, len(MAZUR)), length=st.integers(0, 12), token=st.sampled_from(_TOKENS))
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_damage_never_tracebacks(run, write, cut, length, token):
    text = MAZUR[:cut] + token + MAZUR[cut + length:]
    res = run("step", write(text), "--format", "json")
    assert res.exit_code in (0, 2), res.stderr
    if res.exit_code == 2:
        assert res.stderr.startswith("bptrace: ") and "Traceback" not in res.stderr
        assert len(res.stderr.strip().splitlines()) == 1
        assert res.stdout == ""


# one linear neuron with one weight: the smallest config that runs
ONE_WEIGHT = ("network:\n  inputs: [a]\n  layers:\n    - neurons: [o]\n      activation: linear\n"
        "      weights: [[0.5]]\nlearning_rate: 0.1\nsample: {input: [1], target: [1]}\n")


def test_init_zeros_takes_no_settings(run, write):
    res = run("step", write(ONE_WEIGHT.replace("[[0.5]]", "{init: zeros, low: 1}")))
    assert res.exit_code == 2 and "takes no settings" in res.stderr


def test_huge_integers_and_alias_cycles(run, write):
    res = run("step", write(ONE_WEIGHT.replace("[[0.5]]", "[[" + "9" * 400 + "]]")))
    assert res.exit_code == 2 and "too large" in res.stderr
    res = run("step", write("a: &x [*x]\n"))
    assert res.exit_code == 2 and "refers to itself" in res.stderr


def test_unwritable_outputs_and_bad_optimizer_settings(run, tmp_path):
    (tmp_path / "f.txt").write_text("x")
    res = run("exercise", "--out", tmp_path / "f.txt" / "sub")
    assert res.exit_code == 2 and "cannot create the folder" in res.stderr
    for opt in (["--optimizer", "adam", "--opt", "beta2=-3"], ["--optimizer", "momentum", "--opt", "momentum=5"],
                ["--optimizer", "adam", "--opt", "eps=0"]):
        res = run("train", *opt)
        assert res.exit_code == 2 and "must be" in res.stderr


def test_yaml_bombs_and_deep_nesting(run, write):
    bomb = "a: &a0 [1,1,1,1,1,1,1,1,1,1]\n" + "".join(
        f"x{i}: &a{i} [{','.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 9))
    res = run("step", write(bomb))
    assert res.exit_code == 2 and "expands far beyond" in res.stderr
    res = run("step", write("network: " + "[" * 3000 + "]" * 3000 + "\n"))
    assert res.exit_code == 2 and "nested too deeply" in res.stderr


def test_a_generated_weight_name_taken_by_a_neuron(run, write):
    """Generated names (w_FROM_TO of a random or matrix layer) are checked as given ones."""
    config = write("network:\n  inputs: [x1]\n  layers:\n"
                   "    - {neurons: [h1, w_x1_h1], activation: sigmoid, weights: {init: xavier}}\n"
                   "    - {neurons: 1, activation: sigmoid, weights: [[0.1, 0.2]]}\n"
                   "loss: half_sse\nsample: {input: [1], target: [1]}\n")
    r = run("step", config)
    assert r.exit_code == 2 and "Traceback" not in r.stderr
    assert ("network.layers[0].weights: the name 'w_x1_h1' is used twice (first at "
            "network.layers[0].neurons[1], line 4)") in r.stderr
