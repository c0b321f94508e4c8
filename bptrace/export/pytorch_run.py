"""The parts of an exported PyTorch program that do not depend on the network's shape:
the loss, the optimizer, the step, the training loop and ``main`` — as source text, the
loss and optimizer pieces chosen for the config. :mod:`bptrace.export.pytorch` assembles
them with the network."""

from __future__ import annotations

# --- activations: (the expression of out in net, the function for dout) ------------------
def activation_code(name: str, param: float | None) -> tuple[str, str, str]:
    """(forward expression with {z}, function for the ACTIVATIONS table, a comment)."""
    if name == "sigmoid":
        return "torch.sigmoid({z})", "torch.sigmoid", ""
    if name == "tanh":
        return "torch.tanh({z})", "torch.tanh", ""
    if name == "relu":
        return "torch.relu({z})", "torch.relu", "relu'(0) = 0, in PyTorch as in bptrace"
    if name.startswith("leaky_relu"):
        slope = 0.01 if param is None else param
        return (f"F.leaky_relu({{z}}, {slope!r})", f"lambda z: F.leaky_relu(z, {slope!r})",
                "the derivative at exactly 0 is the slope, in PyTorch as in bptrace")
    if name == "softsign":
        return "F.softsign({z})", "F.softsign", ""
    if name == "softplus":
        return ("F.softplus({z}, threshold=40.0)", "lambda z: F.softplus(z, threshold=40.0)",
                "PyTorch's default threshold (20) returns net itself above 20, where ln(1 + e^net)"
                " and its derivative still differ from it in float64; above 40 they do not")
    if name == "linear":
        return "{z}", "lambda z: z", "linear: out = net"
    if name == "softmax":
        return "torch.softmax({z}, dim=-1)", "None", "no dout for softmax: delta uses its Jacobian"
    raise ValueError(name)


# --- losses ---------------------------------------------------------------------------
LOSS_PARTS = {
    "half_sse": ('0.5 * F.mse_loss(y, t, reduction="none")',
                 "E = Σ ½(t − y)²: half of PyTorch's squared error, so that ∂E/∂y = y − t"),
    "sse": ('F.mse_loss(y, t, reduction="none")', "E = Σ (t − y)²"),
    "mse": ('F.mse_loss(y, t, reduction="none") / y.shape[-1]',
            "E = (1/n) Σ (t − y)²: the mean over one sample's n outputs (F.mse_loss's default "
            "mean would also average over the batch)"),
    "cross_entropy": ("-torch.xlogy(t, y)", "E = −Σ t·ln y (0·ln 0 = 0)"),
    "binary_cross_entropy": (
        'F.binary_cross_entropy(y, t, reduction="none")',
        "E = −Σ [t·ln y + (1−t)·ln(1−y)]. PyTorch clamps ln at −100 and y·(1−y) at 1e-12 in"
        " the gradient; bptrace does not, so the two agree while no output is within 1e-12"
        " of 0 or 1"),
    "kl_divergence": ('F.kl_div(torch.log(y), t, reduction="none")',
                      "E = Σ t·ln(t/y); F.kl_div takes ln y (log-probabilities) and t"),
    "logcosh": ("LogCosh.apply(y - t)", "E = Σ ln cosh(y − t); PyTorch has none: see LogCosh"),
}

LOGCOSH = '''

class LogCosh(torch.autograd.Function):
    """ln cosh d in the overflow-safe form |d| + ln(1 + e^(−2|d|)) − ln 2, with its exact
    derivative tanh d given to autograd (differentiating the safe form itself would lose
    digits near d = 0)."""

    @staticmethod
    def forward(ctx, d):
        ctx.save_for_backward(d)
        a = d.abs()
        return a + torch.log1p(torch.exp(-2.0 * a)) - math.log(2.0)

    @staticmethod
    def backward(ctx, grad):
        (d,) = ctx.saved_tensors
        return grad * torch.tanh(d)
'''


def loss_code(name: str, fused_softmax: bool) -> str:
    if name == "cosine":
        text = '''

# The loss: E = 1 − cos(t, y), which does not split by output (no loss.O keys).
LOSS_SPLITS = False


def sample_loss(y, t):
    """E per sample (rows of a batch)."""
    return 1.0 - F.cosine_similarity(y, t, dim=-1)
'''
    else:
        expr, comment = LOSS_PARTS[name]
        text = (LOGCOSH if name == "logcosh" else "") + f'''

# The loss: {comment}.
LOSS_SPLITS = True


def loss_parts(y, t):
    """Each output's share of the loss (bptrace's loss.O), per sample."""
    return {expr}


def sample_loss(y, t):
    """E per sample (rows of a batch): the sum of the shares."""
    return loss_parts(y, t).sum(dim=-1)
'''
    if fused_softmax:
        return text + '''

def training_loss(net_out, y, t):
    """The loss autograd differentiates. On a softmax output the PyTorch way is
    F.cross_entropy on the net inputs (logits): it fuses log-softmax and the loss, and its
    gradient is delta = y·Σt − t, exactly as bptrace computes it (targets taken as given)."""
    return F.cross_entropy(net_out, t, reduction="none")
'''
    return text + '''

def training_loss(net_out, y, t):
    """The loss autograd differentiates, per sample."""
    return sample_loss(y, t)
'''


