"""mlfolio/migrate.py: a project made with cruft from the template's v1.0.0
(tests/template_versions.py), with a student's edits, becomes a Copier project and takes
v2.0.0 with mlfolio/update.py, edits kept.
"""

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

import cruft
import pytest
import yaml
from conftest import git, tool
from template_versions import (
    OLD_KEY,
    README_LINE,
    STUDENT_FUNCTION,
    STUDENT_PROSE,
    V2_HOOKS_COMMENT,
    V2_NEW_FILE,
    V2_README_LINE,
    commit_all,
    edit_code_and_readme,
    start_repository,
)

pytestmark = pytest.mark.e2e

ANSWERS = {"project_name": "Tumour Screening", "model": "random_forest"}
PACKAGE = "tumour_screening"


def cruft_create(template: Path, output_dir: Path) -> Path:
    """The project as cruft makes it from v1.0.0, in a git repository."""
    project = cruft.create(
        str(template),
        output_dir=output_dir,
        default_config=True,
        extra_context=ANSWERS,
        directory="template",
        checkout="v1.0.0",
    )
    start_repository(project, "Start from the mlfolio template (cruft)")
    return project


def migrate(project: Path, *options: str, check: bool = True) -> subprocess.CompletedProcess:
    return tool("migrate", project, *options, check=check)


@dataclass
class Migrated:
    path: Path
    cruft_record: dict
    migration: subprocess.CompletedProcess
    update: subprocess.CompletedProcess

    def read(self, name: str) -> str:
        return (self.path / name).read_text()


@pytest.fixture(scope="class")
def migrated(versioned_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Migrated:
    project = cruft_create(versioned_template, tmp_path_factory.mktemp("cruft"))
    record = json.loads((project / ".cruft.json").read_text())
    edit_code_and_readme(project, PACKAGE)
    commit_all(project, "My edits")

    migration = migrate(project)
    commit_all(project, "Manage the project with Copier")
    command = [project, "--vcs-ref", "v2.0.0", "--trust", "--skip-tasks"]
    update = tool("update", *command, check=False)
    return Migrated(project, record, migration, update)


class TestMigrateThenUpdate:
    def test_migration_records_the_template_and_release(self, migrated):
        assert migrated.cruft_record["checkout"] == "v1.0.0"
        assert "release v1.0.0" in migrated.migration.stdout
        assert not (migrated.path / ".cruft.json").exists()

    def test_update_succeeds_without_conflict(self, migrated):
        assert migrated.update.returncode == 0, migrated.update.stdout + migrated.update.stderr
        assert "updated with no conflict" in migrated.update.stdout

    def test_answers_carry_over_and_name_the_new_release(self, migrated):
        answers = yaml.safe_load(migrated.read(".copier-answers.yml"))
        assert answers["_commit"] == "v2.0.0"
        assert answers["_src_path"] == migrated.cruft_record["template"]
        for name, value in ANSWERS.items():
            assert answers[name] == value
        assert answers["package_name"] == PACKAGE
        assert not any(name.startswith("__") for name in answers)

    def test_student_edits_survive(self, migrated):
        assert migrated.read(f"src/{PACKAGE}/evaluation/metrics.py").endswith(STUDENT_FUNCTION)
        assert STUDENT_PROSE in migrated.read("README.md")

    def test_template_changes_arrive(self, migrated):
        readme = migrated.read("README.md")
        assert V2_README_LINE in readme
        assert README_LINE not in readme
        assert migrated.read(".pre-commit-config.yaml").startswith(V2_HOOKS_COMMENT)
        assert (migrated.path / V2_NEW_FILE).is_file()
        assert OLD_KEY not in migrated.read("params.yaml")


def test_a_replay_file_needs_the_release(versioned_template, tmp_path):
    project = cruft_create(versioned_template, tmp_path)
    context = json.loads((project / ".cruft.json").read_text())["context"]["cookiecutter"]
    (project / ".cruft.json").unlink()
    replay = tmp_path / "replay.json"
    replay.write_text(json.dumps({"cookiecutter": {**context, "_commit": None}}))

    without_ref = migrate(project, "--replay", str(replay), check=False)
    assert without_ref.returncode == 2
    assert "pass --vcs-ref TAG" in without_ref.stderr
    assert not (project / ".copier-answers.yml").exists()

    migrate(project, "--replay", str(replay), "--vcs-ref", "v1.0.0")
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["_commit"] == "v1.0.0"
    assert answers["project_name"] == ANSWERS["project_name"]


def other_template(root: Path) -> Path:
    """A Cookiecutter template that is not mlfolio, in git as cruft needs it."""
    folder = root / "template"
    (folder / "{{cookiecutter.project_slug}}").mkdir(parents=True)
    (folder / "cookiecutter.json").write_text('{"project_slug": "other", "colour": "blue"}')
    (folder / "{{cookiecutter.project_slug}}/README.md").write_text("{{ cookiecutter.colour }}\n")
    git(root, "init", "--quiet", "-b", "main")
    commit_all(root, "Another template")
    git(root, "tag", "v1.0.0")
    return root


def test_a_project_from_another_template_is_refused(tmp_path):
    template = other_template(tmp_path / "another-template")
    project = cruft.create(
        str(template), output_dir=tmp_path, default_config=True, directory="template"
    )
    before = (project / ".cruft.json").read_text()
    result = migrate(project, check=False)
    assert result.returncode == 2
    assert "is not the mlfolio template" in result.stderr
    assert (project / ".cruft.json").read_text() == before
    assert not (project / ".copier-answers.yml").exists()


def test_a_project_without_a_record_is_refused(tmp_path):
    result = migrate(tmp_path, check=False)
    assert result.returncode == 2
    assert ".cruft.json does not exist" in result.stderr
    assert "--replay" in result.stderr
