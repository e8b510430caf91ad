//! Benchmark of the timeline: the CPU time of one frame (egui pass plus tessellation, headless at
//! 1920×1080) with 100k events across 50 actors, at several zoom levels, and the time to pick
//! the event under the pointer. Prints figures; asserts nothing.
//!
//! Run with `cargo bench --bench timeline`.

use casebook::figure::timeline::{LaneMode, TimelineFigure, days};
use casebook::layout::SplitMix64;
use casebook::model::{Case, Event, EventKind, Extra, Id, PartialDate};
use casebook::synthetic::{SyntheticSpec, synthetic_case};
use casebook::ui::TimelineView;
use std::time::{Duration, Instant};

fn median(mut times: Vec<Duration>) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1000.0
}

/// 50 actors and `n` events spread over 2000–2024, each involving one or two actors.
fn case_with_events(n: usize) -> Case {
    let mut case = synthetic_case(SyntheticSpec {
        actors: 50,
        seed: 5,
        placed: true,
    });
    let mut rng = SplitMix64(11);
    case.citations.clear();
    case.judgments.clear();
    case.events = (0..n)
        .map(|i| {
            let year = 2000 + (rng.next_u64() % 25) as i32;
            let month = 1 + (rng.next_u64() % 12) as u32;
            let day = 1 + (rng.next_u64() % 28) as u32;
            let start = match rng.next_u64() % 10 {
                0 => PartialDate::year(year),
                1 => PartialDate::month(year, month),
                2..=5 => PartialDate::day(year, month, day),
                _ => PartialDate::minute(
                    year,
                    month,
                    day,
                    (rng.next_u64() % 24) as u32,
                    (rng.next_u64() % 60) as u32,
                ),
            }
            .expect("a valid date");
            let a = (rng.next_u64() % 50) as usize;
            let mut actors = vec![Id::new(format!("actor--s{a}"))];
            if rng.next_u64().is_multiple_of(3) {
                actors.push(Id::new(format!(
                    "actor--s{}",
                    (a + 1 + (rng.next_u64() % 49) as usize) % 50
                )));
            }
            Event {
                id: Id::new(format!("event--b{i}")),
                title: format!("Event {i}"),
                kind: EventKind::ALL[(rng.next_u64() % EventKind::ALL.len() as u64) as usize],
                start,
                end: None,
                actors,
                roles: Default::default(),
                technical: Vec::new(),
                location: String::new(),
                description: String::new(),
                marking: Default::default(),
                version: Default::default(),
                extra: Extra::default(),
            }
        })
        .collect();
    case
}

fn frame(ctx: &egui::Context, view: &mut TimelineView, case: &Case) -> Duration {
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
    let _ = ctx.tessellate(output.shapes, output.pixels_per_point);
    start.elapsed()
}

fn main() {
    let case = case_with_events(100_000);
    let ctx = egui::Context::default();
    let mut view = TimelineView::default();
    for _ in 0..3 {
        frame(&ctx, &mut view, &case);
    }
    let day = |s: &str| days(s.parse::<PartialDate>().expect("a date").start());
    for (name, from, until) in [
        ("whole case (25 years)", day("1999-06"), day("2025-06")),
        ("one year", day("2012"), day("2013")),
        ("one month", day("2012-05"), day("2012-06")),
        ("one day", day("2012-05-10"), day("2012-05-11")),
    ] {
        view.show_range(from, until);
        frame(&ctx, &mut view, &case);
        let times: Vec<Duration> = (0..20).map(|_| frame(&ctx, &mut view, &case)).collect();
        println!(
            "timeline frame, 100k events in {} lanes, {name:<22}: {:>7.2} ms (median of 20)",
            view.figure().lanes.len(),
            median(times)
        );
    }
    // Picking: the event nearest random points, in random lanes.
    let figure = TimelineFigure::build(&case, LaneMode::ByActor, None);
    let mut rng = SplitMix64(3);
    let picks = 10_000;
    let start = Instant::now();
    let mut found = 0;
    for _ in 0..picks {
        let x = day("2000") + (rng.next_u64() % 9000) as f64;
        let lane = (rng.next_u64() % figure.lanes.len() as u64) as usize;
        found += usize::from(figure.pick(x, lane, 2.0).is_some());
    }
    let per_pick = start.elapsed().as_secs_f64() * 1e6 / picks as f64;
    println!(
        "timeline pick (hover or click), 100k events: {per_pick:>7.2} µs per pick ({found} of {picks} hit)"
    );
}
