"""Every model family trains on tiny data and predicts."""

import pytest

from {{ cookiecutter.package_name }}.features import split_features_target
from {{ cookiecutter.package_name }}.models import ESTIMATORS, build_model

TARGETS = {"classification": "label", "regression": "amount"}


@pytest.mark.parametrize(
    ("task", "name"), [(task, name) for task in ESTIMATORS for name in ESTIMATORS[task]]
)
def test_model_fits_and_predicts(tiny_frame, task, name):
    target = TARGETS[task]
    other = next(column for column in TARGETS.values() if column != target)
    features, labels = split_features_target(tiny_frame.drop(columns=[other]), target)
    model = build_model(task, name, {}, seed=0, features=features).fit(features, labels)
    predictions = model.predict(features)
    assert len(predictions) == len(features)
    if task == "classification":
        assert set(predictions) <= set(labels)


def test_unknown_model_lists_the_choices(tiny_frame):
    with pytest.raises(ValueError, match="random_forest"):
        build_model("classification", "svm", {}, seed=0, features=tiny_frame)
