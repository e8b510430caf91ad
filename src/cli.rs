//! The command line: `casebook [FILE]` opens the app; subcommands work headless. Arguments are
//! parsed here into plain values; `main.rs` runs them.

use crate::model::ObjectKind;
use crate::model::validate::warnings;
use crate::store;
use crate::ui::RendererChoice;
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "casebook",
    version,
    about = "Casebook: an offline workbench for cyber-attribution case work",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<CliCommand>,

    /// A case file to open in the app. Without one, the example case opens as an unsaved copy.
    pub file: Option<PathBuf>,

    /// The graphics renderer: auto tries wgpu, then OpenGL (glow) if wgpu cannot start.
    #[arg(long, value_enum, default_value_t = RendererChoice::Auto)]
    pub renderer: RendererChoice,
}

#[derive(Debug, Subcommand)]
pub enum CliCommand {
    /// Check a case file: print a summary and its warnings; exit 0 if the case is valid, 1 if not.
    Check {
        /// The case file to check.
        file: PathBuf,
    },
}

/// Runs `casebook check`: writes the summary to `out`. A load error is returned for the caller
/// to print and turn into a non-zero exit.
pub fn check(file: &std::path::Path, out: &mut dyn Write) -> anyhow::Result<()> {
    let case = store::load(file)?;
    writeln!(
        out,
        "{}: valid Casebook case (format version {})",
        file.display(),
        store::CURRENT_VERSION
    )?;
    writeln!(out, "title: {}", case.title)?;
    writeln!(out, "tlp: {}", case.tlp.label())?;
    for kind in ObjectKind::ALL {
        writeln!(out, "{}: {}", kind.collection(), case.count(*kind))?;
    }
    writeln!(out, "dangling references: 0")?;
    let notes = warnings(&case);
    writeln!(out, "warnings: {}", notes.len())?;
    for note in notes {
        writeln!(out, "  warning: {note}")?;
    }
    Ok(())
}
