# Maintained by the template: change it through a template release (docs/updating.md).
"""MODEL_CARD.md: the sections of Mitchell et al., "Model Cards for Model Reporting"
(2019), with Hugging Face front matter, numbers from reports/evaluation.json and text
from model_card.yaml."""

import yaml

from ..config import Params
from ..data.pii import PiiFinding
from ..data.sensitive import SensitiveColumn
from ..evaluation.gate import widest_gap
from .markdown import interval, number, section, table
from .results import metrics_table

TASK_TYPES = {"classification": "tabular-classification", "regression": "tabular-regression"}


def front_matter(report: dict, prose: dict) -> str:
    """Hugging Face model-card metadata: `huggingface_hub.ModelCard.load` reads the
    model-index back as `card.data.eval_results`."""
    task_type = TASK_TYPES[report["task"]]
    dataset = report["data"]["dataset"]
    main = report["main_metric"]
    results = []
    for name, result in report["metrics"].items():
        results.append({"type": name, "value": result["value"], "name": f"{name} (test split)"})
        if name == main:
            results += [
                {
                    "type": f"{name}_ci_{side}",
                    "value": result[f"ci_{side}"],
                    "name": f"{name} 95% CI {bound} bound",
                }
                for side, bound in (("low", "lower"), ("high", "upper"))
            ]
    metadata = {
        "license": prose["license"],
        "library_name": "sklearn",
        "tags": ["sklearn", task_type, *prose["tags"]],
        "datasets": [dataset],
        "metrics": list(report["metrics"]),
        "model-index": [
            {
                "name": prose["model_name"],
                "results": [
                    {
                        "task": {"type": task_type},
                        "dataset": {"type": dataset, "name": dataset, "split": "test"},
                        "metrics": results,
                    }
                ],
            }
        ],
    }
    return "---\n" + yaml.safe_dump(metadata, sort_keys=False, allow_unicode=True) + "---"


def slice_tables(report: dict) -> list[str]:
    lines = []
    for result in report["slices"]:
        lines += [
            f"**{result['metric']} by `{result['column']}`** (largest gap "
            f"{number(result['largest_gap'])}):",
            "",
            *table(
                ["group", "rows", result["metric"], "95% CI", "note"],
                (
                    [
                        group["group"],
                        group["size"],
                        number(group["value"]),
                        interval(group),
                        "too small to judge" if group["too_small"] else "",
                    ]
                    for group in result["groups"]
                ),
            ),
            "",
        ]
    return lines or ["No slices were evaluated (`evaluate.slices` in params.yaml).", ""]


def largest_gap(report: dict) -> str:
    if not report["slices"]:
        return "not measured: no slices configured"
    worst = widest_gap(report["slices"])
    gap = number(worst["largest_gap"])
    return f"largest gap {gap} in {worst['metric']} across `{worst['column']}`"


RATE_NAMES = {
    "selection_rate": "selection rate",
    "false_positive_rate": "false-positive rate",
    "false_negative_rate": "false-negative rate",
    "error_rate": "error rate",
    "mean_absolute_error": "mean absolute error",
}


def rate_cell(rate: dict) -> str:
    return f"{number(rate['value'])} ({interval(rate['ci_low'], rate['ci_high'])})"


def fairness_table(result: dict) -> list[str]:
    metrics = result["metrics"]
    return table(
        ["group", "rows", *(f"{RATE_NAMES[m]} (95% CI)" for m in metrics), "note"],
        (
            [
                group["group"],
                group["size"],
                *(rate_cell(group[m]) for m in metrics),
                "too small to judge" if group["too_small"] else "",
            ]
            for group in result["groups"]
        ),
    )


def gap_summary(result: dict) -> str:
    gaps = result["gaps"]
    if "demographic_parity_difference" not in gaps:
        (metric,) = result["metrics"]
        return f"largest gap in {RATE_NAMES[metric]} {number(gaps[metric])}"
    return (
        f"demographic-parity difference {number(gaps['demographic_parity_difference'])} "
        f"(selection rate: the share predicted `{result['positive_label']}`), "
        f"equalized-odds difference {number(gaps['equalized_odds_difference'])}"
    )


