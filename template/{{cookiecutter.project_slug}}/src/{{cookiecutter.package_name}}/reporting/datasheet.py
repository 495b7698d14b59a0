# Maintained by the template: change it through a template release (docs/updating.md).
"""DATASHEET.md, after Gebru et al., "Datasheets for Datasets" (2021): what the
pipeline can compute about data/raw/dataset.csv, around the text of datasheet.yaml."""

from pathlib import Path

import pandas as pd

from ..config import DataParams, Params
from ..data.pii import PiiFinding
from ..data.provenance import origin
from ..data.sensitive import SensitiveColumn
from ..data.tables import file_md5
from .markdown import section, table


def provenance(params: Params, raw: Path) -> list[str]:
    source = origin(params.data)
    if "package" in source:
        shipped = f"as shipped by `{source['package']}` {source['package_version']}"
    else:
        shipped = "versioned by DVC"
    license_ = source["license"] or "unknown: state it under Distribution in datasheet.yaml"
    return [
        f"- Source: {source['source']} ({shipped})",
        f"- License: {license_}",
        f"- Version: DVC hash (MD5) of `{raw}`: `{file_md5(raw)}`",
    ]


def composition(frame: pd.DataFrame, data: DataParams) -> list[str]:
    """Size, columns with their types and gaps, the target's distribution, duplicates."""
    target, rows = data.target, len(frame)
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
    if data.task == "classification":
        counts = frame[target].value_counts(dropna=False).sort_index()
        balance = table(
            ["class", "rows", "share"],
            (
                [data.class_name(value), count, f"{count / rows:.1%}"]
                for value, count in counts.items()
            ),
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


def sensitive_paragraph(sensitive: list[SensitiveColumn], preparation: dict) -> str:
    if not sensitive:
        return (
            "No column looks like a protected characteristic (race, colour or ethnicity, sex "
            "or gender, age, religion, nationality or citizenship, disability, marital "
            "status), by its name or its values."
        )
    features = {d["column"] for d in preparation["columns"] if d["action"] == "feature"}
    listed = "\n".join(
        f"- {found.detail}: "
        + ("a feature of the model" if found.column in features else "not a feature")
        for found in sensitive
    )
    return (
        "**Sensitive attributes: these columns are, or stand in for, protected "
        "characteristics.** The model card reports the model's error rates per group of "
        f"each feature among them:\n\n{listed}"
    )


def preparation_notes(preparation: dict) -> list[str]:
    """What `prepare` left out or reshaped, from reports/preparation.json (a paragraph)."""
    notes = [
        f"- `{decision['column']}` ({decision['kind']}): {decision['action']}, "
        f"{decision['reason']}."
        for decision in preparation["columns"]
        if decision["action"] != "feature"
    ]
    notes += [
        f"- class `{label}`: dropped, only {count} rows (below `prepare.min_class_rows`)."
        for label, count in preparation["rare_classes_dropped"].items()
    ]
    if not notes:
        return []
    return ["Column and class decisions (`reports/preparation.json`):\n\n" + "\n".join(notes)]


def render_datasheet(
    prose: dict,
    frame: pd.DataFrame,
    params: Params,
    raw: Path,
    pii: list[PiiFinding],
    sensitive: list[SensitiveColumn],
    preparation: dict,
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
        *composition(frame, data),
        "",
        pii_paragraph(pii),
        "",
        sensitive_paragraph(sensitive, preparation),
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
            *preparation_notes(preparation),
        ),
        *section("Uses", str(prose["uses"])),
        *section("Distribution", str(prose["distribution"])),
        *section("Maintenance", str(prose["maintenance"])),
    ]
    return "\n".join(lines).rstrip() + "\n"
