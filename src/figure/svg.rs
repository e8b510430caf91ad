//! Figures written as SVG: self-contained (no scripts, no links, no external resources), every
//! piece of case text escaped, and the same geometry as the screen.

use super::map::{EDGE_LABEL_SIZE, LegendItem, MapFigure, NODE_LABEL_SIZE};
use super::timeline::{MarkerShape, TimelineFigure, calendar_ticks, marker_polygons};
use super::{LineStyle, NodeShape, Rgb, figure_text};
use crate::model::EventKind;
use crate::tradecraft::Tlp;
use std::fmt::Write;

/// The font the figures name; the PNG renderer is given this font, bundled with Casebook.
pub const FONT_FAMILY: &str = "Ubuntu, 'DejaVu Sans', Arial, 'Noto Sans Arabic', sans-serif";

/// Colours of a figure on paper.
const BACKGROUND: Rgb = Rgb(0xff, 0xff, 0xff);
const TEXT: Rgb = Rgb(0x1b, 0x1f, 0x24);
const EDGE: Rgb = Rgb(0x5f, 0x67, 0x70);
const DISPUTED: Rgb = Rgb(0xb0, 0x3a, 0x8c);
const CANDIDATE: Rgb = Rgb(0xc8, 0x6e, 0x00);
const MUTED: Rgb = Rgb(0x6b, 0x72, 0x7a);
/// Width of the legend column, in SVG units.
const LEGEND_WIDTH: f32 = 230.0;

/// Starts an SVG document: size, font, title (for readers and accessibility), white page and a
/// heading at `heading_x`.
fn open_document(
    svg: &mut String,
    width: f32,
    height: f32,
    title: &str,
    heading_x: f32,
    label: Tlp,
) {
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.1} {height:.1}" font-family="{FONT_FAMILY}">"#
    );
    let _ = writeln!(svg, "<title>{}</title>", xml_escape(title));
    let _ = writeln!(
        svg,
        r#"<rect width="100%" height="100%" fill="{}"/>"#,
        BACKGROUND.hex()
    );
    // The heading is cut to the room left of the TLP badge (the whole title is the SVG's
    // <title>), so a narrow figure does not lose the end of it off its edge.
    let room = width - heading_x - 120.0;
    let per_char = super::labels::estimated_width("x", 16.0) * 1.08;
    let fits = ((room / per_char).floor() as usize).max(12);
    let _ = writeln!(
        svg,
        r#"<text x="{heading_x}" y="26" font-size="16" font-weight="bold" fill="{}">{}</text>"#,
        TEXT.hex(),
        xml_escape(&figure_text(title, fits))
    );
    tlp_badge(svg, width, label);
}

/// The figure's TLP label in its top right corner, in the label's colour on black as FIRST
/// prescribes, so a figure cut out of a document still says who may see it.
fn tlp_badge(svg: &mut String, width: f32, label: Tlp) {
    let text = label.code();
    let badge_width = 12.0 + text.len() as f32 * 8.4;
    let x = (width - badge_width - 8.0).max(0.0);
    let colour = label.colour_hex();
    let _ = writeln!(
        svg,
        r##"<g class="tlp"><rect x="{x:.1}" y="8" width="{badge_width:.1}" height="24" rx="3" fill="#000000"/><text x="{:.1}" y="25" font-size="14" font-weight="bold" fill="{colour}">{text}</text></g>"##,
        x + 6.0
    );
}

/// Escapes text for XML content and attribute values.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // XML 1.0 forbids most control characters even as references.
            c if c.is_control() && !matches!(c, '\n' | '\t') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn points(outline: &[[f32; 2]]) -> String {
    let mut s = String::new();
    for (i, p) in outline.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        let _ = write!(s, "{:.1},{:.1}", p[0], p[1]);
    }
    s
}

fn dash_attribute(style: LineStyle, width: f32) -> String {
    match style.dashes() {
        None => String::new(),
        Some(d) => {
            let scaled: Vec<String> = d
                .iter()
                .map(|x| format!("{:.1}", x * width.max(1.0)))
                .collect();
            format!(" stroke-dasharray=\"{}\"", scaled.join(" "))
        }
    }
}

