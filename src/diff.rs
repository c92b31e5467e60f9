//! What changed between two builds: entities added, removed, and changed (a
//! new `entity_version`, which is a hash of the listed record).

use crate::Database;
use crate::index::EntityRow;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// One entity that differs between two builds.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub id: String,
    pub name: String,
    pub schema: String,
    pub sources: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_version: Option<String>,
}

impl Change {
    fn of(row: &EntityRow, old: Option<&EntityRow>, new: Option<&EntityRow>) -> Change {
        Change {
            id: row.id.clone(),
            name: row.caption.clone(),
            schema: row.schema.as_str().to_string(),
            sources: row.sources.iter().map(|s| s.as_str().to_string()).collect(),
            old_version: old.map(|r| r.version.clone()),
            new_version: new.map(|r| r.version.clone()),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct IndexDiff {
    pub old_index_version: String,
    pub new_index_version: String,
    pub added: Vec<Change>,
    pub removed: Vec<Change>,
    pub changed: Vec<Change>,
    /// Entities in both, unchanged.
    pub unchanged: usize,
}

/// Compares the entities of two opened indexes, by id and version.
pub fn diff(old: &Database, new: &Database) -> IndexDiff {
    let old_rows: HashMap<&str, &EntityRow> = old
        .table()
        .entities
        .iter()
        .map(|r| (r.id.as_str(), r))
        .collect();
    let mut out = IndexDiff {
        old_index_version: old.meta.index_version.clone(),
        new_index_version: new.meta.index_version.clone(),
        added: Vec::new(),
        removed: Vec::new(),
        changed: Vec::new(),
        unchanged: 0,
    };
    let mut seen = HashSet::new();
    for row in &new.table().entities {
        seen.insert(row.id.as_str());
        match old_rows.get(row.id.as_str()) {
            None => out.added.push(Change::of(row, None, Some(row))),
            Some(o) if o.version != row.version => {
                out.changed.push(Change::of(row, Some(o), Some(row)))
            }
            Some(_) => out.unchanged += 1,
        }
    }
    for row in &old.table().entities {
        if !seen.contains(row.id.as_str()) {
            out.removed.push(Change::of(row, Some(row), None));
        }
    }
    for list in [&mut out.added, &mut out.removed, &mut out.changed] {
        list.sort_by(|a, b| a.id.cmp(&b.id));
    }
    out
}

/// Screening against what changed since an older build: the new index's
/// added and changed entities, and the old index's removed ones (whose
/// alerts go away).
pub struct ChangedSince {
    pub old: Database,
    pub diff: IndexDiff,
    /// Entity positions in the new index: added or changed.
    pub new_only: Arc<HashSet<u32>>,
    /// Entity positions in the old index: removed.
    pub old_only: Arc<HashSet<u32>>,
    added: HashSet<String>,
}

impl ChangedSince {
    pub fn new(old: Database, new: &Database) -> ChangedSince {
        let diff = diff(&old, new);
        let positions =
            |index: &Database, ids: &mut dyn Iterator<Item = &String>| -> HashSet<u32> {
                ids.filter_map(|id| index.entity_number(id)).collect()
            };
        let new_only = positions(
            new,
            &mut diff.added.iter().chain(&diff.changed).map(|c| &c.id),
        );
        let old_only = positions(&old, &mut diff.removed.iter().map(|c| &c.id));
        let added = diff.added.iter().map(|c| c.id.clone()).collect();
        ChangedSince {
            old,
            diff,
            new_only: Arc::new(new_only),
            old_only: Arc::new(old_only),
            added,
        }
    }

    /// `added` or `changed` for an entity of the new index in scope.
    pub fn change_of(&self, id: &str) -> &'static str {
        if self.added.contains(id) {
            "added"
        } else {
            "changed"
        }
    }
}
