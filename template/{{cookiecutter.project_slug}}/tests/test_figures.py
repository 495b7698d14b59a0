"""The figures an interviewer reads: robustness from several draws against the baseline,
and every figure drawn for this project's task."""

import numpy as np
import pandas as pd

from {{ cookiecutter.package_name }}.evaluation import figures
from {{ cookiecutter.package_name }}.evaluation.robustness import robustness_report

NOISY = pd.DataFrame({"signal": np.linspace(-1, 1, 200), "colour": ["red", "blue"] * 100})


def share_positive(features: pd.DataFrame) -> float:
    """A score that moves with the noise on `signal`, as a model's would."""
    return float((features["signal"].fillna(0) > 0).mean())


def test_robustness_averages_several_draws_and_keeps_one_for_no_damage():
    report = robustness_report(
        NOISY, share_positive, noise_levels=[0.0, 0.5], missing_rates=[0.0, 0.3], seed=0, draws=4
    )
    assert report["draws"] == 4
    clean, noisy = report["noise"]
    assert clean["std"] == 0.0
    assert noisy["std"] > 0.0
    assert [row["rate"] for row in report["missing"]] == [0.0, 0.3]


def test_the_robustness_axis_runs_from_the_baseline_to_a_perfect_score():
    """Not 0.990-0.998 around the curve, which makes a 0.006 drop look like a collapse."""
    curve = [
        {"level": 0.0, "value": 0.998, "std": 0.0},
        {"level": 0.5, "value": 0.992, "std": 0.001},
    ]
    robustness = {"metric": "roc_auc", "baseline": 0.5, "draws": 3, "noise": curve, "missing": []}
    low, high = figures.robustness_limits(robustness)
    assert low < 0.5 and high > 1.0
    assert high - low < 0.6
    errors = {**robustness, "metric": "rmse", "baseline": 12.0}
    errors["noise"] = [{"level": 0.0, "value": 3.0, "std": 0.0}]
    low, high = figures.robustness_limits(errors)
    assert low < 0.0 and high > 12.0
