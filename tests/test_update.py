"""`copier update` on a student's project: their work survives, the template's changes
arrive, and the project stays green.

A project rendered from the template's v1.0.0 (tests/template_versions.py) gets a
student's edits and is updated to v2.0.0 with the real Copier, once per class.
"""

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import CSV_ANSWERS, git, run, tool
from ownership import paths, snapshot
from template_versions import (
    NEW_KEY,
    OLD_KEY,
    PACKAGE,
    PROJECT,
    README_LINE,
    STUDENT_FUNCTION,
    STUDENT_PROSE,
    V1_DESCRIPTION,
    V2_HOOKS_COMMENT,
    V2_NEW_FILE,
    V2_README_LINE,
    commit_all,
    edit_code_and_readme,
    render_at,
    replace,
    update_to_v2,
)

pytestmark = pytest.mark.e2e

# What the student changes in their project.
STUDENT_SUMMARY = "Predicts whether a tumour is malignant from 30 measurements of a scan."
STUDENT_NOTE = "# Ideas\n\n- try a calibrated random forest\n"
STUDENT_README_LINE = "Reproduce my results in three commands:"


@dataclass
class Updated:
    path: Path
    student_owned_before: dict[str, bytes]

    def read(self, name: str) -> str:
        return (self.path / name).read_text()

    def answers(self) -> dict:
        return yaml.safe_load(self.read(".copier-answers.yml"))


# The student's own feature, where the template says to put it: fitted inside the model,
# so training, `predict` and the API all compute it (tests/test_update.py runs them).
STUDENT_FEATURE = 'features.assign(log_area=np.log1p(features["mean area"]))'


def add_a_feature(project: Path) -> None:
    features = project / f"src/{PACKAGE}/modeling/features.py"
    replace(features, "import pandas as pd\n", "import numpy as np\nimport pandas as pd\n")
    replace(features, "    return features\n", f"    return {STUDENT_FEATURE}\n")


