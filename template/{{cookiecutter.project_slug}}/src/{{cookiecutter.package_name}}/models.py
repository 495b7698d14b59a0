"""The model families params.yaml can choose (`train.model`), for each task."""

import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.dummy import DummyClassifier, DummyRegressor
from sklearn.ensemble import (
    HistGradientBoostingClassifier,
    HistGradientBoostingRegressor,
    RandomForestClassifier,
    RandomForestRegressor,
)
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import Pipeline

from .config import TrainParams
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


def build_model(task: str, params: TrainParams, features: pd.DataFrame) -> BaseEstimator:
    """Preprocessing, optional resampling and the chosen estimator, seeded; for
    classification optionally wrapped to recalibrate probabilities and to tune the
    decision threshold (both by cross-validation on the training data only)."""
    try:
        estimator_class = ESTIMATORS[task][params.model]
    except KeyError:
        choices = ", ".join(ESTIMATORS.get(task, {}))
        raise ValueError(
            f"unknown model {params.model!r} for {task}: choose one of {choices}"
        ) from None
    estimator = estimator_class(**params.model_hyperparameters)
    if "random_state" in estimator.get_params():
        estimator.set_params(random_state=params.seed)
    if params.class_weight:
        estimator.set_params(class_weight=params.class_weight)
    steps = [("preprocess", build_preprocessor(features)), ("model", estimator)]
    if task == "regression":
        return Pipeline(steps)
    model = Pipeline(steps) if params.resampling == "none" else _resampling_pipeline(steps, params)
    return _classifier_wrappers(model, params)


def _resampling_pipeline(steps: list, params: TrainParams) -> BaseEstimator:
    """Random over- or under-sampling of the training rows (imbalanced-learn), applied
    after preprocessing and only while fitting, never to rows being scored."""
    from imblearn.over_sampling import RandomOverSampler
    from imblearn.pipeline import Pipeline as ResamplingPipeline
    from imblearn.under_sampling import RandomUnderSampler

    sampler = {"over": RandomOverSampler, "under": RandomUnderSampler}[params.resampling]
    return ResamplingPipeline([steps[0], ("resample", sampler(random_state=params.seed)), steps[1]])


def _classifier_wrappers(model: BaseEstimator, params: TrainParams) -> BaseEstimator:
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.model_selection import TunedThresholdClassifierCV

    if params.calibration != "none":
        model = CalibratedClassifierCV(model, method=params.calibration, cv=5)
    threshold = params.threshold or {}
    if threshold.get("tune"):
        model = TunedThresholdClassifierCV(
            model,
            scoring=threshold.get("metric", "balanced_accuracy"),
            cv=5,
            random_state=params.seed,
        )
    return model


def build_baseline(task: str) -> BaseEstimator:
    """The trivial model to beat: class frequencies (classification) or the mean."""
    if task == "classification":
        return DummyClassifier(strategy="prior")
    return DummyRegressor(strategy="mean")
