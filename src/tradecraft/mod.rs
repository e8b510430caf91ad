//! The analytic scales Casebook encodes: Admiralty source reliability (A–F) and information
//! credibility (1–6), ICD 203 likelihood terms and analytic confidence, TLP 2.0 labels and the
//! levels of attribution.
//!
//! Each scale is its own type so one can never be converted into another by accident. Every
//! value knows its short code (as written in the case file), its label, and its meaning, so forms
//! and exports explain a grade where it is shown. Nothing here imports egui.

/// Defines a closed scale: an enum whose variants are written in the case file as fixed strings,
/// with a human label and a meaning for each. `ALL` lists the values in scale order.
macro_rules! scale {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => ($code:literal, $label:literal, $meaning:literal) ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $code)] $variant ),+
        }

        impl $name {
            /// Every value of the scale, in scale order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code written in the case file.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The name shown to a reader.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// What the value means, for tooltips, forms and the methodology note.
            pub fn meaning(self) -> &'static str {
                match self { $($name::$variant => $meaning),+ }
            }

            /// Parses the code written in the case file (as `code()` returns it).
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}
pub(crate) use scale;

scale! {
    /// Admiralty source reliability: a property of the source (outlet, person, feed).
    Reliability {
        A => ("A", "A", "Completely reliable"),
        B => ("B", "B", "Usually reliable"),
        C => ("C", "C", "Fairly reliable"),
        D => ("D", "D", "Not usually reliable"),
        E => ("E", "E", "Unreliable"),
        F => ("F", "F", "Reliability cannot be judged"),
    }
}

scale! {
    /// Admiralty information credibility: a property of one piece of information as cited.
    Credibility {
        Confirmed => ("1", "1", "Confirmed by other sources"),
        ProbablyTrue => ("2", "2", "Probably true"),
        PossiblyTrue => ("3", "3", "Possibly true"),
        Doubtful => ("4", "4", "Doubtful"),
        Improbable => ("5", "5", "Improbable"),
        CannotBeJudged => ("6", "6", "Truth cannot be judged"),
    }
}

scale! {
    /// ICD 203 estimative likelihood. The label is the first-row term; `alternative_term` gives
    /// the second row. A product uses one row only.
    Likelihood {
        AlmostNoChance => ("almost-no-chance", "almost no chance", "1–5%"),
        VeryUnlikely => ("very-unlikely", "very unlikely", "5–20%"),
        Unlikely => ("unlikely", "unlikely", "20–45%"),
        RoughlyEvenChance => ("roughly-even-chance", "roughly even chance", "45–55%"),
        Likely => ("likely", "likely", "55–80%"),
        VeryLikely => ("very-likely", "very likely", "80–95%"),
        AlmostCertain => ("almost-certain", "almost certain", "95–99%"),
    }
}

impl Likelihood {
    /// The term from the second row of the ICD 203 table.
    pub fn alternative_term(self) -> &'static str {
        match self {
            Likelihood::AlmostNoChance => "remote",
            Likelihood::VeryUnlikely => "highly improbable",
            Likelihood::Unlikely => "improbable",
            Likelihood::RoughlyEvenChance => "roughly even odds",
            Likelihood::Likely => "probable",
            Likelihood::VeryLikely => "highly probable",
            Likelihood::AlmostCertain => "nearly certain",
        }
    }

    /// The probability range in whole percent, inclusive.
    pub fn probability_percent(self) -> (u8, u8) {
        match self {
            Likelihood::AlmostNoChance => (1, 5),
            Likelihood::VeryUnlikely => (5, 20),
            Likelihood::Unlikely => (20, 45),
            Likelihood::RoughlyEvenChance => (45, 55),
            Likelihood::Likely => (55, 80),
            Likelihood::VeryLikely => (80, 95),
            Likelihood::AlmostCertain => (95, 99),
        }
    }
}

scale! {
    /// Analytic confidence: the quality of the basis for a judgment, not its probability.
    Confidence {
        Low => ("low", "low", "Questionable or implausible information, too fragmented or poorly corroborated"),
        Moderate => ("moderate", "moderate", "Credibly sourced and plausible, but not corroborated enough for high confidence"),
        High => ("high", "high", "High-quality information from multiple sources; solid judgment possible, still not a certainty"),
    }
}

