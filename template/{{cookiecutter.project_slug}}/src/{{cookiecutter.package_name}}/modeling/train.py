# Maintained by the template: change it through a template release (docs/updating.md).
"""Stage `train`: fit the chosen model on the training split, save it, and log the
run (parameters, data version, model) to MLflow."""

import json
import logging
import os
import warnings
from importlib.metadata import version

import joblib
import pandas as pd
from sklearn.base import BaseEstimator

from ..config import MODEL_FILE, RUN_FILE, TRAIN_DATA, Params, load_params
from ..data.splitting import recorded_folds
from ..data.tables import file_md5, split_features_target
from .pipeline import build_model
from .tracking import import_mlflow

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


def log_run(model: BaseEstimator, train: pd.DataFrame, params: Params) -> dict[str, str]:
    """Record the training run in MLflow; return what evaluate needs to find it."""
    mlflow = import_mlflow()
    features, _ = split_features_target(train, params.data.target)
    mlflow.set_experiment(params.tracking.experiment)
    with mlflow.start_run(run_name=params.train.model) as run, warnings.catch_warnings():
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
        mlflow.set_tags({"data.train_md5": data_md5, "data.rows": len(train)})
        # `dvc exp run` names every experiment; `compare` shows that name.
        if experiment := os.environ.get("DVC_EXP_NAME"):
            mlflow.set_tag("dvc.experiment", experiment)
        mlflow.log_input(
            mlflow.data.from_pandas(
                train, targets=params.data.target, name="train", digest=data_md5
            ),
            context="training",
        )
        info = mlflow.sklearn.log_model(
            model,
            name="model",
            pip_requirements=MODEL_REQUIREMENTS,
            skops_trusted_types=trusted_types(model),
            signature=signature(model, features),
        )
        return {
            "run_id": run.info.run_id,
            "experiment": params.tracking.experiment,
            "model_uri": info.model_uri,
        }


def main() -> None:
    params = load_params()
    train = pd.read_csv(TRAIN_DATA)
    log.info("fitting %s on %d rows", params.train.model, len(train))
    model = fit(train, params)
    MODEL_FILE.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, MODEL_FILE)
    log.info("saved %s; logging the run to MLflow", MODEL_FILE)
    run = log_run(model, train, params)
    RUN_FILE.write_text(json.dumps(run, indent=2) + "\n", encoding="utf-8")
    log.info("MLflow run %s in experiment %r", run["run_id"], run["experiment"])
