"""The datasheet: computed composition and provenance, and a scan that flags columns
holding personal data."""

import json

import pandas as pd

from {{ cookiecutter.package_name }}.config import DATASHEET, PREPARATION_FILE, RAW_DATA
from {{ cookiecutter.package_name }}.data.pii import scan
from {{ cookiecutter.package_name }}.data.provenance import file_md5
from {{ cookiecutter.package_name }}.reporting import card


def kinds(frame: pd.DataFrame) -> dict[str, str]:
    """Each flagged column and what the scan takes it for."""
    return {finding.column: finding.kind for finding in scan(frame)}


def test_planted_personal_data_is_flagged_and_ordinary_columns_are_not(tiny_frame):
    frame = tiny_frame.assign(
        contact=[f"student{i}@example.org" for i in range(len(tiny_frame))],
        phone="+44 20 7946 0958",
        student=["Ada Lovelace", "Alan Turing", "Grace Hopper"] * 20,
        joined="2024-09-01",
    )
    assert kinds(frame) == {
        "contact": "e-mail addresses",
        "phone": "phone numbers",
        "student": "person names",
    }


# From carData TitanicSurvival's row names and Stat2Data Titanic's `Name`.
PASSENGERS = [
    "Allen, Miss. Elisabeth Walton",
    "Allison, Master. Hudson Trevor",
    "Andrews, Mr Thomas Jr",
    "de Messemaeker, Mrs. Guillaume Joseph (Emma)",
]
# From ISLR Auto's `name`, ggplot2 mpg's `model` and MASS Cars93's `Make`.
CARS = ["chevrolet chevelle malibu", "buick skylark 320", "plymouth satellite", "amc rebel sst"]


def test_names_in_every_common_form_are_people_and_car_models_are_not(tiny_frame):
    frame = tiny_frame.assign(
        rownames=PASSENGERS * 15,
        speaker=["John F. Kennedy", "Martin L. King", "Ada K. Lovelace"] * 20,
        notes=["Call Dr. Smith on +44 20 7946 0958 before the visit"] * 60,
        name=CARS * 15,
        Make=["Acura Integra", "Audi 90", "Buick Century"] * 20,
        model=["a4", "a4 quattro", "camry solara"] * 20,
        member=["Yes", "No"] * 30,
    )
    assert kinds(frame) == {
        "rownames": "person names",
        "speaker": "person names",
        "notes": "free text holding phone numbers",
    }


def test_columns_named_for_people_or_identifiers_are_flagged(tiny_frame):
    frame = tiny_frame.assign(
        Name=["Ada Lovelace", "Alan Turing", "Grace Hopper"] * 20,
        customer_id=[f"C{i:05d}" for i in range(60)],
        home_address=[f"{i} High Street" for i in range(60)],
    )
    assert kinds(frame) == {
        "Name": "person names",
        "customer_id": "a personal identifier, by its name",
        "home_address": "a personal identifier, by its name",
    }


def test_a_category_named_like_an_identifier_is_not_personal_data(tiny_frame):
    """ames' `Street` is the road's surface: "Pave" or "Grvl"."""
    assert scan(tiny_frame.assign(Street=["Pave", "Grvl", "Pave"] * 20)) == []


def test_an_identifying_column_name_is_flagged_even_when_numeric(tiny_frame):
    assert [f.column for f in scan(tiny_frame.assign(phone=1234567))] == ["phone"]


def test_datasheet_describes_the_data_and_names_the_flagged_column(card_workspace):
    frame = pd.read_csv(RAW_DATA).assign(email="someone@example.org")
    frame.loc[:9, "other"] = None
    frame.to_csv(RAW_DATA, index=False)
    card.main()
    text = DATASHEET.read_text(encoding="utf-8")
    assert f"{len(frame)} rows, {frame.shape[1]} columns" in text
    assert "| `other` | float64 | 10 (3.3%) |" in text
    assert "`email` looks like e-mail addresses (100% of values)" in text
    assert file_md5(RAW_DATA) in text
    for heading in ("Motivation", "Composition", "Collection and provenance", "Maintenance"):
        assert f"## {heading}\n" in text


def test_datasheet_lists_what_prepare_left_out(card_workspace):
    preparation = {
        "columns": [
            {"column": "signal", "kind": "numeric", "action": "feature", "reason": "scaled"},
            {"column": "ticket", "kind": "identifier", "action": "excluded", "reason": "unique"},
        ],
        "rare_classes_dropped": {"rare": 3},
    }
    PREPARATION_FILE.write_text(json.dumps(preparation), encoding="utf-8")
    card.main()
    text = DATASHEET.read_text(encoding="utf-8")
    assert "- `ticket` (identifier): excluded, unique." in text
    assert "- class `rare`: dropped, only 3 rows" in text
    assert "`signal`" not in text.split("Column and class decisions")[1]
