//! Reference data shipped with Casebook and read offline: for now the countries of ISO 3166-1
//! (code, three-letter code, English name, capital), so a state named in words ("Albania", "United
//! States") can be written where a standard needs its code (a STIX `location`'s `country`).
//! The table is `assets/reference/countries.tsv`, made from MISP's country galaxy by
//! `scripts/make_country_table.py`.

use std::collections::HashMap;
use std::sync::OnceLock;

/// One country of ISO 3166-1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Country {
    /// The two-letter code, "AL".
    pub code: &'static str,
    /// The three-letter code, "ALB".
    pub code3: &'static str,
    /// The English name, "Albania".
    pub name: &'static str,
    /// Its capital, "Tirana" (empty where the table has none): reporting names a state by it.
    pub capital: &'static str,
}

const TABLE: &str = include_str!("../assets/reference/countries.tsv");

/// Other names in common use in English reporting, beside the table's own, by code.
const OTHER_NAMES: &[(&str, &str)] = &[
    ("United States", "US"),
    ("USA", "US"),
    ("United Kingdom of Great Britain and Northern Ireland", "GB"),
    ("UK", "GB"),
    ("Great Britain", "GB"),
    ("Britain", "GB"),
    ("Russian Federation", "RU"),
    ("People's Republic of China", "CN"),
    ("PRC", "CN"),
    ("Democratic People's Republic of Korea", "KP"),
    ("DPRK", "KP"),
    ("Republic of Korea", "KR"),
    ("Islamic Republic of Iran", "IR"),
    ("Palestine", "PS"),
    ("Czechia", "CZ"),
    ("Czech Republic", "CZ"),
    ("Turkey", "TR"),
    ("Türkiye", "TR"),
    ("Viet Nam", "VN"),
    ("Vietnam", "VN"),
    ("Syria", "SY"),
    ("Syrian Arab Republic", "SY"),
    ("Holland", "NL"),
    ("The Netherlands", "NL"),
    ("Ivory Coast", "CI"),
    ("Burma", "MM"),
];

struct Countries {
    all: Vec<Country>,
    /// Lower-case code, three-letter code, name or other name → index in `all`.
    by_words: HashMap<String, usize>,
}

fn countries_table() -> &'static Countries {
    static COUNTRIES: OnceLock<Countries> = OnceLock::new();
    COUNTRIES.get_or_init(|| {
        let all: Vec<Country> = TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut parts = l.split('\t');
                Some(Country {
                    code: parts.next()?,
                    code3: parts.next()?,
                    name: parts.next()?,
                    capital: parts.next().unwrap_or(""),
                })
            })
            .collect();
        let mut by_words = HashMap::new();
        for (i, c) in all.iter().enumerate() {
            for words in [c.code, c.code3, c.name] {
                by_words.insert(words.to_lowercase(), i);
            }
        }
        for (words, code) in OTHER_NAMES {
            if let Some(i) = all.iter().position(|c| c.code == *code) {
                by_words.insert(words.to_lowercase(), i);
            }
        }
        Countries { all, by_words }
    })
}

/// Every country of the table, by code.
pub fn countries() -> &'static [Country] {
    &countries_table().all
}

/// The country named by `words`: its code ("AL", "ALB", any case), its name or a name in
/// common use ("United States", "Russian Federation"), ignoring case, surrounding spaces and a
/// leading "the".
pub fn country(words: &str) -> Option<&'static Country> {
    let table = countries_table();
    let words = words.trim().to_lowercase();
    let words = words.strip_prefix("the ").unwrap_or(&words);
    table
        .by_words
        .get(words)
        .or_else(|| table.by_words.get(&format!("the {words}")))
        .map(|&i| &table.all[i])
}

/// The country of a state: named by its country field, else by its own name.
pub fn country_of_state(country_field: &str, name: &str) -> Option<&'static Country> {
    country(country_field).or_else(|| country(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_country_is_found_by_code_name_or_a_name_in_common_use() {
        assert_eq!(country("Albania").map(|c| c.code), Some("AL"));
        assert_eq!(country("al").map(|c| c.code), Some("AL"));
        assert_eq!(country("IRN").map(|c| c.name), Some("Iran"));
        assert_eq!(country(" the United States ").map(|c| c.code), Some("US"));
        assert_eq!(country("Russian Federation").map(|c| c.code), Some("RU"));
        assert_eq!(country("The Netherlands").map(|c| c.code), Some("NL"));
        assert_eq!(country("Russia").map(|c| c.capital), Some("Moscow"));
        assert_eq!(country("Atlantis"), None);
        assert_eq!(country(""), None);
    }

    #[test]
    fn the_table_holds_every_country_once() {
        let all = countries();
        assert!(all.len() >= 249, "{}", all.len());
        let mut codes: Vec<&str> = all.iter().map(|c| c.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
        assert!(all.iter().all(|c| c.code.len() == 2 && c.code3.len() == 3));
    }
}
