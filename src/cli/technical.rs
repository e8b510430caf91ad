//! `casebook overlap`, `casebook reference` and `casebook navigator`: who works like an event
//! of the case, the reference library of known groups, and ATT&CK Navigator layers.

use anyhow::{Context, anyhow, bail};
use casebook::attack::navigator::{self, Layer};
use casebook::attack::overlap::{self, Line, OverlapIndex};
use casebook::attack::{Library, import_release};
use casebook::model::{Case, Event, Id};
use casebook::store;
use clap::Subcommand;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Subcommand)]
pub enum ReferenceAction {
    /// Say where the reference library in use comes from: its release, origins and licences.
    Show,
    /// Read a newer release (an ATT&CK STIX bundle, or a folder of MISP galaxy cluster files)
    /// and use it from now on, or write it to --output.
    Import {
        /// The ATT&CK bundle (.json) or the folder of galaxy files.
        path: PathBuf,
        /// Write the library here instead of installing it in the data folder.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// The date the library is said to be built on (default: today).
        #[arg(long, value_name = "DATE")]
        built: Option<String>,
    },
    /// Search the library by name, alias or id: the groups (with every other name they are
    /// known by), software (with the groups that use it) and techniques.
    Search { text: String },
}

#[derive(Debug, Subcommand)]
pub enum NavigatorAction {
    /// Write an ATT&CK Navigator layer: an event's techniques, a known group's, or the two
    /// overlaid (--event with --group).
    Export {
        /// The case file.
        case: PathBuf,
        /// The event (its id or title).
        #[arg(long, value_name = "ID")]
        event: Option<String>,
        /// The known group (ATT&CK id, name or alias).
        #[arg(long, value_name = "GROUP")]
        group: Option<String>,
        /// The layer file to write.
        #[arg(short, long, value_name = "LAYER")]
        output: PathBuf,
    },
    /// Add a layer's techniques to an event of the case, and save the case.
    Import {
        /// The case file to change.
        case: PathBuf,
        /// The layer file.
        layer: PathBuf,
        /// The event (its id or title).
        #[arg(long, value_name = "ID")]
        event: String,
    },
}

/// The library the command line uses: the one imported into the data folder, else the
/// built-in one (saying why, on `err`, when an imported one would not read).
fn library(err: &mut dyn Write) -> anyhow::Result<Library> {
    let (library, notice) = Library::load(store::data_dir().as_deref());
    if let Some(notice) = notice {
        writeln!(err, "casebook: {notice}")?;
    }
    Ok(library)
}

