"""A STIX 2.1 bundle made by MISP's own converter (misp-stix) from a MISP event that carries
clusters of MISP's threat-actor galaxy (from pymispgalaxies): the groups, with their synonyms,
as a MISP user would share them. Prints each group with the synonyms it lists more than once
(ignoring case), which Casebook must repair, not refuse.

usage: python misp_galaxy_bundle.py OUT.json [GROUP ...]   (needs pymispgalaxies, misp-stix)
"""
import json
import sys
from pymispgalaxies import Clusters, Galaxies
from pymisp import MISPEvent, MISPGalaxy, MISPGalaxyCluster
from misp_stix_converter import MISPtoSTIX21Parser

names = sys.argv[2:] or ["APT28", "Lazarus Group", "FIN7", "Kimsuky", "APT31", "Gamaredon Group"]
clusters = Clusters()
galaxies = Galaxies()
ta = clusters.get("threat-actor")
event = MISPEvent()
event.info = "Threat actors of interest"
event.date = "2024-01-01"
event.uuid = "5e0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b"
event.timestamp = 1704067200
event.publish_timestamp = 1704067200
galaxy_def = galaxies.get("threat-actor")
galaxy = MISPGalaxy()
galaxy.from_dict(name=galaxy_def.name, type=galaxy_def.type, uuid=galaxy_def.uuid,
                 description=galaxy_def.description, namespace=galaxy_def.namespace, version=str(galaxy_def.version))
found = []
for name in names:
    cluster = ta.get(name)
    if cluster is None:
        print(f"no cluster {name}", file=sys.stderr)
        continue
    c = MISPGalaxyCluster()
    meta = dict(cluster.meta.to_dict()) if cluster.meta else {}
    c.from_dict(uuid=cluster.uuid, value=cluster.value, description=cluster.description or "",
                type="threat-actor", tag_name=f'misp-galaxy:threat-actor="{cluster.value}"', meta=meta)
    galaxy.clusters.append(c)
    found.append((cluster.value, meta.get("synonyms", [])))
event.galaxies.append(galaxy)
parser = MISPtoSTIX21Parser()
parser.parse_misp_event(json.loads(event.to_json()))
bundle = parser.bundle
open(sys.argv[1], "w").write(bundle.serialize(pretty=True))
for value, synonyms in found:
    low = [s.strip().lower() for s in synonyms]
    dup = sorted({s for s in low if low.count(s) > 1})
    print(value, len(synonyms), "synonyms; repeated:", dup)
