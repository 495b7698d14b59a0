"""Course tooling: presets, batch creation from a roster, and grading.

The quick tests check presets and rosters with Copier in pretend mode; the end-to-end
class creates a cohort for real, completes one assignment, games another, gets a third
subtly wrong, leaves two untouched (one with commits that are not work), and grades them
all with real pipelines and real pytest runs.
"""

import csv
import json
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from conftest import render, run

from mlfolio.classroom import create, grade, gradebook, presets
from mlfolio.classroom.presets import PRESETS, PresetError, check_answers, load_preset
from mlfolio.classroom.roster import read_roster

ROSTER = [
    ("Ada Lovelace", "ada@example.org"),
    ("Alan Turing", "alan@example.org"),
    ("Grace Hopper", "grace@example.org"),
    ("Edsger Dijkstra", "not-an-email"),
    ("Barbara Liskov", "barbara@example.org"),
    ("Donald Knuth", "donald@example.org"),
]


# The reference ECE's sum, which the gaming and the subtly wrong students rewrite.
SUM_OF_GAPS = 'sum(b["count"] * abs(b["accuracy"] - b["confidence"]) for b in bins)'


def write_roster(path: Path, rows: list[tuple[str, str]], header=("name", "email")) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.mark.parametrize("preset", sorted(p.stem for p in PRESETS.glob("*.yml")))
def test_every_preset_makes_a_valid_project(preset, template_repo):
    answers = load_preset(preset)
    assert answers["assignment"] is True
    check_answers(answers, str(template_repo), "HEAD")


def test_presets_print_what_every_student_gets(template_repo, capsys):
    assert presets.main(["breast-cancer-binary", "--template", str(template_repo)]) == 0
    shown = capsys.readouterr().out
    assert "        serving: false\n" in shown, "assignment presets leave the API out"
    assert '        task: "classification"  (default)\n' in shown
    assert "author_email" not in shown, "each student's own"


def test_an_instructors_hidden_checks_join_the_shipped_ones(tmp_path):
    (tmp_path / "no-leakage").mkdir()
    (tmp_path / "card-written").mkdir()
    found = grade.hidden_checks([tmp_path])
    assert found["no-leakage"] == [grade.HIDDEN / "no-leakage", tmp_path / "no-leakage"]
    assert found["card-written"] == [tmp_path / "card-written"]
    assert found["calibration"] == [grade.HIDDEN / "calibration"]


def test_one_run_of_the_hidden_checks_is_split_by_criterion(tmp_path):
    """The grader runs every criterion's hidden checks in one pytest: each criterion gets
    its own tests' results, and one whose tests did not run is not passed."""
    root = tmp_path / "hidden"
    checks = {
        "calibration/0/test_ece.py": "def test_ece():\n    assert 0.1 == 0.2, 'gaps cancel'\n",
        "calibration/1/test_bins.py": "def test_bins():\n    pass\n",
        "no-leakage/0/test_fit.py": "def test_fit():\n    pass\n",
        "card-written/0/helpers.py": "",
    }
    for name, text in checks.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    junit = tmp_path / "hidden.xml"
    # What Workspace.hidden runs, with this suite's Python in place of the project's.
    command = [sys.executable, "-m", *grade.PYTEST, f"--junitxml={junit}", f"--rootdir={root}"]
    done = run(tmp_path, *command, str(root), check=False)
    criteria = ["calibration", "no-leakage", "card-written"]
    results = grade.per_criterion(junit, not done.returncode, "1 failed, 2 passed", criteria)
    assert results["calibration"].ran == 2
    assert results["calibration"].failures == [
        "`calibration/0/test_ece.py::test_ece`: AssertionError: gaps cancel / assert 0.1 == 0.2"
    ]
    assert (results["no-leakage"].ran, results["no-leakage"].passed) == (1, True)
    assert results["card-written"].error == "none of its checks ran"
    assert not results["card-written"].passed
    assert grade.read_junit(junit).ran == 3
    crashed = grade.per_criterion(tmp_path / "none.xml", False, "boom", criteria)
    assert {r.error for r in crashed.values()} == {"pytest wrote no results (FileNotFoundError)"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ({"datset": "wine"}, "datset is not a question of copier.yml"),
        ({"author_email": "a@b.org"}, "author_email is each student's own answer"),
        ({"model": "svm"}, "Invalid choice for 'model'"),
        ({"max_slice_gap": "wide"}, "is not a gap limit"),
    ],
    ids=["unknown-key", "student-key", "bad-choice", "bad-value"],
)
def test_a_bad_preset_names_the_key(tmp_path, template_repo, content, message):
    path = tmp_path / "bad.yml"
    path.write_text(yaml.safe_dump(content))
    with pytest.raises(PresetError, match=message):
        check_answers(load_preset(str(path)), str(template_repo), "HEAD")


