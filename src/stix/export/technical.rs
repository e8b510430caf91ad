//! Technical objects written as the standard STIX objects: malware, tool, attack-pattern,
//! infrastructure, indicator and vulnerability, each with its ATT&CK or CVE external reference;
//! and the technical objects an event saw as the relationships STIX suggests for a campaign
//! (`uses`, `targets`, and `indicates` from an indicator).

use super::*;
use crate::model::{Technical, TechnicalKind};

/// The STIX type a technical object is written as.
pub fn technical_stix_type(kind: TechnicalKind) -> &'static str {
    match kind {
        TechnicalKind::Malware => "malware",
        TechnicalKind::Tool => "tool",
        TechnicalKind::Technique => "attack-pattern",
        TechnicalKind::Infrastructure => "infrastructure",
        TechnicalKind::Indicator => "indicator",
        TechnicalKind::Vulnerability => "vulnerability",
    }
}

/// The property of the STIX type that holds the kind's open vocabulary (`types`).
fn types_property(kind: TechnicalKind) -> Option<&'static str> {
    match kind {
        TechnicalKind::Malware => Some("malware_types"),
        TechnicalKind::Tool => Some("tool_types"),
        TechnicalKind::Infrastructure => Some("infrastructure_types"),
        TechnicalKind::Indicator => Some("indicator_types"),
        TechnicalKind::Technique | TechnicalKind::Vulnerability => None,
    }
}

/// The external reference that names the object in ATT&CK or CVE, if its id is one.
pub(super) fn catalogue_reference(t: &Technical) -> Option<Value> {
    if t.kind == TechnicalKind::Vulnerability && crate::model::technical::is_cve_id(&t.external_id)
    {
        let id = t.external_id.trim().to_ascii_uppercase();
        return Some(json!({
            "source_name": "cve",
            "external_id": id,
            "url": format!("https://www.cve.org/CVERecord?id={id}"),
        }));
    }
    let id = t.attack_id()?;
    let url = match id.chars().next() {
        Some('T') => format!(
            "https://attack.mitre.org/techniques/{}",
            id.replace('.', "/")
        ),
        Some('S') => format!("https://attack.mitre.org/software/{id}"),
        _ => return None,
    };
    Some(json!({"source_name": "mitre-attack", "external_id": id, "url": url}))
}

