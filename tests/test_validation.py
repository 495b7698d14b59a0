"""Bad answers fail at the question, say what is allowed, and leave no directory behind."""

import keyword
import re
import subprocess
import sys
import tomllib
from pathlib import Path

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
from copier import run_copy

from mlfolio._proc import git

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


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every path below `folder` with its bytes (None for a directory); {} when absent."""
    if not folder.exists():
        return {}
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() if path.is_file() else None
        for path in sorted(folder.rglob("*"))
    }


def existing_repository(folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "README.md").write_text("# My repository\n\nMade on GitHub first.\n")
    git(folder, "init", "--quiet", "-b", "main")
    git(folder, "add", "--all")
    git(folder, "commit", "--quiet", "-m", "Initial commit")


DESTINATIONS = {
    "absent": lambda folder: None,
    "empty-folder": lambda folder: folder.mkdir(parents=True),
    "folder-with-notes": lambda folder: (
        folder.mkdir(parents=True),
        (folder / "notes.txt").write_text("mine\n"),
    ),
    "git-repository": existing_repository,
}


@pytest.mark.parametrize("overwrite", [False, True], ids=["", "overwrite"])
@pytest.mark.parametrize("destination", DESTINATIONS)
def test_a_failed_copy_leaves_the_destination_as_it_was(
    template_repo, tmp_path, destination, overwrite
):
    """`-d dataset=custom_csv -d csv_path=/nonexistent.csv`: refused at the question, before
    Copier writes a file, so an existing folder or repository is untouched."""
    folder = tmp_path / "project"
    DESTINATIONS[destination](folder)
    before = snapshot(folder)
    answers = {**CSV_ANSWERS, "csv_path": "/nonexistent.csv"}
    with pytest.raises(ValueError, match='"/nonexistent.csv" does not exist'):
        run_copy(
            str(template_repo),
            folder,
            data=answers,
            defaults=True,
            unsafe=True,
            vcs_ref="HEAD",
            overwrite=overwrite,
            quiet=True,
        )
    assert snapshot(folder) == before


@pytest.mark.parametrize("combo", ["defaults", "penguins-random-forest-proprietary"])
def test_no_dependency_of_a_project_can_be_its_package_name(rendered, combo):
    """Read off the rendered pyproject.toml: a new dependency is reserved by `nox -s
    cookiecutter` (tests/test_parity.py fails while that is not run)."""
    metadata = tomllib.loads((rendered(combo) / "pyproject.toml").read_text())
    requirements = [
        *metadata["project"]["dependencies"],
        *metadata["dependency-groups"]["dev"],
        *metadata["build-system"]["requires"],
    ]
    names = {re.sub(r"[-.]+", "_", re.match(r"[\w.-]+", req)[0]).lower() for req in requirements}
    stubs = {name for name in names if name.startswith("types_")}  # no module to shadow
    assert names - stubs - RESERVED == set()


def test_a_relative_csv_path_with_an_absolute_destination_is_refused(template_repo, tmp_path):
    """Copier runs the task inside the project: from an absolute destination, the folder a
    relative CSV path was typed in is lost (a relative destination is tested in test_hooks)."""
    destination = tmp_path / "project"
    answers = {**CSV_ANSWERS, "csv_path": "data/outcomes.csv"}
    with pytest.raises(ValueError, match="give the CSV's absolute path"):
        render(template_repo, destination, answers, tasks=False)
    assert not destination.exists()
