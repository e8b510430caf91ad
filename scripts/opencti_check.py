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
