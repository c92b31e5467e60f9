//! OFAC `sdnList` XML: arbitrary bytes into `lists::Format::OfacXml` (the
//! `sdnList` parser, then every entity's remarks structured), as `build` reads
//! the XML files.
//!
//! Asserts: no panic; on `Ok`, ids are unique and `ofac:`-prefixed, every entity
//! has a name, the report counts the entities returned, and every entity
//! survives the JSON round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sanctiondb::lists::ParseReport;
use sanctiondb::lists::format::{Format, Input};
use sanctiondb_fuzz::check_entities;
use std::path::Path;

const FILE: &str = "ofac/consolidated.xml";

fuzz_target!(|data: &[u8]| {
    let mut report = ParseReport::new(FILE);
    let input = [Some(Input::Bytes(Path::new(FILE), data))];
    let parsed = Format::OfacXml.parse(&input, "OFAC Non-SDN", FILE, &mut report);
    if let Ok(entities) = parsed {
        assert_eq!(report.records, entities.len());
        check_entities(&entities, "ofac:");
    }
});
