"""MLflow set-up shared by the train and evaluate stages.

The store is the SQLite file mlflow.db in the project root unless the environment
variable MLFLOW_TRACKING_URI points elsewhere (for example a team's MLflow server),
so switching stores never needs a code change.
"""

import hashlib
import os
from pathlib import Path
from types import ModuleType

DEFAULT_TRACKING_URI = "sqlite:///mlflow.db"


def import_mlflow() -> ModuleType:
    """Import mlflow (slow, hence only here) with telemetry off and the store chosen."""
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    import mlflow

    mlflow.set_tracking_uri(os.environ.get("MLFLOW_TRACKING_URI") or DEFAULT_TRACKING_URI)
    return mlflow


def file_md5(path: Path) -> str:
    """MD5 of a file's bytes: the same hash DVC records for it in dvc.lock."""
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
