//! Each kind of Casebook object written as its STIX objects: actors as intrusion sets, threat
//! actors, identities or locations; events as campaigns or notes; relationships and judgments
//! as relationships (a judgment with the note that words it); sources as reports; analyses as
//! notes; the case as the report on everything in it. Each keeps its own marking and carries
//! the Casebook extension with what STIX has no property for.

use super::*;

/// What the writers of each kind of object share, worked out once per half of a bundle.
pub(super) struct KindWriter<'a> {
    pub(super) case: &'a Case,
    pub(super) names: &'a Names,
    pub(super) common: Common,
    pub(super) by_object: HashMap<&'a Id, Vec<(usize, &'a Citation)>>,
    pub(super) sources: HashMap<&'a Id, &'a Source>,
    labels: HashMap<&'a Id, &'a str>,
    /// Actors' and events' versions, for the notes that quote their names.
    versions: HashMap<&'a Id, crate::model::ObjectVersion>,
    /// Each object's level, for the notes that quote several.
    pub(super) levels: HashMap<&'a Id, Tlp>,
    case_report_id: String,
    /// The relationships kept from other platforms, as (type, source, target): an event's
    /// link that came from elsewhere is written back from there, not again.
    pub(super) kept_links: crate::fast_hash::FastSet<(&'a str, &'a str, &'a str)>,
}

impl<'a> KindWriter<'a> {
    pub(super) fn new(case: &'a Case, names: &'a Names) -> Self {
        let mut by_object: HashMap<&Id, Vec<(usize, &Citation)>> = HashMap::default();
        for (position, c) in case.citations.iter().enumerate() {
            by_object.entry(&c.cites).or_default().push((position, c));
        }
        let mut labels: HashMap<&Id, &str> = HashMap::default();
        labels.extend(case.actors.iter().map(|a| (&a.id, a.name.as_str())));
        labels.extend(case.events.iter().map(|e| (&e.id, e.title.as_str())));
        let mut versions: HashMap<&Id, crate::model::ObjectVersion> = HashMap::default();
        versions.extend(case.actors.iter().map(|a| (&a.id, a.version)));
        versions.extend(case.events.iter().map(|e| (&e.id, e.version)));
        KindWriter {
            case,
            names,
            common: Common {
                created: case.created,
                modified: case.modified,
            },
            by_object,
            sources: case.sources.iter().map(|s| (&s.id, s)).collect(),
            labels,
            versions,
            levels: case
                .markings()
                .map(|(id, m)| (id, m.level(case.tlp)))
                .collect(),
            kept_links: case
                .extra
                .0
                .get(STIX_OBJECTS_KEY)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter(|o| o["type"] == "relationship")
                .filter_map(|o| {
                    Some((
                        o["relationship_type"].as_str()?,
                        o["source_ref"].as_str()?,
                        o["target_ref"].as_str()?,
                    ))
                })
                .collect(),
            case_report_id: derived_id_of(
                "report",
                &format!("case:{}:{}", case.title, case.created),
            ),
        }
    }

    /// The version an object is written with: its own, made later by any change of a
    /// citation written into it or of a source it cites (whose title and grade its external
    /// references quote), so that what changes in it always changes its `modified`.
    pub(super) fn carried(
        &self,
        id: &Id,
        own: crate::model::ObjectVersion,
    ) -> crate::model::ObjectVersion {
        let mut version = own;
        for (_, citation) in self.by_object.get(id).into_iter().flatten() {
            version.modified = version.modified.max(citation.version.modified);
            if let Some(source) = self.sources.get(&citation.source) {
                version.modified = version.modified.max(source.version.modified);
            }
        }
        version
    }

    /// The Casebook extension, with the object's own last change where its `modified` is a
    /// citation's or a source's (see [`Self::carried`]), so that it reads back as it was.
    pub(super) fn own_modified(
        &self,
        mut casebook: Map<String, Value>,
        id: &Id,
        own: crate::model::ObjectVersion,
    ) -> Map<String, Value> {
        if self.carried(id, own).modified != own.modified {
            casebook.insert(
                super::OWN_MODIFIED_KEY.into(),
                own.modified
                    .map_or(Value::Null, |t| json!(super::version_timestamp(t))),
            );
        }
        casebook
    }

