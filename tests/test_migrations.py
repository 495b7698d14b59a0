"""The template's `_migrations`, run by the real `copier update` on a project made before
them.

The migration keyed to 1.0.0 renames `evaluate.bootstrap_resamples` to
`evaluate.ci_resamples`. A throwaway template repository gets two tags: v0.9.0 is the
template as it was before (the old key, no migration), v1.0.0 the working tree. A
project rendered from v0.9.0, whose student changed the renamed value, is updated to
v1.0.0 with mlfolio/update.py.
"""

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from conftest import git, run, tool
from template_versions import (
    PACKAGE,
    PROJECT,
    commit_all,
    release,
    render_at,
    replace,
    template_copy,
)

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[1]
MIGRATION = ROOT / "hooks/migrations/v1_0_0_ci_resamples.py"
OLD_KEY, NEW_KEY = "bootstrap_resamples", "ci_resamples"
STUDENT_VALUE = 500
STUDENT_TEST_SIZE = "test_size: 0.25"


def unrelease_1_0_0(repo: Path) -> None:
    """Edit the template back to what it was before 1.0.0: the old key, no migration."""
    copier_yml = repo / "copier.yml"
    entry = re.search(r"^_migrations:\n(?:[ \t-].*\n)+", copier_yml.read_text(), re.MULTILINE)
    assert entry, "copier.yml has no _migrations entry"
    copier_yml.write_text(copier_yml.read_text().replace(entry[0], ""))
    for path in (repo / PROJECT).rglob("*"):
        if path.is_file() and NEW_KEY in (text := path.read_text()):
            path.write_text(text.replace(NEW_KEY, OLD_KEY))


