//! Building an index from a lists folder: the lists are read, the name
//! table worked out, the relations resolved in memory with a searcher over
//! it ([`crate::network::resolve`]), and the generation written
//! ([`crate::index::write`]) and made live.

use crate::Database;
use crate::index::write::{self, write_file};
use crate::index::{
    EntityRow, FORMAT_VERSION, IdentifierRow, IndexError, IndexMeta, NameRow, NameTable, Names,
    RegistryFile, SourceCounts, current_generation, io_err, lock::BuildLock,
};
use crate::lists::{LoadedLists, load_lists};
use crate::model::{DateRange, Entity, Schema, Source};
use crate::network::{
    self,
    registry::{REGISTRY_PATH, Registry},
};
use crate::normalize::{self, korean_name, korean_orgs};
use crate::search::Searcher;
use crate::search::evidence::country_key;
use crate::search::identifiers;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

pub struct BuildOptions {
    /// The lists folder (`lists`).
    pub lists: PathBuf,
    /// The index folder (`index`).
    pub index: PathBuf,
}

pub struct BuildSummary {
    pub meta: IndexMeta,
    pub generation: PathBuf,
    pub elapsed: Duration,
    /// Size of the new generation on disk.
    pub bytes: u64,
}

/// Builds a new index generation from the lists and makes it the live one.
///
/// Nothing of the live index is touched until the new generation is complete
/// and verified; then `CURRENT` is replaced atomically. One build runs at a
/// time per index folder: while another holds its lock, this one stops at
/// once with [`IndexError::Busy`] (see `lock.rs`). `progress` is told what
/// is going on (a hidden bar when not on a terminal).
pub fn build(
    opts: &BuildOptions,
    progress: &indicatif::ProgressBar,
) -> Result<BuildSummary, IndexError> {
    let started = Instant::now();
    std::fs::create_dir_all(&opts.index).map_err(io_err(&opts.index))?;
    let _lock = BuildLock::take(&opts.index)?;
    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos();
    progress.set_message("reading lists");
    let loaded = load_lists(&opts.lists)?;
    let registry = Registry::load(&opts.lists)?;
    if loaded.entities.is_empty() {
        return Err(IndexError::Empty);
    }
    let tmp = opts
        .index
        .join(format!(".build-{}-{stamp}", std::process::id()));
    let result = write_generation(&tmp, loaded, &registry, progress);
    let meta = match result {
        Ok(meta) => meta,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(e);
        }
    };
    // Check the new generation opens before making it live.
    let name = format!("gen-{stamp}");
    let generation = opts.index.join(&name);
    std::fs::rename(&tmp, &generation).map_err(io_err(&generation))?;
    progress.set_message("verifying");
    if let Err(e) = verify_generation(&opts.index, &name) {
        let _ = std::fs::remove_dir_all(&generation);
        return Err(e);
    }
    let previous = current_generation(&opts.index).ok();
    write::swap_current(&opts.index, &name)?;
    write::remove_old_generations(&opts.index, stamp, &generation, previous.as_deref());
    let bytes = write::dir_size(&generation);
    Ok(BuildSummary {
        meta,
        generation,
        elapsed: started.elapsed(),
        bytes,
    })
}

/// Opens a not-yet-live generation the way a reader will, to check it.
fn verify_generation(index: &Path, name: &str) -> Result<(), IndexError> {
    Database::open_generation(index, &index.join(name)).map(|_| ())
}

