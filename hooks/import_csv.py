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


def main(csv_path: str, target: str, destination: str) -> str | None:
    """Copy the CSV into data/external/; return an error message if it cannot be used."""
    source = Path(csv_path).expanduser()
    if not source.is_absolute():
        source = invocation_dir(destination) / source
    copy = Path("data/external") / source.name
    if copy.exists():  # already imported: Copier runs tasks again on update
        return None
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


if __name__ == "__main__":
    if error := main(*sys.argv[1:4]):
        sys.exit(f"mlfolio: {error}. Nothing was created; run Copier again with a valid answer.")
