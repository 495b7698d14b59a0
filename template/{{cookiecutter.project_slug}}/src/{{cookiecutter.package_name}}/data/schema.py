# Maintained by the template: change it through a template release (docs/updating.md).
"""The data contract: what data/raw/dataset.csv must look like before anything trains on it.

The `validate` stage holds the raw data to these rules and stops the pipeline on the first
violation, so a broken file never reaches `prepare` or a model. Edit them freely: ranges are
generous (about twice what the bundled data holds) so that they catch broken values, not
unusual ones. A custom CSV gets its rules inferred once into schemas/data.schema.yaml.
"""

from pathlib import Path
from typing import cast

import pandas as pd
import pandera.pandas as pa

from .columns import is_free_text, looks_like_identifier

# Written by the first `ingest` of a custom CSV; edit it to tighten or relax a rule.
CUSTOM_SCHEMA = Path("schemas/data.schema.yaml")


def measurement(low: float, high: float, *, nullable: bool = False) -> pa.Column:
    """A decimal number between `low` and `high`, optionally allowed to be missing."""
    return pa.Column(float, pa.Check.in_range(low, high), nullable=nullable)


def label(*allowed: object, kind: type = int) -> pa.Column:
    """A target or category column: never missing, only one of the `allowed` values."""
    return pa.Column(kind, pa.Check.isin(list(allowed)), nullable=False)


BREAST_CANCER = pa.DataFrameSchema(
    {
        **{
            # "worst" is the largest of three readings: allow it twice the mean's range.
            f"{kind} {name}": measurement(0, high * (1 if kind == "mean" else 2))
            for kind in ("mean", "worst")
            for name, high in {
                "radius": 60,
                "texture": 80,
                "perimeter": 400,
                "area": 5000,
                "smoothness": 0.4,
                "compactness": 0.7,
                "concavity": 0.9,
                "concave points": 0.4,
                "symmetry": 0.6,
                "fractal dimension": 0.2,
            }.items()
        },
        **{
            f"{name} error": measurement(0, high)
            for name, high in {
                "radius": 6,
                "texture": 10,
                "perimeter": 45,
                "area": 1100,
                "smoothness": 0.07,
                "compactness": 0.3,
                "concavity": 0.8,
                "concave points": 0.11,
                "symmetry": 0.16,
                "fractal dimension": 0.06,
            }.items()
        },
        "target": label(0, 1),  # 0 = malignant, 1 = benign
    },
    strict=True,
    name="breast_cancer",
)

WINE = pa.DataFrameSchema(
    {
        "alcohol": measurement(5, 20),
        "malic_acid": measurement(0, 12),
        "ash": measurement(0, 7),
        "alcalinity_of_ash": measurement(0, 60),
        "magnesium": measurement(0, 330),
        "total_phenols": measurement(0, 8),
        "flavanoids": measurement(0, 11),
        "nonflavanoid_phenols": measurement(0, 1.5),
        "proanthocyanins": measurement(0, 7),
        "color_intensity": measurement(0, 26),
        "hue": measurement(0, 3.5),
        "od280/od315_of_diluted_wines": measurement(0, 8),
        "proline": measurement(0, 3400),
        "target": label(0, 1, 2),  # the three cultivars
    },
    strict=True,
    name="wine",
)

# scikit-learn ships these features already centred and scaled (each lies within ±0.2).
DIABETES = pa.DataFrameSchema(
    {
        **{
            name: measurement(-0.5, 0.5)
            for name in ("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6")
        },
        "target": measurement(0, 700),  # disease progression one year later
    },
    strict=True,
    name="diabetes",
)

# Two penguins have no measurements at all and eleven no recorded sex: gaps are allowed there.
PENGUINS = pa.DataFrameSchema(
    {
        "species": label("Adelie", "Chinstrap", "Gentoo", kind=str),
        "island": label("Biscoe", "Dream", "Torgersen", kind=str),
        "bill_length_mm": measurement(15, 120, nullable=True),
        "bill_depth_mm": measurement(5, 45, nullable=True),
        "flipper_length_mm": measurement(80, 460, nullable=True),
        "body_mass_g": measurement(1000, 12600, nullable=True),
        "sex": pa.Column(str, pa.Check.isin(["female", "male"]), nullable=True),
        "year": pa.Column(int, pa.Check.in_range(2007, 2100)),
    },
    strict=True,
    name="penguins",
)

BUNDLED = {
    "breast_cancer": BREAST_CANCER,
    "wine": WINE,
    "diabetes": DIABETES,
    "penguins": PENGUINS,
}


# A text column with at most this many distinct values is a category: new values are refused.
MAX_CATEGORIES = 20


def infer_schema(frame: pd.DataFrame, target: str) -> pa.DataFrameSchema:
    """Rules for a custom CSV, read off the data itself: the first file becomes the contract.

    Types, the observed range of each number, gaps only where the file has gaps, the values
    of each category, identifiers that stay unique, and a target that is never missing.
    """
    # A frame always gives a DataFrameSchema (pandera's type also covers a Series').
    schema = cast(pa.DataFrameSchema, pa.infer_schema(frame))
    schema = schema.update_column(target, nullable=False)
    for name in frame.select_dtypes(exclude="number").columns:
        values = frame[name].dropna().unique()
        if len(values) <= MAX_CATEGORIES:
            schema = schema.update_column(name, checks=[pa.Check.isin(sorted(map(str, values)))])
    for name in frame.columns.drop(target):
        # An identifier must stay unique; its observed range says nothing about the next one.
        if looks_like_identifier(str(name), frame[name], 1.0) and not is_free_text(frame[name]):
            schema = schema.update_column(name, unique=True, checks=[])
    return schema.set_name("custom_csv")


def schema_for(
    dataset: str, frame: pd.DataFrame | None = None, target: str = ""
) -> pa.DataFrameSchema:
    """The rules for `dataset`; a custom CSV's are inferred from `frame` on first use."""
    if dataset in BUNDLED:
        return BUNDLED[dataset]
    if not CUSTOM_SCHEMA.is_file():
        if frame is None:
            raise FileNotFoundError(f"{CUSTOM_SCHEMA} is missing: run `uv run dvc repro ingest`")
        CUSTOM_SCHEMA.parent.mkdir(parents=True, exist_ok=True)
        infer_schema(frame, target).to_yaml(CUSTOM_SCHEMA)
    return pa.DataFrameSchema.from_yaml(CUSTOM_SCHEMA)
