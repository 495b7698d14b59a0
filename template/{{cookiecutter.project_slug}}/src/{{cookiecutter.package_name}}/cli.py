# Maintained by the template: change it through a template release (docs/updating.md).
"""Command line: one sub-command per pipeline stage, the readiness check and scoring.

Each command's module is imported only when it runs: mlflow, pandas and scikit-learn
take seconds to import, and every DVC stage is a fresh process.
"""

import argparse
import importlib
import logging
import os
from pathlib import Path

from .config import ParamsError

# command: (module under this package, what it does). dvc.yaml runs the stages in order.
COMMANDS = {
    "pull-data": ("data.remote", "fetch the CSV DVC versions from its remote (a fresh clone)"),
    "ingest": ("data.ingest", "load the raw dataset into data/raw/"),
    "validate": (
        "data.validate",
        "check the raw data against its schema (data/dataset.py); stop on a violation",
    ),
    "prepare": ("data.prepare", "clean and split it into data/processed/{train,test}.csv"),
    "train": ("modeling.train", "fit the model and save it to models/"),
    "ablation": (
        "evaluation.ablation",
        "retrain without each feature group and report what it costs",
    ),
    "drift": (
        "evaluation.drift",
        "compare a batch (the test split by default) with the training data",
    ),
    "security": (
        "evaluation.security",
        "measure evasion, poisoning and membership-inference risk, scan for personal data",
    ),
    "evaluate": (
        "evaluation.evaluate",
        "evaluate the model honestly and write reports/evaluation.json",
    ),
    "card": ("reporting.card", "write MODEL_CARD.md, DATASHEET.md and the README's results"),
{%- if cookiecutter.serving %}
    "export": (
        "serving.export",
        "convert the model to ONNX (serving.runtime onnx) and check it predicts the same",
    ),
{%- endif %}
    "readiness": (
        "reporting.readiness",
        "check the portfolio checklist; exits non-zero while anything fails",
    ),
    "compare": (
        "reporting.compare",
        "rank the MLflow runs by the main metric with its 95% CI, baseline and gate",
    ),
    "predict": (
        "scoring.predict",
        "score a CSV or JSON Lines file, reporting rows that break the data contract",
    ),
{%- if cookiecutter.serving %}
    "serve": (
        "serving.api",
        "serve the model over HTTP (FastAPI): POST /predict, GET /health, GET /model",
    ),
    "bench-serving": (
        "serving.bench",
        "time predictions by batch size for scikit-learn and ONNX Runtime",
    ),
{%- endif %}
}


def one_blas_thread() -> None:
    """Run BLAS (numpy's and scipy's matrix products) on one thread unless
    OPENBLAS_NUM_THREADS says otherwise; it must be set before numpy is first imported.

    A tabular model's matrices are too small for BLAS threads to pay: they spin idle,
    against each other and against the stages' own threads (ablation refits on every
    core). On a 10,000-row, 56-column CSV with two cores: ablation 40 s with a BLAS thread
    per core, 17 s with one; train 5.2 s and 3.1 s. Tree ensembles use their own threads.
    """
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="{{ cookiecutter.package_name }}",
        description="Run one stage of the pipeline (`dvc repro` runs them all, in order).",
    )
    commands = parser.add_subparsers(dest="stage", required=True, metavar="STAGE")
    stages = {
        name: commands.add_parser(name, help=text, description=text)
        for name, (_, text) in COMMANDS.items()
    }
    stages["drift"].add_argument(
        "--current",
        type=Path,
        help="CSV batch with the raw data's columns, checked against the schema first "
        "(default: the test split)",
    )
    stages["readiness"].add_argument(
        "--skip",
        action="append",
        metavar="CHECK",
        help="leave a check out (repeatable), e.g. tests when CI runs them already",
    )
    compare = stages["compare"]
    compare.add_argument("--md", action="store_true", help="a Markdown table, for a README or PR")
    compare.add_argument(
        "--base", type=Path, help="add a row from another branch's reports/metrics.json"
    )
    compare.add_argument("--limit", type=int, help="the most recent runs shown (default: 20)")
    predict = stages["predict"]
    predict.add_argument("file", type=Path, help="records to score: .csv, .jsonl or .ndjson")
    predict.add_argument(
        "--output", type=Path, help="where to write the predictions (default: predictions.csv)"
    )
    predict.add_argument(
        "--on-error",
        choices=["skip", "fail"],
        help="a row that breaks the data contract is skipped (default) or stops the command",
    )
    predict.add_argument("--batch-size", type=int, help="rows scored at once (default: 1024)")
{%- if cookiecutter.serving %}
    stages["serve"].add_argument("--host", help="interface to listen on (default: 127.0.0.1)")
    stages["serve"].add_argument("--port", type=int, help="port to listen on (default: 8000)")
{%- endif %}
    options = vars(parser.parse_args(argv))

    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    command = options.pop("stage")
    one_blas_thread()
    stage = importlib.import_module(f"{__package__}.{COMMANDS[command][0]}")
    try:
        stage.main(**{name: value for name, value in options.items() if value is not None})
    except (ParamsError, FileNotFoundError) as error:
        # A setting or file of the project's is wrong: the message says which and what to
        # do, and a traceback would only bury it.
        logging.getLogger(__package__).error("%s: %s", command, error)
        return 1
    return 0
