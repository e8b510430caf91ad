//! The timeline as geometry: events placed in lanes (one per actor, or one per event kind) on a
//! calendar axis measured in days since 1970-01-01 UTC; spans for events with a duration or known
//! only to the month or year; calendar ticks that follow the zoom; aggregation of what falls in
//! one pixel column; picking. Drawn by egui_plot on screen and written as SVG for briefings.

use super::{Rgb, figure_text};
use crate::model::{Case, DatePrecision, EventKind, EventRole, Id, TechnicalKind};
use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use std::collections::HashMap;

/// Seconds in a day.
const DAY_SECS: f64 = 86_400.0;

/// Days since 1970-01-01 UTC of an instant.
pub fn days(t: DateTime<Utc>) -> f64 {
    t.timestamp() as f64 / DAY_SECS + f64::from(t.timestamp_subsec_millis()) / 1000.0 / DAY_SECS
}

/// The instant `d` days after 1970-01-01 UTC, if it is a date Casebook handles.
pub fn instant(d: f64) -> Option<DateTime<Utc>> {
    if !d.is_finite() || d.abs() > 3.0e6 {
        return None;
    }
    Utc.timestamp_opt((d * DAY_SECS).floor() as i64, 0).single()
}

/// How the timeline groups events into lanes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LaneMode {
    /// A lane per actor; an event appears in the lane of each actor involved.
    ByActor,
    /// A lane per event kind.
    ByKind,
}

/// How an event kind is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkerShape {
    Circle,
    Diamond,
    Square,
    Up,
    Down,
    Cross,
    Plus,
    Asterisk,
}

/// The marker and colour of an event kind.
pub fn event_style(kind: EventKind) -> (MarkerShape, Rgb) {
    match kind {
        EventKind::Attack => (MarkerShape::Diamond, Rgb(0xd9, 0x53, 0x4f)),
        EventKind::Claim => (MarkerShape::Up, Rgb(0xf0, 0x9a, 0x3e)),
        EventKind::Attribution => (MarkerShape::Square, Rgb(0x42, 0x7f, 0xca)),
        EventKind::Denial => (MarkerShape::Down, Rgb(0xb0, 0x3a, 0x8c)),
        EventKind::Statement => (MarkerShape::Circle, Rgb(0x2a, 0xa1, 0x98)),
        EventKind::Diplomatic => (MarkerShape::Plus, Rgb(0x93, 0x6f, 0xc9)),
        EventKind::LawEnforcement => (MarkerShape::Cross, Rgb(0x5c, 0xb8, 0x5c)),
        EventKind::Other => (MarkerShape::Asterisk, Rgb(0x9a, 0x9a, 0x9a)),
    }
}

/// The marker and colour of technical evidence (on the map too, with the map's shapes):
/// colours of their own, none near the actor or event drawn in the same shape.
pub fn technical_style(kind: TechnicalKind) -> (MarkerShape, Rgb) {
    match kind {
        TechnicalKind::Malware => (MarkerShape::Diamond, Rgb(0x9b, 0x2c, 0x4c)),
        TechnicalKind::Tool => (MarkerShape::Plus, Rgb(0x7a, 0x8b, 0x2e)),
        TechnicalKind::Technique => (MarkerShape::Circle, Rgb(0xa0, 0x84, 0x2a)),
        TechnicalKind::Infrastructure => (MarkerShape::Square, Rgb(0x8c, 0x5a, 0x3c)),
        TechnicalKind::Indicator => (MarkerShape::Cross, Rgb(0xc2, 0x5b, 0x9f)),
        TechnicalKind::Vulnerability => (MarkerShape::Up, Rgb(0x3c, 0x8c, 0x5a)),
    }
}

/// What a timeline item is: an event of a kind, or dated technical evidence of a kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Event(EventKind),
    Technical(TechnicalKind),
}

impl Mark {
    /// Its marker and colour.
    pub fn style(self) -> (MarkerShape, Rgb) {
        match self {
            Mark::Event(kind) => event_style(kind),
            Mark::Technical(kind) => technical_style(kind),
        }
    }
}

/// The lane of dated technical evidence, below the others.
pub const TECHNICAL_LANE: &str = "Technical evidence";
/// The most indicators the timeline draws; past it (a feed of thousands) they are left out and
/// the legend says so, the rest of the technical evidence still drawn.
pub const MAX_INDICATORS_DRAWN: usize = 1000;

