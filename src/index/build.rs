//! Writing an index generation from a lists folder.

use super::{
    EntityRow, FORMAT_VERSION, IndexError, IndexMeta, KOREAN_KEY_PREFIX, NameRow, NameTable,
    RegistryFile, SourceCounts, doc_schema, files::GenerationFiles, io_err, lock::BuildLock,
};
use crate::lists::{LoadedLists, load_lists};
use crate::model::{Entity, Schema, Source};
use crate::network::{
    self,
    registry::{REGISTRY_PATH, Registry},
};
use crate::normalize::{self, korean_name, korean_orgs};
use crate::search::evidence::{DateRange, country_key};
use crate::search::identifiers::{self, IdentifierRow};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Write;
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
    let result = write_generation(&opts.index, &tmp, loaded, &registry, progress);
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
    let previous = super::current_generation(&opts.index).ok();
    swap_current(&opts.index, &name)?;
    remove_old_generations(&opts.index, stamp, &generation, previous.as_deref());
    let bytes = dir_size(&generation);
    Ok(BuildSummary {
        meta,
        generation,
        elapsed: started.elapsed(),
        bytes,
    })
}

/// Opens a not-yet-live generation the way a reader will, to check it.
fn verify_generation(index: &Path, name: &str) -> Result<(), IndexError> {
    super::Index::open_generation(index, &index.join(name)).map(|_| ())
}

fn write_generation(
    index_dir: &Path,
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
    write_documents(&dir.join("tantivy"), &entities, progress)?;

    progress.set_message("writing name keys");
    let table = name_table(&entities);
    let (fst_bytes, postings) = token_index(&table)?;
    write_file(&dir.join("tokens.fst"), &fst_bytes)?;
    write_file(&dir.join("postings.bin"), &encode_postings(&postings))?;
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

    // Relations are resolved with the matcher, on the files written so far.
    progress.set_message("resolving relations");
    let graph = {
        let files = GenerationFiles::read_unverified(dir, files_below(dir))?;
        let partial = super::Index::load(index_dir, dir, meta.clone(), files, false)?;
        let graph = network::resolve::build_graph(&entities, registry, &partial);
        meta.networks = network::Network::new(graph.clone(), &partial.table).sizes();
        graph
    };
    meta.relations = graph.counts.clone();
    let graph_json = serde_json::to_vec(&graph).map_err(|e| IndexError::Damaged {
        dir: dir.to_path_buf(),
        message: format!("cannot encode the network ({e})"),
    })?;
    write_file(&dir.join("network.json"), &graph_json)?;

    let mut checksums = BTreeMap::new();
    for rel in files_below(dir) {
        let (sum, _) =
            crate::lists::load::sha256_file(&dir.join(&rel)).map_err(io_err(&dir.join(&rel)))?;
        checksums.insert(rel, sum);
    }
    meta.built_at = rfc3339_now();
    meta.checksums = checksums;
    let meta_json = serde_json::to_vec_pretty(&meta).map_err(|e| IndexError::Damaged {
        dir: dir.to_path_buf(),
        message: format!("cannot encode meta.json ({e})"),
    })?;
    write_file(&dir.join("meta.json"), &meta_json)?;
    Ok(meta)
}

fn write_documents(
    dir: &Path,
    entities: &[Entity],
    progress: &indicatif::ProgressBar,
) -> Result<(), IndexError> {
    std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    let (schema, f) = doc_schema();
    let index = tantivy::Index::create_in_dir(dir, schema)?;
    let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 64_000_000)?;
    for e in entities {
        let mut doc = tantivy::TantivyDocument::default();
        doc.add_text(f.id, &e.id);
        let record = serde_json::to_string(e).map_err(|err| IndexError::Damaged {
            dir: dir.to_path_buf(),
            message: format!("cannot encode {} ({err})", e.id),
        })?;
        doc.add_text(f.record, &record);
        for n in &e.names {
            doc.add_text(f.text, &n.full);
        }
        for r in &e.remarks {
            doc.add_text(f.text, r);
        }
        for a in &e.addresses {
            doc.add_text(f.text, &a.text);
            if let Some(c) = &a.country {
                doc.add_text(f.text, c);
            }
        }
        for s in e.sources() {
            doc.add_text(f.source, s.as_str());
        }
        doc.add_text(f.schema, e.schema.as_str());
        writer.add_document(doc)?;
        progress.inc(1);
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(())
}

