"""Every workflow of the template repository: `nox -l` lists them.

Sessions install their tools from uv.lock (the `test` and `lint` dependency groups),
so CI and every maintainer run the same versions.
"""

import os
import shutil
from pathlib import Path

import nox

nox.needs_version = ">=2024.10.9"
nox.options.default_venv_backend = "uv"
nox.options.sessions = ["lint", "tests"]

ROOT = Path(__file__).parent
DEMO = ROOT / "build" / "demo"
# Offline and quiet: never download an interpreter, never send telemetry.
OFFLINE_ENV = {
    "UV_PYTHON_DOWNLOADS": "never",
    "MLFLOW_DISABLE_TELEMETRY": "true",
    "DO_NOT_TRACK": "1",
    "DVC_NO_ANALYTICS": "1",
}
os.environ.update(OFFLINE_ENV)
# Generated projects run their own `uv`: nox's variables would point every `uv sync` and
# `uv run` in them at the session's venv instead.
PROJECT_ENV = {"VIRTUAL_ENV": None, "UV_PROJECT_ENVIRONMENT": None, "UV_PYTHON": None}
# One pytest worker more than the cores: end-to-end tests spend part of their time waiting
# (a server starting, DVC's experiment queue polling), and the extra worker's work fills it.
WORKERS = str((os.cpu_count() or 1) + 1)


def install_group(session: nox.Session, group: str) -> None:
    """Install one dependency group, at the versions pinned in uv.lock."""
    session.run_install(
        "uv",
        "sync",
        "--locked",
        "--only-group",
        group,
        env={"UV_PROJECT_ENVIRONMENT": session.virtualenv.location},
    )


def tool(session: nox.Session, name: str, *, group: str = "test", env: dict | None = None) -> None:
    """Run one of the template's tools, `python -m mlfolio.<name>`, with the session's
    arguments, from the folder nox was run in: relative paths mean what the user meant,
    and the tools find their own files from the `mlfolio` package, not the folder."""
    install_group(session, group)
    session.chdir(session.invoked_from)
    env = {**(env or {}), "PYTHONPATH": str(ROOT)}
    session.run("python", "-m", f"mlfolio.{name}", *session.posargs, env=env)


@nox.session
def tests(session: nox.Session) -> None:
    """The whole suite: render every combination and run the generated projects end to end."""
    install_group(session, "test")
    session.run("pytest", "-n", WORKERS, "--dist", "loadscope", "--durations=10", *session.posargs)


@nox.session
def quick(session: nox.Session) -> None:
    """The fast subset for local loops: renders, validators, lint of the output (no e2e)."""
    install_group(session, "test")
    session.run("pytest", "-n", "auto", "-m", "not e2e and not services", *session.posargs)


@nox.session
def corpus(session: nox.Session) -> None:
    """The own-data corpus only: real CSVs rendered as students' projects, each running
    all its tests, with a table (`nox -s tests` runs the tests that read each one's data)."""
    install_group(session, "test")
    session.run(
        "pytest",
        *("-n", WORKERS, "--dist", "loadscope", "-m", "corpus", "--corpus-all-tests"),
        *session.posargs,
    )


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff on the template repository's own code (generated code is checked by the tests)."""
    install_group(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site into site/, offline; --strict fails on any broken link or warning.

    The build regenerates docs/questions.md from copier.yml (docs/hooks.py).
    """
    install_group(session, "docs")
    session.run("mkdocs", "build", "--strict", *session.posargs, env={"NO_MKDOCS_2_WARNING": "1"})


@nox.session
def figures(session: nox.Session) -> None:
    """Render a default project, run it, and copy its figures and results into docs/assets."""
    install_group(session, "test")
    session.run("python", "docs/make_figures.py", env=PROJECT_ENV)


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks against peers, written to docs/benchmarks.md (`-- --quick` to check it)."""
    tool(session, "bench", group="bench", env=PROJECT_ENV)


@nox.session
def cookiecutter(session: nox.Session) -> None:
    """Regenerate template/cookiecutter.json and the pre_gen hook's names from copier.yml."""
    tool(session, "cookiecutter")


@nox.session
def demo(session: nox.Session) -> None:
    """Render a default project into build/demo and run its pipeline."""
    install_group(session, "test")
    if DEMO.exists():
        shutil.rmtree(DEMO)
    env = PROJECT_ENV
    # No --vcs-ref: the demo shows the working tree, uncommitted edits included.
    session.run("copier", "copy", "--trust", "--defaults", str(ROOT), str(DEMO), env=env)
    session.chdir(DEMO)
    session.run("uv", "run", "dvc", "repro", env=env, external=True)
    session.run("uv", "run", "dvc", "metrics", "show", env=env, external=True)
    session.log(
        f"Demo project: {DEMO}\n"
        f"  metrics:  {DEMO / 'reports/metrics.json'}\n"
        f"  figures:  {DEMO / 'reports/figures'}\n"
        f"  MLflow:   {DEMO / 'mlflow.db'} "
        f"(cd {DEMO} && uv run mlflow ui --backend-store-uri sqlite:///mlflow.db)"
    )


@nox.session
def presets(session: nox.Session) -> None:
    """Check every cohort preset (or those named) against copier.yml."""
    tool(session, "classroom.presets")


@nox.session
def cohort(session: nox.Session) -> None:
    """One project per student: `nox -s cohort -- roster.csv --preset NAME --out DIR`."""
    tool(session, "classroom.create", env=PROJECT_ENV)


@nox.session
def grade(session: nox.Session) -> None:
    """Grade one project against its rubric: `nox -s grade -- PROJECT [--out DIR]`."""
    tool(session, "classroom.grade", env=PROJECT_ENV)


@nox.session(name="grade-cohort")
def grade_cohort(session: nox.Session) -> None:
    """Grade every project in a folder into a CSV gradebook: `nox -s grade-cohort -- DIR`."""
    tool(session, "classroom.gradebook", env=PROJECT_ENV)


@nox.session
def update(session: nox.Session) -> None:
    """Update one project to a release, listing any conflict left:
    `nox -s update -- PROJECT [--vcs-ref REF] [--trust]` (docs/maintainers.md)."""
    tool(session, "update", env=PROJECT_ENV)


@nox.session
def adopt(session: nox.Session) -> None:
    """Adopt the template in an existing repository: `nox -s adopt -- REPO [--dry-run]`."""
    tool(session, "adopt", env=PROJECT_ENV)


@nox.session
def migrate(session: nox.Session) -> None:
    """Make a cruft or Cookiecutter project of this template a Copier one: `-- PROJECT`."""
    tool(session, "migrate")


@nox.session
def fleet(session: nox.Session) -> None:
    """Update projects to a release, each on a branch, run their tests and report:
    `nox -s fleet -- DIR-OR-LIST... [--to REF] [--dry-run]` (docs/maintainers.md)."""
    tool(session, "fleet", env=PROJECT_ENV)
