//! The registry of DPRK state bodies: `lists/dprk/bodies.csv`.
//!
//! One row per body (the Munitions Industry Department, its General Bureau
//! 313, the Reconnaissance General Bureau, ...), with its Hangul names,
//! translations, abbreviations, the body it belongs to, the list entries that
//! are the body itself, and the sources of all of that. The network build
//! resolves relation targets against these names first, makes each body a
//! node (the node of its first list entry when it is listed), and joins the
//! body's several list entries with `same_as` edges.

use crate::lists::{ListError, Position};
use crate::normalize;
use serde::{Deserialize, Serialize};
use sha2::Digest;
use std::collections::HashSet;
use std::path::Path;

/// Where the registry lives inside a lists folder.
pub const REGISTRY_PATH: &str = "dprk/bodies.csv";

/// One state body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Body {
    /// A slug (`munitions-industry-department`).
    pub id: String,
    pub hangul: Vec<String>,
    /// Translations and transliterations.
    pub names: Vec<String>,
    pub abbreviations: Vec<String>,
    /// The body it belongs to (an `id` of this registry).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// How it belongs to `parent` (`subordinate_to`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_relation: Option<String>,
    /// The list entries that are this body (`un:KPe.028`, `ofac:...`).
    pub listed: Vec<String>,
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

impl Body {
    /// The name to show: the first translation, else the first Hangul name,
    /// else the slug.
    pub fn display_name(&self) -> &str {
        self.names
            .first()
            .or(self.hangul.first())
            .map(String::as_str)
            .unwrap_or(&self.id)
    }

    /// The node id of an unlisted body.
    pub fn node_id(&self) -> String {
        format!("dprk:{}", self.id)
    }

    /// Every name of the body as a match key (see [`name_key`]); abbreviations
    /// only match a whole target.
    pub fn keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self
            .hangul
            .iter()
            .chain(&self.names)
            .chain(&self.abbreviations)
            .map(|n| name_key(n))
            .filter(|k| !k.is_empty())
            .collect();
        keys.sort();
        keys.dedup();
        keys
    }
}

/// A name reduced for exact comparison: folded tokens, a leading article
/// dropped (`the MID` is `MID`).
pub fn name_key(name: &str) -> String {
    let tokens = normalize::tokens(name);
    let start = usize::from(tokens.len() > 1 && tokens[0] == "the");
    tokens[start..].join(" ")
}

/// The registry file: its bodies and the sha256 of its bytes.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Registry {
    pub bodies: Vec<Body>,
    /// sha256 of the file; empty when there is no registry.
    pub sha256: String,
}

const COLUMNS: [&str; 9] = [
    "id",
    "hangul",
    "names",
    "abbreviations",
    "parent",
    "parent_relation",
    "listed",
    "sources",
    "notes",
];

impl Registry {
    /// Reads `dprk/bodies.csv` in the lists folder `lists`; no file is an
    /// empty registry (small test folders have none).
    pub fn load(lists: &Path) -> Result<Registry, ListError> {
        let path = lists.join(REGISTRY_PATH);
        if !path.exists() {
            return Ok(Registry::default());
        }
        let io = |source| ListError::Io {
            file: path.clone(),
            source,
        };
        let bytes = std::fs::read(&path).map_err(io)?;
        let sha256 = hex::encode(sha2::Sha256::digest(&bytes));
        let bodies = parse(&bytes).map_err(|(fault, message)| match fault {
            Fault::At(position) => ListError::Malformed {
                file: path.clone(),
                position,
                message,
            },
            Fault::Body(record) => ListError::Inconsistent {
                file: path.clone(),
                record,
                message,
            },
        })?;
        Ok(Registry { bodies, sha256 })
    }

    pub fn get(&self, id: &str) -> Option<&Body> {
        self.bodies.iter().find(|b| b.id == id)
    }

    /// Whether `id` is `ancestor` or lies below it by `parent` links.
    pub fn descends_from(&self, id: &str, ancestor: &str) -> bool {
        let mut at = Some(id);
        let mut seen = 0;
        while let Some(current) = at {
            if current == ancestor {
                return true;
            }
            seen += 1;
            if seen > self.bodies.len() {
                return false;
            }
            at = self.get(current).and_then(|b| b.parent.as_deref());
        }
        false
    }
}

/// Where the registry is wrong.
#[derive(Debug, Clone, PartialEq)]
enum Fault {
    /// At a place in the file: the header or a row.
    At(Position),
    /// In how a body relates to the others (a parent not there, a circle).
    Body(String),
}

/// The header's place in the file.
const HEADER_LINE: Position = Position::line(1);

