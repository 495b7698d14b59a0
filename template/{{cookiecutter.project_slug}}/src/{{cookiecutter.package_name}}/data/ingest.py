# Maintained by the template: change it through a template release (docs/updating.md).
"""Stage `ingest`: copy the configured dataset into data/raw/, the pipeline's input."""

import logging

import pandas as pd

from ..config import PARAMS_FILE, PROVENANCE_FILE, RAW_DATA, DataParams, ParamsError, load_params
from . import dataset
from .provenance import write

log = logging.getLogger(__name__)


def load_dataset(data: DataParams) -> pd.DataFrame:
    """The table data/dataset.py loads, held to what params.yaml says of it."""
    if data.dataset != dataset.NAME:
        raise ParamsError(
            f"{PARAMS_FILE}: data.dataset is {data.dataset!r}, but this project was made for "
            f"{dataset.NAME!r} (data/dataset.py); to start from other data, answer the "
            "template's questions again: `copier update --data dataset=...`"
        )
    frame = dataset.load(data)
    if data.target not in frame.columns:
        raise ParamsError(
            f"{PARAMS_FILE}: data.target {data.target!r} is not a column of the data; "
            f"its columns are: {', '.join(map(str, frame.columns))}"
        )
    return frame


def main() -> None:
    data = load_params().data
    log.info("loading dataset %r", data.dataset)
    frame = load_dataset(data)
    RAW_DATA.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(RAW_DATA, index=False)
    log.info("wrote %s: %d rows, %d columns", RAW_DATA, *frame.shape)
    provenance = write(data, frame, RAW_DATA)
    log.info(
        "wrote %s: %d duplicate rows, %d label conflicts (same features, different label)",
        PROVENANCE_FILE,
        provenance["duplicate_rows"],
        provenance["label_conflicts"],
    )
{%- if cookiecutter.dataset == "custom_csv" %}
    # The first file sets the contract (kept if it exists); `validate` holds later data to it.
    dataset.write_contract(frame, data.target)
    log.info("data rules in %s (edit them to suit)", dataset.CONTRACT)
{%- endif %}
