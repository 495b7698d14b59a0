"""The task scripts Copier runs, called as Copier calls them (fast: no uv, no render)."""

import shutil
import subprocess
import sys
import time

import pytest
from conftest import DATA, ROOT

IMPORT_CSV = ROOT / "template" / "hooks" / "post_gen_project.py"
INIT_PROJECT = ROOT / "hooks" / "init_project.py"
SNIFF = next((ROOT / "template").glob("*/src/*/data/sniff.py"))


def import_csv(project, csv_path, target, destination, started=None):
    """The CSV task as Copier runs it in a new `project`, its questions answered a moment
    before the engine wrote the folder (`started=""`: in a project, on update)."""
    if started is None:
        started = time.strftime("%Y-%m-%d %H:%M:%S %z", time.localtime(time.time() - 2))
    args = [sys.executable, str(IMPORT_CSV), str(csv_path), target, str(destination), started]
    return subprocess.run(args, cwd=project, capture_output=True, text=True, check=False)


def new_project(path):
    """A folder as the engines leave it before the task: here, the module it reads CSVs with."""
    (path / "src/package/data").mkdir(parents=True)
    shutil.copy(SNIFF, path / "src/package/data/sniff.py")
    return path


@pytest.mark.parametrize(
    "scratch", ["copier._main.old_copy.abc123", "copier._main.new_copy.x/subproject"]
)
def test_the_setup_task_skips_the_scratch_renders_of_an_update(tmp_path, scratch):
    """Copier runs tasks in the two copies an update diffs: no git, no uv sync there."""
    render = tmp_path / scratch
    render.mkdir(parents=True)
    args = [sys.executable, str(INIT_PROJECT), "Ada", "ada@example.org"]
    done = subprocess.run(args, cwd=render, capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert list(render.iterdir()) == []


@pytest.mark.parametrize("destination", ["project", "nested/project"])
def test_relative_csv_path_is_read_from_where_copier_ran(tmp_path, destination):
    """`copier copy tpl project` with csv_path `outcomes.csv`, run from tmp_path."""
    shutil.copy(DATA / "student_outcomes.csv", tmp_path / "outcomes.csv")
    project = new_project(tmp_path / destination)

    first = import_csv(project, "outcomes.csv", "passed", destination)
    assert first.returncode == 0, first.stderr
    copied = project / "data/external/outcomes.csv"
    assert copied.read_bytes() == (tmp_path / "outcomes.csv").read_bytes()

    # Copier runs tasks again on update, when the original file may be long gone.
    (tmp_path / "outcomes.csv").unlink()
    again = import_csv(project, "outcomes.csv", "passed", destination)
    assert again.returncode == 0, again.stderr


def test_answers_file_records_the_copy_not_the_students_path(tmp_path):
    """The answers file is committed: it must not name folders of the student's machine."""
    source = tmp_path / "home" / "student" / "outcomes.csv"
    source.parent.mkdir(parents=True)
    shutil.copy(DATA / "student_outcomes.csv", source)
    project = new_project(tmp_path / "project")
    answers = project / ".copier-answers.yml"
    answers.write_text(f"_commit: abc\ncsv_path: {source}\ndataset: custom_csv\n")
    for _ in range(2):  # Copier runs tasks again on update
        result = import_csv(project, source, "passed", project)
        assert result.returncode == 0, result.stderr
        assert answers.read_text() == (
            "_commit: abc\ncsv_path: data/external/outcomes.csv\ndataset: custom_csv\n"
        )


TITANIC_HEADER = "rownames,survived,sex,age,passengerClass\n"
TITANIC_ROW = '"Allen, Miss. Elisabeth Walton",yes,female,29,1st\n'


@pytest.mark.parametrize(
    ("content", "target", "message"),
    [
        (b"", "survived", "titanic.csv cannot be used: the file is empty"),
        (TITANIC_HEADER.encode(), "survived", "has a header (rownames, survived, "),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "survived", "not a text file"),
        ((TITANIC_HEADER + TITANIC_ROW).encode(), "Survived", "'Survived' is not a column"),
        (b"survived\nyes\nno\n", "survived", "no column besides the target"),
    ],
    ids=["empty", "header-only", "xlsx", "wrong-target", "target-only"],
)
def test_a_csv_that_cannot_work_is_refused_with_one_message(tmp_path, content, target, message):
    (tmp_path / "titanic.csv").write_bytes(content)
    project = new_project(tmp_path / "project")
    done = import_csv(project, tmp_path / "titanic.csv", target, "project")
    assert done.returncode == 1
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert list(project.iterdir()) == []  # what the engine wrote is taken back


def test_a_spreadsheets_csv_is_read_as_written(tmp_path):
    """Excel in a European locale: semicolons, decimal commas, cp1252, accented headers."""
    text = "Passenger;Survived;Âge (years);Passenger class\nAllen, Miss. Elisabeth;yes;0,9167;1st\n"
    (tmp_path / "titanic.csv").write_bytes(text.encode("cp1252"))
    project = new_project(tmp_path / "project")
    done = import_csv(project, tmp_path / "titanic.csv", "Survived", "project")
    assert done.returncode == 0, done.stderr
    assert "1 rows, 4 columns (cp1252, semicolons, decimal commas)" in done.stdout


def test_a_failing_task_in_an_existing_project_keeps_every_file(tmp_path):
    """`copier update` and `recopy` run the task too, with no copy_started answer (the
    folder already has answers): what they merged into the project stays."""
    (tmp_path / "titanic.csv").write_text(TITANIC_HEADER + TITANIC_ROW)
    project = new_project(tmp_path / "project")
    done = import_csv(project, tmp_path / "titanic.csv", "Survived", "project", started="")
    assert done.returncode == 1
    assert "kept the files it wrote into this project" in done.stderr
    assert (project / "src/package/data/sniff.py").is_file()
