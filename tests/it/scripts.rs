//! Names in other scripts and in other romanizations, through the real
//! binary: on the shipped lists, and on a small list of names made here.

use crate::util::{bin, json, shipped_index, tempdir};
use std::path::Path;

fn search(index: &Path, query: &str) -> serde_json::Value {
    let out = bin()
        .args(["search", query, "--threshold", "0", "--json", "--index"])
        .arg(index)
        .output()
        .expect("run search");
    json(&out)["results"][0].clone()
}

/// The query's first result is `id`, alerts, and scores below an identical
/// name (a reading or another spelling is not the name itself).
fn assert_found_below_exact(index: &Path, query: &str, id: &str) {
    let t = search(index, query);
    assert_eq!(t["entity_id"], id, "{query}: {t:#}");
    assert_eq!(t["alert"], true, "{query}: {t:#}");
    let score = t["score"].as_f64().unwrap_or(0.0);
    assert!(score < 1.0, "{query}: {t:#}");
}

#[test]
fn other_scripts_reach_the_listed_latin_names() {
    let cases = [
        // Osama bin Laden (OFAC 6365) in Arabic script and in Cyrillic.
        ("أسامة بن لادن", "ofac:6365"),
        ("Усама бен Ладен", "ofac:6365"),
        // Kim Jong Un (OFAC 20157) in Hanja and in katakana.
        ("金正恩", "ofac:20157"),
        ("キム・ジョンウン", "ofac:20157"),
        // RI Pyong Chol (OFAC 23215): Hanja beyond the Korean table, read
        // through Unihan's kHangul (李炳哲 -> 리병철).
        ("李炳哲", "ofac:23215"),
    ];
    for (query, id) in cases {
        assert_found_below_exact(shipped_index(), query, id);
    }
}

/// A lists folder with an OFAC SDN file of these (number, name) rows.
fn sdn_lists(rows: &[(u32, &str)]) -> tempfile::TempDir {
    let lists = tempdir();
    std::fs::create_dir(lists.path().join("ofac")).expect("lists/ofac");
    let csv: String = rows
        .iter()
        .map(|(n, name)| {
            format!(
                "{n},\"{name}\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0-\n"
            )
        })
        .collect();
    std::fs::write(lists.path().join("ofac/sdn.csv"), csv).expect("write sdn.csv");
    lists
}

fn build(lists: &Path) -> tempfile::TempDir {
    let index = tempdir();
    let out = bin()
        .args(["build", "--quiet", "--lists"])
        .arg(lists)
        .arg("--index")
        .arg(index.path())
        .output()
        .expect("run build");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    index
}

#[test]
fn romanizations_of_one_name_alert_below_an_identical_name() {
    let lists = sdn_lists(&[
        (1, "MAO, Zedong"),
        (2, "HUSSEIN, Saddam"),
        (3, "ABDUL AZIZ, Ahmed"),
        (4, "IVANOV, Alexander"),
        (5, "ALI, Mohammed"),
        (6, "LI, Bingzhe"),
        (7, "KHODORKOVSKY, Mikhail"),
    ]);
    let index = build(lists.path());
    let cases = [
        ("Mao Tse-tung", "ofac:1"),
        ("毛泽东", "ofac:1"),
        ("Saddam Husayn", "ofac:2"),
        ("Saddam Hosein", "ofac:2"),
        ("Abd al Aziz Ahmad", "ofac:3"),
        ("Abdel Aziz Ahmed", "ofac:3"),
        ("Aleksandr Ivanov", "ofac:4"),
        ("Aly Muhammad", "ofac:5"),
        ("Mohamed Ali", "ofac:5"),
        ("李炳哲", "ofac:6"),
        ("Mihail Hodorkovskiy", "ofac:7"),
    ];
    for (query, id) in cases {
        assert_found_below_exact(index.path(), query, id);
    }
}

#[test]
fn names_the_tables_tell_apart_do_not_alert() {
    let lists = sdn_lists(&[(2, "HUSSEIN, Saddam"), (8, "MUHAMMAD, Ahmad")]);
    let index = build(lists.path());
    for (query, id) in [("Saddam Hassan", "ofac:2"), ("Mahmoud Ahmad", "ofac:8")] {
        let t = search(index.path(), query);
        if t["entity_id"] == id {
            assert_eq!(t["alert"], false, "{query}: {t:#}");
        }
    }
}
