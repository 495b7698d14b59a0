"""From laptop to team, against real servers on 127.0.0.1: a rendered project logs to an
MLflow server backed by PostgreSQL with artifacts in S3 (moto), registers its model,
shares its data through a DVC S3 remote, and runs experiments in parallel, all by
configuration alone (environment variables and `dvc remote` commands).

One project, rendered with tasks and run once for the class; the services live as long.
"""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from conftest import COMBOS, render, run
from services import S3_CREDENTIALS, mlflow_server, postgres, s3_server

pytestmark = pytest.mark.services

DVC_BUCKET, MLFLOW_BUCKET = "dvc", "mlflow"


@dataclass
class Team:
    project: Path
    tracking_uri: str

    def run(self, *command: str, cwd: Path | None = None):
        return run(cwd or self.project, *command)

    def client(self):
        from mlflow import MlflowClient

        return MlflowClient(tracking_uri=self.tracking_uri)

    def params(self) -> dict:
        return yaml.safe_load((self.project / "params.yaml").read_text())

    def trained_run(self) -> dict:
        return json.loads((self.project / "models/mlflow_run.json").read_text())


@pytest.fixture(scope="class")
def team(template_repo, tmp_path_factory):
    logs = tmp_path_factory.mktemp("service-logs")
    with (
        postgres(logs) as database,
        s3_server(logs, [DVC_BUCKET, MLFLOW_BUCKET]) as s3,
        mlflow_server(logs, database, s3, MLFLOW_BUCKET) as tracking_uri,
        pytest.MonkeyPatch.context() as env,
    ):
        # What a team member sets: the server's address and the remote's credentials.
        env.setenv("MLFLOW_TRACKING_URI", tracking_uri)
        for name, value in S3_CREDENTIALS.items():
            env.setenv(name, value)
        project = tmp_path_factory.mktemp("team") / "project"
        render(template_repo, project, COMBOS["defaults"], tasks=True)
        team = Team(project, tracking_uri)
        team.run("uv", "sync", "--extra", "s3")
        team.run("uv", "run", "dvc", "remote", "add", "-d", "team", f"s3://{DVC_BUCKET}/project")
        team.run("uv", "run", "dvc", "remote", "modify", "team", "endpointurl", s3)
        team.run("uv", "run", "dvc", "repro")
        team.run("git", "add", "--all")
        team.run("git", "commit", "--quiet", "-m", "First results on the team's servers")
        yield team


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class TestTeam:
    def test_repro_logs_the_run_metrics_and_model_to_the_server(self, team):
        trained = team.trained_run()
        client = team.client()
        logged = client.get_run(trained["run_id"])
        metrics = json.loads((team.project / "reports/metrics.json").read_text())

        assert logged.info.status == "FINISHED"
        assert (
            client.get_experiment(logged.info.experiment_id).name
            == (team.params()["tracking"]["experiment"])
        )
        assert logged.data.metrics["test_accuracy"] == pytest.approx(metrics["accuracy"])
        assert {"figures", "reports"} <= {
            item.path for item in client.list_artifacts(trained["run_id"])
        }
        import mlflow

        mlflow.set_tracking_uri(team.tracking_uri)
        model = Path(mlflow.artifacts.download_artifacts(trained["model_uri"]))
        assert (model / "MLmodel").is_file()

    def test_the_passing_model_is_registered_as_champion(self, team):
        """Every evaluated model is a version; `champion` is the newest that passed (all
        of this class's runs pass, and later tests add versions)."""
        name = team.params()["tracking"]["registered_model"]
        client = team.client()
        versions = client.search_model_versions(f"name='{name}'")
        champion = client.get_model_version_by_alias(name, "champion")

        assert team.trained_run()["run_id"] in {version.run_id for version in versions}
        assert int(champion.version) == max(int(version.version) for version in versions)

    def test_the_remote_holds_no_credentials_in_git(self, team):
        committed = team.run("git", "show", "HEAD:.dvc/config").stdout

        assert "s3://dvc/project" in committed
        assert "testing" not in committed
        assert "config.local" in (team.project / ".dvc/.gitignore").read_text()

    def test_dvc_pull_into_a_fresh_clone_restores_identical_data(self, team, tmp_path):
        lock = yaml.safe_load((team.project / "dvc.lock").read_text())
        outs = [out["path"] for stage in lock["stages"].values() for out in stage.get("outs", [])]
        pointers = [p.with_suffix("") for p in team.project.glob("data/**/*.dvc")]
        tracked = [team.project / out for out in outs] + pointers
        files = [f for path in tracked for f in ([path] if path.is_file() else path.rglob("*"))]
        team.run("uv", "run", "dvc", "push")
        clone = tmp_path / "clone"
        team.run("git", "clone", "--quiet", str(team.project), str(clone))
        restored = [clone / f.relative_to(team.project) for f in files if f.is_file()]
        assert not all(path.exists() for path in restored)  # git alone does not have them

        team.run(str(team.project / ".venv/bin/dvc"), "pull", cwd=clone)

        for source in files:
            if source.is_file():
                copy = clone / source.relative_to(team.project)
                assert sha256(copy) == sha256(source), copy

    def test_two_parallel_experiments_both_land_on_the_server(self, team):
        client = team.client()
        experiment = client.get_experiment_by_name(team.params()["tracking"]["experiment"])

        def runs() -> int:
            return len(client.search_runs([experiment.experiment_id]))

        before = runs()
        for seed in ("7", "8"):
            team.run(
                "uv", "run", "dvc", "exp", "run", "--queue", "--set-param", f"prepare.seed={seed}"
            )
        team.run("uv", "run", "dvc", "exp", "run", "--run-all", "--jobs", "2")

        assert runs() == before + 2
