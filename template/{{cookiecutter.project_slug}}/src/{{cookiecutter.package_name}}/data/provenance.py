# Maintained by the template: change it through a template release (docs/updating.md).
"""Where the raw data came from and what it holds: data/provenance.json, written by `ingest`.

The source and license are data/dataset.py's; the datasheet reads them here.
"""

import hashlib
import json
{%- if cookiecutter.dataset != "custom_csv" %}
from importlib import metadata
{%- endif %}
from pathlib import Path

import pandas as pd

from ..config import PROVENANCE_FILE, DataParams
{%- if cookiecutter.dataset != "custom_csv" %}
from . import dataset
{%- endif %}
from .tables import file_md5


def origin(data: DataParams) -> dict:
{%- if cookiecutter.dataset == "custom_csv" %}
    """The CSV file; its source and license are yours to state in datasheet.yaml."""
    return {"source": f"the CSV file {data.csv_path}", "license": None}
{%- else %}
    """Source, license and the package (with its installed version) that ships the data."""
    return {
        "source": dataset.SOURCE,
        "license": dataset.LICENSE,
        "package": dataset.PACKAGE,
        "package_version": metadata.version(dataset.PACKAGE),
    }
{%- endif %}


def conflicting_labels(frame: pd.DataFrame, target: str) -> pd.DataFrame:
    """The labelled rows that share all their features with another row but not its label."""
    distinct = frame.dropna(subset=[target]).drop_duplicates()
    return distinct[distinct.duplicated(subset=distinct.columns.drop(target), keep=False)]


def label_conflicts(frame: pd.DataFrame, target: str) -> int:
    """Rows whose features repeat an earlier row's exactly but whose label differs."""
    conflicting = conflicting_labels(frame, target)
    return int(conflicting.duplicated(subset=conflicting.columns.drop(target)).sum())


def record(data: DataParams, frame: pd.DataFrame, raw: Path) -> dict:
    return {
        "dataset": data.dataset,
        **origin(data),
        "file": str(raw),
        "rows": len(frame),
        "columns": frame.shape[1],
        "sha256": hashlib.sha256(raw.read_bytes()).hexdigest(),
        "dvc_md5": file_md5(raw),
        "duplicate_rows": int(frame.duplicated().sum()),
        "label_conflicts": label_conflicts(frame, data.target),
    }


def write(data: DataParams, frame: pd.DataFrame, raw: Path) -> dict:
    provenance = record(data, frame, raw)
    PROVENANCE_FILE.write_text(json.dumps(provenance, indent=2) + "\n", encoding="utf-8")
    return provenance
