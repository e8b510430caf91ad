//! Reading estimative language in free text: where a text uses an ICD 203 likelihood term
//! (from either row of the table) and where it states a confidence level, sentence by sentence.
//! Matching is by whole words, longest phrase first, so "unlikely" is never read as "likely".

use crate::tradecraft::{Confidence, Likelihood};

/// Which row of the ICD 203 table a term comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TermRow {
    /// almost no chance, very unlikely, unlikely, roughly even chance, likely, …
    First,
    /// remote, highly improbable, improbable, roughly even odds, probable, …
    Second,
}

/// One likelihood term found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermUse {
    pub term: &'static str,
    pub likelihood: Likelihood,
    pub row: TermRow,
    /// Which sentence of the text it is in, from 0.
    pub sentence: usize,
}

/// The phrases read as likelihood terms, longest first within each group that shares words.
const TERMS: &[(&str, Likelihood, TermRow)] = &[
    (
        "almost no chance",
        Likelihood::AlmostNoChance,
        TermRow::First,
    ),
    ("very unlikely", Likelihood::VeryUnlikely, TermRow::First),
    (
        "roughly even chance",
        Likelihood::RoughlyEvenChance,
        TermRow::First,
    ),
    ("very likely", Likelihood::VeryLikely, TermRow::First),
    (
        "almost certainly",
        Likelihood::AlmostCertain,
        TermRow::First,
    ),
    ("almost certain", Likelihood::AlmostCertain, TermRow::First),
    ("unlikely", Likelihood::Unlikely, TermRow::First),
    ("likely", Likelihood::Likely, TermRow::First),
    // "remote" alone is everyday technical language (remote access); only its estimative uses.
    ("remote chance", Likelihood::AlmostNoChance, TermRow::Second),
    (
        "remote possibility",
        Likelihood::AlmostNoChance,
        TermRow::Second,
    ),
    (
        "remote likelihood",
        Likelihood::AlmostNoChance,
        TermRow::Second,
    ),
    (
        "highly improbable",
        Likelihood::VeryUnlikely,
        TermRow::Second,
    ),
    (
        "roughly even odds",
        Likelihood::RoughlyEvenChance,
        TermRow::Second,
    ),
    ("highly probable", Likelihood::VeryLikely, TermRow::Second),
    (
        "nearly certainly",
        Likelihood::AlmostCertain,
        TermRow::Second,
    ),
    ("nearly certain", Likelihood::AlmostCertain, TermRow::Second),
    ("improbable", Likelihood::Unlikely, TermRow::Second),
    ("probable", Likelihood::Likely, TermRow::Second),
    ("probably", Likelihood::Likely, TermRow::Second),
];

/// Words that, next to "confidence" or "confident", state a confidence level.
const LEVEL_WORDS: &[&str] = &[
    "high",
    "higher",
    "moderate",
    "medium",
    "low",
    "lower",
    "highly",
    "moderately",
];

/// Splits a text into sentences: at . ! ? followed by a space or the end, and at line breaks.
/// A semicolon joins two clauses of one sentence, as an editor reads it.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, ch) in text.char_indices() {
        let end_here = match ch {
            '\n' => true,
            '.' => {
                bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace())
                    && !ends_with_abbreviation(&text[start..i])
            }
            '!' | '?' => bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace()),
            _ => false,
        };
        if end_here {
            let sentence = text[start..=i].trim();
            if !sentence.is_empty() {
                out.push(sentence);
            }
            start = i + ch.len_utf8();
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// Whether the text before a full stop ends with an abbreviation that does not end a sentence.
fn ends_with_abbreviation(before: &str) -> bool {
    const ABBREVIATIONS: &[&str] = &[
        "e.g", "i.e", "cf", "vs", "mr", "mrs", "ms", "dr", "no", "st", "p", "pp", "para", "approx",
        "u.s", "u.k", "fig",
    ];
    let last = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("")
        .to_lowercase();
    ABBREVIATIONS.contains(&last.as_str())
}

/// The words of a sentence, lower-cased, letters, digits and hyphens only.
pub fn words(sentence: &str) -> Vec<std::borrow::Cow<'_, str>> {
    sentence
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
        .flat_map(|w| w.split('-'))
        .filter(|w| !w.is_empty())
        .map(|w| {
            // Most words are lower case already: no copy for them.
            if w.chars().any(char::is_uppercase) {
                std::borrow::Cow::Owned(w.to_lowercase())
            } else {
                std::borrow::Cow::Borrowed(w)
            }
        })
        .collect()
}