/// The event named by its id or (whole, any case) title.
pub fn find_event<'a>(case: &'a Case, wanted: &str) -> anyhow::Result<&'a Event> {
    let wanted = wanted.trim();
    if let Some(e) = case.event(&Id::new(wanted)) {
        return Ok(e);
    }
    let matching: Vec<&Event> = (case.events.iter())
        .filter(|e| e.title.trim().eq_ignore_ascii_case(wanted))
        .collect();
    match matching.as_slice() {
        [one] => Ok(one),
        [] => bail!("the case has no event with the id or title `{wanted}`"),
        many => bail!(
            "{} events are titled `{wanted}`; name one by its id ({})",
            many.len(),
            many.iter()
                .map(|e| e.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn part(value: f64) -> String {
    format!("+{value:.3}")
}

/// Runs `casebook overlap`: one line per group, best first: rank, name, ATT&CK id, score, then
/// the shared techniques, software and infrastructure with each one's part of the score,
/// tab-separated. What was ranked, and the caveat, go to `err`.
pub fn overlap(
    file: &Path,
    event: Option<&str>,
    top: usize,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    let case = store::load(file)?;
    let library = library(err)?;
    let event = event.map(|e| find_event(&case, e)).transpose()?;
    let evidence = overlap::evidence_of(&case, event.map(|e| &e.id), &library);
    let about = event.map_or("every event of the case".to_owned(), |e| {
        format!("{} ({})", e.title, e.id)
    });
    for (id, why) in &evidence.unmatched {
        writeln!(
            err,
            "casebook: left out {}: it {why}",
            case.display_name(id)
        )?;
    }
    if evidence.is_empty() {
        bail!(
            "{about} has no techniques, software or infrastructure the reference library can match: add technical objects with their ATT&CK ids to it"
        );
    }
    let index = OverlapIndex::new(&library);
    let ranked = index.rank(&evidence, top);
    writeln!(
        err,
        "# {about}: {} techniques, {} software, {} infrastructure against {} groups ({}).",
        evidence.count(Line::Technique),
        evidence.count(Line::Software),
        evidence.count(Line::Infrastructure),
        index.population(),
        library.origins.first().map_or("", |o| o.name.as_str()),
    )?;
    writeln!(err, "# {}", overlap::CAVEAT)?;
    if ranked.is_empty() {
        writeln!(err, "# No known group shares anything that weighs with it.")?;
    }
    for r in &ranked {
        let group = &library.groups[r.group];
        let clean = casebook::text::one_line_visible;
        let mut fields = vec![
            r.rank.to_string(),
            clean(&group.name),
            group.id.clone(),
            format!("{:.3}", r.score),
        ];
        for kind in [Line::Technique, Line::Software, Line::Infrastructure] {
            let items: Vec<String> = (r.shared.iter().filter(|s| s.line == kind))
                .map(|s| {
                    let name = match kind {
                        Line::Infrastructure => clean(&s.name),
                        _ => format!("{} {}", s.key, clean(&s.name)),
                    };
                    let through = if s.exact { "" } else { " (by its parent)" };
                    format!("{name}{through} {}", part(s.part))
                })
                .collect();
            if kind == Line::Infrastructure && items.is_empty() {
                continue;
            }
            let listed = if items.is_empty() {
                "none".to_owned()
            } else {
                items.join(", ")
            };
            fields.push(format!("{}: {listed}", kind.label()));
        }
        writeln!(out, "{}", fields.join("\t"))?;
    }
    Ok(())
}

/// Runs `casebook reference`.
pub fn reference(
    action: ReferenceAction,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    match action {
        ReferenceAction::Show => {
            let library = library(err)?;
            writeln!(out, "{}", library.describe())?;
            for o in &library.origins {
                writeln!(out, "{}, {} <{}>", o.name, o.version, o.url)?;
                writeln!(out, "  {}", o.licence)?;
            }
        }
        ReferenceAction::Import {
            path,
            output,
            built,
        } => {
            let built = built.unwrap_or_else(|| chrono::Utc::now().format("%Y-%m-%d").to_string());
            let library = import_release(&path, &built)?;
            let written = match output {
                Some(output) => {
                    casebook::store::atomic::write_atomically(&output, &library.to_json(), false)
                        .with_context(|| format!("cannot write {}", output.display()))?;
                    output
                }
                None => {
                    let dir = store::data_dir().ok_or_else(|| {
                        anyhow!("there is no data folder to install the library in; give --output")
                    })?;
                    library
                        .install(&dir)
                        .with_context(|| format!("cannot write in {}", dir.display()))?
                }
            };
            writeln!(out, "{}", library.describe())?;
            writeln!(out, "wrote {}", written.display())?;
        }
        ReferenceAction::Search { text } => {
            let library = library(err)?;
            let found = library.search(&text, 20);
            for g in &found.groups {
                let mut line = format!("group\t{}", g.title());
                if !g.aliases.is_empty() {
                    line.push_str(&format!("\talso known as {}", g.aliases.join(", ")));
                }
                if !g.country.is_empty() {
                    line.push_str(&format!("\tcountry {}", g.country));
                }
                if !g.sponsor.is_empty() {
                    line.push_str(&format!("\tsuspected sponsor {}", g.sponsor));
                }
                writeln!(out, "{line}")?;
            }
            for s in &found.software {
                let index = library
                    .software
                    .iter()
                    .position(|x| x.id == s.id)
                    .unwrap_or(0) as u32;
                let users: Vec<String> = library
                    .users_of_software(index)
                    .iter()
                    .map(|g| g.title())
                    .collect();
                let mut line = format!("{}\t{} ({})", s.kind, s.name, s.id);
                if !s.aliases.is_empty() {
                    line.push_str(&format!("\talso known as {}", s.aliases.join(", ")));
                }
                line.push_str(&format!(
                    "\tused by {}",
                    if users.is_empty() {
                        "no group ATT&CK records".into()
                    } else {
                        users.join(", ")
                    }
                ));
                writeln!(out, "{line}")?;
            }
            for t in &found.techniques {
                writeln!(out, "technique\t{} ({})", t.name, t.id)?;
            }
            if found.groups.is_empty() && found.software.is_empty() && found.techniques.is_empty() {
                writeln!(
                    err,
                    "casebook: nothing in the reference library is named like `{text}`"
                )?;
            }
        }
    }
    Ok(())
}

/// Runs `casebook navigator`.
pub fn navigator(
    action: NavigatorAction,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    match action {
        NavigatorAction::Export {
            case,
            event,
            group,
            output,
        } => {
            let case = store::load(&case)?;
            let library = library(err)?;
            let event_layer = event
                .as_deref()
                .map(|e| find_event(&case, e).map(|e| navigator::event_layer(&case, e)))
                .transpose()?;
            let group = group
                .as_deref()
                .map(|g| {
                    library
                        .group_named(g)
                        .filter(|g| !g.id.is_empty())
                        .ok_or_else(|| {
                            anyhow!("the reference library has no ATT&CK group named `{g}`")
                        })
                })
                .transpose()?;
            let layer: Layer = match (event_layer, group) {
                (Some(e), Some(g)) => {
                    navigator::overlap_layer(&e, &navigator::group_layer(&library, g), &g.title())
                }
                (Some(e), None) => e,
                (None, Some(g)) => navigator::group_layer(&library, g),
                (None, None) => {
                    bail!("say what the layer is of: --event, --group, or both for their overlap")
                }
            };
            casebook::store::atomic::write_atomically(&output, &layer.to_json(), false)
                .with_context(|| format!("cannot write {}", output.display()))?;
            writeln!(
                out,
                "wrote {} techniques to {}",
                layer.techniques.len(),
                output.display()
            )?;
        }
        NavigatorAction::Import {
            case: file,
            layer,
            event,
        } => {
            let mut case = store::load(&file)?;
            let library = library(err)?;
            let bytes = casebook::attack::read_capped_layer(&layer)?;
            let read = Layer::from_json(&bytes).map_err(|e| anyhow!("{}: {e}", layer.display()))?;
            let event = find_event(&case, &event)?.id.clone();
            let Some(change) = navigator::layer_into_event(&case, &event, &read, &library) else {
                bail!("the case has no event {event}");
            };
            case.apply(change.command)
                .map_err(|e| anyhow!("the layer's techniques cannot be added: {e}"))?;
            store::save(&case, &file)?;
            writeln!(
                out,
                "added {} techniques to {} ({} new to the case, {} already listed)",
                change.created + change.reused,
                case.display_name(&event),
                change.created,
                change.already
            )?;
        }
    }
    Ok(())
}
