"""Turn a table into model inputs: numeric columns imputed and scaled, categorical
columns imputed and one-hot encoded. Fitted inside the model pipeline, so it only
ever learns from the training split."""

import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler


def as_text(values: pd.DataFrame | pd.Series) -> pd.DataFrame | pd.Series:
    """Values as strings with missing ones as "missing": comparable and sortable whatever
    the dtype (pandas' string dtype keeps NaN through astype(str))."""
    return values.astype(object).where(values.notna(), "missing").astype(str)


def split_features_target(frame: pd.DataFrame, target: str) -> tuple[pd.DataFrame, pd.Series]:
    """Separate the feature columns from the target column."""
    return frame.drop(columns=[target]), frame[target]


def build_preprocessor(features: pd.DataFrame) -> ColumnTransformer:
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
