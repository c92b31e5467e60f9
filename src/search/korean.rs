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
//! # How sure a correspondence is
//!
//! A shared key says two syllables *may* be one; the key classes are coarse
//! on purpose (용 and 영 share `yong`, 준 and 춘 share `con`). So each pair of
//! syllables that shares a key is graded ([`Grade`]) by what the sources say
//! ([`korean_latin::readings`], built from the romanization systems and the
//! research document's surname and syllable tables):
//!
//! - **identical**: written the same (the same Hangul, the same Latin letters);
//! - **attested**: a source writes one syllable both ways: the Latin side is a
//!   systematic romanization (RR, McCune-Reischauer, the DPRK system) or a
//!   listed spelling of the Hangul side (`Jeong`, `Jong`, `Chung` for 정), two
//!   Latin spellings are both spellings of one syllable (`Jong` and `Jeong`),
//!   or two Hangul first syllables are an initial-sound-law pair (리/이);
//! - **collision**: two Latin spellings that share a key but no syllable any
//!   source spells both ways (`Eun` is 은, `Woon` is 운): partial credit;
//! - otherwise a **mismatch**. Where one side is Hangul, its syllable is known:
//!   a Latin spelling no source gives for it never matches it (운 is never
//!   `Eun`, 영 is never `Ryong`, which is 룡 or 령), however the keys fold.
//!
//! The initial-sound law (리 = 이, 룡 = 용) applies to the first syllable of
//! the family name and of the given name only (document §8.3).
//!
//! `score = FAMILY_WEIGHT * family + GIVEN_WEIGHT * (1 - distance / longest)`,
//! where the family name counts its grade's credit ([`Grade::credit`]) and a
//! substitution in the given name costs one minus it.

use crate::normalize::korean_latin;
use crate::normalize::korean_name::{KoreanName, Syllable};
use serde::Serialize;

/// Share of the score the family name carries.
pub const FAMILY_WEIGHT: f32 = 0.3;
/// Share of the score the given name carries.
pub const GIVEN_WEIGHT: f32 = 0.7;

/// Credit of an attested spelling: below an identical one, so that the name
/// written as listed ranks first, and high enough that a name written in
/// another system throughout (`Gim Jeong Eun` for `KIM Jong Un`: 0.95) alerts.
pub const ATTESTED_CREDIT: f32 = 0.95;
/// Credit of a key-class collision: half a syllable, so that one collision in
/// a given name of two syllables leaves a full name below the alert threshold
/// (0.3 + 0.7 * 0.75 = 0.825 with an identical family name; 0.80 is reached
/// only with everything else identical).
pub const COLLISION_CREDIT: f32 = 0.5;

/// How sure the correspondence of two syllables is (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    Mismatch,
    Collision,
    Attested,
    Identical,
}

impl Grade {
    /// The share of a syllable this correspondence is worth.
    pub fn credit(self) -> f32 {
        match self {
            Grade::Identical => 1.0,
            Grade::Attested => ATTESTED_CREDIT,
            Grade::Collision => COLLISION_CREDIT,
            Grade::Mismatch => 0.0,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Grade::Identical => "identical",
            Grade::Attested => "attested",
            Grade::Collision => "collision",
            Grade::Mismatch => "mismatch",
        }
    }
}

/// No reading or spelling number.
const NONE: u32 = u32::MAX;

/// What grading needs of one syllable in its place: how it is written and
/// what the sources say it can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Form {
    /// Written in Hangul.
    hangul: bool,
    /// Its reading ([`korean_latin::hangul_reading`]) when Hangul, else [`NONE`].
    reading: u32,
    /// The initial-sound-law partners of `reading`, [`NONE`] where there are fewer.
    partners: [u32; 2],
    /// Latin: its number among the attested spellings
    /// ([`korean_latin::spelling_id`]), else [`NONE`].
    spelling: u32,
    /// A hash of the text, to tell identical spellings.
    text: u64,
    /// The first syllable of the family name or of the given name.
    first: bool,
    /// A given-name syllable of a North Korean listing ([`KoreanName::dprk`]):
    /// its Latin spelling is read as such a listing writes.
    dprk: bool,
}

