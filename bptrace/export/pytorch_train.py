"""The config's `train:` section in an exported PyTorch program: the settings as constants,
the optimizer, and the learning-rate schedule, L2, dropout and early stopping where the
config uses them (each written the way bptrace computes it)."""

from __future__ import annotations

from bptrace.config import Config
from bptrace.export import pytorch_loop as loop
from bptrace.export import pytorch_run as run
from bptrace.export.sources import literal


def training_code(cfg: Config, s, train_by_default: bool) -> str:
    """The train: settings as constants, the optimizer, and η, L2, dropout, early stopping
    where the config asks for them."""
    n = len(cfg.dataset[0])
    n_val = 0
    val = "None"
    if isinstance(s.validation, float):
        n_val = max(1, int(round(n * s.validation)))
    elif s.validation is not None:
        vx, vt = s.validation
        val = f"({literal(vx)}, {literal(vt)})    # the validation samples"
    batch = {"online": "1", "batch": "None", "minibatch": str(s.batch_size)}[s.mode]
    text = [f'''

# ── training, as the config's train: section says ──
TRAIN_BY_DEFAULT = {train_by_default}    # without --train / --no-train
LEARNING_RATE = {cfg.learning_rate!r}{'    # none given: the step shows no update' if cfg.learning_rate is None else ''}
ERROR_SIGN = {-1.0 if getattr(cfg.network, 'error_signal', 'gradient') == 'negative' else 1.0}{'    # conventions: {error_signal: negative}: err, err.N.K and delta reported as −∂E/∂out, −∂E/∂net' if getattr(cfg.network, 'error_signal', 'gradient') == 'negative' else '    # err = ∂E/∂out, delta = ∂E/∂net'}
EPOCHS = {s.epochs}
MODE = {s.mode!r}               # online: an update per sample | batch: per epoch | minibatch
BATCH_SIZE = {batch}            # samples per update (None: the whole data set)
SHUFFLE = {s.shuffle}           # a new order every epoch (bptrace's generator and seed)
TRAIN_SEED = {s.seed}
N_TRAIN = {n - n_val}           # {"the first samples; the last " + str(n_val) + " are the validation part" if n_val else "every sample"}
''']
    schedule = bool(s.decay or s.step_decay)
    l2 = any(v > 0 for v in s.l2.values())
    classes, body = run.optimizer_code(s.optimizer, {**_defaults(s.optimizer), **s.optimizer_settings},
                                       schedule, l2)
    text.append(classes)
    text.append(f"\n\ndef make_optimizer(model):\n{body}\n")
    if schedule:
        lines = ['\n\ndef learning_rate(update, epoch):\n    """η for this update (numbered from 1)."""',
                 "    lr = LEARNING_RATE"]
        if s.decay:
            rate, steps, stair = s.decay
            power = f"(update - 1) // {steps}" if stair else f"(update - 1) / {steps}"
            lines.append("    # decay as 《BP神经网络拟合非线性函数》: η₀·rate^(k/steps), k = update − 1")
            lines.append(f"    lr = lr * {rate!r} ** ({power})")
        if s.step_decay:
            factor, every = s.step_decay
            lines.append(f"    lr = lr * {factor!r} ** ((epoch - 1) // {every})    # step decay")
        text.append("\n".join(lines) + "\n    return lr\n")
    if l2 and s.optimizer == "nesterov":
        text.append(f'''

L2 = {{{", ".join(f"{l}: {lam!r}" for l, lam in sorted(s.l2.items()) if lam > 0)}}}    # layer index → λ


@torch.no_grad()
def add_l2_gradient(model):
    """Keras' l2(λ), as bptrace: the gradient 2λ·w of the penalty λ·Σw², taken at P itself,
    not at NAG's look-ahead point. (PyTorch's weight_decay=λ would add λ·w instead, and to
    the biases too.)"""
    Ws, masks = model.weights(), model.masks()
    for l, lam in L2.items():
        Ws[l].grad += 2 * lam * (Ws[l] if masks[l] is None else Ws[l] * masks[l])
''')
    elif l2:
        text.append(f'''

L2 = {{{", ".join(f"{l}: {lam!r}" for l, lam in sorted(s.l2.items()) if lam > 0)}}}    # layer index → λ


def l2_penalty(model):
    """Keras' l2(λ), as bptrace: the penalty λ·Σw² of a layer's weights, gradient 2λ·w.
    (PyTorch's weight_decay=λ would add λ·w instead, and to the biases too.)"""
    Ws, masks = model.weights(), model.masks()
    return sum(lam * ((Ws[l] if masks[l] is None else Ws[l] * masks[l]) ** 2).sum()
               for l, lam in L2.items())
''')
    dropout = {l: r for l, r in s.dropout.items() if r > 0}
    if dropout:
        text.append(f'''

DROPOUT = {{{", ".join(f"{l}: {r!r}" for l, r in sorted(dropout.items()))}}}    # hidden layer index → rate


def dropout_masks(rng, batch, device):
    """Inverted dropout as nn.Dropout does it (keep with probability 1 − p, scale by
    1/(1 − p)), the masks drawn from bptrace's numpy generator so that they are its masks."""
    masks = [None] * len(LAYERS)
    for l, rate in sorted(DROPOUT.items()):
        keep = rng.random((batch, len(LAYERS[l]["neurons"]))) >= rate
        masks[l] = torch.as_tensor(keep / (1.0 - rate), device=device)
    return masks
''')
    if s.patience:
        text.append(f"\nPATIENCE = {s.patience}\nMIN_DELTA = {s.min_delta!r}\nVALIDATION = {val}\n")
    return "".join(text)


def _defaults(name: str) -> dict[str, float]:
    from bptrace.maths.optimizers import OPTIMIZERS
    return dict(OPTIMIZERS[name].settings)


def train_function(s) -> str:
    """The training loop, with the lines the settings need."""
    dropout = any(r > 0 for r in s.dropout.values())
    head = loop.TRAIN_HEAD.format(
        drop_note=" and dropout masks" if dropout else "",
        split_note="the validation part is not trained on" if s.validation is not None else "every sample")
    if s.patience:
        head = head.replace("    X, T = X[:N_TRAIN]", "    validation = (X[N_TRAIN:], T[N_TRAIN:]) if N_TRAIN < len(X) else None if \\\n"
                            "        VALIDATION is None else tuple(torch.tensor(a, device=X.device) for a in VALIDATION)\n"
                            "    X, T = X[:N_TRAIN]")
        head += "    best, wait = math.inf, 0\n"
    lr_line = ('            for group in optimizer.param_groups:\n'
               '                group["lr"] = learning_rate(update, epoch)\n') if (s.decay or s.step_decay) else ""
    drop_line = "            drop = dropout_masks(rng, len(xb), X.device)\n" if dropout else ""
    return head + loop.TRAIN_LOOP.format(
        lr_line=lr_line, drop_line=drop_line, drop_arg=", drop" if dropout else "",
        l2_term=" + l2_penalty(model)" if any(v > 0 for v in s.l2.values())
        and s.optimizer != "nesterov" else "",
        epoch_end=loop.EPOCH_END_PATIENCE if s.patience else loop.EPOCH_END)
