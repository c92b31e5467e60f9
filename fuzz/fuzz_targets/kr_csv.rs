//! The South Korean designations CSV: arbitrary bytes into
//! `lists::kr::parse_reader`.
//!
//! Asserts: no panic; on `Ok`, ids are unique and `kr:`-prefixed, every entity
//! has a name, the report counts the entities returned, and every entity
//! survives the JSON round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sanctiondb::lists::{ParseReport, kr};
use sanctiondb_fuzz::check_entities;
use std::path::Path;

const FILE: &str = "kr/designations.csv";

fuzz_target!(|data: &[u8]| {
    let mut report = ParseReport::new(FILE);
    if let Ok(entities) = kr::parse_reader(data, Path::new(FILE), FILE, &mut report) {
        assert_eq!(report.records, entities.len());
        check_entities(&entities, "kr:");
    }
});
