//! The command line: `casebook [FILE]` opens the app; subcommands work headless. It lives in
//! the binary, so nothing in the library can depend on it: what it shares with the app
//! (writing figures, bundles and briefing records) is library code it calls. Arguments are
//! parsed here into plain values; `main.rs` runs them.

use casebook::model::ObjectKind;
use casebook::store;
use casebook::ui::RendererChoice;
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;

pub mod taxii;
pub mod technical;

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

    /// The graphics renderer: auto uses wgpu on a GPU and OpenGL (glow) on a software
    /// rasterizer (as on virtual machines and remote desktops) or when wgpu cannot start.
    #[arg(long, value_enum, default_value_t = RendererChoice::Auto)]
    pub renderer: RendererChoice,

    /// Type file paths in the app instead of using the system's file dialogs.
    #[arg(long)]
    pub typed_paths: bool,
}

#[derive(Debug, Subcommand)]
pub enum CliCommand {
    /// Check a case file: print a summary and its tradecraft checks; exit 0 if the case is valid
    /// (whatever the checks say), 1 if not. With --text, check the wording of a plain text file
    /// of briefing prose instead, each finding with its line.
    Check {
        /// The case file to check (with --text: the text file).
        file: PathBuf,
        /// Read FILE as plain UTF-8 text (briefing prose), not as a case, and check its wording.
        #[arg(long)]
        text: bool,
    },
    /// Show what changed from case file A to case file B, object by object and field by
    /// field; exit 0 if they hold the same case, 1 if they differ, 2 if either cannot be read.
    Diff {
        /// The earlier version of the case.
        a: PathBuf,
        /// The later version of the case.
        b: PathBuf,
    },
    /// Three-way merge of case files: what THEIRS changed from BASE applied to OURS, written
    /// to OURS (or --output). Usable as a git merge driver: `casebook merge %O %A %B`. Exit 0
    /// when it merged cleanly, 1 with conflicts (kept in the case, for the app to resolve), 2
    /// if it could not merge (nothing is written).
    Merge {
        /// The common ancestor of both versions.
        base: PathBuf,
        /// Our version; the merged case is written here unless --output says otherwise.
        ours: PathBuf,
        /// Their version.
        theirs: PathBuf,
        /// Write the merged case here instead of over OURS.
        #[arg(long, short, value_name = "CASE")]
        output: Option<PathBuf>,
    },
    /// Export figures of a case without opening the app.
    Export {
        /// The case file to export from.
        file: PathBuf,
        /// Write the relationship map to this file: .svg or .png.
        #[arg(long, value_name = "OUT")]
        map: Option<PathBuf>,
        /// Write the timeline to this file: .svg or .png.
        #[arg(long, value_name = "OUT")]
        timeline: Option<PathBuf>,
        /// The timeline's lanes: one per actor, or one per event kind.
        #[arg(long, value_enum, default_value_t = Lanes::Actor)]
        lanes: Lanes,
        /// Write the case as a STIX 2.1 bundle to this file (.json).
        #[arg(long, value_name = "OUT")]
        stix: Option<PathBuf>,
        /// Write the case as a MISP event (MISP's own JSON, for MISP to import as it is) to
        /// this file (.json), at --tlp (default: the case's marking).
        #[arg(long, value_name = "OUT")]
        misp: Option<PathBuf>,
        /// Write a briefing in this format to the file given by --output (-o).
        #[arg(long, value_enum, value_name = "FORMAT", requires = "output")]
        briefing: Option<BriefingFormatArg>,
        /// Where the briefing goes. Markdown writes its figures beside it.
        #[arg(short, long, value_name = "OUT", requires = "briefing")]
        output: Option<PathBuf>,
        /// The label of what is exported, e.g. TLP:GREEN: whatever is marked stricter, and
        /// whatever would reveal it, is left out and listed on stderr. Default: the case's
        /// marking for the briefing and the figures; every object, each with its own marking,
        /// for --stix.
        #[arg(long, value_name = "LABEL", value_parser = parse_tlp)]
        tlp: Option<casebook::tradecraft::Tlp>,
        /// The briefing's title (default: the case's).
        #[arg(long)]
        title: Option<String>,
        /// Put only these judgments in (by id; repeat the option). Default: all not retracted.
        #[arg(long = "judgment", value_name = "ID")]
        judgments: Vec<String>,
        /// Leave a section out (repeat the option).
        #[arg(long = "leave-out", value_enum, value_name = "SECTION")]
        leave_out: Vec<casebook::briefing::Section>,
        /// Put in a section left out by default (repeat the option): `overlap`, the known
        /// groups ranked against what the judgments' events saw, with its caveat.
        #[arg(long = "include", value_enum, value_name = "SECTION")]
        include: Vec<casebook::briefing::Section>,
        /// Record the briefing in the case file, so the next one lists what changed since.
        #[arg(long)]
        record: bool,
    },
    /// Read a STIX 2.1 bundle into a case file. A new file gets the bundle's case; an existing
    /// one gets what is new, and objects that differ are listed as conflicts and left as they are.
    /// A MISP event (MISP's own JSON) is read too, into a new case file.
    Import {
        /// The STIX 2.1 bundle or MISP event (.json).
        bundle: PathBuf,
        /// The case file to write or merge into.
        #[arg(short, long, value_name = "CASE")]
        output: PathBuf,
        /// The marking of objects that come with no TLP marking. Default: the marking of the
        /// case merged into; for a new case, the marking of the Casebook case the bundle holds,
        /// or TLP:AMBER.
        #[arg(long, value_name = "LABEL", value_parser = parse_tlp)]
        unmarked: Option<casebook::tradecraft::Tlp>,
        /// A producer (identity name or STIX id) whose assessments are your desk's own, not
        /// claims by a third party. Repeat for each.
        #[arg(long, value_name = "NAME_OR_ID")]
        ours: Vec<String>,
    },
    /// Share a case through a TAXII 2.1 server: list its collections, push a case to one,
    /// pull one into a case file.
    Taxii {
        #[command(subcommand)]
        action: taxii::TaxiiAction,
    },
    /// Rank the known groups of the reference library by how well the techniques and software
    /// they are recorded as using match what an event saw (every event's, without --event):
    /// one line per group, best first, tab-separated: rank, name, ATT&CK id, score, then the
    /// shared techniques, software and infrastructure with each one's part of the score.
    Overlap {
        /// The case file.
        case: PathBuf,
        /// The event (its id or title). Default: what every event of the case saw.
        #[arg(long, value_name = "ID")]
        event: Option<String>,
        /// How many groups to list.
        #[arg(long, value_name = "N", default_value_t = 10)]
        top: usize,
    },
    /// The reference library of known groups (ATT&CK and MISP's threat-actor galaxy): where it
    /// comes from, a newer release read from a file, a search by name or alias.
    Reference {
        #[command(subcommand)]
        action: technical::ReferenceAction,
    },
    /// ATT&CK Navigator layers: write an event's, a group's or their overlap's techniques;
    /// add a layer's techniques to an event.
    Navigator {
        #[command(subcommand)]
        action: technical::NavigatorAction,
    },
    /// Write a synthetic case of any size (invented names and facts) for trials and benchmarks.
    Generate {
        /// How many actors; relationships, events, sources and citations follow in proportion.
        #[arg(long, default_value_t = 1000)]
        actors: usize,
        /// The random seed: the same size and seed give the same case.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Scatter every actor on the map instead of leaving the layout to the app.
        #[arg(long)]
        placed: bool,
        /// Write descriptions, notes, quotes and rationales of a few sentences, as in a worked
        /// case (about 70 MB for 16,000 actors, 100,000 objects).
        #[arg(long)]
        prose: bool,
        /// The case file to write.
        #[arg(short, long, value_name = "OUT")]
        output: PathBuf,
    },
    /// Save a case over and over with the app's atomic save, each time with a new title
    /// ("… [save N]"): the subject of the kill test, which stops it with SIGKILL at random
    /// moments and checks the file is always whole. For tests; not in the help.
    #[command(hide = true)]
    SaveRepeatedly {
        /// The case file to rewrite.
        file: PathBuf,
        /// How many saves.
        #[arg(long, default_value_t = 1000)]
        times: u64,
    },
}

