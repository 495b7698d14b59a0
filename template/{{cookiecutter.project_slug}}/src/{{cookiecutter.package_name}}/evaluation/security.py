# Maintained by the template: change it through a template release (docs/updating.md).
"""Stage `security`: what can go wrong once the model is in use, measured on this
project's model and data rather than described.

- Evasion: how many test predictions flip under small bounded changes of the numeric
  features (an attacker, or just noisy sensors, nudging inputs).
- Poisoning: how the main metric decays when a growing share of training labels is
  flipped (corrupted or malicious training data).
- Membership inference: how well the model's confidence tells training records from
  unseen ones (an overfit model leaks who was in its training data).
- Personal data: the datasheet's scan, run on the features the model uses; a flagged
  column fails the quality gate unless params.yaml allows it with a reason.
"""

import json
import logging

import joblib
import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from ..config import MODEL_FILE, SECURITY_FILE, TEST_DATA, TRAIN_DATA, Params, load_params
from ..data.pii import scan
from ..data.tables import read_split, split_features_target
from ..modeling.pipeline import build_model
from .metrics import main_score

log = logging.getLogger(__name__)


def perturbed(features: pd.DataFrame, size: float, rng: np.random.Generator) -> pd.DataFrame:
    """Numeric features moved by at most `size` standard deviations each, uniformly."""
    moved = features.copy()
    for column in features.select_dtypes("number").columns:
        bound = size * (features[column].std() or 0.0)
        moved[column] = features[column] + rng.uniform(-bound, bound, len(features))
    return moved


def evasion(model, features: pd.DataFrame, task: str, sizes: list[float], seed: int) -> list:
    """Per perturbation size: the share of predicted classes that change (classification),
    or the mean change of the prediction in standard deviations (regression)."""
    rng = np.random.default_rng(seed)
    base = model.predict(features)
    rows = []
    for size in sizes:
        moved = model.predict(perturbed(features, size, rng))
        if task == "classification":
            change = float(np.mean(moved != base))
        else:
            # A forest on several cores sums its trees in the order its threads finish:
            # the same rows can come back different in the last bits, which is no change.
            moved = np.where(np.isclose(moved, base, rtol=1e-12, atol=0.0), base, moved)
            change = float(np.mean(np.abs(moved - base)) / (np.std(base) or 1.0))
        rows.append({"size": float(size), "changed": change})
    return rows


def flipped_labels(target: pd.Series, fraction: float, task: str, rng) -> pd.Series:
    """`target` with a `fraction` of its rows corrupted: another class, or a value taken
    from a random other row."""
    values = target.to_numpy().copy()
    rows = rng.choice(len(target), size=int(round(fraction * len(target))), replace=False)
    if task == "classification":
        classes, codes = np.unique(values, return_inverse=True)
        # A shift of 1..k-1 classes, uniform: each of the other classes equally likely.
        shift = rng.integers(1, len(classes), size=len(rows)) if len(classes) > 1 else 0
        values[rows] = classes[(codes[rows] + shift) % len(classes)]
    else:
        values[rows] = rng.permutation(values[rows])
    return pd.Series(values, index=target.index, name=target.name)


def poisoning(
    train: pd.DataFrame, test: pd.DataFrame, params: Params, fractions, seed, model=None
) -> list:
    """The main metric on the test split after retraining on partly flipped labels.

    `model`: the one trained on the true labels, when the caller has it; retraining it
    with no label flipped would fit the same model again."""
    task, metric = params.data.task, params.evaluate.main_metric
    train_x, train_y = split_features_target(train, params.data.target)
    test_x, test_y = split_features_target(test, params.data.target)
    rng = np.random.default_rng(seed)
    rows = []
    for fraction in fractions:
        labels = flipped_labels(train_y, fraction, task, rng)
        fitted = (
            model
            if model is not None and not fraction
            else build_model(task, params.train, train_x).fit(train_x, labels)
        )
        value = main_score(fitted, test_x, test_y, task, metric)
        rows.append({"fraction": float(fraction), "value": value})
    return rows


def confidence_in_truth(model, features: pd.DataFrame, target: pd.Series, task: str) -> np.ndarray:
    """How sure the model is of each row's true answer: the attacker's signal."""
    if task == "classification":
        proba = model.predict_proba(features)
        index = {label: i for i, label in enumerate(model.classes_)}
        return proba[np.arange(len(target)), [index[label] for label in target]]
    return -np.abs(target.to_numpy() - model.predict(features))


def membership_inference(
    model, train: pd.DataFrame, test: pd.DataFrame, params: Params, seed: int
) -> dict:
    """AUC of a confidence-threshold attack telling training rows from test rows:
    0.5 is no signal; the closer to 1, the more the model gives its training data away."""
    size = min(len(train), len(test))
    rng = np.random.default_rng(seed)
    scores, members = [], []
    for frame, member in ((train, 1), (test, 0)):
        sample = frame.iloc[rng.choice(len(frame), size=size, replace=False)]
        features, target = split_features_target(sample, params.data.target)
        scores.append(confidence_in_truth(model, features, target, params.data.task))
        members.append(np.full(size, member))
    auc = float(roc_auc_score(np.concatenate(members), np.concatenate(scores)))
    return {"attack_auc": auc, "rows_per_side": size}


def personal_data(features: pd.DataFrame, allowed: dict[str, str]) -> dict:
    findings = scan(features)
    blocking = [f.detail for f in findings if f.column not in allowed]
    return {
        "flagged": [f.detail for f in findings],
        "allowed": {column: reason for column, reason in allowed.items()},
        "passed": not blocking,
    }


def security_report(model, train: pd.DataFrame, test: pd.DataFrame, params: Params) -> dict:
    settings = params.security
    features, _ = split_features_target(test, params.data.target)
    log.info("evasion: perturbing %d test rows", len(test))
    report: dict[str, object] = {
        "evasion": evasion(
            model, features, params.data.task, settings.perturbation_sizes, settings.seed
        )
    }
    log.info("poisoning: retraining with flipped labels %s", settings.poisoning_fractions)
    report["poisoning"] = {
        "metric": params.evaluate.main_metric,
        "curve": poisoning(train, test, params, settings.poisoning_fractions, settings.seed, model),
    }
    report["membership_inference"] = membership_inference(model, train, test, params, settings.seed)
    report["personal_data"] = personal_data(features, settings.pii_allowed or {})
    return report


def main() -> None:
    params = load_params()
    model = joblib.load(MODEL_FILE)
    report = security_report(model, read_split(TRAIN_DATA), read_split(TEST_DATA), params)
    SECURITY_FILE.parent.mkdir(parents=True, exist_ok=True)
    SECURITY_FILE.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    log.info(
        "membership inference AUC %.3f; %s of predictions change at the largest perturbation",
        report["membership_inference"]["attack_auc"],
        f"{report['evasion'][-1]['changed']:.1%}" if report["evasion"] else "none",
    )
    for detail in report["personal_data"]["flagged"]:
        log.warning("personal data? %s", detail)
