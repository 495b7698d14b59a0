# Maintained by the template: change it through a template release (docs/updating.md).
"""Reporting: MODEL_CARD.md, DATASHEET.md and the README's results (stage `card`), and
the `readiness` check of the portfolio checklist.

The numbers come from reports/evaluation.json, the words from model_card.yaml and
datasheet.yaml (yours).
"""
