"""Run inside a generated project (`uv run python inspect_card.py`): load MODEL_CARD.md as
the Hugging Face Hub does and print its metadata, as JSON, for the template's tests."""

import json
import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from huggingface_hub import ModelCard  # noqa: E402

data = ModelCard.load("MODEL_CARD.md").data
print(
    json.dumps(
        {
            "license": data.license,
            "library_name": data.library_name,
            "metrics": data.metrics,
            "results": {r.metric_type: r.metric_value for r in data.eval_results},
        }
    )
)
