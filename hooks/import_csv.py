"""Copier task: bring the user's CSV into a `custom_csv` project.

Runs in the new project's directory. Copier cannot look at files while it asks its
questions, so this is where a wrong path or target column is caught; failing here
makes Copier delete the half-made project, so nothing is left behind.

Usage: import_csv.py CSV_PATH TARGET_COLUMN DESTINATION_AS_GIVEN_TO_COPIER
"""

import csv
import shutil
import sys
from pathlib import Path

ANSWERS = Path(".copier-answers.yml")


def invocation_dir(destination: str) -> Path:
    """The directory Copier was started from: a relative CSV path is relative to it.

    Tasks run inside the project, so when the destination was given as a relative
    path, walk back up as many levels as it has parts.
    """
    project = Path.cwd()
    given = Path(destination)
    if given.is_absolute():
        return project.parent
    return project.parents[len(given.parts) - 1] if given.parts else project


def read_header(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return next(csv.reader(handle), [])


def import_csv(source: Path, csv_path: str, target: str, copy: Path) -> str | None:
    """Copy the CSV to `copy`; return an error message if it cannot be used."""
    if not source.is_file():
        return f"csv_path: {csv_path} does not exist (looked for {source})"
    header = read_header(source)
    if target not in header:
        columns = ", ".join(header) or "none: the file is empty"
        return f"target_column: {target!r} is not a column of {source.name}; its columns: {columns}"
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, copy)
    print(f"Copied {source} to {copy} ({len(header)} columns, target {target!r})")
    return None


def record_copy_as_answer(copy: Path) -> None:
    """Make the `csv_path` answer the copy's path inside the project.

    The answers file is committed and often published, and the path the student typed
    can name their home folder; `copier update` needs only the copy.
    """
    if not ANSWERS.is_file():
        return
    lines = ANSWERS.read_text(encoding="utf-8").splitlines(keepends=True)
    answer = f"csv_path: {copy.as_posix()}\n"
    recorded = [answer if line.startswith("csv_path:") else line for line in lines]
    ANSWERS.write_text("".join(recorded), encoding="utf-8")


def main(csv_path: str, target: str, destination: str) -> str | None:
    """Copy the CSV into data/external/; return an error message if it cannot be used."""
    source = Path(csv_path).expanduser()
    if not source.is_absolute():
        source = invocation_dir(destination) / source
    copy = Path("data/external") / source.name
    # Already imported when Copier runs the tasks again on update.
    if not copy.exists() and (error := import_csv(source, csv_path, target, copy)):
        return error
    record_copy_as_answer(copy)
    return None


if __name__ == "__main__":
    if error := main(*sys.argv[1:4]):
        sys.exit(f"mlfolio: {error}. Nothing was created; run Copier again with a valid answer.")
