//! The sources table: every source with its reliability grade, dates, publisher and how often
//! and where it is cited, sortable by column. A source's address opens in the system browser
//! only on an explicit click, after the address is shown (the app itself never fetches it).

use super::intent::Intent;
use super::script;
use crate::model::{Case, Id, Source};
use egui::{RichText, Ui};
use std::collections::HashMap;

/// The column the table is sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortColumn {
    Grade,
    Title,
    Publisher,
    Published,
    Accessed,
    Cited,
}

/// The table's state: its sort order.
pub struct SourcesView {
    sort: SortColumn,
    descending: bool,
}

impl Default for SourcesView {
    fn default() -> Self {
        SourcesView {
            sort: SortColumn::Grade,
            descending: false,
        }
    }
}

/// A column of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    Grade,
    Title,
    Cited,
    Address,
    Publisher,
    Published,
    Accessed,
    Kind,
}

/// The columns in order: what they show, how they sort, their heading and width. The address
/// sits next to the title so it is in view in a narrow window.
const COLUMNS: &[(Column, Option<SortColumn>, &str, f32)] = &[
    (Column::Grade, Some(SortColumn::Grade), "Grade", 52.0),
    (Column::Title, Some(SortColumn::Title), "Title", 250.0),
    (Column::Cited, Some(SortColumn::Cited), "Cited", 48.0),
    (Column::Address, None, "Address", 70.0),
    (
        Column::Publisher,
        Some(SortColumn::Publisher),
        "Publisher",
        140.0,
    ),
    (
        Column::Published,
        Some(SortColumn::Published),
        "Published",
        84.0,
    ),
    (
        Column::Accessed,
        Some(SortColumn::Accessed),
        "Accessed",
        84.0,
    ),
    (Column::Kind, None, "Kind", 120.0),
];

/// Where a source stands when sorted by grade: A first, not graded after F.
fn grade_order(source: &Source) -> (bool, Option<crate::tradecraft::Reliability>) {
    (source.reliability.is_none(), source.reliability)
}

/// The sources in the order of `column`, ties broken by title then id so the order is stable.
pub fn sorted_sources<'a>(
    case: &'a Case,
    cited: &HashMap<&Id, usize>,
    column: SortColumn,
    descending: bool,
) -> Vec<&'a Source> {
    let mut sources: Vec<&Source> = case.sources.iter().collect();
    let count = |s: &Source| cited.get(&s.id).copied().unwrap_or(0);
    sources.sort_by(|a, b| {
        let order = match column {
            // Not graded sorts after F, the weakest grade.
            SortColumn::Grade => grade_order(a).cmp(&grade_order(b)),
            SortColumn::Title => a.title.to_lowercase().cmp(&b.title.to_lowercase()),
            SortColumn::Publisher => a.publisher.to_lowercase().cmp(&b.publisher.to_lowercase()),
            SortColumn::Published => a
                .published
                .map(|d| d.start())
                .cmp(&b.published.map(|d| d.start())),
            SortColumn::Accessed => a
                .accessed
                .map(|d| d.start())
                .cmp(&b.accessed.map(|d| d.start())),
            SortColumn::Cited => count(a).cmp(&count(b)),
        };
        let order = if descending { order.reverse() } else { order };
        order
            .then_with(|| a.title.cmp(&b.title))
            .then_with(|| a.id.cmp(&b.id))
    });
    sources
}

