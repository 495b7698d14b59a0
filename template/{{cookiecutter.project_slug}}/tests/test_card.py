"""The `card` stage: the model card reads back on the Hugging Face Hub's terms with the
evaluation's numbers, and regenerating it never changes a word the student wrote."""

import json

import pytest
from huggingface_hub import ModelCard

from {{ cookiecutter.package_name }}.config import CARD_PROSE, EVALUATION_FILE, MODEL_CARD, README
from {{ cookiecutter.package_name }}.reporting import card
from {{ cookiecutter.package_name }}.reporting.results import END, START, MarkerError, replace_results

PROSE = {
    "summary": "Predicts the label.\nLine two keeps its  double space and ü, `code` & <b>.",
    "intended_use": "A screening aid; a person makes every decision.",
}


def write_prose(**sections: str) -> None:
    text = CARD_PROSE.read_text(encoding="utf-8")
    for name, value in sections.items():
        text += f"\n{name}: {json.dumps(value)}\n"  # the later key wins in YAML
    CARD_PROSE.write_text(text, encoding="utf-8")


def test_front_matter_loads_with_huggingface_hub_and_matches_the_evaluation(card_workspace):
    card.main()
    report = json.loads(EVALUATION_FILE.read_text(encoding="utf-8"))
    data = ModelCard.load(MODEL_CARD).data
    assert data.library_name == "sklearn"
    assert data.metrics == list(report["metrics"])
    values = {result.metric_type: result.metric_value for result in data.eval_results}
    for name, result in report["metrics"].items():
        assert values[name] == result["value"]
    main = report["main_metric"]
    assert values[f"{main}_ci_low"] == report["metrics"][main]["ci_low"]
    assert values[f"{main}_ci_high"] == report["metrics"][main]["ci_high"]
    assert {result.dataset_split for result in data.eval_results} == {"test"}


def test_the_card_has_every_section_of_a_model_card(card_workspace):
    card.main()
    text = MODEL_CARD.read_text(encoding="utf-8")
    for heading in (
        "Model details",
        "Intended use",
        "Factors",
        "Metrics",
        "Evaluation data",
        "Training data",
        "Quantitative analyses",
        "Ethical considerations",
        "Caveats and recommendations",
        "Risks (NIST AI RMF)",
    ):
        assert f"## {heading}\n" in text
    for function in ("Govern", "Map", "Measure", "Manage"):
        assert f"| {function} |" in text


def test_regenerating_updates_the_numbers_and_keeps_the_prose_byte_for_byte(card_workspace):
    write_prose(**PROSE)
    prose_before = CARD_PROSE.read_bytes()
    card.main()
    report = json.loads(EVALUATION_FILE.read_text(encoding="utf-8"))
    main = report["main_metric"]
    report["metrics"][main]["value"] = 0.123456
    EVALUATION_FILE.write_text(json.dumps(report), encoding="utf-8")

    card.main()
    text = MODEL_CARD.read_text(encoding="utf-8")
    for value in PROSE.values():
        assert value in text
    assert f"| **{main}** (main) | 0.123 |" in text
    assert CARD_PROSE.read_bytes() == prose_before


def test_readme_results_are_replaced_and_the_text_around_them_is_not(card_workspace):
    before = README.read_text(encoding="utf-8")
    card.main()
    after = README.read_text(encoding="utf-8")
    head, tail = before.split(START)[0], before.split(END)[1]
    assert after.startswith(head) and after.endswith(tail)
    assert "stale numbers" not in after
    assert "| metric | value | 95% CI | baseline |" in after
    card.main()
    assert README.read_text(encoding="utf-8") == after, "regenerating changes nothing"


def test_a_readme_without_markers_is_refused_with_how_to_fix_it():
    with pytest.raises(MarkerError, match="results:start"):
        replace_results("# My project\n", "block")
