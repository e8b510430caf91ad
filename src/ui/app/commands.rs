//! The app's commands in one table: each with its label, its menu, its keyboard shortcut and
//! when it can run. The menu bar and the keyboard shortcuts are both drawn from this table and
//! both run a command through [`CasebookApp::run_command`], so a command's menu entry and its
//! shortcut cannot drift apart.

use super::*;

/// A command of the app (as opposed to an edit of the case, a [`Command`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppCommand {
    NewCase,
    Open,
    OpenPath,
    OpenExample,
    RecoverUnsavedWork,
    Save,
    SaveAs,
    SaveAsPath,
    ImportStix,
    ExportStix,
    ExportMisp,
    ShareTaxii,
    ExportBriefing,
    CloseCase,
    Quit,
    Undo,
    Redo,
    DeleteSelection,
    Show(CentralView),
    ToggleChecks,
    Add(ObjectKind),
    About,
}

/// The menus of the menu bar, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Menu {
    File,
    Edit,
    View,
    Add,
    Help,
}

impl Menu {
    pub const ALL: [Menu; 5] = [Menu::File, Menu::Edit, Menu::View, Menu::Add, Menu::Help];

    pub fn label(self) -> &'static str {
        match self {
            Menu::File => "File",
            Menu::Edit => "Edit",
            Menu::View => "View",
            Menu::Add => "Add",
            Menu::Help => "Help",
        }
    }

    /// What the menu holds, top to bottom.
    pub fn entries(self) -> Vec<MenuEntry> {
        use AppCommand as C;
        use MenuEntry::{Command as E, RecentFiles, Separator};
        match self {
            Menu::File => vec![
                E(C::NewCase),
                E(C::Open),
                E(C::OpenPath),
                RecentFiles,
                E(C::OpenExample),
                E(C::RecoverUnsavedWork),
                Separator,
                E(C::Save),
                E(C::SaveAs),
                E(C::SaveAsPath),
                Separator,
                E(C::ImportStix),
                E(C::ExportStix),
                E(C::ExportMisp),
                E(C::ShareTaxii),
                E(C::ExportBriefing),
                Separator,
                E(C::CloseCase),
                E(C::Quit),
            ],
            Menu::Edit => vec![E(C::Undo), E(C::Redo), Separator, E(C::DeleteSelection)],
            Menu::View => CentralView::ALL
                .iter()
                .map(|v| E(C::Show(*v)))
                .chain([Separator, E(C::ToggleChecks)])
                .collect(),
            Menu::Add => ObjectKind::ALL.iter().map(|k| E(C::Add(*k))).collect(),
            Menu::Help => vec![E(C::OpenExample), E(C::About)],
        }
    }
}

/// One line of a menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MenuEntry {
    Command(AppCommand),
    /// The recent case files, as a submenu.
    RecentFiles,
    Separator,
}

impl AppCommand {
    /// Every command, in the order of the menus.
    pub fn all() -> Vec<AppCommand> {
        let mut all = Vec::new();
        for menu in Menu::ALL {
            for entry in menu.entries() {
                if let MenuEntry::Command(command) = entry
                    && !all.contains(&command)
                {
                    all.push(command);
                }
            }
        }
        all
    }

    /// The command's name in its menu.
    pub fn label(self) -> String {
        match self {
            AppCommand::NewCase => "New case".into(),
            AppCommand::Open => "Open…".into(),
            AppCommand::OpenPath => "Open a path…".into(),
            AppCommand::OpenExample => "Open the example case".into(),
            AppCommand::RecoverUnsavedWork => "Recover unsaved work…".into(),
            AppCommand::Save => "Save".into(),
            AppCommand::SaveAs => "Save As…".into(),
            AppCommand::SaveAsPath => "Save As a path…".into(),
            AppCommand::ImportStix => "Import STIX 2.1 bundle…".into(),
            AppCommand::ExportStix => "Export STIX 2.1 bundle…".into(),
            AppCommand::ExportMisp => "Export MISP event…".into(),
            AppCommand::ShareTaxii => "Share through TAXII…".into(),
            AppCommand::ExportBriefing => "Export briefing…".into(),
            AppCommand::CloseCase => "Close case".into(),
            AppCommand::Quit => "Quit".into(),
            AppCommand::Undo => "Undo".into(),
            AppCommand::Redo => "Redo".into(),
            AppCommand::DeleteSelection => "Delete the selection…".into(),
            AppCommand::Show(view) => view.menu_label().into(),
            AppCommand::ToggleChecks => "Tradecraft checks".into(),
            AppCommand::Add(kind) => format!("{}…", capitalised(kind.label())),
            AppCommand::About => "About Casebook".into(),
        }
    }

