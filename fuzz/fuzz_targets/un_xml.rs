//! UN consolidated list XML: arbitrary bytes into `lists::Format::UnXml`, as
//! `build` reads the file.
//!
//! Asserts: no panic; on `Ok`, ids are unique and `un:`-prefixed, every entity
//! has a name, the report counts the entities returned, and every entity
//! survives the JSON round trip the index stores it with.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sanctiondb::lists::ParseReport;
use sanctiondb::lists::format::{Format, Input};
use sanctiondb_fuzz::check_entities;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let mut report = ParseReport::new("un/fuzz.xml");
    let input = [Some(Input::Bytes(Path::new("un/fuzz.xml"), data))];
    if let Ok(entities) = Format::UnXml.parse(&input, "", "un/fuzz.xml", &mut report) {
        assert_eq!(report.records, entities.len());
        check_entities(&entities, "un:");
    }
});
