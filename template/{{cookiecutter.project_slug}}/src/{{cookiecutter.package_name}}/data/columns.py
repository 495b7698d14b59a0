# Maintained by the template: change it through a template release (docs/updating.md).
"""Which raw columns become features, and how: one decision per column, with its reason.

Real CSVs bring columns a model should not see as they are. Identifiers and free text hold
a different value in nearly every row, so a model memorises rows through them instead of
learning (a classic source of leakage and overfitting); dates are strings a model cannot
order. `prepare` decides once, applies the decisions to both splits and lists them in
reports/preparation.json; `drift --current` applies the same decisions to a new batch.
Overrule any of them in params.yaml: `prepare.exclude`, `prepare.keep`, `prepare.dates`.
"""

import re

import pandas as pd

from ..config import PrepareParams

# Parts a date column is expanded into: each a number a model can order and compare.
DATE_PARTS = ("year", "month", "day_of_week")
# Share of a text column's values that must read as dates for it to count as dates.
DATE_SHARE = 0.9
# What a written date has that an ordinal ("1st", "3rd") or a code ("A-2") does not: a
# four-digit year, or day, month and year between separators (1/9/24).
DATE_LIKE = re.compile(r"\b(?:1[7-9]|2[01])\d\d\b|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2}\b")
PLAUSIBLE_YEARS = (1700, 2200)
# Whole numbers named like this and distinct in every row are record numbers, not amounts:
# keys, and the row names R and pandas write as a first column.
ID_NAME = re.compile(
    r"(^|[_\s])(id|no|number|key)$|^id[_\s]|^(rownames|unnamed: \d+|index)$", re.IGNORECASE
)
# Below this many rows a distinct value per row says nothing about the column.
MIN_ROWS = 20


def looks_like_dates(values: pd.Series) -> bool:
    """Text whose values nearly all are written like dates (2024-09-01, 1/9/24, Mar-2018)
    and parse as dates of a plausible year."""
    if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        return False
    present = values.dropna().astype(str)
    if present.empty or present.str.contains(DATE_LIKE).mean() < DATE_SHARE:
        return False
    parsed = pd.to_datetime(present, errors="coerce", format="mixed")
    plausible = parsed.dt.year.between(*PLAUSIBLE_YEARS)
    return plausible.mean() >= DATE_SHARE


def is_text(values: pd.Series) -> bool:
    return not (pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values))


def unique_share(values: pd.Series) -> float:
    present = values.dropna()
    return present.nunique() / len(present) if len(present) else 0.0


def looks_like_identifier(name: str, values: pd.Series, limit: float) -> bool:
    """Text distinct in nearly every row, or whole numbers distinct in every row that are
    named like a key or simply count rows (ascending)."""
    if len(values.dropna()) < MIN_ROWS:
        return False
    if pd.api.types.is_integer_dtype(values):
        return unique_share(values) == 1 and (
            bool(ID_NAME.search(name)) or values.is_monotonic_increasing
        )
    return not pd.api.types.is_numeric_dtype(values) and unique_share(values) >= limit


def is_free_text(values: pd.Series) -> bool:
    """Most values are several words: prose, not a code."""
    return values.dropna().astype(str).str.count(r"\s+").median() >= 2


def decide(frame: pd.DataFrame, target: str, params: PrepareParams) -> list[dict]:
    """One decision per feature column: kind, action (feature, expanded, excluded), reason."""
    decisions = []
    for name in frame.columns.drop(target):
        values = frame[name]
        column = str(name)
        if column in params.exclude:
            kind, action, reason = "listed", "excluded", "listed in prepare.exclude"
        elif column in params.keep:
            kind, action, reason = "listed", "feature", "listed in prepare.keep: used as it is"
        elif looks_like_dates(values):
            kind = "date"
            action = "expanded" if params.dates == "expand" else "excluded"
            reason = (
                f"parsed as dates into {', '.join(f'{column}_{part}' for part in DATE_PARTS)}"
                if action == "expanded"
                else "dates, dropped because prepare.dates is drop"
            )
        elif looks_like_identifier(column, values, params.max_unique_share):
            kind = "free text" if is_free_text(values) else "identifier"
            action = "excluded"
            reason = (
                f"{unique_share(values):.0%} of its values are distinct: a model would "
                "memorise rows through it (add it to prepare.keep to use it anyway)"
            )
        elif is_text(values) and values.nunique() > params.max_categories:
            kind, action = "many categories", "excluded"
            reason = (
                f"{values.nunique()} distinct values, more than prepare.max_categories "
                f"({params.max_categories}): one-hot encoded, each would be a column of its "
                "own (derive a coarser feature from it in features.py, or add it to "
                "prepare.keep)"
            )
        elif pd.api.types.is_bool_dtype(values):
            kind, action, reason = "true/false", "feature", "True and False used as 1 and 0"
        elif pd.api.types.is_numeric_dtype(values):
            kind, action, reason = "numeric", "feature", "imputed and scaled"
        else:
            kind, action = "categorical", "feature"
            reason = f"{values.nunique()} categories, one-hot encoded"
        decisions.append({"column": column, "kind": kind, "action": action, "reason": reason})
    return decisions


def expand_dates(values: pd.Series) -> pd.DataFrame:
    when = pd.to_datetime(values, errors="coerce", format="mixed")
    return pd.DataFrame(
        {f"{values.name}_{part}": getattr(when.dt, part) for part in DATE_PARTS}, index=values.index
    ).astype(float)


def apply(frame: pd.DataFrame, decisions: list[dict]) -> pd.DataFrame:
    """`frame` as the model sees it: excluded columns gone, dates expanded in place,
    True/False as 1/0 (no imputer or encoder takes booleans)."""
    action = {decision["column"]: decision["action"] for decision in decisions}
    parts = []
    for name in frame.columns:
        match action.get(str(name), "feature"):
            case "excluded":
                continue
            case "expanded":
                parts.append(expand_dates(frame[name]))
            case _ if pd.api.types.is_bool_dtype(frame[name]):
                parts.append(frame[[name]].astype(float))
            case _:
                parts.append(frame[[name]])
    return pd.concat(parts, axis=1) if parts else frame.iloc[:, :0]
