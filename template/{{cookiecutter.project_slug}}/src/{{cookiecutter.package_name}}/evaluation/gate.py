# Maintained by the template: change it through a template release (docs/updating.md).
"""The quality gate: thresholds from params.yaml that the evaluation must meet, so that
CI fails on a regression instead of publishing it."""

from dataclasses import dataclass


@dataclass(frozen=True)
class GateCheck:
    name: str
    passed: bool
    detail: str


def widest_gap(slices: list[dict]) -> dict:
    """The slice column whose groups differ most in the metric."""
    return max(slices, key=lambda result: result["largest_gap"])


def gate_checks(report: dict, gate: dict) -> list[GateCheck]:
    main = report["main_metric"]
    result = report["metrics"][main]
    higher = result["higher_is_better"]
    checks = []
    if gate.get("beat_baseline", True):
        bound, baseline = (
            (result["ci_low"], result["baseline"])
            if higher
            else (result["ci_high"], result["baseline"])
        )
        passed = bound > baseline if higher else bound < baseline
        side = "lower" if higher else "upper"
        checks.append(
            GateCheck(
                "beats_baseline",
                passed,
                f"{main}: 95% CI {side} bound {bound:.3f} vs baseline {baseline:.3f}",
            )
        )
    if (floor := gate.get("min_main_metric")) is not None:
        value = result["value"]
        passed = value >= floor if higher else value <= floor
        checks.append(GateCheck("main_metric", passed, f"{main} = {value:.3f}, limit {floor}"))
    calibration = report.get("calibration")
    if calibration and (limit := gate.get("max_ece")) is not None:
        ece = calibration["ece"]
        checks.append(GateCheck("calibration", ece <= limit, f"ECE = {ece:.3f}, limit {limit}"))
    if (gap_limit := gate.get("max_slice_gap")) is not None and report["slices"]:
        worst = widest_gap(report["slices"])
        checks.append(
            GateCheck(
                "slice_gap",
                worst["largest_gap"] <= gap_limit,
                f"{worst['metric']} gap {worst['largest_gap']:.3f} across "
                f"{worst['column']}, limit {gap_limit}",
            )
        )
    if personal := report.get("security", {}).get("personal_data"):
        checks.append(
            GateCheck(
                "no_personal_data",
                personal["passed"],
                "; ".join(personal["flagged"]) or "no feature looks like personal data",
            )
        )
    leakage = report["leakage"]
    checks.append(
        GateCheck(
            "no_leakage",
            leakage["passed"],
            "; ".join(f["detail"] for f in leakage["findings"]) or "no leakage found",
        )
    )
    return checks
