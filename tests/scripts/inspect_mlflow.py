"""Run inside a generated project (`uv run python inspect_mlflow.py`): read its MLflow
store back through the client and print what the template's tests check, as JSON."""

import json
import os
from pathlib import Path

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")

import joblib  # noqa: E402
import mlflow  # noqa: E402
import pandas as pd  # noqa: E402
import yaml  # noqa: E402

mlflow.set_tracking_uri("sqlite:///mlflow.db")
recorded = json.loads(Path("models/mlflow_run.json").read_text())
params = yaml.safe_load(Path("params.yaml").read_text())
run = mlflow.get_run(recorded["run_id"])
experiment = mlflow.get_experiment(run.info.experiment_id)

test = pd.read_csv("data/processed/test.csv")
features = test.drop(columns=[params["data"]["target"]])
served = mlflow.pyfunc.load_model(recorded["model_uri"]).predict(features)
local = joblib.load("models/model.joblib").predict(features)

print(
    json.dumps(
        {
            "experiment": experiment.name,
            "status": run.info.status,
            "params": run.data.params,
            "metrics": run.data.metrics,
            "tags": {k: v for k, v in run.data.tags.items() if not k.startswith("mlflow.")},
            "artifacts": sorted(
                a.path for a in mlflow.artifacts.list_artifacts(run_id=run.info.run_id)
            ),
            "predicted_rows": len(served),
            "pyfunc_agrees_with_pipeline_model": bool(
                (pd.Series(served) == pd.Series(local)).all()
            ),
        }
    )
)
