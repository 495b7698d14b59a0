"""The model families params.yaml can choose (`train.model`), for each task."""

from typing import Any

import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.ensemble import (
    HistGradientBoostingClassifier,
    HistGradientBoostingRegressor,
    RandomForestClassifier,
    RandomForestRegressor,
)
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import Pipeline

from .features import build_preprocessor

ESTIMATORS: dict[str, dict[str, type[BaseEstimator]]] = {
    "classification": {
        "logistic_regression": LogisticRegression,
        "random_forest": RandomForestClassifier,
        "hist_gradient_boosting": HistGradientBoostingClassifier,
    },
    "regression": {
        "logistic_regression": Ridge,
        "random_forest": RandomForestRegressor,
        "hist_gradient_boosting": HistGradientBoostingRegressor,
    },
}


def build_model(
    task: str, name: str, hyperparameters: dict[str, Any], seed: int, features: pd.DataFrame
) -> Pipeline:
    """Preprocessing followed by the chosen estimator, seeded for reproducibility."""
    try:
        estimator_class = ESTIMATORS[task][name]
    except KeyError:
        choices = ", ".join(ESTIMATORS.get(task, {}))
        raise ValueError(f"unknown model {name!r} for {task}: choose one of {choices}") from None
    estimator = estimator_class(**hyperparameters)
    if "random_state" in estimator.get_params():
        estimator.set_params(random_state=seed)
    return Pipeline([("preprocess", build_preprocessor(features)), ("model", estimator)])
