//! Carrying a ranked group into the case: as a hypothesis of the event's analysis of
//! competing hypotheses (with the shared items' citations as rated evidence), or as a candidate
//! on the map (the group as an actor, linked by `uses` to what it shares with the event). Each
//! is one edit through the command path, undone as one.

use super::overlap::Ranked;
use super::{Group, Library};
use crate::model::{
    Actor, ActorKind, Analysis, Case, CaseObject, Command, Consistency, EvidenceRow, Extra,
    Hypothesis, Id, Marking, ObjectKind, Relationship, RelationshipKind,
};
use crate::tradecraft::Confidence;

/// The case's actor for a known group (by its name or an alias, either side), or a new one.
fn actor_for(case: &Case, group: &Group) -> (Id, Option<Actor>) {
    let known = case
        .actors
        .iter()
        .find(|a| group.is_named(&a.name) || a.aliases.iter().any(|alias| group.is_named(alias)));
    if let Some(actor) = known {
        return (actor.id.clone(), None);
    }
    let id = Id::generate(ObjectKind::Actor);
    let mut aliases: Vec<String> = Vec::new();
    for alias in &group.aliases {
        if !aliases.iter().any(|a| a.eq_ignore_ascii_case(alias)) && alias != &group.name {
            aliases.push(alias.clone());
        }
    }
    let origin = if group.id.is_empty() {
        "Added from the reference library (MISP threat-actor galaxy).".to_owned()
    } else {
        format!(
            "Added from the reference library: MITRE ATT&CK {} (https://attack.mitre.org/groups/{}/).",
            group.id, group.id
        )
    };
    let actor = Actor {
        id: id.clone(),
        name: group.name.clone(),
        kind: ActorKind::ThreatGroup,
        aliases,
        country: group.country.clone(),
        description: origin,
        map: None,
        marking: Marking::of(case.tlp),
        version: Default::default(),
        extra: Extra::default(),
    };
    (id, Some(actor))
}

/// What adding a group as a hypothesis did, for the status line.
#[derive(Debug)]
pub struct Adopted {
    pub command: Command,
    /// Rows rated for the group.
    pub rated: usize,
    /// Shared items with no citation to rate.
    pub uncited: usize,
    pub actor_added: bool,
    /// The analysis the hypothesis is in.
    pub analysis: Id,
}

/// The edit that adds the group as a hypothesis of the event's first analysis (a new one when
/// the event has none): the group's actor (made from the library if the case has none), and
/// each citation of a shared item as an evidence row rated consistent with it.
pub fn as_hypothesis(case: &Case, event: &Id, library: &Library, ranked: &Ranked) -> Adopted {
    let group = &library.groups[ranked.group];
    let (actor, new_actor) = actor_for(case, group);
    let mut analysis = match case.analyses.iter().find(|a| &a.subject == event) {
        Some(a) => a.clone(),
        None => Analysis {
            id: Id::generate(ObjectKind::Analysis),
            subject: event.clone(),
            title: format!("Who is behind {}?", case.display_name(event)),
            hypotheses: Vec::new(),
            evidence: Vec::new(),
            notes: String::new(),
            marking: Marking::of(case.tlp),
            version: Default::default(),
            extra: Extra::default(),
        },
    };
    let key = match analysis
        .hypotheses
        .iter()
        .find(|h| h.actor.as_ref() == Some(&actor))
    {
        Some(h) => h.key.clone(),
        None => {
            let key = analysis.next_key();
            analysis.hypotheses.push(Hypothesis {
                key: key.clone(),
                title: format!("{} is responsible", group.name),
                actor: Some(actor.clone()),
                judgment: None,
                extra: Extra::default(),
            });
            key
        }
    };
    let (mut rated, mut uncited) = (0, 0);
    for shared in &ranked.shared {
        let Some(object) = &shared.object else {
            continue;
        };
        let mut cited = false;
        for citation in case.citations_of(object) {
            cited = true;
            let at = match analysis
                .evidence
                .iter()
                .position(|r| r.citation == citation.id)
            {
                Some(at) => at,
                None => {
                    analysis.evidence.push(EvidenceRow {
                        citation: citation.id.clone(),
                        ratings: Default::default(),
                        extra: Extra::default(),
                    });
                    analysis.evidence.len() - 1
                }
            };
            // The analyst's own rating stands.
            let ratings = &mut analysis.evidence[at].ratings;
            if !ratings.contains_key(&key) {
                ratings.insert(key.clone(), Consistency::Consistent);
                rated += 1;
            }
        }
        if !cited {
            uncited += 1;
        }
    }
    let actor_added = new_actor.is_some();
    let analysis_id = analysis.id.clone();
    let objects = new_actor
        .map(CaseObject::Actor)
        .into_iter()
        .chain([CaseObject::Analysis(analysis)])
        .collect();
    Adopted {
        command: Command::Import {
            objects,
            stix_objects: Vec::new(),
        },
        rated,
        uncited,
        actor_added,
        analysis: analysis_id,
    }
}

