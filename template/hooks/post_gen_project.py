"""Finish a new project: bring the user's CSV in, and (Cookiecutter) drop switched-off folders.

One script for both engines, run in the new project's directory:
- Copier runs it unrendered as a task (copier.yml), with the answers as arguments:
  `post_gen_project.py CSV_PATH TARGET_COLUMN DESTINATION_AS_GIVEN_TO_COPIER`;
- Cookiecutter renders it with the answers and runs it, without arguments, as its
  post-generation hook. It runs from a temporary copy, so it imports nothing from the
  template.

Neither engine can look at files while it asks its questions, so this is where a wrong
target column is caught (a missing file is refused at the question, before anything is
written); failing here makes either engine delete the project folder it created.
"""

import importlib.util
import json
import shutil
import sys
from pathlib import Path

# Cookiecutter renders its answers here (JSON never has three quotes in a row).
ANSWERS = r"""{{ cookiecutter | tojson }}"""
COPIER_ANSWERS = Path(".copier-answers.yml")


def invocation_dir(destination: str) -> Path:
    """The directory the engine was started from: a relative CSV path is relative to it.

    The script runs inside the project, so when the destination was given as a relative
    path, walk back up as many levels as it has parts.
    """
    project = Path.cwd()
    given = Path(destination)
    if given.is_absolute():
        return project.parent
    return project.parents[len(given.parts) - 1] if given.parts else project


def project_sniff():
    """The new project's data/sniff.py: `ingest` reads the file the way it tells, so the
    check here and the pipeline agree (it needs only the standard library)."""
    path = next(Path.cwd().glob("src/*/data/sniff.py"))
    sys.dont_write_bytecode = True  # no __pycache__ left in the new project
    spec = importlib.util.spec_from_file_location("sniff", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def copy_csv(source: Path, csv_path: str, target: str, copy: Path) -> str | None:
    """Copy the CSV to `copy`; return an error message if it cannot be used."""
    if not source.is_file():
        return f"csv_path: {csv_path} does not exist (looked for {source})"
    sniff = project_sniff()
    try:
        found = sniff.sniff(source)
    except sniff.CsvFormatError as error:
        return f"csv_path: {source.name} cannot be used: {error}"
    if target not in found.header:
        return (
            f"target_column: {target!r} is not a column of {source.name} (read as "
            f"{found.describe()}); its columns: {', '.join(found.header)}"
        )
    if len(found.header) < 2:
        return f"csv_path: {source.name} has no column besides the target {target!r}"
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, copy)
    print(
        f"Copied {source} to {copy}: {sniff.count_rows(source, found)} rows, "
        f"{len(found.header)} columns "
        f"({found.describe()}), target {target!r}"
    )
    return None


def record_copy_as_answer(copy: Path) -> None:
    """Make Copier's `csv_path` answer the copy's path inside the project.

    The answers file is committed and often published, and the path the student typed
    can name their home folder; `copier update` needs only the copy.
    """
    if not COPIER_ANSWERS.is_file():
        return
    lines = COPIER_ANSWERS.read_text(encoding="utf-8").splitlines(keepends=True)
    answer = f"csv_path: {copy.as_posix()}\n"
    recorded = [answer if line.startswith("csv_path:") else line for line in lines]
    COPIER_ANSWERS.write_text("".join(recorded), encoding="utf-8")


def import_csv(csv_path: str, target: str, destination: str) -> str | None:
    """Bring the CSV into data/external/; return an error message if it cannot be used."""
    source = Path(csv_path).expanduser()
    if not source.is_absolute():
        source = invocation_dir(destination) / source
    copy = Path("data/external") / source.name
    # Already imported when Copier runs its tasks again, on every update.
    if not copy.exists() and (error := copy_csv(source, csv_path, target, copy)):
        return error
    record_copy_as_answer(copy)
    return None


def cookiecutter_hook(answers: dict[str, str]) -> str | None:
    """Cookiecutter's part: what copier.yml's conditional `_exclude` and task do."""
    # A folder whose only files are switched off renders empty; Copier excludes it.
    if answers["ci_provider"] != "github":
        shutil.rmtree(".github")
    if not answers["serving"]:
        shutil.rmtree(Path("src", answers["package_name"], "serving"))
    if answers["dataset"] != "custom_csv":
        return None
    # Cookiecutter creates the project inside the directory it was started from
    # (unless given --output-dir): a relative CSV path is read from there.
    return import_csv(answers["csv_path"], answers["target_column"], Path.cwd().name)


if __name__ == "__main__":
    arguments = sys.argv[1:4]
    error = import_csv(*arguments) if arguments else cookiecutter_hook(json.loads(ANSWERS))
    if error:
        # Both engines delete the project folder when this copy created it; a folder that
        # was there before keeps what the copy wrote into it (git status lists it).
        sys.exit(
            f"mlfolio: {error}. The copy stopped before setting the project up: a folder it "
            "created is removed, an existing one keeps the files it wrote (`git status` lists "
            "them); run the command again with a valid answer."
        )
