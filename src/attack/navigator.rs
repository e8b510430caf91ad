//! ATT&CK Navigator layer files: the techniques of an event, of a known group or of the
//! overlap between them, written as a layer Navigator opens (layer format 4.5); and a layer's
//! techniques read back, to add to an event.

use serde_json::{Value, json};

/// The layer format version written.
pub const LAYER_VERSION: &str = "4.5";
/// The largest layer file read, in bytes.
pub const MAX_LAYER: u64 = 64 * 1024 * 1024;

/// One technique in a layer.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerTechnique {
    /// T1485, T1059.001.
    pub id: String,
    /// 0 to 100; what the layer colours by.
    pub score: Option<f64>,
    pub comment: String,
    /// A colour of its own (`#rrggbb`), over the score's.
    pub color: Option<String>,
}

/// A layer: its name, description and techniques, and the legend of its colours.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    pub name: String,
    pub description: String,
    pub techniques: Vec<LayerTechnique>,
    /// (label, `#rrggbb`).
    pub legend: Vec<(String, String)>,
}

/// Why a layer could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LayerError {
    #[error("is not JSON: {0}")]
    Json(String),
    #[error("is not an ATT&CK Navigator layer: {0}")]
    NotALayer(String),
}

impl Layer {
    /// The layer as Navigator reads it. Scores colour from white (0) to red (100).
    pub fn to_json(&self) -> Vec<u8> {
        let techniques: Vec<Value> = self
            .techniques
            .iter()
            .map(|t| {
                let mut o = json!({
                    "techniqueID": t.id,
                    "enabled": true,
                    "showSubtechniques": t.id.contains('.'),
                });
                if let Some(score) = t.score {
                    o["score"] = json!((score * 100.0).round() / 100.0);
                }
                if !t.comment.is_empty() {
                    o["comment"] = json!(t.comment);
                }
                if let Some(color) = &t.color {
                    o["color"] = json!(color);
                }
                o
            })
            .collect();
        let layer = json!({
            "name": self.name,
            "versions": {"layer": LAYER_VERSION, "navigator": "5.1.0"},
            "domain": "enterprise-attack",
            "description": self.description,
            "sorting": 3,
            "hideDisabled": false,
            "techniques": techniques,
            "gradient": {"colors": ["#ffffff", "#ff6666"], "minValue": 0, "maxValue": 100},
            "legendItems": self.legend.iter().map(|(label, color)| json!({"label": label, "color": color})).collect::<Vec<_>>(),
            "metadata": [{"name": "made by", "value": "Casebook"}],
            "showTacticRowBackground": false,
            "selectTechniquesAcrossTactics": true,
            "selectSubtechniquesWithParent": false
        });
        let mut bytes = serde_json::to_vec_pretty(&layer).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }

    /// Reads a layer (any layer format from 4.0 on): its enabled techniques, each once.
    pub fn from_json(bytes: &[u8]) -> Result<Layer, LayerError> {
        let value: Value =
            serde_json::from_slice(bytes).map_err(|e| LayerError::Json(e.to_string()))?;
        let Some(list) = value.get("techniques").and_then(Value::as_array) else {
            return Err(LayerError::NotALayer("it has no `techniques` list".into()));
        };
        let mut techniques: Vec<LayerTechnique> = Vec::new();
        for (i, t) in list.iter().enumerate() {
            let Some(id) = t.get("techniqueID").and_then(Value::as_str) else {
                return Err(LayerError::NotALayer(format!(
                    "techniques[{i}] has no `techniqueID`"
                )));
            };
            let Some(id) =
                crate::model::technical::normal_attack_id(id).filter(|id| id.starts_with('T'))
            else {
                return Err(LayerError::NotALayer(format!(
                    "techniques[{i}]: `{}` is not an ATT&CK technique id",
                    crate::text::shortened(id, 40)
                )));
            };
            if t.get("enabled") == Some(&Value::Bool(false)) {
                continue;
            }
            // Navigator lists a technique once per tactic: one entry here.
            if techniques.iter().any(|known| known.id == id) {
                continue;
            }
            techniques.push(LayerTechnique {
                id,
                score: t.get("score").and_then(Value::as_f64),
                comment: t
                    .get("comment")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned(),
                color: t
                    .get("color")
                    .and_then(Value::as_str)
                    .filter(|c| c.len() == 7 && c.starts_with('#'))
                    .map(str::to_owned),
            });
        }
        Ok(Layer {
            name: value
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned(),
            description: value
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned(),
            legend: value
                .get("legendItems")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|l| {
                    Some((
                        l.get("label")?.as_str()?.to_owned(),
                        l.get("color")?.as_str()?.to_owned(),
                    ))
                })
                .collect(),
            techniques,
        })
    }
}

