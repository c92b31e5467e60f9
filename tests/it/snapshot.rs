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
//! The parsers' facts about the shipped files (entities per file and schema,
//! the notes on OFAC's mixed-date SDN set, the Korean rounds) are here too,
//! in [`PARSERS`]: the parsers' unit tests use small inline fixtures, so a
//! fetch changes this file alone. Where the manifest records a count itself
//! (`Record_Count` in the description of `ofac/consolidated.xml`), the test
//! checks the figure against it.
//!
//! The figures stay in the tests rather than in the manifest: the manifest is
//! written by `fetch`, so figures kept there would be whatever the code under
//! test produced, and checked against nothing.

use crate::util::lists;
use sanctiondb::lists::load::sha256_file;
use sanctiondb::lists::ofac_csv::{CsvSet, parse_set};
use sanctiondb::lists::{ParseReport, kr, ofac_xml, un};
use sanctiondb::model::{Entity, NameKind, Schema};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::PathBuf;
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
    /// OFAC entities on both the SDN and a non-SDN list (25 of them SDN
    /// partial records merged with their full non-SDN record).
    pub ofac_on_several_lists: u64,
    /// SDN partial records (alias rows with no primary row) that no full
    /// non-SDN record completes: 1567 less those 25.
    pub ofac_partial_entities: u64,
    /// Entities of the shipped non-SDN `ofac/consolidated.xml` when it is
    /// dropped into a lists folder as `ofac/SDN.XML`.
    pub ofac_consolidated_xml_entities: u64,
    /// The curated Korean list has more entities than this.
    pub kr_entities_over: u64,
    /// OFAC "Linked To" relations resolved to another entry: more than this.
    pub ofac_relations_resolved_over: u64,
}

/// What each list parser reads from the shipped files: the facts the parsers'
/// own tests assert on small inline fixtures, here for the real files.
struct ParserFigures {
    /// `ofac/sdn.csv` with `alt.csv`, `add.csv`, `sdn_comments.csv`.
    sdn_csv_entities: usize,
    /// Partial records: ent_nums with alias rows and no primary row.
    sdn_csv_partial: usize,
    sdn_csv_persons: usize,
    /// Notes on the mixed-date SDN set (rows with no primary row, entries with
    /// no address row), each the start of one note.
    sdn_csv_notes: &'static [&'static str],
    /// `ofac/cons_prim.csv` with the other `cons_*.csv`.
    non_sdn_csv_entities: usize,
    /// Aliases in the non-SDN CSV remarks (`a.k.a. 'X'`): weak.
    non_sdn_csv_weak: usize,
    /// Aliases in `cons_alt.csv`: strong.
    non_sdn_csv_strong: usize,
    /// `ofac/consolidated.xml`: its header, entries, schemas, names.
    consolidated_publish_date: &'static str,
    consolidated_organizations: usize,
    consolidated_persons: usize,
    consolidated_weak: usize,
    /// Every a.k.a. (weak, strong, former).
    consolidated_akas: usize,
    /// 2485 `<id>`s: 2 are `Gender`, 3 repeat an earlier id of the same entry.
    consolidated_identifiers: usize,
    consolidated_genders: usize,
    consolidated_birth_dates: usize,
    /// `un/UN_consolidated.xml`: its count note.
    un_note: &'static str,
    /// `kr/designations.csv`: entities and its count note.
    kr_entities: usize,
    kr_note: &'static str,
    /// Entities per designation round (the id's date) and schema (`None`: all),
    /// as the announcements name them.
    kr_rounds: &'static [(&'static str, Option<Schema>, usize)],
}

