# Maintained by the template: change it through a template release (docs/updating.md).
"""How far predicted probabilities are from observed frequencies.

Expected calibration error (ECE) bins test rows by the model's confidence in its
predicted class and averages |accuracy - confidence| over the bins, weighted by size.
"""

from collections.abc import Collection

import numpy as np


def reliability_bins(
    y_true: Collection, probabilities: np.ndarray, classes: Collection, n_bins: int = 10
) -> list[dict]:
    probabilities = np.asarray(probabilities, dtype=float)
    confidence = probabilities.max(axis=1)
    predicted = np.asarray(classes)[probabilities.argmax(axis=1)]
    correct = predicted == np.asarray(y_true)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1], right=True), 0, n_bins - 1)
    bins = []
    for b in range(n_bins):
        members = which == b
        if members.any():
            bins.append(
                {
                    "lower": float(edges[b]),
                    "upper": float(edges[b + 1]),
                    "count": int(members.sum()),
                    "confidence": float(confidence[members].mean()),
                    "accuracy": float(correct[members].mean()),
                }
            )
    return bins


def expected_calibration_error(bins: list[dict]) -> float:
{%- if cookiecutter.assignment %}
    """ASSIGNMENT (your work): the expected calibration error of `bins`.

    Each bin (from `reliability_bins`) holds `count` rows, their mean `confidence` and
    their `accuracy`. The ECE is |accuracy - confidence| averaged over the bins, each
    weighted by its `count`: 0 when the probabilities are perfectly calibrated.
    tests/test_calibration.py says what it must return.
    """
    raise NotImplementedError(
        "assignment: write expected_calibration_error() in evaluation/calibration.py "
        "(its docstring and tests/test_calibration.py say what it must return)"
    )
{%- else %}
    total = sum(b["count"] for b in bins)
    return float(sum(b["count"] * abs(b["accuracy"] - b["confidence"]) for b in bins) / total)
{%- endif %}
