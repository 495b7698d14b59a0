# Maintained by the template: change it through a template release (docs/updating.md).
"""Columns that are, or stand in for, a protected characteristic of people: race, colour
or ethnicity, sex or gender, age, religion, nationality or citizenship, disability,
marital status. Found by the column's name or by its values (a `colour` column holding
"Black"/"White" is about people; one holding "red"/"green" is not).

The evaluation reports the model's errors per group of each (evaluation/slices.py) and
the card says which of them the model uses. A heuristic, as the personal-data scan: a
column it misses can still carry a characteristic (a postcode can stand in for ethnicity).
"""

import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

# Names as real tables spell them, whole: also a group's own indicator or share (the
# HMDA mortgages' `afam`, MASS Boston's `black`, openintro ncbirths' `whitemom`, ISLR
# Wage's `maritl`, SwissLabor's `foreign`). Not `skin` alone: MASS Pima's is a skinfold.
CHARACTERISTICS = {
    "race, colour or ethnicity": (
        r"race|racial|ethnicity|ethnic(_group)?|skin_(colou?r|tone)|afam|african_?american|black"
        r"|white|white_?mom|non_?white|cauc|caucasian|hispanic|latin[oa]|asian|minority",
        {
            "white", "black", "asian", "hispanic", "latino", "latina", "caucasian",
            "african american", "african-american", "native american", "amer-indian-eskimo",
            "asian-pac-islander", "pacific islander", "mixed", "other",
        },
    ),
    "sex or gender": (
        r"sex(_code)?|gender|male|female|women",
        {"male", "female", "man", "woman", "men", "women", "non-binary", "nonbinary"},
    ),
    "age": (
        r"age|age_(group|years?|in_years)|dob|date_of_birth|birth_?(date|year)|year_of_birth"
        r"|(mother|father)s?_age",
        set(),
    ),
    "religion": (
        r"religion|religious(ness)?|faith",
        {"christian", "muslim", "jewish", "hindu", "buddhist", "sikh", "catholic",
         "protestant", "atheist", "agnostic"},
    ),
    "nationality or citizenship": (
        r"nationality|citizen|citizenship|native_country|country_of_birth|immigrant"
        r"|foreign(er|_born)?",
        set(),
    ),
    "disability": (r"disability|disabled|handicap(ped)?", set()),
    "marital status": (
        r"marital(_status)?|maritl|married|single|divorced|widowed|relationship|spouse",
        {"married", "single", "divorced", "widowed", "separated", "never-married",
         "married-civ-spouse", "married-spouse-absent", "married-af-spouse"},
    ),
}  # fmt: skip
SHARE = 0.8  # of a column's values in a characteristic's vocabulary
MAX_GROUPS = 20  # more distinct values than this is not a category


@dataclass(frozen=True)
class SensitiveColumn:
    column: str
    characteristic: str
    found_by: str  # "name" or "values"

    @property
    def detail(self) -> str:
        return f"`{self.column}`: {self.characteristic} (by its {self.found_by})"


def _key(column: str) -> str:
    """snake_case of a column name, without accents: `marital-status`, `MaritalStatus` ->
    marital_status; a spreadsheet's `Âge (years)` -> age_years."""
    plain = unicodedata.normalize("NFKD", column.strip()).encode("ascii", "ignore").decode()
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", "_", plain)
    return re.sub(r"[^0-9a-z]+", "_", spaced.lower()).strip("_")


def _by_values(values: pd.Series) -> str | None:
    values = values.dropna()
    if values.empty or pd.api.types.is_numeric_dtype(values) or values.nunique() > MAX_GROUPS:
        return None
    text = values.astype(str).str.strip().str.lower()
    for characteristic, (_, vocabulary) in CHARACTERISTICS.items():
        # Two of the vocabulary's groups at least: "other" alone says nothing.
        if text.isin(vocabulary).mean() >= SHARE and text[text.isin(vocabulary)].nunique() >= 2:
            return characteristic
    return None


def find_sensitive(frame: pd.DataFrame) -> list[SensitiveColumn]:
    """Every column that looks like a protected characteristic, by name or by values."""
    found = []
    for column in map(str, frame.columns):
        key = _key(column)
        by_name = next(
            (
                characteristic
                for characteristic, (names, _) in CHARACTERISTICS.items()
                if re.fullmatch(names, key)
            ),
            None,
        )
        if by_name is not None:
            found.append(SensitiveColumn(column, by_name, "name"))
        elif (by_values := _by_values(frame[column])) is not None:
            found.append(SensitiveColumn(column, by_values, "values"))
    return found