/// A marker as convex polygons around `(x, y)` with "radius" `r`: one for the plain shapes, two
/// or three bars for the plus, cross and asterisk. The screen and the SVG draw these same
/// polygons.
pub fn marker_polygons(shape: MarkerShape, x: f32, y: f32, r: f32) -> Vec<Vec<[f32; 2]>> {
    use super::NodeShape;
    let bar = |angle: f32| -> Vec<[f32; 2]> {
        let (s, c) = angle.sin_cos();
        let (w, h) = (r, r * 0.32);
        [[-w, -h], [w, -h], [w, h], [-w, h]]
            .iter()
            .map(|[dx, dy]| [x + dx * c - dy * s, y + dx * s + dy * c])
            .collect()
    };
    use std::f32::consts::{FRAC_PI_2, FRAC_PI_3, FRAC_PI_4};
    match shape {
        MarkerShape::Circle => vec![
            (0..12)
                .map(|i| {
                    let a = i as f32 * std::f32::consts::TAU / 12.0;
                    [x + r * a.cos(), y + r * a.sin()]
                })
                .collect(),
        ],
        MarkerShape::Diamond => vec![NodeShape::Diamond.outline([x, y], r * 0.85)],
        MarkerShape::Square => vec![NodeShape::Square.outline([x, y], r * 0.75)],
        MarkerShape::Up => vec![NodeShape::Triangle.outline([x, y], r * 0.85)],
        MarkerShape::Down => vec![NodeShape::InvertedTriangle.outline([x, y], r * 0.85)],
        MarkerShape::Plus => vec![bar(0.0), bar(FRAC_PI_2)],
        MarkerShape::Cross => vec![bar(FRAC_PI_4), bar(3.0 * FRAC_PI_4)],
        MarkerShape::Asterisk => vec![
            bar(FRAC_PI_2),
            bar(FRAC_PI_2 + FRAC_PI_3),
            bar(FRAC_PI_2 - FRAC_PI_3),
        ],
    }
}

/// One event in one lane.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineItem {
    pub id: Id,
    pub lane: usize,
    /// First day the event can mean, and the day after the last (exclusive), in days.
    pub start: f64,
    pub end: f64,
    /// Drawn as a bar over its whole span: it has an end, or it is known only to the month or
    /// year. Otherwise it is a marker at its middle.
    pub is_span: bool,
    pub mark: Mark,
    pub label: String,
    /// The lane's actor's role in the event (lanes by actor), if the case records one.
    pub role: Option<EventRole>,
}

impl TimelineItem {
    /// Whether the mark is drawn hollow: the lane's actor was the event's victim, so an
    /// attack reads differently in the attacker's lane and in the victim's.
    pub fn is_hollow(&self) -> bool {
        self.role == Some(EventRole::Victim)
    }

    /// Where a marker goes: the middle of the time the event can mean.
    pub fn centre(&self) -> f64 {
        (self.start + self.end) / 2.0
    }
}

/// The timeline of a case as shown.
#[derive(Clone, Debug, Default)]
pub struct TimelineFigure {
    pub lanes: Vec<String>,
    /// Items sorted by lane, then by start.
    pub items: Vec<TimelineItem>,
    /// Where each lane's items begin in `items`.
    lane_starts: Vec<usize>,
    /// The lane of each actor (in actor mode).
    pub actor_lanes: HashMap<Id, usize>,
    /// Dated indicators left out (more than [`MAX_INDICATORS_DRAWN`]).
    pub indicators_left_out: usize,
}

impl TimelineFigure {
    /// The strictest marking of what the figure shows (events, the actors its lanes name,
    /// its title): the label an export of it must carry.
    pub fn strictest_level(&self, case: &Case) -> crate::tradecraft::Tlp {
        let shown = self
            .items
            .iter()
            .map(|i| &i.id)
            .chain(self.actor_lanes.keys());
        super::strictest_level_of(case, shown)
    }

