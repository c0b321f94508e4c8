"""What `bptrace train` shows beside its loss history: the full step trace of one update
(--trace-at), the network's outputs for every sample, its parameters before and after, and
the picture grid of --plot. Computed here, shown by the renderers; nothing here prints."""

from __future__ import annotations

from dataclasses import dataclass

from bptrace.errors import BadInput


def check_trace_at(s, k: int, n: int) -> None:
    """--trace-at shows a plain gradient-descent step of one sample: refuse what it cannot
    show truthfully, and an update that training will not make."""
    if s.mode != "online" and not (s.mode == "minibatch" and s.batch_size == 1):
        raise BadInput("--trace-at traces one sample's update: it needs --mode online.")
    if s.optimizer != "sgd" or any(v > 0 for v in s.l2.values()) or any(v > 0 for v in s.dropout.values()):
        raise BadInput("--trace-at shows the plain gradient step P − η·∂E/∂P: it cannot trace an "
                       "update made with another optimizer, L2 or dropout.")
    total = s.epochs * n
    if k > total:
        raise BadInput(f"--trace-at {k}: training makes only {total} updates ({s.epochs} epochs "
                       f"× {n} samples).")


def update_trace(cfg, res, title: str):
    """The step trace of the update training recorded (``res.trace_at``: the parameters
    before it, its sample and η): the network's parameters are set to those for the trace,
    then restored to the trained ones."""
    from bptrace.trace import build_trace

    net = cfg.network
    trained = net.copy_arrays()
    arrays, x, t, eta = res.trace_at
    net.set_arrays(arrays)
    try:
        return build_trace(net, x, t, eta, title=title, file=cfg.file)
    finally:
        net.set_arrays(trained)


def parameters(net) -> list[tuple[str, float]]:
    """(name, value) of every parameter, in the network's order."""
    return [(p.name, net.value(p)) for p in net.params]


def before_after(before: list[tuple[str, float]], net) -> list[tuple[str, float, float]]:
    """(name, value before training, value after) for every parameter."""
    after = dict(parameters(net))
    return [(n, b, after[n]) for n, b in before]


def output_rows(net, X, T) -> list[dict]:
    """The trained network's output for every sample beside its target."""
    Y = net.predict(X)
    return [{"index": i, "input": X[i].tolist(), "target": T[i].tolist(), "output": Y[i].tolist()}
            for i in range(len(X))]


@dataclass
class Picture:
    """What --plot draws beside the loss: a fitted curve (1-D) or decision regions (2-D)."""
    kind: str
    grid: object
    outputs: list[float]
    X: object
    T: object

    def as_tuple(self):
        return self.kind, self.grid, self.outputs, self.X, self.T


def picture(net, X, T) -> Picture | None:
    """The trained network evaluated on the picture grid, or None where there is no picture."""
    from bptrace.experiments import picture_grid

    kind, grid = picture_grid(X, len(net.outputs))
    if kind is None:
        return None
    return Picture(kind, grid, net.predict(grid)[:, 0].tolist(), X, T)
