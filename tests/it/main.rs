//! The integration tests: one binary, one module per area, like ripgrep's
//! `tests/`. Every module drives the real binary or the real server on real
//! lists. One binary links once and runs every test on one thread pool.
//!
//! `util` holds what the areas share (the binary, the index built once from
//! the shipped lists, the server on a free port, one HTTP client); `snapshot`
//! the figures that hold for the shipped list snapshot alone, checked
//! against `lists/MANIFEST.json`.

mod snapshot;
mod util;

mod cli;
mod evidence;
mod fetch;
mod fuzz_regressions;
mod index_files;
mod korean;
mod legal_forms;
mod matching;
mod name_words;
mod network;
mod page;
mod payroll;
mod properties;
mod reload;
mod scripts;
mod server;
