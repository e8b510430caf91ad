//! One TAXII server as the client sees it: an HTTP agent with the user's credentials and TLS
//! roots, requests carrying the TAXII 2.1 media type, answers read within a size limit, and
//! every failure turned into a [`TaxiiError`] that says what happened and what to do.

use super::TAXII_MEDIA_TYPE;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// The largest answer read from a server: a page of objects or a resource. A larger one is
/// refused rather than held in memory.
pub const MAX_ANSWER_BYTES: u64 = 256 * 1024 * 1024;

/// How long a request may wait for the server unless the user says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Who the client says it is. The secret is held in memory only and never printed.
#[derive(Clone, Default, PartialEq, Eq)]
pub enum Credentials {
    #[default]
    None,
    /// HTTP Basic: a user name and its password.
    Basic { user: String, password: String },
    /// A bearer token (`Authorization: Bearer …`), as OpenCTI and most hosted feeds use.
    Bearer { token: String },
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::None => write!(f, "no credentials"),
            Credentials::Basic { user, .. } => write!(f, "user {user:?} with a password"),
            Credentials::Bearer { .. } => write!(f, "a bearer token"),
        }
    }
}

impl Credentials {
    fn header(&self) -> Option<String> {
        use base64::Engine as _;
        match self {
            Credentials::None => None,
            Credentials::Basic { user, password } => Some(format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
            )),
            Credentials::Bearer { token } => Some(format!("Bearer {}", token.trim())),
        }
    }
}

/// How to reach a server.
#[derive(Clone, Debug)]
pub struct ConnectionOptions {
    pub credentials: Credentials,
    /// A PEM file of the certificate authorities to trust instead of the public ones (for a
    /// server with an internal CA).
    pub ca_file: Option<PathBuf>,
    /// How long to wait to connect, for an answer to start, and between parts of an answer.
    pub timeout: Duration,
}

impl Default for ConnectionOptions {
    fn default() -> Self {
        ConnectionOptions {
            credentials: Credentials::None,
            ca_file: None,
            timeout: DEFAULT_TIMEOUT,
        }
    }
}

/// What a request was for, so a refusal can say what was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    Discover,
    Read,
    Write,
    Status,
}

impl Purpose {
    fn verb(self) -> &'static str {
        match self {
            Purpose::Discover => "list what the server offers",
            Purpose::Read => "read this collection",
            Purpose::Write => "add objects to this collection",
            Purpose::Status => "read the status of what was sent",
        }
    }
}

/// Why a TAXII exchange failed, in words that say what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum TaxiiError {
    #[error("{url} is not a web address Casebook can use: {reason}")]
    BadAddress { url: String, reason: String },
    #[error(
        "{url} is plain HTTP, which would send your credentials unencrypted over the network; use the server's https:// address (plain HTTP is allowed only to this computer, 127.0.0.1 or localhost)"
    )]
    CredentialsInTheClear { url: String },
    #[error("cannot use the CA file {path}: {reason}")]
    CaFile { path: PathBuf, reason: String },
    #[error(
        "the server at {url} did not accept the credentials (HTTP 401{server}): check the user name and the password or token (on the command line: --user or --token, and {var}), and that the server signs in that way",
        var = super::SECRET_VARIABLE
    )]
    Unauthorized { url: String, server: ServerWords },
    #[error(
        "the server at {url} knows who you are but does not allow you to {} (HTTP 403{server}): ask its administrator for that access",
        purpose.verb()
    )]
    Forbidden {
        url: String,
        purpose: Purpose,
        server: ServerWords,
    },
    #[error(
        "nothing at {url} (HTTP 404{server}): check the address and the collection id; `casebook taxii collections URL` lists what the server offers"
    )]
    NotFound { url: String, server: ServerWords },
    #[error(
        "the server at {url} does not answer in TAXII 2.1 (HTTP 406{server}): it refused the TAXII 2.1 media type; it may be a TAXII 2.0 server, or the address may not be a TAXII API root"
    )]
    NotAcceptable { url: String, server: ServerWords },
    #[error(
        "the server at {url} refused {bytes} bytes as too large (HTTP 413{server}){advertised}"
    )]
    TooLarge {
        url: String,
        bytes: usize,
        /// What the API root said it takes, when the request kept to it.
        advertised: String,
        server: ServerWords,
    },
    #[error(
        "the server at {url} does not take STIX 2.1 objects in TAXII 2.1 envelopes (HTTP 415{server}); the collection may hold another kind of content"
    )]
    UnsupportedMediaType { url: String, server: ServerWords },
    #[error(
        "the server at {url} could not process what was sent (HTTP 422{server}); nothing of that envelope was added"
    )]
    Unprocessable { url: String, server: ServerWords },
    #[error("the server at {url} answered HTTP {status}{server}{hint}")]
    Status {
        url: String,
        status: u16,
        server: ServerWords,
        hint: &'static str,
    },
    #[error(
        "no answer from {url} within {} s: the server may be down, slow or out of reach; try again, or give it longer (Timeout in the dialog, --timeout SECONDS on the command line)",
        timeout.as_secs()
    )]
    Timeout { url: String, timeout: Duration },
    #[error(
        "cannot reach {url}: {reason}; check the address, and that this computer can reach the server"
    )]
    Unreachable { url: String, reason: String },
    #[error(
        "the server at {url} did not prove who it is: {reason}; for a server with an internal certificate authority, give that authority's certificate as the CA file (--ca-file FILE on the command line)"
    )]
    Certificate { url: String, reason: String },
    #[error("the answer from {url} is larger than the {limit} bytes Casebook reads")]
    AnswerTooLarge { url: String, limit: u64 },
    #[error("the answer from {url} is not the TAXII resource expected: {reason}")]
    NotTaxii { url: String, reason: String },
    #[error("{0}")]
    Refused(String),
    #[error("cancelled")]
    Cancelled,
}

