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
    "n blanks": ("{n} blanks", "{n} 个空未填"),
    "class title": ("{sheets}: the students' answers", "{sheets}：学生答案"),
})