# --- optimizers -----------------------------------------------------------------------
NESTEROV = '''

class Nesterov(torch.optim.Optimizer):
    """The course slides' NAG: θ ← β·θ − η·g(P + β·θ); P ← P + θ, the gradient taken at the
    look-ahead point P + β·θ. torch.optim.SGD(nesterov=True) uses Sutskever's rewriting,
    whose parameters are that look-ahead point: the same path, other printed numbers."""

    def __init__(self, params, lr, momentum, after_gradient=None):
        super().__init__(params, dict(lr=lr, momentum=momentum))
        self.after_gradient = after_gradient    # adds the L2 term, at P itself (as bptrace)

    @torch.no_grad()
    def step(self, closure):
        params = [p for g in self.param_groups for p in g["params"]]
        saved = [p.clone() for p in params]
        for g in self.param_groups:
            for p in g["params"]:
                if "theta" in self.state[p]:
                    p.add_(g["momentum"] * self.state[p]["theta"])      # look ahead
        with torch.enable_grad():
            loss = closure()                                           # g(P + β·θ)
        for p, s in zip(params, saved):
            p.copy_(s)
        if self.after_gradient is not None:
            self.after_gradient()
        for g in self.param_groups:
            for p in g["params"]:
                theta = self.state[p].setdefault("theta", torch.zeros_like(p))
                theta.mul_(g["momentum"]).sub_(g["lr"] * p.grad)
                p.add_(theta)
        return loss
'''

MOMENTUM = '''

class Momentum(torch.optim.Optimizer):
    """The course slides' momentum: θ ← β·θ − η·g; P ← P + θ (θ₀ = 0). With a changing η
    this is not torch.optim.SGD(momentum=β), which applies today's η to the whole velocity."""

    def __init__(self, params, lr, momentum):
        super().__init__(params, dict(lr=lr, momentum=momentum))

    @torch.no_grad()
    def step(self, closure):
        with torch.enable_grad():
            loss = closure()
        for g in self.param_groups:
            for p in g["params"]:
                theta = self.state[p].setdefault("theta", torch.zeros_like(p))
                theta.mul_(g["momentum"]).sub_(g["lr"] * p.grad)
                p.add_(theta)
        return loss
'''

RMSPROP_MOMENTUM = '''

class RMSPropMomentum(torch.optim.Optimizer):
    """The course slides' RMSProp with momentum: r ← ρ·r + (1−ρ)·g²; θ ← β·θ + η/√(r + ε)·g;
    P ← P − θ. torch.optim.RMSprop(momentum=β) differs twice: ε outside the square root
    (√r + ε) and η outside the velocity (θ ← β·θ + g/(√r + ε); P ← P − η·θ)."""

    def __init__(self, params, lr, rho, momentum, eps):
        super().__init__(params, dict(lr=lr, rho=rho, momentum=momentum, eps=eps))

    @torch.no_grad()
    def step(self, closure):
        with torch.enable_grad():
            loss = closure()
        for g in self.param_groups:
            for p in g["params"]:
                state = self.state[p]
                r = state.setdefault("r", torch.zeros_like(p))
                theta = state.setdefault("theta", torch.zeros_like(p))
                r.mul_(g["rho"]).add_((1 - g["rho"]) * p.grad * p.grad)
                theta.mul_(g["momentum"]).add_(g["lr"] / torch.sqrt(r + g["eps"]) * p.grad)
                p.sub_(theta)
        return loss
'''


def optimizer_code(name: str, settings: dict[str, float], schedule: bool,
                   l2: bool = False) -> tuple[str, str]:
    """(class definitions, the body of make_optimizer)."""
    s = settings
    if name == "sgd":
        return "", ("    # plain gradient descent, P ← P − η·g\n"
                    "    return torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)")
    if name == "momentum" and not schedule:
        return "", (
            "    # the course slides' momentum θ ← β·θ − η·g; P ← P + θ is PyTorch's\n"
            "    # v ← β·v + g; P ← P − η·v with θ = −η·v (the same numbers while η is constant)\n"
            f"    return torch.optim.SGD(model.parameters(), lr=LEARNING_RATE, momentum={s['momentum']!r})")
    if name == "momentum":
        return MOMENTUM, f"    return Momentum(model.parameters(), LEARNING_RATE, momentum={s['momentum']!r})"
    if name == "nesterov":
        after = ",\n                    after_gradient=lambda: add_l2_gradient(model))" if l2 else ")"
        return NESTEROV, (f"    return Nesterov(model.parameters(), LEARNING_RATE, momentum={s['momentum']!r}"
                          + after)
    if name == "adagrad":
        return "", ("    # r ← r + g²; P ← P − η/(√r + ε)·g; bptrace's ε is Keras' 1e-7 (PyTorch's default 1e-10)\n"
                    f"    return torch.optim.Adagrad(model.parameters(), lr=LEARNING_RATE, eps={s['eps']!r})")
    if name == "rmsprop":
        return "", ("    # r ← ρ·r + (1−ρ)·g²; P ← P − η/(√r + ε)·g, ε outside the root as in PyTorch;\n"
                    "    # bptrace's defaults are Keras' ρ = 0.9, ε = 1e-7 (PyTorch's: alpha = 0.99, eps = 1e-8)\n"
                    f"    return torch.optim.RMSprop(model.parameters(), lr=LEARNING_RATE, alpha={s['rho']!r}, "
                    f"eps={s['eps']!r})")
    if name == "rmsprop_momentum":
        return RMSPROP_MOMENTUM, (
            f"    return RMSPropMomentum(model.parameters(), LEARNING_RATE, rho={s['rho']!r}, "
            f"momentum={s['momentum']!r}, eps={s['eps']!r})")
    if name == "adam":
        return "", ("    # m̂/(√v̂ + ε), ε outside the root, as bptrace\n"
                    f"    return torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, "
                    f"betas=({s['beta1']!r}, {s['beta2']!r}), eps={s['eps']!r})")
    raise ValueError(name)
