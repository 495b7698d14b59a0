"""Throwaway tagged copies of the template and projects rendered from a tag: what the
update, migration and fleet tests build on.

A test copies the session's `template_repo`, edits it into the releases it needs and
tags each one, as a maintainer would; projects are rendered from a tag with the real
Copier, like a student's made before a release.
"""

import shutil
from pathlib import Path

from conftest import git
from copier import run_copy

PROJECT = Path("template/{{cookiecutter.project_slug}}")
PACKAGE = "my_ml_project"

# What v2.0.0 changes, as (file under PROJECT, old text, new text).
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

# Files the student owns once created (`_skip_if_exists`): an update leaves them alone.
STUDENT_OWNED = ("model_card.yaml", "datasheet.yaml")


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new))


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "--all")
    # A project's hooks run on the test's commit too: they must let it through.
    git(repo, "commit", "--quiet", "-m", message)


def release(repo: Path, tag: str, message: str) -> None:
    """Commit the template's working tree (edited or not) and tag it as release `tag`."""
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--allow-empty", "-m", message)
    git(repo, "tag", tag)


def template_copy(template_repo: Path, destination: Path) -> Path:
    """A copy of the template under test (its own git history) to make releases in."""
    shutil.copytree(template_repo, destination)
    return destination


def render_at(
    template: Path,
    destination: Path,
    tag: str,
    *,
    tasks: bool = False,
    answers: dict[str, object] | None = None,
) -> Path:
    """A project rendered from release `tag`; without tasks, committed by the test."""
    run_copy(
        str(template),
        destination,
        data=answers or {},
        defaults=True,
        unsafe=True,
        vcs_ref=tag,
        skip_tasks=not tasks,
        quiet=True,
    )
    if not tasks:
        git(destination, "init", "--quiet", "-b", "main")
        commit_all(destination, "Start from the mlfolio template")
    return destination


def release_v2(repo: Path) -> None:
    """Commit the changes of a second template release to `repo`."""
    project = repo / PROJECT
    replace(project / "README.md", README_LINE, V2_README_LINE)
    hooks = project / ".pre-commit-config.yaml"
    hooks.write_text(f"{V2_HOOKS_COMMENT}\n{hooks.read_text()}")
    for student_owned in STUDENT_OWNED:
        path = project / student_owned
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
