//! The case file: a versioned JSON document (see `docs/case-format.md`), read with every error
//! located and explained, and written deterministically and atomically.
//!
//! Reading is strict and bounded: a size cap, UTF-8 only, duplicate keys refused, a nesting limit
//! (serde_json's), a version check before the case is read, and the model's rules checked before
//! a case is handed over. A file that fails any of these is refused whole, never half-read.

pub mod atomic;
pub mod presence;
pub mod recovery;

use crate::model::Case;
use crate::model::validate::{Problem, check_case};
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The value of the `format` field of every case file.
pub const FORMAT: &str = "casebook-case";
/// The version this Casebook writes, and the newest it reads.
pub const CURRENT_VERSION: u64 = 3;
/// The oldest version this Casebook reads.
pub const OLDEST_VERSION: u64 = 1;
/// The largest case file opened, in bytes.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;
/// The deepest nesting of arrays and objects a case file may hold: serde_json's recursion
/// limit, which the loader keeps. One limit for opening a case and for what an import may put
/// in one (a bundle's object is refused when the case holding it would be deeper).
pub const MAX_NESTING: usize = 127;

/// How deeply a JSON value nests arrays and objects (a scalar is 0, `[]` is 1).
pub fn nesting(value: &serde_json::Value) -> usize {
    // Iterative: a value handed in may be deeper than the stack likes.
    let mut deepest = 0;
    let mut stack = vec![(value, 1usize)];
    while let Some((v, depth)) = stack.pop() {
        match v {
            serde_json::Value::Array(items) => {
                deepest = deepest.max(depth);
                stack.extend(items.iter().map(|i| (i, depth + 1)));
            }
            serde_json::Value::Object(map) => {
                deepest = deepest.max(depth);
                stack.extend(map.values().map(|i| (i, depth + 1)));
            }
            _ => {}
        }
    }
    deepest
}
/// How many problems an error message lists before it says "and N more".
const PROBLEMS_SHOWN: usize = 10;

/// The folder where Casebook keeps its own files (recent list, later autosaves): the
/// platform's per-user data folder, or `CASEBOOK_DATA_DIR` if set. Never used for case files.
pub fn data_dir() -> Option<PathBuf> {
    let env = |name| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(dir) = env("CASEBOOK_DATA_DIR") {
        return Some(dir);
    }
    if cfg!(windows) {
        env("APPDATA").map(|d| d.join("Casebook"))
    } else if cfg!(target_os = "macos") {
        env("HOME").map(|h| h.join("Library/Application Support/Casebook"))
    } else {
        env("XDG_DATA_HOME")
            .or_else(|| env("HOME").map(|h| h.join(".local/share")))
            .map(|d| d.join("casebook"))
    }
}

/// Why a case could not be read. Each says what went wrong and where.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {path}: {}", crate::text::plain_io_error(.source))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is {size} bytes, more than the {limit} bytes Casebook reads")]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error("{path} is empty: a case file is a JSON object")]
    Empty { path: PathBuf },
    #[error(
        "{path} is not UTF-8 text: invalid byte at line {line}, column {column}. A case file is the UTF-8 JSON Casebook saves; this may be another kind of file, or one damaged in copying."
    )]
    NotUtf8 {
        path: PathBuf,
        line: usize,
        column: usize,
    },
    #[error("{path} is not valid JSON: {message} (line {line}, column {column})")]
    Syntax {
        path: PathBuf,
        message: String,
        line: usize,
        column: usize,
    },
    #[error("{path} is not a Casebook case: {detail}")]
    NotACase { path: PathBuf, detail: String },
    #[error(
        "{path} was written by a newer Casebook (case format version {version}); this Casebook reads versions {OLDEST_VERSION} to {CURRENT_VERSION}. Open it with a newer Casebook; it was not changed."
    )]
    NewerVersion { path: PathBuf, version: u64 },
    #[error("{path}: field `{field}`: {message} (line {line}, column {column})")]
    Field {
        path: PathBuf,
        field: String,
        message: String,
        line: usize,
        column: usize,
    },
    #[error("{path} breaks the case rules: {}", list_problems(.problems))]
    Invalid {
        path: PathBuf,
        problems: Vec<Problem>,
    },
}

fn list_problems(problems: &[Problem]) -> String {
    let mut text: Vec<String> = problems
        .iter()
        .take(PROBLEMS_SHOWN)
        .map(|p| p.to_string())
        .collect();
    if problems.len() > PROBLEMS_SHOWN {
        text.push(format!("and {} more", problems.len() - PROBLEMS_SHOWN));
    }
    text.join("; ")
}

