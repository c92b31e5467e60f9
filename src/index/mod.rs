//! The on-disk index: what [`write`] writes (for [`crate::build`]) and [`Index::open`] reads.
//!
//! ```text
//! index/
//!   CURRENT             name of the live generation, replaced atomically
//!   .build.lock         held by the one build running (`lock.rs`)
//!   gen-<id>/
//!     meta.json         format version, index version, list hashes, counts,
//!                       parse reports, sha256 of every other file below
//!     names.json        every entity (id, schema, caption, lists, version) and
//!                       every name with its folded tokens
//!     tokens.fst        folded token -> token number (searched with
//!                       Levenshtein automata)
//!     postings.bin      token number -> names that contain the token
//!     network.json      resolved relations and DPRK state bodies
//!                       ([`crate::network::Graph`])
//!     tantivy/          the entity documents (whole records as JSON) and a
//!                       full-text field over names, remarks and addresses
//! ```
//!
//! A build writes a new generation beside the live one and only then points
//! `CURRENT` at it, so a failed or interrupted build leaves the previous index
//! as it was. Opening verifies the format version and the checksum of every file
//! and refuses a damaged or mismatched index with a message saying how to rebuild.
//! An opened index is wholly in memory (`files.rs`): it writes nothing, maps
//! nothing, and nothing done to the files afterwards reaches it.

mod files;
pub(crate) mod lock;
pub mod write;

use crate::lists::{ListFile, ParseReport};
use crate::model::{Entity, IdCategory, NameKind, Schema, Source};
use files::GenerationFiles;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use lock::BUILD_LOCK;

/// Prefix of Korean syllable keys in the token fst (folded tokens never
/// contain it).
pub const KOREAN_KEY_PREFIX: &str = "~";

/// Bumped whenever the layout or the meaning of any file changes.
pub const FORMAT_VERSION: u32 = 7;

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error(
        "no index at {0}: build one with `sanctiondb build --index {0}` (it reads the lists in `lists/`)"
    )]
    NotFound(PathBuf),
    #[error("index at {dir}: {message}. Rebuild it with `sanctiondb build --index {dir}`")]
    Damaged { dir: PathBuf, message: String },
    #[error(
        "index at {dir} has format version {found}, this sanctiondb reads version {expected}. Rebuild it with `sanctiondb build --index {dir}`"
    )]
    Version {
        dir: PathBuf,
        found: u32,
        expected: u32,
    },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("full-text store: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error(transparent)]
    Lists(#[from] crate::lists::ListError),
    #[error("the lists produced no entity to index")]
    Empty,
    #[error(
        "another build of the index at {dir} is running ({holder}); nothing was changed. Let it finish, then build again if its lists were not the ones you meant"
    )]
    Busy { dir: PathBuf, holder: String },
}

pub(crate) fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> IndexError + '_ {
    move |source| IndexError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Counts of one source in a build.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct SourceCounts {
    pub entities: usize,
    pub persons: usize,
    pub organizations: usize,
    pub vessels: usize,
    pub aircraft: usize,
    pub names: usize,
    /// Entities on more than one list of the source (OFAC SDN and non-SDN).
    pub on_several_lists: usize,
    /// Partial records (see [`Entity::partial`]), counted in `entities`
    /// and `organizations` too.
    #[serde(default)]
    pub partial_entities: usize,
}

/// `meta.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IndexMeta {
    pub format_version: u32,
    /// A hash of the format version and every list file's sha256: two builds of
    /// the same lists have the same index version.
    pub index_version: String,
    /// When the build finished, UTC, RFC 3339.
    pub built_at: String,
    pub lists: Vec<ListFile>,
    pub counts: BTreeMap<String, SourceCounts>,
    pub reports: Vec<ParseReport>,
    pub missing_sources: Vec<String>,
    /// The registry of DPRK state bodies the network was built with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry: Option<RegistryFile>,
    /// Relations by source: extracted, resolved, unresolved.
    #[serde(default)]
    pub relations: BTreeMap<String, RelationCounts>,
    /// Each DPRK state body's network size, largest first.
    #[serde(default)]
    pub networks: Vec<NetworkSize>,
    /// sha256 of every file of the generation other than meta.json, by path
    /// relative to the generation folder.
    pub checksums: BTreeMap<String, String>,
}

