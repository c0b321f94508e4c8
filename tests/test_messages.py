"""Every message in both languages: each message key has its English and its Chinese words,
every key the code raises exists, and under --lang zh (or a zh_CN locale) the error cases —
bad configs, hostile YAML, bad options, files that cannot be read or written — read as
Chinese: no English sentence is left (keys, options, file names and quoted values aside)."""

import re
import string
from pathlib import Path

import pytest

from bptrace.errors import BadInput
from bptrace.words import has
from bptrace.words import catalogue
from bptrace.words.messages import error_text, what

from tests.test_bad_input import CASES, MAZUR, ONE_WEIGHT

ROOT = Path(__file__).resolve().parent.parent
_FIELDS = string.Formatter()

# English words that only a sentence has (a key, an option or a name is never one of them)
_STOP = {"the", "a", "an", "is", "are", "must", "be", "not", "of", "to", "from", "with", "and",
         "or", "for", "this", "that", "no", "only", "use", "give", "has", "have", "can",
         "cannot", "it", "its", "in", "on", "at", "by", "as", "which", "than", "needs", "need",
         "did", "you", "mean", "known", "what", "one", "each", "every", "would", "does"}


def english_sentences(text: str) -> list[str]:
    """Runs of English words that read as a sentence: three or more plain words in a row, or
    two with one of the little words of English. Quoted values, paths, keys, options and
    formulas (anything with ASCII punctuation in it) are set aside first."""
    t = re.sub(r"'[^'\n]*'|“[^”\n]*”|\"[^\"\n]*\"|`[^`\n]*`", " ", text)
    t = re.sub(r"\bbptrace(?: [a-z]+)+", " ", t)                       # a command line
    t = re.sub(r"[^\s，。：；、（）《》？！]*[-/\\.\[\]_=:{}()<>@#%^&*+|~0-9][^\s，。：；、（）《》？！]*",
               " ", t)
    found = []
    for run in re.findall(r"[A-Za-z]+(?:[ \t]+[A-Za-z]+)+", t):
        ws = [w for w in run.split() if len(w) > 1]          # not the a, b, x of a formula
        if len(ws) >= 3 or (len(ws) == 2 and any(w.lower() in _STOP for w in ws)):
            found.append(run)
    return found


def test_the_detector_finds_english_and_passes_chinese():
    assert english_sentences("bptrace: cfg.yaml，第 3 行：the value of weight w3 应当是数")
    assert english_sentences("Try a lower learning rate")
    assert not english_sentences("bptrace: /tmp/x/cfg.yaml，第 5 行，network.layers[0]：缺少 "
                                 "'network.layers[0].weights'：它给出权值：命名的边 NAME: "
                                 "[FROM, TO, VALUE]、矩阵，或 {init: ...}。")
    assert not english_sentences("init uniform 需要 low < high（现在是 1 和 0）。")


# ------------------------------------------------------------------ the catalogues themselves
def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in _FIELDS.parse(text) if f}


@pytest.mark.parametrize("lang", ["zh_CN", "zh_TW"])
def test_no_chinese_words_left_in_english(lang):
    """(Each catalogue's completeness and placeholders: tests/test_catalogues.py.)"""
    untranslated = [k for k, v in catalogue(lang).items()
                    if not k.startswith(("yaml\x04", "errno\x04", "what\x04", "help\x04"))
                    and english_sentences(re.sub(r"\{[^{}]*\}", " ", v))]
    assert not untranslated, untranslated


_MADE = {"kind: ", "yaml problem", "os reason"}     # made by code: bptrace.words.messages
_GRAMMAR = {"s", "are"}          # English-only arguments (a plural's s, is/are)
_USES = [r"""key=["']([^"'{}]+)["']""", r"""\.bad\(["']([^"'{}]+)["']""",
         r"""\b(?:what|phrase)\(["']([^"'{}]+)["']""", r"""error_text\(["']([^"'{}]+)["']""",
         r"""said\(ctx, ["']([^"'{}]+)["']""", r'key="[^"]+" if [^\n]*? else "([^"]+)"']


