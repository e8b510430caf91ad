//! What the app does when background work reports back: a case opened or saved, a file picked,
//! a bundle read, an export written or cancelled, a note beside the case read.

use super::*;

impl CasebookApp {
    pub(super) fn handle_job(&mut self, event: JobEvent) {
        match event {
            JobEvent::Picked {
                purpose,
                path: Some(path),
                ..
            } => match purpose {
                Purpose::Open => self.perform(Action::Open(Some(path))),
                Purpose::SaveAs => self.save_to(path),
                Purpose::ExportMap => self.export_map_to(path),
                Purpose::ExportTimeline => self.export_timeline_to(path),
                Purpose::ExportStix => self.export_stix_to(path),
                Purpose::ExportMisp => self.export_misp_to(path),
                Purpose::ImportStix => self.jobs.import_stix(path),
                Purpose::ExportLayer => self.export_layer_to(path),
                Purpose::ImportLayer => self.import_layer_from(path),
                Purpose::ExportBriefing => {
                    if let Some(Modal::Briefing(dialog)) = &mut self.modal {
                        dialog.set_path(path);
                    }
                }
            },
            JobEvent::Picked {
                purpose,
                path: None,
                dialog_missing,
            } => {
                if dialog_missing && purpose == Purpose::ExportBriefing {
                    // The briefing dialog has its own path field: keep it open.
                    self.dialogs_available = false;
                    self.set_status("No file dialog appeared: type the path in the dialog", true);
                } else if dialog_missing {
                    self.dialogs_available = false;
                    self.ask_for_path(purpose, "No file dialog appeared: this machine seems to have no dialog service. Type the path instead.");
                } else {
                    self.after_save = None;
                }
            }
            JobEvent::Loaded { path, result } => match result {
                Ok(opened) => {
                    self.recent.add(&path);
                    let name = path.display().to_string();
                    let mut doc = Document::opened(*opened.case, path.clone());
                    doc.set_disk(opened.stamp);
                    self.checks
                        .adopt(opened.findings, doc.case(), doc.edit_count());
                    self.replace_document(Some(doc));
                    self.set_status(format!("Opened {name}"), false);
                    self.claim_slot_for(&path);
                    self.note_presence(&path);
                }
                Err(error) => {
                    if matches!(&error, crate::store::LoadError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound)
                    {
                        self.recent.remove(&path);
                    }
                    self.show_error("Could not open the case", error.to_string());
                }
            },
            JobEvent::Exported { path, result } => match result {
                Ok(()) => self.set_status(format!("Exported to {}", path.display()), false),
                Err(error) => self.show_error("Could not export", error.to_string()),
            },
            JobEvent::Presence { path, other, note } => self.presence_noted(&path, other, note),
            JobEvent::Cancelled { kind, what } => {
                let outcome = if kind == JobKind::Export {
                    "nothing was written"
                } else {
                    "nothing changed"
                };
                // "Exporting x.json" reads on as "Cancelled exporting x.json".
                let mut what = what.chars();
                let what: String = what
                    .next()
                    .map(|c| c.to_lowercase().chain(what).collect())
                    .unwrap_or_default();
                self.set_status(format!("Cancelled {what}; {outcome}"), false);
            }
            JobEvent::Failed { what, message } => {
                self.after_save = None;
                self.show_error(
                    "A task stopped unexpectedly",
                    format!("{what} stopped: {message}. Nothing it was writing was replaced."),
                );
            }
            JobEvent::BundleRead { path, result } => match (result, &self.doc) {
                (Ok(bundle), Some(doc)) => {
                    self.modal = Some(Modal::StixImport(Box::new(ImportReview::new(
                        path,
                        *bundle,
                        doc.case(),
                    ))));
                }
                (Ok(_), None) => {}
                (Err(error), _) => {
                    self.show_error("Could not import the bundle", error.to_string())
                }
            },
            JobEvent::Saved {
                path,
                edit_count,
                result,
            } => match result {
                Ok(stamp) => {
                    let mut moved = false;
                    if let Some(doc) = &mut self.doc {
                        moved = doc.saved(path.clone(), stamp, edit_count);
                        if !doc.is_modified()
                            && let Some(slot) = doc.slot()
                        {
                            self.autosaver.clear(slot.files.clone());
                        }
                    }
                    if moved {
                        // Saved under a new name: the case's slot is now that file's.
                        if let Some(slot) = self.doc.as_mut().and_then(|d| d.take_slot()) {
                            self.autosaver.release(slot);
                        }
                        self.claim_slot_for(&path);
                        self.note_presence(&path);
                    }
                    self.recent.add(&path);
                    self.set_status(format!("Saved {}", path.display()), false);
                    if let Some(action) = self.after_save.take() {
                        self.perform(action);
                    }
                }
                Err(SaveFailure::ChangedOnDisk) => {
                    self.modal = Some(Modal::ChangedOnDisk(Box::new(ChangedOnDisk {
                        path,
                        comparison: Comparison::NotAsked,
                    })));
                }
                Err(SaveFailure::Error(error)) => {
                    self.after_save = None;
                    self.show_error("Could not save the case", error.to_string());
                }
            },
            JobEvent::DiskVersionRead { path, result } => {
                if let (Some(Modal::ChangedOnDisk(state)), Some(doc)) = (&mut self.modal, &self.doc)
                    && state.path == path
                {
                    state.comparison = match result {
                        Ok((disk, problems)) => Comparison::Done {
                            differences: crate::model::diff::compare(doc.case(), &disk),
                            disk_problems: problems.iter().map(ToString::to_string).collect(),
                        },
                        Err(error) => Comparison::Failed(error.to_string()),
                    };
                }
            }
            JobEvent::Restored { orphan, result } => match result {
                Ok(case) => {
                    let orphan = *orphan;
                    let edited = orphan.meta.edited;
                    let title = orphan.meta.title.clone();
                    self.replace_document(Some(Document::restored(
                        *case,
                        orphan.meta,
                        orphan.slot,
                    )));
                    if let Some(path) = self
                        .doc
                        .as_ref()
                        .and_then(|d| d.path().map(ToOwned::to_owned))
                    {
                        self.note_presence(&path);
                    }
                    self.set_status(
                        format!(
                            "Restored the unsaved work on “{title}”, last edited {}. Save to keep it.",
                            crate::ui::recovery::how_long_ago(edited, chrono::Utc::now())
                        ),
                        false,
                    );
                }
                Err(error) => {
                    // Kept, so that nothing is lost: it can still be discarded from the list.
                    self.orphans.push(*orphan);
                    self.show_error("Could not restore the unsaved work", error.to_string());
                }
            },
        }
    }
}
