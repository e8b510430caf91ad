//! Briefings as a reader gets them: the example case in each format says what it must (TLP,
//! judgments worded in ICD 203 terms with confidence apart, citations and grades, sources), and
//! a case whose every text field holds hostile strings exports to HTML with no active content,
//! to Markdown with no raw HTML or injected links, and to PDF with no actions.

use casebook::briefing::{
    BriefingFormat, BriefingOptions, Section, build, export, html, markdown, record_of,
};
use casebook::example::example_case;
use casebook::model::{Case, Command, PartialDate};
use chrono::{TimeZone, Utc};
use std::path::Path;

fn at() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 9, 30, 0).unwrap()
}

/// Strings meant to break out of escaping in HTML, Markdown, SVG or Typst, or to hide and
/// reorder text.
const HOSTILE: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "\"><svg onload=alert(1)>",
    "' onmouseover='alert(1)",
    "javascript:alert(1)",
    "[click me](javascript:alert(1))",
    "![pixel](https://evil.example/pixel.png)",
    "<https://evil.example/auto>",
    "visit www.evil.example now",
    "mail spy@evil.example today",
    "https://evil.example/bare",
    "#set page(fill: red) #read(\"/etc/passwd\") #image(\"https://evil.example/t.png\")",
    "$x^2$ *bold* _em_ `code` <label> @ref ]) } //",
    "</style><style>body{display:none}</style>",
    "<!-- unterminated comment",
    "&lt;script&gt; already escaped",
    "| cell | break |\n# heading\n* list\n1. numbered",
    "evil\u{202E}gpj.exe",
    "zero\u{200B}width\u{FEFF}marks",
    "\u{2066}isolated\u{2069} text",
    "<iframe src=\"https://evil.example\"></iframe><object data=x><embed src=y><link rel=stylesheet href=https://evil.example/s.css><base href=https://evil.example/><meta http-equiv=refresh content=0;url=https://evil.example>",
];

fn hostile(i: usize) -> String {
    format!(
        "{} {}",
        HOSTILE[i % HOSTILE.len()],
        HOSTILE[(i + 7) % HOSTILE.len()]
    )
}

/// The example case with hostile text in every text field (set directly, as a hostile file
/// that got past no checks at all would have it).
fn hostile_case() -> Case {
    let mut case = example_case();
    let mut n = 0;
    // Long text may hold newlines; one-line fields may not (the case file refuses them).
    let mut next = |one_line: bool| {
        n += 1;
        let text = hostile(n);
        if one_line {
            text.replace('\n', " ")
        } else {
            text
        }
    };
    case.title = next(true);
    case.summary = format!("{}\n\n{}", next(false), next(false));
    case.analysts = vec![next(true), next(true)];
    for a in &mut case.actors {
        a.name = next(true);
        a.aliases = vec![next(true)];
        a.country = next(true);
        a.description = next(false);
    }
    for r in &mut case.relationships {
        r.description = next(false);
    }
    for e in &mut case.events {
        e.title = next(true);
        e.location = next(true);
        e.description = next(false);
    }
    for s in &mut case.sources {
        s.title = next(true);
        s.publisher = next(true);
        s.author = next(true);
        s.notes = next(false);
        s.language = next(true);
    }
    case.sources[0].url = "javascript:alert(1)".into();
    case.sources[1].url = "https://evil.example/\"><script>alert(1)</script>".into();
    for c in &mut case.citations {
        c.quote = next(false);
        c.locator = next(true);
    }
    for j in &mut case.judgments {
        j.rationale = format!("{}\n\n{}", next(false), next(false));
        for r in &mut j.revisions {
            r.reason = next(false);
        }
    }
    for a in &mut case.analyses {
        a.title = next(true);
        a.notes = next(false);
        for h in &mut a.hypotheses {
            h.title = next(true);
        }
    }
    case
}

fn options(case: &Case) -> BriefingOptions {
    BriefingOptions::for_case(case, at())
}

// ------------------------------------------------------------------ what a briefing says

