//! Where a score is decided.
//!
//! A query name and a listed name are compared as sets of tokens, in any order:
//!
//! - Two tokens are alike when equal (similarity 1), or when both are longer
//!   than three letters and within the edit budget of [`super::max_edits`]
//!   (similarity = the mean of Jaro-Winkler and `1 - edits / length`). Short tokens (`un`, `il`, `ho`) must be equal:
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
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la <= 3 || lb <= 3 {
        return 0.0;
    }
    let longest = la.max(lb);
    // Optimal string alignment: a swap of two neighbouring letters ("Vikno"
    // for "Vinko") is one edit, as a typist makes it.
    let edits = strsim::osa_distance(a, b);
    if edits as u32 > super::max_edits(longest) {
        return 0.0;
    }
    // Jaro-Winkler favours shared prefixes; the edit ratio keeps a two-edit
    // difference in a seven-letter word from looking like a typo.
    let edit_ratio = 1.0 - edits as f64 / longest as f64;
    ((strsim::jaro_winkler(a, b) + edit_ratio) / 2.0) as f32
}

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
    let mut pairs: Vec<(f32, usize, usize)> = Vec::new();
    for (i, q) in query.iter().enumerate() {
        for (j, l) in listed.iter().enumerate() {
            let s = similarity(q, l);
            if s > 0.0 {
                pairs.push((s, i, j));
            }
        }
    }
    // Most alike first; ties keep the word order (earlier tokens pair first).
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut q_used = vec![None; query.len()];
    let mut l_used = vec![false; listed.len()];
    for (s, i, j) in pairs {
        if q_used[i].is_none() && !l_used[j] {
            q_used[i] = Some((j, s));
            l_used[j] = true;
        }
    }
    let total: f32 = query_weights.iter().sum::<f32>() + listed_weights.iter().sum::<f32>();
    let mut gained = 0.0;
    let mut tokens = Vec::with_capacity(query.len());
    for (i, q) in query.iter().enumerate() {
        match q_used[i] {
            Some((j, s)) => {
                gained += s * (query_weights[i] + listed_weights[j]);
                tokens.push(TokenMatch {
                    query: q.clone(),
                    listed: Some(listed[j].clone()),
                    similarity: round3(s),
                    weight: round3(query_weights[i]),
                });
            }
            None => tokens.push(TokenMatch {
                query: q.clone(),
                listed: None,
                similarity: 0.0,
                weight: round3(query_weights[i]),
            }),
        }
    }
    let unmatched_listed = listed
        .iter()
        .zip(&l_used)
        .filter(|(_, used)| !**used)
        .map(|(t, _)| t.clone())
        .collect();
    let score = if total > 0.0 {
        (gained / total).clamp(0.0, 1.0)
    } else {
        0.0
    };
    NameScore {
        score,
        tokens,
        unmatched_listed,
        notes: Vec::new(),
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
    fn rare_tokens_weigh_more() {
        let q = toks("Ali Hassan");
        let l = toks("Ali Mahmoud");
        // "ali" common (weight 1), "hassan"/"mahmoud" rare (weight 5): little in common.
        let s = score_name(&q, &[1.0, 5.0], &l, &[1.0, 5.0]).score;
        assert!(s < 0.2, "{s}");
    }
}
