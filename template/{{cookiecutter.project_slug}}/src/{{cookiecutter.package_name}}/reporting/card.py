# Maintained by the template: change it through a template release (docs/updating.md).
"""Stage `card`: MODEL_CARD.md, DATASHEET.md and the README's results section, rebuilt
from reports/evaluation.json, the raw data and the student's text after every run.

Numbers come only from the evaluation and the data; text comes only from
model_card.yaml and datasheet.yaml, copied as written, so regenerating never loses it.
"""

import json
import logging

import pandas as pd

from ..config import (
    CARD_PROSE,
    DATASHEET,
    DATASHEET_PROSE,
    EVALUATION_FILE,
    FIGURES_DIR,
    MODEL_CARD,
    PREPARATION_FILE,
    RAW_DATA,
    README,
    RUN_FILE,
    load_params,
)
from ..data.pii import scan
from ..data.sensitive import find_sensitive
from . import datasheet, model_card
from .prose import CARD_SECTIONS, DATASHEET_SECTIONS, load_prose, placeholders
from .results import key_figures, replace_results, results_block

log = logging.getLogger(__name__)


def update_readme(report: dict) -> None:
    """Rewrite the README's results section; the rest of the file stays as it is."""
    block = results_block(report, key_figures(report["task"], FIGURES_DIR))
    text = README.read_text(encoding="utf-8")
    if (updated := replace_results(text, block)) != text:
        README.write_text(updated, encoding="utf-8")
        log.info("updated the results in %s", README)


def main() -> None:
    params = load_params()
    report = json.loads(EVALUATION_FILE.read_text(encoding="utf-8"))
    run_id = json.loads(RUN_FILE.read_text(encoding="utf-8"))["run_id"]
    card_prose = load_prose(CARD_PROSE, CARD_SECTIONS)
    sheet_prose = load_prose(DATASHEET_PROSE, DATASHEET_SECTIONS)
    preparation = json.loads(PREPARATION_FILE.read_text(encoding="utf-8"))
    frame = pd.read_csv(RAW_DATA)
    pii = scan(frame)
    for finding in pii:
        log.warning("personal data? %s", finding.detail)
    sensitive = find_sensitive(frame.drop(columns=[params.data.target]))

    MODEL_CARD.write_text(
        model_card.render_card(report, card_prose, params, run_id, pii, sensitive),
        encoding="utf-8",
    )
    DATASHEET.write_text(
        datasheet.render_datasheet(
            sheet_prose, frame, params, RAW_DATA, pii, sensitive, preparation
        ),
        encoding="utf-8",
    )
    update_readme(report)
    log.info("wrote %s and %s", MODEL_CARD, DATASHEET)
    for path, prose in ((CARD_PROSE, card_prose), (DATASHEET_PROSE, sheet_prose)):
        if todo := placeholders(prose):
            log.info("%s still has TODO in: %s", path, ", ".join(todo))