def test_every_key_the_code_raises_has_words():
    unknown = []
    for path in (ROOT / "bptrace").rglob("*.py"):
        if "messages" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in _USES:
            for key in re.findall(pattern, text):
                if not has("error", key) and not has("phrase", key) and key not in _MADE:
                    unknown.append(f"{path.name}: {key}")
    assert not unknown, unknown
    for key in ("a bias", "a threshold", "an input value", "an target value"):   # made by f-strings
        assert has("phrase", key)


def test_no_error_is_written_in_one_language_only():
    """Every BadInput and node error is keyed (its words in bptrace.words.messages), never an
    English sentence formatted where it is raised."""
    plain = re.compile(r"""(?:BadInput|\.error)\(\s*f?["']""")
    found = [f"{p.relative_to(ROOT)}:{n}" for p in (ROOT / "bptrace").rglob("*.py")
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if plain.search(line)]
    assert not found, found


def test_a_message_names_things_in_its_language():
    args = {"what": what("weight value", name="w5"), "found": what("a list of", n=3, s="s")}
    assert error_text("must be number", "en", args) == \
        "the value of weight w5 must be a number, not a list of 3 items."
    assert error_text("must be number", "zh", args) == "权值 w5 的值应当是数，而不是含 3 项的列表。"
    # a key as written is set off from the Chinese by a space
    assert error_text("must be positive", "zh", {"what": "learning_rate", "value": "-1"}) == \
        "learning_rate 应当是正数，而不是 -1。"
    err = BadInput(key="missing", args={"name": "network", "what": what("the network")},
                   path="(top level)", line=1)
    assert err.text("en") == "line 1, (top level): 'network' is missing: it gives the network " \
                             "(inputs and layers)."
    assert err.text("zh") == "第 1 行，（顶层）：缺少 'network'：它给出网络（输入和各层）。"


# ------------------------------------------------------------------ the error cases under zh
def _texts(name: str, text: str) -> tuple[str, str]:
    return name, text


