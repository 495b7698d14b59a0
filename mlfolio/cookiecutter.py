"""Write Cookiecutter's side of the template from copier.yml, the one list of questions.

Writes `template/cookiecutter.json` (questions, defaults, choices, prompts and the
derived `__` names), the dependency names of `template/hooks/reserved_names.jinja` (read
off the template's dependency lists and imports, so a new dependency is reserved the day
it is added) and the reserved-names block of `template/hooks/pre_gen_project.py` (a
Cookiecutter hook cannot read other template files: it runs as a rendered copy in a
temporary file). Cookiecutter has no computed questions and none of Copier's ansible
filters, so the defaults Copier computes are spelled below in Cookiecutter's Jinja.

Run by `nox -s cookiecutter` (`python -m mlfolio.cookiecutter`); tests/test_parity.py
fails when the committed files are stale, and the compare tests fail when a spelling here
renders differently.
"""

import argparse
import json
import re
import textwrap

import jinja2
import yaml

from mlfolio import ROOT

COPIER_YML = ROOT / "copier.yml"
COOKIECUTTER_JSON = ROOT / "template" / "cookiecutter.json"
PRE_GEN_HOOK = ROOT / "template" / "hooks" / "pre_gen_project.py"
RESERVED_NAMES = ROOT / "template" / "hooks" / "reserved_names.jinja"
# One registry entry per dataset; Cookiecutter's Jinja loader finds them under templates/.
DATASETS = ROOT / "template" / "templates" / "datasets"
PROJECT = ROOT / "template" / "{{cookiecutter.project_slug}}"
# A requirement with its bound, as the template's pyproject.toml and registry entries write
# each one: "name[extra]>=1.0".
REQUIREMENT = re.compile(r'"([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]"]*\])?\s*(?:[<>=~!]=|[<>])')
# An import statement on a line of its own (relative imports are the package's own).
IMPORT = re.compile(
    r"^\s*(?:import\s+([A-Za-z_]\w*)|from\s+([A-Za-z_]\w*)[\w.]*\s+import\s)", re.MULTILINE
)

# Copier's `lower | regex_replace('[^a-z0-9]+', '-') | trim('-')`: python-slugify without
# transliteration or entity decoding drops the same characters.
SLUGIFY = (
    "slugify(allow_unicode=True, regex_pattern='[^a-z0-9]+', "
    "entities=False, decimal=False, hexadecimal=False)"
)

# Questions whose Copier default is a Jinja expression.
DEFAULTS = {
    "project_slug": "{{ cookiecutter.project_name | " + SLUGIFY + " }}",
    "package_name": "{{ cookiecutter.project_slug | replace('-', '_') }}",
    "min_ci_low": "{{ 0.3 if cookiecutter.dataset == 'diabetes' else 0.8 }}",
}


def from_registry(fact: str, answer: str) -> str:
    """A bundled dataset's `fact`, read off its registry entry, else the `answer` (a CSV of
    one's own), as one Jinja expression: Cookiecutter cannot import a template while it
    computes the defaults, as copier.yml does."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(DATASETS))
    names = sorted(path.stem for path in DATASETS.glob("*.jinja") if path.stem != "custom_csv")
    facts = {name: getattr(env.get_template(f"{name}.jinja").module, fact) for name in names}
    return f"{{{{ {facts!r}.get(cookiecutter.dataset, cookiecutter.{answer}) }}}}"


# The `__` names of copier.yml's computed `cookiecutter` question.
DERIVED = {
    "__csv_file": (
        "{{ (cookiecutter.csv_path.split('/') | last) "
        "if cookiecutter.dataset == 'custom_csv' else '' }}"
    ),
    "__target": from_registry("target", "target_column"),
    "__task": from_registry("task", "task"),
    "__dataset_entry": "datasets/{{ cookiecutter.dataset }}.jinja",
    "__escape": "escape.jinja",
    "__year": "{% now 'utc', '%Y' %}",
    # Empty: the answers file's name renders empty, so Cookiecutter skips it.
    "__answers": "",
}

BLOCK = re.compile(r"(# \[\[\[reserved names[^\n]*\n).*?(# \]\]\])", re.DOTALL)
DEPENDENCY_BLOCK = re.compile(r"(\[\[\[dependency names[^\n]*\n).*?(\]\]\])", re.DOTALL)


def questions(config: dict) -> dict[str, dict]:
    return {
        name: spec
        for name, spec in config.items()
        if not name.startswith("_") and spec.get("when") is not False
    }


def computed_names(config: dict) -> list[str]:
    """The names copier.yml's computed `cookiecutter` question gives the template files."""
    return re.findall(r'^\s*"(\w+)":', config["cookiecutter"]["default"], re.MULTILINE)


