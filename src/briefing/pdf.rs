//! The briefing as PDF, typeset by Typst used as a library.
//!
//! The layout is Casebook's own template (`briefing.typ`, compiled into the binary). The case
//! never becomes Typst markup: the briefing goes in as a JSON file the template reads, and the
//! figures as SVG files, so text in the case is only ever shown, never evaluated. The Typst
//! world here has no file system, no packages and no network: it knows the template, the data,
//! the figures and the fonts bundled in the binary (Libertinus Serif, DejaVu Sans Mono, the
//! Ubuntu face the app draws with, and Noto Sans Arabic for Arabic script), so a briefing
//! typesets the same on every machine. The PDF
//! has no links, scripts or actions: source addresses are printed as text.

use super::Briefing;
use chrono::{DateTime, Datelike, Timelike, Utc};
use std::sync::OnceLock;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

const TEMPLATE: &str = include_str!("briefing.typ");

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the briefing could not be typeset: {0}")]
    Typeset(String),
    #[error("the briefing could not be written as PDF: {0}")]
    Write(String),
}

/// The bundled fonts, loaded once.
fn fonts() -> &'static (LazyHash<FontBook>, Vec<Font>) {
    static FONTS: OnceLock<(LazyHash<FontBook>, Vec<Font>)> = OnceLock::new();
    FONTS.get_or_init(|| {
        let mut fonts: Vec<Font> = typst_assets::fonts()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        fonts.extend(Font::iter(Bytes::new(epaint_default_fonts::UBUNTU_LIGHT)));
        for arabic in [crate::fonts::ARABIC_REGULAR, crate::fonts::ARABIC_BOLD] {
            fonts.extend(Font::iter(Bytes::new(arabic)));
        }
        (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
    })
}

fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::builder().build()))
}

fn file_id(path: &str) -> FileId {
    // The paths are ours and valid.
    let vpath = VirtualPath::new(path).unwrap_or_else(|_| unreachable!("{path} is a valid path"));
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// A closed world: the template, the briefing as JSON, the figures, the bundled fonts.
struct BriefingWorld {
    main: FileId,
    source: Source,
    files: Vec<(FileId, Bytes)>,
    today: DateTime<Utc>,
}

impl World for BriefingWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().0
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main {
            Ok(self.source.clone())
        } else {
            Err(FileError::NotSource)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files
            .iter()
            .find(|(file, _)| *file == id)
            .map(|(_, bytes)| bytes.clone())
            .ok_or_else(|| FileError::NotFound(id.vpath().get_with_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().1.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        let day = self.today;
        Datetime::from_ymd(day.year(), day.month() as u8, day.day() as u8)
    }
}

/// Typesets the briefing and returns the PDF's bytes.
pub fn write(b: &Briefing, at: DateTime<Utc>) -> Result<Vec<u8>, PdfError> {
    let data = serde_json::to_vec(b).map_err(|e| PdfError::Typeset(e.to_string()))?;
    let main = file_id("/briefing.typ");
    let mut files = vec![(file_id("/briefing.json"), Bytes::new(data))];
    for figure in [&b.map, &b.timeline].into_iter().flatten() {
        files.push((
            file_id(&format!("/{}.svg", figure.name)),
            Bytes::new(figure.svg.clone().into_bytes()),
        ));
    }
    let world = BriefingWorld {
        main,
        source: Source::new(main, TEMPLATE.to_owned()),
        files,
        today: at,
    };
    let document: PagedDocument = typst::compile(&world).output.map_err(|errors| {
        PdfError::Typeset(
            errors
                .iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    let timestamp = Datetime::from_ymd_hms(
        at.year(),
        at.month() as u8,
        at.day() as u8,
        at.hour() as u8,
        at.minute() as u8,
        at.second() as u8,
    )
    .map(typst_pdf::Timestamp::new_utc);
    let options = typst_pdf::PdfOptions {
        ident: typst::foundations::Smart::Custom(format!("casebook briefing {}", b.title)),
        creator: typst::foundations::Smart::Custom(Some(format!(
            "Casebook {}",
            env!("CARGO_PKG_VERSION")
        ))),
        timestamp,
        ..Default::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|errors| {
        PdfError::Write(
            errors
                .iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })
}