/// The likelihood terms of one stretch of words (a clause of sentence `sentence`, or all of
/// it), in order.
fn terms_in(text: &str, sentence: usize) -> Vec<TermUse> {
    let words = words(text);
    let mut out = Vec::new();
    let mut at = 0;
    while at < words.len() {
        // Word by word, without allocating: this runs for every word of every text.
        let found = TERMS.iter().find(|(phrase, _, _)| {
            phrase
                .split(' ')
                .enumerate()
                .all(|(n, part)| words.get(at + n).is_some_and(|w| w == part))
        });
        match found {
            Some(&(term, likelihood, row)) => {
                out.push(TermUse {
                    term,
                    likelihood,
                    row,
                    sentence,
                });
                at += term.split(' ').count();
            }
            None => at += 1,
        }
    }
    out
}

/// The likelihood terms a text uses, in order.
pub fn likelihood_terms(text: &str) -> Vec<TermUse> {
    let mut out = Vec::new();
    for (index, sentence) in sentences(text).into_iter().enumerate() {
        out.extend(terms_in(sentence, index));
    }
    out
}

/// Words that join two clauses, each of which may state its own estimate ("…was probable, and
/// it is unlikely that…"): after a comma, or before words that open a new statement.
const CLAUSE_JOINS: &[&str] = &[
    "and", "but", "while", "whereas", "although", "though", "yet", "or",
];

/// Words that, after a joining word with no comma before it, open a new statement ("and it is
/// unlikely that…", "but we judge…").
const CLAUSE_OPENERS: &[&str] = &["it", "we", "there", "this", "that"];

/// The clauses of a sentence, as an editor reads them: split at semicolons and at a joining
/// word ("and", "but", "whereas") after a comma or before a word that opens a new statement.
pub fn clauses(sentence: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for part in sentence.split(';') {
        let mut start = 0;
        let mut cursor = 0;
        while let Some(space) = part[cursor..].find(' ') {
            let at = cursor + space;
            cursor = at + 1;
            let rest = &part[at + 1..];
            let word_end = rest.find([' ', ',']).unwrap_or(rest.len());
            let word = rest[..word_end].to_lowercase();
            if !CLAUSE_JOINS.contains(&word.as_str()) {
                continue;
            }
            let after_comma = part[..at].ends_with(',');
            let next = rest[word_end..]
                .trim_start_matches([' ', ','])
                .split(' ')
                .next()
                .unwrap_or("")
                .to_lowercase();
            if after_comma || CLAUSE_OPENERS.contains(&next.as_str()) {
                let clause = part[start..at]
                    .trim_start_matches([' ', ','])
                    .trim_end_matches([' ', ',']);
                if !clause.is_empty() {
                    out.push(clause);
                }
                // The joining word belongs to neither clause.
                start = at + 1 + word_end;
            }
        }
        let clause = part[start..].trim_start_matches([' ', ',']).trim();
        if !clause.is_empty() {
            out.push(clause);
        }
    }
    out
}

/// Whether a stretch of text names one of `names` (each as lower-cased words joined by
/// spaces), by whole words.
fn names_one_of(text: &str, names: &[String]) -> bool {
    let joined = words(text).join(" ");
    names.iter().filter(|n| !n.is_empty()).any(|name| {
        joined.match_indices(name.as_str()).any(|(at, _)| {
            let before = at == 0 || joined.as_bytes()[at - 1] == b' ';
            let end = at + name.len();
            before && (end == joined.len() || joined.as_bytes()[end] == b' ')
        })
    })
}

