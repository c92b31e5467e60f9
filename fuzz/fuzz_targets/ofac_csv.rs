//! OFAC's legacy CSV set: the input is split on the byte `0x00` into up to four
//! files (primary, alt, add, comments; a missing piece is a missing file) and
//! parsed as `build` reads a set, with `lists::Format::OfacCsv`.
//!
//! Asserts: no panic; on `Ok`, ids are unique and `ofac:`-prefixed, every entity
//! has a name, the report counts the entities returned, and every entity
//! survives the JSON round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sanctiondb::lists::ParseReport;
use sanctiondb::lists::format::{Format, Input, OFAC_LISTS};
use sanctiondb_fuzz::{CSV_SEPARATOR, check_entities};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(4, |&b| b == CSV_SEPARATOR);
    // `splitn` yields at least one piece, so the primary file is always there.
    let names = OFAC_LISTS[0].csv;
    let inputs: [Option<Input>; 4] =
        std::array::from_fn(|k| parts.next().map(|b| Input::Bytes(Path::new(names[k]), b)));
    let mut report = ParseReport::new("ofac/sdn.csv");
    if let Ok(entities) = Format::OfacCsv.parse(&inputs, "OFAC SDN", "ofac/sdn.csv", &mut report) {
        assert_eq!(report.records, entities.len());
        check_entities(&entities, "ofac:");
    }
});
