"""Where each stage reads and writes, and the typed view of params.yaml.

Paths are relative to the project root, the directory DVC runs stages from.
"""

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import yaml

PARAMS_FILE = Path("params.yaml")
RAW_DATA = Path("data/raw/dataset.csv")
TRAIN_DATA = Path("data/processed/train.csv")
TEST_DATA = Path("data/processed/test.csv")
MODEL_FILE = Path("models/model.joblib")
RUN_FILE = Path("models/mlflow_run.json")
METRICS_FILE = Path("reports/metrics.json")
PLOTS_DIR = Path("reports/plots")
FIGURES_DIR = Path("reports/figures")

TASKS = ("classification", "regression")


@dataclass(frozen=True)
class DataParams:
    dataset: str
    target: str
    task: str
    csv_path: str | None = None


@dataclass(frozen=True)
class PrepareParams:
    test_size: float
    seed: int
    stratify: bool


@dataclass(frozen=True)
class TrainParams:
    model: str
    seed: int
    hyperparameters: dict[str, dict[str, Any]]

    @property
    def model_hyperparameters(self) -> dict[str, Any]:
        """The hyper-parameters of the chosen model family (empty when none are set)."""
        return self.hyperparameters.get(self.model) or {}


@dataclass(frozen=True)
class TrackingParams:
    experiment: str


@dataclass(frozen=True)
class Params:
    data: DataParams
    prepare: PrepareParams
    train: TrainParams
    tracking: TrackingParams


class ParamsError(ValueError):
    """params.yaml is missing a section or a key, or has one this project does not know."""


def _section(raw: dict[str, Any], name: str, cls: type) -> Any:
    values = raw.get(name)
    if not isinstance(values, dict):
        raise ParamsError(f"{PARAMS_FILE}: missing section '{name}'")
    known = {field.name for field in fields(cls)}
    if unknown := sorted(set(values) - known):
        raise ParamsError(
            f"{PARAMS_FILE}: unknown key(s) in '{name}': {', '.join(unknown)} "
            f"(allowed: {', '.join(sorted(known))})"
        )
    try:
        return cls(**values)
    except TypeError as error:
        raise ParamsError(f"{PARAMS_FILE}: section '{name}': {error}") from error


def load_params(path: Path = PARAMS_FILE) -> Params:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    params = Params(
        data=_section(raw, "data", DataParams),
        prepare=_section(raw, "prepare", PrepareParams),
        train=_section(raw, "train", TrainParams),
        tracking=_section(raw, "tracking", TrackingParams),
    )
    if params.data.task not in TASKS:
        raise ParamsError(f"{path}: data.task must be one of {TASKS}, not {params.data.task!r}")
    return params
