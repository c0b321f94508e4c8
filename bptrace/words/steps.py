"""Words of a step, its tables and of check, in English and Chinese (the course notes' terms:
校对误差, 净输入, 输出, 损失, 偏导数, 学习率, 更新后, 隐层, 阈值, …)."""

from __future__ import annotations

STEP_WORDS: dict[str, tuple[str, str]] = {
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
    "worse than correct": (" (but it makes more printed values disagree than the textbook-correct "
                           "computation; no variant that does better reproduces this value)",
                           "（但它比标准算法对不上的数值更多；没有更好的变体能复现这个数值）"),
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
    # conventions: {update: sequential} (SPEC §6)
    "update sequential": ("sequential update: each error passed back through the weights above "
                          "as already updated (new.w)",
                          "逐层先更新：误差经上一层已经更新过的权值（new.w）反传"),
    "hidden layer": ("hidden {n}", "隐层 {n}"),
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
    "page summarised": ("This step has too many numbers to show one by one: large layers are "
                        "summarised as their ranges. See one neuron's numbers with bptrace step "
                        "CONFIG --only 'grad.w_*' (a key pattern) or --layer N in the terminal, "
                        "or every value with --format json.",
                        "这一步的数太多，无法逐个显示：大的层只显示数值范围。要看某个神经元的数，"
                        "在终端用 bptrace step CONFIG --only 'grad.w_*'（键的模式）或 --layer N，"
                        "或用 --format json 得到全部数值。"),
    "explain": ("How {p} changes (every path spelled out)", "{p} 如何更新（逐条路径展开）"),
    "drift": ("Drift: rounding every intermediate to {n} decimals moves the final numbers by",
              "误差累积：每个中间量保留 {n} 位小数后，最终结果的偏差"),
    "hand - exact": ("hand − exact", "手算 − 精确"),
    "batch": ("A batch of {n} samples ({s}): each forward and backward pass, the mean of their "
              "gradients (《神经网络》 blog post, eq. 17), and one update with that mean.",
              "一批 {n} 个样本（{s}）：各自的前向与反向传播、梯度的平均（《神经网络》一文式 17），"
              "以及用平均梯度做的一次更新。"),
    "mean": ("mean", "平均"),
    "shared bias": ("{b} is shared by {n}: ∂E/∂{b} = Σ δ = {g}; {b} → {new}",
                    "{b} 由 {n} 共用：∂E/∂{b} = Σ δ = {g}；{b} → {new}"),
    "too big": ("{r} × {c}: too large to print; use --format json.", "{r} × {c}：太大，无法显示；请用 --format json。"),
    "correction error": ("the correction error", "校对误差"),
    "after batch": ("After the update (the same samples)", "更新后（同一批样本）"),
    "perceptron rule": ("ŷ = {act}(W·x + θ);  W ← W + η·(y − ŷ)·x,  θ ← θ + η·(y − ŷ);  η = {eta}",
                        "ŷ = {act}(W·x + θ)（θ 为阈值）；W ← W + η·(y − ŷ)·x，θ ← θ + η·(y − ŷ)；η = {eta}"),
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
    "xor fix": ("The course slides' fix: a second layer. NAND and OR perceptrons feed an AND perceptron "
                "(each learnt by the rule from zero weights):",
                "课件《神经元、感知机与 BP 神经网络》的解决办法：加一层。与非（NAND）和或（OR）感知机的输出送入与（AND）感知机"
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
    "kept answers": ("kept {n} filled-in answer file(s), not replaced: {files}",
                     "保留了 {n} 个已填写的答题文件，没有替换：{files}"),
    "update k": ("Update {k} of the training", "训练中的第 {k} 次更新"),
    "exercise title": ("Exercise {v} (seed {seed})", "练习 {v}（种子 {seed}）"),
    "exercise from": ("Exercise {v} ({t})", "练习 {v}（{t}）"),
    "exercise given": ("Given", "已知"),
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
    "gradcheck sequential": ("Under update: sequential a hidden layer's grad.P passes the error "
                             "back through the updated weights: the book's number, not ∂E/∂P.",
                             "在 update: sequential 下，隐层的 grad.P 经更新后的权值反传误差："
                             "是书中的数，不是 ∂E/∂P。"),
    # check
    "check title": ("{t}: the printed values against bptrace", "{t}：书中数值与 bptrace 的比较"),
    "key": ("key", "键"),
    "printed": ("printed", "书中"),
    "note": ("note", "说明"),
    "differs at": ("differs from significant digit {d}; exact {v}", "从第 {d} 位有效数字起不同；精确值 {v}"),
    "differs at hand": ("differs from significant digit {d}", "从第 {d} 位有效数字起不同"),
    "more decimals": ("; printed with more than {n} decimals", "；书中数值多于 {n} 位小数"),
    "against hand": (" (compared with a hand calculation rounding every intermediate to {n} "
                     "decimals, as --round {n} asks; without --round: with the exact values)",
                     "（与每个中间量保留 {n} 位小数的手算结果比较，即 --round {n}；不加 --round 则与精确值比较）"),
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
    "needs lr": ("Not tried, as they compute with a learning rate and the config has no "
                 "learning_rate: “{names}”.",
                 "未尝试以下做法，因为它们要用学习率，而配置中没有 learning_rate：“{names}”。"),
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
    "more values": ("… ({n} in all)", "…（共 {n} 个）"),
}


# Words the trace attaches to quantities (its Phrase records: a key and arguments); {f} is
# the quantity's symbolic formula.
STEP_WORDS.update({
    "formula input": ("input", "输入"),
    "formula recomputed": ("{f} recomputed with the new parameters", "{f} 用更新后的参数重新计算"),
    "formula softmax ce": ("{f}  (softmax with cross-entropy)", "{f}  （softmax 与交叉熵）"),
    "formula softmax jacobian": ("{f}  (softmax Jacobian)", "{f}  （softmax 雅可比矩阵）"),
    "note frozen bias": ("frozen: train_biases is false", "固定：train_biases 为 false"),
    "note frozen gradient": ("frozen: computed, not applied", "固定：只计算，不更新"),
})
