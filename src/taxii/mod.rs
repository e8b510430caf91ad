//! A TAXII 2.1 client: how a case is shared through a team's TAXII server (OpenCTI, MISP's
//! TAXII module, medallion, a vendor feed) without Casebook running a server of its own.
//!
//! - [`connection`]: one server, its credentials and TLS roots, every request with the TAXII
//!   media type, and every refusal explained in words an analyst can act on ([`TaxiiError`]).
//! - [`resources`]: the TAXII resources read and written (discovery, API root, collection,
//!   envelope, manifest, status).
//! - [`exchange`]: what the server offers (discovery, API roots, collections) and the
//!   versions a collection holds.
//! - [`push`]: send a case (only what changed since the collection last got it, in envelopes
//!   the server takes, each status followed to the end).
//! - [`pull`]: take a collection, page by page, into a bundle for the import review.
//! - [`pull_marks`]: when each collection was last pulled, kept in the app's data folder so
//!   `--added-after` asks only for what is new.
//!
//! Credentials are held in memory only: never in the case, the recent list or the marks.

pub mod connection;
pub mod exchange;
pub mod pull;
pub mod pull_marks;
pub mod push;
pub mod resources;

pub use connection::{Connection, ConnectionOptions, Credentials, TaxiiError};
pub use exchange::{CollectionChoice, ServerListing, find_collection, list_server};
pub use pull::{PullReport, pull};
pub use push::{PushOptions, PushReport, push};

/// The media type of TAXII 2.1 resources, in `Accept` and `Content-Type`.
pub const TAXII_MEDIA_TYPE: &str = "application/taxii+json;version=2.1";

/// The environment variable that holds the password (with a user name) or the bearer token.
pub const SECRET_VARIABLE: &str = "CASEBOOK_TAXII_SECRET";
