//! The geometry of the case's figures as plain data: where each shape goes, its form, colour,
//! line style and label. The app draws it with egui; exports write the same data as SVG (and
//! PNG rendered from that SVG), so a figure in a briefing looks like the screen.
//!
//! Nothing here imports egui.

pub mod file;
pub mod labels;
pub mod map;
pub mod png;
pub mod svg;
pub mod timeline;

use crate::model::{ActorKind, RelationshipKind};
use crate::tradecraft::Confidence;

/// A colour, 8 bits per channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// The outline of a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NodeShape {
    Circle,
    Square,
    RoundedSquare,
    Diamond,
    Hexagon,
    Triangle,
    InvertedTriangle,
}

impl NodeShape {
    /// The outline as a closed polygon around `centre` with "radius" `r` (circles as 24 sides).
    pub fn outline(self, centre: [f32; 2], r: f32) -> Vec<[f32; 2]> {
        let [x, y] = centre;
        let polygon = |sides: usize, start: f32, scale: f32| -> Vec<[f32; 2]> {
            (0..sides)
                .map(|i| {
                    let a = start + i as f32 * std::f32::consts::TAU / sides as f32;
                    [x + r * scale * a.cos(), y + r * scale * a.sin()]
                })
                .collect()
        };
        use std::f32::consts::{FRAC_PI_2, FRAC_PI_4};
        match self {
            NodeShape::Circle | NodeShape::RoundedSquare => {
                if self == NodeShape::Circle {
                    polygon(24, 0.0, 1.0)
                } else {
                    // A square with cut corners reads as rounded at map sizes.
                    let (s, c) = (r * 0.9, r * 0.35);
                    vec![
                        [x - s + c, y - s],
                        [x + s - c, y - s],
                        [x + s, y - s + c],
                        [x + s, y + s - c],
                        [x + s - c, y + s],
                        [x - s + c, y + s],
                        [x - s, y + s - c],
                        [x - s, y - s + c],
                    ]
                }
            }
            NodeShape::Square => polygon(4, FRAC_PI_4, 1.2),
            NodeShape::Diamond => polygon(4, 0.0, 1.25),
            NodeShape::Hexagon => polygon(6, 0.0, 1.1),
            NodeShape::Triangle => polygon(3, -FRAC_PI_2, 1.3),
            NodeShape::InvertedTriangle => polygon(3, FRAC_PI_2, 1.3),
        }
    }
}

/// How a line is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LineStyle {
    Solid,
    Dashed,
    Dotted,
    /// Long dash and dot: a link that a party disputes or denies.
    DashDot,
    /// Long dashes: a candidate attribution, a hypothesis of an analysis of competing
    /// hypotheses rather than a relationship the case asserts.
    Candidate,
}

impl LineStyle {
    /// Dash pattern in units of the line width, or `None` for a solid line.
    pub fn dashes(self) -> Option<&'static [f32]> {
        match self {
            LineStyle::Solid => None,
            LineStyle::Dashed => Some(&[6.0, 4.0]),
            LineStyle::Dotted => Some(&[1.5, 3.0]),
            LineStyle::DashDot => Some(&[9.0, 3.0, 2.0, 3.0]),
            LineStyle::Candidate => Some(&[12.0, 6.0]),
        }
    }
}

/// Shape and colour of an actor kind.
pub fn actor_style(kind: ActorKind) -> (NodeShape, Rgb) {
    match kind {
        ActorKind::ThreatGroup => (NodeShape::Hexagon, Rgb(0xd9, 0x53, 0x4f)),
        ActorKind::Persona => (NodeShape::Triangle, Rgb(0xf0, 0x9a, 0x3e)),
        ActorKind::State => (NodeShape::Square, Rgb(0x42, 0x7f, 0xca)),
        ActorKind::Agency => (NodeShape::Diamond, Rgb(0x93, 0x6f, 0xc9)),
        ActorKind::Organisation => (NodeShape::RoundedSquare, Rgb(0x2a, 0xa1, 0x98)),
        ActorKind::Person => (NodeShape::Circle, Rgb(0x5c, 0xb8, 0x5c)),
        ActorKind::Sector => (NodeShape::InvertedTriangle, Rgb(0x9a, 0x9a, 0x9a)),
    }
}

