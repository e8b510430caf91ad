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

#[test]
fn the_timeline_marks_say_the_role_in_each_actors_lane() {
    use casebook::figure::timeline::{LaneMode, TimelineFigure};
    let case = with_roles();
    let figure = TimelineFigure::build(&case, LaneMode::ByActor, None);
    let item_in = |actor: &str| {
        let lane = figure.actor_lanes[&Id::new(actor)];
        figure
            .lane(lane)
            .iter()
            .find(|i| i.id.as_str() == "event--parliament-attack")
            .cloned()
            .unwrap()
    };
    let victim = item_in("actor--albanian-parliament");
    assert!(victim.is_hollow(), "the victim's mark is hollow");
    assert!(victim.label.ends_with("(victim)"), "{}", victim.label);
    let perpetrator = item_in("actor--homeland-justice");
    assert!(!perpetrator.is_hollow());
    assert!(perpetrator.label.ends_with("(alleged perpetrator)"));
    // By kind there is no lane actor: no role.
    let by_kind = TimelineFigure::build(&case, LaneMode::ByKind, None);
    assert!(
        by_kind
            .items
            .iter()
            .all(|i| i.role.is_none() && !i.is_hollow())
    );
}

#[test]
fn the_timeline_figure_draws_the_victims_mark_hollow() {
    use casebook::figure::timeline::{LaneMode, TimelineFigure};
    let case = with_roles();
    let figure = TimelineFigure::build(&case, LaneMode::ByActor, None);
    let svg = casebook::figure::svg::timeline_svg(&figure, "t", Tlp::Clear);
    assert!(
        svg.contains(r#"fill="none" stroke="#),
        "no hollow mark in the SVG"
    );
    assert!(svg.contains("Hollow: the lane's actor was the victim"));
}