scale! {
    /// Traffic Light Protocol 2.0 label of a case, of each object in it, and of every output.
    Tlp {
        Clear => ("TLP:CLEAR", "TLP:CLEAR", "No limit on disclosure"),
        Green => ("TLP:GREEN", "TLP:GREEN", "Within the recipient's community"),
        Amber => ("TLP:AMBER", "TLP:AMBER", "The recipient's organisation and its clients, on a need-to-know basis"),
        AmberStrict => ("TLP:AMBER+STRICT", "TLP:AMBER+STRICT", "The recipient's organisation only"),
        Red => ("TLP:RED", "TLP:RED", "The named recipients only"),
    }
}

impl Tlp {
    /// The colour FIRST gives the label, shown on black (`#FFC000` for amber).
    pub fn colour_hex(self) -> &'static str {
        match self {
            Tlp::Clear => "#FFFFFF",
            Tlp::Green => "#33FF00",
            Tlp::Amber | Tlp::AmberStrict => "#FFC000",
            Tlp::Red => "#FF2B2B",
        }
    }

    /// What TLP 2.0 allows a recipient to do with information under this label, in full.
    pub fn rules(self) -> &'static str {
        match self {
            Tlp::Clear => {
                "Recipients can spread this to the world; there is no limit on disclosure. Subject to standard copyright rules."
            }
            Tlp::Green => {
                "Recipients can spread this within their community (peers and partner organisations), but not via publicly accessible channels. Unless otherwise specified, it may not be shared outside the cybersecurity or cyber defence community."
            }
            Tlp::Amber => {
                "Recipients may share this only on a need-to-know basis within their organisation and its clients. Sources may specify additional intended limits of the sharing: these must be adhered to."
            }
            Tlp::AmberStrict => {
                "Recipients may share this only on a need-to-know basis within their own organisation, not with its clients."
            }
            Tlp::Red => {
                "For the eyes and ears of the individual recipients only, no further: not their organisation, not their colleagues. In the context of a meeting, it is limited to those present."
            }
        }
    }
}

scale! {
    /// Level of attribution (Rid & Buchanan, 2015).
    AttributionLevel {
        Tactical => ("tactical", "tactical", "What happened and how: the technical trail"),
        Operational => ("operational", "operational", "Who did it: the group, the persona, the operator"),
        Strategic => ("strategic", "strategic", "Why, and who is ultimately responsible: the sponsor, the state"),
        Communication => ("communication", "communication", "What is said in public, by whom, and with what evidence"),
    }
}

/// What Casebook shows, and how a scale value is named in words, where nobody has stated it: a
/// source no producer graded, a judgment imported without an estimative term.
pub const NOT_STATED: &str = "not stated";

/// A scale value that may be missing ("not stated"), named for a reader.
pub trait Stated {
    /// The value's label, or "not stated".
    fn label_or_not_stated(&self) -> &'static str;
    /// The code written in the case file, or "not stated".
    fn code_or_not_stated(&self) -> &'static str;
    /// The code with its meaning, "B (usually reliable)", or "not graded".
    fn code_and_meaning(&self) -> String;
}

macro_rules! stated {
    ($($name:ident),+) => {$(
        impl Stated for Option<$name> {
            fn label_or_not_stated(&self) -> &'static str {
                self.map_or(NOT_STATED, $name::label)
            }
            fn code_or_not_stated(&self) -> &'static str {
                self.map_or(NOT_STATED, $name::code)
            }
            fn code_and_meaning(&self) -> String {
                self.map_or_else(
                    || "not graded".to_owned(),
                    |v| format!("{} ({})", v.code(), v.meaning().to_lowercase()),
                )
            }
        }
    )+};
}
stated!(Reliability, Credibility, Likelihood, Confidence);

/// A judgment's estimate in words: "likely with moderate confidence", and what was not stated
/// said as such.
pub fn estimate_words(likelihood: Option<Likelihood>, confidence: Option<Confidence>) -> String {
    match (likelihood, confidence) {
        (Some(l), Some(c)) => format!("{} with {} confidence", l.label(), c.label()),
        (Some(l), None) => format!("{}, confidence not stated", l.label()),
        (None, Some(c)) => format!("likelihood not stated, {} confidence", c.label()),
        (None, None) => "likelihood and confidence not stated".to_owned(),
    }
}

