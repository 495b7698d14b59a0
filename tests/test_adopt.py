"""mlfolio/adopt.py on a repository that already has code, data and a README: the plan
first, then the template's files added around the repository's own, which stay byte for
byte, and an answers file that lets the next release arrive with `copier update`.
"""

from pathlib import Path

import pytest
import yaml
from conftest import git, tool
from template_versions import PACKAGE, README_LINE, V2_NEW_FILE, commit_all

pytestmark = pytest.mark.e2e

# The repository before adoption: its own README (the template has one too), code, data.
OWN_FILES = {
    "README.md": "# Churn study\n\nMy notes on why customers leave.\n",
    "analysis/churn.py": "def churn_rate(left, total):\n    return left / total\n",
    "data/customers.csv": "tenure,left\n3,1\n24,0\n",
}
ADDED = ("dvc.yaml", "params.yaml", f"src/{PACKAGE}/cli.py", ".pre-commit-config.yaml")


@pytest.fixture
def existing(tmp_path: Path) -> Path:
    repo = tmp_path / "churn"
    for name, text in OWN_FILES.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    git(repo, "init", "--quiet", "-b", "main")
    commit_all(repo, "My analysis")
    return repo


def adopt(repo: Path, template: Path, *options: str, check: bool = True):
    command = [repo, "--template", template, "--vcs-ref", "v1.0.0"]
    return tool("adopt", *command, *options, check=check)


def snapshot(repo: Path) -> dict[str, bytes]:
    return {
        path.relative_to(repo).as_posix(): path.read_bytes()
        for path in repo.rglob("*")
        if path.is_file() and ".git" not in path.relative_to(repo).parts
    }


def test_dry_run_shows_the_plan_and_writes_nothing(existing, versioned_template):
    before = snapshot(existing)
    result = adopt(existing, versioned_template, "--dry-run")
    assert snapshot(existing) == before
    assert git(existing, "status", "--porcelain") == ""
    assert "  keep       README.md  (yours differs from the template's)" in result.stdout
    for name in ADDED:
        assert f"  create     {name}\n" in result.stdout
    assert "nothing was written" in result.stdout


def test_adoption_adds_the_template_and_keeps_every_own_file(existing, versioned_template):
    result = adopt(existing, versioned_template)
    for name, text in OWN_FILES.items():
        assert (existing / name).read_text() == text, name
    for name in ADDED:
        assert (existing / name).is_file(), name
    answers = yaml.safe_load((existing / ".copier-answers.yml").read_text())
    assert answers["_commit"] == "v1.0.0"
    assert answers["_src_path"] == str(versioned_template)
    assert "1 of yours kept" in result.stdout


def test_overwrite_opts_in_one_file(existing, versioned_template):
    adopt(existing, versioned_template, "--overwrite", "README.md")
    assert README_LINE in (existing / "README.md").read_text()
    assert (existing / "analysis/churn.py").read_text() == OWN_FILES["analysis/churn.py"]


def test_an_adopted_repository_takes_the_next_release(existing, versioned_template):
    adopt(existing, versioned_template, "--data", "project_name=Churn study")
    commit_all(existing, "Adopt the mlfolio template")
    command = [existing, "--vcs-ref", "v2.0.0", "--trust", "--skip-tasks"]
    result = tool("update", *command, check=False)
    assert (existing / V2_NEW_FILE).is_file()
    answers = yaml.safe_load((existing / ".copier-answers.yml").read_text())
    assert answers["_commit"] == "v2.0.0"
    assert answers["project_name"] == "Churn study"
    assert (existing / "analysis/churn.py").read_text() == OWN_FILES["analysis/churn.py"]
    # The kept README is, to Copier, the student's rewrite of the template's: a release
    # that changes the template's README leaves a conflict there, which the updater names.
    assert result.returncode == 1, result.stdout + result.stderr
    assert "README.md:" in result.stderr


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--overwrite", "analysis/churn.py"], "not a file of yours the template would change"),
        (["--data", "project_name"], "is not NAME=VALUE"),
    ],
)
def test_bad_options_write_nothing_and_say_why(existing, versioned_template, options, message):
    before = snapshot(existing)
    result = adopt(existing, versioned_template, *options, check=False)
    assert result.returncode == 2
    assert message in result.stderr
    assert snapshot(existing) == before


def test_refuses_uncommitted_changes_and_an_adopted_repository(existing, versioned_template):
    (existing / "README.md").write_text("work in progress\n")
    result = adopt(existing, versioned_template, check=False)
    assert result.returncode == 2
    assert "uncommitted changes" in result.stderr
    assert not (existing / "dvc.yaml").exists()

    git(existing, "checkout", "README.md")
    adopt(existing, versioned_template)
    commit_all(existing, "Adopt the mlfolio template")
    again = adopt(existing, versioned_template, check=False)
    assert again.returncode == 2
    assert f"`nox -s update -- {existing}`" in again.stderr


def test_a_folder_where_the_template_has_a_file_is_refused(existing, versioned_template):
    (existing / "dvc.yaml").mkdir()
    (existing / "dvc.yaml/stages.txt").write_text("mine\n")
    commit_all(existing, "A folder named like a template file")
    before = snapshot(existing)
    result = adopt(existing, versioned_template, check=False)
    assert result.returncode == 2
    assert "the template has a file dvc.yaml, where the repository has a folder" in result.stderr
    assert snapshot(existing) == before