/// Where a syllable stands in its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Place {
    /// The first of its part: the family name, the first given syllable.
    first: bool,
    /// A given-name syllable of a North Korean listing. Family names are read
    /// with every source: the surname table does not tell the North's
    /// spellings from the South's.
    dprk: bool,
}

impl Place {
    fn given(name: &KoreanName, i: usize) -> Place {
        Place {
            first: i == 0,
            dprk: name.dprk,
        }
    }

    const FAMILY: Place = Place {
        first: true,
        dprk: false,
    };
}

impl Form {
    fn of(syllable: &Syllable, place: Place) -> Form {
        let text = &syllable.text;
        let hangul = !text.is_empty() && text.chars().all(crate::normalize::is_hangul_syllable);
        let reading = if hangul {
            korean_latin::hangul_reading(text).unwrap_or(NONE)
        } else {
            NONE
        };
        let mut partners = [NONE; 2];
        if reading != NONE {
            for (slot, p) in partners.iter_mut().zip(korean_latin::law_partners(reading)) {
                *slot = p;
            }
        }
        let spelling = if hangul {
            NONE
        } else {
            korean_latin::spelling_id(text).unwrap_or(NONE)
        };
        Form {
            hangul,
            reading,
            partners,
            spelling,
            text: text_hash(text),
            first: place.first,
            dprk: place.dprk,
        }
    }
}

fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// The grade of two syllables that share a key (see the module docs).
fn grade_forms(a: &Form, b: &Form) -> Grade {
    if a.hangul == b.hangul && a.text == b.text {
        return Grade::Identical;
    }
    let law = a.first || b.first;
    match (a.hangul, b.hangul) {
        (true, true) => {
            let pair = a.reading != NONE
                && (a.partners.contains(&b.reading) || b.partners.contains(&a.reading));
            if law && pair {
                Grade::Attested
            } else {
                Grade::Mismatch
            }
        }
        (true, false) => hangul_meets_latin(a, b, law),
        (false, true) => hangul_meets_latin(b, a, law),
        (false, false) => {
            let (x, y) = (
                korean_latin::readings(a.spelling, law, a.dprk),
                korean_latin::readings(b.spelling, law, b.dprk),
            );
            if share_one(x, y) {
                Grade::Attested
            } else {
                Grade::Collision
            }
        }
    }
}

/// A Hangul syllable (or surname) against a Latin spelling: attested when a
/// source writes it (or, where the law applies, a partner) that way, else a
/// mismatch: the syllable is known.
fn hangul_meets_latin(hangul: &Form, latin: &Form, law: bool) -> Grade {
    let readings = korean_latin::readings(latin.spelling, law, latin.dprk);
    let known = |r: u32| r != NONE && readings.binary_search(&r).is_ok();
    if known(hangul.reading) || (law && hangul.partners.iter().any(|&p| known(p))) {
        Grade::Attested
    } else {
        Grade::Mismatch
    }
}

/// Whether two sorted lists have an element in common.
fn share_one(a: &[u32], b: &[u32]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

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
    /// For a match, how sure it is: `identical`, `attested` or `collision`
    /// ([`Grade`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grade: Option<&'static str>,
}

#[derive(Debug, Clone)]
pub struct KoreanScore {
    pub score: f32,
    pub pairs: Vec<SyllablePair>,
}

/// Whether two syllables share a key (integers when both are interned).
/// Keys bridge scripts and romanizations; [`grade`] then says how sure that
/// is.
fn keys_shared(a: &Syllable, b: &Syllable) -> bool {
    let interned = !a.ids.is_empty() && !b.ids.is_empty();
    if interned {
        return a.id_bits & b.id_bits != 0 && a.ids.iter().any(|x| *x != NONE && b.ids.contains(x));
    }
    a.keys.iter().any(|k| b.keys.contains(k))
}

