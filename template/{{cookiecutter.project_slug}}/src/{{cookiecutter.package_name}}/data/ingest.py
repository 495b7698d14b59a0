# Maintained by the template: change it through a template release (docs/updating.md).
"""Stage `ingest`: copy the configured dataset into data/raw/, the pipeline's input."""

import logging

from ..config import PROVENANCE_FILE, RAW_DATA, load_params
from .datasets import load_dataset
from .provenance import write

log = logging.getLogger(__name__)


def main() -> None:
    data = load_params().data
    log.info("loading dataset %r", data.dataset)
    frame = load_dataset(data.dataset, data.target, data.csv_path)
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
    if data.dataset == "custom_csv":
        from .schema import CUSTOM_SCHEMA, schema_for

        # The first file sets the contract (kept if it exists); `validate` holds later data to it.
        schema_for(data.dataset, frame, data.target)
        log.info("data rules in %s (edit them to suit)", CUSTOM_SCHEMA)
