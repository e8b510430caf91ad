//! STIX 2.1: a case written as one bundle that OpenCTI, MISP and TAXII feeds take in
//! ([`export`]), and bundles from them read into a case ([`import`]).
//!
//! What STIX has a property for is written there (names, aliases, descriptions, first and last
//! seen, relationship types, `confidence` on the appendix's scales, TLP 2.0 markings). What it
//! has none for (Admiralty reliability and credibility, ICD 203 terms, date precision, map
//! places, claims, revisions, ACH matrices) goes in the Casebook property extension, defined in
//! the bundle by an `extension-definition` and documented in `docs/stix.md`, so a round trip
//! through Casebook loses nothing. Ids are derived from the Casebook ids (UUIDv5), so the same
//! case always gives the same bundle.

pub mod export;
pub mod import;
pub mod scales;

use crate::model::Id;
use crate::tradecraft::Tlp;
use uuid::Uuid;

/// The namespace of the UUIDv5 ids Casebook derives from its own ids.
const NAMESPACE: Uuid = Uuid::from_u128(0x4f1c_2b4e_8a7d_5e3f_9c0b_6d2a_1e8f_7c35);

/// The id of the Casebook property extension's definition.
pub const EXTENSION_ID: &str = "extension-definition--3c5b9f1e-6a2d-4c8b-9e47-2f1d0a6b8c53";
/// The identity that created the extension definition: Casebook itself.
pub const CASEBOOK_IDENTITY: &str = "identity--8a4e2c1f-3b7d-4f6a-9c25-1d0e7b3a6f48";
/// The TLP 2.0 marking extension (FIRST).
pub const TLP2_EXTENSION: &str = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";
/// When the extension definition was made; fixed so the bundle is the same every time.
pub const EXTENSION_CREATED: &str = "2026-11-24T00:00:00.000Z";
/// When the extension definition last changed: version 1.1.0 added what a source relays, a
/// citation's line of evidence, the `about` stance and dismissed checks (all optional, so a
/// reader of 1.0.0 data reads it unchanged).
pub const EXTENSION_MODIFIED: &str = "2026-12-02T00:00:00.000Z";
/// The extension definition's version, changed with [`EXTENSION_MODIFIED`].
pub const EXTENSION_VERSION: &str = "1.1.0";

/// The key under which a Casebook object keeps the id it had in STIX, when it came from a
/// bundle made elsewhere.
pub const STIX_ID_KEY: &str = "stix_id";
/// The key under which a Casebook object keeps the STIX properties it does not model.
pub const STIX_PROPERTIES_KEY: &str = "stix_properties";
/// The key under which a Casebook object from elsewhere keeps the exact STIX values of the
/// properties it models less precisely (times to the second, confidence to the unit).
pub const STIX_ORIGINALS_KEY: &str = "stix_originals";
/// OpenCTI's property extension, where OpenCTI writes and reads its own properties
/// (`reliability` of a report or an author, as "B - Usually reliable").
pub const OPENCTI_EXTENSION: &str = "extension-definition--ea279b3e-5c71-4632-ac08-831c66a786ba";
/// The key under which the case keeps STIX objects of types it does not model.
pub const STIX_OBJECTS_KEY: &str = "stix_objects";

/// The TLP 2.0 marking definition's fixed id of a label.
pub fn tlp_marking_id(tlp: Tlp) -> &'static str {
    match tlp {
        Tlp::Clear => "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
        Tlp::Green => "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
        Tlp::Amber => "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
        Tlp::AmberStrict => "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
        Tlp::Red => "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
    }
}

/// The TLP label of a marking definition id, TLP 2.0 or the TLP 1.0 ids of the STIX 2.1
/// specification (WHITE reads as CLEAR).
pub fn tlp_of_marking(id: &str) -> Option<Tlp> {
    if let Some(tlp) = Tlp::ALL.iter().find(|t| tlp_marking_id(**t) == id) {
        return Some(*tlp);
    }
    match id {
        "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9" => Some(Tlp::Clear),
        "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da" => Some(Tlp::Green),
        "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82" => Some(Tlp::Amber),
        "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed" => Some(Tlp::Red),
        _ => None,
    }
}

/// The STIX id Casebook gives an object of this STIX type with this Casebook id: a name-based
/// (SHA-1, as UUIDv5) UUID written in the UUIDv4 layout, since STIX asks for v4 ids; the hash
/// bits stand in for the random ones, so the id is the same on every export.
pub fn derived_id(stix_type: &str, id: &Id) -> String {
    derived_id_of(stix_type, id.as_str())
}

/// [`derived_id`] of any name.
pub fn derived_id_of(stix_type: &str, name: &str) -> String {
    let mut bytes = Uuid::new_v5(&NAMESPACE, name.as_bytes()).into_bytes();
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    format!("{stix_type}--{}", Uuid::from_bytes(bytes))
}

/// Whether a string is a well-formed STIX id: `type--uuid`, the type in lower case letters,
/// digits and hyphens.
pub fn is_stix_id(id: &str) -> bool {
    let Some((kind, uuid)) = id.split_once("--") else {
        return false;
    };
    !kind.is_empty()
        && kind.len() <= 250
        && kind
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && Uuid::try_parse(uuid).is_ok()
}

/// The strings of a JSON array (other items skipped); empty for anything but an array.
pub(crate) fn string_list(value: Option<&serde_json::Value>) -> Vec<String> {
    value
        .and_then(serde_json::Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(serde_json::Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_ids_are_stable_well_formed_and_distinct() {
        let a = derived_id("threat-actor", &Id::new("actor--homeland-justice"));
        assert_eq!(
            a,
            derived_id("threat-actor", &Id::new("actor--homeland-justice"))
        );
        assert_ne!(a, derived_id("threat-actor", &Id::new("actor--iran")));
        assert!(is_stix_id(&a));
        let uuid = Uuid::try_parse(a.split_once("--").unwrap().1).unwrap();
        assert_eq!(uuid.get_version_num(), 4, "written as v4, as STIX asks");
        assert!(is_stix_id(EXTENSION_ID) && is_stix_id(CASEBOOK_IDENTITY));
        assert!(!is_stix_id("threat-actor--not-a-uuid"));
        assert!(!is_stix_id(
            "Threat-Actor--8a4e2c1f-3b7d-4f6a-9c25-1d0e7b3a6f48"
        ));
    }

    #[test]
    fn tlp_markings_have_their_fixed_ids_both_ways() {
        for tlp in Tlp::ALL {
            assert_eq!(tlp_of_marking(tlp_marking_id(*tlp)), Some(*tlp));
        }
        assert_eq!(
            tlp_of_marking("marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"),
            Some(Tlp::Clear)
        );
        assert_eq!(
            tlp_of_marking("marking-definition--00000000-0000-4000-8000-000000000000"),
            None
        );
    }
}
