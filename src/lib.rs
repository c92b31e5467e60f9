//! sanctiondb: sanctions and entity screening with Korean-aware name matching.
//!
//! The pipeline, one module per stage:
//! [`lists`] reads the official list files into the [`model`] ([`lists::fetch`]
//! downloads them and verifies them);
//! [`normalize`] turns names into comparable tokens;
//! [`index`] builds and opens the on-disk index;
//! [`network`] resolves the relations between listed entities and DPRK state bodies;
//! [`search`] finds and scores candidates;
//! [`screen`] runs a whole payroll file through the search.
#![forbid(unsafe_code)]

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
