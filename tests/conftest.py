"""Render the template with the real Copier and the real Cookiecutter, once per option
combination per session.

Copier renders the last commit of a git template (`vcs_ref="HEAD"`), so the session
starts by committing the working tree's template files into a throwaway repository;
Cookiecutter renders the same repository's `template/` folder.
"""

import functools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import uv_cache

from mlfolio._proc import git

# Environment of every command a generated project runs, as on a student's machine:
# telemetry off, no interpreter downloads, bytecode caching on (this machine disables
# it globally, which would make every stage recompile mlflow and scikit-learn).
PROJECT_ENV = {
    "MLFLOW_DISABLE_TELEMETRY": "true",
    "DO_NOT_TRACK": "1",
    "DVC_NO_ANALYTICS": "1",
    "UV_PYTHON_DOWNLOADS": "never",
    "UV_CACHE_DIR": str(uv_cache.CACHE),  # with the installed packages' bytecode (uv_cache.py)
    # mypy's analysis of the installed packages (numpy, matplotlib, pydantic...) is the same
    # in every project, and mypy revalidates each cached module by its content: kept for
    # the projects a worker checks, a fresh project's mypy took 7 s instead of 43 s (beside
    # a suite run).
    "MYPY_CACHE_DIR": str(
        Path(
            tempfile.gettempdir(),
            "mlfolio-tests-mypy",
            os.environ.get("PYTEST_XDIST_WORKER", "main"),
        )
    ),
    # As the stages run BLAS (cli.py), so do the project's own tests: two projects run side
    # by side on this suite's cores, and idle BLAS threads would spin against the other.
    "OPENBLAS_NUM_THREADS": "1",
    "GIT_AUTHOR_NAME": "mlfolio tests",
    "GIT_AUTHOR_EMAIL": "tests@mlfolio.invalid",
    "GIT_COMMITTER_NAME": "mlfolio tests",
    "GIT_COMMITTER_EMAIL": "tests@mlfolio.invalid",
}
# nox's uv backend points UV_PROJECT_ENVIRONMENT and UV_PYTHON at its own venv: left in,
# every generated project's `uv sync` would install into (and prune) the test runner's.
NOT_INHERITED = (
    "VIRTUAL_ENV",
    "UV_PROJECT_ENVIRONMENT",
    "UV_PYTHON",
    "CONDA_PREFIX",
    "PYTHONDONTWRITEBYTECODE",
)

# Copier runs its tasks with plumbum's copy of the environment, taken when Copier is first
# imported: the environment is set here, before that import, not in a fixture.
for _name in NOT_INHERITED:
    os.environ.pop(_name, None)
os.environ.update(PROJECT_ENV)

from cookiecutter.main import cookiecutter  # noqa: E402
from copier import run_copy  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_PARTS = ("copier.yml", "template", "hooks")
DATA = Path(__file__).parent / "data"

# A usable CSV (UNUSABLE_CSV below says what breaks it).
CSV_ANSWERS = {
    "dataset": "custom_csv",
    "csv_path": str(DATA / "student_outcomes.csv"),
    "target_column": "passed",
}

# A CSV as students bring them: an ID column, dates, free-text notes, gaps, and an
# imbalanced multiclass target with one class too rare to keep (5 of 420 rows).
MESSY_CSV_ANSWERS = {
    "dataset": "custom_csv",
    "csv_path": str(DATA / "student_records.csv"),
    "target_column": "outcome",
}

# Named option combinations: each id says what differs from the defaults. Together the
# end-to-end ones cover every dataset and every model at least once.
COMBOS: dict[str, dict[str, object]] = {
    "defaults": {},
    "wine-random-forest-gitlab": {
        "dataset": "wine",
        "model": "random_forest",
        "ci_provider": "gitlab",
        "license": "Apache-2.0",
    },
    "diabetes-hist-gradient-boosting-no-ci": {
        "dataset": "diabetes",
        "model": "hist_gradient_boosting",
        "ci_provider": "none",
        "license": "BSD-3-Clause",
    },
    "penguins-random-forest-proprietary": {
        "dataset": "penguins",
        "model": "random_forest",
        "license": "proprietary",
        "repository_url": "https://github.com/student/penguins",
    },
    "custom-csv-messy-multiclass-hist-gradient-boosting": {
        **MESSY_CSV_ANSWERS,
        "model": "hist_gradient_boosting",
    },
    # No API, ONNX export or Dockerfile: the project without them is still complete.
    "wine-no-serving": {"dataset": "wine", "serving": False},
    # As presets/penguins-fairness.yml sets it for a cohort, tested on every OS; with the
    # opt-in weekly template-update workflow.
    "penguins-assignment-slice-gap-all-platforms": {
        "ci_all_platforms": True,
        "update_workflow": True,
        "dataset": "penguins",
        "model": "random_forest",
        "assignment": True,
        "min_ci_low": 0.95,
        "max_slice_gap": "0.15",
    },
}

