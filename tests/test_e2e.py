"""Render each named combination with Copier tasks on, then run the generated project
for real: uv sync (by the task), dvc repro, its own tests, DVC push/pull and MLflow.

Each combination is a test class: its tests share one project (the class-scoped
`project` fixture) and, under `--dist loadscope`, one worker, so each project is
rendered and run once while the combinations run in parallel.
"""

import csv
import hashlib
import importlib.util
import json
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import COMBOS, render, run

SCRIPTS = Path(__file__).parent / "scripts"
# Each stage's own module and the ones several stages share (the generated project's
# tests/test_pipeline.py checks that dvc.yaml's deps are what the modules import).
MODULES_EDITED = [
    "data/ingest.py",
    "data/validate.py",
    "data/prepare.py",
    "modeling/train.py",
    "evaluation/ablation.py",
    "evaluation/drift.py",
    "evaluation/security.py",
    "evaluation/evaluate.py",
    "reporting/card.py",
    "serving/export.py",
    "config.py",
    "data/columns.py",
    "modeling/features.py",
    "evaluation/metrics.py",
]

# The bar each combination's test metric must clear: well above chance (breast cancer's
# majority class is 63%, wine's 40%, penguins' 44%; diabetes' mean predictor has R² 0).
EXPECTED = {
    "defaults": ("accuracy", 0.9),
    "wine-random-forest-gitlab": ("accuracy", 0.85),
    "diabetes-hist-gradient-boosting-no-ci": ("r2", 0.2),
    "penguins-random-forest-proprietary": ("accuracy", 0.9),
    "custom-csv-messy-multiclass-hist-gradient-boosting": ("accuracy", 0.6),
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

    @property
    def package(self) -> str:
        return yaml.safe_load((self.path / ".copier-answers.yml").read_text())["package_name"]

    def params(self) -> dict:
        return yaml.safe_load((self.path / "params.yaml").read_text())

    def back_to_the_commit(self) -> None:
        """Undo `dvc exp apply`: the committed files and the outputs dvc.lock names."""
        self.run("git", "checkout", "--", ".")
        self.run("uv", "run", "dvc", "checkout", "--force", "--quiet")

    def dvc_tracked_files(self) -> list[Path]:
        """Every file whose content DVC keeps in its cache (not the `cache: false` ones)."""
        lock = yaml.safe_load((self.path / "dvc.lock").read_text())
        outs = [out for stage in lock["stages"].values() for out in stage.get("outs", [])]
        cached = [self.path / out["path"] for out in outs if not self._uncached(out["path"])]
        cached += [pointer.with_suffix("") for pointer in self.path.glob("data/**/*.dvc")]
        # A folder output (models/onnx) counts by the files in it, if any.
        return [
            file
            for path in cached
            for file in (
                sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
            )
        ]

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
    return Project(combo, destination, repro.stdout + repro.stderr)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class EndToEnd:
    """The checks every combination must pass; subclasses name the combination."""

    combo: str

    def test_setup_task_made_a_git_repository_with_a_first_commit(self, project):
        assert project.run("git", "rev-list", "--count", "HEAD").stdout.strip() == "1"
        assert (project.path / "uv.lock").is_file()
        prefix = project.run("uv", "run", "python", "-c", "import sys; print(sys.prefix)")
        assert Path(prefix.stdout.strip()) == project.path / ".venv", "not the project's own venv"
        # ...and the task's `uv sync` left the environment running these tests alone.
        assert importlib.util.find_spec("dvc") is None
        tracked = project.run("git", "ls-files").stdout.split()
        assert "uv.lock" in tracked
        assert not [name for name in tracked if name.endswith((".csv", ".joblib", ".db"))]

    def test_pre_commit_passes_on_the_fresh_project_and_changes_nothing(self, project):
        status = ["git", "status", "--porcelain", "--untracked-files=no"]
        # The pipeline has written the README's results: that is the only change.
        assert project.run(*status).stdout.split() == ["M", "README.md"]
        written = (project.path / "README.md").read_text()
        project.run("uv", "run", "--frozen", "pre-commit", "run", "--all-files")
        assert project.run(*status).stdout.split() == ["M", "README.md"]
        # ...and as the card stage wrote it: the Markdown formatter has nothing to change.
        assert (project.path / "README.md").read_text() == written

    def test_every_stage_ran(self, project):
        stages = list(yaml.safe_load((project.path / "dvc.yaml").read_text())["stages"])
        lock = yaml.safe_load((project.path / "dvc.lock").read_text())
        assert list(lock["stages"]) == stages
        for stage in stages:
            assert f"Running stage '{stage}'" in project.repro_output

    def test_test_metrics_are_well_above_chance(self, project):
        metrics = json.loads((project.path / "reports/metrics.json").read_text())
        name, floor = EXPECTED[project.combo]
        assert metrics[name] > floor, metrics
        figures = list((project.path / "reports/figures").glob("*.png"))
        assert figures, "no PNG figure written"
        assert all(figure.stat().st_size > 1000 for figure in figures)

    def test_evaluation_report_is_complete_valid_and_passes_the_gate(self, project):
        report = json.loads((project.path / "reports/evaluation.json").read_text())
        schema = json.loads((project.path / "schemas/evaluation.schema.json").read_text())
        jsonschema.validate(report, schema)

        main = report["metrics"][report["main_metric"]]
        assert main["ci_low"] <= main["value"] <= main["ci_high"]
        assert main["lift"] > 0, "no better than the baseline"
        assert report["cross_validation"]["folds"] == 5
        assert ("calibration" in report) == (report["task"] == "classification")
        assert report["slices"]
        assert all(s["groups"] for s in report["slices"])
        assert report["leakage"]["passed"], report["leakage"]["findings"]
        assert report["drift"]["features"]
        assert report["robustness"]["noise"][0]["level"] == 0.0
        assert report["security"]["evasion"][0] == {"size": 0.0, "changed": 0.0}
        assert 0.0 <= report["security"]["membership_inference"]["attack_auc"] <= 1.0
        assert report["security"]["personal_data"]["passed"]
        assert report["gate"]["passed"], report["gate"]["checks"]
        expected = {"confusion_matrix", "roc_curve", "reliability_diagram"}
        if report["task"] == "regression":
            expected = {"predicted_vs_actual", "residuals"}
        figures = {path.stem for path in (project.path / "reports/figures").glob("*.png")}
        assert expected | {"robustness", "slices"} <= figures

    def test_drift_command_checks_a_new_batch(self, project):
        target = project.params()["data"]["target"]
        batch = project.path / "data/raw/dataset.csv"
        project.run("uv", "run", project.package, "drift", "--current", str(batch))
        report = json.loads((project.path / "reports/drift.json").read_text())
        assert report["current"] == str(batch)
        assert report["drifted"] == []
        assert target not in {feature["feature"] for feature in report["features"]}
        project.run("uv", "run", "dvc", "repro", "drift")  # back to the pipeline's own report

    def test_drift_command_refuses_a_batch_that_breaks_the_schema(self, project, tmp_path):
        with (project.path / "data/raw/dataset.csv").open(newline="") as handle:
            rows = list(csv.reader(handle))
        # A feature goes missing (a batch may lack the target, so not that one).
        index = next(
            i for i, name in enumerate(rows[0]) if name != project.params()["data"]["target"]
        )
        column = rows[0][index]
        with (tmp_path / "broken.csv").open("w", newline="") as handle:
            csv.writer(handle).writerows(row[:index] + row[index + 1 :] for row in rows)
        before = (project.path / "reports/drift.json").read_bytes()
        result = project.run(
            "uv",
            "run",
            project.package,
            "drift",
            "--current",
            str(tmp_path / "broken.csv"),
            check=False,
        )
        assert result.returncode == 1
        assert "breaks the data schema" in result.stderr
        assert f"column '{column}'" in result.stderr
        assert (project.path / "reports/drift.json").read_bytes() == before

    def test_card_datasheet_and_readme_results_agree_with_the_evaluation(self, project):
        report = json.loads((project.path / "reports/evaluation.json").read_text())
        loaded = project.run("uv", "run", "python", str(SCRIPTS / "inspect_card.py"))
        card = json.loads(loaded.stdout)
        assert card["library_name"] == "sklearn"
        assert card["metrics"] == list(report["metrics"])
        main = report["main_metric"]
        for name, result in report["metrics"].items():
            assert card["results"][name] == result["value"]
        for bound in ("ci_low", "ci_high"):
            assert card["results"][f"{main}_{bound}"] == report["metrics"][main][bound]

        readme = (project.path / "README.md").read_text()
        results = readme.split("<!-- results:start -->")[1].split("<!-- results:end -->")[0]
        value = report["metrics"][main]
        # A collapsed interval reads as what it is (the project's markdown.interval).
        ci, note = f"{value['ci_low']:.3f} – {value['ci_high']:.3f}", value.get("ci_note")
        ci = {"none": note, "exact_binomial": f"{ci} ({note})"}.get(value["ci_method"], ci)
        main_row = f"| **{main}** (main) | {value['value']:.3f} | {ci} | {value['baseline']:.3f} |"
        assert main_row in results
        # The first screen, all a hiring manager reads: the numbers and a figure.
        first_screen = readme.splitlines()[:40]
        assert main_row in first_screen
        assert any(line.startswith("![") and "](reports/figures/" in line for line in first_screen)

        lock = yaml.safe_load((project.path / "dvc.lock").read_text())
        outs = lock["stages"]["ingest"]["outs"]
        (raw,) = [out for out in outs if out["path"] == "data/raw/dataset.csv"]
        datasheet = (project.path / "DATASHEET.md").read_text()
        assert f"`{raw['md5']}`" in datasheet, "the datasheet names the data version"
        model_card = (project.path / "MODEL_CARD.md").read_text()
        assert f"{report['data']['train_rows']} rows" in model_card

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
        report = json.loads((project.path / "reports/evaluation.json").read_text())
        assert logged["predicted_rows"] == report["data"]["test_rows"]
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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def call(url: str, body: object = None) -> object:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def records_of_test_split(project: Project) -> list[dict]:
    """The test split as a client would send it: CSV text, a gap as null (pydantic turns
    "12.5" into the number the field wants)."""
    target = project.params()["data"]["target"]
    with (project.path / "data/processed/test.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [
        {name: value if value != "" else None for name, value in row.items() if name != target}
        for row in rows
    ]


class ServesOverHttp:
    """The API, started for real, answers the test split as the pipeline's model does."""

    def test_api_scores_the_test_split_as_the_pipeline_does(self, project):
        port = free_port()
        server = subprocess.Popen(
            [".venv/bin/python", "-m", project.package, "serve", "--port", str(port)],
            cwd=project.path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 180
            while True:
                assert server.poll() is None, "the server stopped"
                try:
                    assert call(f"{url}/health") == {"status": "ok"}
                    break
                except (urllib.error.URLError, ConnectionError):
                    assert time.monotonic() < deadline, "the server did not start in 3 minutes"
                    time.sleep(1)
            answers = call(f"{url}/predict", records_of_test_split(project))
            info = call(f"{url}/model")
        finally:
            server.terminate()
            server.wait(timeout=30)

        target = project.params()["data"]["target"]
        script = str(SCRIPTS / "predict_test_split.py")
        own = json.loads(project.run("uv", "run", "python", script, target).stdout)
        assert [answer["prediction"] for answer in answers] == own["predictions"]
        if "probabilities" in own:
            served = [p for answer in answers for p in answer["probabilities"].values()]
            pipeline = [p for row in own["probabilities"] for p in row]
            assert served == pytest.approx(pipeline, abs=1e-9)
        run = json.loads((project.path / "models/mlflow_run.json").read_text())
        assert info["mlflow_run_id"] == run["run_id"]
        report = json.loads((project.path / "reports/evaluation.json").read_text())
        assert info["main_metric"]["name"] == report["main_metric"]


class TestDefaults(EndToEnd, ServesOverHttp):
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

    def test_queued_experiments_each_land_in_mlflow_as_a_run(self, project):
        """`dvc exp run --queue` runs stages in temporary copies of the project; the
        default tracking URI is absolute, so their runs reach the project's store."""
        count_runs = [
            "uv",
            "run",
            "python",
            "-c",
            "import mlflow; mlflow.set_tracking_uri('sqlite:///mlflow.db'); "
            "print(len(mlflow.search_runs(search_all_experiments=True)))",
        ]
        before = int(project.run(*count_runs).stdout.split()[-1])
        original = (project.path / "params.yaml").read_text()
        project.run("git", "add", "--all")
        project.run("git", "commit", "--quiet", "-m", "first results")
        # A hyper-parameter (cheaper than another family) and the split: two runs.
        for change in ("train.hyperparameters.logistic_regression.C=0.5", "prepare.seed=7"):
            project.run("uv", "run", "dvc", "exp", "run", "--queue", "--set-param", change)
        project.run("uv", "run", "dvc", "exp", "run", "--run-all")

        assert int(project.run(*count_runs).stdout.split()[-1]) == before + 2
        shown = json.loads(project.run("uv", "run", "dvc", "exp", "show", "--json").stdout)
        experiments = [exp for rev in shown for exp in (rev.get("experiments") or [])]
        assert len(experiments) == 2
        applied = set()
        for experiment in experiments:
            project.run("uv", "run", "dvc", "exp", "apply", experiment["name"])
            applied.add((project.path / "params.yaml").read_text())
        project.back_to_the_commit()
        assert applied == {  # prepare's seed is the first
            original.replace("      C: 1.0\n", "      C: 0.5\n"),
            original.replace("  seed: 42\n", "  seed: 7\n", 1),
        }

    def test_repro_prints_no_third_party_warning(self, project):
        """MLflow's, DVC's or a library's: a warning on every run teaches to ignore them."""
        warnings = re.findall(r".*(?:WARNING|Warning:).*", project.repro_output)
        assert not warnings

    def test_experiments_leave_params_intact_and_compare_ranks_them(self, project):
        """`dvc exp run -S` and `dvc exp apply` rewrite params.yaml: only the value set
        may change. `compare` then ranks every evaluated run by the main metric."""
        params = project.path / "params.yaml"
        original = params.read_text()
        project.run("git", "add", "--all")
        project.run("git", "commit", "--quiet", "--allow-empty", "-m", "before experiments")
        ran = project.run("uv", "run", "dvc", "exp", "run", "-S", "train.model=random_forest")
        name = re.search(r"Ran experiment\(s\): (\S+)", ran.stdout + ran.stderr)[1]
        assert original.count("  model: logistic_regression\n") == 1
        expected = original.replace("  model: logistic_regression\n", "  model: random_forest\n")
        assert params.read_text() == expected
        project.back_to_the_commit()
        project.run("uv", "run", "dvc", "exp", "apply", name)
        assert params.read_text() == expected
        project.back_to_the_commit()

        table = project.run("uv", "run", project.package, "compare").stdout
        rows = [line for line in table.splitlines() if re.match(r"\d+ ", line)]
        values = [float(re.search(r"(\d\.\d{3}) \[", row)[1]) for row in rows]
        assert values == sorted(values, reverse=True)
        assert sum(name in row for row in rows) == 1, name
        assert "not distinguishable at this test size" in table  # 114 test rows, AUC ~0.99
        # The champion is the best run that passed the gate, not the last one.
        passing = [v for row, v in zip(rows, values, strict=True) if re.search(r"\bpass\b", row)]
        (champion,) = [v for row, v in zip(rows, values, strict=True) if "★" in row]
        assert champion == max(passing), table
        assert (project.path / "reports/comparison.png").stat().st_size > 0

    def test_editing_a_module_reruns_exactly_the_stages_that_import_it(self, project):
        """Every module edited at once, then one `dvc status`: each stage lists the edited
        paths among its changed deps, which is what editing each alone would show."""
        stages = yaml.safe_load((project.path / "dvc.yaml").read_text())["stages"]
        paths = [f"src/{project.package}/{module}" for module in MODULES_EDITED]
        originals = {path: (project.path / path).read_bytes() for path in paths}
        try:
            for path, original in originals.items():
                (project.path / path).write_bytes(original + b"\n# a student's edit\n")
            status = json.loads(project.run("uv", "run", "dvc", "status", "--json").stdout)
        finally:
            for path, original in originals.items():
                (project.path / path).write_bytes(original)
        for path in paths:
            importing = sorted(name for name, stage in stages.items() if path in stage["deps"])
            assert importing, f"no stage depends on {path}"
            rerun = sorted(
                stage
                for stage, changes in status.items()
                for change in changes
                if isinstance(change, dict) and path in change.get("changed deps", {})
            )
            assert rerun == importing, path

    def test_readiness_fails_on_placeholders_and_passes_once_they_are_written(self, project):
        readiness = ["uv", "run", project.package, "readiness"]
        fresh = project.run(*readiness, "--skip", "tests", "--skip", "pre-commit", check=False)
        assert fresh.returncode == 1
        assert "FAIL  card-written: model_card.yaml `summary`: a placeholder" in fresh.stdout
        assert "PASS  beats-baseline" in fresh.stdout

        for name in ("model_card.yaml", "datasheet.yaml"):
            prose = project.path / name
            prose.write_text(prose.read_text().replace("TODO", "Written by the student."))
        project.run("uv", "run", "dvc", "repro")
        project.run("git", "add", "--all")
        project.run("git", "commit", "--quiet", "-m", "Write the model card and datasheet")
        ready = project.run(*readiness, check=False)
        assert ready.returncode == 0, ready.stdout + ready.stderr
        assert ready.stdout.count("PASS") == 8

    def test_data_breaking_its_schema_stops_the_pipeline_and_keeps_the_last_good_run(self, project):
        schema = project.path / "src" / project.package / "data" / "dataset.py"
        # Tighten one rule below what the data holds: mean radius reaches 28 in breast_cancer.
        schema.write_text(schema.read_text().replace('"radius": 60,', '"radius": 20,', 1))
        kept = [
            path
            for folder in ("models", "reports")
            for path in sorted((project.path / folder).rglob("*"))
            if path.is_file() and path.name != "validation.json"
        ]
        before = {path: sha256(path) for path in kept}
        try:
            failed = project.run("uv", "run", "dvc", "repro", check=False)
            after = {path: sha256(path) for path in kept}
            report = json.loads((project.path / "reports/validation.json").read_text())
        finally:
            project.run("git", "checkout", "--", str(schema.relative_to(project.path)))
            project.run("uv", "run", "dvc", "repro")

        assert failed.returncode != 0
        output = failed.stdout + failed.stderr
        assert "column 'mean radius' breaks in_range(0, 20)" in output
        assert "Running stage 'prepare'" not in output
        assert after == before
        assert report["valid"] is False
        assert [failure["column"] for failure in report["failures"]] == ["mean radius"]
        assert "up to date" in project.run("uv", "run", "dvc", "status").stdout

    def test_api_can_serve_the_registry_champion(self, project):
        """`serving.source: registry` loads the version the gate aliased `champion`."""
        script = (
            "import dataclasses, json\n"
            f"from {project.package}.config import load_params\n"
            f"from {project.package}.serving.loader import load_served\n"
            "params = load_params()\n"
            "serving = dataclasses.replace(params.serving, source='registry')\n"
            "print(json.dumps(load_served(dataclasses.replace(params, serving=serving)).info))\n"
            "import mlflow\n"
            "champion = mlflow.MlflowClient().get_model_version_by_alias(\n"
            "    params.tracking.registered_model, 'champion')\n"
            "print(json.dumps({'version': champion.version, 'run_id': champion.run_id}))\n"
        )
        *_, served, registry = project.run("uv", "run", "python", "-c", script).stdout.splitlines()
        info, champion = json.loads(served), json.loads(registry)
        name = project.params()["tracking"]["registered_model"]
        # Queued experiments in this class may have moved the alias since the pipeline's run.
        assert info["version"] == f"{name}@champion v{champion['version']}"
        assert info["mlflow_run_id"] == champion["run_id"]
        assert info["source"] == "registry"


class TestWineRandomForestGitlab(EndToEnd):
    combo = "wine-random-forest-gitlab"


class TestDiabetesHistGradientBoostingNoCi(EndToEnd):
    combo = "diabetes-hist-gradient-boosting-no-ci"


class TestPenguinsRandomForestProprietary(EndToEnd, ServesOverHttp):
    combo = "penguins-random-forest-proprietary"


class TestCustomCsvMessyMulticlassHistGradientBoosting(EndToEnd):
    combo = "custom-csv-messy-multiclass-hist-gradient-boosting"

    def test_committed_answers_name_the_copy_not_the_original_csv(self, project):
        answers = yaml.safe_load(project.run("git", "show", "HEAD:.copier-answers.yml").stdout)
        assert answers["csv_path"] == "data/external/student_records.csv"

    def test_messy_columns_are_decided_and_reported(self, project):
        report = json.loads((project.path / "reports/preparation.json").read_text())
        decided = {c["column"]: (c["kind"], c["action"]) for c in report["columns"]}
        assert decided["student_id"] == ("identifier", "excluded")
        assert decided["advisor_note"] == ("free text", "excluded")
        assert decided["enrolled_on"] == ("date", "expanded")
        assert decided["school"] == ("categorical", "feature")
        assert report["rare_classes_dropped"] == {"withdrawn": 5}
        with (project.path / "data/processed/train.csv").open(newline="") as handle:
            train = list(csv.DictReader(handle))
        assert [column for column in train[0] if column != "outcome"] == report["features"]
        assert {"enrolled_on_year", "enrolled_on_month"} <= set(train[0])
        assert {row["outcome"] for row in train} == {"fail", "pass", "distinction"}
        assert "'withdrawn' has 5 row(s)" in project.repro_output

    def test_inferred_schema_keeps_the_identifier_unique(self, project):
        schema = yaml.safe_load((project.path / "schemas/data.schema.yaml").read_text())
        assert schema["columns"]["student_id"]["unique"] is True
        assert schema["columns"]["outcome"].get("nullable", False) is False  # the default

    def test_a_fresh_clone_pulls_its_csv_or_says_which_remote_to_set(self, project):
        """What the project's CI runs before its tests: a clean clone has only the CSV's
        pointer. The default remote is a folder beside the project (../<slug>-dvc-storage)."""
        project.run("uv", "run", "--frozen", "dvc", "push", "--quiet")
        storage = next(project.path.parent.glob("*-dvc-storage"))
        clone = project.path.parent / "clone"
        project.run("git", "clone", "--quiet", str(project.path), str(clone))
        csv_file = clone / "data/external/student_records.csv"
        assert not csv_file.exists()
        run(clone, "uv", "sync", "--frozen", "--quiet")
        pull = ("uv", "run", "--frozen", project.package, "pull-data")
        hidden = storage.rename(storage.with_name("elsewhere"))
        try:
            refused = run(clone, *pull, check=False)
        finally:
            hidden.rename(storage)
        assert refused.returncode == 1
        assert f"from the DVC remote 'local' ({storage})" in refused.stderr
        assert "Traceback" not in refused.stderr
        run(clone, *pull)
        assert csv_file.read_bytes() == (project.path / csv_file.relative_to(clone)).read_bytes()


def test_without_serving_the_projects_own_tests_pass(template_repo, tmp_path):
    """The `serving: false` project: set up for real, its own tests pass with no ONNX
    libraries installed (fastapi and uvicorn may remain, as MLflow's own dependencies)."""
    project = render(template_repo, tmp_path / "project", COMBOS["wine-no-serving"], tasks=True)
    result = run(project, "uv", "run", "pytest", "-q")
    assert " passed" in result.stdout
    assert "failed" not in result.stdout
    lock = (project / "uv.lock").read_text()
    assert 'name = "skl2onnx"' not in lock
    assert 'name = "onnxruntime"' not in lock
