# Maintained by the template: change it through a template release (docs/updating.md).
"""MLflow set-up shared by the evaluate stage (which logs each run), compare and serving.

The store is the SQLite file mlflow.db in the project root unless the environment
variable MLFLOW_TRACKING_URI points elsewhere (for example a team's MLflow server),
so switching stores never needs a code change. The default is an absolute path:
`dvc exp run --queue` and `--temp` run stages in temporary copies of the project, and
their runs must land in the project's store, not in a copy that is thrown away.
"""

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

# The run tag holding the MD5 of the training split: models trained on different splits
# cannot be compared on the test split (it may hold the other's training rows).
TRAIN_DATA_TAG = "data.train_md5"
FAILED = "the quality gate failed: not champion"
PROJECT_ROOT = Path(__file__).resolve().parents[3]  # src/<package>/modeling/tracking.py


def default_tracking_uri() -> str:
    root = PROJECT_ROOT if (PROJECT_ROOT / "dvc.yaml").is_file() else Path.cwd()
    return f"sqlite:///{(root / 'mlflow.db').as_posix()}"


def import_mlflow() -> ModuleType:
    """Import mlflow (slow, hence only here) with telemetry off and the store chosen."""
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    import mlflow

    # uv environments have no pip, so MLflow warns on every logged model that conda.yaml
    # lists pip unpinned; the model's requirements.txt pins what it needs regardless.
    logging.getLogger("mlflow.utils.environment").addFilter(
        lambda record: "installed pip version" not in record.getMessage()
    )
    uri = os.environ.get("MLFLOW_TRACKING_URI") or default_tracking_uri()
    mlflow.set_tracking_uri(uri)
    if uri.startswith("sqlite:///") and not Path(uri.removeprefix("sqlite:///")).exists():
        _create_store(mlflow)
    return mlflow


def _create_store(mlflow: ModuleType) -> None:
    """Create a new SQLite store without waiting for the disk after each statement.

    MLflow builds its schema by running every migration since its first release, a few
    hundred statements each synced to disk: seconds, on the first run of every clone. A
    store made here holds nothing older that a crash could lose.
    """
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    def unsynced(connection, _record) -> None:
        connection.execute("PRAGMA synchronous = OFF")

    event.listen(Engine, "connect", unsynced)
    try:
        mlflow.search_experiments(max_results=1)
    finally:
        event.remove(Engine, "connect", unsynced)


@dataclass(frozen=True)
class Challenge:
    """How a new version is judged: `against(model)` scores another model on this test
    split and says whether the new one is at least as good; `metric` is the run metric
    (test_<main metric>) that ranks versions scored on the same test split."""

    against: Callable[[Any], tuple[bool, str]]
    metric: str
    higher_is_better: bool


def register(
    mlflow: ModuleType, model_uri: str, name: str, *, passed: bool, challenge: Challenge
) -> tuple[str, str]:
    """Register the model as a new version of `name`; alias it `champion` if it earned it.

    A version that fails the gate stays in the registry, unaliased, so a team can see what
    was tried while `models:/<name>@champion` only serves a model that passed. One that
    passes takes the alias only if it is at least as good as its rival (rival() says
    which), so a throwaway experiment never replaces a better model. Returns the version
    and the decision, which is also tagged on the version and its run (`champion_decision`).
    """
    client = mlflow.MlflowClient()
    version = mlflow.register_model(model_uri, name)
    if not passed:
        promote, decision = False, FAILED
    else:
        try:
            current = client.get_model_version_by_alias(name, "champion")
        except mlflow.exceptions.MlflowException:
            current = None
        if current is None:
            promote, decision = True, "the first version to pass the gate: champion"
        else:
            promote, decision = challenged(mlflow, current, version, challenge)
    if promote:
        client.set_registered_model_alias(name, "champion", version.version)
    client.set_model_version_tag(name, version.version, "champion_decision", decision)
    client.set_tag(version.run_id, "champion_decision", decision)
    return version.version, decision


def rival(mlflow: ModuleType, current: Any, new: Any, challenge: Challenge) -> tuple[Any, str]:
    """The version the new one must beat, and why that one unless it is the champion.

    The champion, when both were trained on the same split. Otherwise the champion's
    scores mean nothing on this test split (it may hold the champion's training rows):
    the rival is the best version that passed on the new one's split (a `prepare.seed`
    experiment must not hand the alias to every later run), or none when the split is
    new (new data: replaced)."""
    client = mlflow.MlflowClient()
    split = client.get_run(new.run_id).data.tags.get(TRAIN_DATA_TAG)
    if client.get_run(current.run_id).data.tags.get(TRAIN_DATA_TAG) == split:
        return current, ""
    same_split = [
        (client.get_run(version.run_id), version)
        for version in client.search_model_versions(f"name = '{new.name}'")
        if version.version != new.version
        and version.tags.get("champion_decision", FAILED) != FAILED
    ]
    scored = [
        (run.data.metrics[challenge.metric], version)
        for run, version in same_split
        if run.data.tags.get(TRAIN_DATA_TAG) == split and challenge.metric in run.data.metrics
    ]
    note = f"champion version {current.version} was trained on another training split"
    if not scored:
        return None, note
    best = (max if challenge.higher_is_better else min)(scored, key=lambda pair: pair[0])[1]
    return best, f"{note}; version {best.version} is the best on this one"


def challenged(
    mlflow: ModuleType, current: Any, new: Any, challenge: Challenge
) -> tuple[bool, str]:
    """Whether the new version beats its rival, and why."""
    opponent, chosen = rival(mlflow, current, new, challenge)
    if opponent is None:
        return True, f"{chosen}, so this test split may hold its training rows: replaced"
    try:
        model = mlflow.sklearn.load_model(f"models:/{opponent.name}/{opponent.version}")
        promote, comparison = challenge.against(model)
    except (mlflow.exceptions.MlflowException, OSError, KeyError, ValueError) as error:
        return True, (
            f"version {opponent.version} cannot be scored on this test split "
            f"({type(error).__name__}: {error}): replaced"
        )
    if chosen:
        comparison = f"{chosen}: {comparison}"
    if promote:
        return True, f"{comparison}: replaces champion version {current.version}"
    return False, f"{comparison}: champion version {current.version} stays"
