//! The fonts Casebook bundles for what it writes, beside those of its libraries: Noto Sans
//! Arabic, so names and quotes in Arabic script (Arabic, Persian, Urdu) print shaped and right
//! to left in PDF briefings and figure PNGs, the same on every machine, with no system font
//! looked up. Licence and origin: `assets/fonts/README.md`.

/// Noto Sans Arabic, regular.
pub const ARABIC_REGULAR: &[u8] = include_bytes!("../assets/fonts/NotoSansArabic-Regular.ttf");
/// Noto Sans Arabic, bold.
pub const ARABIC_BOLD: &[u8] = include_bytes!("../assets/fonts/NotoSansArabic-Bold.ttf");
/// The family name of both, as figures and the PDF template name it.
pub const ARABIC_FAMILY: &str = "Noto Sans Arabic";
