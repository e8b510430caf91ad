"""Casebook's MISP event as MISP's own code reads it: the event Casebook wrote must load in
pymisp (MISPEvent.load, as MISP's Python client does), pass the JSON schema pymisp ships
(schema-lax.json: the strict schema.json allows no objects or event reports at all, so no
event with them passes it), use MISP object templates as pymisp knows them, and carry the
taxonomy tags (tlp, admiralty-scale, estimative-language) and the threat-actor galaxy.

usage: python misp_event_check.py EVENT.json   (needs pymisp and jsonschema)
"""
import json
import os
import sys

import jsonschema
import pymisp
from pymisp import MISPEvent

path = sys.argv[1]
raw = json.load(open(path))
schema = json.load(open(os.path.join(os.path.dirname(pymisp.__file__), "data", "schema-lax.json")))
jsonschema.validate(raw, schema)
event = MISPEvent()
event.load(raw)
tags = {t.name for t in event.tags}
for o in event.objects:
    # Each object is one of MISP's templates, and each attribute a relation it defines.
    assert o._known_template, f"{o.name}: not a template pymisp knows"
    relations = set(o._definition["attributes"])
    for a in o.attributes:
        assert a.object_relation in relations, f"{o.name}: {a.object_relation} is not a relation of the template"
        tags |= {t.name for t in a.tags}
expected = [
    "tlp:clear",
    'admiralty-scale:source-reliability="b"',
    'admiralty-scale:information-credibility="2"',
    'estimative-language:likelihood-probability="roughly-even-chance"',
    'estimative-language:confidence-in-analytic-judgment="low"',
    'misp-galaxy:threat-actor="Homeland Justice"',
]
missing = [t for t in expected if t not in tags]
assert not missing, f"tags missing: {missing}"
clusters = [c.value for g in event.galaxies for c in g.clusters]
assert "Homeland Justice" in clusters, clusters
references = sum(len(o.references) for o in event.objects)
attributed = [r for o in event.objects for r in o.references if r.relationship_type == "attributed-to"]
assert attributed, "no attributed-to reference"
print(
    f"pymisp {pymisp.__version__} loaded the event: {len(event.objects)} objects, "
    f"{references} references ({len(attributed)} attributed-to), {len(event.event_reports)} event reports, "
    f"{len(clusters)} threat-actor clusters, {len(tags)} distinct tags; schema-lax passes"
)
