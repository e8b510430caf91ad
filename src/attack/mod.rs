//! The reference library of known groups, read offline: MITRE ATT&CK's groups, software and
//! techniques with the `uses` links between them and their aliases, and MISP's threat-actor
//! galaxy (synonyms, country, suspected state sponsor). Casebook ships one, built by
//! `scripts/make_reference_library.sh` from the galaxy files `pymispgalaxies` carries
//! (`assets/reference/library.json`); an analyst replaces it with a newer release from an
//! ATT&CK STIX bundle or a folder of galaxy files ([`galaxy`], [`bundle`]), kept in the data
//! folder. [`overlap`] ranks the groups against what a case's event saw; [`navigator`] reads and
//! writes ATT&CK Navigator layers.

pub mod adopt;
pub mod bundle;
pub mod galaxy;
pub mod navigator;
pub mod overlap;

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The library's file format, written in the file's `format` field.
pub const FORMAT: &str = "casebook-reference-library";
/// The version of that format this Casebook reads and writes.
pub const FORMAT_VERSION: u32 = 1;
/// The library file's name in the data folder, once an analyst has imported a release.
pub const INSTALLED_FILE: &str = "reference-library.json";
/// The largest library file read, in bytes (ATT&CK's enterprise bundle is about 45 MB).
pub const MAX_INPUT: u64 = 256 * 1024 * 1024;

const BUILT_IN: &str = include_str!("../../assets/reference/library.json");

/// Where a part of the library comes from, and on what terms.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Origin {
    /// "MITRE ATT&CK", "MISP galaxy threat-actor".
    pub name: String,
    /// The release it was built from ("ATT&CK v16.1", "galaxy version 336").
    pub version: String,
    /// The licence or terms of use, with the notice they ask to be reproduced.
    pub licence: String,
    #[serde(default)]
    pub url: String,
}

/// A technique or sub-technique of ATT&CK.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Technique {
    /// T1485, T1059.001.
    pub id: String,
    pub name: String,
    /// The tactics it serves, as ATT&CK's kill-chain phase names ("impact").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tactics: Vec<String>,
}

/// A piece of software in ATT&CK: malware or a tool.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Software {
    /// S0368.
    pub id: String,
    pub name: String,
    /// `malware` or `tool`.
    pub kind: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// The techniques it is recorded as using, as indices into [`Library::techniques`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub techniques: Vec<u32>,
}

/// A known group: one of ATT&CK's (with what it uses) or one MISP's threat-actor galaxy knows
/// only by name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// ATT&CK's id, G0034; empty for a group only MISP's galaxy has.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    pub name: String,
    /// Every other name it is known by, ATT&CK's and the galaxy's together.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Indices into [`Library::techniques`] of what ATT&CK records it as using.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub techniques: Vec<u32>,
    /// Indices into [`Library::software`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub software: Vec<u32>,
    /// The galaxy's country (ISO code), where it gives one.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub country: String,
    /// The galaxy's suspected state sponsor (from the CFR's cyber operations tracker).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sponsor: String,
    /// The galaxy's name for it, where it differs from ATT&CK's.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub galaxy_name: String,
}

/// The whole library.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Library {
    pub format: String,
    pub format_version: u32,
    /// When this library was built (a date, `2026-12-03`).
    pub built: String,
    pub origins: Vec<Origin>,
    pub techniques: Vec<Technique>,
    pub software: Vec<Software>,
    pub groups: Vec<Group>,
}

/// Why a library could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    #[error("{path}: {message}")]
    Io { path: PathBuf, message: String },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

impl LibraryError {
    pub(crate) fn invalid(path: &Path, message: impl Into<String>) -> Self {
        LibraryError::Invalid {
            path: path.to_owned(),
            message: message.into(),
        }
    }
}

