# Maintained by the template: change it through a template release (docs/updating.md).
"""A scan for personal data: columns whose values look like e-mail addresses, phone
numbers or people's names, columns named like identifiers, and free text holding them.

It is a heuristic that catches the common cases, not a guarantee: a flagged column is a
question for the datasheet ("should this be here at all?"), and a clean scan does not
make a dataset anonymous.
"""

import re
from dataclasses import dataclass

import pandas as pd

WORD = r"[A-Z][a-z]*(?:['-][A-Z]?[a-z]+)*"
# Forms of address in name lists such as the Titanic's passenger list.
TITLE = (
    r"(?:Mr|Mrs|Ms|Miss|Mme|Mlle|Master|Dr|Rev|Prof|Sir|Lady|Don|Dona|Col|Capt|Major|"
    r"Countess|Jonkheer)\.?"
)
# "Allen, Miss. Elisabeth Walton", "Allen, Miss Elisabeth Walton", "Mr. John Smith" and
# "John F. Kennedy" name a person whatever the column is called: products and places
# rarely carry a title or a middle initial.
TITLED = rf"[^,\d]+, {TITLE} [A-Z].*|{TITLE} {WORD}(?: {WORD})+"
INITIAL = rf"{WORD} (?:[A-Z]\. )+{WORD}"
# Two or three capitalised words ("Grace Hopper") are as often a car ("Acura Integra") or
# a place ("New York"): they count only in a column named for people.
PLAIN = re.compile(rf"^{WORD} {WORD}(?: {WORD})?$")
EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
PATTERNS = {
    "e-mail addresses": re.compile(rf"^{EMAIL}$"),
    # 9 to 15 digits (E.164) among phone punctuation: dates (8 digits) do not match.
    "phone numbers": re.compile(r"^(?=(?:\D*\d){9,15}\D*$)\+?[\d\s().-]+$"),
    "person names": re.compile(rf"^(?:{TITLED}|{INITIAL})$"),
}
# What free text (sentences, notes) may hold somewhere inside.
EMBEDDED = {
    "e-mail addresses": re.compile(EMAIL),
    "phone numbers": re.compile(r"(?<![\w.])\+?\(?\d(?:[\s().-]?\d){8,14}(?![\w.])"),
    "person names": re.compile(rf"\b(?:{TITLE} {WORD}|{INITIAL})\b"),
}
PEOPLE = r"(customer|client|patient|passenger|person|employee|student|user|member|owner|author)"
# Column names that say what they hold, whatever the values look like.
IDENTIFYING_NAMES = re.compile(
    r"^((e_?)?mail|e-mail|email_address|phone|phone_number|telephone|mobile|cell|ssn|"
    r"social_security_number|passport(_number)?|national_id|tax_id|"
    r"(home_|street_|postal_)?address|street|ip_address|"
    rf"{PEOPLE}_?id)$",
    re.I,
)
# Column names for a person's name: flagged unless the values are plainly no one's name
# (an auto-mpg style `name` column holds "chevrolet chevelle malibu").
NAME_COLUMNS = re.compile(
    rf"^((first|last|full|given|family|middle|sur|fore)_?name|name|{PEOPLE}_?name)$", re.I
)
# A column named for people ("student") is flagged only when it holds names.
PEOPLE_COLUMNS = re.compile(rf"^{PEOPLE}s?$", re.I)
NAME_LIKE = re.compile(rf"^(?:{TITLED}|{INITIAL}|{WORD}(?:,? {WORD}\.?)*)$")
SHARE = 0.5  # of a column's non-empty values matching a pattern
# A text column with at most this many distinct values is a category, whatever its name:
# ames' `Street` holds "Pave" or "Grvl" and singles out no one.
FEW_VALUES = 10
FREE_TEXT_SHARE = 0.2  # of free-text values holding one somewhere
FREE_TEXT_WORDS = 4  # median words per value from which a column is free text
SAMPLE = 1000  # values read per column: enough to judge, fast on large files


@dataclass(frozen=True)
class PiiFinding:
    column: str
    kind: str
    share: float

    @property
    def detail(self) -> str:
        return f"`{self.column}` looks like {self.kind} ({self.share:.0%} of values)"


def _share(text: pd.Series, pattern: re.Pattern, *, anywhere: bool = False) -> float:
    matches = text.str.contains(pattern) if anywhere else text.str.match(pattern)
    return float(matches.mean())


def _by_values(column: str, text: pd.Series) -> PiiFinding | None:
    for kind, pattern in PATTERNS.items():
        if (share := _share(text, pattern)) >= SHARE:
            return PiiFinding(column, kind, share)
    if text.str.split().str.len().median() >= FREE_TEXT_WORDS:
        for kind, pattern in EMBEDDED.items():
            if (share := _share(text, pattern, anywhere=True)) >= FREE_TEXT_SHARE:
                return PiiFinding(column, f"free text holding {kind}", share)
    return None


def _by_name(column: str, text: pd.Series | None) -> PiiFinding | None:
    name = re.sub(r"[\s.-]+", "_", column.strip())
    by_name = PiiFinding(column, "a personal identifier, by its name", 1.0)
    few = text is not None and text.nunique() <= FEW_VALUES
    if (IDENTIFYING_NAMES.match(name) and not few) or (text is None and NAME_COLUMNS.match(name)):
        return by_name
    if text is None or not (NAME_COLUMNS.match(name) or PEOPLE_COLUMNS.match(name)):
        return None
    if (share := _share(text, PLAIN)) >= SHARE:
        return PiiFinding(column, "person names", share)
    if NAME_COLUMNS.match(name) and _share(text, NAME_LIKE) >= SHARE:
        return by_name
    return None


def scan(frame: pd.DataFrame) -> list[PiiFinding]:
    """Columns that look like personal data, with the share of values that match."""
    findings = []
    for column in map(str, frame.columns):
        values = frame[column].dropna()
        # Numbers are judged by name only: a phone number stored as a number cannot be
        # told from a measurement.
        text = (
            None
            if values.empty or pd.api.types.is_numeric_dtype(values)
            else values.astype(str).head(SAMPLE).str.strip()
        )
        finding = (_by_values(column, text) if text is not None else None) or _by_name(column, text)
        if finding is not None:
            findings.append(finding)
    return findings
