//! Where a score is decided.
//!
//! A query name and a listed name are compared as sets of tokens, in any order:
//!
//! - Two tokens are alike when equal (similarity 1), or when both are longer
//!   than three letters and within the edit budget [`super::max_edits`] of
//!   the shorter, a swap of neighbours one edit (similarity = the mean of
//!   Jaro-Winkler and `1 - edits / length`). Short tokens (`un`, `il`, `ho`) must be equal:
//!   they are never dropped, and never fuzzed into each other. Nor are
//!   numbers (`44` and `45`, `2004` and `2005`: other numbers, see
//!   [`crate::normalize::numbers`]); a word with a digit in it (`Sech1n`)
//!   is a word.
//! - Tokens are paired greedily, most alike first, each used once.
//! - The score is a weighted Dice coefficient:
//!   `sum(similarity * (w_query + w_listed)) / (sum(w_query) + sum(w_listed))`
//!   over the pairs, where weights are token rarity. Query tokens with no partner
//!   and listed tokens with no partner both lower the score, so "KIM Jong Nam"
//!   does not reach "KIM Jong Un".
//! - What an unpaired token costs depends on the other side
//!   ([`Pairing::score_extended`]). When every token of one name is paired
//!   and that name has at least [`MIN_HELD_WORDS`] words, the name is held
//!   in the other, and the other's unpaired tokens are words it leaves out:
//!   a middle name, a patronymic, a link of a nasab (`SIRAJUDDIN HAQQANI` in
//!   `SIRAJUDDIN JALLALOUDINE HAQQANI`, `FAZL RABI` in `FAZL RABI ABDUL
//!   HAMID`). They count [`OMISSION_FACTOR`] of their weight in the
//!   denominator when the held name is paired exactly, more where it is
//!   paired with typos (the discount times the pairs' weighted similarity). When both names have unpaired tokens, a word stands where
//!   another was (`... ABDUL HAMID` against `... ABDUL GHANI`: another
//!   father's name, another person), and the unpaired tokens of both count
//!   [`SUBSTITUTION_FACTOR`] of their weight. A single word held in a longer
//!   name (`Emma` in `Emma Lopez`, `OLGA` the vessel in `Olga Khan`) says
//!   too little to be a name held: no discount.
//!
//! The two factors were chosen from a sweep over OpenSanctions' name_bench
//! (826 pairs, `scripts/public-bench.py --only-pairs`, all pairs at the
//! alert threshold) and the alert rate of 200,000 ordinary payees
//! (`scripts/alert-rate.sh 200000`, with date of birth and country, and
//! name only), titles and numbers already in place:
//!
//! | omission | substitution | F1 | P | R | nk_checks R | synth_people F1 | payroll, DOB | payroll, name only |
//! |---|---|---|---|---|---|---|---|---|
//! | 1 (none) | 1 (none) | 0.795 | 0.887 | 0.720 | 0.671 | 0.726 | 0.027% | 0.735% |
//! | 1 | 1.25 | 0.805 | 0.921 | 0.715 | 0.671 | 0.768 | 0.027% | 0.735% |
//! | **0.8** | **1.25** | 0.813 | 0.915 | 0.732 | 0.686 | 0.784 | 0.027% | 0.858% |
//! | 0.7 | 1.25 | 0.825 | 0.917 | 0.751 | 0.714 | 0.805 | 0.048% | 1.032% |
//! | 0.6 | 1.25 | 0.828 | 0.917 | 0.755 | 0.714 | 0.815 | 0.097% | 1.239% |
//! | 0.5 | 1.25 | 0.834 | 0.913 | 0.767 | 0.714 | 0.827 | 0.187% | 1.513% |
//! | 0.6 | 1 | 0.818 | 0.885 | 0.760 | 0.714 | 0.772 | 0.097% | 1.239% |
//!
//! Without the two-word limit the payroll alerts rise far faster (omission
//! 0.7: 1.235% by name alone; 0.5: 2.773%, 0.390% with date of birth;
//! 0.3: 9.2%), nearly all of them one common word (`Emma`, `Olga`, `Maria`)
//! held in a payee's longer name. Raising the cost of substitutions only
//! removes false alerts (precision 0.887 -> 0.921) and changes no payroll
//! alert. Of the factors swept, omission 0.8 is the largest discount that
//! leaves the payroll's alert rate with date of birth where it was; 0.7
//! would find more
//! (recall 0.751) at nearly twice the alerts with date of birth. What the
//! extra alerts are, at 0.7: persons' names holding a listed two-word
//! vessel name (`SONG WON`, `YOUNG YONG`) or a common given name and
//! patronymic (`Olga Ivanovna`); the held names' rarity does not set them
//! apart from the name_bench omissions (both weigh 14 to 20).
//!
//! The sweep gave every held name the whole discount. Shrinking it with
//! the held pairs' similarity (a held name with a typo, `فارع آل علي` met
//! as `AL-FARAN` in yente's negatives at 0.8001) leaves the row in bold as
//! it was, and keeps yente's 1,000 ordinary global names at 0.2% alerting.

use serde::Serialize;

/// How one query token fared.
#[derive(Debug, Clone, Serialize)]
pub struct TokenMatch {
    pub query: String,
    /// The listed token it was paired with, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listed: Option<String>,
    pub similarity: f32,
    /// The query token's weight (rarity over the indexed names).
    pub weight: f32,
}

/// The score of one listed name against the query, with its explanation.
#[derive(Debug, Clone)]
pub struct NameScore {
    pub score: f32,
    pub tokens: Vec<TokenMatch>,
    pub unmatched_listed: Vec<String>,
    pub notes: Vec<String>,
}

