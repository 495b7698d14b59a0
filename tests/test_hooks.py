"""The task scripts Copier runs, called as Copier calls them (fast: no uv, no render)."""

import shutil
import subprocess
import sys

import pytest
from conftest import DATA, ROOT

IMPORT_CSV = ROOT / "template" / "hooks" / "post_gen_project.py"
INIT_PROJECT = ROOT / "hooks" / "init_project.py"


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
    project = tmp_path / destination
    project.mkdir(parents=True)
    args = [sys.executable, str(IMPORT_CSV), "outcomes.csv", "passed", destination]

    first = subprocess.run(args, cwd=project, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    copied = project / "data/external/outcomes.csv"
    assert copied.read_bytes() == (tmp_path / "outcomes.csv").read_bytes()

    # Copier runs tasks again on update, when the original file may be long gone.
    (tmp_path / "outcomes.csv").unlink()
    again = subprocess.run(args, cwd=project, capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr


def test_answers_file_records_the_copy_not_the_students_path(tmp_path):
    """The answers file is committed: it must not name folders of the student's machine."""
    source = tmp_path / "home" / "student" / "outcomes.csv"
    source.parent.mkdir(parents=True)
    shutil.copy(DATA / "student_outcomes.csv", source)
    project = tmp_path / "project"
    project.mkdir()
    answers = project / ".copier-answers.yml"
    answers.write_text(f"_commit: abc\ncsv_path: {source}\ndataset: custom_csv\n")
    args = [sys.executable, str(IMPORT_CSV), str(source), "passed", str(project)]

    for _ in range(2):  # Copier runs tasks again on update
        result = subprocess.run(args, cwd=project, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
        assert answers.read_text() == (
            "_commit: abc\ncsv_path: data/external/outcomes.csv\ndataset: custom_csv\n"
        )