    /// The timeline of `case` in `mode`, keeping only events that overlap `window` (in days)
    /// if one is given.
    pub fn build(case: &Case, mode: LaneMode, window: Option<(f64, f64)>) -> Self {
        let mut figure = TimelineFigure::default();
        match mode {
            LaneMode::ByActor => {
                // Only actors with events get a lane, in case order.
                let mut used: HashMap<&Id, ()> = HashMap::new();
                for e in &case.events {
                    for a in &e.actors {
                        used.insert(a, ());
                    }
                }
                for actor in &case.actors {
                    if used.contains_key(&actor.id) {
                        figure
                            .actor_lanes
                            .insert(actor.id.clone(), figure.lanes.len());
                        figure.lanes.push(figure_text(&actor.name, 40));
                    }
                }
                if case.events.iter().any(|e| e.actors.is_empty()) {
                    figure.lanes.push("(no actor)".to_owned());
                }
            }
            LaneMode::ByKind => {
                figure.lanes = EventKind::ALL
                    .iter()
                    .map(|k| k.label().to_owned())
                    .collect();
            }
        }
        let unassigned = figure.lanes.len().saturating_sub(1);
        for event in &case.events {
            let start = days(event.start.start());
            let end = match event.end {
                Some(end) => days(end.end_exclusive()),
                None => days(event.start.end_exclusive()),
            };
            if let Some((from, until)) = window
                && (end <= from || start >= until)
            {
                continue;
            }
            let is_span = event.end.is_some()
                || matches!(
                    event.start.precision(),
                    DatePrecision::Year | DatePrecision::Month
                );
            let make = |lane: usize, role: Option<EventRole>| TimelineItem {
                id: event.id.clone(),
                lane,
                start,
                end,
                is_span,
                mark: Mark::Event(event.kind),
                // The role goes with the title in the actor's lane: "Raid (victim)".
                label: match role {
                    Some(role) => format!("{} ({})", figure_text(&event.title, 60), role.label()),
                    None => figure_text(&event.title, 60),
                },
                role,
            };
            match mode {
                LaneMode::ByKind => {
                    let lane = EventKind::ALL
                        .iter()
                        .position(|k| *k == event.kind)
                        .unwrap_or(0);
                    figure.items.push(make(lane, None));
                }
                LaneMode::ByActor => {
                    if event.actors.is_empty() {
                        figure.items.push(make(unassigned, None));
                    }
                    for actor in &event.actors {
                        if let Some(&lane) = figure.actor_lanes.get(actor) {
                            figure
                                .items
                                .push(make(lane, event.roles.get(actor).copied()));
                        }
                    }
                }
            }
        }
        figure.add_technical(case, window);
        figure
            .items
            .sort_by(|a, b| a.lane.cmp(&b.lane).then(a.start.total_cmp(&b.start)));
        figure.lane_starts = (0..=figure.lanes.len())
            .map(|lane| figure.items.partition_point(|i| i.lane < lane))
            .collect();
        figure
    }

    /// Dated technical evidence (first and last seen, or validity) in a lane of its own below
    /// the others: a bar from its first to its last date, or a marker on its one date.
    fn add_technical(&mut self, case: &Case, window: Option<(f64, f64)>) {
        let dated = || case.technical.iter().filter(|t| t.valid_from.is_some());
        let indicators = dated()
            .filter(|t| t.kind == TechnicalKind::Indicator)
            .count();
        let draw_indicators = indicators <= MAX_INDICATORS_DRAWN;
        if !draw_indicators {
            self.indicators_left_out = indicators;
        }
        let mut lane = None;
        for t in dated() {
            if t.kind == TechnicalKind::Indicator && !draw_indicators {
                continue;
            }
            let Some(from) = t.valid_from else {
                continue;
            };
            let start = days(from.start());
            let end = days(t.valid_until.unwrap_or(from).end_exclusive());
            if let Some((from, until)) = window
                && (end <= from || start >= until)
            {
                continue;
            }
            let lane = *lane.get_or_insert_with(|| {
                self.lanes.push(TECHNICAL_LANE.to_owned());
                self.lanes.len() - 1
            });
            self.items.push(TimelineItem {
                id: t.id.clone(),
                lane,
                start,
                end,
                is_span: t.valid_until.is_some()
                    || matches!(from.precision(), DatePrecision::Year | DatePrecision::Month),
                mark: Mark::Technical(t.kind),
                label: figure_text(&t.title(), 60),
                role: None,
            });
        }
    }

