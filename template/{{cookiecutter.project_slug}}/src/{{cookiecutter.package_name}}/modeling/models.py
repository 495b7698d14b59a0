# Yours: change freely; template updates never touch this file (docs/updating.md).
"""The model families `train.model` in params.yaml can choose, for each task.

Add your own: import a scikit-learn-compatible estimator and name it below for each task
it handles (a classifier must give probabilities, `predict_proba`), e.g.

    from sklearn.svm import SVC
    ...
        "svm": SVC,

then in params.yaml set `train.model: svm` and its hyper-parameters under
`train.hyperparameters` (`svm: {C: 1.0, probability: true}`). modeling/pipeline.py puts
the chosen estimator after your features (features.py).
"""

from sklearn.base import BaseEstimator
from sklearn.ensemble import (
    HistGradientBoostingClassifier,
    HistGradientBoostingRegressor,
    RandomForestClassifier,
    RandomForestRegressor,
)
from sklearn.linear_model import LogisticRegression, Ridge

ESTIMATORS: dict[str, dict[str, type[BaseEstimator]]] = {
    "classification": {
        "logistic_regression": LogisticRegression,
        "random_forest": RandomForestClassifier,
        "hist_gradient_boosting": HistGradientBoostingClassifier,
    },
    "regression": {
        "logistic_regression": Ridge,
        "random_forest": RandomForestRegressor,
        "hist_gradient_boosting": HistGradientBoostingRegressor,
    },
}
