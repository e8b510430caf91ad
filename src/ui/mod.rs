//! The desktop app: an eframe window over the case model. Views (lists, inspector, map,
//! timeline, sources, hypotheses, case overview) draw the case and emit [`Intent`]s; the app
//! shell handles them in one place and runs slow work (opening, saving, exports, layout) as
//! jobs off the UI thread.

mod about;
mod ach;
mod app;
mod autosave;
mod briefing_dialog;
mod checks;
mod conflicts;
mod dialogs;
mod document;
mod focus;
mod forms;
mod inspector;
mod intent;
mod job_runner;
mod lists;
mod map;
mod markings;
mod overlap;
mod overview;
mod recent;
mod recovery;
mod reference;
mod renderer;
mod script;
mod sources;
mod stix_dialogs;
mod taxii_dialog;
mod timeline;

pub use app::commands::{AppCommand, Menu, MenuEntry};
pub use app::{CasebookApp, CentralView, Startup};
pub use document::Document;
pub use intent::Intent;
pub use map::MapView;
pub use renderer::RendererChoice;
pub use timeline::TimelineView;

/// The licences and third-party notices built into the program (shown in Help → About).
pub fn third_party_notices() -> &'static str {
    about::NOTICES
}

/// The app's name as the windowing system knows it.
pub const APP_ID: &str = "casebook";

fn native_options(renderer: eframe::Renderer) -> eframe::NativeOptions {
    eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Casebook")
            .with_app_id(APP_ID)
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([720.0, 480.0])
            .with_drag_and_drop(true),
        renderer,
        ..Default::default()
    }
}

fn run_with(renderer: eframe::Renderer, startup: Startup) -> Result<(), eframe::Error> {
    eframe::run_native(
        "Casebook",
        native_options(renderer),
        Box::new(move |cc| {
            let line = renderer::renderer_line(cc);
            eprintln!("{line}");
            let startup = Startup {
                renderer: Some(
                    line.strip_prefix("casebook: renderer ")
                        .unwrap_or(&line)
                        .to_owned(),
                ),
                ..startup
            };
            Ok(Box::new(CasebookApp::new(&cc.egui_ctx, startup)))
        }),
    )
}

/// Opens the app window and runs until it is closed. With `Auto`, the renderer is chosen for
/// this machine (see [`renderer`]), and one that cannot start is replaced by the other, and the
/// user is told.
pub fn run(startup: Startup, choice: RendererChoice) -> anyhow::Result<()> {
    let (first, startup) = match choice {
        RendererChoice::Glow => (eframe::Renderer::Glow, startup),
        RendererChoice::Wgpu => (eframe::Renderer::Wgpu, startup),
        RendererChoice::Auto => (renderer::decide(&renderer::wgpu_adapters()), startup),
    };
    match run_with(first, startup.clone()) {
        Ok(()) => Ok(()),
        Err(error) if choice == RendererChoice::Auto && first == eframe::Renderer::Wgpu => {
            let notice = format!(
                "The wgpu renderer could not start ({error}); Casebook is using OpenGL (glow) instead. Start with --renderer glow to skip the attempt."
            );
            eprintln!("casebook: {notice}");
            let startup = Startup {
                notice: Some(notice),
                ..startup
            };
            run_with(eframe::Renderer::Glow, startup).map_err(|glow_error| {
                anyhow::anyhow!(
                    "no renderer could start: wgpu failed with {error}; OpenGL (glow) failed with {glow_error}"
                )
            })
        }
        Err(error) => Err(anyhow::anyhow!(
            "the {first:?} renderer could not start: {error}; try --renderer {}",
            if first == eframe::Renderer::Glow {
                "wgpu"
            } else {
                "glow"
            }
        )),
    }
}

/// What to call a file in a message: its name, or the whole path if it has none.
pub(crate) fn file_name_of(path: &std::path::Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