/// The grade of two syllables in their places. Distinct Hangul syllables
/// differ even where their keys collide (최 and 조 share `co`).
fn grade(a: &Syllable, a_at: Place, b: &Syllable, b_at: Place) -> Grade {
    if !keys_shared(a, b) {
        return Grade::Mismatch;
    }
    grade_forms(&Form::of(a, a_at), &Form::of(b, b_at))
}

/// The key two syllables share and their grade, when they match.
fn shared_key(a: &Syllable, a_at: Place, b: &Syllable, b_at: Place) -> Option<(String, Grade)> {
    let g = grade(a, a_at, b, b_at);
    if g == Grade::Mismatch {
        return None;
    }
    let key = a.keys.iter().find(|k| b.keys.contains(k)).cloned()?;
    Some((key, g))
}

/// A syllable packed for scoring many candidates: its interned keys and
/// what grading needs in one small value, so that comparing two names reads
/// one short run of memory instead of following a pointer per syllable and
/// per key list. [`grade_packed`] decides exactly as [`grade`] does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PackedSyllable {
    /// [`Syllable::id_bits`].
    bits: u64,
    /// [`Syllable::ids`], then `u32::MAX` (equal to no key).
    ids: [u32; PACKED_IDS],
    form: Form,
}

/// Most keys a syllable can have and still be packed (listed syllables
/// have one to three).
pub const PACKED_IDS: usize = 3;

impl PackedSyllable {
    /// `syllable` packed, if it is interned and has at most [`PACKED_IDS`]
    /// keys, in its place in its name.
    fn pack(syllable: &Syllable, place: Place) -> Option<PackedSyllable> {
        if syllable.ids.is_empty() || syllable.ids.len() > PACKED_IDS {
            return None;
        }
        let mut ids = [NONE; PACKED_IDS];
        ids[..syllable.ids.len()].copy_from_slice(&syllable.ids);
        Some(PackedSyllable {
            bits: syllable.id_bits,
            ids,
            form: Form::of(syllable, place),
        })
    }

    /// A Korean name packed, family name first, if every syllable packs.
    pub fn pack_name(name: &KoreanName) -> Option<Vec<PackedSyllable>> {
        placed(name)
            .map(|(s, place)| PackedSyllable::pack(s, place))
            .collect()
    }
}

/// The syllables of a name, family name first, each in its place.
fn placed(name: &KoreanName) -> impl Iterator<Item = (&Syllable, Place)> {
    std::iter::once((&name.family, Place::FAMILY)).chain(
        name.given
            .iter()
            .enumerate()
            .map(|(i, s)| (s, Place::given(name, i))),
    )
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

/// [`grade`] of two packed syllables.
#[inline]
fn grade_packed(a: &PackedSyllable, b: &PackedSyllable) -> Grade {
    if a.bits & b.bits == 0 || !a.ids.iter().any(|x| *x != NONE && b.ids.contains(x)) {
        return Grade::Mismatch;
    }
    grade_forms(&a.form, &b.form)
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
    score_parts(qf, q, lf, l, grade_packed, worth_it)
}

/// The score alone (no alignment), for ranking many candidates cheaply.
pub fn score_only(query: &KoreanName, listed: &KoreanName) -> f32 {
    score_if(query, listed, |_| true).unwrap_or(0.0)
}

/// A syllable in its place, for [`score_if`].
struct Placed<'a> {
    syllable: &'a Syllable,
    place: Place,
}

fn places(name: &KoreanName) -> Vec<Placed<'_>> {
    placed(name)
        .map(|(syllable, place)| Placed { syllable, place })
        .collect()
}

fn grade_placed(a: &Placed<'_>, b: &Placed<'_>) -> Grade {
    grade(a.syllable, a.place, b.syllable, b.place)
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
    let (q, l) = (places(query), places(listed));
    let (Some((qf, q)), Some((lf, l))) = (q.split_first(), l.split_first()) else {
        return None;
    };
    score_parts(qf, q, lf, l, grade_placed, worth_it)
}

