//! sanctiondb: sanctions and entity screening with Korean-aware name matching.
//!
//! The pipeline, one module per stage:
//! [`fetch`] downloads the official list files and verifies them;
//! [`lists`] reads the official list files into the [`model`];
//! [`normalize`] turns names into comparable tokens;
//! [`index`] writes and reads the on-disk index files;
//! [`search`] finds and scores candidates ([`search::Searcher`]);
//! [`network`] resolves the relations between listed entities and DPRK state bodies;
//! [`build`] turns a lists folder into an index generation;
//! [`Database`] is an opened index: searcher, network and records together;
//! [`screen`] runs a whole payroll file through the search.
#![forbid(unsafe_code)]

pub mod build;
mod database;
pub mod diff;
pub mod fetch;
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
