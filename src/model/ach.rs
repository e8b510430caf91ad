//! Analysis of Competing Hypotheses (Heuer): for one incident, the candidate attributions in
//! columns and the cited evidence in rows, each cell rating how the evidence bears on the
//! hypothesis. The inconsistency score of a hypothesis sums its I and II ratings (II counting
//! double), each times the evidence's weight; the hypothesis with the least inconsistency
//! survives best. Evidence rated the same against every hypothesis has no diagnostic value.
//!
//! An analysis is one object of the case, so every cell edit is one command and undoes as one.

use super::{Case, Extra, Id};
use crate::tradecraft::{Credibility, scale};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

scale! {
    /// How one item of evidence bears on one hypothesis.
    Consistency {
        VeryConsistent => ("CC", "CC", "Very consistent"),
        Consistent => ("C", "C", "Consistent"),
        Neutral => ("N", "N", "Neutral"),
        Inconsistent => ("I", "I", "Inconsistent"),
        VeryInconsistent => ("II", "II", "Very inconsistent"),
        NotApplicable => ("NA", "NA", "Not applicable"),
    }
}

impl Consistency {
    /// How much one item rated this adds to a hypothesis's inconsistency, before its weight.
    pub fn inconsistency(self) -> f64 {
        match self {
            Consistency::Inconsistent => 1.0,
            Consistency::VeryInconsistent => 2.0,
            _ => 0.0,
        }
    }
}

/// The weight of an item of evidence in the matrix, from the credibility (1–6) of the
/// information as cited: confirmed information counts fully, improbable information a fifth,
/// and information whose truth cannot be judged half.
pub fn evidence_weight(credibility: Credibility) -> f64 {
    match credibility {
        Credibility::Confirmed => 1.0,
        Credibility::ProbablyTrue => 0.8,
        Credibility::PossiblyTrue => 0.6,
        Credibility::Doubtful => 0.4,
        Credibility::Improbable => 0.2,
        Credibility::CannotBeJudged => 0.5,
    }
}

