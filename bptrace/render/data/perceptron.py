"""A perceptron run (bptrace.maths.perceptron records) as the JSON object of `bptrace perceptron`."""

from __future__ import annotations

from bptrace.render.output import envelope


def perceptron_json(name: str, p, run, xor) -> dict:
    obj = envelope("perceptron", config=name, title=p.title, activation=p.activation,
                   W=dict(zip(p.inputs, run.W.tolist())), theta=run.theta,
                   epochs=len(run.epochs), converged=run.converged, reason=run.reason,
                   history=run.epochs,
                   steps=[{k: getattr(s, k) for k in s.__slots__} for s in run.steps])
    if xor is not None:
        obj["xor_network"] = {"layers": {n: {"W": r.W.tolist(), "theta": r.theta}
                                         for n, r in xor[0].items()},
                              "truth_table": [{"input": x, "nand": a, "or": b, "xor": o}
                                              for x, a, b, o in xor[1]]}
    return obj
