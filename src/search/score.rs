//! Where a score is decided.
//!
//! A query name and a listed name are compared as sets of tokens, in any order:
//!
//! - Two tokens are alike when equal (similarity 1), or when both are longer
//!   than three letters and within the edit budget [`super::max_edits`] of
//!   the shorter, a swap of neighbours one edit (similarity = the mean of
//!   Jaro-Winkler and `1 - edits / length`). Short tokens (`un`, `il`, `ho`) must be equal:
//!   they are never dropped, and never fuzzed into each other.
//! - Tokens are paired greedily, most alike first, each used once.
//! - The score is a weighted Dice coefficient:
//!   `sum(similarity * (w_query + w_listed)) / (sum(w_query) + sum(w_listed))`
//!   over the pairs, where weights are token rarity. Query tokens with no partner
//!   and listed tokens with no partner both lower the score, so "KIM Jong Nam"
//!   does not reach "KIM Jong Un".

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

/// Similarity of two folded tokens in [0, 1] (see the module docs).
pub fn token_similarity(a: &str, b: &str) -> f32 {
    if a == b {
        return 1.0;
    }
    let (la, lb) = (char_len(a), char_len(b));
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
        1.0
    } else if !within_edit_budget(char_len(query), char_len(listed)) {
        0.0
    } else {
        token_similarity(query, listed)
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
    let mut pairing = Pairing::default();
    let score = pairing.score(query_weights, listed_weights, similarity);
    let tokens = query
        .iter()
        .zip(&pairing.query_partner)
        .zip(query_weights)
        .map(|((q, partner), &weight)| match *partner {
            Some((j, s)) => TokenMatch {
                query: q.clone(),
                listed: Some(listed[j].clone()),
                similarity: round3(s),
                weight: round3(weight),
            },
            None => TokenMatch {
                query: q.clone(),
                listed: None,
                similarity: 0.0,
                weight: round3(weight),
            },
        })
        .collect();
    let unmatched_listed = listed
        .iter()
        .zip(&pairing.listed_used)
        .filter(|(_, used)| !**used)
        .map(|(t, _)| t.clone())
        .collect();
    NameScore {
        score,
        tokens,
        unmatched_listed,
        notes: Vec::new(),
    }
}

/// The greedy pairing of query tokens with listed tokens, and the buffers it
/// works in (kept to score the next candidate name without allocating).
#[derive(Default)]
pub struct Pairing {
    /// Candidate pairs (similarity, query token, listed token).
    pairs: Vec<(f32, usize, usize)>,
    /// Per query token: its listed partner and their similarity.
    query_partner: Vec<Option<(usize, f32)>>,
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
        mut similarity: impl FnMut(usize, usize) -> f32,
    ) -> f32 {
        self.pairs.clear();
        for i in 0..query_weights.len() {
            for j in 0..listed_weights.len() {
                let s = similarity(i, j);
                if s > 0.0 {
                    self.pairs.push((s, i, j));
                }
            }
        }
        // Most alike first; ties keep the word order (earlier tokens pair
        // first). No two pairs are equal, so an unstable sort gives the one
        // order.
        self.pairs
            .sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        self.query_partner.clear();
        self.query_partner.resize(query_weights.len(), None);
        self.listed_used.clear();
        self.listed_used.resize(listed_weights.len(), false);
        for &(s, i, j) in &self.pairs {
            if self.query_partner[i].is_none() && !self.listed_used[j] {
                self.query_partner[i] = Some((j, s));
                self.listed_used[j] = true;
            }
        }
        let mut gained = 0.0;
        for (partner, &weight) in self.query_partner.iter().zip(query_weights) {
            if let Some((j, s)) = *partner {
                gained += s * (weight + listed_weights[j]);
            }
        }
        if total > 0.0 {
            (gained / total).clamp(0.0, 1.0)
        } else {
            0.0
        }
    }
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
    fn short_tokens_must_be_equal() {
        assert_eq!(token_similarity("un", "in"), 0.0);
        assert_eq!(token_similarity("un", "un"), 1.0);
    }

    #[test]
    fn extra_listed_words_lower_the_score() {
        // One of three equally weighted words: 2 * 1 / (1 + 3).
        assert_eq!(score("Kim", "KIM, Jong Un"), 0.5);
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
}
