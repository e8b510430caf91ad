//! Technical evidence: how an operation was done. Malware and tools, ATT&CK techniques,
//! infrastructure, indicators and vulnerabilities are case objects like actors: cited with
//! graded sources, linked to actors and to each other by relationships, listed under the events
//! that saw them, and matched against the reference library of known groups
//! ([`crate::attack`]).

use super::date::PartialDate;
use super::{Extra, Id, MapPlacement, Marking, ObjectVersion};
use crate::tradecraft::scale;
use serde::{Deserialize, Serialize};

scale! {
    /// What a technical object is; each is a STIX object type of its own.
    TechnicalKind {
        Malware => ("malware", "malware", "Malicious software: a family or a sample"),
        Tool => ("tool", "tool", "Legitimate or dual-use software the operators used"),
        Technique => ("technique", "technique", "How something was done: an ATT&CK technique or sub-technique"),
        Infrastructure => ("infrastructure", "infrastructure", "Domains, addresses, hosting or certificates the operation used"),
        Indicator => ("indicator", "indicator", "A pattern that detects the activity"),
        Vulnerability => ("vulnerability", "vulnerability", "A flaw the operation exploited, by its CVE"),
    }
}

impl TechnicalKind {
    /// Software: what ATT&CK gives an S-number and the overlap counts as one line of evidence.
    pub fn is_software(self) -> bool {
        matches!(self, TechnicalKind::Malware | TechnicalKind::Tool)
    }

    /// What the kind's `external_id` holds, for forms and messages.
    pub fn external_id_hint(self) -> &'static str {
        match self {
            TechnicalKind::Malware | TechnicalKind::Tool => "ATT&CK software id, e.g. S0368",
            TechnicalKind::Technique => "ATT&CK technique id, e.g. T1485 or T1059.001",
            TechnicalKind::Vulnerability => "CVE id, e.g. CVE-2023-23397",
            TechnicalKind::Infrastructure | TechnicalKind::Indicator => "an id it is known by",
        }
    }
}

/// One technical object of a case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Technical {
    pub id: Id,
    pub kind: TechnicalKind,
    /// The family, technique, domain or address, or the indicator's name.
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// The ATT&CK id (T1485, T1059.001, S0368) or CVE id it is known by; empty if none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub external_id: String,
    /// STIX's open vocabulary for the kind (malware, tool, infrastructure and indicator types):
    /// "wiper", "command-and-control", "malicious-activity".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<String>,
    /// An indicator's detection pattern, in `pattern_type`'s language.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub pattern: String,
    /// The pattern's language: `stix` (the default when empty), `sigma`, `yara`, `snort` …
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub pattern_type: String,
    /// From when it was seen (infrastructure, malware) or valid (an indicator).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<PartialDate>,
    /// Until when it was seen or valid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Where it stands on the relationship map's technical layer, once placed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub map: Option<MapPlacement>,
    /// Who may see it (TLP 2.0), and stricter levels for single fields.
    #[serde(flatten)]
    pub marking: Marking,
    /// When it was first recorded and last changed (STIX `created`, `modified`).
    #[serde(flatten)]
    pub version: ObjectVersion,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Technical {
    /// A new object of the kind, with no fields but its name.
    pub fn new(id: Id, kind: TechnicalKind, name: impl Into<String>) -> Self {
        Technical {
            id,
            kind,
            name: name.into(),
            aliases: Vec::new(),
            external_id: String::new(),
            types: Vec::new(),
            pattern: String::new(),
            pattern_type: String::new(),
            valid_from: None,
            valid_until: None,
            description: String::new(),
            map: None,
            marking: Marking::default(),
            version: ObjectVersion::default(),
            extra: Extra::default(),
        }
    }

    /// The name as lists show it: "Mimikatz (S0002)", "Data Destruction (T1485)".
    pub fn title(&self) -> String {
        if self.external_id.is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", self.name, self.external_id)
        }
    }

    /// The ATT&CK id in its standard form (upper case, trimmed), if the external id is one:
    /// `T` or `S` or `G` then four digits, a technique's `.NNN` sub-technique suffix allowed.
    pub fn attack_id(&self) -> Option<String> {
        normal_attack_id(&self.external_id)
    }
}

/// `text` as an ATT&CK id (T1059.001, S0368, G0034), upper-cased and trimmed, if it is one.
pub fn normal_attack_id(text: &str) -> Option<String> {
    let id = text.trim().to_ascii_uppercase();
    let (head, sub) = match id.split_once('.') {
        Some((head, sub)) => (head, Some(sub)),
        None => (id.as_str(), None),
    };
    let letter = head.chars().next()?;
    let digits = &head[1..];
    let well_formed = matches!(letter, 'T' | 'S' | 'G' | 'C')
        && digits.len() == 4
        && digits.bytes().all(|b| b.is_ascii_digit())
        && sub
            .is_none_or(|s| letter == 'T' && s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit()));
    well_formed.then_some(id)
}

/// Whether `text` is a CVE id in form: `CVE-YYYY-NNNN` (four or more digits).
pub fn is_cve_id(text: &str) -> bool {
    let mut parts = text.trim().splitn(3, '-');
    let (Some(cve), Some(year), Some(number)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    cve.eq_ignore_ascii_case("cve")
        && year.len() == 4
        && year.bytes().all(|b| b.is_ascii_digit())
        && number.len() >= 4
        && number.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attack_ids_are_recognised_and_normalised() {
        assert_eq!(
            normal_attack_id(" t1059.001 ").as_deref(),
            Some("T1059.001")
        );
        assert_eq!(normal_attack_id("S0368").as_deref(), Some("S0368"));
        assert_eq!(normal_attack_id("G0034").as_deref(), Some("G0034"));
        for bad in [
            "",
            "T105",
            "T10599",
            "S0368.001",
            "X1234",
            "T1059.01",
            "CVE-2023-1",
        ] {
            assert_eq!(normal_attack_id(bad), None, "{bad}");
        }
    }

    #[test]
    fn an_indicator_needs_a_pattern_which_may_run_over_lines() {
        use crate::model::{Case, CaseObject, Command};
        let mut case = Case::new("t");
        let mut sigma = Technical::new(
            Id::new("technical--sigma"),
            TechnicalKind::Indicator,
            "Wiper service",
        );
        sigma.pattern_type = "sigma".into();
        let refused = case
            .apply(Command::Put(CaseObject::Technical(sigma.clone())))
            .unwrap_err();
        assert!(
            refused
                .to_string()
                .contains("an indicator needs its pattern")
        );
        sigma.pattern = "title: wiper service\ndetection:\n  condition: selection".into();
        case.apply(Command::Put(CaseObject::Technical(sigma)))
            .unwrap();
        // Only an indicator has one.
        let mut tool = Technical::new(Id::new("technical--tool"), TechnicalKind::Tool, "PsExec");
        tool.pattern = "x".into();
        let refused = case
            .apply(Command::Put(CaseObject::Technical(tool)))
            .unwrap_err();
        assert!(
            refused
                .to_string()
                .contains("only an indicator has a pattern")
        );
    }

    #[test]
    fn cve_ids_are_recognised() {
        assert!(is_cve_id("CVE-2023-23397"));
        assert!(is_cve_id("cve-2021-44228"));
        assert!(!is_cve_id("CVE-23-1234"));
        assert!(!is_cve_id("CVE-2023-123"));
        assert!(!is_cve_id("T1485"));
    }
}