/// Relations of one source: extracted, resolved, unresolved.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationCounts {
    pub extracted: usize,
    pub resolved: usize,
    pub unresolved: usize,
    /// Resolved to the entity itself with no subject to turn it round; dropped.
    pub to_itself: usize,
    /// Resolutions by method.
    pub by_method: BTreeMap<String, usize>,
}

/// How many entities belong to a state body's network (the body's own
/// list entries included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkSize {
    pub body: String,
    pub node: String,
    pub members: usize,
}

/// The registry file of a build.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct RegistryFile {
    /// Relative to the lists folder.
    pub path: String,
    pub sha256: String,
    pub bodies: usize,
}

/// One entity as the matcher needs it (the whole record is in tantivy).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EntityRow {
    pub id: String,
    pub schema: Schema,
    pub caption: String,
    pub sources: Vec<Source>,
    pub lists: Vec<String>,
    pub version: String,
    /// Korean by context (UN `KP` reference, OFAC DPRK program, the South
    /// Korean list, a Korean nationality or country).
    #[serde(default)]
    pub korean: bool,
    /// Listed dates of birth, as ranges.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dobs: Vec<crate::model::DateRange>,
    /// Nationalities and countries, as keys (`search::evidence::country_key`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub countries: Vec<String>,
    /// The record is partial (see [`Entity::partial`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub partial: bool,
}

/// One name of an entity with its folded tokens.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NameRow {
    /// Position of the entity in [`NameTable::entities`].
    pub entity: u32,
    pub text: String,
    pub kind: NameKind,
    pub tokens: Vec<String>,
    /// Korean readings of a Korean person's name (see
    /// [`crate::normalize::korean_name`]); empty for other names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub korean: Vec<crate::normalize::korean_name::KoreanName>,
    /// Organisation keys of a DPRK organisation's name (see
    /// [`crate::normalize::korean_orgs::org_keys`]); empty for other names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub org: Vec<String>,
}

/// One listed identifier, as the index keeps it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IdentifierRow {
    /// Position of the entity in the name table.
    pub entity: u32,
    pub category: IdCategory,
    /// The kind the list gives (`Email Address`, `Passport`).
    pub kind: String,
    /// The value as listed.
    pub value: String,
    /// `search::identifiers::canonical` of the value.
    pub key: String,
}

/// `names.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NameTable {
    pub entities: Vec<EntityRow>,
    pub names: Vec<NameRow>,
    /// Every listed identifier a payee could carry (e-mail, website, wallet,
    /// phone, document number), in canonical form.
    #[serde(default)]
    pub identifiers: Vec<IdentifierRow>,
}

/// An opened, verified generation: plain data, read as written. What is
/// derived from it for searching is worked out by [`crate::search::Searcher`];
/// the relations in `network.json` are read by [`crate::network::Network`].
pub struct Index {
    pub dir: PathBuf,
    pub generation: PathBuf,
    pub meta: IndexMeta,
    pub names: Names,
    /// `network.json`, verified but not read: its schema is the network's
    /// ([`crate::network::Graph`]).
    pub network_json: Vec<u8>,
    pub documents: Documents,
}

/// The name-matching data of a generation: the name table, the token fst
/// and the postings, checked to agree with each other.
pub struct Names {
    pub table: NameTable,
    /// Folded token (or Korean syllable key) -> token number.
    pub tokens: fst::Map<Vec<u8>>,
    /// Token number -> names containing the token.
    pub postings: Vec<Vec<u32>>,
}

impl Names {
    /// The three parts of a generation's names, checked: every name and
    /// identifier names an entity that is there. `Err` says what is wrong.
    pub fn new(
        table: NameTable,
        tokens: fst::Map<Vec<u8>>,
        postings: Vec<Vec<u32>>,
    ) -> Result<Names, String> {
        if table
            .names
            .iter()
            .any(|n| n.entity as usize >= table.entities.len())
        {
            return Err("names.json names an entity that is not there".into());
        }
        if table
            .identifiers
            .iter()
            .any(|row| row.entity as usize >= table.entities.len())
        {
            return Err("names.json has an identifier of an entity that is not there".into());
        }
        Ok(Names {
            table,
            tokens,
            postings,
        })
    }
}