CONFIGS = [(name, text) for name, text, *_ in CASES] + [
    ("deep nesting", "network: " + "[" * 200 + "]" * 200 + "\n"),
    ("alias to itself", "a: &x [*x]\n"),
    ("merge of a scalar", "a: {<<: 1}\n"),
    ("a list as a key", "? [a, b]\n: 1\n"),
    ("an int tag", MAZUR.replace("w5: [h1, o1, 0.40]", "w5: [h1, o1, !!int abc]")),
    ("a huge integer", ONE_WEIGHT.replace("[[0.5]]", "[[" + "9" * 400 + "]]")),
    ("a full-width colon", MAZUR.replace("learning_rate: 0.5", "learning_rate：0.5")),
    ("a full-width comma", MAZUR.replace("inputs: [i1, i2]", "inputs: [i1，i2]")),
    ("init with settings", ONE_WEIGHT.replace("[[0.5]]", "{init: zeros, low: 1}")),
    ("uniform range", ONE_WEIGHT.replace("[[0.5]]", "{init: uniform, low: 1, high: 0}")),
    ("bias and threshold", MAZUR.replace("bias: {b2: 0.60}", "bias: {b2: 0.60}\n      threshold: 1")),
    ("unknown convention", MAZUR + "conventions: {sign: 1}\n"),
    ("error_signal", MAZUR + "conventions: {error_signal: up}\n"),
    ("matrix_rows", MAZUR.replace("      bias: {b2: 0.60}", "      bias: {b2: 0.60}\n      matrix_rows: cols")),
    ("leaky form", MAZUR.replace("activation: sigmoid", "activation: {leaky_relu: 0.1, x: 1}", 1)),
    ("parameter of sigmoid", MAZUR.replace("activation: sigmoid", "activation: {sigmoid: 0.1}", 1)),
    ("edge form", MAZUR.replace("w5: [h1, o1, 0.40]", "w5: [h1, o1]")),
    ("weights empty", MAZUR.replace("""      weights:
        w1: [i1, h1, 0.15]
        w2: [i2, h1, 0.20]
        w3: [i1, h2, 0.25]
        w4: [i2, h2, 0.30]
""", "      weights: {}\n")),
    ("weights a number", MAZUR.replace("""      weights:
        w1: [i1, h1, 0.15]
        w2: [i2, h1, 0.20]
        w3: [i1, h2, 0.25]
        w4: [i2, h2, 0.30]
""", "      weights: 3\n")),
    ("bias mix", MAZUR.replace("bias: {b2: 0.60}", "bias: {b2: 0.6, b3: [o1, 0.1]}")),
    ("bias for", MAZUR.replace("bias: {b2: 0.60}", "bias: {b2: [h1, 0.6]}")),
    ("no sample", MAZUR.split("sample:")[0]),
    ("targets of a cross-entropy", MAZUR.replace("loss: half_sse", "loss: binary_cross_entropy")
     .replace("target: {o1: 0.01, o2: 0.99}", "target: {o1: 2, o2: 0.99}")),
    ("expect not a number", MAZUR + "expect: {out.o1: abc}\n"),
    ("expect unknown key", MAZUR + "expect: {out.o9: 0.5}\n"),
    ("data empty", MAZUR + "data: []\n"),
    ("data a number", MAZUR + "data: 3\n"),
    ("data missing csv", MAZUR + "data: {csv: nowhere.csv, input: [a], target: [b]}\n"),
    ("a title that is a list", MAZUR.replace("title: Mazur", "title: [a]")),
    ("train settings", MAZUR + "train: {epochs: 0}\n"),
    ("optimizer setting", MAZUR + "train: {optimizer: {adam: {beta9: 0.1}}}\n"),
    ("dropout on the output", MAZUR + "train: {dropout: {2: 0.5}}\n"),
    ("l2 negative", MAZUR + "train: {l2: -1}\n"),
    ("decay form", MAZUR + "train: {decay: {rate: 0.5}}\n"),
    ("a layer that is not one", MAZUR + "train: {dropout: {9: 0.5}}\n"),
]


def _zh_errors(run, args, input=None):
    res = run(*args, "--lang", "zh", input=input)
    assert res.exit_code != 0, (args, res.stdout[:300])
    return res.stderr


@pytest.mark.parametrize("name,text", CONFIGS, ids=[c[0] for c in CONFIGS])
def test_config_errors_read_as_chinese(run, write, name, text):
    command = "train" if "\ntrain:" in text else "check" if "\nexpect:" in text else "step"
    err = _zh_errors(run, [command, write(text)])
    assert err.startswith("bptrace: ") and "Traceback" not in err
    assert not english_sentences(err), err


@pytest.mark.parametrize("args", [
    ["step", "nowhere.yaml"], ["step", "mazur", "--only", "zzz.q"], ["step", "mazur", "--only", "out.o"],
    ["step", "mazur", "--layer", "9"], ["step", "mazur", "--explain", "w99"],
    ["step", "mazur", "--view", "jacobian", "--format", "csv"],
    ["step", "mazur", "--gradcheck", "--format", "csv"], ["step", "xor", "--batch", "--format", "csv"],
    ["step", "xor", "--batch", "--samples", "9"], ["step", "xor", "--batch", "--samples", "x"],
    ["step", "mazur", "--explain", "w1", "--format", "csv"],
    ["check", "softmax"], ["examples", "zzz"], ["perceptron", "zzz"],
    ["exercise", "--shape", "2-x"], ["exercise", "--shape", "9-9"], ["exercise", "--activation", "foo"],
    ["exercise", "--loss", "foo"], ["exercise", "--blanks", "zzz"],
    ["exercise", "--from", "mazur", "--variants", "2"], ["exercise", "--format", "latex", "--variants", "2"],
    ["train", "xor", "--opt", "x"], ["train", "xor", "--decay", "2:0"],
    ["train", "xor", "--dropout", "9=0.5"], ["train", "xor", "--validation", "2"],
    ["train", "xor", "--trace-at", "999999"],
    ["compare", "xor", "--vary", "foo=1"], ["compare", "xor", "--vary", "x"],
    ["compare", "xor", "--vary", "epochs=1,1"], ["compare", "xor", "--vary", "epochs=-1"],
    ["draw", "mazur", "--show", "zzz"], ["draw", "mazur", "--path", "zzz"],
    ["draw", "mazur", "--format", "png"],
], ids=lambda a: " ".join(a))
def test_command_errors_read_as_chinese(run, args):
    err = _zh_errors(run, args)
    assert not english_sentences(err), err


