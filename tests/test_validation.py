"""Bad answers fail at the question, say what is allowed, and leave no directory behind."""

import keyword
import re
import subprocess
import sys
import tomllib

import pytest
from conftest import (
    BAD_ANSWERS,
    CSV_ANSWERS,
    DESTINATIONS,
    ROOT,
    UNUSABLE_CSV,
    UNUSABLE_CSV_IDS,
    answer_ids,
    made_an_hour_ago,
    render,
    snapshot,
)
from copier import run_copy

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


def copy_with_tasks(template_repo, folder, answers, **options) -> None:
    """`copier copy --trust --defaults` into `folder`, setup tasks on."""
    run_copy(
        str(template_repo),
        folder,
        data=answers,
        defaults=True,
        unsafe=True,
        vcs_ref="HEAD",
        quiet=True,
        **options,
    )


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
        copy_with_tasks(template_repo, folder, answers, overwrite=overwrite)
    assert snapshot(folder) == before


@pytest.mark.parametrize("overwrite", [False, True], ids=["", "overwrite"])
@pytest.mark.parametrize("destination", DESTINATIONS)
def test_a_copy_whose_csv_lacks_the_target_takes_back_what_it_wrote(
    template_repo, tmp_path, capfd, destination, overwrite
):
    """Found only by the setup task, once Copier has written the project: the task removes
    what the copy added and restores from git what it replaced. Without `--overwrite`,
    Copier asks before replacing the repository's README (and stops there when it cannot
    ask): `skip_if_exists` answers no, as `--skip README.md` does."""
    folder = tmp_path / "project"
    DESTINATIONS[destination](folder)
    if folder.exists():
        made_an_hour_ago(folder)
    before = snapshot(folder)
    (answers, message), *_ = UNUSABLE_CSV
    with pytest.raises(subprocess.CalledProcessError):
        copy_with_tasks(
            template_repo,
            folder,
            {**CSV_ANSWERS, **answers},
            overwrite=overwrite,
            skip_if_exists=[] if overwrite else ["README.md"],
        )
    error = capfd.readouterr().err
    assert message in error
    assert snapshot(folder) == before
    assert re.search(r"removed the [1-9][0-9]+ files it had written", error)
    if destination in ("folder-with-notes", "git-repository"):
        assert "left the files that were there before as they were" in error
    if destination == "git-repository" and overwrite:
        assert "restoring from git those it had replaced (README.md)" in error


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