fn edge_colour(style: LineStyle) -> Rgb {
    match style {
        LineStyle::DashDot => DISPUTED,
        LineStyle::Candidate => CANDIDATE,
        _ => EDGE,
    }
}

/// A label of `size` centred on `centre`, on a halo of the page's colour so it reads over
/// lines.
fn centred_label(svg: &mut String, centre: [f32; 2], size: f32, fill: Rgb, text: &str) {
    let _ = writeln!(
        svg,
        r#"<text x="{:.1}" y="{:.1}" font-size="{size}" text-anchor="middle" fill="{}" stroke="{}" stroke-width="3" paint-order="stroke">{}</text>"#,
        centre[0],
        centre[1] + size * 0.35,
        fill.hex(),
        BACKGROUND.hex(),
        xml_escape(text)
    );
}

/// The relationship map as an SVG document, with its legend and a title.
pub fn map_svg(figure: &MapFigure, title: &str, label: Tlp) -> String {
    let (min, max) = figure.bounds();
    let margin = 30.0;
    let header = 40.0;
    let width = (max[0] - min[0]) + 2.0 * margin;
    let legend_height = 24.0 + figure.legend().len() as f32 * 22.0;
    let height = ((max[1] - min[1]) + 2.0 * margin).max(legend_height) + header;
    let (ox, oy) = (margin - min[0], margin + header - min[1]);
    let total_width = width + LEGEND_WIDTH;
    let mut svg = String::with_capacity(4096 + figure.nodes.len() * 400 + figure.edges.len() * 300);
    open_document(&mut svg, total_width, height, title, margin, label);
    let _ = writeln!(svg, r#"<g transform="translate({ox:.1} {oy:.1})">"#);

    let labels = figure.place_labels();
    svg.push_str("<g class=\"relationships\">\n");
    for (i, edge) in figure.edges.iter().enumerate() {
        let curve = figure.curve(edge);
        let colour = edge_colour(edge.style).hex();
        let _ = writeln!(
            svg,
            r#"<path d="M{:.1},{:.1} Q{:.1},{:.1} {:.1},{:.1}" fill="none" stroke="{colour}" stroke-width="{:.1}"{}/>"#,
            curve.start[0],
            curve.start[1],
            curve.control[0],
            curve.control[1],
            curve.end[0],
            curve.end[1],
            edge.width,
            dash_attribute(edge.style, edge.width)
        );
        if edge.directed {
            let _ = writeln!(
                svg,
                r#"<polygon points="{}" fill="{colour}"/>"#,
                points(&curve.arrowhead(7.0 + edge.width * 1.5))
            );
        }
        if let Some(centre) = labels.edges[i] {
            centred_label(&mut svg, centre, EDGE_LABEL_SIZE, MUTED, &edge.label);
        }
    }
    svg.push_str("</g>\n<g class=\"actors\">\n");
    for (node, centre) in figure.nodes.iter().zip(&labels.nodes) {
        let outline = node.shape.outline(node.position, node.radius);
        let _ = writeln!(
            svg,
            r#"<polygon points="{}" fill="{}" stroke="{}" stroke-width="{}"/>"#,
            points(&outline),
            node.fill.hex(),
            TEXT.hex(),
            if node.pinned { 2.5 } else { 1.0 }
        );
        centred_label(&mut svg, *centre, NODE_LABEL_SIZE, TEXT, &node.label);
    }
    svg.push_str("</g>\n</g>\n");

    // The legend, in its own column on the right.
    let lx = width + 10.0;
    let _ = writeln!(
        svg,
        r#"<g class="legend" font-size="11" fill="{}">"#,
        TEXT.hex()
    );
    let _ = writeln!(
        svg,
        r#"<text x="{lx:.1}" y="{:.1}" font-weight="bold">Legend</text>"#,
        header + 10.0
    );
    for (i, item) in figure.legend().iter().enumerate() {
        let y = header + 34.0 + i as f32 * 22.0;
        match item {
            LegendItem::Actor { label, shape, fill } => {
                let outline = shape.outline([lx + 10.0, y - 4.0], 7.0);
                let _ = writeln!(
                    svg,
                    r#"<polygon points="{}" fill="{}" stroke="{}"/>"#,
                    points(&outline),
                    fill.hex(),
                    TEXT.hex()
                );
                let _ = writeln!(
                    svg,
                    r#"<text x="{:.1}" y="{y:.1}">{}</text>"#,
                    lx + 26.0,
                    xml_escape(label)
                );
            }
            LegendItem::Line {
                label,
                style,
                width,
            } => {
                let _ = writeln!(
                    svg,
                    r#"<line x1="{lx:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{}" stroke-width="{width}"{}/>"#,
                    y - 4.0,
                    lx + 20.0,
                    y - 4.0,
                    edge_colour(*style).hex(),
                    dash_attribute(*style, *width)
                );
                let _ = writeln!(
                    svg,
                    r#"<text x="{:.1}" y="{y:.1}">{}</text>"#,
                    lx + 26.0,
                    xml_escape(label)
                );
            }
        }
    }
    svg.push_str("</g>\n</svg>\n");
    svg
}

/// A timeline marker as SVG polygons.
fn marker_svg(svg: &mut String, shape: MarkerShape, x: f32, y: f32, r: f32, fill: Rgb) {
    for polygon in marker_polygons(shape, x, y, r) {
        let _ = writeln!(
            svg,
            r#"<polygon points="{}" fill="{}" stroke="{}" stroke-width="0.5"/>"#,
            points(&polygon),
            fill.hex(),
            TEXT.hex()
        );
    }
}

/// A hollow timeline marker (the lane's actor was the victim): the outline in the colour.
fn hollow_marker_svg(svg: &mut String, shape: MarkerShape, x: f32, y: f32, r: f32, colour: Rgb) {
    for polygon in marker_polygons(shape, x, y, r) {
        let _ = writeln!(
            svg,
            r#"<polygon points="{}" fill="none" stroke="{}" stroke-width="1.8"/>"#,
            points(&polygon),
            colour.hex()
        );
    }
}

/// The timeline as an SVG document: a row per lane, the calendar axis, events as markers (or
/// bars over their span), the legend of event kinds, and a title.
pub fn timeline_svg(figure: &TimelineFigure, title: &str, label: Tlp) -> String {
    const LANE_LABEL_WIDTH: f32 = 190.0;
    const PLOT_WIDTH: f32 = 1000.0;
    const LANE_HEIGHT: f32 = 28.0;
    const HEADER: f32 = 44.0;
    let lanes = figure.lanes.len().max(1) as f32;
    let plot_height = lanes * LANE_HEIGHT;
    let axis_height = 30.0;
    let technical_kinds = if figure.has_technical() {
        crate::model::TechnicalKind::ALL.len()
    } else {
        0
    };
    let legend_rows = (EventKind::ALL.len() + technical_kinds).div_ceil(4) as f32;
    let height = HEADER + plot_height + axis_height + 20.0 + legend_rows * 20.0 + 10.0;
    let width = LANE_LABEL_WIDTH + PLOT_WIDTH + 30.0;
    let (from, until) = match figure.range() {
        Some((a, b)) => {
            let pad = ((b - a) * 0.04).max(1.0);
            (a - pad, b + pad)
        }
        None => (0.0, 1.0),
    };
    let x_of = |d: f64| LANE_LABEL_WIDTH + ((d - from) / (until - from)) as f32 * PLOT_WIDTH;
    let y_of = |lane: usize| HEADER + lane as f32 * LANE_HEIGHT + LANE_HEIGHT / 2.0;

    let mut svg = String::with_capacity(8192 + figure.items.len() * 200);
    open_document(&mut svg, width, height, title, 20.0, label);

    // Lanes, with alternate shading and their names.
    for (lane, name) in figure.lanes.iter().enumerate() {
        let top = HEADER + lane as f32 * LANE_HEIGHT;
        if lane % 2 == 0 {
            let _ = writeln!(
                svg,
                r##"<rect x="{LANE_LABEL_WIDTH}" y="{top:.1}" width="{PLOT_WIDTH}" height="{LANE_HEIGHT}" fill="#f3f4f6"/>"##
            );
        }
        let _ = writeln!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" font-size="11" text-anchor="end" fill="{}">{}</text>"#,
            LANE_LABEL_WIDTH - 8.0,
            top + LANE_HEIGHT / 2.0 + 4.0,
            TEXT.hex(),
            xml_escape(&figure_text(name, 30))
        );
    }
    // Calendar axis with grid lines.
    let axis_y = HEADER + plot_height;
    let (_, ticks) = calendar_ticks(from, until, 10);
    let _ = writeln!(
        svg,
        r#"<line x1="{LANE_LABEL_WIDTH}" y1="{axis_y:.1}" x2="{:.1}" y2="{axis_y:.1}" stroke="{}"/>"#,
        LANE_LABEL_WIDTH + PLOT_WIDTH,
        MUTED.hex()
    );
    for (d, label) in &ticks {
        let x = x_of(*d);
        let _ = writeln!(
            svg,
            r##"<line x1="{x:.1}" y1="{HEADER}" x2="{x:.1}" y2="{:.1}" stroke="#d0d4d9" stroke-width="0.6"/>"##,
            axis_y + 4.0
        );
        let _ = writeln!(
            svg,
            r#"<text x="{x:.1}" y="{:.1}" font-size="10" text-anchor="middle" fill="{}">{}</text>"#,
            axis_y + 17.0,
            MUTED.hex(),
            xml_escape(label)
        );
    }
    // Events: spans as bars, the rest as markers, with a label where there is room.
    for item in &figure.items {
        let (shape, colour) = item.mark.style();
        let y = y_of(item.lane);
        if item.is_span {
            let (x0, x1) = (x_of(item.start), x_of(item.end).max(x_of(item.start) + 2.0));
            let _ = writeln!(
                svg,
                r#"<rect x="{x0:.1}" y="{:.1}" width="{:.1}" height="10" rx="2" fill="{}" fill-opacity="0.55" stroke="{}"/>"#,
                y - 5.0,
                x1 - x0,
                colour.hex(),
                colour.hex()
            );
        } else if item.is_hollow() {
            hollow_marker_svg(&mut svg, shape, x_of(item.centre()), y, 6.0, colour);
        } else {
            marker_svg(&mut svg, shape, x_of(item.centre()), y, 6.0, colour);
        }
    }
    // Labels where there is room: after the item, if the next item of the lane is far enough.
    for lane in 0..figure.lanes.len() {
        let items = figure.lane(lane);
        for (i, item) in items.iter().enumerate() {
            let x = if item.is_span {
                x_of(item.end)
            } else {
                x_of(item.centre()) + 8.0
            };
            let room = items
                .get(i + 1)
                .map_or(LANE_LABEL_WIDTH + PLOT_WIDTH + 30.0, |next| {
                    x_of(next.start)
                })
                - x;
            let fits = (room / 5.5) as usize;
            if fits >= 6 {
                let _ = writeln!(
                    svg,
                    r#"<text x="{:.1}" y="{:.1}" font-size="9" fill="{}">{}</text>"#,
                    x + 3.0,
                    y_of(lane) + 3.0,
                    TEXT.hex(),
                    xml_escape(&figure_text(&item.label, fits.min(60)))
                );
            }
        }
    }
    // Legend of event kinds, and of technical evidence when the figure has some.
    let legend_top = axis_y + axis_height + 14.0;
    let technical: &[crate::model::TechnicalKind] = if figure.has_technical() {
        crate::model::TechnicalKind::ALL
    } else {
        &[]
    };
    let marks: Vec<(super::timeline::Mark, &str)> = (EventKind::ALL.iter())
        .map(|k| (super::timeline::Mark::Event(*k), k.label()))
        .chain(
            technical
                .iter()
                .map(|k| (super::timeline::Mark::Technical(*k), k.label())),
        )
        .collect();
    for (i, (mark, label)) in marks.iter().enumerate() {
        let (shape, colour) = mark.style();
        let (x, y) = (
            LANE_LABEL_WIDTH + (i % 4) as f32 * 200.0,
            legend_top + (i / 4) as f32 * 20.0,
        );
        marker_svg(&mut svg, shape, x, y - 4.0, 6.0, colour);
        let _ = writeln!(
            svg,
            r#"<text x="{:.1}" y="{y:.1}" font-size="11" fill="{}">{}</text>"#,
            x + 12.0,
            TEXT.hex(),
            xml_escape(label)
        );
    }
    let _ = writeln!(
        svg,
        r#"<text x="{LANE_LABEL_WIDTH}" y="{:.1}" font-size="10" fill="{}">Bars: events with a duration, or known only to the month or year, drawn over all the time they can mean. Hollow: the lane's actor was the victim.</text>"#,
        legend_top + legend_rows * 20.0,
        MUTED.hex()
    );
    svg.push_str("</svg>\n");
    svg
}

