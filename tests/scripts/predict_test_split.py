"""Run inside a generated project (`uv run python predict_test_split.py TARGET`): print, as
JSON, what the pipeline's own model (models/model.joblib) predicts for the test split, for
the template's tests to compare with the answers of the project's HTTP API."""

import json
import sys

import joblib
import pandas as pd

model = joblib.load("models/model.joblib")
features = pd.read_csv("data/processed/test.csv").drop(columns=[sys.argv[1]])
result = {"predictions": model.predict(features).tolist()}
if hasattr(model, "predict_proba"):
    result["probabilities"] = model.predict_proba(features).tolist()
print(json.dumps(result))