def fairness_paragraphs(report: dict, sensitive: list[SensitiveColumn]) -> list[str]:
    """Which sensitive attributes the model uses, and its error rates per group of each."""
    if not sensitive:
        return [
            "**Sensitive attributes.** No column looks like a protected characteristic (race, "
            "colour or ethnicity, sex or gender, age, religion, nationality or citizenship, "
            "disability, marital status), by its name or its values. The scan cannot see a "
            "proxy, such as a postcode standing in for ethnicity."
        ]
    measured = {result["column"]: result for result in report.get("fairness", [])}
    used = "; ".join(s.detail for s in sensitive if s.column in measured)
    unused = "; ".join(s.detail for s in sensitive if s.column not in measured)
    text = "**Sensitive attributes.** "
    if used:
        text += f"The model uses these protected characteristics as features: {used}. "
    if unused:
        text += f"In the data but not used by the model: {unused}. "
    text += (
        "A gap between groups below means the model's errors fall unequally on them; where "
        "the groups' intervals overlap, the test split cannot tell them apart."
    )
    return [text] + [
        f"By `{result['column']}`: {gap_summary(result)}.\n\n" + "\n".join(fairness_table(result))
        for result in measured.values()
    ]


def risk_table(report: dict, prose: dict, pii: list[PiiFinding]) -> list[str]:
    """The risks the evaluation measures, each under the NIST AI RMF function it
    belongs to (Govern, Map, Measure, Manage)."""
    leakage, drift, security = report["leakage"], report["drift"], report["security"]
    evasion, poisoning = security["evasion"][-1], security["poisoning"]
    leaks = "; ".join(finding["detail"] for finding in leakage["findings"])
    oversight = "TODO" not in str(prose["intended_use"]) + str(prose["out_of_scope_uses"])
    rows = [
        [
            "Data leakage",
            "Measure",
            "an entity, a period or (split at random) a row on both sides of the split, "
            "target copies and single-feature leaks fail the gate",
            "none found" if leakage["passed"] else leaks,
        ],
        [
            "Bias across slices",
            "Measure",
            "the metric per group with confidence intervals (`evaluate.slices`)",
            largest_gap(report),
        ],
        [
            "Data drift",
            "Manage",
            "KS/chi² tests and PSI per feature; run `drift --current` on every new batch",
            f"{len(drift['drifted'])} of {len(drift['features'])} features drifted (test split)",
        ],
        [
            "Automation bias",
            "Govern",
            "intended and out-of-scope uses state where a person must decide",
            "documented" if oversight else "TODO: write the intended and out-of-scope uses",
        ],
        [
            "Privacy of the training data",
            "Map",
            "a scan for e-mail addresses, phone numbers and names (see DATASHEET.md)",
            "; ".join(finding.detail for finding in pii) or "no column flagged",
        ],
        [
            "Evasion (adversarial inputs)",
            "Measure",
            "predictions re-scored with numeric features nudged within a bound",
            f"{number(evasion['changed'])} of predictions change at ±{evasion['size']} std",
        ],
        [
            "Data poisoning",
            "Measure",
            "retraining with a growing share of flipped training labels",
            f"{poisoning['metric']} {number(poisoning['curve'][0]['value'])} clean, "
            f"{number(poisoning['curve'][-1]['value'])} with "
            f"{poisoning['curve'][-1]['fraction']:.0%} flipped",
        ],
        [
            "Membership inference",
            "Measure",
            "a confidence-threshold attack telling training rows from test rows",
            f"attack AUC {number(security['membership_inference']['attack_auc'])} (0.5: no signal)",
        ],
    ]
    return table(["risk", "AI RMF function", "how this project checks it", "status"], rows)


def security_section(security: dict) -> list[str]:
    """What the `security` stage measured, each result in plain words."""
    evasion = security["evasion"]
    curve, metric = security["poisoning"]["curve"], security["poisoning"]["metric"]
    attack = security["membership_inference"]["attack_auc"]
    personal = security["personal_data"]
    if personal["flagged"]:
        privacy = "**Personal data** (Map). Features that look like personal data: " + "; ".join(
            personal["flagged"]
        )
        kept = "; ".join(f"`{column}`: {why}" for column, why in personal["allowed"].items())
        privacy += f". Kept on purpose (params.yaml): {kept}." if kept else "."
    else:
        privacy = "**Personal data** (Map). No feature the model uses looks like personal data."
    return section(
        "Security and privacy",
        "**Evasion** (NIST AI RMF: Measure). Small, bounded changes to the numeric inputs "
        "should not change the answer: "
        + ", ".join(f"±{row['size']} std changes {number(row['changed'])}" for row in evasion)
        + " of test predictions. A large share means an attacker, or a noisy sensor, can "
        "flip decisions cheaply.",
        "**Data poisoning** (Measure). Retrained on partly corrupted labels, the model's "
        f"{metric} goes "
        + " → ".join(f"{number(row['value'])} ({row['fraction']:.0%})" for row in curve)
        + ". A steep fall means a few bad training records are enough to hurt it: check "
        "where the training labels come from.",
        f"**Membership inference** (Measure). An attacker who sees only the model's "
        f"confidence tells training rows from unseen ones with an AUC of {number(attack)} "
        "(0.5 is a coin toss). Well above 0.5 means the model memorised its training data "
        "and leaks who was in it: regularise it, or train on less identifying data.",
        privacy,
    )


