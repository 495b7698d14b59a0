"""Ablation groups follow params.yaml, and leaving out the informative feature costs most."""

import dataclasses

import pandas as pd
import pytest

from {{ cookiecutter.package_name }}.config import load_params
from {{ cookiecutter.package_name }}.evaluation.ablation import ablation_report, feature_groups
from {{ cookiecutter.package_name }}.evaluation.metrics import METRICS


def test_groups_match_names_and_glob_patterns():
    columns = ["mean radius", "mean area", "radius error", "worst area"]
    groups = feature_groups(columns, {"mean": "mean *", "area": ["*area"]})
    assert groups == {"mean": ["mean radius", "mean area"], "area": ["mean area", "worst area"]}
    assert feature_groups(["a", "b"], {}) == {"a": ["a"], "b": ["b"]}


def test_a_wide_table_is_ablated_in_runs_of_neighbouring_columns():
    """A CSV of 56 columns would cost 56 refits; 15 runs of neighbours cost 15."""
    columns = [f"c{i}" for i in range(56)]
    groups = feature_groups(columns, {}, max_groups=15)
    assert len(groups) == 14
    assert [column for run in groups.values() for column in run] == columns
    assert groups["c0 … c3"] == ["c0", "c1", "c2", "c3"]


def test_a_group_matching_nothing_is_named():
    with pytest.raises(ValueError, match="ablation.groups.typo"):
        feature_groups(["a"], {"typo": "zz*"})


def tiny_params():
    """This project's params for `tiny_frame`: its target column for this task, one group
    per feature, none of your features (written for your data's columns)."""
    params = load_params()
    target = "label" if params.data.task == "classification" else "amount"
    return dataclasses.replace(
        params,
        data=dataclasses.replace(params.data, target=target),
        ablation=dataclasses.replace(params.ablation, groups={}),
        train=dataclasses.replace(params.train, threshold=None, add_features=False),
    )


def test_leaving_out_the_informative_feature_costs_most(tiny_frame):
    params = tiny_params()
    target = params.data.target
    frame = tiny_frame.drop(columns=[({"label", "amount"} - {target}).pop()])
    report = ablation_report(frame.iloc[:45], frame.iloc[45:], params)
    changes = {row["group"]: row["change"] for row in report["groups"]}
    sign = 1 if METRICS[params.evaluate.main_metric].higher_is_better else -1
    assert min(changes, key=lambda group: sign * changes[group]) == "numeric"


def test_a_single_feature_is_left_out_for_the_baseline(tiny_frame):
    """A time series with one input (AirPassengers: the month) still gets its ablation."""
    params = tiny_params()
    frame = tiny_frame[["numeric", params.data.target]]
    report = ablation_report(frame.iloc[:45], frame.iloc[45:], params)
    assert [row["group"] for row in report["groups"]] == ["numeric"]
    assert report["groups"][0]["value"] != report["full"]


def test_a_main_metric_the_test_split_cannot_define_is_named():
    """mosaicData Weather held out by city: one city never sees snow, and a multiclass
    ROC AUC needs every class in the test split."""
    from sklearn.linear_model import LogisticRegression

    from {{ cookiecutter.package_name }}.config import ParamsError
    from {{ cookiecutter.package_name }}.evaluation.metrics import main_score

    features = pd.DataFrame({"x": [0.0, 1.0, 2.0, 0.1, 1.1, 2.1]})
    model = LogisticRegression().fit(features, ["rain", "fog", "snow"] * 2)
    with pytest.raises(ParamsError, match="main_metric 'roc_auc' is undefined"):
        main_score(model, features.iloc[:2], ["rain", "fog"], "classification", "roc_auc")
