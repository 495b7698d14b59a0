"""Drift is flagged for a shifted feature and not for a sample of the same data."""

import numpy as np
import pandas as pd
import pytest

from {{ cookiecutter.package_name }}.evaluation.drift import drift_report


@pytest.fixture
def reference() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    return pd.DataFrame(
        {"size": rng.normal(10, 2, 500), "colour": rng.choice(["red", "blue"], 500)}
    )


def test_same_distribution_is_not_drift(reference):
    current = reference.sample(150, random_state=1)
    assert drift_report(reference, current, p_value=0.05, psi_limit=0.25)["drifted"] == []


def test_shifted_numeric_and_categorical_features_drift(reference):
    current = reference.sample(150, random_state=1).assign(
        size=lambda f: f["size"] + 3, colour="red"
    )
    report = drift_report(reference, current, p_value=0.05, psi_limit=0.25)
    assert report["drifted"] == ["size", "colour"]
    tests = {f["feature"]: f["test"] for f in report["features"]}
    assert tests == {"size": "ks", "colour": "chi2"}


def test_a_batch_missing_a_column_is_named(reference):
    with pytest.raises(ValueError, match="colour"):
        drift_report(reference, reference[["size"]], p_value=0.05, psi_limit=0.25)


def test_missing_categories_count_as_a_category(reference):
    reference = reference.astype({"colour": "string"})
    current = reference.sample(150, random_state=2)
    current.loc[current.index[:5], "colour"] = None
    report = drift_report(reference, current, p_value=0.05, psi_limit=0.25)
    assert {f["feature"] for f in report["features"]} == {"size", "colour"}
