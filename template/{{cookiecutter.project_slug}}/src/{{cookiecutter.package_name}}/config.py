# Maintained by the template: change it through a template release (docs/updating.md).
"""Where each stage reads and writes, and the typed view of params.yaml.

Paths are relative to the project root, the directory DVC runs stages from.
"""

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

PARAMS_FILE = Path("params.yaml")
RAW_DATA = Path("data/raw/dataset.csv")
PROVENANCE_FILE = Path("data/provenance.json")
TRAIN_DATA = Path("data/processed/train.csv")
TEST_DATA = Path("data/processed/test.csv")
MODEL_FILE = Path("models/model.joblib")
RUN_FILE = Path("models/mlflow_run.json")
VALIDATION_FILE = Path("reports/validation.json")
PREPARATION_FILE = Path("reports/preparation.json")
METRICS_FILE = Path("reports/metrics.json")
EVALUATION_FILE = Path("reports/evaluation.json")
EVALUATION_SCHEMA = Path("schemas/evaluation.schema.json")
# Its "schema_version" const: a report of another version was written by another release.
EVALUATION_SCHEMA_VERSION = 2
ABLATION_FILE = Path("reports/ablation.json")
DRIFT_FILE = Path("reports/drift.json")
DRIFT_SUMMARY = Path("reports/drift.md")
SECURITY_FILE = Path("reports/security.json")
PLOTS_DIR = Path("reports/plots")
{%- if cookiecutter.serving %}
ONNX_MODEL = Path("models/onnx/model.onnx")
ONNX_PARITY_FILE = Path("reports/onnx_parity.json")
SERVING_FILE = Path("reports/serving.json")
SERVING_FIGURE = Path("reports/serving_latency.png")
{%- endif %}
FIGURES_DIR = Path("reports/figures")
# The portfolio documents: numbers from the evaluation, text from the student.
README = Path("README.md")
MODEL_CARD = Path("MODEL_CARD.md")
DATASHEET = Path("DATASHEET.md")
CARD_PROSE = Path("model_card.yaml")
DATASHEET_PROSE = Path("datasheet.yaml")

TASKS = ("classification", "regression")
RESAMPLING = ("none", "over", "under")
CALIBRATION = ("none", "sigmoid", "isotonic")
DATES = ("expand", "drop")
{%- if cookiecutter.serving %}
SERVING_SOURCES = ("pipeline", "registry")
SERVING_RUNTIMES = ("sklearn", "onnx")
{%- endif %}


@dataclass(frozen=True)
class DataParams:
    dataset: str
    target: str
    task: str
    csv_path: str | None = None
    max_label_conflicts: float = 0.05
    class_names: dict[Any, str] = field(default_factory=dict)

    def class_name(self, label: object) -> str:
        """A class as a reader knows it, with the label the data stores: "benign (1)"."""
        names = {str(key): str(name) for key, name in self.class_names.items()}
        name = names.get(str(label))
        return f"{name} ({label})" if name and name != str(label) else str(label)


@dataclass(frozen=True)
class PrepareParams:
    test_size: float
    seed: int
    stratify: bool
    min_class_rows: int = 10
    max_unique_share: float = 0.9
    max_categories: int = 100
    dates: str = "expand"
    exclude: list[str] = field(default_factory=list)
    keep: list[str] = field(default_factory=list)
    split: str | dict[str, str] = "auto"


@dataclass(frozen=True)
class TrainParams:
    model: str
    seed: int
    hyperparameters: dict[str, dict[str, Any]]
    class_weight: str | None = None
    resampling: str = "none"
    calibration: str = "none"
    threshold: dict[str, Any] | None = None
    add_features: bool = True

    @property
    def model_hyperparameters(self) -> dict[str, Any]:
        """The hyper-parameters of the chosen model family (empty when none are set)."""
        return self.hyperparameters.get(self.model) or {}


@dataclass(frozen=True)
class EvaluateParams:
    main_metric: str
    seed: int
    ci_resamples: int
    cv_folds: int
    calibration_bins: int
    slices: list[str]
    slice_bins: int
    min_slice_size: int
    noise_levels: list[float]
    missing_rates: list[float]
    leakage_single_feature_score: float
    gate: dict[str, Any]
    robustness_draws: int = 3


@dataclass(frozen=True)
class AblationParams:
    groups: dict[str, list[str] | str] | None = None
    max_rows: int | None = None
    max_groups: int | None = 15
    n_jobs: int = 1


@dataclass(frozen=True)
class DriftParams:
    p_value: float
    psi: float


@dataclass(frozen=True)
class SecurityParams:
    perturbation_sizes: list[float]
    poisoning_fractions: list[float]
    seed: int
    pii_allowed: dict[str, str] | None = None


@dataclass(frozen=True)
class TrackingParams:
    experiment: str
    registered_model: str


{%- if cookiecutter.serving %}


@dataclass(frozen=True)
class ServingParams:
    source: str
    runtime: str
    onnx_tolerance: float
    onnx_min_agreement: float
    batch_sizes: list[int]
{%- endif %}


@dataclass(frozen=True)
class Params:
    data: DataParams
    prepare: PrepareParams
    train: TrainParams
    evaluate: EvaluateParams
    ablation: AblationParams
    drift: DriftParams
    security: SecurityParams
    tracking: TrackingParams
{%- if cookiecutter.serving %}
    serving: ServingParams
{%- endif %}


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
        evaluate=_section(raw, "evaluate", EvaluateParams),
        ablation=_section(raw, "ablation", AblationParams),
        drift=_section(raw, "drift", DriftParams),
        security=_section(raw, "security", SecurityParams),
        tracking=_section(raw, "tracking", TrackingParams),
{%- if cookiecutter.serving %}
        serving=_section(raw, "serving", ServingParams),
{%- endif %}
    )
    if params.data.task not in TASKS:
        raise ParamsError(f"{path}: data.task must be one of {TASKS}, not {params.data.task!r}")
    for key, value, allowed in (
        ("train.resampling", params.train.resampling, RESAMPLING),
        ("train.calibration", params.train.calibration, CALIBRATION),
        ("prepare.dates", params.prepare.dates, DATES),
{%- if cookiecutter.serving %}
        ("serving.source", params.serving.source, SERVING_SOURCES),
        ("serving.runtime", params.serving.runtime, SERVING_RUNTIMES),
{%- endif %}
    ):
        if value not in allowed:
            raise ParamsError(f"{path}: {key} must be one of {allowed}, not {value!r}")
{%- if cookiecutter.serving %}
    if params.serving.source == "registry" and params.serving.runtime == "onnx":
        # The registry holds the scikit-learn model; the ONNX file comes from `export`.
        raise ParamsError(
            f"{path}: serving.runtime onnx reads {ONNX_MODEL}: use it with serving.source pipeline"
        )
{%- endif %}
    train = params.train
    classification_only = {
        "class_weight": train.class_weight is not None,
        "resampling": train.resampling != "none",
        "calibration": train.calibration != "none",
        "threshold": bool((train.threshold or {}).get("tune")),
    }
    if params.data.task == "regression" and (
        used := [k for k, on in classification_only.items() if on]
    ):
        raise ParamsError(f"{path}: train.{', train.'.join(used)} apply to classification only")
    return params
