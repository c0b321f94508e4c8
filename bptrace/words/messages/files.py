"""Error messages about files, YAML and the command line's options, in English and Chinese
({close} is a list of suggestions, {known} a list of the accepted names)."""

from __future__ import annotations

FILE_ERRORS: dict[str, tuple[str, str]] = {
    # finding and reading the config
    "no example": ("no built-in example '{name}'{suggest} Built-in: {known}.",
                   "没有名为 '{name}' 的内置示例{suggest}内置示例：{known}。"),
    "no file": ("no such file, and no built-in example of that name{suggest} Built-in: {known}.",
                "没有这个文件，也没有这个名字的内置示例{suggest}内置示例：{known}。"),
    "no config": ("no config given: name a YAML file or a built-in example ({known}).",
                  "没有给出配置：请给出一个 YAML 文件或一个内置示例的名字（{known}）。"),
    "not utf8": ("the file is not UTF-8 text (save it as UTF-8; GBK files are not read).",
                 "文件不是 UTF-8 编码（请另存为 UTF-8；不读取 GBK 编码的文件）。"),
    "source big": ("the file is {size}; a config or answer file is at most {most}.",
                   "文件有 {size}；配置文件或答案文件最多 {most}。"),
    "source bigger": ("more than {most}: a config or answer file is at most {most}.",
                      "超过 {most}：配置文件或答案文件最多 {most}。"),
    "is directory": ("this is a directory, not a config file.", "这是一个目录，不是配置文件。"),
    "not regular": ("this is not a regular file (a device or a pipe): give a YAML file.",
                    "这不是普通文件（而是设备或管道）：请给出一个 YAML 文件。"),
    "cannot read": ("cannot read the file: {why}.", "无法读取文件：{why}。"),
    "stdin empty": ("'-' reads the config from standard input, which was empty.",
                    "'-' 表示从标准输入读配置，但标准输入是空的。"),
    "answers empty": ("the answer file is empty: write KEY: VALUE lines.",
                      "答案文件是空的：请写若干行“键: 值”（KEY: VALUE）。"),
    # YAML
    "yaml fullwidth": ("{desc} '{char}' — use '{fix}' (a Chinese input method types the "
                       "full-width form; YAML needs the ASCII one).",
                       "{desc} '{char}'——请改用半角的 '{fix}'（中文输入法打出的是全角符号，YAML 只认半角）。"),
    "yaml tab": ("a tab character: tabs are not allowed in YAML — indent with spaces.",
                 "制表符（Tab）：YAML 不允许用 Tab——请用空格缩进。"),
    "yaml invalid": ("this is not valid YAML: {problem}.", "YAML 格式错误：{problem}。"),
    "yaml invalid tag": ("this is not valid YAML: {problem} (bptrace reads plain YAML only; tags "
                         "that build objects are refused).",
                         "YAML 格式错误：{problem}（bptrace 只读普通的 YAML；会构造对象的标签一律拒绝）。"),
    "yaml empty": ("the file is empty: a config needs at least 'network:' and 'learning_rate:' "
                   "(see 'bptrace examples mazur').",
                   "文件是空的：配置至少需要 'network:' 和 'learning_rate:'（见 'bptrace examples mazur'）。"),
    "yaml bomb": ("the YAML expands far beyond its size (aliases or merge keys repeated within "
                  "each other); write the values out.",
                  "这个 YAML 展开后远远超出它本身的大小（别名或合并键层层嵌套）；请把数值直接写出来。"),
    "yaml deep": ("the YAML is nested too deeply to be a config (more than {n} levels; a config "
                  "is a few levels deep).",
                  "YAML 嵌套太深，不像是配置（超过 {n} 层；配置只有几层）。"),
    "yaml too deep": ("the YAML is nested too deeply to be a config.",
                      "YAML 嵌套太深，不像是配置。"),
    "yaml self alias": ("a YAML alias refers to itself (an endless structure).",
                        "YAML 别名引用了它自己（无穷的结构）。"),
    "yaml tag": ("the YAML tag '{tag}' is refused: bptrace reads plain YAML only; tags that "
                 "build objects are refused.",
                 "拒绝 YAML 标签 '{tag}'：bptrace 只读普通的 YAML；会构造对象的标签一律拒绝。"),
    "yaml scalar": ("'{t}' cannot be read as {kind}{digits}.",
                    "'{t}' 无法读作{kind}{digits}。"),
    "yaml key": ("a key must be a plain word, not a list or mapping.",
                 "键必须是一个普通的词，不能是列表或映射。"),
    "yaml merge": ("a merge key (<<) takes a mapping or a list of mappings.",
                   "合并键（<<）后面应当是一个映射或映射的列表。"),
    "key twice line": ("the key '{key}' is given twice (first on line {line}).",
                       "键 '{key}' 出现了两次（第一次在第 {line} 行）。"),
    "key twice": ("the key '{key}' is given twice.", "键 '{key}' 出现了两次。"),
    "data deep": ("the data is nested too deeply to be a config.", "数据嵌套太深，不像是配置。"),
    "data itself": ("the data contains itself (an endless structure).",
                    "数据包含了它自己（无穷的结构）。"),
    "data type": ("a config holds numbers, text, true/false, lists and mappings, not {type}.",
                  "配置只能包含数、文字、true/false、列表和映射，不能包含 {type}。"),
    # the program as a whole
    "interrupted": ("bptrace: interrupted.", "bptrace: 已中断。"),
    "cannot write output": ("bptrace: cannot write the output: {why}.", "bptrace: 无法写出输出：{why}。"),
    "stdout closed": ("bptrace: cannot write the output: standard output is closed.",
                      "bptrace: 无法写出输出：标准输出已关闭。"),
    # writing files
    "cannot write": ("cannot write {path}: {why}.", "无法写入 {path}：{why}。"),
    "write not file": ("cannot write {path}: it is {what}; give the name of a regular file.",
                       "无法写入 {path}：它是{what}；请给出一个普通文件的名字。"),
    "no folder": ("cannot write {path}: the folder {folder} does not exist.",
                  "无法写入 {path}：文件夹 {folder} 不存在。"),
    "folder not writable": ("cannot write {path}: the folder {folder} is not writable.",
                            "无法写入 {path}：文件夹 {folder} 不可写。"),
    "cannot create folder": ("cannot create the folder {folder}: {why}.",
                             "无法创建文件夹 {folder}：{why}。"),
    "exists": ("{path} exists: give --force to overwrite it.",
               "{path} 已存在：加 --force 覆盖它。"),
    "output is input": ("{path} is the input {input} (the same file): bptrace never writes over "
                        "its input; name another file.",
                        "{path} 就是输入文件 {input}（同一个文件）：bptrace 从不覆盖输入；请换一个文件名。"),
    "sheets differ": ("{folder} holds exercise sheets with other numbers ({file} differs: another "
                      "--seed or other options): use another folder, or give --force to replace "
                      "the sheets and keys (filled-in answer files are always kept).",
                      "{folder} 里已有数字不同的练习（{file} 不一样：另一个 --seed 或其他选项）："
                      "请换一个文件夹，或加 --force 替换练习和答案（已填写的答题文件始终保留）。"),
    "stdin closed": ("'-' reads the config from standard input, which is closed.",
                     "'-' 表示从标准输入读配置，但标准输入已关闭。"),
    # CSV data
    "csv missing": ("the CSV file {path} does not exist.", "CSV 文件 {path} 不存在。"),
    "csv not utf8": ("the CSV file {path} is not UTF-8 text: save it as \"CSV UTF-8\".",
                     "CSV 文件 {path} 不是 UTF-8 编码：请另存为“CSV UTF-8”。"),
    "csv unreadable": ("the CSV file {path} cannot be read as CSV: {why}.",
                       "CSV 文件 {path} 无法按 CSV 读取：{why}。"),
    "csv cannot read": ("cannot read the CSV file {path}: {why}.", "无法读取 CSV 文件 {path}：{why}。"),
    "csv short": ("the CSV file {path} needs a header row and at least one data row.",
                  "CSV 文件 {path} 需要一行表头和至少一行数据。"),
    "csv no column": ("the CSV file {path} has no column '{name}' in its header row.",
                      "CSV 文件 {path} 的表头中没有 '{name}' 列。"),
    "csv not number": ("the CSV file {path}, line {line}, column '{name}': not a number.",
                       "CSV 文件 {path}，第 {line} 行，'{name}' 列：不是数。"),
    "csv not number at": ("the CSV file {path}, line {line}, column {k}: not a number.",
                          "CSV 文件 {path}，第 {line} 行，第 {k} 列：不是数。"),
    "csv not finite at": ("the CSV file {path}, line {line}, column {k}: not finite.",
                          "CSV 文件 {path}，第 {line} 行，第 {k} 列：不是有限的数。"),
    "csv not finite": ("the CSV file {path}, line {line}, column '{name}': not finite.",
                       "CSV 文件 {path}，第 {line} 行，'{name}' 列：不是有限的数。"),
    "range backwards": ("{where}: the column range '{item}' runs backwards.",
                        "{where}：列范围 '{item}' 是倒着写的。"),
    "not a column": ("{where}: '{item}' is not a column number (1–{width}) or a range like 2-785.",
                     "{where}：'{item}' 不是列号（1–{width}），也不是像 2-785 这样的范围。"),
    "no column": ("{where} has no column '{item}' (a column is named as in the header row, by its "
                  "number 1–{width}, or as a range FIRST-LAST).",
                  "{where}中没有 '{item}' 列（列可以用表头中的名字、列号 1–{width} 或范围 FIRST-LAST 表示）。"),
    "column range": ("{where}: column {k} does not exist (columns are numbered 1–{width}).",
                     "{where}：没有第 {k} 列（列号为 1–{width}）。"),
    "data file missing": ("the data file {path} does not exist.", "数据文件 {path} 不存在。"),
    "numpy broken": ("{where} cannot be read as numpy data: {why}.",
                     "{where}无法按 numpy 数据读取：{why}。"),
    "npz shape": ("{where}: the array '{name}' is a single number (shape ()); a data array holds "
                  "one row per sample.",
                  "{where}：数组 '{name}' 只是一个数（形状 ()）；数据数组应当每个样本一行。"),
    "data no rows": ("{where} holds no samples (0 rows).", "{where}中没有样本（0 行）。"),
    "npy shape": ("{where} holds an array of shape {shape}; a .npy data file holds one row per "
                  "sample (2-D).",
                  "{where}中的数组形状为 {shape}；.npy 数据文件应当每个样本一行（二维）。"),
    "npy columns": ("{where}: a .npy data file needs input and target column numbers, e.g. "
                    "input: 2-785, target: 1.",
                    "{where}：.npy 数据文件需要输入和目标的列号，如 input: 2-785, target: 1。"),
    "npz arrays": ("{where}: name one array for each of input and target.",
                   "{where}：请为 input 和 target 各指定一个数组。"),
    "npz no array": ("{where} has no array '{name}' (it has: {known}).",
                     "{where}中没有数组 '{name}'（有：{known}）。"),
    "npz lengths": ("{where}: the input has {x} samples and the target {t}.",
                    "{where}：输入有 {x} 个样本，目标有 {t} 个。"),
    "array type": ("{where}: the {part} array holds {dtype} values, not numbers.",
                   "{where}：{part}数组中是 {dtype} 类型的值，不是数。"),
    "array finite": ("{where}: the {part} of sample {r}, value {c}, is not finite.",
                     "{where}：第 {r} 个样本的{part}中第 {c} 个值不是有限的数。"),
    # options
    "need matplotlib": ("--plot needs matplotlib, which is not installed: {how}.",
                        "--plot 需要 matplotlib，但它没有安装：{how}。"),
    "not a number": ("'{value}' is not a number.", "'{value}' 不是数。"),
    "not finite": ("{value} is not a finite number.", "{value} 不是有限的数。"),
    "greater than": ("{value} must be greater than {min}.", "{value} 必须大于 {min}。"),
    "at least": ("{value} must be at least {min}.", "{value} 必须至少为 {min}。"),
    "round what": ("'{value}' is neither a number of decimals nor 'printed'.",
                   "'{value}' 既不是小数位数，也不是 'printed'。"),
    "round range": ("{value} decimals: give 0 to 15, or 'printed'.",
                    "{value} 位小数：请给 0 到 15，或 'printed'。"),
    "not combined": ("{what} cannot be combined with {options}.", "{what} 不能与 {options} 同时使用。"),
    "shown with": ("{option} is shown with --format {formats}.",
                   "{option} 只在 --format {formats} 时显示。"),
    "view formats": ("--view {view} is shown as rich, json, markdown or latex, not {fmt}.",
                     "--view {view} 只能以 rich、json、markdown 或 latex 显示，不能用 {fmt}。"),
    "batch formats": ("a batch step is shown as rich or json, not {fmt}.",
                      "一批样本的一步只能以 rich 或 json 显示，不能用 {fmt}。"),
    "batch sequential": ("--batch shows each sample's own step beside the mean of their "
                         "gradients; under conventions: {{update: sequential}} a sample's "
                         "hidden errors depend on the whole batch's update, so the two would "
                         "not agree: show one sample at a time (step without --batch, or the "
                         "sK.KEY values in check).",
                         "--batch 把每个样本自己的一步与它们梯度的平均并排显示；在 conventions: "
                         "{{update: sequential}} 下，一个样本的隐层误差取决于整批的更新，两者"
                         "对不上：请逐个样本显示（不加 --batch 的 step，或在 check 中用 sK.KEY）。"),
    "only none": ("--only '{pattern}' matches no quantity; keys look like net.h1, out.o1, err.h1, "
                  "grad.w1, new.w1 (see the README: quantity keys).",
                  "--only '{pattern}' 没有匹配任何量；键的样子如 net.h1、out.o1、err.h1、grad.w1、"
                  "new.w1（见 README 中的“quantity keys”）。"),
    "only close": ("--only '{pattern}' matches no quantity; did you mean {names}?",
                   "--only '{pattern}' 没有匹配任何量；是不是想写 {names}？"),
    "layer option": ("--layer '{spec}' is not a layer; layers are 0 (input) to {last}, or by "
                     "name: {known}.",
                     "--layer '{spec}' 不是一层；层号为 0（输入）到 {last}，或用名字：{known}。"),
    "explain close": ("--explain '{name}' is not a parameter of this network; did you mean {names}?",
                      "--explain '{name}' 不是这个网络的参数；是不是想写 {names}？"),
    "explain none": ("--explain '{name}' is not a parameter of this network; parameters: {names}{more}.",
                     "--explain '{name}' 不是这个网络的参数；参数有：{names}{more}。"),
    "samples form": ("--samples takes sample numbers like 1,3, not '{value}'.",
                     "--samples 要写样本序号，如 1,3，而不是 '{value}'。"),
    "samples twice": ("--samples names a sample twice: {value}.", "--samples 把一个样本写了两次：{value}。"),
    "samples range": ("--samples: the data has samples 1 to {n}, not {bad}.",
                      "--samples：数据的样本序号为 1 到 {n}，没有 {bad}。"),
    "files differ": ("--save, --log and --plot must name different files.",
                     "--save、--log 和 --plot 必须是不同的文件。"),
    "from variants": ("--from makes one sheet from one network: leave out --variants.",
                      "--from 用一个网络出一份练习：请去掉 --variants。"),
    "html sheets": ("several HTML sheets are several pages: write one variant at a time, or the "
                    "Markdown and LaTeX sheets with --out DIR.",
                    "多份 HTML 练习就是多个网页：请一次写一份，或用 --out DIR 写 Markdown 和 LaTeX 练习。"),
    "latex sheets": ("several LaTeX sheets are several documents: write them with --out DIR.",
                     "多份 LaTeX 练习就是多个文档：请用 --out DIR 写出。"),
    "shape form": ("--shape takes layer sizes like 2-2-2, not '{value}'.",
                   "--shape 要写各层大小，如 2-2-2，而不是 '{value}'。"),
    "shape range": ("--shape {value}: give at least inputs and outputs, each 1 to 6 (an exercise "
                    "is computed by hand).",
                    "--shape {value}：至少要有输入和输出，每层 1 到 6 个（练习是要手算的）。"),
    "use one of": ("{option} {value}: use one of {known}.", "{option} {value}：请用其中之一：{known}。"),
    "no hand network": ("could not draw a hand-computable network of that shape; try another --seed.",
                        "抽不到这种形状的、便于手算的网络；请换一个 --seed。"),
    "blanks key": ("--blanks {item}: no such key (keys look like out.o1, grad.w5, new.w1).",
                   "--blanks {item}：没有这个键（键的样子如 out.o1、grad.w5、new.w1）。"),
    "show key": ("--show {item}: no such key (keys look like net.h1, out.o1, loss).",
                 "--show {item}：没有这个键（键的样子如 net.h1、out.o1、loss）。"),
    "show from blank": ("--show {key}: it is computed from the blank {blank}, and a sheet never "
                        "shows what a blank gives away (show what comes before the blanks).",
                        "--show {key}：它是由空 {blank} 算出来的，练习不会给出能推出空的答案的数值"
                        "（只能给出空之前的数值）。"),
    "show unknown": ("--show {value} is not known; choose from {known}.",
                     "不认识 --show {value}；可选：{known}。"),
}

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


