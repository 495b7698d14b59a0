# Maintained by the template: change it through a template release (docs/updating.md).
"""Stage `validate`: hold data/raw/dataset.csv to its schema (data/dataset.py) before any use.

On a violation it writes every failure to reports/validation.json, prints one line per broken
rule (column, rule, how many rows, a few example values) and exits non-zero, so `dvc repro`
stops here and the model and reports of the last good run stay as they were.
"""

import json
import logging

import pandas as pd

from ..config import RAW_DATA, VALIDATION_FILE, DataParams, Params, load_params

log = logging.getLogger(__name__)

EXAMPLES = 5
# Fewer labelled rows than this cannot be split, cross-validated and graded at all.
MIN_ROWS = 20
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


def conflicting_duplicates(frame: pd.DataFrame, target: str, max_share: float) -> list[dict]:
    """Rows with identical features but different labels, when more than `max_share` of
    all rows: a few are the noise of real data (two people alike on every recorded
    feature), many mean a labelling mistake or a missing feature."""
    from .provenance import conflicting_labels

    conflicting = conflicting_labels(frame, target)
    share = len(conflicting) / max(len(frame), 1)
    if share <= max_share:
        return []
    lines = [f"line {index + 2}: {label!r}" for index, label in conflicting[target].items()]
    return [
        {
            "column": target,
            "rule": "no_conflicting_duplicates (same features, different label)",
            "rows": len(conflicting),
            "examples": lines[:EXAMPLES],
            "advice": f"{share:.1%} of the rows, more than data.max_label_conflicts "
            f"({max_share:.1%}): fix the labels, add the feature that tells the rows apart, "
            "or raise the limit",
        }
    ]


def learnable(frame: pd.DataFrame, params: Params) -> list[dict]:
    """What any data must offer before a model can be trained and graded on it: enough
    labelled rows, a numeric target for regression, two classes with enough rows each."""
    target, task = params.data.target, params.data.task
    labels = frame[target].dropna()
    failures = []

    def refuse(rule: str, advice: str, examples: list) -> None:
        failures.append(
            {
                "column": target,
                "rule": rule,
                "rows": len(labels),
                "examples": examples[:EXAMPLES],
                "advice": advice,
            }
        )

    if len(labels) < MIN_ROWS:
        refuse(
            f"enough_rows (at least {MIN_ROWS} with a target)",
            "too few to train, cross-validate and test a model: collect more rows",
            labels.tolist(),
        )
    elif task == "regression" and not pd.api.types.is_numeric_dtype(labels):
        refuse(
            "numeric_target (regression predicts a number)",
            "the target holds text: set data.task to classification in params.yaml",
            labels.drop_duplicates().tolist(),
        )
    elif task == "classification":
        counts = labels.value_counts()
        kept = counts[counts >= params.prepare.min_class_rows]
        if len(kept) < 2:
            refuse(
                f"two_classes (with at least prepare.min_class_rows = "
                f"{params.prepare.min_class_rows} rows each)",
                f"{len(counts)} class(es), {len(kept)} with enough rows: a model needs two "
                "classes to tell apart; for a number with many values, set data.task to "
                "regression",
                [f"{label!r}: {count} row(s)" for label, count in counts.items()],
            )
    return failures


def describe(failures: list[dict]) -> str:
    return "\n".join(
        f"column {failure['column']!r} breaks {failure['rule']}: {failure['rows']} row(s), "
        f"e.g. {', '.join(map(repr, failure['examples']))}"
        + (f"; {failure['advice']}" if failure.get("advice") else "")
        for failure in failures
    )


def check(
    frame: pd.DataFrame, schema, target: str | None = None, max_label_conflicts: float = 0.0
) -> None:
    """Raise DataContractError naming every broken rule of `schema`, and, given the
    `target`, conflicting duplicates above `max_label_conflicts` (a share of the rows)."""
    failures = violations(frame, schema)
    if target is not None:
        failures += conflicting_duplicates(frame, target, max_label_conflicts)
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

    params = load_params()
    data = params.data
    frame = pd.read_csv(RAW_DATA)
    schema = contract()
    # Rows without a target are no contract violation: prepare drops them, and says so.
    # (Gaps make a True/False column text: without them it is boolean again.)
    labelled = frame.dropna(subset=[data.target]).infer_objects()
    failures = (
        violations(labelled, schema)
        + learnable(frame, params)
        + conflicting_duplicates(frame, data.target, data.max_label_conflicts)
    )
    VALIDATION_FILE.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "dataset": data.dataset,
        "schema": schema.name,
        "rows": len(frame),
        "rows_without_target": len(frame) - len(labelled),
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
    log.info("%s: %d labelled rows match the %s schema", RAW_DATA, len(labelled), schema.name)
    if unlabelled := len(frame) - len(labelled):
        log.warning("%d row(s) have no %r: prepare drops them", unlabelled, data.target)