/// The similarity of a single letter and a word that starts with it (`V.`
/// and `Vladimir`), or of two equal letters met out of order. An initial
/// says the name is consistent, not that it is the same: it holds one
/// letter of the word, so it counts for less than any one-typo match of a
/// long word (about 0.9), and a name written only in initials (`J. S.` for
/// `John Smith`) stays below [`super::DEFAULT_ALERT_THRESHOLD`].
pub const INITIAL_SIMILARITY: f32 = 0.75;

/// The similarity of a token written as two listed tokens joined
/// (`Silverstar`, `SILVER STAR`), or two query tokens written as one listed
/// token, times the similarity of the joined spellings: just under the same
/// name written alike, since a space left out or put in is a smaller
/// difference than any wrong letter, yet the name is not written the same.
pub const JOINED_FACTOR: f32 = 0.97;

/// The shortest part a joined token is split into (`Abu` + `Bakr`): a
/// one-letter part is an initial, not a word.
pub const MIN_PART: usize = 2;

/// Words that make the name after them a parent's: Arabic `ibn` / `bin`
/// ("son of") and `bint` / `binti` ("daughter of"), with the Maghrebi `ben`,
/// the Malay `bin` / `binti` / `bte` and the Hassaniya `ould` (the nasab of
/// an Arabic name; the UN and OFAC lists write them so). `Mohammed bin
/// Salman` and `Salman bin Mohammed` are a son and his father.
pub const NASAB_PARTICLES: &[&str] = &[
    "bin", "ibn", "ibnu", "ben", "bint", "binti", "binte", "bte", "ould",
];

/// What a score keeps when a pair of tokens crosses a nasab particle (the
/// query's father is the listed person, or the other way): the same words,
/// another person, as consistent as an initial and no more
/// ([`INITIAL_SIMILARITY`]).
pub const NASAB_CROSSING_FACTOR: f32 = 0.75;

/// In [`nasab_roles`]: the word just before a particle (a child's name).
pub const CHILD: u8 = 1;
/// In [`nasab_roles`]: the word just after a particle (a parent's name).
pub const PARENT: u8 = 2;
/// In [`nasab_roles`]: a particle itself.
pub const PARTICLE: u8 = 4;

/// Per token, its place beside the nasab particles ([`NASAB_PARTICLES`]):
/// [`CHILD`] just before one, [`PARENT`] just after one (both between two),
/// [`PARTICLE`] for a particle, 0 elsewhere. A particle counts only between
/// two words (`Ben Netanyahu` is a given name). Empty for a name without
/// one. Only the words beside a particle have a role: names leave out
/// generations (`Osama bin Laden` for `Usama bin Muhammad ibn Awad ibn
/// Ladin`) and put the family name first (`AL BIN ALI, Isa Bin Tarif`), and
/// neither changes whose son is whose.
pub fn nasab_roles(tokens: &[String]) -> Vec<u8> {
    let is_particle =
        |i: usize| i > 0 && i + 1 < tokens.len() && NASAB_PARTICLES.contains(&tokens[i].as_str());
    if !(0..tokens.len()).any(is_particle) {
        return Vec::new();
    }
    (0..tokens.len())
        .map(|i| {
            if is_particle(i) {
                PARTICLE
            } else {
                let child = if is_particle(i + 1) { CHILD } else { 0 };
                let parent = if i > 0 && is_particle(i - 1) {
                    PARENT
                } else {
                    0
                };
                child | parent
            }
        })
        .collect()
}

/// Whether a pair of words takes a child's name for a parent's: one is just
/// before a particle and the other just after one, and neither is both (see
/// [`nasab_roles`]; both names must have a particle).
fn crosses_nasab(partners: &[Option<Partner>], query: &[u8], listed: &[u8]) -> bool {
    if query.is_empty() || listed.is_empty() {
        return false;
    }
    partners.iter().enumerate().any(|(i, p)| {
        let Some(p) = p else { return false };
        let (Some(&q), Some(&l)) = (query.get(i), listed.get(p.listed)) else {
            return false;
        };
        let word_roles = |r: u8| r != 0 && r & PARTICLE == 0;
        p.kind == SINGLE && word_roles(q) && word_roles(l) && q & l == 0
    })
}

/// Similarity of two folded tokens in [0, 1] (see the module docs).
pub fn token_similarity(a: &str, b: &str) -> f32 {
    if a == b {
        return 1.0;
    }
    if is_number(a) || is_number(b) {
        return 0.0;
    }
    let (la, lb) = (char_len(a), char_len(b));
    if la.min(lb) == 1 {
        return initial_similarity(a, b);
    }
    if !within_edit_budget(la, lb) {
        return 0.0;
    }
    let longest = la.max(lb);
    // Optimal string alignment: a swap of two neighbouring letters ("Vikno"
    // for "Vinko") is one edit, as a typist makes it. The budget is the
    // shorter token's: the one the token fst was searched with when the
    // query token is the shorter ([`super::fuzzy`]), so that every pair
    // alike here was found there.
    let budget = super::max_edits(la.min(lb)) as usize;
    let Some(edits) = osa_distance_within(a, b, budget) else {
        return 0.0;
    };
    // Jaro-Winkler favours shared prefixes; the edit ratio keeps a two-edit
    // difference in a seven-letter word from looking like a typo.
    let edit_ratio = 1.0 - edits as f64 / longest as f64;
    ((strsim::jaro_winkler(a, b) + edit_ratio) / 2.0) as f32
}

/// Whether two distinct tokens would pair as an initial and a word (one of
/// them a single letter): scoring allows that in persons' names only.
pub fn is_initial_pair(a: &str, b: &str) -> bool {
    a != b && (char_len(a) == 1) != (char_len(b) == 1)
}

/// [`INITIAL_SIMILARITY`] when one of two distinct tokens is a single
/// letter and the other starts with it (two different letters: 0).
fn initial_similarity(a: &str, b: &str) -> f32 {
    let (short, long) = if char_len(a) == 1 { (a, b) } else { (b, a) };
    if char_len(long) > 1 && long.starts_with(short) {
        INITIAL_SIMILARITY
    } else {
        0.0
    }
}

