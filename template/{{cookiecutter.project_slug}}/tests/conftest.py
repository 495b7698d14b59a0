import numpy as np
import pandas as pd
import pytest


@pytest.fixture
def tiny_frame() -> pd.DataFrame:
    """A small table with the column types real data has: numbers, a category, gaps."""
    rng = np.random.default_rng(0)
    size = 60
    numeric = rng.normal(size=size)
    frame = pd.DataFrame(
        {
            "numeric": numeric,
            "noise": rng.normal(size=size),
            "colour": rng.choice(["red", "green", "blue"], size=size),
            "label": np.where(numeric > 0, "yes", "no"),
            "amount": 3 * numeric + rng.normal(scale=0.1, size=size),
        }
    )
    frame.loc[::7, "noise"] = np.nan
    return frame
