//! Finding the listed entities a name may refer to, and scoring them.
//!
//! 1. The query is folded into tokens ([`crate::normalize`]).
//! 2. Candidates: each query token is looked up in the token fst, exactly for
//!    short tokens and with a Levenshtein automaton for longer ones (see
//!    [`max_edits`]); the postings give the names that contain a hit.
//! 3. A cheap upper bound of each candidate's score drops those that cannot
//!    reach the requested threshold.
//! 4. The rest are scored by [`score::score_name`]; an entity takes the score of
//!    its best name.
//!
//! Scores are in [0, 1]. [`DEFAULT_ALERT_THRESHOLD`] is where `screen` raises an
//! alert; `search` shows candidates down to [`DEFAULT_SEARCH_THRESHOLD`] and marks
//! which of them would alert.

pub mod score;

use crate::index::{Index, weight_of};
use crate::model::{NameKind, Schema, Source};
use crate::normalize;
use fst::{IntoStreamer, Streamer};
use serde::Serialize;
use std::collections::HashMap;

pub use score::{TokenMatch, score_name};

/// The score at or above which a screened name is an alert. A one-letter typo
/// in a two- or three-word name scores about 0.95; a different given name in
/// "KIM Jong Un" vs "KIM Jong Nam" about 0.6.
pub const DEFAULT_ALERT_THRESHOLD: f32 = 0.80;

/// The lowest score `search` lists by default (analysts want near misses).
pub const DEFAULT_SEARCH_THRESHOLD: f32 = 0.50;

/// Weak aliases count for this share of their score (OFAC does not expect
/// screening on them).
pub const WEAK_ALIAS_FACTOR: f32 = 0.90;

/// Weight factor for legal-form words (`Ltd`, `Corporation`, `Trading`, ...).
pub const LEGAL_FORM_FACTOR: f32 = 0.15;

/// Allowed edits for a query token of this many characters: none up to 3
/// (`un`, `kim`), one up to 6, two beyond.
pub fn max_edits(len: usize) -> u32 {
    match len {
        0..=3 => 0,
        4..=6 => 1,
        _ => 2,
    }
}

/// The weight a token carries in a score: its rarity, much reduced for
/// legal-form words.
pub fn adjust_weight(token: &str, idf: f32) -> f32 {
    if normalize::is_legal_form(token) {
        idf * LEGAL_FORM_FACTOR
    } else {
        idf
    }
}

/// What to look for.
#[derive(Debug, Clone)]
pub struct Query {
    pub name: String,
    pub limit: usize,
    pub threshold: f32,
    pub schema: Option<Schema>,
    pub source: Option<Source>,
}

impl Query {
    pub fn new(name: impl Into<String>) -> Query {
        Query {
            name: name.into(),
            limit: 10,
            threshold: DEFAULT_SEARCH_THRESHOLD,
            schema: None,
            source: None,
        }
    }
}

/// Why a name matched.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// The listed name that matched best and what kind of name it is.
    pub matched_name: String,
    pub name_kind: NameKind,
    /// Per query token: the listed token it met, how alike they are, and its
    /// weight in the score.
    pub tokens: Vec<TokenMatch>,
    /// Listed tokens no query token met (they lower the score).
    pub unmatched_listed: Vec<String>,
    /// Anything else that changed the score.
    pub notes: Vec<String>,
}

/// One entity a query may refer to.
#[derive(Debug, Clone, Serialize)]
pub struct Match {
    pub entity_id: String,
    pub score: f32,
    /// True when the score reaches the alert threshold.
    pub alert: bool,
    /// The entity's caption (primary name).
    pub name: String,
    pub matched_name: String,
    pub schema: Schema,
    pub sources: Vec<Source>,
    pub lists: Vec<String>,
    pub entity_version: String,
    pub explanation: Explanation,
}

/// Query tokens resolved against the index once, reusable across queries.
#[derive(Default)]
pub struct TokenCache {
    map: HashMap<String, Vec<(u32, u32)>>,
}

impl TokenCache {
    const MAX_ENTRIES: usize = 200_000;

    /// Index tokens (number, edit budget used) within reach of `token`.
    fn lookup(&mut self, index: &Index, token: &str) -> &[(u32, u32)] {
        if self.map.len() > Self::MAX_ENTRIES {
            self.map.clear();
        }
        self.map
            .entry(token.to_string())
            .or_insert_with(|| expand_token(index, token))
    }
}

fn expand_token(index: &Index, token: &str) -> Vec<(u32, u32)> {
    let edits = max_edits(token.chars().count());
    if edits == 0 {
        return index
            .tokens
            .get(token)
            .map(|n| vec![(n as u32, 0)])
            .unwrap_or_default();
    }
    let Ok(automaton) = fst::automaton::Levenshtein::new(token, edits) else {
        return index
            .tokens
            .get(token)
            .map(|n| vec![(n as u32, 0)])
            .unwrap_or_default();
    };
    let mut stream = index.tokens.search(&automaton).into_stream();
    let mut out = Vec::new();
    while let Some((_, n)) = stream.next() {
        out.push((n as u32, 1));
    }
    out
}

#[derive(Default, Clone, Copy)]
struct Candidate {
    /// Query tokens that hit this name (bit i = query token i).
    query_mask: u64,
    /// Sum of the weights of the listed tokens hit.
    listed_hit: f32,
}