USAGE_ERRORS = [["train", "xor", "--mode", "foo"], ["step", "--bogus"], ["step", "--round", "99"],
                ["train", "xor", "--lr", "nan"], ["train", "xor", "--epochs", "x"],
                ["train", "xor", "--epochs", "0"]]


@pytest.fixture(scope="module")
def usage_errors():
    """Each usage error as the installed program shows it — exit status and stderr, with
    --lang zh and without — from one process that runs the entry point for each in turn."""
    import json
    import os
    import subprocess
    import sys
    code = """if True:
        import contextlib, io, json, sys
        from bptrace.cli.launch import _run
        out = []
        for args in json.loads(sys.argv[1]):
            for extra in (["--lang", "zh"], []):
                sys.argv = ["bptrace", *args, *extra]
                err, std = io.StringIO(), io.StringIO()
                with contextlib.redirect_stderr(err), contextlib.redirect_stdout(std):
                    code = _run()
                out.append([code, std.getvalue(), err.getvalue()])
        print(json.dumps(out))
    """
    env = {**os.environ, "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}
    env.pop("LC_ALL", None)
    p = subprocess.run([sys.executable, "-c", code, json.dumps(USAGE_ERRORS)], capture_output=True,
                       text=True, env=env, cwd=ROOT, encoding="utf-8", check=True)
    got = json.loads(p.stdout)
    return {" ".join(args): (got[2 * k], got[2 * k + 1]) for k, args in enumerate(USAGE_ERRORS)}


@pytest.mark.parametrize("args", USAGE_ERRORS, ids=" ".join)
def test_usage_errors_read_as_chinese(usage_errors, args):
    """click's own usage errors, as the installed program shows them."""
    (code, stdout, stderr), (_, _, english) = usage_errors[" ".join(args)]
    assert code == 2 and stdout == ""
    assert stderr.startswith("用法：bptrace ") and "错误：" in stderr, stderr
    assert not english_sentences(stderr.replace("[OPTIONS]", "").replace("[CONFIG]", "")), stderr
    assert english.startswith("Usage: bptrace ")


def test_file_errors_read_as_chinese(run, write, tmp_path):
    binary = tmp_path / "b.yaml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    for args, input in [(["step", tmp_path], None), (["step", binary], None), (["step", "-"], ""),
                        (["step", write("")], None),
                        (["check", "mazur", "--expect", write("", "answers.yaml")], None),
                        (["check", "mazur", "--expect", tmp_path / "empty"], None),
                        (["exercise", "--out", binary / "sub"], None),
                        (["train", "xor", "--save", tmp_path / "no" / "x.yaml"], None)]:
        if args[-1] == tmp_path / "empty":
            (tmp_path / "empty").mkdir()
        err = _zh_errors(run, args, input=input)
        assert not english_sentences(err), (args, err)


def test_errors_follow_a_chinese_locale(run, write, monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    res = run("step", write(MAZUR.replace("w3: [i1, h2, 0.25]", "w3: [i1, h2, abc]")))
    assert res.exit_code == 2
    assert "权值 w3 的值应当是数，而不是 'abc'" in res.stderr
    assert not english_sentences(res.stderr)


def test_english_errors_keep_their_words(run, write):
    res = run("step", write(MAZUR.replace("w3: [i1, h2, 0.25]", "w3: [i1, h2, abc]")), "--lang", "en")
    assert "the value of weight w3 must be a number, not 'abc'." in res.stderr
