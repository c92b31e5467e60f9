//! Query normalization and Korean romanization on arbitrary UTF-8: folding and
//! tokens, Hangul/Hanja romanization, Korean name layouts (query and listed),
//! Korean syllable keys and DPRK organisation keys.
//!
//! Asserts (the invariants of `tests/it/properties.rs`, on any string):
//! - `fold` gives lower-case ASCII letters and digits in words separated by
//!   single spaces, and folding twice equals folding once;
//! - `tokens` gives non-empty folded words whose join folds to itself; for
//!   input without Hangul syllables (whose transliterations are never read as
//!   abbreviations), the tokens of the tokens' join are the tokens;
//! - romanizations are ASCII (except McCune-Reischauer proper with its
//!   breves), at most `MAX_ROMANIZATIONS`, with no repeated text;
//! - nothing panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sanctiondb::normalize::{
    fold, hangul, is_hangul_syllable, korean_latin, korean_name, korean_orgs, tokens,
};

fn is_folded(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b' ')
        && !s.starts_with(' ')
        && !s.ends_with(' ')
        && !s.contains("  ")
}

fn check_fold(s: &str) {
    let once = fold(s).into_owned();
    assert!(is_folded(&once), "fold({s:?}) = {once:?}");
    assert_eq!(fold(&once), once.as_str(), "fold twice of {s:?}");
}

fn check_tokens(s: &str) -> Vec<String> {
    let toks = tokens(s);
    for t in &toks {
        assert!(
            !t.is_empty() && !t.contains(' ') && is_folded(t),
            "token {t:?} of {s:?}"
        );
    }
    let joined = toks.join(" ");
    assert_eq!(fold(&joined), joined.as_str(), "join of tokens of {s:?}");
    if !s.chars().any(is_hangul_syllable) {
        assert_eq!(
            tokens(&joined),
            toks,
            "tokens of the join of tokens of {s:?}"
        );
    }
    toks
}

fn check_romanizations(s: &str) {
    let all = hangul::romanize_name(s);
    assert!(
        all.len() <= hangul::MAX_ROMANIZATIONS,
        "{} romanizations of {s:?}",
        all.len()
    );
    for (i, r) in all.iter().enumerate() {
        // McCune-Reischauer proper writes breves (ŏ ŭ); its ASCII forms do not.
        let diacritics = r.system.starts_with("mr")
            && !r.system.contains("ascii")
            && !r.system.contains("plain");
        if !diacritics {
            assert!(r.text.is_ascii(), "{s:?} -> {} {:?}", r.system, r.text);
        }
        assert!(
            !all[..i].iter().any(|o| o.text == r.text),
            "{s:?} romanized twice as {:?}",
            r.text
        );
    }
    for system in hangul::System::ALL {
        if let Some(r) = hangul::romanize_name_in(s, system)
            && system != hangul::System::Mr
        {
            assert!(r.text.is_ascii(), "{s:?} -> {} {:?}", r.system, r.text);
        }
    }
    let _ = hangul::split_name(s);
    let _ = hangul::hanja_to_hangul(s);
    let _ = hangul::family_name_spellings(s);
    let _ = hangul::is_compound_surname(s);
    for c in s.chars().take(8) {
        let _ = hangul::syllable_spellings(c);
        let _ = hangul::systematic_spellings(c);
        let _ = hangul::initial_sound_law_alternatives(c);
        let _ = korean_latin::hangul_syllable_keys(c, true);
    }
}

fn check_korean_names(s: &str, toks: &[String]) {
    let _ = korean_name::query_layouts(s, true);
    let _ = korean_name::query_layouts(s, false);
    let _ = korean_name::reads_as_korean(s);
    let _ = korean_name::from_hangul(s);
    let _ = korean_name::layouts_from_tokens(toks);
    // The list's own family/given split, at a comma as OFAC writes it.
    let (family, given) = s.split_once(',').unwrap_or((s, ""));
    // North Korean listings read given names in the North's spellings.
    for dprk in [false, true] {
        let _ = korean_name::listed_layouts(s, Some(family), Some(given), dprk);
        let _ = korean_name::listed_layouts(s, None, None, dprk);
    }
    let _ = korean_latin::latin_name_keys(s);
    let _ = korean_latin::hangul_name_keys(s);
    if toks.len() <= 8 {
        let _ = korean_latin::is_plausibly_korean(toks);
    }
    for t in toks.iter().take(8) {
        let _ = korean_latin::segment(t);
        let _ = korean_latin::surname_key(t);
        let _ = korean_latin::syllable_key(t);
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    check_fold(s);
    let toks = check_tokens(s);
    check_romanizations(s);
    check_korean_names(s, &toks);
    let _ = korean_orgs::org_keys(s);
    let _ = korean_orgs::is_korean_org_context(s);
});