/// The node shape and colour of technical evidence on the map: smaller than actors, in muted
/// colours, the same colour as its timeline marker.
pub fn technical_style(kind: crate::model::TechnicalKind) -> (NodeShape, Rgb) {
    use crate::model::TechnicalKind as K;
    let (_, colour) = timeline::technical_style(kind);
    let shape = match kind {
        K::Malware => NodeShape::Diamond,
        K::Tool => NodeShape::RoundedSquare,
        K::Technique => NodeShape::Circle,
        K::Infrastructure => NodeShape::Square,
        K::Indicator => NodeShape::InvertedTriangle,
        K::Vulnerability => NodeShape::Triangle,
    };
    (shape, colour)
}

/// The line style of a relationship: solid, dashed, dotted for high, moderate, low confidence;
/// dash-dot when disputed or denied, or when it is itself a denial.
pub fn relationship_line(
    kind: RelationshipKind,
    confidence: Confidence,
    disputed: bool,
) -> LineStyle {
    if disputed || kind == RelationshipKind::Denies {
        return LineStyle::DashDot;
    }
    match confidence {
        Confidence::High => LineStyle::Solid,
        Confidence::Moderate => LineStyle::Dashed,
        Confidence::Low => LineStyle::Dotted,
    }
}

/// Text for a figure: control characters and characters that reorder or hide text (bidi
/// overrides, zero-width marks) are shown as a visible replacement character, so a label cannot
/// disguise itself; long text is cut with an ellipsis.
pub fn figure_text(text: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max_chars * 4));
    for (count, c) in text.chars().enumerate() {
        if count == max_chars {
            out.push('…');
            break;
        }
        out.push(if crate::text::is_hidden_or_reordering(c) {
            '\u{FFFD}'
        } else {
            c
        });
    }
    out
}

/// The strictest marking among the case's title and the objects given (with their fields).
pub fn strictest_level_of<'a>(
    case: &crate::model::Case,
    shown: impl Iterator<Item = &'a crate::model::Id>,
) -> crate::tradecraft::Tlp {
    // One index, not a search of the whole case per object: a figure may show 100k of them.
    let markings: std::collections::HashMap<_, _> = case.markings().collect();
    let title = case.own_field_level("title");
    shown
        .filter_map(|id| markings.get(id).map(|m| m.strictest(case.tlp)))
        .fold(title, crate::tradecraft::Tlp::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_actor_kind_looks_different() {
        let styles: std::collections::HashSet<_> =
            ActorKind::ALL.iter().map(|k| actor_style(*k)).collect();
        assert_eq!(styles.len(), ActorKind::ALL.len());
        let shapes: std::collections::HashSet<_> =
            ActorKind::ALL.iter().map(|k| actor_style(*k).0).collect();
        assert_eq!(
            shapes.len(),
            ActorKind::ALL.len(),
            "shape alone tells the kind (for colour-blind readers)"
        );
    }

    #[test]
    fn line_style_follows_confidence_and_dispute() {
        use RelationshipKind::Supports;
        assert_eq!(
            relationship_line(Supports, Confidence::High, false),
            LineStyle::Solid
        );
        assert_eq!(
            relationship_line(Supports, Confidence::Moderate, false),
            LineStyle::Dashed
        );
        assert_eq!(
            relationship_line(Supports, Confidence::Low, false),
            LineStyle::Dotted
        );
        assert_eq!(
            relationship_line(Supports, Confidence::High, true),
            LineStyle::DashDot
        );
        assert_eq!(
            relationship_line(RelationshipKind::Denies, Confidence::High, false),
            LineStyle::DashDot
        );
    }

    #[test]
    fn hidden_and_reordering_characters_are_shown() {
        assert_eq!(
            figure_text("evil\u{202E}txt.exe", 50),
            "evil\u{FFFD}txt.exe"
        );
        assert_eq!(figure_text("a\u{0}b\nc", 50), "a\u{FFFD}b\u{FFFD}c");
        assert_eq!(
            figure_text("Kuvendi i Shqipërisë", 50),
            "Kuvendi i Shqipërisë"
        );
        assert_eq!(figure_text("abcdef", 3), "abc…");
    }
}