def test_roster_problems_are_reported_by_line(tmp_path, template_repo):
    roster = write_roster(tmp_path / "roster.csv", [*ROSTER, ("Ada  Lovelace", "ada2@example.org")])
    preset = load_preset("breast-cancer-binary")
    students, problems = read_roster(roster, preset, str(template_repo), "HEAD")
    assert [s.slug for s in students] == [
        "ada-lovelace",
        "alan-turing",
        "grace-hopper",
        "barbara-liskov",
        "donald-knuth",
    ]
    assert [str(p) for p in problems] == [
        "line 5: Edsger Dijkstra: Validation error for question 'author_email': "
        '"not-an-email" is not a valid e-mail address: expected name@domain.tld in ASCII '
        "letters, digits and . _ % + ' - (no two dots in a row), at most 254 characters.",
        "line 8: 'ada-lovelace' is already the folder of line 2",
    ]
    assert students[0].answers["project_slug"] == "breast-cancer-screening-ada-lovelace"
    assert students[0].answers["package_name"] == "breast_cancer_screening"


def test_a_roster_without_an_email_column_creates_nothing(tmp_path, template_repo):
    roster = write_roster(tmp_path / "roster.csv", ROSTER, header=("name", "mail"))
    students, problems = read_roster(roster, {}, str(template_repo), "HEAD")
    assert students == []
    assert [str(p) for p in problems] == [f"{roster}: missing column(s) email"]


@pytest.fixture(scope="module")
def cohort(template_repo, tmp_path_factory):
    root = tmp_path_factory.mktemp("cohort")
    roster = write_roster(root / "roster.csv", ROSTER)
    args = ["--preset", "breast-cancer-binary", "--out", str(root / "projects")]
    args += ["--template", str(template_repo), "--vcs-ref", "HEAD", "--jobs", "2"]
    status = create.main([str(roster), *args])
    return root / "projects", status


@pytest.fixture(scope="module")
def graded(cohort, template_repo, tmp_path_factory):
    """Four kinds of student: one correct (Ada), one who games the grader (Alan), one
    subtly wrong (Barbara), two untouched (Grace with empty and forged update commits,
    Donald with stale reports committed)."""
    projects, _ = cohort
    reference = solution(projects / "ada-lovelace", template_repo, tmp_path_factory)
    complete(projects / "ada-lovelace", reference)
    tamper(projects / "alan-turing", reference, lock=projects / "ada-lovelace" / "dvc.lock")
    subtly_wrong(projects / "barbara-liskov", reference, projects / "ada-lovelace" / "dvc.lock")
    pad_history(projects / "grace-hopper")
    # Donald commits reports from someone else's run over his stubs: none may be read.
    shutil.copytree(projects / "ada-lovelace" / "reports", projects / "donald-knuth" / "reports")
    commit(projects / "donald-knuth", "Add my results")
    gradebook.main([str(projects), "--jobs", "2"])
    with (projects.with_name("projects-grades") / "gradebook.csv").open() as handle:
        return {row["project"]: row for row in csv.DictReader(handle)}


def report_of(cohort, student: str, name: str = "grade.json"):
    path = cohort[0].with_name("projects-grades") / student / name
    return json.loads(path.read_text()) if name.endswith(".json") else path.read_text()


