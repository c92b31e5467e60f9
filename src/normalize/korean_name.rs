//! A Korean personal name as a family name and a sequence of given-name
//! syllables, each syllable held as the set of canonical keys its spellings
//! fold to ([`super::korean_latin::syllable_key`]).
//!
//! "김정은", "KIM Jong Un", "Kim Jeong-eun", "Gim Jeong Eun", "Kim Cho'ng-un" and
//! "Kimjongun" all become family {kim} + given [{jong}, {un}] (keys shown
//! loosely), so they meet; "Kim Jong Nam" has [{jong}, {nam}] and does not.
//!
//! # When a name is treated as Korean
//!
//! Korean keys are applied only where a name is plausibly Korean, so that a
//! Dutch "de Jong" or a Vietnamese "Kim" is not rewritten blindly:
//!
//! - **Hangul** (or Hanja with a Korean reading): always.
//! - **Listed names**: when the entity is Korean by context (UN `KP`
//!   reference, an OFAC DPRK program, the South Korean list, a North or South
//!   Korean nationality or country) *and* every token of the name parses as
//!   Korean syllables; or, whatever the context, when the name by itself reads
//!   as a Korean name, as a query would ([`reads_as_korean`]).
//! - **Queries in Latin letters**: when every token parses as Korean
//!   syllables and the name looks like a Korean name
//!   ([`super::korean_latin::is_plausibly_korean`]), or when the caller gives a
//!   Korean country as evidence and every token parses.
//!
//! # Which token is the family name
//!
//! Where a list separates family and given names (UN `FIRST_NAME` for DPRK
//! entries, OFAC `SURNAME, Given`, the Korean list's Hangul) that split is
//! used. Otherwise two layouts are kept: family name first (Korean order, the
//! DPRK lists' order) and family name last (Western order, e.g. UN KPi.055's
//! alias "Chang-Su Han"); a single joined token ("Kimjongun") takes its first
//! syllable as the family name. The family name is always a whole written
//! word: a hyphen joins the syllables of a given name, so `Ra Kyung-Su` is
//! read family first only (syllables never move between the two parts).

use super::hangul;
use super::korean_latin as kl;
use serde::{Deserialize, Serialize};

/// One syllable: how it was written and the keys it folds to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Syllable {
    pub text: String,
    pub keys: Vec<String>,
    /// The keys as numbers in one index (see [`KoreanName::intern`]), so that
    /// comparing syllables compares integers; empty until interned.
    #[serde(skip)]
    pub ids: Vec<u32>,
    /// True when `text` is written in Hangul (set by [`KoreanName::intern`]).
    #[serde(skip)]
    pub hangul: bool,
    /// One bit per interned key (bit `id % 64`), so that two syllables
    /// without a key in common are most often told apart without reading
    /// `ids`: no common bit, no common key. Set by [`KoreanName::intern`].
    #[serde(skip)]
    pub id_bits: u64,
}

/// A Korean personal name, family name and given-name syllables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KoreanName {
    pub family: Syllable,
    pub given: Vec<Syllable>,
    /// A North Korean listing's name: its Latin given-name syllables are
    /// written as the DPRK's lists write them
    /// ([`super::hangul::dprk_listed_spellings`]), never in a South Korean
    /// passport spelling.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub dprk: bool,
}

impl KoreanName {
    /// Number of syllables, family name included.
    pub fn len(&self) -> usize {
        1 + self.given.len()
    }

    pub fn is_empty(&self) -> bool {
        false
    }

    /// Every key of every syllable (for index look-ups).
    pub fn all_keys(&self) -> impl Iterator<Item = &str> {
        std::iter::once(&self.family)
            .chain(self.given.iter())
            .flat_map(|s| s.keys.iter().map(String::as_str))
    }

    /// Numbers every key with `lookup` (a key unknown to it gets `u32::MAX`,
    /// which equals no interned key of a listed name) and marks Hangul
    /// syllables, for fast comparison.
    pub fn intern(&mut self, lookup: &impl Fn(&str) -> Option<u32>) {
        for syl in std::iter::once(&mut self.family).chain(self.given.iter_mut()) {
            syl.ids = syl
                .keys
                .iter()
                .map(|k| lookup(k).unwrap_or(u32::MAX))
                .collect();
            syl.hangul = !syl.text.is_empty() && syl.text.chars().all(super::is_hangul_syllable);
            syl.id_bits = syl
                .ids
                .iter()
                .filter(|&&id| id != u32::MAX)
                .fold(0, |bits, id| bits | 1 << (id % 64));
        }
    }

