"""A STIX 2.1 bundle made by MISP's own code from an analyst's MISP event, as a MISP user would
share it: the event built with pymisp (TLP and Admiralty tags from MISP's taxonomies, an
estimative-language likelihood and confidence, a domain and a file hash, APT28 from MISP's
threat-actor galaxy, an event report in the analyst's words), converted by misp-stix.

usage: python misp_event_bundle.py OUT.json [EVENT.json]   (needs pymisp, pymispgalaxies, misp-stix)
With EVENT.json, the MISP event itself is written there too, as MISP's JSON (what MISP exports).
"""
import json
import sys
from pymisp import MISPEvent, MISPEventReport, MISPGalaxy, MISPGalaxyCluster
from pymispgalaxies import Clusters, Galaxies
from misp_stix_converter import MISPtoSTIX21Parser

event = MISPEvent()
event.info = "Wiper attack on the Ministry of Finance"
event.date = "2024-03-04"
event.uuid = "6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
event.timestamp = 1709553600
event.publish_timestamp = 1709553600
event.threat_level_id = 1
event.analysis = 2
event.published = True
for tag in [
    "tlp:amber",
    'admiralty-scale:source-reliability="b"',
    'admiralty-scale:information-credibility="2"',
    'estimative-language:likelihood-probability="likely"',
    'estimative-language:confidence-in-analytic-judgment="moderate"',
]:
    event.add_tag(tag)
# Fixed times, so the bundle is the same on every run.
for kind, value, comment in [
    ("domain", "update-check.example", "C2 domain"),
    ("sha256", "a" * 64, "the wiper"),
]:
    attribute = event.add_attribute(kind, value, comment=comment)
    attribute.timestamp = 1709553600
    attribute.first_seen = "2024-03-04T08:00:00+00:00"
galaxy_def = Galaxies().get("threat-actor")
galaxy = MISPGalaxy()
galaxy.from_dict(name=galaxy_def.name, type=galaxy_def.type, uuid=galaxy_def.uuid,
                 description=galaxy_def.description, namespace=galaxy_def.namespace,
                 version=str(galaxy_def.version))
apt28 = Clusters().get("threat-actor").get("APT28")
cluster = MISPGalaxyCluster()
cluster.from_dict(uuid=apt28.uuid, value=apt28.value, description=apt28.description or "",
                  type="threat-actor", tag_name=f'misp-galaxy:threat-actor="{apt28.value}"',
                  meta=dict(apt28.meta.to_dict()))
galaxy.clusters.append(cluster)
event.galaxies.append(galaxy)
report = MISPEventReport()
report.from_dict(name="Assessment", uuid="7b2c3d4e-5f60-4b7c-8d9e-0f1a2b3c4d5e", timestamp=1709553600,
                 content="We assess it is likely that APT28 ran the wiper campaign against the ministry.")
event.event_reports.append(report)
if len(sys.argv) > 2:
    open(sys.argv[2], "w").write(event.to_json(indent=1))
parser = MISPtoSTIX21Parser()
parser.parse_misp_event(json.loads(event.to_json()))
open(sys.argv[1], "w").write(parser.bundle.serialize(pretty=True))
