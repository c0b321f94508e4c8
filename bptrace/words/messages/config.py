"""Error messages about a config's contents, in English and Chinese ({what} is a part of the
config, a :class:`bptrace.words.messages.What` or a key as written; {found} what was there)."""

from __future__ import annotations

CONFIG_ERRORS: dict[str, tuple[str, str]] = {
    "unknown": ("unknown {what} '{name}'{suggest} Known: {known}.",
                "未知的{what} '{name}'{suggest}可用的有：{known}。"),
    "unknown key": ("unknown key '{name}' in {where}{suggest} Its keys: {known}.",
                    "{where}中没有键 '{name}'{suggest}可用的键：{known}。"),
    "missing": ("'{name}' is missing: it gives {what}.", "缺少 '{name}'：它给出{what}。"),
    # a value of the wrong type
    "must be map": ("{what} must be a mapping (KEY: VALUE lines), not {found}.",
                    "{what}应当是映射（若干行 KEY: VALUE），而不是{found}。"),
    "must be list": ("{what} must be a list, not {found}.", "{what}应当是列表，而不是{found}。"),
    "must be number": ("{what} must be a number, not {found}.", "{what}应当是数，而不是{found}。"),
    "too large": ("{what} is too large for a float64: '{t}'.", "{what}超出了 float64 的范围：'{t}'。"),
    "must be finite": ("{what} must be a finite number, not {found}.",
                       "{what}应当是有限的数，而不是{found}。"),
    "must be integer": ("{what} must be a whole number, not {found}.",
                        "{what}应当是整数，而不是{found}。"),
    "must be at least": ("{what} must be at least {min}, not {value}.",
                         "{what}至少应为 {min}，而不是 {value}。"),
    "must be bool": ("{what} must be true or false, not {found}.",
                     "{what}应当是 true 或 false，而不是{found}。"),
    "must be text": ("{what} must be text, not {found}.", "{what}应当是文字，而不是{found}。"),
    "must be word": ("{what} must be a single word, not {found}.",
                     "{what}应当是一个词，而不是{found}。"),
    "must be positive": ("{what} must be positive, not {value}.", "{what}应当是正数，而不是 {value}。"),
    # names
    "empty names": ("{what} is an empty list: give at least one name, or a count.",
                    "{what}是空列表：请至少给一个名字，或给出个数。"),
    "names or count": ("{what} must be a list of names or a count, not {found}.",
                       "{what}应当是名字的列表或一个个数，而不是{found}。"),
    "name word": ("a name in {what} must be a single word, not {found}.",
                  "{what}中的名字应当是一个词，而不是{found}。"),
    "bad name": ("'{name}' is not a valid name: use letters, digits and _, not starting with a digit.",
                 "'{name}' 不是合法的名字：只能用字母、数字和 _，且不能以数字开头。"),
    "name twice": ("the name '{name}' is used twice (first at {first}, line {line}); every name "
                   "in the network must be unique.",
                   "名字 '{name}' 用了两次（第一次在 {first}，第 {line} 行）；网络中的每个名字都必须唯一。"),
    # network and layers
    "no layers": ("network.layers is empty: give at least the output layer.",
                  "network.layers 是空的：至少要有输出层。"),
    "layer name twice": ("the layer name '{name}' is used twice (first at {first}); every layer "
                         "name must be unique.",
                         "层名 '{name}' 用了两次（第一次在 {first}）；每个层名都必须唯一。"),
    "bias and threshold": ("a layer has either bias: (added, net = Σ w·a + b) or threshold: "
                           "(subtracted, net = Σ w·a − θ), not both.",
                           "一层要么写 bias:（加上，net = Σ w·a + b），要么写 threshold:"
                           "（阈值，减去，net = Σ w·a − θ），不能两个都写。"),
    "needs softmax": ("loss '{loss}' needs a softmax output layer (this one is {act}); use "
                      "binary_cross_entropy for sigmoid outputs.",
                      "损失函数 '{loss}' 需要 softmax 输出层（这里是 {act}）；sigmoid 输出请用 "
                      "binary_cross_entropy。"),
    "unknown convention": ("unknown convention '{key}'; conventions has: error_signal, update.",
                           "未知的约定 '{key}'；conventions 只有 error_signal 和 update。"),
    "update": ("update is simultaneous (each layer's error passed back through the weights of "
               "the forward pass, the default) or sequential (through the weights of the layer "
               "above as already updated in this step), not '{value}'.",
               "update 取 simultaneous（各层误差经前向传播时的权值反传，默认）或 sequential"
               "（经上一层在本步中已经更新过的权值反传），而不是 '{value}'。"),
    "sequential needs lr": ("update: sequential passes each layer's error back through the "
                            "weights above as already updated, and the config has no "
                            "learning_rate: give learning_rate (η), or leave out update: "
                            "sequential.",
                            "update: sequential 要经上一层已经更新过的权值反传误差，但配置中没有 "
                            "learning_rate：请给出 learning_rate（η），或去掉 update: sequential。"),
    "error_signal": ("error_signal is gradient (err, delta = ∂E/∂out, ∂E/∂net) or negative "
                     "(−∂E/∂out, −∂E/∂net: Haykin, Han & Kamber, Negnevitsky), not '{value}'.",
                     "error_signal 取 gradient（err、delta = ∂E/∂out、∂E/∂net）或 negative"
                     "（−∂E/∂out、−∂E/∂net：Haykin、Han & Kamber、Negnevitsky），而不是 '{value}'。"),
    "activation form": ("an activation with a parameter is written {{leaky_relu: SLOPE}}.",
                        "带参数的激活函数写作 {{leaky_relu: SLOPE}}。"),
    "output only": ("{name} is only for the output layer (it normalises the layer's outputs into "
                    "probabilities).",
                    "{name} 只能用于输出层（它把这一层的输出归一化为概率）。"),
    "no parameter": ("activation '{name}' takes no parameter (only leaky_relu: SLOPE).",
                     "激活函数 '{name}' 不带参数（只有 leaky_relu: SLOPE 带参数）。"),
    # weights and biases
    "matrix_rows": ("matrix_rows must be 'neurons' (W·a + b, row j = neuron j) or 'inputs' "
                    "(x·W + θ as in the course slides 《神经元、感知机与 BP 神经网络》, row k = input k).",
                    "matrix_rows 取 'neurons'（W·a + b，第 j 行对应神经元 j）或 'inputs'"
                    "（x·W + θ，如课件《神经元、感知机与 BP 神经网络》，第 k 行对应输入 k）。"),
    "matrix rows": ("the weight matrix has {n} rows; it needs {need}.",
                    "权值矩阵有 {n} 行；需要{need}。"),
    "matrix row": ("row {r} of the weight matrix has {got}; it needs {need}.",
                   "权值矩阵的第 {r} 行有{got}；需要{need}。"),
    "weights form": ("weights must be named edges (NAME: [FROM, TO, VALUE]), a matrix (a list of "
                     "rows), or {{init: ...}}, not {found}.",
                     "weights 应当是命名的边（NAME: [FROM, TO, VALUE]）、矩阵（若干行的列表）或 "
                     "{{init: ...}}，而不是{found}。"),
    "edge form": ("weight {name} must be [FROM, TO, VALUE], not {found}.",
                  "权值 {name} 应当写成 [FROM, TO, VALUE]，而不是{found}。"),
    "edge from": ("weight {name} comes from '{node}', which is not a node of the layer below "
                  "(those are: {known}).{also}",
                  "权值 {name} 的起点 '{node}' 不是前一层的节点（前一层是：{known}）。{also}"),
    "edge to": ("weight {name} goes to '{node}', which is not a neuron of this layer (those are: "
                "{known}).{also}",
                "权值 {name} 的终点 '{node}' 不是这一层的神经元（这一层是：{known}）。{also}"),
    "edge twice": ("the edge {frm} → {to} is given twice (as {first} and {name}).",
                   "边 {frm} → {to} 给了两次（{first} 和 {name}）。"),
    "no edges": ("weights is empty: give at least one edge.", "weights 是空的：请至少给一条边。"),
    "init settings": ("init {kind} takes {allowed}, not '{key}'.",
                      "init {kind} 只接受 {allowed}，不接受 '{key}'。"),
    "init no settings": ("init {kind} takes no settings, not '{key}'.",
                         "init {kind} 没有任何设置，不接受 '{key}'。"),
    "uniform range": ("init uniform needs low < high (got {low} and {high}).",
                      "init uniform 需要 low < high（现在是 {low} 和 {high}）。"),
    "std negative": ("std must not be negative.", "std 不能是负数。"),
    "bias list": ("a bias list needs one value per neuron ({n}: {known}), not {got}.",
                  "偏置列表要为每个神经元给一个值（{n} 个：{known}），而不是 {got} 个。"),
    "bias mix": ("give every bias as NAME: [NEURON, VALUE], or every bias as NAME: VALUE, not a mix.",
                 "偏置要么都写成 NAME: [NEURON, VALUE]，要么都写成 NAME: VALUE，不能混用。"),
    "bias form": ("bias {name} must be [NEURON, VALUE], not {n} items.",
                  "偏置 {name} 应当写成 [NEURON, VALUE]，而不是 {n} 项。"),
    "bias for": ("bias {name} is for '{neuron}', which is not a neuron of this layer (those are: "
                 "{known}).",
                 "偏置 {name} 属于 '{neuron}'，但它不是这一层的神经元（这一层是：{known}）。"),
    "two biases": ("neuron {neuron} has two biases ({first} and {name}).",
                   "神经元 {neuron} 有两个偏置（{first} 和 {name}）。"),
    "bias count": ("bias has {n} entries; give one (shared by the layer) or one per neuron "
                   "({count}: {known}), or write NAME: [NEURON, VALUE].",
                   "bias 有 {n} 项；请给一个（全层共用）或每个神经元一个（{count} 个：{known}），"
                   "或写成 NAME: [NEURON, VALUE]。"),
    # samples and data
    "sample length": ("the {what} has {n} values; it needs {need} ({known}).",
                      "{what}有 {n} 个值；需要 {need} 个（{known}）。"),
    "sample extra": ("the {what} names '{key}', which is not one of {known}.",
                     "{what}中的 '{key}' 不是 {known} 之一。"),
    "sample missing": ("the {what} for '{name}' is missing (it needs {known}).",
                       "缺少 '{name}' 的{what}（需要 {known}）。"),
    "sample form": ("the {what} must be a list in order or a mapping by name ({known}), not {found}.",
                    "{what}应当是按顺序的列表，或按名字的映射（{known}），而不是{found}。"),
    "data empty": ("data is empty: give at least one sample.", "data 是空的：请至少给一个样本。"),
    "data form": ("data must be a list of samples, {{builtin: NAME}}, {{csv: FILE, input: [...], "
                  "target: [...]}} or {{npz: FILE}}, not {found}.",
                  "data 应当是样本列表、{{builtin: NAME}}、{{csv: FILE, input: [...], target: [...]}} "
                  "或 {{npz: FILE}}，而不是{found}。"),
    "data mapping": ("data as a mapping needs 'builtin:', 'csv:', 'npz:' or 'npy:'.",
                     "data 写成映射时需要 'builtin:'、'csv:'、'npz:' 或 'npy:'。"),
    "data shape": ("the data has {xi} inputs and {ti} targets per sample; the network has {ni} "
                   "inputs and {no} outputs.",
                   "数据每个样本有 {xi} 个输入、{ti} 个目标；网络有 {ni} 个输入、{no} 个输出。"),
    "scale zero": ("scale divides the inputs: it cannot be 0.", "scale 用来除输入：不能为 0。"),
    "column word": ("a column name must be a single word, not {found}.",
                    "列名应当是一个词，而不是{found}。"),
    "no samples": ("the list of samples is empty.", "样本列表是空的。"),
    "no sample": ("the config has no 'sample:' (one training sample: input and target) and no "
                  "'data:' to take one from.",
                  "配置中既没有 'sample:'（一个训练样本：输入和目标），也没有可以从中取样本的 'data:'。"),
    "needs lr": ("expect.{key} needs the update, and the config has no learning_rate: give "
                 "learning_rate (η), or leave out the new.* and change.* values.",
                 "expect.{key} 需要更新后的值，但配置中没有 learning_rate：请给出 learning_rate（η），"
                 "或去掉 new.* 和 change.* 的值。"),
    "loss targets": ("the loss {loss} needs targets between {lo} and {hi} (it is the "
                     "cross-entropy of probabilities), not {value}.",
                     "损失函数 {loss} 要求目标值在 {lo} 到 {hi} 之间（它是概率的交叉熵），而不是 {value}。"),
    "config type": ("a config is a path, an example's name, a dict or YAML text, not {type}.",
                    "配置应当是路径、示例名、dict 或 YAML 文本，而不是 {type}。"),
    "asked twice": ("the sheet asks {key} twice.", "练习中 {key} 出现了两次。"),
    # expect
    "expect as written": ("{key} must be a number as written, not {found}.",
                          "{key} 应当是照原样写出的数，而不是{found}。"),
    "expect decimal": ("{key} must be a decimal number as printed (like 0.75 or 3.5e-5), not '{t}'.",
                       "{key} 应当是照书中印出的小数（如 0.75 或 3.5e-5），而不是 '{t}'。"),
    "expect not number": ("expect.{key}: '{value}' is not a number.", "expect.{key}：'{value}' 不是数。"),
    "expect not finite": ("expect.{key}: '{value}' is not a finite number.",
                          "expect.{key}：'{value}' 不是有限的数。"),
    "expect near": ("expect.{key} is not a quantity bptrace computes; near: {near}.",
                    "expect.{key} 不是 bptrace 计算的量；相近的有：{near}。"),
    "expect unknown": ("expect.{key} is not a quantity bptrace computes; keys look like out.o1, "
                       "grad.w5, new.w1, new.loss (see the README: quantity keys).",
                       "expect.{key} 不是 bptrace 计算的量；键的样子如 out.o1、grad.w5、new.w1、new.loss"
                       "（见 README 中的“quantity keys”）。"),
    "expect no data": ("expect.{key} names a sample of data:, and the config has no data:.",
                       "expect.{key} 指定了 data: 中的一个样本，但配置中没有 data:。"),
    "expect sample": ("expect.{key} names sample {k}; data: has samples 1 to {n}.",
                      "expect.{key} 指定了第 {k} 个样本；data: 只有第 1 到第 {n} 个样本。"),
    "no expect": ("there are no expected values to check: give the config an expect: section "
                  "(KEY: VALUE as printed in the textbook) or use --expect FILE.",
                  "没有要检查的数值：请在配置中加 expect: 一节（键: 书中印的数值），或用 --expect FILE。"),
    "no sheet": ("the answers name the sheet {sheet}, which is neither next to them nor next "
                 "to the config.",
                 "答案文件指定的练习 {sheet} 既不在答案旁边，也不在配置旁边。"),
    "no answers": ("the folder has no .yaml answer files (the sheets written by bptrace "
                   "exercise are not counted).",
                   "这个文件夹里没有 .yaml 答案文件（bptrace exercise 写出的练习本身不算）。"),
    "answers no sheet": ("the answers do not name their sheet (a line 'sheet: exercise-A.yaml' "
                         "at the top); they are not graded against another sheet. Add the "
                         "line, or give the sheet: bptrace check SHEET.yaml --expect ANSWERS.",
                         "答案文件没有写明对应的练习（开头一行 'sheet: exercise-A.yaml'），"
                         "不会拿别的练习来批改。请加上这一行，或指定练习："
                         "bptrace check SHEET.yaml --expect ANSWERS。"),
    "sheet not found": ("the answers name the sheet '{sheet}', which is neither a .yaml file next to "
                        "them or to the config nor a built-in example (a sheet is named by its file "
                        "name alone).",
                        "答案文件指定的练习 '{sheet}' 既不是答案或配置旁边的 .yaml 文件，也不是内置示例"
                        "（练习只用文件名指定）。"),
    "sheet invalid": ("the sheet '{sheet}' that the answers name is not a valid config{where}; run "
                      "'bptrace check {sheet}' to see why.",
                      "答案文件指定的练习 '{sheet}' 不是有效的配置{where}；运行 'bptrace check {sheet}' 查看原因。"),
    # a perceptron's config
    "perceptron key": ("unknown key '{key}'; a perceptron config has: {known}.",
                       "未知的键 '{key}'；感知机配置可用的键：{known}。"),
    "perceptron inputs": ("'inputs' is missing: the input names, or their count.",
                          "缺少 'inputs'：输入的名字，或它们的个数。"),
    "perceptron inputs count": ("inputs must be at least 1.", "inputs 至少为 1。"),
    "perceptron activation": ("unknown activation '{name}' for a perceptron; known: {known}.",
                              "感知机不认识激活函数 '{name}'；可用的有：{known}。"),
    "perceptron weights": ("weights has {n} values; the perceptron has {inputs} inputs.",
                           "weights 有 {n} 个值；感知机有 {inputs} 个输入。"),
    "not an input": ("'{name}' is not an input ({known}).", "'{name}' 不是输入（{known}）。"),
    "perceptron weights form": ("weights must be a list (one per input) or a mapping by input name.",
                                "weights 应当是列表（每个输入一个）或按输入名的映射。"),
    "perceptron lr": ("learning_rate must be positive.", "learning_rate 必须是正数。"),
    "perceptron data": ("'data' is missing: the truth table, {{builtin: and}} or a list of samples.",
                        "缺少 'data'：真值表、{{builtin: and}} 或样本列表。"),
    "truth table": ("unknown truth table '{name}'; known: {known}.",
                    "未知的真值表 '{name}'；可用的有：{known}。"),
    "sample needs": ("a sample needs input and target.", "样本需要 input 和 target。"),
    "perceptron input": ("the input has {n} values; the perceptron has {inputs}.",
                         "输入有 {n} 个值；感知机有 {inputs} 个输入。"),
    "perceptron no data": ("data is empty.", "data 是空的。"),
    "perceptron data shape": ("the data has {n} inputs per sample; the perceptron has {inputs}.",
                              "数据每个样本有 {n} 个输入；感知机有 {inputs} 个。"),
    "perceptron targets": ("targets must be {values} for a {act} perceptron, not {value}.",
                           "{act} 感知机的目标值必须是 {values}，而不是 {value}。"),
    "no perceptron": ("no such file, and no built-in perceptron example of that name (built-in: "
                      "{known}).",
                      "没有这个文件，也没有这个名字的内置感知机示例（内置的有：{known}）。"),
    "export failed": ("the exported PyTorch program failed: {last}", "导出的 PyTorch 程序运行失败：{last}"),
    "no torch": ("PyTorch is not installed, and verify runs the exported program with it: {how}",
                 "没有安装 PyTorch，而 verify 要用它运行导出的程序：{how}"),
    # sizes
    "too much memory": ("{what} would need about {need} of memory; this machine has {avail} "
                        "available.",
                        "{what}大约需要 {need} 内存；这台机器只有 {avail} 可用。"),
    "data file unreadable": ("cannot read the data file {path}: {why}.", "无法读取数据文件 {path}：{why}。"),
    "data file special": ("the data file {path} is not a regular file (a device, a pipe or a "
                          "folder); give a CSV file.",
                          "数据文件 {path} 不是普通文件（而是设备、管道或文件夹）；请给出 CSV 文件。"),
    "data array big": ("{what} would be {size} when read; data for bptrace is at most {most}.",
                       "{what}读出后有 {size}；bptrace 的数据最多 {most}。"),
    "data file big": ("the data file {path} is {size}; data for bptrace is at most {most}.",
                      "数据文件 {path} 有 {size}；bptrace 的数据最多 {most}。"),
}