    /// The name written as "Family Given-given" from the spellings it was made of.
    pub fn display(&self) -> String {
        let given: Vec<&str> = self.given.iter().map(|s| s.text.as_str()).collect();
        format!("{} {}", self.family.text, given.join("-"))
    }
}

/// True when the string holds Hangul syllables or Han characters.
pub fn has_korean_script(s: &str) -> bool {
    s.chars()
        .any(|c| super::is_hangul_syllable(c) || ('\u{4E00}'..='\u{9FFF}').contains(&c))
}

/// A name written in Hangul (spaces allowed) or in Hanja with Korean readings.
pub fn from_hangul(name: &str) -> Option<KoreanName> {
    let converted;
    let name = if name.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)) {
        converted = hangul::hanja_to_hangul(name)?;
        converted.as_str()
    } else {
        name
    };
    let syllables: Vec<char> = name.chars().filter(|c| !c.is_whitespace()).collect();
    if !(2..=6).contains(&syllables.len())
        || !syllables.iter().all(|&c| super::is_hangul_syllable(c))
    {
        return None;
    }
    let (family, given) = hangul::split_name(name)?;
    let family_chars: Vec<char> = family.chars().filter(|c| !c.is_whitespace()).collect();
    let given_chars: Vec<char> = given.chars().filter(|c| !c.is_whitespace()).collect();
    if given_chars.is_empty() {
        return None;
    }
    let family = Syllable {
        text: family_chars.iter().collect(),
        keys: joined_keys(&family_chars),
        ..Default::default()
    };
    let given = given_chars
        .iter()
        .enumerate()
        .map(|(i, &c)| Syllable {
            text: c.to_string(),
            keys: kl::hangul_syllable_keys(c, i == 0),
            ..Default::default()
        })
        .collect();
    Some(KoreanName {
        family,
        given,
        dprk: false,
    })
}

/// Keys of a (possibly compound) Hangul family name: one syllable's keys, or
/// the keys of two syllables joined.
fn joined_keys(chars: &[char]) -> Vec<String> {
    let mut keys: Vec<String> = vec![String::new()];
    for (i, &c) in chars.iter().enumerate() {
        let alts = kl::hangul_syllable_keys(c, i == 0);
        let mut next = Vec::new();
        for k in &keys {
            for a in &alts {
                next.push(format!("{k}{a}"));
            }
        }
        keys = next;
        keys.truncate(16);
    }
    keys.sort();
    keys.dedup();
    keys
}

/// Splits folded tokens into syllables; None unless every token parses.
fn syllables_of(tokens: &[String]) -> Option<Vec<Vec<String>>> {
    tokens.iter().map(|t| kl::segment(t)).collect()
}

fn latin_syllable(text: &str) -> Option<Syllable> {
    let key = kl::syllable_key(text)?;
    Some(Syllable {
        text: text.to_string(),
        keys: vec![key],
        ..Default::default()
    })
}

/// A family name written in Latin letters: a surname-table spelling, a single
/// syllable, or a two-syllable compound ("Namgung").
fn latin_family(tokens: &[String]) -> Option<Syllable> {
    if tokens.len() != 1 {
        return None;
    }
    let t = &tokens[0];
    let mut keys: Vec<String> = Vec::new();
    if let Some(k) = kl::surname_key(t) {
        keys.push(k);
    }
    let parts = kl::segment(t)?;
    let mut joined = String::new();
    for p in &parts {
        joined.push_str(&kl::syllable_key(p)?);
    }
    if parts.len() <= 2 {
        keys.push(joined);
    }
    keys.sort();
    keys.dedup();
    (!keys.is_empty()).then(|| Syllable {
        text: t.clone(),
        keys,
        ..Default::default()
    })
}

fn latin_given(tokens: &[String]) -> Option<Vec<Syllable>> {
    let mut out = Vec::new();
    for parts in syllables_of(tokens)? {
        for p in parts {
            out.push(latin_syllable(&p)?);
        }
    }
    (!out.is_empty() && out.len() <= 5).then_some(out)
}

