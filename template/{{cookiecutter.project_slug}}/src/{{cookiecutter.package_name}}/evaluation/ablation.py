# Maintained by the template: change it through a template release (docs/updating.md).
"""Stage `ablation`: which features matter? Retrains the model with each group of
features left out and reports how the main metric changes on the test split.

Groups come from params.yaml (`ablation.groups`: a name and column names or glob
patterns each); with none configured, every feature is its own group, or, beyond
`ablation.max_groups` features, neighbouring columns share a group (CSVs keep related
columns together; each group is one more refit). A training split
larger than `ablation.max_rows` is sampled down to it (seeded) for the retraining: what
a group costs is an estimate either way. The report says how many rows were used.
"""

import dataclasses
import json
import logging
from fnmatch import fnmatch

import pandas as pd
from joblib import Parallel, delayed

from ..config import ABLATION_FILE, TEST_DATA, TRAIN_DATA, Params, load_params
from ..data.tables import read_split, split_features_target
from ..modeling.pipeline import build_baseline, build_model, engineer
from .metrics import METRICS, main_score

log = logging.getLogger(__name__)


def neighbours(columns: list[str], count: int) -> dict[str, list[str]]:
    """`columns` in `count` runs of neighbouring columns, each named by its ends."""
    size = -(-len(columns) // count)
    runs = [columns[start : start + size] for start in range(0, len(columns), size)]
    return {run[0] if len(run) == 1 else f"{run[0]} … {run[-1]}": run for run in runs}


def feature_groups(
    columns: list[str], configured: dict | None, max_groups: int | None = None
) -> dict[str, list[str]]:
    if not configured:
        if max_groups and len(columns) > max_groups:
            return neighbours(columns, max_groups)
        return {column: [column] for column in columns}
    groups = {}
    for name, patterns in configured.items():
        patterns = [patterns] if isinstance(patterns, str) else patterns
        matched = [c for c in columns if any(fnmatch(c, pattern) for pattern in patterns)]
        if not matched:
            raise ValueError(f"ablation.groups.{name}: no column matches {patterns}")
        groups[name] = matched
    return groups


def ablation_report(train: pd.DataFrame, test: pd.DataFrame, params: Params) -> dict:
    task, metric, settings = params.data.task, params.evaluate.main_metric, params.ablation
    train_rows = len(train)
    if settings.max_rows and train_rows > settings.max_rows:
        train = train.sample(n=settings.max_rows, random_state=params.train.seed)
    train_x, train_y = split_features_target(train, params.data.target)
    test_x, test_y = split_features_target(test, params.data.target)
    # Groups are the model's inputs after your add_features: yours can be left out too,
    # and leaving out a column one of yours is computed from does not break it.
    model_params = params.train
    if model_params.add_features:
        train_x, test_x = engineer(train_x), engineer(test_x)
        model_params = dataclasses.replace(model_params, add_features=False)

    def score_without(columns: list[str]) -> float:
        kept = train_x.drop(columns=columns)
        # Without its only feature group, a model is the baseline.
        unfitted = build_model(task, model_params, kept) if kept.shape[1] else build_baseline(task)
        model = unfitted.fit(kept, train_y)
        return main_score(model, test_x.drop(columns=columns), test_y, task, metric)

    groups = feature_groups(list(map(str, train_x.columns)), settings.groups, settings.max_groups)
    log.info(
        "retraining on %d of %d rows, without each of %d groups",
        len(train),
        train_rows,
        len(groups),
    )
    # Threads, not processes: the fits share the tables instead of copying them.
    full, *values = Parallel(n_jobs=settings.n_jobs, prefer="threads")(
        delayed(score_without)(columns) for columns in [[], *groups.values()]
    )
    rows = [
        {"group": name, "columns": columns, "value": value, "change": value - full}
        for (name, columns), value in zip(groups.items(), values, strict=True)
    ]
    return {
        "metric": metric,
        "full": full,
        "groups": rows,
        "rows": len(train),
        "train_rows": train_rows,
    }


def main() -> None:
    params = load_params()
    report = ablation_report(read_split(TRAIN_DATA), read_split(TEST_DATA), params)
    ABLATION_FILE.parent.mkdir(parents=True, exist_ok=True)
    ABLATION_FILE.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    sign = 1 if METRICS[report["metric"]].higher_is_better else -1
    worst = min(report["groups"], key=lambda row: sign * row["change"])
    log.info(
        "leaving out %s costs the most: %+.3f %s", worst["group"], worst["change"], report["metric"]
    )
