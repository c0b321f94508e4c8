"""Renderers get a built trace or record and only format it: exact text, fixed width, no colour."""

import io
import math

import pytest
from rich.console import Console

from bptrace import __version__
from bptrace.config import load_config
from bptrace.render import step_csv, step_json
from bptrace.render.terminal.tables import framed
from bptrace.render.documents.markdown import step_markdown
from bptrace.render.terminal.step import step_rich
from bptrace.trace import (LayerInfo, ParamInfo, Phrase, Quantity, Trace, build_trace)

KEYS = ["out.i1", "net.h1", "grad.b1", "new.b1", "new.out.o1"]


@pytest.fixture(scope="module")
def mazur():
    cfg = load_config("mazur")
    return build_trace(cfg.network, cfg.sample.x, cfg.sample.t, cfg.learning_rate,
                       title=cfg.title, file=cfg.file)


def tiny(value: float) -> Trace:
    """A trace made by hand: one input, one linear neuron, one number."""
    tr = Trace(title="tiny", file="tiny.yaml", inputs=("x",),
               layers=[LayerInfo("output", ("y",), "linear", "{net}", "1", True)],
               params=[ParamInfo("w", 1, "w", 2.0, True, "x", ("y",))], loss_name="half_sse",
               loss_formula="E = Σ ½(t − y)²", learning_rate=0.1, train_biases=True,
               target={"y": 1.0})
    tr.add(Quantity("net.y", value, "forward", 1, "w·x", terms=((("w", 2.0), ("x", -0.5)),)))
    return tr


def test_scalar_table(mazur):
    console = Console(width=80, no_color=True, record=True, file=io.StringIO())
    step_rich(mazur, console, selected=lambda q: q.key in ("out.i1", "net.h1", "new.b1"))
    assert console.export_text() == """\
Mazur's worked example (2-2-2 sigmoid, biases fixed)
2 inputs → 2 sigmoid → 2 sigmoid; loss half_sse: E = Σ ½(t − y)²; η = 0.5; 
biases frozen
Forward pass
┏━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━┓
┃quantity ┃ formula                      ┃  value┃
┡━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━┩
│out.i1   │ input                        │   0.05│
│net.h1   │ w1·i1 + w2·i2 + b1           │ 0.3775│
│         │ = 0.15×0.05 + 0.2×0.1 + 0.35 │       │
└─────────┴──────────────────────────────┴───────┘
Update — P ← P − η·∂E/∂P
┏━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━┓
┃quantity ┃ formula                         ┃ value┃
┡━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━┩
│new.b1   │ b1                              │  0.35│
│         │ = 0.35                          │      │
│         │ (frozen: train_biases is false) │      │
└─────────┴─────────────────────────────────┴──────┘
"""


def test_csv(mazur):
    assert step_csv(mazur, KEYS, 9) == """\
key,value,formula,substituted
out.i1,0.05,input,
net.h1,0.3775,w1·i1 + w2·i2 + b1,0.15×0.05 + 0.2×0.1 + 0.35
grad.b1,0.018725609394704138,err.h1·dout.h1·1 + err.h2·dout.h2·1,0.0363503064×0.241300709×1 + 0.0413703226×0.240613417×1
new.b1,0.35,b1,0.35
new.out.o1,0.7420881111907824,out.o1 recomputed with the new parameters,
"""


def test_markdown_in_chinese_takes_the_trace_words_from_lang(mazur):
    assert step_markdown(mazur, keys=KEYS, lang="zh") == """\
# Mazur 的逐步反向传播示例（2-2-2 sigmoid，偏置固定）

2 个输入 → 2 sigmoid → 2 sigmoid; 损失 half\\_sse: E = Σ ½(t − y)²; η = 0.5; 偏置固定

## 1. 前向传播

| 量 | 公式 | 数值 |
|---|---|---:|
| `out.i1` | 输入 | 0.05 |
| `net.h1` | w1·i1 + w2·i2 + b1 = 0.15×0.05 + 0.2×0.1 + 0.35 | 0.3775 |

## 2. 偏导数 — ∂E/∂P = ∂E/∂out × ∂out/∂net × ∂net/∂P

| 量 | 公式 | 数值 |
|---|---|---:|
| `grad.b1` | err.h1·dout.h1·1 + err.h2·dout.h2·1 = 0.0363503064×0.241300709×1 + 0.0413703226×0.240613417×1 *(固定：只计算，不更新)* | 0.0187256094 |

## 3. 参数更新 — P ← P − η·∂E/∂P

| 量 | 公式 | 数值 |
|---|---|---:|
| `new.b1` | b1 = 0.35 *(固定：train\\_biases 为 false)* | 0.35 |

## 4. 更新后（同一样本）

| 量 | 公式 | 数值 |
|---|---|---:|
| `new.out.o1` | out.o1 用更新后的参数重新计算 | 0.742088111 |
"""


def test_the_trace_carries_words_as_keys_not_english(mazur):
    assert mazur["new.b1"].note == Phrase("note frozen bias")
    assert mazur["new.out.o1"].formula == "out.o1"
    assert mazur["new.out.o1"].prose == Phrase("formula recomputed")
    assert mazur["net.h1"].note is None and mazur["net.h1"].prose is None


def test_json_of_a_hand_built_trace():
    assert step_json(tiny(-1.0)) == f"""\
{{
 "bptrace": "{__version__}",
 "command": "step",
 "config": "tiny.yaml",
 "title": "tiny",
 "network": {{
  "inputs": [
   "x"
  ],
  "layers": [
   {{
    "name": "output",
    "neurons": [
     "y"
    ],
    "activation": "linear"
   }}
  ],
  "loss": "half_sse",
  "learning_rate": 0.1,
  "train_biases": true,
  "parameters": [
   {{
    "name": "w",
    "layer": 1,
    "kind": "weight",
    "from": "x",
    "to": [
     "y"
    ],
    "value": 2.0,
    "trainable": true
   }}
  ]
 }},
 "values": {{
  "net.y": -1.0
 }},
 "formulas": {{
  "net.y": "w·x"
 }}
}}"""


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_json_writes_a_nonfinite_number_as_null_and_names_it(value):
    text = step_json(tiny(value))
    assert '"values": {\n  "net.y": null\n }' in text
    assert '"nonfinite": [\n  "net.y"\n ]' in text


def test_csv_substitutes_negative_operands_in_parentheses():
    assert step_csv(tiny(-1.0), digits=3) == "key,value,formula,substituted\nnet.y,-1.0,w·x,2×(-0.5)\n"


def test_one_axis_routine_frames_every_chart():
    assert framed(["ab", "cd"], {0: "10", 1: "0"}, ("0", "9"), y_name="loss", x_name="epoch") == [
        "loss", "  10 ┤ab", "   0 ┤cd", "     └──", "      0 9", "      epoch"]
    assert framed(["  ", "··"], {0: "x2"}, ("-1", "1"), x_name="x1", pad=4, name_beside=True) == [
        "  x2 ┤  ", "     ┤··", "     └──", "      -1 1  x1"]