impl SourcesView {
    pub fn ui(&mut self, ui: &mut Ui, case: &Case, selection: Option<&Id>) -> Vec<Intent> {
        let mut actions = Vec::new();
        let mut cited: HashMap<&Id, usize> = HashMap::new();
        for c in &case.citations {
            *cited.entry(&c.source).or_default() += 1;
        }
        ui.label(
            RichText::new(format!(
                "{} sources. Reliability is the Admiralty grade of the source (A completely reliable … E unreliable, F cannot be judged; — nobody has graded it). Click a heading to sort; click a row to edit the source.",
                case.sources.len()
            ))
            .weak()
            .small(),
        );
        // An Address column only when some source has one; the title takes the room left.
        let any_address = case.sources.iter().any(|s| !s.url.is_empty());
        let mut columns: Vec<(Column, Option<SortColumn>, &str, f32)> = COLUMNS
            .iter()
            .copied()
            .filter(|(c, ..)| any_address || *c != Column::Address)
            .collect();
        let fixed: f32 = columns
            .iter()
            .filter(|(c, ..)| *c != Column::Title)
            .map(|(.., w)| w + ui.spacing().item_spacing.x)
            .sum();
        let spare = ui.available_width() - fixed - ui.spacing().item_spacing.x - 16.0;
        for (column, .., width) in &mut columns {
            if *column == Column::Title {
                *width = width.max(spare.min(520.0));
            }
        }
        egui::ScrollArea::horizontal()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    for (_, sort, title, width) in &columns {
                        self.heading_ui(ui, *sort, title, *width);
                    }
                });
                ui.separator();
                let sources = sorted_sources(case, &cited, self.sort, self.descending);
                let row_height = ui.spacing().interact_size.y + 4.0;
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show_rows(ui, row_height, sources.len(), |ui, range| {
                        for source in &sources[range] {
                            let count = cited.get(&source.id).copied().unwrap_or(0);
                            let selected = selection == Some(&source.id);
                            ui.horizontal(|ui| {
                                for (column, _, _, width) in &columns {
                                    let size = [*width, row_height];
                                    if let Some(action) =
                                        cell_ui(ui, case, source, *column, size, selected, count)
                                    {
                                        actions.push(action);
                                    }
                                }
                            });
                        }
                    });
            });
        actions
    }

    /// A column heading: sorts by its column when clicked, a second click reverses.
    fn heading_ui(&mut self, ui: &mut Ui, sort: Option<SortColumn>, title: &str, width: f32) {
        let Some(column) = sort else {
            ui.add_sized(
                [width, 20.0],
                egui::Label::new(RichText::new(title).strong()),
            );
            return;
        };
        let sorted = self.sort == column;
        let order = if self.descending {
            "descending"
        } else {
            "ascending"
        };
        let name = if sorted {
            format!("{title}, sorted {order}")
        } else {
            title.to_owned()
        };
        let heading = ui
            .add_sized(
                [width, 20.0],
                egui::Button::new(RichText::new(title).strong()).frame(false),
            )
            .on_hover_text(if sorted {
                format!(
                    "Sorted by {}, {order}; click to reverse",
                    title.to_lowercase()
                )
            } else {
                format!("Sort by {}", title.to_lowercase())
            });
        heading.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
        if sorted {
            // A small triangle after the heading: up for ascending, down for descending.
            let x = heading.rect.right() - 8.0;
            let y = heading.rect.center().y;
            let (tip, base) = if self.descending {
                (3.5, -3.5)
            } else {
                (-3.5, 3.5)
            };
            ui.painter().add(egui::Shape::convex_polygon(
                vec![
                    egui::pos2(x, y + tip),
                    egui::pos2(x - 4.0, y + base),
                    egui::pos2(x + 4.0, y + base),
                ],
                ui.visuals().strong_text_color(),
                egui::Stroke::NONE,
            ));
        }
        if heading.clicked() {
            if sorted {
                self.descending = !self.descending;
            } else {
                self.sort = column;
                self.descending = false;
            }
        }
    }
}