/// The similarity of `joined` with the listed tokens `first` and `second`
/// written as one, in either order (`vladimirputin` for `PUTIN, Vladimir`),
/// times [`JOINED_FACTOR`]. One of the two parts must be spelt exactly
/// (`joined` starts with the first or ends with the second), the other
/// within its own budget: that is what [`super::fuzzy::joined_parts`]
/// finds in the token fst.
pub fn joined_similarity(joined: &str, first: &str, second: &str) -> f32 {
    joined_in_order(joined, first, second).max(joined_in_order(joined, second, first))
}

fn joined_in_order(joined: &str, a: &str, b: &str) -> f32 {
    let long_enough = |s: &str| char_len(s) >= MIN_PART;
    if !long_enough(a) || !long_enough(b) {
        return 0.0;
    }
    let alike =
        |part: &str, listed: &str| long_enough(part) && quick_similarity(part, listed) > 0.0;
    let by_parts = joined.strip_prefix(a).is_some_and(|rest| alike(rest, b))
        || joined.strip_suffix(b).is_some_and(|head| alike(head, a));
    if !by_parts {
        return 0.0;
    }
    JOINED_FACTOR * token_similarity(joined, &[a, b].concat())
}

/// The similarity of two query tokens written apart, `first` then `second`,
/// with one listed token (`Pricewaterhouse Coopers`), times
/// [`JOINED_FACTOR`]. A listed initial is no word written apart. As for a
/// joined token, one of the two parts must be spelt exactly as the listed
/// token begins or ends, the other alike to the rest: two whole words
/// fuzzed into one (`Emma Patel`, `EMMATEL`) are another name.
pub fn split_similarity(first: &str, second: &str, listed: &str) -> f32 {
    if char_len(listed) < MIN_PART {
        return 0.0;
    }
    let long_enough = |s: &str| char_len(s) >= MIN_PART;
    let alike = |part: &str, query: &str| {
        long_enough(part) && (part == query || quick_similarity(part, query) > 0.0)
    };
    let by_parts = listed
        .strip_prefix(first)
        .is_some_and(|rest| alike(rest, second))
        || listed
            .strip_suffix(second)
            .is_some_and(|head| alike(head, first));
    if !by_parts {
        return 0.0;
    }
    JOINED_FACTOR * quick_similarity(&[first, second].concat(), listed)
}

/// Whether a token is a number: digits (`44`, `2004`), or digits and an
/// ordinal indicator (`1st`). A number is alike to nothing but itself; a
/// word with a digit in it (`Sech1n`, `AHL1`) is still a word.
fn is_number(s: &str) -> bool {
    let digits = s.trim_end_matches(|c: char| c.is_ascii_lowercase());
    !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && matches!(&s[digits.len()..], "" | "st" | "nd" | "rd" | "th")
}