    /// What the command does, shown on hover where the label does not say it all.
    pub fn hover(self) -> Option<&'static str> {
        match self {
            AppCommand::OpenPath => Some("Type or paste the path of a case file"),
            AppCommand::RecoverUnsavedWork => {
                Some("Edits kept from sessions that ended without saving")
            }
            AppCommand::ImportStix => Some(
                "Read a bundle from OpenCTI, MISP or another tool into this case; you review it first",
            ),
            AppCommand::ExportBriefing => {
                Some("A briefing for a decision-maker: HTML, Markdown or PDF")
            }
            AppCommand::ShareTaxii => {
                Some("Push the case to a TAXII 2.1 collection, or pull one into the import review")
            }
            AppCommand::DeleteSelection => {
                Some("The selected object and any actors also selected on the map")
            }
            _ => None,
        }
    }

    /// The command's keyboard shortcuts; the first is shown in the menu.
    pub fn shortcuts(self) -> Vec<KeyboardShortcut> {
        const COMMAND_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);
        match self {
            AppCommand::NewCase => vec![KeyboardShortcut::new(Modifiers::COMMAND, Key::N)],
            AppCommand::Open => vec![KeyboardShortcut::new(Modifiers::COMMAND, Key::O)],
            AppCommand::Save => vec![KeyboardShortcut::new(Modifiers::COMMAND, Key::S)],
            AppCommand::SaveAs => vec![KeyboardShortcut::new(COMMAND_SHIFT, Key::S)],
            AppCommand::ExportBriefing => vec![KeyboardShortcut::new(Modifiers::COMMAND, Key::B)],
            AppCommand::CloseCase => vec![KeyboardShortcut::new(Modifiers::COMMAND, Key::W)],
            AppCommand::Quit => vec![KeyboardShortcut::new(Modifiers::COMMAND, Key::Q)],
            AppCommand::Undo => vec![KeyboardShortcut::new(Modifiers::COMMAND, Key::Z)],
            AppCommand::Redo => vec![
                KeyboardShortcut::new(COMMAND_SHIFT, Key::Z),
                KeyboardShortcut::new(Modifiers::COMMAND, Key::Y),
            ],
            AppCommand::DeleteSelection => {
                vec![KeyboardShortcut::new(Modifiers::NONE, Key::Delete)]
            }
            AppCommand::ToggleChecks => vec![KeyboardShortcut::new(Modifiers::NONE, Key::F8)],
            AppCommand::Add(kind) => {
                // Ctrl+Shift and the kind's letter: Actor, reLationship, Technical, Event,
                // souRce, Citation, Judgment, acH (S is Save As).
                let key = match kind {
                    ObjectKind::Actor => Key::A,
                    ObjectKind::Technical => Key::T,
                    ObjectKind::Relationship => Key::L,
                    ObjectKind::Event => Key::E,
                    ObjectKind::Source => Key::R,
                    ObjectKind::Citation => Key::C,
                    ObjectKind::Judgment => Key::J,
                    ObjectKind::Analysis => Key::H,
                };
                vec![KeyboardShortcut::new(COMMAND_SHIFT, key)]
            }
            _ => vec![],
        }
    }

    /// Whether a text field with the keyboard takes the shortcut instead (its own undo, its
    /// own delete).
    fn yields_to_text_fields(self) -> bool {
        matches!(
            self,
            AppCommand::Undo | AppCommand::Redo | AppCommand::DeleteSelection
        )
    }
}

impl CasebookApp {
    /// Whether the command can run now.
    pub(super) fn command_enabled(&self, command: AppCommand) -> bool {
        let has_doc = self.doc.is_some();
        let history = self.doc.as_ref().map(|d| d.history());
        match command {
            AppCommand::NewCase
            | AppCommand::Open
            | AppCommand::OpenPath
            | AppCommand::OpenExample
            | AppCommand::Quit
            | AppCommand::About => true,
            AppCommand::RecoverUnsavedWork => self.autosaver.folder().is_some(),
            AppCommand::Undo => history.is_some_and(|h| h.undo_label().is_some()),
            AppCommand::Redo => history.is_some_and(|h| h.redo_label().is_some()),
            AppCommand::DeleteSelection => {
                self.focus.selection.is_some() || !self.map.selected.is_empty()
            }
            _ => has_doc,
        }
    }

    /// The command's text in the menu now (Undo and Redo name the edit).
    fn command_text(&self, command: AppCommand) -> String {
        let history = self.doc.as_ref().map(|d| d.history());
        match command {
            AppCommand::Undo => history
                .and_then(|h| h.undo_label())
                .map_or("Undo".to_owned(), |w| format!("Undo {w}")),
            AppCommand::Redo => history
                .and_then(|h| h.redo_label())
                .map_or("Redo".to_owned(), |w| format!("Redo {w}")),
            other => other.label(),
        }
    }

    /// Whether the command is a state that is on (a view shown, a panel open).
    fn command_checked(&self, command: AppCommand) -> Option<bool> {
        match command {
            AppCommand::Show(view) => Some(self.central == view),
            AppCommand::ToggleChecks => Some(self.checks.open),
            _ => None,
        }
    }

