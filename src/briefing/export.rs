//! Writing a briefing to disk in one format: the document, and for Markdown the figures beside
//! it. Every file is written atomically, so an export that fails leaves no half-written file.
//! Progress is reported as a fraction and a few words, for the app's progress bar.

use super::{BriefingFormat, BriefingOptions, build, html, markdown, pdf};
use crate::model::Case;
use crate::store::atomic::write_atomically_unless;
use std::path::{Path, PathBuf};

/// Why a briefing could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{}: could not write: {source}", .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
    #[error("a figure could not be rendered as PNG: {0}")]
    Png(#[from] crate::figure::png::PngError),
    /// Cancelled before any file was replaced.
    #[error("the export was cancelled; nothing was written")]
    Cancelled,
}

/// What an export wrote.
#[derive(Clone, Debug, PartialEq)]
pub struct Written {
    /// The document first, then any figures beside it.
    pub files: Vec<PathBuf>,
    pub bytes: u64,
}

fn put(
    path: &Path,
    bytes: &[u8],
    written: &mut Written,
    cancelled: &dyn Fn() -> bool,
) -> Result<(), ExportError> {
    let done =
        write_atomically_unless(path, bytes, cancelled).map_err(|source| ExportError::Io {
            path: path.to_owned(),
            source,
        })?;
    if !done {
        return Err(ExportError::Cancelled);
    }
    written.files.push(path.to_owned());
    written.bytes += bytes.len() as u64;
    Ok(())
}

/// Builds the briefing and writes it to `out` (and, for Markdown, its figures beside it as
/// `<name>-map.svg`, `<name>-map.png` …). `progress` hears how far it has got.
pub fn export(
    case: &Case,
    options: &BriefingOptions,
    format: BriefingFormat,
    out: &Path,
    progress: &mut dyn FnMut(f32, &str),
) -> Result<Written, ExportError> {
    export_unless(case, options, format, out, progress, &|| false)
}

/// As [`export`], unless `cancelled` says so before the document is written: then no file is
/// written (the figures of a Markdown briefing go after its document) and the answer is
/// [`ExportError::Cancelled`].
pub fn export_unless(
    case: &Case,
    options: &BriefingOptions,
    format: BriefingFormat,
    out: &Path,
    progress: &mut dyn FnMut(f32, &str),
    cancelled: &dyn Fn() -> bool,
) -> Result<Written, ExportError> {
    let check = || {
        if cancelled() {
            Err(ExportError::Cancelled)
        } else {
            Ok(())
        }
    };
    progress(0.05, "Drawing the figures and wording the judgments");
    let briefing = build(case, options);
    let mut written = Written {
        files: Vec::new(),
        bytes: 0,
    };
    match format {
        BriefingFormat::Html => {
            check()?;
            progress(0.6, "Writing the HTML");
            put(
                out,
                html::write(&briefing).as_bytes(),
                &mut written,
                cancelled,
            )?;
        }
        BriefingFormat::Markdown => {
            let stem = out
                .file_stem()
                .map_or_else(|| "briefing".into(), |s| s.to_string_lossy().into_owned());
            let folder = out.parent().unwrap_or(Path::new(""));
            check()?;
            progress(0.3, "Rendering the figures");
            let drawn: Vec<_> = [&briefing.map, &briefing.timeline]
                .into_iter()
                .flatten()
                .collect();
            // Rasterising a large map takes seconds: the figures render side by side.
            let pngs: Vec<_> = std::thread::scope(|scope| {
                let workers: Vec<_> = drawn
                    .iter()
                    .map(|figure| {
                        scope.spawn(|| {
                            crate::figure::png::svg_to_png(
                                &figure.svg,
                                2.0,
                                crate::figure::png::BRIEFING_MAX_SIDE_PX,
                            )
                        })
                    })
                    .collect();
                workers
                    .into_iter()
                    .map(|worker| {
                        worker.join().unwrap_or_else(|_| {
                            Err(crate::figure::png::PngError::Encode(
                                "the renderer stopped unexpectedly".into(),
                            ))
                        })
                    })
                    .collect()
            });
            let mut figures = Vec::new();
            let mut extra = Vec::new();
            for (figure, png) in drawn.into_iter().zip(pngs) {
                let files = markdown::FigureFiles {
                    svg: format!("{stem}-{}.svg", figure.name),
                    png: format!("{stem}-{}.png", figure.name),
                };
                extra.push((folder.join(&files.svg), figure.svg.as_bytes().to_vec()));
                extra.push((folder.join(&files.png), png?));
                figures.push((figure.name.clone(), files));
            }
            check()?;
            progress(0.8, "Writing the Markdown and its figures");
            put(
                out,
                markdown::write(&briefing, &figures).as_bytes(),
                &mut written,
                cancelled,
            )?;
            for (path, bytes) in extra {
                put(&path, &bytes, &mut written, &|| false)?;
            }
        }
        BriefingFormat::Pdf => {
            check()?;
            progress(0.3, "Typesetting the PDF");
            let bytes = pdf::write(&briefing, options.at)?;
            progress(0.9, "Writing the PDF");
            put(out, &bytes, &mut written, cancelled)?;
        }
    }
    progress(1.0, "Done");
    Ok(written)
}
