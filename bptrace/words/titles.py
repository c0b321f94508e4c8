"""Titles in Chinese: the built-in examples' titles by their English title (a config's
``title:``); a user's own title stays as written."""

from __future__ import annotations

# the built-in examples' titles in Chinese, by their English title (a config's `title:`)
_SLIDES = "课件《神经元、感知机与 BP 神经网络》"
TITLES_ZH: dict[str, str] = {
    "Mazur's worked example (2-2-2 sigmoid, biases fixed)":
        "Mazur 的逐步反向传播示例（2-2-2 sigmoid，偏置固定）",
    'Cubic polynomial fit of the course slides "Neurons, Perceptrons and BP Neural Networks" (1-5-5-1 sigmoid)':
        f"{_SLIDES}中的三次多项式拟合（1-5-5-1 sigmoid）",
    'Nonlinear curve fit (1-24-3-1) of "Fitting a Nonlinear Function with a BP Network" by PrivateEye_zzy':
        "PrivateEye_zzy《BP神经网络拟合非线性函数》中的非线性曲线拟合（1-24-3-1）",
    'Red and blue points (2-5-1 sigmoid) of "Deriving the BP Algorithm" (Zhihu)':
        "《BP神经网络算法推导》中的红蓝点分类（2-5-1 sigmoid）",
    "tanh/relu regression net, random init (seed 7)": "tanh/relu 回归网络，随机初值（随机种子 7）",
    "The classic 2-2-2 example as printed in the course's BP neural network notes (i1=0.05, i2=0.10 → 0.01, 0.99)":
        "BP 神经网络课程笔记中的经典 2-2-2 示例，数值照原文（i1=0.05，i2=0.10 → 0.01，0.99）",
    "《神经网络》 blog post (W/V/b/c notation) — its 2-2-2 network with V_sd, W_ks, c_s, b_k":
        "博客《神经网络》（W/V/b/c 记号）——它的 2-2-2 网络，参数记作 V_sd、W_ks、c_s、b_k",
    "KL divergence of output a in the course slides 《神经元、感知机与 BP 神经网络》":
        f"{_SLIDES}中输出 a 的相对熵（KL 散度）",
    "Softmax classifier with cross-entropy (3 classes)": "softmax 与交叉熵分类器（3 类）",
    "XOR network (误差反向传播) of the course slides 《神经元、感知机与 BP 神经网络》":
        f"{_SLIDES}中的异或网络（误差反向传播）",
    'AND by the perceptron rule (course slides "Neurons, Perceptrons and BP Neural Networks")':
        f"用感知机学习规则学“与”（AND）（{_SLIDES}）",
    'NAND by the perceptron rule (course slides "Neurons, Perceptrons and BP Neural Networks")':
        f"用感知机学习规则学“与非”（NAND）（{_SLIDES}）",
    'NOT by the perceptron rule (course slides "Neurons, Perceptrons and BP Neural Networks")':
        f"用感知机学习规则学“非”（NOT）（{_SLIDES}）",
    'OR by the perceptron rule (course slides "Neurons, Perceptrons and BP Neural Networks")':
        f"用感知机学习规则学“或”（OR）（{_SLIDES}）",
    'XOR by the perceptron rule — it cannot converge (course slides "Neurons, Perceptrons and BP Neural Networks")':
        f"用感知机学习规则学“异或”（XOR）——不可能收敛（{_SLIDES}）",
    # the textbooks' examples (configs/textbooks)
    "CS231n course notes, Linear classification — the softmax example":
        "CS231n 课程笔记《线性分类》——softmax 示例",
    "Goodfellow et al., Deep Learning, §6.1 — learning XOR, the solution as matrices":
        "Goodfellow 等《深度学习》§6.1——学习异或，解写成矩阵",
    "Hagan et al., Neural Network Design, ch. 10 — the LMS (ADALINE) example":
        "Hagan 等《神经网络设计》第 10 章——LMS（ADALINE）示例",
    "Hagan et al., Neural Network Design, ch. 11 — the 1-2-1 example":
        "Hagan 等《神经网络设计》第 11 章——1-2-1 示例",
    "Han, Kamber & Pei, Data Mining, Example 9.1 — backpropagation by hand":
        "Han、Kamber 与 Pei《数据挖掘：概念与技术》例 9.1——手算反向传播",
    "Negnevitsky, Artificial Intelligence, §6.4 — one back-propagation step for XOR":
        "Negnevitsky《人工智能：智能系统指南》§6.4——异或的一步反向传播",
}


class HandTitle(str):
    """The title of a hand calculation (--round N, --round printed): the config's title and
    how the hand rounds, kept apart so that each language words it; as a str, the English."""

    def __new__(cls, base: str, round_to):
        if round_to == "printed":
            en = f"{base} — by hand, from the printed values"
        else:
            en = f"{base} — by hand, every intermediate rounded to {round_to} decimals"
        obj = super().__new__(cls, en)
        obj.base, obj.round_to = base, round_to
        return obj

    def __getnewargs__(self):
        return (self.base, self.round_to)


def title(text: str, lang: str) -> str:
    """A config's title in `lang`: a built-in example's title is translated; a user's own
    title stays as written; a hand calculation's title is worded in `lang`."""
    if lang != "zh":
        return text
    if isinstance(text, HandTitle):
        base = title(text.base, lang)
        if text.round_to == "printed":
            return f"{base}——手算，用印出的数值"
        return f"{base}——手算，每个中间量保留 {text.round_to} 位小数"
    return TITLES_ZH.get(text, text)
