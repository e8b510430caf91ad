//! The STIX 2.1 `confidence` (0–100) scales of the specification's appendix, as Casebook maps
//! its own scales onto them: analytic confidence on None/Low/Med/High (STIX `confidence` is
//! the producer's confidence in what it says, so a judgment's likelihood never goes there),
//! Admiralty credibility on the Admiralty scale. Source reliability (A–F) has no STIX scale and
//! travels in the Casebook extension; ICD 203 likelihood in the extension and the wording.

use crate::tradecraft::{Confidence, Credibility};

/// An analytic confidence on the None/Low/Med/High scale (Low 15, Med 50, High 85).
pub fn confidence_to_stix(confidence: Confidence) -> u8 {
    match confidence {
        Confidence::Low => 15,
        Confidence::Moderate => 50,
        Confidence::High => 85,
    }
}

/// A None/Low/Med/High value as analytic confidence (0–29 low, 30–69 moderate, 70–100 high;
/// "None", 0, reads as low); `None` above 100.
pub fn stix_to_confidence(value: u64) -> Option<Confidence> {
    Some(match value {
        0..=29 => Confidence::Low,
        30..=69 => Confidence::Moderate,
        70..=100 => Confidence::High,
        _ => return None,
    })
}

/// An Admiralty credibility on the Admiralty scale (1 → 90 … 5 → 10); 6, "cannot be judged",
/// has no value.
pub fn credibility_to_stix(credibility: Credibility) -> Option<u8> {
    match credibility {
        Credibility::Confirmed => Some(90),
        Credibility::ProbablyTrue => Some(70),
        Credibility::PossiblyTrue => Some(50),
        Credibility::Doubtful => Some(30),
        Credibility::Improbable => Some(10),
        Credibility::CannotBeJudged => None,
    }
}

/// An Admiralty-scale value as credibility (80–100 → 1 … 0–19 → 5); `None` above 100. No
/// value at all is not a grade: the credibility is then not stated.
pub fn stix_to_credibility(value: u64) -> Option<Credibility> {
    Some(match value {
        80..=100 => Credibility::Confirmed,
        60..=79 => Credibility::ProbablyTrue,
        40..=59 => Credibility::PossiblyTrue,
        20..=39 => Credibility::Doubtful,
        0..=19 => Credibility::Improbable,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_maps_there_and_back() {
        for c in Confidence::ALL {
            assert_eq!(stix_to_confidence(confidence_to_stix(*c) as u64), Some(*c));
        }
        for c in Credibility::ALL {
            match credibility_to_stix(*c) {
                Some(value) => assert_eq!(stix_to_credibility(value.into()), Some(*c)),
                // 6 has no value on the scale: it travels in the Casebook extension.
                None => assert_eq!(*c, Credibility::CannotBeJudged),
            }
        }
    }

    #[test]
    fn the_appendix_ranges_are_followed_at_their_edges() {
        assert_eq!(stix_to_confidence(29), Some(Confidence::Low));
        assert_eq!(stix_to_confidence(30), Some(Confidence::Moderate));
        assert_eq!(stix_to_confidence(70), Some(Confidence::High));
        assert_eq!(stix_to_credibility(79), Some(Credibility::ProbablyTrue));
        assert_eq!(stix_to_credibility(101), None);
    }
}