fn write_generation(
    dir: &Path,
    loaded: LoadedLists,
    registry: &Registry,
    progress: &indicatif::ProgressBar,
) -> Result<IndexMeta, IndexError> {
    std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    let LoadedLists {
        entities,
        reports,
        files,
        missing_sources,
    } = loaded;

    progress.set_length(entities.len() as u64);
    progress.set_position(0);
    progress.set_message("writing documents");
    write::write_documents(&dir.join("tantivy"), &entities, progress)?;

    progress.set_message("writing name keys");
    let table = name_table(&entities);
    let (fst_bytes, postings) = write::token_index(&table)?;
    write_file(&dir.join("tokens.fst"), &fst_bytes)?;
    write_file(
        &dir.join("postings.bin"),
        &write::encode_postings(&postings),
    )?;
    let names_json = serde_json::to_vec(&table).map_err(|e| IndexError::Damaged {
        dir: dir.to_path_buf(),
        message: format!("cannot encode names ({e})"),
    })?;
    write_file(&dir.join("names.json"), &names_json)?;

    let mut meta = IndexMeta {
        format_version: FORMAT_VERSION,
        index_version: index_version(&files, registry),
        built_at: String::new(),
        counts: counts(&entities),
        lists: files,
        reports,
        missing_sources,
        registry: (!registry.sha256.is_empty()).then(|| RegistryFile {
            path: REGISTRY_PATH.to_string(),
            sha256: registry.sha256.clone(),
            bodies: registry.bodies.len(),
        }),
        relations: BTreeMap::new(),
        networks: Vec::new(),
        checksums: BTreeMap::new(),
    };

    // Relations are resolved with the matcher, over the names in memory.
    progress.set_message("resolving relations");
    let damaged = |message: String| IndexError::Damaged {
        dir: dir.to_path_buf(),
        message,
    };
    let tokens = fst::Map::new(fst_bytes).map_err(|e| damaged(format!("tokens.fst: {e}")))?;
    let searcher = Searcher::new(Names::new(table, tokens, postings).map_err(damaged)?);
    let graph = network::resolve::build_graph(&entities, registry, &searcher);
    meta.networks = network::Network::new(graph.clone(), searcher.table()).sizes();
    meta.relations = graph.counts.clone();
    let graph_json = serde_json::to_vec(&graph).map_err(|e| IndexError::Damaged {
        dir: dir.to_path_buf(),
        message: format!("cannot encode the network ({e})"),
    })?;
    write_file(&dir.join("network.json"), &graph_json)?;

    let mut checksums = BTreeMap::new();
    for rel in write::files_below(dir) {
        let (sum, _) =
            crate::lists::load::sha256_file(&dir.join(&rel)).map_err(io_err(&dir.join(&rel)))?;
        checksums.insert(rel, sum);
    }
    meta.built_at = crate::clock::rfc3339_now();
    meta.checksums = checksums;
    let meta_json = serde_json::to_vec_pretty(&meta).map_err(|e| IndexError::Damaged {
        dir: dir.to_path_buf(),
        message: format!("cannot encode meta.json ({e})"),
    })?;
    write_file(&dir.join("meta.json"), &meta_json)?;
    Ok(meta)
}

/// Every name of every entity with its folded tokens.
fn name_table(entities: &[Entity]) -> NameTable {
    let mut rows = Vec::with_capacity(entities.len());
    let mut names = Vec::new();
    for (i, e) in entities.iter().enumerate() {
        let korean_context = is_korean_context(e);
        let dprk = is_dprk_context(e);
        rows.push(EntityRow {
            id: e.id.clone(),
            schema: e.schema,
            caption: e.caption().to_string(),
            sources: e.sources(),
            lists: e.list_names(),
            version: e.entity_version.clone(),
            korean: korean_context,
            dobs: e
                .birth_dates
                .iter()
                .filter_map(|d| DateRange::from_iso(d.from.as_deref()?, d.to.as_deref()?))
                .collect(),
            countries: country_keys(e),
            partial: e.partial,
        });
        for n in &e.names {
            let tokens = normalize::tokens(&n.full);
            if tokens.is_empty() {
                continue;
            }
            // Korean readings for a Korean entity's persons, and for any
            // person whose name itself reads as a Korean name.
            let korean = if e.schema == Schema::Person
                && (korean_context || korean_name::reads_as_korean(&n.full))
            {
                korean_name::listed_layouts(&n.full, n.family.as_deref(), n.given.as_deref(), dprk)
            } else {
                Vec::new()
            };
            let org = if e.schema != Schema::Person
                && (korean_context || korean_orgs::is_korean_org_context(&n.full))
            {
                korean_orgs::org_keys(&n.full)
            } else {
                Vec::new()
            };
            names.push(NameRow {
                entity: i as u32,
                text: n.full.clone(),
                kind: n.kind,
                tokens,
                korean,
                org,
            });
        }
    }
    NameTable {
        entities: rows,
        names,
        identifiers: identifier_rows(entities),
    }
}

