//! Briefings: the case written up for a decision-maker, as HTML, Markdown or PDF.
//!
//! [`build`] turns a case and the analyst's choices ([`BriefingOptions`]) into a [`Briefing`]:
//! plain data holding every sentence, table row and figure of the document, with all case text
//! already made inert (hidden and direction-changing characters shown as `[U+202E]`). The three
//! writers ([`html`], [`markdown`], [`pdf`]) only lay that data out and escape it for their
//! format; none of them reads the case, so all three say the same thing.

mod build;
mod changes;
mod export;
pub mod html;
pub mod markdown;
pub mod pdf;
mod text;

pub use build::{build, is_linkable};
pub use changes::record_of;
pub use export::{ExportError, Written, export, export_unless};
pub use text::{human_date, inert};

use crate::model::{Case, Id, JudgmentStatus};
use crate::tradecraft::Tlp;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// The formats a briefing is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BriefingFormat {
    Html,
    Markdown,
    Pdf,
}

impl BriefingFormat {
    pub const ALL: [BriefingFormat; 3] = [
        BriefingFormat::Html,
        BriefingFormat::Markdown,
        BriefingFormat::Pdf,
    ];

    /// The word used on the command line and in briefing records.
    pub fn code(self) -> &'static str {
        match self {
            BriefingFormat::Html => "html",
            BriefingFormat::Markdown => "markdown",
            BriefingFormat::Pdf => "pdf",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            BriefingFormat::Html => "HTML (one self-contained file)",
            BriefingFormat::Markdown => "Markdown (with the figures beside it)",
            BriefingFormat::Pdf => "PDF",
        }
    }

    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            BriefingFormat::Html => "html",
            BriefingFormat::Markdown => "md",
            BriefingFormat::Pdf => "pdf",
        }
    }
}

/// The parts of a briefing after the bottom line up front, which is always there. On the
/// command line (`--leave-out`) they are named in lower case: `claims`, `chain`, `map` ….
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, clap::ValueEnum)]
pub enum Section {
    Claims,
    Chain,
    Map,
    Timeline,
    Actors,
    Evidence,
    Ach,
    Sources,
    Methodology,
    Changes,
    /// Who else works this way: the known groups ranked against what the judgments' events
    /// saw. Only where the analyst asks for it (not among the sections chosen by default).
    Overlap,
}

impl Section {
    pub const ALL: [Section; 11] = [
        Section::Claims,
        Section::Chain,
        Section::Map,
        Section::Timeline,
        Section::Actors,
        Section::Evidence,
        Section::Ach,
        Section::Sources,
        Section::Methodology,
        Section::Changes,
        Section::Overlap,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Section::Claims => "Claims by other parties",
            Section::Chain => "Attribution chain",
            Section::Map => "Relationship map",
            Section::Timeline => "Timeline",
            Section::Actors => "Actors involved",
            Section::Evidence => "Evidence for each judgment",
            Section::Ach => "Competing hypotheses (ACH)",
            Section::Sources => "Sources",
            Section::Methodology => "Methodology and scales",
            Section::Changes => "Changes since the last briefing",
            Section::Overlap => "Who else works this way (known groups)",
        }
    }
}

/// What the analyst chose to put in a briefing.
#[derive(Clone, Debug, PartialEq)]
pub struct BriefingOptions {
    pub title: String,
    pub tlp: Tlp,
    pub sections: std::collections::BTreeSet<Section>,
    /// The judgments (the analyst's own and recorded claims) that go in, in case order.
    pub judgments: Vec<Id>,
    /// When the briefing is made: its date, and what "since the last briefing" is measured to.
    pub at: DateTime<Utc>,
    /// The reference library the overlap section ranks known groups from.
    pub library: Option<std::sync::Arc<crate::attack::Library>>,
}

impl BriefingOptions {
    /// Every section, the case's title and TLP, and every judgment that is not retracted.
    pub fn for_case(case: &Case, at: DateTime<Utc>) -> Self {
        BriefingOptions {
            title: case.title.clone(),
            tlp: case.tlp,
            sections: Section::ALL
                .into_iter()
                .filter(|s| *s != Section::Overlap)
                .collect(),
            judgments: case
                .judgments
                .iter()
                .filter(|j| j.status != JudgmentStatus::Retracted)
                .map(|j| j.id.clone())
                .collect(),
            at,
            library: None,
        }
    }

    pub fn has(&self, section: Section) -> bool {
        self.sections.contains(&section)
    }
}

