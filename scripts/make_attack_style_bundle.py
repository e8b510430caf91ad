"""Writes tests/corpus/attack-style-bundle.json: a small bundle in the shape MITRE publishes
ATT&CK in (intrusion sets, attack patterns with kill-chain phases, malware and tools with
x_mitre_aliases, `uses` relationships, a revoked technique and the x-mitre-collection object
that names the release), made with the OASIS `stix2` library so the test input is not ours.

usage: python scripts/make_attack_style_bundle.py   (needs stix2)
"""
import json
import pathlib

import stix2

MITRE = stix2.Identity(id="identity--c78cb6e5-0c4b-4611-8297-d1b8b55e40b5", name="The MITRE Corporation", identity_class="organization")


def ref(kind, attack_id):
    return [{"source_name": "mitre-attack", "external_id": attack_id, "url": f"https://attack.mitre.org/{kind}/{attack_id.replace('.', '/')}"}]


def technique(attack_id, name, tactic, **extra):
    return stix2.AttackPattern(
        name=name,
        created_by_ref=MITRE.id,
        external_references=ref("techniques", attack_id),
        kill_chain_phases=[{"kill_chain_name": "mitre-attack", "phase_name": tactic}],
        allow_custom=True,
        **extra,
    )


destruction = technique("T1485", "Data Destruction", "impact")
powershell = technique("T1059.001", "PowerShell", "execution")
wipe = technique("T1561.002", "Disk Structure Wipe", "impact")
old = technique("T1488", "Disk Structure Wipe (old)", "impact", revoked=True)
notpetya = stix2.Malware(
    name="NotPetya", is_family=True, created_by_ref=MITRE.id,
    external_references=ref("software", "S0368"),
    x_mitre_aliases=["NotPetya", "ExPetr", "Diskcoder.C"], allow_custom=True,
)
psexec = stix2.Tool(
    name="PsExec", created_by_ref=MITRE.id,
    external_references=ref("software", "S0029"),
    x_mitre_aliases=["PsExec"], allow_custom=True,
)
sandworm = stix2.IntrusionSet(
    name="Sandworm Team", aliases=["Sandworm Team", "ELECTRUM", "Voodoo Bear"],
    created_by_ref=MITRE.id, external_references=[{"source_name": "mitre-attack", "external_id": "G0034", "url": "https://attack.mitre.org/groups/G0034"}],
)
uses = [
    stix2.Relationship(sandworm, "uses", destruction),
    stix2.Relationship(sandworm, "uses", powershell),
    stix2.Relationship(sandworm, "uses", notpetya),
    stix2.Relationship(sandworm, "uses", psexec),
    stix2.Relationship(sandworm, "uses", old),
    stix2.Relationship(notpetya, "uses", wipe),
]
collection = {
    "type": "x-mitre-collection", "spec_version": "2.1",
    "id": "x-mitre-collection--1f5f1533-f617-4ca8-9ab4-6a02367fa019",
    "created": "2018-01-17T12:56:55.080Z", "modified": "2024-11-12T14:49:36.000Z",
    "name": "Enterprise ATT&CK", "x_mitre_version": "16.1",
}
bundle = stix2.Bundle(MITRE, destruction, powershell, wipe, old, notpetya, psexec, sandworm, *uses, allow_custom=True)
value = json.loads(bundle.serialize())
value["objects"].append(collection)
out = pathlib.Path(__file__).resolve().parent.parent / "tests" / "corpus" / "attack-style-bundle.json"
out.write_text(json.dumps(value, indent=1, sort_keys=True) + "\n", encoding="utf-8")
print(f"wrote {len(value['objects'])} objects to {out}")