/// Every name of every entity with its folded tokens.
fn name_table(entities: &[Entity]) -> NameTable {
    let mut rows = Vec::with_capacity(entities.len());
    let mut names = Vec::new();
    for (i, e) in entities.iter().enumerate() {
        let korean_context = is_korean_context(e);
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
                korean_name::listed_layouts(&n.full, n.family.as_deref(), n.given.as_deref())
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

/// The token fst (token -> token number) and the postings (token number ->
/// names that contain it). Korean syllable keys go in as `~key`.
fn token_index(table: &NameTable) -> Result<(Vec<u8>, Vec<Vec<u32>>), IndexError> {
    let mut by_token: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    let korean_keys: Vec<Vec<String>> = table
        .names
        .iter()
        .map(|n| {
            let mut keys: Vec<String> = n
                .korean
                .iter()
                .flat_map(|k| k.all_keys().map(|key| format!("{KOREAN_KEY_PREFIX}{key}")))
                .chain(n.org.iter().cloned())
                .collect();
            keys.sort();
            keys.dedup();
            keys
        })
        .collect();
    for (i, n) in table.names.iter().enumerate() {
        for t in n.tokens.iter().chain(korean_keys[i].iter()) {
            let list = by_token.entry(t.as_str()).or_default();
            if list.last() != Some(&(i as u32)) {
                list.push(i as u32);
            }
        }
    }
    let mut builder = fst::MapBuilder::memory();
    let mut postings = Vec::with_capacity(by_token.len());
    for (number, (token, names)) in by_token.into_iter().enumerate() {
        builder
            .insert(token, number as u64)
            .map_err(|e| IndexError::Damaged {
                dir: PathBuf::new(),
                message: format!("token fst: {e}"),
            })?;
        postings.push(names);
    }
    let bytes = builder.into_inner().map_err(|e| IndexError::Damaged {
        dir: PathBuf::new(),
        message: format!("token fst: {e}"),
    })?;
    Ok((bytes, postings))
}

/// `postings.bin`: u32 token count, then per token a u32 length and that many
/// u32 name numbers, all little-endian.
fn encode_postings(postings: &[Vec<u32>]) -> Vec<u8> {
    let total: usize = postings.iter().map(|p| p.len() + 1).sum();
    let mut out = Vec::with_capacity(4 * (total + 1));
    out.extend_from_slice(&(postings.len() as u32).to_le_bytes());
    for p in postings {
        out.extend_from_slice(&(p.len() as u32).to_le_bytes());
        for id in p {
            out.extend_from_slice(&id.to_le_bytes());
        }
    }
    out
}

/// Reads `postings.bin`, checking it against the token and name counts.
pub(crate) fn decode_postings(
    bytes: &[u8],
    tokens: usize,
    names: usize,
) -> Result<Vec<Vec<u32>>, String> {
    let mut words = bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]));
    if !bytes.len().is_multiple_of(4) {
        return Err("length is not a multiple of 4".into());
    }
    let count = words.next().ok_or("empty file")? as usize;
    if count != tokens {
        return Err(format!("{count} posting lists for {tokens} tokens"));
    }
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        let len = words.next().ok_or("truncated")? as usize;
        let mut list = Vec::with_capacity(len.min(names));
        for _ in 0..len {
            let id = words.next().ok_or("truncated")?;
            if id as usize >= names {
                return Err(format!("name number {id} out of range"));
            }
            list.push(id);
        }
        out.push(list);
    }
    if words.next().is_some() {
        return Err("trailing data".into());
    }
    Ok(out)
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

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), IndexError> {
    let mut f = std::fs::File::create(path).map_err(io_err(path))?;
    f.write_all(bytes).map_err(io_err(path))?;
    f.sync_all().map_err(io_err(path))
}

/// Files below `dir`, relative, `/`-separated, sorted; dot files (tantivy's lock
/// files) are left out.
fn files_below(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in rd.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            if path.is_dir() {
                walk(base, &path, out);
            } else if let Ok(rel) = path.strip_prefix(base) {
                let rel: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(rel.join("/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn dir_size(dir: &Path) -> u64 {
    files_below(dir)
        .iter()
        .filter_map(|rel| std::fs::metadata(dir.join(rel)).ok())
        .map(|m| m.len())
        .sum()
}

/// Points `CURRENT` at `name` atomically (write a temporary file, rename).
fn swap_current(index: &Path, name: &str) -> Result<(), IndexError> {
    let tmp = index.join(format!(".CURRENT-{}", std::process::id()));
    write_file(&tmp, format!("{name}\n").as_bytes())?;
    let current = index.join("CURRENT");
    std::fs::rename(&tmp, &current).map_err(io_err(&current))?;
    if let Ok(d) = std::fs::File::open(index) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Keeps the live generation and the one before it (a server may still be
/// answering from it); removes older ones and abandoned build folders.
///
/// Only generations stamped before `stamp` (this build's start) are
/// removed: the lock keeps other builds out meanwhile, and should one have
/// run anyway (an older sanctiondb without the lock), what it made after this
/// build began is left alone.
fn remove_old_generations(index: &Path, stamp: u128, live: &Path, previous: Option<&Path>) {
    let Ok(rd) = std::fs::read_dir(index) else {
        return;
    };
    for entry in rd.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let keep = path == live || Some(path.as_path()) == previous;
        let older = name
            .strip_prefix("gen-")
            .and_then(|s| s.parse::<u128>().ok())
            .is_some_and(|s| s < stamp);
        let old_build = name.starts_with(".build-")
            && entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > Duration::from_secs(3600));
        if (!keep && older) || old_build {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

/// The current time, UTC, RFC 3339 to the second.
pub fn rfc3339_now() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs() as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_round_trip_and_reject_damage() {
        let p = vec![vec![0, 2], vec![], vec![1]];
        let bytes = encode_postings(&p);
        assert_eq!(decode_postings(&bytes, 3, 3).unwrap(), p);
        assert!(decode_postings(&bytes[..bytes.len() - 4], 3, 3).is_err());
        assert!(decode_postings(&bytes, 3, 2).is_err(), "name out of range");
        assert!(
            decode_postings(&bytes, 4, 3).is_err(),
            "token count mismatch"
        );
    }

    #[test]
    fn only_generations_older_than_the_build_are_removed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let index = dir.path();
        for name in [
            "gen-50",
            "gen-100",
            "gen-200",
            "gen-300",
            "gen-x",
            ".build-1-150",
        ] {
            std::fs::create_dir(index.join(name)).expect("a generation folder");
        }
        let (live, previous) = (index.join("gen-200"), index.join("gen-50"));
        remove_old_generations(index, 200, &live, Some(&previous));
        let mut left: Vec<String> = std::fs::read_dir(index)
            .expect("read the index folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        // gen-300 is another build's, made after this one began; gen-x is
        // not a generation this code names; the build folder is recent.
        assert_eq!(
            left,
            [".build-1-150", "gen-200", "gen-300", "gen-50", "gen-x"]
        );
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_454), (2026, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