    /// Whether any technical evidence is drawn.
    pub fn has_technical(&self) -> bool {
        self.items
            .iter()
            .any(|i| matches!(i.mark, Mark::Technical(_)))
    }

    /// The items of one lane, sorted by start.
    pub fn lane(&self, lane: usize) -> &[TimelineItem] {
        match (self.lane_starts.get(lane), self.lane_starts.get(lane + 1)) {
            (Some(&a), Some(&b)) => &self.items[a..b],
            _ => &[],
        }
    }

    /// The earliest start and latest end, in days.
    pub fn range(&self) -> Option<(f64, f64)> {
        let start = self
            .items
            .iter()
            .map(|i| i.start)
            .fold(f64::INFINITY, f64::min);
        let end = self
            .items
            .iter()
            .map(|i| i.end)
            .fold(f64::NEG_INFINITY, f64::max);
        (start.is_finite() && end.is_finite()).then_some((start, end))
    }

    /// The item nearest `(x, lane)` within `tolerance` days, in that lane.
    pub fn pick(&self, x: f64, lane: usize, tolerance: f64) -> Option<&TimelineItem> {
        let items = self.lane(lane);
        // Items are sorted by start; only those starting before x + tolerance can be hit. Spans
        // can start long before x, so look back over spans too.
        let upper = items.partition_point(|i| i.start <= x + tolerance);
        let mut best: Option<(&TimelineItem, f64)> = None;
        for item in items[..upper].iter().rev() {
            let distance = if item.is_span {
                if x >= item.start && x <= item.end {
                    0.0
                } else {
                    (item.start - x).abs().min((item.end - x).abs())
                }
            } else {
                (item.centre() - x).abs()
            };
            if distance <= tolerance && best.is_none_or(|(_, d)| distance < d) {
                best = Some((item, distance));
            }
            // Far enough back that no later item can be nearer (spans are bounded by a year,
            // or by an explicit end checked above).
            if x - item.start > tolerance + 400.0 && best.is_some() {
                break;
            }
        }
        best.map(|(item, _)| item)
    }

    /// What to draw of one lane between `from` and `until` days, with marks `column` days
    /// wide: one mark per column at most, and one bar per distinct extent, each with how many
    /// events it stands for. Spans more than two columns wide are bars; the rest are marks.
    pub fn visible(
        &self,
        lane: usize,
        from: f64,
        until: f64,
        column: f64,
    ) -> Vec<(&TimelineItem, usize)> {
        let column = column.max(1e-9);
        let mut out: Vec<(&TimelineItem, usize)> = Vec::new();
        let mut last_mark: Option<(i64, usize)> = None;
        let mut bars: HashMap<(i64, i64), usize> = HashMap::new();
        for item in self.lane(lane) {
            if item.end < from || item.start > until {
                continue;
            }
            if self.is_bar(item, column) {
                let extent = (
                    (item.start / column).floor() as i64,
                    (item.end / column).ceil() as i64,
                );
                match bars.get(&extent) {
                    Some(&k) => out[k].1 += 1,
                    None => {
                        bars.insert(extent, out.len());
                        out.push((item, 1));
                    }
                }
                continue;
            }
            let at = (item.centre() / column).floor() as i64;
            match last_mark {
                Some((c, k)) if c == at => out[k].1 += 1,
                _ => {
                    last_mark = Some((at, out.len()));
                    out.push((item, 1));
                }
            }
        }
        out
    }

    /// Whether an item is drawn as a bar with marks `column` days wide.
    pub fn is_bar(&self, item: &TimelineItem, column: f64) -> bool {
        item.is_span && (item.end - item.start) > column * 2.0
    }
}

/// The unit of the calendar ticks at some zoom.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TickUnit {
    Years(i32),
    Months(u32),
    Days(u32),
    Hours(u32),
}