/// Parses and checks the registry: the header, unique ids, parents that
/// exist, no cycle, a source on every row.
fn parse(bytes: &[u8]) -> Result<Vec<Body>, (Fault, String)> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes);
    let header = reader
        .headers()
        .map_err(|e| {
            (
                Fault::At(HEADER_LINE),
                format!("the header cannot be read ({e})"),
            )
        })?
        .clone();
    let found: Vec<&str> = header.iter().map(str::trim).collect();
    if found != COLUMNS {
        return Err((
            Fault::At(HEADER_LINE),
            format!("the header is {found:?}; expected the columns {COLUMNS:?}"),
        ));
    }
    let mut bodies = Vec::new();
    let mut ids = HashSet::new();
    for (n, record) in (2..).zip(reader.records()) {
        let at = Fault::At(Position::line(n));
        let record = record.map_err(|e| (at.clone(), e.to_string()))?;
        let cell = |i: usize| record.get(i).unwrap_or("").trim();
        let many = |i: usize| -> Vec<String> {
            cell(i)
                .split('|')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        };
        let id = cell(0).to_string();
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err((
                at.clone(),
                format!("the id {id:?} is not a lower-case slug (a-z, 0-9, -)"),
            ));
        }
        if !ids.insert(id.clone()) {
            return Err((at, format!("the id {id} is used twice")));
        }
        let body = Body {
            id,
            hangul: many(1),
            names: many(2),
            abbreviations: many(3),
            parent: Some(cell(4).to_string()).filter(|s| !s.is_empty()),
            parent_relation: Some(cell(5).to_string()).filter(|s| !s.is_empty()),
            listed: many(6),
            sources: many(7),
            notes: cell(8).to_string(),
        };
        if body.hangul.is_empty() && body.names.is_empty() {
            return Err((at, format!("{} has no name", body.id)));
        }
        if body.sources.is_empty() {
            return Err((at.clone(), format!("{} cites no source", body.id)));
        }
        if body.parent.is_some() && body.parent_relation.is_none() {
            return Err((
                at.clone(),
                format!("{} has a parent but no parent_relation", body.id),
            ));
        }
        bodies.push(body);
    }
    for b in &bodies {
        if let Some(p) = &b.parent
            && !ids.contains(p)
        {
            return Err((
                Fault::Body(b.id.clone()),
                format!("the parent {p} is not a body of the registry"),
            ));
        }
    }
    let registry = Registry {
        bodies,
        sha256: String::new(),
    };
    for b in &registry.bodies {
        if let Some(p) = &b.parent
            && registry.descends_from(p, &b.id)
        {
            return Err((
                Fault::Body(b.id.clone()),
                "its parents go round in a circle".to_string(),
            ));
        }
    }
    Ok(registry.bodies)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str =
        "id,hangul,names,abbreviations,parent,parent_relation,listed,sources,notes\n";

    #[test]
    fn the_network_and_organisation_matching_know_the_same_bodies() {
        // Both read lists/dprk/bodies.csv: the network from the lists folder,
        // korean_orgs compiled in. Every body, with every name, in both.
        let lists = Path::new(env!("CARGO_MANIFEST_DIR")).join("lists");
        let registry = Registry::load(&lists).unwrap();
        let matched = normalize::korean_orgs::named_bodies();
        assert_eq!(registry.bodies.len(), matched.len());
        for (body, named) in registry.bodies.iter().zip(matched) {
            assert_eq!(body.id, named.id);
            assert_eq!(body.hangul, named.hangul, "{}", body.id);
            let names: Vec<&String> = body.names.iter().chain(&body.abbreviations).collect();
            assert_eq!(names, named.names.iter().collect::<Vec<_>>(), "{}", body.id);
        }
    }

    #[test]
    fn reads_bodies_and_their_parents() {
        let text = format!(
            "{HEADER}munitions-industry-department,군수공업부,Munitions Industry Department|Military Supplies Industry Department,MID,,,un:KPe.028,UN KPe.028,\n\
             general-bureau-313,313총국,General Bureau 313,,munitions-industry-department,subordinate_to,,FACTS.md 2024-12-26,\n"
        );
        let bodies = parse(text.as_bytes()).unwrap();
        assert_eq!(bodies.len(), 2);
        assert_eq!(bodies[0].abbreviations, ["MID"]);
        assert_eq!(bodies[0].display_name(), "Munitions Industry Department");
        assert_eq!(bodies[1].node_id(), "dprk:general-bureau-313");
        let registry = Registry {
            bodies,
            sha256: String::new(),
        };
        assert!(registry.descends_from("general-bureau-313", "munitions-industry-department"));
        assert!(!registry.descends_from("munitions-industry-department", "general-bureau-313"));
        assert!(registry.bodies[0].keys().contains(&"mid".to_string()));
        assert_eq!(name_key("the MID"), "mid");
    }

    #[test]
    fn refuses_what_would_make_a_wrong_network() {
        let row = |n| Fault::At(Position::line(n));
        let body = |id: &str| Fault::Body(id.to_string());
        for (rows, fault, expect) in [
            ("a,,,,,,,src,\n", row(2), "has no name"),
            ("a,가,,,,,,,\n", row(2), "cites no source"),
            ("a,가,,,b,subordinate_to,,src,\n", body("a"), "not a body"),
            ("a,가,,,,,,src,\na,나,,,,,,src,\n", row(3), "used twice"),
            ("A b,가,,,,,,src,\n", row(2), "slug"),
            (
                "a,가,,,b,subordinate_to,,src,\nb,나,,,a,subordinate_to,,src,\n",
                body("a"),
                "circle",
            ),
            (
                "a,가,,,b,,,src,\nb,나,,,,,,src,\n",
                row(2),
                "no parent_relation",
            ),
        ] {
            let (at, err) = parse(format!("{HEADER}{rows}").as_bytes()).unwrap_err();
            assert_eq!(at, fault, "{rows:?}: {err}");
            assert!(err.contains(expect), "{rows:?}: {err}");
        }
        let (at, err) = parse(b"id,name\nx,y\n").unwrap_err();
        assert_eq!(at, row(1));
        assert!(err.contains("expected the columns"), "{err}");
    }

    #[test]
    fn a_load_error_names_the_file_and_the_row_or_body() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(REGISTRY_PATH);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        for (rows, at) in [
            ("a,,,,,,,src,\n", "line 2"),
            ("a,가,,,b,subordinate_to,,src,\n", "a"),
        ] {
            std::fs::write(&path, format!("{HEADER}{rows}")).unwrap();
            let err = Registry::load(dir.path()).unwrap_err().to_string();
            let expected = format!("{}: malformed at {at}: ", path.display());
            assert!(err.starts_with(&expected), "{err}");
        }
    }
}
