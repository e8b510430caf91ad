//! Helpers shared by the UI tests: a harness around the app, stepping until background work is
//! done.

use casebook::ui::{CasebookApp, Startup};
use egui::{Event, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// The app in a 1400×900 harness, after its first frames.
pub fn harness(startup: Startup) -> Harness<'static, CasebookApp> {
    let ctx = egui::Context::default();
    let app = CasebookApp::new(&ctx, startup);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        // A dialog takes a few frames to settle its size and place (its scroll areas measure
        // their content, then it centres by that size).
        .with_max_steps(12)
        .build_ui_state(|ui, app: &mut CasebookApp| app.ui(ui), app);
    harness.run();
    harness
}

/// The app on the example case, as it starts with no file given.
pub fn example() -> Harness<'static, CasebookApp> {
    harness(Startup::default())
}

/// The open case.
pub fn open_case<'a>(harness: &'a Harness<'static, CasebookApp>) -> &'a casebook::model::Case {
    harness.state().document().expect("a case is open").case()
}

/// Exports the figure on screen through its Export… dialog (typed path) and reads it back.
pub fn export_figure(harness: &mut Harness<'static, CasebookApp>, out: &std::path::Path) -> String {
    harness.get_by_label("Export…").click();
    harness.run();
    harness.get_by_label("Path of the figure").focus();
    harness
        .get_by_label("Path of the figure")
        .type_text(&out.display().to_string());
    harness.run();
    harness
        .get_by_role_and_label(egui::accesskit::Role::Button, "Export")
        .click();
    settle(harness, Some(out));
    std::fs::read_to_string(out).expect("the figure was exported")
}

/// Whether any widget's label or value holds `needle`.
pub fn has_text(harness: &Harness<'static, CasebookApp>, needle: &str) -> bool {
    harness
        .query_all_by(|node| {
            node.label().is_some_and(|l| l.contains(needle))
                || node.value().is_some_and(|v| v.contains(needle))
        })
        .next()
        .is_some()
}

/// Steps the app until its background work (opening, saving, exporting) is done and, if given,
/// `path` exists.
pub fn settle(harness: &mut Harness<'static, CasebookApp>, path: Option<&std::path::Path>) {
    for _ in 0..500 {
        harness.step();
        if !harness.state().is_busy() && path.is_none_or(|p| p.exists()) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    harness.run();
}

/// Presses or releases the primary button at `at`, holding `modifiers`, and steps one frame.
pub fn press(
    harness: &mut Harness<'static, CasebookApp>,
    at: Pos2,
    pressed: bool,
    modifiers: Modifiers,
) {
    harness.event(Event::PointerMoved(at));
    harness.event(Event::PointerButton {
        pos: at,
        button: PointerButton::Primary,
        pressed,
        modifiers,
    });
    harness.step();
}

/// Opens a picker by its label and clicks the choice whose text is `choice`, or else the last
/// one whose text starts with it (an exact match wins over a longer one that shares its start).
pub fn choose(harness: &mut Harness<'static, CasebookApp>, picker: &str, choice: &str) {
    harness.get_by_label(picker).click();
    harness.run();
    let exact = harness
        .query_all_by(|node| {
            node.label()
                .or_else(|| node.value())
                .is_some_and(|l| l == choice)
        })
        .last();
    let chosen = exact.or_else(|| {
        harness
            .query_all_by(|node| {
                node.label()
                    .or_else(|| node.value())
                    .is_some_and(|l| l.starts_with(choice))
            })
            .last()
    });
    chosen
        .unwrap_or_else(|| panic!("no choice starting with {choice:?} in {picker:?}"))
        .click();
    harness.run();
}

/// In the STIX export note already open: chooses where to write, types `path`, exports, and
/// waits for the file.
pub fn write_stix_to_typed_path(
    harness: &mut Harness<'static, CasebookApp>,
    path: &std::path::Path,
) {
    harness.get_by_label("Choose where to write it…").click();
    harness.run();
    harness
        .get_by_label("Path of the bundle")
        .type_text(path.to_str().unwrap());
    harness.run();
    harness.get_by_label("Export").click();
    settle(harness, Some(path));
}

/// Reads the bundle at `path` as a user does (File → Import STIX 2.1 bundle…, the path typed,
/// Read the bundle) and waits for the import review.
pub fn read_bundle_into_review(harness: &mut Harness<'static, CasebookApp>, path: &str) {
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Import STIX 2.1 bundle…").click();
    harness.run();
    harness.get_by_label("Path of the bundle").type_text(path);
    harness.run();
    harness.get_by_label("Read the bundle").click();
    settle(harness, None);
}

/// Deletes an actor as a user does: select it in the list, "Delete this actor…", confirm.
pub fn delete_actor(harness: &mut Harness<'static, CasebookApp>, name: &str) {
    harness.get_by_label(name).click();
    harness.run();
    harness.get_by_label("Delete this actor…").click();
    harness.run();
    harness.get_by_label("Delete").click();
    harness.run();
}

/// Selects the example's December 2023 attack in the Events list, as a user would, and
/// returns its id.
pub fn select_the_parliament_attack(
    harness: &mut Harness<'static, CasebookApp>,
) -> casebook::model::Id {
    let event = casebook::model::Id::new("event--parliament-attack");
    harness.get_by_label("Events 12").click();
    harness.run();
    harness
        .get_by_label_contains("Cyberattack on the Albanian Parliament's data system")
        .click();
    harness.run();
    assert_eq!(harness.state().selection(), Some(&event));
    event
}

/// A synthetic case of `actors` actors (placed on the map), saved to a file in `dir`, opened in
/// a new window as a user would open it; returns the case and the harness once it has opened.
pub fn open_synthetic(
    dir: &std::path::Path,
    actors: usize,
    seed: u64,
) -> (casebook::model::Case, Harness<'static, CasebookApp>) {
    let path = dir.join("synthetic.casebook.json");
    let case = casebook::synthetic::synthetic_case(casebook::synthetic::SyntheticSpec {
        actors,
        seed,
        placed: true,
    });
    casebook::store::save(&case, &path).unwrap();
    let mut harness = harness(Startup {
        file: Some(path),
        ..Startup::default()
    });
    settle(&mut harness, None);
    (case, harness)
}
