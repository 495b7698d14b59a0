import copy
import dataclasses
import functools
import json
import shutil
import warnings
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
import pytest
import yaml

from {{ cookiecutter.package_name }}.config import (
    CARD_PROSE,
    DATASHEET_PROSE,
    EVALUATION_FILE,
    MODEL_FILE,
    PARAMS_FILE,
    PREPARATION_FILE,
    RAW_DATA,
    README,
    RUN_FILE,
    TEST_DATA,
    Params,
    TrainParams,
    load_params,
)
from {{ cookiecutter.package_name }}.data.columns import apply, decide
{%- if cookiecutter.dataset == "custom_csv" %}
from {{ cookiecutter.package_name }}.data.dataset import write_contract
{%- endif %}
from {{ cookiecutter.package_name }}.data.ingest import load_dataset
from {{ cookiecutter.package_name }}.data.prepare import clean
from {{ cookiecutter.package_name }}.data.tables import read_split, split_features_target
from {{ cookiecutter.package_name }}.evaluation.ablation import ablation_report
from {{ cookiecutter.package_name }}.evaluation.drift import drift_report
from {{ cookiecutter.package_name }}.evaluation.evaluate import build_report
from {{ cookiecutter.package_name }}.evaluation.security import security_report
from {{ cookiecutter.package_name }}.modeling.pipeline import build_model
from {{ cookiecutter.package_name }}.modeling.tracking import import_mlflow
from {{ cookiecutter.package_name }}.modeling.train import fit
from {{ cookiecutter.package_name }}.reporting.readiness import PRE_COMMIT_CONFIG

PROJECT = Path(__file__).resolve().parents[1]
# The tests check the code, not how good the model is: the family of params.yaml is
# fitted with fewer trees or boosting rounds, on one core (a forest of 200 trees on every
# core took 14 s of one test's 17); its other settings stay yours.
SMALLER = {
    "random_forest": {"n_estimators": 20, "n_jobs": 1},
    "hist_gradient_boosting": {"max_iter": 20},
}


@pytest.fixture
def tiny_frame() -> pd.DataFrame:
    """A small table with the column types real data has: numbers, a category, gaps."""
    rng = np.random.default_rng(0)
    size = 60
    numeric = rng.normal(size=size)
    frame = pd.DataFrame(
        {
            "numeric": numeric,
            "noise": rng.normal(size=size),
            "colour": rng.choice(["red", "green", "blue"], size=size),
            "label": np.where(numeric > 0, "yes", "no"),
            "amount": 3 * numeric + rng.normal(scale=0.1, size=size),
        }
    )
    frame.loc[::7, "noise"] = np.nan
    return frame


def smaller(train: TrainParams) -> TrainParams:
    """`train` with SMALLER's settings for the families it names."""
    return dataclasses.replace(
        train,
        hyperparameters={
            family: {**(values or {}), **SMALLER.get(family, {})}
            for family, values in train.hyperparameters.items()
        },
    )


def project_data() -> tuple[pd.DataFrame, pd.DataFrame, Params]:
    """Learnable, leak-free data for this project's task, and its params."""
    params = load_params(PROJECT / PARAMS_FILE)
    rng = np.random.default_rng(7)
    size = 300
    signal = rng.normal(size=size)
    frame = pd.DataFrame(
        {
            "signal": signal,
            "other": rng.normal(size=size),
            "colour": rng.choice(["red", "green"], size=size),
        }
    )
    noisy = signal + rng.normal(scale=0.8, size=size)
    if params.data.task == "classification":
        frame["target"] = np.where(noisy > 0, "yes", "no")
    else:
        frame["target"] = 2 * noisy
    params = dataclasses.replace(
        params,
        data=dataclasses.replace(params.data, target="target"),
        # Made-up columns: your add_features is written for your data's.
        train=dataclasses.replace(smaller(params.train), add_features=False),
        evaluate=dataclasses.replace(params.evaluate, slices=[], ci_resamples=200),
        ablation=dataclasses.replace(params.ablation, groups={}),
    )
    return frame.iloc[:220], frame.iloc[220:], params


def evaluate_on(data: tuple[pd.DataFrame, pd.DataFrame, Params], factory) -> dict:
    """The evaluation report of the model `factory(params, features)` makes, fitted on `data`."""
    train, test, params = data
    features, target = split_features_target(train, "target")
    model = factory(params, features).fit(features, target)
    drift = drift_report(features, test.drop(columns=["target"]), p_value=0.05, psi_limit=0.25)
    ablation = ablation_report(train, test, params)
    security = security_report(model, train, test, params)
    return build_report(model, train, test, params, drift, ablation, security)


@pytest.fixture
def test_split(scoring_workspace) -> pd.DataFrame:
    """The scoring workspace's test split, features only, read as the stages read it."""
    return split_features_target(read_split(TEST_DATA), load_params().data.target)[0]


@pytest.fixture
def ranged_feature():
    """`ranged_feature(schema, target)`: a feature column the data contract gives a range
    (an identifier is only held unique); the test is skipped when there is none."""

    def pick(schema, target: str) -> str:
        for name, column in schema.columns.items():
            if name != target and any(check.name == "in_range" for check in column.checks):
                return name
        pytest.skip("no feature of this dataset has a range in its data contract")

    return pick


@pytest.fixture
def project_like() -> tuple[pd.DataFrame, pd.DataFrame, Params]:
    return project_data()