fn char_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// [`strsim::osa_distance`] when it is at most `budget`, else `None`. Folded
/// tokens are short ASCII words: those are compared here without allocating,
/// and given up on as soon as two rows of the table exceed the budget (no
/// later row can come back under it). Anything else goes to strsim.
fn osa_distance_within(a: &str, b: &str, budget: usize) -> Option<usize> {
    const MAX: usize = 32;
    if !a.is_ascii() || !b.is_ascii() || b.len() >= MAX {
        let edits = strsim::osa_distance(a, b);
        return (edits <= budget).then_some(edits);
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    // Rows i - 2, i - 1 and i of the table, over b's prefixes.
    let mut two_back = [0usize; MAX + 1];
    let mut one_back = [0usize; MAX + 1];
    let mut row = [0usize; MAX + 1];
    for (j, cell) in one_back[..=b.len()].iter_mut().enumerate() {
        *cell = j;
    }
    let mut one_back_min = 0;
    for (i, &ac) in a.iter().enumerate() {
        row[0] = i + 1;
        for (j, &bc) in b.iter().enumerate() {
            let cost = usize::from(ac != bc);
            let mut d = (row[j] + 1)
                .min(one_back[j + 1] + 1)
                .min(one_back[j] + cost);
            if i > 0 && j > 0 && ac != bc && ac == b[j - 1] && bc == a[i - 1] {
                d = d.min(two_back[j - 1] + 1);
            }
            row[j + 1] = d;
        }
        let row_min = row[..=b.len()].iter().copied().min().unwrap_or(0);
        if row_min > budget && one_back_min > budget {
            return None;
        }
        one_back_min = row_min;
        two_back = one_back;
        one_back = row;
    }
    let edits = one_back[b.len()];
    (edits <= budget).then_some(edits)
}

/// False when two distinct tokens of these lengths (in characters) cannot be
/// alike: one is short (short tokens must be equal), or their lengths alone
/// differ by more edits than the budget of the shorter allows (an edit
/// distance is at least the difference in length).
fn within_edit_budget(la: usize, lb: usize) -> bool {
    la > 3 && lb > 3 && la.abs_diff(lb) as u32 <= super::max_edits(la.min(lb))
}

/// [`token_similarity`], with equal tokens and tokens whose lengths rule
/// them out answered without an edit distance.
fn quick_similarity(query: &str, listed: &str) -> f32 {
    if query == listed {
        return 1.0;
    }
    let (lq, ll) = (char_len(query), char_len(listed));
    if lq.min(ll) == 1 || within_edit_budget(lq, ll) {
        token_similarity(query, listed)
    } else {
        0.0
    }
}

/// [`token_similarity`] of one query token with the listed tokens it meets,
/// remembered by listed token number.
///
/// The same query token meets the same listed token in thousands of
/// candidate names (`mohammed`, `trading`...), and in the next query with
/// that token again (the token cache keeps these across queries): the edit
/// distance, the costly part of a comparison, is worked out once per pair.
/// Equal tokens and tokens whose lengths rule them out are answered without
/// it. The values are those of [`token_similarity`], bit for bit.
#[derive(Default)]
pub struct Similarities {
    known: std::collections::HashMap<u32, f32, FastHash>,
}

impl Similarities {
    /// The similarity of `query` and the listed token `listed` whose number
    /// in the index is `listed_no` (`u32::MAX` for a token the index does
    /// not know: not remembered).
    pub fn get(&mut self, query: &str, listed_no: u32, listed: &str) -> f32 {
        if listed_no == u32::MAX {
            return quick_similarity(query, listed);
        }
        // Looked up before the listed token's text is read: most pairs are
        // known, and the text of a candidate's tokens is cold memory.
        if let Some(&known) = self.known.get(&listed_no) {
            return known;
        }
        let similarity = quick_similarity(query, listed);
        self.known.insert(listed_no, similarity);
        similarity
    }

    /// How many similarities are remembered.
    pub fn len(&self) -> usize {
        self.known.len()
    }

    pub fn is_empty(&self) -> bool {
        self.known.is_empty()
    }
}

/// A hasher for small integer keys (token and name numbers), much cheaper
/// than the default SipHash. The keys come from the index, not from
/// whoever sends a query, so flooding is not a concern.
#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        // FxHash's step: mixes each word into the state.
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

/// Builds [`FastHasher`]s.
pub type FastHash = std::hash::BuildHasherDefault<FastHasher>;

/// Scores a listed name against a query (both as folded tokens with weights).
pub fn score_name(
    query: &[String],
    query_weights: &[f32],
    listed: &[String],
    listed_weights: &[f32],
) -> NameScore {
    score_name_with(
        query,
        query_weights,
        listed,
        listed_weights,
        token_similarity,
    )
}

/// Equal tokens only: for tokens that are already canonical keys (Korean
/// syllable keys, organisation concepts) or transliterated Hangul syllables,
/// where a one-letter difference is another syllable, not a typo.
pub fn exact_similarity(a: &str, b: &str) -> f32 {
    if a == b { 1.0 } else { 0.0 }
}

/// [`score_name`] with another token similarity.
pub fn score_name_with(
    query: &[String],
    query_weights: &[f32],
    listed: &[String],
    listed_weights: &[f32],
    similarity: fn(&str, &str) -> f32,
) -> NameScore {
    score_name_by(query, query_weights, listed, listed_weights, |i, j| {
        similarity(&query[i], &listed[j])
    })
}

/// [`score_name`] with `similarity(i, j)` the similarity of query token `i`
/// and listed token `j` (remembered ones, say).
pub fn score_name_by(
    query: &[String],
    query_weights: &[f32],
    listed: &[String],
    listed_weights: &[f32],
    similarity: impl FnMut(usize, usize) -> f32,
) -> NameScore {
    score_name_extended(
        query,
        query_weights,
        listed,
        listed_weights,
        similarity,
        Extras::default(),
        |_| 0.0,
    )
}

/// [`score_name_by`] with joined and split words and initials in order
/// ([`Pairing::score_extended`]).
pub fn score_name_extended(
    query: &[String],
    query_weights: &[f32],
    listed: &[String],
    listed_weights: &[f32],
    similarity: impl FnMut(usize, usize) -> f32,
    extras: Extras<'_>,
    compound: impl FnMut(Compound) -> f32,
) -> NameScore {
    let mut pairing = Pairing::default();
    let total: f32 = query_weights.iter().sum::<f32>() + listed_weights.iter().sum::<f32>();
    let score = pairing.score_extended(
        query_weights,
        listed_weights,
        total,
        similarity,
        extras,
        compound,
    );
    let tokens = query
        .iter()
        .zip(&pairing.query_partner)
        .zip(query_weights)
        .map(|((q, partner), &weight)| {
            let (listed, similarity) = match *partner {
                Some(p) if p.kind == JOIN => (
                    Some(format!("{} {}", listed[p.listed], listed[p.listed + 1])),
                    p.similarity,
                ),
                Some(p) => (Some(listed[p.listed].clone()), p.similarity),
                None => (None, 0.0),
            };
            TokenMatch {
                query: q.clone(),
                listed,
                similarity: round3(similarity),
                weight: round3(weight),
            }
        })
        .collect();
    let unmatched_listed = listed
        .iter()
        .zip(&pairing.listed_used)
        .filter(|(_, used)| !**used)
        .map(|(t, _)| t.clone())
        .collect();
    let (omitted, substituted) = pairing.unpaired(query_weights, listed_weights);
    let mut notes = Vec::new();
    if omitted > 0.0 {
        notes.push(format!(
            "one name holds the other: the words it leaves out count x{}",
            OMISSION_FACTOR
        ));
    }
    if substituted > 0.0 {
        notes.push(format!(
            "words on both sides unpaired: they count x{}",
            SUBSTITUTION_FACTOR
        ));
    }
    if crosses_nasab(
        &pairing.query_partner,
        extras.query_nasab,
        extras.listed_nasab,
    ) {
        notes.push(format!(
            "a name stands on the other side of bin/ibn (a father's name for a son's): \
             x{NASAB_CROSSING_FACTOR}"
        ));
    }
    NameScore {
        score,
        tokens,
        unmatched_listed,
        notes,
    }
}

/// The fewest words (tokens that weigh something) a name held in another
/// must have for the other's unpaired words to cost less.
pub const MIN_HELD_WORDS: usize = 2;

/// What the words a name leaves out of another cost, as a share of their
/// weight, when every word of that name is in the other (`SIRAJUDDIN
/// HAQQANI` in `SIRAJUDDIN JALLALOUDINE HAQQANI`): see the module docs for
/// why, and for the sweep this was chosen from.
pub const OMISSION_FACTOR: f32 = 0.8;

/// What the unpaired words cost, as a share of their weight, when both
/// names have some (`... ABDUL HAMID` against `... ABDUL GHANI`: another
/// father's name, another person). See the module docs.
pub const SUBSTITUTION_FACTOR: f32 = 1.25;

/// Query token `query` may be two listed tokens joined ([`Extras::compound`]).
pub const MAY_JOIN: u8 = 1;
/// Query tokens `query` and `query + 1` may be one listed token.
pub const MAY_SPLIT: u8 = 2;

/// A pair of more than two tokens.
#[derive(Debug, Clone, Copy)]
pub enum Compound {
    /// Query token `query` with listed tokens `listed` and `listed + 1`.
    Join { query: usize, listed: usize },
    /// Query tokens `query` and `query + 1` with listed token `listed`.
    Split { query: usize, listed: usize },
}

/// What a pairing may do beyond pairing one query token with one listed
/// token, and which tokens are initials (single letters), whose pairs must
/// keep the name's order.
#[derive(Debug, Default, Clone, Copy)]
pub struct Extras<'a> {
    /// Per query token, [`MAY_JOIN`] and [`MAY_SPLIT`] bits (empty: none).
    pub compound: &'a [u8],
    /// Bit i: query token i is a single letter.
    pub query_initials: u64,
    /// Bit j: listed token j is a single letter.
    pub listed_initials: u64,
    /// The query's and the listed name's [`nasab_roles`] (empty: no
    /// particle); a pairing that crosses them keeps
    /// [`NASAB_CROSSING_FACTOR`] of its score.
    pub query_nasab: &'a [u8],
    pub listed_nasab: &'a [u8],
}

