//! Who was what in an event (victim, alleged perpetrator, responder, claimant …): suggested
//! from the event and actor kinds, kept in the case file and through STIX, checked, taken away
//! with a deleted actor or one a label withholds, and said in the briefing.

use casebook::example::example_case;
use casebook::model::*;
use casebook::store::{from_bytes, to_bytes};
use casebook::tradecraft::Tlp;

fn with_roles() -> Case {
    let mut case = example_case();
    let event = case
        .events
        .iter_mut()
        .find(|e| e.id.as_str() == "event--parliament-attack")
        .unwrap();
    event.actors.push(Id::new("actor--homeland-justice"));
    event
        .roles
        .insert(Id::new("actor--albanian-parliament"), EventRole::Victim);
    event.roles.insert(
        Id::new("actor--homeland-justice"),
        EventRole::AllegedPerpetrator,
    );
    case
}

#[test]
fn roles_are_suggested_from_what_happened_and_who_the_actor_is() {
    use EventRole::*;
    assert_eq!(
        EventRole::suggested(EventKind::Attack, ActorKind::ThreatGroup),
        Some(AllegedPerpetrator)
    );
    assert_eq!(
        EventRole::suggested(EventKind::Attack, ActorKind::Organisation),
        Some(Victim)
    );
    assert_eq!(
        EventRole::suggested(EventKind::Attribution, ActorKind::State),
        Some(Claimant)
    );
    assert_eq!(
        EventRole::suggested(EventKind::Denial, ActorKind::Agency),
        Some(Denier)
    );
    assert_eq!(
        EventRole::suggested(EventKind::Statement, ActorKind::State),
        None
    );
}

#[test]
fn roles_survive_the_case_file_and_a_stix_round_trip() {
    let case = with_roles();
    assert!(validate::check_case(&case).is_empty());
    let bytes = to_bytes(&case);
    assert!(String::from_utf8_lossy(&bytes).contains("\"alleged-perpetrator\""));
    let back = from_bytes(&bytes, std::path::Path::new("roles.json")).unwrap();
    assert_eq!(back, case);

    let bundle = casebook::stix::export::to_bytes(&case);
    let imported = casebook::stix::import::read_bundle(&bundle, "roles").unwrap();
    let event = imported
        .case
        .events
        .iter()
        .find(|e| {
            e.title
                .starts_with("Cyberattack on the Albanian Parliament")
        })
        .unwrap();
    assert_eq!(
        event.roles.get(&Id::new("actor--homeland-justice")),
        Some(&EventRole::AllegedPerpetrator)
    );
}

#[test]
fn a_role_needs_its_actor_involved_and_goes_with_it() {
    let mut case = with_roles();
    let event = case
        .events
        .iter_mut()
        .find(|e| e.id.as_str() == "event--parliament-attack")
        .unwrap();
    event
        .roles
        .insert(Id::new("actor--nato"), EventRole::Responder);
    let problems = validate::check_case(&case);
    assert!(
        problems
            .iter()
            .any(|p| p.to_string().contains("not among the actors involved")),
        "{problems:?}"
    );

    let mut case = with_roles();
    case.apply(Command::Delete(Id::new("actor--homeland-justice")))
        .unwrap();
    let event = case.event(&Id::new("event--parliament-attack")).unwrap();
    assert!(
        !event
            .roles
            .contains_key(&Id::new("actor--homeland-justice"))
    );
    assert!(validate::check_case(&case).is_empty());
}

#[test]
fn a_label_that_withholds_an_actor_withholds_its_role_and_the_briefing_says_the_rest() {
    let mut case = with_roles();
    case.actors
        .iter_mut()
        .find(|a| a.id.as_str() == "actor--homeland-justice")
        .unwrap()
        .marking = Marking::of(Tlp::Red);
    let green = shareable_at(&case, Tlp::Green);
    let event = green
        .case
        .event(&Id::new("event--parliament-attack"))
        .unwrap();
    assert!(
        !event
            .roles
            .contains_key(&Id::new("actor--homeland-justice"))
    );
    assert!(
        event
            .roles
            .contains_key(&Id::new("actor--albanian-parliament"))
    );

    let options = casebook::briefing::BriefingOptions::for_case(&case, chrono::Utc::now());
    let briefing = casebook::briefing::build(&with_roles(), &options);
    let parliament = briefing
        .actors
        .iter()
        .find(|a| a.name == "Albanian Parliament")
        .unwrap();
    assert!(
        parliament
            .roles
            .starts_with("victim of “Cyberattack on the Albanian Parliament"),
        "{}",
        parliament.roles
    );
    let html = casebook::briefing::html::write(&briefing);
    assert!(html.contains("In the events: victim of"));
}