    /// An actor's or event's name, as notes quote it.
    fn label(&self, id: &Id) -> String {
        self.labels
            .get(id)
            .copied()
            .unwrap_or(id.as_str())
            .to_owned()
    }

    /// Writes one actor (with what goes with it).
    pub(super) fn actor(&self, a: &Actor, objects: &mut BundleWriter) {
        let (case, names) = (self.case, self.names);
        let common = &self.common.of(self.carried(&a.id, a.version));
        let (by_object, sources) = (&self.by_object, &self.sources);
        let (id, stix_type) = names.ids[&a.id].clone();
        let level = a.marking.level(case.tlp);
        let mut o = base(stix_type, &id, common, tlp_marking_id(level));
        let mut granular = Granular::default();
        let aliases_in_extension = matches!(stix_type, "identity" | "location");
        for (tlp, selectors) in field_selectors(&a.marking, &|f| match f {
            "name" => vec!["name".into()],
            "description" => vec!["description".into()],
            "aliases" if aliases_in_extension => vec![in_extension("aliases")],
            "aliases" => vec!["aliases".into()],
            "country" => vec![in_extension("country")],
            _ => Vec::new(),
        }) {
            granular.mark(tlp, level, &selectors);
        }
        o.insert("name".into(), json!(a.name));
        put_text(&mut o, "description", &a.description);
        let mut cb = Map::new();
        cb.insert("casebook_id".into(), json!(a.id));
        cb.insert("kind".into(), json!(a.kind));
        match stix_type {
            "identity" => {
                let class = match a.kind {
                    ActorKind::Person => "individual",
                    ActorKind::Sector => "class",
                    _ => "organization",
                };
                o.insert("identity_class".into(), json!(class));
                if a.kind == ActorKind::State {
                    o.insert("sectors".into(), json!(["government-national"]));
                }
                if !a.aliases.is_empty() {
                    cb.insert("aliases".into(), json!(a.aliases));
                }
            }
            "location" => {
                // STIX needs a place: the country's ISO code, which OpenCTI reads as a country.
                if let Some(country) = super::state_country(a) {
                    o.insert("country".into(), json!(country.code));
                }
                if !a.aliases.is_empty() {
                    cb.insert("aliases".into(), json!(a.aliases));
                }
            }
            _ => {
                if !a.aliases.is_empty() {
                    o.insert("aliases".into(), json!(a.aliases));
                }
                if a.kind == ActorKind::Agency {
                    o.insert("threat_actor_types".into(), json!(["nation-state"]));
                }
            }
        }
        if !a.country.is_empty() {
            cb.insert("country".into(), json!(a.country));
        }
        if let Some(place) = a.map {
            cb.insert("map".into(), json!(place));
        }
        mark_extension(&mut cb, &a.marking);
        citations_of(
            sources,
            by_object,
            &a.id,
            &mut o,
            &mut cb,
            (level, case.tlp),
            &mut granular,
        );
        objects.push(granular.apply(finish(
            o,
            self.own_modified(cb, &a.id, a.version),
            &a.extra,
            Some(self.carried(&a.id, a.version)),
        )));
    }

