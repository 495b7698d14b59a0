# Maintained by the template: change it through a template release (docs/updating.md).
"""Stage `validate`: hold data/raw/dataset.csv to its schema (data/dataset.py) before any use.

On a violation it writes every failure to reports/validation.json, prints one line per broken
rule (column, rule, how many rows, a few example values) and exits non-zero, so `dvc repro`
stops here and the model and reports of the last good run stay as they were.
"""

import json
import logging

import pandas as pd

from ..config import RAW_DATA, VALIDATION_FILE, DataParams, load_params

log = logging.getLogger(__name__)

EXAMPLES = 5
WHOLE_TABLE_CHECKS = {
    "column_in_dataframe": "the column is missing",
    "column_in_schema": "a column the schema does not know",
}


class DataContractError(ValueError):
    """The data breaks its schema; the message lists each broken rule."""


def violations(frame: pd.DataFrame, schema) -> list[dict]:
    """Each broken rule once: column, rule, number of failing rows and a few example values."""
    import pandera.errors

    try:
        schema.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as errors:
        cases = errors.failure_cases.astype({"column": str, "check": str})
        # A missing or unknown column is reported against the whole table: name the column.
        for check, meaning in WHOLE_TABLE_CHECKS.items():
            whole_table = cases["check"] == check
            cases.loc[whole_table, "column"] = cases.loc[whole_table, "failure_case"].astype(str)
            cases.loc[whole_table, "check"] = f"{check} ({meaning})"
        return [
            {
                "column": column,
                "rule": check,
                "rows": int(len(group)),
                "examples": group["failure_case"].drop_duplicates().head(EXAMPLES).tolist(),
            }
            for (column, check), group in cases.groupby(["column", "check"], sort=False)
        ]
    return []


def conflicting_duplicates(frame: pd.DataFrame, target: str) -> list[dict]:
    """Rows with identical features but different labels: no model can get them all right,
    and they usually mean a labelling mistake or a missing feature."""
    from .provenance import conflicting_labels

    conflicting = conflicting_labels(frame, target)
    if conflicting.empty:
        return []
    lines = [f"line {index + 2}: {label!r}" for index, label in conflicting[target].items()]
    return [
        {
            "column": target,
            "rule": "no_conflicting_duplicates (same features, different label)",
            "rows": len(conflicting),
            "examples": lines[:EXAMPLES],
        }
    ]


def describe(failures: list[dict]) -> str:
    return "\n".join(
        f"column {failure['column']!r} breaks {failure['rule']}: {failure['rows']} row(s), "
        f"e.g. {', '.join(map(repr, failure['examples']))}"
        for failure in failures
    )


def check(frame: pd.DataFrame, schema, target: str | None = None) -> None:
    """Raise DataContractError naming every broken rule of `schema`, and, given the
    `target`, every conflicting duplicate."""
    failures = violations(frame, schema)
    if target is not None:
        failures += conflicting_duplicates(frame, target)
    if failures:
        raise DataContractError(describe(failures))


def check_batch(frame: pd.DataFrame, data: DataParams, schema=None) -> None:
    """Hold a new batch (for `drift --current`, or to score) to the training data's schema
    (the project's own unless given); its target column may be absent."""
    from .dataset import schema as contract

    schema = schema or contract()
    if data.target not in frame.columns:
        schema = schema.remove_columns([data.target])
    check(frame, schema)


def main() -> None:
    from .dataset import schema as contract

    data = load_params().data
    frame = pd.read_csv(RAW_DATA)
    schema = contract()
    failures = violations(frame, schema) + conflicting_duplicates(frame, data.target)
    VALIDATION_FILE.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "dataset": data.dataset,
        "schema": schema.name,
        "rows": len(frame),
        "valid": not failures,
        "failures": failures,
    }
    VALIDATION_FILE.write_text(json.dumps(report, indent=2, default=str) + "\n")
    if failures:
        log.error(
            "%s breaks its schema (full report: %s):\n%s",
            RAW_DATA,
            VALIDATION_FILE,
            describe(failures),
        )
        raise SystemExit(1)
    log.info("%s: %d rows match the %s schema", RAW_DATA, len(frame), schema.name)