/// Runs `casebook save-repeatedly`: reads the case once, then saves it `times` times, the
/// title of save N ending in `[save N]`. Prints `saving` once the first save starts.
pub fn save_repeatedly(
    file: &std::path::Path,
    times: u64,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let mut case = store::load(file)?;
    // Start from the title without an earlier run's mark.
    let title = match case.title.rsplit_once(" [save ") {
        Some((base, n)) if n.ends_with(']') => base.to_owned(),
        _ => case.title.clone(),
    };
    writeln!(out, "saving")?;
    out.flush()?;
    for n in 1..=times {
        case.title = format!("{title} [save {n}]");
        store::save(&case, file)?;
    }
    Ok(())
}

/// Runs `casebook generate`.
pub fn generate(
    spec: casebook::synthetic::SyntheticSpec,
    prose: bool,
    output: &std::path::Path,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let mut case = casebook::synthetic::synthetic_case(spec);
    if prose {
        case = casebook::synthetic::with_prose(case, spec.seed);
    }
    store::save(&case, output)?;
    writeln!(
        out,
        "wrote {} objects to {}",
        case.object_count(),
        output.display()
    )?;
    Ok(())
}

/// Runs `casebook import`: reads the bundle, writes or merges the case with the app's atomic
/// save, and prints what was imported, merged, kept and refused.
pub fn import(
    bundle: &std::path::Path,
    output: &std::path::Path,
    unmarked: Option<casebook::tradecraft::Tlp>,
    ours: &[String],
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    use casebook::stix::import::{ImportOptions, read_bundle_file};
    if let Some(bytes) = read_misp_event(bundle)? {
        return import_misp_event(bundle, &bytes, output, out);
    }
    let title = bundle
        .file_stem()
        .map_or("Imported STIX bundle".to_owned(), |s| {
            format!("Imported from {}", s.to_string_lossy())
        });
    let options = ImportOptions {
        ours: ours.to_vec(),
    };
    let imported = read_bundle_file(bundle, &title, &options)?;
    import_read_bundle(
        imported,
        &bundle.display().to_string(),
        output,
        unmarked,
        ours,
        None,
        out,
    )
    .map(|_| ())
}