const PARSERS: ParserFigures = ParserFigures {
    sdn_csv_entities: 14_965,
    sdn_csv_partial: 1567,
    sdn_csv_persons: 6854,
    sdn_csv_notes: &[
        "sdn.csv: 1567 partial records",
        "alt.csv: 2460 alias rows for 1567 ent_nums with no primary row in sdn.csv, indexed as partial records",
        "add.csv: 1942 address rows for 1567 ent_nums with no primary row in sdn.csv, attached to their partial records",
        "add.csv: 2951 address rows for 2686 ent_nums with no primary row in sdn.csv, with no alias row either: not used",
        "sdn_comments.csv: 5 comment rows for 5 ent_nums with no primary row in sdn.csv, read as the remarks",
        "sdn_comments.csv: 1 comment rows for 1 ent_nums with no primary row in sdn.csv, with no alias row either",
        "sdn.csv: 724 of 14965 entries have no row in add.csv",
    ],
    non_sdn_csv_entities: 442,
    non_sdn_csv_weak: 72,
    non_sdn_csv_strong: 1073,
    consolidated_publish_date: "2026-01-08",
    consolidated_organizations: 363,
    consolidated_persons: 79,
    consolidated_weak: 72,
    consolidated_akas: 1144,
    consolidated_identifiers: 2480,
    consolidated_genders: 2,
    consolidated_birth_dates: 74,
    un_note: "730 individuals, 273 entities",
    kr_entities: 241,
    kr_note: "141 individuals, 96 entities, 4 vessels",
    kr_rounds: &[
        ("20241226", None, 16),
        ("20241226", Some(Schema::Person), 15),
        ("20241226", Some(Schema::Organization), 1),
        ("20241217", None, 10),                // 6 + 4 named of 11 + 15
        ("20241101", Some(Schema::Person), 9), // 11, 2 not found
        ("20241101", Some(Schema::Organization), 4),
        ("20240627", Some(Schema::Person), 8),
        ("20240627", Some(Schema::Organization), 5),
        ("20240627", Some(Schema::Vessel), 4),
        ("20240328", None, 6),
        ("20231227", Some(Schema::Person), 8),
        ("20231201", Some(Schema::Person), 10), // 11, 1 not found
        ("20230921", None, 12),
        ("20230901", None, 6),
        ("20230714", None, 6), // DR Congo front not found
        ("20230602", None, 1),
        ("20230523", None, 10),
        ("20230523", Some(Schema::Person), 7),
        ("20230424", None, 1),
        ("20230220", None, 8), // South African not found
        ("20230210", None, 11),
        ("20221202", None, 15),
        ("20221014", Some(Schema::Person), 15),
        ("20221014", Some(Schema::Organization), 16),
        ("20171211", Some(Schema::Person), 12),
        ("20171211", Some(Schema::Organization), 20),
        ("20161202", None, 19),
        ("20160308", None, 1),
        ("20160000", None, 1),
        ("20150626", None, 7),
    ],
};

/// [`PARSERS`], once [`figures`] has checked the snapshot.
fn parsers() -> &'static ParserFigures {
    figures();
    &PARSERS
}

const FIGURES: Figures = Figures {
    un_entities: 1003,
    un_persons: 730,
    un_organizations: 273,
    ofac_entities: 16888,
    ofac_on_several_lists: 86,
    ofac_partial_entities: 1542,
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

// ---------------------------------------------------------------------------
// What each parser reads from the shipped files

fn shipped(path: &str) -> PathBuf {
    lists().join(path)
}

fn count(entities: &[Entity], keep: impl Fn(&Entity) -> bool) -> usize {
    entities.iter().filter(|e| keep(e)).count()
}

fn names(entities: &[Entity], kind: NameKind) -> usize {
    entities
        .iter()
        .flat_map(|e| &e.names)
        .filter(|n| n.kind == kind)
        .count()
}

fn get<'a>(entities: &'a [Entity], id: &str) -> &'a Entity {
    entities
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("{id} not found"))
}

fn assert_unique_ids(entities: &[Entity]) {
    let ids: HashSet<&str> = entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), entities.len(), "ids are unique");
}

/// The description `lists/MANIFEST.json` records for a file.
fn manifest_description(path: &str) -> String {
    let text = std::fs::read_to_string(lists().join("MANIFEST.json")).expect("the manifest");
    let manifest: Value = serde_json::from_str(&text).expect("manifest JSON");
    manifest["files"]
        .as_array()
        .and_then(|files| files.iter().find(|f| f["path"] == path))
        .and_then(|f| f["description"].as_str())
        .unwrap_or_else(|| panic!("lists/MANIFEST.json has no description for {path}"))
        .to_string()
}

fn csv_set(files: [&str; 4], list: &str) -> (Vec<Entity>, ParseReport) {
    let [p, alt, add, comments] = files.map(|f| shipped(&format!("ofac/{f}")));
    let set = CsvSet {
        primary: &p,
        alt: Some(&alt),
        add: Some(&add),
        comments: Some(&comments),
    };
    let label = format!("ofac/{}", files[0]);
    let mut report = ParseReport::new(label.as_str());
    let entities = parse_set(&set, list, &label, &mut report).expect("the shipped set parses");
    (entities, report)
}