/// One analysis of competing hypotheses about an incident (or an actor).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub id: Id,
    /// The event (incident or campaign) whose author is in question, or an actor (a persona
    /// whose sponsor is in question).
    pub subject: Id,
    pub title: String,
    #[serde(default)]
    pub hypotheses: Vec<Hypothesis>,
    #[serde(default)]
    pub evidence: Vec<EvidenceRow>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Who may see it (TLP 2.0), and stricter levels for single fields.
    #[serde(flatten)]
    pub marking: super::Marking,
    /// When it was first recorded and last changed (STIX `created`, `modified`).
    #[serde(flatten)]
    pub version: super::ObjectVersion,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One candidate explanation: a column of the matrix.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hypothesis {
    /// Short key, unique within the analysis, that the ratings refer to (e.g. `h1`).
    pub key: String,
    pub title: String,
    /// The actor this hypothesis holds responsible, if it names one ("false flag" and
    /// "an unrelated actor" may not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<Id>,
    /// The judgment this hypothesis supports, once the analyst has recorded one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub judgment: Option<Id>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One item of evidence (a citation): a row of the matrix, with its rating per hypothesis key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvidenceRow {
    pub citation: Id,
    #[serde(default)]
    pub ratings: BTreeMap<String, Consistency>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The scores of an analysis as it stands.
#[derive(Clone, Debug, PartialEq)]
pub struct AchScores {
    /// Weighted inconsistency per hypothesis, in column order.
    pub inconsistency: Vec<f64>,
    /// Weight per evidence row, in row order.
    pub weights: Vec<f64>,
    /// Whether each row tells the hypotheses apart: `false` when every rated cell of the row
    /// holds the same rating (or fewer than two are rated).
    pub diagnostic: Vec<bool>,
    /// The columns with the least inconsistency (ties all listed); empty until some evidence
    /// is diagnostic.
    pub least_inconsistent: Vec<usize>,
}

impl Analysis {
    /// The rating of one cell, if rated.
    pub fn rating(&self, row: usize, key: &str) -> Option<Consistency> {
        self.evidence.get(row)?.ratings.get(key).copied()
    }

    /// A key for a new hypothesis, unused in this analysis.
    pub fn next_key(&self) -> String {
        (1..)
            .map(|n| format!("h{n}"))
            .find(|k| self.hypotheses.iter().all(|h| &h.key != k))
            .unwrap_or_default()
    }

    /// Scores the matrix; evidence whose citation is not in `case` weighs nothing.
    pub fn score(&self, case: &Case) -> AchScores {
        let weights: Vec<f64> = self
            .evidence
            .iter()
            .map(|row| {
                case.citation(&row.citation).map_or(0.0, |c| {
                    // Not graded weighs as 6, truth cannot be judged.
                    evidence_weight(c.credibility.unwrap_or(Credibility::CannotBeJudged))
                })
            })
            .collect();
        let mut inconsistency = vec![0.0; self.hypotheses.len()];
        let mut diagnostic = Vec::with_capacity(self.evidence.len());
        for (row, weight) in self.evidence.iter().zip(&weights) {
            let mut seen: Option<Consistency> = None;
            let mut differs = false;
            let mut rated = 0;
            for (column, hypothesis) in self.hypotheses.iter().enumerate() {
                let Some(rating) = row.ratings.get(&hypothesis.key).copied() else {
                    continue;
                };
                inconsistency[column] += weight * rating.inconsistency();
                if rating == Consistency::NotApplicable {
                    continue;
                }
                rated += 1;
                match seen {
                    None => seen = Some(rating),
                    Some(first) if first != rating => differs = true,
                    Some(_) => {}
                }
            }
            diagnostic.push(rated >= 2 && differs);
        }
        let least_inconsistent = if diagnostic.iter().any(|d| *d) {
            let min = inconsistency.iter().copied().fold(f64::INFINITY, f64::min);
            (0..inconsistency.len())
                .filter(|&i| (inconsistency[i] - min).abs() < 1e-9)
                .collect()
        } else {
            Vec::new()
        };
        AchScores {
            inconsistency,
            weights,
            diagnostic,
            least_inconsistent,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Citation, ObjectKind, Stance};

    fn citation(case: &mut Case, name: &str, credibility: Credibility) -> Id {
        let id = Id::new(format!("citation--{name}"));
        case.citations.push(Citation {
            id: id.clone(),
            source: Id::new("source--s"),
            cites: Id::new("event--e"),
            credibility: Some(credibility),
            stance: Stance::Supports,
            line: None,
            quote: String::new(),
            locator: String::new(),
            marking: Default::default(),
            version: Default::default(),
            extra: Extra::default(),
        });
        id
    }

    fn row(citation: Id, ratings: &[(&str, Consistency)]) -> EvidenceRow {
        EvidenceRow {
            citation,
            ratings: ratings.iter().map(|(k, r)| (k.to_string(), *r)).collect(),
            extra: Extra::default(),
        }
    }

    fn hypothesis(key: &str) -> Hypothesis {
        Hypothesis {
            key: key.into(),
            title: key.to_uppercase(),
            actor: None,
            judgment: None,
            extra: Extra::default(),
        }
    }

    /// A matrix worked by hand:
    ///
    /// | evidence (credibility → weight) | h1 | h2 | h3 |
    /// |---|---|---|---|
    /// | e1 (1 → 1.0) | C  | I  | II |
    /// | e2 (2 → 0.8) | I  | C  | II |
    /// | e3 (5 → 0.2) | II | CC | C  |
    /// | e4 (3 → 0.6) | N  | N  | N  |  (same everywhere: not diagnostic)
    /// | e5 (6 → 0.5) | NA | I  | —  |  (one rated cell: not diagnostic)
    ///
    /// h1 = e2 0.8·1 + e3 0.2·2 = 1.2; h2 = e1 1.0·1 + e5 0.5·1 = 1.5;
    /// h3 = e1 1.0·2 + e2 0.8·2 = 3.6. h1 is the least inconsistent.
    #[test]
    fn scores_a_matrix_worked_by_hand() {
        use Consistency::*;
        let mut case = Case::new("t");
        let e1 = citation(&mut case, "e1", Credibility::Confirmed);
        let e2 = citation(&mut case, "e2", Credibility::ProbablyTrue);
        let e3 = citation(&mut case, "e3", Credibility::Improbable);
        let e4 = citation(&mut case, "e4", Credibility::PossiblyTrue);
        let e5 = citation(&mut case, "e5", Credibility::CannotBeJudged);
        let analysis = Analysis {
            id: Id::generate(ObjectKind::Analysis),
            subject: Id::new("event--e"),
            title: "Who".into(),
            hypotheses: vec![hypothesis("h1"), hypothesis("h2"), hypothesis("h3")],
            evidence: vec![
                row(
                    e1,
                    &[
                        ("h1", Consistent),
                        ("h2", Inconsistent),
                        ("h3", VeryInconsistent),
                    ],
                ),
                row(
                    e2,
                    &[
                        ("h1", Inconsistent),
                        ("h2", Consistent),
                        ("h3", VeryInconsistent),
                    ],
                ),
                row(
                    e3,
                    &[
                        ("h1", VeryInconsistent),
                        ("h2", VeryConsistent),
                        ("h3", Consistent),
                    ],
                ),
                row(e4, &[("h1", Neutral), ("h2", Neutral), ("h3", Neutral)]),
                row(e5, &[("h1", NotApplicable), ("h2", Inconsistent)]),
            ],
            notes: String::new(),
            marking: Default::default(),
            version: Default::default(),
            extra: Extra::default(),
        };
        let scores = analysis.score(&case);
        let rounded: Vec<f64> = scores
            .inconsistency
            .iter()
            .map(|s| (s * 1000.0).round() / 1000.0)
            .collect();
        assert_eq!(rounded, vec![1.2, 1.5, 3.6]);
        assert_eq!(scores.weights, vec![1.0, 0.8, 0.2, 0.6, 0.5]);
        assert_eq!(scores.diagnostic, vec![true, true, true, false, false]);
        assert_eq!(scores.least_inconsistent, vec![0]);
    }

    #[test]
    fn nothing_is_marked_until_some_evidence_is_diagnostic_and_ties_are_all_marked() {
        use Consistency::*;
        let mut case = Case::new("t");
        let e1 = citation(&mut case, "e1", Credibility::Confirmed);
        let e2 = citation(&mut case, "e2", Credibility::Confirmed);
        let mut analysis = Analysis {
            id: Id::new("analysis--a"),
            subject: Id::new("event--e"),
            title: "Who".into(),
            hypotheses: vec![hypothesis("h1"), hypothesis("h2"), hypothesis("h3")],
            evidence: vec![row(
                e1,
                &[("h1", Consistent), ("h2", Consistent), ("h3", Consistent)],
            )],
            notes: String::new(),
            marking: Default::default(),
            version: Default::default(),
            extra: Extra::default(),
        };
        assert!(analysis.score(&case).least_inconsistent.is_empty());
        analysis.evidence.push(row(
            e2,
            &[("h1", Consistent), ("h2", Consistent), ("h3", Inconsistent)],
        ));
        assert_eq!(analysis.score(&case).least_inconsistent, vec![0, 1]);
        assert_eq!(analysis.next_key(), "h4");
    }

    #[test]
    fn ratings_are_written_as_their_codes() {
        let r = row(
            Id::new("citation--c"),
            &[
                ("h1", Consistency::VeryInconsistent),
                ("h2", Consistency::NotApplicable),
            ],
        );
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(
            json,
            r#"{"citation":"citation--c","ratings":{"h1":"II","h2":"NA"}}"#
        );
    }
}
