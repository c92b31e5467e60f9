//! Figures that hold for the shipped list snapshot alone, in one place.
//!
//! `sanctiondb fetch` replaces files in `lists/` and their entries in
//! `lists/MANIFEST.json`; afterwards counts such as "the UN list has 1003
//! entities" are stale. Every test that asserts such a figure takes it from
//! [`figures`], which first checks that `lists/` is the snapshot the figures
//! were taken from: the sha256 of every file in [`SNAPSHOT`] against the
//! manifest, and the manifest against the files. After a fetch the tests fail
//! here, with one message saying what to update, not as a count that is off.
//!
//! The figures stay in the tests rather than in the manifest: the manifest is
//! written by `fetch`, so figures kept there would be whatever the code under
//! test produced, and checked against nothing.

use crate::util::lists;
use sanctiondb::lists::load::sha256_file;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// Every file of `lists/MANIFEST.json` with the sha256 the figures below
/// were taken from.
const SNAPSHOT: &[(&str, &str)] = &[
    (
        "un/UN_consolidated.xml",
        "66b392a4090868d2d39161e8d748efd39138377b0e6e60b7921aa67a4f99c8bf",
    ),
    (
        "ofac/sdn.csv",
        "210ca6b4a8187a34e0850be69ecc6e918f23ad7778b8b5b2f9c9d5fbbaf4e0cb",
    ),
    (
        "ofac/alt.csv",
        "f8c1cab56b08fb83ab4c06a4b9823c042ae645b853858049d076f729152de992",
    ),
    (
        "ofac/add.csv",
        "d5906f90b2d027786019cb6a55c12a2708c61f21ad7c634df4e2b919f1640bf4",
    ),
    (
        "ofac/sdn_comments.csv",
        "852b79d8126e70f3656db35211720948122b1e4dad32aa1f49d5a68add9ffc4b",
    ),
    (
        "ofac/consolidated.xml",
        "00d16d5f63ca0e68daadb37f636cfcd6f64e60e2c5859d520fa809ea6fbdf334",
    ),
    (
        "ofac/cons_prim.csv",
        "7027f6656b7815e38b1a5517e66d7f00ad7bdae814510cddff11771c439f08b2",
    ),
    (
        "ofac/cons_alt.csv",
        "27f46913036603cb1003fb167e745863f68513ee5f43c03749be7251bf0848e1",
    ),
    (
        "ofac/cons_add.csv",
        "96c5baf0dd9081dab5a904091898ecf8bb60b6f6e7f9c0cee9252e3d31649531",
    ),
    (
        "ofac/cons_comments.csv",
        "ca3e37e4d78952e6d8280ee804bc185a9ebcaa7fa5b7216937f45aaab7f8fce6",
    ),
    (
        "kr/designations.csv",
        "9a604c086bc65aafd249a9e7fa928964ab70c14966a68705630ee8d1037355b1",
    ),
    (
        "dprk/bodies.csv",
        "6a637505eb24e59c4c4ad42e264f90361a07be9849048aab589a41efa8ef724b",
    ),
];

/// What a build of the shipped lists holds.
pub struct Figures {
    /// Entities of the UN list (`un/UN_consolidated.xml`); its records too.
    pub un_entities: u64,
    pub un_persons: u64,
    pub un_organizations: u64,
    /// OFAC entities, SDN and non-SDN merged.
    pub ofac_entities: u64,
    /// OFAC entities on both the SDN and a non-SDN list.
    pub ofac_on_several_lists: u64,
    /// Entities of the shipped non-SDN `ofac/consolidated.xml` when it is
    /// dropped into a lists folder as `ofac/SDN.XML`.
    pub ofac_consolidated_xml_entities: u64,
    /// The curated Korean list has more entities than this.
    pub kr_entities_over: u64,
    /// OFAC "Linked To" relations resolved to another entry: more than this.
    pub ofac_relations_resolved_over: u64,
}

const FIGURES: Figures = Figures {
    un_entities: 1003,
    un_persons: 730,
    un_organizations: 273,
    ofac_entities: 15346,
    ofac_on_several_lists: 61,
    ofac_consolidated_xml_entities: 442,
    kr_entities_over: 100,
    ofac_relations_resolved_over: 6000,
};

/// The figures of the shipped snapshot; panics, saying what to update, when
/// `lists/` is no longer that snapshot.
pub fn figures() -> &'static Figures {
    static CHECKED: OnceLock<Result<(), String>> = OnceLock::new();
    if let Err(e) = CHECKED.get_or_init(check) {
        panic!(
            "the shipped lists changed ({e}); update the figures and the sha256 \
             in tests/it/snapshot.rs"
        );
    }
    &FIGURES
}

/// Whether `lists/MANIFEST.json` and the files it names are [`SNAPSHOT`].
fn check() -> Result<(), String> {
    let text = std::fs::read_to_string(lists().join("MANIFEST.json"))
        .map_err(|e| format!("lists/MANIFEST.json: {e}"))?;
    let manifest: Value =
        serde_json::from_str(&text).map_err(|e| format!("lists/MANIFEST.json: {e}"))?;
    let recorded: BTreeMap<&str, &str> = manifest["files"]
        .as_array()
        .ok_or("lists/MANIFEST.json has no \"files\"")?
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or(""),
                f["sha256"].as_str().unwrap_or(""),
            )
        })
        .collect();
    let expected: BTreeMap<&str, &str> = SNAPSHOT.iter().copied().collect();
    if recorded != expected {
        let differ: BTreeSet<&str> = recorded
            .keys()
            .chain(expected.keys())
            .filter(|p| recorded.get(*p) != expected.get(*p))
            .copied()
            .collect();
        return Err(format!(
            "lists/MANIFEST.json records other files or sha256 for {differ:?}"
        ));
    }
    for (path, sha256) in SNAPSHOT {
        let (actual, _) =
            sha256_file(&lists().join(path)).map_err(|e| format!("lists/{path}: {e}"))?;
        if actual != *sha256 {
            return Err(format!(
                "lists/{path} has sha256 {actual}, not the {sha256} lists/MANIFEST.json records"
            ));
        }
    }
    Ok(())
}

#[test]
fn the_figures_are_for_the_shipped_lists() {
    figures();
}
