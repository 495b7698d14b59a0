# Maintained by the template: change it through a template release (docs/updating.md).
"""Command `pull-data`: fetch the data DVC versions (your CSV) from the DVC remote.

Git holds only the CSV's pointer (data/external/*.dvc); a fresh clone, CI's included,
has to fetch the file itself. When the remote cannot be reached, one message says which
remote was tried and how to give CI one it can reach (docs/pipeline.md, "Where the data
lives").
"""

import logging
import subprocess
import sys
from pathlib import Path

from ..config import load_params

log = logging.getLogger(__name__)


def dvc(*arguments: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "dvc", *arguments]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def default_remote() -> tuple[str, str]:
    """The default remote's name and URL, as .dvc/config (and config.local) set them."""
    name = dvc("config", "core.remote").stdout.strip()
    url = dvc("config", f"remote.{name}.url").stdout.strip() if name else ""
    return name, url


def main() -> None:
    data = load_params().data
    if not data.csv_path:
        log.info("the dataset is loaded from its package: there is nothing to pull")
        return
    pointer = Path(f"{data.csv_path}.dvc")
    if not pointer.is_file():
        raise SystemExit(
            f"pull-data: {pointer} is missing: track the CSV with `uv run dvc add "
            f"{data.csv_path}`, commit the .dvc file, and `uv run dvc push`"
        )
    log.info("fetching %s from the DVC remote", data.csv_path)
    pulled = dvc("pull", str(pointer))
    if pulled.returncode == 0:
        log.info("%s is here", data.csv_path)
        return
    name, url = default_remote()
    said = (pulled.stderr + pulled.stdout).splitlines()
    errors = [line.removeprefix("ERROR: ") for line in said if line.startswith("ERROR:")]
    reason = (errors or said or ["dvc said nothing"])[0]
    raise SystemExit(
        f"pull-data: cannot fetch {data.csv_path} from the DVC remote "
        f"{name or '(none set)'!r} ({url or 'no URL'}): {reason}\n"
        "A remote in a folder beside the project exists only on the machine that made it. "
        "Give this machine (or CI) one it can reach: an S3 bucket, an SSH host, a shared "
        "folder or an HTTP server (docs/pipeline.md, 'Where the data lives'), then run "
        "`uv run dvc push` where the data is."
    )