def classes_line(report: dict) -> str:
    """The classes by name and, for two, which one the curves and threshold are about."""
    classes = report.get("classes")
    if not classes:
        return ""
    if len(classes) == 2:
        return (
            f"- Classes: {', '.join(classes)}. Positive label: {classes[1]} (the class "
            "the ROC and precision-recall curves, and any decision threshold, are about)\n"
        )
    return f"- Classes: {', '.join(classes)}\n"


def render_card(
    report: dict,
    prose: dict,
    params: Params,
    run_id: str,
    pii: list[PiiFinding],
    sensitive: list[SensitiveColumn],
) -> str:
    model, data, main = report["model"], report["data"], report["main_metric"]
    cv = report["cross_validation"]
    settings = ", ".join(
        f"{key} {value}"
        for key in ("class_weight", "resampling", "calibration", "threshold")
        if (value := model.get(key)) not in (None, "none")
    )
    lines = [
        front_matter(report, prose),
        "",
        f"# Model card: {prose['model_name']}",
        "",
        "<!-- Written by `dvc repro` (stage `card`): edit model_card.yaml and params.yaml, "
        "not this file. -->",
        "",
        *section(
            "Model details",
            str(prose["summary"]),
            f"- Developed by: {prose['authors']} ({prose['contact']})\n"
            f"- Model: scikit-learn `{model['family']}` predicting `{data['target']}` "
            f"({report['task']}){'; ' + settings if settings else ''}\n"
            f"{classes_line(report)}"
            f"- Baseline: `{model['baseline']}`\n"
            f"- MLflow run: `{run_id}`\n"
            f"- License: {prose['license']}",
        ),
        *section("Intended use", str(prose["intended_use"])),
        *section("Out-of-scope uses", str(prose["out_of_scope_uses"])),
        *section(
            "Factors",
            str(prose["factors"]),
            "Evaluated slices: "
            + (", ".join(f"`{s['column']}`" for s in report["slices"]) or "none"),
        ),
        *section(
            "Metrics",
            f"The main metric is **{main}**. Every metric is computed on the held-out test "
            "split, with a 95% bootstrap confidence interval, next to a baseline that "
            f"ignores the features; {main} is also cross-validated on the training split "
            f"({cv['folds']} folds).",
        ),
        *section(
            "Evaluation data",
            f"A held-out test split of {data['test_rows']} rows "
            f"(`prepare.test_size` {params.prepare.test_size}, seed {params.prepare.seed}), "
            f"never used in training or tuning. Split {data['split']['reason']}.",
        ),
        *section(
            "Training data",
            f"{data['train_rows']} rows of `{data['dataset']}`; its datasheet is "
            "[DATASHEET.md](DATASHEET.md).",
        ),
        "## Quantitative analyses",
        "",
        *metrics_table(report),
        "",
        f"Cross-validated {main}: {number(cv['mean'])} ± {number(cv['std'])}.",
        "",
    ]
    if calibration := report.get("calibration"):
        lines += [
            f"Expected calibration error: {number(calibration['ece'])} "
            "(0 means the predicted probabilities match observed frequencies).",
            "",
            "![Reliability diagram](reports/figures/reliability_diagram.png)",
            "",
        ]
    lines += [
        *slice_tables(report),
        "Quality gate: "
        + "; ".join(
            f"{c['name']} {'pass' if c['passed'] else 'FAIL'} ({c['detail']})"
            for c in report["gate"]["checks"]
        )
        + ".",
        "",
        *([f"**{report['gate']['advice']}**", ""] if report["gate"].get("advice") else []),
        *section(
            "Ethical considerations",
            str(prose["ethical_considerations"]),
            *fairness_paragraphs(report, sensitive),
        ),
        *section("Caveats and recommendations", str(prose["caveats_and_recommendations"])),
        *security_section(report["security"]),
        "## Risks (NIST AI RMF)",
        "",
        *risk_table(report, prose, pii),
    ]
    return "\n".join(lines) + "\n"
