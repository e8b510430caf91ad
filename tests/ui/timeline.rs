//! The timeline driven as a user drives it through egui_kittest: clicking an event selects it,
//! Shift+dragging brushes a window that the map and lists follow, and clearing restores them.

use casebook::model::Id;
use casebook::ui::{CasebookApp, CentralView, Startup};
use egui::{Event, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

use crate::common::{export_figure, harness, open_case, press};

/// The app with `startup`, showing the timeline.
fn timeline_with(startup: Startup) -> Harness<'static, CasebookApp> {
    let mut harness = harness(startup);
    harness.state_mut().show_view(CentralView::Timeline);
    harness.run();
    harness
}

fn timeline() -> Harness<'static, CasebookApp> {
    timeline_with(Startup::default())
}

#[test]
fn clicking_an_event_selects_it() {
    let mut harness = timeline();
    // The NATO lane holds one event (US, NATO and EU back Albania, 2022): find it by its screen
    // position from the timeline's own figure through the plot.
    let at = harness
        .state()
        .timeline_screen_position(&Id::new("event--allied-support"), &Id::new("actor--nato"))
        .expect("the event is drawn");
    press(&mut harness, at, true, Modifiers::NONE);
    press(&mut harness, at, false, Modifiers::NONE);
    harness.run();
    assert_eq!(
        harness.state().selection().map(Id::as_str),
        Some("event--allied-support")
    );
    assert_eq!(
        harness.get_by_label("Title").value().as_deref(),
        Some("US, NATO and EU back Albania")
    );
}

#[test]
fn brushing_a_window_filters_the_map_and_lists_and_clearing_restores_them() {
    let mut harness = timeline();
    brush_around_2013(&mut harness);
    let (start, end) = harness.state().time_window().expect("a window was brushed");
    assert!(start.format("%Y").to_string().starts_with("201"), "{start}");
    assert!(end.format("%Y").to_string().as_str() < "2022", "{end}");
    // The lists show only the events in the window.
    harness.get_by_label_contains("Events").click();
    harness.run();
    harness.get_by_label_contains("Only what falls in the time window");
    // The tab counts what the list shows, of how many.
    let tab = harness
        .query_all_by(|n| n.label().is_some_and(|l| l.starts_with("Events ")))
        .next()
        .and_then(|n| n.accesskit_node().label())
        .unwrap();
    assert!(tab.ends_with(" of 12") && tab != "Events 12 of 12", "{tab}");
    assert!(
        harness
            .query_by_label("Albania begins sheltering MEK exiles")
            .is_some()
    );
    assert!(
        harness
            .query_by_label("Albanian police raid the MEK camp")
            .is_none()
    );
    // The map shows only the relationships valid then.
    harness.state_mut().show_view(CentralView::Map);
    harness.run();
    assert!(
        harness
            .state()
            .map_shows(&Id::new("relationship--albania-shelters-mek"))
    );
    assert!(
        !harness
            .state()
            .map_shows(&Id::new("relationship--us-supports-albania"))
    );
    // Clearing the brush restores the whole case.
    harness.state_mut().show_view(CentralView::Timeline);
    harness.run();
    harness.get_by_label("Clear window").click();
    harness.run();
    assert!(harness.state().time_window().is_none());
    harness.state_mut().show_view(CentralView::Map);
    harness.run();
    assert!(
        harness
            .state()
            .map_shows(&Id::new("relationship--us-supports-albania"))
    );
    assert!(
        harness
            .query_by_label("Albanian police raid the MEK camp")
            .is_some()
    );
}

/// Asserts the time window is gone from every view: the timeline's brush, the map, the Events
/// list and the status line.
fn assert_window_cleared_everywhere(harness: &mut Harness<'static, CasebookApp>) {
    assert!(harness.state().time_window().is_none());
    assert!(
        harness.state().timeline_window().is_none(),
        "the timeline's brush is gone"
    );
    assert!(
        harness
            .state()
            .map_shows(&Id::new("relationship--us-supports-albania"))
    );
    harness.get_by_label_contains("Events").click();
    harness.run();
    assert!(
        harness.query_by_label("Events 12").is_some(),
        "the tab counts all"
    );
    assert!(
        harness
            .query_by_label_contains("Only what falls in the time window")
            .is_none()
    );
    assert!(
        harness
            .query_by_label("Albanian police raid the MEK camp")
            .is_some()
    );
    assert!(crate::common::has_text(
        harness,
        "Map and lists show the whole case"
    ));
}

#[test]
fn clearing_the_window_from_the_maps_filter_menu_clears_it_everywhere() {
    for button in ["Clear the time window", "Show everything"] {
        let mut harness = timeline();
        brush_around_2013(&mut harness);
        assert!(harness.state().timeline_window().is_some());
        harness.state_mut().show_view(CentralView::Map);
        harness.run();
        harness.get_by_label("Filter (on)").click();
        harness.run();
        harness.get_by_label(button).click();
        harness.run();
        assert_window_cleared_everywhere(&mut harness);
    }
    // And the same from the timeline's Esc.
    let mut harness = timeline();
    let centre = brush_around_2013(&mut harness);
    harness.event(Event::PointerMoved(centre));
    harness.run();
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert_window_cleared_everywhere(&mut harness);
}

