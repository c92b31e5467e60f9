//! Finding the list files in a lists folder, parsing each with its parser, and
//! merging the results into one set of entities.
//!
//! Layout of a lists folder (the shipped `lists/` is one):
//!
//! | source | files | parser |
//! |---|---|---|
//! | UN | `un/*.xml` | [`super::un`] |
//! | OFAC SDN | `ofac/SDN.XML` if present, else `ofac/sdn.csv` + `alt.csv` + `add.csv` + `sdn_comments.csv` | [`super::ofac_xml`] / [`super::ofac_csv`] |
//! | OFAC non-SDN | `ofac/consolidated.xml` if present, else `ofac/cons_prim.csv` + `cons_alt.csv` + `cons_add.csv` + `cons_comments.csv` | same |
//! | South Korea | `kr/designations.csv` | [`super::kr`] |
//!
//! The layout itself is [`super::format`]'s; this module parses what it finds
//! and merges the results.
//!
//! OFAC's SDN and non-SDN lists share one uid space: an entry on both becomes one
//! entity `ofac:<uid>` with two list memberships. When one of the two is a
//! partial record (its primary row is missing from the snapshot), the other's
//! full record leads.

use super::format::{self, Format};
use super::{ListError, ParseReport};
use crate::model::{Entity, NameKind, Source};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;

/// One list file that went into a build, with its hash.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct ListFile {
    /// Path relative to the lists folder, with `/` separators.
    pub path: String,
    pub source: Source,
    pub sha256: String,
    pub bytes: u64,
}

/// Everything read from a lists folder.
#[derive(Debug)]
pub struct LoadedLists {
    /// Merged, sealed entities, sorted by id.
    pub entities: Vec<Entity>,
    /// One report per parsed file or CSV set.
    pub reports: Vec<ParseReport>,
    /// Every file read, with its sha256.
    pub files: Vec<ListFile>,
    /// Sources that have no file in the folder.
    pub missing_sources: Vec<String>,
}

/// Reads every list in `dir`. Fails on the first file whose structure is
/// broken; records skipped inside intact files are in the reports.
pub fn load_lists(dir: &Path) -> Result<LoadedLists, ListError> {
    if !dir.is_dir() {
        return Err(ListError::Missing {
            file: dir.to_path_buf(),
            message: "the lists folder does not exist (expected un/, ofac/ and kr/ inside)".into(),
        });
    }
    let mut loaded = LoadedLists {
        entities: Vec::new(),
        reports: Vec::new(),
        files: Vec::new(),
        missing_sources: Vec::new(),
    };
    let mut parts: Vec<Vec<Entity>> = Vec::new();
    let found = format::find(dir);
    loaded.missing_sources = found.missing_sources;
    for unit in &found.units {
        let label = label_of(dir, unit.first());
        let mut report = ParseReport::new(&label);
        parts.push(unit.parse(&label, &mut report)?);
        loaded.reports.push(report);
        let source = match unit.format {
            Format::UnXml => Source::Un,
            Format::KrCsv => Source::Kr,
            _ => Source::Ofac,
        };
        for p in unit.files.iter().flatten() {
            loaded.files.push(hash_file(dir, p, source)?);
        }
    }

    if loaded.files.is_empty() {
        return Err(ListError::Missing {
            file: dir.to_path_buf(),
            message: "no list file found (expected un/*.xml, ofac/sdn.csv or ofac/SDN.XML, kr/designations.csv)".into(),
        });
    }
    loaded.entities = merge(parts.into_iter().flatten());
    Ok(loaded)
}

/// Merges entities with the same id (one OFAC uid on SDN and non-SDN), removes
/// repeats inside each, seals and sorts them.
fn merge(all: impl Iterator<Item = Entity>) -> Vec<Entity> {
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut out: Vec<Entity> = Vec::new();
    for e in all {
        match by_id.get(&e.id) {
            Some(&i) => absorb(&mut out[i], e),
            None => {
                by_id.insert(e.id.clone(), out.len());
                out.push(e);
            }
        }
    }
    for e in &mut out {
        dedup_entity(e);
        e.seal();
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// Adds `from` to `into`. A full record wins over a partial one (see
/// [`Entity::partial`]): it keeps its schema and primary name, and the
/// partial record's promoted name becomes an alias again.
fn absorb(into: &mut Entity, mut from: Entity) {
    if into.partial && !from.partial {
        std::mem::swap(into, &mut from);
    }
    into.partial &= from.partial;
    let demote = !into.partial && from.partial;
    for mut n in from.names {
        if demote && n.kind == NameKind::Primary {
            n.kind = NameKind::Alias;
        }
        into.push_name(n);
    }
    into.birth_dates.extend(from.birth_dates);
    into.birth_places.extend(from.birth_places);
    into.nationalities.extend(from.nationalities);
    into.countries.extend(from.countries);
    into.gender = into.gender.take().or(from.gender);
    into.identifiers.extend(from.identifiers);
    into.addresses.extend(from.addresses);
    into.lists.extend(from.lists);
    into.remarks.extend(from.remarks);
    into.relations.extend(from.relations);
    into.facts.extend(from.facts);
    into.source_urls.extend(from.source_urls);
}

/// Removes exact repeats while keeping first-seen order.
fn dedup_keep_order<T: PartialEq + Clone>(v: &mut Vec<T>) {
    let mut seen: Vec<T> = Vec::with_capacity(v.len());
    v.retain(|x| {
        if seen.contains(x) {
            false
        } else {
            seen.push(x.clone());
            true
        }
    });
}

fn dedup_entity(e: &mut Entity) {
    let names = std::mem::take(&mut e.names);
    for n in names {
        e.push_name(n);
    }
    dedup_keep_order(&mut e.birth_dates);
    dedup_keep_order(&mut e.birth_places);
    dedup_keep_order(&mut e.nationalities);
    dedup_keep_order(&mut e.countries);
    dedup_keep_order(&mut e.identifiers);
    dedup_keep_order(&mut e.addresses);
    dedup_keep_order(&mut e.lists);
    dedup_keep_order(&mut e.remarks);
    dedup_keep_order(&mut e.relations);
    dedup_keep_order(&mut e.facts);
    dedup_keep_order(&mut e.source_urls);
}

fn label_of(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// sha256 and size of a file, streamed.
pub fn sha256_file(path: &Path) -> std::io::Result<(String, u64)> {
    use std::io::Read;
    let mut f = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut total = 0u64;
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        total += n as u64;
        hasher.update(&buf[..n]);
    }
    Ok((hex::encode(hasher.finalize()), total))
}

fn hash_file(dir: &Path, path: &Path, source: Source) -> Result<ListFile, ListError> {
    let (sha256, bytes) = sha256_file(path).map_err(|e| ListError::Io {
        file: path.to_path_buf(),
        source: e,
    })?;
    Ok(ListFile {
        path: label_of(dir, path),
        source,
        sha256,
        bytes,
    })
}