/// Every listed identifier that falls into a screening category and has a
/// canonical form.
fn identifier_rows(entities: &[Entity]) -> Vec<IdentifierRow> {
    let mut out = Vec::new();
    for (i, e) in entities.iter().enumerate() {
        for id in &e.identifiers {
            let Some(category) = identifiers::category(&id.kind) else {
                continue;
            };
            let Some(key) = identifiers::canonical(category, &id.value) else {
                continue;
            };
            out.push(IdentifierRow {
                entity: i as u32,
                category,
                kind: id.kind.clone(),
                value: id.value.clone(),
                key,
            });
        }
    }
    out
}

/// Korean by context: a UN `KP` reference, an OFAC DPRK program, the South
/// Korean list, or a North or South Korean nationality or country.
fn is_korean_context(e: &Entity) -> bool {
    e.id.starts_with("un:KP")
        || e.sources().contains(&Source::Kr)
        || e.lists.iter().any(|l| {
            l.programs
                .iter()
                .any(|p| p.to_ascii_uppercase().starts_with("DPRK"))
        })
        || country_keys(e).iter().any(|c| c == "kp" || c == "kr")
}

/// North Korean by context: a UN `KP` reference, an OFAC DPRK program, or a
/// North Korean nationality or country (and no South Korean one). Such an
/// entity's Latin names are written as the DPRK's lists write them.
fn is_dprk_context(e: &Entity) -> bool {
    let countries = country_keys(e);
    let dprk = e.id.starts_with("un:KP")
        || e.lists.iter().any(|l| {
            l.programs
                .iter()
                .any(|p| p.to_ascii_uppercase().starts_with("DPRK"))
        })
        || countries.iter().any(|c| c == "kp");
    dprk && !countries.iter().any(|c| c == "kr") && !e.sources().contains(&Source::Kr)
}

fn country_keys(e: &Entity) -> Vec<String> {
    let mut keys: Vec<String> = e
        .nationalities
        .iter()
        .chain(e.countries.iter())
        .map(|c| country_key(c))
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

fn counts(entities: &[Entity]) -> BTreeMap<String, SourceCounts> {
    let mut out: BTreeMap<String, SourceCounts> = BTreeMap::new();
    for e in entities {
        for s in e.sources() {
            let c = out.entry(s.as_str().to_string()).or_default();
            c.entities += 1;
            match e.schema {
                Schema::Person => c.persons += 1,
                Schema::Organization => c.organizations += 1,
                Schema::Vessel => c.vessels += 1,
                Schema::Aircraft => c.aircraft += 1,
            }
            c.names += e.names.len();
            if e.lists.iter().filter(|l| l.source == s).count() > 1 {
                c.on_several_lists += 1;
            }
            if e.partial {
                c.partial_entities += 1;
            }
        }
    }
    out
}

fn index_version(files: &[crate::lists::ListFile], registry: &Registry) -> String {
    let mut h = Sha256::new();
    h.update(FORMAT_VERSION.to_le_bytes());
    for f in files {
        h.update(f.path.as_bytes());
        h.update([0]);
        h.update(f.sha256.as_bytes());
        h.update([0]);
    }
    if !registry.sha256.is_empty() {
        h.update(REGISTRY_PATH.as_bytes());
        h.update([0]);
        h.update(registry.sha256.as_bytes());
        h.update([0]);
    }
    hex::encode(&h.finalize()[..8])
}
