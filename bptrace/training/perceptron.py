"""The M-P neuron and the perceptron learning rule of the course slides. Nothing here prints.

    ŷ = u(W·x + θ)                       u: the unit step (u(z) = 1 for z > 0, else 0),
                                          or sign (+1 for z > 0, else −1)
    W ← W + η·(y − ŷ)·x,   θ ← θ + η·(y − ŷ)

repeated sample by sample, epoch by epoch, until an epoch has no misclassified sample. If a
weight state repeats at the start of an epoch, or the epoch cap is reached, the rule will
never converge: the points are not linearly separable (XOR).
"""

from __future__ import annotations

import numpy as np

from bptrace.errors import BadInput
from bptrace.config.yamlsource import Node, parse_yaml
from bptrace.words.messages import what

ACTIVATIONS = ("step", "sign")
TRUTH_TABLES = ("and", "or", "nand", "not", "xor")     # of datasets.BUILTIN
KEYS = ("title", "inputs", "activation", "weights", "threshold", "learning_rate", "data", "max_epochs")


class Perceptron:
    def __init__(self, title: str, inputs: list[str], activation: str, W: np.ndarray,
                 theta: float, lr: float, X: np.ndarray, y: np.ndarray, max_epochs: int):
        self.title = title
        self.inputs = inputs
        self.activation = activation
        self.W = W
        self.theta = theta
        self.lr = lr
        self.X = X
        self.y = y
        self.max_epochs = max_epochs

    def u(self, z: float) -> float:
        if self.activation == "sign":
            return 1.0 if z > 0 else -1.0
        return 1.0 if z > 0 else 0.0


class Step:
    """One sample's visit: the net input, the output, the error and the changes."""

    __slots__ = ("epoch", "sample", "x", "y", "W", "theta", "z", "y_hat", "error", "dW",
                 "dtheta", "W_new", "theta_new")

    def __init__(self, **kw):
        for k in self.__slots__:
            setattr(self, k, kw[k])


class Run:
    def __init__(self):
        self.steps: list[Step] = []
        self.epochs: list[dict] = []     # per epoch: W, θ at its end and the misclassified count
        self.converged = False
        self.reason = ""                 # "converged", "cycle", "epoch cap"
        self.W: np.ndarray | None = None
        self.theta = 0.0


def learn(p: Perceptron) -> Run:
    """The perceptron rule until an epoch without errors, a repeated state or the cap."""
    W, theta = p.W.astype(np.float64).copy(), float(p.theta)
    run = Run()
    seen = {(tuple(W), theta)}
    for epoch in range(1, p.max_epochs + 1):
        wrong = 0
        for i, (x, y) in enumerate(zip(p.X, p.y)):
            z = float(W @ x + theta)
            y_hat = p.u(z)
            e = float(y - y_hat)
            dW, dtheta = p.lr * e * x, p.lr * e
            W_new, theta_new = W + dW, theta + dtheta
            run.steps.append(Step(epoch=epoch, sample=i + 1, x=x.tolist(), y=float(y), W=W.tolist(),
                                  theta=theta, z=z, y_hat=y_hat, error=e, dW=dW.tolist(),
                                  dtheta=dtheta, W_new=W_new.tolist(), theta_new=theta_new))
            wrong += e != 0
            W, theta = W_new, theta_new
        run.epochs.append({"epoch": epoch, "W": W.tolist(), "theta": theta, "misclassified": wrong})
        if wrong == 0:
            run.converged, run.reason = True, "converged"
            break
        state = (tuple(W), theta)
        if state in seen:
            run.reason = "cycle"
            break
        seen.add(state)
    else:
        run.reason = "epoch cap"
    run.W, run.theta = W, theta
    return run


def region_grid(p: Perceptron, W, theta, width=33, height=13):
    """(lo, hi, ŷ on a grid over [lo, hi]²) for two inputs, the square around the data with
    a margin of 0.5; rows from the top (x2 = hi) down."""
    lo, hi = float(p.X.min()) - 0.5, float(p.X.max()) + 0.5
    xs = np.linspace(lo, hi, width)
    ys = np.linspace(hi, lo, height)
    return lo, hi, [[p.u(float(W[0] * a + W[1] * b + theta)) for a in xs] for b in ys]


def is_xor(p: Perceptron) -> bool:
    """Whether the data is XOR's truth table (then the course slides' two-layer fix applies)."""
    from bptrace.config.datasets import TRUTH_INPUTS
    if p.X.shape != (4, 2):
        return False
    want = {tuple(x): float(x[0] != x[1]) for x in TRUTH_INPUTS.tolist()}
    positive = 1.0
    return all(tuple(x) in want and (y == positive) == bool(want[tuple(x)])
               for x, y in zip(p.X.tolist(), p.y.tolist()))