#[test]
fn the_example_briefing_words_each_judgment_with_its_likelihood_and_confidence_apart() {
    let case = example_case();
    let b = build(&case, &options(&case));
    assert_eq!(b.tlp, "TLP:CLEAR");
    assert_eq!(b.date, "25 November 2026");
    // Four analyst judgments and one claim (the example's retracted ones would be left out).
    assert_eq!(b.key_judgments.len(), 4);
    assert_eq!(b.claims.len(), 1);
    let first = &b.key_judgments[0];
    assert_eq!(
        first.statement,
        "We assess that it is roughly even chance (45–55%) that Homeland Justice was responsible for “Cyberattack on the Albanian Parliament's data system” (25 December 2023)."
    );
    assert!(
        first
            .confidence
            .starts_with("We have low confidence in this judgment")
    );
    // Likelihood and confidence are never in one sentence: the statement names no confidence.
    for kj in b.key_judgments.iter().chain(&b.claims) {
        assert!(!kj.statement.contains("confidence"), "{}", kj.statement);
    }
    let claim = &b.claims[0];
    assert!(
        claim.statement.starts_with("Albania claims that"),
        "{}",
        claim.statement
    );
    assert!(
        claim.status.starts_with("Denied by the accused"),
        "{}",
        claim.status
    );
    // Citations are numbered by source, with their grade.
    assert!(
        first
            .citations
            .iter()
            .all(|c| c.n >= 1 && c.grade.len() == 2)
    );
    // The sources list holds every source, the cited ones first, numbered from 1.
    assert_eq!(b.sources.len(), case.sources.len());
    for (i, s) in b.sources.iter().enumerate() {
        assert_eq!(s.n, i + 1);
    }
    // The wire report says which listed sources it relays (each counted once with it), by
    // their numbers; the others relay none.
    let ap = b
        .sources
        .iter()
        .find(|s| s.publisher == "The Associated Press")
        .unwrap();
    assert_eq!(ap.relays, "Relays [1], [3], [4], [5], [6], [7].");
    assert!(b.sources.iter().filter(|s| !s.relays.is_empty()).count() == 1);
    // The chain, figures, ACH summary and methodology are there; no earlier briefing, no
    // changes section.
    assert!(!b.chains.is_empty());
    assert!(b.map.as_ref().is_some_and(|f| f.svg.contains("<svg")));
    assert!(b.timeline.as_ref().is_some_and(|f| f.svg.contains("<svg")));
    assert_eq!(b.analyses.len(), 1);
    assert!(b.analyses[0].hypotheses.iter().any(|h| h.least));
    assert!(b.methodology.is_some());
    assert!(b.changes.is_none());
    assert!(b.text_warnings.is_empty());
}

#[test]
fn the_analyst_chooses_sections_judgments_and_tlp() {
    let case = example_case();
    let mut choice = options(&case);
    choice.judgments = vec![case.judgments[2].id.clone()];
    choice.sections.remove(&Section::Map);
    choice.sections.remove(&Section::Claims);
    choice.tlp = casebook::tradecraft::Tlp::Amber;
    choice.title = "Weekly brief".into();
    let b = build(&case, &choice);
    assert_eq!(b.key_judgments.len(), 1);
    assert!(b.claims.is_empty());
    assert!(b.map.is_none());
    assert!(b.timeline.is_some());
    assert_eq!(b.tlp, "TLP:AMBER");
    let text = html::write(&b);
    assert!(text.contains("Weekly brief"));
    assert!(!text.contains("Claims by other parties"));
    assert!(!text.contains("Relationship map:"));
    // A label less strict than the case's shares less: the case's own title and summary,
    // and every object that inherits the case's marking, are left out, and the briefing says
    // nothing of it.
    let mut case = case;
    case.tlp = casebook::tradecraft::Tlp::Red;
    let mut wider = options(&case);
    wider.tlp = casebook::tradecraft::Tlp::Green;
    let b = build(&case, &wider);
    assert!(b.key_judgments.is_empty());
    assert_eq!(b.title, casebook::model::marking::WITHHELD_TITLE);
    let text = html::write(&b);
    assert!(!text.contains(&case.title) && !text.contains("left out"));
}

