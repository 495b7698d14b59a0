"""Each kind of leak is flagged, naming the rows or column; a clean split passes."""

import numpy as np
import pandas as pd
import pytest

from {{ cookiecutter.package_name }}.evaluation.leakage import check_leakage


@pytest.fixture
def clean(tiny_frame) -> pd.DataFrame:
    """Distinct rows whose features say nothing about the label (unlike `numeric`)."""
    unrelated = np.random.default_rng(11).normal(size=len(tiny_frame))
    return tiny_frame[["colour", "label"]].assign(unrelated=unrelated)


def check(frame: pd.DataFrame, test: pd.DataFrame | None = None) -> dict:
    test = frame.iloc[40:] if test is None else test
    return check_leakage(frame.iloc[:40], test, "label", "classification", 0.98, seed=0)


def finding(report: dict, kind: str) -> dict:
    return next(f for f in report["findings"] if f["check"] == kind)


def test_clean_split_passes(clean):
    report = check(clean)
    assert report["passed"], report["findings"]


def test_rows_shared_by_train_and_test_are_flagged(clean):
    report = check(clean, pd.concat([clean.iloc[40:], clean.iloc[:3]], ignore_index=True))
    assert finding(report, "shared_rows")["rows"] == [20, 21, 22]
    assert not report["passed"]


def test_a_copy_of_the_target_is_flagged(clean):
    report = check(clean.assign(outcome=clean["label"]))
    assert "'outcome'" in finding(report, "target_copy")["detail"]


def test_a_near_perfect_single_feature_is_flagged(clean, tiny_frame):
    report = check(clean.assign(leak=tiny_frame["numeric"] * 10))
    assert finding(report, "single_feature_predictor")["columns"] == ["leak"]
    assert report["single_feature_scores"]["leak"] >= 0.98
