"""Every heading, label and explanation in English and Chinese (the course notes' terms:
校对误差, 净输入, 输出, 损失, 偏导数, 学习率, 更新后, …). Renderers look words up here."""

from __future__ import annotations

import os

LANGS = ("en", "zh")

WORDS: dict[str, tuple[str, str]] = {
    # sections of a step
    "forward": ("Forward pass", "前向传播"),
    "loss": ("Loss", "损失"),
    "backward": ("Backward pass — 校对误差 err = ∂E/∂out, dout = ∂out/∂net, delta = ∂E/∂net",
                 "反向传播 — 校对误差 err = ∂E/∂out，dout = ∂out/∂net，delta = ∂E/∂net"),
    "backward latex": ("Backward pass — correction error err = ∂E/∂out, dout = ∂out/∂net, "
                       "delta = ∂E/∂net",
                       "反向传播 — 校对误差 err = ∂E/∂out，dout = ∂out/∂net，delta = ∂E/∂net"),
    "gradient": ("Gradients — ∂E/∂P = ∂E/∂out × ∂out/∂net × ∂net/∂P",
                 "偏导数 — ∂E/∂P = ∂E/∂out × ∂out/∂net × ∂net/∂P"),
    "update": ("Update — P ← P − η·∂E/∂P", "参数更新 — P ← P − η·∂E/∂P"),
    # the same under conventions: {error_signal: negative} (Haykin, Han & Kamber, Negnevitsky)
    "backward negative": ("Backward pass — error signals as the book signs them: "
                          "err = −∂E/∂out, dout = ∂out/∂net, delta = −∂E/∂net",
                          "反向传播 — 误差信号按教材取负梯度：err = −∂E/∂out，dout = ∂out/∂net，"
                          "delta = −∂E/∂net"),
    "backward latex negative": ("Backward pass — error signals err = −∂E/∂out, dout = ∂out/∂net, "
                                "delta = −∂E/∂net",
                                "反向传播 — 误差信号 err = −∂E/∂out，dout = ∂out/∂net，"
                                "delta = −∂E/∂net"),
    "gradient negative": ("Gradients — ∂E/∂P = −err × ∂out/∂net × ∂net/∂P = −delta·∂net/∂P",
                          "偏导数 — ∂E/∂P = −err × ∂out/∂net × ∂net/∂P = −delta·∂net/∂P"),
    "update negative": ("Update — P ← P − η·∂E/∂P, that is w ← w + η·delta·a",
                        "参数更新 — P ← P − η·∂E/∂P，即 w ← w + η·delta·a"),
    "threshold of": ("threshold of {n}", "{n} 的阈值"),
    "by hand printed": ("by hand (from the printed values)", "手算（用印出的数值）"),
    "drift printed": ("Drift: computing from the printed values moves the final numbers by",
                      "误差累积：用印出的数值计算后，最终结果的偏差"),
    "no learning rate": ("no learning rate: no update", "未给学习率：不做更新"),
    "worse than correct": (" (only variants that make more printed values disagree than the "
                           "textbook-correct computation reproduce it: probably a misprint)",
                           "（只有比标准算法对不上更多数值的变体才能复现它：多半是印刷错误）"),
    "after": ("After the update (same sample)", "更新后（同一样本）"),
    # tables
    "network": ("Network", "网络结构"),
    "layer": ("layer", "层"),
    "neurons": ("neurons", "神经元"),
    "activation": ("activation", "激活函数"),
    "parameters": ("parameters", "参数"),
    "quantity": ("quantity", "量"),
    "formula": ("formula", "公式"),
    "value": ("value", "数值"),
    "input": ("input", "输入"),
    "output": ("output", "输出"),
    "target": ("target", "目标"),
    "exact": ("exact", "精确值"),
    "by hand": ("by hand ({n} dp)", "手算（{n} 位小数）"),
    "frozen": ("frozen", "固定"),
    "bias of": ("bias of {n}", "{n} 的偏置"),
    "biases trained": ("biases trained", "偏置参与训练"),
    "biases frozen": ("biases frozen", "偏置固定"),
    "hidden layer": ("hidden {n}", "隐藏层 {n}"),
    "output layer": ("output", "输出层"),
    "train subtitle": ("{arch}; {mode} (batch {bs}), {opt}, η = {eta}, {epochs} epochs{shuffled}",
                       "{arch}；{mode}（每批 {bs}），{opt}，η = {eta}，{epochs} 轮{shuffled}"),
    "shuffled": (", shuffled", "，打乱顺序"),
    "trained": ("trained", "训练"),
    "biases": ("biases", "偏置"),
    "inputs": ("inputs", "个输入"),
    "learning rate": ("learning rate", "学习率"),
    "summarised": ("Large layers are summarised. Select what to see with --only 'grad.w_*' "
                   "or --layer N, or use --format json for every value.",
                   "大的层只显示摘要。用 --only 'grad.w_*' 或 --layer N 选择要看的量，"
                   "或用 --format json 得到全部数值。"),
    "explain": ("How {p} changes (every path spelled out)", "{p} 如何更新（逐条路径展开）"),
    "drift": ("Drift: rounding every intermediate to {n} decimals moves the final numbers by",
              "误差累积：每个中间量保留 {n} 位小数后，最终结果的偏差"),
    "hand - exact": ("hand − exact", "手算 − 精确"),
    "batch": ("A batch of {n} samples ({s}): each forward and backward pass, the mean of their "
              "gradients (seed 004, eq. 17), and one update with that mean.",
              "一批 {n} 个样本（{s}）：各自的前向与反向传播、梯度的平均（讲义 004 式 17），"
              "以及用平均梯度做的一次更新。"),
    "mean": ("mean", "平均"),
    "shared bias": ("{b} is shared by {n}: ∂E/∂{b} = Σ δ = {g}; {b} → {new}",
                    "{b} 由 {n} 共用：∂E/∂{b} = Σ δ = {g}；{b} → {new}"),
    "too big": ("{r} × {c}: too large to print; use --format json.", "{r} × {c}：太大，无法显示；请用 --format json。"),
    "correction error": ("the correction error", "校对误差"),
    "after batch": ("After the update (the same samples)", "更新后（同一批样本）"),
    "perceptron rule": ("ŷ = {act}(W·x + θ);  W ← W + η·(y − ŷ)·x,  θ ← θ + η·(y − ŷ);  η = {eta}",
                        "ŷ = {act}(W·x + θ)；W ← W + η·(y − ŷ)·x，θ ← θ + η·(y − ŷ)；η = {eta}"),
    "boundary": ("decision boundary after the epoch: {eq}   (misclassified in the epoch: {n})",
                 "本轮结束后的决策边界：{eq}   （本轮误分类：{n}）"),
    "regions": ("The points (● 1, ○ 0) and the region the perceptron assigns 1 (·)",
                "样本点（● 为 1，○ 为 0）与感知机判为 1 的区域（·）"),
    "perceptron converged": ("converged after {n} epochs: no sample is misclassified; boundary {eq}",
                             "{n} 轮后收敛：没有误分类样本；决策边界 {eq}"),
    "not separable cycle": ("did not converge: after epoch {n} the weights repeat an earlier state, so "
                            "the rule cycles forever — the points are not linearly separable (no line "
                            "puts the 1s on one side and the 0s on the other).",
                            "不收敛：第 {n} 轮后权值回到以前的状态，学习规则将永远循环——这些点线性不可分"
                            "（没有一条直线能把 1 和 0 分在两侧）。"),
    "not separable epoch_cap": ("did not converge within {n} epochs: the points may not be linearly "
                                "separable (raise max_epochs if they are).",
                                "{n} 轮内未收敛：这些点可能线性不可分（若可分，请增大 max_epochs）。"),
    "xor fix": ("Seed 002's fix: a second layer. NAND and OR perceptrons feed an AND perceptron "
                "(each learnt by the rule from zero weights):",
                "讲义 002 的解决办法：加一层。与非（NAND）和或（OR）感知机的输出送入与（AND）感知机"
                "（各自从零权值用学习规则学得）："),
    "learnt in": ("learnt in {n} epochs", "{n} 轮学得"),
    "comparison": ("variants compared: {n} (same data, same seed)", "比较 {n} 种设置（同样的数据、同样的种子）"),
    "final loss col": ("final loss", "最终损失"),
    "epochs to": ("epochs to {t}", "达到 {t} 的轮数"),
    "seconds": ("seconds", "秒"),
    "loss curves": ("Loss curves (mean loss after each epoch; the marks are the variants above)",
                    "损失曲线（每轮后的平均损失；标记对应上表的设置）"),
    "fits": ("Fitted curves over the data (·)", "拟合曲线与数据点（·）"),
    "answer key": ("answer key", "答案"),
    "answers header": ("write each answer after its key, as you computed it",
                       "在每个键后写下你算出的答案"),
    "wrote sheets": ("wrote {n} sheet(s) with their keys to {d}", "已将 {n} 份练习及答案写入 {d}"),
    "update k": ("Update {k} of the training", "训练中的第 {k} 次更新"),
    "exercise title": ("Exercise {v} (seed {seed})", "练习 {v}（种子 {seed}）"),
    "exercise from": ("Exercise {v} ({t})", "练习 {v}（{t}）"),
    "exercise task": ("Compute one step of backpropagation for this sample and fill in the blanks "
                      "(round to {d} decimals).",
                      "对这个样本计算一步反向传播，填写下列空白（保留 {d} 位小数）。"),
    "student": ("student", "学生"),
    "score": ("score", "得分"),
    "first wrong": ("first wrong key", "第一个错误"),
    "likely mistake": ("likely mistake", "可能的错误"),
    "numeric": ("numeric", "数值微分"),
    "rel. error": ("rel. error", "相对误差"),
    "gradcheck": ("gradient check: worst relative error {e} ({p}) over {n} parameters, against "
                  "central finite differences.",
                  "梯度检验：{n} 个参数中最大相对误差 {e}（{p}），与中心差分比较。"),
    "kinks": ("At a relu kink (not compared): {names}.", "位于 relu 折点（不比较）：{names}。"),
    # check
    "check title": ("{t}: the printed values against bptrace", "{t}：书中数值与 bptrace 的比较"),
    "key": ("key", "键"),
    "printed": ("printed", "书中"),
    "note": ("note", "说明"),
    "differs at": ("differs from significant digit {d}; exact {v}", "从第 {d} 位有效数字起不同；精确值 {v}"),
    "truncated": ("agrees only if truncated", "只在截断时一致"),
    "blank": ("no answer", "未作答"),
    "imprecise": ("fewer decimals than the sheet asks for", "小数位数少于题目要求"),
    "sign": ("agrees only up to sign", "只差一个符号"),
    "all agree": ("all {n} printed values agree.", "全部 {n} 个数值一致。"),
    "some differ": ("{a} of {n} printed values agree; {b} differ: {keys}.",
                    "{n} 个数值中 {a} 个一致；{b} 个不同：{keys}。"),
    "diagnosis": ("Diagnosis: what reproduces the printed values", "诊断：什么做法能得到书中的数值"),
    "variant": ("variant", "做法"),
    "agree": ("agree", "一致"),
    "reproduces": ("reproduces (of those that differ)", "能解释的不同数值"),
    "correct": ("textbook-correct backpropagation", "正确的反向传播"),
    "reproduced by": ("{k} = {v}: reproduced by “{names}”", "{k} = {v}：可由“{names}”得到"),
    "reproduced by many": ("{n} values ({keys}): reproduced by “{names}”",
                           "{n} 个数值（{keys}）：可由“{names}”得到"),
    "no variant": ("{k} = {v}: no variant of the catalogue reproduces it (a misprint, or a "
                   "convention bptrace does not know).",
                   "{k} = {v}：目录中没有做法能得到它（印刷错误，或 bptrace 不认识的约定）。"),
    # train
    "loss history": ("Loss (mean over the data set, after each epoch)", "损失（每轮结束后在数据集上的平均值）"),
    "epoch": ("epoch", "轮"),
    "mean loss": ("mean loss", "平均损失"),
    "validation loss": ("validation loss", "验证损失"),
    "outputs after": ("Outputs after training", "训练后的输出"),
    "params after": ("Parameters after training", "训练后的参数"),
    "before": ("before", "训练前"),
    "after training": ("after", "训练后"),
    "fit": ("Fit: targets (·) and the trained network's outputs (•)", "拟合：目标值（·）与训练后网络的输出（•）"),
    "final loss": ("loss after {n} epochs{tail}: {v}", "{n} 轮后的损失{tail}：{v}"),
    "early stopping": (" (early stopping)", "（早停）"),
    "interrupted": (" (interrupted)", "（已中断）"),
    "epoch axis": ("epoch", "轮数"),
    "epoch axis log": ("epoch (loss on a log scale)", "轮数（损失取对数刻度）"),
    "more params": ("{n} parameters: see --format json or --save FILE.", "共 {n} 个参数：见 --format json 或 --save FILE。"),
    "more rows": ("{n} more", "另有 {n} 个"),
}