/// Why a case could not be saved. The file on disk is as it was.
#[derive(Debug, thiserror::Error)]
#[error("could not save {path}; the file on disk was not changed: {source}")]
pub struct SaveError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// The fields read first, to decide whether and how to read the rest.
#[derive(Deserialize)]
struct Header {
    format: Option<serde_json::Value>,
    version: Option<serde_json::Value>,
}

/// The document as written: the format header, then the case's fields.
#[derive(Serialize)]
struct Document<'a> {
    format: &'static str,
    version: u64,
    #[serde(flatten)]
    case: &'a Case,
}

/// The bytes of a case file: pretty JSON, fields in a fixed order, unknown fields sorted by
/// name, ending in a newline. The same case always gives the same bytes.
pub fn to_bytes(case: &Case) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(64 * 1024);
    // Writing into memory cannot fail, nor can serializing plain data (keys are strings and
    // numbers finite).
    write_case(case, &mut bytes).expect("a case always serializes to JSON");
    bytes
}

/// Writes the bytes of [`to_bytes`] to `out`.
fn write_case(case: &Case, out: &mut impl std::io::Write) -> std::io::Result<()> {
    let document = Document {
        format: FORMAT,
        version: CURRENT_VERSION,
        case,
    };
    serde_json::to_writer_pretty(&mut *out, &document).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}

/// A writer that keeps the CRC-32 and length of what passes through it.
struct Stamping<W> {
    inner: W,
    crc: crc32fast::Hasher,
    len: u64,
}

impl<W: std::io::Write> std::io::Write for Stamping<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.crc.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Saves a case atomically, keeping the previous file as `<name>.bak`.
pub fn save(case: &Case, path: &Path) -> Result<(), SaveError> {
    save_stamped(case, path).map(|_| ())
}

/// Saves a case as [`save`] does and returns the stamp of what it wrote.
pub fn save_stamped(case: &Case, path: &Path) -> Result<recovery::DiskStamp, SaveError> {
    // The case streams into the file (no copy of a large case in memory), stamped on the way.
    let mut written = (crc32fast::Hasher::new(), 0);
    atomic::write_atomically_with(path, true, |file| {
        // Stamped behind the buffer, so the CRC runs over large blocks, not each small write.
        let mut out = std::io::BufWriter::with_capacity(
            1 << 20,
            Stamping {
                inner: file,
                crc: crc32fast::Hasher::new(),
                len: 0,
            },
        );
        write_case(case, &mut out)?;
        let stamped = out.into_inner().map_err(|e| e.into_error())?;
        written = (stamped.crc, stamped.len);
        Ok(())
    })
    .map_err(|source| SaveError {
        path: path.to_owned(),
        source,
    })?;
    // Saves killed half-way (power cut, crash) leave temporary files; tidy those of earlier
    // sessions, never one another save may be writing now.
    recovery::remove_stale_temporaries(path, std::time::Duration::from_secs(600));
    Ok(recovery::DiskStamp::written(
        path,
        written.1,
        written.0.finalize(),
    ))
}

/// Reads a case file, reporting the fraction read (0 to 1) as it goes.
pub fn load_with_progress(path: &Path, progress: &dyn Fn(f32)) -> Result<Case, LoadError> {
    load_stamped(path, progress).map(|(case, _)| case)
}

/// Reads a case file as [`load_with_progress`] does, with the stamp of what it read.
pub fn load_stamped(
    path: &Path,
    progress: &dyn Fn(f32),
) -> Result<(Case, recovery::DiskStamp), LoadError> {
    // The shares are those measured on a 86 MB case (reading 20 %, parsing 45 %, checking the
    // rules 35 %), so the bar moves at about an even pace instead of resting at one point.
    let bytes = read_file_capped(path, MAX_FILE_BYTES, &|fraction| progress(fraction * 0.2))?;
    let (case, _) = parse_with_progress(&bytes, path, progress, true)?;
    let stamp = recovery::DiskStamp::of(path, &bytes);
    progress(1.0);
    Ok((case, stamp))
}

/// Reads a case file to compare it with another version, never to work on: as [`load`], but a
/// case that breaks the rules (a reference to a deleted object, say) is still returned, with
/// the problems found. Everything else (size cap, UTF-8, duplicate keys, version) holds.
pub fn load_for_comparison(path: &Path) -> Result<(Case, Vec<Problem>), LoadError> {
    let bytes = read_file_capped(path, MAX_FILE_BYTES, &|_| {})?;
    let (case, _) = parse_with_progress(&bytes, path, &|_| {}, false)?;
    let problems = check_case(&case);
    Ok((case, problems))
}