/// Picks, of an import's conflicts (the case's version, then the bundle's), those to take as
/// later versions rather than keep as conflicts.
pub type LaterVersions<'a> = dyn Fn(
        &casebook::model::Case,
        &[(casebook::model::CaseObject, casebook::model::CaseObject)],
    ) -> std::collections::HashSet<casebook::model::Id>
    + 'a;

/// What [`import_read_bundle`] did to the case file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportOutcome {
    Written,
    Merged,
    NothingNew,
}

/// The rest of `casebook import` once the bundle is read (from a file, or pulled from a TAXII
/// collection): `source` names where it came from in what is printed.
pub fn import_read_bundle(
    mut imported: casebook::stix::import::ImportedBundle,
    source: &str,
    output: &std::path::Path,
    unmarked: Option<casebook::tradecraft::Tlp>,
    ours: &[String],
    later_versions: Option<&LaterVersions<'_>>,
    out: &mut dyn Write,
) -> anyhow::Result<ImportOutcome> {
    use casebook::stix::import::merge_split;
    // A name or id given with --ours that matches no producer is most likely a typing slip.
    for given in ours {
        if !imported.producers.iter().any(|p| p.is_named(given)) {
            anyhow::bail!(
                "--ours {given}: no object in {source} was produced by an identity of that name or id"
            );
        }
    }
    // The case merged into, read before anything is written: its marking is the default for
    // objects that come unmarked.
    let existing = if output.exists() {
        Some(store::load(output)?)
    } else {
        None
    };
    // A Casebook case's bundle carries the case's marking, which its unmarked objects had.
    let unmarked = unmarked
        .or(existing.as_ref().map(|c| c.tlp))
        .or(imported.casebook_case.then_some(imported.case.tlp))
        .unwrap_or(casebook::stix::import::DEFAULT_UNMARKED);
    imported.set_unmarked(unmarked);
    writeln!(
        out,
        "read {source}: {} objects mapped, {} kept as they came, {} written again on export, {} problems",
        imported.mapped,
        imported.kept,
        imported.regenerated,
        imported.problems.len()
    )?;
    for producer in &imported.producers {
        writeln!(
            out,
            "  producer: {} ({}), {} objects{}",
            shown(&producer.name),
            shown(&producer.id),
            producer.objects,
            if producer.ours {
                ": ours, its judgments are assessments"
            } else if producer.in_bundle {
                ": its judgments are its claims (say --ours if they are yours)"
            } else {
                ": its identity is not in the bundle, so its judgments read as assessments"
            }
        )?;
    }
    for reading in &imported.readings {
        writeln!(out, "  read: {}", shown(&reading.to_string()))?;
    }
    for problem in &imported.problems {
        writeln!(out, "  problem: {}", shown(&problem.to_string()))?;
    }
    if !imported.unmarked.is_empty() || !imported.unmarked_kept.is_empty() {
        writeln!(
            out,
            "{} objects came with no TLP marking and are marked {} (choose with --unmarked)",
            imported.unmarked.len() + imported.unmarked_kept.len(),
            unmarked.code()
        )?;
    }
    if let Some(mut case) = existing {
        let mut split = merge_split(&case, &imported.case);
        // From a TAXII collection: later versions of objects unchanged here are taken.
        let later = later_versions
            .map(|find| find(&case, &split.conflicts))
            .unwrap_or_default();
        let (updates, conflicting): (Vec<_>, Vec<_>) = std::mem::take(&mut split.conflicts)
            .into_iter()
            .partition(|(mine, _)| later.contains(mine.id()));
        split.conflicts = conflicting;
        for (mine, _) in &updates {
            writeln!(
                out,
                "  updated: {} to the collection's later version (the case's is one the collection held before, unchanged here since)",
                shown(mine.id().as_str())
            )?;
        }
        for (mine, _) in &split.conflicts {
            writeln!(
                out,
                "  conflict: {} differs in the case and in the bundle; the case's version is kept",
                shown(mine.id().as_str())
            )?;
        }
        for line in &split.refused {
            writeln!(out, "  problem: {}", shown(line))?;
        }
        for line in &split.newer {
            writeln!(out, "  newer: {}", shown(line))?;
        }
        let (same, conflicts) = (split.same, split.conflicts.len());
        let added = split.new.len();
        let updated = updates.len();
        let mut objects = split.new;
        objects.extend(updates.into_iter().map(|(_, theirs)| theirs));
        let stix_objects = split.stix_objects;
        if objects.is_empty() && stix_objects.is_empty() {
            writeln!(
                out,
                "nothing new for {}: {same} already there, {conflicts} conflicts; the file is left as it was",
                output.display()
            )?;
            return Ok(ImportOutcome::NothingNew);
        }
        case.apply(casebook::model::Command::Import {
            objects,
            stix_objects,
        })
        .map_err(|e| {
            anyhow::anyhow!("the bundle cannot be merged into {}: {e}", output.display())
        })?;
        store::save(&case, output)?;
        writeln!(
            out,
            "merged into {}: {added} new, {updated} updated, {same} already there, {conflicts} conflicts left as they were",
            output.display()
        )?;
        Ok(ImportOutcome::Merged)
    } else {
        store::save(&imported.case, output)?;
        writeln!(
            out,
            "wrote {} objects to {}",
            imported.case.object_count(),
            output.display()
        )?;
        Ok(ImportOutcome::Written)
    }
}