@pytest.fixture
def evaluate_model(project_like):
    """`evaluate_model(factory)`: evaluate the model `factory(params, features)` makes."""
    return functools.partial(evaluate_on, project_like)


@pytest.fixture(scope="session")
def session_report() -> dict:
    """Computed once per run: an evaluation retrains the model many times over."""
    return evaluate_on(
        project_data(),
        lambda params, features: build_model(params.data.task, params.train, features),
    )


@pytest.fixture
def report(session_report) -> dict:
    """The evaluation report of this project's model on `project_data()`, a copy each test
    may change."""
    return copy.deepcopy(session_report)


@pytest.fixture(scope="session")
def empty_store_file(tmp_path_factory) -> Path:
    """An MLflow SQLite store with its tables made, once per run: MLflow makes them by
    running every migration since its first release, a second or more per store."""
    path = tmp_path_factory.mktemp("mlflow") / "mlflow.db"
    with pytest.MonkeyPatch.context() as patch, warnings.catch_warnings():
        # MLflow's own, as it makes its tables; nothing this project can change.
        warnings.filterwarnings("ignore", "The ``noload`` loader strategy", DeprecationWarning)
        patch.setenv("MLFLOW_TRACKING_URI", f"sqlite:///{path}")
        import_mlflow()
    return path


@pytest.fixture
def mlflow_store(tmp_path, monkeypatch, empty_store_file) -> Path:
    """A new, empty MLflow store of this test's own, where MLFLOW_TRACKING_URI points."""
    store = tmp_path / "mlflow.db"
    shutil.copy(empty_store_file, store)
    monkeypatch.setenv("MLFLOW_TRACKING_URI", f"sqlite:///{store}")
    return store


@pytest.fixture
def card_workspace(tmp_path, monkeypatch, project_like, report) -> Path:
    """A scratch project holding everything the `card` stage reads, as the working
    directory: this project's params and prose, an evaluation, raw data and a README."""
    train, test, _ = project_like
    params = yaml.safe_load(Path(PARAMS_FILE).read_text(encoding="utf-8"))
    params["data"]["target"] = "target"
    for name in (CARD_PROSE, DATASHEET_PROSE, PRE_COMMIT_CONFIG):
        shutil.copy(name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    PARAMS_FILE.write_text(yaml.safe_dump(params), encoding="utf-8")
    for path in (RAW_DATA, EVALUATION_FILE, RUN_FILE):
        path.parent.mkdir(parents=True, exist_ok=True)
    raw = pd.concat([train, test])
    raw.to_csv(RAW_DATA, index=False)
    decisions = decide(raw, "target", load_params().prepare)
    preparation = {"columns": decisions, "rare_classes_dropped": {}}
    PREPARATION_FILE.write_text(json.dumps(preparation), encoding="utf-8")
    EVALUATION_FILE.write_text(json.dumps(report), encoding="utf-8")
    RUN_FILE.write_text(json.dumps({"run_id": "0123456789abcdef"}), encoding="utf-8")
    README.write_text(README_TEXT, encoding="utf-8")
    return tmp_path


@pytest.fixture(scope="session")
def trained(tmp_path_factory):
    """This project's dataset, as ingest writes it, split 80/20, and a model of this
    project's family (`smaller`) fitted on the first part with prepare's column decisions
    (no MLflow): what scoring needs, in seconds."""
    params = load_params()
    data = params.data
    path = tmp_path_factory.mktemp("data") / RAW_DATA.name
    clean(load_dataset(data), data.target).to_csv(path, index=False)
    frame = pd.read_csv(path)
    decisions = decide(frame, data.target, params.prepare)
    train, test = frame.iloc[: int(len(frame) * 0.8)], frame.iloc[int(len(frame) * 0.8) :]
    model = fit(apply(train, decisions), dataclasses.replace(params, train=smaller(params.train)))
    return model, train, test.reset_index(drop=True), decisions


@pytest.fixture(scope="session")
def scoring_files(tmp_path_factory, trained) -> Path:
    """What a scoring workspace holds, written once per run: the data contract alone is
    inferred from the whole table, seconds on a large one."""
    model, train, test, decisions = trained
    folder = tmp_path_factory.mktemp("scoring")
    shutil.copy(PROJECT / PARAMS_FILE, folder / PARAMS_FILE)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
{%- if cookiecutter.dataset == "custom_csv" %}
        # As the first ingest does: from the whole table, or held-out rows fall outside its
        # ranges.
        write_contract(pd.concat([train, test]), load_params().data.target)
{%- endif %}
        for path in (MODEL_FILE, TEST_DATA, RUN_FILE, PREPARATION_FILE):
            path.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump(model, MODEL_FILE)
        test.to_csv(TEST_DATA, index=False)
        RUN_FILE.write_text(json.dumps({"run_id": "0123456789abcdef"}), encoding="utf-8")
        PREPARATION_FILE.write_text(json.dumps({"columns": decisions}), encoding="utf-8")
    return folder


@pytest.fixture
def scoring_workspace(tmp_path, monkeypatch, scoring_files) -> Path:
    """A scratch project as the working directory, a copy of `scoring_files` each test may
    change: a trained model, its data contract and column decisions, this project's
    params, and held-out rows in the raw data's columns as the test split."""
    shutil.copytree(scoring_files, tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


README_TEXT = """# A student's project

My own introduction, which no tool may touch.

## Results

<!-- results:start -->
stale numbers
<!-- results:end -->

My own conclusion.
"""
