# Maintained by the template: change it through a template release (docs/updating.md).
"""How the main metric degrades when inputs get worse: Gaussian noise on the numeric
features (a fraction of each column's standard deviation) and randomly missing values."""

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd


def with_noise(features: pd.DataFrame, level: float, rng: np.random.Generator) -> pd.DataFrame:
    noisy = features.copy()
    for column in features.select_dtypes("number").columns:
        spread = features[column].std() or 0.0
        noisy[column] = features[column] + rng.normal(0.0, level * spread, len(features))
    return noisy


def with_missing(features: pd.DataFrame, rate: float, rng: np.random.Generator) -> pd.DataFrame:
    return features.mask(rng.random(features.shape) < rate)


def robustness_report(
    features: pd.DataFrame,
    score: Callable[[pd.DataFrame], float],
    *,
    noise_levels: Sequence[float],
    missing_rates: Sequence[float],
    seed: int,
    draws: int = 1,
) -> dict:
    """`score(features)` evaluates the model on (damaged) test features: the mean and
    standard deviation over `draws` random damages at each level (one at level 0, which
    damages nothing), so a dip is told apart from the luck of one draw."""
    rng = np.random.default_rng(seed)

    def point(damage: Callable, amount: float) -> dict:
        values = [score(damage(features, amount, rng)) for _ in range(draws if amount else 1)]
        return {"value": float(np.mean(values)), "std": float(np.std(values))}

    return {
        "draws": draws,
        "noise": [{"level": float(level), **point(with_noise, level)} for level in noise_levels],
        "missing": [{"rate": float(rate), **point(with_missing, rate)} for rate in missing_rates],
    }
