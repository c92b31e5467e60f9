//! sanctiondb: sanctions and entity screening with Korean-aware name matching.
//!
//! The pipeline, one module per stage:
//! [`lists`] reads the official list files into the [`model`] ([`lists::fetch`]
//! downloads them and verifies them);
//! [`normalize`] turns names into comparable tokens;
//! [`index`] writes and reads the on-disk index files;
//! [`search`] finds and scores candidates ([`search::Searcher`]);
//! [`network`] resolves the relations between listed entities and DPRK state bodies;
//! [`build`] turns a lists folder into an index generation;
//! [`Database`] is an opened index: searcher, network and records together;
//! [`screen`] runs a whole payroll file through the search.
#![forbid(unsafe_code)]

pub mod build;
pub mod clock;
mod database;
pub mod diff;
pub mod index;
pub mod lists;
pub mod model;
pub mod network;
pub mod normalize;
pub mod parallel;
pub mod screen;
pub mod search;
pub mod server;

pub use database::Database;

#[cfg(test)]
mod tests {
    /// The modules in layers, lowest first (the README's "How it works"):
    /// code may use its own layer and those below, never one above.
    const LAYERS: &[&[&str]] = &[
        &["model", "normalize", "parallel", "clock"],
        &["lists"],
        &["index"],
        &["search"],
        &["network"],
        &["build", "database", "diff"],
        &["screen"],
        &["server"],
    ];

    fn layer(module: &str) -> Option<usize> {
        LAYERS.iter().position(|l| l.contains(&module))
    }

    #[test]
    fn no_module_uses_one_above_it() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        let mut stack = vec![src.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("src readable") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    files.push(path);
                }
            }
        }
        let mut wrong = Vec::new();
        for path in files {
            let rel = path.strip_prefix(&src).expect("below src");
            let first = rel.components().next().expect("a component");
            let module = first.as_os_str().to_str().expect("utf-8");
            let module = module.strip_suffix(".rs").unwrap_or(module);
            let Some(own) = layer(module) else {
                continue; // lib.rs, main.rs, cmd/: the top
            };
            let text = std::fs::read_to_string(&path).expect("readable");
            for (no, line) in text.lines().enumerate() {
                if line.trim_start().starts_with("//") {
                    continue;
                }
                for (at, _) in line.match_indices("crate::") {
                    let used: String = line[at + 7..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    let used = if used == "Database" {
                        "database"
                    } else {
                        &used
                    };
                    if layer(used).is_some_and(|l| l > own) {
                        wrong.push(format!(
                            "{}:{}: {module} uses {used}",
                            rel.display(),
                            no + 1
                        ));
                    }
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "uses of a higher layer:\n{}",
            wrong.join("\n")
        );
    }
}
