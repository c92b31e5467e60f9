//! Scoring a Korean personal name against another, syllable by syllable.
//!
//! The family name and the given name are units. The family name matches when
//! the two share a key (surname table and initial-sound law included). The
//! given name is compared as one ordered sequence of syllables: an edit
//! distance over syllables, where two syllables are equal when they share a
//! key. So a syllable that differs beyond its spelling variants is a mismatch
//! ("Kim Jong Un" vs "Kim Jong Nam"), a missing or extra syllable costs, order
//! matters ("Jong Un" is not "Un Jong"), and short syllables (Un, Il, Ho, Su)
//! count like any other.
//!
//! `score = FAMILY_WEIGHT * family + GIVEN_WEIGHT * (1 - distance / longest)`.

use crate::normalize::korean_name::{KoreanName, Syllable};
use serde::Serialize;

/// Share of the score the family name carries.
pub const FAMILY_WEIGHT: f32 = 0.3;
/// Share of the score the given name carries.
pub const GIVEN_WEIGHT: f32 = 0.7;

/// How one syllable position fared.
#[derive(Debug, Clone, Serialize)]
pub struct SyllablePair {
    /// `family` or `given`.
    pub part: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listed: Option<String>,
    /// The key they share, when they match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// `match`, `mismatch`, `missing` (listed only), `extra` (query only).
    pub outcome: &'static str,
}

#[derive(Debug, Clone)]
pub struct KoreanScore {
    pub score: f32,
    pub pairs: Vec<SyllablePair>,
}

/// The key two syllables share, if they are the same syllable. Keys bridge
/// scripts and romanizations; when both sides are written in Hangul the Hangul
/// itself decides (the same syllable, or an initial-sound-law pair such as
/// 리/이), since distinct Hangul syllables are distinct even where their
/// romanizations collide (최/조 both give "Cho" in some passports).
fn shared_key(a: &Syllable, b: &Syllable) -> Option<String> {
    if !same_syllable(a, b) {
        return None;
    }
    a.keys.iter().find(|k| b.keys.contains(k)).cloned()
}

/// [`shared_key`] without naming the key: integers when both are interned.
fn same_syllable(a: &Syllable, b: &Syllable) -> bool {
    let interned = !a.ids.is_empty() && !b.ids.is_empty();
    if interned && a.id_bits & b.id_bits == 0 {
        return false;
    }
    let both_hangul = if a.ids.is_empty() || b.ids.is_empty() {
        is_hangul(&a.text) && is_hangul(&b.text)
    } else {
        a.hangul && b.hangul
    };
    if both_hangul && !same_hangul(&a.text, &b.text) {
        return false;
    }
    if interned {
        return a.ids.iter().any(|x| *x != u32::MAX && b.ids.contains(x));
    }
    a.keys.iter().any(|k| b.keys.contains(k))
}

fn is_hangul(s: &str) -> bool {
    !s.is_empty() && s.chars().all(crate::normalize::is_hangul_syllable)
}

fn same_hangul(a: &str, b: &str) -> bool {
    a.chars().count() == b.chars().count()
        && a.chars().zip(b.chars()).enumerate().all(|(i, (x, y))| {
            if i == 0 {
                same_first_syllable(x, y)
            } else {
                x == y
            }
        })
}

/// Two first Hangul syllables of a name part are the same: equal, or an
/// initial-sound-law pair (리/이).
fn same_first_syllable(x: char, y: char) -> bool {
    x == y || crate::normalize::hangul::initial_sound_law_alternatives(x).contains(&y)
}

/// A syllable packed for scoring many candidates: its interned keys and
/// its Hangul in one small value, so that comparing two names reads one
/// short run of memory instead of following a pointer per syllable and per
/// key list. [`same_packed`] decides exactly as [`same_syllable`] does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PackedSyllable {
    /// [`Syllable::id_bits`].
    bits: u64,
    /// [`Syllable::ids`], then `u32::MAX` (equal to no key).
    ids: [u32; PACKED_IDS],
    /// The syllable when it is written as one Hangul syllable, else `'\0'`.
    hangul: char,
}

/// Most keys a syllable can have and still be packed (listed syllables
/// have one to three).
pub const PACKED_IDS: usize = 3;

