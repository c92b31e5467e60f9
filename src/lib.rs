//! sanctiondb: sanctions and entity screening with Korean-aware name matching.
#![forbid(unsafe_code)]

pub mod lists;
pub mod model;
