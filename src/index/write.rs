//! Writing a generation's files: the entity documents, the token fst and
//! postings, and the other files as given, then making the generation live.
//! What goes into them is worked out by [`crate::build`].

use super::{IndexError, KOREAN_KEY_PREFIX, NameTable, doc_schema, io_err};
use crate::model::Entity;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub(crate) fn write_documents(
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

/// The token fst (token -> token number) and the postings (token number ->
/// names that contain it). Korean syllable keys go in as `~key`.
pub(crate) fn token_index(table: &NameTable) -> Result<(Vec<u8>, Vec<Vec<u32>>), IndexError> {
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
pub(crate) fn encode_postings(postings: &[Vec<u32>]) -> Vec<u8> {
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

pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> Result<(), IndexError> {
    let mut f = std::fs::File::create(path).map_err(io_err(path))?;
    f.write_all(bytes).map_err(io_err(path))?;
    f.sync_all().map_err(io_err(path))
}

/// Files below `dir`, relative, `/`-separated, sorted; dot files (tantivy's lock
/// files) are left out.
pub(crate) fn files_below(dir: &Path) -> Vec<String> {
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

pub(crate) fn dir_size(dir: &Path) -> u64 {
    files_below(dir)
        .iter()
        .filter_map(|rel| std::fs::metadata(dir.join(rel)).ok())
        .map(|m| m.len())
        .sum()
}

/// Points `CURRENT` at `name` atomically (write a temporary file, rename).
pub(crate) fn swap_current(index: &Path, name: &str) -> Result<(), IndexError> {
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
pub(crate) fn remove_old_generations(
    index: &Path,
    stamp: u128,
    live: &Path,
    previous: Option<&Path>,
) {
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
}