/// The briefing formats on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum BriefingFormatArg {
    Html,
    #[value(alias = "markdown")]
    Md,
    Pdf,
}

impl From<BriefingFormatArg> for casebook::briefing::BriefingFormat {
    fn from(arg: BriefingFormatArg) -> Self {
        match arg {
            BriefingFormatArg::Html => Self::Html,
            BriefingFormatArg::Md => Self::Markdown,
            BriefingFormatArg::Pdf => Self::Pdf,
        }
    }
}

/// An error and its causes on one line, each said once: a cause whose words are already in
/// the message above it (a library error that quotes its source) is not repeated.
pub fn error_report(error: &anyhow::Error) -> String {
    let mut report = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if report.contains(&text) {
            continue;
        }
        if !report.is_empty() {
            report.push_str(": ");
        }
        report.push_str(&text);
    }
    report
}

fn parse_tlp(text: &str) -> Result<casebook::tradecraft::Tlp, String> {
    let upper = text.trim().to_ascii_uppercase();
    let code = if upper.starts_with("TLP:") {
        upper
    } else {
        format!("TLP:{upper}")
    };
    casebook::tradecraft::Tlp::from_code(&code).ok_or_else(|| {
        "expected one of TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT, TLP:RED".to_owned()
    })
}

/// What a briefing export on the command line asks for.
pub struct BriefingRequest<'a> {
    pub format: casebook::briefing::BriefingFormat,
    pub output: &'a std::path::Path,
    pub tlp: Option<casebook::tradecraft::Tlp>,
    pub title: Option<&'a str>,
    pub judgments: &'a [String],
    pub leave_out: &'a [casebook::briefing::Section],
    pub include: &'a [casebook::briefing::Section],
    pub record: bool,
}

