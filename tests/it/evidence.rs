//! Date of birth and country as evidence on the shipped lists: a conflicting
//! full date of birth turns a name-only alert into a possible match, kept for
//! review with its reason; agreement raises.

use crate::util::{json, run_on_shipped, tempdir};

fn top(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["search", "--json", "--threshold", "0.5"];
    all.extend_from_slice(args);
    json(&run_on_shipped(&all))["results"][0].clone()
}

#[test]
fn a_conflicting_date_of_birth_makes_an_exact_name_a_possible_match() {
    // OFAC lists "HERNANDEZ, Ivan" (ofac:26397) born 18 May 1966.
    let name_only = top(&["Ivan Hernandez"]);
    assert_eq!(name_only["entity_id"], "ofac:26397");
    assert_eq!(name_only["alert"], true);
    assert!(name_only["possible"].is_null(), "{name_only:#}");

    let conflict = top(&["Ivan Hernandez", "--dob", "1990-02-03"]);
    assert_eq!(conflict["entity_id"], "ofac:26397");
    assert_eq!(conflict["alert"], false, "{conflict:#}");
    assert!(conflict["score"].as_f64().unwrap() < 0.8);
    let reason = conflict["possible"].as_str().expect("a reason");
    assert!(reason.contains("date of birth conflicts"), "{reason}");
}

#[test]
fn a_year_only_conflict_lowers_less_and_agreement_raises() {
    let full = top(&["KIM Jong Un", "--dob", "1950-06-01"]);
    let year = top(&["KIM Jong Un", "--dob", "1950"]);
    let agree = top(&["KIM Jong Un", "--dob", "1984-01-08"]);
    let score = |v: &serde_json::Value| v["score"].as_f64().unwrap();
    assert!(score(&full) < score(&year), "{full:#} {year:#}");
    assert!(score(&year) < score(&agree));
    assert_eq!(agree["alert"], true);
    assert!(agree["possible"].is_null());
}

#[test]
fn screening_reports_possible_matches_with_their_reason() {
    let dir = tempdir();
    let payroll = dir.path().join("payroll.csv");
    std::fs::write(
        &payroll,
        "id,name,dob\np1,Ivan Hernandez,1990-02-03\np2,Ivan Hernandez,\n",
    )
    .unwrap();
    let out = dir.path().join("out.jsonl");
    let audit = dir.path().join("audit.jsonl");
    let status = run_on_shipped(&[
        "screen",
        payroll.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--audit-log",
        audit.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(status.status.success(), "{status:?}");
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let first = &lines[0]["matches"][0];
    assert_eq!(first["status"], "possible", "{first:#}");
    assert!(first["possible"].as_str().unwrap().contains("conflicts"));
    assert_eq!(lines[1]["matches"][0]["status"], "alert");
    let record: serde_json::Value = serde_json::from_str(
        std::fs::read_to_string(&audit)
            .unwrap()
            .lines()
            .last()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(record["possible"], 1, "{record:#}");
    assert_eq!(record["alerts"], 1);
}
