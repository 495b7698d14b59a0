"""The {{ cookiecutter.package_name }} package: one module per pipeline stage (see README.md)."""

__version__ = "0.1.0"
