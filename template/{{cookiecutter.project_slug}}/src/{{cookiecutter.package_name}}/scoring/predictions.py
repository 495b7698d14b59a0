# Maintained by the template: change it through a template release (docs/updating.md).
"""What a scored row carries: the prediction, each class's probability, the model version.

{% if cookiecutter.serving %}Shared by the `predict` command and the HTTP API, so a file scored offline and a record
scored online get the same columns from the same model.{% else %}Apart from the `predict` command, so that any other way of scoring (an API, a notebook)
gets the same columns from the same model.{% endif %}
"""

import json
from pathlib import Path

import pandas as pd
import yaml

from ..config import EVALUATION_FILE, MODEL_FILE, PROVENANCE_FILE, RUN_FILE, TRAIN_DATA
from ..data.tables import file_md5

DVC_LOCK = Path("dvc.lock")


def predict_table(model, features: pd.DataFrame, task: str) -> pd.DataFrame:
    """`prediction`, and for classification `probability_<class>` for every class."""
    ordered = features[list(getattr(model, "feature_names_in_", features.columns))]
    table = pd.DataFrame({"prediction": model.predict(ordered)}, index=features.index)
    if task == "classification":
        probabilities = model.predict_proba(ordered)
        for label, column in zip(model.classes_, probabilities.T, strict=True):
            table[f"probability_{label}"] = column
    return table


def _read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def locked_md5(path: Path) -> str | None:
    """The hash dvc.lock records for a pipeline output, when the pipeline has run."""
    if not DVC_LOCK.is_file():
        return None
    stages = (yaml.safe_load(DVC_LOCK.read_text(encoding="utf-8")) or {}).get("stages", {})
    for stage in stages.values():
        for out in stage.get("outs", []):
            if out.get("path") == path.as_posix():
                return out.get("md5")
    return None


def main_metric() -> dict | None:
    """The headline metric with its 95% CI, from the last evaluation."""
    report = _read_json(EVALUATION_FILE)
    if "main_metric" not in report:
        return None
    result = report["metrics"][report["main_metric"]]
    return {
        "name": report["main_metric"],
        **{key: result[key] for key in ("value", "ci_low", "ci_high")},
    }


def model_info(model_file: Path = MODEL_FILE) -> dict:
    """Which model answers: the hash of its file is its version (what the pipeline wrote,
    byte for byte), with the MLflow run that trained it and the data it learned from."""
    return {
        "version": file_md5(model_file)[:12] if model_file.is_file() else None,
        "mlflow_run_id": _read_json(RUN_FILE).get("run_id"),
        "raw_data_md5": _read_json(PROVENANCE_FILE).get("dvc_md5"),
        "train_data_md5": locked_md5(TRAIN_DATA),
        "main_metric": main_metric(),
    }