/// Brushes a window around 2013, when Albania began sheltering the MEK; gives back where.
fn brush_around_2013(harness: &mut Harness<'static, CasebookApp>) -> Pos2 {
    let centre = harness
        .state()
        .timeline_screen_position(
            &Id::new("event--mek-exiles-sheltered"),
            &Id::new("actor--albania"),
        )
        .unwrap();
    let (a, b) = (
        Pos2::new(centre.x - 6.0, centre.y),
        Pos2::new(centre.x + 6.0, centre.y),
    );
    harness.event(Event::ModifiersChanged(Modifiers::SHIFT));
    press(harness, a, true, Modifiers::SHIFT);
    for i in 1..=8 {
        harness.event(Event::PointerMoved(a + (b - a) * (i as f32 / 8.0)));
        harness.step();
    }
    press(harness, b, false, Modifiers::SHIFT);
    harness.event(Event::ModifiersChanged(Modifiers::NONE));
    harness.run();
    centre
}

#[test]
fn an_event_is_added_at_the_date_clicked() {
    let mut harness = timeline();
    // Right-click in the Mujahedeen-e-Khalq lane, a little later than the raid.
    let mek = harness
        .state()
        .timeline_screen_position(&Id::new("event--mek-camp-raid"), &Id::new("actor--mek"))
        .unwrap();
    let at = Pos2::new(mek.x + 4.0, mek.y);
    harness.event(Event::PointerMoved(at));
    harness.event(Event::PointerButton {
        pos: at,
        button: PointerButton::Secondary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    harness.step();
    harness.event(Event::PointerButton {
        pos: at,
        button: PointerButton::Secondary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    harness.run();
    harness
        .get_by_label_contains("Add an event on 2023-")
        .click();
    harness.run();
    harness.get_by_label("New event");
    let start = harness.get_by_label("Start").value().unwrap_or_default();
    assert!(
        start.starts_with("2023-0"),
        "the form starts at the clicked date: {start}"
    );
    harness.get_by_label("Title").focus();
    harness
        .get_by_label("Title")
        .type_text("Second raid reported");
    harness.run();
    harness
        .get_by_role_and_label(egui::accesskit::Role::Button, "Add event")
        .click();
    harness.run();
    let case = open_case(&harness);
    let added = case
        .events
        .iter()
        .find(|e| e.title == "Second raid reported")
        .expect("added");
    assert_eq!(
        added.actors,
        vec![Id::new("actor--mek")],
        "the lane's actor is involved"
    );
}

#[test]
fn the_timeline_exports_what_is_on_screen() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("timeline.svg");
    let mut harness = timeline_with(Startup {
        typed_paths: true,
        ..Startup::default()
    });
    let svg = export_figure(&mut harness, &out);
    assert!(svg.contains("Albanian Parliament") && svg.contains("2023"));
}

#[test]
fn the_plain_wheel_zooms_in_time_at_the_pointer() {
    let mut harness = timeline();
    let at = harness
        .state()
        .timeline_screen_position(&Id::new("event--allied-support"), &Id::new("actor--nato"))
        .expect("the event is drawn");
    let (from, until) = harness.state().timeline_visible_days().unwrap();
    harness.event(Event::PointerMoved(at));
    harness.step();
    for _ in 0..4 {
        harness.event(Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, 120.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: Modifiers::NONE,
        });
        harness.step();
    }
    harness.run();
    let (a, b) = harness.state().timeline_visible_days().unwrap();
    assert!(
        b - a < (until - from) * 0.8,
        "zoomed in: {from:.0}..{until:.0} became {a:.0}..{b:.0}"
    );
    // About the pointer: the event under it stays under it.
    let moved = harness
        .state()
        .timeline_screen_position(&Id::new("event--allied-support"), &Id::new("actor--nato"))
        .unwrap();
    assert!((moved.x - at.x).abs() < 12.0, "{at:?} then {moved:?}");
}

#[test]
fn many_lanes_page_with_a_visible_pager() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lanes.json");
    let case = casebook::synthetic::synthetic_case(casebook::synthetic::SyntheticSpec {
        actors: 80,
        seed: 5,
        placed: true,
    });
    casebook::store::save(&case, &path).unwrap();
    let mut harness = timeline_with(Startup {
        file: Some(path),
        ..Startup::default()
    });
    crate::common::settle(&mut harness, None);
    harness.state_mut().show_view(CentralView::Timeline);
    harness.run();
    let pager = |h: &Harness<'static, CasebookApp>| {
        h.query_all_by(|n| {
            n.value()
                .is_some_and(|l| l.starts_with("Lanes ") && l.contains(" of "))
        })
        .next()
        .and_then(|n| n.value())
    };
    let first = pager(&harness).expect("a pager for more lanes than fit");
    assert!(first.starts_with("Lanes 1–30 of "), "{first}");
    harness.get_by_label("Lanes below").click();
    harness.run();
    let next = pager(&harness).unwrap();
    assert!(next.starts_with("Lanes 31–60 of "), "{next}");
    harness.get_by_label("Lanes above").click();
    harness.run();
    assert!(pager(&harness).unwrap().starts_with("Lanes 1–30 of "));
}