/// Every reading of a joined given-name token that differs from
/// [`kl::segment`]'s only in where one consonant falls between two syllables:
/// "munil" is mu-nil or mun-il, "jonyungun" jo-nyun-gun or jon-yun-gun. A
/// written name does not say which; both are kept as alternatives.
fn token_segmentations(token: &str) -> Vec<Vec<String>> {
    let Some(base) = kl::segment(token) else {
        return Vec::new();
    };
    let mut out = vec![base.clone()];
    let is_consonant = |c: char| c.is_ascii_alphabetic() && !"aeiouwy".contains(c);
    for boundary in 0..base.len().saturating_sub(1) {
        let mut more = Vec::new();
        for parts in &out {
            let (left, right) = (&parts[boundary], &parts[boundary + 1]);
            let mut candidates = Vec::new();
            // The last consonant of the left syllable starts the right one.
            if left.len() > 1 && left.ends_with(is_consonant) {
                let (l, c) = left.split_at(left.len() - 1);
                candidates.push((l.to_string(), format!("{c}{right}")));
            }
            // The first consonant of the right syllable ends the left one.
            if right.len() > 1 && right.starts_with(is_consonant) {
                let (c, r) = right.split_at(1);
                candidates.push((format!("{left}{c}"), r.to_string()));
            }
            for (l, r) in candidates {
                if kl::syllable_key(&l).is_some() && kl::syllable_key(&r).is_some() {
                    let mut v = parts.clone();
                    v[boundary] = l;
                    v[boundary + 1] = r;
                    more.push(v);
                }
            }
        }
        for v in more {
            if !out.contains(&v) && out.len() < 8 {
                out.push(v);
            }
        }
    }
    out
}

/// Every reading of given-name tokens (see [`token_segmentations`]), at most 8.
fn latin_given_readings(tokens: &[String]) -> Vec<Vec<Syllable>> {
    let mut readings: Vec<Vec<Syllable>> = vec![Vec::new()];
    for t in tokens {
        let segs = token_segmentations(t);
        if segs.is_empty() {
            return Vec::new();
        }
        let mut next = Vec::new();
        for r in &readings {
            for seg in &segs {
                let Some(syls) = seg
                    .iter()
                    .map(|p| latin_syllable(p))
                    .collect::<Option<Vec<_>>>()
                else {
                    continue;
                };
                let mut v = r.clone();
                v.extend(syls);
                if v.len() <= 5 && next.len() < 8 {
                    next.push(v);
                }
            }
        }
        readings = next;
    }
    readings.retain(|r| !r.is_empty());
    readings
}

/// A Latin name whose family and given parts a list separates.
pub fn from_latin_parts(family: &str, given: &str) -> Option<KoreanName> {
    let family = latin_family(&super::tokens(family))?;
    let given = latin_given(&super::tokens(given))?;
    Some(KoreanName {
        family,
        given,
        dprk: false,
    })
}

/// The possible layouts of a Latin name with no separated parts (see the
/// module docs): family first, family last, or a joined single token.
pub fn layouts_from_tokens(tokens: &[String]) -> Vec<KoreanName> {
    layouts_of(tokens, [true, true])
}

/// Which ends of `name` (its `tokens`), first and last, are a whole
/// written word (set off by spaces or commas, not joined to the next token by
/// a hyphen). A family name is a whole word: syllables never move between the
/// family name and the given name, and a hyphen joins the syllables of a
/// given name (RR's `Kyung-su`, the lists' `Chol-Ho`), so in `Ra Kyung-Su` the
/// family name is `Ra`, never `Su`. Both ends count as whole when the words do
/// not add up to the name's tokens.
fn whole_ends(name: &str, tokens: &[String]) -> [bool; 2] {
    let words: Vec<Vec<String>> = name
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(super::tokens)
        .filter(|w| !w.is_empty())
        .collect();
    if words.concat() != tokens {
        return [true, true];
    }
    let whole = |w: Option<&Vec<String>>| w.is_some_and(|w| w.len() == 1);
    [whole(words.first()), whole(words.last())]
}

/// [`layouts_from_tokens`], with the family name first only where `whole[0]`
/// and last only where `whole[1]` (see [`whole_ends`]).
fn layouts_of(tokens: &[String], whole: [bool; 2]) -> Vec<KoreanName> {
    let mut out = Vec::new();
    match tokens.len() {
        0 => {}
        1 => {
            if let Some(parts) = kl::segment(&tokens[0])
                && parts.len() >= 2
                && parts.len() <= 6
                && let (Some(family), Some(given)) = (
                    latin_family(&parts[..1]),
                    parts[1..]
                        .iter()
                        .map(|p| latin_syllable(p))
                        .collect::<Option<Vec<_>>>(),
                )
            {
                out.push(KoreanName {
                    family,
                    given,
                    dprk: false,
                });
            }
            // A joined name may segment with its family name split wrongly
            // ("kimyongchol" as ki-myong-chol): also try every prefix that is
            // a surname spelling, with the rest as the given name.
            let token = &tokens[0];
            for cut in 1..token.len() {
                if !token.is_char_boundary(cut) {
                    continue;
                }
                let (head, rest) = token.split_at(cut);
                if kl::surname_key(head).is_none() {
                    continue;
                }
                if let (Some(family), Some(given)) = (
                    latin_family(&[head.to_string()]),
                    latin_given(&[rest.to_string()]),
                ) {
                    let k = KoreanName {
                        family,
                        given,
                        dprk: false,
                    };
                    if !out.contains(&k) {
                        out.push(k);
                    }
                }
            }
        }
        n => {
            if whole[0]
                && let (Some(family), Some(given)) =
                    (latin_family(&tokens[..1]), latin_given(&tokens[1..]))
            {
                out.push(KoreanName {
                    family,
                    given,
                    dprk: false,
                });
            }
            if whole[1]
                && let (Some(family), Some(given)) = (
                    latin_family(&tokens[n - 1..]),
                    latin_given(&tokens[..n - 1]),
                )
            {
                let k = KoreanName {
                    family,
                    given,
                    dprk: false,
                };
                if !out.contains(&k) {
                    out.push(k);
                }
            }
        }
    }
    out
}