    /// Writes one event (with what goes with it).
    pub(super) fn event(&self, e: &Event, objects: &mut BundleWriter) {
        let (case, names) = (self.case, self.names);
        let common = &self.common.of(self.carried(&e.id, e.version));
        let (by_object, sources) = (&self.by_object, &self.sources);
        let case_report_id = &self.case_report_id;
        let (id, stix_type) = names.ids[&e.id].clone();
        let level = e.marking.level(case.tlp);
        let mut o = base(stix_type, &id, common, tlp_marking_id(level));
        let mut granular = Granular::default();
        let as_note = stix_type == "note";
        for (tlp, selectors) in field_selectors(&e.marking, &|f| match f {
            "title" if as_note => vec!["abstract".into(), in_extension("title")],
            "title" => vec!["name".into()],
            "description" if as_note => vec!["content".into(), in_extension("description")],
            "description" => vec!["description".into()],
            "location" => vec![in_extension("location")],
            _ => Vec::new(),
        }) {
            granular.mark(tlp, level, &selectors);
        }
        let mut cb = Map::new();
        cb.insert("casebook_id".into(), json!(e.id));
        cb.insert("kind".into(), json!(e.kind));
        cb.insert("start".into(), json!(e.start));
        if let Some(end) = e.end {
            cb.insert("end".into(), json!(end));
        }
        if stix_type == "incident" {
            o.insert("name".into(), json!(e.title));
            put_text(&mut o, "description", &e.description);
            if !e.actors.is_empty() {
                cb.insert("actors".into(), json!(e.actors));
            }
        } else if stix_type == "campaign" {
            o.insert("name".into(), json!(e.title));
            put_text(&mut o, "description", &e.description);
            o.insert("first_seen".into(), json!(date_start(e.start)));
            // Only an end someone stated: a day-precise start does not make an end of day.
            if let Some(end) = e.end {
                o.insert("last_seen".into(), json!(date_end(end)));
            }
            if !e.actors.is_empty() {
                cb.insert("actors".into(), json!(e.actors));
            }
        } else {
            o.insert("abstract".into(), json!(e.title));
            let when = match e.end {
                Some(end) => format!("{} to {end}", e.start),
                None => e.start.to_string(),
            };
            let content = if e.description.is_empty() {
                format!("{} ({when}).", e.kind.label())
            } else {
                format!("{} ({when}). {}", e.kind.label(), e.description)
            };
            o.insert("content".into(), json!(content));
            let mut refs: Vec<&str> = (e.actors.iter().chain(&e.technical))
                .filter_map(|a| names.of(a))
                .collect();
            if refs.is_empty() {
                refs.push(case_report_id);
            }
            o.insert("object_refs".into(), json!(refs));
            cb.insert("title".into(), json!(e.title));
            put_text(&mut cb, "description", &e.description);
            if !e.actors.is_empty() {
                cb.insert("actors".into(), json!(e.actors));
            }
        }
        put_text(&mut cb, "location", &e.location);
        if !e.technical.is_empty() {
            cb.insert("technical".into(), json!(e.technical));
        }
        if !e.roles.is_empty() {
            cb.insert("roles".into(), json!(e.roles));
        }
        mark_extension(&mut cb, &e.marking);
        citations_of(
            sources,
            by_object,
            &e.id,
            &mut o,
            &mut cb,
            (level, case.tlp),
            &mut granular,
        );
        objects.push(granular.apply(finish(
            o,
            self.own_modified(cb, &e.id, e.version),
            &e.extra,
            Some(self.carried(&e.id, e.version)),
        )));
    }

    /// Writes one relationship (with what goes with it).
    pub(super) fn relationship(&self, r: &Relationship, objects: &mut BundleWriter) {
        let (case, names) = (self.case, self.names);
        let common = &self.common.of(self.carried(&r.id, r.version));
        let (by_object, sources) = (&self.by_object, &self.sources);
        let (id, _) = names.ids[&r.id].clone();
        let level = r.marking.level(case.tlp);
        let mut o = base("relationship", &id, common, tlp_marking_id(level));
        let mut granular = Granular::default();
        for (tlp, selectors) in field_selectors(&r.marking, &|f| match f {
            "description" => vec!["description".into()],
            _ => Vec::new(),
        }) {
            granular.mark(tlp, level, &selectors);
        }
        let (Some(from), Some(to)) = (names.of(&r.source), names.of(&r.target)) else {
            return;
        };
        let (from_type, to_type) = (
            names.type_of(&r.source).unwrap_or(""),
            names.type_of(&r.target).unwrap_or(""),
        );
        let relationship_type =
            standard_relationship(r.kind, from_type, to_type).unwrap_or("related-to");
        o.insert("relationship_type".into(), json!(relationship_type));
        o.insert("source_ref".into(), json!(from));
        o.insert("target_ref".into(), json!(to));
        o.insert("confidence".into(), json!(confidence_to_stix(r.confidence)));
        put_text(&mut o, "description", &r.description);
        if let Some(from) = r.valid_from {
            o.insert("start_time".into(), json!(date_start(from)));
        }
        if let Some(until) = r.valid_until {
            o.insert("stop_time".into(), json!(timestamp(until.end_exclusive())));
        }
        let mut cb = Map::new();
        cb.insert("casebook_id".into(), json!(r.id));
        cb.insert("kind".into(), json!(r.kind));
        cb.insert("directed".into(), json!(r.directed));
        cb.insert("confidence".into(), json!(r.confidence));
        if r.disputed {
            cb.insert("disputed".into(), json!(true));
        }
        if let Some(from) = r.valid_from {
            cb.insert("valid_from".into(), json!(from));
        }
        if let Some(until) = r.valid_until {
            cb.insert("valid_until".into(), json!(until));
        }
        mark_extension(&mut cb, &r.marking);
        citations_of(
            sources,
            by_object,
            &r.id,
            &mut o,
            &mut cb,
            (level, case.tlp),
            &mut granular,
        );
        objects.push(granular.apply(finish(
            o,
            self.own_modified(cb, &r.id, r.version),
            &r.extra,
            Some(self.carried(&r.id, r.version)),
        )));
    }