/// The server's own words on an error (its TAXII error message's title and description), shown
/// after the status.
#[derive(Clone, Debug, Default)]
pub struct ServerWords(Option<String>);

impl fmt::Display for ServerWords {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Some(words) => write!(f, "; the server says: \"{words}\""),
            None => Ok(()),
        }
    }
}

impl ServerWords {
    /// The title and description of a TAXII error message, or the start of a plain-text body.
    fn from_body(body: &[u8]) -> Self {
        let words = match serde_json::from_slice::<serde_json::Value>(body) {
            Ok(value) => {
                let text = |key: &str| value.get(key).and_then(|v| v.as_str()).map(str::trim);
                match (text("title"), text("description")) {
                    (Some(t), Some(d)) if !d.is_empty() && d != t => format!("{t}: {d}"),
                    (Some(t), _) => t.to_owned(),
                    (None, Some(d)) => d.to_owned(),
                    (None, None) => String::new(),
                }
            }
            Err(_) => String::from_utf8_lossy(body).trim().to_owned(),
        };
        let words: String = words.chars().filter(|c| !c.is_control()).collect();
        let words = crate::text::shortened(&words, 300);
        ServerWords((!words.is_empty()).then_some(words))
    }
}

/// A successful answer.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
    /// `X-TAXII-Date-Added-First` and `-Last`: when the server added the first and last object
    /// of a page.
    pub date_added_first: Option<String>,
    pub date_added_last: Option<String>,
}

impl Answer {
    /// The body read as the resource `T`.
    pub fn resource<T: serde::de::DeserializeOwned>(&self, url: &str) -> Result<T, TaxiiError> {
        serde_json::from_slice(&self.body).map_err(|e| TaxiiError::NotTaxii {
            url: url.to_owned(),
            reason: e.to_string(),
        })
    }
}

/// A server to talk to.
pub struct Connection {
    agent: ureq::Agent,
    authorization: Option<String>,
    timeout: Duration,
}