#[test]
fn a_second_briefing_lists_what_changed_since_the_first() {
    let mut case = example_case();
    let first = options(&case);
    let record = record_of(&case, &first, BriefingFormat::Pdf);
    case.apply(Command::SetBriefings(vec![record])).unwrap();
    // Raise an estimate with a reason, as the judgment form does, and add a source.
    let mut judgment = case.judgments[0].clone();
    judgment.revisions.push(casebook::model::Revision {
        at: at() + chrono::Duration::days(2),
        previous_likelihood: judgment.likelihood,
        previous_confidence: judgment.confidence,
        likelihood: Some(casebook::tradecraft::Likelihood::Likely),
        confidence: Some(casebook::tradecraft::Confidence::Moderate),
        reason: "A vendor report ties the wiper to Homeland Justice's 2022 tooling.".into(),
        extra: Default::default(),
    });
    judgment.likelihood = Some(casebook::tradecraft::Likelihood::Likely);
    judgment.confidence = Some(casebook::tradecraft::Confidence::Moderate);
    case.apply(Command::Put(casebook::model::CaseObject::Judgment(
        judgment,
    )))
    .unwrap();
    let mut source = case.sources[0].clone();
    source.id = casebook::model::Id::new("source--vendor-2024");
    source.title = "Vendor analysis of the Parliament wiper".into();
    source.published = Some(PartialDate::day(2024, 1, 10).unwrap());
    source.accessed = None;
    case.apply(Command::Put(casebook::model::CaseObject::Source(source)))
        .unwrap();

    let mut second = options(&case);
    second.at = at() + chrono::Duration::days(7);
    let changes = build(&case, &second).changes.expect("a changes section");
    assert_eq!(changes.since, "25 November 2026");
    let all = changes.lines.join("\n");
    assert!(
        all.contains("It was roughly even chance with low confidence; it is now likely with moderate confidence."),
        "{all}"
    );
    assert!(all.contains("Why: A vendor report ties the wiper"), "{all}");
    assert!(
        all.contains("1 new sources: Vendor analysis of the Parliament wiper."),
        "{all}"
    );
    // Undo takes the record back like any edit.
    let mut history = casebook::model::history::History::default();
    let records = case.briefings.clone();
    history
        .apply(&mut case, Command::SetBriefings(Vec::new()))
        .unwrap();
    assert!(case.briefings.is_empty());
    history.undo(&mut case).expect("an undo step");
    assert_eq!(case.briefings, records);
}

#[test]
fn a_briefing_record_survives_saving_and_opening() {
    let mut case = example_case();
    let record = record_of(&case, &options(&case), BriefingFormat::Html);
    case.apply(Command::SetBriefings(vec![record.clone()]))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("case.json");
    casebook::store::save(&case, &path).unwrap();
    let back = casebook::store::load(&path).unwrap();
    assert_eq!(back.briefings, vec![record]);
    assert_eq!(back, case);
}

// ------------------------------------------------------------------ hostile text

/// The tags and attributes a Casebook HTML briefing may hold; anything else fails.
const TAGS: &[&str] = &[
    "!doctype",
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "div",
    "span",
    "main",
    "h1",
    "h2",
    "h3",
    "p",
    "strong",
    "em",
    "br",
    "ol",
    "ul",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "figure",
    "figcaption",
    "a",
    "svg",
    "g",
    "path",
    "circle",
    "rect",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "defs",
    "marker",
    "ellipse",
];

fn attribute_names(tag: &str) -> Vec<(String, String)> {
    // Attributes of one start tag: name="value" pairs, as Casebook writes them.
    let mut out = Vec::new();
    let mut rest = tag;
    while let Some(eq) = rest.find("=\"") {
        let name = rest[..eq]
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let after = &rest[eq + 2..];
        let end = after.find('"').expect("a quoted attribute value is closed");
        out.push((name, after[..end].to_owned()));
        rest = &after[end + 1..];
    }
    out
}

