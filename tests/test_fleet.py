"""`nox -s fleet` (mlfolio/fleet.py) on a folder of real projects, as a maintainer runs it.

The throwaway template of the update tests (v1.0.0, v2.0.0) makes a fleet of projects
with different answers: two ordinary ones (one of which a student broke: its tests
fail), one whose student reworded the line v2.0.0 rewords, one with uncommitted work,
one already at v2.0.0, one from another template and a plain folder. A dry run checks
the fleet, then the real run updates it; the tests read each row of the JSON report
and look at the projects themselves.
"""

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import template_versions
import yaml
from conftest import ROOT, git, tool
from template_versions import commit_all, render_at, replace, two_releases

pytestmark = pytest.mark.e2e

BRANCH = "template-update-v2.0.0"
# Cheap and real: every module of the project must still compile after the update.
TEST_COMMAND = f"{sys.executable} -m compileall -q src"
STUDENT_README_LINE = "Reproduce my results in three commands:"
UNCOMMITTED = "Work in progress.\n"
OTHER_TEMPLATE = "gh:someone/another-template"


def build_fleet(template: Path, fleet: Path) -> None:
    """One project per situation the fleet updater must tell apart."""
    render_at(template, fleet / "ada", "v1.0.0")
    broken = render_at(
        template,
        fleet / "brook",
        "v1.0.0",
        answers={"dataset": "wine", "model": "random_forest", "ci_provider": "gitlab"},
    )
    (broken / f"src/{template_versions.PACKAGE}/scratch.py").write_text("def half_written(:\n")
    commit_all(broken, "Half a thought")

    conflicted = render_at(template, fleet / "cleo", "v1.0.0", answers={"dataset": "diabetes"})
    replace(conflicted / "README.md", template_versions.README_LINE, STUDENT_README_LINE)
    commit_all(conflicted, "My wording")

    dirty = render_at(template, fleet / "dora", "v1.0.0", answers={"dataset": "penguins"})
    (dirty / "NOTES.md").write_text(UNCOMMITTED)

    render_at(template, fleet / "eve", "v2.0.0", answers={"assignment": True})

    other = fleet / "finn"
    other.mkdir()
    (other / ".copier-answers.yml").write_text(f"_commit: v3.1.0\n_src_path: {OTHER_TEMPLATE}\n")
    git(other, "init", "--quiet", "-b", "main")
    commit_all(other, "Made from another template")

    (fleet / "notes").mkdir()  # a plain folder among the projects


def run_fleet(fleet: Path, template: Path, report: Path, *options: str):
    command = [fleet, "--template", template, "--report", report, "--skip-tasks"]
    return tool("fleet", *command, "--test-command", TEST_COMMAND, *options, check=False)


@dataclass
class Run:
    fleet: Path
    report: Path
    stdout: str
    returncode: int

    def rows(self) -> dict[str, dict]:
        report = json.loads((self.report / "report.json").read_text())
        return {Path(row["project"]).name: row for row in report["projects"]}


@dataclass
class FleetRuns:
    dry: Run
    real: Run
    heads_after_dry_run: dict[str, str]
    heads_before: dict[str, str]
    rerun: Run


def heads(fleet: Path) -> dict[str, str]:
    """Each git project's checked-out branch, commit and status."""
    return {
        path.name: git(path, "rev-parse", "--abbrev-ref", "HEAD")
        + git(path, "rev-parse", "HEAD")
        + git(path, "status", "--porcelain")
        for path in sorted(fleet.iterdir())
        if (path / ".git").exists()
    }


