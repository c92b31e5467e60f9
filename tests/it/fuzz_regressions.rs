//! Inputs the fuzz targets in `fuzz/` crashed on, replayed as ordinary tests.
//!
//! Each input is a file under `tests/fixtures/fuzz/<target>/`, byte for byte
//! what libFuzzer wrote, and goes through the same calls as its target in
//! `fuzz/fuzz_targets/<target>.rs` (see `fuzz/README.md`).

use crate::util::{repo, root, tempdir};
use sanctiondb::Database;
use sanctiondb::build::{BuildOptions, build};
use sanctiondb::index::IndexError;
use sanctiondb::lists::load::sha256_file;
use sanctiondb::search::Query;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

#[path = "../../fuzz/src/fixture_lists.rs"]
mod fixture_lists;

fn fuzz_input(target: &str, name: &str) -> Vec<u8> {
    let path = repo("tests/fixtures/fuzz").join(target).join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

// ---------------------------------------------------------------------------
// index_open

/// The small index `fuzz/src/lib.rs` builds: the main crate's fixtures.
fn small_index() -> &'static Path {
    static INDEX: OnceLock<tempfile::TempDir> = OnceLock::new();
    INDEX
        .get_or_init(|| {
            let tmp = tempdir();
            let lists = tmp.path().join("lists");
            fixture_lists::write(root(), &lists).unwrap();
            let opts = BuildOptions {
                lists,
                index: tmp.path().join("index"),
            };
            build(&opts, &indicatif::ProgressBar::hidden()).unwrap();
            tmp
        })
        .path()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Replays an `index_open` input on a fresh copy of the small index, as
/// `fuzz/fuzz_targets/index_open.rs` does: the first byte picks the file, the
/// rest replaces it (`meta.json`'s checksum kept in step for the data files).
/// Returns what `Database::open` answered; an index that opens is searched.
fn replay_index_open(data: &[u8]) -> Result<(), IndexError> {
    let tmp = tempdir();
    copy_dir(&small_index().join("index"), tmp.path());
    let index = tmp.path();
    let current = std::fs::read_to_string(index.join("CURRENT")).unwrap();
    let generation: PathBuf = index.join(current.trim());
    let meta_path = generation.join("meta.json");
    let mut meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&meta_path).unwrap()).unwrap();
    let (&selector, content) = data.split_first().expect("a selector byte");
    match selector % 7 {
        0 => std::fs::write(&meta_path, content).unwrap(),
        1 => {
            let bytes = match serde_json::from_slice::<serde_json::Value>(content) {
                Ok(serde_json::Value::Object(mut m)) => {
                    m.insert("checksums".into(), meta["checksums"].clone());
                    serde_json::to_vec(&m).unwrap()
                }
                _ => content.to_vec(),
            };
            std::fs::write(&meta_path, bytes).unwrap();
        }
        n @ 2..=5 => {
            let file =
                ["names.json", "tokens.fst", "postings.bin", "network.json"][usize::from(n - 2)];
            let path = generation.join(file);
            std::fs::write(&path, content).unwrap();
            let (sha, _) = sha256_file(&path).unwrap();
            meta["checksums"][file] = serde_json::Value::String(sha);
            std::fs::write(&meta_path, serde_json::to_vec(&meta).unwrap()).unwrap();
        }
        _ => std::fs::write(index.join("CURRENT"), content).unwrap(),
    }
    let opened = Database::open(index)?;
    let _ = opened.search(&Query::new("KIM Jong Un"));
    Ok(())
}

fn assert_damaged(result: Result<(), IndexError>, file: &str) {
    match result {
        Err(IndexError::Damaged { message, .. }) => {
            assert!(message.contains(file), "{message}")
        }
        Err(other) => panic!("expected a damaged {file}, got {other}"),
        Ok(()) => panic!("expected a damaged {file}, the index opened"),
    }
}

#[test]
fn the_small_index_opens_unchanged() {
    let tmp = tempdir();
    copy_dir(&small_index().join("index"), tmp.path());
    Database::open(tmp.path()).unwrap();
}

/// fst's look-ups panicked (`assertion failed: 1 <= nbytes && nbytes <= 8` in
/// `fst::bytes::unpack_uint`) on a tokens.fst whose header is intact but whose
/// nodes are not, when meta.json's sha256 agreed with the damaged file.
#[test]
fn damaged_token_fst_with_matching_sha256_is_refused_not_a_panic() {
    let input = fuzz_input("index_open", "tokens_fst_bad_output_size");
    assert_damaged(replay_index_open(&input), "tokens.fst");
}

/// The same, minimized to a 36-byte fst (a panic at `fst::raw::node` instead).
#[test]
fn minimal_damaged_token_fst_is_refused_not_a_panic() {
    let input = fuzz_input("index_open", "tokens_fst_bad_node_minimized");
    assert_damaged(replay_index_open(&input), "tokens.fst");
}

// ---------------------------------------------------------------------------
// ofac_csv

/// The `ofac_csv` target parses from memory (`parse_set_bytes`); that must be
/// the same parse as the one from files that `sanctiondb build` runs.
#[test]
fn csv_set_from_bytes_parses_as_from_files() {
    use sanctiondb::lists::ParseReport;
    use sanctiondb::lists::ofac_csv::{CsvSet, CsvSetBytes, parse_set, parse_set_bytes};
    let dir = repo("tests/fixtures/ofac");
    let [primary, alt, add, comments] = [
        "sdn_sample.csv",
        "alt_sample.csv",
        "add_sample.csv",
        "comments_sample.csv",
    ]
    .map(|f| dir.join(f));
    let set = CsvSet {
        primary: &primary,
        alt: Some(&alt),
        add: Some(&add),
        comments: Some(&comments),
    };
    let mut from_files = ParseReport::new("ofac/sdn.csv");
    let files = parse_set(&set, "OFAC SDN", "ofac/sdn.csv", &mut from_files).unwrap();

    let read = |p: &PathBuf| std::fs::read(p).unwrap();
    let (b_primary, b_alt, b_add, b_comments) =
        (read(&primary), read(&alt), read(&add), read(&comments));
    let set = CsvSetBytes {
        primary: (&primary, &b_primary),
        alt: Some((&alt, &b_alt)),
        add: Some((&add, &b_add)),
        comments: Some((&comments, &b_comments)),
    };
    let mut from_bytes = ParseReport::new("ofac/sdn.csv");
    let bytes = parse_set_bytes(&set, "OFAC SDN", "ofac/sdn.csv", &mut from_bytes).unwrap();

    assert!(!files.is_empty());
    assert_eq!(bytes, files);
    assert_eq!(
        serde_json::to_value(&from_bytes).unwrap(),
        serde_json::to_value(&from_files).unwrap()
    );
}