/// A briefing as data: every piece of text is inert (see [`inert`]) but not yet escaped.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Briefing {
    pub title: String,
    /// The TLP label, e.g. `TLP:AMBER`.
    pub tlp: String,
    /// What the label allows, in words.
    pub tlp_sharing: String,
    /// The label's colour on a black background, as FIRST prescribes (`#FFC000` for amber).
    pub tlp_colour: String,
    pub date: String,
    pub analysts: String,
    /// The case summary, a paragraph per entry.
    pub summary: Vec<String>,
    /// Warnings about the case text: hidden or direction-changing characters found, and where.
    pub text_warnings: Vec<String>,
    pub key_judgments: Vec<KeyJudgment>,
    pub claims: Vec<KeyJudgment>,
    pub chains: Vec<Chain>,
    /// The relationship map and the timeline, as SVG.
    pub map: Option<Figure>,
    pub timeline: Option<Figure>,
    pub actors: Vec<ActorLine>,
    pub evidence: Vec<EvidenceGroup>,
    pub analyses: Vec<AchSummary>,
    pub sources: Vec<SourceLine>,
    pub methodology: Option<Methodology>,
    pub changes: Option<Changes>,
    /// Who else works this way, per event the judgments are about.
    pub overlap: Vec<OverlapTable>,
    /// The caveat the overlap section carries.
    pub overlap_caveat: String,
    /// Which optional sections were chosen (a chosen section with nothing to say says so).
    pub show: Shown,
}

/// Which optional sections a briefing shows.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Shown {
    pub claims: bool,
    pub chain: bool,
    pub map: bool,
    pub timeline: bool,
    pub actors: bool,
    pub evidence: bool,
    pub ach: bool,
    pub sources: bool,
    pub methodology: bool,
    pub changes: bool,
    pub overlap: bool,
}

/// One judgment worded for the reader: the likelihood in one sentence, the confidence in the
/// next, as ICD 203 asks.
#[derive(Clone, Debug, Serialize)]
pub struct KeyJudgment {
    /// "1", "2" … for the analyst's judgments; "C1", "C2" … for claims.
    pub number: String,
    pub id: String,
    /// The judgment with its ICD 203 likelihood term and range.
    pub statement: String,
    /// The confidence level, in a sentence of its own.
    pub confidence: String,
    /// "Operational attribution", "Strategic attribution" …
    pub level: String,
    /// "Disputed", "Denied by the accused" …; empty while simply assessed.
    pub status: String,
    pub rationale: Vec<String>,
    /// Numbered citations: `[n]` refers to source n, with this citation's grade.
    pub citations: Vec<CitationRef>,
}

/// A citation mark `[n] B2`.
#[derive(Clone, Debug, Serialize)]
pub struct CitationRef {
    pub n: usize,
    pub grade: String,
    pub contradicts: bool,
}

/// The attribution chain up from one event.
#[derive(Clone, Debug, Serialize)]
pub struct Chain {
    pub start: String,
    pub links: Vec<ChainLink>,
}

/// One link of a chain: who is held responsible, how likely, with what confidence.
#[derive(Clone, Debug, Serialize)]
pub struct ChainLink {
    pub to: String,
    pub level: String,
    pub likelihood: String,
    pub confidence: String,
}

