# Maintained by the template: change it through a template release (docs/updating.md).
"""The {{ cookiecutter.package_name }} package, one folder per concern (README.md, "Make it yours").

- data/: load, validate and prepare the raw table (stages ingest, validate, prepare);
- modeling/: your features and model families, and training (stage train);
- evaluation/: the honest evaluation and the quality gate (ablation, drift, security, evaluate);
- reporting/: the model card, datasheet and README results (card), and `readiness`;
- scoring/: the `predict` command{% if cookiecutter.serving %};
- serving/: the HTTP API, the ONNX export (export) and `bench-serving`{% endif %}.

Run any stage as `python -m {{ cookiecutter.package_name }} <stage>`; `dvc repro` runs them in order.
"""

__version__ = "0.1.0"
