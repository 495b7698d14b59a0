"""`compare` ranks real MLflow runs, in a store of their own, and says when it cannot."""

import json
import shutil

import pytest

from {{ cookiecutter.package_name }}.config import PARAMS_FILE, load_params
from {{ cookiecutter.package_name }}.evaluation.metrics import METRICS
from {{ cookiecutter.package_name }}.modeling.tracking import import_mlflow
from {{ cookiecutter.package_name }}.reporting import compare

PARAMS = load_params(PARAMS_FILE)
MAIN = PARAMS.evaluate.main_metric
# Scores as distances above the baseline model, turned round for an error metric.
SIGN = 1 if METRICS[MAIN].higher_is_better else -1
# MLflow's SQLite store, as it creates its tables; nothing this project can change.
pytestmark = pytest.mark.filterwarnings("ignore:The ``noload`` loader strategy:DeprecationWarning")


def logged_run(mlflow, name: str, params: dict, score: float, half_width: float, passed: bool):
    with mlflow.start_run(run_name=name) as run:
        mlflow.log_params(params)
        mlflow.log_metrics(
            {
                f"test_{MAIN}": SIGN * score,
                f"test_{MAIN}_ci_low": SIGN * score - half_width,
                f"test_{MAIN}_ci_high": SIGN * score + half_width,
                f"test_{MAIN}_baseline": 0.0,
                "test_gate_passed": float(passed),
            }
        )
    return run.info.run_id


@pytest.fixture
def store(tmp_path, monkeypatch, mlflow_store):
    """Three evaluated runs and one that never reached evaluate, in a fresh MLflow store;
    the second run is the registry's champion."""
    shutil.copy(PARAMS_FILE, tmp_path / PARAMS_FILE)
    monkeypatch.chdir(tmp_path)
    mlflow = import_mlflow()
    mlflow.set_experiment(PARAMS.tracking.experiment)
    reference = {"model": "logistic_regression", "seed": "42"}
    logged_run(mlflow, "first", reference, 0.80, 0.03, passed=True)
    forest = {**reference, "model": "random_forest"}
    champion = logged_run(mlflow, "forest", forest, 0.90, 0.04, passed=True)
    logged_run(mlflow, "reseeded", {**reference, "seed": "1"}, 0.88, 0.04, passed=True)
    with mlflow.start_run(run_name="unevaluated"):
        mlflow.log_params(reference)
    client = mlflow.MlflowClient()
    client.create_registered_model(PARAMS.tracking.registered_model)
    version = client.create_model_version(
        PARAMS.tracking.registered_model, f"runs:/{champion}/model", champion
    )
    client.set_registered_model_alias(PARAMS.tracking.registered_model, "champion", version.version)
    return tmp_path


def test_runs_rank_by_the_main_metric_with_changes_champion_and_overlap(store, capsys):
    compare.main()
    lines = capsys.readouterr().out.splitlines()
    rows = lines[1:4]
    assert [row.split()[0] for row in rows] == ["1", "2", "3"]
    assert "forest" in rows[0] and "★" in rows[0] and "model=random_forest" in rows[0]
    assert "reseeded" in rows[1] and "seed=1" in rows[1] and "overlaps" in rows[1]
    assert "first" in rows[2] and "reference" in rows[2] and "worse" in rows[2]
    assert "unevaluated" not in "\n".join(lines)
    assert compare.UNDISTINGUISHABLE in "\n".join(lines)
    assert (store / compare.FIGURE).stat().st_size > 0


def test_markdown_table_and_a_base_branch_row(store, capsys):
    base = store / "base-metrics.json"
    numbers = {MAIN: SIGN * 0.5, f"{MAIN}_ci_low": SIGN * 0.5 - 0.01}
    numbers |= {f"{MAIN}_ci_high": SIGN * 0.5 + 0.01, f"{MAIN}_baseline": 0.0, "gate_passed": False}
    base.write_text(json.dumps(numbers), encoding="utf-8")
    compare.main(md=True, base=base)
    out = capsys.readouterr().out
    assert out.startswith(f"| # | run | what changed | {MAIN} (95% CI) |")
    assert out.splitlines()[5].startswith("| 4 | base (") and "| FAIL |" in out


def test_an_empty_store_says_what_to_run(tmp_path, monkeypatch, mlflow_store):
    shutil.copy(PARAMS_FILE, tmp_path / PARAMS_FILE)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit, match="dvc repro"):
        compare.main()
