//! End to end: the real binary builds an index from the shipped lists, then
//! searches, shows, exports and screens.

use crate::snapshot::figures;
use crate::util::{
    bin, json, lists, run_on_shipped, shipped_build_report, shipped_index, stdout, tempdir,
};
use std::path::{Path, PathBuf};

#[test]
fn build_reports_the_expected_entity_counts() {
    let expected = figures();
    let report = shipped_build_report();
    let counts = &report["counts"];
    assert_eq!(counts["un"]["entities"], expected.un_entities);
    assert_eq!(counts["un"]["persons"], expected.un_persons);
    assert_eq!(counts["un"]["organizations"], expected.un_organizations);
    assert_eq!(counts["ofac"]["entities"], expected.ofac_entities);
    assert_eq!(
        counts["ofac"]["on_several_lists"],
        expected.ofac_on_several_lists
    );
    assert_eq!(
        counts["ofac"]["partial_entities"],
        expected.ofac_partial_entities
    );
    assert_eq!(counts["un"]["partial_entities"], 0);
    assert!(counts["kr"]["entities"].as_u64().unwrap() > expected.kr_entities_over);
    // The known defect: alias rows with no primary row are indexed as partial records.
    let notes = report["reports"].to_string();
    assert!(notes.contains("indexed as partial records"), "{notes}");
}

/// `ofac:54764` is in the shipped alt.csv and add.csv but not in the older
/// sdn.csv: a partial record that alerts on its alias and says it is partial.
#[test]
fn a_designation_newer_than_sdn_csv_alerts_as_a_partial_record() {
    let v = json(&run_on_shipped(&[
        "search",
        "KOREA SOBAEKSU UNITED CORPORATION",
        "--json",
    ]));
    let top = &v["results"][0];
    assert_eq!(top["entity_id"], "ofac:54764", "{v:#}");
    assert_eq!(top["alert"], true);
    assert_eq!(top["partial"], true);
    assert_eq!(top["name"], "KOREA SOBAEKSU UNITED CORPORATION");
    assert!(
        v["results"][1].get("partial").is_none(),
        "full records carry no partial field: {v:#}"
    );
    let text = stdout(&run_on_shipped(&[
        "search",
        "KOREA SOBAEKSU UNITED CORPORATION",
    ]));
    assert!(
        text.contains("ALERT ofac:54764") && text.contains("primary record is missing"),
        "{text}"
    );
    let show = json(&run_on_shipped(&["show", "ofac:54764", "--json"]));
    assert_eq!(show["partial"], true);
    assert_eq!(show["lists"][0]["file"], "ofac/alt.csv");
    let text = stdout(&run_on_shipped(&["show", "ofac:54764"]));
    assert!(text.contains("sanctiondb fetch"), "{text}");
}

#[test]
fn search_kim_jong_un_finds_ofac_20157_first() {
    let out = run_on_shipped(&["search", "KIM Jong Un", "--json"]);
    let v = json(&out);
    assert_eq!(v["results"][0]["entity_id"], "ofac:20157", "{v:#}");
    assert!(v["results"][0]["score"].as_f64().unwrap() >= 0.99);
    assert_eq!(v["results"][0]["alert"], true);
}

#[test]
fn search_filters_by_schema_and_source() {
    let v = json(&run_on_shipped(&[
        "search",
        "KIM Jong Un",
        "--json",
        "--source",
        "un",
    ]));
    for r in v["results"].as_array().unwrap() {
        assert!(
            r["sources"].as_array().unwrap().contains(&"un".into()),
            "{r}"
        );
    }
    let v = json(&run_on_shipped(&[
        "search",
        "Munitions Industry Department",
        "--json",
        "--schema",
        "person",
    ]));
    for r in v["results"].as_array().unwrap() {
        assert_eq!(r["schema"], "person");
    }
}

#[test]
fn show_munitions_industry_department_lists_its_aliases() {
    let out = run_on_shipped(&["show", "un:KPe.028"]);
    assert!(out.status.success());
    let text = stdout(&out);
    for alias in [
        "MUNITIONS INDUSTRY DEPARTMENT",
        "MID",
        "Military Supplies Industry Department",
        "Machine Industry Department",
    ] {
        assert!(
            text.to_lowercase().contains(&alias.to_lowercase()),
            "{alias} missing in:\n{text}"
        );
    }
    let v = json(&run_on_shipped(&["show", "un:KPe.028", "--json"]));
    assert_eq!(v["id"], "un:KPe.028");
    assert_eq!(v["schema"], "organization");
}

#[test]
fn show_unknown_id_exits_6_with_a_hint() {
    let out = run_on_shipped(&["show", "ofac:999999999"]);
    assert_eq!(out.status.code(), Some(6));
    assert!(String::from_utf8_lossy(&out.stderr).contains("search"));
}

