"""The project's dataset loads offline, with its target column and usable rows."""

import pytest

from {{ cookiecutter.package_name }}.config import load_params
from {{ cookiecutter.package_name }}.datasets import DatasetError, load_dataset


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
