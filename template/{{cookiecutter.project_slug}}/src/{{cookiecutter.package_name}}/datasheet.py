"""DATASHEET.md, after Gebru et al., "Datasheets for Datasets" (2021): what the
pipeline can compute about data/raw/dataset.csv, around the text of datasheet.yaml."""

import hashlib
from importlib import metadata
from pathlib import Path

import pandas as pd

from .config import Params
from .markdown import section, table
from .pii import PiiFinding

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


def dvc_hash(path: Path) -> str:
    """The MD5 that DVC records for a file in dvc.lock and .dvc files."""
    return hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()


def provenance(params: Params, raw: Path) -> list[str]:
    if params.data.dataset in SOURCES:
        source, license_, package = SOURCES[params.data.dataset]
        origin = f"{source}, as shipped by `{package}` {metadata.version(package)}"
    else:
        origin = f"the CSV file `{params.data.csv_path}` (versioned by DVC)"
        license_ = "unknown: state it under Distribution in datasheet.yaml"
    return [
        f"- Source: {origin}",
        f"- License: {license_}",
        f"- Version: DVC hash (MD5) of `{raw}`: `{dvc_hash(raw)}`",
    ]


def composition(frame: pd.DataFrame, target: str, task: str) -> list[str]:
    """Size, columns with their types and gaps, the target's distribution, duplicates."""
    rows = len(frame)
    columns = table(
        ["column", "type", "missing", "distinct values"],
        (
            [
                f"`{name}`" + (" (target)" if name == target else ""),
                str(values.dtype),
                f"{values.isna().sum()} ({values.isna().mean():.1%})",
                values.nunique(),
            ]
            for name, values in frame.items()
        ),
    )
    if task == "classification":
        counts = frame[target].value_counts(dropna=False).sort_index()
        balance = table(
            ["class", "rows", "share"],
            ([value, count, f"{count / rows:.1%}"] for value, count in counts.items()),
        )
    else:
        stats = frame[target].describe()
        balance = table(
            ["target", "min", "median", "mean", "max"],
            [[f"`{target}`", *(f"{stats[key]:.3g}" for key in ("min", "50%", "mean", "max"))]],
        )
    return [
        f"{rows} rows, {frame.shape[1]} columns (the target `{target}` included); "
        f"{frame.duplicated().sum()} duplicate rows, which `prepare` drops.",
        "",
        *columns,
        "",
        "Target distribution:",
        "",
        *balance,
    ]


def pii_paragraph(findings: list[PiiFinding]) -> str:
    if not findings:
        return (
            "A scan for personal data (e-mail addresses, phone numbers, names) flagged no "
            "column. It is a heuristic: it does not prove the data anonymous."
        )
    listed = "\n".join(f"- {finding.detail}" for finding in findings)
    return (
        "**Personal data: the scan flagged these columns.** Drop them, or say under "
        f"Ethical considerations in model_card.yaml why they must stay:\n\n{listed}"
    )


def render_datasheet(
    prose: dict, frame: pd.DataFrame, params: Params, raw: Path, pii: list[PiiFinding]
) -> str:
    data, prepare = params.data, params.prepare
    lines = [
        f"# Datasheet: `{data.dataset}`",
        "",
        "<!-- Written by `dvc repro` (stage `card`): edit datasheet.yaml, not this file. -->",
        "",
        *section("Motivation", str(prose["motivation"])),
        "## Composition",
        "",
        *composition(frame, data.target, data.task),
        "",
        pii_paragraph(pii),
        "",
        *section("Collection and provenance", str(prose["collection_process"])),
        *provenance(params, raw),
        "",
        *section(
            "Preprocessing",
            str(prose["preprocessing_notes"]),
            "In the pipeline, `prepare` drops duplicate rows and rows without a target, and "
            f"holds out {prepare.test_size:.0%} of the rest as the test split (seed {prepare.seed}"
            f"{', stratified by class' if prepare.stratify else ''}); features are imputed, "
            "scaled and one-hot encoded inside the model, fitted on the training split only.",
        ),
        *section("Uses", str(prose["uses"])),
        *section("Distribution", str(prose["distribution"])),
        *section("Maintenance", str(prose["maintenance"])),
    ]
    return "\n".join(lines).rstrip() + "\n"
