# Maintained by the template: change it through a template release (docs/updating.md).
"""Lets every stage run as `python -m {{ cookiecutter.package_name }} <stage>` (as dvc.yaml does)."""

from .cli import main

raise SystemExit(main())
