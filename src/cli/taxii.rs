//! `casebook taxii collections|push|pull`: the TAXII 2.1 client on the command line. The
//! password or token comes from `CASEBOOK_TAXII_SECRET`, or is asked for on the terminal
//! without being shown; it is never printed, saved or put in the case.

use super::{ImportOutcome, import_read_bundle, parse_tlp, report_withheld, shown};
use anyhow::Context as _;
use casebook::taxii::{
    self, Connection, ConnectionOptions, Credentials, PushOptions, SECRET_VARIABLE,
    pull_marks::PullMarks,
};
use clap::{Args, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Subcommand)]
pub enum TaxiiAction {
    /// List a server's API roots and their collections (id, title, read/write, media types).
    Collections {
        /// The server's discovery address (…/taxii2/) or an API root's.
        url: String,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Send a case to a collection: only what may be shared at --tlp, and only what the
    /// collection does not already hold at the same version. Exit 0 when the server added
    /// everything sent, 1 if anything failed.
    Push {
        /// The case file to send.
        case: PathBuf,
        /// The server's discovery address or an API root's.
        url: String,
        /// The collection: its id (or alias, or title).
        #[arg(long, value_name = "ID")]
        collection: String,
        /// The label of what is sent: nothing marked stricter goes, and what is left out is
        /// listed. Default: the case's own marking.
        #[arg(long, value_name = "LABEL", value_parser = parse_tlp)]
        tlp: Option<casebook::tradecraft::Tlp>,
        /// Send only this object (by Casebook id) and what it refers to; repeat for more.
        #[arg(long = "object", value_name = "ID")]
        objects: Vec<String>,
        /// Send the Casebook extension's definition as well (some servers, medallion among
        /// them, fail on reading a collection that holds one).
        #[arg(long)]
        with_extension_definition: bool,
        /// Send envelopes of at most BYTES, instead of the size the server's API root says it
        /// takes (for a proxy in front of it that takes less).
        #[arg(long, value_name = "BYTES")]
        max_envelope: Option<usize>,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Read a collection into a case file through the import review `casebook import` uses:
    /// a new file gets the collection's case; an existing one gets what is new.
    Pull {
        /// The server's discovery address or an API root's.
        url: String,
        /// The collection: its id (or alias, or title).
        #[arg(long, value_name = "ID")]
        collection: String,
        /// The case file to write or merge into.
        #[arg(short, long, value_name = "CASE")]
        output: PathBuf,
        /// Only what the server added after this time (RFC 3339); with no time, after the
        /// last pull of this collection on this computer.
        #[arg(long, value_name = "TIME", num_args = 0..=1, default_missing_value = "")]
        added_after: Option<String>,
        /// The marking of objects that come with no TLP marking (as for `casebook import`).
        #[arg(long, value_name = "LABEL", value_parser = parse_tlp)]
        unmarked: Option<casebook::tradecraft::Tlp>,
        /// A producer whose assessments are your desk's own (as for `casebook import`).
        #[arg(long, value_name = "NAME_OR_ID")]
        ours: Vec<String>,
        #[command(flatten)]
        server: ServerArgs,
    },
}

/// How to reach and sign in to the server.
#[derive(Debug, Args)]
pub struct ServerArgs {
    /// Sign in with HTTP Basic as this user; the password comes from CASEBOOK_TAXII_SECRET or
    /// is asked for.
    #[arg(long, value_name = "NAME", conflicts_with = "token")]
    user: Option<String>,
    /// Sign in with a bearer token, from CASEBOOK_TAXII_SECRET or asked for.
    #[arg(long)]
    token: bool,
    /// Trust the certificate authorities in this PEM file instead of the public ones (for a
    /// server with an internal CA).
    #[arg(long, value_name = "FILE")]
    ca_file: Option<PathBuf>,
    /// How long to wait for the server, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    timeout: u64,
}

impl ServerArgs {
    fn connection(&self) -> anyhow::Result<Connection> {
        let credentials = match (&self.user, self.token) {
            (Some(user), _) => Credentials::Basic {
                user: user.clone(),
                password: secret(&format!("Password for {user}: "))?,
            },
            (None, true) => Credentials::Bearer {
                token: secret("Token: ")?,
            },
            (None, false) => Credentials::None,
        };
        Ok(Connection::new(&ConnectionOptions {
            credentials,
            ca_file: self.ca_file.clone(),
            timeout: Duration::from_secs(self.timeout.max(1)),
        })?)
    }
}

/// The password or token: from the environment, or asked for on the terminal unseen.
fn secret(prompt: &str) -> anyhow::Result<String> {
    if let Some(value) = std::env::var_os(SECRET_VARIABLE) {
        return value
            .into_string()
            .map_err(|_| anyhow::anyhow!("{SECRET_VARIABLE} is not valid Unicode text"));
    }
    use std::io::IsTerminal as _;
    if !std::io::stdin().is_terminal() {
        anyhow::bail!(
            "no password or token: set {SECRET_VARIABLE}, or run in a terminal to be asked for it"
        );
    }
    rpassword::prompt_password(prompt).context("cannot read the password from the terminal")
}

/// Runs `casebook taxii …`; the exit code on success.
pub fn run(action: TaxiiAction, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<u8> {
    match action {
        TaxiiAction::Collections { url, server } => {
            collections(&server.connection()?, &url, out)?;
            Ok(0)
        }
        TaxiiAction::Push {
            case,
            url,
            collection,
            tlp,
            objects,
            with_extension_definition,
            max_envelope,
            server,
        } => {
            let connection = server.connection()?;
            push(
                &connection,
                &case,
                &url,
                &collection,
                tlp,
                &objects,
                with_extension_definition,
                max_envelope,
                out,
                err,
            )
        }
        TaxiiAction::Pull {
            url,
            collection,
            output,
            added_after,
            unmarked,
            ours,
            server,
        } => {
            let connection = server.connection()?;
            let marks = PullMarks::load(casebook::store::data_dir().as_deref());
            pull(
                &connection,
                &url,
                &collection,
                &output,
                added_after.as_deref(),
                unmarked,
                &ours,
                marks,
                out,
            )?;
            Ok(0)
        }
    }
}

fn collections(connection: &Connection, url: &str, out: &mut dyn Write) -> anyhow::Result<()> {
    let listing = taxii::list_server(connection, url)?;
    writeln!(out, "{}", shown(&listing.title))?;
    for root in &listing.api_roots {
        let default = if root.is_default { " (default)" } else { "" };
        match &root.read {
            Err(e) => writeln!(
                out,
                "API root {}{default}: cannot be read: {}",
                shown(&root.url),
                shown(e)
            )?,
            Ok((info, collections)) => {
                writeln!(
                    out,
                    "API root {}{default}: {}, takes up to {} bytes a request, {} collections",
                    shown(&root.url),
                    shown(&info.title),
                    info.max_content_length,
                    collections.len()
                )?;
                for c in collections {
                    let access = match (c.can_read, c.can_write) {
                        (true, true) => "read, write",
                        (true, false) => "read",
                        (false, true) => "write",
                        (false, false) => "no access",
                    };
                    writeln!(
                        out,
                        "  {}  {}  [{access}]{}",
                        shown(&c.id),
                        shown(&c.title),
                        c.alias
                            .as_deref()
                            .map(|a| format!(" alias {}", shown(a)))
                            .unwrap_or_default()
                    )?;
                }
            }
        }
    }
    Ok(())
}

#[expect(
    clippy::too_many_arguments,
    reason = "the push's command-line options, passed as they were parsed"
)]
fn push(
    connection: &Connection,
    case_file: &std::path::Path,
    url: &str,
    collection: &str,
    tlp: Option<casebook::tradecraft::Tlp>,
    objects: &[String],
    with_extension_definition: bool,
    max_envelope: Option<usize>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    let case = casebook::store::load(case_file)?;
    let label = tlp.unwrap_or(case.tlp);
    let only = if objects.is_empty() {
        None
    } else {
        let mut ids = Vec::new();
        for given in objects {
            let id = casebook::model::Id::new(given.as_str());
            anyhow::ensure!(
                case.object(&id).is_some(),
                "--object {}: no object of that id in {}",
                shown(given),
                case_file.display()
            );
            ids.push(id);
        }
        Some(ids)
    };
    let options = PushOptions {
        label,
        only,
        with_extension_definition,
        max_envelope,
    };
    let progress = |line: &str| eprintln!("{line}");
    let choice = taxii::find_collection(connection, url, collection)?;
    let report = taxii::push(connection, &choice, &case, &options, &progress, &|| false)?;
    report_withheld(
        &format!("the push to {}", report.collection),
        label,
        &report.withheld,
        err,
    )?;
    writeln!(
        out,
        "pushed to {} at {}: {} objects may be shared, {} already there{}, {} sent in {} envelopes ({} bytes): {} added, {} failed{}",
        shown(&report.collection),
        label.code(),
        report.offered,
        report.unchanged,
        if report.manifest_read {
            ""
        } else {
            " (its manifest cannot be read, so all were sent)"
        },
        report.sent,
        report.envelopes,
        report.bytes_sent,
        report.succeeded,
        report.failures.len(),
        if report.pending > 0 {
            format!(
                ", {} still pending (status {})",
                report.pending,
                report.pending_statuses.join(", ")
            )
        } else {
            String::new()
        }
    )?;
    for failure in &report.failures {
        writeln!(
            out,
            "  failed: {} {}: {}",
            shown(&failure.id),
            shown(failure.version.as_deref().unwrap_or("")),
            shown(
                failure
                    .message
                    .as_deref()
                    .unwrap_or("the server gave no reason")
            )
        )?;
    }
    Ok(u8::from(!report.failures.is_empty() || report.pending > 0))
}

#[expect(
    clippy::too_many_arguments,
    reason = "the pull's command-line options, passed as they were parsed"
)]
fn pull(
    connection: &Connection,
    url: &str,
    collection: &str,
    output: &std::path::Path,
    added_after: Option<&str>,
    unmarked: Option<casebook::tradecraft::Tlp>,
    ours: &[String],
    mut marks: PullMarks,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    // Where the collection is, first: its mark is kept by its address.
    let choice = taxii::find_collection(connection, url, collection)?;
    let after = match added_after {
        None => None,
        Some("") => match marks.get(&choice.url()) {
            Some(mark) => {
                writeln!(
                    out,
                    "asking for what was added after {} (the last pull, at {})",
                    mark.date_added_last, mark.pulled_at
                )?;
                Some(mark.date_added_last.clone())
            }
            None => {
                writeln!(
                    out,
                    "no earlier pull of this collection is remembered here: pulling all of it"
                )?;
                None
            }
        },
        Some(time) => {
            chrono::DateTime::parse_from_rfc3339(time).map_err(|e| {
                anyhow::anyhow!(
                    "--added-after {}: not an RFC 3339 time such as 2026-12-01T09:30:00Z ({e})",
                    shown(time)
                )
            })?;
            Some(time.to_owned())
        }
    };
    let progress = |line: &str| eprintln!("{line}");
    let report = taxii::pull(connection, &choice, after.as_deref(), &progress, &|| false)?;
    let source = format!("collection {}", report.choice.shown());
    writeln!(
        out,
        "pulled {} objects ({} bytes, {} pages) from {}",
        report.objects.len(),
        report.bytes,
        report.pages,
        shown(&source)
    )?;
    if report.objects.is_empty() {
        writeln!(out, "nothing new; {} is left as it was", output.display())?;
        return Ok(());
    }
    let title = report.choice.pulled_title();
    let imported = casebook::stix::import::read_bundle_with(
        &report.bundle_bytes(),
        &title,
        &casebook::stix::import::ImportOptions {
            ours: ours.to_vec(),
        },
    )
    .map_err(|e| anyhow::anyhow!("{source}: {e}"))?;
    let later =
        |open: &casebook::model::Case,
         conflicts: &[(casebook::model::CaseObject, casebook::model::CaseObject)]| {
            report.later_versions(open, conflicts)
        };
    let outcome = import_read_bundle(
        imported,
        &shown(&source),
        output,
        unmarked,
        ours,
        Some(&later),
        out,
    )?;
    if let Some(last) = &report.date_added_last {
        if let Err(e) = marks.set(&report.choice.url(), last) {
            writeln!(
                out,
                "the time of this pull could not be kept for --added-after: {e}"
            )?;
        }
    } else if outcome != ImportOutcome::NothingNew {
        writeln!(
            out,
            "the server gave no X-TAXII-Date-Added-Last, so --added-after has no time to start from next time"
        )?;
    }
    Ok(())
}
