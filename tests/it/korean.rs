//! Korean-aware matching through the real binary on the shipped lists.

use crate::util::{bin, json, shipped_index};

fn search(args: &[&str]) -> serde_json::Value {
    let out = bin()
        .arg("search")
        .args(args)
        .args(["--json", "--index"])
        .arg(shipped_index())
        .output()
        .expect("run search");
    json(&out)
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

/// The result for `entity` among a query's results at threshold 0, if any.
fn result_for(query: &str, entity: &str) -> Option<serde_json::Value> {
    let v = search(&[query, "--threshold", "0"]);
    v["results"]
        .as_array()?
        .iter()
        .find(|r| r["entity_id"] == entity)
        .cloned()
}

fn does_not_alert(query: &str, entities: &[&str]) {
    for entity in entities {
        if let Some(r) = result_for(query, entity) {
            assert_eq!(r["alert"], false, "{query} on {entity}: {r:#}");
        }
    }
}

#[test]
fn a_latin_spelling_no_source_gives_for_a_known_hangul_syllable_does_not_match_it() {
    // 영 is never "Ryong" in a second given syllable (that is 룡 or 령,
    // and the initial-sound law reaches only a first syllable): CHO
    // Chun-ryong is 조춘룡, not 조준영.
    does_not_alert("조준영", &["ofac:20577", "un:KPi.038"]);
    // 수 is never "Seo"; 운 is never "Eun" (that is 은).
    does_not_alert("Kim Sungseo", &["kr:20231227-05"]);
    does_not_alert("Lee Sung Eun", &["kr:20230220-01"]);
    // The same names written as their syllables are still found.
    for (q, entity) in [
        ("Kim Seungsu", "kr:20231227-05"),
        ("Lee Sung Un", "kr:20230220-01"),
    ] {
        let r = result_for(q, entity).expect(q);
        assert_eq!(r["alert"], true, "{q}: {r:#}");
    }
}

#[test]
fn a_romanization_scores_below_the_name_as_written_but_alerts() {
    let score = |q: &str| {
        let r = result_for(q, "ofac:20157").expect(q);
        assert_eq!(r["alert"], true, "{q}: {r:#}");
        r["score"].as_f64().expect("score")
    };
    let identical = score("KIM Jong Un");
    for q in ["Kim Jeong-eun", "Gim Jeong Eun", "Kim Cho'ng-un", "김정은"] {
        let s = score(q);
        assert!(s < identical && s >= 0.8, "{q}: {s} vs {identical}");
    }
}

#[test]
fn a_north_korean_listing_is_read_in_the_norths_spellings() {
    // Passports write 서 "Su", the DPRK's lists never do: their Su is 수
    // (RI Su Yong is 리수용).
    does_not_alert("이서영", &["ofac:21735", "un:KPi.052"]);
    does_not_alert("Lee Seo Young", &["ofac:21735", "un:KPi.052"]);
    for q in ["리수용", "이수용", "Lee Soo Yong"] {
        let r = result_for(q, "un:KPi.052").expect(q);
        assert_eq!(r["alert"], true, "{q}: {r:#}");
    }
}

#[test]
fn ri_lee_yi_and_rhee_are_one_family_name() {
    for q in [
        "Ri Pyong Chol",
        "Lee Pyong Chol",
        "Yi Pyong Chol",
        "Rhee Pyong Chol",
        "리병철",
        "이병철",
    ] {
        let r = result_for(q, "ofac:23215").expect(q);
        assert_eq!(r["alert"], true, "{q}: {r:#}");
    }
}

#[test]
fn syllables_never_move_between_family_name_and_given_name() {
    // Read as Su + Ra-kyung, "RA Kyung-Su" would take Seo Nakyung; but
    // its family name is Ra and Kyung-Su is one given name.
    does_not_alert("Seo Nakyung", &["ofac:15656", "un:KPi.008"]);
    let r = result_for("Ra Kyong Su", "ofac:15656").expect("ra kyong su");
    assert_eq!(r["alert"], true, "{r:#}");
}

#[test]
fn a_name_no_romanization_writes_does_not_take_the_korean_path() {
    // john = jun and chen = jun by key, but no source spells a syllable
    // "john": John Chen is not read as Korean, and the weak one-word
    // alias Junjun does not alert on it.
    let v = search(&["John Chen", "--threshold", "0"]);
    for r in v["results"].as_array().unwrap() {
        assert_ne!(r["explanation"]["method"], "korean", "{r:#}");
        if r["entity_id"] == "un:QDi.247" {
            assert_eq!(r["alert"], false, "{r:#}");
        }
    }
}
