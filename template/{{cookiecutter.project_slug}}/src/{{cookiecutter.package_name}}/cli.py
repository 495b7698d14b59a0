"""Command line: one sub-command per pipeline stage.

Stage modules are imported only when their command runs: mlflow, pandas and
scikit-learn take seconds to import, and every DVC stage is a fresh process.
"""

import argparse
import importlib
import logging

STAGES = {
    "ingest": "load the raw dataset into data/raw/",
    "prepare": "clean and split it into data/processed/{train,test}.csv",
    "train": "fit the model, save it to models/ and log the run to MLflow",
    "evaluate": "score the model on the test split and write reports/",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="{{ cookiecutter.package_name }}",
        description="Run one stage of the pipeline (`dvc repro` runs them all, in order).",
    )
    commands = parser.add_subparsers(dest="stage", required=True, metavar="STAGE")
    for name, help_text in STAGES.items():
        commands.add_parser(name, help=help_text, description=help_text)
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    stage = importlib.import_module(f"{__package__}.{args.stage}")
    stage.main()
    return 0