def lost_points(cohort, student: str) -> dict[str, str]:
    report = report_of(cohort, student)
    return {
        r["id"]: " ".join([r["reason"], *r["details"]])
        for r in report["results"]
        if r["earned"] < r["points"]
    }


@pytest.mark.e2e
class TestCohort:
    """Six students, one refused; correct, gaming, subtly wrong and untouched work."""

    def test_batch_creates_the_good_rows_and_refuses_the_bad_one(self, cohort):
        projects, status = cohort
        assert status == 1, "a refused row makes the command fail"
        assert sorted(p.name for p in projects.iterdir()) == [
            "ada-lovelace",
            "alan-turing",
            "barbara-liskov",
            "donald-knuth",
            "grace-hopper",
        ]
        for project in projects.iterdir():
            assert (project / "rubric.yaml").is_file()
            assert not (project / "Dockerfile").exists(), "the preset turns serving off"
            assert run(project, "git", "rev-list", "--count", "HEAD").stdout.strip() == "1"

    def test_the_gradebook_has_one_row_per_project_beside_the_cohort(self, graded, cohort):
        assert sorted(graded) == [
            "ada-lovelace",
            "alan-turing",
            "barbara-liskov",
            "donald-knuth",
            "grace-hopper",
        ]
        assert not (cohort[0] / "grades").exists(), "reports stay out of the scanned folder"

    def test_a_complete_assignment_earns_every_point(self, graded, cohort):
        row = graded["ada-lovelace"]
        assert row["score"] == row["max_score"] == "100", row["lost points"]
        runners = report_of(cohort, "ada-lovelace", "classroom.json")
        assert runners["main_metric"]["max_score"] == 15
        assert all(r["status"] == "pass" for r in runners.values())

    def test_gaming_the_grader_loses_points(self, graded, cohort):
        """Alan deleted tests/test_calibration.py, made the ECE `return 0.0` and untracked
        dvc.lock: the template's tests come back, the ECE is checked on hidden cases."""
        lost = lost_points(cohort, "alan-turing")
        assert set(lost) == {"tests", "calibration", "reproducible"}, lost
        assert "tests/test_calibration.py::test_overconfident" in lost["tests"]
        assert "gaps-that-cancel" in lost["calibration"]
        assert "dvc.lock is not committed" in lost["reproducible"]
        assert int(graded["alan-turing"]["score"]) < 100

    def test_subtly_wrong_work_is_caught_by_the_hidden_checks(self, graded, cohort):
        """Barbara scales the whole table in prepare and lets signed ECE gaps cancel:
        every template test passes, the hidden checks do not."""
        lost = lost_points(cohort, "barbara-liskov")
        assert set(lost) == {"no-leakage", "calibration"}, lost
        assert "fitted on the whole table" in lost["no-leakage"]
        assert "do not cancel" in lost["calibration"]
        assert graded["barbara-liskov"]["score"] == "80"

    def test_an_untouched_assignment_fails_on_its_stubs_once_each(self, graded, cohort):
        lost = lost_points(cohort, "grace-hopper")
        assert "still a stub: assignment: write build_preprocessor()" in lost["tests"]
        assert lost["tests"].count("build_preprocessor()") == 1, "one reason per cause"
        assert "build_preprocessor()" not in lost["no-leakage"] + lost["calibration"]
        assert "failed to reproduce 'train'" in lost["reproducible"]
        assert lost["main-metric"].startswith("not graded: the pipeline did not make")
        assert "0 commit(s) of your own" in lost["history"], "empty and update commits"
        assert int(graded["grace-hopper"]["score"]) <= 10
        note = report_of(cohort, "grace-hopper", "grade.md")
        assert note.startswith("# Your grade: ")

    def test_committed_reports_are_never_graded(self, graded, cohort):
        lost = lost_points(cohort, "donald-knuth")
        for criterion in ("main-metric", "calibration", "no-leakage"):
            assert lost[criterion].startswith("not graded: the pipeline did not make"), lost
        assert int(graded["donald-knuth"]["score"]) <= 10