/// The edit that puts the group on the map as a candidate: its actor (made from the library if
/// the case has none) and a low-confidence `uses` link to each shared technical object, saying
/// it comes from the ranking, not from a source.
pub fn as_candidate(case: &Case, library: &Library, ranked: &Ranked) -> (Command, Id) {
    let group = &library.groups[ranked.group];
    let (actor, new_actor) = actor_for(case, group);
    let mut objects: Vec<CaseObject> = new_actor.map(CaseObject::Actor).into_iter().collect();
    for shared in &ranked.shared {
        let Some(object) = &shared.object else {
            continue;
        };
        let linked = case
            .relationships
            .iter()
            .any(|r| r.kind == RelationshipKind::Uses && r.source == actor && &r.target == object);
        if linked || object.kind() != Some(ObjectKind::Technical) {
            continue;
        }
        objects.push(CaseObject::Relationship(Relationship {
            id: Id::generate(ObjectKind::Relationship),
            kind: RelationshipKind::Uses,
            source: actor.clone(),
            target: object.clone(),
            directed: true,
            confidence: Confidence::Low,
            disputed: false,
            valid_from: None,
            valid_until: None,
            description: format!(
                "A lead from the overlap ranking: the reference library records {} as using {}. Not a finding of a source.",
                group.title(),
                shared.name
            ),
            marking: Marking::of(case.tlp),
            version: Default::default(),
            extra: Extra::default(),
        }));
    }
    (
        Command::Import {
            objects,
            stix_objects: Vec::new(),
        },
        actor,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attack::overlap::{Evidence, Line, Observed, OverlapIndex};

    fn ranked_for(library: &Library, key: &str, line: Line, object: &Id) -> Ranked {
        let index = OverlapIndex::new(library);
        let evidence = Evidence {
            items: vec![Observed {
                line,
                key: key.into(),
                name: key.into(),
                object: Some(object.clone()),
                linked_groups: Vec::new(),
            }],
            unmatched: Vec::new(),
        };
        index.rank(&evidence, 1).remove(0)
    }

    #[test]
    fn a_group_becomes_a_hypothesis_with_the_shared_items_citations_rated() {
        let mut case = crate::example::example_case();
        let library = Library::built_in();
        let event = Id::new("event--parliament-attack");
        let mut wiper = crate::model::Technical::new(
            Id::new("technical--zerocleare"),
            crate::model::TechnicalKind::Malware,
            "ZeroCleare",
        );
        wiper.external_id = "S1151".into();
        let mut citation = case.citations[0].clone();
        citation.id = Id::new("citation--zerocleare");
        citation.cites = wiper.id.clone();
        case.apply(Command::Import {
            objects: vec![CaseObject::Technical(wiper), CaseObject::Citation(citation)],
            stix_objects: Vec::new(),
        })
        .unwrap();
        let ranked = ranked_for(
            &library,
            "S1151",
            Line::Software,
            &Id::new("technical--zerocleare"),
        );
        assert_eq!(library.groups[ranked.group].id, "G0049");
        let adopted = as_hypothesis(&case, &event, &library, &ranked);
        assert_eq!(
            (adopted.rated, adopted.uncited, adopted.actor_added),
            (1, 0, true)
        );
        case.apply(adopted.command).unwrap();
        let analysis = case.analyses.iter().find(|a| a.subject == event).unwrap();
        let hypothesis = analysis
            .hypotheses
            .iter()
            .find(|h| h.title == "OilRig is responsible")
            .unwrap();
        let row = analysis
            .evidence
            .iter()
            .find(|r| r.citation.as_str() == "citation--zerocleare")
            .unwrap();
        assert_eq!(
            row.ratings.get(&hypothesis.key),
            Some(&Consistency::Consistent)
        );
        // As a candidate: the same actor, linked by a low-confidence `uses`.
        let (command, actor) = as_candidate(&case, &library, &ranked);
        case.apply(command).unwrap();
        assert_eq!(case.actor(&actor).unwrap().name, "OilRig");
        assert!(
            case.relationships
                .iter()
                .any(|r| r.kind == RelationshipKind::Uses
                    && r.source == actor
                    && r.confidence == Confidence::Low)
        );
    }
}
