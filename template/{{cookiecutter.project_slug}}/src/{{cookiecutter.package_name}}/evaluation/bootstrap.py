# Maintained by the template: change it through a template release (docs/updating.md).
"""95% bootstrap confidence intervals for the headline metrics.

`scipy.stats.bootstrap` resamples the test rows; each metric's vectorised statistic
(metrics.py) computes it for all resamples at once. A percentile interval collapses to a
point when no resample can differ (a group without a single error): `described` then
gives an exact binomial interval for a rate, or says that too few errors were seen.
"""

import warnings
from collections.abc import Callable

import numpy as np
from scipy import stats

# Takes index arrays of shape (resamples, n) and returns one value per resample.
Statistic = Callable[[np.ndarray], np.ndarray]
# Resampled rows computed at once: each statistic holds a few arrays of this many values,
# so a 60,000-row test split is resampled 50 times at a time (200 at once peaked at
# 1.1 GB), and a small one all at once.
BATCH_ROWS = 3_000_000


def paired_difference(first: Statistic, second: Statistic) -> Statistic:
    """`first - second` on each resample: both score the same rows. Where both are
    undefined (R² of a resample whose rows are all equal) it is nan, which
    confidence_intervals leaves out."""

    def difference(idx: np.ndarray) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            return first(idx) - second(idx)

    return difference


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

    with warnings.catch_warnings(), np.errstate(invalid="ignore"):
        # scipy's own interval and standard error, unused here, warn on a resample's nan
        # or infinite value (R² of equal rows); the bounds below leave the nans out.
        warnings.simplefilter("ignore", stats.DegenerateDataWarning)
        result = stats.bootstrap(
            (np.arange(n_rows),),
            all_metrics,
            vectorized=True,
            n_resamples=resamples,
            batch=max(1, BATCH_ROWS // max(n_rows, 1)),
            method="percentile",
            random_state=np.random.default_rng(seed),
        )
    tail = (1 - level) / 2 * 100
    bounds = np.nanpercentile(result.bootstrap_distribution, [tail, 100 - tail], axis=-1)
    return {name: (float(bounds[0, i]), float(bounds[1, i])) for i, name in enumerate(names)}


# Narrower than this, an interval has collapsed: every resample gave the same value.
COLLAPSED = 1e-12


def exact_binomial(successes: int, trials: int, level: float = 0.95) -> tuple[float, float]:
    """The Clopper-Pearson interval of a rate: valid however few the failures."""
    ci = stats.binomtest(successes, trials).proportion_ci(confidence_level=level, method="exact")
    return float(ci.low), float(ci.high)


def described(
    bounds: tuple[float, float], rows: int, counts: tuple[int, int] | None = None
) -> dict:
    """The interval fields of a result: the bootstrap's bounds while they are informative;
    once collapsed, the exact binomial interval of `counts` (successes, trials) when the
    metric is a rate, else the bounds kept with a note that they say nothing."""
    low, high = bounds
    if high - low > COLLAPSED:
        return {"ci_low": low, "ci_high": high, "ci_method": "bootstrap"}
    if counts is not None:
        successes, trials = counts
        low, high = exact_binomial(successes, trials)
        note = f"exact binomial, {successes} of {trials} right"
        return {"ci_low": low, "ci_high": high, "ci_method": "exact_binomial", "ci_note": note}
    note = f"too few errors to estimate at n={rows}"
    return {"ci_low": low, "ci_high": high, "ci_method": "none", "ci_note": note}
