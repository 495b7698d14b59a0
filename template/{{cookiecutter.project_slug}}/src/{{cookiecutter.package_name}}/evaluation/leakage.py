# Maintained by the template: change it through a template release (docs/updating.md).
"""Ways the test split can leak into training, each reported with what to look at.

Every finding here is serious (an `error`): it makes test metrics look better than the
model is, so the quality gate fails on it.
"""

import pandas as pd
from sklearn.model_selection import cross_val_score
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

from ..data.tables import as_text


def shared_rows(train_features: pd.DataFrame, test_features: pd.DataFrame) -> list[int]:
    """Positions of test rows whose features also appear, identically, in training."""
    seen = set(as_text(train_features).itertuples(index=False, name=None))
    rows = as_text(test_features).itertuples(index=False, name=None)
    return [position for position, row in enumerate(rows) if row in seen]


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
    proxy for it recorded after the fact."""
    if task == "classification":
        tree, scoring = DecisionTreeClassifier(max_depth=3, random_state=seed), "balanced_accuracy"
        folds = max(2, min(3, int(target.value_counts().min())))
    else:
        tree, scoring = DecisionTreeRegressor(max_depth=3, random_state=seed), "r2"
        folds = 3
    scores = {}
    for column in features.columns:
        values = features[[column]]
        if not pd.api.types.is_numeric_dtype(values[column]):
            values = values.apply(lambda col: pd.factorize(col)[0])
        scores[str(column)] = float(
            cross_val_score(tree, values, target, cv=folds, scoring=scoring).mean()
        )
    return scores


def check_leakage(
    train: pd.DataFrame, test: pd.DataFrame, target: str, task: str, threshold: float, seed: int
) -> dict:
    train_features, test_features = train.drop(columns=[target]), test.drop(columns=[target])
    findings = []
    if rows := shared_rows(train_features, test_features):
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
    }