@pytest.fixture(scope="module")
def runs(template_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> FleetRuns:
    root = tmp_path_factory.mktemp("fleet")
    template = two_releases(template_repo, root / "template")
    fleet = root / "projects"
    build_fleet(template, fleet)
    before = heads(fleet)
    dry = run_fleet(fleet, template, root / "dry", "--to", "v2.0.0", "--dry-run")
    after_dry = heads(fleet)
    real = run_fleet(fleet, template, root / "report")  # --to defaults to the latest tag
    rerun = run_fleet(fleet, template, root / "rerun")
    return FleetRuns(
        Run(fleet, root / "dry", dry.stdout, dry.returncode),
        Run(fleet, root / "report", real.stdout + real.stderr, real.returncode),
        after_dry,
        before,
        Run(fleet, root / "rerun", rerun.stdout + rerun.stderr, rerun.returncode),
    )


class TestDryRun:
    def test_it_changes_nothing(self, runs):
        assert runs.heads_after_dry_run == runs.heads_before

    def test_it_says_what_it_would_do(self, runs):
        rows = runs.dry.rows()
        assert {name: row["result"] for name, row in rows.items()} == {
            "ada": "would update",
            "brook": "would update",
            "cleo": "would update",
            "dora": "skipped",
            "eve": "up to date",
            "finn": "skipped",
            "notes": "skipped",
        }
        assert runs.dry.returncode == 0


class TestFleetUpdate:
    def test_an_ordinary_project_is_updated_on_a_branch_and_its_tests_pass(self, runs):
        row = runs.real.rows()["ada"]
        assert (row["from"], row["to"], row["result"]) == ("v1.0.0", "v2.0.0", "updated")
        assert (row["conflicts"], row["tests"], row["branch"]) == ([], "passed", BRANCH)
        project = runs.real.fleet / "ada"
        assert git(project, "rev-parse", "--abbrev-ref", "HEAD") == BRANCH
        assert git(project, "status", "--porcelain") == ""
        assert git(project, "log", "-1", "--format=%s") == "Update to template v2.0.0"
        # The grader's history criterion recognises (and skips) update commits by it.
        assert git(project, "log", "-1", "--format=%(trailers)") == "Template-Update: v2.0.0"
        assert git(project, "rev-parse", "main") in runs.heads_before["ada"]
        assert (project / template_versions.V2_NEW_FILE).is_file()
        assert template_versions.V2_README_LINE in (project / "README.md").read_text()
        answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
        assert answers["_commit"] == "v2.0.0"

    def test_a_project_whose_tests_fail_is_reported_and_the_others_still_run(self, runs):
        rows = runs.real.rows()
        row = rows["brook"]
        assert (row["from"], row["result"], row["tests"]) == (
            "v1.0.0",
            "updated",
            "failed (exit 1), failing before too",
        )
        assert "scratch.py" in Path(row["test_log"]).read_text()
        assert rows["cleo"]["result"] == "conflicts"  # the next project ran
        assert rows["ada"]["tests"] == "passed"

    def test_a_conflict_is_listed_and_left_on_the_branch_to_resolve(self, runs):
        row = runs.real.rows()["cleo"]
        project = runs.real.fleet / "cleo"
        marker = (project / "README.md").read_text().splitlines().index("<<<<<<< before updating")
        assert (row["result"], row["conflicts"]) == ("conflicts", [f"README.md:{marker + 1}"])
        assert (row["tests"], row["branch"]) == ("not run", BRANCH)
        assert git(project, "rev-parse", "--abbrev-ref", "HEAD") == BRANCH
        assert STUDENT_README_LINE in (project / "README.md").read_text()

    def test_a_dirty_project_is_skipped_untouched_with_the_reason(self, runs):
        row = runs.real.rows()["dora"]
        assert (row["from"], row["result"], row["branch"]) == ("v1.0.0", "skipped", "")
        assert row["reason"].startswith("uncommitted changes in 1 file(s)")
        project = runs.real.fleet / "dora"
        assert (project / "NOTES.md").read_text() == UNCOMMITTED
        assert heads(runs.real.fleet)["dora"] == runs.heads_before["dora"]
        assert BRANCH not in git(project, "branch", "--list")

    def test_a_project_at_the_release_is_up_to_date(self, runs):
        row = runs.real.rows()["eve"]
        assert (row["from"], row["to"], row["result"]) == ("v2.0.0", "v2.0.0", "up to date")
        assert heads(runs.real.fleet)["eve"] == runs.heads_before["eve"]

    def test_projects_from_elsewhere_are_skipped_with_the_reason(self, runs):
        rows = runs.real.rows()
        assert rows["finn"]["result"] == "skipped"
        assert rows["finn"]["reason"] == f"made from another template ({OTHER_TEMPLATE})"
        assert rows["finn"]["from"] == "v3.1.0"
        assert heads(runs.real.fleet)["finn"] == runs.heads_before["finn"]
        assert rows["notes"]["result"] == "skipped"
        assert rows["notes"]["reason"] == "not a Copier project (no .copier-answers.yml)"

    def test_the_markdown_report_has_a_row_per_project_and_the_run_fails(self, runs):
        table = (runs.real.report / "report.md").read_text().splitlines()
        assert table[0] == "| Project | From | To | Result | Conflicts | Tests |"
        assert len(table) == 2 + len(runs.real.rows())
        cleo = next(line for line in table if "/cleo`" in line)
        assert "| conflicts: resolve them on branch" in cleo
        assert "`README.md:" in cleo
        assert runs.real.returncode == 1
        progress = [line for line in runs.real.stdout.splitlines() if line.startswith("[")]
        assert len(progress) == 7, "one line per project"
        assert progress[-1].startswith("[7/7] notes: ? -> v2.0.0: skipped (not a Copier")
        assert "2 updated, 1 conflicts, 3 skipped, 1 up to date" in runs.real.stdout


class TestRerun:
    def test_updated_projects_are_up_to_date_and_conflicts_still_fail_the_run(self, runs):
        rows = runs.rerun.rows()
        assert {name: rows[name]["result"] for name in ("ada", "brook", "cleo", "eve")} == {
            "ada": "up to date",
            "brook": "up to date",
            "cleo": "conflicts",
            "eve": "up to date",
        }
        assert rows["cleo"]["conflicts"] == runs.real.rows()["cleo"]["conflicts"]
        # The update's answers file is not committed yet: cleo is still at its release.
        assert (rows["cleo"]["from"], rows["cleo"]["branch"]) == ("v1.0.0", BRANCH)
        assert runs.rerun.returncode == 1, "an unresolved conflict fails every run"


def test_a_list_file_names_projects_and_bad_sources_are_refused(template_repo, tmp_path):
    template = two_releases(template_repo, tmp_path / "template")
    project = render_at(template, tmp_path / "projects/zed", "v1.0.0")
    # Copier reads a relative template path from where it runs: the template's checkout
    # (as `nox -s fleet` runs), not the template the fleet updates to.
    relative = tmp_path / "projects/yan"
    relative.mkdir()
    (relative / ".copier-answers.yml").write_text("_commit: v1.0.0\n_src_path: template\n")
    listing = tmp_path / "fleet.txt"
    listing.write_text("# one per line, relative to this file\nprojects/zed\nprojects/yan\n")
    command = [listing, "--template", template, "--dry-run", "--report", tmp_path / "report"]
    result = tool("fleet", *command)
    report = json.loads((tmp_path / "report/report.json").read_text())
    assert [(row["project"], row["result"]) for row in report["projects"]] == [
        (str(project), "would update"),
        (str(relative), "skipped"),
    ]
    assert report["projects"][1]["reason"] == (
        f"made from another template (template, relative to {ROOT})"
    )
    assert "v1.0.0 -> v2.0.0: would update" in result.stdout

    missing = tool("fleet", tmp_path / "absent", "--to", "v2.0.0", check=False)
    assert missing.returncode == 2
    assert "absent is neither a directory nor a list of projects" in missing.stderr
