# Maintained by the template: change it through a template release (docs/updating.md).
"""Small helpers on the tables every stage reads: data/processed/{train,test}.csv."""

import pandas as pd


def split_features_target(frame: pd.DataFrame, target: str) -> tuple[pd.DataFrame, pd.Series]:
    """Separate the feature columns from the target column."""
    return frame.drop(columns=[target]), frame[target]


def as_text(values: pd.DataFrame | pd.Series) -> pd.DataFrame | pd.Series:
    """Values as strings with missing ones as "missing": comparable and sortable whatever
    the dtype (pandas' string dtype keeps NaN through astype(str))."""
    return values.astype(object).where(values.notna(), "missing").astype(str)
