//! The misses a compliance officer's first tries found, on the shipped
//! lists: letter swaps, joined and split words, initials and short typos
//! alert on the listed name at the alert threshold; near misses that only
//! look alike do not.

use crate::util::{json, run_on_shipped};

/// The results of a search at the alert threshold (0.80).
fn alerts(query: &str) -> Vec<serde_json::Value> {
    let out = run_on_shipped(&["search", query, "--json", "--threshold", "0.8"]);
    json(&out)["results"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn first_alert_is(query: &str, expected: &[&str]) {
    let results = alerts(query);
    let top = results
        .first()
        .unwrap_or_else(|| panic!("{query}: no alert"));
    assert!(
        expected.contains(&top["entity_id"].as_str().unwrap_or("")),
        "{query}: {top:#}"
    );
    assert_eq!(top["alert"], true, "{query}");
}

#[test]
fn a_letter_swap_alerts_at_the_threshold_as_at_zero() {
    // Listed `MOHAMED LAKHAL`; a swap is one edit in the look-up too.
    first_alert_is("MOHAMED LAKAHL", &["un:QDi.062"]);
}

#[test]
fn words_joined_or_split_meet_the_listed_words() {
    first_alert_is("VladimirPutin", &["ofac:35096"]);
    first_alert_is("DandongHongxiang", &["kr:20161202-18", "ofac:20564"]);
    first_alert_is("Volasys Silverstar", &["ofac:24978"]);
    first_alert_is("Abubakr al-Baghdadi", &["ofac:12926", "un:QDi.299"]);
}

#[test]
fn an_initial_meets_the_word_it_begins() {
    first_alert_is("V. Putin", &["ofac:35096"]);
}

#[test]
fn a_typo_in_a_short_given_name_still_finds_the_person_first() {
    first_alert_is("Kim Jong Uun", &["ofac:20157"]);
}

#[test]
fn look_alikes_that_are_other_names_do_not_alert() {
    // Two whole words fuzzed into one listed word (`EMMATEL`).
    let emma = alerts("Emma Patel");
    assert!(
        emma.iter().all(|m| m["matched_name"] != "EMMATEL"),
        "{emma:#?}"
    );
    // A single letter in an organisation's name is not an initial.
    assert!(
        alerts("Modesta Elías").is_empty(),
        "{:#?}",
        alerts("Modesta Elías")
    );
}
