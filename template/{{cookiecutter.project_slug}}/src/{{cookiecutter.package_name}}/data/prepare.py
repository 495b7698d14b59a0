# Maintained by the template: change it through a template release (docs/updating.md).
"""Stage `prepare`: clean the raw data, decide what each column is, split into train and test.

Exact duplicate rows are dropped before splitting: a row present in both sets would
let the model be graded on data it has already seen (a leak). The split itself follows
the data: by time, by entity or at random (splitting.py). Every decision made here
(rows dropped, classes too rare to keep, columns excluded or expanded, the split) is
logged and written to reports/preparation.json; params.yaml's `prepare` section changes
them.
"""

import json
import logging
import sys

import pandas as pd

from ..config import (
    PREPARATION_FILE,
    RAW_DATA,
    TEST_DATA,
    TRAIN_DATA,
    PrepareParams,
    load_params,
)
from . import columns, splitting

log = logging.getLogger(__name__)


def clean(frame: pd.DataFrame, target: str) -> pd.DataFrame:
    """Drop exact duplicate rows and rows without a target value."""
    deduplicated = frame.drop_duplicates()
    if dropped := len(frame) - len(deduplicated):
        log.warning("dropped %d exact duplicate row(s)", dropped)
    labelled = deduplicated.dropna(subset=[target])
    if dropped := len(deduplicated) - len(labelled):
        log.warning("dropped %d row(s) without a value in %r", dropped, target)
    return labelled.reset_index(drop=True)


def drop_rare_classes(
    frame: pd.DataFrame, target: str, min_rows: int
) -> tuple[pd.DataFrame, dict[str, int]]:
    """Drop the classes with fewer than `min_rows` rows: too few to learn from, to stratify
    or to grade (a test split would hold one or none of them)."""
    counts = frame[target].value_counts()
    rare = counts[counts < min_rows]
    for label, count in rare.items():
        log.warning(
            "class %r has %d row(s), fewer than prepare.min_class_rows (%d): dropped. "
            "Collect more rows of it, merge it into another class, or lower the limit.",
            label,
            count,
            min_rows,
        )
    kept = frame[~frame[target].isin(rare.index)].reset_index(drop=True)
    return kept, {str(label): int(count) for label, count in rare.items()}


def stratify_labels(frame: pd.DataFrame, target: str, task: str, params: PrepareParams):
    """The labels to stratify the split by, or None when it cannot or should not be."""
    if not (params.stratify and task == "classification"):
        return None
    counts = frame[target].value_counts()
    if counts.min() < 2:
        rare = ", ".join(map(str, counts[counts < 2].index))
        log.warning("not stratifying: class(es) %s have a single row", rare)
        return None
    return frame[target].to_numpy()


def split(
    frame: pd.DataFrame, target: str, task: str, params: PrepareParams, decisions: list[dict]
) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Train and test as the model sees them (`decisions` applied), split reproducibly
    (fixed seed) the way the data calls for (splitting.py), and the record of the split."""
    scheme = splitting.choose(frame, target, params, decisions)
    prepared = columns.apply(frame, decisions).reset_index(drop=True)
    train, test, record = splitting.split_rows(
        frame,
        prepared.drop(columns=[target]),
        stratify_labels(frame, target, task, params),
        params,
        scheme,
    )
    log.info("split %s", record["reason"])
    return prepared.iloc[train], prepared.iloc[test], record


def log_decisions(decisions: list[dict]) -> None:
    for decision in decisions:
        if decision["action"] != "feature" or decision["kind"] == "listed":
            log.info("column %r (%s): %s", decision["column"], decision["kind"], decision["reason"])


def main() -> None:
    params = load_params()
    target, task = params.data.target, params.data.task
    raw = pd.read_csv(RAW_DATA)
    cleaned = frame = clean(raw, target)
    rare: dict[str, int] = {}
    if task == "classification":
        frame, rare = drop_rare_classes(cleaned, target, params.prepare.min_class_rows)
    decisions = columns.decide(frame, target, params.prepare)
    log_decisions(decisions)
    try:
        train, test, split_record = split(frame, target, task, params.prepare, decisions)
    except splitting.SplitError as error:
        sys.exit(f"prepare: {error}")
    TRAIN_DATA.parent.mkdir(parents=True, exist_ok=True)
    train.to_csv(TRAIN_DATA, index=False)
    test.to_csv(TEST_DATA, index=False)
    log.info("wrote %s (%d rows) and %s (%d rows)", TRAIN_DATA, len(train), TEST_DATA, len(test))
    report = {
        "raw_rows": len(raw),
        "duplicate_or_unlabelled_rows_dropped": len(raw) - len(cleaned),
        "rare_classes_dropped": rare,
        "train_rows": len(train),
        "test_rows": len(test),
        "split": split_record,
        "columns": decisions,
        "features": [str(name) for name in train.columns.drop(target)],
    }
    PREPARATION_FILE.parent.mkdir(parents=True, exist_ok=True)
    PREPARATION_FILE.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
