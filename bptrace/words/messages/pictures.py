"""Error messages about pictures (bptrace draw, --path), in English and Chinese."""

from __future__ import annotations

PICTURE_ERRORS: dict[str, tuple[str, str]] = {
    "picture suffix": ("-o {out}: cannot tell the format from '{suffix}'; use .svg, .png, .pdf, "
                       ".tex or .dot, or give --format.",
                       "-o {out}：无法从 '{suffix}' 判断格式；请用 .svg、.png、.pdf、.tex 或 .dot，"
                       "或给出 --format。"),
    "picture format": ("-o {out} says {by} but --format says {fmt}; drop one of them.",
                       "-o {out} 表示 {by}，而 --format 是 {fmt}；请去掉其中一个。"),
    "draw needs file": ("--format {fmt} writes a file: give -o FILE.{fmt}.",
                        "--format {fmt} 要写文件：请给出 -o FILE.{fmt}。"),
    "path close": ("--path '{name}' is neither a parameter nor a neuron of this network; did you "
                   "mean {names}?",
                   "--path '{name}' 既不是这个网络的参数，也不是它的神经元；是不是想写 {names}？"),
    "path unknown": ("--path '{name}' is neither a parameter nor a neuron of this network.",
                     "--path '{name}' 既不是这个网络的参数，也不是它的神经元。"),
    "path many": ("--path {name}: more than {n} chain-rule paths lead to it, too many to draw; "
                  "choose a parameter or neuron nearer the output.",
                  "--path {name}：通向它的链式法则路径超过 {n} 条，太多，画不出来；请选一个离输出更近的参数或神经元。"),
    "path big": ("--path {path}: this network is larger than {layers} layers × {neurons} neurons, "
                 "so it is drawn as one box per layer, without paths.",
                 "--path {path}：这个网络大于 {layers} 层 × {neurons} 个神经元，所以每层画成一个方框，不画路径。"),
    "draw no lr": ("bptrace: {file}: no new values on the picture: they need the update, and the "
                   "config has no learning_rate (η).",
                   "bptrace: {file}：图上没有更新后的值：它们需要更新，而配置中没有 learning_rate（η）。"),
    "path formats": ("--path marks the network picture of --format {formats} (and of bptrace draw).",
                     "--path 标在 --format {formats} 的网络图上（以及 bptrace draw 的图上）。"),
    "path key": ("--path marks the chain-rule paths on the answer key's picture: use it with "
                 "--key (latex, html or markdown), or with --out (the keys' pictures; a sheet's picture "
                 "keeps its blanks).",
                 "--path 把链式法则路径标在答案的网络图上：请与 --key（latex、html 或 markdown）一起使用，"
                 "或与 --out 一起使用（标在答案的图上；练习的图保留空白）。"),
    "path blanks": ("--path lists the numbers of its factors: it cannot be drawn on a sheet with "
                    "blanks.",
                    "--path 会列出各个因子的数值：不能画在带空白的练习上。"),
    # bptrace plot
    "plot needs matplotlib": ("bptrace plot draws with matplotlib, which is not installed: {how}.",
                              "bptrace plot 用 matplotlib 作图，但它没有安装：{how}。"),
    "plot suffix": ("-o {out}: cannot tell the format from '{suffix}'; use .svg, .png or .pdf, "
                    "or give --format.",
                    "-o {out}：无法从 '{suffix}' 判断格式；请用 .svg、.png 或 .pdf，或给出 --format。"),
    "plot needs names": ("name the activations to draw (e.g. bptrace plot activations "
                         "sigmoid,tanh,relu), or give --config.",
                         "请写出要画的激活函数（例如 bptrace plot activations sigmoid,tanh,relu），"
                         "或给出 --config。"),
    "plot no curves": ("its layers have no activation with a curve of one net input (softmax "
                       "only): name the activations to draw.",
                       "它的各层没有单个净输入的激活函数（只有 softmax）：请写出要画的激活函数。"),
    "plot slope": ("'{name}': leaky_relu(SLOPE) needs a finite number as its slope.",
                   "'{name}'：leaky_relu(SLOPE) 的斜率必须是有限的数。"),
    "plot not elementwise": ("{name} is not a function of one net input (it couples a layer's "
                             "neurons): it has no curve to draw.",
                             "{name} 不是单个净输入的函数（它把一层的神经元联系在一起）：没有曲线可画。"),
    "plot range": ("{option} {value}: give LO:HI with finite numbers, LO < HI (two axes: "
                   "LO:HI,LO:HI).",
                   "{option} {value}：请写成 LO:HI，两个有限的数且 LO < HI（两个轴：LO:HI,LO:HI）。"),
    "plot needs param": ("bptrace plot slice needs --param P: the parameter to vary.",
                         "bptrace plot slice 需要 --param P：要变化的参数。"),
    "plot two params": ("--params {value}: name two parameters, P,Q.",
                        "--params {value}：请写出两个参数，P,Q。"),
    "plot same params": ("--params {name},{name}: P and Q must be two different parameters.",
                         "--params {name},{name}：P 和 Q 必须是两个不同的参数。"),
    "plot no optimizers": ("--optimizers names none: give e.g. sgd,momentum,adam.",
                           "--optimizers 没有写出优化器：例如 sgd,momentum,adam。"),
    "plot same optimizer": ("--optimizers names the same optimizer (with the same η) twice.",
                            "--optimizers 把同一个优化器（同样的 η）写了两次。"),
    "plot long schedule": ("the schedule has {n} updates, more than {max}: give fewer --epochs.",
                           "学习率计划共有 {n} 次更新，超过 {max}：请减少 --epochs。"),
}
