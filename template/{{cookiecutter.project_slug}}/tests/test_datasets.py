"""The project's dataset loads offline, with its target column and usable rows."""

import hashlib

import pandas as pd
import pytest

from {{ cookiecutter.package_name }}.config import load_params
from {{ cookiecutter.package_name }}.data.datasets import DatasetError, load_dataset
from {{ cookiecutter.package_name }}.data.provenance import record


def test_configured_dataset_loads():
    data = load_params().data
    frame = load_dataset(data.dataset, data.target, data.csv_path)
    assert len(frame) >= 50
    assert data.target in frame.columns
    assert frame[data.target].notna().any()
    assert frame.drop(columns=[data.target]).shape[1] >= 1


def test_unknown_dataset_is_named_in_the_error():
    with pytest.raises(DatasetError, match="unknown dataset 'mnist'"):
        load_dataset("mnist", "target")


def test_missing_csv_says_how_to_add_it(tmp_path):
    with pytest.raises(DatasetError, match="dvc add"):
        load_dataset("custom_csv", "target", str(tmp_path / "absent.csv"))


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
