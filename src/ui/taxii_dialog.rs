//! File → Share through TAXII…: the TAXII 2.1 client in the app. The analyst gives the
//! server's address and how to sign in, lists its collections, and then pushes the case (or
//! the selection) at a TLP label, or pulls a collection into the import review, where it is
//! set against the open case like a bundle file. Every exchange runs as a job with its stage
//! shown and a Cancel button; the password or token stays in memory, never in the case or the
//! recent list.

use super::job_runner::{Cancelled, JobRunner, Outcome};
use crate::model::{Case, Id};
use crate::stix::import::ImportedBundle;
use crate::taxii::CollectionChoice;
use crate::taxii::pull_marks::PullMarks;
use crate::taxii::{
    Connection, ConnectionOptions, Credentials, PullReport, PushOptions, PushReport,
    SECRET_VARIABLE, ServerListing, TaxiiError,
};
use crate::tradecraft::Tlp;
use egui::{RichText, Ui};
use std::path::PathBuf;
use std::time::Duration;

/// How the analyst signs in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignIn {
    None,
    Password,
    Token,
}

/// What the dialog keeps between openings while the app runs (the secret with it, in memory).
#[derive(Clone, Debug)]
pub struct TaxiiSettings {
    pub address: String,
    pub sign_in: SignIn,
    pub user: String,
    secret: String,
    pub ca_file: String,
    pub timeout_seconds: u64,
}

impl Default for TaxiiSettings {
    fn default() -> Self {
        TaxiiSettings {
            address: String::new(),
            sign_in: SignIn::None,
            user: String::new(),
            secret: String::new(),
            ca_file: String::new(),
            timeout_seconds: 60,
        }
    }
}

impl TaxiiSettings {
    fn connection(&self) -> Result<Connection, TaxiiError> {
        let secret = || {
            if self.secret.is_empty() {
                std::env::var(SECRET_VARIABLE).unwrap_or_default()
            } else {
                self.secret.clone()
            }
        };
        let credentials = match self.sign_in {
            SignIn::None => Credentials::None,
            SignIn::Password => Credentials::Basic {
                user: self.user.trim().to_owned(),
                password: secret(),
            },
            SignIn::Token => Credentials::Bearer { token: secret() },
        };
        let ca_file = self.ca_file.trim();
        Connection::new(&ConnectionOptions {
            credentials,
            ca_file: (!ca_file.is_empty()).then(|| PathBuf::from(ca_file)),
            timeout: Duration::from_secs(self.timeout_seconds.max(1)),
        })
    }
}

/// What a job of the dialog brought back.
enum Finished {
    Listed(ServerListing),
    Pushed(PushReport),
    Pulled(Box<(PullReport, ImportedBundle)>),
}

/// What the dialog asks of the app.
pub enum TaxiiOutcome {
    Close,
    /// A collection was pulled: review it against the open case. Once imported, the pull's
    /// time is kept for the next "only what is new".
    Review {
        bundle: Box<ImportedBundle>,
        source: String,
        mark: Option<(String, String)>,
        /// The pull (its objects already in `bundle`), to tell later versions from conflicts.
        pulled: Box<PullReport>,
    },
}

pub struct TaxiiDialog {
    pub settings: TaxiiSettings,
    listing: Option<ServerListing>,
    /// The chosen collection: its API root's address and its id.
    chosen: Option<(String, String)>,
    label: Tlp,
    only_selection: bool,
    only_new: bool,
    marks: PullMarks,
    job: Option<JobRunner<(), Result<Finished, String>>>,
    /// What the last exchange did, line by line, or why it failed.
    report: Vec<String>,
    error: Option<String>,
    /// Whether the address has been offered the keyboard (once, as the dialog opens).
    focused: bool,
}

impl std::fmt::Debug for TaxiiDialog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TaxiiDialog")
            .field("address", &self.settings.address)
            .field("chosen", &self.chosen)
            .finish_non_exhaustive()
    }
}