impl PackedSyllable {
    /// `syllable` packed, if it is interned, has at most [`PACKED_IDS`]
    /// keys, and is either not Hangul or one Hangul syllable.
    pub fn pack(syllable: &Syllable) -> Option<PackedSyllable> {
        if syllable.ids.is_empty() || syllable.ids.len() > PACKED_IDS {
            return None;
        }
        let hangul = if syllable.hangul {
            let mut chars = syllable.text.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => c,
                _ => return None,
            }
        } else {
            '\0'
        };
        let mut ids = [u32::MAX; PACKED_IDS];
        ids[..syllable.ids.len()].copy_from_slice(&syllable.ids);
        Some(PackedSyllable {
            bits: syllable.id_bits,
            ids,
            hangul,
        })
    }

    /// A Korean name packed, family name first, if every syllable packs.
    pub fn pack_name(name: &KoreanName) -> Option<Vec<PackedSyllable>> {
        std::iter::once(&name.family)
            .chain(&name.given)
            .map(PackedSyllable::pack)
            .collect()
    }
}

/// The Korean layouts of every listed name, packed ([`PackedSyllable`]) in
/// one table, for [`score_packed_if`]. Built when the index opens.
#[derive(Debug, Default)]
pub struct PackedNames {
    /// Per listed name.
    spans: Vec<Span>,
    /// Per layout: its syllables in `syllables`.
    layouts: Vec<std::ops::Range<u32>>,
    syllables: Vec<PackedSyllable>,
}

/// One listed name's layouts in [`PackedNames`].
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    /// Its first layout in `layouts`.
    first: u32,
    /// How many layouts it has (0: not a Korean name).
    count: u16,
    /// Syllables of its longest layout.
    longest: u16,
    /// Whether every layout packed; if not, they are compared unpacked.
    packed: bool,
}

impl PackedNames {
    /// Packs the layouts of `names` (each name's Korean layouts, interned).
    pub fn new<'a>(names: impl IntoIterator<Item = &'a [KoreanName]>) -> PackedNames {
        let mut packed = PackedNames::default();
        for layouts in names {
            let first = packed.layouts.len() as u32;
            let as_packed: Option<Vec<Vec<PackedSyllable>>> =
                layouts.iter().map(PackedSyllable::pack_name).collect();
            if let Some(as_packed) = &as_packed {
                for layout in as_packed {
                    let start = packed.syllables.len() as u32;
                    packed.syllables.extend_from_slice(layout);
                    packed.layouts.push(start..packed.syllables.len() as u32);
                }
            }
            let longest = layouts.iter().map(KoreanName::len).max().unwrap_or(0);
            packed.spans.push(Span {
                first,
                count: u16::try_from(layouts.len()).unwrap_or(u16::MAX),
                longest: u16::try_from(longest).unwrap_or(u16::MAX),
                packed: as_packed.is_some(),
            });
        }
        packed
    }

    /// Whether listed name `name` has Korean layouts.
    pub fn is_korean(&self, name: u32) -> bool {
        self.spans.get(name as usize).is_some_and(|s| s.count > 0)
    }

    /// Syllables of listed name `name`'s longest layout.
    pub fn longest(&self, name: u32) -> usize {
        self.spans
            .get(name as usize)
            .map_or(0, |s| usize::from(s.longest))
    }

    /// The packed layouts of listed name `name`, in the name's order; `None`
    /// when they did not all pack.
    pub fn layouts(&self, name: u32) -> Option<impl Iterator<Item = &[PackedSyllable]> + Clone> {
        let span = self.spans.get(name as usize).filter(|s| s.packed)?;
        let first = span.first as usize;
        Some(
            self.layouts[first..first + usize::from(span.count)]
                .iter()
                .map(|r| &self.syllables[r.start as usize..r.end as usize]),
        )
    }
}

/// [`same_syllable`] of two packed syllables.
#[inline]
fn same_packed(a: &PackedSyllable, b: &PackedSyllable) -> bool {
    if a.bits & b.bits == 0 {
        return false;
    }
    if a.hangul != '\0' && b.hangul != '\0' && !same_first_syllable(a.hangul, b.hangul) {
        return false;
    }
    a.ids.iter().any(|x| *x != u32::MAX && b.ids.contains(x))
}

/// [`score_if`] of two packed names (family name first).
pub fn score_packed_if(
    query: &[PackedSyllable],
    listed: &[PackedSyllable],
    worth_it: impl Fn(f32) -> bool,
) -> Option<f32> {
    let (Some((qf, q)), Some((lf, l))) = (query.split_first(), listed.split_first()) else {
        return None;
    };
    score_parts(qf, q, lf, l, same_packed, worth_it)
}