@pytest.fixture(scope="module")
def before_and_after(template_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The template tagged v0.9.0 (before the migration) and v1.0.0 (the working tree)."""
    repo = template_copy(template_repo, tmp_path_factory.mktemp("migrations") / "template")
    unrelease_1_0_0(repo)
    release(repo, "v0.9.0", "Before 1.0.0")
    git(repo, "checkout", "--quiet", "HEAD~1", "--", ".")
    release(repo, "v1.0.0", "Release 1.0.0")
    return repo


def update(project: Path) -> str:
    """mlfolio.update to v1.0.0; its output, with the migration's."""
    return updater(project).stdout


def updater(project: Path, *, check: bool = True):
    return tool("update", project, "--vcs-ref", "v1.0.0", "--trust", "--skip-tasks", check=check)


def status(project: Path) -> str:
    return git(project, "status", "--porcelain")


@dataclass
class Migrated:
    path: Path
    output: str

    def params(self) -> dict:
        return yaml.safe_load((self.path / "params.yaml").read_text())


@pytest.fixture(scope="class")
def migrated(before_and_after: Path, tmp_path_factory: pytest.TempPathFactory) -> Migrated:
    """A v0.9.0 project whose student changed the renamed value, updated to v1.0.0."""
    project = render_at(before_and_after, tmp_path_factory.mktemp("old") / "project", "v0.9.0")
    params = project / "params.yaml"
    assert yaml.safe_load(params.read_text())["evaluate"][OLD_KEY] == 1000
    replace(params, f"{OLD_KEY}: 1000", f"{OLD_KEY}: {STUDENT_VALUE}")
    replace(params, "test_size: 0.2\n", f"{STUDENT_TEST_SIZE}\n")
    commit_all(project, "Fewer resamples, a bigger test split")
    return Migrated(project, update(project))


class TestMigrationToCiResamples:
    def test_the_key_is_renamed_and_the_students_value_kept(self, migrated):
        evaluate = migrated.params()["evaluate"]
        assert evaluate[NEW_KEY] == STUDENT_VALUE
        assert OLD_KEY not in evaluate
        assert migrated.params()["prepare"]["test_size"] == 0.25

    def test_both_stages_ran_and_said_what_they_did(self, migrated):
        assert f"migration 1.0.0 (before): kept evaluate.{OLD_KEY} = 500 aside" in migrated.output
        assert f"migration 1.0.0 (after): evaluate.{NEW_KEY} = 500" in migrated.output
        assert "updated with no conflict" in migrated.output

    def test_the_comment_on_the_line_survives(self, migrated):
        text = (migrated.path / "params.yaml").read_text()
        assert re.search(rf"^  {NEW_KEY}: {STUDENT_VALUE} +# for the 95% confidence", text, re.M)

    def test_the_project_is_left_for_review_with_nothing_staged(self, migrated):
        assert git(migrated.path, "diff", "--cached", "--name-only") == ""
        assert (
            yaml.safe_load((migrated.path / ".copier-answers.yml").read_text())["_commit"]
            == "v1.0.0"
        )
        assert not list(migrated.path.glob(".git/mlfolio-migration-*"))

    def test_running_it_again_changes_nothing(self, migrated):
        before = (migrated.path / "params.yaml").read_bytes(), status(migrated.path)
        for stage, said in (("before", "nothing to keep aside"), ("after", "nothing to do")):
            result = run(migrated.path, sys.executable, str(MIGRATION), stage)
            assert f"migration 1.0.0 ({stage}): {said}" in result.stdout
        assert ((migrated.path / "params.yaml").read_bytes(), status(migrated.path)) == before

    def test_the_project_reads_its_params_and_passes_its_evaluation_tests(self, migrated):
        # The new code refuses unknown keys: an unmigrated params.yaml fails here.
        run(migrated.path, "uv", "sync", "--quiet")
        loaded = run(
            migrated.path,
            *("uv", "run", "python", "-c"),
            f"from {PACKAGE}.config import load_params; print(load_params().evaluate.{NEW_KEY})",
        )
        assert loaded.stdout.strip() == str(STUDENT_VALUE)
        result = run(migrated.path, "uv", "run", "pytest", "-q", "tests/test_evaluate.py")
        assert re.search(r"\d+ passed", result.stdout), result.stdout


def test_a_project_with_the_old_default_just_gets_the_new_key(before_and_after, tmp_path):
    project = render_at(
        before_and_after, tmp_path / "project", "v0.9.0", answers={"dataset": "wine"}
    )
    output = update(project)
    assert "migration 1.0.0 (before): nothing to keep aside" in output
    assert yaml.safe_load((project / "params.yaml").read_text())["evaluate"][NEW_KEY] == 1000
    assert git(project, "diff", "--cached", "--name-only") == ""


def test_an_update_that_does_not_cross_1_0_0_runs_no_migration(before_and_after, tmp_path):
    project = render_at(before_and_after, tmp_path / "project", "v1.0.0")
    assert "migration 1.0.0" not in update(project)


def test_a_conflict_in_params_yaml_shows_the_students_value_and_says_what_to_keep(
    before_and_after, tmp_path
):
    # A change on the next line too: the release's rename and it touch neighbouring lines.
    project = render_at(before_and_after, tmp_path / "project", "v0.9.0")
    params = project / "params.yaml"
    replace(params, f"{OLD_KEY}: 1000", f"{OLD_KEY}: {STUDENT_VALUE}")
    replace(params, "cv_folds: 5 ", "cv_folds: 10")
    commit_all(project, "Fewer resamples, more folds")
    result = updater(project, check=False)
    assert (
        f"params.yaml has conflicts: resolve them, keeping evaluate.{NEW_KEY} = "
        f"{STUDENT_VALUE}, your value"
    ) in result.stdout
    assert result.returncode == 1
    assert "params.yaml:" in result.stderr
    conflict = re.search(
        r"^<<<<<<< before updating\n(.*?)^=======\n(.*?)^>>>>>>>",
        params.read_text(),
        re.MULTILINE | re.DOTALL,
    )
    assert conflict, params.read_text()
    assert f"{OLD_KEY}: {STUDENT_VALUE} " in conflict[1]  # the student's side, as they left it
    assert "cv_folds: 10" in conflict[1]
    assert f"{NEW_KEY}: 1000 " in conflict[2]
