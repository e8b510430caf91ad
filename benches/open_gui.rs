//! Benchmark of the app while it opens a large case: a worked synthetic case of about 100,000
//! objects (70 MB) is opened in the app as a user would (the loading runs on a worker thread
//! while the window keeps drawing, with a progress bar), and every frame is timed: its egui pass
//! and tessellation at 1920×1080, headless. Prints how long the case took to open, the slowest
//! frame while it loaded, the frame that took the case in, and the frames after it.
//!
//! Run with `cargo bench --bench open_gui` (`VIEW=timeline`, `sources` or `overview` shows that tab
//! instead of the map while the case opens).

use casebook::ui::{CasebookApp, Startup};
use std::time::{Duration, Instant};

fn frame(ctx: &egui::Context, app: &mut CasebookApp, start: Instant) -> Duration {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1920.0, 1080.0),
        )),
        time: Some(start.elapsed().as_secs_f64()),
        ..Default::default()
    };
    let began = Instant::now();
    let output = ctx.run_ui(input, |ui| app.ui(ui));
    std::hint::black_box(ctx.tessellate(output.shapes, output.pixels_per_point));
    began.elapsed()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("worked.casebook.json");
    let case = casebook::synthetic::with_prose(
        casebook::synthetic::synthetic_case(casebook::synthetic::SyntheticSpec {
            actors: 16_000,
            seed: 7,
            placed: true,
        }),
        7,
    );
    casebook::store::save(&case, &path).expect("save the case");
    let size = std::fs::metadata(&path).map_or(0, |m| m.len());
    println!(
        "worked case: {} objects, {:.1} MB",
        case.object_count(),
        size as f64 / 1e6
    );
    drop(case);

    let ctx = egui::Context::default();
    let start = Instant::now();
    let mut app = CasebookApp::new(
        &ctx,
        Startup {
            file: Some(path),
            ..Startup::default()
        },
    );
    if let Ok(view) = std::env::var("VIEW") {
        app.show_view(match view.as_str() {
            "overview" => casebook::ui::CentralView::Overview,
            "timeline" => casebook::ui::CentralView::Timeline,
            "sources" => casebook::ui::CentralView::Sources,
            _ => casebook::ui::CentralView::Map,
        });
    }
    let mut loading_frames = Vec::new();
    let mut taken_in = None;
    let mut after = Vec::new();
    while after.len() < 60 {
        let had_case = app.document().is_some();
        let took = frame(&ctx, &mut app, start);
        match (had_case, app.document().is_some()) {
            (false, false) => loading_frames.push(took),
            (false, true) => taken_in = Some((took, start.elapsed())),
            _ => after.push(took),
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the case did not open"
        );
        // About 60 frames a second, as the window would draw while the progress bar moves.
        std::thread::sleep(Duration::from_millis(16).saturating_sub(took));
    }
    let (take_in, opened_at) = taken_in.expect("the case opened");
    let slowest = |frames: &[Duration]| frames.iter().max().copied().unwrap_or_default();
    let mut sorted = after.clone();
    sorted.sort();
    println!(
        "opened in the app after {:.0} ms ({} frames drawn meanwhile, slowest {:.1} ms)",
        ms(opened_at),
        loading_frames.len(),
        ms(slowest(&loading_frames))
    );
    println!("the frame that took the case in: {:.1} ms", ms(take_in));
    println!(
        "the 60 frames after: median {:.1} ms, slowest {:.1} ms",
        ms(sorted[sorted.len() / 2]),
        ms(slowest(&after))
    );
    let over = loading_frames
        .iter()
        .chain(std::iter::once(&take_in))
        .chain(&after)
        .filter(|d| **d > Duration::from_millis(100))
        .count();
    println!("frames over 100 ms: {over}");
}
