#!/usr/bin/python3
"""Checks every shipped scenario and the annotated examples (formats 1 and 2) against
scenarios/scenario.schema.json, the skill catalogue against assets/skills.schema.json (and that the
scenario schema's lists of codes and essentials are the catalogue's), and every drill bank and the annotated
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

files = sorted(f for f in glob.glob("scenarios/*.yaml") if not f.endswith(".tests.yaml")) + ["tests/data/valid/example.yaml",
                                                  "tests/data/valid/example-v2.yaml",
                                                  "tests/data/upgrade/format1.yaml",
                                                  "tests/data/upgrade/format1.expected.yaml"]
check(len(files) >= 2, "shipped scenarios found")
for path in files:
    errors = list(Scenario.iter_errors(load(path)))
    for e in errors[:5]:
        print(f"  {path}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
    check(not errors, f"{path} matches the schema")
errors = list(Skills.iter_errors(load("assets/skills.yaml")))
for e in errors[:5]:
    print(f"  assets/skills.yaml: {'/'.join(map(str, e.absolute_path))}: {e.message}")
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

# Format 2: the catalogue's codes and essentials are the schema's enums; a minimal document passes;
# format 2 documents with format 1 keys, unknown codes or essentials fail; format 1 documents with
# format 2 keys fail.
catalogue = load("assets/skills.yaml")
defs = scenario_schema["definitions"]
check(defs["code_id"]["enum"] == [c["id"] for c in catalogue["codes"]],
      "scenario schema's code ids are the catalogue's codes")
check(defs["essential_id"]["enum"] == [e["id"] for e in catalogue["essentials"]],
      "scenario schema's essential ids are the catalogue's essentials")
code_ids = {c["id"] for c in catalogue["codes"]}
error_ids = {e["id"] for e in catalogue["errors"]}
for skill in catalogue["skills"]:
    check(skill.get("code") in code_ids, f"catalogue skill {skill['id']} names a known code")
    check(set(skill.get("errors", [])) <= error_ids, f"catalogue skill {skill['id']} names known errors")

minimal_v2 = yaml.safe_load("""
format: 2
id: minimal-v2
title: "Sam: hello"
version: 1.0.0
summary: One node, one ending.
objectives: [Set the frame.]
difficulty: beginner
minutes: 1
client:
  name: Sam
  age: 30
  pronouns: they/them
  presenting_concern: Stress at work.
  instructor_notes: Nothing the trainee needs to find out.
  known_before: Self-referred.
start: hello
nodes:
  - id: hello
    client: "Hi. I've not done this before."
    responses:
      - say: "Hello, Sam. We have fifty minutes today; first, a word on what stays between us."
        code: structuring
        meets: [frame]
        rationale: You set the frame before anything else, so Sam knows what to expect.
        next: done
endings:
  - id: done
    title: A start
    text: You set the frame.
    grade: Started
    outcome: good