# Answers each engine must reject at the question, with the message it must give
# (tests/test_answers.py renders the answers that pass, however odd.)
LINE = "must be one line of"
BAD_ANSWERS: list[tuple[dict[str, object], str]] = [
    ({"project_name": "   "}, f"The project name {LINE} 1 to 60"),
    ({"project_name": "Two\nlines"}, f"The project name {LINE}"),
    ({"project_name": "tab\there"}, f"The project name {LINE}"),
    ({"project_name": "carriage\rreturn"}, f"The project name {LINE}"),
    ({"project_name": "line\u2028separator"}, f"The project name {LINE}"),
    ({"project_name": "x" * 61}, f"The project name {LINE}"),
    ({"description": "x" * 10_000}, f"The description {LINE} 0 to 300"),
    ({"description": "first\nsecond"}, f"The description {LINE}"),
    ({"project_slug": "My Project"}, "not a valid slug"),
    ({"project_slug": "ml--project"}, "not a valid slug"),
    # Longer than a file name may be, Cookiecutter fails creating the folder before its hook.
    ({"project_slug": "a" * 100}, "not a valid slug: use at most 60"),
    ({"project_slug": "con"}, "not a valid slug"),
    ({"package_name": "1st_model"}, "not a valid package name"),
    ({"package_name": "aux"}, "not a valid package name"),
    ({"package_name": "lpt1"}, "not a valid package name"),
    ({"package_name": "a" * 61}, "not a valid package name"),
    ({"package_name": "json"}, "would shadow"),
    ({"package_name": "sklearn"}, "would shadow"),
    # Direct and development dependencies, and what they import (onnx, via skl2onnx).
    *(
        ({"package_name": name}, "would shadow")
        for name in ("pandera", "onnxruntime", "skl2onnx", "onnx", "httpx", "huggingface_hub")
    ),
    ({"package_name": "pre_commit"}, "would shadow"),
    ({"author_name": ""}, f"The author name {LINE} 1 to 100"),
    ({"author_name": "Ann\nBob"}, f"The author name {LINE}"),
    ({"author_email": "student-at-example.com"}, "not a valid e-mail"),
    ({"author_email": 'a"b@x.com'}, "not a valid e-mail"),
    ({"author_email": "zoë@exämple.com"}, "not a valid e-mail"),
    ({"author_email": "a@x..com"}, "not a valid e-mail"),
    ({"author_email": "a..b@x.com"}, "not a valid e-mail"),
    ({"repository_url": "github.com/student/repo"}, "not a repository URL"),
    ({"repository_url": 'https://github.com/a/b"c'}, "not a repository URL"),
    ({"repository_url": "https://github.com/a/b\\q"}, "not a repository URL"),
    ({"repository_url": 'https://github.com/a/#x"y'}, "not a repository URL"),
    ({"license": "GPL-3.0"}, "Invalid choice"),
    ({"python_version": "3.9"}, "Invalid choice"),
    ({"dataset": "mnist"}, "Invalid choice"),
    ({"model": "svm"}, "Invalid choice"),
    ({"ci_provider": "jenkins"}, "Invalid choice"),
    ({"dataset": "custom_csv", "csv_path": "data.xlsx"}, "not a CSV path"),
    ({**CSV_ANSWERS, "csv_path": str(DATA / "absent.csv")}, 'absent.csv" does not exist'),
    ({"dataset": "custom_csv", "csv_path": "/tmp/x #1.csv"}, "not a CSV path"),
    ({"dataset": "custom_csv", "csv_path": "data: v2.csv"}, "not a CSV path"),
    ({**CSV_ANSWERS, "target_column": " "}, "target column"),
    ({**CSV_ANSWERS, "target_column": "a\tb"}, "target column"),
    ({"assignment": True, "min_ci_low": 1.5}, "min_ci_low must be between 0 and 1"),
    ({"max_slice_gap": "ten percent"}, "is not a gap limit"),
]

# What makes the usable CSV unusable: only visible once the file is read (a missing file
# is refused at the question, BAD_ANSWERS).
UNUSABLE_CSV: list[tuple[dict[str, str], str]] = [
    ({"target_column": "grade"}, "'grade' is not a column of student_outcomes.csv"),
]
UNUSABLE_CSV_IDS = ["missing-column"]


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every path below `folder` with its bytes (None for a directory), and a repository's
    `git status`; {} when absent. Git's own files are left out: restoring a file from git
    refreshes the index's timestamps."""
    if not folder.exists():
        return {}
    paths = {
        path.relative_to(folder).as_posix(): path.read_bytes() if path.is_file() else None
        for path in sorted(folder.rglob("*"))
        if ".git" not in path.relative_to(folder).parts
    }
    if (folder / ".git").exists():
        paths["git status"] = git(folder, "status", "--porcelain", "--ignored").encode()
    return paths


