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
