//! Figures written to files: the map and the timeline of what may be shared at a label, as SVG
//! or PNG (by the file's extension), atomically. The command line and the app's export both
//! write figures through here.

use super::map::{MapFigure, MapFilter, positions};
use super::svg::{map_svg, timeline_svg};
use super::timeline::{LaneMode, TimelineFigure};
use crate::model::{Case, Withheld, shareable_at};
use crate::tradecraft::Tlp;
use std::path::{Path, PathBuf};

/// Why a figure could not be written.
#[derive(Debug, thiserror::Error)]
pub enum FigureFileError {
    #[error("{}: a figure is written as .svg or .png", .0.display())]
    UnknownFormat(PathBuf),
    #[error("{}: {source}", .path.display())]
    Png {
        path: PathBuf,
        source: super::png::PngError,
    },
    #[error("could not write {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The figure formats, chosen by the output file's extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FigureFormat {
    Svg,
    Png,
}

impl FigureFormat {
    pub fn of(path: &Path) -> Result<Self, FigureFileError> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("svg") => Ok(FigureFormat::Svg),
            Some("png") => Ok(FigureFormat::Png),
            _ => Err(FigureFileError::UnknownFormat(path.to_owned())),
        }
    }
}

/// Writes a figure, given as SVG, to `out` as SVG or PNG (by its extension), atomically.
pub fn write_figure(svg: &str, out: &Path) -> Result<(), FigureFileError> {
    write_figure_unless(svg, out, &|| false).map(|_| ())
}

/// As [`write_figure`], unless `cancelled` says so before the file is replaced (rasterising a
/// large map takes seconds): then nothing is written and the answer is `Ok(false)`.
pub fn write_figure_unless(
    svg: &str,
    out: &Path,
    cancelled: &dyn Fn() -> bool,
) -> Result<bool, FigureFileError> {
    let bytes =
        match FigureFormat::of(out)? {
            FigureFormat::Svg => svg.as_bytes().to_vec(),
            FigureFormat::Png => super::png::svg_to_png(svg, 2.0, super::png::MAX_SIDE_PX)
                .map_err(|source| FigureFileError::Png {
                    path: out.to_owned(),
                    source,
                })?,
        };
    crate::store::atomic::write_atomically_unless(out, &bytes, cancelled).map_err(|source| {
        FigureFileError::Io {
            path: out.to_owned(),
            source,
        }
    })
}

/// Writes the relationship map of what may be shared at `label` to `out`, and gives back what
/// was left out.
pub fn write_map(case: &Case, label: Tlp, out: &Path) -> Result<Vec<Withheld>, FigureFileError> {
    FigureFormat::of(out)?;
    let shareable = shareable_at(case, label);
    let case = &shareable.case;
    let figure = MapFigure::build(case, &positions(case), &MapFilter::default());
    write_figure(&map_svg(&figure, &case.title, label), out)?;
    Ok(shareable.withheld)
}

/// Writes the timeline of what may be shared at `label` to `out`, and gives back what was left
/// out.
pub fn write_timeline(
    case: &Case,
    label: Tlp,
    lanes: LaneMode,
    out: &Path,
) -> Result<Vec<Withheld>, FigureFileError> {
    FigureFormat::of(out)?;
    let shareable = shareable_at(case, label);
    let case = &shareable.case;
    let figure = TimelineFigure::build(case, lanes, None);
    write_figure(&timeline_svg(&figure, &case.title, label), out)?;
    Ok(shareable.withheld)
}
