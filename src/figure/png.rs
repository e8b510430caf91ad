//! PNG from SVG, rendered by resvg with the font bundled in Casebook (the same font the app
//! uses on screen), so a figure renders the same on every machine and never looks for fonts
//! or resources on the system or the network.

use std::sync::Arc;

/// The largest PNG side, in pixels; bigger figures are scaled down to fit.
pub const MAX_SIDE_PX: u32 = 8192;

#[derive(Debug, thiserror::Error)]
pub enum PngError {
    #[error("the figure is not valid SVG: {0}")]
    Svg(String),
    #[error("the figure is too large to render")]
    TooLarge,
    #[error("could not encode the PNG: {0}")]
    Encode(String),
}

/// Renders an SVG document to PNG bytes at `scale` (1.0 = one pixel per SVG unit).
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Vec<u8>, PngError> {
    let mut fonts = resvg::usvg::fontdb::Database::new();
    fonts.load_font_data(epaint_default_fonts::UBUNTU_LIGHT.to_vec());
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
    let scale = if largest > MAX_SIDE_PX as f32 {
        scale * MAX_SIDE_PX as f32 / largest
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
        let png = svg_to_png(svg, 1.0).unwrap();
        assert_eq!(&png[1..4], b"PNG");
        let blank = svg_to_png(r#"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="white"/></svg>"#, 1.0).unwrap();
        assert_ne!(png, blank, "the text was drawn");
        assert!(svg_to_png("<svg", 1.0).is_err());
    }
}