impl fmt::Debug for Connection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Connection")
            .field("authorized", &self.authorization.is_some())
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl Connection {
    pub fn new(options: &ConnectionOptions) -> Result<Self, TaxiiError> {
        let mut tls = ureq::tls::TlsConfig::builder();
        // macOS: the system's TLS, trusting what the keychain trusts.
        #[cfg(target_os = "macos")]
        {
            tls = tls
                .provider(ureq::tls::TlsProvider::NativeTls)
                .root_certs(ureq::tls::RootCerts::PlatformVerifier);
        }
        if let Some(path) = &options.ca_file {
            tls = tls.root_certs(ureq::tls::RootCerts::from(read_ca_file(path)?));
        }
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .user_agent(format!("Casebook/{}", env!("CARGO_PKG_VERSION")))
            .max_redirects(5)
            .timeout_connect(Some(options.timeout))
            .timeout_recv_response(Some(options.timeout))
            .timeout_per_read(Some(options.timeout))
            .timeout_per_write(Some(options.timeout))
            .tls_config(tls.build())
            .build();
        Ok(Connection {
            agent: ureq::Agent::new_with_config(config),
            authorization: options.credentials.header(),
            timeout: options.timeout,
        })
    }

    /// Refuses a plain-HTTP address to another computer when credentials would go with it.
    pub fn check_address(&self, url: &str) -> Result<(), TaxiiError> {
        let parsed = url::Url::parse(url).map_err(|e| TaxiiError::BadAddress {
            url: url.to_owned(),
            reason: e.to_string(),
        })?;
        match parsed.scheme() {
            "https" => Ok(()),
            "http" => {
                let loopback = match parsed.host() {
                    Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
                    Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
                    Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
                    None => false,
                };
                if self.authorization.is_some() && !loopback {
                    Err(TaxiiError::CredentialsInTheClear {
                        url: url.to_owned(),
                    })
                } else {
                    Ok(())
                }
            }
            other => Err(TaxiiError::BadAddress {
                url: url.to_owned(),
                reason: format!("it starts {other}:, not https: or http:"),
            }),
        }
    }

    /// GETs a TAXII resource, with `query` pairs.
    pub fn get(
        &self,
        url: &str,
        query: &[(&str, &str)],
        purpose: Purpose,
    ) -> Result<Answer, TaxiiError> {
        self.check_address(url)?;
        let mut request = self.agent.get(url).header("Accept", TAXII_MEDIA_TYPE);
        if let Some(authorization) = &self.authorization {
            request = request.header("Authorization", authorization);
        }
        for (key, value) in query {
            request = request.query(*key, *value);
        }
        self.answer(url, request.call(), purpose, 0)
    }

    /// POSTs an envelope (already serialized) to a collection's objects.
    pub fn post(&self, url: &str, body: &[u8], purpose: Purpose) -> Result<Answer, TaxiiError> {
        self.check_address(url)?;
        let mut request = self
            .agent
            .post(url)
            .header("Accept", TAXII_MEDIA_TYPE)
            .content_type(TAXII_MEDIA_TYPE);
        if let Some(authorization) = &self.authorization {
            request = request.header("Authorization", authorization);
        }
        self.answer(url, request.send(body), purpose, body.len())
    }

    fn answer(
        &self,
        url: &str,
        result: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
        purpose: Purpose,
        sent: usize,
    ) -> Result<Answer, TaxiiError> {
        let mut response = result.map_err(|e| self.transport_error(url, e))?;
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let date_added_first = header("X-TAXII-Date-Added-First");
        let date_added_last = header("X-TAXII-Date-Added-Last");
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_ANSWER_BYTES)
            .read_to_vec()
            .map_err(|e| match e {
                ureq::Error::BodyExceedsLimit(_) => TaxiiError::AnswerTooLarge {
                    url: url.to_owned(),
                    limit: MAX_ANSWER_BYTES,
                },
                other => self.transport_error(url, other),
            })?;
        if (200..300).contains(&status) {
            return Ok(Answer {
                status,
                body,
                date_added_first,
                date_added_last,
            });
        }
        let url = url.to_owned();
        let server = ServerWords::from_body(&body);
        Err(match status {
            401 => TaxiiError::Unauthorized { url, server },
            403 => TaxiiError::Forbidden {
                url,
                purpose,
                server,
            },
            404 => TaxiiError::NotFound { url, server },
            406 => TaxiiError::NotAcceptable { url, server },
            413 => TaxiiError::TooLarge {
                url,
                bytes: sent,
                advertised: String::new(),
                server,
            },
            415 => TaxiiError::UnsupportedMediaType { url, server },
            422 => TaxiiError::Unprocessable { url, server },
            status => TaxiiError::Status {
                url,
                status,
                server,
                hint: match status {
                    400 => ": it did not understand the request",
                    500..=599 => ": the fault is on the server; tell its administrator",
                    _ => "",
                },
            },
        })
    }

    fn transport_error(&self, url: &str, error: ureq::Error) -> TaxiiError {
        let url = url.to_owned();
        match error {
            ureq::Error::Timeout(_) => TaxiiError::Timeout {
                url,
                timeout: self.timeout,
            },
            #[cfg(not(target_os = "macos"))]
            ureq::Error::Rustls(e) => TaxiiError::Certificate {
                url,
                reason: e.to_string(),
            },
            #[cfg(target_os = "macos")]
            ureq::Error::NativeTls(e) => TaxiiError::Certificate {
                url,
                reason: e.to_string(),
            },
            ureq::Error::Tls(e) => TaxiiError::Certificate {
                url,
                reason: e.to_owned(),
            },
            ureq::Error::HostNotFound => TaxiiError::Unreachable {
                url,
                reason: "no computer of that name is known here".to_owned(),
            },
            ureq::Error::ConnectionFailed => TaxiiError::Unreachable {
                url,
                reason: "the connection failed".to_owned(),
            },
            ureq::Error::BadUri(reason) => TaxiiError::BadAddress { url, reason },
            ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => TaxiiError::Timeout {
                url,
                timeout: self.timeout,
            },
            ureq::Error::Io(e) => {
                // rustls reports a refused certificate as an I/O error wrapping its own.
                let text = e.to_string();
                if text.contains("certificate") {
                    TaxiiError::Certificate { url, reason: text }
                } else {
                    TaxiiError::Unreachable {
                        url,
                        reason: crate::text::plain_io_error(&e),
                    }
                }
            }
            other => TaxiiError::Unreachable {
                url,
                reason: other.to_string(),
            },
        }
    }
}

/// The certificates of a PEM file, for trusting an internal CA.
fn read_ca_file(
    path: &std::path::Path,
) -> Result<Vec<ureq::tls::Certificate<'static>>, TaxiiError> {
    let fail = |reason: String| TaxiiError::CaFile {
        path: path.to_owned(),
        reason,
    };
    let bytes = crate::store::read_file_capped(path, 16 * 1024 * 1024, &|_| {})
        .map_err(|e| fail(e.to_string()))?;
    let mut certificates = Vec::new();
    for item in ureq::tls::parse_pem(&bytes) {
        match item {
            Ok(ureq::tls::PemItem::Certificate(certificate)) => certificates.push(certificate),
            Ok(_) => {}
            Err(e) => return Err(fail(e.to_string())),
        }
    }
    if certificates.is_empty() {
        return Err(fail(
            "it holds no PEM certificate (-----BEGIN CERTIFICATE-----)".to_owned(),
        ));
    }
    Ok(certificates)
}
