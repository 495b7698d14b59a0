# Maintained by the template: change it through a template release (docs/updating.md).
"""How a CSV file is written: its encoding, delimiter and decimal mark, read off the file.

Students' files come from spreadsheets as often as from code: cp1252 rather than UTF-8,
semicolons and decimal commas from a European Excel. This module uses only the standard
library, so the template's setup task can check the file with it before the project's
environment exists, and `ingest` reads the file the same way.
"""

import csv
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# Tried in order; latin-1 decodes any byte, so it is the last resort.
ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")
DELIMITERS = (",", ";", "\t", "|")
NAMES = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "vertical bars"}
# Rows looked at to tell the delimiter: enough to see a consistent field count.
SAMPLE_ROWS = 200
DECIMAL_COMMA = re.compile(r"^-?\d+,\d+$")
DECIMAL_POINT = re.compile(r"^-?\d*\.\d+$")


class CsvFormatError(ValueError):
    """The file cannot be read as a table; the message says why and what to do."""


@dataclass(frozen=True)
class CsvFormat:
    encoding: str
    delimiter: str
    decimal: str
    header: list[str]

    def read_options(self) -> dict[str, str]:
        """Keyword arguments of `pandas.read_csv` that read the file as written."""
        return {"encoding": self.encoding, "sep": self.delimiter, "decimal": self.decimal}

    def describe(self) -> str:
        encoding = "UTF-8" if self.encoding == "utf-8-sig" else self.encoding
        decimal = ", decimal commas" if self.decimal == "," else ""
        return f"{encoding}, {NAMES[self.delimiter]}{decimal}"


def decode(data: bytes) -> tuple[str, str]:
    if b"\x00" in data[:4096]:
        raise CsvFormatError(
            "it is not a text file (a spreadsheet saved as .xlsx or .ods?): "
            "save it as CSV (comma or semicolon separated)"
        )
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte")


def sample(text: str, delimiter: str) -> list[list[str]]:
    """The first rows as `delimiter` splits them (quoted line breaks kept in their field)."""
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    return [row for row in itertools.islice(rows, SAMPLE_ROWS) if row]


def pick_delimiter(text: str) -> str:
    """The delimiter that splits the header into the most fields, the same number on
    (nearly) every row; a one-column file is read with commas."""

    def score(delimiter: str) -> tuple[bool, int]:
        counts = [len(row) for row in sample(text, delimiter)]
        consistent = sum(count == counts[0] for count in counts) >= 0.9 * len(counts)
        return consistent, counts[0]

    best = max(DELIMITERS, key=score)
    return best if score(best)[1] > 1 else ","


def pick_decimal(rows: list[list[str]], delimiter: str) -> str:
    """A comma is the decimal mark when numbers are written with one and never a point."""
    if delimiter == ",":
        return "."
    cells = [cell.strip() for row in rows[1:] for cell in row]
    commas = sum(bool(DECIMAL_COMMA.match(cell)) for cell in cells)
    points = sum(bool(DECIMAL_POINT.match(cell)) for cell in cells)
    return "," if commas and not points else "."


def sniff(path: Path) -> CsvFormat:
    """The format of the CSV at `path`; CsvFormatError if it holds no table."""
    text, encoding = decode(path.read_bytes())
    if not text.strip():
        raise CsvFormatError("the file is empty")
    delimiter = pick_delimiter(text)
    rows = data_rows(text, delimiter)
    header = next(rows)
    # One row is enough to tell: `ingest` reads every file, large ones too, through here.
    if next(rows, None) is None:
        raise CsvFormatError(f"it has a header ({', '.join(header)}) but no rows of data")
    decimal = pick_decimal(sample(text, delimiter), delimiter)
    return CsvFormat(encoding, delimiter, decimal, header)


def data_rows(text: str, delimiter: str) -> Iterator[list[str]]:
    """The header, then each row with a value in it."""
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    return (row for row in rows if any(cell.strip() for cell in row))


def count_rows(path: Path, found: CsvFormat) -> int:
    """Rows of data below the header, for the setup task's summary of the file."""
    text = path.read_bytes().decode(found.encoding)
    return sum(1 for _ in data_rows(text, found.delimiter)) - 1