/// The score alone (no alignment), for ranking many candidates cheaply.
pub fn score_only(query: &KoreanName, listed: &KoreanName) -> f32 {
    score_if(query, listed, |_| true).unwrap_or(0.0)
}

/// [`score_only`], unless the highest score the family names and the
/// lengths of the given names allow (the syllable edit distance is at least
/// the difference in length) does not satisfy `worth_it`: then `None`, and
/// the given names are not aligned.
pub fn score_if(
    query: &KoreanName,
    listed: &KoreanName,
    worth_it: impl Fn(f32) -> bool,
) -> Option<f32> {
    score_parts(
        &query.family,
        &query.given,
        &listed.family,
        &listed.given,
        same_syllable,
        worth_it,
    )
}

/// [`score_if`] over family names and given names apart, syllables
/// compared with `same`.
fn score_parts<S>(
    query_family: &S,
    q: &[S],
    listed_family: &S,
    l: &[S],
    same: impl Fn(&S, &S) -> bool,
    worth_it: impl Fn(f32) -> bool,
) -> Option<f32> {
    let family = if same(query_family, listed_family) {
        1.0
    } else {
        0.0
    };
    let (n, m) = (q.len(), l.len());
    let longest = n.max(m).max(1) as f32;
    let given_at_most = (1.0 - n.abs_diff(m) as f32 / longest).max(0.0);
    if !worth_it(FAMILY_WEIGHT * family + GIVEN_WEIGHT * given_at_most) {
        return None;
    }
    // Given names have a few syllables: the table row lives on the stack
    // (this runs for every Korean candidate name).
    const ON_STACK: usize = 16;
    let distance = if m < ON_STACK {
        given_distance(q, l, &same, &mut [0; ON_STACK])
    } else {
        given_distance(q, l, &same, &mut vec![0; m + 1])
    };
    let given = (1.0 - distance as f32 / longest).max(0.0);
    Some(FAMILY_WEIGHT * family + GIVEN_WEIGHT * given)
}

/// Edit distance over syllables (equal = `same`), in one row of at least
/// `l.len() + 1` cells.
fn given_distance<S>(q: &[S], l: &[S], same: &impl Fn(&S, &S) -> bool, row: &mut [usize]) -> usize {
    let row = &mut row[..=l.len()];
    for (j, cell) in row.iter_mut().enumerate() {
        *cell = j;
    }
    for (i, qs) in q.iter().enumerate() {
        // `diagonal` is the previous row's cell left of the one computed.
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, ls) in l.iter().enumerate() {
            let above = row[j + 1];
            let equal = same(qs, ls);
            row[j + 1] = (diagonal + usize::from(!equal))
                .min(above + 1)
                .min(row[j] + 1);
            diagonal = above;
        }
    }
    row[l.len()]
}

/// Scores a query layout against a listed layout.
pub fn score(query: &KoreanName, listed: &KoreanName) -> KoreanScore {
    let mut pairs = Vec::new();
    let family_key = shared_key(&query.family, &listed.family);
    pairs.push(SyllablePair {
        part: "family",
        query: Some(query.family.text.clone()),
        listed: Some(listed.family.text.clone()),
        outcome: if family_key.is_some() {
            "match"
        } else {
            "mismatch"
        },
        key: family_key.clone(),
    });
    let (distance, given_pairs) = align(&query.given, &listed.given);
    pairs.extend(given_pairs);
    let longest = query.given.len().max(listed.given.len()).max(1) as f32;
    let given = (1.0 - distance as f32 / longest).max(0.0);
    let family = if family_key.is_some() { 1.0 } else { 0.0 };
    KoreanScore {
        score: FAMILY_WEIGHT * family + GIVEN_WEIGHT * given,
        pairs,
    }
}

/// The highest score `score` could give a listed name with `listed_len`
/// syllables that shares keys with `hits` of the query's syllables.
pub fn upper_bound(query_len: usize, listed_len: usize, hits: usize) -> f32 {
    let longest = query_len.max(listed_len).saturating_sub(1).max(1);
    FAMILY_WEIGHT + GIVEN_WEIGHT * (hits.min(longest) as f32 / longest as f32)
}