const SINGLE: u8 = 0;
const JOIN: u8 = 1;
const SPLIT: u8 = 2;
/// The second query token of a split pair (its weight counted with the first).
const SPLIT_SECOND: u8 = 3;

/// A query token's partner: a listed token (or two, from `listed`, for a
/// join), their similarity and the kind of pair.
#[derive(Debug, Clone, Copy)]
struct Partner {
    listed: usize,
    similarity: f32,
    kind: u8,
}

fn bit(mask: u64, i: usize) -> bool {
    i < 64 && (mask >> i) & 1 == 1
}

/// The greedy pairing of query tokens with listed tokens, and the buffers it
/// works in (kept to score the next candidate name without allocating).
#[derive(Default)]
pub struct Pairing {
    /// Candidate pairs (similarity, kind, query token, listed token).
    pairs: Vec<(f32, u8, usize, usize)>,
    /// Per query token: its listed partner.
    query_partner: Vec<Option<Partner>>,
    /// Per listed token: whether a query token took it.
    listed_used: Vec<bool>,
}

impl Pairing {
    /// Pairs the tokens, most alike first, and returns the weighted Dice
    /// score (see the module docs). `similarity(i, j)` is the similarity of
    /// query token `i` and listed token `j`.
    pub fn score(
        &mut self,
        query_weights: &[f32],
        listed_weights: &[f32],
        similarity: impl FnMut(usize, usize) -> f32,
    ) -> f32 {
        let total: f32 = query_weights.iter().sum::<f32>() + listed_weights.iter().sum::<f32>();
        self.score_with_total(query_weights, listed_weights, total, similarity)
    }

    /// [`Pairing::score`], given `total`: the sum of the query weights
    /// plus the sum of the listed weights, each summed in order (as the
    /// index keeps them per name), so that the result is the same bit for
    /// bit.
    pub fn score_with_total(
        &mut self,
        query_weights: &[f32],
        listed_weights: &[f32],
        total: f32,
        similarity: impl FnMut(usize, usize) -> f32,
    ) -> f32 {
        self.score_extended(
            query_weights,
            listed_weights,
            total,
            similarity,
            Extras::default(),
            |_| 0.0,
        )
    }

