"""Finish a new project: bring the user's CSV in, and (Cookiecutter) drop switched-off folders.

One script for both engines, run in the new project's directory:
- Copier runs it unrendered as a task (copier.yml), with the answers as arguments:
  `post_gen_project.py CSV_PATH TARGET_COLUMN DESTINATION_AS_GIVEN_TO_COPIER STARTED`;
- Cookiecutter renders it with the answers and runs it, without arguments, as its
  post-generation hook. It runs from a temporary copy, so it imports nothing from the
  template.

Neither engine can look at files while it asks its questions, so this is where a wrong
target column is caught (a missing file is refused at the question, before anything is
written). Failing here takes back what the copy wrote, by the files' modification times:
either engine deletes a project folder it created, but not files written into a folder
that was there before.
"""

import importlib.util
import json
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

# Cookiecutter renders its answers here (JSON never has three quotes in a row).
ANSWERS = r"""{{ cookiecutter | tojson }}"""
COPIER_ANSWERS = Path(".copier-answers.yml")
# Cookiecutter's pre-generation hook touches this just before the first file is written;
# Copier passes the time its questions were answered instead (copier.yml, copy_started).
STARTED_MARK = Path(".mlfolio-copy-started")


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


def copier_started(answer: str) -> float:
    """The `copy_started` answer (local time and UTC offset) as a timestamp."""
    try:
        return datetime.strptime(answer, "%Y-%m-%d %H:%M:%S %z").timestamp()
    except ValueError:  # the offset spelled as a zone name, as on some Windows builds
        return time.mktime(time.strptime(answer[:19], "%Y-%m-%d %H:%M:%S"))


def git_tracked() -> set[str] | None:
    """The files git tracks below the current folder; None outside a repository."""
    if not shutil.which("git"):
        return None
    listing = subprocess.run(["git", "ls-files", "-z"], capture_output=True, text=True)
    return set(listing.stdout.split("\0")) if listing.returncode == 0 else None


def take_back(started: float) -> str:
    """Undo what the copy wrote into the current folder since `started`: remove the files
    it added and the folders it made, and restore from git the tracked files it replaced
    (`--overwrite`). Returns what was done, for the error message."""
    root = Path.cwd()
    tracked = git_tracked()
    fresh = [
        path
        for path in root.rglob("*")
        if ".git" not in path.relative_to(root).parts and path.lstat().st_mtime >= started
    ]
    written = [path.relative_to(root).as_posix() for path in fresh if not path.is_dir()]
    replaced = [name for name in written if name in (tracked or ())]
    for name in set(written) - set(replaced):
        (root / name).unlink()
    if replaced:
        subprocess.run(["git", "checkout", "--quiet", "--", *replaced], check=False)
    # Deepest first, so a folder the copy made is empty once its own folders are gone.
    for folder in sorted((path for path in fresh if path.is_dir()), key=lambda p: -len(p.parts)):
        if not any(folder.iterdir()):
            folder.rmdir()
    done = f"removed the {len(written) - len(replaced)} files it had written"
    if not any(root.iterdir()):
        return done
    done += " and left the files that were there before as they were"
    if replaced:
        return done + f", restoring from git those it had replaced ({', '.join(replaced)})"
    if tracked is None:
        return done + " (outside git, a file that --overwrite replaced cannot come back)"
    return done


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
    if arguments := sys.argv[1:5]:
        answer = arguments.pop()
        started = copier_started(answer) if answer else None
        error = import_csv(*arguments)
    else:
        started = STARTED_MARK.stat().st_mtime
        STARTED_MARK.unlink()
        error = cookiecutter_hook(json.loads(ANSWERS))
    if error:
        done = (
            "kept the files it wrote into this project (`git status` lists them)"
            if started is None
            else take_back(started)
        )
        sys.exit(
            f"mlfolio: {error}. The copy stopped before setting the project up and {done}; "
            "run the command again with a valid answer."
        )