@pytest.fixture(scope="class")
def updated(versioned_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Updated:
    """A project from v1.0.0 with a student's edits, updated to v2.0.0 (tasks on)."""
    project = render_at(
        versioned_template, tmp_path_factory.mktemp("update") / "project", tasks=True
    )
    edit_code_and_readme(project, PACKAGE)
    replace(
        project / "model_card.yaml",
        "TODO: say in two or three sentences what this model predicts, from which data, and\n"
        "  why you built it.",
        STUDENT_SUMMARY,
    )
    replace(
        project / "datasheet.yaml",
        "to practise an honest evaluation of a binary classifier.",
        "to practise evaluating a screening model.",
    )
    replace(project / "params.yaml", "test_size: 0.2\n", "test_size: 0.25\n")
    add_a_feature(project)
    (project / "notes").mkdir()
    (project / "notes/ideas.md").write_text(STUDENT_NOTE)
    commit_all(project, "My edits")
    owned = snapshot(project, paths(owner="student"))

    update_to_v2(project, quiet=True)
    return Updated(project, owned)


class TestUpdateKeepsStudentWork:
    def test_student_code_survives(self, updated):
        assert updated.read(f"src/{PACKAGE}/evaluation/metrics.py").endswith(STUDENT_FUNCTION)

    def test_student_readme_prose_survives_next_to_the_template_change(self, updated):
        readme = updated.read("README.md")
        assert STUDENT_PROSE in readme
        assert V2_README_LINE in readme
        assert README_LINE not in readme

    def test_model_card_text_survives(self, updated):
        assert yaml.safe_load(updated.read("model_card.yaml"))["summary"] == STUDENT_SUMMARY

    def test_student_owned_files_are_untouched_although_the_release_changed_them(self, updated):
        for name, before in updated.student_owned_before.items():
            assert (updated.path / name).read_bytes() == before, name

    def test_changed_param_survives_and_the_renamed_key_arrives(self, updated):
        params = yaml.safe_load(updated.read("params.yaml"))
        assert params["prepare"]["test_size"] == 0.25
        assert params["evaluate"][NEW_KEY] == 5
        assert OLD_KEY not in params["evaluate"]
        assert OLD_KEY not in updated.read(f"src/{PACKAGE}/evaluation/evaluate.py")

    def test_student_file_survives(self, updated):
        assert updated.read("notes/ideas.md") == STUDENT_NOTE

    def test_template_changes_arrive(self, updated):
        assert updated.read(".pre-commit-config.yaml").startswith(V2_HOOKS_COMMENT)
        assert (updated.path / V2_NEW_FILE).is_file()

    def test_recorded_answers_win_over_new_defaults(self, updated):
        answers = updated.answers()
        assert answers["_commit"] == "v2.0.0"
        assert answers["description"] == V1_DESCRIPTION

    def test_nothing_is_left_conflicted(self, updated):
        assert not list(updated.path.rglob("*.rej"))
        grep = run(updated.path, "git", "grep", "-n", "^<<<<<<<", check=False)
        assert grep.returncode == 1, grep.stdout

    def test_project_stays_green_with_the_students_feature_in_every_path(self, updated):
        run(updated.path, "uv", "run", "dvc", "repro")
        # The model unpickles only where the project is installed: ask its own Python.
        script = (
            "import joblib; steps = joblib.load('models/model.joblib').named_steps; "
            "print(list(steps), list(steps['preprocess'].feature_names_in_)[-1])"
        )
        steps = run(updated.path, "uv", "run", "python", "-c", script).stdout
        assert "['add_features', 'preprocess', 'model'] log_area" in steps
        result = run(updated.path, "uv", "run", "pytest", "-q")
        assert re.search(r"\d+ passed", result.stdout), result.stdout
        raw = updated.path / "batch.csv"
        frame = pd.read_csv(updated.path / "data/raw/dataset.csv").drop(columns="target")
        frame.head(5).to_csv(raw, index=False)
        run(updated.path, "uv", "run", PACKAGE, "predict", str(raw), "--output", "scored.csv")
        assert len(pd.read_csv(updated.path / "scored.csv")) == 5


def updater(project: Path, *options: str, check: bool = True):
    """mlfolio.update to v2.0.0, tasks skipped."""
    command = [project, "--vcs-ref", "v2.0.0", "--trust", "--skip-tasks", *options]
    return tool("update", *command, check=check)


@pytest.fixture
def conflicted(versioned_template: Path, tmp_path: Path) -> Path:
    """A project from v1.0.0 whose student reworded the README line v2.0.0 rewords."""
    project = render_at(versioned_template, tmp_path / "project")
    replace(project / "README.md", README_LINE, STUDENT_README_LINE)
    commit_all(project, "My wording")
    return project


def line_of(path: Path, text: str) -> int:
    return path.read_text().splitlines().index(text) + 1


class TestConflicts:
    def test_copier_leaves_inline_markers_around_both_versions_and_raises_nothing(self, conflicted):
        # Copier 9 returns normally: the markers and git's unmerged index are the only signs.
        update_to_v2(conflicted, skip_tasks=True)
        readme = (conflicted / "README.md").read_text()
        conflict = re.search(
            r"^<<<<<<< before updating\n(.*?)^=======\n(.*?)^>>>>>>> after updating$",
            readme,
            re.MULTILINE | re.DOTALL,
        )
        assert conflict, readme
        assert STUDENT_README_LINE in conflict[1]
        assert V2_README_LINE in conflict[2]
        unmerged = run(conflicted, "git", "ls-files", "--unmerged").stdout
        assert "README.md" in unmerged

    def test_with_conflict_rej_the_student_line_moves_to_a_rej_file(self, conflicted):
        # Copier 9 replays the student's changes onto the new release: the file takes the
        # template's line, and the student's rejected hunk waits in README.md.rej.
        update_to_v2(conflicted, skip_tasks=True, conflict="rej")
        assert V2_README_LINE in (conflicted / "README.md").read_text()
        rejected = (conflicted / "README.md.rej").read_text()
        assert f"-{README_LINE}\n+{STUDENT_README_LINE}\n" in rejected

    @pytest.mark.parametrize("mode", ["inline", "rej"])
    def test_updater_exits_non_zero_naming_each_conflict(self, conflicted, mode):
        result = updater(conflicted, "--conflict", mode, check=False)
        assert result.returncode == 1, result.stdout + result.stderr
        if mode == "inline":
            marker = line_of(conflicted / "README.md", "<<<<<<< before updating")
            assert f"README.md:{marker}" in result.stderr
        else:
            hunk = next(
                number
                for number, line in enumerate(
                    (conflicted / "README.md.rej").read_text().splitlines(), start=1
                )
                if line.startswith("@@")
            )
            assert f"README.md.rej:{hunk}" in result.stderr
        assert "1 conflict(s) left" in result.stderr
        assert "updated with no conflict" not in result.stdout

    def test_updater_reports_success_only_without_conflicts(self, versioned_template, tmp_path):
        project = render_at(versioned_template, tmp_path / "project")
        result = updater(project)
        assert "updated with no conflict" in result.stdout
        assert (project / V2_NEW_FILE).is_file()

    def test_updater_refuses_a_dirty_project_and_says_why(self, conflicted):
        (conflicted / "README.md").write_text("uncommitted\n")
        result = updater(conflicted, check=False)
        assert result.returncode == 2
        assert "was not updated" in result.stderr
        assert (conflicted / "README.md").read_text() == "uncommitted\n"


API = f"src/{PACKAGE}/serving/api.py"
STUDENT_EDIT = "\n# My notes on the API, for the interview.\n"


def edit(project: Path, name: str) -> None:
    (project / name).write_text((project / name).read_text() + STUDENT_EDIT)
    commit_all(project, f"My notes in {name}")


class TestDeletions:
    """The wrapper never lets an update delete a file the student changed."""

    def test_a_release_that_removes_an_edited_file_keeps_it_and_exits_1(
        self, versioned_template, tmp_path
    ):
        template = tmp_path / "template"
        git(tmp_path, "clone", "--quiet", str(versioned_template), str(template))
        (template / PROJECT / "docs/team.md").unlink()
        commit_all(template, "Release 3: docs/team.md goes")
        git(template, "tag", "v3.0.0")
        project = render_at(template, tmp_path / "project", "v2.0.0")
        edit(project, "docs/team.md")
        result = tool(
            "update", project, "--vcs-ref", "v3.0.0", "--trust", "--skip-tasks", check=False
        )
        assert result.returncode == 1, result.stdout + result.stderr
        assert "  docs/team.md" in result.stderr
        assert (project / "docs/team.md").read_text().endswith(STUDENT_EDIT)

    def test_an_answer_that_drops_an_edited_file_keeps_it_and_exits_1(
        self, versioned_template, tmp_path
    ):
        project = render_at(versioned_template, tmp_path / "project")
        edit(project, API)
        result = updater(project, "--data", "serving=false", check=False)
        assert result.returncode == 1, result.stdout + result.stderr
        assert f"  {API}" in result.stderr
        assert (project / API).read_text().endswith(STUDENT_EDIT)
        # The files the student never touched go, as the answer says.
        assert not (project / f"src/{PACKAGE}/serving/export.py").exists()

    def test_a_removed_file_the_student_never_touched_is_deleted_cleanly(
        self, versioned_template, tmp_path
    ):
        project = render_at(versioned_template, tmp_path / "project")
        result = updater(project, "--data", "serving=false")
        assert "updated with no conflict" in result.stdout
        assert not (project / API).exists()
        assert yaml.safe_load((project / ".copier-answers.yml").read_text())["serving"] is False

    def test_a_project_on_its_own_csv_updates_although_the_path_it_was_made_from_is_gone(
        self, versioned_template, tmp_path
    ):
        """The CSV must exist when a project is made; an update renders the recorded
        answer, the copy in data/external/, wherever it runs from."""
        student_csv = tmp_path / "downloads" / "outcomes.csv"
        student_csv.parent.mkdir()
        shutil.copy(CSV_ANSWERS["csv_path"], student_csv)
        answers = {**CSV_ANSWERS, "csv_path": str(student_csv)}
        project = render_at(versioned_template, tmp_path / "project", tasks=True, answers=answers)
        student_csv.unlink()
        result = updater(project)
        assert "updated with no conflict" in result.stdout
        recorded = yaml.safe_load((project / ".copier-answers.yml").read_text())
        assert recorded["csv_path"] == "data/external/outcomes.csv"
