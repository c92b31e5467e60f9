//! Invariants over arbitrary input and over every indexed name.

use crate::util::shipped_index;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use sanctiondb::Database;
use sanctiondb::normalize::{fold, hangul, korean_name, korean_orgs};
use sanctiondb::search::Query;
use std::sync::OnceLock;

/// The shipped index, opened once.
fn index() -> &'static Database {
    static INDEX: OnceLock<Database> = OnceLock::new();
    INDEX.get_or_init(|| Database::open(shipped_index()).expect("open the shipped index"))
}

proptest! {
    // Stored failures sit beside this file (`properties.proptest-regressions`);
    // the default, `SourceParallel`, would look in `tests/proptest-regressions/`
    // now that `tests/it/` holds a `main.rs`.
    #![proptest_config(ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn folding_twice_equals_folding_once(s in "\\PC{0,40}") {
        let once = fold(&s).into_owned();
        prop_assert_eq!(fold(&once).into_owned(), once);
    }

    #[test]
    fn romanizing_any_hangul_gives_ascii(s in "[\u{AC00}-\u{D7A3}]{1,6}") {
        for r in hangul::romanize_name(&s) {
            // McCune-Reischauer proper writes breves (ŏ ŭ); its ASCII forms do not.
            let diacritics = r.system.starts_with("mr")
                && !r.system.contains("ascii")
                && !r.system.contains("plain");
            if !diacritics {
                prop_assert!(r.text.is_ascii(), "{} -> {}", s, r.text);
            }
        }
    }

    /// Pruning never drops a match: the results at a threshold are exactly
    /// those at threshold 0 that reach it, with the same scores, for listed
    /// names with typing mistakes, words joined or swapped, and evidence.
    /// Possible matches (a name that alerts alone, taken below the alert by
    /// its date of birth or country) are also returned under the threshold
    /// their name reaches: those must be found at threshold 0 as well.
    #[test]
    fn results_at_a_threshold_are_those_at_zero_that_reach_it(
        pick in any::<u32>(),
        edits in prop::collection::vec((0u8..5, any::<u16>()), 0..4),
        threshold in prop::sample::select(vec![0.5f32, 0.7, 0.8, 0.9]),
        dob in prop::option::of(1940u16..2000),
        country in prop::option::of(prop::sample::select(vec!["KP", "IR", "RU", "US"])),
    ) {
        let names = &index().table().names;
        let listed = &names[pick as usize % names.len()].text;
        let name = edited(listed, &edits);
        let search = |t: f32| {
            let mut q = Query::new(name.clone());
            q.threshold = t;
            q.limit = 1_000_000;
            q.dob = dob.map(|y| y.to_string());
            q.country = country.map(String::from);
            let mut found: Vec<(String, u64, bool)> = index()
                .search(&q)
                .into_iter()
                .map(|m| (m.entity_id, m.score.to_bits(), m.possible.is_some()))
                .collect();
            found.sort();
            found
        };
        let reaches = |s: u64| f64::from_bits(s) >= f64::from(threshold) - 1e-4;
        let everything = search(0.0);
        let (at_threshold, below): (Vec<_>, Vec<_>) = search(threshold)
            .into_iter()
            .partition(|&(_, s, _)| reaches(s));
        for m in &below {
            prop_assert!(m.2 && everything.contains(m), "{:?} under {}", m, threshold);
        }
        let pairs = |v: Vec<(String, u64, bool)>| -> Vec<(String, u64)> {
            v.into_iter().map(|(id, s, _)| (id, s)).collect()
        };
        let at_zero = pairs(everything.into_iter().filter(|m| reaches(m.1)).collect());
        let at_threshold = pairs(at_threshold);
        let shown = |v: &[(String, u64)]| -> Vec<(String, f64)> {
            v.iter().map(|(id, s)| (id.clone(), f64::from_bits(*s))).collect()
        };
        // Scores are rounded to four decimals: a score within rounding of
        // the threshold may fall on either side of it.
        let near = |v: &[(String, u64)]| -> Vec<(String, u64)> {
            v.iter()
                .filter(|(_, s)| (f64::from_bits(*s) - f64::from(threshold)).abs() > 1e-4)
                .cloned()
                .collect()
        };
        prop_assert_eq!(
            near(&at_threshold),
            near(&at_zero),
            "{:?} (from {:?}) at {}: {:?} vs at 0: {:?}",
            name,
            listed,
            threshold,
            shown(&at_threshold),
            shown(&at_zero)
        );
    }

    #[test]
    fn nothing_panics_on_any_string(s in "\\PC{0,60}") {
        let _ = korean_name::query_layouts(&s, true);
        let _ = korean_orgs::org_keys(&s);
        let mut q = Query::new(s.clone());
        q.dob = Some(s.clone());
        q.country = Some(s);
        let _ = index().search(&q);
    }
}

/// `name` with `edits` applied in turn, each (kind, where): a swap of two
/// neighbouring letters, a letter left out, two words joined, two words
/// swapped, or a word cut to its initial.
fn edited(name: &str, edits: &[(u8, u16)]) -> String {
    let mut chars: Vec<char> = name.chars().collect();
    for &(kind, at) in edits {
        let letters: Vec<usize> = (0..chars.len())
            .filter(|&i| chars[i].is_alphanumeric())
            .collect();
        let spaces: Vec<usize> = (0..chars.len()).filter(|&i| chars[i] == ' ').collect();
        let pick = |v: &[usize]| (!v.is_empty()).then(|| v[at as usize % v.len()]);
        match kind {
            0 => {
                if let Some(i) = pick(&letters).filter(|&i| i + 1 < chars.len()) {
                    chars.swap(i, i + 1);
                }
            }
            1 => {
                if let Some(i) = pick(&letters) {
                    chars.remove(i);
                }
            }
            2 => {
                if let Some(i) = pick(&spaces) {
                    chars.remove(i);
                }
            }
            3 | 4 => {
                let text: String = chars.iter().collect();
                let mut words: Vec<String> = text.split(' ').map(String::from).collect();
                let i = at as usize % words.len();
                if kind == 3 && words.len() > 1 {
                    let next = (i + 1) % words.len();
                    words.swap(i, next);
                } else if let Some(first) = words[i].chars().next() {
                    words[i] = format!("{first}.");
                }
                chars = words.join(" ").chars().collect();
            }
            _ => {}
        }
    }
    chars.into_iter().collect()
}

/// Every indexed name, searched as written, finds its own entity at the top
/// score (names shared by several entities tie).
#[test]
fn every_indexed_name_finds_its_own_entity_first() {
    let index = index();
    let mut failures = Vec::new();
    let mut checked = 0;
    for (i, name) in index.table().names.iter().enumerate() {
        // Every fifth name keeps the test quick; the stride covers every list.
        // Weak aliases are left out: they score below strong names by design,
        // so another entity's strong name may rank above them.
        if i % 5 != 0 || name.kind == sanctiondb::model::NameKind::Weak {
            continue;
        }
        checked += 1;
        let mut q = Query::new(name.text.clone());
        q.threshold = 0.5;
        q.limit = 50;
        let results = index.search(&q);
        let own = &index.table().entities[name.entity as usize].id;
        let top = results.first().map(|m| m.score).unwrap_or(0.0);
        let found = results
            .iter()
            .any(|m| &m.entity_id == own && m.score >= top - 1e-4);
        if !found {
            failures.push(format!(
                "{own} {:?}: top {:?}",
                name.text,
                results.first().map(|m| (&m.entity_id, m.score))
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} names do not find their entity first:\n{}",
        failures.len(),
        failures
            .iter()
            .take(30)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
