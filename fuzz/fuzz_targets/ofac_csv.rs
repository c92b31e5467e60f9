//! OFAC's legacy CSV set: the input is split on the byte `0x00` into up to four
//! files (primary, alt, add, comments; a missing piece is a missing file) and
//! parsed with `lists::ofac_csv::parse_set_bytes`.
//!
//! Asserts: no panic; on `Ok`, ids are unique and `ofac:`-prefixed, every entity
//! has a name, the report counts the entities returned, and every entity
//! survives the JSON round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sanctiondb::lists::ParseReport;
use sanctiondb::lists::ofac_csv::{CsvSetBytes, parse_set_bytes};
use sanctiondb_fuzz::{CSV_SEPARATOR, check_entities};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(4, |&b| b == CSV_SEPARATOR);
    let primary = parts.next().unwrap_or_default();
    let set = CsvSetBytes {
        primary: (Path::new("ofac/sdn.csv"), primary),
        alt: parts.next().map(|b| (Path::new("ofac/alt.csv"), b)),
        add: parts.next().map(|b| (Path::new("ofac/add.csv"), b)),
        comments: parts
            .next()
            .map(|b| (Path::new("ofac/sdn_comments.csv"), b)),
    };
    let mut report = ParseReport::new("ofac/sdn.csv");
    if let Ok(entities) = parse_set_bytes(&set, "OFAC SDN", "ofac/sdn.csv", &mut report) {
        assert_eq!(report.records, entities.len());
        check_entities(&entities, "ofac:");
    }
});
