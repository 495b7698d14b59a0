"""Render the template with the real Copier, once per option combination per session.

Copier renders the last commit of a git template (`vcs_ref="HEAD"`), so the session
starts by committing the working tree's template files into a throwaway repository.
"""

import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from copier import run_copy

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_PARTS = ("copier.yml", "template", "hooks")
DATA = Path(__file__).parent / "data"

# Named option combinations: each id says what differs from the defaults. Together the
# end-to-end ones cover every dataset and every model at least once.
COMBOS: dict[str, dict[str, str]] = {
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
    "custom-csv-hist-gradient-boosting": {
        "dataset": "custom_csv",
        "csv_path": str(DATA / "student_outcomes.csv"),
        "target_column": "passed",
        "model": "hist_gradient_boosting",
    },
}

# Environment of every command a generated project runs, as on a student's machine:
# telemetry off, no interpreter downloads, bytecode caching on (this machine disables
# it globally, which would make every stage recompile mlflow and scikit-learn).
PROJECT_ENV = {
    "MLFLOW_DISABLE_TELEMETRY": "true",
    "DO_NOT_TRACK": "1",
    "DVC_NO_ANALYTICS": "1",
    "UV_PYTHON_DOWNLOADS": "never",
    "GIT_AUTHOR_NAME": "mlfolio tests",
    "GIT_AUTHOR_EMAIL": "tests@mlfolio.invalid",
    "GIT_COMMITTER_NAME": "mlfolio tests",
    "GIT_COMMITTER_EMAIL": "tests@mlfolio.invalid",
}
NOT_INHERITED = ("VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT", "PYTHONDONTWRITEBYTECODE")


@pytest.fixture(scope="session", autouse=True)
def project_environment() -> Iterator[None]:
    """Copier tasks and project commands inherit this process's environment."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in PROJECT_ENV.items():
            patch.setenv(name, value)
        for name in NOT_INHERITED:
            patch.delenv(name, raising=False)
        yield


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)
    return result.stdout.strip()


@pytest.fixture(scope="session")
def template_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The template as it is in the working tree, committed to a fresh git repository."""
    repo = tmp_path_factory.mktemp("template")
    for part in TEMPLATE_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, repo / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, repo / part)
    git(repo, "init", "--quiet", "-b", "main")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "-m", "template under test")
    return repo


def render(template: Path, destination: Path, answers: dict[str, str], *, tasks: bool) -> Path:
    """Render with the real Copier, non-interactively; tasks run only when asked."""
    run_copy(
        str(template),
        destination,
        data=answers,
        defaults=True,
        unsafe=True,
        vcs_ref="HEAD",
        skip_tasks=not tasks,
        quiet=True,
    )
    return destination


@pytest.fixture(scope="session")
def rendered(
    template_repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str], Path]:
    """`rendered(combo_id)`: the combination rendered without tasks, once per session."""
    cache: dict[str, Path] = {}

    def get(combo: str) -> Path:
        if combo not in cache:
            destination = tmp_path_factory.mktemp(f"render-{combo}") / "project"
            cache[combo] = render(template_repo, destination, COMBOS[combo], tasks=False)
        return cache[combo]

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