impl TaxiiDialog {
    pub fn new(settings: TaxiiSettings, case: &Case, data_dir: Option<&std::path::Path>) -> Self {
        TaxiiDialog {
            settings,
            listing: None,
            chosen: None,
            label: case.tlp,
            only_selection: false,
            only_new: true,
            marks: PullMarks::load(data_dir),
            job: None,
            report: Vec::new(),
            error: None,
            focused: false,
        }
    }

    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    fn start(
        &mut self,
        ctx: &egui::Context,
        what: String,
        task: impl FnOnce(&Connection, &super::job_runner::Work) -> Result<Finished, TaxiiError>
        + Send
        + 'static,
    ) {
        self.error = None;
        self.report.clear();
        let connection = match self.settings.connection() {
            Ok(connection) => connection,
            Err(e) => {
                self.error = Some(e.to_string());
                return;
            }
        };
        let mut job = JobRunner::new(ctx);
        job.spawn((), what, true, move |work| match task(&connection, work) {
            Err(TaxiiError::Cancelled) => Err(Cancelled),
            other => Ok(other.map_err(|e| e.to_string())),
        });
        self.job = Some(job);
    }

    fn chosen_collection(&self) -> Option<CollectionChoice> {
        let (root_url, id) = self.chosen.as_ref()?;
        self.listing.as_ref()?.api_roots.iter().find_map(|root| {
            let (info, collections) = root.read.as_ref().ok()?;
            let collection = collections.iter().find(|c| &c.id == id)?;
            (&root.url == root_url).then(|| CollectionChoice {
                api_root_url: root.url.clone(),
                api_root: info.clone(),
                collection: collection.clone(),
            })
        })
    }

    /// Draws the dialog; `selection` is what is selected on the map and in the lists.
    pub fn ui(&mut self, ui: &mut Ui, case: &Case, selection: &[Id]) -> Option<TaxiiOutcome> {
        ui.heading("Share through TAXII 2.1");
        if let Some(outcome) = self.running_ui(ui) {
            return Some(outcome);
        }
        let idle = self.job.is_none();
        let mut outcome = None;
        ui.add_enabled_ui(idle, |ui| {
            self.server_ui(ui);
            ui.add_space(4.0);
            if ui.button("List collections").clicked() {
                let address = self.settings.address.trim().to_owned();
                self.start(
                    ui.ctx(),
                    format!("Reading {address}"),
                    move |connection, _| {
                        crate::taxii::list_server(connection, &address).map(Finished::Listed)
                    },
                );
            }
            self.collections_ui(ui);
            if let Some(choice) = self.chosen_collection() {
                ui.separator();
                self.exchange_ui(ui, case, selection, &choice);
            }
        });
        if let Some(error) = &self.error {
            ui.add_space(4.0);
            ui.colored_label(ui.visuals().error_fg_color, error.as_str());
        }
        if !self.report.is_empty() {
            ui.add_space(4.0);
            egui::ScrollArea::vertical()
                .max_height(160.0)
                .id_salt("taxii-report")
                .show(ui, |ui| {
                    for line in &self.report {
                        ui.label(line.as_str());
                    }
                });
        }
        ui.add_space(8.0);
        if ui.add_enabled(idle, egui::Button::new("Close")).clicked() {
            outcome = Some(TaxiiOutcome::Close);
        }
        outcome
    }

    fn server_ui(&mut self, ui: &mut Ui) {
        let (settings, focused) = (&mut self.settings, &mut self.focused);
        egui::Grid::new("taxii-server")
            .num_columns(2)
            .show(ui, |ui| {
                let label = ui.label("Server address");
                let address = ui
                    .add(
                        egui::TextEdit::singleline(&mut settings.address)
                            .hint_text("https://taxii.example.org/taxii2/")
                            .desired_width(340.0),
                    )
                    .labelled_by(label.id);
                // The keyboard goes to the address as the dialog first opens on no server.
                if !*focused {
                    *focused = true;
                    if settings.address.is_empty() {
                        address.request_focus();
                    }
                }
                ui.end_row();
                ui.label("Sign in");
                ui.horizontal(|ui| {
                    ui.radio_value(&mut settings.sign_in, SignIn::None, "None");
                    ui.radio_value(&mut settings.sign_in, SignIn::Password, "User and password");
                    ui.radio_value(&mut settings.sign_in, SignIn::Token, "Token");
                });
                ui.end_row();
                if settings.sign_in == SignIn::Password {
                    let label = ui.label("User name");
                    ui.add(egui::TextEdit::singleline(&mut settings.user).desired_width(200.0))
                        .labelled_by(label.id);
                    ui.end_row();
                }
                if settings.sign_in != SignIn::None {
                    let label = ui.label(if settings.sign_in == SignIn::Password {
                        "Password"
                    } else {
                        "Token"
                    });
                    let hint = if std::env::var_os(SECRET_VARIABLE).is_some() {
                        format!("empty: from {SECRET_VARIABLE}")
                    } else {
                        String::new()
                    };
                    ui.add(
                        egui::TextEdit::singleline(&mut settings.secret)
                            .password(true)
                            .hint_text(hint)
                            .desired_width(200.0),
                    )
                    .labelled_by(label.id);
                    ui.end_row();
                }
                let label = ui.label("Timeout (seconds)");
                ui.add(egui::DragValue::new(&mut settings.timeout_seconds).range(1..=3600))
                    .labelled_by(label.id);
                ui.end_row();
                let label = ui.label("CA file (optional)");
                ui.add(
                    egui::TextEdit::singleline(&mut settings.ca_file)
                        .hint_text("PEM file of an internal certificate authority")
                        .desired_width(340.0),
                )
                .labelled_by(label.id);
                ui.end_row();
            });
    }