def solution(project: Path, template: Path, tmp_path_factory) -> Path:
    """The stubbed modules as the complete template has them: the reference answer."""
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    destination = tmp_path_factory.mktemp("solution") / "reference"
    reference = render(template, destination, {**answers, "assignment": False}, tasks=False)
    return next((reference / "src").iterdir())


def solve(project: Path, reference: Path) -> None:
    for module in ("modeling/features.py", "evaluation/calibration.py"):
        shutil.copy(reference / module, project / "src" / reference.name / module)


def write_card(project: Path) -> None:
    for name in ("model_card.yaml", "datasheet.yaml"):
        prose = project / name
        prose.write_text(prose.read_text().replace("TODO", "Written by the student."))


def commit(project: Path, message: str, *options: str) -> None:
    run(project, "git", "add", "--all")
    run(project, "git", "commit", "--quiet", "--no-verify", *options, "-m", message)


def complete(project: Path, reference: Path) -> None:
    """Do the assignment: the stubs, the card's words, results, in three commits."""
    solve(project, reference)
    run(project, "git", "commit", "--quiet", "--all", "-m", "Write the preprocessing and ECE")
    write_card(project)
    run(project, "git", "commit", "--quiet", "--all", "-m", "Write the model card")
    run(project, "uv", "run", "dvc", "repro")
    run(project, "git", "add", "--all")
    run(project, "git", "commit", "--quiet", "-m", "Run the pipeline")


def module(project: Path, reference: Path, name: str) -> Path:
    return project / "src" / reference.name / name


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{path.name} changed: make this student's edit elsewhere"
    path.write_text(text.replace(old, new))


def tamper(project: Path, reference: Path, lock: Path) -> None:
    """The preprocessing written, but the calibration test deleted, the ECE `return 0.0`,
    and dvc.lock committed once and then untracked."""
    solve(project, reference)
    calibration = module(project, reference, "evaluation/calibration.py")
    edit(calibration, '    total = sum(b["count"] for b in bins)\n', "")
    edit(calibration, f"return float({SUM_OF_GAPS} / total)", "return 0.0")
    (project / "tests" / "test_calibration.py").unlink()
    commit(project, "Write the preprocessing and ECE")
    write_card(project)
    shutil.copy(lock, project / "dvc.lock")
    commit(project, "Write the model card")
    run(project, "git", "rm", "--quiet", "--cached", "dvc.lock")
    run(project, "git", "commit", "--quiet", "--no-verify", "-m", "Keep dvc.lock to myself")


def subtly_wrong(project: Path, reference: Path, lock: Path) -> None:
    """Everything done, but a scaler fitted on the whole table before the split and an
    ECE of the signed gaps: the template's tests all pass."""
    solve(project, reference)
    edit(
        module(project, reference, "evaluation/calibration.py"),
        SUM_OF_GAPS,
        'abs(sum(b["count"] * (b["accuracy"] - b["confidence"]) for b in bins))',
    )
    commit(project, "Write the preprocessing and ECE")
    anchor = "    decisions = columns.decide("
    edit(
        module(project, reference, "data/prepare.py"),
        anchor,
        "    from sklearn.preprocessing import StandardScaler\n\n"
        '    numeric = frame.drop(columns=[target]).select_dtypes("number").columns\n'
        "    frame[numeric] = StandardScaler().fit_transform(frame[numeric])\n" + anchor,
    )
    commit(project, "Scale the features once, in prepare")
    write_card(project)
    shutil.copy(lock, project / "dvc.lock")
    commit(project, "Write the model card")


def pad_history(project: Path) -> None:
    """Commits that are not work: two empty ones, one claiming to be a template update."""
    for _ in range(2):
        commit(project, "Work in progress", "--allow-empty")
    (project / "README.md").write_text((project / "README.md").read_text() + "\nMy notes.\n")
    commit(project, "Update to template v9\n\nTemplate-Update: v9")
