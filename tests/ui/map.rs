//! The relationship map driven as a user drives it: clicking, dragging and drawing on the
//! canvas through egui_kittest, checked by what the case holds afterwards.

use casebook::model::Id;
use casebook::ui::{CasebookApp, Startup};
use egui::{Event, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::common::{example, export_figure, harness, open_case, press};

fn position_of(harness: &Harness<'static, CasebookApp>, id: &str) -> Pos2 {
    harness
        .state()
        .map_screen_position(&Id::new(id))
        .expect("the actor is on the map")
}

fn click(harness: &mut Harness<'static, CasebookApp>, at: Pos2) {
    press(harness, at, true, Modifiers::NONE);
    press(harness, at, false, Modifiers::NONE);
    harness.run();
}

/// Drags from `from` to `to` in small steps, holding `modifiers`.
fn drag(harness: &mut Harness<'static, CasebookApp>, from: Pos2, to: Pos2, modifiers: Modifiers) {
    harness.event(Event::ModifiersChanged(modifiers));
    harness.event(Event::PointerMoved(from));
    harness.step();
    press(harness, from, true, modifiers);
    for i in 1..=10 {
        let t = i as f32 / 10.0;
        harness.event(Event::PointerMoved(from + (to - from) * t));
        harness.step();
    }
    press(harness, to, false, modifiers);
    harness.event(Event::ModifiersChanged(Modifiers::NONE));
    harness.run();
}

#[test]
fn clicking_an_actor_on_the_map_selects_it() {
    let mut harness = example();
    harness.get_by_label("Relationship map");
    let iran = position_of(&harness, "actor--iran");
    click(&mut harness, iran);
    assert_eq!(
        harness.state().selection().map(Id::as_str),
        Some("actor--iran")
    );
    // The inspector follows.
    assert_eq!(
        harness.get_by_label("Name").value().as_deref(),
        Some("Iran")
    );
    // Clicking empty canvas clears the selection.
    let canvas = harness.get_by_label("Relationship map").rect();
    click(&mut harness, canvas.left_top() + egui::vec2(5.0, 5.0));
    assert_eq!(harness.state().selection(), None);
}

#[test]
fn drawing_a_relationship_between_two_actors_and_undoing_it() {
    let mut harness = example();
    let from = position_of(&harness, "actor--iran");
    let to = position_of(&harness, "actor--homeland-justice");
    drag(&mut harness, from, to, Modifiers::COMMAND);
    harness.get_by_label("New relationship");
    harness
        .get_by_role_and_label(egui::accesskit::Role::Button, "Add relationship")
        .click();
    harness.run();
    let case = open_case(&harness);
    assert_eq!(case.relationships.len(), 14);
    let added = case.relationships.last().unwrap();
    assert_eq!(added.source.as_str(), "actor--iran");
    assert_eq!(added.target.as_str(), "actor--homeland-justice");
    // Undo goes through the same command path.
    harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(open_case(&harness).relationships.len(), 13);
}

#[test]
fn dragging_an_actor_places_and_pins_it_undoably() {
    let mut harness = example();
    let from = position_of(&harness, "actor--nato");
    let to = from + egui::vec2(60.0, 40.0);
    drag(&mut harness, from, to, Modifiers::NONE);
    let doc = harness.state().document().unwrap();
    let place = doc
        .case()
        .actor(&Id::new("actor--nato"))
        .unwrap()
        .map
        .expect("placed");
    assert!(place.pinned);
    assert!(doc.is_modified());
    let moved = position_of(&harness, "actor--nato");
    assert!(
        (moved - to).length() < 2.0,
        "the actor follows the pointer: {moved:?} vs {to:?}"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert!(
        open_case(&harness)
            .actor(&Id::new("actor--nato"))
            .unwrap()
            .map
            .is_none()
    );
}

/// Steps the app until a layout or arrangement running in the background has placed every
/// actor (or about two seconds have passed).
fn wait_until_every_actor_is_placed(harness: &mut Harness<'static, CasebookApp>) {
    for _ in 0..400 {
        harness.step();
        if open_case(harness).actors.iter().all(|a| a.map.is_some()) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

#[test]
fn the_layout_runs_and_lands_as_one_undoable_command() {
    let mut harness = example();
    harness.get_by_label("Run layout").click();
    wait_until_every_actor_is_placed(&mut harness);
    let case = open_case(&harness);
    assert!(
        case.actors.iter().all(|a| a.map.is_some_and(|m| !m.pinned)),
        "every actor placed, none pinned"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert!(open_case(&harness).actors.iter().all(|a| a.map.is_none()));
}

#[test]
fn the_map_exports_what_is_on_screen() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map.svg");
    let mut harness = harness(Startup {
        typed_paths: true,
        ..Startup::default()
    });
    let svg = export_figure(&mut harness, &out);
    assert!(svg.contains("Homeland Justice") && svg.contains("Legend"));
}

fn shift_click(harness: &mut Harness<'static, CasebookApp>, at: Pos2) {
    harness.event(Event::ModifiersChanged(Modifiers::SHIFT));
    press(harness, at, true, Modifiers::SHIFT);
    press(harness, at, false, Modifiers::SHIFT);
    harness.event(Event::ModifiersChanged(Modifiers::NONE));
    harness.run();
}

#[test]
fn several_actors_selected_on_the_map_delete_together_and_undo_together() {
    let mut harness = example();
    let nato = position_of(&harness, "actor--nato");
    let eu = position_of(&harness, "actor--european-union");
    click(&mut harness, nato);
    shift_click(&mut harness, eu);
    harness.key_press(egui::Key::Delete);
    harness.run();
    harness.get_by_label("Delete 2 objects?");
    harness
        .get_by_role_and_label(egui::accesskit::Role::Button, "Delete")
        .click();
    harness.run();
    let case = open_case(&harness);
    assert!(case.actor(&Id::new("actor--nato")).is_none());
    assert!(case.actor(&Id::new("actor--european-union")).is_none());
    assert_eq!(case.actors.len(), 11);
    harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(open_case(&harness).actors.len(), 13);
}

#[test]
fn ctrl_drag_with_a_quick_first_move_still_draws_a_relationship() {
    let mut harness = example();
    let nato = position_of(&harness, "actor--nato");
    let eu = position_of(&harness, "actor--european-union");
    let modifiers = Modifiers::COMMAND;
    harness.event(Event::ModifiersChanged(modifiers));
    harness.event(Event::PointerMoved(nato));
    harness.step();
    press(&mut harness, nato, true, modifiers);
    // The first move goes most of the way at once, off the actor where the press began.
    harness.event(Event::PointerMoved(nato + (eu - nato) * 0.8));
    harness.step();
    harness.event(Event::PointerMoved(eu));
    harness.step();
    press(&mut harness, eu, false, modifiers);
    harness.event(Event::ModifiersChanged(Modifiers::NONE));
    harness.run();
    assert!(
        harness.query_by_label("Add relationship").is_some(),
        "the new-relationship form is open, not a pan"
    );
    assert!(crate::common::has_text(
        &harness,
        "Choose the relationship's kind and confidence"
    ));
}

#[test]
fn what_the_map_draws_is_what_a_save_keeps_and_undo_of_a_delete_restores() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("drawn.casebook.json");
    std::fs::write(&path, casebook::example::EXAMPLE_CASE_JSON).unwrap();
    let mut harness = crate::common::harness(casebook::ui::Startup {
        file: Some(path.clone()),
        ..casebook::ui::Startup::default()
    });
    crate::common::settle(&mut harness, None);
    assert!(open_case(&harness).actors.iter().all(|a| a.map.is_none()));
    let nato_before = position_of(&harness, "actor--nato");

    // Delete NATO and undo: it comes back where it was drawn, not somewhere new.
    crate::common::delete_actor(&mut harness, "NATO");
    harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    let nato_after = position_of(&harness, "actor--nato");
    assert!(
        (nato_after - nato_before).length() < 0.5,
        "{nato_before:?} then {nato_after:?}"
    );

    // Saved, every actor keeps the position it is drawn at; reopened, the same picture.
    harness.key_press(egui::Key::Escape);
    harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::S);
    crate::common::settle(&mut harness, None);
    let saved = casebook::store::load(&path).unwrap();
    assert!(
        saved
            .actors
            .iter()
            .all(|a| a.map.is_some_and(|m| !m.pinned))
    );
    let mut reopened = crate::common::harness(casebook::ui::Startup {
        file: Some(path),
        ..casebook::ui::Startup::default()
    });
    crate::common::settle(&mut reopened, None);
    for actor in &saved.actors {
        let a = position_of(&harness, actor.id.as_str());
        let b = position_of(&reopened, actor.id.as_str());
        assert!((a - b).length() < 0.5, "{}: {a:?} then {b:?}", actor.name);
    }
}

#[test]
fn several_actors_selected_show_together_in_the_inspector_with_what_applies_to_all() {
    let mut harness = example();
    let nato = position_of(&harness, "actor--nato");
    let eu = position_of(&harness, "actor--european-union");
    click(&mut harness, nato);
    shift_click(&mut harness, eu);
    harness.get_by_label("2 actors selected");
    harness.get_by_label("Pin where they are").click();
    harness.run();
    let case = open_case(&harness);
    for id in ["actor--nato", "actor--european-union"] {
        let place = case.actor(&Id::new(id)).unwrap().map.expect("placed");
        assert!(place.pinned, "{id} pinned");
    }
    assert!(
        open_case(&harness)
            .actor(&Id::new("actor--iran"))
            .unwrap()
            .map
            .is_none_or(|m| !m.pinned),
        "only the selected are pinned"
    );
    // One of them alone, from the list of the selected.
    harness
        .get_by_role_and_label(egui::accesskit::Role::Link, "European Union")
        .click();
    harness.run();
    assert!(harness.query_by_label("2 actors selected").is_none());
    assert_eq!(
        harness.state().selection().map(Id::as_str),
        Some("actor--european-union")
    );
    assert_eq!(
        harness.get_by_label("Name").value().as_deref(),
        Some("European Union")
    );
}

#[test]
fn actors_added_to_a_new_case_land_in_view_at_life_size() {
    let mut harness = example();
    harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::N);
    harness.run();
    let names = [
        "Storm Petrel",
        "Blue Heron Unit",
        "Ministry of Signals",
        "Harbour Authority",
    ];
    for name in names {
        harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, egui::Key::A);
        harness.run();
        harness.get_by_label("Name").type_text(name);
        harness.run();
        harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::Enter);
        harness.run();
    }
    let case = open_case(&harness).clone();
    assert_eq!(case.actors.len(), names.len());
    let area = harness.state().map_area();
    let mut seen = Vec::new();
    for actor in &case.actors {
        let at = position_of(&harness, actor.id.as_str());
        assert!(
            area.contains(at),
            "{} is drawn at {at:?}, outside {area:?}",
            actor.name
        );
        seen.push(at);
    }
    // Not blown up to fill the map: the first two actors are placed apart, at about life size
    // (the spiral's first step is 140 map units).
    let apart = seen[0].distance(seen[1]);
    assert!(
        (60.0..=200.0).contains(&apart),
        "first two actors {apart} points apart"
    );
}

