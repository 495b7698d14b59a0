"""The grader's own numbers, computed inside a graded project's environment.

Run by the grader as `uv run python probe.py SETTINGS OUT` in the clean clone, after its
own `dvc repro`: it reads only the student's trained model and the train and test splits
made by that run (SETTINGS' `files`), never a report, and computes every graded number
with the reference implementations below. SETTINGS are the template's evaluate settings
(from the project's first commit), so a student's params.yaml cannot move the goal
posts. Standalone on purpose: the project's environment has no mlfolio.
"""

import json
import sys
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
from sklearn import metrics
from sklearn.model_selection import cross_val_score
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

RESAMPLES = 1000


def expected_calibration_error(y_true, probabilities, classes, n_bins: int) -> float:
    """|accuracy - confidence| per confidence bin, weighted by the bin's size."""
    confidence = probabilities.max(axis=1)
    correct = np.asarray(classes)[probabilities.argmax(axis=1)] == np.asarray(y_true)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1], right=True), 0, n_bins - 1)
    gaps = [
        (which == b).sum() * abs(correct[which == b].mean() - confidence[which == b].mean())
        for b in range(n_bins)
        if (which == b).any()
    ]
    return float(sum(gaps) / len(y_true))


def scorer(name: str, classes):
    """`score(y_true, y_pred, probabilities)` for the main metric."""
    binary = len(classes) == 2

    def roc_auc(y, _, p):
        if binary:
            return metrics.roc_auc_score(y == classes[1], p[:, 1])
        return metrics.roc_auc_score(y, p, multi_class="ovr", labels=classes)

    known = {
        "roc_auc": roc_auc,
        "accuracy": lambda y, yhat, _: metrics.accuracy_score(y, yhat),
        "balanced_accuracy": lambda y, yhat, _: metrics.balanced_accuracy_score(y, yhat),
        "f1_macro": lambda y, yhat, _: metrics.f1_score(y, yhat, average="macro"),
        "r2": lambda y, yhat, _: metrics.r2_score(y, yhat),
    }
    if name not in known:
        raise ValueError(f"the grader has no reference for main metric {name!r}")
    return known[name]


def ci_low(score, y_true, y_pred, probabilities, seed: int) -> float:
    """The 2.5th percentile of the metric over bootstrap resamples of the test rows."""
    rng = np.random.default_rng(seed)
    values = []
    for _ in range(RESAMPLES):
        rows = rng.integers(0, len(y_true), len(y_true))
        try:
            values.append(score(y_true[rows], y_pred[rows], probabilities[rows]))
        except ValueError:  # a resample with a single class has no AUC
            continue
    return float(np.percentile(values, 2.5))


def leakage(train: pd.DataFrame, test: pd.DataFrame, target: str, task: str, settings) -> list:
    """Shared rows, copies of the target, and single columns that predict it alone."""
    x_train, x_test = train.drop(columns=[target]), test.drop(columns=[target])
    as_text = lambda frame: frame.astype(object).where(frame.notna(), "missing").astype(str)  # noqa: E731
    seen = set(as_text(x_train).itertuples(index=False, name=None))
    shared = sum(row in seen for row in as_text(x_test).itertuples(index=False, name=None))
    findings = [f"{shared} test row(s) also appear in training"] if shared else []
    y = train[target].reset_index(drop=True)
    for column in x_train.columns:
        values = x_train[column].reset_index(drop=True)
        if values.equals(y):
            findings.append(f"column {column!r} is a copy of the target")
            continue
        frame = values.to_frame()
        if not pd.api.types.is_numeric_dtype(values):
            frame = frame.apply(lambda col: pd.factorize(col)[0])
        if task == "classification":
            tree, scoring = DecisionTreeClassifier(max_depth=3, random_state=0), "balanced_accuracy"
            folds = max(2, min(3, int(y.value_counts().min())))
        else:
            tree, scoring, folds = DecisionTreeRegressor(max_depth=3, random_state=0), "r2", 3
        score = cross_val_score(tree, frame, y, cv=folds, scoring=scoring).mean()
        if score >= settings["leakage_single_feature_score"]:
            findings.append(f"column {column!r} alone predicts the target ({score:.3f})")
    return findings


def slice_gaps(test: pd.DataFrame, y_true, y_pred, task: str, settings) -> dict[str, float]:
    """Per slice column, the largest difference in accuracy (or MAE) between its groups."""
    gaps = {}
    for column in settings.get("slices") or []:
        values = test[column]
        if pd.api.types.is_numeric_dtype(values) and values.nunique() > settings["slice_bins"]:
            groups = pd.qcut(values, q=settings["slice_bins"], duplicates="drop").astype(str)
        else:
            groups = values.astype(str)
        per_group = []
        for name in groups.unique():
            rows = (groups == name).to_numpy()
            if task == "classification":
                per_group.append(metrics.accuracy_score(y_true[rows], y_pred[rows]))
            else:
                per_group.append(metrics.mean_absolute_error(y_true[rows], y_pred[rows]))
        gaps[column] = float(max(per_group) - min(per_group))
    return gaps


def probe(settings: dict) -> dict:
    target, task, ev = settings["target"], settings["task"], settings["evaluate"]
    files = settings["files"]
    model = joblib.load(files["model"])
    train, test = pd.read_csv(files["train"]), pd.read_csv(files["test"])
    features, y_true = test.drop(columns=[target]), test[target].to_numpy()
    y_pred = np.asarray(model.predict(features))
    result = {"leakage": leakage(train, test, target, task, ev)}
    result["slice_gaps"] = slice_gaps(test, y_true, y_pred, task, ev)
    probabilities = np.zeros((len(y_true), 1))
    classes = []
    if task == "classification":
        probabilities, classes = model.predict_proba(features), list(model.classes_)
        result["ece"] = expected_calibration_error(
            y_true, probabilities, classes, ev.get("calibration_bins", 10)
        )
    score = scorer(ev["main_metric"], classes)
    result["main_metric"] = {
        "name": ev["main_metric"],
        "value": float(score(y_true, y_pred, probabilities)),
        "ci_low": ci_low(score, y_true, y_pred, probabilities, ev.get("seed", 0)),
    }
    return result


if __name__ == "__main__":
    settings = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    try:
        outcome = probe(settings)
    except Exception as error:  # noqa: BLE001 - any failure is the student's, reported as such
        outcome = {"error": f"{error.__class__.__name__}: {error}"}
    Path(sys.argv[2]).write_text(json.dumps(outcome, indent=2) + "\n", encoding="utf-8")