# Words the trace attaches to quantities (its Phrase records: a key and arguments); {f} is
# the quantity's symbolic formula.
WORDS.update({
    "formula input": ("input", "输入"),
    "formula recomputed": ("{f} recomputed with the new parameters", "{f} 用更新后的参数重新计算"),
    "formula softmax ce": ("{f}  (softmax with cross-entropy)", "{f}  （softmax 与交叉熵）"),
    "formula softmax jacobian": ("{f}  (softmax Jacobian)", "{f}  （softmax 雅可比矩阵）"),
    "note frozen bias": ("frozen: train_biases is false", "固定：train_biases 为 false"),
    "note frozen gradient": ("frozen: computed, not applied", "固定：只计算，不更新"),
})


def default_lang() -> str:
    """From the locale: LANG (or LC_ALL, LC_MESSAGES) starting with zh → Chinese."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def words(lang: str):
    """A lookup function: w("forward"), w("by hand", n=4)."""
    i = LANGS.index(lang)

    def w(key: str, **kw) -> str:
        text = WORDS[key][i]
        return text.format(**kw) if kw else text
    w.lang = lang
    return w


# The diagnosis catalogue in Chinese (JSON keeps the English names: they are identifiers).
VARIANTS_ZH: dict[str, tuple[str, str]] = {
    "biases trained": ("偏置参与训练", "偏置被训练了，而配置中偏置是固定的。"),
    "biases frozen": ("偏置固定", "偏置保持不变，而配置中偏置要训练。"),
    "one bias per neuron": ("每个神经元一个偏置", "每个神经元各有自己的偏置（初值相同），而不是整层共用一个。"),
    "sequential update": ("先更新输出层权值", "隐藏层的校对误差用了已经更新过的输出层权值（逐层先更新再反传），"
                          "而不是前向传播时的权值。"),
    "hidden error from ∂E/∂w": ("用 ∂E/∂w 代替 δ·w", "隐藏神经元的误差用下一层权值的偏导数 ∂E/∂w（out·Σδ）求得，"
                                  "而不是 Σ δ·w。"),
    "a path missing in a hidden error": ("隐藏层误差漏了路径", "隐藏神经元的误差只算了一条路径（经过下一层第一个神经元），"
                                         "漏掉了其他路径。"),
    "net used for out": ("用 net 代替 out", "∂net/∂w 取了下层节点的净输入，而不是它的输出。"),
    "sign of t − y": ("符号弄反（t − y）", "输出误差取了 t − y 而不是 y − t（更新方向反了）。"),
    "loss without ½": ("损失少了 ½", "损失取了 Σ (t−y)²，没有 ½。"),
    "loss with ½": ("损失多了 ½", "损失取了 Σ ½(t−y)²。"),
    "mean instead of sum": ("取平均而非求和", "损失对各输出取了平均，而不是求和。"),
    "σ′ = net·(1−net)": ("σ′ 用了 net·(1−net)", "sigmoid 的导数取了 net·(1−net)，而不是 out·(1−out)。"),
    "missing activation derivative": ("漏了激活函数导数", "所有层都漏了激活函数的导数（delta = err）。"),
    "missing σ′ at the output": ("输出层漏了 σ′", "输出层漏了激活函数的导数。"),
    "missing σ′ in the hidden layers": ("隐藏层漏了 σ′", "隐藏层漏了激活函数的导数。"),
    "error signal negative": ("δ 取 −∂E/∂net（error_signal: negative）",
                              "教材把误差信号写成负梯度：err = −∂E/∂out，δ = −∂E/∂net（Haykin 的局部梯度、"
                              "Han & Kamber 的 Err、Negnevitsky 的 δ）。这是记号约定，不是错误，更新值不变。"
                              "在配置中写 conventions: {error_signal: negative}。"),
    "error signal gradient": ("δ 取 ∂E/∂net（error_signal: gradient）",
                              "教材把 err、δ 写成 ∂E/∂out、∂E/∂net（梯度的符号），而配置写了 error_signal: "
                              "negative。这是记号约定，更新值不变；删去 conventions: {error_signal: negative}。"),
    "bias subtracted": ("θ 是减去的（threshold:）",
                        "教材把阈值减去：net = Σ w·a − θ（Negnevitsky、周志华《机器学习》），而配置把它当作"
                        "加上的偏置。把该层的 bias: 改写为 threshold:（数值不变）。"),
    "threshold added": ("θ 是加上的（bias:）",
                        "教材把 θ 加上：net = Σ w·a + θ（Han & Kamber），而配置把它当作减去的阈值。"
                        "把该层的 threshold: 改写为 bias:。"),
    "matrix transposed": ("权值矩阵转置了（matrix_rows: inputs）",
                          "权值矩阵按另一种方向输入了（行 = 下一层的输入节点，如 x·W）：在该层加上 "
                          "matrix_rows: inputs（若已有，则删去）。"),
    "computed from the printed values": ("用印出的数值计算",
                                         "作者用前面印出的（已舍入的）数值算出后面的值，而不是用精确值："
                                         "bptrace check --round printed 也这样算。"),
}

# ------------------------------------------------------------ diagnosis variants as records
# A diagnosis variant is a record (bptrace.check.variants.Mistake: kind + numbers); its
# words are made here, at render time, in the language asked for.
MISTAKE_WHY_EN: dict[str, str] = {
    "biases trained": "The biases were trained, where the config keeps them fixed.",
    "biases frozen": "The biases were kept fixed, where the config trains them.",
    "one bias per neuron": "Each neuron had a bias of its own (same starting value), not one shared bias.",
    "sequential update": "The hidden errors were computed with the already-updated output weights "
                         "(each layer updated before the error is passed back), not with the "
                         "weights of the forward pass.",
    "hidden error from ∂E/∂w": "A hidden neuron's error was built from the next layer's weight "
                               "gradients ∂E/∂w (out·Σδ) instead of Σ δ·w.",
    "a path missing in a hidden error": "A hidden neuron's error took only one path (through the "
                                        "next layer's first neuron); the other paths were forgotten.",
    "net used for out": "∂net/∂w was taken as the net input of the node below instead of its output.",
    "sign of t − y": "The output error was taken as t − y instead of y − t (the update goes uphill).",
    "rounded": "Every intermediate was rounded to {0} decimals before it was used.",
    "loss without ½": "The loss was Σ (t−y)², without the ½.",
    "loss with ½": "The loss was Σ ½(t−y)².",
    "mean instead of sum": "The loss was the mean over the outputs, not the sum.",
    "implied learning rate": "The printed updates imply another learning rate than the config's.",
    "σ′ = net·(1−net)": "The sigmoid's derivative was taken as net·(1−net) instead of out·(1−out).",
    "missing activation derivative": "The activation's derivative was left out everywhere (delta = err).",
    "missing σ′ at the output": "The output layer's activation derivative was left out (delta = err there).",
    "missing σ′ in the hidden layers": "The hidden layers' activation derivative was left out "
                                       "(delta = err there).",
    "error signal negative": "The book writes the error signals with the other sign, "
                             "err = −∂E/∂out and δ = −∂E/∂net (Haykin's local gradient, Han & "
                             "Kamber's Err, Negnevitsky's δ): a naming convention, not a mistake — "
                             "the updates are the same. Write it in the config as "
                             "conventions: {{error_signal: negative}}.",
    "error signal gradient": "The book writes err and δ as ∂E/∂out and ∂E/∂net (the gradient's "
                             "sign), where the config says error_signal: negative: a naming "
                             "convention, the updates are the same; remove "
                             "conventions: {{error_signal: negative}}.",
    "bias subtracted": "The book subtracts the threshold, net = Σ w·a − θ (Negnevitsky; 周志华's "
                       "机器学习), where the config adds it as a bias: write the layer's bias: as "
                       "threshold: (same values).",
    "threshold added": "The book adds θ, net = Σ w·a + θ (Han & Kamber), where the config "
                       "subtracts it as a threshold: write the layer's threshold: as bias:.",
    "matrix transposed": "A weight matrix was typed the other way round (rows = the nodes below, "
                         "as in x·W): add matrix_rows: inputs to the layer (or remove it, where "
                         "it is there).",
    "computed from the printed values": "The author computed each value from the values before "
                                        "it as printed (rounded), not from exact ones: bptrace "
                                        "check --round printed computes the same way.",
    "fewer": "Training ran one epoch fewer than stated (one update, where an epoch is one update).",
    "more": "Training ran one epoch more than stated (one update, where an epoch is one update).",
}
MISTAKE_WHY_ZH_NUMBERED = {"rounded": "每个中间量在使用前都保留了 {0} 位小数。",
                           "updates": "训练比所说的少或多了一轮。",
                           "implied learning rate": "书中的更新值对应另一个学习率。"}


def mistake_name(m, lang: str) -> str:
    """One diagnosis variant's name: 'rounded to 4 decimals', '9,999 updates instead of
    10,000', 'learning rate η = 0.25 (implied by the printed new.w1)', 'sequential update'."""
    zh = lang == "zh"
    if m.kind == "rounded":
        return f"中间量保留 {m.numbers[0]} 位小数" if zh else f"rounded to {m.numbers[0]} decimals"
    if m.kind == "updates":
        ran, stated = m.numbers
        return f"{ran:,} 次而非 {stated:,} 次" if zh else f"{ran:,} {m.unit} instead of {stated:,}"
    if m.kind == "implied learning rate":
        lr = f"{m.numbers[0]:.4g}"
        return (f"学习率 η = {lr}（由书中的 {m.key} 推出）" if zh else
                f"learning rate η = {lr} (implied by the printed {m.key})")
    return VARIANTS_ZH[m.kind][0] if zh and m.kind in VARIANTS_ZH else MISTAKE_NAMES_EN.get(m.kind, m.kind)


