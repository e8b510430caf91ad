//! New objects start with nothing chosen for the analyst: who is held responsible, who makes a
//! claim, what is attributed and when an event happened are chosen, not guessed; a new citation
//! starts from the source last cited.

use crate::common::{example, open_case};
use egui_kittest::kittest::{NodeT, Queryable};

fn count_label(
    harness: &egui_kittest::Harness<'static, casebook::ui::CasebookApp>,
    text: &str,
) -> usize {
    harness
        .query_all_by(|n| {
            n.value().is_some_and(|v| v == text) || n.label().is_some_and(|l| l == text)
        })
        .count()
}

fn add_from_menu(
    harness: &mut egui_kittest::Harness<'static, casebook::ui::CasebookApp>,
    item: &str,
) {
    harness.get_by_label("Add").click();
    harness.run();
    harness
        .query_all_by(|n| n.label().is_some_and(|l| l.starts_with(item)))
        .next()
        .unwrap_or_else(|| panic!("no {item:?} in the Add menu"))
        .click();
    harness.run();
}

#[test]
fn a_new_judgment_holds_no_one_responsible_until_the_analyst_chooses() {
    let mut harness = example();
    let before = count_label(&harness, "(choose)");
    add_from_menu(&mut harness, "Judgment…");
    assert_eq!(
        count_label(&harness, "(choose)") - before,
        2,
        "what is attributed and who is held responsible start unchosen"
    );
    let add = harness.get_by_label("Add judgment");
    assert!(
        add.accesskit_node().is_disabled(),
        "nothing to add until both are chosen"
    );

    harness.get_by_label("A party's claim").click();
    harness.run();
    assert_eq!(
        count_label(&harness, "(choose)") - before,
        3,
        "who makes the claim starts unchosen too"
    );
}

#[test]
fn a_new_event_has_no_date_until_one_is_typed() {
    let mut harness = example();
    let events = open_case(&harness).events.len();
    add_from_menu(&mut harness, "Event…");
    harness
        .get_by_label("Title")
        .type_text("Defacement of a ministry site");
    harness.run();
    assert!(
        harness
            .get_by_label("Add event")
            .accesskit_node()
            .is_disabled(),
        "no date: nothing to add"
    );
    assert!(crate::common::has_text(
        &harness,
        "an event needs a start date"
    ));
    harness.get_by_label("Start").click();
    harness.get_by_label("Start").type_text("2024-01-03");
    harness.run();
    harness.get_by_label("Add event").click();
    harness.run();
    let case = open_case(&harness);
    assert_eq!(case.events.len(), events + 1);
    assert_eq!(case.events.last().unwrap().start.to_string(), "2024-01-03");
}

#[test]
fn a_new_citation_starts_from_the_source_last_cited() {
    let mut harness = example();
    let last = open_case(&harness).citations.last().unwrap().source.clone();
    let first = open_case(&harness).sources[0].id.clone();
    assert_ne!(
        last, first,
        "the example's last citation is not of its first source"
    );
    let title = open_case(&harness).source(&last).unwrap().title.clone();
    add_from_menu(&mut harness, "Citation…");
    let shown = harness
        .query_all_by(|n| n.value().is_some_and(|v| v.contains(&title)))
        .count();
    assert!(shown >= 1, "the Source field shows {title:?}");
}

#[test]
fn a_message_that_goes_away_leaves_the_fields_below_where_they_were() {
    let mut harness = example();
    add_from_menu(&mut harness, "Event…");
    assert!(crate::common::has_text(
        &harness,
        "an event needs a start date"
    ));
    let with_message = harness.get_by_label("End (optional)").rect();
    harness.get_by_label("Start").click();
    harness.get_by_label("Start").type_text("2024-01-03");
    harness.run();
    assert!(
        !crate::common::has_text(&harness, "an event needs a start date"),
        "the start is read now"
    );
    let after = harness.get_by_label("End (optional)").rect();
    assert_eq!(
        with_message.top(),
        after.top(),
        "the End field stays under the pointer"
    );
}

#[test]
fn an_actor_added_to_an_attack_gets_a_suggested_role() {
    let mut harness = example();
    harness.get_by_label_contains("Events").click();
    harness.run();
    harness
        .get_by_label("Cyberattack on the Albanian Parliament's data system")
        .click();
    harness.run();
    harness.get_by_label("Add an actor to the event").click();
    harness.run();
    for _ in 0..3 {
        harness.step(); // the list settles where it opens
    }
    harness
        .get_by_role_and_label(egui::accesskit::Role::Button, "Homeland Justice")
        .click();
    harness.run();
    let role = |h: &egui_kittest::Harness<'static, casebook::ui::CasebookApp>, actor: &str| {
        open_case(h)
            .event(&casebook::model::Id::new("event--parliament-attack"))
            .unwrap()
            .roles
            .get(&casebook::model::Id::new(actor))
            .copied()
    };
    assert_eq!(
        role(&harness, "actor--homeland-justice"),
        Some(casebook::model::EventRole::AllegedPerpetrator),
        "a threat group added to an attack is suggested as its alleged perpetrator"
    );
    assert!(crate::common::has_text(&harness, "alleged perpetrator"));
}
