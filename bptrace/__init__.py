"""bptrace — make backpropagation visible, one scalar at a time.

The Python API (:mod:`bptrace.api`), for notebooks and scripts::

    import bptrace
    cfg = bptrace.load("mazur")            # a path, an example's name, a dict or YAML text
    s = bptrace.step(cfg)                  # s["grad.w5"].value, .formula, .operands; s.values
    t = bptrace.train(cfg, epochs=10000)   # t.history["loss"], t.loss
    c = bptrace.check(cfg, diagnose=True)  # c.agree, c.wrong, c.diagnosis
    d = bptrace.draw(cfg, path="w1")       # d.svg(), d.save("w1.png")

Errors raise :class:`BadInput`, with the command line's message. ``import bptrace`` stays
light: the API and numpy are imported when first used.
"""

__version__ = "0.1.0"     # written into every JSON object and shown by bptrace --version

from bptrace.errors import BadInput, Diverged  # noqa: E402

__all__ = ["load", "step", "train", "check", "draw", "compare", "BadInput", "Diverged",
           "__version__"]

_API = ("load", "step", "train", "check", "draw", "compare")


def __getattr__(name: str):
    if name in _API:
        from bptrace import api
        return getattr(api, name)
    raise AttributeError(f"module 'bptrace' has no attribute '{name}'")


def __dir__():
    return sorted(set(globals()) | set(_API))
