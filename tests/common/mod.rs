//! Helpers shared by the UI tests: a harness around the app, stepping until background work is
//! done.

#![allow(dead_code, reason = "each test file uses the helpers it needs")]

use casebook::ui::{CasebookApp, Startup};
use egui::{Event, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;

/// The app in a 1400×900 harness, after its first frames.
pub fn harness(startup: Startup) -> Harness<'static, CasebookApp> {
    let ctx = egui::Context::default();
    let app = CasebookApp::new(&ctx, startup);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut CasebookApp| app.ui(ui), app);
    harness.run();
    harness
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