def made_an_hour_ago(folder: Path) -> None:
    """Date what a destination holds back, as for a folder made before the copy: a failed
    copy takes back the files changed since its questions were answered (to the second)."""
    earlier = time.time() - 3600
    for path in [folder, *folder.rglob("*")]:
        os.utime(path, (earlier, earlier))


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


def answer_ids(value: object) -> str | None:
    return "-".join(value) if isinstance(value, dict) else None


def copy_template(source: Path, repo: Path) -> None:
    """The template's files (TEMPLATE_PARTS) from `source` into `repo`, replacing any there."""
    for part in TEMPLATE_PARTS:
        if (repo / part).is_dir():
            shutil.rmtree(repo / part)
        if (source / part).is_dir():
            shutil.copytree(
                source / part, repo / part, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(source / part, repo / part)


@pytest.fixture(scope="session")
def template_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The template as it is in the working tree, committed to a fresh git repository."""
    repo = tmp_path_factory.mktemp("template")
    copy_template(ROOT, repo)
    git(repo, "init", "--quiet", "-b", "main")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "-m", "template under test")
    return repo


@pytest.fixture(scope="session")
def versioned_template(template_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The template under test tagged v1.0.0, and a second release tagged v2.0.0."""
    from template_versions import two_releases  # it imports this module: import it late

    return two_releases(template_repo, tmp_path_factory.mktemp("versioned") / "template")


def render(
    template: Path,
    destination: Path,
    answers: dict[str, str],
    *,
    tasks: bool,
    vcs_ref="HEAD",
    quiet=True,
) -> Path:
    """Render with the real Copier, non-interactively; tasks run only when asked."""
    run_copy(
        str(template),
        destination,
        data=answers,
        defaults=True,
        unsafe=True,
        vcs_ref=vcs_ref,
        skip_tasks=not tasks,
        quiet=quiet,
    )
    return destination


@pytest.fixture(scope="session")
def rendered(
    template_repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str], Path]:
    """`rendered(combo_id)`: the combination rendered without tasks, once per session."""

    @functools.cache
    def get(combo: str) -> Path:
        destination = tmp_path_factory.mktemp(f"render-{combo}") / "project"
        return render(template_repo, destination, COMBOS[combo], tasks=False)

    return get


@pytest.fixture(scope="session", autouse=True)
def compiled_uv_cache(request: pytest.FixtureRequest, tmp_path_factory) -> None:
    """The cache's bytecode, made once per run before any selected test installs a project."""
    if not any(
        item.get_closest_marker("e2e") or item.get_closest_marker("services")
        for item in request.session.items
    ):
        return
    root = tmp_path_factory.getbasetemp()
    root = root.parent if hasattr(request.config, "workerinput") else root  # xdist's shared

    def warm() -> None:
        uv_cache.seed()
        project = root / "uv-cache-project"
        render(request.getfixturevalue("template_repo"), project, COMBOS["defaults"], tasks=False)
        uv_cache.compile_installed(project)

    uv_cache.once_per_run(root, warm)


def bake(template: Path, output_dir: Path, answers: dict[str, str], overwrite=False) -> Path:
    """Render with the real Cookiecutter, non-interactively, hooks on; returns the project."""
    project = cookiecutter(
        str(template),
        directory="template",
        no_input=True,
        extra_context=answers,
        output_dir=str(output_dir),
        overwrite_if_exists=overwrite,
    )
    return Path(project)


@pytest.fixture(scope="session")
def baked(template_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """`baked(combo_id)`: the combination rendered by Cookiecutter, once per session."""

    @functools.cache
    def get(combo: str) -> Path:
        return bake(template_repo, tmp_path_factory.mktemp(f"bake-{combo}"), COMBOS[combo])

    return get


def run(cwd: Path, *command: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run a command in a generated project; on failure show its whole output."""
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if check and result.returncode != 0:
        pytest.fail(
            f"`{' '.join(command)}` exited {result.returncode} in {cwd}\n"
            f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
        )
    return result


def tool(name: str, *args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    """One of the template's tools as a maintainer runs it: `python -m mlfolio.<name>`
    from the template's checkout (where `nox -s <name>` runs it too)."""
    return run(ROOT, sys.executable, "-m", f"mlfolio.{name}", *map(str, args), check=check)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--corpus-all-tests",
        action="store_true",
        help="run every test of each corpus project, not only those reading its data",
    )


def pytest_configure(config: pytest.Config) -> None:
    # One folder of corpus results per run, named by the controller before it starts the
    # xdist workers, which inherit the variable.
    if not hasattr(config, "workerinput"):
        from corpus import RUN_VARIABLE, new_run

        os.environ[RUN_VARIABLE] = str(new_run())


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    from corpus import table

    if rows := table():
        terminalreporter.write_sep("=", "own-data corpus")
        terminalreporter.write_line(rows)
