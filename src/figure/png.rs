//! PNG from SVG, rendered by resvg with the font bundled in Casebook (the same font the app
//! uses on screen), so a figure renders the same on every machine and never looks for fonts
//! or resources on the system or the network.

use std::sync::Arc;

/// The largest PNG side, in pixels, of a figure exported on its own; bigger figures are
/// scaled down to fit.
pub const MAX_SIDE_PX: u32 = 8192;
/// The largest side of the PNG written beside a Markdown briefing: a fallback for viewers
/// without SVG, where 8192 pixels would cost seconds to render and tens of megabytes.
pub const BRIEFING_MAX_SIDE_PX: u32 = 4096;

#[derive(Debug, thiserror::Error)]
pub enum PngError {
    #[error("the figure is not valid SVG: {0}")]
    Svg(String),
    #[error("the figure is too large to render")]
    TooLarge,
    #[error("could not encode the PNG: {0}")]
    Encode(String),
}

/// Renders an SVG document to PNG bytes at `scale` (1.0 = one pixel per SVG unit), scaled
/// down if need be so that no side is over `max_side` pixels.
pub fn svg_to_png(svg: &str, scale: f32, max_side: u32) -> Result<Vec<u8>, PngError> {
    let mut fonts = resvg::usvg::fontdb::Database::new();
    fonts.load_font_data(epaint_default_fonts::UBUNTU_LIGHT.to_vec());
    // Text the Ubuntu face lacks (Arabic script) falls back to the bundled Noto Sans Arabic.
    fonts.load_font_data(crate::fonts::ARABIC_REGULAR.to_vec());
    fonts.load_font_data(crate::fonts::ARABIC_BOLD.to_vec());
    let options = resvg::usvg::Options {
        fontdb: Arc::new(fonts),
        font_family: "Ubuntu".to_owned(),
        // No resource outside the document is ever loaded.
        resources_dir: None,
        ..resvg::usvg::Options::default()
    };
    let tree =
        resvg::usvg::Tree::from_str(svg, &options).map_err(|e| PngError::Svg(e.to_string()))?;
    let size = tree.size();
    let largest = size.width().max(size.height()) * scale;
    let scale = if largest > max_side as f32 {
        scale * max_side as f32 / largest
    } else {
        scale
    };
    let width = (size.width() * scale).ceil() as u32;
    let height = (size.height() * scale).ceil() as u32;
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(width.max(1), height.max(1)).ok_or(PngError::TooLarge)?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| PngError::Encode(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_text_with_the_bundled_font() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="white"/><text x="10" y="25" font-family="Ubuntu" font-size="16">Casebook</text></svg>"#;
        let png = svg_to_png(svg, 1.0, MAX_SIDE_PX).unwrap();
        assert_eq!(&png[1..4], b"PNG");
        let blank = svg_to_png(r#"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="white"/></svg>"#, 1.0, MAX_SIDE_PX).unwrap();
        assert_ne!(png, blank, "the text was drawn");
        assert!(svg_to_png("<svg", 1.0, MAX_SIDE_PX).is_err());
    }

    #[test]
    fn arabic_script_is_drawn_with_the_bundled_arabic_font_not_as_missing_glyphs() {
        let text = |t: &str| {
            let svg = format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><rect width="200" height="40" fill="white"/><text x="10" y="25" font-family="Ubuntu" font-size="16">{t}</text></svg>"#
            );
            svg_to_png(&svg, 1.0, MAX_SIDE_PX).unwrap()
        };
        // Missing glyphs all draw as the same box, so a word and its letters reversed would
        // render alike; real glyphs (and their joining) differ.
        assert_ne!(text("عدالت"), text("تلادع"));
    }

    #[test]
    fn scales_a_large_figure_down_to_the_largest_side() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="5000" height="100"><rect width="5000" height="100" fill="white"/></svg>"#;
        let png = svg_to_png(svg, 2.0, 1000).unwrap();
        // The IHDR chunk holds the width and height as big-endian u32 at bytes 16 and 20.
        let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
        assert_eq!((width, height), (1000, 20));
    }
}
