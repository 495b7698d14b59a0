"""The readiness checklist: each check fails for the reason it names and passes once
that reason is gone."""

import json
import subprocess

import pytest
import yaml

from {{ cookiecutter.package_name }}.config import CARD_PROSE, DATASHEET_PROSE, EVALUATION_FILE, README
from {{ cookiecutter.package_name }}.reporting import card, readiness


def fill_placeholders() -> None:
    for path in (CARD_PROSE, DATASHEET_PROSE):
        text = path.read_text(encoding="utf-8")
        written = "Written by the student, in words of their own, for this field"
        path.write_text(text.replace("TODO", written), encoding="utf-8")


def test_placeholders_fail_until_written(card_workspace):
    CARD_PROSE.write_text(
        CARD_PROSE.read_text(encoding="utf-8") + "\nsummary: TODO\n", encoding="utf-8"
    )
    check = readiness.prose_written()
    assert not check.passed
    assert "model_card.yaml `summary`: a placeholder" in check.detail
    fill_placeholders()
    assert readiness.prose_written().passed


def test_one_sentence_pasted_into_every_field_is_not_ready(card_workspace):
    sentence = "This model predicts the target from the features of the data set."
    for path in (CARD_PROSE, DATASHEET_PROSE):
        prose = yaml.safe_load(path.read_text(encoding="utf-8"))
        prose = {k: v if k in readiness.METADATA else sentence for k, v in prose.items()}
        path.write_text(yaml.safe_dump(prose, sort_keys=False), encoding="utf-8")
    check = readiness.prose_written()
    assert not check.passed
    assert (
        "model_card.yaml `intended_use`: the same text as model_card.yaml `summary`" in check.detail
    )
    assert "datasheet.yaml `maintenance`: the same text as" in check.detail


def test_filler_and_one_liners_name_the_field_to_improve(card_workspace):
    fill_placeholders()
    prose = yaml.safe_load(CARD_PROSE.read_text(encoding="utf-8"))
    CARD_PROSE.write_text(
        yaml.safe_dump(
            {**prose, "factors": "TBD", "caveats_and_recommendations": "None known."},
            sort_keys=False,
        ),
        encoding="utf-8",
    )
    detail = readiness.prose_written().detail
    assert detail == (
        "model_card.yaml `factors`: a placeholder; "
        "model_card.yaml `caveats_and_recommendations`: 2 words, write at least 8"
    )


def test_readme_results_must_match_the_evaluation(card_workspace):
    assert not readiness.readme_current().passed, "the README holds stale numbers"
    card.main()
    assert readiness.readme_current().passed
    README.write_text(README.read_text(encoding="utf-8").replace("0.", "1."), encoding="utf-8")
    assert readiness.readme_current().detail == "they are out of date"


def test_data_committed_to_git_is_named(card_workspace):
    def git(*args: str) -> None:
        subprocess.run(["git", *args], check=True, capture_output=True)

    git("init", "-q")
    git("add", "-f", "data/raw/dataset.csv", "README.md")
    check = readiness.no_data_in_git()
    assert not check.passed
    assert "data/raw/dataset.csv" in check.detail
    git("rm", "-q", "--cached", "data/raw/dataset.csv")
    assert readiness.no_data_in_git().passed


def test_the_evaluation_must_exist_be_current_and_clear_the_baseline(card_workspace):
    assert readiness.beats_baseline().passed
    older = {**json.loads(EVALUATION_FILE.read_text(encoding="utf-8")), "schema_version": 1}
    EVALUATION_FILE.write_text(json.dumps(older), encoding="utf-8")
    assert readiness.beats_baseline() == readiness.NO_EVALUATION, "an older release's report"
    EVALUATION_FILE.unlink()
    assert readiness.beats_baseline() == readiness.NO_EVALUATION


def test_a_license_must_be_present(card_workspace):
    assert not readiness.license_present().passed
    readiness.LICENSE.write_text("MIT License\n", encoding="utf-8")
    assert readiness.license_present().passed


def test_an_unknown_check_is_refused_with_the_choices():
    with pytest.raises(SystemExit, match="unknown check.*choose from license"):
        readiness.main(skip=["lint"])
