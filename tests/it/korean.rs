//! Korean-aware matching through the real binary on the shipped lists.

use crate::util::{bin, shipped_index};

fn search(args: &[&str]) -> serde_json::Value {
    let out = bin()
        .arg("search")
        .args(args)
        .args(["--json", "--index"])
        .arg(shipped_index())
        .output()
        .expect("run search");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn top(query: &str) -> serde_json::Value {
    search(&[query])["results"][0].clone()
}

#[test]
fn every_spelling_of_kim_jong_un_finds_him_first_and_alerts() {
    for q in [
        "김정은",
        "KIM Jong Un",
        "Kim Jeong-eun",
        "Gim Jeong Eun",
        "Kim Cho'ng-un",
        "Kimjongun",
        "Jong Un Kim",
    ] {
        let t = top(q);
        assert_eq!(t["entity_id"], "ofac:20157", "{q}: {t:#}");
        assert_eq!(t["alert"], true, "{q}: {t:#}");
    }
}

#[test]
fn hangul_query_explains_the_romanization_that_matched() {
    let t = top("김정은");
    let reading = t["explanation"]["reading"].as_str().unwrap_or_default();
    assert!(reading.contains("Kim Jong Un"), "{t:#}");
    assert_eq!(t["explanation"]["method"], "korean");
}

#[test]
fn kim_jong_nam_does_not_alert_on_kim_jong_un() {
    let v = search(&["Kim Jong Nam", "--threshold", "0"]);
    for r in v["results"].as_array().unwrap() {
        if r["entity_id"] == "ofac:20157" {
            assert_eq!(r["alert"], false, "{r:#}");
        }
    }
}

#[test]
fn a_reordered_given_name_is_another_person() {
    let v = search(&["Kim Un Jong", "--threshold", "0"]);
    for r in v["results"].as_array().unwrap() {
        if r["entity_id"] == "ofac:20157" {
            assert_eq!(r["alert"], false, "{r:#}");
        }
    }
}

#[test]
fn ri_pyong_chol_in_hangul_and_southern_spelling() {
    for q in ["리병철", "이병철", "Lee Byung Chul", "Ri Pyo'ng-ch'o'l"] {
        let t = top(q);
        let name = t["name"].as_str().unwrap().to_lowercase();
        assert!(
            name.contains("pyong") && name.starts_with("ri"),
            "{q}: {t:#}"
        );
        assert_eq!(t["alert"], true, "{q}: {t:#}");
    }
}

#[test]
fn dprk_organisations_meet_across_hangul_transliteration_and_translation() {
    let t = top("군수공업부");
    assert_eq!(
        t["name"].as_str().unwrap().to_uppercase(),
        "MUNITIONS INDUSTRY DEPARTMENT",
        "{t:#}"
    );
    for q in ["조선련봉총회사", "Chosun Ryonbong General Corp"] {
        let t = top(q);
        assert!(
            t["name"].as_str().unwrap().contains("RYONBONG"),
            "{q}: {t:#}"
        );
        assert_eq!(t["alert"], true);
    }
}

#[test]
fn korean_list_designations_by_hangul_and_by_romanization() {
    for q in ["박흥룡", "Pak Hung-ryong", "Park Heung Ryong"] {
        assert_eq!(top(q)["entity_id"], "kr:20241226-01", "{q}");
    }
}

#[test]
fn date_of_birth_and_country_are_explained_evidence() {
    let agree = top_with(&["KIM Jong Un", "--dob", "1984-01-08", "--country", "KP"]);
    let notes = agree["explanation"]["notes"].to_string();
    assert!(
        notes.contains("date of birth agrees") && notes.contains("country agrees"),
        "{notes}"
    );
    let conflict = top_with(&["KIM Jong Un", "--dob", "1950"]);
    assert!(conflict["score"].as_f64().unwrap() < agree["score"].as_f64().unwrap());
    assert!(
        conflict["explanation"]["notes"]
            .to_string()
            .contains("conflicts")
    );
}

fn top_with(args: &[&str]) -> serde_json::Value {
    search(args)["results"][0].clone()
}

#[test]
fn weak_aliases_can_be_made_confirmation_only() {
    // OFAC lists "HOTEL SIN PK2" as a weak alias of ofac:10004.
    let reduced = top("HOTEL SIN PK2");
    assert_eq!(reduced["entity_id"], "ofac:10004");
    assert_eq!(reduced["explanation"]["name_kind"], "weak");
    assert!(reduced["score"].as_f64().unwrap() < 1.0);
    let v = search(&["HOTEL SIN PK2", "--weak-aliases", "confirm-only"]);
    for r in v["results"].as_array().unwrap() {
        assert_ne!(r["explanation"]["name_kind"], "weak", "{r:#}");
    }
}

#[test]
fn a_dutch_jong_is_not_read_as_korean() {
    let v = search(&["Jan de Jong", "--threshold", "0"]);
    for r in v["results"].as_array().unwrap() {
        assert_ne!(r["explanation"]["method"], "korean", "{r:#}");
    }
}
