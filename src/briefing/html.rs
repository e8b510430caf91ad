//! The briefing as one self-contained HTML file: styles and figures inline, no script, no
//! remote resource, a Content-Security-Policy that forbids loading anything, links only to the
//! sources' http(s) and mailto addresses, every piece of case text escaped. It prints with the
//! TLP label at the top and bottom of every page.

use super::{Briefing, CitationRef, Figure, KeyJudgment};
use crate::figure::svg::xml_escape;
use std::fmt::Write;

/// The policy: nothing may be loaded or run; only the inline style sheet applies.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

fn esc(text: &str) -> String {
    xml_escape(text)
}

const STYLE: &str = r#"
:root { color-scheme: light; }
body { font-family: "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", sans-serif; color: #1d232b; background: #fff; line-height: 1.5; margin: 0; }
main { max-width: 52rem; margin: 0 auto; padding: 1.5rem 2rem 2rem; }
.tlp-bar { display: flex; justify-content: space-between; align-items: center; gap: 1rem; padding: .45rem 2rem; background: #f2f4f7; border-bottom: 1px solid #d5dae1; font-size: .85rem; color: #4a5360; }
.tlp-bar.bottom { border-top: 1px solid #d5dae1; border-bottom: 0; }
.tlp { display: inline-block; background: #000; font-family: Consolas, "DejaVu Sans Mono", monospace; font-weight: 700; padding: .15rem .5rem; letter-spacing: .02em; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: .6rem 0 .3rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 2px solid #2f4f7a; color: #2f4f7a; }
h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
.meta { color: #4a5360; margin: 0 0 1rem; }
.notice { border: 1px solid #d9a400; background: #fff8e1; padding: .6rem .9rem; margin: 1rem 0; }
.notice p { margin: .2rem 0; }
ol.judgments { list-style: none; padding: 0; margin: 0; }
ol.judgments > li { border-left: 4px solid #2f4f7a; padding: .3rem .9rem; margin: 0 0 .9rem; background: #f7f9fc; }
ol.judgments.claims > li { border-left-color: #8a8f98; background: #fafafa; }
.num { font-weight: 700; margin-right: .35rem; }
.statement { font-weight: 600; }
.cites { font-size: .85em; color: #4a5360; white-space: nowrap; }
.sub { color: #4a5360; font-size: .9rem; margin: .25rem 0; }
.status { color: #8a3b00; font-weight: 600; }
.rationale { margin: .35rem 0; }
.chain { margin: .2rem 0 .8rem; }
.chain .arrow { color: #4a5360; padding: 0 .25rem; }
.chain .link-detail { color: #4a5360; font-size: .85rem; }
figure { margin: 1rem 0 1.5rem; page-break-inside: avoid; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; display: block; border: 1px solid #d5dae1; }
figcaption { font-size: .85rem; color: #4a5360; margin-top: .35rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: .4rem 0 1rem; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid #d5dae1; padding: .3rem .45rem; }
th { background: #eef1f5; }
td.n, th.n { width: 2.5rem; }
tr.least td { font-weight: 700; }
ol.sources { padding-left: 2.2rem; }
ol.sources li { margin-bottom: .4rem; }
.url { font-family: Consolas, "DejaVu Sans Mono", monospace; font-size: .8rem; word-break: break-all; }
.quiet { color: #6b7480; }
@page { size: A4; margin: 20mm 16mm;
  @top-right { content: "__TLP__"; font: 700 9pt monospace; }
  @bottom-right { content: "__TLP__"; font: 700 9pt monospace; }
  @bottom-left { content: "Page " counter(page) " of " counter(pages); font: 9pt sans-serif; } }
@media print {
  main { max-width: none; padding: 0; }
  .tlp-bar { padding: .3rem 0; background: none; }
  a { color: inherit; text-decoration: none; }
  ol.judgments > li, tr { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
}
"#;

fn tlp_label(b: &Briefing) -> String {
    format!(
        r#"<span class="tlp" style="color:{}">{}</span>"#,
        esc(&b.tlp_colour),
        esc(&b.tlp)
    )
}

fn cites(refs: &[CitationRef]) -> String {
    if refs.is_empty() {
        return String::new();
    }
    let marks: Vec<String> = refs
        .iter()
        .map(|c| {
            let against = if c.contradicts { " (against)" } else { "" };
            format!("[{}]&#160;{}{against}", c.n, esc(&c.grade))
        })
        .collect();
    format!(r#" <span class="cites">{}</span>"#, marks.join(", "))
}

fn judgment_item(out: &mut String, kj: &KeyJudgment) {
    let _ = write!(
        out,
        r#"<li><p><span class="num">{}.</span><span class="statement">{}</span>{} {}</p>"#,
        esc(&kj.number),
        esc(&kj.statement),
        cites(&kj.citations),
        esc(&kj.confidence)
    );
    if !kj.status.is_empty() {
        let _ = write!(out, r#"<p class="sub status">{}</p>"#, esc(&kj.status));
    }
    let _ = write!(out, r#"<p class="sub">{}</p>"#, esc(&kj.level));
    for p in &kj.rationale {
        let _ = write!(out, r#"<p class="rationale">{}</p>"#, esc(p));
    }
    out.push_str("</li>\n");
}

fn figure(out: &mut String, number: usize, fig: &Figure) {
    // The SVG is Casebook's own, written with every piece of text escaped; drop any XML
    // declaration so it can stand inline.
    let svg = match fig.svg.find("<svg") {
        Some(at) => &fig.svg[at..],
        None => "",
    };
    let _ = writeln!(
        out,
        "<figure>{svg}<figcaption>Figure {number}. {}</figcaption></figure>",
        esc(&fig.caption)
    );
}

fn section(out: &mut String, title: &str) {
    let _ = writeln!(out, "<h2>{}</h2>", esc(title));
}

/// Writes the briefing as HTML.
pub fn write(b: &Briefing) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let style = STYLE.replace("__TLP__", &b.tlp.replace(['"', '\\'], ""));
    let _ = write!(
        out,
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Casebook {version}">
<title>{tlp} {title}</title>
<style>{style}</style>
</head>
<body>
<div class="tlp-bar top">{label}<span>{sharing}</span></div>
<main>
<h1>{title}</h1>
<p class="meta">Briefing of {date}{analysts}</p>
"#,
        version = env!("CARGO_PKG_VERSION"),
        tlp = esc(&b.tlp),
        title = esc(&b.title),
        label = tlp_label(b),
        sharing = esc(&b.tlp_sharing),
        date = esc(&b.date),
        analysts = if b.analysts.is_empty() {
            String::new()
        } else {
            format!(" · Analysts: {}", esc(&b.analysts))
        },
    );
    if !b.text_warnings.is_empty() {
        out.push_str(r#"<div class="notice">"#);
        for (i, line) in b.text_warnings.iter().enumerate() {
            if i == 0 {
                let _ = write!(out, "<p><strong>{}</strong></p>", esc(line));
            } else {
                let _ = write!(out, "<p>· {}</p>", esc(line));
            }
        }
        out.push_str("</div>\n");
    }

    section(&mut out, "Bottom line up front");
    for p in &b.summary {
        let _ = writeln!(out, "<p>{}</p>", esc(p));
    }
    if b.key_judgments.is_empty() {
        out.push_str(r#"<p class="quiet">No judgments were chosen for this briefing.</p>"#);
    } else {
        out.push_str("<h3>Key judgments</h3>\n<ol class=\"judgments\">\n");
        for kj in &b.key_judgments {
            judgment_item(&mut out, kj);
        }
        out.push_str("</ol>\n");
    }

    if b.show.claims && !b.claims.is_empty() {
        section(&mut out, "Claims by other parties");
        out.push_str(r#"<p class="quiet">What governments, companies and others claim, reported as their claims and not as our judgments.</p>"#);
        out.push_str("<ol class=\"judgments claims\">\n");
        for kj in &b.claims {
            judgment_item(&mut out, kj);
        }
        out.push_str("</ol>\n");
    }

    if b.show.chain {
        section(&mut out, "Attribution chain");
        if b.chains.is_empty() {
            out.push_str(
                r#"<p class="quiet">No judgment in this briefing attributes an event.</p>"#,
            );
        }
        for chain in &b.chains {
            let _ = write!(
                out,
                r#"<p class="chain"><strong>{}</strong>"#,
                esc(&chain.start)
            );
            for link in &chain.links {
                let _ = write!(
                    out,
                    r#"<span class="arrow">→</span>{} <span class="link-detail">({}: {}; {} confidence)</span>"#,
                    esc(&link.to),
                    esc(&link.level),
                    esc(&link.likelihood),
                    esc(&link.confidence)
                );
            }
            out.push_str("</p>\n");
        }
    }

    let mut figure_number = 0;
    if b.show.map || b.show.timeline {
        section(&mut out, "Figures");
        for fig in [&b.map, &b.timeline].into_iter().flatten() {
            figure_number += 1;
            figure(&mut out, figure_number, fig);
        }
        if figure_number == 0 {
            out.push_str(r#"<p class="quiet">The case has no actors or events to draw.</p>"#);
        }
    }

    if b.show.actors {
        section(&mut out, "Actors involved");
        out.push_str("<table><thead><tr><th>Actor</th><th>Kind</th><th>Country</th><th>Also known as</th><th>Description</th></tr></thead><tbody>\n");
        for a in &b.actors {
            let _ = writeln!(
                out,
                "<tr><td><strong>{}</strong></td><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td></tr>",
                esc(&a.name),
                esc(&a.kind),
                esc(&a.country),
                esc(&a.aliases),
                esc(&a.description),
                if a.roles.is_empty() {
                    String::new()
                } else {
                    format!(
                        "<br><span class=\"quiet\">In the events: {}</span>",
                        esc(&a.roles)
                    )
                }
            );
        }
        out.push_str("</tbody></table>\n");
    }

    if b.show.evidence {
        section(&mut out, "Evidence for each judgment");
        for group in &b.evidence {
            let _ = writeln!(out, "<h3>{}</h3>", esc(&group.heading));
            if !group.technical.is_empty() {
                out.push_str("<p class=\"sub\">Technical evidence of the event:</p>\n<table><thead><tr><th>Kind</th><th>Technique, software or artefact</th><th>ID</th><th>Sources</th></tr></thead><tbody>\n");
                for t in &group.technical {
                    let sources = if t.sources.is_empty() {
                        "none cited"
                    } else {
                        &t.sources
                    };
                    let _ = writeln!(
                        out,
                        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                        esc(&t.kind),
                        esc(&t.name),
                        esc(&t.external_id),
                        esc(sources)
                    );
                }
                out.push_str("</tbody></table>\n");
            }
            if group.items.is_empty() {
                out.push_str(r#"<p class="quiet">No source is cited for this judgment.</p>"#);
                continue;
            }
            out.push_str("<table><thead><tr><th class=\"n\">Ref.</th><th>Grade</th><th>Bears</th><th>Source and what it says</th></tr></thead><tbody>\n");
            for item in &group.items {
                let quote = if item.quote.is_empty() {
                    String::new()
                } else {
                    format!("<br>“{}”", esc(&item.quote))
                };
                let locator = if item.locator.is_empty() {
                    String::new()
                } else {
                    format!(r#" <span class="quiet">({})</span>"#, esc(&item.locator))
                };
                let _ = writeln!(
                    out,
                    "<tr><td class=\"n\">[{}]</td><td>{}</td><td>{}</td><td>{}{quote}{locator}</td></tr>",
                    item.n,
                    esc(&item.grade),
                    esc(&item.stance),
                    esc(&item.source)
                );
            }
            out.push_str("</tbody></table>\n");
        }
    }

    if b.show.overlap {
        section(&mut out, "Who else works this way");
        let _ = writeln!(out, "<p class=\"quiet\">{}</p>", esc(&b.overlap_caveat));
        if b.overlap.is_empty() {
            out.push_str("<p class=\"quiet\">No event the judgments are about has techniques or software the reference library can match.</p>\n");
        }
        for t in &b.overlap {
            let _ = writeln!(
                out,
                "<h3>{}</h3>\n<p class=\"sub\">{}</p>",
                esc(&t.event),
                esc(&t.basis)
            );
            out.push_str("<table><thead><tr><th class=\"n\">Rank</th><th>Known group</th><th>Score</th><th>Shared, with each one's part of the score</th></tr></thead><tbody>\n");
            for r in &t.rows {
                let _ = writeln!(
                    out,
                    "<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    esc(&r.rank),
                    esc(&r.group),
                    esc(&r.score),
                    esc(&r.shared)
                );
            }
            out.push_str("</tbody></table>\n");
        }
    }

    if b.show.ach && !b.analyses.is_empty() {
        section(&mut out, "Competing hypotheses");
        for a in &b.analyses {
            let _ = write!(
                out,
                "<h3>{}</h3>\n<p class=\"sub\">On {}: {}, {} of them diagnostic.</p>\n",
                esc(&a.title),
                esc(&a.subject),
                crate::text::counted(a.evidence_rows, "item of evidence", "items of evidence"),
                a.diagnostic_rows
            );
            out.push_str("<table><thead><tr><th class=\"n\">Key</th><th>Hypothesis</th><th>Weighted inconsistency</th></tr></thead><tbody>\n");
            for h in &a.hypotheses {
                let _ = writeln!(
                    out,
                    "<tr{}><td>{}</td><td>{}{}</td><td>{}</td></tr>",
                    if h.least { r#" class="least""# } else { "" },
                    esc(&h.key),
                    esc(&h.title),
                    if h.least { " (least inconsistent)" } else { "" },
                    esc(&h.inconsistency)
                );
            }
            let _ = write!(out, "</tbody></table>\n<p>{}</p>\n", esc(&a.conclusion));
        }
    }

    if b.show.sources {
        section(&mut out, "Sources");
        out.push_str("<ol class=\"sources\">\n");
        for s in &b.sources {
            let mut line = s.described(&super::Markup {
                escape: &|t| esc(t),
                strong: &|t| format!("<strong>{t}</strong>"),
                stop: ".",
                open: "(",
                close: ")",
            });
            if !s.url.is_empty() {
                let _ = write!(
                    line,
                    r#"<br><a class="url" href="{url}" rel="noopener noreferrer nofollow">{url}</a>"#,
                    url = esc(&s.url)
                );
            }
            if !s.cited {
                line.push_str(
                    r#" <span class="quiet">(in the case; not cited by these judgments)</span>"#,
                );
            }
            let _ = writeln!(out, "<li value=\"{}\">{line}</li>", s.n);
        }
        out.push_str("</ol>\n");
    }

    if let Some(m) = &b.methodology {
        section(&mut out, "Methodology and scales");
        for p in &m.paragraphs {
            let _ = writeln!(out, "<p>{}</p>", esc(p));
        }
        let table2 = |out: &mut String, heads: [&str; 2], rows: &[[String; 2]]| {
            let _ = write!(
                out,
                "<table><thead><tr><th class=\"n\">{}</th><th>{}</th></tr></thead><tbody>",
                heads[0], heads[1]
            );
            for [a, b] in rows {
                let _ = write!(out, "<tr><td>{}</td><td>{}</td></tr>", esc(a), esc(b));
            }
            out.push_str("</tbody></table>\n");
        };
        table2(&mut out, ["Reliability", "Meaning"], &m.reliability);
        table2(&mut out, ["Credibility", "Meaning"], &m.credibility);
        out.push_str("<table><thead><tr><th>Likelihood term</th><th>Alternative term</th><th>Probability</th></tr></thead><tbody>");
        for [a, b2, c] in &m.likelihood {
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(a),
                esc(b2),
                esc(c)
            );
        }
        out.push_str("</tbody></table>\n");
        table2(&mut out, ["Confidence", "Basis"], &m.confidence);
        if !m.waived.is_empty() {
            out.push_str("<h3>Checks waived</h3>\n<p>Tradecraft findings the analyst dismissed, and why.</p>\n<table><thead><tr><th>Check</th><th>About</th><th>Finding</th><th>Why it was waived</th></tr></thead><tbody>");
            for [rule, about, finding, why] in &m.waived {
                let _ = write!(
                    out,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    esc(rule),
                    esc(about),
                    esc(finding),
                    esc(why)
                );
            }
            out.push_str("</tbody></table>\n");
        }
    }

    if b.show.changes
        && let Some(changes) = &b.changes
    {
        section(&mut out, "Changes since the last briefing");
        let _ = write!(
            out,
            "<p class=\"sub\">Since “{}” of {}.</p>\n<ul>\n",
            esc(&changes.previous_title),
            esc(&changes.since)
        );
        for line in &changes.lines {
            let _ = writeln!(out, "<li>{}</li>", esc(line));
        }
        out.push_str("</ul>\n");
    }

    let _ = write!(
        out,
        "</main>\n<div class=\"tlp-bar bottom\">{}<span>Made with Casebook on {}</span></div>\n</body>\n</html>\n",
        tlp_label(b),
        esc(&b.date)
    );
    out
}
