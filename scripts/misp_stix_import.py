"""What MISP keeps of a STIX 2.1 bundle: misp-stix's import (the code MISP runs on an uploaded
STIX 2.1 file, ExternalSTIX2toMISPParser) run offline on the bundle, summarised as JSON: the
MISP events made, their tags, galaxy clusters, objects, event reports and relationships, and
the object types misp-stix could not take.

usage: python misp_stix_import.py BUNDLE.json   (needs misp-stix)
"""
import collections
import json
import re
import sys
from misp_stix_converter import ExternalSTIX2toMISPParser
from stix2.parsing import parse

bundle = parse(open(sys.argv[1]).read(), allow_custom=True)
parser = ExternalSTIX2toMISPParser()
parser.load_stix_bundle(bundle)
parser.parse_stix_bundle()
events = parser.misp_events
if not isinstance(events, list):
    events = [events]
summary = {"events": [], "not_taken": collections.Counter()}


def clusters_anywhere(value, found):
    """Every galaxy cluster in a MISP event, on the event or on its objects' attributes."""
    if isinstance(value, dict):
        for cluster in value.get("GalaxyCluster", []) if "GalaxyCluster" in value else []:
            found.add(cluster["value"])
        for v in value.values():
            clusters_anywhere(v, found)
    elif isinstance(value, list):
        for v in value:
            clusters_anywhere(v, found)
    return found


for event in events:
    e = json.loads(event.to_json())
    clusters = [(g["name"], c["value"], len(c.get("GalaxyClusterRelation", [])))
                for g in e.get("Galaxy", []) for c in g.get("GalaxyCluster", [])]
    summary["events"].append({
        "info": e.get("info"),
        "tags": sorted(t["name"] for t in e.get("Tag", [])),
        "clusters": clusters,
        "clusters_anywhere": sorted(clusters_anywhere(e, set())),
        "objects": collections.Counter(o["name"] for o in e.get("Object", [])),
        "object_names": sorted(a["value"] for o in e.get("Object", []) for a in o.get("Attribute", [])
                               if a["object_relation"] == "name"),
        "event_reports": len(e.get("EventReport", [])),
        "attributes": len(e.get("Attribute", [])),
        "object_relations": sum(len(o.get("ObjectReference", [])) for o in e.get("Object", [])),
        "cluster_relations": sum(n for _, _, n in clusters),
    })
for messages in [*getattr(parser, "warnings", {}).values(), *getattr(parser, "errors", {}).values()]:
    for message in messages:
        found = re.match(r"Unknown STIX object type: (\S+)", message)
        if found:
            summary["not_taken"][found.group(1)] += 1
print(json.dumps(summary, indent=1, default=dict))
