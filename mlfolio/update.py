"""Update one generated project to a template release, and never call it done while a
conflict is left.

`copier update` merges the template's changes into the project's; where the student and
the template changed the same lines it leaves conflict markers in the file (or a `.rej`
file with `--conflict rej`) and still exits 0, so a conflict is easy to miss. This
wrapper runs the update, then lists every conflict left as `file:line` and exits 1.

Usage, from the template's checkout (or `nox -s update -- PROJECT ...`):
    python -m mlfolio.update PROJECT [--vcs-ref REF] [--conflict inline|rej]
                                     [--trust] [--skip-tasks]
Exit status: 0 updated cleanly, 1 conflicts left to resolve, 2 the update did not run.
"""

import argparse
import sys
from pathlib import Path

from mlfolio._proc import CommandError, run

# Git's conflict marker opening each conflicted hunk (Copier labels it "before updating").
MARKER = "<<<<<<<"


class UpdateError(Exception):
    """Why the update did not run."""


def candidate_files(project: Path) -> list[Path]:
    """Files git tracks or would track, plus `.rej` files even when ignored."""
    listing = ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"]
    files = {project / name for name in run(listing, project).stdout.split("\0") if name}
    files |= {
        path
        for path in project.rglob("*.rej")
        if not {".git", ".venv"} & set(path.relative_to(project).parts)
    }
    return sorted(path for path in files if path.is_file())


def conflicts(project: Path) -> list[str]:
    """`file:line` of every conflict left: each marker's line, each `.rej` hunk's line."""
    found = []
    for path in candidate_files(project):
        opening = "@@" if path.suffix == ".rej" else MARKER
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError:
            continue  # binary files hold no conflict markers
        name = path.relative_to(project).as_posix()
        found += [
            f"{name}:{number}"
            for number, line in enumerate(lines, start=1)
            if line.startswith(opening) and line[len(opening) : len(opening) + 1] in ("", " ")
        ]
    return found


def update(
    project: Path,
    vcs_ref: str | None = None,
    *,
    conflict: str = "inline",
    trust: bool = False,
    skip_tasks: bool = False,
) -> list[str]:
    """Update `project` with Copier (recorded answers kept); return the conflicts left."""
    from copier import run_update  # the CLI's --help stays fast without it

    if not project.is_dir():
        raise UpdateError(f"{project} is not a directory: give the generated project to update")
    run_update(
        project,
        vcs_ref=vcs_ref,
        defaults=True,
        overwrite=True,
        conflict=conflict,
        unsafe=trust,
        skip_tasks=skip_tasks,
        quiet=True,
    )
    return conflicts(project)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=f"python -m {__spec__.name}", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("project", type=Path, help="the generated project to update")
    parser.add_argument("--vcs-ref", help="template tag or commit (default: the latest tag)")
    parser.add_argument("--conflict", choices=("inline", "rej"), default="inline")
    parser.add_argument("--trust", action="store_true", help="run the template's tasks")
    parser.add_argument("--skip-tasks", action="store_true")
    args = parser.parse_args(argv)

    from copier.errors import CopierError

    print(f"Updating {args.project} to {args.vcs_ref or 'the latest template release'}...")
    try:
        left = update(
            args.project,
            args.vcs_ref,
            conflict=args.conflict,
            trust=args.trust,
            skip_tasks=args.skip_tasks,
        )
    except (UpdateError, CopierError, CommandError) as error:
        print(f"update: {args.project} was not updated: {error}", file=sys.stderr)
        return 2
    if left:
        print(
            f"update: {len(left)} conflict(s) left in {args.project}; resolve each, "
            "delete any .rej file, then commit:",
            file=sys.stderr,
        )
        for place in left:
            print(f"  {place}", file=sys.stderr)
        return 1
    print(f"{args.project} updated with no conflict: review `git diff` and commit.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