    /// Writes one judgment (with what goes with it).
    pub(super) fn judgment(&self, j: &Judgment, objects: &mut BundleWriter) {
        let (case, names) = (self.case, self.names);
        let common = &self.common.of(self.carried(&j.id, j.version));
        let (by_object, sources) = (&self.by_object, &self.sources);
        let label = |id: &Id| self.label(id);
        let (id, _) = names.ids[&j.id].clone();
        let (Some(from), Some(to)) = (names.of(&j.subject), names.of(&j.actor)) else {
            return;
        };
        let level = j.marking.level(case.tlp);
        let mut o = base("relationship", &id, common, tlp_marking_id(level));
        let mut granular = Granular::default();
        for (tlp, selectors) in field_selectors(&j.marking, &|f| match f {
            "rationale" => vec!["description".into()],
            "revisions" => vec![in_extension("revisions")],
            _ => Vec::new(),
        }) {
            granular.mark(tlp, level, &selectors);
        }
        let (from_type, to_type) = (
            names.type_of(&j.subject).unwrap_or(""),
            names.type_of(&j.actor).unwrap_or(""),
        );
        // A state-level judgment whose state is a location is written as STIX suggests for
        // the pair: a group or campaign originates from it, a threat actor is located at it.
        let state_level = j.level == crate::tradecraft::AttributionLevel::Strategic;
        let relationship_type = match (state_level, from_type, to_type) {
            (true, "intrusion-set" | "campaign", "location") => "originates-from",
            (true, "threat-actor", "location") => "located-at",
            _ => standard_relationship(RelationshipKind::AttributedTo, from_type, to_type)
                .unwrap_or("related-to"),
        };
        o.insert("relationship_type".into(), json!(relationship_type));
        o.insert("source_ref".into(), json!(from));
        o.insert("target_ref".into(), json!(to));
        // STIX `confidence` is the producer's confidence in what it says: the judgment's
        // analytic confidence. Its likelihood is in the wording note and the extension.
        // Not stated stays not stated.
        if let Some(confidence) = j.confidence {
            o.insert("confidence".into(), json!(confidence_to_stix(confidence)));
        }
        if let Some(claimant) = &j.claimed_by
            && names.type_of(claimant) == Some("identity")
            && let Some(claimant) = names.of(claimant)
        {
            o.insert("created_by_ref".into(), json!(claimant));
        }
        if j.status == JudgmentStatus::Retracted {
            o.insert("revoked".into(), json!(true));
        }
        put_text(&mut o, "description", &j.rationale);
        let mut cb = Map::new();
        cb.insert("casebook_id".into(), json!(j.id));
        cb.insert("judgment".into(), json!(true));
        cb.insert("level".into(), json!(j.level));
        if let Some(likelihood) = j.likelihood {
            cb.insert("likelihood".into(), json!(likelihood));
        }
        if let Some(confidence) = j.confidence {
            cb.insert("confidence".into(), json!(confidence));
        }
        if let Some(claimant) = &j.claimed_by {
            cb.insert("claimed_by".into(), json!(claimant));
        }
        if j.status != JudgmentStatus::Assessed {
            cb.insert("status".into(), json!(j.status));
        }
        if !j.revisions.is_empty() {
            cb.insert("revisions".into(), json!(j.revisions));
        }
        mark_extension(&mut cb, &j.marking);
        citations_of(
            sources,
            by_object,
            &j.id,
            &mut o,
            &mut cb,
            (level, case.tlp),
            &mut granular,
        );
        objects.push(granular.apply(finish(
            o,
            self.own_modified(cb, &j.id, j.version),
            &j.extra,
            Some(self.carried(&j.id, j.version)),
        )));

        // A note that words the judgment for a platform without the extension: it quotes
        // the names of what it links and the rationale, so it is marked as the strictest
        // of them.
        let worded = [Some(&j.subject), Some(&j.actor), j.claimed_by.as_ref()]
            .into_iter()
            .flatten()
            .filter_map(|other| self.levels.get(other).copied())
            .fold(j.marking.strictest(case.tlp), Tlp::max);
        // The wording quotes the names of what the judgment links: a new version when any of
        // them changes.
        let mut worded_version = j.version;
        for other in [Some(&j.subject), Some(&j.actor), j.claimed_by.as_ref()]
            .into_iter()
            .flatten()
        {
            if let Some(v) = self.versions.get(other) {
                worded_version.modified = worded_version.modified.max(v.modified);
            }
        }
        let mut note = base(
            "note",
            &derived_id_of("note", &format!("wording:{}", j.id)),
            &self.common.of(worded_version),
            tlp_marking_id(worded),
        );
        let who = label(&j.actor);
        let what = label(&j.subject);
        let content = match &j.claimed_by {
            None => {
                let level = j.level.label();
                let mut content = match j.likelihood {
                    Some(likelihood) => format!(
                        "We assess it is {} ({}) that {who} is responsible for {what} ({level} level).",
                        likelihood.label(),
                        likelihood.meaning(),
                    ),
                    None => format!(
                        "We judge that {who} is responsible for {what} ({level} level); the likelihood is not stated."
                    ),
                };
                content.push_str(&match j.confidence {
                    Some(confidence) => {
                        format!(
                            " We have {} confidence in this judgment.",
                            confidence.label()
                        )
                    }
                    None => " Our confidence in this judgment is not stated.".to_owned(),
                });
                if !j.rationale.is_empty() {
                    content.push(' ');
                    content.push_str(&j.rationale);
                }
                content
            }
            Some(claimant) => format!(
                "{} claims that {who} is responsible for {what} ({} level). This records the claim, not our assessment of it.",
                label(claimant),
                j.level.label()
            ),
        };
        note.insert(
            "abstract".into(),
            json!(match &j.claimed_by {
                None => format!("Attribution judgment: {who} for {what}"),
                Some(_) => format!("Claim: {who} for {what}"),
            }),
        );
        note.insert("content".into(), json!(content));
        note.insert("object_refs".into(), json!([id]));
        objects.push(Value::Object(note));
    }

