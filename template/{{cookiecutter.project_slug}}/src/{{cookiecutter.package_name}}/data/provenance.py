# Maintained by the template: change it through a template release (docs/updating.md).
"""Where the raw data came from and what it holds: data/provenance.json, written by `ingest`.

The one place that knows each bundled dataset's source and license; the datasheet reads it.
"""

import hashlib
import json
from importlib import metadata
from pathlib import Path

import pandas as pd

from ..config import PROVENANCE_FILE, DataParams

# Where each bundled dataset comes from: (source, license, package that ships it).
SOURCES = {
    "breast_cancer": (
        "Breast Cancer Wisconsin (Diagnostic), UCI Machine Learning Repository",
        "CC BY 4.0",
        "scikit-learn",
    ),
    "wine": ("Wine, UCI Machine Learning Repository", "CC BY 4.0", "scikit-learn"),
    "diabetes": (
        "Diabetes data of Efron et al. (2004), Least Angle Regression",
        "not stated by the authors; distributed with scikit-learn (BSD-3-Clause)",
        "scikit-learn",
    ),
    "penguins": ("Palmer Station LTER, Gorman et al. (2014)", "CC0 1.0", "palmerpenguins"),
}


def file_md5(path: Path) -> str:
    """The MD5 that DVC records for a file in dvc.lock and .dvc files, read in blocks."""
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def origin(data: DataParams) -> dict:
    """Source, license and the package (with its installed version) that ships the data."""
    if data.dataset in SOURCES:
        source, license_, package = SOURCES[data.dataset]
        return {
            "source": source,
            "license": license_,
            "package": package,
            "package_version": metadata.version(package),
        }
    return {"source": f"the CSV file {data.csv_path}", "license": None}


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
