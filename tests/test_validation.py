"""Bad answers fail at the question, say what is allowed, and leave no directory behind."""

import keyword
import re
import subprocess
import sys

import pytest
from conftest import (
    BAD_ANSWERS,
    CSV_ANSWERS,
    ROOT,
    UNUSABLE_CSV,
    UNUSABLE_CSV_IDS,
    answer_ids,
    render,
)

RESERVED = set(re.findall(r'"(\w+)"', (ROOT / "template/hooks/reserved_names.jinja").read_text()))


@pytest.mark.parametrize(("answers", "message"), BAD_ANSWERS, ids=answer_ids)
def test_bad_answer_is_rejected_at_the_question(template_repo, tmp_path, answers, message):
    destination = tmp_path / "project"
    with pytest.raises(ValueError, match=message):
        render(template_repo, destination, answers, tasks=False)
    assert not destination.exists()


@pytest.mark.parametrize(("answers", "message"), UNUSABLE_CSV, ids=UNUSABLE_CSV_IDS)
def test_unusable_csv_fails_the_copy_and_leaves_nothing(
    template_repo, tmp_path, capfd, answers, message
):
    destination = tmp_path / "project"
    with pytest.raises(subprocess.CalledProcessError):
        render(template_repo, destination, {**CSV_ANSWERS, **answers}, tasks=True)
    assert message in capfd.readouterr().err
    assert not destination.exists()


def test_reserved_names_cover_the_standard_library_and_keywords():
    public = {name for name in sys.stdlib_module_names if not name.startswith("_")}
    assert public - RESERVED == set()
    assert {word for word in keyword.kwlist if word.islower()} - RESERVED == set()
    assert {"mlflow", "dvc", "sklearn", "pandas", "numpy", "yaml", "palmerpenguins"} <= RESERVED
    assert {"fairlearn", "imblearn", "jsonschema", "scipy", "joblib", "matplotlib"} <= RESERVED


def test_a_relative_csv_path_with_an_absolute_destination_is_refused(template_repo, tmp_path):
    """Copier runs the task inside the project: from an absolute destination, the folder a
    relative CSV path was typed in is lost (a relative destination is tested in test_hooks)."""
    destination = tmp_path / "project"
    answers = {**CSV_ANSWERS, "csv_path": "data/outcomes.csv"}
    with pytest.raises(ValueError, match="give the CSV's absolute path"):
        render(template_repo, destination, answers, tasks=False)
    assert not destination.exists()
