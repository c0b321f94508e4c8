"""The diagnosis variants' names and meanings (check --diagnose) in English and Chinese: a
variant is a record (bptrace.checking.variants.Mistake: kind + numbers); its words are made
here, at render time, in the language asked for."""

from __future__ import annotations

# The diagnosis catalogue in Chinese (JSON keeps the English names: they are identifiers).
VARIANTS_ZH: dict[str, tuple[str, str]] = {
    "biases trained": ("偏置参与训练", "偏置被训练了，而配置中偏置是固定的。"),
    "biases frozen": ("偏置固定", "偏置保持不变，而配置中偏置要训练。"),
    "one bias per neuron": ("每个神经元一个偏置", "每个神经元各有自己的偏置（初值相同），而不是整层共用一个。"),
    "sequential update": ("先更新输出层权值", "隐层的校对误差用了已经更新过的输出层权值（逐层先更新再反传），"
                          "而不是前向传播时的权值。"),
    "simultaneous update": ("同时更新（update: simultaneous）",
                            "隐层的校对误差用前向传播时的权值求得，而配置写了 update: sequential："
                            "删去 conventions 中的 update: sequential。"),
    "hidden error from ∂E/∂w": ("用 ∂E/∂w 代替 δ·w", "隐层神经元的误差用下一层权值的偏导数 ∂E/∂w（out·Σδ）求得，"
                                  "而不是 Σ δ·w。"),
    "a path missing in a hidden error": ("隐层误差漏了路径", "隐层神经元的误差只算了一条路径（经过下一层第一个神经元），"
                                         "漏掉了其他路径。"),
    "net used for out": ("用 net 代替 out", "∂net/∂w 取了下层节点的净输入，而不是它的输出。"),
    "sign of t − y": ("符号弄反（t − y）", "输出误差取了 t − y 而不是 y − t（更新方向反了）。"),
    "truncated, not rounded": ("截断而非四舍五入", "数值是把精确值截断到所写的小数位（后面的位直接舍去，"
                                            "0.5928756 → 0.5928），而不是四舍五入。"),
    "loss without ½": ("损失少了 ½", "损失取了 Σ (t−y)²，没有 ½。"),
    "loss with ½": ("损失多了 ½", "损失取了 Σ ½(t−y)²。"),
    "mean instead of sum": ("取平均而非求和", "损失对各输出取了平均，而不是求和。"),
    "clipped at 1e-7, as Keras does": ("按 Keras 截断到 1e-7",
                                       "KL 散度按 Keras 的算法：目标值和输出先截断到 [1e-7, 1]，"
                                       "所以目标为 0 的一项是 1e-7·ln(1e-7/y) 而不是 0；"
                                       "Keras 用 float32 计算，末位数字在 float32 的精度之内。"),
    "σ′ = net·(1−net)": ("σ′ 用了 net·(1−net)", "sigmoid 的导数取了 net·(1−net)，而不是 out·(1−out)。"),
    "missing activation derivative": ("漏了激活函数导数", "所有层都漏了激活函数的导数（delta = err）。"),
    "missing σ′ at the output": ("输出层漏了 σ′", "输出层漏了激活函数的导数。"),
    "missing σ′ in the hidden layers": ("隐层漏了 σ′", "隐层漏了激活函数的导数。"),
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
                          "权值矩阵按另一种方向输入了（行 = 前一层的节点，如 x·W）：在该层加上 "
                          "matrix_rows: inputs（若已有，则删去）。"),
    "computed from the printed values": ("用印出的数值计算",
                                         "作者用前面印出的（已舍入的）数值算出后面的值，而不是用精确值："
                                         "bptrace check --round printed 也这样算。"),
}

