#!/usr/bin/python3
"""Checks every shipped scenario and the annotated example against scenarios/scenario.schema.json,
the skill catalogue against assets/skills.schema.json, and every drill bank and the annotated
example of docs/drill-format.md against drills/drill.schema.json; and that the schemas reject a few
known-bad documents. Uses Debian's python3-yaml and python3-jsonschema."""
import copy
import glob
import json
import re
import sys

import jsonschema
import yaml

passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


scenario_schema = json.load(open("scenarios/scenario.schema.json"))
skills_schema = json.load(open("assets/skills.schema.json"))
for schema in (scenario_schema, skills_schema):
    jsonschema.validators.validator_for(schema).check_schema(schema)
Scenario = jsonschema.validators.validator_for(scenario_schema)(scenario_schema)
Skills = jsonschema.validators.validator_for(skills_schema)(skills_schema)

files = sorted(glob.glob("scenarios/*.yaml")) + ["tests/data/valid/example.yaml"]
check(len(files) >= 2, "shipped scenarios found")
for path in files:
    errors = list(Scenario.iter_errors(load(path)))
    for e in errors[:5]:
        print(f"  {path}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
    check(not errors, f"{path} matches the schema")
errors = list(Skills.iter_errors(load("assets/skills.yaml")))
check(not errors, "assets/skills.yaml matches its schema")

base = load("tests/data/valid/example.yaml")
bad_cases = {
    "unknown top-level key": lambda d: d.update(colour="blue"),
    "missing id": lambda d: d.pop("id"),
    "bad difficulty": lambda d: d.update(difficulty="easy"),
    "response without rationale": lambda d: d["nodes"][0]["responses"][0].pop("rationale"),
    "effects not integers": lambda d: d["nodes"][0]["responses"][0].update(effects={"trust": "a lot"}),
    "bad outcome": lambda d: d["endings"][0].update(outcome="great"),
}
for name, mutate in bad_cases.items():
    doc = copy.deepcopy(base)
    mutate(doc)
    check(not Scenario.is_valid(doc), f"schema rejects: {name}")

# Drill banks.
drill_schema = json.load(open("drills/drill.schema.json"))
jsonschema.validators.validator_for(drill_schema).check_schema(drill_schema)
Drill = jsonschema.validators.validator_for(drill_schema)(drill_schema)


def drill_doc_example():
    """The bank in the "Annotated example" section of docs/drill-format.md."""
    try:
        with open("docs/drill-format.md", encoding="utf-8") as f:
            text = f.read()
    except OSError:
        return None
    section = text.split("\n## Annotated example", 1)[-1]
    block = re.search(r"```yaml\n(.*?)```", section, re.S)
    return yaml.safe_load(block.group(1)) if block else None


banks = sorted(glob.glob("drills/*.yaml"))
check(len(banks) >= 1, "shipped drill banks found")
for path in banks:
    errors = list(Drill.iter_errors(load(path)))
    for e in errors[:5]:
        print(f"  {path}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
    check(not errors, f"{path} matches the drill schema")
example = drill_doc_example()
check(example is not None, "docs/drill-format.md has an annotated example")
if example is not None:
    errors = list(Drill.iter_errors(example))
    for e in errors[:5]:
        print(f"  docs/drill-format.md: {'/'.join(map(str, e.absolute_path))}: {e.message}")
    check(not errors, "the example in docs/drill-format.md matches the drill schema")
    check(any(sum(bool(o.get("correct")) for o in i["options"]) > 1 for i in example["items"]),
          "the example in docs/drill-format.md has a choose-all-that-apply item")

bank = load("drills/engagement.yaml")
first = lambda d: d["items"][0]
bad_drills = {
    "unknown top-level key": lambda d: d.update(colour="blue"),
    "missing kind": lambda d: d.pop("kind"),
    "wrong kind": lambda d: d.update(kind="scenario"),
    "format 2": lambda d: d.update(format=2),
    "no items": lambda d: d.update(items=[]),
    "topic without label": lambda d: d["topics"][0].pop("label"),
    "item id with a space": lambda d: first(d).update(id="ultimate goal"),
    "item without reference": lambda d: first(d).pop("reference"),
    "item with no topics": lambda d: first(d).update(topics=[]),
    "bad difficulty": lambda d: first(d).update(difficulty="easy"),
    "unknown key in an item": lambda d: first(d).update(level=2),
    "item with one option": lambda d: first(d).update(options=first(d)["options"][1:2]),
    "item with ten options": lambda d: first(d).update(
        options=[dict(first(d)["options"][1], text=f"option {k}") for k in range(10)]),
    "item with no correct option": lambda d: first(d).update(
        options=[{k: v for k, v in o.items() if k != "correct"} for o in first(d)["options"]]),
    "option without text": lambda d: first(d)["options"][0].pop("text"),
    "option with empty text": lambda d: first(d)["options"][0].update(text="  "),
    "option without rationale": lambda d: first(d)["options"][0].pop("rationale"),
    "misspelt rationale": lambda d: first(d)["options"][0].update(
        rationle=first(d)["options"][0].pop("rationale")),
    "correct not true or false": lambda d: first(d)["options"][0].update(correct="yes"),
}
for name, mutate in bad_drills.items():
    doc = copy.deepcopy(bank)
    mutate(doc)
    check(not Drill.is_valid(doc), f"drill schema rejects: {name}")
# The golden examples of errors the schema can see (the others need `rapport validate`).
for name in ("no-rationale", "no-correct", "one-option", "unknown-key"):
    path = f"tests/data/invalid/drill-{name}.yaml"
    check(not Drill.is_valid(load(path)), f"drill schema rejects {path}")

print(f"json_schema: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
