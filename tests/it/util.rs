//! What every area shares: the built binary, the shipped lists and the one
//! index built from them per test run, and temporary folders.
//!
//! The shipped index is shared by every test in the binary; tests only read
//! it (`screen` without `--audit-log` appends its audit record there, which
//! no test reads). A test that changes an index builds its own.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The binary under test, built by Cargo for this test run.
pub const BIN: &str = env!("CARGO_BIN_EXE_sanctiondb");

/// The binary, run in the repository root, with no `SANCTIONDB_URL_*`
/// override leaking in from the environment (the tests choose every URL).
pub fn bin() -> Command {
    let mut c = Command::new(BIN);
    c.current_dir(root());
    for (k, _) in std::env::vars() {
        if k.starts_with("SANCTIONDB_URL_") {
            c.env_remove(k);
        }
    }
    c
}

/// The repository root (where `Cargo.toml` is).
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A path in the repository.
pub fn repo(path: &str) -> PathBuf {
    root().join(path)
}

/// The shipped lists folder.
pub fn lists() -> PathBuf {
    repo("lists")
}

/// A temporary folder, removed when dropped.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

/// The index of the shipped lists and what `build --json` said about it.
struct Shipped {
    dir: tempfile::TempDir,
    report: Value,
}

fn shipped() -> &'static Shipped {
    static SHIPPED: OnceLock<Shipped> = OnceLock::new();
    SHIPPED.get_or_init(|| {
        let dir = tempdir();
        let out = bin()
            .args(["build", "--quiet", "--json", "--lists"])
            .arg(lists())
            .arg("--index")
            .arg(dir.path())
            .output()
            .expect("run sanctiondb build");
        assert!(
            out.status.success(),
            "building the shipped lists failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let report = serde_json::from_slice(&out.stdout).expect("build --json prints JSON");
        Shipped { dir, report }
    })
}

/// The index built from the shipped lists, once per test run.
pub fn shipped_index() -> &'static Path {
    shipped().dir.path()
}

/// What `sanctiondb build --json` reported when it built [`shipped_index`].
pub fn shipped_build_report() -> &'static Value {
    &shipped().report
}
