"""Throwaway tagged releases of the template, and projects rendered from a tag: what the
tests of `copier update`, the migrations, the fleet updater, adopt, the cruft migration
and the CI's template job build on.

A test copies the session's `template_repo` and tags its releases as a maintainer would.
The shared pair (conftest's `versioned_template`, `two_releases`): v1.0.0 is the working
tree, v2.0.0 a release a maintainer might make (a reworded README line, a new file, a
new question default, a renamed params.yaml key, changed copies of the files the
template creates once). Projects are rendered from a tag with the real Copier, like a
student's made before a release.
"""

import shutil
from pathlib import Path

from conftest import git, render
from copier import run_update
from ownership import in_project, paths

PROJECT = Path("template/{{cookiecutter.project_slug}}")
PACKAGE = "my_ml_project"

# What v2.0.0 changes.
README_LINE = "Reproduce them in three commands:"
V2_README_LINE = "Reproduce them from a fresh clone in three commands:"
V2_HOOKS_COMMENT = "# Release 2 of the template: the same local hooks."
V2_NEW_FILE = "CONTRIBUTING.md"
V1_DESCRIPTION = (
    "A reproducible machine-learning project with versioned data, tracked experiments and"
    " an honest evaluation."
)
V2_DESCRIPTION = "A model that release 2 of the template describes."
OLD_KEY, NEW_KEY = "cv_folds", "cv_splits"
# What a student adds to the project.
STUDENT_FUNCTION = '''

def share_correct(y_true: list[int], y_pred: list[int]) -> float:
    """The share of predictions equal to the truth (the student's own helper)."""
    return sum(a == b for a, b in zip(y_true, y_pred, strict=True)) / len(y_true)
'''
STUDENT_PROSE = "I built this to learn how a screening model can fail quietly."
# Files the template creates once (`_skip_if_exists`): an update leaves them alone.
CREATED_ONCE = paths(update="created once")


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new))


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "--all")
    # A project's hooks run on the test's commit too: they must let it through.
    git(repo, "commit", "--quiet", "-m", message)


def start_repository(project: Path, message: str) -> None:
    """What the skipped init task would do: a git repository with everything committed."""
    git(project, "init", "--quiet", "-b", "main")
    commit_all(project, message)


def release(repo: Path, tag: str, message: str) -> None:
    """Commit the template's working tree (edited or not) and tag it as release `tag`."""
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--allow-empty", "-m", message)
    git(repo, "tag", tag)


def template_copy(template_repo: Path, destination: Path) -> Path:
    """A copy of the template under test (its own git history) to make releases in."""
    shutil.copytree(template_repo, destination)
    return destination


def release_v2(repo: Path) -> None:
    """Commit the changes of a second template release to `repo` and tag it v2.0.0."""
    project = repo / PROJECT
    replace(project / "README.md", README_LINE, V2_README_LINE)
    hooks = project / ".pre-commit-config.yaml"
    hooks.write_text(f"{V2_HOOKS_COMMENT}\n{hooks.read_text()}")
    for created_once in CREATED_ONCE:
        path = project / in_project(created_once, "{{cookiecutter.package_name}}")
        path.write_text(f"{V2_HOOKS_COMMENT}\n{path.read_text()}")
    (project / V2_NEW_FILE).write_text("# Contributing\n\nOpen an issue first.\n")
    replace(repo / "copier.yml", f"default: {V1_DESCRIPTION}", f"default: {V2_DESCRIPTION}")
    for path in project.rglob("*"):
        if path.is_file() and OLD_KEY in path.read_text():
            path.write_text(path.read_text().replace(OLD_KEY, NEW_KEY))
    release(repo, "v2.0.0", "Release 2")


def two_releases(template_repo: Path, destination: Path) -> Path:
    """The template under test tagged v1.0.0, and a second release tagged v2.0.0."""
    repo = template_copy(template_repo, destination)
    release(repo, "v1.0.0", "Release 1")
    release_v2(repo)
    return repo


def render_at(
    template: Path,
    destination: Path,
    tag: str = "v1.0.0",
    *,
    tasks: bool = False,
    answers: dict | None = None,
) -> Path:
    """A project rendered from release `tag`; without tasks, committed by the test."""
    render(template, destination, answers or {}, tasks=tasks, vcs_ref=tag)
    if not tasks:
        start_repository(destination, "Start from the mlfolio template")
    return destination


def edit_code_and_readme(project: Path, package: str) -> None:
    """A student's own function in the package, and their prose in the README."""
    with (project / f"src/{package}/evaluation/metrics.py").open("a") as module:
        module.write(STUDENT_FUNCTION)
    replace(
        project / "README.md",
        "Everything runs offline on a laptop.\n",
        f"Everything runs offline on a laptop.\n\n{STUDENT_PROSE}\n",
    )


def update_to_v2(project: Path, **options) -> None:
    """`copier update` as a maintainer runs it: recorded answers, tasks trusted."""
    run_update(project, vcs_ref="v2.0.0", defaults=True, overwrite=True, unsafe=True, **options)
