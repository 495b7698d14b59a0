"""Stage `prepare`: clean the raw data and split it into train and test sets.

Exact duplicate rows are dropped before splitting: a row present in both sets would
let the model be graded on data it has already seen (a leak).
"""

import logging

import pandas as pd

from .config import RAW_DATA, TEST_DATA, TRAIN_DATA, PrepareParams, load_params

log = logging.getLogger(__name__)


def clean(frame: pd.DataFrame, target: str) -> pd.DataFrame:
    """Drop exact duplicate rows and rows without a target value."""
    deduplicated = frame.drop_duplicates()
    if dropped := len(frame) - len(deduplicated):
        log.warning("dropped %d exact duplicate row(s)", dropped)
    labelled = deduplicated.dropna(subset=[target])
    if dropped := len(deduplicated) - len(labelled):
        log.warning("dropped %d row(s) without a value in %r", dropped, target)
    return labelled.reset_index(drop=True)


def split(
    frame: pd.DataFrame, target: str, task: str, params: PrepareParams
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split reproducibly (fixed seed), stratified by class when it can be."""
    from sklearn.model_selection import train_test_split

    stratify = None
    if params.stratify and task == "classification":
        counts = frame[target].value_counts()
        if counts.min() >= 2:
            stratify = frame[target]
        else:
            rare = ", ".join(map(str, counts[counts < 2].index))
            log.warning("not stratifying: class(es) %s have a single row", rare)
    return train_test_split(
        frame, test_size=params.test_size, random_state=params.seed, stratify=stratify
    )


def main() -> None:
    params = load_params()
    frame = clean(pd.read_csv(RAW_DATA), params.data.target)
    train, test = split(frame, params.data.target, params.data.task, params.prepare)
    TRAIN_DATA.parent.mkdir(parents=True, exist_ok=True)
    train.to_csv(TRAIN_DATA, index=False)
    test.to_csv(TEST_DATA, index=False)
    log.info("wrote %s (%d rows) and %s (%d rows)", TRAIN_DATA, len(train), TEST_DATA, len(test))
