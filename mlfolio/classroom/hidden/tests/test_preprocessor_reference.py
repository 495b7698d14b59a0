"""build_preprocessor against the reference on a table the student never saw."""

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler


def reference(features: pd.DataFrame) -> ColumnTransformer:
    numeric = features.select_dtypes("number").columns
    other = features.columns.difference(numeric, sort=False)
    return ColumnTransformer(
        [
            ("numeric", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numeric),
            (
                "other",
                make_pipeline(
                    SimpleImputer(strategy="most_frequent"),
                    OneHotEncoder(handle_unknown="ignore", sparse_output=False),
                ),
                other,
            ),
        ]
    )


def test_preprocessor_matches_the_reference_on_unseen_data(package):
    rng = np.random.default_rng(7)
    train = pd.DataFrame(
        {
            "dose": np.where(rng.random(80) < 0.1, np.nan, rng.lognormal(2, 1, 80)),
            "age": rng.integers(18, 90, 80).astype(float),
            "site": rng.choice(["north", "south", None], 80),
        }
    )
    test = train.sample(20, random_state=1).assign(site="east")
    theirs = package("modeling.features").build_preprocessor(train).fit(train)
    expected = reference(train).fit(train)
    np.testing.assert_allclose(
        np.asarray(theirs.transform(test), dtype=float),
        expected.transform(test),
        atol=1e-6,
        err_msg="median imputation then standard scaling for numbers, most frequent "
        "value then one-hot (unseen categories all zeros) for the rest",
    )