#[test]
fn the_sdn_csv_set_reads_every_primary_row_and_notes_the_mixed_dates() {
    let f = parsers();
    let (entities, report) = csv_set(
        ["sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"],
        "OFAC SDN",
    );
    assert_eq!(count(&entities, |e| !e.partial), f.sdn_csv_entities);
    assert_eq!(count(&entities, |e| e.partial), f.sdn_csv_partial);
    assert!(
        report.skipped.is_empty(),
        "{:?}",
        &report.skipped[..report.skipped.len().min(5)]
    );
    for note in f.sdn_csv_notes {
        assert!(
            report.notes.iter().any(|n| n.starts_with(note)),
            "{note}: {:#?}",
            report.notes
        );
    }
    let kim = get(&entities, "ofac:20157");
    assert_eq!(kim.birth_dates[0].from.as_deref(), Some("1984-01-08"));
    assert_eq!(
        count(&entities, |e| e.schema == Schema::Person),
        f.sdn_csv_persons
    );
}

#[test]
fn the_non_sdn_csv_set_is_consistent_and_its_remarks_aliases_are_the_weak_ones() {
    let f = parsers();
    let (entities, report) = csv_set(
        [
            "cons_prim.csv",
            "cons_alt.csv",
            "cons_add.csv",
            "cons_comments.csv",
        ],
        "OFAC Non-SDN",
    );
    assert_eq!(entities.len(), f.non_sdn_csv_entities);
    assert!(report.skipped.is_empty());
    assert!(
        !report.notes.iter().any(|n| n.contains("no primary row")),
        "{:#?}",
        report.notes
    );
    // The weak aliases of consolidated.xml are the names found in the remarks.
    assert_eq!(names(&entities, NameKind::Weak), f.consolidated_weak);
    assert_eq!(names(&entities, NameKind::Weak), f.non_sdn_csv_weak);
    assert_eq!(
        names(&entities, NameKind::Alias) + names(&entities, NameKind::Former),
        f.non_sdn_csv_strong
    );
    assert!(entities.iter().all(|e| e.lists[0].list == "OFAC Non-SDN"));
}

#[test]
fn the_consolidated_xml_reads_as_its_header_and_the_manifest_say() {
    let f = figures();
    let p = parsers();
    let path = shipped("ofac/consolidated.xml");
    let n = f.ofac_consolidated_xml_entities as usize;
    // The count the manifest records is the header's and the figure's.
    let description = manifest_description("ofac/consolidated.xml");
    assert!(
        description.contains(&format!("Record_Count {n}")),
        "{description}"
    );
    assert_eq!(
        ofac_xml::publish_info(&path).expect("the header"),
        (Some(p.consolidated_publish_date.to_string()), Some(n))
    );

    let label = "ofac/consolidated.xml";
    let mut report = ParseReport::new(label);
    let entities = ofac_xml::parse(&path, "OFAC Consolidated", label, &mut report).unwrap();
    assert_eq!((entities.len(), report.records), (n, n));
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert_unique_ids(&entities);
    let (orgs, persons) = (p.consolidated_organizations, p.consolidated_persons);
    assert_eq!(
        (
            count(&entities, |e| e.schema == Schema::Organization),
            count(&entities, |e| e.schema == Schema::Person)
        ),
        (orgs, persons)
    );
    for note in [
        format!("Record_Count {n} matches the {n} sdnEntry elements read"),
        format!("{n} entities: {orgs} organization, {persons} person"),
    ] {
        assert!(report.notes.contains(&note), "{note}: {:?}", report.notes);
    }
    assert_eq!(names(&entities, NameKind::Primary), n);
    assert_eq!(
        names(&entities, NameKind::Weak),
        p.consolidated_weak,
        "every <category>weak</category>"
    );
    assert_eq!(
        names(&entities, NameKind::Alias)
            + names(&entities, NameKind::Former)
            + names(&entities, NameKind::Weak),
        p.consolidated_akas
    );
    let identifiers: usize = entities.iter().map(|e| e.identifiers.len()).sum();
    assert_eq!(identifiers, p.consolidated_identifiers);
    assert_eq!(
        count(&entities, |e| e.gender.is_some()),
        p.consolidated_genders
    );
    let dates: Vec<_> = entities.iter().flat_map(|e| &e.birth_dates).collect();
    assert_eq!(dates.len(), p.consolidated_birth_dates);
    assert!(
        dates.iter().all(|d| d.from.is_some()),
        "every DOB in the file is understood"
    );
    assert!(entities.iter().all(|e| !e.caption().is_empty()));
    assert!(
        entities
            .iter()
            .all(|e| e.lists.len() == 1 && !e.lists[0].programs.is_empty())
    );
}