/// Edit distance over syllables (equal = a shared key), with the alignment.
fn align(q: &[Syllable], l: &[Syllable]) -> (usize, Vec<SyllablePair>) {
    let (n, m) = (q.len(), l.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let same = same_syllable(&q[i - 1], &l[j - 1]);
            d[i][j] = (d[i - 1][j - 1] + usize::from(!same))
                .min(d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1);
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        if i > 0 && j > 0 {
            let key = shared_key(&q[i - 1], &l[j - 1]);
            let cost = usize::from(key.is_none());
            if d[i][j] == d[i - 1][j - 1] + cost {
                pairs.push(SyllablePair {
                    part: "given",
                    query: Some(q[i - 1].text.clone()),
                    listed: Some(l[j - 1].text.clone()),
                    outcome: if key.is_some() { "match" } else { "mismatch" },
                    key,
                });
                i -= 1;
                j -= 1;
                continue;
            }
        }
        if i > 0 && d[i][j] == d[i - 1][j] + 1 {
            pairs.push(SyllablePair {
                part: "given",
                query: Some(q[i - 1].text.clone()),
                listed: None,
                key: None,
                outcome: "extra",
            });
            i -= 1;
        } else {
            pairs.push(SyllablePair {
                part: "given",
                query: None,
                listed: Some(l[j - 1].text.clone()),
                key: None,
                outcome: "missing",
            });
            j -= 1;
        }
    }
    pairs.reverse();
    (d[n][m], pairs)
}