def default(name: str, spec: dict) -> bool | str | list[str]:
    if isinstance(spec.get("default"), bool):
        return spec["default"]  # Cookiecutter asks a yes/no question for a JSON boolean
    value = str(spec.get("default", ""))
    if "{{" in value or "{%" in value:
        if name not in DEFAULTS:
            raise SystemExit(f"copier.yml: {name} has a computed default; spell it in DEFAULTS")
        return DEFAULTS[name]
    choices = spec.get("choices")
    if not choices:
        return value
    values = list(choices.values()) if isinstance(choices, dict) else list(choices)
    # Cookiecutter's default is the first choice.
    return [value, *(choice for choice in values if choice != value)]


def prompt(spec: dict) -> str | dict[str, str]:
    text = spec["help"]
    if "when" in spec:
        condition = spec["when"].strip("{} ")
        text += f" (only used when {condition}; Cookiecutter cannot skip a question)"
    choices = spec.get("choices")
    if not isinstance(choices, dict):
        return text
    return {"__prompt__": text, **{value: label for label, value in choices.items()}}


def render_cookiecutter_json(config: dict) -> str:
    asked = questions(config)
    expected = [*asked, *DERIVED]
    if computed_names(config) != expected:
        raise SystemExit(
            "copier.yml's computed `cookiecutter` question must list the questions, then "
            f"{list(DERIVED)}, in this order: {expected}"
        )
    context: dict[str, object] = {name: default(name, spec) for name, spec in asked.items()}
    context.update(DERIVED)
    context["__prompts__"] = {name: prompt(spec) for name, spec in asked.items()}
    return json.dumps(context, indent=2, ensure_ascii=False) + "\n"


def dependency_names() -> list[str]:
    """Every module name a generated project installs or imports, read off the template:
    the distributions its pyproject.toml and the dataset registry require (normalized as
    an import name, e.g. huggingface-hub -> huggingface_hub) and the modules its code
    imports (e.g. onnx, which skl2onnx brings)."""
    names = set()
    for path in [PROJECT / "pyproject.toml", *DATASETS.glob("*.jinja")]:
        text = path.read_text(encoding="utf-8")
        names |= set(REQUIREMENT.findall(text))
    for path in PROJECT.rglob("*.py"):
        names |= {"".join(match) for match in IMPORT.findall(path.read_text(encoding="utf-8"))}
    normalized = {re.sub(r"[-.]+", "_", name).lower() for name in names}
    return sorted(normalized - {"cookiecutter"})


def render_reserved_names(reserved_names: str, names: list[str]) -> str:
    listed = textwrap.fill(", ".join(f'"{name}"' for name in names), width=88)
    block = f"{{%- set DEPENDENCY_NAMES = [\n{textwrap.indent(listed, '  ')}\n] -%}}\n{{#- "
    return DEPENDENCY_BLOCK.sub(
        lambda match: match[1] + "-#}\n" + block + match[2], reserved_names, count=1
    )


def render_pre_gen_hook(hook: str, reserved_names: str) -> str:
    names = " ".join(sorted(set(re.findall(r'"(\w+)"', reserved_names)), key=str.lower))
    lines = textwrap.fill(names, width=88, break_on_hyphens=False)
    # A block of words, not a list literal: a few short lines instead of four hundred.
    split = '""".split()  # noqa: SIM905'
    block = f'RESERVED_NAMES = frozenset(\n    """\n{lines}\n{split}\n)\n'
    return BLOCK.sub(lambda match: match[1] + block + match[2], hook, count=1)


def main(argv: list[str] | None = None) -> None:
    argparse.ArgumentParser(
        prog=f"python -m {__spec__.name}", description=__doc__.split("\n\n")[0]
    ).parse_args(argv)
    config = yaml.safe_load(COPIER_YML.read_text(encoding="utf-8"))
    COOKIECUTTER_JSON.write_text(render_cookiecutter_json(config), encoding="utf-8")
    reserved = render_reserved_names(RESERVED_NAMES.read_text(encoding="utf-8"), dependency_names())
    RESERVED_NAMES.write_text(reserved, encoding="utf-8")
    hook = render_pre_gen_hook(PRE_GEN_HOOK.read_text(encoding="utf-8"), reserved)
    PRE_GEN_HOOK.write_text(hook, encoding="utf-8")
    for path in (COOKIECUTTER_JSON, RESERVED_NAMES, PRE_GEN_HOOK):
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