    fn collections_ui(&mut self, ui: &mut Ui) {
        let Some(listing) = &self.listing else { return };
        ui.add_space(4.0);
        ui.label(RichText::new(listing.title.as_str()).strong());
        for root in &listing.api_roots {
            match &root.read {
                Err(e) => {
                    ui.label(format!("{}: cannot be read: {e}", root.url));
                }
                Ok((info, collections)) => {
                    ui.label(format!(
                        "{} — {} (takes up to {} bytes a request)",
                        info.title, root.url, info.max_content_length
                    ));
                    if collections.is_empty() {
                        ui.label("  no collections you can see");
                    }
                    for c in collections {
                        let access = match (c.can_read, c.can_write) {
                            (true, true) => "read, write",
                            (true, false) => "read only",
                            (false, true) => "write only",
                            (false, false) => "no access",
                        };
                        let key = (root.url.clone(), c.id.clone());
                        let title = if c.title.is_empty() {
                            c.id.as_str()
                        } else {
                            c.title.as_str()
                        };
                        let chosen = self.chosen.as_ref() == Some(&key);
                        if ui
                            .radio(chosen, format!("{title} ({access})"))
                            .on_hover_text(&c.id)
                            .clicked()
                        {
                            self.chosen = Some(key);
                        }
                    }
                }
            }
        }
    }

    fn exchange_ui(
        &mut self,
        ui: &mut Ui,
        case: &Case,
        selection: &[Id],
        choice: &CollectionChoice,
    ) {
        let collection = choice.collection.clone();
        if collection.can_write {
            ui.horizontal(|ui| {
                let label = ui.label("Share at");
                egui::ComboBox::from_id_salt("taxii-label")
                    .selected_text(self.label.code())
                    .show_ui(ui, |ui| {
                        for &tlp in Tlp::ALL {
                            ui.selectable_value(&mut self.label, tlp, tlp.code());
                        }
                    })
                    .response
                    .labelled_by(label.id);
            });
            if !selection.is_empty() {
                ui.checkbox(
                    &mut self.only_selection,
                    format!(
                        "Only the selection ({} objects) and what it refers to",
                        selection.len()
                    ),
                );
            }
            if ui.button("Push to the collection").clicked() {
                let options = PushOptions {
                    label: self.label,
                    only: (self.only_selection && !selection.is_empty())
                        .then(|| selection.to_vec()),
                    with_extension_definition: false,
                    max_envelope: None,
                };
                let case = case.clone();
                let target = choice.clone();
                self.start(
                    ui.ctx(),
                    format!("Pushing to {}", choice.shown()),
                    move |connection, work| {
                        let stage = |line: &str| work.report_stage(0.0, line);
                        crate::taxii::push(connection, &target, &case, &options, &stage, &|| {
                            work.cancelled()
                        })
                        .map(Finished::Pushed)
                    },
                );
            }
        }
        if collection.can_read {
            let mark = self.marks.get(&choice.url()).cloned();
            match &mark {
                Some(mark) => {
                    ui.checkbox(
                        &mut self.only_new,
                        format!(
                            "Only what was added since the last pull ({})",
                            mark.pulled_at
                        ),
                    );
                }
                None => {
                    ui.label("Not pulled from here before: a pull brings the whole collection.");
                }
            }
            if ui.button("Pull into the import review").clicked() {
                let after = mark.filter(|_| self.only_new).map(|m| m.date_added_last);
                let target = choice.clone();
                let title = choice.pulled_title();
                self.start(
                    ui.ctx(),
                    format!("Pulling {}", choice.shown()),
                    move |connection, work| {
                        let stage = |line: &str| work.report_stage(0.0, line);
                        let report = crate::taxii::pull(
                            connection,
                            &target,
                            after.as_deref(),
                            &stage,
                            &|| work.cancelled(),
                        )?;
                        let bundle =
                            crate::stix::import::read_bundle(&report.bundle_bytes(), &title)
                                .map_err(|e| {
                                    TaxiiError::Refused(format!("{}: {e}", report.choice.shown()))
                                })?;
                        Ok(Finished::Pulled(Box::new((report, bundle))))
                    },
                );
            }
        }
    }