/// Clicks Arrange and one of its entries, and waits until every actor is placed.
fn arrange(harness: &mut Harness<'static, CasebookApp>, entry: &str) -> casebook::model::Case {
    harness.get_by_label("Arrange").click();
    harness.run();
    harness.get_by_label(entry).click();
    wait_until_every_actor_is_placed(harness);
    harness.run();
    open_case(harness).clone()
}

fn placed_at(case: &casebook::model::Case, id: &str) -> [f32; 2] {
    let m = case.actor(&Id::new(id)).unwrap().map.expect("placed");
    [m.x, m.y]
}

#[test]
fn the_map_arranges_top_down_along_the_attribution_chain_and_undoes() {
    let mut harness = example();
    let case = arrange(&mut harness, "Top-down: the attribution chain");
    let y = |id: &str| placed_at(&case, id)[1];
    // Group above agency above state.
    assert!(
        y("actor--homeland-justice") < y("actor--iran-mfa"),
        "group over agency"
    );
    assert!(y("actor--iran-mfa") < y("actor--iran"), "agency over state");
    harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert!(open_case(&harness).actors.iter().all(|a| a.map.is_none()));
}

#[test]
fn the_map_arranges_each_kind_on_its_own_circle() {
    let mut harness = example();
    let case = arrange(&mut harness, "In circles, one per kind of actor");
    let states: Vec<[f32; 2]> = case
        .actors
        .iter()
        .filter(|a| a.kind == casebook::model::ActorKind::State)
        .map(|a| placed_at(&case, a.id.as_str()))
        .collect();
    assert!(states.len() >= 3);
    let c = states
        .iter()
        .fold([0.0, 0.0], |s, p| [s[0] + p[0], s[1] + p[1]]);
    let c = [c[0] / states.len() as f32, c[1] / states.len() as f32];
    let radii: Vec<f32> = states
        .iter()
        .map(|p| ((p[0] - c[0]).powi(2) + (p[1] - c[1]).powi(2)).sqrt())
        .collect();
    let (lo, hi) = radii
        .iter()
        .fold((f32::MAX, 0.0f32), |(l, h), r| (l.min(*r), h.max(*r)));
    // On one circle: every state as far from the circle's centre (the centroid of evenly
    // spaced points is the centre).
    assert!(hi - lo < 1.0, "state radii {radii:?}");
}

#[test]
fn several_actors_selected_take_one_kind_as_one_edit() {
    use casebook::model::ActorKind;
    let mut harness = example();
    let nato = position_of(&harness, "actor--nato");
    let eu = position_of(&harness, "actor--european-union");
    click(&mut harness, nato);
    shift_click(&mut harness, eu);
    harness.get_by_label("Kind of all").click();
    harness.run();
    harness.get_by_label("state agency").click();
    harness.run();
    let kind = |h: &Harness<'static, CasebookApp>, id: &str| {
        open_case(h).actor(&Id::new(id)).unwrap().kind
    };
    assert_eq!(kind(&harness, "actor--nato"), ActorKind::Agency);
    assert_eq!(kind(&harness, "actor--european-union"), ActorKind::Agency);
    assert_eq!(
        kind(&harness, "actor--iran"),
        ActorKind::State,
        "only the selected change"
    );
    // One undo takes both back.
    harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(kind(&harness, "actor--nato"), ActorKind::Organisation);
    assert_eq!(
        kind(&harness, "actor--european-union"),
        ActorKind::Organisation
    );
}
