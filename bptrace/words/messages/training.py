"""Error messages about training settings (the train: section and the options of
``bptrace train``), in English and Chinese."""

from __future__ import annotations

TRAINING_ERRORS: dict[str, tuple[str, str]] = {
    "not a layer": ("'{key}' is not a layer: give its number (1 to {n}) or name ({known}).",
                    "'{key}' 不是一层：请给出层号（1 到 {n}）或层名（{known}）。"),
    "optimizer form": ("write an optimizer as NAME or {{NAME: {{SETTING: VALUE, ...}}}}.",
                       "优化器写作 NAME 或 {{NAME: {{SETTING: VALUE, ...}}}}。"),
    "decay form": ("decay needs rate (0 < rate ≤ 1) and steps: η = η₀·rate^(update/steps).",
                   "decay 需要 rate（0 < rate ≤ 1）和 steps：η = η₀·rate^(update/steps)。"),
    "step_decay form": ("step_decay needs factor and every: η is multiplied by factor every N epochs.",
                        "step_decay 需要 factor 和 every：每 N 轮把 η 乘以 factor。"),
    "step_decay factor": ("step_decay's factor must be greater than 0, not {value}.",
                          "step_decay 的 factor 必须大于 0，而不是 {value}。"),
    "l2 negative": ("an l2 factor must not be negative.", "l2 系数不能是负数。"),
    "dropout output": ("dropout applies to hidden layers, not to the output layer.",
                       "dropout 只用于隐层，不能用于输出层。"),
    "dropout range": ("a dropout rate must be in [0, 1), not {value}.",
                      "dropout 比例必须在 [0, 1) 之内，而不是 {value}。"),
    "validation form": ("validation is a fraction between 0 and 1 (the last part of the data), "
                        "or a list of samples.",
                        "validation 是 0 到 1 之间的比例（取数据的最后一部分），或一个样本列表。"),
    "minibatch size": ("mode minibatch needs a batch size (train.batch_size, or --batch-size).",
                       "minibatch 方式需要批大小（train.batch_size 或 --batch-size）。"),
    "batch too large": ("batch_size {n} is larger than the training data ({samples} samples).",
                        "batch_size {n} 大于训练数据（{samples} 个样本）。"),
    "no training data": ("no training data is left after the validation split.",
                         "划出验证集后没有剩下训练数据。"),
    "unknown mode option": ("--mode: unknown mode '{name}'; known: {known}.",
                            "--mode：未知的训练方式 '{name}'；可用的有：{known}。"),
    "opt form": ("--opt takes KEY=VALUE with a number, not '{item}'.",
                 "--opt 要写 KEY=VALUE（VALUE 是数），而不是 '{item}'。"),
    "decay option": ("--decay needs 0 < RATE ≤ 1 and STEPS ≥ 1.", "--decay 需要 0 < RATE ≤ 1 且 STEPS ≥ 1。"),
    "step-decay option": ("--step-decay needs FACTOR > 0 and EVERY ≥ 1.",
                          "--step-decay 需要 FACTOR > 0 且 EVERY ≥ 1。"),
    "dropout layer": ("--dropout {item}: name a hidden layer (1 to {n}, or by name).",
                      "--dropout {item}：请指定一个隐层（1 到 {n}，或用层名）。"),
    "dropout form": ("--dropout takes LAYER=RATE, not '{item}'.",
                     "--dropout 要写 LAYER=RATE，而不是 '{item}'。"),
    "dropout option range": ("--dropout {item}: the rate must be in [0, 1).",
                             "--dropout {item}：比例必须在 [0, 1) 之内。"),
    "validation below 1": ("--validation is a fraction below 1.", "--validation 是小于 1 的比例。"),
    "validation positive": ("--validation must be positive.", "--validation 必须是正数。"),
    "option integer": ("{option} must be a whole number ≥ {min}, not {value}.",
                       "{option} 必须是 ≥ {min} 的整数，而不是 {value}。"),
    "option range": ("{option} must be a whole number from {min} to {max}, not {value}.",
                     "{option} 必须是 {min} 到 {max} 之间的整数，而不是 {value}。"),
    "option positive": ("{option} must be a finite number > 0, not {value}.",
                        "{option} 必须是大于 0 的有限数，而不是 {value}。"),
    "option kind": ("{option} must be {kind}, not {value}.", "{option} 必须是{kind}，而不是 {value}。"),
    "option number": ("{option} must be a finite number ≥ {min}, not {value}.",
                      "{option} 必须是 ≥ {min} 的有限数，而不是 {value}。"),
    "option pair": ("{option} takes two numbers as A:B, not '{value}'.",
                    "{option} 要写成 A:B 两个数，而不是 '{value}'。"),
    "optimizer setting": ("optimizer {name} takes {allowed}, not '{key}'.",
                          "优化器 {name} 只接受 {allowed}，不接受 '{key}'。"),
    "optimizer no setting": ("optimizer {name} takes no settings, not '{key}'.",
                             "优化器 {name} 没有任何设置，不接受 '{key}'。"),
    "optimizer eps": ("optimizer {name}: eps must be positive, not {value}.",
                      "优化器 {name}：eps 必须是正数，而不是 {value}。"),
    "optimizer range": ("optimizer {name}: {key} must be in [0, 1), not {value}.",
                        "优化器 {name}：{key} 必须在 [0, 1) 之内，而不是 {value}。"),
    "train settings": ("train() has no setting {names}; it takes lr, trace_at and {keys}.",
                       "train() 没有设置 {names}；可用的有 lr、trace_at 和 {keys}。"),
    "needs a learning rate": ("training needs a learning rate: give the config learning_rate: or "
                              "the option --lr.",
                              "训练需要学习率：请在配置中写 learning_rate:，或用 --lr 选项。"),
    "export train needs a learning rate": (
        "export --train writes a program that trains, and training needs a learning rate: give "
        "the config learning_rate: (or export without --train: the step only).",
        "export --train 写出的程序要训练，训练需要学习率：请在配置中写 learning_rate:"
        "（或不加 --train 导出：只算一步）。"),
    "export train sequential": (
        "export --train cannot reproduce update: sequential: autograd computes every gradient "
        "with the weights of the forward pass, not with the already-updated weights of the "
        "layer above, so the program's numbers would differ from bptrace's (bptrace train "
        "shows them).",
        "export --train 无法重现 update: sequential：autograd 的每个梯度都用前向传播时的权重，"
        "而不是上一层已经更新过的权重，所以程序算出的数和 bptrace 的不同（bptrace train 可以显示它们）。"),
    "compare needs a learning rate": (
        "compare trains, and training needs a learning rate: give the config learning_rate:, "
        "or vary it (--vary learning_rate=0.1,0.5).",
        "compare 要训练，训练需要学习率：请在配置中写 learning_rate:，或改变它（--vary learning_rate=0.1,0.5）。"),
    "diverged": ("{file}: training diverged at epoch {epoch}: {why}. Try a lower learning rate "
                 "(η = {lr} now; for example --lr {lower}).",
                 "{file}：训练在第 {epoch} 轮发散：{why}。请试试更小的学习率（现在 η = {lr}；例如 --lr {lower}）。"),
    "diverged trained": ("{file}: training for the trained.* values diverged at epoch {epoch}: {why}.",
                         "{file}：为得到 trained.* 的值而进行的训练在第 {epoch} 轮发散：{why}。"),
    "not finite loss": ("the loss became not finite", "损失变成了非有限值"),
    "runaway loss": ("the loss became {loss}, a runaway", "损失变成了 {loss}，失控了"),
    "interrupted epoch": ("interrupted after epoch {epoch} (update {update}).",
                          "在第 {epoch} 轮后中断（第 {update} 次更新）。"),
    "vary form": ("--vary takes NAME=V1,V2,…, not '{spec}'.", "--vary 要写 NAME=V1,V2,…，而不是 '{spec}'。"),
    "vary unknown": ("--vary: unknown setting '{name}'; known: {known}.",
                     "--vary：未知的设置 '{name}'；可用的有：{known}。"),
    "vary empty": ("--vary {name}: give at least one value.", "--vary {name}：请至少给一个值。"),
    "vary twice": ("--vary {name}: a value is given twice.", "--vary {name}：有一个值给了两次。"),
    "vary once": ("--vary: each setting once (its values separated by commas).",
                  "--vary：每个设置只写一次（它的各个值用逗号分开）。"),
    "vary number": ("--vary {name}: '{text}' is not {kind}.", "--vary {name}：'{text}' 不是{kind}。"),
    "vary positive": ("--vary {name}: {text} must be positive.", "--vary {name}：{text} 必须是正数。"),
    "vary hidden": ("--vary hidden needs random initial weights ({{init: …}}) in every layer: named "
                    "or matrix weights have a fixed shape.",
                    "--vary hidden 要求每一层都用随机的初始权值（{{init: …}}）：命名的权值和矩阵的形状是固定的。"),
    "variant": ("variant {variant}: {error}", "设置 {variant}：{error}"),
    "trace-at online": ("--trace-at traces one sample's update: it needs --mode online.",
                        "--trace-at 跟踪一个样本的一次更新：需要 --mode online。"),
    "trace-at plain": ("--trace-at shows one sample's gradients and the optimizer's step: it cannot "
                       "trace an update made with L2 or dropout.",
                       "--trace-at 显示一个样本的偏导数和优化器的一步：不能跟踪用 L2 或 dropout 做的更新。"),
    "trace-at range": ("--trace-at {k}: training makes only {total} updates ({epochs} epochs × {n} "
                       "samples).",
                       "--trace-at {k}：训练只做 {total} 次更新（{epochs} 轮 × {n} 个样本）。"),
    "validation leaves none": ("the validation fraction leaves no training data.",
                               "划出验证集后没有剩下训练数据。"),
    "nothing to plot": ("no variant trained to the end (all diverged): nothing to plot.",
                        "没有一种设置训练到了最后（全部发散）：没有可画的。"),
    "saved": ("saved the trained network to {path}", "训练后的网络已保存到 {path}"),
    "not finite values": ("bptrace: {file}: {n} {are} not finite (an overflow, or 0·∞): {keys}{more}. "
                          "Smaller weights or inputs, or another loss, avoid it.",
                          "bptrace: {file}：{n} 个值不是有限数（溢出，或 0·∞）：{keys}{more}。"
                          "用更小的权值或输入，或换一个损失函数，可以避免。"),
    "and more": (" and {n} more", " 等，另有 {n} 个"),
    "interrupted after": ("interrupted after the training; the results were shown and the files "
                          "written.",
                          "在训练结束后中断；结果已显示，文件已写出。"),
}
