//! The example case Casebook opens with: the December 2023 cyberattack on the Albanian
//! Parliament and what came before it, built from the Associated Press report of 26 December 2023.

use crate::model::Case;
use std::path::Path;

/// The example case file, as shipped in `assets/`.
pub const EXAMPLE_CASE_JSON: &str = include_str!("../assets/example-case.json");

/// The name the example is known by in menus and errors.
pub const EXAMPLE_CASE_NAME: &str = "example-case.json";

/// The example case, parsed.
pub fn example_case() -> Case {
    // The asset is checked by the test suite, so a failure here is a build defect.
    crate::store::from_bytes(EXAMPLE_CASE_JSON.as_bytes(), Path::new(EXAMPLE_CASE_NAME))
        .expect("the bundled example case is valid")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::validate::check_case;

    #[test]
    fn example_case_is_valid_and_complete() {
        let case = example_case();
        assert_eq!(check_case(&case), vec![]);
        assert!(case.actors.len() >= 10);
        assert!(case.judgments.len() >= 3);
        assert!(
            case.actor(&crate::model::Id::new("actor--homeland-justice"))
                .is_some()
        );
    }

    #[test]
    fn example_case_is_written_back_byte_for_byte() {
        let case = example_case();
        let bytes = crate::store::to_bytes(&case);
        assert_eq!(String::from_utf8(bytes).unwrap(), EXAMPLE_CASE_JSON);
    }
}
