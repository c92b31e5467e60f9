//! An opened index as every command and the server use it: the verified
//! files ([`crate::index`]), a searcher over its names ([`crate::search`]),
//! and its resolved relations ([`crate::network`]), joined in what a user
//! sees: matches carry the state bodies whose network their entity belongs
//! to, and records carry their relations' resolved targets.

use crate::index::{Documents, EntityRow, Index, IndexError, IndexMeta, NameTable};
use crate::model::{Entity, IdCategory, Schema, Source};
use crate::network::{Graph, Network};
use crate::search::{Match, Query, Searcher, TokenCache};
use std::path::{Path, PathBuf};

/// An opened index, ready to search and to show records and networks.
pub struct Database {
    pub dir: PathBuf,
    pub generation: PathBuf,
    pub meta: IndexMeta,
    pub searcher: Searcher,
    /// Resolved relations and state bodies.
    pub network: Network,
    documents: Documents,
}

impl Database {
    /// Opens the live generation of the index in `dir`, verifying its format
    /// version and the checksum of every file.
    pub fn open(dir: &Path) -> Result<Database, IndexError> {
        Database::from_index(Index::open(dir)?)
    }

    /// Opens one generation folder of the index in `dir`.
    pub fn open_generation(dir: &Path, generation: &Path) -> Result<Database, IndexError> {
        Database::from_index(Index::open_generation(dir, generation)?)
    }

    fn from_index(index: Index) -> Result<Database, IndexError> {
        let Index {
            dir,
            generation,
            meta,
            names,
            network_json,
            documents,
        } = index;
        let graph: Graph =
            serde_json::from_slice(&network_json).map_err(|e| IndexError::Damaged {
                dir: dir.clone(),
                message: format!("network.json cannot be read ({e})"),
            })?;
        drop(network_json);
        let searcher = Searcher::new(names);
        let network = Network::new(graph, searcher.table());
        Ok(Database {
            dir,
            generation,
            meta,
            searcher,
            network,
            documents,
        })
    }

    /// Every entity and name of the index.
    pub fn table(&self) -> &NameTable {
        self.searcher.table()
    }

    /// Searches with a fresh token cache.
    pub fn search(&self, query: &Query) -> Vec<Match> {
        self.with_networks(self.searcher.search(query))
    }

    /// Searches, reusing resolved tokens across calls (batch screening).
    pub fn search_cached(&self, query: &Query, cache: &mut TokenCache) -> Vec<Match> {
        self.with_networks(self.searcher.search_cached(query, cache))
    }

    /// Matches on identifiers ([`Searcher::identifier_matches`]).
    pub fn identifier_matches(
        &self,
        wanted: &[(IdCategory, String)],
        schema: Option<Schema>,
        source: Option<Source>,
    ) -> Vec<Match> {
        self.with_networks(self.searcher.identifier_matches(wanted, schema, source))
    }

    fn with_networks(&self, mut matches: Vec<Match>) -> Vec<Match> {
        for m in &mut matches {
            m.networks = self.network.memberships(&m.entity_id).to_vec();
        }
        matches
    }

    /// The whole record of an entity, with the targets of its relations as
    /// the network build resolved them.
    pub fn entity(&self, id: &str) -> Result<Option<Entity>, IndexError> {
        let Some(mut entity) = self.documents.record(id)? else {
            return Ok(None);
        };
        for edge in self.network.edges_of(id) {
            if edge.from == id
                && let Some(r) = edge
                    .relation_index
                    .and_then(|i| entity.relations.get_mut(i as usize))
                && r.target_id.is_none()
            {
                r.target_id = Some(edge.to.clone());
            }
        }
        Ok(Some(entity))
    }

    /// Ids of all entities, sorted.
    pub fn entity_ids(&self) -> impl Iterator<Item = &str> {
        self.searcher.entity_ids()
    }

    /// The position of an entity in the name table.
    pub fn entity_number(&self, id: &str) -> Option<u32> {
        self.searcher.entity_number(id)
    }

    /// The matcher's row of an entity.
    pub fn entity_row(&self, id: &str) -> Option<&EntityRow> {
        self.searcher.entity_row(id)
    }

    /// Full-text search over names, remarks and addresses (tantivy's query
    /// syntax). Returns entity ids with their BM25 scores.
    pub fn full_text(&self, query: &str, limit: usize) -> Result<Vec<(String, f32)>, IndexError> {
        self.documents.full_text(query, limit)
    }
}