/// Checks that a shape has an outline (used by tests of every shape).
pub fn outline_is_closed(shape: NodeShape) -> bool {
    shape.outline([0.0, 0.0], 10.0).len() >= 3
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::example::example_case;
    use crate::figure::map::{MapFilter, positions};

    #[test]
    fn a_long_title_is_cut_to_the_figure_not_off_its_edge() {
        let mut case = example_case();
        case.actors.truncate(2);
        case.relationships.clear();
        let title = "A very long case title that goes on and on about the Albanian Parliament attack and then some more words";
        let figure = MapFigure::build(&case, &positions(&case), &MapFilter::default());
        let svg = map_svg(&figure, title, case.tlp);
        let width: f32 = svg
            .split("width=\"")
            .nth(1)
            .and_then(|w| w.split('"').next())
            .and_then(|w| w.parse().ok())
            .unwrap();
        let heading = svg
            .lines()
            .find(|l| l.contains(r#"font-size="16" font-weight="bold""#))
            .unwrap();
        let shown = heading
            .split('>')
            .nth(1)
            .unwrap()
            .trim_end_matches("</text");
        assert!(shown.ends_with('…'), "{shown}");
        let x: f32 = heading
            .split("x=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(
            x + crate::figure::labels::estimated_width(shown, 16.0) <= width - 100.0,
            "the heading runs under the badge or off the figure: {shown}"
        );
        assert!(
            svg.contains(&format!("<title>{title}</title>")),
            "the whole title is kept"
        );
    }

    #[test]
    fn hostile_labels_stay_text() {
        let mut case = example_case();
        case.actors[0].name =
            "<script>alert(1)</script>\u{202E}gpj.exe & <a href='javascript:x'>".into();
        case.title = "</title><script>x</script>".into();
        let figure = MapFigure::build(&case, &positions(&case), &MapFilter::default());
        let svg = map_svg(&figure, &case.title, case.tlp);
        assert!(!svg.contains("<script"));
        assert!(!svg.contains("<a "));
        assert!(
            !svg.contains('\u{202E}'),
            "direction overrides are shown, not applied"
        );
        assert!(resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default()).is_ok());
    }

    #[test]
    fn the_timeline_svg_parses_and_shows_every_lane() {
        use crate::figure::timeline::LaneMode;
        let case = example_case();
        for mode in [LaneMode::ByActor, LaneMode::ByKind] {
            let figure = TimelineFigure::build(&case, mode, None);
            let svg = timeline_svg(&figure, &case.title, case.tlp);
            for lane in &figure.lanes {
                assert!(svg.contains(&xml_escape(&figure_text(lane, 30))), "{lane}");
            }
            assert!(svg.contains("2023"), "the axis is labelled");
            assert!(!svg.contains("<script"));
            assert!(resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default()).is_ok());
        }
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            xml_escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(xml_escape("a\u{1}b"), "a\u{FFFD}b");
    }

    #[test]
    fn the_map_svg_holds_every_label_and_no_active_content() {
        let case = example_case();
        let figure = MapFigure::build(&case, &positions(&case), &MapFilter::default());
        let svg = map_svg(&figure, &case.title, case.tlp);
        for node in &figure.nodes {
            assert!(svg.contains(&xml_escape(&node.label)), "{}", node.label);
        }
        assert!(svg.contains("attributed to") || svg.contains("targets"));
        for banned in ["<script", "href", "onload", "<image", "url("] {
            assert!(!svg.contains(banned), "{banned}");
        }
        // A conforming SVG parser reads it, and finds every label as text.
        let tree = resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default())
            .expect("the SVG parses");
        assert!(tree.size().width() > 100.0);
        assert!(outline_is_closed(NodeShape::Hexagon));
    }
}
