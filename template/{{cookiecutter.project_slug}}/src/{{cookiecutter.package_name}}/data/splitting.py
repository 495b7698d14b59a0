# Maintained by the template: change it through a template release (docs/updating.md).
"""How rows are split into train and test, and cross-validation folds that split the same way.

A random split grades the model on rows like those it learnt from, which is honest only
when rows are independent. Two common kinds of data break that:

- a time series (a date column orders the rows): a random test split interleaves with
  the training days, so the model is graded on interpolating, not forecasting. Split
  by time: train on the past, test on the most recent period.
- several rows per entity (a firm, a state, a patient): a random split puts the same
  entity on both sides, so the model is graded on entities it has seen. Split by
  group: each entity lies wholly in train or wholly in test.

Otherwise the split is random, stratified by class, with rows whose features are
identical (different people who share the same few values) kept on the same side.
`prepare.split` in params.yaml overrides the choice: `auto` (the default), `random`,
`time`, `group`, or `{by: time, column: date}` / `{by: group, column: firm}` to name
the column. The choice, its reason and what it produced go to reports/preparation.json;
`train` and `evaluate` read it back, so that cross-validation and threshold tuning
fold the training split the same way (`Folds`).
"""

import json
import re

import numpy as np
import pandas as pd
from sklearn.model_selection import (
    KFold,
    StratifiedGroupKFold,
    StratifiedKFold,
    TimeSeriesSplit,
    train_test_split,
)

from ..config import PREPARATION_FILE, PrepareParams

SCHEMES = ("auto", "random", "time", "group")
# Named like a point in time (`year`, `date`, `order_date`, `orderDate`). Month or day
# alone repeat every year: they order nothing.
TIME_NAME = re.compile(
    r"(?i:(^|[_.\s])(date|time|year|timestamp|datetime|period)([_.\s]|$))|[a-z](Date|Time|Year)$"
)
# Named like an entity with several records of its own; a place (`state`, `country`)
# counts only when the table is a panel: one row per place and period.
ENTITY_NAME = re.compile(
    r"(?i:(^|[_.\s])(id|firm|company|patient|customer|user|subject|person|participant"
    r"|household|account|client|individual)([_.\s]|$))|[a-z](Id|ID)$"
)
# Fewer distinct entities than this are a category (sex, region), not entities to hold out.
MIN_GROUPS = 5
# A time series needs this many distinct periods for "the most recent" to mean something.
MIN_PERIODS = 10
# StratifiedGroupKFold balances classes group by group, in Python: up to this many groups
# it takes a second; beyond, groups are stratified by their first row's class instead.
EXACT_GROUPS = 5000
# What a report says of a split no one recorded (tests, or data split before this module).
UNRECORDED = {"by": "random", "column": None, "reason": "at random"}


class SplitError(ValueError):
    """prepare.split asks for a split the data cannot give."""


def row_keys(features: pd.DataFrame) -> pd.Series:
    """One hash per row: equal rows, equal keys (vectorised, no Python per row)."""
    return pd.util.hash_pandas_object(pd.DataFrame(features), index=False)


def group_folds(keys, labels, n_splits: int, seed: int):
    """(train, test) positions of `n_splits` folds that never cut a group (rows with equal
    `keys`), stratified by `labels` unless they are None."""
    codes, uniques = pd.factorize(pd.Series(keys), use_na_sentinel=False)
    n_splits = max(2, min(n_splits, len(uniques)))
    if labels is not None and len(uniques) <= EXACT_GROUPS:
        splitter = StratifiedGroupKFold(n_splits, shuffle=True, random_state=seed)
        yield from splitter.split(codes.reshape(-1, 1), np.asarray(labels), codes)
        return
    groups = np.arange(len(uniques))
    if labels is None:
        folds = KFold(n_splits, shuffle=True, random_state=seed).split(groups)
    else:
        first = pd.Series(np.asarray(labels)).groupby(codes).first().to_numpy()
        folds = StratifiedKFold(n_splits, shuffle=True, random_state=seed).split(groups, first)
    for _, test_groups in folds:
        test = np.isin(codes, test_groups)
        yield np.flatnonzero(~test), np.flatnonzero(test)