    /// Writes one source (with what goes with it).
    pub(super) fn source(
        &self,
        s: &Source,
        cited_for: &HashMap<&Id, Vec<&str>>,
        objects: &mut BundleWriter,
    ) {
        let (case, names) = (self.case, self.names);
        let common = &self.common.of(s.version);
        let case_report_id = &self.case_report_id;
        let (id, stix_type) = names.ids[&s.id].clone();
        let level = s.marking.level(case.tlp);
        if stix_type == "opinion" {
            // A source that came as an opinion goes back as one: its opinion, what it refers
            // to and its authors are among the properties it brought.
            let mut o = base("opinion", &id, common, tlp_marking_id(level));
            put_text(&mut o, "explanation", &s.notes);
            let mut cb = source_extension(s);
            put_text(&mut cb, "title", &s.title);
            objects.push(finish(o, cb, &s.extra, Some(s.version)));
            self.relays(s, &id, objects);
            return;
        }
        let mut o = base("report", &id, common, tlp_marking_id(level));
        let mut granular = Granular::default();
        for (tlp, selectors) in field_selectors(&s.marking, &|f| match f {
            "title" => vec!["name".into(), "external_references.[0].source_name".into()],
            "url" => vec!["external_references.[0].url".into(), in_extension("url")],
            "notes" => vec!["description".into()],
            "publisher" | "author" => vec![in_extension(f)],
            _ => Vec::new(),
        }) {
            granular.mark(tlp, level, &selectors);
        }
        o.insert("name".into(), json!(s.title));
        o.insert("report_types".into(), json!(["threat-report"]));
        let published = s.published.map_or(timestamp(case.created), date_start);
        o.insert("published".into(), json!(published));
        let refs = cited_for
            .get(&s.id)
            .cloned()
            .unwrap_or_else(|| vec![case_report_id.as_str()]);
        o.insert("object_refs".into(), json!(refs));
        put_text(&mut o, "description", &s.notes);
        let mut reference = Map::new();
        reference.insert("source_name".into(), json!(s.title));
        put_text(&mut reference, "url", &s.url);
        reference.insert(
            "description".into(),
            json!(match s.reliability {
                Some(reliability) => format!(
                    "Admiralty reliability {} ({})",
                    reliability.code(),
                    reliability.meaning().to_lowercase()
                ),
                None => "Admiralty reliability not stated".to_owned(),
            }),
        );
        o.insert("external_references".into(), json!([reference]));
        // Where OpenCTI reads a report's reliability (its own extension, its vocabulary:
        // "B - Usually reliable"), so the grade is data there, not only words.
        if let Some(reliability) = s.reliability {
            o.insert(
                "extensions".into(),
                json!({ crate::stix::OPENCTI_EXTENSION: {
                    "extension_type": "property-extension",
                    "reliability": format!("{} - {}", reliability.code(), reliability.meaning()),
                }}),
            );
        }
        let cb = source_extension(s);
        objects.push(granular.apply(finish(o, cb, &s.extra, Some(s.version))));
        self.relays(s, &id, objects);
    }

