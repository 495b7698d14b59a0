"""Every model family trains on tiny data and predicts; the training options work."""

import dataclasses

import numpy as np
import pytest

from {{ cookiecutter.package_name }}.config import TrainParams
from {{ cookiecutter.package_name }}.data.splitting import Folds
from {{ cookiecutter.package_name }}.data.tables import split_features_target
from {{ cookiecutter.package_name }}.modeling.models import ESTIMATORS
from {{ cookiecutter.package_name }}.modeling.pipeline import build_model
from {{ cookiecutter.package_name }}.modeling.train import schema_rows

TARGETS = {"classification": "label", "regression": "amount"}
# The template's machinery on made-up columns: without your add_features, which needs yours.
PLAIN = TrainParams(model="logistic_regression", seed=0, hyperparameters={}, add_features=False)


def data(frame, task):
    other = next(column for column in TARGETS.values() if column != TARGETS[task])
    return split_features_target(frame.drop(columns=[other]), TARGETS[task])


@pytest.mark.parametrize(
    ("task", "name"), [(task, name) for task in ESTIMATORS for name in ESTIMATORS[task]]
)
def test_model_fits_and_predicts(tiny_frame, task, name):
    features, labels = data(tiny_frame, task)
    params = dataclasses.replace(PLAIN, model=name)
    predictions = build_model(task, params, features).fit(features, labels).predict(features)
    assert len(predictions) == len(features)
    if task == "classification":
        assert set(predictions) <= set(labels)


@pytest.mark.parametrize(
    "options",
    [
        {"class_weight": "balanced"},
        {"resampling": "over"},
        {"resampling": "under"},
        {"calibration": "sigmoid"},
    ],
    ids=lambda options: "-".join(f"{k}={v}" for k, v in options.items()),
)
def test_classification_options_fit(tiny_frame, options):
    features, labels = data(tiny_frame, "classification")
    model = build_model("classification", dataclasses.replace(PLAIN, **options), features)
    probabilities = model.fit(features, labels).predict_proba(features)
    assert probabilities.shape == (len(features), 2)


def test_tuned_threshold_is_chosen_on_training_folds(tiny_frame):
    features, labels = data(tiny_frame, "classification")
    params = dataclasses.replace(PLAIN, threshold={"tune": True, "metric": "f1_macro"})
    model = build_model("classification", params, features).fit(features, labels)
    assert 0.0 < model.best_threshold_ < 1.0


def test_unknown_model_lists_the_choices(tiny_frame):
    with pytest.raises(ValueError, match="random_forest"):
        build_model("classification", dataclasses.replace(PLAIN, model="svm"), tiny_frame)


@pytest.mark.parametrize("by", ["time", "group"])
def test_threshold_tuning_and_calibration_fold_as_prepare_split(tiny_frame, by):
    features, labels = data(tiny_frame, "classification")
    features["firm"] = features.index % 6
    params = dataclasses.replace(
        PLAIN, calibration="sigmoid", threshold={"tune": True, "metric": "balanced_accuracy"}
    )
    folds = Folds(by, "firm", n_splits=3, stratify=True)
    model = build_model("classification", params, features, folds).fit(features, labels)
    assert model.cv is folds and model.estimator.cv is folds
    for train, test in folds.split(features, labels):
        if by == "time":
            assert train.max() < test.min()
        else:
            assert set(features["firm"].iloc[train]).isdisjoint(features["firm"].iloc[test])


def test_the_schema_rows_give_mlflow_the_whole_tables_schema(tiny_frame):
    """The training data's schema in MLflow is read off schema_rows: a column whose first
    gap comes after the head must still be recorded as one that may be missing."""
    from mlflow.data import from_pandas

    tiny_frame.loc[len(tiny_frame) - 1, "amount"] = np.nan
    rows = schema_rows(tiny_frame, head=5)
    assert len(rows) < len(tiny_frame)
    # A digest given: computing one warns of a pandas deprecation in MLflow.
    assert from_pandas(rows, digest="-").schema == from_pandas(tiny_frame, digest="-").schema
