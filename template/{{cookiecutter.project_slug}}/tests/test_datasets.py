"""The project's dataset loads offline, with its target column and usable rows."""

import dataclasses
import hashlib

import pandas as pd
import pytest

from {{ cookiecutter.package_name }}.config import ParamsError, load_params
from {{ cookiecutter.package_name }}.data.ingest import load_dataset
from {{ cookiecutter.package_name }}.data.provenance import record
from {{ cookiecutter.package_name }}.data.validate import MIN_ROWS


def test_configured_dataset_loads():
    data = load_params().data
    frame = load_dataset(data)
    assert data.target in frame.columns
    assert frame[data.target].notna().sum() >= MIN_ROWS, "validate's least rows with a target"
    assert frame.drop(columns=[data.target]).shape[1] >= 1


def test_another_dataset_is_refused_with_the_way_to_switch():
    data = dataclasses.replace(load_params().data, dataset="mnist")
    with pytest.raises(ParamsError, match="data.dataset is 'mnist'.*copier update"):
        load_dataset(data)


def test_unknown_target_is_named_with_the_columns():
    data = dataclasses.replace(load_params().data, target="no_such_column")
    with pytest.raises(ParamsError, match="'no_such_column' is not a column.*its columns are"):
        load_dataset(data)
{%- if cookiecutter.dataset == "custom_csv" %}


def test_missing_csv_says_how_to_add_it(tmp_path):
    data = dataclasses.replace(load_params().data, csv_path=str(tmp_path / "absent.csv"))
    with pytest.raises(FileNotFoundError, match="dvc add"):
        load_dataset(data)
{%- endif %}


def test_provenance_counts_duplicates_and_label_conflicts(tmp_path):
    data = load_params().data
    frame = pd.DataFrame({"x": [1, 1, 1, 2], "y": ["a", "a", "a", "b"], data.target: [0, 0, 1, 1]})
    raw = tmp_path / "raw.csv"
    frame.to_csv(raw, index=False)
    provenance = record(data, frame, raw)
    assert provenance["duplicate_rows"] == 1
    assert provenance["label_conflicts"] == 1
    assert provenance["rows"] == 4
    assert provenance["sha256"] == hashlib.sha256(raw.read_bytes()).hexdigest()
    assert provenance["source"]