    /// The sources a source relays, as standard `derived-from` relationships between their
    /// reports, marked as the stricter of the two. STIX 2.1 defines the direction (§ 4.1,
    /// common relationships): "the information in the target object is based on information
    /// from the source object", so the original is the source and the relay the target.
    fn relays(&self, s: &Source, report_id: &str, objects: &mut BundleWriter) {
        let (case, names) = (self.case, self.names);
        let common = &self.common.of(s.version);
        for original in &s.derived_from {
            let Some(original_report) = names.of(original) else {
                continue;
            };
            let level = self
                .levels
                .get(original)
                .copied()
                .unwrap_or(case.tlp)
                .max(s.marking.level(case.tlp));
            let id = crate::stix::derived_id_of(
                "relationship",
                &format!("derived-from {} {}", s.id, original),
            );
            let mut o = base("relationship", &id, common, tlp_marking_id(level));
            o.insert("relationship_type".into(), json!("derived-from"));
            o.insert("source_ref".into(), json!(original_report));
            o.insert("target_ref".into(), json!(report_id));
            objects.push(Value::Object(o));
        }
    }

    /// Writes one analysis (with what goes with it).
    pub(super) fn analysis(&self, a: &Analysis, objects: &mut BundleWriter) {
        let (case, names) = (self.case, self.names);
        let common = &self.common.of(self.carried(&a.id, a.version));
        let case_report_id = &self.case_report_id;
        let (id, _) = names.ids[&a.id].clone();
        // The note words the hypotheses, which name their actors.
        let level = a
            .hypotheses
            .iter()
            .filter_map(|h| h.actor.as_ref())
            .chain([&a.subject])
            .filter_map(|other| self.levels.get(other).copied())
            .fold(a.marking.strictest(case.tlp), Tlp::max);
        let mut o = base("note", &id, common, tlp_marking_id(level));
        o.insert("abstract".into(), json!(format!("ACH: {}", a.title)));
        let scores = a.score(case);
        let mut content = format!(
            "Analysis of competing hypotheses: {}. Inconsistency scores (lower survives better):",
            a.title
        );
        for (h, score) in a.hypotheses.iter().zip(&scores.inconsistency) {
            content.push_str(&format!(" {} {:.1};", h.title, score));
        }
        o.insert("content".into(), json!(content));
        let subject = names.of(&a.subject).unwrap_or(case_report_id);
        o.insert("object_refs".into(), json!([subject]));
        let mut cb = Map::new();
        cb.insert("casebook_id".into(), json!(a.id));
        let mut analysis = serde_json::to_value(a).unwrap_or(Value::Null);
        if let Value::Object(m) = &mut analysis {
            m.retain(|k, _| k != "extra" && !a.extra.0.contains_key(k));
        }
        cb.insert("analysis".into(), analysis);
        objects.push(finish(
            o,
            self.own_modified(cb, &a.id, a.version),
            &a.extra,
            Some(self.carried(&a.id, a.version)),
        ));
    }

