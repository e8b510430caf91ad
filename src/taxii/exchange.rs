//! Finding one's way on a TAXII server: what it offers ([`list_server`]: discovery, API roots,
//! collections), the collection a push or pull goes to ([`find_collection`]), and every
//! version a collection holds ([`read_manifest`]), for [`super::push`] and [`super::pull`].

use super::connection::{Answer, Connection, Purpose, TaxiiError};
use super::resources::{ApiRoot, Collection, Collections, Discovery, Manifest};
use serde_json::Value;
use std::collections::HashMap;

/// How many objects a page asks for (a server may give fewer).
pub const PAGE_LIMIT: &str = "1000";

/// An API root and what it says of itself and its collections.
#[derive(Clone, Debug)]
pub struct ApiRootListing {
    pub url: String,
    pub is_default: bool,
    /// Its information and collections, or why they could not be read.
    pub read: Result<(ApiRoot, Vec<Collection>), String>,
}

/// What a server offers.
#[derive(Clone, Debug)]
pub struct ServerListing {
    /// The server's title (discovery), or the API root's.
    pub title: String,
    pub api_roots: Vec<ApiRootListing>,
}

/// The collection a push or pull goes to, found on the server.
#[derive(Clone, Debug)]
pub struct CollectionChoice {
    /// The API root's address, ending in `/`.
    pub api_root_url: String,
    pub api_root: ApiRoot,
    pub collection: Collection,
}

impl CollectionChoice {
    /// The collection's address, ending in `/`.
    pub fn url(&self) -> String {
        format!(
            "{}collections/{}/",
            self.api_root_url,
            url_segment(&self.collection.id)
        )
    }

    /// The title of a case made from what was pulled from the collection.
    pub fn pulled_title(&self) -> String {
        let name = if self.collection.title.is_empty() {
            &self.collection.id
        } else {
            &self.collection.title
        };
        format!("Pulled from {name}")
    }

    /// How the collection is named to the user: its title and id.
    pub fn shown(&self) -> String {
        if self.collection.title.is_empty() {
            self.collection.id.clone()
        } else {
            format!("\"{}\" ({})", self.collection.title, self.collection.id)
        }
    }
}

