"""What every migration script shares: its command line, its state in the git directory
and the one line it prints per stage (docs/maintainers.md, "Writing a migration")."""

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

Stage = Callable[[Path, Path], str]


def git(project: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=project, capture_output=True, text=True, check=True)
    return result.stdout.strip()


def main(
    argv: list[str], *, version: str, usage: str, needs: str, state: str, stages: dict[str, Stage]
) -> int:
    """`script.py before|after [PROJECT]`: run that stage on the project (default: here).

    `needs` is the file a project must have for the migration to apply; `state` names the
    stages' shared state under the git directory (`git rev-parse --git-path`)."""
    if len(argv) not in (1, 2) or argv[0] not in stages:
        print(usage, file=sys.stderr)
        return 2
    project = Path(argv[1] if len(argv) == 2 else ".").resolve()
    if not (project / needs).is_file():
        print(f"migration {version}: no {needs} in {project}: nothing to migrate")
        return 0
    kept = project / git(project, "rev-parse", "--git-path", state)
    print(f"migration {version} ({argv[0]}): {stages[argv[0]](project, kept)}")
    return 0