/// Writes a briefing of the case in `file`, and records it in the case if asked.
pub fn export_briefing(
    file: &std::path::Path,
    case: &casebook::model::Case,
    request: &BriefingRequest,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    use casebook::briefing::{BriefingOptions, export, record_of};
    let mut options = BriefingOptions::for_case(case, casebook::briefing::briefing_time());
    if let Some(tlp) = request.tlp {
        options.tlp = tlp;
    }
    if let Some(title) = request.title {
        options.title = title.to_owned();
    }
    if !request.judgments.is_empty() {
        let mut chosen = Vec::new();
        for id in request.judgments {
            let id = casebook::model::Id::new(id.as_str());
            if case.judgment(&id).is_none() {
                anyhow::bail!("{}: there is no judgment {id} in the case", file.display());
            }
            chosen.push(id);
        }
        options.judgments = chosen;
    }
    options.sections.extend(request.include.iter().copied());
    for section in request.leave_out {
        options.sections.remove(section);
    }
    if options.has(casebook::briefing::Section::Overlap) {
        let (library, notice) = casebook::attack::Library::load(store::data_dir().as_deref());
        if let Some(notice) = notice {
            writeln!(err, "casebook: {notice}")?;
        }
        options.library = Some(std::sync::Arc::new(library));
    }
    let withheld = casebook::model::shareable_at(case, options.tlp).withheld;
    report_withheld("the briefing", options.tlp, &withheld, err)?;
    let written = export(
        case,
        &options,
        request.format,
        request.output,
        &mut |_, _| {},
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    for path in &written.files {
        writeln!(out, "wrote {}", path.display())?;
    }
    if request.record {
        let mut recorded = case.clone();
        recorded
            .apply(casebook::briefing::recording(
                case,
                record_of(case, &options, request.format),
            ))
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        store::save(&recorded, file)?;
        writeln!(out, "recorded the briefing in {}", file.display())?;
    }
    Ok(())
}

/// How the exported timeline groups events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Lanes {
    Actor,
    Kind,
}

/// Writes the timeline of what may be shared at `label`, with lanes per actor or kind.
pub fn write_timeline(
    case: &casebook::model::Case,
    label: casebook::tradecraft::Tlp,
    lanes: Lanes,
    out: &std::path::Path,
) -> anyhow::Result<Vec<casebook::model::Withheld>> {
    use casebook::figure::timeline::LaneMode;
    let mode = match lanes {
        Lanes::Actor => LaneMode::ByActor,
        Lanes::Kind => LaneMode::ByKind,
    };
    Ok(casebook::figure::file::write_timeline(
        case, label, mode, out,
    )?)
}

/// What `casebook export` writes.
pub struct ExportRequest<'a> {
    pub map: Option<&'a std::path::Path>,
    pub timeline: Option<&'a std::path::Path>,
    pub lanes: Lanes,
    pub stix: Option<&'a std::path::Path>,
    pub misp: Option<&'a std::path::Path>,
    pub briefing: Option<BriefingRequest<'a>>,
    /// The label of what is exported (`--tlp`).
    pub tlp: Option<casebook::tradecraft::Tlp>,
}

