"""The split is reproducible, leak-free, and follows the data: by time for a time series,
by group for several rows per entity, at random (stratified) otherwise."""

import dataclasses
import json

import numpy as np
import pandas as pd
import pytest

from {{ cookiecutter.package_name }}.config import PREPARATION_FILE, PrepareParams
from {{ cookiecutter.package_name }}.data.columns import decide
from {{ cookiecutter.package_name }}.data.prepare import clean, drop_rare_classes, split
from {{ cookiecutter.package_name }}.data.splitting import Folds, SplitError
from {{ cookiecutter.package_name }}.data.tables import read_split
from {{ cookiecutter.package_name }}.evaluation.leakage import check_leakage

PARAMS = PrepareParams(test_size=0.25, seed=7, stratify=True)


def split_as(frame: pd.DataFrame, target: str, task: str = "classification", **settings):
    params = dataclasses.replace(PARAMS, **settings)
    return split(frame, target, task, params, decide(frame, target, params))


@pytest.fixture
def panel() -> pd.DataFrame:
    """One row per state and year: a state's rows resemble each other, so a random split
    would grade the model on states it has seen."""
    rng = np.random.default_rng(3)
    states, years = [f"s{i}" for i in range(12)], range(2000, 2008)
    frame = pd.DataFrame([(s, y) for s in states for y in years], columns=["state", "year"])
    frame["spend"] = rng.normal(size=len(frame))
    frame["deaths"] = frame["spend"] + rng.normal(size=len(frame))
    return frame


@pytest.fixture
def daily() -> pd.DataFrame:
    """A time series: one row per day, in date order."""
    rng = np.random.default_rng(5)
    days = pd.date_range("2024-01-01", periods=80, freq="D")
    frame = pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "pressure": rng.normal(size=80)})
    frame["weather"] = np.where(frame["pressure"] + rng.normal(size=80) > 0, "sun", "rain")
    return frame


def test_train_and_test_share_no_rows(tiny_frame):
    with_duplicates = pd.concat([tiny_frame, tiny_frame.head(10)], ignore_index=True)
    train, test, _ = split_as(clean(with_duplicates, "label"), "label")
    shared = train.merge(test, how="inner")
    assert shared.empty, f"{len(shared)} row(s) are in both train and test"


def test_rows_without_target_are_dropped(tiny_frame):
    tiny_frame.loc[:4, "label"] = None
    assert clean(tiny_frame, "label")["label"].notna().all()


def test_split_is_reproducible_and_stratified(tiny_frame):
    first, _, record = split_as(tiny_frame, "label")
    again, test, _ = split_as(tiny_frame, "label")
    pd.testing.assert_frame_equal(first, again)
    overall = tiny_frame["label"].value_counts(normalize=True)
    in_test = test["label"].value_counts(normalize=True)
    assert (overall - in_test).abs().max() < 0.1
    assert record["by"] == "random"
    assert record["reason"] == (
        "at random, stratified by class: no date column orders the rows, no entity repeats"
    )


def test_people_sharing_their_few_features_stay_on_one_side_and_are_no_leak():
    # As carData Arrests or TitanicSurvival: many people, a few coarse features.
    rng = np.random.default_rng(1)
    frame = pd.DataFrame(
        {
            "sex": rng.choice(["female", "male"], 400),
            "year": rng.choice(range(1997, 2003), 400),
            "checks": rng.integers(0, 4, 400),
        }
    )
    frame["released"] = np.where(rng.random(400) < 0.3 + 0.15 * frame["checks"], "no", "yes")
    train, test, record = split_as(frame, "released")
    features = ["sex", "year", "checks"]
    assert train[features].merge(test[features]).empty
    assert record["by"] == "random", "a low-cardinality category is not an entity"
    assert record["rows_sharing_features"] > 300
    assert (
        f"identical in every feature ({record['rows_sharing_features']}) kept" in (record["reason"])
    )
    report = check_leakage(train, test, "released", "classification", 0.98, 0, record)
    assert report["passed"], report["findings"]


def test_a_panel_is_split_by_entity(panel):
    train, test, record = split_as(panel, "deaths", "regression")
    assert set(train["state"]).isdisjoint(test["state"])
    assert record["by"] == "group" and record["column"] == "state"
    assert "one row per state and year" in record["reason"]
    assert (record["train_groups"], record["test_groups"], record["shared_groups"]) == (9, 3, 0)


