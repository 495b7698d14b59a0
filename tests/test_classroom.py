"""Course tooling: presets, batch creation from a roster, and grading.

The quick tests check presets and rosters with Copier in pretend mode; the end-to-end
class creates a cohort for real, completes one assignment, breaks another, and grades
them all.
"""

import csv
import json
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import render, run

from mlfolio.classroom import create, gradebook
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
        '"not-an-email" is not a valid e-mail address: expected name@domain.tld.',
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
    projects, _ = cohort
    reference = solution(projects / "ada-lovelace", template_repo, tmp_path_factory)
    complete(projects / "ada-lovelace", reference)
    break_assignment(projects / "alan-turing", reference)
    gradebook.main([str(projects), "--jobs", "2"])
    with (projects / "grades" / "gradebook.csv").open() as handle:
        return {row["project"]: row for row in csv.DictReader(handle)}


@pytest.mark.e2e
class TestCohort:
    """Six students, one refused; one completes the assignment, one breaks it."""

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
            assert run(project, "git", "rev-list", "--count", "HEAD").stdout.strip() == "1"

    def test_the_gradebook_has_one_row_per_project(self, graded):
        assert sorted(graded) == [
            "ada-lovelace",
            "alan-turing",
            "barbara-liskov",
            "donald-knuth",
            "grace-hopper",
        ]

    def test_a_complete_assignment_earns_every_point(self, graded, cohort):
        row = graded["ada-lovelace"]
        assert row["score"] == row["max_score"] == "100", row["lost points"]

    def test_a_broken_assignment_loses_points_with_the_reasons(self, graded, cohort):
        projects, _ = cohort
        report = json.loads((projects / "grades" / "alan-turing" / "grade.json").read_text())
        lost = {r["id"]: r["reason"] for r in report["results"] if r["earned"] < r["points"]}
        assert set(lost) == {"tests", "reproducible", "no-leakage", "card-written", "history"}
        assert "failed" in lost["tests"]
        assert "leak" in lost["no-leakage"]
        assert "model_card.yaml: summary" in lost["card-written"]
        assert int(graded["alan-turing"]["score"]) < int(graded["ada-lovelace"]["score"])
        classroom = json.loads((projects / "grades" / "alan-turing" / "classroom.json").read_text())
        assert classroom["status"] == "fail"
        assert sum(t["score"] for t in classroom["tests"]) == report["score"]

    def test_an_untouched_assignment_fails_on_its_stubs(self, graded, cohort):
        projects, _ = cohort
        report = json.loads((projects / "grades" / "grace-hopper" / "grade.json").read_text())
        reasons = {r["id"]: r["reason"] for r in report["results"]}
        assert "failed" in reasons["tests"]
        assert "failed to reproduce 'train'" in reasons["reproducible"]


def solution(project: Path, template: Path, tmp_path_factory) -> Path:
    """The stubbed modules as the complete template has them: the reference answer."""
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    destination = tmp_path_factory.mktemp("solution") / "reference"
    reference = render(template, destination, {**answers, "assignment": False}, tasks=False)
    return next((reference / "src").iterdir())


def solve(project: Path, reference: Path) -> None:
    for module in ("modeling/features.py", "evaluation/calibration.py"):
        shutil.copy(reference / module, project / "src" / reference.name / module)


def complete(project: Path, reference: Path) -> None:
    """Do the assignment: the stubs, the card's words, results, in three commits."""
    solve(project, reference)
    run(project, "git", "commit", "--quiet", "--all", "-m", "Write the preprocessing and ECE")
    for name in ("model_card.yaml", "datasheet.yaml"):
        prose = project / name
        prose.write_text(prose.read_text().replace("TODO", "Written by the student."))
    run(project, "git", "commit", "--quiet", "--all", "-m", "Write the model card")
    run(project, "uv", "run", "dvc", "repro")
    run(project, "git", "add", "--all")
    run(project, "git", "commit", "--quiet", "-m", "Run the pipeline")


def break_assignment(project: Path, reference: Path) -> None:
    """The stubs written, but a failing test, a feature that copies the target and the
    card left as TODO, in one commit."""
    solve(project, reference)
    (project / "tests" / "test_mine.py").write_text("def test_mine():\n    assert 1 == 2\n")
    # Added in prepare, past the data contract that would refuse an unknown column.
    prepare = project / "src" / reference.name / "data" / "prepare.py"
    anchor = "    decisions = columns.decide("
    assert anchor in prepare.read_text(), "prepare.py changed: plant the leak elsewhere"
    prepare.write_text(
        prepare.read_text().replace(
            anchor, f"    frame = frame.assign(leak=frame[target])\n{anchor}"
        )
    )
    run(project, "git", "add", "--all")
    run(project, "git", "commit", "--quiet", "--no-verify", "-m", "My changes")
