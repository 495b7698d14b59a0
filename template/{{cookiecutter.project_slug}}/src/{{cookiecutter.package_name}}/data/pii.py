# Maintained by the template: change it through a template release (docs/updating.md).
"""A scan for personal data: columns whose values look like e-mail addresses, phone
numbers or people's names.

It is a heuristic that catches the common cases, not a guarantee: a flagged column is a
question for the datasheet ("should this be here at all?"), and a clean scan does not
make a dataset anonymous.
"""

import re
from dataclasses import dataclass

import pandas as pd

PATTERNS = {
    "e-mail addresses": re.compile(r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$"),
    # 9 to 15 digits (E.164) among phone punctuation: dates (8 digits) do not match.
    "phone numbers": re.compile(r"^(?=(?:\D*\d){9,15}\D*$)\+?[\d\s().-]+$"),
    "person names": re.compile(r"^[A-Z][a-z]+(?:[ '-][A-Z][a-z]+)+$"),
}
# Column names that say what they hold, whatever the values look like.
IDENTIFYING_NAMES = re.compile(
    r"^(name|(e_?)?mail|e-mail|phone|mobile|surname|(first|last|full)_?name|ssn|address)$", re.I
)
SHARE = 0.5  # of a column's non-empty values matching a pattern
SAMPLE = 1000  # values read per column: enough to judge, fast on large files


@dataclass(frozen=True)
class PiiFinding:
    column: str
    kind: str
    share: float

    @property
    def detail(self) -> str:
        return f"`{self.column}` looks like {self.kind} ({self.share:.0%} of values)"


def _by_values(column: str, values: pd.Series) -> PiiFinding | None:
    values = values.dropna()
    # Numbers are judged by name only: a phone number stored as a number cannot be told
    # from a measurement.
    if values.empty or pd.api.types.is_numeric_dtype(values):
        return None
    text = values.astype(str).head(SAMPLE).str.strip()
    for kind, pattern in PATTERNS.items():
        if (share := float(text.str.match(pattern).mean())) >= SHARE:
            return PiiFinding(column, kind, share)
    return None


def scan(frame: pd.DataFrame) -> list[PiiFinding]:
    """Columns that look like personal data, with the share of values that match."""
    findings = []
    for column in map(str, frame.columns):
        finding = _by_values(column, frame[column])
        if finding is None and IDENTIFYING_NAMES.match(column.strip()):
            finding = PiiFinding(column, "a personal identifier, by its name", 1.0)
        if finding is not None:
            findings.append(finding)
    return findings
