"""expected_calibration_error against the reference on bins the student never saw."""

import pytest


@pytest.mark.parametrize(
    ("bins", "expected"),
    [
        # Over- and under-confidence of the same size: a signed mean would cancel to 0.
        (
            [
                {"count": 10, "confidence": 0.9, "accuracy": 0.7},
                {"count": 10, "confidence": 0.5, "accuracy": 0.7},
            ],
            0.2,
        ),
        (
            [
                {"count": 5, "confidence": 0.55, "accuracy": 0.75},
                {"count": 15, "confidence": 0.95, "accuracy": 0.85},
                {"count": 30, "confidence": 0.7, "accuracy": 0.7},
            ],
            (5 * 0.2 + 15 * 0.1) / 50,
        ),
    ],
    ids=["gaps-that-cancel", "three-bins"],
)
def test_ece_is_the_weighted_mean_absolute_gap(package, bins, expected):
    ece = package("evaluation.calibration").expected_calibration_error(bins)
    assert ece == pytest.approx(expected), (
        f"ECE {ece:.3f}, {expected:.3f} expected: average |accuracy - confidence| per bin, "
        "so over- and under-confidence do not cancel"
    )
