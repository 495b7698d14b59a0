# Maintained by the template: change it through a template release (docs/updating.md).
"""Modeling: your features and model families, and the stage that trains them.

Yours: features.py and models.py. The template's: pipeline.py (what wraps them),
train.py (stage `train`) and tracking.py (MLflow).
"""
