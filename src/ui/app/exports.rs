//! Where things are written: file dialogs or typed paths, and the exports of figures, STIX
//! bundles and briefings started from the app.

use super::*;

impl CasebookApp {
    pub(super) fn pick(&mut self, purpose: Purpose) {
        if self.dialogs_available {
            let stem = self
                .doc
                .as_ref()
                .map(Document::export_stem)
                .unwrap_or_default();
            let name = match purpose {
                Purpose::ExportMap => format!("{stem}-map.svg"),
                Purpose::ExportTimeline => format!("{stem}-timeline.svg"),
                Purpose::ExportStix => format!("{stem}.stix.json"),
                Purpose::ExportMisp => format!("{stem}.misp.json"),
                Purpose::ExportLayer => format!("{stem}-layer.json"),
                _ => self
                    .doc
                    .as_ref()
                    .map(Document::suggested_file_name)
                    .unwrap_or_default(),
            };
            let folder = self
                .doc
                .as_ref()
                .and_then(|d| d.path())
                .and_then(|p| p.parent().map(ToOwned::to_owned));
            self.jobs.pick(purpose, name, folder);
        } else {
            self.ask_for_path(purpose, "This machine has no file dialog service (neither the XDG desktop portal nor zenity).");
        }
    }

    pub(super) fn export_map_to(&mut self, path: PathBuf) {
        let Some(doc) = &self.doc else { return };
        // Labelled with the strictest marking of what it shows: what is on screen goes out.
        let figure = self.map.figure();
        let label = figure.strictest_level(doc.case());
        let svg = crate::figure::svg::map_svg(figure, &doc.case().title, label);
        self.export_figure_to(svg, path);
    }

    pub(super) fn export_timeline_to(&mut self, path: PathBuf) {
        let Some(doc) = &self.doc else { return };
        let figure = self.timeline.figure();
        let label = figure.strictest_level(doc.case());
        let svg = crate::figure::svg::timeline_svg(figure, &doc.case().title, label);
        self.export_figure_to(svg, path);
    }

    pub(super) fn open_briefing_dialog(&mut self) {
        let Some(doc) = &self.doc else { return };
        let stem = doc.export_stem();
        self.modal = Some(Modal::Briefing(Box::new(BriefingDialog::new(
            doc.case(),
            doc.path(),
            &stem,
            self.library.get(),
        ))));
    }

    /// File → Share through TAXII…, with the server last used.
    pub(super) fn open_taxii_dialog(&mut self) {
        let Some(doc) = &self.doc else { return };
        self.modal = Some(Modal::Taxii(Box::new(
            crate::ui::taxii_dialog::TaxiiDialog::new(
                self.taxii_settings.clone(),
                doc.case(),
                self.about.data_dir.as_deref(),
            ),
        )));
    }

    /// Keeps the time of a pull whose objects were imported, for the next "only what is new".
    pub(super) fn keep_pull_mark(&mut self, collection: &str, date_added_last: &str) {
        let mut marks = crate::taxii::pull_marks::PullMarks::load(self.about.data_dir.as_deref());
        if let Err(e) = marks.set(collection, date_added_last) {
            self.set_status(
                format!("The time of this pull could not be kept for the next one: {e}"),
                true,
            );
        }
    }

    /// The briefing dialog, writing to `path` (from the typed-path dialog).
    pub(super) fn open_briefing_dialog_at(&mut self, path: PathBuf) {
        self.open_briefing_dialog();
        if let Some(Modal::Briefing(dialog)) = &mut self.modal {
            dialog.set_path(path);
        }
    }

    pub(super) fn pick_briefing_path(&mut self, name: String) {
        if self.dialogs_available {
            let folder = self
                .doc
                .as_ref()
                .and_then(|d| d.path())
                .and_then(|p| p.parent().map(ToOwned::to_owned));
            self.jobs.pick(Purpose::ExportBriefing, name, folder);
        } else {
            self.set_status(
                "This machine has no file dialog service: type the path in the dialog",
                true,
            );
        }
    }

    /// After a briefing is written: say so, record it in the case (one undoable edit) and
    /// open the folder if asked.
    pub(super) fn briefing_written(
        &mut self,
        written: &crate::briefing::Written,
        record: Option<crate::model::BriefingRecord>,
        open_folder: bool,
    ) {
        let Some(first) = written.files.first() else {
            return;
        };
        let mut note = format!(
            "Wrote the briefing to {} ({}, {} KB)",
            first.display(),
            match written.files.len() {
                1 => "1 file".to_owned(),
                n => format!("{n} files"),
            },
            written.bytes.div_ceil(1024)
        );
        if let Some(record) = record
            && let Some(doc) = &self.doc
        {
            self.apply(crate::briefing::recording(doc.case(), record));
        }
        if open_folder {
            let folder = first
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map_or_else(|| PathBuf::from("."), ToOwned::to_owned);
            if let Err(error) = crate::ui::briefing_dialog::open_folder(&folder) {
                note.push_str(&format!("; the folder could not be opened: {error}"));
            }
        }
        self.set_status(note, false);
    }

