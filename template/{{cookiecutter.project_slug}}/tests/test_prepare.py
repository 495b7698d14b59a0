"""The split is reproducible and leak-free."""

import pandas as pd

from {{ cookiecutter.package_name }}.config import PrepareParams
from {{ cookiecutter.package_name }}.data.prepare import clean, drop_rare_classes, split

PARAMS = PrepareParams(test_size=0.25, seed=7, stratify=True)


def test_train_and_test_share_no_rows(tiny_frame):
    with_duplicates = pd.concat([tiny_frame, tiny_frame.head(10)], ignore_index=True)
    train, test = split(clean(with_duplicates, "label"), "label", "classification", PARAMS)
    shared = train.merge(test, how="inner")
    assert shared.empty, f"{len(shared)} row(s) are in both train and test"


def test_rows_without_target_are_dropped(tiny_frame):
    tiny_frame.loc[:4, "label"] = None
    assert clean(tiny_frame, "label")["label"].notna().all()


def test_split_is_reproducible_and_stratified(tiny_frame):
    first, _ = split(tiny_frame, "label", "classification", PARAMS)
    again, test = split(tiny_frame, "label", "classification", PARAMS)
    pd.testing.assert_frame_equal(first, again)
    overall = tiny_frame["label"].value_counts(normalize=True)
    in_test = test["label"].value_counts(normalize=True)
    assert (overall - in_test).abs().max() < 0.1


def test_classes_too_rare_to_grade_are_dropped_with_a_warning(tiny_frame, caplog):
    tiny_frame.loc[:2, "label"] = "maybe"
    kept, dropped = drop_rare_classes(tiny_frame, "label", min_rows=5)
    assert dropped == {"maybe": 3}
    assert set(kept["label"]) == {"yes", "no"}
    assert len(kept) == len(tiny_frame) - 3
    assert "class 'maybe' has 3 row(s), fewer than prepare.min_class_rows (5)" in caplog.text
