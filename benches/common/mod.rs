//! What the benchmarks share: timing a piece of work over several runs.

use std::time::{Duration, Instant};

/// Runs `f` `runs` times and returns the median, fastest and slowest run.
pub fn measure(runs: usize, mut f: impl FnMut()) -> (Duration, Duration, Duration) {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    (times[runs / 2], times[0], times[runs - 1])
}
