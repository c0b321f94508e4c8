"""The step, the training loop and ``main`` of an exported PyTorch program, as source text
(the same for every network; what varies comes from the tables and functions the
program defines before them: LAYERS, INPUTS, ACTIVATIONS, Network, the loss, the data,
make_optimizer), and the config's `train:` section in it (its settings as constants)."""

from __future__ import annotations

from bptrace.config import Config
from bptrace.export import pytorch_run as run
from bptrace.export.sources import literal

STEP = '''

def by_name(weights, biases, prefix):
    """{prefix + NAME: value} for every parameter, from per-layer weight and bias tensors."""
    v = {}
    for layer, W, b in zip(LAYERS, weights, biases):
        W = W.detach().cpu().tolist()
        for name, (j, k) in layer["weights"].items():
            v[prefix + name] = W[j][k]
        if layer["biases"]:
            b = b.detach().reshape(-1).cpu().tolist()
            for i, name in enumerate(layer["biases"]):
                v[prefix + name] = b[i]
    return v


def step(model, x, t):
    """`bptrace step`: one forward pass, the chain rule backwards (autograd), one update
    P ← P − η·∂E/∂P of the trained parameters. Every key bptrace shows, as {key: value}."""
    model = copy.deepcopy(model)                   # the step leaves the network as it is
    for b in model.frozen_biases():
        b.requires_grad_(True)                     # bptrace shows ∂E/∂b of a frozen bias too
    x, t = x[None, :], t[None, :]                  # a batch of one sample
    nets, outs = model(x)
    for z, a in zip(nets, outs):
        z.retain_grad()                            # delta.N = ∂E/∂net.N
        a.retain_grad()                            # err.N = ∂E/∂out.N
    y = outs[-1]
    training_loss(nets[-1], y, t).sum().backward()
    y_ = y.detach().requires_grad_(True)           # the output layer's err: ∂E/∂y
    (err_out,) = torch.autograd.grad(sample_loss(y_, t).sum(), y_)
    v = {f"out.{name}": value for name, value in zip(INPUTS, x[0].tolist())}
    weights, biases = model.weights(), model.biases()
    for l, layer in enumerate(LAYERS):
        z, a = nets[l].detach()[0], outs[l].detach()[0]
        err = err_out[0] if l == len(LAYERS) - 1 else outs[l].grad[0]
        delta = nets[l].grad[0]
        columns = {"net": z, "out": a, "err": ERROR_SIGN * err, "delta": ERROR_SIGN * delta}
        if ACTIVATIONS[l] is not None:             # dout.N = ∂out.N/∂net.N (not for softmax)
            z_ = z.clone().requires_grad_(True)
            (columns["dout"],) = torch.autograd.grad(ACTIVATIONS[l](z_).sum(), z_)
        for what, values in columns.items():
            for n, value in zip(layer["neurons"], values.tolist()):
                v[f"{what}.{n}"] = value
        if l > 0:                                  # err.N.K = δ_K·w(N→K), the paths of err.N
            below = LAYERS[l - 1]["neurons"]
            W, d = weights[l].detach().cpu().tolist(), delta.tolist()
            for name, (j, k) in layer["weights"].items():
                v[f"err.{below[k]}.{layer['neurons'][j]}"] = ERROR_SIGN * d[j] * W[j][k]
    if LOSS_SPLITS:
        for o, value in zip(LAYERS[-1]["neurons"], loss_parts(y, t)[0].tolist()):
            v[f"loss.{o}"] = value
    v["loss"] = sample_loss(y, t)[0].item()
    for o, value in zip(LAYERS[-1]["neurons"], (t - y.detach())[0].tolist()):
        v[f"e.{o}"] = value                        # e = t − y, whatever the loss
    v.update(by_name([W.grad for W in weights],
                     [None if b is None else b.grad for b in biases], "grad."))
    if LEARNING_RATE is None:                      # no learning rate: no update to show
        return v
    before = by_name(model.weights(), model.biases(), "")
    torch.optim.SGD(model.parameters(), lr=LEARNING_RATE).step()     # frozen biases: not in it
    after = by_name(model.weights(), model.biases(), "")
    v.update({f"new.{name}": value for name, value in after.items()})
    v.update({f"change.{name}": after[name] - before[name] for name in after})   # Δ = new − old
    with torch.no_grad():
        nets, outs = model(x)
        for layer, z, a in zip(LAYERS, nets, outs):
            for n, zn, an in zip(layer["neurons"], z[0].tolist(), a[0].tolist()):
                v[f"new.net.{n}"], v[f"new.out.{n}"] = zn, an
        if LOSS_SPLITS:
            for o, value in zip(LAYERS[-1]["neurons"], loss_parts(outs[-1], t)[0].tolist()):
                v[f"new.loss.{o}"] = value
        v["new.loss"] = sample_loss(outs[-1], t)[0].item()
    return v
'''

TRAIN_HEAD = '''

def mean_loss(model, X, T):
    """The mean over a data set of the per-sample loss (what bptrace's history shows)."""
    with torch.no_grad():
        return sample_loss(model(X)[1][-1], T).mean().item()


def train(model, X, T, epochs=EPOCHS, optimizer=None):
    """`bptrace train`: the updates the config's train: section asks for, on the same
    samples in the same order. Returns the history [{{epoch, loss}}] (first and last epoch)."""
    rng = np.random.Generator(np.random.PCG64(TRAIN_SEED))   # bptrace's shuffles{drop_note}
    kept, held = training_rows(X)
    X, T = X[kept], T[kept]                        # {split_note}
    optimizer = optimizer or make_optimizer(model)
    n = len(X)
    batch = BATCH_SIZE or n
    history, update = [], 0
'''