class Folds:
    """Cross-validation folds of the training split that follow the train/test split:
    by time, consecutive (train.csv is in time order); by group, whole entities (the
    group column, when it is a feature; else identical rows); random, stratified by
    class, never cutting a set of identical rows. A scikit-learn splitter, so it goes
    wherever `cv=` does and is saved with the model."""

    def __init__(
        self,
        by: str = "random",
        column: str | None = None,
        *,
        n_splits: int = 5,
        seed: int = 0,
        stratify: bool = False,
    ):
        self.by, self.column = by, column
        self.n_splits, self.seed, self.stratify = n_splits, seed, stratify

    def __repr__(self) -> str:
        return f"Folds(by={self.by!r}, column={self.column!r}, n_splits={self.n_splits})"

    def get_n_splits(self, X=None, y=None, groups=None) -> int:  # noqa: N803 (sklearn's names)
        return self.n_splits

    def split(self, X, y=None, groups=None):  # noqa: N803
        if self.by == "time":
            return TimeSeriesSplit(self.n_splits).split(X)
        frame = pd.DataFrame(X)
        grouped = self.by == "group" and self.column in frame.columns
        keys = frame[self.column] if grouped else row_keys(frame)
        labels = y if self.stratify else None
        if keys.is_unique:
            splitter = StratifiedKFold if labels is not None else KFold
            return splitter(self.n_splits, shuffle=True, random_state=self.seed).split(X, labels)
        return group_folds(keys, labels, self.n_splits, self.seed)


def recorded_folds(task: str, seed: int, n_splits: int = 5) -> Folds:
    """Folds of the split `prepare` recorded in reports/preparation.json (random when it
    records none); 5 of them for calibration and threshold tuning."""
    split: dict = UNRECORDED
    if PREPARATION_FILE.is_file():
        split = json.loads(PREPARATION_FILE.read_text(encoding="utf-8")).get("split", split)
    return Folds(
        split["by"],
        split["column"],
        n_splits=n_splits,
        seed=seed,
        stratify=task == "classification",
    )


def time_values(values: pd.Series) -> pd.Series:
    """Numbers as they are (years, decimal years), text as dates; NaN/NaT where neither."""
    if pd.api.types.is_numeric_dtype(values):
        return values.astype(float)
    return pd.to_datetime(values, errors="coerce", format="mixed")


def time_columns(frame: pd.DataFrame, target: str, decisions: list[dict]) -> list[str]:
    """Columns that hold points in time: parsed as dates by `prepare`, or numbers named so."""
    dates = {d["column"] for d in decisions if d["kind"] == "date"}
    return [
        str(name)
        for name in frame.columns.drop(target)
        if str(name) in dates
        or (pd.api.types.is_numeric_dtype(frame[name]) and TIME_NAME.search(str(name)))
    ]


def orders_rows(values: pd.Series) -> bool:
    """A complete time column sorted (either way) with enough periods to hold some out."""
    when = time_values(values)
    return (
        when.notna().all()
        and when.nunique() >= MIN_PERIODS
        and (when.is_monotonic_increasing or when.is_monotonic_decreasing)
    )


def entity_column(frame: pd.DataFrame, target: str, times: list[str]) -> tuple[str, str] | None:
    """The column naming an entity with several rows, and why it is one: named like one
    (an id, a firm, a patient) and repeating, or keying a panel (a row per entity and
    period)."""
    rows = len(frame)
    for name in frame.columns.drop([target, *times]):
        values = frame[name]
        column = str(name)
        if values.isna().any() or pd.api.types.is_float_dtype(values):
            continue
        count = values.nunique()
        if not MIN_GROUPS <= count <= rows / 2:
            continue
        if ENTITY_NAME.search(column):
            return column, f"named like an entity, it repeats ({count} values in {rows} rows)"
        for time in times:
            periods = frame[time].nunique()
            if periods <= rows / 2 and not frame.duplicated([name, time]).any():
                return column, (
                    f"the table is a panel, one row per {column} and {time} "
                    f"({count} values over {periods} periods)"
                )
    return None


def choose(frame: pd.DataFrame, target: str, params: PrepareParams, decisions: list[dict]) -> dict:
    """{by, column, why}: what prepare.split says, or what the data calls for (`auto`)."""
    setting = params.split if isinstance(params.split, dict) else {"by": params.split}
    by, column = setting.get("by", "auto"), setting.get("column")
    if set(setting) - {"by", "column"} or by not in SCHEMES or (column and by == "auto"):
        raise SplitError(
            f"prepare.split must be one of {', '.join(SCHEMES)}, or name a column as "
            "'{by: time, column: NAME}' or '{by: group, column: NAME}', "
            f"not {params.split!r}"
        )
    if column is not None and (column not in frame.columns or column == target):
        raise SplitError(f"prepare.split names {column!r}, which is not a feature column")
    if by == "random":
        return {"by": "random", "column": None, "why": "prepare.split says random"}
    if column:
        return {"by": by, "column": column, "why": "prepare.split names it"}
    times = time_columns(frame, target, decisions)
    if by != "time" and (entity := entity_column(frame, target, times)):
        return {"by": "group", "column": entity[0], "why": entity[1]}
    ordered = [name for name in times if orders_rows(frame[name])]
    if by == "auto" and ordered:
        return {"by": "time", "column": ordered[0], "why": f"the rows are in {ordered[0]} order"}
    if by == "auto":
        return {
            "by": "random",
            "column": None,
            "why": "no date column orders the rows, no entity repeats",
        }
    if by == "time" and (ordered or times):
        return {"by": "time", "column": (ordered or times)[0], "why": "prepare.split says time"}
    raise SplitError(
        f"prepare.split is {by}, but no column looks like "
        + ("a date" if by == "time" else "an entity with several rows")
        + f": name it, by: {by} and column: NAME"
    )


