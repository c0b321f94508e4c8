"""Words of the figures of ``bptrace plot`` in English and Chinese: titles that name the
course document each figure comes from (by its title), axes, legends and notes."""

from __future__ import annotations

# the course documents, by title, as a figure's title names them
_NOTES = ("the course's BP neural network notes", "BP 神经网络课程笔记")
_FIT = ('"Fitting a Nonlinear Function with a BP Network" by PrivateEye_zzy',
        "PrivateEye_zzy《BP神经网络拟合非线性函数》")
_SLIDES = ('the course slides "Neurons, Perceptrons and BP Neural Networks"',
           "课件《神经元、感知机与 BP 神经网络》")
_ZHIHU = ('"Deriving the BP Algorithm" (Zhihu)', "《BP神经网络算法推导》（知乎）")

FIGURE_WORDS: dict[str, tuple[str, str]] = {
    # activations
    "fig activations": (f"Activation functions and their derivatives (as in {_NOTES[0]} and "
                        f"{_FIT[0]})",
                        f"激活函数及其导数（见{_NOTES[1]}与{_FIT[1]}）"),
    "fig act f": ("f(z)", "f(z)"),
    "fig act d": ("the derivative f′(z) = ∂out/∂net", "导数 f′(z) = ∂out/∂net"),
    "fig net z": ("net input z", "净输入 z"),
    "fig neurons of": ("marked: the neurons of {title} at their net inputs of one step",
                       "标出的点：{title}中各神经元在一步中的净输入处"),
    # a slice
    "fig slice": (f"Gradient descent on one parameter: a step against the slope (as in "
                  f"{_NOTES[0]})",
                  f"一个参数上的梯度下降：逆着斜率走一步（见{_NOTES[1]}）"),
    "fig slice sub": ("{title} — E as a function of {p}, every other parameter held",
                      "{title}——E 作为 {p} 的函数，其余参数不变"),
    "fig loss E": ("loss E", "损失 E"),
    "fig curve E": ("E({p})", "E({p})"),
    "fig tangent": ("tangent, slope ∂E/∂{p} = {g}", "切线，斜率 ∂E/∂{p} = {g}"),
    "fig now": ("{p} = {v}, E = {e}", "{p} = {v}，E = {e}"),
    "fig step": ("step: {p} − η·∂E/∂{p} = {new} (η = {lr}), E = {e}",
                 "一步：{p} − η·∂E/∂{p} = {new}（η = {lr}），E = {e}"),
    "fig frozen": ("{p} is not trained (train_biases: false): the step leaves it",
                   "{p} 不参与训练（train_biases: false）：更新后不变"),
    "fig no lr": ("the config has no learning_rate (η): no step drawn",
                  "配置中没有 learning_rate（η）：不画更新的一步"),
    # a surface, trajectories
    "fig surface": (f"The error surface over two weights and the path of gradient descent "
                    f"(as in {_ZHIHU[0]})",
                    f"两个权值上的误差曲面与梯度下降的路径（见{_ZHIHU[1]}）"),
    "fig trajectory": (f"Optimizers on the error surface (as in {_SLIDES[0]})",
                       f"误差曲面上的各个优化器（见{_SLIDES[1]}）"),
    "fig surface sub": ("{title} — mean loss over {p} and {q}, every other parameter held; "
                        "{mode} training, {epochs} epochs",
                        "{title}——{p} 与 {q} 上的平均损失，其余参数不变；{mode}训练，{epochs} 轮"),
    "fig mean loss": ("mean loss", "平均损失"),
    "fig path": ("{opt}, η = {lr}: {n} updates, loss {e}", "{opt}，η = {lr}：{n} 次更新，损失 {e}"),
    "fig path diverged": ("{opt}, η = {lr}: diverged in epoch {epoch}",
                          "{opt}，η = {lr}：第 {epoch} 轮发散"),
    "fig start": ("start: loss {e}", "起点：损失 {e}"),
    "fig loss per update": ("mean loss after each update", "每次更新后的平均损失"),
    "fig update": ("update", "更新次数"),
    "mode online": ("online", "逐样本"),
    "mode batch": ("batch", "批量"),
    "mode minibatch": ("minibatch", "小批量"),
    # the schedule
    "fig schedule": (f"The learning rate η of every update (as in {_FIT[0]})",
                     f"每次更新的学习率 η（见{_FIT[1]}）"),
    "fig eta": ("learning rate η", "学习率 η"),
    "fig decay": ("η = η₀·{r}^((k−1)/{n}), η₀ = {lr}", "η = η₀·{r}^((k−1)/{n})，η₀ = {lr}"),
    "fig decay stair": ("η = η₀·{r}^⌊(k−1)/{n}⌋, η₀ = {lr}", "η = η₀·{r}^⌊(k−1)/{n}⌋，η₀ = {lr}"),
    "fig step decay": ("× {f} every {n} epochs", "每 {n} 轮 × {f}"),
    "fig constant": ("constant η = {lr} (no decay: give --decay RATE:STEPS)",
                     "η = {lr} 不变（没有衰减：可给出 --decay RATE:STEPS）"),
    "fig epochs per": ("{title} — updates per epoch: {n}", "{title}——每轮更新次数：{n}"),
}