/// Opens `path` for reading if it is a regular file. A folder, a pipe or a device is refused:
/// opening a pipe can wait forever, and a device can be read forever. On Unix the file is
/// opened without waiting (`O_NONBLOCK`) and then checked, so a pipe put in its place between
/// a look and the open cannot hang the caller either.
pub fn open_regular_file(path: &Path) -> std::io::Result<std::fs::File> {
    open_checked(path, false)
}

/// As [`open_regular_file`], but a symbolic link is refused too, never followed: for files in
/// shared places (the note beside a case) and the app's own data, where someone else may have
/// put a link to a file of the user's.
pub fn open_regular_file_no_follow(path: &Path) -> std::io::Result<std::fs::File> {
    open_checked(path, true)
}

fn open_checked(path: &Path, no_follow: bool) -> std::io::Result<std::fs::File> {
    let refuse =
        |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidInput, format!("it is {what}"));
    let look = if no_follow {
        std::fs::symlink_metadata(path)?
    } else {
        std::fs::metadata(path)?
    };
    let kind = look.file_type();
    if kind.is_symlink() {
        return Err(refuse(
            "a symbolic link, which Casebook does not follow here",
        ));
    }
    if kind.is_dir() {
        return Err(refuse("a folder"));
    }
    if !kind.is_file() {
        return Err(refuse("not a regular file (a pipe or a device?)"));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let flags = libc::O_NONBLOCK | if no_follow { libc::O_NOFOLLOW } else { 0 };
        options.custom_flags(flags);
    }
    let file = options.open(path)?;
    // What was opened, not what was looked at: it may have been swapped in between.
    if !file.metadata()?.is_file() {
        return Err(refuse("not a regular file (a pipe or a device?)"));
    }
    Ok(file)
}

/// The bytes of the regular file at `path`, refused past `limit` bytes (however the file grows
/// while it is read); `progress` hears the fraction read.
pub fn read_file_capped(
    path: &Path,
    limit: u64,
    progress: &dyn Fn(f32),
) -> Result<Vec<u8>, LoadError> {
    let io_error = |source| LoadError::Io {
        path: path.to_owned(),
        source,
    };
    let file = open_regular_file(path).map_err(io_error)?;
    let size = file.metadata().map_err(io_error)?.len();
    if size > limit {
        return Err(LoadError::TooLarge {
            path: path.to_owned(),
            size,
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    let mut limited = file.take(limit + 1);
    let mut chunk = vec![0u8; 1 << 20];
    loop {
        let n = limited.read(&mut chunk).map_err(io_error)?;
        if n == 0 {
            break;
        }
        bytes.extend_from_slice(&chunk[..n]);
        if bytes.len() as u64 > limit {
            return Err(LoadError::TooLarge {
                path: path.to_owned(),
                size: bytes.len() as u64,
                limit,
            });
        }
        progress((bytes.len() as f32 / size.max(1) as f32).min(1.0));
    }
    Ok(bytes)
}

/// Reads a case file.
pub fn load(path: &Path) -> Result<Case, LoadError> {
    load_with_progress(path, &|_| {})
}

/// Line and column (1-based, in characters) of a byte offset.
fn line_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// The first pass over a file that did not read as a case: the JSON must be well-formed and
/// say what it is.
fn read_header(text: &str, path: &Path) -> Result<Header, LoadError> {
    serde_json::from_str(text).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => LoadError::NotACase {
            path: path.to_owned(),
            detail: format!(
                "{} (line {}, column {})",
                e.to_string().split(" at line").next().unwrap_or_default(),
                e.line(),
                e.column()
            ),
        },
        _ => syntax_error(&e, path),
    })
}

/// How far an open has got once the file is read into a case; the rules are checked after.
pub const PARSED: f32 = 0.65;

/// Parses the bytes of a case file; `path` names it in errors.
pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<Case, LoadError> {
    parse_with_progress(bytes, path, &|_| {}, true).map(|(case, _)| case)
}

/// Reads a case file as [`load`] does, with the format version the file was written in (an
/// older version is read as the current one; saving writes the current one).
pub fn load_versioned(path: &Path) -> Result<(Case, u64), LoadError> {
    let bytes = read_file_capped(path, MAX_FILE_BYTES, &|_| {})?;
    parse_with_progress(&bytes, path, &|_| {}, true)
}

/// As [`from_bytes`], reporting how far it has got: [`PARSED`] once read into a case, 1.0 once
/// checked, and giving the format version the file states. Without `check_rules` the case's
/// rules (references, ids, values) are left to the caller.
fn parse_with_progress(
    bytes: &[u8],
    path: &Path,
    progress: &dyn Fn(f32),
    check_rules: bool,
) -> Result<(Case, u64), LoadError> {
    let path_buf = || path.to_owned();
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            path: path_buf(),
            size: bytes.len() as u64,
            limit: MAX_FILE_BYTES,
        });
    }
    // A byte order mark is allowed (some Windows editors write one) and skipped.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_column(bytes, e.valid_up_to());
        LoadError::NotUtf8 {
            path: path_buf(),
            line,
            column,
        }
    })?;
    if text.trim().is_empty() {
        return Err(LoadError::Empty { path: path_buf() });
    }

    if !text.trim_start().starts_with('{') {
        let (line, column) = line_column(bytes, text.len() - text.trim_start().len());
        return Err(LoadError::NotACase {
            path: path_buf(),
            detail: format!(
                "a case file is a JSON object, starting with {{ (line {line}, column {column})"
            ),
        });
    }
    // A well-formed case file reads in one pass; its `format` and `version` land among the
    // case's unknown fields and are checked from there, before the case is used. Anything
    // else takes the slower passes below, which say precisely what is wrong and where.
    let read_whole = || {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let case = Case::deserialize(&mut deserializer).ok()?;
        deserializer.end().ok()?;
        Some(case)
    };
    let whole = read_whole();
    let header = match &whole {
        Some(case) => Header {
            format: case.extra.0.get("format").cloned(),
            version: case.extra.0.get("version").cloned(),
        },
        None => read_header(text, path)?,
    };
    match header.format {
        Some(serde_json::Value::String(f)) if f == FORMAT => {}
        Some(other) => {
            return Err(LoadError::NotACase {
                path: path_buf(),
                detail: format!("its `format` is {other}, not \"{FORMAT}\""),
            });
        }
        None => {
            return Err(LoadError::NotACase {
                path: path_buf(),
                detail: format!(
                    "it has no `format` field (a case file starts with \"format\": \"{FORMAT}\")"
                ),
            });
        }
    }
    let version = match header.version {
        Some(serde_json::Value::Number(n)) => n.as_u64(),
        _ => None,
    }
    .ok_or_else(|| LoadError::NotACase {
        path: path_buf(),
        detail: "its `version` must be a whole number such as 1".into(),
    })?;
    if version > CURRENT_VERSION {
        return Err(LoadError::NewerVersion {
            path: path_buf(),
            version,
        });
    }
    if version < OLDEST_VERSION {
        return Err(LoadError::NotACase {
            path: path_buf(),
            detail: format!("version {version} is not a case format version; the first is 1"),
        });
    }

    // Second pass, if the first failed: the case again, with the field path of the error.
    let mut case: Case = match whole {
        Some(case) => case,
        None => read_with_field_path(text, path)?,
    };
    case.extra.remove("format");
    case.extra.remove("version");
    progress(PARSED);

    let problems = if check_rules {
        check_case(&case)
    } else {
        Vec::new()
    };
    if !problems.is_empty() {
        return Err(LoadError::Invalid {
            path: path_buf(),
            problems,
        });
    }
    Ok((case, version))
}

