"""The data contract: the project's data passes its schema, and each kind of defect is caught."""

import re

import numpy as np
import pandas as pd
import pytest

from {{ cookiecutter.package_name }}.config import RAW_DATA, load_params
{%- if cookiecutter.dataset == "custom_csv" %}
from {{ cookiecutter.package_name }}.data.dataset import infer_schema, write_contract
{%- else %}
from {{ cookiecutter.package_name }}.data.dataset import schema as contract
{%- endif %}
from {{ cookiecutter.package_name }}.data.ingest import load_dataset
{%- if cookiecutter.dataset == "custom_csv" %}
from {{ cookiecutter.package_name }}.data.prepare import clean
{%- endif %}
from {{ cookiecutter.package_name }}.data.validate import (
    DataContractError,
    check,
    check_batch,
    conflicting_duplicates,
    violations,
)


def named(column: str) -> str:
    """How a message names a column, as a pattern (names like "Âge (years)" included)."""
    return re.escape(f"column '{column}'")


@pytest.fixture
def data():
    return load_params().data


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> pd.DataFrame:
    """The configured dataset as the validate stage checks it: after a round trip through
    CSV, its labelled rows (prepare drops the others). Read once: 2 s for 300,000 rows."""
    data = load_params().data
    path = tmp_path_factory.mktemp("raw") / RAW_DATA.name
    load_dataset(data).to_csv(path, index=False)
    return pd.read_csv(path).dropna(subset=[data.target]).infer_objects().reset_index(drop=True)


@pytest.fixture
def frame(checked) -> pd.DataFrame:
    """A copy each test may damage."""
    return checked.copy()


@pytest.fixture
def schema(data, frame):
{%- if cookiecutter.dataset == "custom_csv" %}
    return infer_schema(frame, data.target)  # what the first ingest writes
{%- else %}
    return contract()
{%- endif %}


def test_configured_dataset_passes_its_schema(frame, schema):
    assert violations(frame, schema) == []


def test_wrong_type_is_named(frame, schema, data, ranged_feature):
    column = ranged_feature(schema, data.target)
    frame[column] = frame[column].astype(object)
    frame.loc[0, column] = "twelve"
    with pytest.raises(DataContractError, match=f"{named(column)} breaks .*dtype"):
        check(frame, schema)


def test_value_out_of_range_is_named(frame, schema, data, ranged_feature):
    column = ranged_feature(schema, data.target)
    frame.loc[[0, 1], column] = 1e9
    with pytest.raises(DataContractError, match=rf"{named(column)} breaks .*2 row\(s\)"):
        check(frame, schema)


def test_unknown_target_value_is_named(frame, schema, data):
    if data.task == "regression":
        frame.loc[0, data.target] = -1e9
    else:
        frame[data.target] = frame[data.target].astype(object)
        frame.loc[0, data.target] = "unheard of"
    with pytest.raises(DataContractError, match=f"{named(data.target)} breaks"):
        check(frame, schema)


def test_missing_target_is_named(frame, schema, data):
    frame[data.target] = frame[data.target].astype(object)
    frame.loc[0, data.target] = np.nan
    with pytest.raises(DataContractError, match=f"{named(data.target)} breaks not_nullable"):
        check(frame, schema)
{%- if cookiecutter.dataset == "custom_csv" %}


def test_rows_without_a_target_are_left_to_prepare(tmp_path, monkeypatch, frame, data):
    """`validate` holds the labelled rows to the contract and counts the others (a
    bundled dataset has no gaps in its target, a CSV of your own may)."""
    import json
    import shutil

    from {{ cookiecutter.package_name }}.config import PARAMS_FILE, VALIDATION_FILE
    from {{ cookiecutter.package_name }}.data.validate import main as validate

    shutil.copy(PARAMS_FILE, tmp_path / PARAMS_FILE)
    monkeypatch.chdir(tmp_path)
    write_contract(frame, data.target)
    frame[data.target] = frame[data.target].astype(object)
    frame.loc[[0, 3], data.target] = np.nan
    RAW_DATA.parent.mkdir(parents=True)
    frame.to_csv(RAW_DATA, index=False)
    validate()
    assert json.loads(VALIDATION_FILE.read_text())["rows_without_target"] == 2
    assert len(clean(frame, data.target)) == len(clean(frame.drop(index=[0, 3]), data.target))
{%- endif %}