/// One line for people: `kim=KIM (kim), jong=Jong (jong), un=Un (un)`.
pub fn describe(pairs: &[SyllablePair]) -> String {
    pairs
        .iter()
        .map(|p| match (p.outcome, &p.query, &p.listed) {
            ("match", Some(q), Some(l)) => {
                format!("{q}={l} [{}]", p.key.as_deref().unwrap_or(""))
            }
            ("mismatch", Some(q), Some(l)) => format!("{q}!={l}"),
            ("extra", Some(q), _) => format!("{q} (not in the listed name)"),
            (_, _, Some(l)) => format!("({l} missing)"),
            _ => String::new(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn syl(text: &str) -> Syllable {
        Syllable {
            text: text.into(),
            keys: vec![text.to_lowercase()],
            ..Default::default()
        }
    }

    fn name(family: &str, given: &[&str]) -> KoreanName {
        KoreanName {
            family: syl(family),
            given: given.iter().map(|g| syl(g)).collect(),
        }
    }

    #[test]
    fn packed_syllables_compare_and_score_as_unpacked_ones() {
        use crate::normalize::korean_name::{from_hangul, query_layouts};
        // Real layouts: Hangul names (initial-sound-law pairs among them)
        // and Latin spellings, their keys numbered as an index would.
        let mut names: Vec<KoreanName> = [
            "김정은",
            "리병철",
            "이병철",
            "최룡해",
            "조룡해",
            "박정천",
            "노광철",
        ]
        .iter()
        .filter_map(|n| from_hangul(n))
        .collect();
        for q in [
            "KIM Jong Un",
            "Ri Pyong Chol",
            "Lee Byung Chul",
            "Choe Ryong Hae",
            "Pak Jong Chon",
            "Kim Cho'ng-un",
        ] {
            names.extend(query_layouts(q, true));
        }
        let mut numbers = std::collections::HashMap::new();
        let lookup = |key: &str| {
            // A key the "index" lacks, now and then.
            (key.len() % 7 != 3).then_some(key.bytes().map(u32::from).sum::<u32>() % 61)
        };
        for n in &mut names {
            n.intern(&lookup);
            for k in std::iter::once(&n.family)
                .chain(&n.given)
                .flat_map(|s| &s.keys)
            {
                numbers.insert(k.clone(), lookup(k));
            }
        }
        assert!(names.len() > 10 && numbers.len() > 10);
        let packed: Vec<Vec<PackedSyllable>> = names
            .iter()
            .map(|n| PackedSyllable::pack_name(n).expect("packs"))
            .collect();
        let mut outcomes = [0usize; 2];
        for (a, pa) in names.iter().zip(&packed) {
            for (b, pb) in names.iter().zip(&packed) {
                for (x, px) in std::iter::once(&a.family).chain(&a.given).zip(pa) {
                    for (y, py) in std::iter::once(&b.family).chain(&b.given).zip(pb) {
                        let same = same_syllable(x, y);
                        assert_eq!(same_packed(px, py), same, "{x:?} {y:?}");
                        outcomes[usize::from(same)] += 1;
                    }
                }
                assert_eq!(
                    score_packed_if(pa, pb, |_| true).map(f32::to_bits),
                    score_if(a, b, |_| true).map(f32::to_bits),
                    "{a:?} {b:?}"
                );
            }
        }
        // Both answers occur, many times each.
        assert!(outcomes[0] > 100 && outcomes[1] > 100, "{outcomes:?}");
    }

    #[test]
    fn same_name_scores_one() {
        assert_eq!(
            score(&name("kim", &["jong", "un"]), &name("kim", &["jong", "un"])).score,
            1.0
        );
    }

    #[test]
    fn a_different_given_syllable_is_a_mismatch() {
        let s = score(
            &name("kim", &["jong", "nam"]),
            &name("kim", &["jong", "un"]),
        );
        assert!((s.score - 0.65).abs() < 1e-6, "{}", s.score);
        assert!(s.pairs.iter().any(|p| p.outcome == "mismatch"));
    }

    #[test]
    fn order_within_the_given_name_matters() {
        let s = score(&name("kim", &["un", "jong"]), &name("kim", &["jong", "un"]));
        assert!(s.score < 0.8, "{}", s.score);
    }

    #[test]
    fn a_missing_syllable_costs() {
        let s = score(&name("kim", &["jong"]), &name("kim", &["jong", "un"]));
        assert!(s.score < 0.8);
        assert!(s.pairs.iter().any(|p| p.outcome == "missing"));
    }

    #[test]
    fn another_family_name_does_not_alert() {
        assert!(score(&name("pak", &["jong", "un"]), &name("kim", &["jong", "un"])).score < 0.8);
    }

    #[test]
    fn score_only_agrees_with_score() {
        let cases = [
            (name("kim", &["jong", "un"]), name("kim", &["jong", "nam"])),
            (name("kim", &["jong", "un", "a"]), name("kim", &["jong"])),
            (name("ri", &["su"]), name("pak", &["su", "yong", "x"])),
        ];
        for (q, l) in cases {
            assert!((score(&q, &l).score - score_only(&q, &l)).abs() < 1e-6);
        }
    }

    #[test]
    fn distinct_hangul_syllables_differ_even_when_their_keys_collide() {
        let a = Syllable {
            text: "최".into(),
            keys: vec!["co".into()],
            ..Default::default()
        };
        let b = Syllable {
            text: "조".into(),
            keys: vec!["co".into()],
            ..Default::default()
        };
        assert!(shared_key(&a, &b).is_none());
        let ri = Syllable {
            text: "리".into(),
            keys: vec!["i".into()],
            ..Default::default()
        };
        let i = Syllable {
            text: "이".into(),
            keys: vec!["i".into()],
            ..Default::default()
        };
        assert!(shared_key(&ri, &i).is_some());
        let latin = Syllable {
            text: "cho".into(),
            keys: vec!["co".into()],
            ..Default::default()
        };
        assert!(shared_key(&a, &latin).is_some());
    }

    #[test]
    fn the_pair_bound_is_never_below_the_score() {
        let names = [
            name("kim", &["jong", "un"]),
            name("kim", &["jong", "nam"]),
            name("kim", &["jong", "un", "a"]),
            name("kim", &["jong"]),
            name("kim", &[]),
            name("ri", &["su"]),
            name("pak", &["su", "yong", "x"]),
            name("ri", &["su", "yong", "x", "y", "z"]),
        ];
        for q in &names {
            for l in &names {
                let bound = std::cell::Cell::new(f32::NAN);
                let score = score_if(q, l, |b| {
                    bound.set(b);
                    true
                });
                assert_eq!(score, Some(score_only(q, l)));
                assert!(bound.get() >= score_only(q, l), "{q:?} {l:?}");
                assert_eq!(score_if(q, l, |_| false), None);
            }
        }
    }

    #[test]
    fn the_bound_is_never_below_the_score() {
        let cases = [
            (name("kim", &["jong", "un"]), name("kim", &["jong", "nam"])),
            (name("kim", &["jong", "un", "a"]), name("kim", &["jong"])),
            (name("ri", &["su"]), name("ri", &["su", "yong", "x"])),
        ];
        for (q, l) in cases {
            let s = score(&q, &l);
            let hits = s.pairs.iter().filter(|p| p.outcome == "match").count();
            assert!(upper_bound(q.len(), l.len(), hits) + 1e-6 >= s.score);
        }
    }
}
