# Maintained by the template: change it through a template release (docs/updating.md).
"""Loaders for the datasets this project can start from; all work offline.

Each returns one DataFrame: the feature columns plus the target column named in
params.yaml (`data.target`).
"""

from pathlib import Path

import pandas as pd


class DatasetError(ValueError):
    """The dataset cannot be loaded as configured."""


def _sklearn_frame(name: str) -> pd.DataFrame:
    from sklearn import datasets

    bunch = getattr(datasets, f"load_{name}")(as_frame=True)
    return bunch.frame


def _penguins() -> pd.DataFrame:
    from palmerpenguins import load_penguins

    return load_penguins()


def _csv(csv_path: str | None, target: str) -> pd.DataFrame:
    if not csv_path:
        raise DatasetError("data.csv_path is not set in params.yaml")
    path = Path(csv_path)
    if not path.is_file():
        raise DatasetError(
            f"{path} does not exist: copy your CSV there and track it with `uv run dvc add {path}`"
        )
    frame = pd.read_csv(path)
    if target not in frame.columns:
        raise DatasetError(
            f"{path} has no column {target!r} (data.target in params.yaml); "
            f"its columns are: {', '.join(map(str, frame.columns))}"
        )
    return frame


BUNDLED = ("breast_cancer", "wine", "diabetes", "penguins")


def load_dataset(name: str, target: str, csv_path: str | None = None) -> pd.DataFrame:
    """Load the dataset called `name` (params.yaml: data.dataset)."""
    if name == "custom_csv":
        return _csv(csv_path, target)
    if name == "penguins":
        frame = _penguins()
    elif name in BUNDLED:
        frame = _sklearn_frame(name)
    else:
        raise DatasetError(
            f"unknown dataset {name!r}: choose one of {', '.join(BUNDLED)} or custom_csv"
        )
    if target not in frame.columns:
        raise DatasetError(f"dataset {name!r} has no column {target!r} (data.target)")
    return frame