def test_null_in_a_non_nullable_column_is_named(frame, schema, data):
    columns = [
        name for name in frame.columns if name != data.target and not schema.columns[name].nullable
    ]
    if not columns:
        pytest.skip("every column of this dataset has gaps")
    column = columns[0]
    frame.loc[0, column] = None
    with pytest.raises(DataContractError, match=f"{named(column)} breaks not_nullable"):
        check(frame, schema)


def test_conflicting_duplicate_is_named(frame, schema, data):
    twin = frame.iloc[[0]].copy()
    original = frame.loc[0, data.target]
    twin[data.target] = next(value for value in frame[data.target] if value != original)
    twinned = pd.concat([frame, twin], ignore_index=True)
    with pytest.raises(DataContractError, match=f"{named(data.target)} breaks no_conflicting"):
        check(twinned, schema, data.target)
    # A few are the noise of real data: refused only above the share params.yaml allows.
    assert conflicting_duplicates(twinned, data.target, 2 / len(twinned)) == []


def test_configured_dataset_has_few_conflicting_duplicates(frame, schema, data):
    check(frame, schema, data.target, data.max_label_conflicts)


def test_new_batch_without_target_is_checked_against_the_schema(
    frame, schema, data, ranged_feature
):
    batch = frame.drop(columns=[data.target])
    check_batch(batch, data, schema)
    column = ranged_feature(schema, data.target)
    with pytest.raises(DataContractError, match=f"{named(column)}"):
        check_batch(batch.drop(columns=[column]), data, schema)


def test_unknown_category_is_named(frame, schema, data):
    categorical = [
        name
        for name, column in schema.columns.items()
        if name != data.target and any(rule.name == "isin" for rule in column.checks)
    ]
    if not categorical:
        pytest.skip("no categorical feature in this dataset")
    column = categorical[0]
    frame[column] = frame[column].astype(object)
    frame.loc[0, column] = "Atlantis"
    with pytest.raises(DataContractError, match=rf"{named(column)} breaks isin.*'Atlantis'"):
        check(frame, schema)
{%- if cookiecutter.dataset == "custom_csv" %}


def test_the_inferred_range_lets_the_next_file_from_the_source_pass():
    """A passenger aged 0.1 when the youngest seen was 0.17: the range has a margin, and
    a number never below zero stays so."""
    frame = pd.DataFrame({"age": np.linspace(0.17, 80, 40), "label": ["yes", "no"] * 20})
    schema = infer_schema(frame, "label")
    check(pd.DataFrame({"age": [0.1, 95.0], "label": ["yes", "no"]}), schema)
    with pytest.raises(DataContractError, match="column 'age' breaks in_range"):
        check(pd.DataFrame({"age": [-1.0], "label": ["yes"]}), schema)


def test_an_inferred_identifier_must_stay_unique():
    frame = pd.DataFrame(
        {
            "order_id": [f"A{i:03}" for i in range(40)],
            "amount": np.linspace(1, 40, 40),
            "label": ["yes", "no"] * 20,
        }
    )
    schema = infer_schema(frame, "label")
    assert schema.columns["order_id"].unique
    frame.loc[1, "order_id"] = "A000"
    with pytest.raises(DataContractError, match="column 'order_id' breaks field_uniqueness"):
        check(frame, schema)
{%- endif %}


def test_missing_column_is_named(frame, schema, data):
    column = next(name for name in frame.columns if name != data.target)
    with pytest.raises(DataContractError, match=column):
        check(frame.drop(columns=[column]), schema)


def test_data_no_model_can_learn_is_refused_saying_what_to_do():
    from {{ cookiecutter.package_name }}.data.validate import learnable

    params = load_params()
    target = params.data.target
    few = pd.DataFrame({target: [1.0] * 5})
    assert "at least 20" in learnable(few, params)[0]["rule"]
    if params.data.task == "classification":
        one_class = pd.DataFrame({target: ["yes"] * 50})
        assert "a model needs two classes" in learnable(one_class, params)[0]["advice"]
        many = pd.DataFrame({target: [f"class {i}" for i in range(500)] * 2})
        assert "500 class(es), 0 with enough rows" in learnable(many, params)[0]["advice"]
    else:
        text = pd.DataFrame({target: ["high", "low"] * 25})
        assert "set data.task to classification" in learnable(text, params)[0]["advice"]
