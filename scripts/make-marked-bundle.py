#!/usr/bin/env python3
"""Writes tests/corpus/marked-bundle.json with the OASIS stix2 library: a bundle whose objects
carry every TLP level (TLP 2.0 marking definitions, and TLP 1.0 ones for the older feeds),
granular markings on single properties, citations across levels, objects Casebook keeps as
they came, and objects with no marking at all.

Every piece of text carries a token that names its level (KX-CLEAR, KX-GREEN, KX-AMBER,
KX-AMBERSTRICT, KX-RED, KX-UNMARKED): the marking tests export the case at each label and fail
on any token of a stricter level in the output. The bundle is committed; this script is how it
was made (pip install stix2), run again only to change it.

usage: python3 scripts/make-marked-bundle.py [OUT]
"""
import json
import sys

import stix2

TLP2_EXT = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
TLP2_IDS = {
    "clear": "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    "green": "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    "amber": "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    "amber+strict": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    "red": "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}
CREATED = "2022-10-01T00:00:00.000Z"


def tlp2(level):
    return stix2.MarkingDefinition(
        id=TLP2_IDS[level],
        created=CREATED,
        name="TLP:" + level.upper(),
        extensions={TLP2_EXT: {"extension_type": "property-extension", "tlp_2_0": level}},
        allow_custom=True,
    )


CLEAR, GREEN, AMBER, STRICT, RED = (tlp2(l) for l in ["clear", "green", "amber", "amber+strict", "red"])
T = "2023-12-26T00:00:00.000Z"


def main(out):
    objects = [CLEAR, GREEN, AMBER, STRICT, RED]
    # Actors, one per level, and one with no marking.
    victim = stix2.Identity(name="Parliament KX-CLEAR-victim", identity_class="organization",
                            object_marking_refs=[CLEAR], created=T, modified=T)
    green_group = stix2.IntrusionSet(name="Ember Kitten KX-GREEN-group",
                                     description="A group seen in public reporting KX-GREEN-desc",
                                     aliases=["KX-GREEN-alias"],
                                     object_marking_refs=[GREEN], created=T, modified=T)
    amber_group = stix2.IntrusionSet(name="Slate Heron KX-AMBER-group",
                                     object_marking_refs=[stix2.TLP_AMBER], created=T, modified=T)
    strict_persona = stix2.ThreatActor(name="Quiet Voice KX-AMBERSTRICT-persona",
                                       threat_actor_types=["hacker"],
                                       object_marking_refs=[STRICT], created=T, modified=T)
    red_group = stix2.IntrusionSet(name="Night Owl KX-RED-group",
                                   description="Named only by a partner KX-RED-desc",
                                   object_marking_refs=[RED], created=T, modified=T)
    unmarked_state = stix2.Location(name="Atlantis KX-UNMARKED-state", country="AQ",
                                    created=T, modified=T)
    # A CLEAR campaign whose description is RED (a granular marking).
    clear_campaign = stix2.Campaign(
        name="Wiper attack KX-CLEAR-campaign",
        description="Seen by a partner's sensor only KX-RED-granular",
        first_seen="2023-12-25T08:00:00Z",
        object_marking_refs=[CLEAR],
        granular_markings=[{"marking_ref": RED.id, "selectors": ["description"]}],
        created=T, modified=T)
    green_campaign = stix2.Campaign(name="Defacements KX-GREEN-campaign",
                                    first_seen="2023-11-01T00:00:00Z",
                                    object_marking_refs=[GREEN], created=T, modified=T)
    objects += [victim, green_group, amber_group, strict_persona, red_group, unmarked_state,
                clear_campaign, green_campaign]
    # Attributions and links at each level.
    rels = [
        stix2.Relationship(clear_campaign, "attributed-to", green_group,
                           description="Tooling overlap KX-GREEN-attribution",
                           confidence=50, object_marking_refs=[GREEN], created=T, modified=T),
        stix2.Relationship(clear_campaign, "attributed-to", red_group,
                           description="A partner's assessment KX-RED-attribution",
                           confidence=80, object_marking_refs=[RED], created=T, modified=T),
        stix2.Relationship(green_campaign, "attributed-to", strict_persona,
                           description="Claimed on a channel KX-AMBERSTRICT-attribution",
                           object_marking_refs=[STRICT], created=T, modified=T),
        # A GREEN link to a RED actor: left out with the actor.
        stix2.Relationship(red_group, "targets", victim,
                           description="Targeting KX-GREEN-to-red-link",
                           object_marking_refs=[GREEN], created=T, modified=T),
        stix2.Relationship(amber_group, "targets", victim,
                           object_marking_refs=[AMBER], created=T, modified=T),
        stix2.Relationship(green_group, "located-at", unmarked_state, created=T, modified=T),
    ]
    objects += rels
    # Sources: a RED report cited on the CLEAR campaign, a GREEN one on the GREEN attribution,
    # an AMBER one on the AMBER group, and one with no marking.
    objects += [
        stix2.Report(name="Partner report KX-RED-report", published=T,
                     description="KX-RED-report-notes",
                     object_refs=[clear_campaign.id, rels[1].id],
                     external_references=[{"source_name": "partner",
                                           "url": "https://kx-red.example/report"}],
                     object_marking_refs=[RED], created=T, modified=T),
        stix2.Report(name="Vendor blog KX-GREEN-report", published=T,
                     object_refs=[rels[0].id, green_group.id],
                     object_marking_refs=[GREEN], created=T, modified=T),
        stix2.Report(name="ISAC note KX-AMBER-report", published=T,
                     object_refs=[amber_group.id],
                     object_marking_refs=[stix2.TLP_AMBER], created=T, modified=T),
        stix2.Report(name="Press piece KX-UNMARKED-report", published=T,
                     object_refs=[clear_campaign.id], created=T, modified=T),
    ]
    # Objects Casebook keeps as they came.
    malware = stix2.Malware(name="KX-AMBER-malware", is_family=True,
                            object_marking_refs=[AMBER], created=T, modified=T)
    indicator = stix2.Indicator(name="KX-RED-indicator", description="KX-RED-indicator-desc", pattern="[domain-name:value = 'kx-red.example']",
                                pattern_type="stix", valid_from=T,
                                object_marking_refs=[RED], created=T, modified=T)
    tool = stix2.Tool(name="KX-UNMARKED-tool", created=T, modified=T)
    objects += [
        malware, indicator, tool,
        # A GREEN relationship to an AMBER malware: left out with it below AMBER.
        stix2.Relationship(green_group, "uses", malware, description="KX-GREEN-uses-amber",
                           object_marking_refs=[GREEN], created=T, modified=T),
        stix2.Relationship(indicator, "indicates", green_group, description="KX-RED-indicates",
                           object_marking_refs=[RED], created=T, modified=T),
        # A GREEN relationship that uses a RED group: left out below RED.
        stix2.Relationship(red_group, "uses", tool, description="KX-GREEN-red-uses",
                           object_marking_refs=[GREEN], created=T, modified=T),
        stix2.Note(content="A partner's aside KX-RED-note", object_refs=[clear_campaign.id],
                   object_marking_refs=[RED], created=T, modified=T),
    ]
    bundle = stix2.Bundle(objects=objects, allow_custom=True,
                          id="bundle--6f9c1c57-1d1e-4c4b-9d34-0e7d3c3f0a11")
    text = json.dumps(json.loads(bundle.serialize()), indent=1, sort_keys=True) + "\n"
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "tests/corpus/marked-bundle.json")