/// One cell of a source's row; returns what a click on it asks for.
fn cell_ui(
    ui: &mut Ui,
    case: &Case,
    source: &Source,
    column: Column,
    size: [f32; 2],
    selected: bool,
    count: usize,
) -> Option<Intent> {
    let date = |d: Option<crate::model::PartialDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let text = |ui: &mut Ui, text: &str| {
        ui.add_sized(size, egui::Label::new(text).truncate());
    };
    match column {
        Column::Grade => {
            let grade = match source.reliability {
                Some(r) => RichText::new(r.code()).strong(),
                None => RichText::new("—").weak(),
            };
            let cell = ui
                .add_sized(size, egui::Button::selectable(selected, grade))
                .on_hover_text(
                    source
                        .reliability
                        .map_or("Not stated: nobody has graded this source", |r| r.meaning()),
                );
            cell.clicked().then(|| Intent::select(&source.id))
        }
        Column::Title => {
            let cell = ui.add_sized(
                size,
                egui::Button::selectable(
                    selected,
                    script::widget_text(ui, &source.title, script::Base::FirstStrong),
                )
                .truncate(),
            );
            // The whole title, which the column may have cut.
            let cell = cell.on_hover_ui(|ui| {
                script::label(ui, &source.title, script::Base::FirstStrong);
            });
            cell.clicked().then(|| Intent::select(&source.id))
        }
        Column::Cited => {
            let cell = ui.add_sized(
                size,
                egui::Label::new(count.to_string()).sense(egui::Sense::hover()),
            );
            if count > 0 {
                cell.on_hover_ui(|ui| cited_for_ui(ui, case, source, count));
            }
            None
        }
        Column::Address => {
            if source.url.is_empty() {
                ui.add_sized(size, egui::Label::new(""));
                return None;
            }
            let cell = ui
                .add_sized(size, egui::Button::new("Open…"))
                .on_hover_text(format!(
                    "Open {} in the system browser, after confirming",
                    source.url
                ));
            cell.clicked().then(|| Intent::OpenUrl(source.url.clone()))
        }
        Column::Publisher => {
            text(ui, &source.publisher);
            None
        }
        Column::Published => {
            text(ui, &date(source.published));
            None
        }
        Column::Accessed => {
            text(ui, &date(source.accessed));
            None
        }
        Column::Kind => {
            text(ui, source.kind.label());
            None
        }
    }
}

/// Where a source is cited: the tooltip of its count.
fn cited_for_ui(ui: &mut Ui, case: &Case, source: &Source, count: usize) {
    ui.label(RichText::new("Cited for").strong());
    for c in case
        .citations
        .iter()
        .filter(|c| c.source == source.id)
        .take(20)
    {
        let grade = crate::tradecraft::AdmiraltyGrade {
            reliability: source.reliability,
            credibility: c.credibility,
        };
        ui.label(format!("{grade} {}", case.display_name(&c.cites)));
    }
    if count > 20 {
        ui.label(format!(
            "… and {} more (select the source to see all)",
            count - 20
        ));
    }
}

/// Opens an http(s) address in the system's browser. The address is checked again here and
/// passed as one argument (never through a shell).
pub fn open_in_browser(url: &str) -> std::io::Result<()> {
    crate::model::validate::check_url(url)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    let mut command = if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("rundll32");
        c.arg("url.dll,FileProtocolHandler");
        c
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::example::example_case;

    #[test]
    fn sorts_by_grade_date_publisher_and_count_both_ways() {
        let case = example_case();
        let mut cited: HashMap<&Id, usize> = HashMap::new();
        for c in &case.citations {
            *cited.entry(&c.source).or_default() += 1;
        }
        let by_grade = sorted_sources(&case, &cited, SortColumn::Grade, false);
        assert!(
            by_grade
                .windows(2)
                .all(|w| grade_order(w[0]) <= grade_order(w[1]))
        );
        let by_grade_down = sorted_sources(&case, &cited, SortColumn::Grade, true);
        assert!(
            by_grade_down
                .windows(2)
                .all(|w| grade_order(w[0]) >= grade_order(w[1]))
        );
        let by_date = sorted_sources(&case, &cited, SortColumn::Published, false);
        assert!(
            by_date
                .windows(2)
                .all(|w| w[0].published.map(|d| d.start()) <= w[1].published.map(|d| d.start()))
        );
        let by_publisher = sorted_sources(&case, &cited, SortColumn::Publisher, false);
        assert!(
            by_publisher
                .windows(2)
                .all(|w| w[0].publisher.to_lowercase() <= w[1].publisher.to_lowercase())
        );
        let by_count = sorted_sources(&case, &cited, SortColumn::Cited, true);
        let count = |s: &Source| cited.get(&s.id).copied().unwrap_or(0);
        assert!(by_count.windows(2).all(|w| count(w[0]) >= count(w[1])));
        assert_eq!(by_grade.len(), case.sources.len());
    }

    #[test]
    fn refuses_to_open_anything_but_http() {
        assert!(open_in_browser("javascript:alert(1)").is_err());
        assert!(open_in_browser("file:///etc/passwd").is_err());
        assert!(open_in_browser("-a https://x").is_err());
    }
}