/// An id as one segment of an address: anything that could change the path is escaped.
pub(super) fn url_segment(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

fn with_slash(url: &str) -> String {
    let url = url.trim();
    if url.ends_with('/') {
        url.to_owned()
    } else {
        format!("{url}/")
    }
}

/// Reads the server at `url`: a discovery address (`…/taxii2/`) or an API root.
pub fn list_server(connection: &Connection, url: &str) -> Result<ServerListing, TaxiiError> {
    let url = with_slash(url);
    let answer = connection.get(&url, &[], Purpose::Discover)?;
    let value: Value = answer.resource(&url)?;
    if value.get("api_roots").is_some() {
        let discovery: Discovery =
            serde_json::from_value(value).map_err(|e| TaxiiError::NotTaxii {
                url: url.clone(),
                reason: e.to_string(),
            })?;
        let api_roots = discovery
            .api_roots
            .iter()
            .map(|root| {
                let root_url = with_slash(&absolute(&url, root)?);
                let is_default = discovery.default.as_deref().is_some_and(|d| {
                    absolute(&url, d).map(|d| with_slash(&d)).ok().as_ref() == Some(&root_url)
                });
                let read = read_api_root(connection, &root_url).map_err(|e| e.to_string());
                Ok(ApiRootListing {
                    url: root_url,
                    is_default,
                    read,
                })
            })
            .collect::<Result<Vec<_>, TaxiiError>>()?;
        Ok(ServerListing {
            title: discovery.title,
            api_roots,
        })
    } else if value.get("max_content_length").is_some() {
        let (root, collections) = read_api_root(connection, &url)?;
        Ok(ServerListing {
            title: root.title.clone(),
            api_roots: vec![ApiRootListing {
                url,
                is_default: true,
                read: Ok((root, collections)),
            }],
        })
    } else {
        Err(TaxiiError::NotTaxii {
            url,
            reason: "it is neither a server's discovery (api_roots) nor an API root (max_content_length)".to_owned(),
        })
    }
}

/// An address as given in discovery, which may be relative to the discovery address.
fn absolute(base: &str, given: &str) -> Result<String, TaxiiError> {
    url::Url::parse(base)
        .and_then(|b| b.join(given))
        .map(String::from)
        .map_err(|e| TaxiiError::BadAddress {
            url: given.to_owned(),
            reason: e.to_string(),
        })
}

fn read_api_root(
    connection: &Connection,
    root_url: &str,
) -> Result<(ApiRoot, Vec<Collection>), TaxiiError> {
    let root: ApiRoot = connection
        .get(root_url, &[], Purpose::Discover)?
        .resource(root_url)?;
    let collections_url = format!("{root_url}collections/");
    let collections: Collections = connection
        .get(&collections_url, &[], Purpose::Discover)?
        .resource(&collections_url)?;
    Ok((root, collections.collections))
}

/// Finds `collection` (an id, an alias or a title) on the server at `url`: in the API root
/// `url` names, or in the discovery's default root, or in whichever root holds it.
pub fn find_collection(
    connection: &Connection,
    url: &str,
    collection: &str,
) -> Result<CollectionChoice, TaxiiError> {
    let listing = list_server(connection, url)?;
    let wanted = collection.trim();
    let mut roots: Vec<&ApiRootListing> = listing.api_roots.iter().collect();
    roots.sort_by_key(|r| !r.is_default);
    let mut unreadable = Vec::new();
    for root in roots {
        let (info, collections) = match &root.read {
            Ok(read) => read,
            Err(e) => {
                unreadable.push(e.clone());
                continue;
            }
        };
        let found = collections
            .iter()
            .find(|c| c.id == wanted)
            .or_else(|| {
                collections.iter().find(|c| {
                    c.alias
                        .as_deref()
                        .is_some_and(|a| a.eq_ignore_ascii_case(wanted))
                })
            })
            .or_else(|| {
                let titled: Vec<&Collection> = collections
                    .iter()
                    .filter(|c| c.title.eq_ignore_ascii_case(wanted))
                    .collect();
                (titled.len() == 1).then(|| titled[0])
            });
        if let Some(found) = found {
            return Ok(CollectionChoice {
                api_root_url: root.url.clone(),
                api_root: info.clone(),
                collection: found.clone(),
            });
        }
    }
    let mut offered: Vec<String> = listing
        .api_roots
        .iter()
        .filter_map(|r| r.read.as_ref().ok())
        .flat_map(|(_, cs)| cs.iter().map(|c| format!("{} \"{}\"", c.id, c.title)))
        .collect();
    offered.truncate(20);
    let mut reason = format!("no collection {wanted:?} at {url}");
    if offered.is_empty() {
        reason.push_str("; it offers none you can see");
    } else {
        reason.push_str(&format!("; it offers {}", offered.join(", ")));
    }
    for e in unreadable {
        reason.push_str(&format!("; and one API root could not be read: {e}"));
    }
    Err(TaxiiError::Refused(reason))
}

/// How a page of a paged resource (objects or a manifest) ends.
pub(super) struct PageEnd {
    pub more: bool,
    pub next: Option<String>,
    /// How many records it held.
    pub count: usize,
}

/// Reads the paged resource at `url` page by page: `limit` with `query`, then `next` while the
/// server says there is `more`, or, from a server that pages by time, `added_after` set to
/// the page's `X-TAXII-Date-Added-Last`. `read_page` takes each answer and says how it ends.
/// A server that says there is more but gives no way to it is an error, not a loop.
pub(super) fn read_pages(
    connection: &Connection,
    url: &str,
    query: &[(&str, &str)],
    added_after: Option<&str>,
    cancelled: &dyn Fn() -> bool,
    mut read_page: impl FnMut(&Answer) -> Result<PageEnd, TaxiiError>,
) -> Result<(), TaxiiError> {
    let mut next: Option<String> = None;
    let mut after = added_after.map(str::to_owned);
    loop {
        if cancelled() {
            return Err(TaxiiError::Cancelled);
        }
        let mut asked: Vec<(&str, &str)> = vec![("limit", PAGE_LIMIT)];
        asked.extend_from_slice(query);
        if let Some(after) = &after {
            asked.push(("added_after", after));
        }
        if let Some(next) = &next {
            asked.push(("next", next));
        }
        let answer = connection.get(url, &asked, Purpose::Read)?;
        let end = read_page(&answer)?;
        if !end.more {
            return Ok(());
        }
        match (end.next, &answer.date_added_last) {
            (Some(n), _) if next.as_ref() != Some(&n) || end.count > 0 => next = Some(n),
            (None, Some(last)) if after.as_ref() != Some(last) && end.count > 0 => {
                after = Some(last.clone());
                next = None;
            }
            (Some(_), _) => {
                return Err(TaxiiError::NotTaxii {
                    url: url.to_owned(),
                    reason: "it says there is more but gives the same page again".to_owned(),
                });
            }
            (None, _) => {
                return Err(TaxiiError::NotTaxii {
                    url: url.to_owned(),
                    reason:
                        "it says there is more but gives neither next nor X-TAXII-Date-Added-Last"
                            .to_owned(),
                });
            }
        }
    }
}

/// Every version of every object the collection holds, from its manifest.
pub(super) fn read_manifest(
    connection: &Connection,
    choice: &CollectionChoice,
    cancelled: &dyn Fn() -> bool,
) -> Result<HashMap<String, Vec<String>>, TaxiiError> {
    let manifest_url = format!("{}manifest/", choice.url());
    let mut held: HashMap<String, Vec<String>> = HashMap::new();
    // Every version, not only the latest (TAXII's default): an earlier one tells an object
    // unchanged since it was shared.
    read_pages(
        connection,
        &manifest_url,
        &[("match[version]", "all")],
        None,
        cancelled,
        |answer| {
            let page: Manifest = answer.resource(&manifest_url)?;
            let count = page.objects.len();
            for record in page.objects {
                if let Some(version) = record.version {
                    held.entry(record.id).or_default().push(version);
                }
            }
            Ok(PageEnd {
                more: page.more,
                next: page.next,
                count,
            })
        },
    )?;
    Ok(held)
}