    /// [`Pairing::score_with_total`], where a query token may also pair with
    /// two adjacent listed tokens, or two adjacent query tokens with one
    /// listed token (`compound` gives their similarity, for the query
    /// tokens `extras` allows), weighing all the tokens of the pair; and
    /// where a pair with an initial is taken only after every other pair,
    /// and only where it keeps the pairs in name order ([`keeps_order`]).
    pub fn score_extended(
        &mut self,
        query_weights: &[f32],
        listed_weights: &[f32],
        total: f32,
        mut similarity: impl FnMut(usize, usize) -> f32,
        extras: Extras<'_>,
        mut compound: impl FnMut(Compound) -> f32,
    ) -> f32 {
        let (n, m) = (query_weights.len(), listed_weights.len());
        self.pairs.clear();
        for i in 0..n {
            for j in 0..m {
                let s = similarity(i, j);
                if s > 0.0 {
                    self.pairs.push((s, SINGLE, i, j));
                }
            }
        }
        for (i, &flags) in extras.compound.iter().enumerate().take(n) {
            if flags & MAY_JOIN != 0 {
                for j in 0..m.saturating_sub(1) {
                    let s = compound(Compound::Join {
                        query: i,
                        listed: j,
                    });
                    if s > 0.0 {
                        self.pairs.push((s, JOIN, i, j));
                    }
                }
            }
            if flags & MAY_SPLIT != 0 && i + 1 < n {
                for j in 0..m {
                    let s = compound(Compound::Split {
                        query: i,
                        listed: j,
                    });
                    if s > 0.0 {
                        self.pairs.push((s, SPLIT, i, j));
                    }
                }
            }
        }
        // Most alike first; ties keep the word order (earlier tokens pair
        // first), single pairs before compound ones. No two pairs are
        // equal, so an unstable sort gives the one order.
        self.pairs.sort_unstable_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then(a.1.cmp(&b.1))
                .then(a.2.cmp(&b.2))
                .then(a.3.cmp(&b.3))
        });
        self.query_partner.clear();
        self.query_partner.resize(n, None);
        self.listed_used.clear();
        self.listed_used.resize(m, false);
        let ordered = extras.query_initials != 0 || extras.listed_initials != 0;
        let is_initial = |kind: u8, i: usize, j: usize| {
            ordered
                && kind == SINGLE
                && (bit(extras.query_initials, i) || bit(extras.listed_initials, j))
        };
        let phases = if ordered { 2 } else { 1 };
        for phase in 0..phases {
            for k in 0..self.pairs.len() {
                let (s, kind, i, j) = self.pairs[k];
                let initial = is_initial(kind, i, j);
                if initial != (phase == 1) || !self.free(kind, i, j) {
                    continue;
                }
                if initial && !keeps_order(&self.query_partner, i, j) {
                    continue;
                }
                self.take(kind, i, j, s);
            }
        }
        let mut gained = 0.0;
        for (i, (partner, &weight)) in self.query_partner.iter().zip(query_weights).enumerate() {
            let Some(p) = *partner else { continue };
            gained += p.similarity
                * match p.kind {
                    SINGLE => weight + listed_weights[p.listed],
                    JOIN => weight + listed_weights[p.listed] + listed_weights[p.listed + 1],
                    SPLIT => weight + query_weights[i + 1] + listed_weights[p.listed],
                    _ => 0.0,
                };
        }
        let (omitted, substituted) = self.unpaired(query_weights, listed_weights);
        // A name held only approximately (a typo in a held word) is held
        // that much less: the discount shrinks with the pairs' similarity,
        // `gained` over what the pairs weigh (1 when all are exact).
        let paired = total - omitted;
        let held = if omitted > 0.0 && paired > 0.0 {
            (gained / paired).min(1.0)
        } else {
            0.0
        };
        let total = total - (1.0 - OMISSION_FACTOR) * held * omitted
            + (SUBSTITUTION_FACTOR - 1.0) * substituted;
        let crossing = crosses_nasab(&self.query_partner, extras.query_nasab, extras.listed_nasab);
        let factor = if crossing { NASAB_CROSSING_FACTOR } else { 1.0 };
        if total > 0.0 {
            (gained / total).clamp(0.0, 1.0) * factor
        } else {
            0.0
        }
    }

    /// The weight of the unpaired tokens of one side when every token of
    /// the other side is paired (one name holds the other), and the weight
    /// of the unpaired tokens of both sides when both have some.
    fn unpaired(&self, query_weights: &[f32], listed_weights: &[f32]) -> (f32, f32) {
        let unpaired_query: f32 = self
            .query_partner
            .iter()
            .zip(query_weights)
            .filter(|(p, _)| p.is_none())
            .map(|(_, &w)| w)
            .sum();
        let unpaired_listed: f32 = self
            .listed_used
            .iter()
            .zip(listed_weights)
            .filter(|(used, _)| !**used)
            .map(|(_, &w)| w)
            .sum();
        let words = |weights: &[f32]| weights.iter().filter(|&&w| w > 0.0).count();
        match (unpaired_query > 0.0, unpaired_listed > 0.0) {
            (true, false) if words(listed_weights) >= MIN_HELD_WORDS => (unpaired_query, 0.0),
            (false, true) if words(query_weights) >= MIN_HELD_WORDS => (unpaired_listed, 0.0),
            (true, true) => (0.0, unpaired_query + unpaired_listed),
            _ => (0.0, 0.0),
        }
    }

    /// Whether the tokens of a pair of this kind are all still free.
    fn free(&self, kind: u8, i: usize, j: usize) -> bool {
        let query_free = |i: usize| self.query_partner.get(i).is_some_and(Option::is_none);
        let listed_free = |j: usize| self.listed_used.get(j).is_some_and(|used| !used);
        match kind {
            JOIN => query_free(i) && listed_free(j) && listed_free(j + 1),
            SPLIT => query_free(i) && query_free(i + 1) && listed_free(j),
            _ => query_free(i) && listed_free(j),
        }
    }

    fn take(&mut self, kind: u8, i: usize, j: usize, similarity: f32) {
        self.query_partner[i] = Some(Partner {
            listed: j,
            similarity,
            kind,
        });
        self.listed_used[j] = true;
        match kind {
            JOIN => self.listed_used[j + 1] = true,
            SPLIT => {
                self.query_partner[i + 1] = Some(Partner {
                    listed: j,
                    similarity,
                    kind: SPLIT_SECOND,
                })
            }
            _ => {}
        }
    }
}

/// Whether pairing query token `i` with listed token `j` keeps every pair
/// in name order: the listed positions, read in query order, rise but for
/// at most one step down, counted round the end (a rotation: `V. Putin`
/// for `PUTIN, Vladimir`, where the family name is written first). Single
/// letters carry no more than their place in the name: `C. B. A.` must not
/// be `A. B. C.`.
fn keeps_order(partners: &[Option<Partner>], i: usize, j: usize) -> bool {
    let listed_at = |q: usize| {
        if q == i {
            Some(j)
        } else {
            partners[q]
                .filter(|p| p.kind != SPLIT_SECOND)
                .map(|p| p.listed)
        }
    };
    let order: Vec<usize> = (0..partners.len()).filter_map(listed_at).collect();
    let descents = (0..order.len())
        .filter(|&k| order[k] > order[(k + 1) % order.len()])
        .count();
    descents <= 1
}

