# Maintained by the template: change it through a template release (docs/updating.md).
"""Records to score, held to the data contract (data/dataset.py) one row at a time.

A file from outside (CSV or JSON Lines) or a request body can hold a few broken rows
among good ones: each broken row is reported with its line number and the reason, and
the good rows are still scored. Unlike the `validate` stage, which stops the pipeline on
any violation, scoring must not lose a whole batch to one bad row.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..config import PREPARATION_FILE, DataParams
from ..data.tables import column_decisions

# How a CSV or a JSON body writes a boolean.
TRUTH = {"true": True, "false": False, "1": True, "0": False}


class RecordsError(ValueError):
    """The input as a whole is unusable (unreadable, or columns missing or unknown)."""


@dataclass
class Checked:
    """The rows that passed, as model inputs, and one problem per rule a row broke."""

    features: pd.DataFrame
    lines: list[int]
    problems: list[dict] = field(default_factory=list)


def decisions() -> list[dict]:
    """What `prepare` made of each raw column, or what to run when it has not run."""
    if not PREPARATION_FILE.is_file():
        raise RecordsError(f"{PREPARATION_FILE} is missing: run `uv run dvc repro prepare` first")
    return column_decisions()


def ignored_columns() -> list[str]:
    """Raw columns the model never sees (identifiers, free text, prepare.exclude): a
    record may carry them or not, and they are not checked."""
    return [decision["column"] for decision in decisions() if decision["action"] == "excluded"]


def feature_schema(data: DataParams):
    """The data contract without the target and the ignored columns: what a record to
    score must look like."""
    from ..data.dataset import schema

    contract = schema()
    unused = {data.target, *ignored_columns()}
    return contract.remove_columns([name for name in contract.columns if name in unused])


def read_csv(path: Path) -> tuple[pd.DataFrame, list[int]]:
    """Every cell as text (the schema decides the types); line 1 is the header."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=True)
    return frame, [index + 2 for index in range(len(frame))]


def read_json_lines(path: Path) -> tuple[pd.DataFrame, list[int], list[dict]]:
    """One JSON object per line; blank lines are skipped, unparsable ones reported."""
    rows, lines, problems = [], [], []
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not text.strip():
            continue
        try:
            row = json.loads(text)
        except json.JSONDecodeError as error:
            problems.append({"line": number, "column": None, "reason": f"not JSON: {error.msg}"})
            continue
        if not isinstance(row, dict):
            problems.append({"line": number, "column": None, "reason": "not a JSON object"})
            continue
        rows.append(row)
        lines.append(number)
    return pd.DataFrame.from_records(rows), lines, problems


def read_records(path: Path) -> tuple[pd.DataFrame, list[int], list[dict]]:
    """The rows of a .csv or .jsonl/.ndjson file, their line numbers and unreadable lines."""
    if not path.is_file():
        raise RecordsError(f"{path} does not exist")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return (*read_csv(path), [])
    if suffix in (".jsonl", ".ndjson"):
        return read_json_lines(path)
    raise RecordsError(f"{path}: unknown format {suffix!r} (allowed: .csv, .jsonl, .ndjson)")


def check_columns(frame: pd.DataFrame, schema, target: str) -> pd.DataFrame:
    """Drop the target (a labelled file can be scored) and the ignored columns; refuse
    missing or unknown columns."""
    frame = frame.drop(columns=[target, *ignored_columns()], errors="ignore")
    expected = list(schema.columns)
    unknown = [name for name in frame.columns if name not in expected]
    missing = [name for name in expected if name not in frame.columns]
    if unknown or missing:
        raise RecordsError(
            f"columns do not match the data contract: missing {missing or 'none'}, "
            f"unknown {unknown or 'none'} (expected: {', '.join(expected)})"
        )
    return frame[expected]


def coerce(frame: pd.DataFrame, schema) -> tuple[pd.DataFrame, list[tuple[int, str, str]]]:
    """Each column converted to the type the schema wants; (row, column, reason) for every
    value that cannot be, so one bad cell fails its row and not its whole column."""
    converted, failures = frame.copy(), []
    for name, column in schema.columns.items():
        kind = str(column.dtype)
        values = frame[name]
        if "int" in kind or "float" in kind:
            numbers = pd.to_numeric(values, errors="coerce")
            broken = numbers.isna() & values.notna()
            wanted = "a whole number" if "int" in kind else "a number"
            if "int" in kind:
                broken |= numbers.notna() & (numbers % 1 != 0)
            failures += [
                (row, name, f"{values[row]!r} is not {wanted}") for row in values.index[broken]
            ]
            converted[name] = numbers.where(~broken)
        elif "bool" in kind:
            truth = values.astype(str).str.lower().map(TRUTH)
            broken = truth.isna() & values.notna()
            failures += [
                (row, name, f"{values[row]!r} is not true or false") for row in values.index[broken]
            ]
            converted[name] = truth.where(~broken)
        elif "str" in kind or "object" in kind:
            # A gap is NaN, as pandas reads it from a CSV: a JSON null left as None would
            # be a category of its own to the model's imputer and encoder.
            text = values.astype(object)
            converted[name] = text.where(text.isna(), text.astype(str)).mask(text.isna(), np.nan)
    return converted, failures


def rule_failures(frame: pd.DataFrame, schema) -> list[tuple[int, str, str]]:
    """(row, column, rule and value) for each cell that breaks a rule of the schema."""
    import pandera.errors

    try:
        schema.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        whole_columns = cases[cases["index"].isna()]
        if len(whole_columns):
            first = whole_columns.iloc[0]
            raise RecordsError(f"column {first['column']!r} breaks {first['check']}") from None
        return [
            (
                int(case["index"]),
                str(case["column"]),
                f"breaks {case['check']}, got {case['failure_case']!r}",
            )
            for _, case in cases.iterrows()
        ]
    return []


def with_final_types(frame: pd.DataFrame, schema) -> pd.DataFrame:
    """Whole-number and boolean columns back to their types once their broken rows are gone."""
    for name, column in schema.columns.items():
        kind = str(column.dtype)
        if ("int" in kind or "bool" in kind) and frame[name].notna().all():
            frame[name] = frame[name].astype(kind)
    return frame


def model_inputs(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows in the raw data's columns as the model takes them: the column decisions of
    `prepare` (reports/preparation.json) applied. Already prepared rows pass unchanged."""
    from ..data.columns import apply

    return apply(frame, decisions())


def check_records(frame: pd.DataFrame, lines: list[int], data: DataParams, schema=None) -> Checked:
    """The rows of `frame` (numbered by `lines`) that satisfy the data contract, and why
    each of the others does not."""
    schema = schema if schema is not None else feature_schema(data)
    frame = check_columns(frame.reset_index(drop=True), schema, data.target)
    converted, failures = coerce(frame, schema)
    failed = {row for row, _, _ in failures}
    # Rules are checked on rows whose values all have the right type: a range check on a
    # column with text in it would fail the whole column, not the one row.
    typed = with_final_types(converted.drop(index=sorted(failed)), schema)
    failures += rule_failures(typed, schema)
    problems = [
        {"line": lines[row], "column": column, "reason": reason}
        for row, column, reason in sorted(failures, key=lambda failure: failure[0])
    ]
    good = typed.drop(index=sorted({row for row, _, _ in failures} - failed))
    kept = [lines[row] for row in good.index]
    return Checked(model_inputs(good.reset_index(drop=True)), kept, problems)