def shown(value) -> str:
    """A period for people: 2012-10-04 (not 2012-10-04 00:00:00), 1954 (not 1954.0)."""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    return f"{value:g}"


def by_time(when: pd.Series, column: str, test_size: float) -> tuple:
    """Train on the past, test on the most recent period: rows in time order, cut at a
    period boundary so that no period is on both sides."""
    if missing := int(when.isna().sum()):
        raise SplitError(
            f"prepare.split is by time on {column!r}, but {missing} row(s) hold no date or "
            "number there: fill or drop them, or split another way"
        )
    order = np.argsort(when.to_numpy(), kind="stable")
    cut = when.iloc[order[min(len(order) - 1, int(len(order) * (1 - test_size)))]]
    in_test = (when >= cut).to_numpy()[order]
    train, test = order[~in_test], order[in_test]
    if not len(train):
        raise SplitError(f"prepare.split is by time on {column!r}, which holds one period only")
    first, last = when.iloc[train], when.iloc[test]
    trained, tested = (
        [shown(first.min()), shown(first.max())],
        [shown(last.min()), shown(last.max())],
    )
    facts = {
        "train_period": trained,
        "test_period": tested,
        "shared_periods": int((last <= first.max()).sum()),
    }
    detail = (
        f"trained on {' to '.join(trained)}, tested on the most recent period, "
        f"{' to '.join(tested)}"
    )
    return train, test, facts, detail


def by_group(keys: pd.Series, column: str, labels, test_size: float, seed: int) -> tuple:
    """Whole groups on one side: the first of round(1 / test_size) group folds is the test."""
    train, test = next(group_folds(keys, labels, round(1 / test_size), seed))
    seen, held_out = keys.iloc[train], keys.iloc[test]
    facts = {
        "train_groups": int(seen.nunique()),
        "test_groups": int(held_out.nunique()),
        "shared_groups": int(held_out[held_out.isin(seen)].nunique()),
    }
    detail = (
        f"each {column} is wholly in training ({facts['train_groups']}) or in test "
        f"({facts['test_groups']})"
    )
    return train, test, facts, detail


def at_random(features: pd.DataFrame, labels, test_size: float, seed: int) -> tuple:
    """Rows at random; a set of rows with identical features (people sharing the same few
    values) stays on one side, or the test would grade rows seen in training."""
    keys = row_keys(features)
    facts = {"rows_sharing_features": int(keys.duplicated(keep=False).sum())}
    if not facts["rows_sharing_features"]:
        positions = np.arange(len(features))
        train, test = train_test_split(
            positions, test_size=test_size, random_state=seed, stratify=labels
        )
        return train, test, facts, ""
    train, test = next(group_folds(keys, labels, round(1 / test_size), seed))
    detail = f"rows identical in every feature ({facts['rows_sharing_features']}) kept on one side"
    return train, test, facts, detail


def split_rows(
    frame: pd.DataFrame, features: pd.DataFrame, labels, params: PrepareParams, scheme: dict
) -> tuple[np.ndarray, np.ndarray, dict]:
    """Positions of the training and test rows, and the record of the split for
    reports/preparation.json: how, why, and what it produced. `frame` is the cleaned data
    (the column split by may not be a feature), `features` the model's view of it;
    `labels` stratify the split (None: not stratified)."""
    by, column = scheme["by"], scheme["column"]
    if by == "time":
        how = f"by time on {column!r}"
        train, test, facts, detail = by_time(
            time_values(frame[column]).reset_index(drop=True), column, params.test_size
        )
    elif by == "group":
        how = f"by group on {column!r}"
        train, test, facts, detail = by_group(
            frame[column].reset_index(drop=True), column, labels, params.test_size, params.seed
        )
    else:
        how = "at random, stratified by class" if labels is not None else "at random"
        train, test, facts, detail = at_random(features, labels, params.test_size, params.seed)
    reason = "; ".join(part for part in (f"{how}: {scheme['why']}", detail) if part)
    record = {"by": by, "column": column, "reason": reason, **facts}
    return np.asarray(train), np.asarray(test), record