fn round3(x: f32) -> f32 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        crate::normalize::tokens(s)
    }

    fn flat(s: &[String]) -> Vec<f32> {
        vec![1.0; s.len()]
    }

    fn score(q: &str, l: &str) -> f32 {
        let (q, l) = (toks(q), toks(l));
        score_name(&q, &flat(&q), &l, &flat(&l)).score
    }

    #[test]
    fn same_name_in_any_order_scores_one() {
        assert_eq!(score("KIM Jong Un", "KIM, Jong Un"), 1.0);
        assert_eq!(score("Jong Un Kim", "KIM, Jong Un"), 1.0);
    }

    #[test]
    fn a_different_given_name_syllable_stays_below_the_alert_threshold() {
        assert!(score("Kim Jong Nam", "KIM, Jong Un") < super::super::DEFAULT_ALERT_THRESHOLD);
    }

    #[test]
    fn one_typo_in_a_long_word_still_alerts() {
        let s = score(
            "Munitions Industri Department",
            "MUNITIONS INDUSTRY DEPARTMENT",
        );
        assert!(s > 0.9, "{s}");
    }

    #[test]
    fn numbers_must_be_equal() {
        assert_eq!(token_similarity("2004", "2005"), 0.0);
        assert_eq!(token_similarity("1944", "1944"), 1.0);
        assert_eq!(token_similarity("121st", "122nd"), 0.0);
        // A word with a digit for a letter is a typo of the word.
        assert!(token_similarity("sech1n", "sechin") > 0.8);
    }

    #[test]
    fn short_tokens_must_be_equal() {
        assert_eq!(token_similarity("un", "in"), 0.0);
        assert_eq!(token_similarity("un", "un"), 1.0);
    }

    #[test]
    fn extra_listed_words_lower_the_score() {
        // One of three equally weighted words: 2 * 1 / (1 + 3). A single
        // word is no name held in another: no discount.
        assert_eq!(score("Kim", "KIM, Jong Un"), 0.5);
    }

    #[test]
    fn words_a_held_name_leaves_out_cost_less() {
        // 4 / (4 + 0.8) where every word costs the same: above the alert
        // threshold, where 4 / 5 was on it.
        let held = score("Sirajuddin Haqqani", "Sirajuddin Jallaloudine Haqqani");
        assert!((held - 4.0 / 4.8).abs() < 1e-6, "{held}");
        let longer_query = score("Fazl Rabi Abdul Hamid", "Fazl Rabi");
        assert!((longer_query - 4.0 / 5.6).abs() < 1e-6, "{longer_query}");
        assert!(
            held > score(
                "Sirajuddin Haqqani Jallaloudine Khan",
                "Sirajuddin Haqqani Ibrahim"
            )
        );
        // Held with a typo: held less, so the discount is smaller.
        let typo = score("Sirajudin Haqqani", "Sirajuddin Jallaloudine Haqqani");
        let similarity = token_similarity("sirajudin", "sirajuddin");
        let full_discount = (2.0 * similarity + 2.0) / 4.8;
        let no_discount = (2.0 * similarity + 2.0) / 5.0;
        assert!(typo < full_discount && typo > no_discount, "{typo}");
    }

    #[test]
    fn a_word_in_place_of_another_costs_more() {
        // 6 / (8 + 0.25 * 2): another father's name is another person.
        let s = score("Fazl Rabi Abdul Hamid", "Fazl Rabi Abdul Ghani");
        assert!((s - 6.0 / 8.5).abs() < 1e-6, "{s}");
        assert!(s < super::super::DEFAULT_ALERT_THRESHOLD);
    }

    #[test]
    fn a_father_and_his_son_are_not_one_name() {
        let son = score_full("Mohammed bin Salman Al Saud", "Salman bin Mohammed Al Saud");
        assert!((son - NASAB_CROSSING_FACTOR).abs() < 1e-6, "{son}");
        // In the same order, or without the particle on one side, it is the name.
        assert_eq!(
            score_full("Mohammed bin Salman", "Mohammed bin Salman"),
            1.0
        );
        // Without a particle on the query's side no role is known: only the
        // unpaired `bin` costs.
        let unknown = score_full("Mohammed Salman", "Salman bin Mohammed");
        let unpaired = score_full("Mohammed Salman", "Salman Mohammed bin");
        assert_eq!(unknown, unpaired);
        // A leading `Ben` is a given name, not a particle.
        assert!(nasab_roles(&toks("Ben Netanyahu")).is_empty());
        assert_eq!(
            nasab_roles(&toks("Hamadi ben Ali ben Omar Trabelsi")),
            [CHILD, PARTICLE, CHILD | PARENT, PARTICLE, PARENT, 0]
        );
        // Generations left out, or the family name written first, are the
        // same person.
        let omitted = name_score_full("Osama bin Laden", "Usama bin Muhammad ibn Awad ibn Ladin");
        assert!(
            omitted.score > 0.0 && !omitted.notes.iter().any(|n| n.contains("bin/ibn")),
            "{omitted:?}"
        );
        let family_first = score_full("Al Bin Ali, Isa Bin Tarif", "Isa Bin Tarif Al Bin Ali");
        assert_eq!(family_first, 1.0);
        // The particle's neighbours swapped inside a longer name still cross.
        let crossed = score_full("Ibrahim bin Saif Al-Masri", "Saif bin Ibrahim Al-Masri");
        assert!((crossed - NASAB_CROSSING_FACTOR).abs() < 1e-6, "{crossed}");
    }

    #[test]
    fn two_words_split_from_one_keep_one_part_exact() {
        assert!(split_similarity("pricewaterhouse", "coopers", "pricewaterhousecoopers") > 0.95);
        assert!(split_similarity("pricewaterhuose", "coopers", "pricewaterhousecoopers") > 0.9);
        assert_eq!(split_similarity("emma", "patel", "emmatel"), 0.0);
    }

    #[test]
    fn the_bounded_edit_distance_is_strsims() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "bca",
            "vinko",
            "vikno",
            "kim",
            "jong",
            "jeong",
            "chong",
            "mohammed",
            "muhammad",
            "mohamed",
            "mohammad",
            "hassan",
            "hasan",
            "husain",
            "ryonbong",
            "ryongbong",
            "corporation",
            "corporations",
            "coprorationn",
            "abcdefgh",
            "badcfehg",
            "aaaa",
            "aaab",
            "abab",
            "baba",
            "kimjongun",
            "munitions",
        ];
        for a in words {
            for b in words {
                let expected = strsim::osa_distance(a, b);
                for budget in 0..4 {
                    let within = (expected <= budget).then_some(expected);
                    assert_eq!(
                        osa_distance_within(a, b, budget),
                        within,
                        "{a} {b} {budget}"
                    );
                }
            }
        }
        // Long and non-ASCII tokens go to strsim.
        let long = "a".repeat(40);
        assert_eq!(osa_distance_within(&long, &"a".repeat(39), 2), Some(1));
        assert_eq!(osa_distance_within("müller", "muller", 2), Some(1));
    }

    #[test]
    fn remembered_similarities_equal_computed_ones() {
        let words = [
            "ali", "hassan", "hasan", "hassen", "mohammed", "muhammad", "ahmed", "ahmad",
        ];
        let mut known: Vec<Similarities> = words.iter().map(|_| Similarities::default()).collect();
        for _ in 0..2 {
            for (q, known) in words.iter().zip(&mut known) {
                for (no, l) in words.iter().enumerate() {
                    let expected = token_similarity(q, l).to_bits();
                    assert_eq!(known.get(q, no as u32, l).to_bits(), expected);
                    assert_eq!(known.get(q, u32::MAX, l).to_bits(), expected);
                }
            }
        }
    }

    #[test]
    fn rare_tokens_weigh_more() {
        let q = toks("Ali Hassan");
        let l = toks("Ali Mahmoud");
        // "ali" common (weight 1), "hassan"/"mahmoud" rare (weight 5): little in common.
        let s = score_name(&q, &[1.0, 5.0], &l, &[1.0, 5.0]).score;
        assert!(s < 0.2, "{s}");
    }

    /// [`score`] with every compound pair tried and initials marked, as a
    /// search scores a name its candidate sources found.
    fn score_full(q: &str, l: &str) -> f32 {
        name_score_full(q, l).score
    }

    /// [`score_full`] with its explanation.
    fn name_score_full(q: &str, l: &str) -> NameScore {
        let (q, l) = (toks(q), toks(l));
        let initials = |t: &[String]| {
            t.iter()
                .enumerate()
                .filter(|(_, t)| t.len() == 1)
                .fold(0u64, |m, (i, _)| m | 1 << i)
        };
        let compound = vec![MAY_JOIN | MAY_SPLIT; q.len()];
        let extras = Extras {
            compound: &compound,
            query_initials: initials(&q),
            listed_initials: initials(&l),
            query_nasab: &nasab_roles(&q),
            listed_nasab: &nasab_roles(&l),
        };
        score_name_extended(
            &q,
            &flat(&q),
            &l,
            &flat(&l),
            |i, j| token_similarity(&q[i], &l[j]),
            extras,
            |c| match c {
                Compound::Join {
                    query: i,
                    listed: j,
                } => joined_similarity(&q[i], &l[j], &l[j + 1]),
                Compound::Split {
                    query: i,
                    listed: j,
                } => split_similarity(&q[i], &q[i + 1], &l[j]),
            },
        )
    }

    #[test]
    fn joined_and_split_words_score_just_under_the_name_written_apart() {
        for (q, l) in [
            ("VladimirPutin", "PUTIN, Vladimir"),
            ("DandongHongxiang", "Dandong Hongxiang"),
            ("Volasys Silverstar", "VOLASYS SILVER STAR"),
            ("Abubakr al-Baghdadi", "Abu Bakr al-Baghdadi"),
            ("PricewaterhouseCoopers", "Pricewaterhouse Coopers"),
            ("Pricewaterhouse Coopers", "PricewaterhouseCoopers"),
            ("Pricewaterhouse Coopers", "PRICEWATERHOUSECOOPRS"),
        ] {
            let s = score_full(q, l);
            assert!((0.9..1.0).contains(&s), "{q} / {l}: {s}");
            assert!(s <= score_full(l, l), "{q} / {l}: {s}");
        }
        // Joined, but both halves misspelt: no longer the name.
        assert!(score_full("Silvrstr", "SILVER STAR") == 0.0);
        assert_eq!(score("VladimirPutin", "PUTIN, Vladimir"), 0.0);
    }

    #[test]
    fn initials_pair_with_words_in_name_order_only() {
        let v = score_full("V. Putin", "PUTIN, Vladimir");
        assert!(
            v > 0.8 && v < score_full("Vladimir Putin", "PUTIN, Vladimir"),
            "{v}"
        );
        let jc = score_full("J.-C. Juncker", "Jean-Claude JUNCKER");
        assert!(jc > 0.8, "{jc}");
        let j = score_full("J. Juncker", "JUNCKER, Jean-Claude");
        assert!(j > score_full("Juncker", "JUNCKER, Jean-Claude"), "{j}");
        assert!(j > score_full("K. Juncker", "JUNCKER, Jean-Claude"), "{j}");
        // Out of order: the letters are not the same name.
        assert!(score_full("C B A Company", "A B C Company") < 0.8);
        assert!(score_full("B A Company", "A B Company") < 0.8);
        assert_eq!(score_full("A B Company", "A B Company"), 1.0);
        // A name of initials alone does not alert.
        assert!(score_full("J. S.", "John Smith") < super::super::DEFAULT_ALERT_THRESHOLD);
        assert_eq!(token_similarity("v", "vladimir"), INITIAL_SIMILARITY);
        assert_eq!(token_similarity("vladimir", "v"), INITIAL_SIMILARITY);
        assert_eq!(token_similarity("w", "vladimir"), 0.0);
    }
}