/// Reads a file of at most [`MAX_INPUT`] bytes.
pub(crate) fn read_capped(path: &Path) -> Result<Vec<u8>, LibraryError> {
    use std::io::Read;
    let io = |e: std::io::Error| LibraryError::Io {
        path: path.to_owned(),
        message: crate::text::plain_io_error(&e),
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    file.take(MAX_INPUT + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_INPUT {
        return Err(LibraryError::invalid(
            path,
            format!("is larger than {} MiB", MAX_INPUT / (1024 * 1024)),
        ));
    }
    Ok(bytes)
}

impl Library {
    /// The library shipped with this Casebook.
    pub fn built_in() -> Library {
        // The file is made by the build script and checked by a test: it always reads.
        Library::from_json(BUILT_IN.as_bytes(), Path::new("built-in library"))
            .expect("the built-in reference library reads")
    }

    /// The library to use: the one the analyst imported into `data_dir`, if it reads, else the
    /// built-in one. The second value says why an imported one was passed over.
    pub fn load(data_dir: Option<&Path>) -> (Library, Option<String>) {
        let Some(path) = data_dir.map(|d| d.join(INSTALLED_FILE)) else {
            return (Library::built_in(), None);
        };
        if !path.exists() {
            return (Library::built_in(), None);
        }
        match read_capped(&path).and_then(|bytes| Library::from_json(&bytes, &path)) {
            Ok(library) => (library, None),
            Err(e) => (
                Library::built_in(),
                Some(format!("{e}; the built-in library is used instead")),
            ),
        }
    }

    /// Reads a library in Casebook's format, checking that every index is in range.
    pub fn from_json(bytes: &[u8], path: &Path) -> Result<Library, LibraryError> {
        let library: Library = serde_json::from_slice(bytes)
            .map_err(|e| LibraryError::invalid(path, format!("is not a reference library: {e}")))?;
        if library.format != FORMAT {
            return Err(LibraryError::invalid(
                path,
                format!("is a `{}` file, not a `{FORMAT}`", library.format),
            ));
        }
        if library.format_version > FORMAT_VERSION {
            return Err(LibraryError::invalid(
                path,
                format!(
                    "is format version {}, newer than this Casebook reads ({FORMAT_VERSION})",
                    library.format_version
                ),
            ));
        }
        let (techniques, software) = (library.techniques.len(), library.software.len());
        for s in &library.software {
            if s.techniques.iter().any(|&t| t as usize >= techniques) {
                return Err(LibraryError::invalid(
                    path,
                    format!("software {} refers to a technique that is not there", s.id),
                ));
            }
        }
        for g in &library.groups {
            if g.techniques.iter().any(|&t| t as usize >= techniques)
                || g.software.iter().any(|&s| s as usize >= software)
            {
                return Err(LibraryError::invalid(
                    path,
                    format!("group {} refers to an entry that is not there", g.name),
                ));
            }
        }
        Ok(library)
    }

    /// The library as its file holds it.
    pub fn to_json(&self) -> Vec<u8> {
        // Serialising plain strings and numbers cannot fail.
        let mut bytes = serde_json::to_vec(self).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }

    /// Puts the library in the data folder, where [`Library::load`] finds it.
    pub fn install(&self, data_dir: &Path) -> std::io::Result<PathBuf> {
        std::fs::create_dir_all(data_dir)?;
        let path = data_dir.join(INSTALLED_FILE);
        crate::store::atomic::write_atomically(&path, &self.to_json(), false)?;
        Ok(path)
    }

    /// One line on where the library comes from, for the About box and the command line.
    pub fn describe(&self) -> String {
        let origins: Vec<String> = self
            .origins
            .iter()
            .map(|o| format!("{} {}", o.name, o.version))
            .collect();
        format!(
            "{} groups ({} with techniques), {} software, {} techniques; built {} from {}",
            self.groups.len(),
            self.groups
                .iter()
                .filter(|g| !g.techniques.is_empty())
                .count(),
            self.software.len(),
            self.techniques.len(),
            self.built,
            origins.join(", ")
        )
    }

    /// The technique with this ATT&CK id.
    pub fn technique(&self, id: &str) -> Option<(u32, &Technique)> {
        self.techniques
            .iter()
            .position(|t| t.id.eq_ignore_ascii_case(id))
            .map(|i| (i as u32, &self.techniques[i]))
    }

    /// The software with this ATT&CK id, or named so (by its name or an alias, any case).
    pub fn software_named(&self, id_or_name: &str) -> Option<(u32, &Software)> {
        let wanted = id_or_name.trim();
        self.software
            .iter()
            .position(|s| {
                s.id.eq_ignore_ascii_case(wanted)
                    || s.name.eq_ignore_ascii_case(wanted)
                    || s.aliases.iter().any(|a| a.eq_ignore_ascii_case(wanted))
            })
            .map(|i| (i as u32, &self.software[i]))
    }

    /// The group with this ATT&CK id, or known by this name or alias (any case).
    pub fn group_named(&self, id_or_name: &str) -> Option<&Group> {
        let wanted = id_or_name.trim();
        self.groups.iter().find(|g| g.is_named(wanted))
    }

    /// Search by name, alias or id: the groups, software and techniques whose names contain
    /// `text` (any case), groups first; at most `limit` of each.
    pub fn search(&self, text: &str, limit: usize) -> Found<'_> {
        let wanted = text.trim().to_lowercase();
        let hit = |name: &str| name.to_lowercase().contains(&wanted);
        if wanted.is_empty() {
            return Found::default();
        }
        Found {
            groups: self
                .groups
                .iter()
                .filter(|g| hit(&g.id) || hit(&g.name) || g.aliases.iter().any(|a| hit(a)))
                .take(limit)
                .collect(),
            software: self
                .software
                .iter()
                .filter(|s| hit(&s.id) || hit(&s.name) || s.aliases.iter().any(|a| hit(a)))
                .take(limit)
                .collect(),
            techniques: self
                .techniques
                .iter()
                .filter(|t| hit(&t.id) || hit(&t.name))
                .take(limit)
                .collect(),
        }
    }

    /// The groups recorded as using a piece of software: "this malware is used by …".
    pub fn users_of_software(&self, software: u32) -> Vec<&Group> {
        self.groups
            .iter()
            .filter(|g| g.software.contains(&software))
            .collect()
    }

    /// The groups recorded as using a technique.
    pub fn users_of_technique(&self, technique: u32) -> Vec<&Group> {
        self.groups
            .iter()
            .filter(|g| g.techniques.contains(&technique))
            .collect()
    }
}

impl Group {
    /// A group with its id (empty for one only MISP's galaxy has) and name, nothing else yet.
    pub fn new(id: &str, name: &str) -> Self {
        Group {
            id: id.to_owned(),
            name: name.to_owned(),
            aliases: Vec::new(),
            techniques: Vec::new(),
            software: Vec::new(),
            country: String::new(),
            sponsor: String::new(),
            galaxy_name: String::new(),
        }
    }

    /// Whether it is known by this id, name or alias (any case).
    pub fn is_named(&self, wanted: &str) -> bool {
        (!self.id.is_empty() && self.id.eq_ignore_ascii_case(wanted))
            || self.name.eq_ignore_ascii_case(wanted)
            || self.galaxy_name.eq_ignore_ascii_case(wanted)
            || self.aliases.iter().any(|a| a.eq_ignore_ascii_case(wanted))
    }

    /// "Sandworm Team (G0034)", or the name alone for a group ATT&CK does not have.
    pub fn title(&self) -> String {
        if self.id.is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", self.name, self.id)
        }
    }
}