/// Reads the case, giving the field path of the first error.
fn read_with_field_path(text: &str, path: &Path) -> Result<Case, LoadError> {
    let path_buf = || path.to_owned();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let field = e.path().to_string();
        let inner = e.into_inner();
        LoadError::Field {
            path: path_buf(),
            field,
            message: inner
                .to_string()
                .split(" at line")
                .next()
                .unwrap_or_default()
                .to_owned(),
            line: inner.line(),
            column: inner.column(),
        }
    })
}

fn syntax_error(e: &serde_json::Error, path: &Path) -> LoadError {
    LoadError::Syntax {
        path: path.to_owned(),
        message: e
            .to_string()
            .split(" at line")
            .next()
            .unwrap_or_default()
            .to_owned(),
        line: e.line(),
        column: e.column(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let text = "ab\ncdë\nx".as_bytes();
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        assert_eq!(line_column(text, text.len() - 1), (3, 1));
    }
}

#[cfg(test)]
mod nesting_tests {
    use super::*;

    fn nested(levels: usize) -> String {
        "[".repeat(levels) + &"]".repeat(levels)
    }

    #[test]
    fn the_nesting_limit_is_the_one_the_json_reader_keeps() {
        let deepest: serde_json::Value = serde_json::from_str(&nested(MAX_NESTING)).unwrap();
        assert_eq!(nesting(&deepest), MAX_NESTING);
        assert!(serde_json::from_str::<serde_json::Value>(&nested(MAX_NESTING + 1)).is_err());
        assert!(
            serde_json::from_str::<crate::model::extra::StrictValue>(&nested(MAX_NESTING + 1))
                .is_err()
        );
        assert_eq!(nesting(&serde_json::json!(1)), 0);
        assert_eq!(nesting(&serde_json::json!({"a": [1, {"b": []}]})), 4);
    }
}