/// [`score_if`] over family names and given names apart, syllables
/// graded with `grade`.
fn score_parts<S>(
    query_family: &S,
    q: &[S],
    listed_family: &S,
    l: &[S],
    grade: impl Fn(&S, &S) -> Grade,
    worth_it: impl Fn(f32) -> bool,
) -> Option<f32> {
    let family = grade(query_family, listed_family).credit();
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
        given_distance(q, l, &grade, &mut [0.0; ON_STACK])
    } else {
        given_distance(q, l, &grade, &mut vec![0.0; m + 1])
    };
    let given = (1.0 - distance / longest).max(0.0);
    Some(FAMILY_WEIGHT * family + GIVEN_WEIGHT * given)
}

/// The cost of putting one syllable for another.
fn substitution_cost(g: Grade) -> f32 {
    1.0 - g.credit()
}

/// Edit distance over syllables (a substitution costs
/// [`substitution_cost`], an insertion or deletion 1), in one row of at
/// least `l.len() + 1` cells.
fn given_distance<S>(q: &[S], l: &[S], grade: &impl Fn(&S, &S) -> Grade, row: &mut [f32]) -> f32 {
    let row = &mut row[..=l.len()];
    for (j, cell) in row.iter_mut().enumerate() {
        *cell = j as f32;
    }
    for (i, qs) in q.iter().enumerate() {
        // `diagonal` is the previous row's cell left of the one computed.
        let mut diagonal = row[0];
        row[0] = (i + 1) as f32;
        for (j, ls) in l.iter().enumerate() {
            let above = row[j + 1];
            let cost = substitution_cost(grade(qs, ls));
            row[j + 1] = (diagonal + cost).min(above + 1.0).min(row[j] + 1.0);
            diagonal = above;
        }
    }
    row[l.len()]
}

/// Scores a query layout against a listed layout.
pub fn score(query: &KoreanName, listed: &KoreanName) -> KoreanScore {
    let mut pairs = Vec::new();
    let family = shared_key(&query.family, Place::FAMILY, &listed.family, Place::FAMILY);
    let family_credit = family.as_ref().map_or(0.0, |(_, g)| g.credit());
    pairs.push(SyllablePair {
        part: "family",
        query: Some(query.family.text.clone()),
        listed: Some(listed.family.text.clone()),
        outcome: if family.is_some() {
            "match"
        } else {
            "mismatch"
        },
        grade: family.as_ref().map(|(_, g)| g.as_str()),
        key: family.map(|(k, _)| k),
    });
    let (distance, given_pairs) = align(query, listed);
    pairs.extend(given_pairs);
    let longest = query.given.len().max(listed.given.len()).max(1) as f32;
    let given = (1.0 - distance / longest).max(0.0);
    KoreanScore {
        score: FAMILY_WEIGHT * family_credit + GIVEN_WEIGHT * given,
        pairs,
    }
}

/// The highest score `score` could give a listed name with `listed_len`
/// syllables that shares keys with `hits` of the query's syllables.
pub fn upper_bound(query_len: usize, listed_len: usize, hits: usize) -> f32 {
    let longest = query_len.max(listed_len).saturating_sub(1).max(1);
    FAMILY_WEIGHT + GIVEN_WEIGHT * (hits.min(longest) as f32 / longest as f32)
}