#[test]
fn show_suggests_the_id_with_its_source_prefix() {
    for given in ["KPe.028", "UN:KPe.028"] {
        let out = run_on_shipped(&["show", given]);
        assert_eq!(out.status.code(), Some(6), "{given}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("did you mean un:KPe.028?"), "{given}: {err}");
    }
}

#[test]
fn export_writes_one_entity_per_line() {
    let out = run_on_shipped(&["export", "--source", "un", "--format", "jsonl"]);
    assert!(out.status.success());
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len() as u64, figures().un_entities);
    for l in &lines {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        assert!(v["id"].as_str().unwrap().starts_with("un:"));
        assert!(!v["names"].as_array().unwrap().is_empty());
        assert!(v["sources"].as_array().unwrap().contains(&"un".into()));
        assert!(v["schema"].is_string());
    }
}

#[test]
fn export_to_a_reader_that_goes_away_ends_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = bin()
        .args(["export", "--format", "jsonl", "--index"])
        .arg(shipped_index())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one line's worth, as `| head -1` would, and close the pipe.
    let mut first = [0u8; 256];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_limit_outside_1_to_100_or_0_threads_is_a_usage_error() {
    for cmd in [&["search", "Kim"][..], &["screen", "-"][..]] {
        for bad in ["0", "101", "ten"] {
            let mut args = cmd.to_vec();
            args.extend(["--limit", bad]);
            let out = run_on_shipped(&args);
            assert_eq!(out.status.code(), Some(2), "{args:?}");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains("give a whole number from 1 to 100"), "{err}");
        }
    }
    assert!(
        run_on_shipped(&["search", "Kim", "--limit", "100"])
            .status
            .success()
    );
}