impl Index {
    /// Searches with a fresh token cache.
    pub fn search(&self, query: &Query) -> Vec<Match> {
        self.search_cached(query, &mut TokenCache::default())
    }

    /// Searches, reusing resolved tokens across calls (batch screening).
    pub fn search_cached(&self, query: &Query, cache: &mut TokenCache) -> Vec<Match> {
        let q_tokens: Vec<String> = normalize::tokens(&query.name)
            .into_iter()
            .take(64)
            .collect();
        if q_tokens.is_empty() {
            return Vec::new();
        }
        let q_weights: Vec<f32> = q_tokens
            .iter()
            .map(|t| adjust_weight(t, self.query_idf(t)))
            .collect();
        let q_total: f32 = q_weights.iter().sum();

        let mut candidates: HashMap<u32, Candidate> = HashMap::new();
        for (i, t) in q_tokens.iter().enumerate() {
            let hits = cache.lookup(self, t).to_vec();
            for (token_no, _) in hits {
                let w = self.token_weight[token_no as usize];
                for &name in &self.postings[token_no as usize] {
                    let c = candidates.entry(name).or_default();
                    c.query_mask |= 1 << i;
                    c.listed_hit += w;
                }
            }
        }

        let mut best: HashMap<u32, (f32, u32, score::NameScore)> = HashMap::new();
        for (name_no, cand) in candidates {
            let row = &self.table.names[name_no as usize];
            let entity = &self.table.entities[row.entity as usize];
            if query.schema.is_some_and(|s| s != entity.schema) {
                continue;
            }
            if query.source.is_some_and(|s| !entity.sources.contains(&s)) {
                continue;
            }
            let query_hit: f32 = (0..q_tokens.len())
                .filter(|i| cand.query_mask & (1 << i) != 0)
                .map(|i| q_weights[i])
                .sum();
            let name_total = self.name_weight[name_no as usize];
            let bound = (query_hit + cand.listed_hit.min(name_total)) / (q_total + name_total);
            if bound + 1e-6 < query.threshold {
                continue;
            }
            let listed_weights: Vec<f32> = row
                .tokens
                .iter()
                .map(|t| adjust_weight(t, self.listed_idf(t)))
                .collect();
            let mut s = score_name(&q_tokens, &q_weights, &row.tokens, &listed_weights);
            if row.kind == NameKind::Weak {
                s.score *= WEAK_ALIAS_FACTOR;
                s.notes.push(format!(
                    "weak alias: score x {WEAK_ALIAS_FACTOR} (OFAC expects weak aliases to confirm a hit, not to find one)"
                ));
            }
            let slot = best
                .entry(row.entity)
                .or_insert((f32::MIN, name_no, s.clone()));
            if s.score > slot.0
                || (s.score == slot.0
                    && kind_rank(row.kind) < kind_rank(self.table.names[slot.1 as usize].kind))
            {
                *slot = (s.score, name_no, s);
            }
        }

        let mut out: Vec<Match> = best
            .into_iter()
            .filter(|(_, (score, _, _))| *score >= query.threshold)
            .map(|(entity_no, (score, name_no, s))| {
                let e = &self.table.entities[entity_no as usize];
                let n = &self.table.names[name_no as usize];
                Match {
                    entity_id: e.id.clone(),
                    score: round4(score),
                    alert: score >= DEFAULT_ALERT_THRESHOLD,
                    name: e.caption.clone(),
                    matched_name: n.text.clone(),
                    schema: e.schema,
                    sources: e.sources.clone(),
                    lists: e.lists.clone(),
                    entity_version: e.version.clone(),
                    explanation: Explanation {
                        matched_name: n.text.clone(),
                        name_kind: n.kind,
                        tokens: s.tokens,
                        unmatched_listed: s.unmatched_listed,
                        notes: s.notes,
                    },
                }
            })
            .collect();
        out.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(kind_rank(a.explanation.name_kind).cmp(&kind_rank(b.explanation.name_kind)))
                .then(a.entity_id.cmp(&b.entity_id))
        });
        out.truncate(query.limit);
        out
    }

    fn query_idf(&self, t: &str) -> f32 {
        // A query token that is in no listed name is as rare as can be.
        weight_of(&self.tokens, &self.token_weight, self.unseen_weight, t)
    }

    fn listed_idf(&self, t: &str) -> f32 {
        weight_of(&self.tokens, &self.token_weight, self.unseen_weight, t)
    }
}

fn kind_rank(k: NameKind) -> u8 {
    match k {
        NameKind::Primary => 0,
        NameKind::Alias => 1,
        NameKind::Former => 2,
        NameKind::Weak => 3,
    }
}

fn round4(x: f32) -> f32 {
    (x * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_budget_grows_with_length() {
        assert_eq!(max_edits(2), 0);
        assert_eq!(max_edits(3), 0);
        assert_eq!(max_edits(4), 1);
        assert_eq!(max_edits(7), 2);
    }

    #[test]
    fn legal_forms_weigh_little() {
        assert!(adjust_weight("ltd", 5.0) < 1.0);
        assert_eq!(adjust_weight("ryonbong", 5.0), 5.0);
    }
}
