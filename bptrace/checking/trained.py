"""The trained.* values a config's expect: may print: the network trained as its train:
section says (the training itself is :func:`bptrace.training.loop.trained_values`)."""

from __future__ import annotations

from bptrace.errors import BadInput


def needs_training(cfg) -> bool:
    """Whether any expected value is a trained.* key."""
    return any(e.key.startswith("trained.") for e in cfg.expect)


def with_trained(cfg, values: dict[str, float], trained: dict | None = None) -> dict[str, float]:
    """``values`` and, where the config expects trained.* keys, those too (``trained``: the
    config's trained values where they are known already). Raises
    :class:`~bptrace.errors.Diverged` where training diverges; bad train: settings are
    located in the config file."""
    if not needs_training(cfg):
        return values
    if trained:
        return {**values, **trained}
    from bptrace.training.loop import trained_values
    try:
        return {**values, **trained_values(cfg)}
    except BadInput as exc:
        raise exc.located(cfg.file) from None


def trained_only(values: dict[str, float]) -> dict[str, float]:
    return {k: v for k, v in values.items() if k.startswith("trained.")}