/// An Admiralty grade of one cited item: the source's reliability and the information's
/// credibility, written together as "B2". Either part may be not stated (nobody graded it):
/// it is then said in words, never shown as a grade someone gave.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AdmiraltyGrade {
    pub reliability: Option<Reliability>,
    pub credibility: Option<Credibility>,
}

impl AdmiraltyGrade {
    /// Whether both parts were stated.
    pub fn is_stated(&self) -> bool {
        self.reliability.is_some() && self.credibility.is_some()
    }

    /// The parts as weighed when nobody stated them: F (reliability cannot be judged) and 6
    /// (truth cannot be judged), as the Admiralty scale has them for an ungraded source.
    pub fn weighed(&self) -> (Reliability, Credibility) {
        (
            self.reliability.unwrap_or(Reliability::F),
            self.credibility.unwrap_or(Credibility::CannotBeJudged),
        )
    }
}

impl std::fmt::Display for AdmiraltyGrade {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.reliability, self.credibility) {
            (Some(r), Some(c)) => write!(f, "{}{}", r.code(), c.code()),
            (Some(r), None) => write!(f, "{}, credibility not stated", r.code()),
            (None, Some(c)) => write!(f, "reliability not stated, {}", c.code()),
            (None, None) => f.write_str("not graded"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_for_every_scale() {
        for r in Reliability::ALL {
            assert_eq!(Reliability::from_code(r.code()), Some(*r));
        }
        for c in Credibility::ALL {
            assert_eq!(Credibility::from_code(c.code()), Some(*c));
        }
        for l in Likelihood::ALL {
            assert_eq!(Likelihood::from_code(l.code()), Some(*l));
        }
        for t in Tlp::ALL {
            assert_eq!(Tlp::from_code(t.code()), Some(*t));
        }
        assert_eq!(Reliability::from_code("G"), None);
        assert_eq!(Credibility::from_code("0"), None);
    }

    #[test]
    fn scales_are_in_order_and_complete() {
        assert_eq!(Reliability::ALL.len(), 6);
        assert_eq!(Credibility::ALL.len(), 6);
        assert_eq!(Likelihood::ALL.len(), 7);
        assert_eq!(Confidence::ALL.len(), 3);
        assert_eq!(Tlp::ALL.len(), 5);
        assert!(Reliability::A < Reliability::F);
        assert!(Likelihood::Unlikely < Likelihood::Likely);
        assert_eq!(Reliability::E.meaning(), "Unreliable");
        assert_eq!(Credibility::Doubtful.meaning(), "Doubtful");
    }

    #[test]
    fn likelihood_ranges_tile_the_scale() {
        let ranges: Vec<_> = Likelihood::ALL
            .iter()
            .map(|l| l.probability_percent())
            .collect();
        assert_eq!(ranges.first().map(|r| r.0), Some(1));
        assert_eq!(ranges.last().map(|r| r.1), Some(99));
        for pair in ranges.windows(2) {
            assert_eq!(pair[0].1, pair[1].0, "ranges must meet: {pair:?}");
        }
        assert_eq!(Likelihood::Likely.alternative_term(), "probable");
    }

    #[test]
    fn grade_is_written_as_letter_and_digit() {
        let grade = AdmiraltyGrade {
            reliability: Some(Reliability::B),
            credibility: Some(Credibility::ProbablyTrue),
        };
        assert_eq!(grade.to_string(), "B2");
        let ungraded = AdmiraltyGrade {
            reliability: None,
            credibility: None,
        };
        assert_eq!(ungraded.to_string(), "not graded");
        assert_eq!(
            ungraded.weighed(),
            (Reliability::F, Credibility::CannotBeJudged)
        );
        let half = AdmiraltyGrade {
            credibility: None,
            ..grade
        };
        assert_eq!(half.to_string(), "B, credibility not stated");
    }

    #[test]
    fn tlp_serializes_as_its_label() {
        assert_eq!(
            serde_json::to_string(&Tlp::AmberStrict).unwrap(),
            "\"TLP:AMBER+STRICT\""
        );
        assert!(serde_json::from_str::<Tlp>("\"TLP:WHITE\"").is_err());
    }
}
