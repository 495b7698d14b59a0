"""Turn a table into model inputs: numeric columns imputed and scaled, categorical
columns imputed and one-hot encoded. Fitted inside the model pipeline, so it only
ever learns from the training split."""

import pandas as pd
from sklearn.compose import ColumnTransformer
{%- if not cookiecutter.assignment %}
from sklearn.impute import SimpleImputer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
{%- endif %}


def as_text(values: pd.DataFrame | pd.Series) -> pd.DataFrame | pd.Series:
    """Values as strings with missing ones as "missing": comparable and sortable whatever
    the dtype (pandas' string dtype keeps NaN through astype(str))."""
    return values.astype(object).where(values.notna(), "missing").astype(str)


def split_features_target(frame: pd.DataFrame, target: str) -> tuple[pd.DataFrame, pd.Series]:
    """Separate the feature columns from the target column."""
    return frame.drop(columns=[target]), frame[target]


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
        "assignment: write build_preprocessor() in features.py "
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
