"""The student's mistakes the live page tries on a wrong answer, each named with the words
``check --expect --diagnose`` gives a student (bptrace.words.diagnosis), and how the page's
engine makes it (a change of the model, or an option of the engine's pass)."""

from __future__ import annotations

from bptrace.checking.variants import ROUNDINGS, Mistake

# variant name → what the engine (page/engine.js) does for it: {"v": pass options} and/or
# {"m": a change of the model the page applies}; the names are the diagnosis catalogue's
PAGE_MISTAKES: dict[str, dict] = {
    "sign of t − y": {"v": {"signFlip": True}},
    "missing σ′ at the output": {"v": {"noDout": "out"}},
    "missing σ′ in the hidden layers": {"v": {"noDout": "hidden"}},
    "missing activation derivative": {"v": {"noDout": "all"}},
    "a path missing in a hidden error": {"v": {"firstPath": True}},
    "hidden error from ∂E/∂w": {"v": {"bp2Grad": True}},
    "net used for out": {"v": {"netForOut": True}},
    "σ′ = net·(1−net)": {"v": {"doutFromNet": True}},
    "net passed on as out": {"v": {"netPassedOn": True}},
    "hidden weights transposed": {"m": "transposeHidden"},
    "output weights transposed": {"m": "transposeOutput"},
    "loss without ½": {"m": "loss:sse:half_sse"},
    "loss with ½": {"m": "loss:half_sse:sse,mse"},
    "mean instead of sum": {"m": "loss:mse:half_sse,sse"},
    "biases trained": {"m": "biasesTrained"},
    "biases frozen": {"m": "biasesFrozen"},
    "sequential update": {"m": "sequential"},
    "inputs swapped": {"m": "swapInputs"},
    "targets swapped": {"m": "swapTargets"},
    **{f"rounded to {n} decimals": {"v": {"round": n}} for n in ROUNDINGS},
}


def mistake_words(lang: str) -> list[dict]:
    """Each mistake the page tries, in the catalogue's order, with its name and meaning."""
    from bptrace.words import mistake_name, mistake_why

    out = []
    for name, how in PAGE_MISTAKES.items():
        m = Mistake("rounded", (int(name.split()[2]),)) if name.startswith("rounded to") \
            else Mistake(name)
        out.append({"id": name, "name": mistake_name(m, lang),
                    "why": mistake_why(m, lang, student=True), **how})
    return out