/// The entity documents: whole records, and a full-text field over names,
/// remarks and addresses.
pub struct Documents {
    dir: PathBuf,
    reader: tantivy::IndexReader,
    fields: DocFields,
}

#[derive(Clone, Copy)]
pub(crate) struct DocFields {
    pub id: tantivy::schema::Field,
    pub record: tantivy::schema::Field,
    pub text: tantivy::schema::Field,
    pub source: tantivy::schema::Field,
    pub schema: tantivy::schema::Field,
}

pub(crate) fn doc_schema() -> (tantivy::schema::Schema, DocFields) {
    use tantivy::schema::{STORED, STRING, TEXT};
    let mut b = tantivy::schema::Schema::builder();
    let id = b.add_text_field("id", STRING | STORED);
    let record = b.add_text_field("record", STORED);
    let text = b.add_text_field("text", TEXT);
    let source = b.add_text_field("source", STRING);
    let schema = b.add_text_field("schema", STRING);
    (
        b.build(),
        DocFields {
            id,
            record,
            text,
            source,
            schema,
        },
    )
}

/// The live generation folder of an index, from its `CURRENT` file.
pub fn current_generation(dir: &Path) -> Result<PathBuf, IndexError> {
    let current = dir.join("CURRENT");
    let name = match std::fs::read_to_string(&current) {
        Ok(s) => s.trim().to_string(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(IndexError::NotFound(dir.to_path_buf()));
        }
        Err(e) => return Err(io_err(&current)(e)),
    };
    if name.is_empty() || name.contains('/') || name.contains('\\') || name.starts_with('.') {
        return Err(IndexError::Damaged {
            dir: dir.to_path_buf(),
            message: format!("CURRENT names {name:?}, which is not a generation folder"),
        });
    }
    let generation = dir.join(&name);
    if !generation.is_dir() {
        return Err(IndexError::Damaged {
            dir: dir.to_path_buf(),
            message: format!("CURRENT names {name}, which does not exist"),
        });
    }
    Ok(generation)
}

impl Index {
    /// Opens the live generation of the index in `dir`, verifying its format
    /// version and the checksum of every file.
    pub fn open(dir: &Path) -> Result<Index, IndexError> {
        let generation = current_generation(dir)?;
        Index::open_generation(dir, &generation)
    }

    /// Opens one generation folder of the index in `dir`.
    pub fn open_generation(dir: &Path, generation: &Path) -> Result<Index, IndexError> {
        let generation = generation.to_path_buf();
        let damaged = |message: String| IndexError::Damaged {
            dir: dir.to_path_buf(),
            message,
        };
        let meta_path = generation.join("meta.json");
        let meta_bytes = std::fs::read(&meta_path).map_err(io_err(&meta_path))?;
        let version_probe: serde_json::Value = serde_json::from_slice(&meta_bytes)
            .map_err(|e| damaged(format!("meta.json is not valid JSON ({e})")))?;
        let found = version_probe
            .get("format_version")
            .and_then(|v| v.as_u64())
            .unwrap_or(0) as u32;
        if found != FORMAT_VERSION {
            return Err(IndexError::Version {
                dir: dir.to_path_buf(),
                found,
                expected: FORMAT_VERSION,
            });
        }
        let meta: IndexMeta = serde_json::from_slice(&meta_bytes)
            .map_err(|e| damaged(format!("meta.json does not describe an index ({e})")))?;
        require_checksums(&meta).map_err(damaged)?;
        let files =
            GenerationFiles::read_verified(&generation, &meta.checksums).map_err(damaged)?;
        Index::load(dir, &generation, meta, files)
    }

