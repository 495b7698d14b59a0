"""Real servers on 127.0.0.1 for the team tests: PostgreSQL, an S3 store (moto) and an
MLflow tracking server in front of both.

Each server is a child process in its own process group, stopped by its pid (the group
it leads, so workers it forked go too) when its fixture is finalized, also after a
failure. PostgreSQL refuses to run as root: as root, its data directory belongs to the
`postgres` user that the Debian package creates, and it runs under `runuser`.
"""

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

BIN = Path(sys.executable).parent  # mlflow and moto_server come from the test group
S3_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
STARTUP_SECONDS = 120


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def process(command: list[str], ready: Callable[[], bool], log: Path, **kwargs) -> Iterator[int]:
    """Start `command`, wait until `ready()`, yield its pid; stop it whatever happens."""
    with log.open("w") as output:
        child = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True, **kwargs
        )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not ready():
            if child.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{command[0]} did not start:\n{log.read_text()}")
            time.sleep(0.5)
        yield child.pid
    finally:
        stop(child)


def stop(child: subprocess.Popen) -> None:
    """SIGINT (PostgreSQL's fast shutdown, a clean exit for the others), then SIGKILL."""
    for sig, grace in ((signal.SIGINT, 30), (signal.SIGKILL, 10)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, sig)
        try:
            child.wait(grace)
            return
        except subprocess.TimeoutExpired:
            continue


def listening(port: int) -> Callable[[], bool]:
    def check() -> bool:
        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", port)) == 0

    return check


def answering(url: str) -> Callable[[], bool]:
    def check() -> bool:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status == 200
        except OSError:
            return False

    return check


def postgres_bin() -> Path:
    found = shutil.which("pg_ctl") or next(
        iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)), None
    )
    if not found:
        raise RuntimeError(
            "PostgreSQL is not installed: `apt-get install -y postgresql` (.ci/run does it)"
        )
    return Path(found).parent


@contextlib.contextmanager
def postgres(logs: Path) -> Iterator[str]:
    """A throwaway PostgreSQL cluster; yields its URI (trust authentication, local only)."""
    binaries, port = postgres_bin(), free_port()
    as_user: list[str] = []
    # A fresh directory in /tmp: pytest's own temporary directories are private to root.
    data = Path(tempfile.mkdtemp(prefix="mlfolio-pg-"))
    try:
        if os.geteuid() == 0:
            as_user = ["runuser", "-u", "postgres", "--"]
            owner = pwd.getpwnam("postgres")
            os.chown(data, owner.pw_uid, owner.pw_gid)
        subprocess.run(
            [*as_user, binaries / "initdb", "-D", data / "db", "-U", "mlflow", "--auth=trust"],
            check=True,
            capture_output=True,
        )
        server = [binaries / "postgres", "-D", data / "db", "-h", "127.0.0.1", "-p", str(port)]
        sockets = ["-k", str(data)]
        with process([*as_user, *server, *sockets], listening(port), logs / "postgres.log"):
            yield f"postgresql+psycopg://mlflow@127.0.0.1:{port}/postgres"
    finally:
        shutil.rmtree(data, ignore_errors=True)


@contextlib.contextmanager
def s3_server(logs: Path, buckets: list[str]) -> Iterator[str]:
    """moto's S3 in server mode; yields its endpoint URL with `buckets` created."""
    import boto3

    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    command = [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)]
    with process(command, answering(f"{endpoint}/moto-api/"), logs / "moto.log"):
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        for bucket in buckets:
            client.create_bucket(Bucket=bucket)
        yield endpoint


@contextlib.contextmanager
def mlflow_server(logs: Path, backend: str, s3_endpoint: str, bucket: str) -> Iterator[str]:
    """MLflow's tracking server, one worker, artifacts served from the S3 bucket."""
    port = free_port()
    command = [
        str(BIN / "mlflow"), "server", "--host", "127.0.0.1", "--port", str(port),
        "--workers", "1", "--backend-store-uri", backend,
        "--artifacts-destination", f"s3://{bucket}", "--serve-artifacts",
    ]  # fmt: skip
    env = {
        **os.environ,
        **S3_CREDENTIALS,
        "MLFLOW_S3_ENDPOINT_URL": s3_endpoint,
        "MLFLOW_SERVER_ENABLE_JOB_EXECUTION": "false",
        "MLFLOW_DISABLE_TELEMETRY": "true",
    }
    uri = f"http://127.0.0.1:{port}"
    with process(command, answering(f"{uri}/health"), logs / "mlflow.log", env=env):
        yield uri