# PyYAML's own words for a syntax error (it has no others), in Chinese
_PYYAML_ZH = [
    (r"did not find expected (.+)", "没有找到应有的 {0}"),
    (r"could not find expected (.+)", "没有找到应有的 {0}"),
    (r"mapping values are not allowed here", "这里不能出现“键: 值”（多了一个冒号，或缩进不对）"),
    (r"found character that cannot start any token", "出现了 YAML 不认识的字符"),
    (r"found undefined alias (.+)", "引用了没有定义的别名 {0}"),
    (r"found undefined alias", "引用了没有定义的别名"),
    (r"found unexpected end of stream", "文件在中途结束了（引号或括号没有闭合）"),
    (r"found unknown escape character (.+)", "未知的转义字符 {0}"),
    (r"found unexpected (.+)", "出现了意外的 {0}"),
    (r"found duplicate anchor (.+)", "锚点 {0} 重复"),
    (r"but found another document", "却又出现了一个文档"),
    (r"expected (.+), but found (.+)", "应为 {0}，却遇到 {1}"),
    (r"found a tab character (.+)", "出现了制表符（Tab）"),
]


def pyyaml_zh(problem: str) -> str:
    """PyYAML's description of a syntax error in Chinese (as it is where not known)."""
    import re
    for pattern, zh in _PYYAML_ZH:
        m = re.fullmatch(pattern, problem.strip())
        if m:
            return zh.format(*(g.replace("' or '", "' 或 '") for g in m.groups()))
    return problem


# the operating system's reasons (strerror is English whatever the locale), in Chinese
_ERRNO_ZH = {"ENOENT": "没有这个文件或目录", "EACCES": "没有权限", "EPERM": "不允许这样操作",
             "ENOTDIR": "路径中有一部分不是目录", "EISDIR": "这是一个目录", "ENOSPC": "磁盘空间不足",
             "EROFS": "文件系统是只读的", "EEXIST": "已经存在", "ENAMETOOLONG": "文件名太长",
             "ELOOP": "符号链接层数太多", "EIO": "输入/输出错误", "EDQUOT": "超出了磁盘配额",
             "EFBIG": "文件太大", "EBUSY": "设备或资源正忙", "ETXTBSY": "文件正在使用"}


def os_reason(exc: OSError):
    """Why the operating system refused, as a phrase in both languages."""
    import errno
    from bptrace.words.messages import what
    en = exc.strerror or str(exc)
    name = errno.errorcode.get(exc.errno or 0, "")
    return what("both", en=en, zh=_ERRNO_ZH.get(name, en))


def trimmed(text: str, most: int = 40) -> str:
    """A cell or a name as a message quotes it: at most ``most`` characters."""
    text = str(text)
    return text if len(text) <= most else text[:most - 1] + "…"