/// The colours of an overlap layer: shared, the event's only, the group's only.
pub const SHARED_COLOUR: &str = "#e4572e";
pub const EVENT_ONLY_COLOUR: &str = "#f3a712";
pub const GROUP_ONLY_COLOUR: &str = "#a8c5da";

/// The techniques an event of the case saw, each with its sources' grades as the comment.
pub fn event_layer(case: &crate::model::Case, event: &crate::model::Event) -> Layer {
    let mut techniques = Vec::new();
    for t in event
        .technical
        .iter()
        .filter_map(|id| case.technical_object(id))
    {
        let Some(id) = t.attack_id().filter(|i| i.starts_with('T')) else {
            continue;
        };
        if techniques.iter().any(|k: &LayerTechnique| k.id == id) {
            continue;
        }
        techniques.push(LayerTechnique {
            id,
            score: Some(100.0),
            comment: cited_by(case, &t.id),
            color: None,
        });
    }
    Layer {
        name: crate::text::shortened(&event.title, 60),
        description: format!(
            "Techniques seen in {} ({}), from Casebook.",
            event.title, event.start
        ),
        techniques,
        legend: Vec::new(),
    }
}

/// "B2 Microsoft Threat Intelligence; C3 ESET": the graded sources cited for an object.
pub fn cited_by(case: &crate::model::Case, id: &crate::model::Id) -> String {
    case.citations_of(id)
        .filter_map(|c| {
            let source = case.source(&c.source)?;
            let grade = case.grade(c)?;
            Some(format!("{grade} {}", source.title))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A known group's techniques.
pub fn group_layer(library: &super::Library, group: &super::Group) -> Layer {
    Layer {
        name: crate::text::shortened(&group.title(), 60),
        description: format!(
            "Techniques MITRE ATT&CK records {} as using ({}).",
            group.title(),
            library.origins.first().map_or("", |o| o.version.as_str())
        ),
        techniques: group
            .techniques
            .iter()
            .map(|&t| LayerTechnique {
                id: library.techniques[t as usize].id.clone(),
                score: Some(100.0),
                comment: String::new(),
                color: None,
            })
            .collect(),
        legend: Vec::new(),
    }
}

/// The overlap of an event's techniques with a group's, coloured: shared, the event's only,
/// the group's only.
pub fn overlap_layer(event: &Layer, group: &Layer, group_title: &str) -> Layer {
    let mut techniques = Vec::new();
    for t in &event.techniques {
        let shared = group.techniques.iter().any(|g| g.id == t.id);
        techniques.push(LayerTechnique {
            color: Some(
                if shared {
                    SHARED_COLOUR
                } else {
                    EVENT_ONLY_COLOUR
                }
                .into(),
            ),
            score: None,
            ..t.clone()
        });
    }
    for g in &group.techniques {
        if !event.techniques.iter().any(|t| t.id == g.id) {
            techniques.push(LayerTechnique {
                color: Some(GROUP_ONLY_COLOUR.into()),
                score: None,
                ..g.clone()
            });
        }
    }
    Layer {
        name: crate::text::shortened(&format!("{} and {group_title}", event.name), 60),
        description: format!("{} {}", event.description, super::overlap::CAVEAT),
        techniques,
        legend: vec![
            (
                "seen in the event and used by the group".into(),
                SHARED_COLOUR.into(),
            ),
            ("seen in the event only".into(), EVENT_ONLY_COLOUR.into()),
            (
                format!("used by {group_title} only"),
                GROUP_ONLY_COLOUR.into(),
            ),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_layer_reads_back_as_written() {
        let layer = Layer {
            name: "Event".into(),
            description: "What it saw".into(),
            techniques: vec![
                LayerTechnique {
                    id: "T1485".into(),
                    score: Some(100.0),
                    comment: "B2 Microsoft".into(),
                    color: Some("#e4572e".into()),
                },
                LayerTechnique {
                    id: "T1059.001".into(),
                    score: None,
                    comment: String::new(),
                    color: None,
                },
            ],
            legend: vec![("shared".into(), "#e4572e".into())],
        };
        assert_eq!(Layer::from_json(&layer.to_json()).unwrap(), layer);
    }

    #[test]
    fn a_layer_without_techniques_or_with_a_bad_id_is_refused() {
        let error = Layer::from_json(b"{\"name\": \"x\"}").unwrap_err();
        assert_eq!(
            error.to_string(),
            "is not an ATT&CK Navigator layer: it has no `techniques` list"
        );
        let error =
            Layer::from_json(br#"{"techniques": [{"techniqueID": "<script>"}]}"#).unwrap_err();
        assert!(error.to_string().contains("techniques[0]"), "{error}");
        // Disabled techniques and repeats (one per tactic) are left out.
        let layer = Layer::from_json(
            br#"{"techniques": [{"techniqueID": "T1003", "tactic": "credential-access"},
                {"techniqueID": "T1003", "tactic": "discovery"},
                {"techniqueID": "T1005", "enabled": false}]}"#,
        )
        .unwrap();
        assert_eq!(layer.techniques.len(), 1);
    }
}

/// What adding a layer's techniques to an event takes.
#[derive(Debug)]
pub struct LayerIntoEvent {
    /// The edit: the new technique objects, then the event listing them.
    pub command: crate::model::Command,
    /// How many technique objects are new to the case.
    pub created: usize,
    /// How many the case had and the event now lists.
    pub reused: usize,
    /// How many the event listed already.
    pub already: usize,
}

/// The edit that adds a layer's techniques to an event: a technique the case has (by ATT&CK
/// id) is reused, the others are made, named as the library names them.
pub fn layer_into_event(
    case: &crate::model::Case,
    event: &crate::model::Id,
    layer: &Layer,
    library: &super::Library,
) -> Option<LayerIntoEvent> {
    use crate::model::{CaseObject, Id, ObjectKind, Technical, TechnicalKind};
    let mut updated = case.event(event)?.clone();
    let mut objects = Vec::new();
    let (mut created, mut reused, mut already) = (0, 0, 0);
    for t in &layer.techniques {
        let existing = case.technical.iter().find(|k| {
            k.kind == TechnicalKind::Technique && k.attack_id().as_deref() == Some(&t.id)
        });
        let id = match existing {
            Some(k) if updated.technical.contains(&k.id) => {
                already += 1;
                continue;
            }
            Some(k) => {
                reused += 1;
                k.id.clone()
            }
            None => {
                let name = library
                    .technique(&t.id)
                    .map_or_else(|| t.id.clone(), |(_, k)| k.name.clone());
                let mut technique = Technical::new(
                    Id::generate(ObjectKind::Technical),
                    TechnicalKind::Technique,
                    name,
                );
                technique.external_id = t.id.clone();
                technique.description = t.comment.clone();
                created += 1;
                let id = technique.id.clone();
                objects.push(CaseObject::Technical(technique));
                id
            }
        };
        updated.technical.push(id);
    }
    objects.push(CaseObject::Event(updated));
    Some(LayerIntoEvent {
        command: crate::model::Command::Import {
            objects,
            stix_objects: Vec::new(),
        },
        created,
        reused,
        already,
    })
}