MISTAKE_NAMES_EN = {
    "error signal negative": "δ named −∂E/∂net (error_signal: negative)",
    "error signal gradient": "δ named ∂E/∂net (error_signal: gradient)",
    "bias subtracted": "θ subtracted (threshold:)",
    "threshold added": "θ added (bias:)",
    "matrix transposed": "matrix typed transposed (matrix_rows: inputs)",
}


def mistake_why(m, lang: str) -> str:
    """What one diagnosis variant means, one sentence."""
    if lang == "zh":
        if m.kind in VARIANTS_ZH:
            return VARIANTS_ZH[m.kind][1]
        if m.kind in MISTAKE_WHY_ZH_NUMBERED:
            return MISTAKE_WHY_ZH_NUMBERED[m.kind].format(*m.numbers)
    if m.kind == "updates":
        return MISTAKE_WHY_EN["fewer" if m.numbers[0] < m.numbers[1] else "more"]
    return MISTAKE_WHY_EN[m.kind].format(*m.numbers)


def mistakes_name(mistakes, lang: str) -> str:
    """A variant or a pair of them: 'a + b'."""
    return " + ".join(mistake_name(m, lang) for m in mistakes)


# the network picture (bptrace draw) and the plots (train --plot, compare --plot)
WORDS.update({
    "pic inputs": ("inputs", "输入层"),
    "pic target": ("target", "目标"),
    "pic paths": ("{sym} = sum over {n} chain-rule paths = {v}", "{sym} = {n} 条链式法则路径之和 = {v}"),
    "pic one path": ("{sym} = one chain-rule path = {v}", "{sym} = 一条链式法则路径 = {v}"),
    "pic summary": ("{p} parameters: too many to draw one by one — one box per layer "
                    "(bptrace step --format json has every value)",
                    "共 {p} 个参数：太多，无法逐个画出——每层一个方框（bptrace step --format json 给出全部数值）"),
    "pic neurons": ("{n} neurons", "{n} 个神经元"),
    "pic params": ("{n} parameters", "{n} 个参数"),
    "plot training loss": ("training loss", "训练损失"),
    "plot validation loss": ("validation loss", "验证损失"),
    "plot mean loss": ("mean loss", "平均损失"),
    "plot loss": ("loss", "损失"),
    "plot fit": ("fit", "拟合"),
    "plot data": ("data", "数据"),
    "plot data targets": ("data (targets)", "数据（目标值）"),
    "plot trained": ("trained network", "训练后的网络"),
    "plot input": ("input", "输入"),
    "plot output": ("output", "输出"),
    "plot regions": ("decision regions", "决策区域"),
    "no cjk font": ("no Chinese font is installed, so the picture uses English labels; install "
                    "one (Debian/Ubuntu: apt install fonts-noto-cjk; Fedora: "
                    "google-noto-sans-cjk-fonts) for Chinese.",
                    "没有安装中文字体，图中改用英文标签；请安装一个中文字体（Debian/Ubuntu：apt install "
                    "fonts-noto-cjk；Fedora：google-noto-sans-cjk-fonts）。"),
})
