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
