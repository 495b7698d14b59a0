# Maintained by the template: change it through a template release (docs/updating.md).
"""Small helpers on the tables every stage reads: data/processed/{train,test}.csv."""

import hashlib
import json
from pathlib import Path

import pandas as pd

from ..config import PREPARATION_FILE


def file_md5(path: Path) -> str:
    """The MD5 that DVC records for a file in dvc.lock and .dvc files, read in blocks."""
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def column_decisions() -> list[dict]:
    """What `prepare` made of each raw column (reports/preparation.json)."""
    return json.loads(PREPARATION_FILE.read_text(encoding="utf-8"))["columns"]


def read_split(path: Path) -> pd.DataFrame:
    """A processed split with the columns `prepare` found categorical read as text. A
    subset of rows can read otherwise: MASS Cars93's `Cylinders` holds "rotary", yet
    the rows without it alone read as numbers, which the model takes for unseen values."""
    decisions = column_decisions()
    text = [decision["column"] for decision in decisions if decision["kind"] == "categorical"]
    return pd.read_csv(path, dtype=dict.fromkeys(text, str))


def split_features_target(frame: pd.DataFrame, target: str) -> tuple[pd.DataFrame, pd.Series]:
    """Separate the feature columns from the target column."""
    return frame.drop(columns=[target]), frame[target]


def as_text(values: pd.DataFrame | pd.Series) -> pd.DataFrame | pd.Series:
    """Values as strings with missing ones as "missing": comparable and sortable whatever
    the dtype (pandas' string dtype keeps NaN through astype(str))."""
    return values.astype(object).where(values.notna(), "missing").astype(str)