    /// An index from a generation's files, read.
    fn load(
        dir: &Path,
        generation: &Path,
        meta: IndexMeta,
        mut files: GenerationFiles,
    ) -> Result<Index, IndexError> {
        let generation = generation.to_path_buf();
        let damaged = |message: String| IndexError::Damaged {
            dir: dir.to_path_buf(),
            message,
        };

        let names_bytes = files.take("names.json")?;
        let table: NameTable = serde_json::from_slice(&names_bytes)
            .map_err(|e| damaged(format!("names.json cannot be read ({e})")))?;
        drop(names_bytes);
        let fst_bytes = files.take("tokens.fst")?;
        let tokens = fst::Map::new(fst_bytes).map_err(|e| damaged(format!("tokens.fst: {e}")))?;
        // `Map::new` checks only the header; fst look-ups panic on a damaged
        // body, which the fst's own checksum catches.
        tokens
            .as_fst()
            .verify()
            .map_err(|e| damaged(format!("tokens.fst: {e}")))?;
        let post_bytes = files.take("postings.bin")?;
        let postings = write::decode_postings(&post_bytes, tokens.len(), table.names.len())
            .map_err(|e| damaged(format!("postings.bin: {e}")))?;
        let names = Names::new(table, tokens, postings).map_err(damaged)?;
        let network_json = files.take("network.json")?;

        let docs_index = tantivy::Index::open(files.take_tantivy()?)?;
        let (_, fields) = doc_schema();
        let reader = docs_index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()?;
        Ok(Index {
            dir: dir.to_path_buf(),
            generation,
            meta,
            names,
            network_json,
            documents: Documents {
                dir: dir.to_path_buf(),
                reader,
                fields,
            },
        })
    }
}

impl Documents {
    /// The whole record of an entity as the list gave it (relation targets
    /// as listed, not as the network resolved them).
    pub fn record(&self, id: &str) -> Result<Option<Entity>, IndexError> {
        use tantivy::collector::TopDocs;
        use tantivy::query::TermQuery;
        use tantivy::schema::{IndexRecordOption, Value};
        let searcher = self.reader.searcher();
        let term = tantivy::Term::from_field_text(self.fields.id, id);
        let query = TermQuery::new(term, IndexRecordOption::Basic);
        let hits = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
        let Some((_, addr)) = hits.first() else {
            return Ok(None);
        };
        let doc: tantivy::TantivyDocument = searcher.doc(*addr)?;
        let json = doc
            .get_first(self.fields.record)
            .and_then(|v| v.as_str())
            .unwrap_or("");
        let entity: Entity = serde_json::from_str(json).map_err(|e| IndexError::Damaged {
            dir: self.dir.clone(),
            message: format!("record of {id} cannot be read ({e})"),
        })?;
        Ok(Some(entity))
    }

    /// Full-text search over names, remarks and addresses (tantivy's query
    /// syntax). Returns entity ids with their BM25 scores.
    pub fn full_text(&self, query: &str, limit: usize) -> Result<Vec<(String, f32)>, IndexError> {
        use tantivy::collector::TopDocs;
        use tantivy::schema::Value;
        let searcher = self.reader.searcher();
        let parser =
            tantivy::query::QueryParser::for_index(searcher.index(), vec![self.fields.text]);
        let (q, _errors) = parser.parse_query_lenient(query);
        let hits = searcher.search(&q, &TopDocs::with_limit(limit.max(1)).order_by_score())?;
        let mut out = Vec::with_capacity(hits.len());
        for (score, addr) in hits {
            let doc: tantivy::TantivyDocument = searcher.doc(addr)?;
            if let Some(id) = doc.get_first(self.fields.id).and_then(|v| v.as_str()) {
                out.push((id.to_string(), score));
            }
        }
        Ok(out)
    }
}

/// The token number of a Korean syllable key in the token fst.
pub(crate) fn korean_key_id(tokens: &fst::Map<Vec<u8>>, key: &str) -> Option<u32> {
    tokens
        .get(format!("{KOREAN_KEY_PREFIX}{key}"))
        .map(|n| n as u32)
}

/// A generation's `meta.json` must name the checksum of every file an index
/// is built from.
fn require_checksums(meta: &IndexMeta) -> Result<(), String> {
    for required in ["names.json", "tokens.fst", "postings.bin", "network.json"] {
        if !meta.checksums.contains_key(required) {
            return Err(format!("meta.json has no checksum for {required}"));
        }
    }
    Ok(())
}