fn assert_inert_html(text: &str) {
    let lower = text.to_ascii_lowercase();
    // (Case text may say "javascript:" as text; what matters is that no tag or attribute does.)
    for bad in [
        "<script",
        "<iframe",
        "<object",
        "<embed",
        "<link",
        "<base",
        "<img",
        "<image",
        "<foreignobject",
        "<use",
        "<form",
        "<input",
        "@import",
        "url(",
    ] {
        assert!(!lower.contains(bad), "active content {bad:?} in the HTML");
    }
    assert!(!text.contains('\u{202E}') && !text.contains('\u{200B}') && !text.contains('\u{2066}'));
    let mut rest = text;
    let mut links = Vec::new();
    let mut in_style = false;
    while let Some(open) = rest.find('<') {
        let close = rest[open..].find('>').expect("every tag is closed") + open;
        let tag = &rest[open + 1..close];
        rest = &rest[close + 1..];
        if in_style {
            assert!(
                tag.starts_with("/style"),
                "markup inside the style sheet: <{tag}>"
            );
            in_style = false;
            continue;
        }
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap()
            .to_ascii_lowercase();
        assert!(TAGS.contains(&name.as_str()), "unexpected tag <{tag}>");
        if name == "style" && !tag.starts_with('/') {
            in_style = true;
        }
        for (attribute, value) in attribute_names(tag) {
            assert!(!attribute.starts_with("on"), "event handler in <{tag}>");
            assert!(
                attribute != "src" && !attribute.ends_with("href") || name == "a",
                "a load in <{tag}>"
            );
            if attribute == "style" {
                assert!(
                    value.starts_with("color:#") && !value.contains("url"),
                    "style {value}"
                );
            }
            if attribute == "href" {
                links.push(value);
            }
        }
    }
    for link in links {
        assert!(
            link.starts_with("https://")
                || link.starts_with("http://")
                || link.starts_with("mailto:"),
            "link to {link}"
        );
        assert!(!link.contains('<') && !link.contains('"'));
    }
    assert!(text.contains(&format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
        html::CONTENT_SECURITY_POLICY
    )));
}

#[test]
fn hostile_text_exports_to_html_as_inert_text() {
    let case = hostile_case();
    let b = build(&case, &options(&case));
    let text = html::write(&b);
    assert_inert_html(&text);
    // What the case says is shown, escaped, and hidden characters are named and flagged.
    assert!(text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(text.contains("evil[U+202E]gpj.exe"));
    assert!(text.contains("hidden or direction-changing characters"));
    // The source with a javascript: address gets no link; the broken https one neither.
    assert!(!text.contains("href=\"javascript"));
    assert!(!text.contains("evil.example/&quot;"));
}

#[test]
fn the_example_html_is_self_contained_and_inert() {
    let case = example_case();
    let text = html::write(&build(&case, &options(&case)));
    assert_inert_html(&text);
    assert!(text.contains("TLP:CLEAR"));
    assert_eq!(text.matches("<svg").count(), 2, "both figures inline");
    for source in &case.sources {
        let title = casebook::figure::svg::xml_escape(&source.title);
        assert!(text.contains(&title), "source {title} listed");
    }
}

fn assert_inert_markdown(text: &str, figure_files: &[String]) {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    for event in Parser::new_ext(text, options) {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                panic!("raw HTML in the Markdown: {html}")
            }
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                assert!(
                    figure_files.iter().any(|f| *f == *dest_url),
                    "link or image to {dest_url}"
                );
            }
            Event::Start(Tag::Heading { .. }) | Event::Start(Tag::List(_)) => {}
            _ => {}
        }
    }
    // No autolink can start: every ':' and '@' and "www." of case text is escaped, and the
    // raw forms never appear outside code spans.
    assert!(!text.contains("javascript:"));
    assert!(!text.contains("www.evil"));
    assert!(!text.contains("spy@evil"));
    assert!(!text.contains('\u{202E}'));
}

