//! Opening a damaged index: one small index (the main crate's fixtures) is
//! built once; each input replaces one file of its live generation, and
//! `Database::open` must answer `Ok` or `Err`, never panic. An index that opens is
//! searched and its network walked.
//!
//! The first byte picks the file, the rest is its new content:
//!
//! | byte % 7 | file |
//! |---|---|
//! | 0 | `meta.json`, as given |
//! | 1 | `meta.json`, with its `checksums` replaced by the true ones when the input is a JSON object (so the fields past the checksum check are read) |
//! | 2..=5 | `names.json`, `tokens.fst`, `postings.bin`, `network.json`, with the checksum in `meta.json` updated to match (so the parsing runs, not only the checksum check) |
//! | 6 | `CURRENT` |
//!
//! Each file is put back after the run.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sanctiondb::Database;
use sanctiondb::lists::load::sha256_file;
use sanctiondb::search::Query;
use sanctiondb_fuzz::{INDEX_FILES, build_small_index};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

struct Fixture {
    index: PathBuf,
    generation: PathBuf,
    meta: serde_json::Value,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        // libFuzzer exits without dropping statics, so a TempDir would stay
        // behind: one folder per process instead, left-overs of dead
        // processes removed.
        let dir = fixture_dir(std::process::id());
        remove_stale_fixtures();
        let index = dir.join("index");
        let generation = build_small_index(&dir.join("lists"), &index);
        let meta = read_json(&generation.join("meta.json"));
        Fixture {
            index,
            generation,
            meta,
        }
    })
}

const FIXTURE_PREFIX: &str = "sanctiondb-fuzz-index_open-";

fn fixture_dir(pid: u32) -> PathBuf {
    std::env::temp_dir().join(format!("{FIXTURE_PREFIX}{pid}"))
}

/// Removes the fixture folders of processes that are gone (Linux: `/proc`).
fn remove_stale_fixtures() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(FIXTURE_PREFIX))
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        let alive = Path::new("/proc").join(pid.to_string()).exists();
        if !alive || pid == std::process::id() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn read_json(path: &Path) -> serde_json::Value {
    let bytes = std::fs::read(path).expect("fixture file");
    serde_json::from_slice(&bytes).expect("fixture JSON")
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).expect("write to the fixture index");
}

/// Writes `bytes` to `path`, runs `f`, and puts the old content back.
fn replaced(path: &Path, bytes: &[u8], f: impl FnOnce()) {
    let old = std::fs::read(path).expect("fixture file");
    write(path, bytes);
    f();
    write(path, &old);
}

fn open_and_use(index: &Path) {
    let Ok(index) = Database::open(index) else {
        return;
    };
    let first = index.table().names.first().map(|n| n.text.clone());
    for name in ["KIM Jong Un".to_string()].into_iter().chain(first) {
        let _ = index.search(&Query::new(name));
    }
    if let Some(id) = index.entity_ids().next().map(str::to_string) {
        let _ = index.entity(&id);
        let _ = index.network.around(&id, 2, index.table());
    }
}

fuzz_target!(|data: &[u8]| {
    let fx = fixture();
    let Some((&selector, content)) = data.split_first() else {
        return;
    };
    let meta_path = fx.generation.join("meta.json");
    match selector % 7 {
        0 => replaced(&meta_path, content, || open_and_use(&fx.index)),
        1 => {
            let bytes = match serde_json::from_slice::<serde_json::Value>(content) {
                Ok(serde_json::Value::Object(mut m)) => {
                    m.insert("checksums".into(), fx.meta["checksums"].clone());
                    serde_json::to_vec(&m).expect("JSON")
                }
                _ => content.to_vec(),
            };
            replaced(&meta_path, &bytes, || open_and_use(&fx.index));
        }
        n @ 2..=5 => {
            let file = INDEX_FILES[usize::from(n - 2)];
            let path = fx.generation.join(file);
            replaced(&path, content, || {
                let (sha, _) = sha256_file(&path).expect("sha256");
                let mut meta = fx.meta.clone();
                meta["checksums"][file] = serde_json::Value::String(sha);
                let meta_bytes = serde_json::to_vec(&meta).expect("JSON");
                replaced(&meta_path, &meta_bytes, || open_and_use(&fx.index));
            });
        }
        _ => replaced(&fx.index.join("CURRENT"), content, || {
            open_and_use(&fx.index)
        }),
    }
});