def test_an_entity_named_like_an_identifier_is_held_out_whole(tiny_frame):
    tiny_frame["patient_id"] = np.repeat(np.arange(12), 5)
    train, test, record = split_as(tiny_frame, "label")
    assert set(train["patient_id"]).isdisjoint(test["patient_id"])
    assert record["column"] == "patient_id"


def test_a_time_series_is_trained_on_the_past_and_tested_on_the_most_recent_days(daily):
    _, _, record = split_as(daily.sample(frac=1, random_state=0), "weather")
    assert record["by"] == "random", "no column orders a shuffled file: name one to split by"
    train, test, record = split_as(daily, "weather")
    assert record["by"] == "time" and record["column"] == "date"
    assert record["train_period"] == ["2024-01-01", "2024-02-29"]
    assert record["test_period"] == ["2024-03-01", "2024-03-20"]
    assert "the rows are in date order" in record["reason"]
    years = train["date_year"] * 10000 + train["date_month"] * 100
    assert years.is_monotonic_increasing, "train.csv is written in time order"


def test_the_split_is_yours_to_name(tiny_frame, daily, panel):
    _, _, record = split_as(panel, "deaths", "regression", split={"by": "random"})
    assert record["by"] == "random"
    train, test, record = split_as(tiny_frame, "label", split={"by": "group", "column": "colour"})
    assert set(train["colour"]).isdisjoint(test["colour"])
    assert record["reason"].startswith("by group on 'colour': prepare.split names it")
    _, _, record = split_as(panel, "deaths", "regression", split="time")
    assert record["column"] == "year" and record["test_period"] == ["2006", "2007"]


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("sometimes", "prepare.split must be one of auto, random, time, group"),
        ({"by": "group", "column": "firm"}, "prepare.split names 'firm', which is not"),
        ("time", "prepare.split is time, but no column looks like a date"),
        ("group", "prepare.split is group, but no column looks like an entity"),
    ],
)
def test_a_split_the_data_cannot_give_is_refused_clearly(tiny_frame, setting, message):
    with pytest.raises(SplitError, match=message):
        split_as(tiny_frame, "label", split=setting)


def test_cross_validation_folds_follow_the_split(panel, daily):
    features = panel.drop(columns="deaths")
    for train, test in Folds("group", "state", n_splits=4, seed=0).split(features):
        assert set(panel["state"].iloc[train]).isdisjoint(panel["state"].iloc[test])
    for train, test in Folds("time", "date", n_splits=4).split(daily):
        assert train.max() < test.min(), "a fold is tested on days after those it learnt"
    repeated = pd.concat([features] * 2, ignore_index=True)
    for train, test in Folds(n_splits=4, seed=0, stratify=True).split(
        repeated, np.tile(["a", "b"], len(repeated) // 2)
    ):
        assert repeated.iloc[train].merge(repeated.iloc[test]).empty


def test_classes_too_rare_to_grade_are_dropped_with_a_warning(tiny_frame, caplog):
    tiny_frame.loc[:2, "label"] = "maybe"
    kept, dropped = drop_rare_classes(tiny_frame, "label", min_rows=5)
    assert dropped == {"maybe": 3}
    assert set(kept["label"]) == {"yes", "no"}
    assert len(kept) == len(tiny_frame) - 3
    assert "class 'maybe' has 3 row(s), fewer than prepare.min_class_rows (5)" in caplog.text


def test_a_split_reads_a_categorical_column_as_text_whatever_its_rows_hold(tmp_path, monkeypatch):
    """MASS Cars93: `Cylinders` is 3 to 8, or "rotary" for the Mazda RX-7. A split without
    the RX-7 must still read as the categories the model learnt, not as numbers."""
    cars = pd.DataFrame(
        {
            "Cylinders": ["4", "6", "4", "rotary", "8", "6"] * 5,
            "Price": np.linspace(8, 60, 30),
            "Origin": ["USA", "non-USA"] * 15,
        }
    )
    monkeypatch.chdir(tmp_path)
    decisions = decide(cars, "Origin", PARAMS)
    PREPARATION_FILE.parent.mkdir()
    PREPARATION_FILE.write_text(json.dumps({"columns": decisions}), encoding="utf-8")
    cars[cars["Cylinders"] != "rotary"].to_csv(tmp_path / "test.csv", index=False)
    test = read_split(tmp_path / "test.csv")
    assert set(test["Cylinders"]) == {"4", "6", "8"}
    assert pd.api.types.is_float_dtype(test["Price"])
