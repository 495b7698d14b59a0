"""Stage `evaluate`: score the trained model on the held-out test split.

Writes reports/metrics.json (read by `dvc metrics show`), the data behind
`dvc plots`, PNG figures, and adds all of it to the training run in MLflow.
"""

import json
import logging
from pathlib import Path

import joblib
import pandas as pd

from .config import (
    FIGURES_DIR,
    METRICS_FILE,
    MODEL_FILE,
    PLOTS_DIR,
    RUN_FILE,
    TEST_DATA,
    load_params,
)
from .features import split_features_target
from .figures import confusion_matrix_png, predicted_vs_actual_png
from .metrics import classification_metrics, regression_metrics
from .tracking import import_mlflow

log = logging.getLogger(__name__)


def evaluate(model, test: pd.DataFrame, target: str, task: str) -> tuple[dict, list[Path]]:
    """Compute the metrics and write plot data and figures; return both."""
    features, y_true = split_features_target(test, target)
    y_pred = model.predict(features)
    plot_data = pd.DataFrame({"actual": y_true, "predicted": y_pred})
    PLOTS_DIR.mkdir(parents=True, exist_ok=True)
    FIGURES_DIR.mkdir(parents=True, exist_ok=True)
    if task == "classification":
        classes = list(model.classes_)
        scores = classification_metrics(y_true, y_pred, model.predict_proba(features), classes)
        plot_data.to_csv(PLOTS_DIR / "confusion.csv", index=False)
        figure = FIGURES_DIR / "confusion_matrix.png"
        confusion_matrix_png(y_true, y_pred, classes, figure)
    else:
        scores = regression_metrics(y_true, y_pred)
        plot_data.to_csv(PLOTS_DIR / "predictions.csv", index=False)
        figure = FIGURES_DIR / "predicted_vs_actual.png"
        predicted_vs_actual_png(y_true, y_pred, figure)
    return {"task": task, "n_test": len(test), **scores}, [figure]


def log_to_run(scores: dict, figures: list[Path]) -> None:
    """Attach test metrics and figures to the MLflow run that trained the model."""
    run = json.loads(RUN_FILE.read_text(encoding="utf-8"))
    mlflow = import_mlflow()
    try:
        mlflow.get_run(run["run_id"])
    except mlflow.exceptions.MlflowException:
        log.warning(
            "MLflow run %s is not in %s (was the model trained with another store?); "
            "metrics were written to %s only",
            run["run_id"],
            mlflow.get_tracking_uri(),
            METRICS_FILE,
        )
        return
    with mlflow.start_run(run_id=run["run_id"]):
        numbers = {k: v for k, v in scores.items() if isinstance(v, float)}
        mlflow.log_metrics({f"test_{name}": value for name, value in numbers.items()})
        mlflow.log_artifact(str(METRICS_FILE), artifact_path="reports")
        for figure in figures:
            mlflow.log_artifact(str(figure), artifact_path="figures")


def main() -> None:
    params = load_params()
    model = joblib.load(MODEL_FILE)
    test = pd.read_csv(TEST_DATA)
    scores, figures = evaluate(model, test, params.data.target, params.data.task)
    METRICS_FILE.parent.mkdir(parents=True, exist_ok=True)
    METRICS_FILE.write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")
    numbers = ", ".join(f"{k}={v:.3f}" for k, v in scores.items() if isinstance(v, float))
    log.info("test metrics: %s", numbers)
    log_to_run(scores, figures)
