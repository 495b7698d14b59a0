# Maintained by the template: change it through a template release (docs/updating.md).
"""The model pipeline: your features (features.py) and model family (models.py), wrapped.

Steps, all fitted on the training split only: your `add_features` (when it changes the
table), your `build_preprocessor`, optional resampling (imbalanced-learn), the estimator;
for classification optionally recalibrated probabilities and a tuned decision threshold.
Every path that scores (evaluate, `predict`, the API, the ONNX export) runs this one
fitted object, so your features reach each of them.
"""

from typing import Any

import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.dummy import DummyClassifier, DummyRegressor
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer

from ..config import TrainParams
from .features import add_features, build_preprocessor
from .models import ESTIMATORS


def build_estimator(task: str, params: TrainParams) -> BaseEstimator:
    """The chosen model family with its hyper-parameters, seeded."""
    try:
        estimator_class = ESTIMATORS[task][params.model]
    except KeyError:
        choices = ", ".join(ESTIMATORS.get(task, {}))
        raise ValueError(
            f"unknown model {params.model!r} for {task}: choose one of {choices} "
            "(or add yours to modeling/models.py)"
        ) from None
    estimator = estimator_class(**params.model_hyperparameters)
    if "random_state" in estimator.get_params():
        estimator.set_params(random_state=params.seed)
    if params.class_weight:
        estimator.set_params(class_weight=params.class_weight)
    return estimator


def engineer(features: pd.DataFrame) -> pd.DataFrame:
    """The table as `build_preprocessor` sees it: after your `add_features`."""
    return add_features(features.copy())


def feature_steps(features: pd.DataFrame, params: TrainParams) -> list[tuple[str, BaseEstimator]]:
    """Your `add_features` (unless `train.add_features` is false) and `build_preprocessor`,
    as pipeline steps.

    `add_features` becomes a step only when it changes the table: the identity would only
    cost a step that the ONNX converter cannot translate.
    """
    added = engineer(features) if params.add_features else features
    if added.equals(features):
        return [("preprocess", build_preprocessor(features))]
    return [
        ("add_features", FunctionTransformer(add_features)),
        ("preprocess", build_preprocessor(added)),
    ]


def build_model(
    task: str, params: TrainParams, features: pd.DataFrame, folds: Any = 5
) -> BaseEstimator:
    """The whole unfitted pipeline for `features`, the training split's feature columns.
    `folds` (a `cv=` for scikit-learn) are those calibration and threshold tuning
    cross-validate on: `train` passes the split's own (data/splitting.py)."""
    steps = [*feature_steps(features, params), ("model", build_estimator(task, params))]
    if task == "regression":
        return Pipeline(steps)
    model = Pipeline(steps) if params.resampling == "none" else _resampling_pipeline(steps, params)
    return _classifier_wrappers(model, params, folds)


def _resampling_pipeline(steps: list, params: TrainParams) -> BaseEstimator:
    """Random over- or under-sampling of the training rows (imbalanced-learn), applied
    after preprocessing and only while fitting, never to rows being scored."""
    from imblearn.over_sampling import RandomOverSampler
    from imblearn.pipeline import Pipeline as ResamplingPipeline
    from imblearn.under_sampling import RandomUnderSampler

    sampler = {"over": RandomOverSampler, "under": RandomUnderSampler}[params.resampling]
    return ResamplingPipeline(
        [*steps[:-1], ("resample", sampler(random_state=params.seed)), steps[-1]]
    )


def _classifier_wrappers(model: BaseEstimator, params: TrainParams, folds: Any) -> BaseEstimator:
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.model_selection import TunedThresholdClassifierCV

    if params.calibration != "none":
        model = CalibratedClassifierCV(model, method=params.calibration, cv=folds)
    threshold = params.threshold or {}
    if threshold.get("tune"):
        model = TunedThresholdClassifierCV(
            model,
            scoring=threshold.get("metric", "balanced_accuracy"),
            cv=folds,
            random_state=params.seed,
        )
    return model


def build_baseline(task: str) -> BaseEstimator:
    """The trivial model to beat: class frequencies (classification) or the mean."""
    if task == "classification":
        return DummyClassifier(strategy="prior")
    return DummyRegressor(strategy="mean")
