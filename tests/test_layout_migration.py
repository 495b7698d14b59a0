"""The 2.0.0 migration, run by the real `copier update` on a project made with release
1.0.0: the package's modules move into their folders and the student's edits move with
them.

Release 1.0.0 is read from this repository's history (its commit, not a tag: tags do
not travel with a clone), committed to a throwaway template repository as v1.0.0, and
the working tree on top as v2.0.0. A project rendered from v1.0.0, whose student changed
their preprocessing, added a model family and a helper in a template module, is updated
with `python -m mlfolio.update`, then runs its pipeline on the student's model and its own
tests.
"""

import io
import re
import subprocess
import tarfile
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, TEMPLATE_PARTS, copy_template, git, run, tool
from template_versions import (
    PACKAGE,
    STUDENT_FUNCTION,
    commit_all,
    release,
    render_at,
    replace,
)

pytestmark = pytest.mark.e2e

RELEASE_1_0_0 = "bd7e4ba1a8b2907b578b0ad183f9ddd30d4c8056"
SOURCE = f"src/{PACKAGE}"
# The student's edits, in 1.0.0's modules.
IMPUTER = ('SimpleImputer(strategy="median")', 'SimpleImputer(strategy="mean")')
ESTIMATOR = '        "extra_trees": ExtraTreesClassifier,\n'


def release_1_0_0(destination: Path) -> None:
    """Release 1.0.0's template files, from this repository's history."""
    found = subprocess.run(
        ["git", "cat-file", "-e", f"{RELEASE_1_0_0}^{{commit}}"], cwd=ROOT, check=False
    )
    if found.returncode:
        pytest.skip(f"this clone has no history back to release 1.0.0 ({RELEASE_1_0_0[:7]})")
    archive = subprocess.run(
        ["git", "archive", RELEASE_1_0_0, *TEMPLATE_PARTS],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as files:
        files.extractall(destination, filter="data")


@pytest.fixture(scope="module")
def releases(template_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A template repository with release 1.0.0 tagged v1.0.0, the working tree v2.0.0."""
    repo = tmp_path_factory.mktemp("layout") / "template"
    repo.mkdir()
    release_1_0_0(repo)
    git(repo, "init", "--quiet", "-b", "main")
    release(repo, "v1.0.0", "Release 1.0.0")
    copy_template(template_repo, repo)
    release(repo, "v2.0.0", "Release 2.0.0")
    return repo


def edit_as_a_student(project: Path) -> None:
    replace(project / f"{SOURCE}/features.py", *IMPUTER)
    models = project / f"{SOURCE}/models.py"
    replace(
        models,
        "from sklearn.ensemble import (\n",
        "from sklearn.ensemble import (\n    ExtraTreesClassifier,\n",
    )
    replace(
        models,
        '        "hist_gradient_boosting": HistGradientBoostingClassifier,\n',
        f'        "hist_gradient_boosting": HistGradientBoostingClassifier,\n{ESTIMATOR}',
    )
    with (project / f"{SOURCE}/metrics.py").open("a") as module:
        module.write(STUDENT_FUNCTION)
    commit_all(project, "My preprocessing, a model family and a helper")


@pytest.fixture(scope="module")
def migrated(releases: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    project = render_at(releases, tmp_path_factory.mktemp("layout") / "project")
    assert (project / f"{SOURCE}/features.py").is_file(), "not a 1.x layout"
    edit_as_a_student(project)
    result = tool("update", project, "--vcs-ref", "v2.0.0", "--trust", "--skip-tasks")
    return project, result.stdout


def test_the_modules_leave_their_old_places(migrated):
    project, output = migrated
    assert "migration 2.0.0 (after): moved your edits to" in output
    left = sorted(path.name for path in (project / SOURCE).glob("*.py"))
    assert left == ["__init__.py", "__main__.py", "cli.py", "config.py"]


def test_the_students_edits_arrive_at_the_new_places(migrated):
    project, _ = migrated
    features = (project / f"{SOURCE}/modeling/features.py").read_text()
    assert IMPUTER[1] in features
    assert "def add_features(" in features, "the release's side of the merge is missing"
    models = (project / f"{SOURCE}/modeling/models.py").read_text()
    assert ESTIMATOR in models
    assert (project / f"{SOURCE}/evaluation/metrics.py").read_text().endswith(STUDENT_FUNCTION)


def test_nothing_is_conflicted_or_left_staged(migrated):
    project, _ = migrated
    grep = run(project, "git", "grep", "-n", "^<<<<<<<", check=False)
    assert grep.returncode == 1, grep.stdout
    staged = git(project, "diff", "--cached", "--name-only")
    assert not [name for name in staged.splitlines() if name.startswith(f"{SOURCE}/")]
    assert not (
        project / git(project, "rev-parse", "--git-path", "mlfolio-migration-2.0.0-layout")
    ).exists()


def test_the_migrated_project_trains_the_students_model_and_stays_green(migrated):
    project, _ = migrated
    params = project / "params.yaml"
    text = re.sub(r"(?m)^  model: .*$", "  model: extra_trees", params.read_text())
    # The stages depend on the hyper-parameters of the family in use: it needs an entry.
    # A small forest: the pipeline refits it per feature group and the tests fit it again.
    entry = "    extra_trees:\n      n_estimators: 20\n"
    params.write_text(text.replace("  hyperparameters:\n", "  hyperparameters:\n" + entry))
    run(project, "uv", "sync", "--quiet")
    run(project, "uv", "run", "dvc", "repro")
    run_params = yaml.safe_load((project / "dvc.lock").read_text())["stages"]["train"]["params"]
    assert run_params["params.yaml"]["train.model"] == "extra_trees"
    assert run_params["params.yaml"]["train.hyperparameters.extra_trees"] == {"n_estimators": 20}
    result = run(project, "uv", "run", "pytest", "-q", "-p", "no:cacheprovider")
    assert re.search(r"\d+ passed", result.stdout), result.stdout
