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
from pathlib import Path
from types import ModuleType

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


def register(mlflow: ModuleType, model_uri: str, name: str, *, champion: bool) -> str:
    """Register the model as a new version of `name`; alias it `champion` if it earned it.

    Returns the version. A version that fails the gate stays in the registry, unaliased,
    so a team can see what was tried while `models:/<name>@champion` only ever serves a
    model that passed.
    """
    version = mlflow.register_model(model_uri, name).version
    if champion:
        mlflow.MlflowClient().set_registered_model_alias(name, "champion", version)
    return version
