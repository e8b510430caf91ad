"""A STIX 2.1 bundle made by MISP's own converter (misp-stix) from a MISP event that carries
clusters of two of MISP's galaxies (from pymispgalaxies): the threat-actor galaxy and ATT&CK's
intrusion-set galaxy (`mitre-intrusion-set`, clusters named "APT28 - G0007"), the groups with
their synonyms, as a MISP user would share them. Prints one line per cluster, beginning with its
galaxy, with the synonyms it lists more than once (ignoring case), which Casebook must repair,
not refuse.

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
event = MISPEvent()
event.info = "Threat actors of interest"
event.date = "2024-01-01"
event.uuid = "5e0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b"
event.timestamp = 1704067200
event.publish_timestamp = 1704067200
found = []
for galaxy_type in ("threat-actor", "mitre-intrusion-set"):
    galaxy_def = galaxies.get(galaxy_type)
    galaxy = MISPGalaxy()
    galaxy.from_dict(name=galaxy_def.name, type=galaxy_def.type, uuid=galaxy_def.uuid,
                     description=galaxy_def.description, namespace=galaxy_def.namespace,
                     version=str(galaxy_def.version))
    in_galaxy = clusters.get(galaxy_type)
    for name in names:
        # The threat-actor galaxy names a group as it is known; ATT&CK's adds its id.
        cluster = in_galaxy.get(name) or next(
            (c for c in in_galaxy.values() if c.value.startswith(f"{name} - G")), None)
        if cluster is None:
            print(f"{galaxy_type}: no cluster {name}", file=sys.stderr)
            continue
        c = MISPGalaxyCluster()
        meta = dict(cluster.meta.to_dict()) if cluster.meta else {}
        c.from_dict(uuid=cluster.uuid, value=cluster.value, description=cluster.description or "",
                    type=galaxy_type, tag_name=f'misp-galaxy:{galaxy_type}="{cluster.value}"',
                    meta=meta)
        galaxy.clusters.append(c)
        found.append((galaxy_type, cluster.value, meta.get("synonyms", [])))
    event.galaxies.append(galaxy)
parser = MISPtoSTIX21Parser()
parser.parse_misp_event(json.loads(event.to_json()))
bundle = parser.bundle
open(sys.argv[1], "w").write(bundle.serialize(pretty=True))
for galaxy_type, value, synonyms in found:
    low = [s.strip().lower() for s in synonyms]
    dup = sorted({s for s in low if low.count(s) > 1})
    print(f"{galaxy_type}: {value}", len(synonyms), "synonyms; repeated:", dup)
