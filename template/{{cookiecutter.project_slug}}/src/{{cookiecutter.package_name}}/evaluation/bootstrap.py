# Maintained by the template: change it through a template release (docs/updating.md).
"""95% bootstrap confidence intervals for the headline metrics.

`scipy.stats.bootstrap` resamples the test rows; each metric's vectorised statistic
(metrics.py) computes it for all resamples at once.
"""

from collections.abc import Callable

import numpy as np
from scipy import stats

# Takes index arrays of shape (resamples, n) and returns one value per resample.
Statistic = Callable[[np.ndarray], np.ndarray]


def confidence_intervals(
    statistics: dict[str, Statistic],
    n_rows: int,
    *,
    resamples: int,
    seed: int,
    level: float = 0.95,
) -> dict[str, tuple[float, float]]:
    """Percentile intervals; resamples where a metric is undefined (one class only) are
    left out rather than failing the whole interval."""
    names = list(statistics)

    def all_metrics(idx: np.ndarray, axis: int = -1) -> np.ndarray:
        idx = np.moveaxis(idx, axis, -1).astype(int)
        return np.stack([statistics[name](idx) for name in names])

    result = stats.bootstrap(
        (np.arange(n_rows),),
        all_metrics,
        vectorized=True,
        n_resamples=resamples,
        batch=200,
        method="percentile",
        random_state=np.random.default_rng(seed),
    )
    tail = (1 - level) / 2 * 100
    bounds = np.nanpercentile(result.bootstrap_distribution, [tail, 100 - tail], axis=-1)
    return {name: (float(bounds[0, i]), float(bounds[1, i])) for i, name in enumerate(names)}
