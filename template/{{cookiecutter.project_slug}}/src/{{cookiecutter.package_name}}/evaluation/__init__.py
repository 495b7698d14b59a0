# Maintained by the template: change it through a template release (docs/updating.md).
"""Evaluation: everything `reports/evaluation.json` says, and the quality gate.

Stage `evaluate` (evaluate.py) with its parts: metrics, bootstrap intervals,
calibration, slices, leakage, robustness, figures and the gate; the stages it reads
from run first: `ablation`, `drift` and `security`.
"""
