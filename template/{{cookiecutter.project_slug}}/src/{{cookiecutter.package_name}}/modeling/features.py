# Yours: change freely; template updates never touch this file (docs/updating.md).
"""The features every model starts from: your two places for feature ideas.

- `add_features`: columns computed from each row's values (a log, a ratio, a flag);
- `build_preprocessor`: how columns become numbers (gaps filled, scaled, encoded).

Both run inside the model pipeline (modeling/pipeline.py): fitted on the training split
only, and applied the same way by evaluate, `predict`, the API and the ONNX export.
Code in data/prepare.py reaches none of those: put your preprocessing here.
"""

import pandas as pd
from sklearn.compose import ColumnTransformer
{%- if not cookiecutter.assignment %}
from sklearn.impute import SimpleImputer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
{%- endif %}


def add_features(features: pd.DataFrame) -> pd.DataFrame:
    """Your feature engineering: return the table with the columns to add or change.

    It sees the columns `prepare` kept (reports/preparation.json lists them), row by row;
    a new column is then imputed, scaled or encoded like the others. For example, the log
    of a skewed amount (`import numpy as np` at the top):

        return features.assign(log_income=np.log1p(features["income"]))

    Returned unchanged, as here, it adds no step to the pipeline.
    """
    return features


def build_preprocessor(features: pd.DataFrame) -> ColumnTransformer:
{%- if cookiecutter.assignment %}
    """ASSIGNMENT (your work): the preprocessing step every model starts with.

    Return an unfitted scikit-learn `ColumnTransformer` that, for the columns of
    `features`:
    - numeric columns (by dtype): fills gaps with the column's median, then scales to
      mean 0 and standard deviation 1;
    - every other column: fills gaps with the most frequent value, then one-hot encodes
      it, ignoring categories unseen in training, as dense output.
    Useful pieces: `sklearn.impute.SimpleImputer`, `sklearn.pipeline.make_pipeline`,
    `sklearn.preprocessing.StandardScaler` and `OneHotEncoder`. tests/test_features.py
    says what it must do.
    """
    raise NotImplementedError(
        "assignment: write build_preprocessor() in modeling/features.py "
        "(its docstring and tests/test_features.py say what it must do)"
    )
{%- else %}
    """Numeric and categorical columns are told apart by their dtype in `features`."""
    numeric_columns = list(features.select_dtypes(include="number").columns)
    categorical_columns = [column for column in features.columns if column not in numeric_columns]
    numeric = make_pipeline(SimpleImputer(strategy="median"), StandardScaler())
    categorical = make_pipeline(
        SimpleImputer(strategy="most_frequent"),
        OneHotEncoder(handle_unknown="ignore", sparse_output=False),
    )
    return ColumnTransformer(
        [
            ("numeric", numeric, numeric_columns),
            ("categorical", categorical, categorical_columns),
        ]
    )
{%- endif %}
