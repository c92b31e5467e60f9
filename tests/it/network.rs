//! DPRK networks end to end: the real binary builds the shipped lists with the
//! shipped registry of state bodies, then `network`, `show`, `search` and
//! `screen` show the relations it resolved.

use crate::snapshot::figures;
use crate::util::{json, run_on_shipped, shipped_build_report, tempdir};
use serde_json::Value;
use std::collections::HashSet;
use std::io::Write;

fn ids(view: &Value) -> HashSet<String> {
    view["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_string())
        .collect()
}

fn has_edge(view: &Value, from: &str, to: &str, relation: &str) -> bool {
    view["edges"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["from"] == from && e["to"] == to && e["relation"] == relation)
}

#[test]
fn munitions_industry_department_network_spans_all_three_lists() {
    let view = json(&run_on_shipped(&[
        "network",
        "un:KPe.028",
        "--depth",
        "2",
        "--format",
        "json",
    ]));
    assert_eq!(view["center"], "un:KPe.028");
    let nodes = ids(&view);
    // Its sources: every list contributes fronts or people.
    let sources: HashSet<&str> = view["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|n| n["sources"].as_array().unwrap())
        .filter_map(Value::as_str)
        .collect();
    for s in ["un", "ofac", "kr"] {
        assert!(sources.contains(s), "no {s} node in {sources:?}");
    }
    // The OFAC record of the same department, joined by the registry.
    assert!(has_edge(&view, "ofac:12214", "un:KPe.028", "same_as"));
    // The UN says the Second Economic Committee is subordinate to the MID, in
    // the MID's own record: the relation is turned round.
    assert!(has_edge(
        &view,
        "un:KPe.032",
        "un:KPe.028",
        "subordinate_to"
    ));
    // The Korean list: Tongmyong Technology Trade Company under the MID,
    // and the members of General Bureau 313, a bureau of the MID.
    assert!(has_edge(
        &view,
        "kr:20230523-02",
        "un:KPe.028",
        "subordinate_to"
    ));
    assert!(has_edge(
        &view,
        "dprk:general-bureau-313",
        "un:KPe.028",
        "subordinate_to"
    ));
    assert!(has_edge(
        &view,
        "kr:20241226-01",
        "dprk:general-bureau-313",
        "member_of"
    ));
    // OFAC's Linked To: MUNITIONS INDUSTRY DEPARTMENT.
    assert!(has_edge(&view, "ofac:26852", "un:KPe.028", "linked_to"));
    // Depth 2 reaches what hangs off those: Tongmyong's member 김효동.
    assert!(nodes.contains("kr:20230523-08"), "{nodes:?}");
    for e in view["edges"].as_array().unwrap() {
        assert!(
            !e["evidence"].as_str().unwrap_or("").trim().is_empty(),
            "edge without evidence: {e}"
        );
        assert!(nodes.contains(e["from"].as_str().unwrap()));
        assert!(nodes.contains(e["to"].as_str().unwrap()));
        for field in ["relation", "source", "method"] {
            assert!(e[field].is_string(), "{field} missing in {e}");
        }
    }
    for n in view["nodes"].as_array().unwrap() {
        for field in ["id", "name", "schema"] {
            assert!(n[field].is_string(), "{field} missing in {n}");
        }
        assert!(n["sources"].is_array());
    }
    // Depth 1 is a strict part of depth 2.
    let near = json(&run_on_shipped(&[
        "network",
        "un:KPe.028",
        "--depth",
        "1",
        "--format",
        "json",
    ]));
    let near = ids(&near);
    assert!(near.is_subset(&nodes) && near.len() < nodes.len());
    assert!(!near.contains("kr:20230523-08"));
}

#[test]
fn komid_network_holds_the_entities_linked_to_it() {
    let view = json(&run_on_shipped(&[
        "network",
        "ofac:9345",
        "--format",
        "json",
    ]));
    let linked: Vec<&Value> = view["edges"]
        .as_array()
        .unwrap()
        .iter()
        // KOMID is a row of lists/dprk/bodies.csv: its UN and OFAC entries
        // are one node, the first listed (un:KPe.001), as for the MID.
        .filter(|e| e["to"] == "un:KPe.001" && e["relation"] == "linked_to")
        .collect();
    assert!(linked.len() >= 5, "{linked:?}");
    assert!(
        linked
            .iter()
            .all(|e| e["evidence"].as_str().unwrap().contains("KOREA MINING"))
    );
    // The UN record of KOMID is the same organisation.
    assert!(has_edge(&view, "ofac:9345", "un:KPe.001", "same_as"));
    // The Korean list's 박영한 (affiliation "Beijing New Technology; KOMID").
    assert!(has_edge(&view, "kr:20231227-02", "un:KPe.001", "member_of"));
}

#[test]
fn screening_tongmyong_names_the_munitions_industry_department() {
    let out = json(&run_on_shipped(&[
        "search",
        "Tongmyong Technology Trade Company",
        "--json",
    ]));
    let top = &out["results"][0];
    assert_eq!(top["entity_id"], "kr:20230523-02");
    assert_eq!(top["alert"], true);
    let networks = top["networks"].as_array().expect("networks");
    assert_eq!(networks[0]["id"], "un:KPe.028");
    assert_eq!(networks[0]["name"], "MUNITIONS INDUSTRY DEPARTMENT");
    assert_eq!(networks[0]["body"], "munitions-industry-department");
    assert_eq!(
        networks[0]["path"],
        serde_json::json!(["kr:20230523-02", "un:KPe.028"])
    );

    // The same in a payroll run, JSONL and CSV.
    let dir = tempdir();
    let input = dir.path().join("payees.csv");
    let mut f = std::fs::File::create(&input).unwrap();
    writeln!(
        f,
        "id,name\np1,Tongmyong Technology Trade Company\np2,Jane Doe"
    )
    .unwrap();
    drop(f);
    for (format, needle) in [
        ("jsonl", "\"networks\":[{\"id\":\"un:KPe.028\""),
        ("csv", "un:KPe.028 MUNITIONS INDUSTRY DEPARTMENT"),
    ] {
        let out = run_on_shipped(&["screen", input.to_str().unwrap(), "--format", format]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains(needle), "{format}: {text}");
    }
}

#[test]
fn a_member_of_general_bureau_313_belongs_to_both_networks() {
    let out = json(&run_on_shipped(&["search", "박흥룡", "--json"]));
    let top = &out["results"][0];
    assert_eq!(top["entity_id"], "kr:20241226-01");
    let bodies: Vec<&str> = top["networks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["body"].as_str().unwrap())
        .collect();
    assert!(bodies.contains(&"general-bureau-313"), "{bodies:?}");
    assert!(
        bodies.contains(&"munitions-industry-department"),
        "{bodies:?}"
    );
}

#[test]
fn an_unrelated_name_has_no_network() {
    let out = json(&run_on_shipped(&["search", "Vladimir Putin", "--json"]));
    let top = &out["results"][0];
    assert!(top["networks"].is_null(), "{top}");
}

#[test]
fn show_prints_relations_both_ways() {
    let out = run_on_shipped(&["show", "kr:20230523-02"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("subordinate_to -> un:KPe.028  MUNITIONS INDUSTRY DEPARTMENT"),
        "{text}"
    );
    assert!(text.contains("member_of <- kr:20230523-08"), "{text}");
    assert!(text.contains("network: un:KPe.028"), "{text}");
    // The JSON record carries the resolved target.
    let record = json(&run_on_shipped(&["show", "kr:20230523-02", "--json"]));
    assert_eq!(record["relations"][0]["target_id"], "un:KPe.028");
}

#[test]
fn dot_output_names_every_node_and_edge() {
    let out = run_on_shipped(&["network", "ofac:9345", "--format", "dot"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("digraph network {"), "{text}");
    assert!(text.trim_end().ends_with('}'));
    assert!(text.contains("\"ofac:18552\" -> \"un:KPe.001\""), "{text}");
}

#[test]
fn network_by_registry_slug_and_unknown_ids() {
    let view = json(&run_on_shipped(&[
        "network",
        "general-bureau-313",
        "--format",
        "json",
    ]));
    assert_eq!(view["center"], "dprk:general-bureau-313");
    assert!(ids(&view).contains("kr:20241226-14"));
    let out = run_on_shipped(&["network", "un:XXe.999"]);
    assert_eq!(out.status.code(), Some(6));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no entity or state body"));
    let out = run_on_shipped(&["network", "un:KPe.028", "--depth", "9"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn build_reports_relations_per_source() {
    let summary = shipped_build_report();
    let relations = &summary["relations"];
    for source in ["un", "ofac", "kr", "registry"] {
        let c = &relations[source];
        let extracted = c["extracted"].as_u64().unwrap();
        let resolved = c["resolved"].as_u64().unwrap();
        let unresolved = c["unresolved"].as_u64().unwrap();
        let to_itself = c["to_itself"].as_u64().unwrap();
        assert!(extracted > 0, "{source}: {c}");
        assert_eq!(
            extracted,
            resolved + unresolved + to_itself,
            "{source}: {c}"
        );
    }
    // OFAC's Linked To names another SDN entry by its exact primary name.
    let ofac = &relations["ofac"];
    assert!(
        ofac["resolved"].as_u64().unwrap() > figures().ofac_relations_resolved_over,
        "{ofac}"
    );
}
