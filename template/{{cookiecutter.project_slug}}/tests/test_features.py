"""The preprocessing step: what every model sees of the raw columns."""

import numpy as np
import pandas as pd
import pytest

from {{ cookiecutter.package_name }}.modeling.features import build_preprocessor


@pytest.fixture
def features(tiny_frame) -> pd.DataFrame:
    return tiny_frame[["numeric", "noise", "colour"]]


def test_numeric_columns_are_imputed_and_scaled(features):
    out = build_preprocessor(features).fit_transform(features)
    numeric = out[:, :2]
    assert not np.isnan(out).any(), "gaps never reach the model"
    assert numeric.mean(axis=0) == pytest.approx([0, 0], abs=1e-9)
    assert numeric.std(axis=0) == pytest.approx([1, 1], rel=0.2)


def test_categories_are_one_hot_encoded_and_unseen_ones_ignored(features):
    preprocessor = build_preprocessor(features).fit(features)
    one_hot = preprocessor.transform(features)[:, 2:]
    assert one_hot.shape[1] == features["colour"].nunique()
    assert (one_hot.sum(axis=1) == 1).all()
    unseen = features.head(1).assign(colour="purple")
    assert preprocessor.transform(unseen)[:, 2:].sum() == 0
