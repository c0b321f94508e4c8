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
}


def title(text: str, lang: str) -> str:
    """A config's title in `lang`: a built-in example's title is translated; a user's own
    title stays as written."""
    return TITLES_ZH.get(text, text) if lang == "zh" else text