#[test]
fn the_screen_summary_counts_in_words() {
    let dir = tempdir();
    let payroll = dir.path().join("one.csv");
    std::fs::write(&payroll, "id,name\n1,KIM Jong Un\n").unwrap();
    let out = bin()
        .arg("screen")
        .arg(&payroll)
        .arg("--index")
        .arg(shipped_index())
        .arg("--audit-log")
        .arg(dir.path().join("audit.jsonl"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("screened 1 of 1 row in"), "{err}");
    assert!(err.contains(" on 1 row,"), "{err}");
}

fn write_csv(name: &str, body: &[u8]) -> PathBuf {
    let dir = shipped_index()
        .parent()
        .unwrap()
        .join(format!("screen-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, body).unwrap();
    p
}

#[test]
fn screen_jsonl_keeps_input_order_and_reports_bad_rows() {
    let mut body = b"id,name,dob,country\n".to_vec();
    body.extend_from_slice(b"p1,Jane Ordinary,,\n");
    body.extend_from_slice(b"p2,\"KIM, Jong Un\",1984-01-08,KP\n");
    body.extend_from_slice(b"p3,,,\n");
    body.extend_from_slice(b"p4,\xff\xfe bad bytes,,\n");
    body.extend_from_slice(b"p5,Korea Mining Development Trading Corporation,,\n");
    let input = write_csv("payroll.csv", &body);
    let out = run_on_shipped(&[
        "screen",
        input.to_str().unwrap(),
        "--format",
        "jsonl",
        "--quiet",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 5, "one object per input row");
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["p1", "p2", "p3", "p4", "p5"]);
    assert_eq!(rows[0]["matches"].as_array().unwrap().len(), 0);
    assert_eq!(rows[1]["matches"][0]["entity_id"], "ofac:20157");
    assert!(
        rows[1]["matches"][0]["entity_version"]
            .as_str()
            .unwrap()
            .len()
            == 16
    );
    assert!(rows[2]["error"].as_str().unwrap().contains("empty name"));
    assert!(rows[3]["error"].as_str().unwrap().contains("UTF-8"));
    assert!(
        rows[4]["matches"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["entity_id"] == "un:KPe.001"),
        "{}",
        rows[4]
    );
}

#[test]
fn screen_csv_writes_one_row_per_alert_with_safe_cells() {
    let input = write_csv(
        "alerts.csv",
        b"payee,full_name\nx1,\"KIM, Jong Un\"\nx2,=cmd|' /C calc'!A0\nx3,Nobody Special\n",
    );
    let out = run_on_shipped(&[
        "screen",
        input.to_str().unwrap(),
        "--format",
        "csv",
        "--id-column",
        "payee",
        "--name-column",
        "full_name",
        "--quiet",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    for col in [
        "payee_id",
        "payee_name",
        "entity_id",
        "entity_version",
        "score",
        "matched_name",
        "entity_name",
        "sources",
    ] {
        assert!(
            header.split(',').any(|h| h == col),
            "{col} missing from {header}"
        );
    }
    let rows: Vec<&str> = lines.collect();
    assert!(
        rows.iter()
            .any(|r| r.starts_with("x1,") && r.contains("ofac:20157")),
        "{text}"
    );
    assert!(
        !text.contains("\n=cmd"),
        "formula cell not neutralised: {text}"
    );
}

#[test]
fn screen_without_the_name_column_exits_3_and_names_the_flag() {
    let input = write_csv("noname.csv", b"id,fullname\n1,KIM Jong Un\n");
    let out = run_on_shipped(&["screen", input.to_str().unwrap(), "--quiet"]);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--name-column"), "{err}");
}

#[test]
fn commands_on_a_missing_index_exit_4_and_say_how_to_build() {
    let dir = tempdir();
    let out = bin()
        .args(["search", "x", "--index"])
        .arg(dir.path().join("nothing"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).contains("sanctiondb build"));
}

#[test]
fn a_broken_list_fails_the_build_and_keeps_the_old_index() {
    let lists_copy = tempdir();
    let un = lists_copy.path().join("un");
    std::fs::create_dir_all(&un).unwrap();
    let full = std::fs::read(lists().join("un/UN_consolidated.xml")).unwrap();
    std::fs::write(un.join("UN_consolidated.xml"), &full).unwrap();
    let idx = tempdir();
    let build = |lists: &Path| {
        bin()
            .args(["build", "--quiet", "--lists"])
            .arg(lists)
            .arg("--index")
            .arg(idx.path())
            .output()
            .unwrap()
    };
    assert!(build(lists_copy.path()).status.success());
    let before = std::fs::read_to_string(idx.path().join("CURRENT")).unwrap();
    // Truncate the list mid-record.
    std::fs::write(un.join("UN_consolidated.xml"), &full[..full.len() / 2]).unwrap();
    let out = build(lists_copy.path());
    assert_eq!(out.status.code(), Some(5));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("UN_consolidated.xml") && err.contains("byte"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(idx.path().join("CURRENT")).unwrap(),
        before
    );
    let out = bin()
        .args(["search", "KIM Jong Sik", "--json", "--index"])
        .arg(idx.path())
        .output()
        .unwrap();
    assert_eq!(json(&out)["results"][0]["entity_id"], "un:KPi.066");
}

#[test]
fn a_damaged_index_is_refused_with_a_rebuild_hint() {
    let lists_copy = tempdir();
    let un = lists_copy.path().join("un");
    std::fs::create_dir_all(&un).unwrap();
    std::fs::copy(
        lists().join("un/UN_consolidated.xml"),
        un.join("UN_consolidated.xml"),
    )
    .unwrap();
    let idx = tempdir();
    let ok = bin()
        .args(["build", "--quiet", "--lists"])
        .arg(lists_copy.path())
        .arg("--index")
        .arg(idx.path())
        .status()
        .unwrap();
    assert!(ok.success());
    let generation = std::fs::read_to_string(idx.path().join("CURRENT")).unwrap();
    let names = idx.path().join(generation.trim()).join("names.json");
    let mut bytes = std::fs::read(&names).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x20;
    std::fs::write(&names, bytes).unwrap();
    let out = bin()
        .args(["search", "x", "--index"])
        .arg(idx.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("names.json") && err.contains("sanctiondb build"),
        "{err}"
    );
}

#[test]
fn an_index_of_another_format_version_is_refused_with_a_rebuild_hint() {
    let lists_copy = tempdir();
    let kr = lists_copy.path().join("kr");
    std::fs::create_dir_all(&kr).unwrap();
    std::fs::copy(
        lists().join("kr/designations.csv"),
        kr.join("designations.csv"),
    )
    .unwrap();
    let idx = tempdir();
    let ok = bin()
        .args(["build", "--quiet", "--lists"])
        .arg(lists_copy.path())
        .arg("--index")
        .arg(idx.path())
        .status()
        .unwrap();
    assert!(ok.success());
    let generation = std::fs::read_to_string(idx.path().join("CURRENT")).unwrap();
    let meta_path = idx.path().join(generation.trim()).join("meta.json");
    let meta = std::fs::read_to_string(&meta_path).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&meta).unwrap();
    v["format_version"] = 999.into();
    std::fs::write(&meta_path, v.to_string()).unwrap();
    let out = bin()
        .args(["search", "x", "--index"])
        .arg(idx.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("format version 999") && err.contains("sanctiondb build"),
        "{err}"
    );
}

#[test]
fn a_dropped_in_sdn_xml_replaces_the_sdn_csv_set() {
    let lists_copy = tempdir();
    let ofac = lists_copy.path().join("ofac");
    std::fs::create_dir_all(&ofac).unwrap();
    for f in ["sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"] {
        std::fs::copy(lists().join("ofac").join(f), ofac.join(f)).unwrap();
    }
    // An sdnList XML (the shipped non-SDN file has that format) named SDN.XML.
    std::fs::copy(lists().join("ofac/consolidated.xml"), ofac.join("SDN.XML")).unwrap();
    let idx = tempdir();
    let out = bin()
        .args(["build", "--quiet", "--json", "--lists"])
        .arg(lists_copy.path())
        .arg("--index")
        .arg(idx.path())
        .output()
        .unwrap();
    let report = json(&out);
    assert_eq!(
        report["counts"]["ofac"]["entities"],
        figures().ofac_consolidated_xml_entities,
        "{report:#}"
    );
    let files: Vec<&str> = report["lists"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["ofac/SDN.XML"]);
}
