"""Copier task: make the new project ready to run (git repository, environment, first
commit, pre-commit hooks).

Each step is skipped when already done, because Copier runs tasks again on every
`copier update`, and the whole task in the two scratch renders an update diffs. A step
that cannot run (uv missing, no network) prints what to do by hand and does not fail the
copy: the rendered files are worth keeping.

Usage: init_project.py AUTHOR_NAME AUTHOR_EMAIL
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

# `copier update` renders the old and the new release into scratch folders to diff them
# (copier/_main.py: TemporaryDirectory(prefix=f"{__name__}.old_copy.")): nothing there
# is a project to set up, and a `uv sync` in each costs 20 s per update.
SCRATCH = re.compile(r"^copier\._?main\.(old|new)_copy\.")


def run(*command: str) -> bool:
    print("$", " ".join(command), flush=True)
    return subprocess.run(command, check=False).returncode == 0


def output(*command: str) -> str:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    return result.stdout.strip() if result.returncode == 0 else ""


def git_identity(author_name: str, author_email: str) -> list[str]:
    """Commit as the project's author when git has no identity configured."""
    if output("git", "config", "user.email"):
        return []
    return ["-c", f"user.name={author_name}", "-c", f"user.email={author_email}"]


def untracked_csvs() -> list[str]:
    """CSV files under data/external/ that DVC does not track yet."""
    external = Path("data/external")
    return sorted(
        str(path)
        for path in external.glob("*.csv")
        if not path.with_name(path.name + ".dvc").exists()
    )


def main(author_name: str, author_email: str) -> None:
    here = Path.cwd()
    if any(SCRATCH.match(folder.name) for folder in (here, *here.parents)):
        return
    if not Path(".git").exists():
        run("git", "init", "--quiet", "-b", "main")

    synced = shutil.which("uv") is not None and run("uv", "sync")
    if not synced:
        print("mlfolio: could not run `uv sync`; install uv and run it here.", file=sys.stderr)
    for csv_file in untracked_csvs():
        if not (synced and run("uv", "run", "dvc", "add", "--quiet", csv_file)):
            print(f"mlfolio: track your data by hand: uv run dvc add {csv_file}", file=sys.stderr)

    if not output("git", "rev-parse", "--verify", "--quiet", "HEAD"):
        identity = git_identity(author_name, author_email)
        if not (
            run("git", "add", "--all")
            and run("git", *identity, "commit", "--quiet", "-m", "Start from the mlfolio template")
        ):
            print("mlfolio: the first commit failed; commit by hand.", file=sys.stderr)

    # After the first commit, so that commit never waits on the hooks; installing again
    # on `copier update` rewrites the same git hook.
    if not (synced and run("uv", "run", "--frozen", "pre-commit", "install")):
        print("mlfolio: turn the commit checks on: uv run pre-commit install", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:3])
