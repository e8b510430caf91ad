//! The briefing as GitHub-flavoured Markdown, with the figures written beside it as SVG and PNG
//! and linked relatively. Every piece of case text is escaped: each ASCII punctuation character
//! gets a backslash and '@' goes in a code span, so no case text can open markup, raw HTML, a
//! link or an autolink (GitHub's renderer links bare e-mail addresses).

use super::{Briefing, CitationRef, KeyJudgment};
use std::fmt::Write;

/// Case text, escaped for Markdown.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        if c == '@' {
            // GitHub's renderer links e-mail addresses even with the '@' escaped; in a code
            // span it cannot.
            out.push_str("`@`");
        } else {
            if c.is_ascii_punctuation() {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// A relative link target: file names are ours, but may hold spaces or other characters a
/// Markdown link cannot take raw.
fn link_target(name: &str) -> String {
    let mut out = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A figure written beside the Markdown file: its file names (SVG, PNG) and caption.
#[derive(Clone, Debug)]
pub struct FigureFiles {
    pub svg: String,
    pub png: String,
}

fn cites(refs: &[CitationRef]) -> String {
    let marks: Vec<String> = refs
        .iter()
        .map(|c| {
            let against = if c.contradicts { " (against)" } else { "" };
            format!("\\[{}\\] {}{against}", c.n, escape(&c.grade))
        })
        .collect();
    if marks.is_empty() {
        String::new()
    } else {
        format!(" {}", marks.join(", "))
    }
}

fn judgment(out: &mut String, kj: &KeyJudgment) {
    let _ = writeln!(
        out,
        "{}\\. **{}**{} {}",
        escape(&kj.number),
        escape(&kj.statement),
        cites(&kj.citations),
        escape(&kj.confidence)
    );
    out.push('\n');
    if !kj.status.is_empty() {
        let _ = writeln!(out, "   *{}*\n", escape(&kj.status));
    }
    let _ = writeln!(out, "   *{}*\n", escape(&kj.level));
    for p in &kj.rationale {
        let _ = writeln!(out, "   {}\n", escape(p));
    }
}

fn row(cells: &[String]) -> String {
    format!("| {} |", cells.join(" | "))
}

/// Writes the briefing as Markdown; `figures` are the files written beside it for the map and
/// the timeline (in that order, where the briefing has them).
pub fn write(b: &Briefing, figures: &[(String, FigureFiles)]) -> String {
    let mut out = String::with_capacity(32 * 1024);
    let tlp = format!("**{}** · {}", escape(&b.tlp), escape(&b.tlp_sharing));
    let _ = writeln!(out, "{tlp}\n");
    let _ = writeln!(out, "# {}\n", escape(&b.title));
    let mut meta = format!("Briefing of {}", escape(&b.date));
    if !b.analysts.is_empty() {
        let _ = write!(meta, " · Analysts: {}", escape(&b.analysts));
    }
    let _ = writeln!(out, "{meta}\n");
    for (i, line) in b.text_warnings.iter().enumerate() {
        if i == 0 {
            let _ = writeln!(out, "> **{}**\n>", escape(line));
        } else {
            let _ = writeln!(out, "> \\- {}\n>", escape(line));
        }
    }
    if !b.text_warnings.is_empty() {
        out.push('\n');
    }

    out.push_str("## Bottom line up front\n\n");
    for p in &b.summary {
        let _ = writeln!(out, "{}\n", escape(p));
    }
    if b.key_judgments.is_empty() {
        out.push_str("*No judgments were chosen for this briefing\\.*\n\n");
    } else {
        out.push_str("### Key judgments\n\n");
        for kj in &b.key_judgments {
            judgment(&mut out, kj);
        }
    }

    if b.show.claims && !b.claims.is_empty() {
        out.push_str("## Claims by other parties\n\n");
        out.push_str("What governments, companies and others claim, reported as their claims and not as our judgments\\.\n\n");
        for kj in &b.claims {
            judgment(&mut out, kj);
        }
    }

    if b.show.chain {
        out.push_str("## Attribution chain\n\n");
        if b.chains.is_empty() {
            out.push_str("No judgment in this briefing attributes an event\\.\n\n");
        }
        for chain in &b.chains {
            let mut line = format!("- **{}**", escape(&chain.start));
            for link in &chain.links {
                let _ = write!(
                    line,
                    " → {} ({}: {}; {} confidence)",
                    escape(&link.to),
                    escape(&link.level),
                    escape(&link.likelihood),
                    escape(&link.confidence)
                );
            }
            let _ = writeln!(out, "{line}");
        }
        out.push('\n');
    }

    if b.show.map || b.show.timeline {
        out.push_str("## Figures\n\n");
        let captions = [&b.map, &b.timeline]
            .into_iter()
            .flatten()
            .map(|f| f.caption.clone());
        for (i, ((_, files), caption)) in figures.iter().zip(captions).enumerate() {
            let _ = writeln!(
                out,
                "![Figure {n}]({svg})\n\n*Figure {n}\\. {caption}* \\([PNG]({png})\\)\n",
                n = i + 1,
                svg = link_target(&files.svg),
                png = link_target(&files.png),
                caption = escape(&caption)
            );
        }
        if figures.is_empty() {
            out.push_str("The case has no actors or events to draw\\.\n\n");
        }
    }

    if b.show.actors {
        out.push_str("## Actors involved\n\n");
        let _ = writeln!(
            out,
            "{}\n|---|---|---|---|---|",
            row(&[
                "Actor".into(),
                "Kind".into(),
                "Country".into(),
                "Also known as".into(),
                "Description".into()
            ])
        );
        for a in &b.actors {
            let _ = writeln!(
                out,
                "{}",
                row(&[
                    format!("**{}**", escape(&a.name)),
                    escape(&a.kind),
                    escape(&a.country),
                    escape(&a.aliases),
                    if a.roles.is_empty() {
                        escape(&a.description)
                    } else {
                        format!(
                            "{} In the events: {}",
                            escape(&a.description),
                            escape(&a.roles)
                        )
                    }
                ])
            );
        }
        out.push('\n');
    }

    if b.show.evidence {
        out.push_str("## Evidence for each judgment\n\n");
        for group in &b.evidence {
            let _ = writeln!(out, "### {}\n", escape(&group.heading));
            if !group.technical.is_empty() {
                out.push_str("Technical evidence of the event:\n\n| Kind | Technique, software or artefact | ID | Sources |\n|---|---|---|---|\n");
                for t in &group.technical {
                    let sources = if t.sources.is_empty() {
                        "none cited"
                    } else {
                        &t.sources
                    };
                    let _ = writeln!(
                        out,
                        "{}",
                        row(&[
                            escape(&t.kind),
                            escape(&t.name),
                            escape(&t.external_id),
                            escape(sources)
                        ])
                    );
                }
                out.push('\n');
            }
            if group.items.is_empty() {
                out.push_str("No source is cited for this judgment\\.\n\n");
                continue;
            }
            out.push_str(
                "| Ref\\. | Grade | Bears | Source and what it says |\n|---|---|---|---|\n",
            );
            for item in &group.items {
                let mut what = escape(&item.source);
                if !item.quote.is_empty() {
                    let _ = write!(what, ": “{}”", escape(&item.quote));
                }
                if !item.locator.is_empty() {
                    let _ = write!(what, " \\({}\\)", escape(&item.locator));
                }
                let _ = writeln!(
                    out,
                    "{}",
                    row(&[
                        format!("\\[{}\\]", item.n),
                        escape(&item.grade),
                        escape(&item.stance),
                        what
                    ])
                );
            }
            out.push('\n');
        }
    }

    if b.show.overlap {
        out.push_str("## Who else works this way\n\n");
        let _ = writeln!(out, "{}\n", escape(&b.overlap_caveat));
        if b.overlap.is_empty() {
            out.push_str("No event the judgments are about has techniques or software the reference library can match\\.\n\n");
        }
        for t in &b.overlap {
            let _ = writeln!(out, "### {}\n\n{}\n", escape(&t.event), escape(&t.basis));
            out.push_str("| Rank | Known group | Score | Shared, with each one's part of the score |\n|---|---|---|---|\n");
            for r in &t.rows {
                let _ = writeln!(
                    out,
                    "{}",
                    row(&[
                        escape(&r.rank),
                        escape(&r.group),
                        escape(&r.score),
                        escape(&r.shared)
                    ])
                );
            }
            out.push('\n');
        }
    }

    if b.show.ach && !b.analyses.is_empty() {
        out.push_str("## Competing hypotheses\n\n");
        for a in &b.analyses {
            let _ = writeln!(
                out,
                "### {}\n\nOn {}: {}, {} of them diagnostic\\.\n",
                escape(&a.title),
                escape(&a.subject),
                crate::text::counted(a.evidence_rows, "item of evidence", "items of evidence"),
                a.diagnostic_rows
            );
            out.push_str("| Key | Hypothesis | Weighted inconsistency |\n|---|---|---|\n");
            for h in &a.hypotheses {
                let mark = if h.least {
                    " **\\(least inconsistent\\)**"
                } else {
                    ""
                };
                let _ = writeln!(
                    out,
                    "{}",
                    row(&[
                        escape(&h.key),
                        format!("{}{mark}", escape(&h.title)),
                        escape(&h.inconsistency)
                    ])
                );
            }
            let _ = writeln!(out, "\n{}\n", escape(&a.conclusion));
        }
    }

    if b.show.sources {
        out.push_str("## Sources\n\n");
        for s in &b.sources {
            let mut line = s.described(&super::Markup {
                escape: &escape,
                strong: &|t| format!("**{t}**"),
                stop: "\\.",
                open: "\\(",
                close: "\\)",
            });
            if !s.url.is_empty() {
                // The address is shown as text, not made a link: a reader copies it on purpose.
                let _ = write!(line, " `{}`", s.url.replace('`', ""));
            }
            if !s.cited {
                line.push_str(" *\\(in the case; not cited by these judgments\\)*");
            }
            let _ = writeln!(out, "{}\\. {line}\n", s.n);
        }
    }

    if let Some(m) = &b.methodology {
        out.push_str("## Methodology and scales\n\n");
        for p in &m.paragraphs {
            let _ = writeln!(out, "{}\n", escape(p));
        }
        let table2 = |out: &mut String, heads: [&str; 2], rows: &[[String; 2]]| {
            let _ = writeln!(out, "| {} | {} |\n|---|---|", heads[0], heads[1]);
            for [a, b] in rows {
                let _ = writeln!(out, "{}", row(&[escape(a), escape(b)]));
            }
            out.push('\n');
        };
        table2(&mut out, ["Reliability", "Meaning"], &m.reliability);
        table2(&mut out, ["Credibility", "Meaning"], &m.credibility);
        out.push_str("| Likelihood term | Alternative term | Probability |\n|---|---|---|\n");
        for [a, b2, c] in &m.likelihood {
            let _ = writeln!(out, "{}", row(&[escape(a), escape(b2), escape(c)]));
        }
        out.push('\n');
        table2(&mut out, ["Confidence", "Basis"], &m.confidence);
        if !m.waived.is_empty() {
            out.push_str("### Checks waived\n\nTradecraft findings the analyst dismissed, and why\\.\n\n| Check | About | Finding | Why it was waived |\n|---|---|---|---|\n");
            for [rule, about, finding, why] in &m.waived {
                let _ = writeln!(
                    out,
                    "{}",
                    row(&[escape(rule), escape(about), escape(finding), escape(why)])
                );
            }
            out.push('\n');
        }
    }

    if b.show.changes
        && let Some(changes) = &b.changes
    {
        out.push_str("## Changes since the last briefing\n\n");
        let _ = writeln!(
            out,
            "Since “{}” of {}\\.\n",
            escape(&changes.previous_title),
            escape(&changes.since)
        );
        for line in &changes.lines {
            let _ = writeln!(out, "- {}", escape(line));
        }
        out.push('\n');
    }

    let _ = writeln!(out, "---\n\n{tlp}");
    out
}
