"""train --trace-at K with another optimizer than plain gradient descent: its iteration formula
as the course slides 《神经元、感知机与 BP 神经网络》 write it, then for every parameter the same
formula with the numbers put in (state before → after, the parameter before → after).
Formatting only: every number comes from the training's record."""

from __future__ import annotations

from bptrace.render.text import fmt
from bptrace.words import words


def _n(v, d):
    t = fmt(v, d)
    return f"({t})" if t.startswith("-") else t


def step_lines(st, digits: int) -> list[str]:
    """One line per parameter: the formula with its numbers."""
    s, eta = st.settings, st.eta
    lines = []
    for r in st.rows:
        P, g, b, a = r.P, r.g, r.before, r.after
        n = lambda v: _n(v, digits)
        if st.optimizer in ("momentum", "nesterov"):
            at = "g(P + β·θ)" if st.lookahead else "g"
            parts = [f"θ ← β·θ − η·{at} = {n(s['momentum'])} × {n(b['θ'])} − {n(eta)} × {n(g)} = {fmt(a['θ'], digits)}",
                     f"P ← P + θ = {n(P)} + {n(a['θ'])} = {fmt(r.new, digits)}"]
        elif st.optimizer == "adagrad":
            parts = [f"r ← r + g² = {n(b['r'])} + {n(g)}² = {fmt(a['r'], digits)}",
                     f"P ← P − η/(√r + ε)·g = {n(P)} − {n(eta)}/(√{n(a['r'])} + {n(s['eps'])}) × {n(g)} = {fmt(r.new, digits)}"]
        elif st.optimizer == "rmsprop":
            parts = [f"r ← ρ·r + (1−ρ)·g² = {n(s['rho'])} × {n(b['r'])} + {n(st.derived['1−ρ'])} × {n(g)}² = {fmt(a['r'], digits)}",
                     f"P ← P − η/(√r + ε)·g = {n(P)} − {n(eta)}/(√{n(a['r'])} + {n(s['eps'])}) × {n(g)} = {fmt(r.new, digits)}"]
        elif st.optimizer == "rmsprop_momentum":
            parts = [f"r ← ρ·r + (1−ρ)·g² = {n(s['rho'])} × {n(b['r'])} + {n(st.derived['1−ρ'])} × {n(g)}² = {fmt(a['r'], digits)}",
                     f"θ ← β·θ + η/√(r + ε)·g = {n(s['momentum'])} × {n(b['θ'])} + {n(eta)}/√({n(a['r'])} + {n(s['eps'])}) × {n(g)} = {fmt(a['θ'], digits)}",
                     f"P ← P − θ = {n(P)} − {n(a['θ'])} = {fmt(r.new, digits)}"]
        elif st.optimizer == "adam":
            b1, b2, t = s["beta1"], s["beta2"], st.t
            parts = [f"m ← β₁·m + (1−β₁)·g = {n(b1)} × {n(b['m'])} + {n(st.derived['1−β₁'])} × {n(g)} = {fmt(a['m'], digits)}",
                     f"v ← β₂·v + (1−β₂)·g² = {n(b2)} × {n(b['v'])} + {n(st.derived['1−β₂'])} × {n(g)}² = {fmt(a['v'], digits)}",
                     f"m̂ = m/(1−β₁^{t}) = {n(a['m'])}/{n(st.derived['1−β₁ᵗ'])} = {fmt(r.extra['m̂'], digits)}",
                     f"v̂ = v/(1−β₂^{t}) = {n(a['v'])}/{n(st.derived['1−β₂ᵗ'])} = {fmt(r.extra['v̂'], digits)}",
                     f"P ← P − η·m̂/(√v̂ + ε) = {n(P)} − {n(eta)} × {n(r.extra['m̂'])}/(√{n(r.extra['v̂'])} + {n(s['eps'])}) = {fmt(r.new, digits)}"]
        else:
            parts = [f"P ← P − η·g = {n(P)} − {n(eta)} × {n(g)} = {fmt(r.new, digits)}"]
        lines.append(f"{r.name}:")
        lines += [f"  {p}" for p in parts]
    return lines


def optimizer_step_rich(st, console, *, digits: int = 8, lang: str = "en") -> None:
    from rich.text import Text

    from bptrace.render.terminal.cjk import block

    w = words(lang)
    settings = ", ".join(f"{k} = {fmt(v, digits)}" for k, v in st.settings.items())
    console.print(block(w("optimizer step", name=st.optimizer, t=st.t), style="bold"))
    console.print(block(f"{st.formula}" + (f"   ({settings})" if settings else "")))
    console.print(block(f"η = {fmt(st.eta, digits)}; g = ∂E/∂P " + w("of this update")
                        + (" — " + w("at lookahead") if st.lookahead else "")))
    for line in step_lines(st, digits):
        console.print(Text(line), soft_wrap=True)