/// Calendar ticks for the range `from`–`until` (days) aiming at no more than `max_ticks`: the
/// unit, and each tick's position and label.
pub fn calendar_ticks(from: f64, until: f64, max_ticks: usize) -> (TickUnit, Vec<(f64, String)>) {
    let span = (until - from).max(1e-6);
    let max_ticks = max_ticks.max(2) as f64;
    let candidates = [
        (TickUnit::Hours(1), 1.0 / 24.0),
        (TickUnit::Hours(3), 3.0 / 24.0),
        (TickUnit::Hours(6), 0.25),
        (TickUnit::Hours(12), 0.5),
        (TickUnit::Days(1), 1.0),
        (TickUnit::Days(2), 2.0),
        (TickUnit::Days(7), 7.0),
        (TickUnit::Days(14), 14.0),
        (TickUnit::Months(1), 30.4),
        (TickUnit::Months(3), 91.3),
        (TickUnit::Months(6), 182.6),
        (TickUnit::Years(1), 365.25),
        (TickUnit::Years(2), 730.5),
        (TickUnit::Years(5), 1826.0),
        (TickUnit::Years(10), 3652.5),
        (TickUnit::Years(25), 9131.0),
        (TickUnit::Years(50), 18262.0),
        (TickUnit::Years(100), 36525.0),
    ];
    let unit = candidates
        .iter()
        .find(|(_, step)| span / step <= max_ticks)
        .map_or(TickUnit::Years(100), |(u, _)| *u);
    let (Some(start), Some(end)) = (instant(from), instant(until)) else {
        return (unit, vec![]);
    };
    let mut ticks = Vec::new();
    match unit {
        TickUnit::Years(n) => {
            let n = n.max(1);
            let mut y = start.year().div_euclid(n) * n;
            while y <= end.year() && ticks.len() < 1000 {
                if let Some(d) = NaiveDate::from_ymd_opt(y, 1, 1) {
                    let x =
                        days(Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default()));
                    if x >= from && x <= until {
                        ticks.push((x, y.to_string()));
                    }
                }
                y += n;
            }
        }
        TickUnit::Months(n) => {
            let n = n.max(1) as i32;
            let mut index = start.year() * 12 + (start.month0() as i32 / n) * n;
            while index <= end.year() * 12 + end.month0() as i32 && ticks.len() < 1000 {
                let (y, m) = (index.div_euclid(12), index.rem_euclid(12) as u32 + 1);
                if let Some(d) = NaiveDate::from_ymd_opt(y, m, 1) {
                    let x =
                        days(Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default()));
                    if x >= from && x <= until {
                        let label = if m == 1 {
                            d.format("%b %Y").to_string()
                        } else {
                            d.format("%b").to_string()
                        };
                        ticks.push((x, label));
                    }
                }
                index += n;
            }
        }
        TickUnit::Days(n) => {
            let step = f64::from(n.max(1));
            let mut x = (from / step).floor() * step;
            while x <= until && ticks.len() < 1000 {
                if x >= from
                    && let Some(t) = instant(x)
                {
                    ticks.push((x, t.format("%d %b %Y").to_string()));
                }
                x += step;
            }
        }
        TickUnit::Hours(n) => {
            let step = f64::from(n.max(1)) / 24.0;
            let mut x = (from / step).floor() * step;
            while x <= until && ticks.len() < 1000 {
                if x >= from
                    && let Some(t) = instant(x)
                {
                    let label = if t.format("%H:%M").to_string() == "00:00" {
                        t.format("%d %b %H:%M").to_string()
                    } else {
                        t.format("%H:%M").to_string()
                    };
                    ticks.push((x, label));
                }
                x += step;
            }
        }
    }
    (unit, ticks)
}

