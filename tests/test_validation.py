"""Bad answers fail at the question, say what is allowed, and leave no directory behind."""

import keyword
import re
import subprocess
import sys

import pytest
from conftest import DATA, ROOT, render

RESERVED = set(re.findall(r'"(\w+)"', (ROOT / "template/hooks/reserved_names.jinja").read_text()))


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"project_name": "   "}, "project name must not be empty"),
        ({"project_slug": "My Project"}, "not a valid slug"),
        ({"project_slug": "ml--project"}, "not a valid slug"),
        ({"package_name": "1st_model"}, "not a valid package name"),
        ({"package_name": "json"}, "would shadow"),
        ({"package_name": "sklearn"}, "would shadow"),
        ({"author_name": ""}, "author name must not be empty"),
        ({"author_email": "student-at-example.com"}, "not a valid e-mail"),
        ({"repository_url": "github.com/student/repo"}, "not a repository URL"),
        ({"license": "GPL-3.0"}, "Invalid choice"),
        ({"python_version": "3.9"}, "Invalid choice"),
        ({"dataset": "mnist"}, "Invalid choice"),
        ({"model": "svm"}, "Invalid choice"),
        ({"ci_provider": "jenkins"}, "Invalid choice"),
        ({"dataset": "custom_csv", "csv_path": "data.xlsx"}, "not a CSV path"),
        ({"dataset": "custom_csv", "csv_path": "a.csv", "target_column": " "}, "target column"),
    ],
    ids=lambda value: "-".join(value) if isinstance(value, dict) else None,
)
def test_bad_answer_is_rejected_at_the_question(template_repo, tmp_path, answers, message):
    destination = tmp_path / "project"
    with pytest.raises(ValueError, match=message):
        render(template_repo, destination, answers, tasks=False)
    assert not destination.exists()


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"csv_path": str(DATA / "absent.csv")}, "absent.csv does not exist"),
        ({"target_column": "grade"}, "'grade' is not a column of student_outcomes.csv"),
    ],
    ids=["missing-file", "missing-column"],
)
def test_unusable_csv_fails_the_copy_and_leaves_nothing(
    template_repo, tmp_path, capfd, answers, message
):
    destination = tmp_path / "project"
    csv_answers = {
        "dataset": "custom_csv",
        "csv_path": str(DATA / "student_outcomes.csv"),
        "target_column": "passed",
        **answers,
    }
    with pytest.raises(subprocess.CalledProcessError):
        render(template_repo, destination, csv_answers, tasks=True)
    assert message in capfd.readouterr().err
    assert not destination.exists()


def test_reserved_names_cover_the_standard_library_and_keywords():
    public = {name for name in sys.stdlib_module_names if not name.startswith("_")}
    assert public - RESERVED == set()
    assert {word for word in keyword.kwlist if word.islower()} - RESERVED == set()
    assert {"mlflow", "dvc", "sklearn", "pandas", "numpy", "yaml", "palmerpenguins"} <= RESERVED
