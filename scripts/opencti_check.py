"""What OpenCTI keeps of a Casebook bundle, by OpenCTI's own client code run offline (pycti):
its bundle splitter (which objects it takes, which it calls incompatible) and the id it gives
each external reference (a reference it cannot give an id is dropped on import). Casebook
cites sources as external references; every citation must survive.

usage: python opencti_check.py BUNDLE.json   (needs pycti)
"""
import collections
import json
import sys

from pycti.entities.opencti_external_reference import ExternalReference
from pycti.utils.opencti_stix2_splitter import OpenCTIStix2Splitter

bundle = json.load(open(sys.argv[1], encoding="utf-8"))
objects = bundle["objects"]
expectations, incompatible, bundles = OpenCTIStix2Splitter().split_bundle_with_expectations(
    json.dumps(bundle)
)
incompatible_ids = {i.get("id") if isinstance(i, dict) else str(i) for i in incompatible}
kinds = collections.Counter(o["type"] for o in objects)
refused = collections.Counter(o["type"] for o in objects if o["id"] in incompatible_ids)
print(f"pycti splitter: {expectations} objects taken of {len(objects)}; incompatible: "
      + (", ".join(f"{n} {t}" for t, n in sorted(refused.items())) or "none"))
# OpenCTI treats the extension definition as incompatible; nothing else may be.
assert set(refused) <= {"extension-definition"}, refused

citations = dropped = 0
for o in objects:
    for ref in o.get("external_references", []):
        if ref.get("description", "").startswith("Admiralty grade"):
            citations += 1
            if ExternalReference.generate_id(ref.get("url"), ref.get("source_name"), ref.get("external_id")) is None:
                dropped += 1
print(f"pycti external references: {citations} citations written as references, {dropped} that OpenCTI would drop")
assert citations > 0 and dropped == 0

# What OpenCTI makes of each actor, by pycti's own import code (the entity type it creates),
# run with a client that records the call instead of sending it: every state Casebook names
# must become a Country, as OpenCTI models states, not an Organization. (A state that came from
# elsewhere keeps the type and id it came with.)
import types
from pycti.api.opencti_api_client import OpenCTIApiClient
from pycti.entities.opencti_identity import Identity
from pycti.entities.opencti_location import Location
from pycti.entities.opencti_report import Report


class Recorder:
    """Stands in for the OpenCTI client: pycti's import code reads these, then calls create."""
    app_logger = types.SimpleNamespace(error=print, info=print, warning=print)
    stix2 = types.SimpleNamespace(convert_markdown=lambda text: text, pick_aliases=lambda o: None)
    get_attribute_in_extension = staticmethod(OpenCTIApiClient.get_attribute_in_extension)


def opencti_import(stix_object):
    """The arguments pycti's import of the object gives OpenCTI's create call."""
    kind = {"identity": Identity, "location": Location, "report": Report}[stix_object["type"]]
    entity = kind(Recorder())
    made = {}
    entity.create = lambda **kwargs: made.update(kwargs) or kwargs
    entity.import_from_stix2(stixObject=json.loads(json.dumps(stix_object)), extras={}, update=False)
    return made


def opencti_type(stix_object):
    return opencti_import(stix_object).get("type")


EXTENSION = "extension-definition--3c5b9f1e-6a2d-4c8b-9e47-2f1d0a6b8c53"
states = [o for o in objects if o.get("extensions", {}).get(EXTENSION, {}).get("kind") == "state"]
ours = [o for o in states if "stix_id" not in o["extensions"][EXTENSION].get("extra", {})]
made = collections.Counter(opencti_type(o) for o in ours)
print(f"pycti import: {len(ours)} states named by Casebook become "
      + (", ".join(f"{n} {t}" for t, n in sorted(made.items())) or "nothing")
      + f"; {len(states) - len(ours)} from elsewhere keep their type")
assert set(made) <= {"Country"}, made

# Each source's grade as OpenCTI reads it: a report's reliability ("B - Usually reliable").
graded = [o for o in objects if o["type"] == "report" and o.get("extensions", {}).get(EXTENSION, {}).get("reliability")]
read = [(o["extensions"][EXTENSION]["reliability"], opencti_import(o).get("x_opencti_reliability")) for o in graded]
wrong = [(ours, theirs) for ours, theirs in read if not (theirs or "").startswith(ours + " - ")]
print(f"pycti import: {len(graded)} graded sources, {len(graded) - len(wrong)} with their reliability as OpenCTI reads it")
assert not wrong, wrong
