"""Words of the other views in English and Chinese: the network picture and the plots, the
classroom page (--format html), the examples list, grading a class set."""

from __future__ import annotations

VIEW_WORDS: dict[str, tuple[str, str]] = {}

# the network picture (bptrace draw) and the plots (train --plot, compare --plot)
VIEW_WORDS.update({
    "pic inputs": ("inputs", "输入层"),
    "pic target": ("target", "目标"),
    "pic paths": ("{sym} = sum over {n} chain-rule paths = {v}", "{sym} = {n} 条链式法则路径之和 = {v}"),
    "pic one path": ("{sym} = one chain-rule path = {v}", "{sym} = 一条链式法则路径 = {v}"),
    "pic summary": ("{p} parameters: too many to draw one by one — one box per layer "
                    "(bptrace step --format json has every value)",
                    "共 {p} 个参数：太多，无法逐个画出——每层一个方框（bptrace step --format json 给出全部数值）"),
    "pic neurons": ("{n} neurons", "{n} 个神经元"),
    "pic desc": ("The network, left to right: {columns}. Each box is a neuron (or an input, a "
                 "bias, a target) with its numbers; each line is a weight with its value and "
                 "gradient.",
                 "网络从左到右：{columns}。每个方框是一个神经元（或输入、偏置、目标）及其数值；每条连线是一个权重及其数值与梯度。"),
    "pic desc column": ("{name}: {members}", "{name}：{members}"),
    "pic desc summary": ("One box per layer, left to right: {columns}.", "每层一个方框，从左到右：{columns}。"),
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


# the classroom page (--format html)
VIEW_WORDS.update({
    "html back": ("back", "上一步"),
    "html next": ("next", "下一步"),
    "html all": ("show all", "全部显示"),
    "html keys": ("→ / space: next · ←: back · a: all", "→ / 空格：下一步 · ←：上一步 · a：全部"),
    "html start": ("Press → or space to reveal the first quantity.", "按 → 或空格显示第一个量。"),
    "html all shown": ("Every quantity shown (press a to go back to the step).",
                       "已显示全部的量（按 a 回到当前步骤）。"),
    "html blank": ("blank", "空"),
})


VIEW_WORDS.update({
    "examples title": ("Built-in examples", "内置示例"),
    "examples name": ("name", "名称"),
    "examples what": ("what it is", "内容"),
    "examples commands": ("commands", "适用命令"),
    "examples use": ("Use one by name (bptrace step xor) or copy it: bptrace examples xor > my.yaml",
                     "按名称使用（bptrace step xor），或复制一份来改：bptrace examples xor > my.yaml"),
})

# grading a class set
VIEW_WORDS.update({
    "too few decimals": ("too few decimals in {n} (the sheet asks for {d})",
                         "{n} 个答案小数位数不够（题目要求 {d} 位）"),
    "other sheet": ("your answers name {named}, not {own} beside them: graded against {named}",
                    "你的答案写的是 {named}，而不是旁边的 {own}：按 {named} 批改"),
    "not identified": ("not identified", "未能确定"),
    "skipped file": ("not graded: a hidden file (its name starts with '.')",
                     "未批改：隐藏文件（文件名以 '.' 开头）"),
    "n blanks": ("{n} unanswered", "{n} 个空未答"),
    "n unreadable": ("{n} unreadable", "{n} 个答案读不出数值"),
    "n carried": ("{n} right given an earlier answer", "{n} 个按前面的答案算是对的"),
    "class title": ("{sheets}: the students' answers", "{sheets}：学生答案"),
})

# a student's own answers checked (check --expect FILE): the same tables and diagnosis, in the
# words a student reads — your answer, never a book's printed value, an author or a misprint
VIEW_WORDS.update({
    "student check title": ("{t}: your answers against bptrace", "{t}：你的答案与 bptrace 的比较"),
    "student printed": ("your answer", "你的答案"),
    "student blank": ("unanswered", "未作答"),
    "student all agree": ("all {n} answers asked are right.", "题目要求的 {n} 个答案全部正确。"),
    "student right": ("{a} of the {n} answers asked are right.", "题目要求的 {n} 个答案中 {a} 个正确。"),
    "student wrong": (" {b} not right: {keys}.", "{b} 个不对：{keys}。"),
    "student unanswered": (" {u} unanswered.", "{u} 个未作答。"),
    "student more decimals": ("; your answer has more than {n} decimals", "；你的答案多于 {n} 位小数"),
    "student diagnosis": ("What reproduces your answers", "诊断：什么做法能得到你的答案"),
    "student variant": ("mistake", "错误"),
    "student correct": ("correct backpropagation", "正确的反向传播"),
    "student reproduced by": ("{k} = {v}: your answer comes out of “{names}”",
                              "{k} = {v}：按“{names}”计算，正好得到你的答案"),
    "student reproduced by many": ("{n} of your answers ({keys}) come out of “{names}”",
                                   "你的 {n} 个答案（{keys}）按“{names}”计算正好得到"),
    "student no variant": ("{k} = {v}: none of the mistakes bptrace knows gives your answer — "
                           "check the arithmetic of this step.",
                           "{k} = {v}：bptrace 已知的错误都得不到你的答案——请检查这一步的计算。"),
    "student worse than correct": (" (it makes more of your other answers wrong than the correct "
                                   "computation does)",
                                   "（但按它计算，你的其他答案对的反而更少）"),
    "student likely": ("Your likely mistake: {m}", "你可能的错误：{m}"),
    "carried": ("right, given your earlier answer", "按你前面的答案算是对的"),
    "unreadable": ("no number could be read in your answer", "读不出你答案中的数值"),
    "read as": ("read as {v}", "按 {v} 读取"),
})
