"""Error messages in English and Chinese: a BadInput with a key (bptrace.errors) has its
words here, formatted in the language asked for (suggestions and lists included)."""

from __future__ import annotations

LANGS = ("en", "zh")


# A BadInput with a key (bptrace.errors) has its words here; {close} is a list of suggestions
# (difflib), {known} a list of the accepted names, {what} a word of ERROR_WHAT.
ERRORS: dict[str, tuple[str, str]] = {
    "unknown": ("unknown {what} '{name}'{suggest} Known: {known}.",
                "未知的{what} '{name}'{suggest}可用的有：{known}。"),
    "unknown key": ("unknown key '{name}' in {where}{suggest} Its keys: {known}.",
                    "{where}中没有键 '{name}'{suggest}可用的键：{known}。"),
    "missing": ("'{name}' is missing: it gives {what}.", "缺少 '{name}'：它给出{what}。"),
    "yaml fullwidth": ("{desc} '{char}' — use '{fix}' (a Chinese input method types the "
                       "full-width form; YAML needs the ASCII one).",
                       "{desc} '{char}'——请改用半角的 '{fix}'（中文输入法打出的是全角符号，YAML 只认半角）。"),
    "yaml tab": ("a tab character: tabs are not allowed in YAML — indent with spaces.",
                 "制表符（Tab）：YAML 不允许用 Tab——请用空格缩进。"),
    "yaml invalid": ("this is not valid YAML: {problem}.", "YAML 格式错误：{problem}。"),
    "yaml empty": ("the file is empty: a config needs at least 'network:' and 'learning_rate:' "
                   "(see 'bptrace examples mazur').",
                   "文件是空的：配置至少需要 'network:' 和 'learning_rate:'（见 'bptrace examples mazur'）。"),
    "no example": ("no built-in example '{name}'{suggest} Built-in: {known}.",
                   "没有名为 '{name}' 的内置示例{suggest}内置示例：{known}。"),
    "no file": ("no such file, and no built-in example of that name{suggest} Built-in: {known}.",
                "没有这个文件，也没有这个名字的内置示例{suggest}内置示例：{known}。"),
    "not utf8": ("the file is not UTF-8 text (save it as UTF-8; GBK files are not read).",
                 "文件不是 UTF-8 编码（请另存为 UTF-8；不读取 GBK 编码的文件）。"),
    "is directory": ("this is a directory, not a config file.", "这是一个目录，不是配置文件。"),
    "need matplotlib": ("--plot needs matplotlib, which is not installed: {how}.",
                        "--plot 需要 matplotlib，但它没有安装：{how}。"),
    "no expect": ("there are no expected values to check: give the config an expect: section "
                  "(KEY: VALUE as printed in the textbook) or use --expect FILE.",
                  "没有要检查的数值：请在配置中加 expect: 一节（键: 书中印的数值），或用 --expect FILE。"),
    "no sheet": ("the answers name the sheet {sheet}, which is neither next to them nor next "
                 "to the config.",
                 "答案文件指定的练习 {sheet} 既不在答案旁边，也不在配置旁边。"),
    "no answers": ("the folder has no .yaml answer files (the sheets written by bptrace "
                   "exercise are not counted).",
                   "这个文件夹里没有 .yaml 答案文件（bptrace exercise 写出的练习本身不算）。"),
    "stdin empty": ("'-' reads the config from standard input, which was empty.",
                    "'-' 表示从标准输入读配置，但标准输入是空的。"),
}
ERROR_WHAT: dict[str, tuple[str, str]] = {
    "activation": ("activation", "激活函数"),
    "loss": ("loss", "损失函数"),
    "mode": ("mode", "训练方式"),
    "init": ("init", "初始化方式"),
    "data set": ("built-in data set", "内置数据集"),
    "optimizer": ("optimizer", "优化器"),
    "setting": ("setting", "设置"),
    "a config": ("a config", "配置"),
    "network": ("network", "network"),
    "a layer": ("a layer", "层"),
    "train": ("train", "train"),
    "early_stopping": ("early_stopping", "early_stopping"),
    "a sample": ("a sample", "样本"),
    "data": ("data", "data"),
}
_FULLWIDTH_DESC = {"en": "full-width {n}", "zh": "全角{n}"}


def error_text(key: str, lang: str, args: dict) -> str:
    """The message of a keyed BadInput in `lang` (suggestions and lists formatted here)."""
    zh = lang == "zh"
    i = LANGS.index(lang)
    a = dict(args)
    close = a.pop("close", None) or []
    quoted = ", ".join(f"'{c}'" for c in close)
    a["suggest"] = ((f"——是不是想写 {quoted}？" if zh else f" — did you mean {quoted}?")
                    if close else ("。" if zh else "."))
    if isinstance(a.get("known"), (list, tuple)):
        a["known"] = ("、" if zh else ", ").join(a["known"])
    for k in ("what", "where"):
        if a.get(k) in ERROR_WHAT:
            a[k] = ERROR_WHAT[a[k]][i]
    if "desc" in a:
        a["desc"] = FULLWIDTH_NAMES.get(a["desc"], (a["desc"], a["desc"]))[i]
    return ERRORS[key][i].format(**a)


# full-width punctuation a Chinese input method types, by its name in each language
FULLWIDTH_NAMES: dict[str, tuple[str, str]] = {
    "colon": ("full-width colon", "全角冒号"),
    "comma": ("full-width comma", "全角逗号"),
    "ideographic comma": ("ideographic comma", "顿号"),
    "semicolon": ("full-width semicolon", "全角分号"),
    "left bracket": ("full-width bracket", "全角方括号"),
    "right bracket": ("full-width bracket", "全角方括号"),
    "left brace": ("full-width brace", "全角花括号"),
    "right brace": ("full-width brace", "全角花括号"),
    "left parenthesis": ("full-width parenthesis", "全角圆括号"),
    "right parenthesis": ("full-width parenthesis", "全角圆括号"),
    "quote": ("curly quote", "中文引号"),
    "space": ("full-width space", "全角空格"),
    "minus": ("full-width minus", "全角减号"),
    "period": ("full-width full stop", "全角句号"),
    "hash": ("full-width hash", "全角井号"),
}

