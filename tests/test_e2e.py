"""Render each named combination with Copier tasks on, then run the generated project
for real: uv sync (by the task), dvc repro, its own tests, DVC push/pull and MLflow.

Each combination is a test class: its tests share one project (the class-scoped
`project` fixture) and, under `--dist loadscope`, one worker, so each project is
rendered and run once while the combinations run in parallel.
"""

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from conftest import COMBOS, render, run

STAGES = ["ingest", "prepare", "train", "evaluate"]
SCRIPTS = Path(__file__).parent / "scripts"

# The bar each combination's test metric must clear: well above chance (breast cancer's
# majority class is 63%, wine's 40%, penguins' 44%; diabetes' mean predictor has R² 0).
EXPECTED = {
    "defaults": ("accuracy", 0.9),
    "wine-random-forest-gitlab": ("accuracy", 0.85),
    "diabetes-hist-gradient-boosting-no-ci": ("r2", 0.2),
    "penguins-random-forest-proprietary": ("accuracy", 0.9),
    "custom-csv-hist-gradient-boosting": ("accuracy", 0.6),
}

# An SSH key as `ssh-keygen` writes it, split so secret scanners pass over this file.
PRIVATE_KEY = (
    b"-----BEGIN OPENSSH " + b"PRIVATE KEY-----\n"
    b"b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
    b"-----END OPENSSH " + b"PRIVATE KEY-----\n"
)

pytestmark = pytest.mark.e2e


@dataclass
class Project:
    combo: str
    path: Path
    repro_output: str

    def run(self, *command: str, check: bool = True):
        return run(self.path, *command, check=check)

    def params(self) -> dict:
        return yaml.safe_load((self.path / "params.yaml").read_text())

    def dvc_tracked_files(self) -> list[Path]:
        """Every file whose content DVC keeps in its cache (not the `cache: false` ones)."""
        lock = yaml.safe_load((self.path / "dvc.lock").read_text())
        outs = [out for stage in lock["stages"].values() for out in stage.get("outs", [])]
        cached = [self.path / out["path"] for out in outs if not self._uncached(out["path"])]
        return cached + [pointer.with_suffix("") for pointer in self.path.glob("data/**/*.dvc")]

    def _uncached(self, path: str) -> bool:
        stages = yaml.safe_load((self.path / "dvc.yaml").read_text())["stages"]
        for stage in stages.values():
            for entry in stage.get("outs", []) + stage.get("metrics", []) + stage.get("plots", []):
                if isinstance(entry, dict) and path in entry:
                    return entry[path].get("cache", True) is False
        return False


