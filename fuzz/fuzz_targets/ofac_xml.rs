//! OFAC `sdnList` XML: arbitrary bytes into `lists::ofac_xml::parse_reader`,
//! then every entity's remarks through `ofac_remarks::apply_remarks`, as
//! `lists::load` does for the XML files.
//!
//! Asserts: no panic; on `Ok`, ids are unique and `ofac:`-prefixed, every entity
//! has a name, the report counts the entities returned, and every entity
//! survives the JSON round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sanctiondb::lists::{ParseReport, ofac_remarks, ofac_xml};
use sanctiondb_fuzz::check_entities;
use std::path::Path;

const FILE: &str = "ofac/consolidated.xml";

fuzz_target!(|data: &[u8]| {
    let mut report = ParseReport::new(FILE);
    let parsed = ofac_xml::parse_reader(data, Path::new(FILE), "OFAC Non-SDN", FILE, &mut report);
    if let Ok(mut entities) = parsed {
        assert_eq!(report.records, entities.len());
        for e in &mut entities {
            for r in std::mem::take(&mut e.remarks) {
                ofac_remarks::apply_remarks(&r, e);
            }
        }
        check_entities(&entities, "ofac:");
    }
});