    pub(super) fn export_stix_to(&mut self, path: PathBuf) {
        let Some(doc) = &self.doc else { return };
        self.jobs
            .export_stix(doc.case().clone(), self.stix_label, path);
    }

    pub(super) fn export_misp_to(&mut self, path: PathBuf) {
        let Some(doc) = &self.doc else { return };
        self.jobs.export_misp(doc.case().clone(), path);
    }

    /// Writes the Navigator layer asked for (an event's techniques, a group's, or the two
    /// overlaid) to `path`.
    pub(super) fn export_layer_to(&mut self, path: PathBuf) {
        use crate::attack::navigator;
        let Some(doc) = &self.doc else { return };
        let Some((event, group)) = self.layer_request.clone() else {
            return;
        };
        let library = self.library.get();
        let case = doc.case();
        let event_layer = event
            .as_ref()
            .and_then(|e| case.event(e))
            .map(|e| navigator::event_layer(case, e));
        let group = group
            .zip(library.as_ref())
            .and_then(|(g, l)| l.group_named(&g).cloned().map(|g| (g, l.clone())));
        let layer = match (event_layer, &group) {
            (Some(e), Some((g, l))) => {
                navigator::overlap_layer(&e, &navigator::group_layer(l, g), &g.title())
            }
            (Some(e), None) => e,
            (None, Some((g, l))) => navigator::group_layer(l, g),
            (None, None) => return,
        };
        match crate::store::atomic::write_atomically(&path, &layer.to_json(), false) {
            Ok(()) => self.set_status(
                format!(
                    "Wrote a Navigator layer of {} to {}",
                    crate::text::counted(layer.techniques.len(), "technique", "techniques"),
                    path.display()
                ),
                false,
            ),
            Err(e) => self.show_error(
                "Could not write the layer",
                format!("{}: {}", path.display(), crate::text::plain_io_error(&e)),
            ),
        }
    }

    /// Adds the techniques of the Navigator layer at `path` to the event asked for, as one
    /// edit.
    pub(super) fn import_layer_from(&mut self, path: PathBuf) {
        use crate::attack::navigator::{Layer, layer_into_event};
        let Some(Some(event)) = self.layer_request.clone().map(|(e, _)| e) else {
            return;
        };
        let Some(library) = self.library.get() else {
            self.show_error(
                "Could not read the layer",
                "the reference library is still being read; try again in a moment".into(),
            );
            return;
        };
        let read = crate::attack::read_capped_layer(&path)
            .map_err(|e| e.to_string())
            .and_then(|bytes| {
                Layer::from_json(&bytes).map_err(|e| format!("{}: {e}", path.display()))
            });
        let layer = match read {
            Ok(layer) => layer,
            Err(message) => {
                self.show_error("Could not read the layer", message);
                return;
            }
        };
        let Some(doc) = &self.doc else { return };
        let Some(change) = layer_into_event(doc.case(), &event, &layer, &library) else {
            return;
        };
        let said = format!(
            "Added {} from the layer ({} new to the case, {} already listed)",
            crate::text::counted(change.created + change.reused, "technique", "techniques"),
            change.created,
            change.already
        );
        self.handle(crate::ui::intent::Intent::Apply(Box::new(change.command)));
        self.set_status(said, false);
    }

    pub(super) fn export_figure_to(&mut self, svg: String, path: PathBuf) {
        if let Err(error) = crate::figure::file::FigureFormat::of(&path) {
            self.show_error("Could not export the figure", error.to_string());
            return;
        }
        self.jobs.export_figure(svg, path);
    }

    pub(super) fn ask_for_path(&mut self, purpose: Purpose, note: &str) {
        let text = match (purpose, &self.doc) {
            (Purpose::SaveAs, Some(doc)) => doc
                .path()
                .map(ToOwned::to_owned)
                .unwrap_or_else(|| {
                    std::env::current_dir()
                        .unwrap_or_default()
                        .join(doc.suggested_file_name())
                })
                .display()
                .to_string(),
            _ => String::new(),
        };
        self.modal = Some(Modal::TypedPath {
            purpose,
            text,
            note: note.to_owned(),
            focused: false,
        });
    }
}