    /// Writes the case's own report on everything in it, then the objects kept as they came
    /// from other platforms.
    pub(super) fn case_report(&self, objects: &mut BundleWriter) {
        let (case, names) = (self.case, self.names);
        // The report on the whole case changes with every edit of it.
        let common = &self.common.case();
        let case_report_id = &self.case_report_id;
        let case_level = [
            ("title", true),
            ("summary", !case.summary.is_empty()),
            ("analysts", !case.analysts.is_empty()),
        ]
        .into_iter()
        .filter(|(_, present)| *present)
        .map(|(field, _)| case.own_field_level(field))
        .fold(Tlp::Clear, Tlp::max);
        let mut report = base("report", case_report_id, common, tlp_marking_id(case_level));
        report.insert("name".into(), json!(case.title));
        put_text(&mut report, "description", &case.summary);
        report.insert("report_types".into(), json!(["threat-report"]));
        report.insert("published".into(), json!(timestamp(case.modified)));
        let mut everything: Vec<String> = names.ids.values().map(|(id, _)| id.clone()).collect();
        everything.sort();
        if everything.is_empty() {
            everything.push(CASEBOOK_IDENTITY.to_owned());
        }
        report.insert("object_refs".into(), json!(everything));
        let mut cb = Map::new();
        cb.insert("casebook_case".into(), json!(true));
        cb.insert("title".into(), json!(case.title));
        cb.insert("tlp".into(), json!(case.tlp));
        if !case.tlp_fields.is_empty() {
            cb.insert("tlp_fields".into(), json!(case.tlp_fields));
        }
        if !case.analysts.is_empty() {
            cb.insert("analysts".into(), json!(case.analysts));
        }
        if !case.dismissals.is_empty() {
            cb.insert("dismissals".into(), json!(case.dismissals));
        }
        if !case.briefings.is_empty() {
            cb.insert("briefings".into(), json!(case.briefings));
        }
        cb.insert("created".into(), json!(case.created));
        cb.insert("modified".into(), json!(case.modified));
        let case_extra = Extra(
            case.extra
                .0
                .iter()
                .filter(|(k, _)| k.as_str() != STIX_OBJECTS_KEY)
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        );
        objects.push(finish(report, cb, &case_extra, None));

        // Objects of types Casebook does not model, as they came.
        if let Some(Value::Array(kept)) = case.extra.0.get(STIX_OBJECTS_KEY) {
            for object in kept {
                objects.push(object.clone());
            }
        }
    }
}

/// The Casebook extension of a source, whether it is written as a report or an opinion.
fn source_extension(s: &Source) -> Map<String, Value> {
    let mut cb = Map::new();
    cb.insert("casebook_id".into(), json!(s.id));
    cb.insert("kind".into(), json!(s.kind));
    if let Some(reliability) = s.reliability {
        cb.insert("reliability".into(), json!(reliability));
    }
    put_text(&mut cb, "publisher", &s.publisher);
    put_text(&mut cb, "author", &s.author);
    put_text(&mut cb, "url", &s.url);
    if let Some(p) = s.published {
        cb.insert("published".into(), json!(p));
    }
    if let Some(a) = s.accessed {
        cb.insert("accessed".into(), json!(a));
    }
    put_text(&mut cb, "language", &s.language);
    mark_extension(&mut cb, &s.marking);
    cb
}