/// What a search of the library found.
#[derive(Debug, Default)]
pub struct Found<'a> {
    pub groups: Vec<&'a Group>,
    pub software: Vec<&'a Software>,
    pub techniques: Vec<&'a Technique>,
}

/// Reads a newer release from a file or folder: an ATT&CK STIX bundle (a `.json` file with
/// `"type": "bundle"`), or a folder of MISP galaxy cluster files (as the misp-galaxy
/// repository's `clusters/` folder, or `pymispgalaxies`' copy of it).
pub fn import_release(path: &Path, built: &str) -> Result<Library, LibraryError> {
    if path.is_dir() {
        galaxy::read_clusters(path, built)
    } else {
        bundle::read_attack_bundle(path, built)
    }
}

/// Reads a Navigator layer file of at most [`navigator::MAX_LAYER`] bytes.
pub fn read_capped_layer(path: &Path) -> Result<Vec<u8>, LibraryError> {
    let bytes = read_capped(path)?;
    if bytes.len() as u64 > navigator::MAX_LAYER {
        return Err(LibraryError::invalid(
            path,
            "is larger than 64 MiB: not a layer",
        ));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_library_reads_and_knows_groups_by_alias() {
        let library = Library::built_in();
        assert!(
            library
                .groups
                .iter()
                .filter(|g| !g.techniques.is_empty())
                .count()
                > 100
        );
        let sandworm = library
            .group_named("Voodoo Bear")
            .expect("Sandworm by an alias");
        assert_eq!(sandworm.id, "G0034");
        let (notpetya, _) = library.software_named("NotPetya").expect("NotPetya");
        assert!(
            library
                .users_of_software(notpetya)
                .iter()
                .any(|g| g.id == "G0034")
        );
        assert!(library.origins.iter().any(|o| o.name.contains("ATT&CK")));
        assert!(library.origins.iter().all(|o| !o.licence.is_empty()));
    }

    #[test]
    fn a_library_with_an_index_out_of_range_is_refused() {
        let mut library = Library::built_in();
        library.groups[0].techniques.push(u32::MAX);
        let error = Library::from_json(&library.to_json(), Path::new("x.json")).unwrap_err();
        assert!(error.to_string().contains("refers to an entry"), "{error}");
        let error = Library::from_json(b"{\"format\": 1}", Path::new("y.json")).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("y.json: is not a reference library"),
            "{error}"
        );
    }
}
