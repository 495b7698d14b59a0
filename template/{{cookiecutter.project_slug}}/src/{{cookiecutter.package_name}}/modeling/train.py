# Maintained by the template: change it through a template release (docs/updating.md).
"""Stage `train`: fit the chosen model on the training split and save it.

`log_training` records the fit (parameters, data version, model) in MLflow: evaluate
calls it, so that the run is logged in one step with its evaluation, and this stage
never imports MLflow (seconds of every re-training)."""

import logging
import os
import warnings
from importlib.metadata import version
from types import ModuleType

import joblib
import pandas as pd
from sklearn.base import BaseEstimator

from ..config import MODEL_FILE, TRAIN_DATA, Params, load_params
from ..data.splitting import recorded_folds
from ..data.tables import file_md5, read_split, split_features_target
from .pipeline import build_model
from .tracking import TRAIN_DATA_TAG

log = logging.getLogger(__name__)

# Declared instead of inferred: MLflow spends seconds guessing them otherwise.
MODEL_REQUIREMENTS = [f"{name}=={version(name)}" for name in ("scikit-learn", "pandas", "numpy")]
# MLflow saves scikit-learn models with skops, which loads only the types it is told to
# trust. Trust those of the libraries the pipeline is built from and of this package
# (your `add_features`); any other type (a lambda, another library's class) stays refused.
TRUSTED_MODULES = ("sklearn.", "imblearn.", "numpy.", "{{ cookiecutter.package_name }}.")


def trusted_types(model: BaseEstimator) -> list[str]:
    import skops.io

    untrusted = skops.io.get_untrusted_types(data=skops.io.dumps(model))
    return [name for name in untrusted if name.startswith(TRUSTED_MODULES)]


def fit(train: pd.DataFrame, params: Params) -> BaseEstimator:
    """The model fitted on `train`; calibration and threshold tuning cross-validate on
    folds that follow prepare's split (by time, by group, identical rows together)."""
    features, target = split_features_target(train, params.data.target)
    if (params.train.threshold or {}).get("tune") and target.nunique() != 2:
        raise ValueError("train.threshold.tune works for binary targets only: set it to false")
    folds = recorded_folds(params.data.task, params.train.seed)
    return build_model(params.data.task, params.train, features, folds).fit(features, target)


def signature(model: BaseEstimator, features: pd.DataFrame):
    """The model's input and output schema, recorded with it in MLflow."""
    from mlflow.models import infer_signature

    sample = features.head(20)
    return infer_signature(sample, model.predict(sample))


def schema_rows(frame: pd.DataFrame, head: int = 1000) -> pd.DataFrame:
    """The first rows and each column's first missing value: MLflow infers a dataset's
    schema (each column's type, and whether it may be missing) value by value, which took
    6 s for 240,000 rows; these rows give the same schema."""
    missing = frame.isna().to_numpy()
    first_missing = missing.argmax(axis=0)[missing.any(axis=0)]
    return frame.iloc[sorted({*range(min(head, len(frame))), *first_missing.tolist()})]


def log_training(
    mlflow: ModuleType, model: BaseEstimator, train: pd.DataFrame, params: Params
) -> str:
    """Record the fit in the active MLflow run; return the logged model's URI."""
    features, _ = split_features_target(train, params.data.target)
    with warnings.catch_warnings():
        # MLflow hints, for the dataset and the signature, that integer columns cannot
        # hold missing values. Inputs keep their training dtypes anyway (MLflow refuses
        # to cast int64 to float64 when predicting) and class labels are never missing.
        warnings.filterwarnings("ignore", message="Hint: Inferred schema contains integer")
        mlflow.log_params(
            {
                "dataset": params.data.dataset,
                "task": params.data.task,
                "model": params.train.model,
                "seed": params.train.seed,
                "class_weight": params.train.class_weight,
                "resampling": params.train.resampling,
                "calibration": params.train.calibration,
                "threshold_tuned": bool((params.train.threshold or {}).get("tune")),
                "add_features": params.train.add_features,
                **params.train.model_hyperparameters,
            }
        )
        # The DVC hash of the training data doubles as MLflow's dataset digest, so a run
        # points at the exact data version in dvc.lock.
        data_md5 = file_md5(TRAIN_DATA)
        mlflow.set_tags({TRAIN_DATA_TAG: data_md5, "data.rows": len(train)})
        # `dvc exp run` names every experiment; `compare` shows that name.
        if experiment := os.environ.get("DVC_EXP_NAME"):
            mlflow.set_tag("dvc.experiment", experiment)
        dataset = mlflow.data.from_pandas(
            train, targets=params.data.target, name="train", digest=data_md5
        )
        # A cached property: set here, it is not inferred again from every row.
        dataset.schema = mlflow.data.from_pandas(schema_rows(train), digest=data_md5).schema
        mlflow.log_input(dataset, context="training")
        info = mlflow.sklearn.log_model(
            model,
            name="model",
            pip_requirements=MODEL_REQUIREMENTS,
            skops_trusted_types=trusted_types(model),
            signature=signature(model, features),
        )
    return info.model_uri


def main() -> None:
    params = load_params()
    train = read_split(TRAIN_DATA)
    log.info("fitting %s on %d rows", params.train.model, len(train))
    model = fit(train, params)
    MODEL_FILE.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, MODEL_FILE)
    log.info("saved %s", MODEL_FILE)