""")
errors = list(Scenario.iter_errors(minimal_v2))
for e in errors[:5]:
    print(f"  minimal format 2 document: {'/'.join(map(str, e.absolute_path))}: {e.message}")
check(not errors, "schema accepts a minimal format 2 document")
response = lambda d: d["nodes"][0]["responses"][0]
bad_v2 = {
    "format 2 response with skill: instead of code:": lambda d: response(d).update(skill=response(d).pop("code")),
    "format 2 response with skill: beside code:": lambda d: response(d).update(skill="structuring"),
    "unknown code": lambda d: response(d).update(code="reflection"),
    "unknown essential in meets": lambda d: response(d).update(meets=["confidentialty"]),
    "client background in format 2": lambda d: d["client"].update(background="Lives alone."),
    "top-level skills in format 2": lambda d: d.update(skills=[{"id": "x", "label": "X", "group": "question"}]),
    "answer_with a format 1 skill": lambda d: d["nodes"][0].update(
        opportunity={"kind": "risk", "note": "Ask.", "answer_with": ["interrogating"]}),
    "ending requires without otherwise": lambda d: d["endings"][0].update(requires=["frame"]),
    "empty reply": lambda d: response(d).update(reply={}),
    "format 3": lambda d: d.update(format=3),
}
for name, mutate in bad_v2.items():
    doc = copy.deepcopy(minimal_v2)
    mutate(doc)
    check(not Scenario.is_valid(doc), f"schema rejects: {name}")
bad_v1 = {
    "format 1 response with code:": lambda d: d["nodes"][0]["responses"][0].update(code="open_question"),
    "format 1 response without skill:": lambda d: d["nodes"][0]["responses"][0].pop("skill"),
    "format 1 node with reveal": lambda d: d["nodes"][0].update(reveal=["x"]),
    "format 1 client with instructor_notes": lambda d: d["client"].update(instructor_notes="x"),
    "format 1 with essentials": lambda d: d.update(essentials=["frame"]),
    "format 1 ending with requires": lambda d: d["endings"][0].update(requires=["frame"], otherwise="mixed_end"),
}
for name, mutate in bad_v1.items():
    doc = copy.deepcopy(base)
    mutate(doc)
    check(not Scenario.is_valid(doc), f"schema rejects: {name}")

# The format 2 example of docs/scenario-format.md is tests/data/valid/example-v2.yaml.
with open("docs/scenario-format.md", encoding="utf-8") as f:
    section = f.read().split("\n## Annotated example, format 2", 1)[-1]
block = re.search(r"```yaml\n(.*?)```", section, re.S)
check(block is not None and yaml.safe_load(block.group(1)) == load("tests/data/valid/example-v2.yaml"),
      "the format 2 example in docs/scenario-format.md is tests/data/valid/example-v2.yaml")

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

# Test plans (NAME.tests.yaml): every shipped plan file and the example of docs/test-plans.md match
# scenarios/tests.schema.json, and the schema rejects known-bad plans.
plans_schema = json.load(open("scenarios/tests.schema.json"))
jsonschema.validators.validator_for(plans_schema).check_schema(plans_schema)
Plans = jsonschema.validators.validator_for(plans_schema)(plans_schema)


def plans_doc_example():
    """The plan file in the "Annotated example" section of docs/test-plans.md."""
    with open("docs/test-plans.md", encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"## Annotated example.*?```yaml\n(.*?)```", text, re.S)
    return yaml.safe_load(m.group(1)) if m else None


plan_files = sorted(glob.glob("scenarios/*.tests.yaml"))
check(len(plan_files) >= 2, "shipped test plan files found")
for path in plan_files:
    errors = list(Plans.iter_errors(load(path)))
    for e in errors[:5]:
        print(f"  {path}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
    check(not errors, f"{path} matches the test plan schema")
example = plans_doc_example()
check(example is not None, "docs/test-plans.md has an annotated example")
if example is not None:
    errors = list(Plans.iter_errors(example))
    for e in errors[:5]:
        print(f"  docs/test-plans.md example: {'/'.join(map(str, e.absolute_path))}: {e.message}")
    check(not errors, "the docs/test-plans.md example matches the test plan schema")
plan_base = load("scenarios/first-session.tests.yaml")
bad_plans = {
    "no plans": lambda d: d.pop("plans"),
    "unknown top-level key": lambda d: d.update(tests=[]),
    "plan without name": lambda d: d["plans"][0].pop("name"),
    "plan without steps": lambda d: d["plans"][0].update(steps=[]),
    "step without choose": lambda d: d["plans"][0]["steps"][0].pop("choose"),
    "step by position": lambda d: d["plans"][0]["steps"][0].update(choose=1),
    "misspelt not_offered": lambda d: d["plans"][0]["steps"][0].update(not_offerd=["r2"]),
    "range with unknown key": lambda d: d["plans"][0].update(values={"trust": {"minimum": 3}}),
    "value not a number": lambda d: d["plans"][0].update(values={"trust": "high"}),
    "red_flags not a list": lambda d: d["plans"][0].update(red_flags="none"),
}
for name, mutate in bad_plans.items():
    doc = copy.deepcopy(plan_base)
    mutate(doc)
    check(not Plans.is_valid(doc), f"test plan schema rejects: {name}")

print(f"json_schema: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
