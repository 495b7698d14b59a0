"""Each kind of messy column gets the decision a careful analyst would make, with a reason."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from {{ cookiecutter.package_name }}.config import PrepareParams
from {{ cookiecutter.package_name }}.data.columns import apply, decide

PARAMS = PrepareParams(test_size=0.2, seed=0, stratify=True)


@pytest.fixture
def messy() -> pd.DataFrame:
    """Columns as students' CSVs have them: keys, dates, prose, amounts, codes, gaps."""
    rng = np.random.default_rng(3)
    size = 80
    frame = pd.DataFrame(
        {
            "customer_id": [f"C{1000 + i}" for i in rng.permutation(size)],
            "row": np.arange(size),
            "signed_up": pd.date_range("2023-01-01", periods=size, freq="5D").strftime("%Y-%m-%d"),
            "comment": [f"called about invoice number {i} twice this week" for i in range(size)],
            "income": rng.permutation(np.arange(20_000, 20_000 + 500 * size, 500)),
            "plan": rng.choice(["basic", "plus", "pro"], size=size),
            "label": rng.choice(["stay", "leave"], size=size),
        }
    )
    frame.loc[::9, "plan"] = np.nan
    return frame


def decisions(frame: pd.DataFrame, params: PrepareParams = PARAMS) -> dict[str, tuple[str, str]]:
    return {d["column"]: (d["kind"], d["action"]) for d in decide(frame, "label", params)}


def test_each_kind_of_column_is_told_apart(messy):
    assert decisions(messy) == {
        "customer_id": ("identifier", "excluded"),
        "row": ("identifier", "excluded"),
        "signed_up": ("date", "expanded"),
        "comment": ("free text", "excluded"),
        "income": ("numeric", "feature"),
        "plan": ("categorical", "feature"),
    }


def test_every_decision_says_why(messy):
    assert all(decision["reason"] for decision in decide(messy, "label", PARAMS))


def test_params_overrule_the_decisions(messy):
    params = PrepareParams(
        test_size=0.2, seed=0, stratify=True, dates="drop", keep=["row"], exclude=["income"]
    )
    decided = decisions(messy, params)
    assert decided["signed_up"] == ("date", "excluded")
    assert decided["row"] == ("listed", "feature")
    assert decided["income"] == ("listed", "excluded")


def test_apply_drops_excluded_columns_and_expands_dates(messy):
    features = apply(messy, decide(messy, "label", PARAMS))
    assert list(features.columns) == [
        "signed_up_year",
        "signed_up_month",
        "signed_up_day_of_week",
        "income",
        "plan",
        "label",
    ]
    assert features.loc[0, ["signed_up_year", "signed_up_month"]].tolist() == [2023.0, 1.0]


def test_an_unreadable_date_becomes_a_gap_not_a_crash(messy):
    plan = decide(messy, "label", PARAMS)
    messy.loc[0, "signed_up"] = "soon"
    features = apply(messy, plan)
    assert pd.isna(features.loc[0, "signed_up_year"])
    assert features["signed_up_year"].notna().sum() == len(messy) - 1


def test_text_with_too_many_values_is_left_out():
    """openintro loans' `emp_title`: job titles typed by hand, thousands of them, many
    repeated. One-hot encoded, each would be a column (and the fit minutes long)."""
    titles = [f"title {i % 150}" for i in range(400)]
    frame = pd.DataFrame({"emp_title": titles, "label": ["yes", "no"] * 200})
    assert decisions(frame) == {"emp_title": ("many categories", "excluded")}
    kept = decide(frame, "label", dataclasses.replace(PARAMS, keep=["emp_title"]))
    assert kept[0]["action"] == "feature"


def test_real_csv_columns_get_their_own_decisions():
    """carData TitanicSurvival's `passengerClass` is an ordinal, not a date; R's row names
    are an identifier; causaldata Mroz's True/False columns are 1/0."""
    size = 60
    frame = pd.DataFrame(
        {
            "rownames": np.arange(1, size + 1)[::-1],
            "passengerClass": ["1st", "2nd", "3rd"] * (size // 3),
            "wc": [True, False] * (size // 2),
            "label": ["yes", "no"] * (size // 2),
        }
    )
    assert decisions(frame) == {
        "rownames": ("identifier", "excluded"),
        "passengerClass": ("categorical", "feature"),
        "wc": ("true/false", "feature"),
    }
    assert apply(frame, decide(frame, "label", PARAMS))["wc"].tolist()[:2] == [1.0, 0.0]
