//! The small lists folder that `index_open` (through `fuzz/src/lib.rs`) and
//! `tests/it/fuzz_regressions.rs` both build an index from: the main crate's
//! fixtures. Both include this one file, so the two indexes are the same.

use std::path::{Path, PathBuf};

/// Writes into `dir` a lists folder made of the main crate's small fixtures
/// (UN and OFAC samples, a cut of the Korean list, the DPRK registry);
/// `root` is the main crate's folder.
pub fn write(root: &Path, dir: &Path) -> std::io::Result<()> {
    let fx = root.join("tests/fixtures");
    let copies: [(PathBuf, &str); 8] = [
        (fx.join("un/un_sample.xml"), "un/UN_consolidated.xml"),
        (fx.join("ofac/sdn_sample.csv"), "ofac/sdn.csv"),
        (fx.join("ofac/alt_sample.csv"), "ofac/alt.csv"),
        (fx.join("ofac/add_sample.csv"), "ofac/add.csv"),
        (fx.join("ofac/comments_sample.csv"), "ofac/sdn_comments.csv"),
        (
            fx.join("ofac/consolidated_sample.xml"),
            "ofac/consolidated.xml",
        ),
        (
            fx.join("changes/new/kr/designations.csv"),
            "kr/designations.csv",
        ),
        (root.join("lists/dprk/bodies.csv"), "dprk/bodies.csv"),
    ];
    for (from, to) in copies {
        let to = dir.join(to);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::copy(&from, &to)?;
    }
    Ok(())
}
