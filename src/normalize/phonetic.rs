//! A sound key for name parts no spelling table covers: the consonant
//! skeleton.
//!
//! Why a skeleton: Arabic script writes no short vowels, and Arabic,
//! Persian, Russian and Chinese names reach Latin letters through many
//! romanizations that disagree mostly on vowels and on how a consonant is
//! spelt (`Husayn` / `Hussein` / `Hosein`, `Usama` / `Osama`, `Laden` /
//! `Ladin`, أسامة read letter by letter as `asama`). Keeping the consonants
//! only, each reduced to a class, meets all of them. Consonant-skeleton keys
//! are the classic approach to Semitic names (the "skeleton" of a root; see
//! also Soundex, which also keeps consonant classes and drops vowels, and
//! Beider-Morse's language rules). Double Metaphone (the `rphonetic`
//! crate) was considered: it is built for English spelling and keeps the
//! first vowel, so `Usama` and `Osama` or `Abdul` and `Abd` would differ,
//! and it has no notion of a text whose vowels are unwritten; the skeleton
//! is a dozen lines and treats both sides alike.
//!
//! A sound key is coarse by design (Hassan and Hussein share one), so it
//! counts only where the name-part table ([`super::name_parts`]) does not
//! know both tokens, and the scorer gives its equality less than an exact
//! or a table equivalence: it alerts only with the rest of the name.
//!
//! The classes, with the letters that stand for one sound across the
//! common romanizations (ALA-LC, BGN/PCGN, French and English usage):
//!
//! | key | spellings |
//! | --- | --- |
//! | `b` | b, p (Arabic has no p) |
//! | `f` | f, ph, v |
//! | `k` | k, c, ck, q (and x, read `ks`) |
//! | `j` | j, g, gh, dj, dzh (ج is `j`, Egyptian `g`; غ `gh`) |
//! | `x` | kh |
//! | `c` | sh, ch, sch, tch, tsch (ش and Russian ш/ч as often written) |
//! | `s` | s, th (ث: Uthman / Osman), ts, tz |
//! | `z` | z, dh, zh (ذ, ظ, ж) |
//! | `l` | l, r (Chinese and Japanese renderings write one for the other) |
//! | `t`, `d`, `h`, `m`, `n` | themselves |
//!
//! Vowels, `y` and `w` are dropped (semi-vowels, written as vowels in one
//! romanization and as consonants in another: `Husayn` / `Hussein`); an `h`
//! at the end of a word is dropped (`Fatimah` / `Fatima`, `Abdallah` /
//! عبدالله); a letter repeated is kept once.

/// The consonant skeleton of a folded token (lower-case ASCII letters),
/// `None` when fewer than two consonant classes remain: one consonant says
/// too little to be a key (`ali` -> `l`).
pub fn skeleton(token: &str) -> Option<String> {
    if !token.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    // An x reads ks in every romanization that writes it (Alexander).
    let spelt = token.replace('x', "ks");
    let b = spelt.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let (class, used) = class_at(b, i);
        i += used;
        let Some(class) = class else { continue };
        if out.last() != Some(&class) {
            out.push(class);
        }
    }
    // A final h is a vowel's length mark in most romanizations.
    if out.last() == Some(&b'h') && b.last() == Some(&b'h') {
        out.pop();
    }
    (out.len() >= 2).then(|| String::from_utf8_lossy(&out).into_owned())
}

/// The class of the letter or digraph at `i`, and how many letters it takes.
fn class_at(b: &[u8], i: usize) -> (Option<u8>, usize) {
    let next = b.get(i + 1).copied();
    let after = b.get(i + 2).copied();
    match (b[i], next, after) {
        (b't', Some(b's'), Some(b'c')) if b.get(i + 3) == Some(&b'h') => (Some(b'c'), 4),
        (b's' | b't', Some(b'c'), Some(b'h')) => (Some(b'c'), 3),
        (b'd', Some(b'z'), Some(b'h')) => (Some(b'j'), 3),
        (b's' | b'c', Some(b'h'), _) => (Some(b'c'), 2),
        (b'k', Some(b'h'), _) => (Some(b'x'), 2),
        (b'g', Some(b'h'), _) => (Some(b'j'), 2),
        (b'd' | b'z', Some(b'h'), _) => (Some(b'z'), 2),
        (b't', Some(b'h'), _) => (Some(b's'), 2),
        (b'p', Some(b'h'), _) => (Some(b'f'), 2),
        (b'd', Some(b'j'), _) => (Some(b'j'), 2),
        (b't', Some(b's' | b'z'), _) => (Some(b's'), 2),
        (b'c', Some(b'k'), _) => (Some(b'k'), 2),
        (c, _, _) => (letter_class(c), 1),
    }
}

fn letter_class(c: u8) -> Option<u8> {
    match c {
        b'a' | b'e' | b'i' | b'o' | b'u' | b'y' | b'w' => None,
        b'p' => Some(b'b'),
        b'v' => Some(b'f'),
        b'c' | b'q' => Some(b'k'),
        b'g' => Some(b'j'),
        b'r' => Some(b'l'),
        other => Some(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn romanizations_of_one_name_share_a_skeleton() {
        let groups: &[&[&str]] = &[
            &["husayn", "hussein", "hosein", "husain", "hsin"],
            &["usama", "osama", "asama"],
            &["laden", "ladin", "ladn"],
            &["mohammed", "muhammad", "mohamed", "mhmd"],
            &["uthman", "othman", "osman"],
            &["khaled", "khalid", "khld"],
            &["abdullah", "abdallah", "abdalla", "abdallh"],
            &["obama", "aobama"],
            &["barack", "beilake"],
            &["alexander", "aleksandr", "aleksander"],
        ];
        for group in groups {
            let keys: Vec<Option<String>> = group.iter().map(|t| skeleton(t)).collect();
            assert!(keys[0].is_some(), "{group:?}");
            assert!(keys.iter().all(|k| *k == keys[0]), "{group:?}: {keys:?}");
        }
    }

    #[test]
    fn different_names_keep_different_skeletons() {
        // Hassan / Hussein or Mahmoud / Muhammad differ only in vowels:
        // the name-part table, not the skeleton, tells those apart.
        let pairs = [("hisham", "hisam"), ("karim", "kamal"), ("khalid", "halid")];
        for (a, b) in pairs {
            assert_ne!(skeleton(a), skeleton(b), "{a} {b}");
        }
    }

    #[test]
    fn one_consonant_is_no_key() {
        assert_eq!(skeleton("ali"), None);
        assert_eq!(skeleton("al"), None);
        assert_eq!(skeleton(""), None);
        assert_eq!(skeleton("mao"), None);
        assert_eq!(skeleton("李"), None);
    }
}
