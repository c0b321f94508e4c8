"""`bptrace verify`'s table: the worst keys of a :class:`~bptrace.export.verify.Verification`
(bptrace's value, PyTorch's, the relative difference), as text or JSON. Formats only."""

from __future__ import annotations


def _num(v: float | None) -> str:
    return "—" if v is None else f"{v:.12g}"


def verify_rich(v, console, top: int = 10) -> None:
    from rich.table import Table
    from rich.text import Text

    what = (f"step and {v.epochs} epoch{'s' if v.epochs != 1 else ''} of training "
            f"({v.updates} updates)" if v.train else "one step")
    console.print(Text(f"{v.title}: bptrace against PyTorch ({v.device}), {what}"))
    table = Table(title=f"the {min(top, len(v.rows))} worst of {len(v.rows)} keys", title_justify="left")
    for name, justify in (("key", "left"), ("bptrace", "right"), ("PyTorch", "right"),
                          ("rel. diff.", "right")):
        table.add_column(name, justify=justify, no_wrap=True)
    if v.train:
        table.add_column("noise", justify="right", no_wrap=True)
    for r in v.rows[:top]:
        if r.missing:
            rel = f"only in {'PyTorch' if r.missing == 'bptrace' else 'bptrace'}"
        else:
            rel = "—" if r.rel == float("inf") else f"{r.rel:.1e}"
        cells = [r.key, _num(r.bptrace), _num(r.pytorch), rel + ("" if r.agree else " DIFFERS")]
        if v.train:
            cells.append(f"{r.noise:.1e}" if r.key.startswith("trained.") else "")
        table.add_row(*cells)
    console.print(table)
    bad = v.differences
    tol = "a step to 1e-9" + ("; training to 1e-7 plus ten times the round-off noise, what "
                              "bptrace's own training moves a value by from initial values "
                              "scaled by 1 ± 1e-12" if v.train else "")
    if bad:
        console.print(Text(f"{len(bad)} of {len(v.rows)} keys differ ({tol})."))
    else:
        console.print(Text(f"all {len(v.rows)} keys agree ({tol})."))


def verify_json(v) -> str:
    from bptrace.render import dumps

    return dumps({"command": "verify", "config": v.config, "title": v.title,
                  "torch": v.torch_version, "device": v.device, "train": v.train,
                  "epochs": v.epochs, "updates": v.updates, "agree": v.ok,
                  "keys": len(v.rows), "differences": len(v.differences),
                  "comparisons": [{"key": r.key, "bptrace": r.bptrace, "pytorch": r.pytorch,
                                   "rel": None if r.rel == float("inf") else r.rel,
                                   "tolerance": r.tolerance, "noise": r.noise, "agree": r.agree}
                                  for r in v.rows]})
