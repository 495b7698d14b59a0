"""Stage `validate`: hold data/raw/dataset.csv to its schema (schema.py) before anything uses it.

On a violation it writes every failure to reports/validation.json, prints one line per broken
rule (column, rule, how many rows, a few example values) and exits non-zero, so `dvc repro`
stops here and the model and reports of the last good run stay as they were.
"""

import json
import logging

import pandas as pd

from .config import RAW_DATA, VALIDATION_FILE, load_params

log = logging.getLogger(__name__)

EXAMPLES = 5


class DataContractError(ValueError):
    """The data breaks its schema; the message lists each broken rule."""


def violations(frame: pd.DataFrame, schema) -> list[dict]:
    """Each broken rule once: column, rule, number of failing rows and a few example values."""
    import pandera.errors

    try:
        schema.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as errors:
        cases = errors.failure_cases.astype({"column": str, "check": str})
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


def describe(failures: list[dict]) -> str:
    return "\n".join(
        f"column {failure['column']!r} breaks {failure['rule']}: {failure['rows']} row(s), "
        f"e.g. {', '.join(map(repr, failure['examples']))}"
        for failure in failures
    )


def check(frame: pd.DataFrame, schema) -> None:
    """Raise DataContractError naming every broken rule of `schema`."""
    if failures := violations(frame, schema):
        raise DataContractError(describe(failures))


def main() -> None:
    from .schema import schema_for

    data = load_params().data
    frame = pd.read_csv(RAW_DATA)
    schema = schema_for(data.dataset, frame, data.target)
    failures = violations(frame, schema)
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