    /// While a job runs: its stage and a Cancel button; when it ends, what it did.
    fn running_ui(&mut self, ui: &mut Ui) -> Option<TaxiiOutcome> {
        let running = self.job.as_mut()?;
        if let Some(job) = running.running().first() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(format!("{}: {}", job.what, job.stage()));
                if ui
                    .add_enabled(!job.cancel_asked(), egui::Button::new("Cancel"))
                    .clicked()
                {
                    running.cancel(job.id);
                }
            });
        }
        let finished = running.finished().pop()?;
        self.job = None;
        match finished.outcome {
            Outcome::Done(Ok(Finished::Listed(listing))) => {
                // Keep the choice if the collection is still there; else the only writable one.
                let ids: Vec<(String, String)> = listing
                    .api_roots
                    .iter()
                    .filter_map(|r| r.read.as_ref().ok().map(|(_, cs)| (r, cs)))
                    .flat_map(|(r, cs)| cs.iter().map(|c| (r.url.clone(), c.id.clone())))
                    .collect();
                if !self.chosen.as_ref().is_some_and(|c| ids.contains(c)) {
                    self.chosen = (ids.len() == 1).then(|| ids[0].clone());
                }
                self.listing = Some(listing);
                None
            }
            Outcome::Done(Ok(Finished::Pushed(report))) => {
                self.report = push_lines(&report, self.label);
                None
            }
            Outcome::Done(Ok(Finished::Pulled(pulled))) => {
                let (mut report, bundle) = *pulled;
                if report.objects.is_empty() {
                    self.report = vec![format!("Nothing new in {}.", report.choice.shown())];
                    return None;
                }
                let source = format!(
                    "{} ({} objects pulled)",
                    report.choice.url(),
                    report.objects.len()
                );
                // The objects are in the bundle now.
                report.objects = Vec::new();
                Some(TaxiiOutcome::Review {
                    bundle: Box::new(bundle),
                    source,
                    mark: report
                        .date_added_last
                        .clone()
                        .map(|last| (report.choice.url(), last)),
                    pulled: Box::new(report),
                })
            }
            Outcome::Done(Err(error)) => {
                self.error = Some(error);
                None
            }
            Outcome::Cancelled => {
                self.report = vec![format!("Cancelled {}.", finished.what)];
                None
            }
            Outcome::Failed(message) => {
                self.error = Some(format!("{} stopped: {message}", finished.what));
                None
            }
        }
    }
}

/// A push's report, a line each, for the dialog.
fn push_lines(report: &PushReport, label: Tlp) -> Vec<String> {
    let mut lines = vec![if report.sent == 0 && report.failures.is_empty() {
        format!(
            "Nothing to send to {} at {}: it holds all {} objects that may be shared, at these versions.",
            report.collection,
            label.code(),
            report.offered
        )
    } else {
        format!(
            "Pushed to {} at {}: {} objects may be shared, {} already there, {} sent in {} envelopes: {} added, {} failed.",
            report.collection,
            label.code(),
            report.offered,
            report.unchanged,
            report.sent,
            report.envelopes,
            report.succeeded,
            report.failures.len()
        )
    }];
    if !report.manifest_read {
        lines.push(
            "The collection's manifest could not be read, so everything was sent.".to_owned(),
        );
    }
    if report.pending > 0 {
        lines.push(format!(
            "{} objects were still pending when Casebook stopped waiting (status {}).",
            report.pending,
            report.pending_statuses.join(", ")
        ));
    }
    if !report.withheld.is_empty() {
        lines.push(format!(
            "Left out at {}: {} objects or fields marked stricter.",
            label.code(),
            report.withheld.len()
        ));
    }
    for failure in &report.failures {
        lines.push(format!(
            "Failed: {} — {}",
            failure.id,
            failure
                .message
                .as_deref()
                .unwrap_or("the server gave no reason")
        ));
    }
    lines
}
