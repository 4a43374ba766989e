#!/usr/bin/python3
"""Checks every shipped scenario and the annotated example against scenarios/scenario.schema.json,
and the skill catalogue against assets/skills.schema.json; and that the schema rejects a few
known-bad documents. Uses Debian's python3-yaml and python3-jsonschema."""
import glob
import json
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
import copy
for name, mutate in bad_cases.items():
    doc = copy.deepcopy(base)
    mutate(doc)
    check(not Scenario.is_valid(doc), f"schema rejects: {name}")

print(f"json_schema: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
