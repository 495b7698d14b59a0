"""The registry's `champion` is the better model on this test split, not the newest: a
worse model that passes the gate is registered but leaves the alias where it is."""

import pytest

from {{ cookiecutter.package_name }}.config import TRAIN_DATA
from {{ cookiecutter.package_name }}.data.tables import split_features_target
from {{ cookiecutter.package_name }}.evaluation.evaluate import challenge
from {{ cookiecutter.package_name }}.evaluation.metrics import METRICS, predict_sample
from {{ cookiecutter.package_name }}.modeling.tracking import import_mlflow, register
from {{ cookiecutter.package_name }}.modeling.train import fit, log_training

# MLflow's own: its SQLite store's tables, and its pyfunc module's type hints on import.
pytestmark = [
    pytest.mark.filterwarnings("ignore:The ``noload`` loader strategy:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:.*Any type hint is inferred as AnyType:UserWarning"),
]


def test_a_worse_model_does_not_take_the_champion_and_a_better_one_does(
    tmp_path, monkeypatch, project_like, mlflow_store
):
    monkeypatch.chdir(tmp_path)
    train, test, params = project_like
    TRAIN_DATA.parent.mkdir(parents=True)
    train.to_csv(TRAIN_DATA, index=False)
    features, y_true = split_features_target(test, "target")
    main = METRICS[params.evaluate.main_metric]
    mlflow = import_mlflow()
    name = params.tracking.registered_model

    def score(model) -> float:
        return main.score(predict_sample(model, features, y_true, params.data.task))

    def evaluated(model) -> tuple[str, str]:
        """Log `model` and register it as evaluate does."""
        with mlflow.start_run():
            model_uri = log_training(mlflow, model, train, params)
            mlflow.log_metric(f"test_{main.name}", score(model))
        report = {"main_metric": main.name, "metrics": {main.name: {"value": score(model)}}}
        return register(mlflow, model_uri, name, passed=True, challenge=challenge(report, score))

    # A throwaway experiment: a model of a shuffled target, worse on the test split.
    shuffled = train.assign(target=train["target"].sample(frac=1, random_state=0).to_numpy())
    weak, strong = fit(shuffled, params), fit(train, params)
    assert main.higher_is_better == (score(strong) > score(weak))

    first, decision = evaluated(weak)
    assert decision == "the first version to pass the gate: champion"
    second, decision = evaluated(strong)
    assert decision.endswith(f"replaces champion version {first}")
    third, decision = evaluated(weak)
    assert decision.endswith(f"champion version {second} stays")

    client = mlflow.MlflowClient()
    assert client.get_model_version_by_alias(name, "champion").version == second
    assert client.get_model_version(name, third).tags["champion_decision"] == decision
    assert decision.startswith(f"{main.name} ") and " vs " in decision

    # A prepare.seed experiment: another training split. Its numbers cannot be compared
    # with the champion's, so it takes the alias...
    train.sample(frac=1, random_state=1).to_csv(TRAIN_DATA, index=False)
    reseeded, decision = evaluated(strong)
    assert "trained on another training split" in decision and decision.endswith("replaced")
    # ...but back on the first split, a run must beat the best version of that split.
    train.to_csv(TRAIN_DATA, index=False)
    _, decision = evaluated(weak)
    assert f"version {second} is the best on this one" in decision
    assert decision.endswith(f"champion version {reseeded} stays")
    _, decision = evaluated(strong)
    assert decision.endswith(f"replaces champion version {reseeded}")
