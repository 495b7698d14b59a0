# Maintained by the template: change it through a template release (docs/updating.md).
"""Command `predict`: score a CSV or JSON Lines file with the trained model.

Every row is first held to the data contract (data/dataset.py). Broken rows are listed with
their line number and reason; with `--on-error skip` (the default) the others are still
scored, with `--on-error fail` nothing is written and the command exits non-zero. The
output has one row per scored input line: its line number, the prediction, each class's
probability and the version of the model that made it.
"""

import logging
from pathlib import Path

import joblib
import pandas as pd

from ..config import MODEL_FILE, load_params
from .predictions import model_info, predict_table
from .records import RecordsError, check_records, feature_schema, read_records

log = logging.getLogger(__name__)

ON_ERROR = ("skip", "fail")
BATCH_SIZE = 1024


def score(model, features: pd.DataFrame, task: str, batch_size: int) -> pd.DataFrame:
    """Predictions in batches, so a large file never needs all its model inputs at once."""
    batches = [
        predict_table(model, features.iloc[start : start + batch_size], task)
        for start in range(0, len(features), batch_size)
    ]
    return pd.concat(batches) if batches else predict_table(model, features, task)


def main(
    file: Path,
    output: Path = Path("predictions.csv"),
    on_error: str = "skip",
    batch_size: int = BATCH_SIZE,
) -> None:
    if on_error not in ON_ERROR:
        raise SystemExit(f"--on-error must be one of {', '.join(ON_ERROR)}, not {on_error!r}")
    if not MODEL_FILE.is_file():
        raise SystemExit(f"{MODEL_FILE} is missing: run `uv run dvc repro train` first")
    data = load_params().data
    try:
        frame, lines, unreadable = read_records(file)
        checked = check_records(frame, lines, data, feature_schema(data))
    except RecordsError as error:
        raise SystemExit(f"{file}: {error}") from None
    problems = sorted(unreadable + checked.problems, key=lambda problem: problem["line"])
    for problem in problems:
        column = f" column {problem['column']!r}" if problem["column"] else ""
        log.warning("%s line %d%s: %s", file, problem["line"], column, problem["reason"])
    if problems and on_error == "fail":
        bad = len({problem["line"] for problem in problems})
        raise SystemExit(f"{file}: {bad} row(s) break the data contract; nothing written")

    model = joblib.load(MODEL_FILE)
    scored = score(model, checked.features, data.task, batch_size)
    scored.insert(0, "line", checked.lines)
    scored["model_version"] = model_info()["version"]
    output.parent.mkdir(parents=True, exist_ok=True)
    scored.to_csv(output, index=False)
    skipped = len({problem["line"] for problem in problems})
    log.info("wrote %s: %d row(s) scored, %d skipped", output, len(scored), skipped)
