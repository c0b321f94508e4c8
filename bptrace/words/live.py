"""The live classroom page's words (its script shows them; the page carries them as JSON,
in the page's language): editing, practice (speaking to the student about the student's own
answers) and training on the page."""

LIVE_WORDS: dict[str, tuple[str, str]] = {
    "live edit": ("Change {name}", "修改 {name}"),
    "live undo": ("undo", "撤销"),
    "live reset": ("original numbers", "恢复原始数值"),
    "live changed": ("changed: {names}", "已修改：{names}"),
    "live practice": ("practice", "练习"),
    "live review": ("worked example", "例题"),
    "live right": ("right", "正确"),
    "live wrong": ("not right", "不正确"),
    "live carried": ("right, given your earlier answer {key} = {v}",
                     "按你前面的答案 {key} = {v} 算，这一步是对的"),
    "live hint": ("hint", "提示"),
    "live hint formula": ("{key} = {f}", "{key} = {f}"),
    "live hint numbers": ("{key} = {s}", "{key} = {s}"),
    "live export": ("my answers (YAML)", "我的答案（YAML）"),
    "live train": ("train", "训练"),
    "live pause": ("pause", "暂停"),
    "live epochs": ("epochs", "轮数"),
    "live loss after": ("loss after epoch {n}: {v}", "第 {n} 轮后的损失：{v}"),
    "live data order": ("The config shuffles the samples; this page trains in data order "
                        "(bptrace train --shuffle false gives the same numbers).",
                        "配置要求打乱样本顺序；本页按数据顺序训练（与 bptrace train --shuffle false 的数值相同）。"),
    "live dropout": ("The config uses dropout, which this page leaves out (its random masks "
                     "are drawn by bptrace train).",
                     "配置使用了 dropout，本页不使用（其随机掩码由 bptrace train 生成）。"),
    "live unknown": ("Not understood in the address: {items}", "地址中无法识别的项：{items}"),
    "live not number": ("not a number: {text}", "不是数值：{text}"),
    "live loss desc": ("The mean loss over the data after each epoch, epochs 1 to {n}, on a "
                       "log scale from {lo} to {hi}.",
                       "每轮后在数据上的平均损失，第 1 轮到第 {n} 轮，对数刻度，从 {lo} 到 {hi}。"),
    "live regions desc": ("Each cell of the inputs' plane coloured by the class the network gives "
                          "it; the samples marked by their targets' class.",
                          "输入平面的每一格按网络给出的类别着色；样本按其目标类别标记。"),
    "live regions": ("decision regions (colour and marker: the larger output)",
                     "决策区域（颜色与标记：较大的输出）"),
    "live your answer": ("your answer", "你的答案"),
    "live no mistake": ("Your answer is not what any mistake we know of gives.",
                        "你的答案与我们已知的任何错误都对不上。"),
    "live diverged": ("Training diverged at epoch {n}.", "训练在第 {n} 轮发散。"),
    "live answer for": ("your answer for {key}", "{key} 的答案"),
    "live current step": ("the step of epoch {n}, sample {k}", "第 {n} 轮、第 {k} 个样本的这一步"),
    "live stopped early": ("stopped early at epoch {n} (early stopping)", "第 {n} 轮提前停止（early stopping）"),
}