/// Runs `casebook export`.
pub fn export(
    file: &std::path::Path,
    request: &ExportRequest,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    if request.map.is_none()
        && request.timeline.is_none()
        && request.stix.is_none()
        && request.misp.is_none()
        && request.briefing.is_none()
    {
        anyhow::bail!(
            "nothing to export: name an output, e.g. --map map.svg, --timeline timeline.png, --stix bundle.json, --misp event.json or --briefing pdf -o briefing.pdf"
        );
    }
    let case = store::load(file)?;
    let label = request.tlp.unwrap_or(case.tlp);
    if let Some(path) = request.map {
        let withheld = casebook::figure::file::write_map(&case, label, path)?;
        report_withheld("the relationship map", label, &withheld, err)?;
        writeln!(out, "wrote the relationship map to {}", path.display())?;
    }
    if let Some(path) = request.timeline {
        let withheld = write_timeline(&case, label, request.lanes, path)?;
        report_withheld("the timeline", label, &withheld, err)?;
        writeln!(out, "wrote the timeline to {}", path.display())?;
    }
    if let Some(path) = request.stix {
        let (bytes, withheld) = casebook::stix::export::write_file(&case, request.tlp, path)
            .map_err(|e| anyhow::anyhow!("{}: could not write the bundle: {e}", path.display()))?;
        if let Some(label) = request.tlp {
            report_withheld("the STIX bundle", label, &withheld, err)?;
        }
        writeln!(
            out,
            "wrote a STIX 2.1 bundle of {bytes} bytes to {}",
            path.display()
        )?;
    }
    if let Some(path) = request.misp {
        let (bytes, withheld) = casebook::misp::to_bytes_at(&case, Some(label));
        store::atomic::write_atomically(path, &bytes, false)
            .map_err(|e| anyhow::anyhow!("{}: could not write the event: {e}", path.display()))?;
        report_withheld("the MISP event", label, &withheld, err)?;
        writeln!(
            out,
            "wrote a MISP event of {} bytes at {} to {}",
            bytes.len(),
            label.code(),
            path.display()
        )?;
    }
    if let Some(briefing) = &request.briefing {
        export_briefing(file, &case, briefing, out, err)?;
    }
    Ok(())
}

/// Lists on `err` what was left out of an output at its label, so the analyst knows before
/// handing it on; nothing of it is in the output.
pub fn report_withheld(
    what: &str,
    label: casebook::tradecraft::Tlp,
    withheld: &[casebook::model::Withheld],
    err: &mut dyn Write,
) -> std::io::Result<()> {
    if withheld.is_empty() {
        return Ok(());
    }
    let whole = withheld.iter().filter(|w| w.is_whole()).count();
    writeln!(
        err,
        "left out of {what} at {}: {} (listed here, not in the output)",
        label.code(),
        casebook::model::marking::left_out_summary(whole, withheld.len() - whole)
    )?;
    for item in withheld {
        writeln!(err, "  {}", shown(&item.to_string()))?;
    }
    Ok(())
}

/// Case text as it may be printed to a terminal: control characters (escape sequences, bell,
/// line breaks) and characters that hide or reorder text are shown as `[U+001B]`, never
/// obeyed.
pub fn shown(text: &str) -> String {
    casebook::text::one_line_visible(text)
}

/// The largest text file `casebook check --text` reads.
const MAX_TEXT_BYTES: u64 = 16 * 1024 * 1024;

