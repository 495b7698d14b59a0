"""Classes are named as a reader knows them: "benign (1)" in the card, the datasheet and
the figures, not a bare 1."""

import pytest
import yaml

from {{ cookiecutter.package_name }}.config import DATASHEET, PARAMS_FILE, DataParams, load_params
from {{ cookiecutter.package_name }}.data.ingest import load_dataset
from {{ cookiecutter.package_name }}.reporting import card
from {{ cookiecutter.package_name }}.reporting.model_card import classes_line

PARAMS = load_params()
classification = pytest.mark.skipif(
    PARAMS.data.task != "classification", reason="a regression target has no classes"
)


@classification
def test_each_named_class_is_a_label_of_the_data():
    data = PARAMS.data
    labels = {str(label) for label in load_dataset(data)[data.target].unique()}
    assert {str(label) for label in data.class_names} <= labels


def test_a_class_reads_with_its_name_and_its_label():
    data = DataParams("d", "t", "classification", class_names={0: "malignant", 1: "benign"})
    assert [data.class_name(label) for label in (0, 1, 2)] == ["malignant (0)", "benign (1)", "2"]
    assert DataParams("d", "t", "classification").class_name("yes") == "yes"


def test_the_card_names_the_positive_label_in_words():
    line = classes_line({"classes": ["malignant (0)", "benign (1)"]})
    assert line.startswith("- Classes: malignant (0), benign (1). Positive label: benign (1)")
    assert classes_line({"classes": ["a", "b", "c"]}) == "- Classes: a, b, c\n"
    assert classes_line({}) == ""


@classification
def test_the_datasheet_names_each_class(card_workspace):
    params = yaml.safe_load(PARAMS_FILE.read_text(encoding="utf-8"))
    params["data"]["class_names"] = {"no": "refused", "yes": "approved"}
    PARAMS_FILE.write_text(yaml.safe_dump(params), encoding="utf-8")
    card.main()
    text = DATASHEET.read_text(encoding="utf-8")
    assert "| refused (no) |" in text
    assert "| approved (yes) |" in text
