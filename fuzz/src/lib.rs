//! Helpers shared by the fuzz targets in `fuzz_targets/`: the invariants every
//! list parser's output must hold, and the small index `index_open` corrupts.

use sanctiondb::Database;
use sanctiondb::build::{BuildOptions, build};
use sanctiondb::model::Entity;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

mod fixture_lists;

/// The byte that splits an `ofac_csv` input into primary, alt, add and
/// comments files (never found in OFAC's CSV files).
pub const CSV_SEPARATOR: u8 = 0;

/// What every parser promises of the entities of an intact file: ids unique
/// and carrying the source's prefix, at least one name each, and a record that
/// comes back unchanged from the JSON the index stores.
pub fn check_entities(entities: &[Entity], prefix: &str) {
    let mut ids = HashSet::new();
    for e in entities {
        assert!(e.id.starts_with(prefix), "id {:?} lacks {prefix}", e.id);
        assert!(ids.insert(e.id.as_str()), "id {:?} twice", e.id);
        assert!(!e.names.is_empty(), "{} has no name", e.id);
        let json = serde_json::to_string(e).expect("an entity serializes");
        let back: Entity = serde_json::from_str(&json).expect("an entity deserializes");
        assert_eq!(&back, e, "JSON round trip of {}", e.id);
    }
}

/// The files of an index generation `index_open` replaces, in selector order
/// after the two `meta.json` modes (see `fuzz_targets/index_open.rs`).
pub const INDEX_FILES: [&str; 4] = ["names.json", "tokens.fst", "postings.bin", "network.json"];

/// A lists folder made of the main crate's small fixtures (UN and OFAC
/// samples, a cut of the Korean list, the DPRK registry), written into `dir`.
pub fn small_lists(dir: &Path) -> std::io::Result<()> {
    fixture_lists::write(&Path::new(env!("CARGO_MANIFEST_DIR")).join(".."), dir)
}

/// Builds an index of [`small_lists`] into `index`, using `lists` for the
/// lists folder, and returns its live generation folder.
pub fn build_small_index(lists: &Path, index: &Path) -> PathBuf {
    small_lists(lists).expect("fixtures copied");
    let opts = BuildOptions {
        lists: lists.to_path_buf(),
        index: index.to_path_buf(),
    };
    let summary = build(&opts, &indicatif::ProgressBar::hidden()).expect("small index builds");
    Database::open(index).expect("small index opens");
    summary.generation
}
