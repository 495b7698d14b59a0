# Maintained by the template: change it through a template release (docs/updating.md).
"""Ways the test split can leak into training, each reported with what to look at.

Every finding here is serious (an `error`): it makes test metrics look better than the
model is, so the quality gate fails on it.
"""

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.metrics import balanced_accuracy_score, r2_score
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

from ..data.splitting import UNRECORDED, row_keys

# The single-feature check fits on at most this many training rows (a seeded sample): a
# column that predicts the target almost alone does so on any sample this large, and 48
# fits on 240,000 rows took a fifth of `evaluate`.
SINGLE_FEATURE_ROWS = 50_000


def shared_rows(train_features: pd.DataFrame, test_features: pd.DataFrame) -> list[int]:
    """Positions of test rows whose features also appear, identically, in training."""
    # One table first, so that a column read as int in one split and float in the other
    # hashes alike.
    keys = row_keys(pd.concat([train_features, test_features], ignore_index=True)).to_numpy()
    seen = keys[: len(train_features)]
    return np.flatnonzero(np.isin(keys[len(train_features) :], seen)).tolist()


def split_findings(split: dict) -> list[dict]:
    """What crosses a split by group or by time, as prepare recorded it: an entity on both
    sides, or test rows no later than the last training row."""
    column = split.get("column")
    if split.get("shared_groups"):
        return [
            {
                "check": "shared_entities",
                "detail": f"{split['shared_groups']} {column} value(s) are in both training "
                "and test: the model is graded on entities it has seen",
                "columns": [column],
            }
        ]
    if split.get("shared_periods"):
        return [
            {
                "check": "test_not_after_training",
                "detail": f"{split['shared_periods']} test row(s) are not after the last "
                f"training {column} ({split['train_period'][1]}): the model is graded on "
                "the past it was trained on",
                "columns": [column],
            }
        ]
    return []


def target_copies(features: pd.DataFrame, target: pd.Series) -> list[str]:
    """Feature columns holding exactly the target's values."""
    values = target.reset_index(drop=True)
    return [
        str(column)
        for column in features.columns
        if features[column].reset_index(drop=True).equals(values)
    ]


def single_feature_scores(
    features: pd.DataFrame, target: pd.Series, task: str, seed: int
) -> dict[str, float]:
    """Cross-validated score of a shallow tree on each feature alone (balanced accuracy
    or R²): a single column that predicts the target almost perfectly is usually a
    proxy for it recorded after the fact. The folds are drawn once for every column
    (cross_val_score's set-up per call cost more than the fits of small data), shuffled:
    a file sorted by the leaking column would otherwise leave its boundary out of training."""
    if len(features) > SINGLE_FEATURE_ROWS:
        rng = np.random.default_rng(seed)
        rows = np.sort(rng.choice(len(features), SINGLE_FEATURE_ROWS, replace=False))
        features, target = features.iloc[rows], target.iloc[rows]
    if task == "classification":
        tree = DecisionTreeClassifier(max_depth=3, random_state=seed)
        score = balanced_accuracy_score
        n_splits = max(2, min(3, int(target.value_counts().min())))
        folds = StratifiedKFold(n_splits, shuffle=True, random_state=seed)
    else:
        tree = DecisionTreeRegressor(max_depth=3, random_state=seed)
        score, folds = r2_score, KFold(3, shuffle=True, random_state=seed)
    labels = target.to_numpy()
    splits = list(folds.split(features, labels))

    def cross_validated(rows: np.ndarray) -> float:
        per_fold = []
        for fit, held_out in splits:
            predicted = clone(tree).fit(rows[fit], labels[fit]).predict(rows[held_out])
            per_fold.append(score(labels[held_out], predicted))
        return float(np.mean(per_fold))

    scores = {}
    for column in features.columns:
        values = features[column]
        if not pd.api.types.is_numeric_dtype(values):
            values = pd.Series(pd.factorize(values)[0], index=values.index)
        scores[str(column)] = cross_validated(
            values.to_numpy(dtype=float, na_value=np.nan).reshape(-1, 1)
        )
    return scores


def check_leakage(
    train: pd.DataFrame,
    test: pd.DataFrame,
    target: str,
    task: str,
    threshold: float,
    seed: int,
    split: dict | None = None,
) -> dict:
    """Every leak found; `split` is prepare's record of the split (reports/preparation.json).

    Identical rows on both sides are a leak of a random split only: a split by time or by
    group may hold equal rows of other periods or entities, which is what it grades."""
    split = split or UNRECORDED
    train_features, test_features = train.drop(columns=[target]), test.drop(columns=[target])
    findings = split_findings(split)
    if split["by"] == "random" and (rows := shared_rows(train_features, test_features)):
        findings.append(
            {
                "check": "shared_rows",
                "detail": f"{len(rows)} test row(s) also appear in training, "
                f"e.g. test rows {rows[:5]}",
                "rows": rows,
            }
        )
    for column in target_copies(train_features, train[target]):
        findings.append(
            {
                "check": "target_copy",
                "detail": f"column {column!r} is a copy of the target {target!r}",
                "columns": [column],
            }
        )
    scores = single_feature_scores(train_features, train[target], task, seed)
    for column, score in scores.items():
        if score >= threshold:
            findings.append(
                {
                    "check": "single_feature_predictor",
                    "detail": f"column {column!r} alone predicts {target!r} with a "
                    f"cross-validated score of {score:.3f} (limit {threshold})",
                    "columns": [column],
                }
            )
    return {
        "passed": not findings,
        "findings": findings,
        "single_feature_scores": scores,
        "single_feature_threshold": threshold,
        "single_feature_rows": min(len(train), SINGLE_FEATURE_ROWS),
    }