# ------------------------------------------------------------ diagnosis variants as records
# A diagnosis variant is a record (bptrace.checking.variants.Mistake: kind + numbers); its
# words are made here, at render time, in the language asked for.
MISTAKE_WHY_EN: dict[str, str] = {
    "biases trained": "The biases were trained, where the config keeps them fixed.",
    "biases frozen": "The biases were kept fixed, where the config trains them.",
    "one bias per neuron": "Each neuron had a bias of its own (same starting value), not one shared bias.",
    "sequential update": "The hidden errors were computed with the already-updated output weights "
                         "(each layer updated before the error is passed back), not with the "
                         "weights of the forward pass.",
    "simultaneous update": "The hidden errors were computed with the weights of the forward "
                           "pass, where the config says update: sequential: remove it from "
                           "conventions.",
    "hidden error from ∂E/∂w": "A hidden neuron's error was built from the next layer's weight "
                               "gradients ∂E/∂w (out·Σδ) instead of Σ δ·w.",
    "a path missing in a hidden error": "A hidden neuron's error took only one path (through the "
                                        "next layer's first neuron); the other paths were forgotten.",
    "net used for out": "∂net/∂w was taken as the net input of the node below instead of its output.",
    "sign of t − y": "The output error was taken as t − y instead of y − t (the update goes uphill).",
    "rounded": "Every intermediate was rounded to {0} decimals before it was used.",
    "truncated, not rounded": "The values were written truncated to their decimals (the digits "
                              "beyond cut off, 0.5928756 → 0.5928), not rounded.",
    "loss without ½": "The loss was Σ (t−y)², without the ½.",
    "loss with ½": "The loss was Σ ½(t−y)².",
    "mean instead of sum": "The loss was the mean over the outputs, not the sum.",
    "clipped at 1e-7, as Keras does": ("The KL divergence was computed as Keras does: targets and "
                                       "outputs clipped into [1e-7, 1] first, so a target 0 adds "
                                       "1e-7·ln(1e-7/y), not 0 — in float32, as Keras computes, so "
                                       "the last printed digit is within float32's precision."),
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
    if m.kind in STUDENT_MISTAKES and m.kind not in MISTAKE_WHY_EN:
        return student_name(m, lang)
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


# a student's mistakes (the student catalogue, bptrace.checking.variants.STUDENT_CATALOGUE): the
# forward pass's slips, and the words of the catalogue's that speak of a config, for a student
STUDENT_MISTAKES: dict[str, tuple[str, str, str, str]] = {      # en name, zh name, en why, zh why
    "hidden weights transposed": (
        "hidden weights swapped (matrix transposed)", "隐层权值对调（矩阵转置）",
        "The hidden layer's weights were taken the other way round (w2 and w3 swapped: the "
        "weight matrix transposed), as if each weight came from the other input.",
        "隐层权值用反了（w2 与 w3 对调，即权值矩阵转置）：每个权值被当成了来自另一个输入。"),
    "output weights transposed": (
        "output weights swapped (matrix transposed)", "输出层权值对调（矩阵转置）",
        "The output layer's weights were taken the other way round (w6 and w7 swapped: the "
        "weight matrix transposed).",
        "输出层权值用反了（w6 与 w7 对调，即权值矩阵转置）。"),
    "inputs swapped": ("inputs swapped", "输入对调", "The inputs were taken in the other order (i1 ↔ i2).",
                       "输入的顺序弄反了（i1 与 i2 对调）。"),
    "targets swapped": ("targets swapped", "目标值对调",
                        "The targets were taken in the other order (o1's target for o2 and the other way).",
                        "目标值的顺序弄反了（o1 的目标用在了 o2 上，反之亦然）。"),
    "net passed on as out": ("net used as out in the forward pass", "前向传播中把 net 当作 out",
                             "A hidden neuron's net input was passed on to the next layer in place "
                             "of its output: the activation was forgotten in the forward pass.",
                             "隐层神经元的净输入被直接传给了下一层，而不是它的输出：前向传播时漏了激活函数。"),
    "biases trained": ("biases updated", "偏置也更新了",
                       "The biases were updated, where the sheet keeps them fixed.",
                       "偏置也做了更新，而题目中偏置是固定的。"),
    "biases frozen": ("biases not updated", "偏置没有更新",
                      "The biases were kept fixed, where the sheet updates them.",
                      "偏置没有更新，而题目要求更新偏置。"),
}


def student_name(m, lang: str) -> str | None:
    """A student-catalogue mistake's own name, where it has one."""
    names = STUDENT_MISTAKES.get(m.kind)
    return None if names is None else names[1 if lang == "zh" else 0]


def mistake_why(m, lang: str, student: bool = False) -> str:
    """What one diagnosis variant means, one sentence (``student``: said to a student)."""
    if m.kind in STUDENT_MISTAKES and (student or m.kind not in MISTAKE_WHY_EN):
        return STUDENT_MISTAKES[m.kind][3 if lang == "zh" else 2]
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
