"""Words of the course documents' own views, in English and Chinese: the 《神经网络》 blog
post's backward pass in vector form (step --view delta), the lecture slides' row-vector
matrix form, the batch in matrices, training in the slides' and the article's terms."""

from __future__ import annotations

COURSE_WORDS: dict[str, tuple[str, str]] = {
    # step --view delta: the 《神经网络》 post's vectorised δ, walked from the output down
    # (English names the post by its title in English, so that an English handout compiles
    # with pdflatex; the Chinese by its own title)
    "post eq": ("“Neural Networks” eq. {n}", "《神经网络》式 {n}"),
    "post eqs": ("“Neural Networks” eqs. {n}", "《神经网络》式 {n}"),
    "delta view intro": ("The backward pass of the blog post “Neural Networks” §5.2, from the output layer down: "
                         "each vector equation with its numbers, then its scalar form "
                         "(the keys of bptrace step).",
                         "《神经网络》§5.2 的反向传播，从输出层往下：每个向量式代入数值，"
                         "其后是它的标量形式（bptrace step 的键）。"),
    "scalar form": ("scalar form", "标量形式"),
    "softmax delta": ("softmax: f′ is a Jacobian, not a vector (δ = Jᵀ·∂E/∂a; bptrace step "
                      "--view jacobian shows it)",
                      "softmax：f′ 是雅可比矩阵而不是向量（δ = Jᵀ·∂E/∂a；见 bptrace step --view jacobian）"),
    "scalars left out": ("{n} neurons: the scalar lines are left out (--format json has every "
                         "number)", "{n} 个神经元：标量形式从略（--format json 给出全部数值）"),
    "threshold grad": ("a threshold is subtracted: ∂E/∂θ = −δ", "阈值是减去的：∂E/∂θ = −δ"),
}

# train: the columns beside the loss, the η schedule
COURSE_WORDS.update({
    "running loss col": ("running mean during the epoch", "平均总误差（轮内累计）"),
    "accuracy col": ("accuracy", "准确率"),
    "val accuracy col": ("validation accuracy", "验证准确率"),
    "eta col": ("η (epoch's last update)", "η（本轮最后一次更新）"),
    "eta curve": ("The learning rate η, falling update by update (the epoch's last update)",
                  "学习率 η 逐次更新而衰减（每轮最后一次更新）"),
})

# step --view matrix of a config that wrote its matrices row by input (the slides' x·W + θ)
COURSE_WORDS.update({
    "shapes only": ("W is {r} × {c}: too many numbers to print, so the shapes only "
                    "(--format json, markdown or latex have every number).",
                    "W 为 {r} × {c}：数太多，只给出形状（--format json、markdown 或 latex 给出全部数值）。"),
    "slides theta": ("the threshold (阈值) of the slides, added", "阈值（课件中加上）"),
})

# step --batch --view matrix: the batch as matrices, samples as rows
COURSE_WORDS.update({
    "batch matrices intro": ("{n} samples as the rows of one matrix: one forward and backward "
                             "pass over all of them, one update with the mean gradient.",
                             "{n} 个样本作为一个矩阵的行：对全部样本做一次前向和反向传播，用平均梯度更新一次。"),
    "batch shapes": ("shapes, layer by layer:", "各层的形状："),
    "batch loss": ("E = mean of the {n} samples' losses = {v}", "E = {n} 个样本损失的平均 = {v}"),
})

# train --trace-at with another optimizer: its step, formula and numbers
COURSE_WORDS.update({
    "optimizer step": ("The optimizer's step ({name}, its step {t}), as the course slides write it",
                       "优化器的一步（{name}，第 {t} 步），按课件的迭代式"),
    "of this update": ("of this update (the table above)", "（本次更新，见上表）"),
    "at lookahead": ("taken at the look-ahead point P + β·θ (NAG): the trace above is there",
                     "在前瞻点 P + β·θ 处求得（NAG）：上面的跟踪就在该点"),
})

# train with L2: whether the reported loss includes the penalty
COURSE_WORDS.update({
    "l2 in loss": ("The loss shown includes the L2 penalty λ·Σw² (as Keras reports it).",
                   "显示的损失包含 L2 惩罚项 λ·Σw²（与 Keras 一致）。"),
    "l2 not in loss": ("The loss shown is the data loss alone, without the L2 penalty λ·Σw² "
                       "(--l2-in-loss adds it, as Keras reports it).",
                       "显示的损失只是数据损失，不含 L2 惩罚项 λ·Σw²（加 --l2-in-loss 则包含，与 Keras 一致）。"),
})

COURSE_WORDS.update({
    "final accuracy": ("Accuracy after training: {v} (the fraction of samples whose largest output "
                       "is the target's; one output: on its side of 0.5)",
                       "训练后的准确率：{v}（最大输出与目标一致的样本比例；单个输出时以 0.5 为界）"),
})

COURSE_WORDS.update({
    "test result": ("The test set (test:), after training: mean loss {v}",
                    "测试集（test:），训练之后：平均损失 {v}"),
    "test accuracy": ("; accuracy {v}", "；准确率 {v}"),
})

# step --gradcheck: the difference quotient written out
COURSE_WORDS.update({
    "quotient heading": ("The central difference quotient (E(P + h) − E(P − h)) / 2h, "
                         "h = 1e-5·max(1, |P|) — the derivative as the limit of Δy/Δx",
                         "中心差商 (E(P + h) − E(P − h)) / 2h，h = 1e-5·max(1, |P|)——导数即 Δy/Δx 的极限"),
    "quotient more": ("… and {n} more (--format json has every one)", "……另有 {n} 个（--format json 给出全部）"),
})

COURSE_WORDS.update({
    "hardmax": ("softmax ({names}) = ({soft}); hardmax = ({hard}): 1 at the largest output, 0 elsewhere",
                "softmax（{names}）= ({soft})；hardmax = ({hard})：最大输出处为 1，其余为 0"),
})
