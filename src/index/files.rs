//! The files of one index generation, read into memory once.
//!
//! An opened [`super::Index`] holds no file of its generation open and maps
//! none: every file `meta.json` lists is read whole, its sha256 checked on
//! the bytes read, and those bytes are what the index is built from. So what
//! was verified is exactly what is served, and nothing done to the files
//! afterwards (a `cp` or `rsync --inplace` over one, a truncation, a rebuild
//! that removes them) can reach an opened index: with tantivy's memory-mapped
//! directory, a truncated file killed the server with SIGBUS on its next
//! look-up. Reading writes nothing either (tantivy's own directory takes a
//! lock file beside the segments), so an index on a read-only file system or
//! owned by another user opens. The cost is the generation's size in memory
//! (about 7 MB of tantivy files for the shipped lists, on top of the tables
//! that were in memory already).

use super::IndexError;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The folder of the full-text store inside a generation.
const TANTIVY: &str = "tantivy";

/// The files of a generation by path relative to it (`/`-separated), read.
pub(crate) struct GenerationFiles {
    generation: PathBuf,
    files: BTreeMap<String, Vec<u8>>,
}

impl GenerationFiles {
    /// Reads every file `checksums` names (path relative to `generation` ->
    /// sha256) and checks each against its checksum. The error says which
    /// file cannot be read or does not match.
    pub(crate) fn read_verified(
        generation: &Path,
        checksums: &BTreeMap<String, String>,
    ) -> Result<GenerationFiles, String> {
        let mut files = BTreeMap::new();
        for (rel, expected) in checksums {
            let bytes = read_below(generation, rel)?;
            if hex::encode(Sha256::digest(&bytes)) != *expected {
                return Err(format!(
                    "{rel} is damaged (its checksum does not match meta.json)"
                ));
            }
            files.insert(rel.clone(), bytes);
        }
        Ok(GenerationFiles {
            generation: generation.to_path_buf(),
            files,
        })
    }

    /// Takes the bytes of one file out.
    pub(crate) fn take(&mut self, rel: &str) -> Result<Vec<u8>, IndexError> {
        self.files.remove(rel).ok_or_else(|| IndexError::Io {
            path: self.generation.join(rel),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "not among the files of the generation",
            ),
        })
    }

    /// Moves the files of the full-text store into a tantivy directory in
    /// memory.
    pub(crate) fn take_tantivy(&mut self) -> Result<tantivy::directory::RamDirectory, IndexError> {
        use tantivy::Directory;
        let prefix = format!("{TANTIVY}/");
        let directory = tantivy::directory::RamDirectory::create();
        let rels: Vec<String> = self
            .files
            .keys()
            .filter(|rel| rel.starts_with(&prefix))
            .cloned()
            .collect();
        for rel in rels {
            let bytes = self.take(&rel)?;
            let inner = Path::new(&rel[prefix.len()..]);
            directory
                .atomic_write(inner, &bytes)
                .map_err(super::io_err(&self.generation.join(&rel)))?;
        }
        Ok(directory)
    }
}

/// Reads `rel` below `generation`; a path that would leave the generation
/// folder (`..`, absolute) is refused.
fn read_below(generation: &Path, rel: &str) -> Result<Vec<u8>, String> {
    let inside = Path::new(rel)
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    if !inside {
        return Err(format!(
            "meta.json lists {rel:?}, which is not a file of the generation"
        ));
    }
    std::fs::read(generation.join(rel)).map_err(|e| format!("{rel} cannot be read ({e})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sha(bytes: &[u8]) -> String {
        hex::encode(Sha256::digest(bytes))
    }

    #[test]
    fn files_are_read_checked_and_kept_as_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join(TANTIVY)).expect("tantivy folder");
        std::fs::write(dir.path().join("a.bin"), b"one").expect("write");
        std::fs::write(dir.path().join("tantivy/meta.json"), b"{}").expect("write");
        let checksums = BTreeMap::from([
            ("a.bin".to_string(), sha(b"one")),
            ("tantivy/meta.json".to_string(), sha(b"{}")),
        ]);
        let mut files = GenerationFiles::read_verified(dir.path(), &checksums).expect("read");
        // Nothing done to the files now reaches what was read.
        std::fs::write(dir.path().join("a.bin"), b"").expect("truncate");
        assert_eq!(files.take("a.bin").expect("a.bin"), b"one");
        assert!(files.take("a.bin").is_err(), "taken once");
        let ram = files.take_tantivy().expect("tantivy");
        use tantivy::Directory;
        assert_eq!(
            ram.atomic_read(Path::new("meta.json")).expect("in memory"),
            b"{}"
        );
    }

    #[test]
    fn a_damaged_or_outside_file_is_refused_by_name() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("a.bin"), b"one").expect("write");
        let damaged = BTreeMap::from([("a.bin".to_string(), sha(b"two"))]);
        let err = GenerationFiles::read_verified(dir.path(), &damaged).err();
        assert_eq!(
            err.as_deref(),
            Some("a.bin is damaged (its checksum does not match meta.json)")
        );
        let outside = BTreeMap::from([("../a.bin".to_string(), sha(b"one"))]);
        let err = GenerationFiles::read_verified(dir.path(), &outside).err();
        assert!(err.is_some_and(|e| e.contains("not a file of the generation")));
    }
}
