"""What check --diagnose reads from one training: the trained values one epoch fewer, as
stated and one more (its "one update fewer/more" variants). Nothing here prints."""

from __future__ import annotations

from bptrace.config.settings import train_settings
from bptrace.errors import Diverged
from bptrace.training.loop import train, trained_readout


def trained_around(cfg, conv=None) -> dict[int, dict[str, float]] | None:
    """The trained.* keys of one epoch fewer (−1), as stated (0) and one more (+1), from one
    training of one epoch more (what ``check --diagnose``'s "one update fewer/more" read);
    a way that diverged before its epoch gives {}. None where they cannot be read from one
    training (early stopping, or a single epoch stated)."""
    s = train_settings(cfg.train, cfg.network, cfg.seed)
    E = s.epochs
    if s.patience or E < 2:
        return None
    got: dict[int, dict[str, float]] = {-1: {}, 0: {}, 1: {}}
    arrays = cfg.network.copy_arrays()
    try:
        s.epochs = s.every = E + 1

        def keep(d):
            return lambda loss: got.__setitem__(d, trained_readout(cfg.network, cfg.sample.x, loss))
        X, T = cfg.dataset
        try:
            train(cfg.network, X, T, cfg.learning_rate, s, conv=conv,
                  at_epochs={E - 1: keep(-1), E: keep(0), E + 1: keep(1)})
        except Diverged:
            pass
        return got
    finally:
        cfg.network.set_arrays(arrays)