/// A figure: SVG text and its caption.
#[derive(Clone, Debug, Serialize)]
pub struct Figure {
    /// A file name for formats that write the figure beside the document (`map`, `timeline`).
    pub name: String,
    pub caption: String,
    #[serde(skip)]
    pub svg: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct ActorLine {
    pub name: String,
    pub kind: String,
    pub aliases: String,
    pub country: String,
    pub description: String,
    /// What the actor was in the events the briefing's judgments are about ("victim of …"),
    /// where the analyst recorded it; empty otherwise.
    pub roles: String,
}

/// The evidence behind one judgment.
#[derive(Clone, Debug, Serialize)]
pub struct EvidenceGroup {
    pub number: String,
    pub heading: String,
    pub items: Vec<EvidenceItem>,
    /// The technical evidence of the event the judgment is about: its techniques, software,
    /// infrastructure, indicators and vulnerabilities, each with its sources and grades.
    pub technical: Vec<TechnicalRow>,
}

/// One technical object in a judgment's evidence.
#[derive(Clone, Debug, Serialize)]
pub struct TechnicalRow {
    /// "technique", "malware" …
    pub kind: String,
    /// "Data Destruction", with its ATT&CK or CVE id apart.
    pub name: String,
    pub external_id: String,
    /// "[3] B2, [5] C3": the sources cited for it, by number, with their grades; empty when
    /// none is.
    pub sources: String,
}

/// The known groups ranked against one event.
#[derive(Clone, Debug, Serialize)]
pub struct OverlapTable {
    pub event: String,
    /// What was ranked: "8 techniques and 2 software against 170 groups (MITRE ATT&CK …)".
    pub basis: String,
    pub rows: Vec<OverlapRow>,
}

/// One ranked group.
#[derive(Clone, Debug, Serialize)]
pub struct OverlapRow {
    pub rank: String,
    pub group: String,
    pub score: String,
    /// The shared items with their parts of the score.
    pub shared: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct EvidenceItem {
    pub n: usize,
    pub grade: String,
    /// "supports" or "contradicts".
    pub stance: String,
    pub source: String,
    pub quote: String,
    pub locator: String,
}

/// An ACH matrix in brief.
#[derive(Clone, Debug, Serialize)]
pub struct AchSummary {
    pub title: String,
    pub subject: String,
    pub hypotheses: Vec<AchHypothesis>,
    pub evidence_rows: usize,
    pub diagnostic_rows: usize,
    pub conclusion: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct AchHypothesis {
    pub key: String,
    pub title: String,
    /// The weighted inconsistency, one decimal.
    pub inconsistency: String,
    pub least: bool,
}

/// One entry of the numbered source list.
#[derive(Clone, Debug, Serialize)]
pub struct SourceLine {
    pub n: usize,
    pub title: String,
    pub publisher: String,
    pub author: String,
    pub kind: String,
    /// The reliability letter, e.g. `B`.
    pub reliability: String,
    /// What the letter means.
    pub reliability_meaning: String,
    pub published: String,
    pub accessed: String,
    /// An http(s) address, checked; empty when the source has none or an unusable one.
    pub url: String,
    /// Whether any judgment in the briefing cites it.
    pub cited: bool,
    /// "Relays [2], [5]." : the listed sources whose information it passes on; empty if none.
    pub relays: String,
}

/// How one output format writes text: its escaping, strong text and the marks of a sentence.
pub struct Markup<'a> {
    pub escape: &'a dyn Fn(&str) -> String,
    pub strong: &'a dyn Fn(&str) -> String,
    /// A full stop, and brackets, as the format writes them (`\\.` in Markdown).
    pub stop: &'a str,
    pub open: &'a str,
    pub close: &'a str,
}

impl SourceLine {
    /// "**Title**. Publisher. Author. kind. Reliability **B** (usually reliable). Published …
    /// Accessed …" in the format's markup; the address and the note on an uncited source are
    /// each writer's own.
    pub fn described(&self, m: &Markup) -> String {
        let mut parts = vec![(m.strong)(&(m.escape)(&self.title))];
        for part in [&self.publisher, &self.author] {
            if !part.is_empty() {
                parts.push((m.escape)(part));
            }
        }
        parts.push((m.escape)(&self.kind));
        let stop = m.stop;
        let mut line = parts.join(&format!("{stop} "));
        line.push_str(&format!(
            "{stop} Reliability {} {}{}{}{stop}",
            (m.strong)(&(m.escape)(&self.reliability)),
            m.open,
            (m.escape)(&self.reliability_meaning),
            m.close
        ));
        if !self.published.is_empty() {
            line.push_str(&format!(" Published {}{stop}", (m.escape)(&self.published)));
        }
        if !self.accessed.is_empty() {
            line.push_str(&format!(" Accessed {}{stop}", (m.escape)(&self.accessed)));
        }
        if !self.relays.is_empty() {
            line.push(' ');
            line.push_str(&(m.escape)(&self.relays));
        }
        line
    }
}

/// The scales, explained.
#[derive(Clone, Debug, Serialize)]
pub struct Methodology {
    pub paragraphs: Vec<String>,
    pub reliability: Vec<[String; 2]>,
    pub credibility: Vec<[String; 2]>,
    /// Term, alternative term, probability.
    pub likelihood: Vec<[String; 3]>,
    pub confidence: Vec<[String; 2]>,
    /// Tradecraft findings dismissed by the analyst: check, about, finding, why (by, when).
    pub waived: Vec<[String; 4]>,
}

/// What changed since the last briefing of the case.
#[derive(Clone, Debug, Serialize)]
pub struct Changes {
    pub since: String,
    pub previous_title: String,
    pub lines: Vec<String>,
}

/// What a case concludes, as its briefing's bottom line would say it to the analyst (nothing
/// withheld): the key judgments and recorded claims with their ICD 203 terms and confidence, and
/// what changed since the last briefing. For the case overview.
#[derive(Clone, Debug, Default)]
pub struct BottomLine {
    pub key_judgments: Vec<KeyJudgment>,
    pub claims: Vec<KeyJudgment>,
    pub changes: Option<Changes>,
}

/// The bottom line of `case` at `at` (see [`BottomLine`]); no figures are drawn.
pub fn bottom_line(case: &Case, at: DateTime<Utc>) -> BottomLine {
    let mut options = BriefingOptions::for_case(case, at);
    options.tlp = Tlp::Red; // the analyst's own view: everything
    options
        .sections
        .retain(|s| matches!(s, Section::Claims | Section::Changes));
    let briefing = build(case, &options);
    BottomLine {
        key_judgments: briefing.key_judgments,
        claims: briefing.claims,
        changes: briefing.changes,
    }
}

/// When a briefing is made: now, or `SOURCE_DATE_EPOCH` (seconds) for a reproducible build.
pub fn briefing_time() -> DateTime<Utc> {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| DateTime::from_timestamp(s, 0))
        .unwrap_or_else(Utc::now)
}

/// The command that records `record` in the case (after the briefings recorded before), so
/// the next briefing lists what changed since: one undoable edit.
pub fn recording(case: &Case, record: crate::model::BriefingRecord) -> crate::model::Command {
    let mut records = case.briefings.clone();
    records.push(record);
    crate::model::Command::SetBriefings(records)
}