TRAIN_LOOP = '''    for epoch in range(1, epochs + 1):
        order = torch.as_tensor(rng.permutation(n), device=X.device) if SHUFFLE else None
        for start in range(0, n, batch):
            rows = slice(start, start + batch) if order is None else order[start:start + batch]
            xb, tb = X[rows], T[rows]
            update += 1
{lr_line}{drop_line}
            def closure():
                optimizer.zero_grad()
                nets, outs = model(xb{drop_arg})
                # the mean of the per-sample gradients over the batch (《神经网络》, eq. 17)
                E = training_loss(nets[-1], outs[-1], tb).mean(){l2_term}
                E.backward()
                return E

            optimizer.step(closure)
{epoch_end}    return history
'''

EPOCH_END = '''        if epoch == 1 or epoch == epochs:
            history.append({"epoch": epoch, "loss": mean_loss(model, X, T)})
'''

EPOCH_END_PATIENCE = '''        loss = mean_loss(model, X, T)
        if epoch == 1 or epoch == epochs:
            history.append({"epoch": epoch, "loss": loss})
        # early stopping: PATIENCE epochs without the watched loss falling by MIN_DELTA
        watched = loss if validation is None else mean_loss(model, *validation)
        if watched < best - MIN_DELTA:
            best, wait = watched, 0
        else:
            wait += 1
            if wait >= PATIENCE:
                if history[-1]["epoch"] != epoch:
                    history.append({"epoch": epoch, "loss": loss})
                break
'''

MAIN = '''

def main():
    about = f"{TITLE} — as a PyTorch program"     # argparse fills in %(prog) where it is
    parser = argparse.ArgumentParser(description=about.replace("%", "%%") if "%(prog)" in about else about)
    parser.add_argument("--train", action=argparse.BooleanOptionalAction, default=TRAIN_BY_DEFAULT,
                        help="also train as the config's train: section says (the trained.* keys)")
    parser.add_argument("--epochs", type=int, default=EPOCHS, help=f"epochs to train (default {EPOCHS})")
    parser.add_argument("--no-step", action="store_true", help="leave out the step's keys")
    parser.add_argument("--device", default="cpu",
                        help="cpu, or cuda for a GPU (where there is none: the CPU)")
    args = parser.parse_args()
    device = args.device
    if device.startswith("cuda") and not torch.cuda.is_available():
        print("no CUDA GPU here: running on the CPU", file=sys.stderr)
        device = "cpu"
    model = Network().to(device)
    x = torch.tensor(SAMPLE_INPUT, device=device)
    t = torch.tensor(SAMPLE_TARGET, device=device)
    values = {} if args.no_step else step(model, x, t)
    result = {"program": "pytorch", "config": CONFIG, "torch": torch.__version__,
              "device": device, "command": "train" if args.train else "step"}
    if args.train:
        X_, T_ = torch.tensor(X, device=device), torch.tensor(T, device=device)
        optimizer = make_optimizer(model)      # PyTorch's first optimizer takes a while: untimed
        start, cpu = time.perf_counter(), time.process_time()
        result["history"] = train(model, X_, T_, args.epochs, optimizer)
        result["train_seconds"] = time.perf_counter() - start
        result["train_cpu_seconds"] = time.process_time() - cpu
        values.update(by_name(model.weights(), model.biases(), "trained."))
        with torch.no_grad():
            for o, value in zip(LAYERS[-1]["neurons"], model(x[None, :])[1][-1][0].tolist()):
                values[f"trained.out.{o}"] = value
        kept = training_rows(X_)[0]
        values["trained.loss"] = mean_loss(model, X_[kept], T_[kept])
    result["values"] = {k: v if math.isfinite(v) else None for k, v in values.items()}
    print(json.dumps(result, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
'''


# --- The config's `train:` section in an exported PyTorch program: the settings as constants,
# the optimizer, and the learning-rate schedule, L2, dropout and early stopping where the
# config uses them (each written the way bptrace computes it).

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
N_VALIDATION = {n_val}          # {"samples held out for validation: drawn from the shuffled samples (bptrace's generator and seed), both parts in the data's order" if n_val else "every sample is trained on"}


def training_rows(X):
    """(the rows trained on, the validation rows or None), as bptrace splits the data."""
    if not N_VALIDATION:
        return slice(None), None
    order = np.random.Generator(np.random.PCG64(TRAIN_SEED)).permutation(len(X))
    as_rows = lambda rows: torch.as_tensor(np.sort(rows), device=X.device)
    return as_rows(order[N_VALIDATION:]), as_rows(order[:N_VALIDATION])
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
    head = TRAIN_HEAD.format(
        drop_note=" and dropout masks" if dropout else "",
        split_note="the validation part is not trained on" if s.validation is not None else "every sample")
    if s.patience:
        head = head.replace("    X, T = X[kept]", "    validation = (X[held], T[held]) if held is not None else None if \\\n"
                            "        VALIDATION is None else tuple(torch.tensor(a, device=X.device) for a in VALIDATION)\n"
                            "    X, T = X[kept]")
        head += "    best, wait = math.inf, 0\n"
    lr_line = ('            for group in optimizer.param_groups:\n'
               '                group["lr"] = learning_rate(update, epoch)\n') if (s.decay or s.step_decay) else ""
    drop_line = "            drop = dropout_masks(rng, len(xb), X.device)\n" if dropout else ""
    return head + TRAIN_LOOP.format(
        lr_line=lr_line, drop_line=drop_line, drop_arg=", drop" if dropout else "",
        l2_term=" + l2_penalty(model)" if any(v > 0 for v in s.l2.values())
        and s.optimizer != "nesterov" else "",
        epoch_end=EPOCH_END_PATIENCE if s.patience else EPOCH_END)
