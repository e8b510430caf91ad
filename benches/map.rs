//! Benchmarks of the relationship map: the force layout per iteration and the CPU cost of one
//! map frame (egui pass plus tessellation, headless at 1920×1080), on Barabási–Albert networks
//! (m = 2, fixed seed) of 1k, 10k and 100k actors. Prints figures; asserts nothing.
//!
//! Run with `cargo bench --bench map` (add `-- quick` to skip the 100k cases, `-- layouts` for
//! the layouts and arrangements only, `-- force` for the force layout alone;
//! `scripts/layout-vs-igraph.sh` runs the layouts beside igraph).

use casebook::figure::map::{Arrangement, arranged, case_layout};
use casebook::layout::arrange::pack_components;
use casebook::layout::{ForceLayout, barabasi_albert};
use casebook::model::{Case, MapPlacement};
use casebook::synthetic::{SyntheticSpec, synthetic_case};
use casebook::ui::MapView;
use std::time::{Duration, Instant};

fn median(mut times: Vec<Duration>) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1000.0
}

fn bench_layout(n: usize, iterations: usize) {
    let graph = barabasi_albert(n, 2, 42);
    let mut layout = ForceLayout::new(&graph, &vec![None; n], vec![], 42);
    layout.step(&graph);
    let times: Vec<Duration> = (0..iterations)
        .map(|_| {
            let start = Instant::now();
            layout.step(&graph);
            start.elapsed()
        })
        .collect();
    println!(
        "layout {n:>6} actors, {:>6} relationships: {:>8.2} ms per iteration (median of {iterations})",
        graph.edges.len(),
        median(times)
    );
}

/// A synthetic case with `n` actors laid out by `iterations` of the force layout.
fn laid_out_case(n: usize, iterations: usize) -> Case {
    let mut case = synthetic_case(SyntheticSpec {
        actors: n,
        seed: 42,
        placed: false,
    });
    let (graph, mut layout) = case_layout(&case, false);
    layout.run(&graph, iterations);
    for (actor, p) in case.actors.iter_mut().zip(&layout.positions) {
        actor.map = Some(MapPlacement {
            x: p[0],
            y: p[1],
            pinned: false,
        });
    }
    case
}

fn frame(ctx: &egui::Context, view: &mut MapView, case: &Case) -> (Duration, usize) {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1920.0, 1080.0),
        )),
        ..Default::default()
    };
    let start = Instant::now();
    let output = ctx.run_ui(input, |ui| {
        egui::CentralPanel::default().show(ui, |ui| {
            view.ui(ui, case, 0, None);
        });
    });
    let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
    (start.elapsed(), primitives.len())
}

fn bench_frames(n: usize, case: &Case) {
    let ctx = egui::Context::default();
    let mut view = MapView::default();
    // Warm up, and give background work started by the first frames (the overview image of a
    // large map) time to finish, as it would while the user looks at the map.
    for _ in 0..3 {
        frame(&ctx, &mut view, case);
        std::thread::sleep(Duration::from_millis(300));
    }
    let fitted: Vec<Duration> = (0..20).map(|_| frame(&ctx, &mut view, case).0).collect();
    // Zooming out with the wheel: each frame 10% further than the last.
    let zooming: Vec<Duration> = (0..20)
        .map(|i| {
            view.set_view(0.15 * 0.9f32.powi(i), [0.0, 0.0]);
            frame(&ctx, &mut view, case).0
        })
        .collect();
    let slowest_zoom_frame = zooming.iter().max().copied().unwrap_or_default();
    // Zoomed in on the middle of the map, where every readable label is drawn.
    view.set_view(1.0, [0.0, 0.0]);
    frame(&ctx, &mut view, case);
    let close: Vec<Duration> = (0..20).map(|_| frame(&ctx, &mut view, case).0).collect();
    println!(
        "map frame {n:>6} actors, {:>6} relationships: {:>7.2} ms whole map in view, {:>7.2} ms zooming (slowest {:>7.2} ms), {:>7.2} ms zoomed in with labels (medians)",
        case.relationships.len(),
        median(fitted),
        median(zooming),
        slowest_zoom_frame.as_secs_f64() * 1000.0,
        median(close)
    );
}

/// The arrangements besides the force layout, and the packing of disconnected parts, on a
/// synthetic case of `n` actors.
fn bench_arrangements(n: usize) {
    let case = synthetic_case(SyntheticSpec {
        actors: n,
        seed: 42,
        placed: false,
    });
    let time = |f: &dyn Fn()| {
        let times: Vec<Duration> = (0..3)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect();
        median(times)
    };
    let chain = time(&|| {
        arranged(&case, Arrangement::Chain);
    });
    let circles = time(&|| {
        arranged(&case, Arrangement::CirclesByKind);
    });
    let (graph, layout) = case_layout(&case, false);
    let pack = time(&|| {
        let mut positions = layout.positions.clone();
        pack_components(&graph, &mut positions, &vec![true; n]);
    });
    println!(
        "arrange {n:>6} actors, {:>6} relationships: {chain:>8.1} ms top-down chain, {circles:>7.1} ms circles by kind, {pack:>7.1} ms packing the parts (medians of 3)",
        case.relationships.len()
    );
}

fn main() {
    let quick = std::env::args().any(|a| a == "quick");
    // The force layout alone, for comparing two builds back to back.
    if std::env::args().any(|a| a == "force") {
        bench_layout(10_000, 40);
        bench_layout(100_000, 10);
        return;
    }
    if std::env::args().any(|a| a == "layouts") {
        bench_layout(10_000, 20);
        bench_layout(100_000, 5);
        bench_arrangements(10_000);
        bench_arrangements(100_000);
        return;
    }
    // For profiling one size: `cargo bench --bench map -- frames-1000` (or another count).
    if let Some(n) = std::env::args().find_map(|a| {
        a.strip_prefix("frames-")
            .and_then(|n| n.parse::<usize>().ok())
    }) {
        let case = laid_out_case(n, 40);
        for _ in 0..5 {
            bench_frames(n, &case);
        }
        return;
    }
    println!(
        "threads available: {}",
        std::thread::available_parallelism().map_or(1, |p| p.get())
    );
    bench_layout(1_000, 50);
    bench_layout(10_000, 20);
    if !quick {
        bench_layout(100_000, 5);
    }
    bench_frames(1_000, &laid_out_case(1_000, 200));
    // Laid out until settled (about 150 iterations from the start temperature), as a user
    // would see them after the first layout.
    bench_frames(10_000, &laid_out_case(10_000, 150));
    if !quick {
        bench_frames(100_000, &laid_out_case(100_000, 150));
    }
}