impl KindWriter<'_> {
    /// Writes one technical object (with what goes with it).
    pub(super) fn technical(&self, t: &Technical, objects: &mut BundleWriter) {
        let (case, names) = (self.case, self.names);
        let version = self.carried(&t.id, t.version);
        let common = &self.common.of(version);
        let (id, stix_type) = names.ids[&t.id].clone();
        let level = t.marking.level(case.tlp);
        let mut o = base(stix_type, &id, common, tlp_marking_id(level));
        let mut granular = Granular::default();
        let has_aliases = matches!(
            stix_type,
            "malware" | "tool" | "infrastructure" | "attack-pattern"
        );
        for (tlp, selectors) in field_selectors(&t.marking, &|f| match f {
            "name" => vec!["name".into()],
            "description" => vec!["description".into()],
            "aliases" if has_aliases => vec!["aliases".into()],
            "aliases" => vec![in_extension("aliases")],
            _ => Vec::new(),
        }) {
            granular.mark(tlp, level, &selectors);
        }
        o.insert("name".into(), json!(t.name));
        put_text(&mut o, "description", &t.description);
        let mut cb = Map::new();
        cb.insert("casebook_id".into(), json!(t.id));
        cb.insert("kind".into(), json!(t.kind));
        if !t.aliases.is_empty() {
            if has_aliases {
                o.insert("aliases".into(), json!(t.aliases));
            } else {
                cb.insert("aliases".into(), json!(t.aliases));
            }
        }
        if let Some(property) = types_property(t.kind)
            && !t.types.is_empty()
        {
            o.insert(property.into(), json!(t.types));
        } else if !t.types.is_empty() {
            cb.insert("types".into(), json!(t.types));
        }
        put_text(&mut cb, "external_id", &t.external_id);
        match t.kind {
            TechnicalKind::Malware => {
                o.insert("is_family".into(), json!(true));
            }
            TechnicalKind::Indicator => {
                o.insert("pattern".into(), json!(t.pattern));
                let language = if t.pattern_type.is_empty() {
                    "stix"
                } else {
                    &t.pattern_type
                };
                o.insert("pattern_type".into(), json!(language));
                // STIX requires a start of validity: the time it was recorded if none is given.
                let from = t
                    .valid_from
                    .map(date_start)
                    .unwrap_or_else(|| common.created.as_str().unwrap_or_default().to_owned());
                o.insert("valid_from".into(), json!(from));
                if let Some(until) = t.valid_until {
                    o.insert("valid_until".into(), json!(date_end(until)));
                }
            }
            _ => {}
        }
        if matches!(
            t.kind,
            TechnicalKind::Malware | TechnicalKind::Infrastructure
        ) {
            if let Some(from) = t.valid_from {
                o.insert("first_seen".into(), json!(date_start(from)));
            }
            if let Some(until) = t.valid_until {
                o.insert("last_seen".into(), json!(date_end(until)));
            }
        }
        put_text(&mut cb, "pattern_type", &t.pattern_type);
        if let Some(from) = t.valid_from {
            cb.insert("valid_from".into(), json!(from));
        }
        if let Some(until) = t.valid_until {
            cb.insert("valid_until".into(), json!(until));
        }
        if let Some(place) = t.map {
            cb.insert("map".into(), json!(place));
        }
        mark_extension(&mut cb, &t.marking);
        citations_of(
            &self.sources,
            &self.by_object,
            &t.id,
            &mut o,
            &mut cb,
            (level, case.tlp),
            &mut granular,
        );
        // After the citations, whose places in the list the granular markings name.
        if let Some(reference) = catalogue_reference(t) {
            match o.get_mut("external_references") {
                Some(Value::Array(refs)) => refs.push(reference),
                _ => {
                    o.insert("external_references".into(), json!([reference]));
                }
            }
        }
        objects.push(granular.apply(finish(
            o,
            self.own_modified(cb, &t.id, t.version),
            &t.extra,
            Some(version),
        )));
    }

    /// Writes what an event saw as relationships from its campaign (or, for an indicator, to
    /// it): `uses` a technique, software or infrastructure; `targets` a vulnerability. An event
    /// written as a note lists them among its `object_refs` instead.
    pub(super) fn event_technical(&self, e: &crate::model::Event, objects: &mut BundleWriter) {
        let names = self.names;
        if e.technical.is_empty() {
            return;
        }
        let Some(campaign) = names
            .of(&e.id)
            .filter(|_| names.type_of(&e.id) == Some("campaign"))
        else {
            return;
        };
        let level = e.marking.level(self.case.tlp);
        // A link that came from another platform is kept as it came (with its id and its
        // properties) and written back from there: it is not written twice.
        for technical in &e.technical {
            let (Some(other), Some(stix_type)) = (names.of(technical), names.type_of(technical))
            else {
                continue;
            };
            let (relationship_type, from, to) = match stix_type {
                "indicator" => ("indicates", other, campaign),
                "vulnerability" => ("targets", campaign, other),
                _ => ("uses", campaign, other),
            };
            if self.kept_links.contains(&(relationship_type, from, to)) {
                continue;
            }
            let other_level = self.levels.get(technical).copied().unwrap_or(level);
            let id = derived_id_of(
                "relationship",
                &format!("event-technical:{}:{}", e.id, technical),
            );
            let common = self.common.of(e.version);
            let mut o = base(
                "relationship",
                &id,
                &common,
                tlp_marking_id(level.max(other_level)),
            );
            o.insert("relationship_type".into(), json!(relationship_type));
            o.insert("source_ref".into(), json!(from));
            o.insert("target_ref".into(), json!(to));
            let mut cb = Map::new();
            cb.insert("event_technical".into(), json!(e.id));
            cb.insert("extension_type".into(), json!("property-extension"));
            let mut extensions = Map::new();
            extensions.insert(EXTENSION_ID.into(), Value::Object(cb));
            o.insert("extensions".into(), Value::Object(extensions));
            objects.push(Value::Object(o));
        }
    }
}