#[test]
fn hostile_text_exports_to_markdown_with_no_markup_or_links() {
    let case = hostile_case();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("brief ing.md");
    let written = export(
        &case,
        &options(&case),
        BriefingFormat::Markdown,
        &out,
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!(written.files.len(), 5, "{:?}", written.files);
    let text = std::fs::read_to_string(&out).unwrap();
    let figures: Vec<String> = ["map.svg", "map.png", "timeline.svg", "timeline.png"]
        .iter()
        .map(|f| format!("brief%20ing-{f}"))
        .collect();
    assert_inert_markdown(&text, &figures);
    for f in ["map.svg", "map.png", "timeline.svg", "timeline.png"] {
        assert!(dir.path().join(format!("brief ing-{f}")).exists());
    }
    // Headings the case tried to open are text.
    assert!(!text.lines().any(|l| l.starts_with("# heading")));
    assert!(text.contains("evil\\[U\\+202E\\]gpj\\.exe"));
}

#[test]
fn markdown_escaping_leaves_no_punctuation_active() {
    assert_eq!(markdown::escape("a*b_c"), "a\\*b\\_c");
    assert_eq!(markdown::escape("<x>"), "\\<x\\>");
    assert_eq!(markdown::escape("www.x.y"), "www\\.x\\.y");
    assert_eq!(markdown::escape("spy@evil.example"), "spy`@`evil\\.example");
    assert_eq!(markdown::escape("Ünïcode stays"), "Ünïcode stays");
}

/// PDF name tokens that make a document do something: run script, open a link, launch a file,
/// submit a form, act on open.
const PDF_ACTIONS: &[&[u8]] = &[
    b"/JavaScript",
    b"/JS",
    b"/Launch",
    b"/URI",
    b"/OpenAction",
    b"/AA",
    b"/SubmitForm",
    b"/GoToR",
    b"/ImportData",
    b"/RichMedia",
    b"/EmbeddedFile",
];

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn assert_no_pdf_actions(bytes: &[u8]) {
    assert!(bytes.starts_with(b"%PDF-"));
    for action in PDF_ACTIONS {
        // A name token ends at a delimiter: "/JS" must not match "/JSON".
        let found = bytes.windows(action.len() + 1).any(|w| {
            &w[..action.len()] == *action
                && matches!(
                    w[action.len()],
                    b' ' | b'/' | b'<' | b'(' | b'[' | b'\n' | b'\r'
                )
        });
        assert!(!found, "the PDF holds {}", String::from_utf8_lossy(action));
    }
    // Object streams would hide dictionaries from this check: there must be none.
    assert!(
        !contains(bytes, b"/ObjStm"),
        "the PDF compresses its objects"
    );
}

#[test]
fn hostile_text_exports_to_a_pdf_with_no_actions() {
    let case = hostile_case();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("hostile.pdf");
    export(
        &case,
        &options(&case),
        BriefingFormat::Pdf,
        &out,
        &mut |_, _| {},
    )
    .unwrap();
    let bytes = std::fs::read(&out).unwrap();
    assert_no_pdf_actions(&bytes);
}

#[test]
fn arabic_script_in_the_case_prints_with_the_bundled_arabic_font() {
    let dir = tempfile::tempdir().unwrap();
    let pdf_of = |case: &Case, name: &str| {
        let out = dir.path().join(name);
        export(
            case,
            &options(case),
            BriefingFormat::Pdf,
            &out,
            &mut |_, _| {},
        )
        .unwrap();
        std::fs::read(&out).unwrap()
    };
    let latin = pdf_of(&example_case(), "latin.pdf");
    assert!(
        !contains(&latin, b"NotoSansArabic"),
        "no Arabic, no Arabic font"
    );
    let mut case = example_case();
    // "Homeland Justice" in Persian, as a group's own channel might write it.
    case.title = "عدالت میهن (Homeland Justice)".into();
    let persian = pdf_of(&case, "persian.pdf");
    assert!(
        contains(&persian, b"NotoSansArabic"),
        "the Persian title is set in the bundled Noto Sans Arabic, not left as missing glyphs"
    );
    assert_no_pdf_actions(&persian);
}

#[test]
fn the_example_exports_to_each_format_and_twice_gives_the_same_bytes() {
    let case = example_case();
    let dir = tempfile::tempdir().unwrap();
    for format in BriefingFormat::ALL {
        let out = dir.path().join(format!("brief.{}", format.extension()));
        let mut steps = Vec::new();
        let written = export(&case, &options(&case), format, &out, &mut |f, what| {
            steps.push((f, what.to_owned()))
        })
        .unwrap();
        assert_eq!(written.files[0], out);
        assert_eq!(steps.last().map(|s| s.0), Some(1.0));
        let first = std::fs::read(&out).unwrap();
        export(&case, &options(&case), format, &out, &mut |_, _| {}).unwrap();
        assert_eq!(
            first,
            std::fs::read(&out).unwrap(),
            "{format:?} is reproducible"
        );
        if format == BriefingFormat::Pdf {
            assert_no_pdf_actions(&first);
        }
    }
}

#[test]
fn an_export_to_a_folder_that_does_not_exist_fails_and_says_where() {
    let case = example_case();
    let out = Path::new("/nonexistent-casebook-folder/brief.html");
    let error = export(
        &case,
        &options(&case),
        BriefingFormat::Html,
        out,
        &mut |_, _| {},
    )
    .unwrap_err()
    .to_string();
    assert!(
        error.contains("/nonexistent-casebook-folder/brief.html"),
        "{error}"
    );
}

#[test]
fn the_command_line_writes_a_briefing_and_records_it_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let case_path = dir.path().join("case.json");
    std::fs::copy("assets/example-case.json", &case_path).unwrap();
    let out = dir.path().join("brief.html");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_casebook"))
        .env("SOURCE_DATE_EPOCH", "1795000000")
        .args(["export"])
        .arg(&case_path)
        .args(["--briefing", "html", "-o"])
        .arg(&out)
        .args(["--tlp", "amber", "--leave-out", "map", "--record"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(stdout.contains("wrote "), "{stdout}");
    assert!(stdout.contains("recorded the briefing"), "{stdout}");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("TLP:AMBER"));
    assert!(!text.contains("Relationship map:"));
    let case = casebook::store::load(&case_path).unwrap();
    assert_eq!(case.briefings.len(), 1);
    assert_eq!(case.briefings[0].format, "html");

    // An unknown judgment is refused and nothing is written.
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(["export"])
        .arg(&case_path)
        .args(["--briefing", "pdf", "-o"])
        .arg(dir.path().join("no.pdf"))
        .args(["--judgment", "judgment--nope"])
        .output()
        .unwrap();
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("no judgment judgment--nope"));
    assert!(!dir.path().join("no.pdf").exists());
}

