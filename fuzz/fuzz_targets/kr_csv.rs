//! The South Korean designations CSV: arbitrary bytes into
//! `lists::Format::KrCsv`, as `build` reads the file.
//!
//! Asserts: no panic; on `Ok`, ids are unique and `kr:`-prefixed, every entity
//! has a name, the report counts the entities returned, and every entity
//! survives the JSON round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sanctiondb::lists::ParseReport;
use sanctiondb::lists::format::{Format, Input};
use sanctiondb_fuzz::check_entities;
use std::path::Path;

const FILE: &str = "kr/designations.csv";

fuzz_target!(|data: &[u8]| {
    let mut report = ParseReport::new(FILE);
    let input = [Some(Input::Bytes(Path::new(FILE), data))];
    if let Ok(entities) = Format::KrCsv.parse(&input, "", FILE, &mut report) {
        assert_eq!(report.records, entities.len());
        check_entities(&entities, "kr:");
    }
});