/// Runs `casebook check --text`: the wording checks of a plain text file, each finding with
/// its line.
pub fn check_text(file: &std::path::Path, out: &mut dyn Write) -> anyhow::Result<()> {
    let bytes = store::read_file_capped(file, MAX_TEXT_BYTES, &|_| {})?;
    let text = match std::str::from_utf8(&bytes) {
        Ok(text) => text,
        Err(e) => {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
            anyhow::bail!(
                "{} is not UTF-8 text: the byte at offset {at} (line {line}) is not valid UTF-8",
                file.display()
            );
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let findings = casebook::checks::review_text(text);
    writeln!(
        out,
        "{}: {} lines, wording checks: {}",
        file.display(),
        text.lines().count(),
        findings.len()
    )?;
    for finding in &findings {
        writeln!(out, "  {}", shown(&finding.to_string()))?;
    }
    Ok(())
}

/// Runs `casebook check`: writes the summary to `out`. A load error is returned for the caller
/// to print and turn into a non-zero exit.
pub fn check(file: &std::path::Path, out: &mut dyn Write) -> anyhow::Result<()> {
    let (case, version) = store::load_versioned(file)?;
    let read_as = if version < store::CURRENT_VERSION {
        format!(
            "; read as version {}, which a save writes",
            store::CURRENT_VERSION
        )
    } else {
        String::new()
    };
    writeln!(
        out,
        "{}: valid Casebook case (format version {version}{read_as})",
        file.display(),
    )?;
    writeln!(out, "title: {}", shown(&case.title))?;
    writeln!(out, "tlp: {}", case.tlp.label())?;
    for kind in ObjectKind::ALL {
        writeln!(out, "{}: {}", kind.collection(), case.count(*kind))?;
    }
    writeln!(out, "dangling references: 0")?;
    if !case.conflicts.is_empty() {
        writeln!(
            out,
            "merge conflicts: {} (open the case in Casebook to resolve them)",
            case.conflicts.len()
        )?;
        for conflict in &case.conflicts {
            writeln!(out, "  {}", conflict_words(conflict))?;
        }
    }
    let sorted = casebook::checks::review_sorted(&case);
    writeln!(out, "tradecraft checks: {}", sorted.open.len())?;
    for finding in &sorted.open {
        writeln!(out, "  {}", shown(&finding.to_string()))?;
    }
    if !sorted.dismissed.is_empty() || !sorted.stale.is_empty() {
        writeln!(out, "dismissed checks: {}", sorted.dismissed.len())?;
        for (finding, dismissal) in &sorted.dismissed {
            writeln!(out, "  {}", shown(&finding.to_string()))?;
            writeln!(out, "    dismissed: {}", shown(&dismissal_words(dismissal)))?;
        }
        if !sorted.stale.is_empty() {
            writeln!(
                out,
                "dismissals that waive nothing now (the finding is no longer raised, or reads otherwise): {}",
                sorted.stale.len()
            )?;
            for dismissal in &sorted.stale {
                writeln!(
                    out,
                    "  [{}] {}: {}",
                    dismissal.rule,
                    dismissal.object.as_ref().map_or("case", |o| o.as_str()),
                    shown(&dismissal_words(dismissal))
                )?;
            }
        }
    }
    let markings = casebook::model::marking::marking_findings(&case);
    writeln!(out, "marking checks: {}", markings.len())?;
    for finding in &markings {
        writeln!(out, "  {}", shown(&finding.to_string()))?;
    }
    Ok(())
}

/// "\"reason\" (by Name, 2026-12-02)": why and when a finding was dismissed.
fn dismissal_words(dismissal: &casebook::model::Dismissal) -> String {
    let by = if dismissal.by.is_empty() {
        String::new()
    } else {
        format!("by {}, ", dismissal.by)
    };
    format!(
        "\"{}\" ({by}{})",
        dismissal.reason,
        dismissal.at.format("%Y-%m-%d")
    )
}

/// A value as the case file writes it, on one line and cut to a readable length.
fn value_words(value: Option<&serde_json::Value>) -> String {
    match value {
        None => "(none)".into(),
        Some(v) => shown(&casebook::text::shortened(&v.to_string(), 100)),
    }
}

/// The bytes of `path` if it holds a MISP event rather than a STIX bundle.
fn read_misp_event(path: &std::path::Path) -> anyhow::Result<Option<Vec<u8>>> {
    use std::io::Read;
    // Its start tells, so a large bundle is not read twice.
    let mut head = Vec::with_capacity(4096);
    if let Ok(file) = store::open_regular_file(path) {
        file.take(4096).read_to_end(&mut head)?;
    }
    if !casebook::misp::import::is_misp_event(&head) {
        return Ok(None);
    }
    let bytes = store::read_file_capped(path, casebook::misp::import::MAX_EVENT_BYTES, &|_| {})?;
    Ok(Some(bytes))
}

/// `casebook import EVENT.json -o CASE` for a MISP event: a new case file.
fn import_misp_event(
    path: &std::path::Path,
    bytes: &[u8],
    output: &std::path::Path,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    if output.exists() {
        anyhow::bail!(
            "{} exists: a MISP event is read into a new case file (merge the two with `casebook merge` from a common version, or import the event's STIX bundle)",
            output.display()
        );
    }
    let imported = casebook::misp::import::read_event(bytes)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    store::save(&imported.case, output)?;
    let case = &imported.case;
    writeln!(
        out,
        "read the MISP event \"{}\" into {}: {} actors, {} relationships, {} events, {} sources, {} citations, {} judgments; {} MISP objects and attributes kept as they came",
        shown(&case.title),
        output.display(),
        case.actors.len(),
        case.relationships.len(),
        case.events.len(),
        case.sources.len(),
        case.citations.len(),
        case.judgments.len(),
        imported.kept
    )?;
    for note in &imported.notes {
        writeln!(out, "  {}", shown(note))?;
    }
    Ok(())
}

/// A merge conflict on one line: `actor "NATO" (actor--nato): both changed description`.
fn conflict_words(conflict: &casebook::model::merge::MergeConflict) -> String {
    format!(
        "{} \"{}\" ({}): {}",
        conflict.kind,
        shown(&conflict.name),
        shown(&conflict.id),
        shown(&conflict.reason)
    )
}

/// `casebook diff A B`: what changed from A to B; `Ok(true)` when they differ.
pub fn diff(a: &std::path::Path, b: &std::path::Path, out: &mut dyn Write) -> anyhow::Result<bool> {
    use casebook::model::diff::{Change, compare_fields};
    let before = store::load(a)?;
    let after = store::load(b)?;
    let changes = compare_fields(&after, &before);
    if changes.is_empty() {
        writeln!(
            out,
            "no differences: {} and {} hold the same case",
            a.display(),
            b.display()
        )?;
        return Ok(false);
    }
    let count = |change| changes.iter().filter(|(d, _)| d.change == change).count();
    writeln!(
        out,
        "{} → {}: {} added, {} removed, {} changed",
        a.display(),
        b.display(),
        count(Change::OnlyHere),
        count(Change::OnlyOnDisk),
        count(Change::Changed)
    )?;
    for (difference, fields) in &changes {
        let mark = match difference.change {
            Change::OnlyHere => "added",
            Change::OnlyOnDisk => "removed",
            Change::Changed => "changed",
        };
        if difference.kind == "case" {
            writeln!(out, "{mark} {}", shown(&difference.name))?;
        } else {
            writeln!(
                out,
                "{mark} {} \"{}\" ({})",
                difference.kind,
                shown(&difference.name),
                shown(&difference.id)
            )?;
        }
        if difference.change == Change::Changed && fields.is_empty() {
            writeln!(out, "  only its version (created, modified)")?;
        }
        for field in fields {
            writeln!(
                out,
                "  {}: {} → {}",
                shown(&field.field),
                value_words(field.before.as_ref()),
                value_words(field.after.as_ref())
            )?;
        }
    }
    Ok(true)
}

/// `casebook merge BASE OURS THEIRS`: writes the merged case and returns how many conflicts it
/// holds. Nothing is written if any file cannot be read or the merge cannot be made.
pub fn merge(
    base: &std::path::Path,
    ours: &std::path::Path,
    theirs: &std::path::Path,
    output: Option<&std::path::Path>,
    out: &mut dyn Write,
) -> anyhow::Result<usize> {
    use anyhow::Context;
    let read = |path: &std::path::Path, side: &str| {
        store::load(path).with_context(|| format!("{side} ({}) cannot be read", path.display()))
    };
    let (base_case, ours_case, theirs_case) = (
        read(base, "the base")?,
        read(ours, "ours")?,
        read(theirs, "theirs")?,
    );
    let merged = casebook::model::merge::merge(&base_case, &ours_case, &theirs_case)?;
    let target = output.unwrap_or(ours);
    // No backup beside it: in a git work tree it would be an untracked file, and git keeps
    // every version already.
    store::atomic::write_atomically(target, &store::to_bytes(&merged.case), false)
        .with_context(|| format!("the merged case cannot be written to {}", target.display()))?;
    let conflicts = merged.case.conflicts.len();
    if merged.new_conflicts == 0 && conflicts == 0 {
        writeln!(
            out,
            "merged cleanly into {}: {} from theirs",
            target.display(),
            casebook::text::counted(merged.from_theirs, "change", "changes")
        )?;
    } else {
        writeln!(
            out,
            "merged into {} with {}: open it in Casebook to resolve each (mine, theirs, or edit)",
            target.display(),
            casebook::text::counted(conflicts, "conflict", "conflicts")
        )?;
        for conflict in &merged.case.conflicts {
            writeln!(out, "  conflict: {}", conflict_words(conflict))?;
        }
    }
    Ok(conflicts)
}