def xor_network(lr: float = 1.0):
    """the course slides' fix: NAND and OR perceptrons feed an AND perceptron; each is learnt with the
    rule from zero weights on its own truth table. Returns the three runs and the truth table
    (x1, x2, NAND, OR, XOR)."""
    from bptrace.config.datasets import TRUTH_INPUTS, builtin
    runs = {}
    for name in ("nand", "or", "and"):
        X, T = builtin(name, None, 0)
        runs[name] = learn(Perceptron(name.upper(), ["x1", "x2"], "step", np.zeros(2), 0.0, lr,
                                      X, T[:, 0], 100))
    nand = Perceptron("", [], "step", np.zeros(2), 0, 0, TRUTH_INPUTS, np.zeros(4), 0)
    rows = []
    for x in TRUTH_INPUTS:
        h1 = nand.u(float(runs["nand"].W @ x + runs["nand"].theta))
        h2 = nand.u(float(runs["or"].W @ x + runs["or"].theta))
        out = nand.u(float(runs["and"].W @ np.array([h1, h2]) + runs["and"].theta))
        rows.append((x.tolist(), h1, h2, out))
    return runs, rows


# ----------------------------------------------------------------------------- config
def parse(text: str, file: str) -> Perceptron:
    try:
        root = parse_yaml(text).need_map(what("the config"))
        return _parse(root, file)
    except BadInput as exc:
        raise exc.located(file) from None


def _parse(root: Node, file: str) -> Perceptron:
    from bptrace.config import datasets
    for key in root.keys():
        if key not in KEYS:
            raise root.get(key).bad("perceptron key", key=key, known=list(KEYS))
    inode = root.get("inputs")
    if inode is None:
        raise root.bad("perceptron inputs")
    if inode.is_scalar and isinstance(inode.value, int) and not isinstance(inode.value, bool):
        if inode.value < 1:
            raise inode.bad("perceptron inputs count")
        from bptrace.config.guard import check_size
        check_size([inode.value, 1], inode)       # as network: does, before a name is made
        inputs = [f"x{j}" for j in range(1, inode.value + 1)]
    else:
        inputs = [n.string(what("an input name")) for n in inode.need_seq("inputs")]
    act = root.get("activation").string("activation") if "activation" in root else "step"
    if act not in ACTIVATIONS:
        raise root.get("activation").bad("perceptron activation", name=act,
                                         known=list(ACTIVATIONS))
    W = np.zeros(len(inputs))
    if "weights" in root:
        wnode = root.get("weights")
        if wnode.is_seq:
            if len(wnode) != len(inputs):
                raise wnode.bad("perceptron weights", n=len(wnode), inputs=len(inputs))
            W = np.array([v.number(what("a weight")) for v in wnode])
        elif wnode.is_map:
            for k in wnode.keys():
                if k not in inputs:
                    raise wnode.get(k).bad("not an input", name=k, known=inputs)
            W = np.array([wnode.get(n).number(what("weight n", name=n)) if n in wnode else 0.0 for n in inputs])
        else:
            raise wnode.bad("perceptron weights form")
    theta = root.get("threshold").number("threshold") if "threshold" in root else 0.0
    lr = root.get("learning_rate").number("learning_rate") if "learning_rate" in root else 1.0
    if lr <= 0:
        raise root.get("learning_rate").bad("perceptron lr")
    cap = root.get("max_epochs").integer("max_epochs", 1) if "max_epochs" in root else 100
    dnode = root.get("data")
    if dnode is None:
        raise root.bad("perceptron data")
    if dnode.is_map and "builtin" in dnode:
        name = dnode.get("builtin").string("builtin")
        if name not in TRUTH_TABLES:
            raise dnode.get("builtin").bad("truth table", name=name, known=list(TRUTH_TABLES))
        X, T = datasets.builtin(name, None, 0)
        y = T[:, 0]
    else:
        X_list, y_list = [], []
        for s in dnode.need_seq("data"):
            s.need_map(what("perceptron sample"))
            xn, tn = s.get("input"), s.get("target")
            if xn is None or tn is None:
                raise s.bad("sample needs")
            xs = [v.number(what("an input")) for v in xn.need_seq("input")]
            if len(xs) != len(inputs):
                raise xn.bad("perceptron input", n=len(xs), inputs=len(inputs))
            if tn.is_seq and len(tn) == 1:
                tn = tn[0]
            t = tn.number(what("perceptron target"))
            X_list.append(xs)
            y_list.append(t)
        if not X_list:
            raise dnode.bad("perceptron no data")
        X, y = np.array(X_list), np.array(y_list)
    if X.shape[1] != len(inputs):
        raise dnode.bad("perceptron data shape", n=X.shape[1], inputs=len(inputs))
    if act == "sign":
        y = np.where(y > 0, 1.0, -1.0)              # truth tables' 0 is −1 for sign
    bad = [v for v in y if v not in ((0.0, 1.0) if act == "step" else (-1.0, 1.0))]
    if bad:
        raise dnode.bad("perceptron targets", values=what("a or b", a="0" if act == "step" else "−1", b="1"),
                        act=act, value=f"{bad[0]:g}")
    title_node = root.get("title")
    title = title_node.text_value("title") if title_node is not None else file
    return Perceptron(title, inputs, act, W, theta, lr, X, y, cap)


def source_text(name: str) -> str:
    """The YAML text of a perceptron config: a file, or a built-in truth table by name
    (and, or, nand, not, xor)."""
    from pathlib import Path

    from bptrace.config import examples as ex
    from bptrace.config import read_source

    if Path(name).exists():
        return read_source(name)[1]
    key = name if name.startswith("perceptron/") else f"perceptron/{name}"
    if key not in ex.perceptron_names():
        raise BadInput(key="no perceptron", args={
            "known": [n.split('/')[1] for n in ex.perceptron_names()]}, file=name)
    return ex.text(key)
