"""Expected calibration error is near zero for calibrated probabilities, large otherwise."""

import numpy as np
import pytest

from {{ cookiecutter.package_name }}.evaluation.calibration import (
    expected_calibration_error,
    reliability_bins,
)


def outcomes_at(confidence: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Labels drawn so that class 1 happens with exactly the stated probability."""
    return (rng.random(len(confidence)) < confidence).astype(int)


def test_perfectly_calibrated_probabilities_have_ece_near_zero():
    rng = np.random.default_rng(0)
    p = rng.uniform(0.5, 1.0, size=20_000)
    y = outcomes_at(p, rng)
    probabilities = np.column_stack([1 - p, p])
    ece = expected_calibration_error(reliability_bins(y, probabilities, [0, 1]))
    assert ece < 0.02


def test_overconfident_probabilities_have_a_large_ece():
    rng = np.random.default_rng(1)
    y = outcomes_at(np.full(5_000, 0.6), rng)
    probabilities = np.column_stack([np.full(5_000, 0.01), np.full(5_000, 0.99)])
    ece = expected_calibration_error(reliability_bins(y, probabilities, [0, 1]))
    assert ece > 0.3


def test_ece_weights_each_bin_by_its_size():
    bins = [
        {"count": 30, "confidence": 0.9, "accuracy": 0.8},
        {"count": 10, "confidence": 0.6, "accuracy": 0.6},
    ]
    assert expected_calibration_error(bins) == pytest.approx((30 * 0.1 + 10 * 0.0) / 40)