    /// Runs an app command (from its menu entry or its shortcut).
    pub fn run_command(&mut self, command: AppCommand) {
        if !self.command_enabled(command) {
            return;
        }
        self.last_command = Some(command);
        match command {
            AppCommand::NewCase => self.request(Action::New),
            AppCommand::Open => self.request(Action::Open(None)),
            AppCommand::OpenPath => self.ask_for_path(Purpose::Open, ""),
            AppCommand::OpenExample => self.request(Action::OpenExample),
            AppCommand::RecoverUnsavedWork => self.offer_recovery(true),
            AppCommand::Save => self.save(),
            AppCommand::SaveAs => self.pick(Purpose::SaveAs),
            AppCommand::SaveAsPath => self.ask_for_path(Purpose::SaveAs, ""),
            AppCommand::ImportStix => self.pick(Purpose::ImportStix),
            AppCommand::ExportStix => {
                if let Some(doc) = &self.doc {
                    self.modal = Some(Modal::StixExportNotice {
                        lines: crate::stix::export::what_platforms_lose(doc.case()),
                        label: None,
                        withheld: None,
                    });
                }
            }
            AppCommand::ExportMisp => self.pick(Purpose::ExportMisp),
            AppCommand::ShareTaxii => self.open_taxii_dialog(),
            AppCommand::ExportBriefing => self.open_briefing_dialog(),
            AppCommand::CloseCase => self.request(Action::Close),
            AppCommand::Quit => self.request(Action::Quit),
            AppCommand::Undo => self.undo(),
            AppCommand::Redo => self.redo(),
            AppCommand::DeleteSelection => {
                // The selected object and any actors also selected on the map.
                let mut ids: Vec<Id> = self.focus.selection.iter().cloned().collect();
                let primary = self.focus.selection.as_ref();
                ids.extend(
                    self.map
                        .selected
                        .iter()
                        .filter(|id| Some(*id) != primary)
                        .cloned(),
                );
                self.request_delete_all(ids);
            }
            AppCommand::Show(view) => self.central = view,
            AppCommand::ToggleChecks => self.checks.open = !self.checks.open,
            AppCommand::Add(kind) => {
                // About what is selected (a new event involves the selected actor, a new
                // citation cites the selected object), from the menu and the keyboard alike.
                self.start_new(kind, self.focus.selection.clone());
            }
            AppCommand::About => {
                self.modal = Some(Modal::About {
                    notices_shown: false,
                });
            }
        }
    }

    /// The last app command run (for tests of the command table).
    pub fn last_command(&self) -> Option<AppCommand> {
        self.last_command
    }

    /// Draws the menu bar from the command table.
    pub(super) fn menu_bar(&mut self, ui: &mut Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            for menu in Menu::ALL {
                ui.menu_button(menu.label(), |ui| {
                    for entry in menu.entries() {
                        match entry {
                            MenuEntry::Separator => {
                                ui.separator();
                            }
                            MenuEntry::RecentFiles => self.recent_menu(ui),
                            MenuEntry::Command(command) => self.command_entry(ui, command),
                        }
                    }
                });
            }
        });
    }

    fn command_entry(&mut self, ui: &mut Ui, command: AppCommand) {
        let enabled = self.command_enabled(command);
        let text = self.command_text(command);
        // Undo and Redo name case objects, in any script.
        let text = script::widget_text(ui, &text, script::Base::LeftToRight);
        let mut button = match self.command_checked(command) {
            Some(on) => egui::Button::selectable(on, text),
            None => egui::Button::new(text),
        };
        if let Some(shortcut) = command.shortcuts().first() {
            button = button.shortcut_text(ui.ctx().format_shortcut(shortcut));
        }
        let mut response = ui.add_enabled(enabled, button);
        if let Some(hover) = command.hover() {
            response = response.on_hover_text(hover);
        }
        if response.clicked() {
            self.run_command(command);
            ui.close();
        }
    }

    fn recent_menu(&mut self, ui: &mut Ui) {
        ui.menu_button("Open Recent", |ui| {
            if self.recent.paths.is_empty() {
                ui.label(RichText::new("No recent cases").weak());
            }
            for path in self.recent.paths.clone() {
                if ui.button(path.display().to_string()).clicked() {
                    self.request(Action::Open(Some(path)));
                }
            }
        });
    }

    /// Runs the commands whose shortcut was pressed. A shortcut with more modifiers is tried
    /// first, so Ctrl+Shift+S is Save As and not also Save.
    pub(super) fn shortcuts(&mut self, ctx: &egui::Context) {
        if self.modal.is_some() {
            return;
        }
        let typing = ctx.egui_wants_keyboard_input();
        let mut table: Vec<(AppCommand, KeyboardShortcut)> = AppCommand::all()
            .into_iter()
            .filter(|c| !(typing && c.yields_to_text_fields()))
            .flat_map(|c| c.shortcuts().into_iter().map(move |s| (c, s)))
            .collect();
        let weight = |m: Modifiers| [m.alt, m.ctrl, m.shift, m.mac_cmd, m.command].map(u8::from);
        table.sort_by_key(|(_, s)| std::cmp::Reverse(weight(s.modifiers).iter().sum::<u8>()));
        for (command, shortcut) in table {
            if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                self.run_command(command);
                if self.modal.is_some() {
                    break;
                }
            }
        }
    }
}
