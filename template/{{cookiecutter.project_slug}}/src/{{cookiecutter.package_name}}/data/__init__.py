# Maintained by the template: change it through a template release (docs/updating.md).
"""Data: load the raw table, hold it to its contract, decide what each column becomes.

Stages `ingest` (dataset.py: the loader, source and license), `validate` (the data
contract, dataset.py's `schema()`) and `prepare`
(columns.py: identifiers, free text and dates; the train/test split).
"""
