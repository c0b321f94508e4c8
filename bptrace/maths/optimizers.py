"""Optimizers (the course slides' list, plus Adam), each updating a list of parameter arrays in
place from their gradients. Looked up by name in :data:`OPTIMIZERS`.

Every optimizer sees gradients already masked (missing edges, frozen biases are zero) and
leaves a parameter whose gradient is always zero where it is. ``lookahead`` gives the point
where the next gradient is taken (Nesterov: x + β·θ; the others: the parameters).
"""

from __future__ import annotations

import numpy as np

from bptrace.errors import BadInput


class Optimizer:
    name = ""
    formula = ""
    slots: tuple[str, ...] = ()     # the names of its state, as the course slides write them
    settings: dict[str, float] = {}

    def __init__(self, lr: float, **settings: float):
        self.lr = lr
        self.s = {**self.settings, **settings}
        self.state: list[list[np.ndarray]] | None = None

    def _init_state(self, arrays: list[np.ndarray], slots: int) -> None:
        if self.state is None:
            self.state = [[np.zeros_like(a) for a in arrays] for _ in range(slots)]

    def lookahead(self, arrays: list[np.ndarray]) -> list[np.ndarray] | None:
        return None

    def step(self, arrays: list[np.ndarray], grads: list[np.ndarray], lr: float) -> None:
        raise NotImplementedError


def _average(state: np.ndarray, value: np.ndarray, rate: float) -> None:
    """state ← rate·state + (1 − rate)·value, in place (RMSProp's r, Adam's m and v)."""
    state *= rate
    state += (1 - rate) * value


class SGD(Optimizer):
    name = "sgd"
    formula = "P ← P − η·g"

    def step(self, arrays, grads, lr):
        # η·g into a buffer kept from the last step (the numbers of a -= lr * g, without a
        # new array of the layer's size every update)
        scratch = self.__dict__.setdefault("_scratch", {})
        for i, (a, g) in enumerate(zip(arrays, grads)):
            buf = scratch.get(i)
            if buf is None or buf.shape != np.shape(g):
                buf = scratch[i] = np.empty(np.shape(g))
            np.multiply(lr, g, out=buf)
            a -= buf


class Momentum(Optimizer):
    name = "momentum"
    slots = ("θ",)
    formula = "θ ← β·θ − η·g;  P ← P + θ   (course slides, θ₀ = 0)"
    settings = {"momentum": 0.9}

    def step(self, arrays, grads, lr):
        self._init_state(arrays, 1)
        beta = self.s["momentum"]
        for a, g, v in zip(arrays, grads, self.state[0]):
            v *= beta
            v -= lr * g
            a += v


class Nesterov(Momentum):
    name = "nesterov"
    formula = "θ ← β·θ − η·g(P + β·θ);  P ← P + θ   (the course slides' NAG)"

    def lookahead(self, arrays):
        if self.state is None:
            return None
        beta = self.s["momentum"]
        return [a + beta * v for a, v in zip(arrays, self.state[0])]


class Adagrad(Optimizer):
    name = "adagrad"
    slots = ("r",)
    formula = "r ← r + g²;  P ← P − η/(√r + ε)·g"
    settings = {"eps": 1e-7}

    def step(self, arrays, grads, lr):
        self._init_state(arrays, 1)
        eps = self.s["eps"]
        for a, g, r in zip(arrays, grads, self.state[0]):
            r += g * g
            a -= lr / (np.sqrt(r) + eps) * g


class RMSProp(Optimizer):
    name = "rmsprop"
    slots = ("r",)
    formula = "r ← ρ·r + (1−ρ)·g²;  P ← P − η/(√r + ε)·g"
    settings = {"rho": 0.9, "eps": 1e-7}

    def step(self, arrays, grads, lr):
        self._init_state(arrays, 1)
        rho, eps = self.s["rho"], self.s["eps"]
        for a, g, r in zip(arrays, grads, self.state[0]):
            _average(r, g * g, rho)
            a -= lr / (np.sqrt(r) + eps) * g


class RMSPropMomentum(Optimizer):
    name = "rmsprop_momentum"
    slots = ("r", "θ")
    formula = "r ← ρ·r + (1−ρ)·g²;  θ ← β·θ + η/√(r + ε)·g;  P ← P − θ   (course slides)"
    settings = {"rho": 0.9, "momentum": 0.9, "eps": 1e-7}

    def step(self, arrays, grads, lr):
        self._init_state(arrays, 2)
        rho, beta, eps = self.s["rho"], self.s["momentum"], self.s["eps"]
        for a, g, r, v in zip(arrays, grads, self.state[0], self.state[1]):
            _average(r, g * g, rho)
            v *= beta
            v += lr / np.sqrt(r + eps) * g
            a -= v


class Adam(Optimizer):
    name = "adam"
    slots = ("m", "v")
    formula = "m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  P ← P − η·m̂/(√v̂ + ε)"
    settings = {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8}

    def step(self, arrays, grads, lr):
        self._init_state(arrays, 2)
        self.t = getattr(self, "t", 0) + 1
        b1, b2, eps = self.s["beta1"], self.s["beta2"], self.s["eps"]
        c1, c2 = 1 - b1 ** self.t, 1 - b2 ** self.t
        for a, g, m, v in zip(arrays, grads, self.state[0], self.state[1]):
            _average(m, g, b1)
            _average(v, g * g, b2)
            a -= lr * (m / c1) / (np.sqrt(v / c2) + eps)


OPTIMIZERS: dict[str, type[Optimizer]] = {
    o.name: o for o in (SGD, Momentum, Nesterov, Adagrad, RMSProp, RMSPropMomentum, Adam)}


def make_optimizer(name: str, lr: float, settings: dict[str, float]) -> Optimizer:
    if name not in OPTIMIZERS:
        from bptrace.errors import unknown
        raise unknown("optimizer", name, OPTIMIZERS)
    cls = OPTIMIZERS[name]
    for key, value in settings.items():
        if key not in cls.settings:
            raise BadInput(key="optimizer setting" if cls.settings else "optimizer no setting",
                           args={"name": name, "key": key, "allowed": list(cls.settings)})
        if key == "eps" and not value > 0:
            raise BadInput(key="optimizer eps", args={"name": name, "value": f"{value:g}"})
        if key != "eps" and not 0 <= value < 1:
            raise BadInput(key="optimizer range", args={"name": name, "key": key,
                                                       "value": f"{value:g}"})
    return cls(lr, **settings)