@pytest.fixture(scope="class")
def project(request, template_repo, tmp_path_factory) -> Project:
    combo = request.cls.combo
    destination = tmp_path_factory.mktemp(f"e2e-{combo}") / "project"
    render(template_repo, destination, COMBOS[combo], tasks=True)
    repro = run(destination, "uv", "run", "dvc", "repro")
    return Project(combo, destination, repro.stdout)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class EndToEnd:
    """The checks every combination must pass; subclasses name the combination."""

    combo: str

    def test_setup_task_made_a_git_repository_with_a_first_commit(self, project):
        assert project.run("git", "rev-list", "--count", "HEAD").stdout.strip() == "1"
        assert (project.path / "uv.lock").is_file()
        tracked = project.run("git", "ls-files").stdout.split()
        assert "uv.lock" in tracked
        assert not [name for name in tracked if name.endswith((".csv", ".joblib", ".db"))]

    def test_pre_commit_passes_on_the_fresh_project_and_changes_nothing(self, project):
        project.run("uv", "run", "--frozen", "pre-commit", "run", "--all-files")
        assert project.run("git", "status", "--porcelain", "--untracked-files=no").stdout == ""

    def test_every_stage_ran(self, project):
        lock = yaml.safe_load((project.path / "dvc.lock").read_text())
        assert list(lock["stages"]) == STAGES
        for stage in STAGES:
            assert f"Running stage '{stage}'" in project.repro_output

    def test_test_metrics_are_well_above_chance(self, project):
        metrics = json.loads((project.path / "reports/metrics.json").read_text())
        name, floor = EXPECTED[project.combo]
        assert metrics[name] > floor, metrics
        assert metrics["n_test"] > 0
        figures = list((project.path / "reports/figures").glob("*.png"))
        assert figures, "no PNG figure written"
        assert all(figure.stat().st_size > 1000 for figure in figures)

    def test_second_repro_has_nothing_to_do(self, project):
        output = project.run("uv", "run", "dvc", "repro").stdout
        assert "Data and pipelines are up to date." in output
        assert "Running stage" not in output

    def test_generated_tests_pass(self, project):
        result = project.run("uv", "run", "pytest", "-q")
        assert " passed" in result.stdout
        assert "failed" not in result.stdout

    def test_mlflow_store_holds_the_run_params_metrics_and_a_working_model(self, project):
        result = project.run("uv", "run", "python", str(SCRIPTS / "inspect_mlflow.py"))
        logged = json.loads(result.stdout.strip().splitlines()[-1])
        params = project.params()
        metrics = json.loads((project.path / "reports/metrics.json").read_text())
        lock = yaml.safe_load((project.path / "dvc.lock").read_text())
        train_md5 = next(
            out["md5"]
            for out in lock["stages"]["prepare"]["outs"]
            if out["path"].endswith("train.csv")
        )

        assert logged["experiment"] == params["tracking"]["experiment"]
        assert logged["status"] == "FINISHED"
        assert logged["params"]["model"] == params["train"]["model"]
        assert logged["params"]["dataset"] == params["data"]["dataset"]
        assert logged["tags"]["data.train_md5"] == train_md5  # the DVC hash of the data
        name, _ = EXPECTED[project.combo]
        assert logged["metrics"][f"test_{name}"] == pytest.approx(metrics[name])
        assert {"figures", "reports"} <= set(logged["artifacts"])
        assert logged["predicted_rows"] == metrics["n_test"]
        assert logged["pyfunc_agrees_with_pipeline_model"]

    def test_dvc_pull_restores_identical_data_from_the_remote(self, project):
        tracked = project.dvc_tracked_files()
        assert any(path.suffix == ".joblib" for path in tracked)
        before = {path: sha256(path) for path in tracked}
        project.run("uv", "run", "dvc", "push")

        shutil.rmtree(project.path / ".dvc/cache")
        for path in tracked:
            path.unlink()
        project.run("uv", "run", "dvc", "pull")

        assert {path: sha256(path) for path in tracked} == before
        assert "up to date" in project.run("uv", "run", "dvc", "status").stdout


class TestDefaults(EndToEnd):
    combo = "defaults"

    def test_setup_task_is_idempotent(self, project, template_repo):
        head = project.run("git", "rev-parse", "HEAD").stdout
        answers = yaml.safe_load((project.path / ".copier-answers.yml").read_text())
        project.run(
            "python",
            str(template_repo / "hooks/init_project.py"),
            answers["author_name"],
            answers["author_email"],
        )
        assert project.run("git", "rev-parse", "HEAD").stdout == head

    @pytest.mark.parametrize(
        ("name", "content", "message"),
        [
            ("id_ed25519", PRIVATE_KEY, "Private key found: id_ed25519"),
            ("big.csv", b"0123456789,abcdefgh\n" * (1024 * 1024), "big.csv (20480 KB) exceeds"),
            ("data/raw/extra.csv", b"x,y\n1,2\n", "uv run dvc add <file>"),
        ],
        ids=["private-key", "20-mb-csv", "data-without-dvc"],
    )
    def test_commit_hooks_refuse(self, project, name, content, message):
        head = project.run("git", "rev-parse", "HEAD").stdout
        planted = project.path / name
        planted.write_bytes(content)
        try:
            project.run("git", "add", name)
            commit = project.run("git", "commit", "-m", f"add {name}", check=False)
        finally:
            project.run("git", "reset", "--quiet")
            planted.unlink()
        assert commit.returncode != 0
        assert message in commit.stdout + commit.stderr
        assert project.run("git", "rev-parse", "HEAD").stdout == head


class TestWineRandomForestGitlab(EndToEnd):
    combo = "wine-random-forest-gitlab"


class TestDiabetesHistGradientBoostingNoCi(EndToEnd):
    combo = "diabetes-hist-gradient-boosting-no-ci"


class TestPenguinsRandomForestProprietary(EndToEnd):
    combo = "penguins-random-forest-proprietary"


class TestCustomCsvHistGradientBoosting(EndToEnd):
    combo = "custom-csv-hist-gradient-boosting"

    def test_committed_answers_name_the_copy_not_the_original_csv(self, project):
        answers = yaml.safe_load(project.run("git", "show", "HEAD:.copier-answers.yml").stdout)
        assert answers["csv_path"] == "data/external/student_outcomes.csv"