/// The lower-cased words of a name joined by spaces, as [`names_one_of`] compares them.
pub fn name_key(name: &str) -> String {
    words(name).join(" ")
}

/// The likelihood terms of a rationale that state its judgment, each with the clause it was read
/// in: in each sentence, the clauses that name the judgment's actor (`actor_names`, as
/// [`name_key`] makes them) if any clause of the text with a term does; else the first clause
/// with a term of each sentence (the main statement). A term in another clause states the
/// likelihood of something else (an alternative, a part of the story) and is not compared.
pub fn terms_stating_the_judgment(text: &str, actor_names: &[String]) -> Vec<(TermUse, String)> {
    let mut per_sentence: Vec<Vec<(bool, Vec<TermUse>, &str)>> = Vec::new();
    let mut any_named = false;
    for (index, sentence) in sentences(text).into_iter().enumerate() {
        let mut found = Vec::new();
        for clause in clauses(sentence) {
            let terms = terms_in(clause, index);
            if terms.is_empty() {
                continue;
            }
            let named = names_one_of(clause, actor_names);
            any_named |= named;
            found.push((named, terms, clause));
        }
        per_sentence.push(found);
    }
    let mut out = Vec::new();
    for found in per_sentence {
        let chosen: Vec<&(bool, Vec<TermUse>, &str)> = if any_named {
            found.iter().filter(|(named, _, _)| *named).collect()
        } else {
            found.iter().take(1).collect()
        };
        for (_, terms, clause) in chosen {
            out.extend(terms.iter().map(|t| (t.clone(), (*clause).to_owned())));
        }
    }
    out
}

/// Whether a sentence states a confidence level ("moderate confidence", "we are highly
/// confident", "confidence in this is low").
pub fn states_confidence(sentence: &str) -> bool {
    let words = words(sentence);
    words.iter().enumerate().any(|(i, w)| {
        if w != "confidence" && w != "confident" {
            return false;
        }
        let from = i.saturating_sub(2);
        let to = (i + 6).min(words.len());
        words[from..to]
            .iter()
            .any(|near| LEVEL_WORDS.contains(&near.as_ref()))
    })
}

/// The confidence levels a sentence states, with the words that state them ("moderate
/// confidence", "highly confident", "confidence … is low"): the level word nearest before
/// "confidence" or "confident", else the first within six words after it.
pub fn stated_confidence(sentence: &str) -> Vec<(Confidence, String)> {
    let level = |w: &str| match w {
        "high" | "highly" => Some(Confidence::High),
        "moderate" | "moderately" | "medium" => Some(Confidence::Moderate),
        "low" => Some(Confidence::Low),
        _ => None,
    };
    let words = words(sentence);
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if w != "confidence" && w != "confident" {
            continue;
        }
        let before = (i.saturating_sub(2)..i)
            .rev()
            .find_map(|at| level(&words[at]).map(|l| (l, format!("{} {w}", words[at]))));
        let after = || {
            (i + 1..(i + 7).min(words.len()))
                .find_map(|at| level(&words[at]).map(|l| (l, format!("{w} … {}", words[at]))))
        };
        if let Some(found) = before.or_else(after) {
            out.push(found);
        }
    }
    out
}

/// The confidence levels a rationale states for its judgment, each with its words and the
/// clause it was read in: those in clauses that name the judgment's actor (`actor_names`, as
/// [`name_key`] makes them) if any does; else every one ("We hold this with moderate
/// confidence" names no one and speaks of the judgment).
pub fn confidence_stating_the_judgment(
    text: &str,
    actor_names: &[String],
) -> Vec<(Confidence, String, String)> {
    let mut found = Vec::new();
    for sentence in sentences(text) {
        for clause in clauses(sentence) {
            let stated = stated_confidence(clause);
            if !stated.is_empty() {
                found.push((names_one_of(clause, actor_names), stated, clause));
            }
        }
    }
    let any_named = found.iter().any(|(named, _, _)| *named);
    found
        .into_iter()
        .filter(|(named, _, _)| *named || !any_named)
        .flat_map(|(_, stated, clause)| {
            stated
                .into_iter()
                .map(move |(level, words)| (level, words, clause.to_owned()))
        })
        .collect()
}

