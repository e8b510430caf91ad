//! Casebook: an offline workbench for cyber-attribution case work.
//!
//! The library holds everything but the window: the case model and its rules ([`model`]), the
//! analytic scales ([`tradecraft`]), the case file ([`store`]), the example case
//! ([`example`]), figures ([`figure`]), STIX ([`stix`]), MISP events ([`misp`]), a TAXII 2.1 client ([`taxii`]) and briefings
//! ([`briefing`]). The egui app ([`ui`]) sits on top and changes a case only through
//! [`model::Command`]. Nothing outside `ui` imports egui, so all of it runs the same from the
//! command line and in tests.

pub mod attack;
pub mod briefing;
pub mod checks;
pub mod example;
pub mod fast_hash;
pub mod figure;
pub mod fonts;
pub mod layout;
pub mod misp;
pub mod model;
pub mod reference;
pub mod stix;
pub mod store;
pub mod synthetic;
pub mod taxii;
pub mod text;
pub mod tradecraft;
pub mod ui;

/// The allocator of the Linux build (see Cargo.toml), set here so the app, the command line,
/// the tests and the benchmarks all run with it.
#[cfg(target_os = "linux")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
