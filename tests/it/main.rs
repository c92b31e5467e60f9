//! The integration tests: one binary, one module per area, like ripgrep's
//! `tests/`. Every module drives the real binary or the real server on real
//! lists. One binary links once and runs every test on one thread pool.

mod util;

mod cli;
mod fetch;
mod fuzz_regressions;
mod index_files;
mod korean;
mod network;
mod page;
mod payroll;
mod properties;
mod reload;
mod server;