#[test]
fn the_un_list_reads_every_entry() {
    let f = figures();
    let label = "un/UN_consolidated.xml";
    let mut report = ParseReport::new(label);
    let entities = un::parse(&shipped(label), label, &mut report).expect("the UN list parses");
    assert_eq!(
        (
            count(&entities, |e| e.schema == Schema::Person) as u64,
            count(&entities, |e| e.schema == Schema::Organization) as u64
        ),
        (f.un_persons, f.un_organizations)
    );
    assert_eq!(report.records as u64, f.un_entities);
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert_eq!(report.notes[0], parsers().un_note);
    assert_unique_ids(&entities);
    assert!(
        entities
            .iter()
            .all(|e| !e.caption().is_empty() && e.entity_version.len() == 16)
    );
    let kim = get(&entities, "un:KPi.066");
    assert_eq!(kim.names[0].family.as_deref(), Some("KIM"));
    let mid = get(&entities, "un:KPe.028");
    assert!(
        mid.names
            .iter()
            .any(|n| n.kind == NameKind::Alias && n.full == "MID")
    );
}

fn korean_list() -> (Vec<Entity>, ParseReport) {
    let label = "kr/designations.csv";
    let mut report = ParseReport::new(label);
    let entities = kr::parse(&shipped(label), label, &mut report).expect("the Korean list parses");
    (entities, report)
}

#[test]
fn the_korean_list_reads_without_skips_and_every_row_is_complete() {
    let f = parsers();
    let (entities, report) = korean_list();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert_eq!(report.records, entities.len());
    assert_eq!(entities.len(), f.kr_entities);
    assert!(entities.len() as u64 > figures().kr_entities_over);
    // Only the count note: no date or id warnings.
    assert_eq!(report.notes, [f.kr_note]);
    assert_unique_ids(&entities);
    for e in &entities {
        assert!(e.id.starts_with("kr:"));
        assert!(!e.caption().is_empty());
        assert_eq!(e.lists.len(), 1);
        assert_eq!(e.lists[0].list, kr::LIST_NAME);
        assert_eq!(e.lists[0].programs.len(), 1, "{} has a round", e.id);
        assert!(e.lists[0].listed_on.is_some(), "{} has a date", e.id);
        assert!(!e.source_urls.is_empty(), "{} has sources", e.id);
        assert!(!e.entity_version.is_empty());
        // Every spelling other than the Hangul primary carries its source tag.
        for n in &e.names {
            if n.kind != NameKind::Primary || n.script != "hangul" {
                assert!(
                    n.origin.is_some(),
                    "{}: `{}` has no source tag",
                    e.id,
                    n.full
                );
            }
        }
    }
}

#[test]
fn korean_ids_are_numbered_from_01_within_each_round() {
    let (entities, _) = korean_list();
    let mut rounds: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for e in &entities {
        let id = &e.id["kr:".len()..];
        let (date, number) = id.split_at(8);
        let number = number
            .strip_prefix('-')
            .filter(|n| n.len() == 2)
            .and_then(|n| n.parse().ok());
        assert!(date.bytes().all(|b| b.is_ascii_digit()), "{id}");
        rounds
            .entry(date)
            .or_default()
            .push(number.unwrap_or_else(|| panic!("{id} is not YYYYMMDD-NN")));
    }
    for (date, numbers) in rounds {
        let expected: Vec<u32> = (1..=numbers.len() as u32).collect();
        assert_eq!(numbers, expected, "round {date}");
    }
}

#[test]
fn korean_rounds_hold_the_designations_their_announcements_name() {
    let (entities, _) = korean_list();
    for &(round, schema, expected) in parsers().kr_rounds {
        let n = count(&entities, |e| {
            e.id.starts_with(&format!("kr:{round}-")) && schema.is_none_or(|s| e.schema == s)
        });
        assert_eq!(n, expected, "round {round} {schema:?}");
    }
}
