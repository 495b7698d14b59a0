"""Nothing in `prepare` is fitted on test rows: changing them must leave training alone."""

import pandas as pd
import pytest


def test_training_rows_do_not_depend_on_test_rows(package, project, tmp_path, monkeypatch):
    prepare = package("data.prepare")
    for name in ("TRAIN_DATA", "TEST_DATA", "PREPARATION_FILE"):
        monkeypatch.setattr(prepare, name, tmp_path / name)
    split, clean, held_out = prepare.split, prepare.clean, {}

    def recording_split(frame, *args, **kwargs):
        # (train, test) or, since the split follows the data, (train, test, its record).
        result = split(frame, *args, **kwargs)
        held_out["rows"] = result[1].index
        return result

    monkeypatch.setattr(prepare, "split", recording_split)
    prepare.main()
    before = pd.read_csv(tmp_path / "TRAIN_DATA")

    def perturbed_clean(frame, target):
        cleaned = clean(frame, target)
        numeric = cleaned.drop(columns=[target]).select_dtypes("number").columns
        if numeric.empty:
            pytest.skip("no numeric column to perturb")
        rows = held_out["rows"]
        cleaned.loc[rows, numeric] = cleaned.loc[rows, numeric] * 3 + 7
        return cleaned

    monkeypatch.setattr(prepare, "clean", perturbed_clean)
    prepare.main()
    after = pd.read_csv(tmp_path / "TRAIN_DATA")
    assert before.equals(after), (
        "training rows changed when only test rows did: data/prepare.py has something "
        "fitted on the whole table; preprocess in modeling/features.py (training rows only)"
    )
