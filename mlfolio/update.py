"""Update one generated project to a template release, and never call it done while a
conflict is left.

`copier update` merges the template's changes into the project's; where the student and
the template changed the same lines it leaves conflict markers in the file (or a `.rej`
file with `--conflict rej`) and still exits 0, so a conflict is easy to miss; and it
deletes a file the new release (or a changed answer) no longer renders even when the
student edited it. This wrapper first renders the old and the new release side by side
to find the files the update would delete, runs the update, then writes back each one
the student changed (unless a release's migration moved the edit to the file's new
place), lists every file kept and every conflict left as `file:line`, and exits 1.

Usage, from the template's checkout (or `nox -s update -- PROJECT ...`):
    python -m mlfolio.update PROJECT [--vcs-ref REF] [--data NAME=VALUE ...]
                                     [--conflict inline|rej] [--trust] [--skip-tasks]
Exit status: 0 updated cleanly, 1 conflicts or kept files to resolve, 2 the update did not run.
"""

import argparse
import sys
import tempfile
from pathlib import Path

import yaml

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


def rendered_files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file() and ".git" not in path.relative_to(folder).parts
    }


def edited_files_to_delete(
    project: Path, vcs_ref: str | None, data: dict[str, str], *, trust: bool
) -> dict[str, tuple[bytes, bytes]]:
    """The files the update would delete although the student changed them, with the
    student's and the old release's bytes: the old release rendered with the recorded
    answers, the new one with the new answers (no tasks, as Copier's own update renders
    them), compared with the project."""
    from copier import run_copy

    answers_file = project / ".copier-answers.yml"
    if not answers_file.is_file():
        raise UpdateError(f"{answers_file} is missing: only a project made with Copier updates")
    recorded = yaml.safe_load(answers_file.read_text(encoding="utf-8"))
    answers = {name: value for name, value in recorded.items() if not name.startswith("_")}
    # A recorded CSV path is the copy in the project's data/external/, relative to it.
    if answers.get("csv_path") and not Path(answers["csv_path"]).is_absolute():
        answers["csv_path"] = str((project / answers["csv_path"]).resolve())
    releases = {"old": (recorded["_commit"], answers), "new": (vcs_ref, {**answers, **data})}
    trees = {}
    with tempfile.TemporaryDirectory(prefix="mlfolio.update.") as scratch:
        for name, (ref, release_answers) in releases.items():
            folder = Path(scratch, name)
            run_copy(
                recorded["_src_path"],
                folder,
                data=release_answers,
                vcs_ref=ref,
                defaults=True,
                skip_tasks=True,
                quiet=True,
                unsafe=trust,
            )
            trees[name] = rendered_files(folder)
    deleted = trees["old"].keys() - trees["new"].keys()
    return {
        name: ((project / name).read_bytes(), trees["old"][name])
        for name in sorted(deleted)
        if (project / name).is_file() and (project / name).read_bytes() != trees["old"][name]
    }


def moved_by_the_release(project: Path, student: bytes, old: bytes) -> bool:
    """Whether every line the student added to a deleted file is now in a file the update
    wrote: a release's migration moved the edit (hooks/migrations/v2_0_0_layout.py)."""
    added = set(student.splitlines()) - set(old.splitlines()) - {b""}
    written = run(["git", "diff", "--name-only", "HEAD"], project).stdout.split()
    written += run(["git", "ls-files", "--others", "--exclude-standard"], project).stdout.split()
    lines = {
        line
        for name in written
        if (project / name).is_file()
        for line in (project / name).read_bytes().splitlines()
    }
    return bool(added) and added <= lines


def update(
    project: Path,
    vcs_ref: str | None = None,
    *,
    data: dict[str, str] | None = None,
    conflict: str = "inline",
    trust: bool = False,
    skip_tasks: bool = False,
) -> tuple[list[str], list[str]]:
    """Update `project` with Copier (recorded answers kept, but for `data`); return the
    conflicts left and the edited files kept although the new release deletes them."""
    from copier import run_update  # the CLI's --help stays fast without it

    if not project.is_dir():
        raise UpdateError(f"{project} is not a directory: give the generated project to update")
    kept = edited_files_to_delete(project, vcs_ref, data or {}, trust=trust)
    run_update(
        project,
        vcs_ref=vcs_ref,
        data=data or {},
        defaults=True,
        overwrite=True,
        conflict=conflict,
        unsafe=trust,
        skip_tasks=skip_tasks,
        quiet=True,
    )
    restored = []
    for name, (student, old) in kept.items():
        if not (project / name).exists() and not moved_by_the_release(project, student, old):
            (project / name).parent.mkdir(parents=True, exist_ok=True)
            (project / name).write_bytes(student)
            restored.append(name)
    return conflicts(project), restored


def listing(heading: str, items: list[str]) -> None:
    print(f"update: {heading}", file=sys.stderr)
    for item in items:
        print(f"  {item}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=f"python -m {__spec__.name}", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("project", type=Path, help="the generated project to update")
    parser.add_argument("--vcs-ref", help="template tag or commit (default: the latest tag)")
    parser.add_argument(
        "--data", action="append", default=[], metavar="NAME=VALUE", help="change an answer"
    )
    parser.add_argument("--conflict", choices=("inline", "rej"), default="inline")
    parser.add_argument("--trust", action="store_true", help="run the template's tasks")
    parser.add_argument("--skip-tasks", action="store_true")
    args = parser.parse_args(argv)

    from copier.errors import CopierError

    print(f"Updating {args.project} to {args.vcs_ref or 'the latest template release'}...")
    data = dict(item.partition("=")[::2] for item in args.data)
    try:
        left, kept = update(
            args.project,
            args.vcs_ref,
            data=data,
            conflict=args.conflict,
            trust=args.trust,
            skip_tasks=args.skip_tasks,
        )
    except (UpdateError, CopierError, CommandError) as error:
        print(f"update: {args.project} was not updated: {error}", file=sys.stderr)
        return 2
    if kept:
        listing(
            f"{len(kept)} file(s) the new release deletes were kept because you changed "
            "them; move what you need elsewhere, delete each, then commit:",
            kept,
        )
    if left:
        listing(
            f"{len(left)} conflict(s) left in {args.project}; resolve each, delete any .rej "
            "file, then commit:",
            left,
        )
    if left or kept:
        return 1
    print(f"{args.project} updated with no conflict: review `git diff` and commit.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
