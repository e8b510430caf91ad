//! What a producer stated about its own data, read where producers put it: Admiralty grades in
//! labels (`admiralty:B2`), in MISP's `admiralty-scale` taxonomy tags and in OpenCTI's
//! `x_opencti_reliability` (on the object or in OpenCTI's extension); STIX `confidence` checked against the 0–100 range it must be in;
//! and the ICD 203 likelihood in the producer's own wording.

use crate::checks::wording::likelihood_terms;
use crate::tradecraft::{Credibility, Likelihood, Reliability};
use serde_json::{Map, Value};

/// An Admiralty grade as a producer stated it; either half may be missing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StatedGrade {
    pub reliability: Option<Reliability>,
    pub credibility: Option<Credibility>,
}

fn reliability_of_letter(letter: char) -> Option<Reliability> {
    Some(match letter.to_ascii_uppercase() {
        'A' => Reliability::A,
        'B' => Reliability::B,
        'C' => Reliability::C,
        'D' => Reliability::D,
        'E' => Reliability::E,
        'F' => Reliability::F,
        _ => return None,
    })
}

fn credibility_of_digit(digit: char) -> Option<Credibility> {
    Some(match digit {
        '1' => Credibility::Confirmed,
        '2' => Credibility::ProbablyTrue,
        '3' => Credibility::PossiblyTrue,
        '4' => Credibility::Doubtful,
        '5' => Credibility::Improbable,
        '6' => Credibility::CannotBeJudged,
        _ => return None,
    })
}

/// The grade in an object's `labels`: `admiralty:B2` (or `admiralty:B`, `admiralty:2`), and
/// MISP's machine tags `admiralty-scale:source-reliability="b"` and
/// `admiralty-scale:information-credibility="2"`.
pub fn grade_in_labels(object: &Map<String, Value>) -> StatedGrade {
    let mut grade = StatedGrade::default();
    let labels = object.get("labels").and_then(Value::as_array);
    for label in labels.into_iter().flatten().filter_map(Value::as_str) {
        let label = label.trim();
        let lower = label.to_ascii_lowercase();
        if let Some(code) = lower.strip_prefix("admiralty:") {
            let mut chars = code.trim().chars();
            match (chars.next(), chars.next(), chars.next()) {
                (Some(l), Some(d), None) => {
                    grade.reliability = grade.reliability.or(reliability_of_letter(l));
                    grade.credibility = grade.credibility.or(credibility_of_digit(d));
                }
                (Some(c), None, None) => {
                    grade.reliability = grade.reliability.or(reliability_of_letter(c));
                    grade.credibility = grade.credibility.or(credibility_of_digit(c));
                }
                _ => {}
            }
        } else if let Some((predicate, value)) = lower
            .strip_prefix("admiralty-scale:")
            .and_then(|rest| rest.split_once('='))
        {
            let value = value.trim().trim_matches('"');
            let mut chars = value.chars();
            let (Some(first), None) = (chars.next(), chars.next()) else {
                continue;
            };
            match predicate.trim() {
                "source-reliability" => {
                    grade.reliability = grade.reliability.or(reliability_of_letter(first));
                }
                "information-credibility" => {
                    grade.credibility = grade.credibility.or(credibility_of_digit(first));
                }
                _ => {}
            }
        }
    }
    grade
}

/// OpenCTI's `x_opencti_reliability` ("B - Usually reliable", or just "B").
pub fn opencti_reliability(object: &Map<String, Value>) -> Option<Reliability> {
    let value = object
        .get("x_opencti_reliability")
        .or_else(|| {
            object
                .get("extensions")?
                .get(crate::stix::OPENCTI_EXTENSION)?
                .get("reliability")
        })?
        .as_str()?
        .trim();
    let mut chars = value.chars();
    let letter = chars.next()?;
    match chars.next() {
        None | Some(' ' | '-' | '—' | '–') => reliability_of_letter(letter),
        _ => None,
    }
}

/// An object's STIX `confidence`: `Ok(None)` when it has none, `Err` with what it holds when
/// that is not a whole number from 0 to 100.
pub fn confidence(object: &Map<String, Value>) -> Result<Option<u64>, String> {
    match object.get("confidence") {
        None | Some(Value::Null) => Ok(None),
        Some(value) => match value.as_u64() {
            Some(n) if n <= 100 => Ok(Some(n)),
            _ => Err(value.to_string().chars().take(40).collect()),
        },
    }
}

/// The likelihood the producer's own words state, with the words: the first ICD 203 term of
/// the text (and every other term it uses, for the review).
pub fn likelihood_in_words(text: &str) -> Option<(Likelihood, Vec<&'static str>)> {
    let terms = likelihood_terms(text);
    let first = terms.first()?;
    let mut words: Vec<&'static str> = terms.iter().map(|t| t.term).collect();
    words.dedup();
    Some((first.likelihood, words))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn object(value: Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    #[test]
    fn grades_are_read_where_producers_put_them() {
        let o = object(json!({"labels": ["apt", "admiralty:B2"]}));
        assert_eq!(
            grade_in_labels(&o),
            StatedGrade {
                reliability: Some(Reliability::B),
                credibility: Some(Credibility::ProbablyTrue)
            }
        );
        let misp = object(json!({"labels": [
            "admiralty-scale:source-reliability=\"c\"",
            "admiralty-scale:information-credibility=\"3\""
        ]}));
        assert_eq!(
            grade_in_labels(&misp),
            StatedGrade {
                reliability: Some(Reliability::C),
                credibility: Some(Credibility::PossiblyTrue)
            }
        );
        assert_eq!(
            grade_in_labels(&object(json!({"labels": ["admiralty:Z9", "admiralty"]}))),
            StatedGrade::default()
        );
        let author = object(json!({"x_opencti_reliability": "E - Unreliable"}));
        assert_eq!(opencti_reliability(&author), Some(Reliability::E));
        let odd = object(json!({"x_opencti_reliability": "Excellent"}));
        assert_eq!(opencti_reliability(&odd), None);
    }

    #[test]
    fn confidence_outside_the_scale_is_an_error_not_a_default() {
        assert_eq!(confidence(&object(json!({"confidence": 50}))), Ok(Some(50)));
        assert_eq!(confidence(&object(json!({}))), Ok(None));
        for bad in [json!(-1), json!(101), json!("high"), json!(50.5)] {
            assert!(confidence(&object(json!({ "confidence": bad }))).is_err());
        }
    }

    #[test]
    fn the_likelihood_comes_from_the_producers_words() {
        let (likelihood, words) =
            likelihood_in_words("We assess it is likely that the group did it.").unwrap();
        assert_eq!((likelihood, words), (Likelihood::Likely, vec!["likely"]));
        assert_eq!(likelihood_in_words("The group did it."), None);
    }
}