/// The hostile case as a file a hostile party could send: every text field hostile, yet valid
/// (addresses are http(s)), so the app and the command line open it. `.ci/run` exports it with
/// the real binary and checks the results with a browser, cmark-gfm and poppler.
const HOSTILE_CASE_FILE: &str = "tests/corpus/hostile-briefing-case.json";

fn hostile_case_for_file() -> Case {
    let mut case = hostile_case();
    let example = example_case();
    for (source, original) in case.sources.iter_mut().zip(&example.sources) {
        source.url = original.url.clone();
    }
    case
}

#[test]
fn the_hostile_case_file_is_valid_and_holds_every_hostile_string() {
    let path = Path::new(HOSTILE_CASE_FILE);
    let case = hostile_case_for_file();
    if std::env::var_os("CASEBOOK_UPDATE_CORPUS").is_some() {
        casebook::store::save(&case, path).unwrap();
    }
    let on_disk = casebook::store::load(path).expect("the hostile case file opens");
    assert_eq!(
        on_disk, case,
        "run with CASEBOOK_UPDATE_CORPUS=1 to write it again"
    );
    let text = std::fs::read_to_string(path).unwrap();
    for s in HOSTILE {
        let json = serde_json::to_string(s).unwrap();
        assert!(
            text.contains(&json[1..json.len() - 1]),
            "{s:?} is in the file"
        );
    }
}

#[test]
fn the_briefing_of_an_imported_desk_bundle_says_what_the_desk_concluded() {
    // A desk's bundle: its own judgment (likely, confidence 60), a report labelled B2 about it,
    // the accused state's embassy strongly disagreeing, the desk agreeing.
    let imported = casebook::stix::import::read_bundle_with(
        include_bytes!("corpus/opinions-bundle.json"),
        "Desk bundle",
        &casebook::stix::import::ImportOptions {
            ours: vec!["Analyst Desk".into()],
        },
    )
    .unwrap();
    let case = imported.case;
    let b = build(&case, &options(&case));
    // The bottom line is the desk's conclusion, in its own likelihood and confidence.
    assert_eq!(b.key_judgments.len(), 1, "{:?}", b.key_judgments);
    let judgment = &b.key_judgments[0];
    assert!(
        judgment
            .statement
            .starts_with("We assess that it is likely (55–80%) that Grey Heron was responsible for “Ministry wiper”"),
        "{}",
        judgment.statement
    );
    assert!(
        judgment
            .confidence
            .starts_with("We have moderate confidence"),
        "{}",
        judgment.confidence
    );
    assert!(b.claims.is_empty(), "the desk's judgment is not a claim");
    // The denial is evidence against it, quoted; the report is about it, graded as labelled.
    let items = &b.evidence[0].items;
    let item = |source: &str| {
        items
            .iter()
            .find(|i| i.source.starts_with(source))
            .unwrap_or_else(|| panic!("no evidence from {source}: {items:?}"))
    };
    let denial = item("Opinion of Embassy of Ruritania");
    assert_eq!(denial.stance, "contradicts");
    assert_eq!(
        denial.quote,
        "The accusations are baseless and politically motivated."
    );
    assert_eq!(denial.grade, "not graded", "nobody graded the embassy");
    assert_eq!(item("Opinion of Analyst Desk").stance, "supports");
    let report = item("Grey Heron behind the ministry wiper");
    assert_eq!(
        (report.grade.as_str(), report.stance.as_str()),
        ("B2", "is about")
    );
    let md = markdown::write(&b, &[]);
    for words in [
        "contradicts",
        "baseless and politically motivated",
        "Reliability **not stated**",
        "Reliability **B**",
    ] {
        assert!(md.contains(words), "{words} is not in the briefing:\n{md}");
    }
    assert!(!md.contains("F6"), "no grade nobody gave:\n{md}");
}