/// True when a name, by itself, reads as a Korean personal name: Hangul, or
/// Latin words that all parse as Korean syllables with a Korean family name
/// ([`super::korean_latin::is_plausibly_korean`]).
pub fn reads_as_korean(name: &str) -> bool {
    if has_korean_script(name) {
        return true;
    }
    let tokens = super::tokens(name);
    !tokens.is_empty() && tokens.len() <= 5 && kl::is_plausibly_korean(&tokens)
}

/// Adds, for each layout, the other readings of its given name (see
/// [`token_segmentations`]); at most 16 layouts in all.
fn with_given_readings(layouts: Vec<KoreanName>) -> Vec<KoreanName> {
    let mut out = layouts.clone();
    for l in layouts {
        let tokens: Vec<String> = l.given.iter().map(|s| s.text.clone()).collect();
        let joined = vec![tokens.concat()];
        for given in latin_given_readings(&joined) {
            let k = KoreanName {
                family: l.family.clone(),
                given,
                dprk: l.dprk,
            };
            if !out.contains(&k) && out.len() < 16 {
                out.push(k);
            }
        }
    }
    out
}

/// The Korean readings of a query, if it is plausibly a Korean personal name.
/// `korean_country` is true when the caller's evidence says North or South Korea.
pub fn query_layouts(query: &str, korean_country: bool) -> Vec<KoreanName> {
    if has_korean_script(query) {
        return from_hangul(query).into_iter().collect();
    }
    let tokens = super::tokens(query);
    if tokens.is_empty() || tokens.len() > 5 {
        return Vec::new();
    }
    let plausible =
        kl::is_plausibly_korean(&tokens) || (korean_country && syllables_of(&tokens).is_some());
    if !plausible {
        return Vec::new();
    }
    with_given_readings(layouts_of(&tokens, whole_ends(query, &tokens)))
}

/// The Korean readings of a listed person's name, given that the entity is
/// Korean by context; `dprk` when it is North Korean (see
/// [`KoreanName::dprk`]). Uses the list's own family/given split when it has
/// one.
pub fn listed_layouts(
    full: &str,
    family: Option<&str>,
    given: Option<&str>,
    dprk: bool,
) -> Vec<KoreanName> {
    let mut layouts = listed_layouts_of(full, family, given);
    for l in &mut layouts {
        l.dprk = dprk;
    }
    layouts
}

fn listed_layouts_of(full: &str, family: Option<&str>, given: Option<&str>) -> Vec<KoreanName> {
    if has_korean_script(full) {
        return from_hangul(full).into_iter().collect();
    }
    if let (Some(f), Some(g)) = (family, given)
        && let Some(k) = from_latin_parts(f, g)
    {
        return vec![k];
    }
    let tokens = super::tokens(full);
    if tokens.is_empty() || tokens.len() > 5 || syllables_of(&tokens).is_none() {
        return Vec::new();
    }
    layouts_of(&tokens, whole_ends(full, &tokens))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn families(name: &str) -> Vec<String> {
        query_layouts(name, false)
            .into_iter()
            .map(|l| l.family.text)
            .collect()
    }

    #[test]
    fn the_family_name_is_a_whole_word() {
        // Kyung-Su is one given name: its syllables are not a family name.
        let ra = families("Ra Kyung-Su");
        assert!(!ra.is_empty() && ra.iter().all(|f| f == "ra"), "{ra:?}");
        let han = families("Chang-Su Han");
        assert!(!han.is_empty() && han.iter().all(|f| f == "han"), "{han:?}");
        // Written as separate words, either end may be the family name.
        let both = families("Ra Kyung Su");
        assert!(both.contains(&"ra".to_string()) && both.contains(&"su".to_string()));
    }
}