/// The exact date under the pointer, as the hover readout shows it.
/// The date at `d`, to the precision the zoom can show: `days_per_pixel` is how much time one
/// screen point spans (minutes at a 12-year zoom would be noise).
pub fn readout(d: f64, days_per_pixel: f64) -> String {
    let format = if days_per_pixel < 1.0 / 24.0 {
        "%a %d %b %Y %H:%M UTC"
    } else if days_per_pixel < 2.0 {
        "%a %d %b %Y"
    } else if days_per_pixel < 20.0 {
        "%b %Y"
    } else {
        "%Y"
    };
    instant(d).map_or_else(String::new, |t| t.format(format).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::example::example_case;

    fn day(text: &str) -> f64 {
        days(text.parse::<crate::model::PartialDate>().unwrap().start())
    }

    #[test]
    fn the_readout_shows_what_the_zoom_can_tell() {
        let d = day("2023-12-25");
        assert_eq!(readout(d, 0.001), "Mon 25 Dec 2023 00:00 UTC");
        assert_eq!(readout(d, 0.5), "Mon 25 Dec 2023");
        assert_eq!(readout(d, 5.0), "Dec 2023");
        assert_eq!(readout(d, 12.0 * 365.0 / 600.0), "Dec 2023");
        assert_eq!(readout(d, 40.0), "2023");
    }

    #[test]
    fn ticks_follow_the_zoom() {
        let (unit, ticks) = calendar_ticks(day("2000"), day("2024"), 12);
        assert!(matches!(unit, TickUnit::Years(2 | 5)), "{unit:?}");
        assert!(ticks.iter().any(|(_, l)| l == "2010"));
        let (unit, ticks) = calendar_ticks(day("2023-01"), day("2024-01"), 14);
        assert_eq!(unit, TickUnit::Months(1));
        assert_eq!(ticks.first().map(|t| t.1.as_str()), Some("Jan 2023"));
        assert!(ticks.iter().any(|(_, l)| l == "Jul"));
        let (unit, ticks) = calendar_ticks(day("2023-12-20"), day("2023-12-31"), 12);
        assert_eq!(unit, TickUnit::Days(1));
        assert!(ticks.iter().any(|(_, l)| l == "25 Dec 2023"));
        let (unit, ticks) = calendar_ticks(day("2023-12-25"), day("2023-12-25") + 0.5, 12);
        assert!(matches!(unit, TickUnit::Hours(1)), "{unit:?}");
        assert!(ticks.iter().any(|(_, l)| l == "06:00"));
        for (from, until) in [(f64::NAN, 1.0), (0.0, 1.0e9), (5.0, 5.0)] {
            let _ = calendar_ticks(from, until, 10);
        }
    }

    #[test]
    fn imprecise_dates_are_spans_over_what_they_can_mean() {
        let fig = TimelineFigure::build(&example_case(), LaneMode::ByKind, None);
        let july = fig
            .items
            .iter()
            .find(|i| i.id.as_str() == "event--july-2022-attack")
            .unwrap();
        assert!(july.is_span);
        assert_eq!(july.start, day("2022-07"));
        assert_eq!(july.end, day("2022-08"));
        let shelter = fig
            .items
            .iter()
            .find(|i| i.id.as_str() == "event--mek-exiles-sheltered")
            .unwrap();
        assert_eq!((shelter.start, shelter.end), (day("2013"), day("2014")));
        let attack = fig
            .items
            .iter()
            .find(|i| i.id.as_str() == "event--parliament-attack")
            .unwrap();
        assert!(!attack.is_span, "a day-precise event is a marker");
        assert_eq!(
            attack.centre(),
            day("2023-12-25") + 0.5,
            "in the middle of its day"
        );
    }

    #[test]
    fn lanes_by_actor_hold_each_involved_actor() {
        let case = example_case();
        let fig = TimelineFigure::build(&case, LaneMode::ByActor, None);
        let albania = fig.actor_lanes[&Id::new("actor--albania")];
        let in_albania: Vec<&str> = fig.lane(albania).iter().map(|i| i.id.as_str()).collect();
        assert!(in_albania.contains(&"event--diplomatic-break"));
        assert!(in_albania.contains(&"event--mek-camp-raid"));
        let iran = fig.actor_lanes[&Id::new("actor--iran")];
        assert!(
            fig.lane(iran)
                .iter()
                .any(|i| i.id.as_str() == "event--diplomatic-break"),
            "one event, two lanes"
        );
        let involvements: usize = case.events.iter().map(|e| e.actors.len().max(1)).sum();
        assert_eq!(fig.items.len(), involvements);
        assert!(
            fig.items
                .windows(2)
                .all(|w| (w[0].lane, w[0].start) <= (w[1].lane, w[1].start))
        );
    }

    #[test]
    fn a_window_keeps_only_overlapping_events() {
        let fig = TimelineFigure::build(
            &example_case(),
            LaneMode::ByKind,
            Some((day("2023-06-15"), day("2023-12-26"))),
        );
        let ids: Vec<&str> = fig.items.iter().map(|i| i.id.as_str()).collect();
        assert!(ids.contains(&"event--mek-camp-raid"), "June 2023 overlaps");
        assert!(ids.contains(&"event--parliament-attack"));
        assert!(
            !ids.contains(&"event--parliament-statement"),
            "26 Dec starts at the window's end"
        );
        assert!(!ids.contains(&"event--july-2022-attack"));
    }

    #[test]
    fn dated_technical_evidence_has_a_lane_of_its_own_and_a_feed_of_indicators_is_left_out() {
        use crate::model::{Technical, TechnicalKind};
        let mut case = example_case();
        let mut c2 = Technical::new(
            Id::new("technical--c2"),
            TechnicalKind::Infrastructure,
            "c2.example.net",
        );
        c2.valid_from = "2022-06-01".parse().ok();
        c2.valid_until = "2022-09".parse().ok();
        let undated = Technical::new(
            Id::new("technical--undated"),
            TechnicalKind::Technique,
            "Web Shell",
        );
        case.technical = vec![c2, undated];
        for mode in [LaneMode::ByKind, LaneMode::ByActor] {
            let fig = TimelineFigure::build(&case, mode, None);
            assert_eq!(fig.lanes.last().map(String::as_str), Some(TECHNICAL_LANE));
            let lane = fig.lane(fig.lanes.len() - 1);
            assert_eq!(lane.len(), 1, "the undated technique is not drawn");
            assert!(lane[0].is_span);
            assert_eq!(lane[0].mark, Mark::Technical(TechnicalKind::Infrastructure));
            assert_eq!(
                (lane[0].start, lane[0].end),
                (day("2022-06-01"), day("2022-10-01"))
            );
        }
        // Outside the window: no lane.
        let fig = TimelineFigure::build(
            &case,
            LaneMode::ByKind,
            Some((day("2023-01-01"), day("2024-01-01"))),
        );
        assert!(!fig.lanes.iter().any(|l| l == TECHNICAL_LANE));
        // More dated indicators than are drawn: left out and counted, the rest still drawn.
        for i in 0..=MAX_INDICATORS_DRAWN {
            let mut ioc = Technical::new(
                Id::new(format!("technical--ioc-{i}")),
                TechnicalKind::Indicator,
                format!("ioc {i}"),
            );
            ioc.pattern = "[ipv4-addr:value = '10.0.0.1']".into();
            ioc.valid_from = "2022-07".parse().ok();
            case.technical.push(ioc);
        }
        let fig = TimelineFigure::build(&case, LaneMode::ByKind, None);
        assert_eq!(fig.indicators_left_out, MAX_INDICATORS_DRAWN + 1);
        assert_eq!(fig.lane(fig.lanes.len() - 1).len(), 1);
        let svg = crate::figure::svg::timeline_svg(&fig, "t", crate::tradecraft::Tlp::Clear);
        assert!(
            svg.contains(">infrastructure</text>"),
            "the legend names it"
        );
    }

    #[test]
    fn picking_finds_the_nearest_event_in_a_lane() {
        let fig = TimelineFigure::build(&example_case(), LaneMode::ByKind, None);
        let attack_lane = EventKind::ALL
            .iter()
            .position(|k| *k == EventKind::Attack)
            .unwrap();
        let hit = fig.pick(day("2023-12-25") + 0.6, attack_lane, 2.0).unwrap();
        assert!(
            hit.id.as_str() == "event--parliament-attack"
                || hit.id.as_str() == "event--telecom-airline-attacks"
        );
        assert_eq!(
            fig.pick(day("2022-07-15"), attack_lane, 1.0)
                .unwrap()
                .id
                .as_str(),
            "event--july-2022-attack"
        );
        assert!(fig.pick(day("2019"), attack_lane, 5.0).is_none());
    }

    #[test]
    fn a_pixel_column_draws_one_mark() {
        let mut case = example_case();
        let template = case.events[7].clone();
        for i in 0..1000 {
            let mut e = template.clone();
            e.id = Id::new(format!("event--copy{i}"));
            case.events.push(e);
        }
        let fig = TimelineFigure::build(&case, LaneMode::ByKind, None);
        let lane = EventKind::ALL
            .iter()
            .position(|k| *k == EventKind::Attack)
            .unwrap();
        let drawn = fig.visible(lane, day("2022"), day("2024"), 1.0);
        let total: usize = drawn.iter().map(|(_, n)| n).sum();
        assert_eq!(total, fig.lane(lane).len());
        assert!(
            drawn.len() <= 4,
            "{} marks for 1000 events on one day",
            drawn.len()
        );
    }
}