/// Edit distance over given-name syllables ([`given_distance`]), with the
/// alignment.
fn align(query: &KoreanName, listed: &KoreanName) -> (f32, Vec<SyllablePair>) {
    let (q, l) = (&query.given, &listed.given);
    let (n, m) = (q.len(), l.len());
    let at = |i: usize, j: usize| (Place::given(query, i), Place::given(listed, j));
    let cost = |i: usize, j: usize| {
        let (qa, la) = at(i, j);
        substitution_cost(grade(&q[i], qa, &l[j], la))
    };
    let mut d = vec![vec![0.0f32; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i as f32;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j as f32;
    }
    for i in 1..=n {
        for j in 1..=m {
            d[i][j] = (d[i - 1][j - 1] + cost(i - 1, j - 1))
                .min(d[i - 1][j] + 1.0)
                .min(d[i][j - 1] + 1.0);
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        if i > 0 && j > 0 && d[i][j] == d[i - 1][j - 1] + cost(i - 1, j - 1) {
            let (qa, la) = at(i - 1, j - 1);
            let matched = shared_key(&q[i - 1], qa, &l[j - 1], la);
            pairs.push(SyllablePair {
                part: "given",
                query: Some(q[i - 1].text.clone()),
                listed: Some(l[j - 1].text.clone()),
                outcome: if matched.is_some() {
                    "match"
                } else {
                    "mismatch"
                },
                grade: matched.as_ref().map(|(_, g)| g.as_str()),
                key: matched.map(|(k, _)| k),
            });
            i -= 1;
            j -= 1;
            continue;
        }
        if i > 0 && d[i][j] == d[i - 1][j] + 1.0 {
            pairs.push(SyllablePair {
                part: "given",
                query: Some(q[i - 1].text.clone()),
                listed: None,
                key: None,
                outcome: "extra",
                grade: None,
            });
            i -= 1;
        } else {
            pairs.push(SyllablePair {
                part: "given",
                query: None,
                listed: Some(l[j - 1].text.clone()),
                key: None,
                outcome: "missing",
                grade: None,
            });
            j -= 1;
        }
    }
    pairs.reverse();
    (d[n][m], pairs)
}

/// One line for people: `kim=KIM [kim], jong=Jong [cong], un=Un [on]`, with
/// the grade of every match that is not identical (`jeong=Jong [cong,
/// attested]`).
pub fn describe(pairs: &[SyllablePair]) -> String {
    pairs
        .iter()
        .map(|p| match (p.outcome, &p.query, &p.listed) {
            ("match", Some(q), Some(l)) => {
                let key = p.key.as_deref().unwrap_or("");
                match p.grade {
                    Some(g) if g != "identical" => format!("{q}={l} [{key}, {g}]"),
                    _ => format!("{q}={l} [{key}]"),
                }
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
            dprk: false,
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
        let mut outcomes = [0usize; 4];
        for (a, pa) in names.iter().zip(&packed) {
            for (b, pb) in names.iter().zip(&packed) {
                for ((x, xf), px) in placed(a).zip(pa) {
                    for ((y, yf), py) in placed(b).zip(pb) {
                        let g = grade(x, xf, y, yf);
                        assert_eq!(grade_packed(px, py), g, "{x:?} {y:?}");
                        outcomes[g as usize] += 1;
                    }
                }
                assert_eq!(
                    score_packed_if(pa, pb, |_| true).map(f32::to_bits),
                    score_if(a, b, |_| true).map(f32::to_bits),
                    "{a:?} {b:?}"
                );
            }
        }
        // Mismatches, attested and identical pairs occur, many times each.
        assert!(
            outcomes[0] > 100 && outcomes[2] > 50 && outcomes[3] > 50,
            "{outcomes:?}"
        );
    }

    const FIRST: Place = Place::FAMILY;
    const MID: Place = Place {
        first: false,
        dprk: false,
    };

    /// A Latin syllable with its real key.
    fn latin(text: &str) -> Syllable {
        Syllable {
            text: text.into(),
            keys: crate::normalize::korean_latin::syllable_key(text)
                .into_iter()
                .collect(),
            ..Default::default()
        }
    }

    /// A Hangul syllable with its real keys, as the first of its part or not.
    fn hangul(c: char, first: bool) -> Syllable {
        Syllable {
            text: c.to_string(),
            keys: crate::normalize::korean_latin::hangul_syllable_keys(c, first),
            ..Default::default()
        }
    }

    #[test]
    fn a_known_hangul_syllable_meets_only_its_attested_spellings() {
        // 운 is un, woon (document §3.2); "eun" shares its key but is 은.
        let un = hangul('운', false);
        assert_eq!(grade(&un, MID, &latin("un"), MID), Grade::Attested);
        assert_eq!(grade(&un, MID, &latin("woon"), MID), Grade::Attested);
        assert_eq!(grade(&un, MID, &latin("eun"), MID), Grade::Mismatch);
        // "ryong" is 룡 or 령; 령 is 영 by the initial-sound law only as the
        // first syllable of a name part.
        let first = hangul('영', true);
        assert_eq!(
            grade(&first, FIRST, &latin("ryong"), FIRST),
            Grade::Attested
        );
        let second = hangul('영', false);
        assert_eq!(grade(&second, MID, &latin("ryong"), MID), Grade::Mismatch);
        assert_eq!(grade(&second, MID, &latin("yeong"), MID), Grade::Attested);
    }

    #[test]
    fn a_north_korean_listing_is_read_in_the_norths_spellings() {
        // Passports write 서 "Su" (document §3.2); the DPRK's lists write it
        // "So", and their "Su" is 수.
        let dprk = Place {
            first: false,
            dprk: true,
        };
        let seo = hangul('서', false);
        assert_eq!(grade(&seo, MID, &latin("su"), MID), Grade::Attested);
        assert_eq!(grade(&seo, MID, &latin("su"), dprk), Grade::Mismatch);
        assert_eq!(grade(&seo, MID, &latin("so"), dprk), Grade::Attested);
        assert_eq!(
            grade(&hangul('수', false), MID, &latin("su"), dprk),
            Grade::Attested
        );
        // Two Latin spellings: "seo" meets a North Korean "Su" only by key.
        assert_eq!(
            grade(&latin("seo"), MID, &latin("su"), dprk),
            Grade::Collision
        );
    }

    #[test]
    fn two_latin_spellings_of_one_syllable_are_attested_else_a_collision() {
        assert_eq!(
            grade(&latin("jong"), MID, &latin("jong"), MID),
            Grade::Identical
        );
        // Both 정.
        assert_eq!(
            grade(&latin("jeong"), MID, &latin("chung"), MID),
            Grade::Attested
        );
        // One key, but eun is 은 and woon is 운: no syllable is spelled both ways.
        assert_eq!(
            grade(&latin("eun"), MID, &latin("woon"), MID),
            Grade::Collision
        );
        assert_eq!(
            grade(&latin("kim"), MID, &latin("pak"), MID),
            Grade::Mismatch
        );
    }

    #[test]
    fn scores_rank_identical_over_attested_over_collision() {
        let with = |given: &str| KoreanName {
            family: latin("kim"),
            given: vec![latin("jong"), latin(given)],
            dprk: false,
        };
        let listed = with("eun");
        let identical = score_only(&with("eun"), &listed);
        let attested = score_only(&with("un"), &listed);
        let collision = score_only(&with("woon"), &listed);
        let mismatch = score_only(&with("nam"), &listed);
        assert_eq!(identical, 1.0);
        assert!(identical > attested && attested >= 0.8, "{attested}");
        assert!(attested > collision && collision < 0.9, "{collision}");
        assert!(collision > mismatch, "{collision} {mismatch}");
        // Scored with the alignment, the same.
        assert_eq!(score(&with("woon"), &listed).score, collision);
        let pairs = score(&with("woon"), &listed).pairs;
        assert_eq!(pairs[2].grade, Some("collision"), "{pairs:?}");
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
        let f = Place::FAMILY;
        assert!(shared_key(&a, f, &b, f).is_none());
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
        assert!(shared_key(&ri, f, &i, f).is_some());
        // A Latin spelling meets the Hangul it is a spelling of (최 is Choe,
        // document §2.2), not another that shares its key (Cho is 조).
        let latin = |text: &str| Syllable {
            text: text.into(),
            keys: vec!["co".into()],
            ..Default::default()
        };
        assert!(shared_key(&a, f, &latin("choe"), f).is_some());
        assert!(shared_key(&a, f, &latin("cho"), f).is_none());
        assert!(shared_key(&b, f, &latin("cho"), f).is_some());
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