/// The example case with technical evidence on the Parliament attack: a wiper cited by the
/// example's first source, a technique, and a technique marked TLP:RED.
fn with_technical_evidence() -> Case {
    use casebook::model::{CaseObject, Id, Technical, TechnicalKind};
    let mut case = example_case();
    let event = Id::new("event--parliament-attack");
    let mut wiper = Technical::new(
        Id::new("technical--wiper"),
        TechnicalKind::Malware,
        "ZeroCleare",
    );
    wiper.external_id = "S1151".into();
    let mut shell = Technical::new(
        Id::new("technical--shell"),
        TechnicalKind::Technique,
        "Web Shell",
    );
    shell.external_id = "T1505.003".into();
    let mut secret = Technical::new(
        Id::new("technical--secret"),
        TechnicalKind::Technique,
        "KX-RED-technique",
    );
    secret.external_id = "T1486".into();
    secret.marking.tlp = Some(casebook::tradecraft::Tlp::Red);
    let mut citation = case.citations[0].clone();
    citation.id = Id::new("citation--wiper");
    citation.cites = wiper.id.clone();
    let mut attack = case.event(&event).unwrap().clone();
    attack.technical = vec![wiper.id.clone(), shell.id.clone(), secret.id.clone()];
    case.apply(Command::Import {
        objects: vec![
            CaseObject::Technical(wiper),
            CaseObject::Technical(shell),
            CaseObject::Technical(secret),
            CaseObject::Citation(citation),
            CaseObject::Event(attack),
        ],
        stix_objects: Vec::new(),
    })
    .unwrap();
    case
}

#[test]
fn the_briefing_shows_each_judgments_technical_evidence_and_the_ranking_only_when_asked() {
    let case = with_technical_evidence();
    let mut options = options(&case);
    let text = markdown::write(&build(&case, &options), &[]);
    assert!(
        text.contains("| Kind | Technique, software or artefact | ID | Sources |"),
        "{text}"
    );
    // The wiper with its source, numbered as the judgments' sources are, and its grade.
    assert!(
        text.contains("| malware | ZeroCleare | S1151 | \\[2\\] B2 |"),
        "{text}"
    );
    assert!(text.contains("| technique | Web Shell | T1505\\.003 | none cited |"));
    assert!(
        !text.contains("Who else works this way"),
        "not unless the analyst asks"
    );
    options.sections.insert(Section::Overlap);
    options.library = Some(std::sync::Arc::new(casebook::attack::Library::built_in()));
    let text = markdown::write(&build(&case, &options), &[]);
    assert!(text.contains("## Who else works this way"));
    assert!(text.contains("A match is a lead"), "the caveat");
    assert!(
        text.contains("OilRig \\(G0049\\)"),
        "ATT&CK records ZeroCleare as OilRig's"
    );
    // At TLP:CLEAR the case is TLP:CLEAR but the RED technique is not: it is in neither the
    // table nor the ranking's reasons.
    assert_eq!(case.tlp, casebook::tradecraft::Tlp::Clear);
    assert!(!text.contains("KX"));
    assert!(!text.contains("T1486"), "{text}");
    // At TLP:RED it is.
    options.tlp = casebook::tradecraft::Tlp::Red;
    let text = markdown::write(&build(&case, &options), &[]);
    assert!(text.contains("| technique | KX"), "{text}");
    assert!(text.contains("T1486"));
}
