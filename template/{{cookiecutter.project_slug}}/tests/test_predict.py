"""The `predict` command scores good rows, reports bad ones by line, and can refuse a file."""

import json
import re

import joblib
import pandas as pd
import pytest

from {{ cookiecutter.package_name }}.cli import main
from {{ cookiecutter.package_name }}.config import MODEL_FILE, PREPARATION_FILE, TEST_DATA, load_params
from {{ cookiecutter.package_name }}.data.tables import read_split, split_features_target
from {{ cookiecutter.package_name }}.scoring.predictions import model_info
from {{ cookiecutter.package_name }}.scoring.records import feature_schema, model_inputs


@pytest.fixture
def broken_file(scoring_workspace, ranged_feature):
    """The test split with its third data row (line 4) given text in a numeric column."""
    data = load_params().data
    test = read_split(TEST_DATA)
    column = ranged_feature(feature_schema(data), data.target)
    broken = test.astype({column: object})
    broken.loc[2, column] = "not a number"
    path = scoring_workspace / "incoming.csv"
    broken.to_csv(path, index=False)
    return path, column, test


def test_scores_every_row_with_the_models_own_predictions(scoring_workspace, test_split):
    data = load_params().data
    output = scoring_workspace / "scored.csv"
    # Three batches, whatever the size of the data.
    batch_size = str(-(-len(read_split(TEST_DATA)) // 3))
    assert (
        main(["predict", str(TEST_DATA), "--output", str(output), "--batch-size", batch_size]) == 0
    )

    scored = pd.read_csv(output)
    features = model_inputs(test_split)
    model = joblib.load(MODEL_FILE)
    assert scored["line"].tolist() == list(range(2, len(features) + 2))
    expected = model.predict(features)
    if data.task == "classification":
        assert scored["prediction"].astype(str).tolist() == [str(label) for label in expected]
    else:
        # A CSV round trip may move a float's last digit.
        assert scored["prediction"].to_numpy() == pytest.approx(expected, rel=1e-12)
    assert set(scored["model_version"]) == {model_info()["version"]}
    if data.task == "classification":
        columns = [f"probability_{label}" for label in model.classes_]
        assert scored[columns].to_numpy() == pytest.approx(model.predict_proba(features))


def test_bad_rows_are_reported_by_line_and_good_rows_still_scored(broken_file, caplog):
    path, column, test = broken_file
    output = path.with_name("scored.csv")
    main(["predict", str(path), "--output", str(output)])

    scored = pd.read_csv(output)
    assert len(scored) == len(test) - 1
    assert 4 not in scored["line"].tolist()
    # "a number", or "a whole number" for an integer column.
    said = rf"line 4 column {re.escape(repr(column))}: 'not a number' is not a (whole )?number"
    assert re.search(said, caplog.text), caplog.text


def test_fatal_mode_exits_non_zero_and_writes_nothing(broken_file):
    path, _, _ = broken_file
    output = path.with_name("scored.csv")
    with pytest.raises(SystemExit, match="1 row"):
        main(["predict", str(path), "--output", str(output), "--on-error", "fail"])
    assert not output.exists()


def test_json_lines_rows_are_checked_one_by_one(scoring_workspace, caplog):
    data = load_params().data
    features, _ = split_features_target(read_split(TEST_DATA).head(3), data.target)
    lines = [json.dumps(row) for row in features.to_dict("records")]
    lines.insert(1, "{not json")
    path = scoring_workspace / "incoming.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    output = scoring_workspace / "scored.csv"
    main(["predict", str(path), "--output", str(output)])

    assert pd.read_csv(output)["line"].tolist() == [1, 3, 4]
    assert "line 2: not JSON" in caplog.text


def test_a_file_with_the_wrong_columns_is_refused_naming_them(scoring_workspace):
    path = scoring_workspace / "other.csv"
    pd.DataFrame({"no such column": ["red"]}).to_csv(path, index=False)
    with pytest.raises(SystemExit, match="unknown \\['no such column'\\]"):
        main(["predict", str(path)])


def test_a_gap_in_a_text_field_reaches_the_model_as_a_csv_gap():
    """A JSON null in a text field (ames' `Misc_Feature`) must be the NaN pandas reads
    from an empty CSV cell: as None, the imputer would take it for a category."""
    import pandera.pandas as pa

    from {{ cookiecutter.package_name }}.scoring.records import coerce

    schema = pa.DataFrameSchema({"kind": pa.Column(str, nullable=True)})
    converted, failures = coerce(pd.DataFrame({"kind": [None, "Shed"]}), schema)
    assert failures == []
    assert converted["kind"][0] is not None
    assert pd.isna(converted["kind"][0])
    assert converted["kind"][1] == "Shed"


def test_columns_the_model_ignores_are_accepted_and_not_required(scoring_workspace):
    """Row names and free text (left out by prepare) may come with a record or not."""
    data = load_params().data
    preparation = json.loads(PREPARATION_FILE.read_text())
    preparation["columns"].append(
        {"column": "rownames", "kind": "identifier", "action": "excluded", "reason": "row names"}
    )
    PREPARATION_FILE.write_text(json.dumps(preparation))
    test = read_split(TEST_DATA).head(3)
    path = scoring_workspace / "with_row_names.csv"
    test.assign(rownames=["Allen, Miss. Elisabeth Walton", "b", "c"]).to_csv(path, index=False)
    output = scoring_workspace / "scored.csv"
    main(["predict", str(path), "--output", str(output)])
    assert len(pd.read_csv(output)) == 3
    assert "rownames" not in feature_schema(data).columns
