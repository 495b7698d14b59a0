# Maintained by the template: change it through a template release (docs/updating.md).
"""Scoring new records: the `predict` command, each row held to the data contract."""