/// Hedges with no calibrated meaning ("might", "may have", "could possibly", "perhaps"), each
/// with the words that must follow or precede it to be one: "could" alone states a capability
/// ("the wiper could brute-force file names") and "may" alone a permission ("recipients may
/// share it"), so neither is a hedge.
const HEDGES: &[&[&str]] = &[
    &["could", "possibly"],
    &["could", "have"],
    &["could", "be"],
    &["may", "have"],
    &["may", "be"],
    &["may", "well"],
    &["might"],
    &["perhaps"],
    &["possibly"],
    &["maybe"],
    &["conceivably"],
    &["it", "is", "possible", "that"],
    &["it's", "possible", "that"],
    &["it", "is", "conceivable", "that"],
];

/// The uncalibrated hedges of a sentence, as written ("might", "may have"), when the sentence
/// states no ICD 203 likelihood as well: a hedge beside a calibrated term only softens it.
pub fn uncalibrated_hedges(sentence: &str) -> Vec<String> {
    uncalibrated_hedges_of(&words(sentence), !terms_in(sentence, 0).is_empty())
}

/// As [`uncalibrated_hedges`], for a sentence's words, told whether it states an ICD 203
/// likelihood (the caller has found its terms already).
pub fn uncalibrated_hedges_of(
    words: &[std::borrow::Cow<'_, str>],
    states_likelihood: bool,
) -> Vec<String> {
    if states_likelihood {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut at = 0;
    while at < words.len() {
        let found = HEDGES.iter().find(|hedge| {
            hedge
                .iter()
                .enumerate()
                .all(|(n, part)| words.get(at + n).is_some_and(|w| w == part))
        });
        match found {
            Some(hedge) => {
                out.push(hedge.join(" "));
                at += hedge.len();
            }
            None => at += 1,
        }
    }
    out
}

/// Verbs that state who did something, as a fact: "ordered", "was behind", "carried out".
const DEED_VERBS: &[&[&str]] = &[
    &["ordered"],
    &["orders"],
    &["directed"],
    &["conducted"],
    &["carried", "out"],
    &["carries", "out"],
    &["launched"],
    &["ran"],
    &["was", "behind"],
    &["were", "behind"],
    &["is", "behind"],
    &["are", "behind"],
    &["wiped"],
    &["attacked"],
    &["hacked"],
    &["breached"],
    &["deployed"],
    &["sponsored"],
    &["orchestrated"],
    &["perpetrated"],
    &["compromised"],
    &["sabotaged"],
    &["stole"],
    &["hijacked"],
    &["destroyed"],
    &["disrupted"],
    &["was", "responsible"],
    &["were", "responsible"],
    &["is", "responsible"],
    &["are", "responsible"],
];

/// Words that make a sentence reporting or an analytic statement rather than a bare statement
/// of fact: whose words these are ("according to", "said", "claimed", "declared"), or that it is
/// the analyst's judgment ("we assess").
const NOT_BARE: &[&str] = &[
    "according",
    "said",
    "says",
    "say",
    "claimed",
    "claims",
    "claim",
    "declared",
    "declares",
    "stated",
    "states",
    "reported",
    "reports",
    "announced",
    "alleged",
    "allegedly",
    "accused",
    "accuses",
    "blamed",
    "blames",
    "attributed",
    "attributes",
    "named",
    "names",
    "denied",
    "denies",
    "deny",
    "wrote",
    "writes",
    "relayed",
    "relays",
    "told",
    "assess",
    "assessed",
    "judge",
    "judged",
    "estimate",
    "believe",
    "suspect",
    "suspected",
    "whether",
    "if",
];

/// Words before a name that make it a place or a victim, not who did it ("in Ukraine", "against
/// Georgia").
const PLACE_WORDS: &[&str] = &[
    "in", "at", "of", "on", "against", "to", "from", "into", "across", "for", "with", "inside",
    "within", "near", "over",
];

/// An attribution stated as bare fact: a sentence that names an actor and a deed
/// ("ordered", "wiped", "was behind") with no estimative term, no hedge and no word that makes
/// it reporting or an analytic judgment. Gives the actor's name and the deed, as written.
/// `names` is asked for only when a sentence holds a deed, so a case whose text states none
/// never builds the index of its actors' names.
pub fn bare_attribution<'a>(
    sentence: &str,
    names: &dyn Fn() -> &'a ActorNames,
) -> Option<(String, String)> {
    let words = words(sentence);
    let (deed_at, deed) = bare_deed(sentence, &words)?;
    let deed_end = deed_at + deed.len();
    let deed = deed.join(" ");
    let names = names();
    // The longest name that starts at `i` and ends by `end`, so "Sandworm Team" is read before
    // "Sandworm".
    let name_at = |i: usize, end: usize| {
        (1..=names.longest.min(end.saturating_sub(i)))
            .rev()
            .map(|n| words[i..i + n].join(" "))
            .find(|candidate| names.names.contains(candidate))
    };
    // Who did it: the subject before the deed ("Moscow ordered", not "banks in Ukraine were
    // disrupted"), or the agent after it ("was carried out by Iran"), not a victim or a place.
    let subject = (0..deed_at).find_map(|i| {
        if i > 0 && PLACE_WORDS.contains(&words[i - 1].as_ref()) {
            return None;
        }
        name_at(i, deed_at)
    });
    let agent = || {
        (deed_end + 1..words.len())
            .filter(|&i| words[i - 1] == "by")
            .find_map(|i| name_at(i, words.len()))
    };
    let actor = subject.or_else(agent)?;
    Some((as_written(sentence, &actor), as_written(sentence, &deed)))
}

/// Where a sentence states a deed with nothing that makes it reporting, a judgment or a hedge:
/// the deed's position and words. A sentence without one cannot be a bare attribution.
fn bare_deed(
    sentence: &str,
    words: &[std::borrow::Cow<'_, str>],
) -> Option<(usize, &'static [&'static str])> {
    let found = (0..words.len()).find_map(|i| {
        DEED_VERBS
            .iter()
            .find(|verb| {
                verb.iter()
                    .enumerate()
                    .all(|(n, part)| words.get(i + n).is_some_and(|w| w == part))
            })
            .map(|verb| (i, *verb))
    })?;
    let states_likelihood = !terms_in(sentence, 0).is_empty();
    if states_likelihood
        || words.iter().any(|w| NOT_BARE.contains(&w.as_ref()))
        || !uncalibrated_hedges_of(words, states_likelihood).is_empty()
        || states_confidence(sentence)
    {
        return None;
    }
    Some(found)
}

/// The words of the sentences of `text` that could be bare attributions (they state a deed):
/// only names starting with one of these need indexing.
pub fn words_of_deed_sentences(text: &str, into: &mut std::collections::HashSet<String>) {
    for sentence in sentences(text) {
        let words = words(sentence);
        if bare_deed(sentence, &words).is_some() {
            into.extend(words.into_iter().map(|w| w.into_owned()));
        }
    }
}

/// The first word of a name as [`ActorNames`] keeps it, lower-cased.
pub fn first_name_word(name: &str) -> Option<String> {
    name.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .find(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// A phrase found by its lower-cased words, as the sentence writes it ("Moscow", not
/// "moscow"), where it can be found so; else as given.
fn as_written(sentence: &str, phrase: &str) -> String {
    let lower = sentence.to_lowercase();
    match lower.find(phrase) {
        Some(at) if lower.len() == sentence.len() && sentence.is_char_boundary(at) => {
            sentence[at..at + phrase.len()].to_owned()
        }
        _ => phrase.to_owned(),
    }
}

/// The names a text may use for actors, each as its lower-cased words joined by spaces (a case
/// may hold tens of thousands: each is found by a lookup, not a scan).
#[derive(Default)]
pub struct ActorNames {
    names: std::collections::HashSet<String>,
    /// The most words in one name.
    longest: usize,
}

impl ActorNames {
    /// The countries of the reference table by name and capital ("Russia", "Moscow").
    pub fn of_countries() -> Self {
        let mut names = Self::default();
        for country in crate::reference::countries() {
            names.add(country.name);
            names.add(country.capital);
        }
        names
    }

    /// Adds a name ("Sandworm Team", "Moscow"), as its words, lower-cased, joined by spaces
    /// (as [`words`] splits a sentence), in one pass: a case may hold a hundred thousand.
    pub fn add(&mut self, name: &str) {
        let mut joined = String::with_capacity(name.len());
        let mut count = 0;
        for part in name
            .split(|c: char| !(c.is_alphanumeric() || c == '\''))
            .filter(|w| !w.is_empty())
        {
            if count > 0 {
                joined.push(' ');
            }
            count += 1;
            if part.chars().any(char::is_uppercase) {
                joined.extend(part.chars().flat_map(char::to_lowercase));
            } else {
                joined.push_str(part);
            }
        }
        if count > 0 {
            self.longest = self.longest.max(count);
            self.names.insert(joined);
        }
    }
}

/// The sentences (by index and text) that hold both a likelihood term and a confidence level;
/// `terms` are the text's likelihood terms ([`likelihood_terms`]), found once by the caller.
pub fn mixed_sentences(text: &str, terms: &[TermUse]) -> Vec<(usize, String)> {
    if terms.is_empty() {
        return Vec::new();
    }
    sentences(text)
        .into_iter()
        .enumerate()
        .filter(|(i, s)| terms.iter().any(|t| t.sentence == *i) && states_confidence(s))
        .map(|(i, s)| (i, s.to_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_terms_by_whole_words_longest_first() {
        let terms = likelihood_terms(
            "It is very unlikely that this was an accident. Unlikely-looking, yes; but likely planned. The likelihood is remote access.",
        );
        let found: Vec<(&str, usize)> = terms.iter().map(|t| (t.term, t.sentence)).collect();
        assert_eq!(
            found,
            vec![("very unlikely", 0), ("unlikely", 1), ("likely", 1)],
            "a semicolon joins one sentence"
        );
        assert_eq!(terms[0].likelihood, Likelihood::VeryUnlikely);
        let second = likelihood_terms("A remote possibility; it is probably state-directed.");
        assert_eq!(second.len(), 2);
        assert!(second.iter().all(|t| t.row == TermRow::Second));
    }

    #[test]
    fn reads_clauses_as_an_editor_does() {
        assert_eq!(
            clauses("X was probable, and it is unlikely that Y helped; we doubt Z."),
            vec![
                "X was probable",
                "it is unlikely that Y helped",
                "we doubt Z."
            ]
        );
        assert_eq!(
            clauses("The attack was likely planned and it is very likely that B did it."),
            vec![
                "The attack was likely planned",
                "it is very likely that B did it."
            ]
        );
        assert_eq!(
            clauses("Banks and utilities were hit and stayed offline."),
            vec!["Banks and utilities were hit and stayed offline."],
            "a joining word inside a clause does not split it"
        );
    }

    #[test]
    fn finds_confidence_statements_and_only_those() {
        assert!(states_confidence("We have moderate confidence in this."));
        assert!(states_confidence("We are highly confident."));
        assert!(states_confidence("Our confidence in this is low."));
        assert!(states_confidence("High-confidence judgment."));
        assert!(!states_confidence(
            "Confidence-building measures were agreed."
        ));
        assert!(!states_confidence("The low-level operator had no access."));
    }

    #[test]
    fn flags_a_sentence_that_holds_both_but_not_two_sentences() {
        let bad = "We assess with high confidence that the attack was likely the work of Homeland Justice.";
        assert_eq!(mixed_sentences(bad, &likelihood_terms(bad)).len(), 1);
        let good = "We assess that the attack was likely the work of Homeland Justice. We have moderate confidence in this judgment.";
        assert!(mixed_sentences(good, &likelihood_terms(good)).is_empty());
        assert_eq!(
            sentences("One. Two; three\nfour e.g. five"),
            vec!["One.", "Two; three", "four e.g. five"]
        );
        // A semicolon joins one sentence: the likelihood and the confidence are still together.
        let joined = "We assess it is very unlikely that the leak was an accident; we have high confidence in this.";
        assert_eq!(mixed_sentences(joined, &likelihood_terms(joined)).len(), 1);
    }

    #[test]
    fn reads_the_confidence_a_sentence_states() {
        let levels = |s: &str| -> Vec<Confidence> {
            stated_confidence(s).into_iter().map(|(c, _)| c).collect()
        };
        assert_eq!(
            levels("We hold this with moderate confidence."),
            vec![Confidence::Moderate]
        );
        assert_eq!(
            levels("We are highly confident of it."),
            vec![Confidence::High]
        );
        assert_eq!(
            levels("Our confidence in this is low."),
            vec![Confidence::Low]
        );
        assert_eq!(
            stated_confidence("We have high confidence that the low-level operator acted alone.")
                [0]
            .1,
            "high confidence"
        );
        assert!(levels("Public confidence in the banks fell.").is_empty());
        assert!(levels("A high-profile attack.").is_empty());
    }

    #[test]
    fn finds_attributions_stated_as_fact_and_not_reporting_or_judgments() {
        let mut names = ActorNames::default();
        for name in ["GRU", "Moscow", "Sandworm Team", "Iran", "Ukraine"] {
            names.add(name);
        }
        for (sentence, found) in [
            (
                "The GRU wiped the modems to cut military communications.",
                Some(("GRU", "wiped")),
            ),
            ("Moscow ordered the attack.", Some(("Moscow", "ordered"))),
            (
                "Sandworm Team was behind the outage.",
                Some(("Sandworm Team", "was behind")),
            ),
            (
                "According to Viasat's overview, the GRU wiped the modems.",
                None,
            ),
            (
                "The government declared that Moscow ordered the attack.",
                None,
            ),
            (
                "We assess it is likely that the GRU wiped the modems.",
                None,
            ),
            ("The GRU might have wiped the modems.", None),
            ("The modems were wiped on 24 February.", None),
            ("The GRU has the means to wipe modems.", None),
            (
                "The attack on the port was carried out by Iran.",
                Some(("Iran", "carried out")),
            ),
            ("The outage disrupted banks in Ukraine.", None),
            ("Power stations in Ukraine were disrupted for hours.", None),
        ] {
            let got = bare_attribution(sentence, &|| &names);
            assert_eq!(
                got.as_ref().map(|(a, d)| (a.as_str(), d.as_str())),
                found,
                "{sentence}"
            );
        }
    }

    #[test]
    fn finds_hedges_with_no_calibrated_meaning_and_not_capabilities_or_permissions() {
        for (sentence, hedges) in [
            (
                "The attackers might have used stolen credentials.",
                vec!["might"],
            ),
            (
                "The backdoor could possibly be reused.",
                vec!["could possibly"],
            ),
            (
                "The operators may have used the backdoor.",
                vec!["may have"],
            ),
            (
                "Perhaps the operators meant to destroy evidence.",
                vec!["perhaps"],
            ),
            (
                "It is possible that the group sold access.",
                vec!["it is possible that"],
            ),
            ("The wiper could brute-force file names.", vec![]),
            (
                "Recipients may share this within their organisation.",
                vec![],
            ),
            ("Recovery was not possible without backups.", vec![]),
            ("It is likely that the group might return.", vec![]),
        ] {
            assert_eq!(uncalibrated_hedges(sentence), hedges, "{sentence}");
        }
    }
}
