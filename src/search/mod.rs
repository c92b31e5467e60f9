//! Finding the listed entities a name may refer to, and scoring them.
//!
//! 1. The query is folded into tokens ([`crate::normalize`]).
//! 2. Candidates: each query token is looked up in the token fst, exactly for
//!    short tokens and with a Levenshtein automaton for longer ones (see
//!    [`max_edits`] and [`fuzzy`]); the postings give the names that contain a
//!    hit.
//! 3. A cheap upper bound of each candidate's score drops those that cannot
//!    reach the requested threshold.
//! 4. The rest are scored as in [`score::score_name`] (Korean names as in
//!    [`korean::score`]); an entity takes the score of its best name.
//! 5. The best are ranked ([`rank`]), and only those returned are explained
//!    ([`explain`]): the token pairing or syllable alignment is worked out
//!    again for them, with the notes. Nothing in a score depends on an
//!    explanation.
//!
//! One file per stage: [`prepare`] (1), [`candidates`] (2), [`bounds`] (3),
//! [`scoring`] (4), [`rank`] and [`explain`] (5); [`Searcher::search_cached`]
//! calls them in turn. A new source of candidates is one more step of
//! stage 2; a new way of scoring, one more comparison in stage 4.
//!
//! Scores are in [0, 1]. [`DEFAULT_ALERT_THRESHOLD`] is where `screen` raises an
//! alert; `search` shows candidates down to [`DEFAULT_SEARCH_THRESHOLD`] and marks
//! which of them would alert.

mod bounds;
mod candidates;
pub mod evidence;
mod explain;
pub mod fuzzy;
pub mod identifiers;
pub mod korean;
mod prepare;
mod rank;
pub mod request;
pub mod score;
mod scoring;
mod searcher;
mod variants;

use crate::model::{NameKind, Schema, Source};
use crate::normalize;
use crate::normalize::korean_orgs;
use serde::Serialize;
use std::collections::HashMap;

use candidates::Candidates;
use prepare::Prepared;
pub use score::{TokenMatch, score_name, score_name_with};
pub use searcher::Searcher;
use searcher::weight_of;

/// The score at or above which a screened name is an alert. A one-letter typo
/// in a two- or three-word name scores about 0.95; a different given name in
/// "KIM Jong Un" vs "KIM Jong Nam" about 0.6.
pub const DEFAULT_ALERT_THRESHOLD: f32 = 0.80;

/// The lowest score `search` lists by default (analysts want near misses).
pub const DEFAULT_SEARCH_THRESHOLD: f32 = 0.50;

/// Weak aliases count for this share of their score (OFAC does not expect
/// screening on them).
pub const WEAK_ALIAS_FACTOR: f32 = 0.90;

/// Weight factor for generic organisation words (`Trading`, `Group`,
/// `International`, ...: [`normalize::GENERIC_ORG_WORDS`]), and for a legal
/// form that is also a name part in a person's name (`Ag`, `Sa`).
pub const LEGAL_FORM_FACTOR: f32 = 0.15;

/// What a conflicting legal form leaves of a score: `X GmbH` against `X AG`
/// (see [`normalize::legal_forms`]). A 5% cut puts the listed name with the
/// query's own form (or no form) first, and keeps an otherwise identical name
/// (1.0 -> 0.95) well above the alert threshold: the lists keep forms that
/// companies have since changed (every Russian OAO became a PAO in 2014), and
/// a differently formed company of the same name is often a subsidiary in
/// the same group, which a reviewer must still see.
pub const LEGAL_FORM_CONFLICT_FACTOR: f32 = 0.95;

/// The longest query token searched and scored, in characters after folding:
/// a longer one is cut to this length before it is looked up in the token fst.
/// The longest listed token has 29 letters (`transportnogomashinostroeniia`),
/// so no listed token is within two edits of a longer query token and the cut
/// changes no hit; it bounds the work of one token (a Levenshtein automaton's
/// states grow with its length: 1,000 folded letters cost 0.2 s, and NFKC turns
/// 1,000 characters of `㌖` into one token of 11,000 letters, which cost 3.4 s
/// and 400 MB).
pub const MAX_QUERY_TOKEN_CHARS: usize = 64;

/// The most query tokens searched and scored; later ones are left out (a
/// candidate holds one bit per query token).
pub const MAX_QUERY_TOKENS: usize = 64;

/// The tokens of a query as they are searched: at most [`MAX_QUERY_TOKENS`],
/// each cut to [`MAX_QUERY_TOKEN_CHARS`].
pub fn query_tokens(name: &str) -> Vec<String> {
    normalize::tokens(name)
        .into_iter()
        .take(MAX_QUERY_TOKENS)
        .map(|mut t| {
            if let Some((cut, _)) = t.char_indices().nth(MAX_QUERY_TOKEN_CHARS) {
                t.truncate(cut);
            }
            t
        })
        .collect()
}

/// Allowed edits for a query token of this many characters: none up to 3
/// (`un`, `kim`), one up to 6, two beyond.
pub fn max_edits(len: usize) -> u32 {
    match len {
        0..=3 => 0,
        4..=6 => 1,
        _ => 2,
    }
}

/// The weight a token carries in a score: its rarity, nothing for a legal
/// form (a form on one side only does not lower a score), much reduced for
/// generic organisation words. A legal form that is also a name part (`Ag`,
/// `Sa`) is neutral only in an organisation's name (`organisation`: the
/// listed entity is not a person, or the query says it is searching
/// organisations); elsewhere it is reduced like a generic word. A title
/// leading a person's name weighs nothing as well ([`normalize::titles`]),
/// decided where the whole name is known (the searcher's name weights, and
/// the query's weights against persons).
pub fn adjust_weight(token: &str, idf: f32, organisation: bool) -> f32 {
    match normalize::legal_forms::form(token) {
        Some(_) if normalize::legal_forms::is_neutral(token, organisation) => 0.0,
        Some(_) => idf * LEGAL_FORM_FACTOR,
        None if normalize::is_generic_org_word(token) => idf * LEGAL_FORM_FACTOR,
        None => idf,
    }
}

/// How weak aliases take part in matching.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WeakAliases {
    /// Matched at [`WEAK_ALIAS_FACTOR`] of their score (the default).
    #[default]
    Reduced,
    /// Never matched on their own (OFAC's guidance: weak aliases confirm a hit
    /// found otherwise; they do not find one).
    ConfirmOnly,
}

impl WeakAliases {
    /// `reduced` or `confirm-only` (`confirm_only`), in any case.
    pub fn parse(s: &str) -> Option<WeakAliases> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "reduced" => Some(WeakAliases::Reduced),
            "confirm-only" => Some(WeakAliases::ConfirmOnly),
            _ => None,
        }
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
    /// Date of birth as evidence (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `DD/MM/YYYY`).
    pub dob: Option<String>,
    /// Nationality or country as evidence (a name or an ISO code).
    pub country: Option<String>,
    pub weak_aliases: WeakAliases,
    /// Only these entities (positions in this index's name table): screening
    /// against what changed between two builds.
    pub only: Option<std::sync::Arc<std::collections::HashSet<u32>>>,
}

impl Query {
    pub fn new(name: impl Into<String>) -> Query {
        Query {
            name: name.into(),
            limit: 10,
            threshold: DEFAULT_SEARCH_THRESHOLD,
            schema: None,
            source: None,
            dob: None,
            country: None,
            weak_aliases: WeakAliases::default(),
            only: None,
        }
    }
}

/// Why a name matched.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// The listed name that matched best and what kind of name it is (for an
    /// identifier match: the listed identifier, and no name kind).
    pub matched_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_kind: Option<NameKind>,
    /// Per query token: the listed token it met, how alike they are, and its
    /// weight in the score.
    pub tokens: Vec<TokenMatch>,
    /// Listed tokens no query token met (they lower the score).
    pub unmatched_listed: Vec<String>,
    /// `korean` when the names were compared as Korean names syllable by
    /// syllable, `identifier` for an identifier equal to a listed one,
    /// `tokens` otherwise.
    pub method: &'static str,
    /// For Korean comparisons: each syllable position and its outcome.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub syllables: Vec<korean::SyllablePair>,
    /// For Korean comparisons: how the query was read (e.g. the romanization
    /// of a Hangul query that equals the listed name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
    /// Anything else that changed the score.
    pub notes: Vec<String>,
    /// For an identifier match: which payee identifier met which listed one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identifier: Option<IdentifierHit>,
}

/// Identifier matches first, then name matches; a name match on an entity an
/// identifier already matched is folded into it as a note.
pub fn merge_identifier_matches(mut by_identifier: Vec<Match>, by_name: Vec<Match>) -> Vec<Match> {
    for m in by_name {
        if let Some(hit) = by_identifier
            .iter_mut()
            .find(|h| h.entity_id == m.entity_id)
        {
            hit.explanation.notes.push(format!(
                "the name also matched {:?} at {:.3}",
                m.matched_name, m.score
            ));
        } else {
            by_identifier.push(m);
        }
    }
    by_identifier
}

/// A payee identifier equal to a listed one.
#[derive(Debug, Clone, Serialize)]
pub struct IdentifierHit {
    /// `email`, `website`, `wallet`, `phone`, `document`.
    pub category: identifiers::IdCategory,
    /// The kind the list gives (`Email Address`, `Digital Currency Address - XBT`).
    pub listed_kind: String,
    pub listed_value: String,
    /// The value as the payee record has it.
    pub value: String,
}

/// One entity a query may refer to.
#[derive(Debug, Clone, Serialize)]
pub struct Match {
    pub entity_id: String,
    /// The score in [0, 1], rounded to four decimals.
    pub score: f64,
    /// True when the score reaches the alert threshold.
    pub alert: bool,
    /// Set when the name alone would alert but the date of birth or the
    /// country speaks against it, so that the score falls below the alert
    /// threshold: a possible match, for review, with the reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub possible: Option<String>,
    /// The entity's caption (primary name).
    pub name: String,
    pub matched_name: String,
    pub schema: Schema,
    pub sources: Vec<Source>,
    pub lists: Vec<String>,
    pub entity_version: String,
    /// The entity is a partial record: its primary record is missing from
    /// the shipped lists (see [`crate::model::Entity::partial`]).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub partial: bool,
    pub explanation: Explanation,
    /// The DPRK state bodies whose network the entity belongs to (a front of
    /// the Munitions Industry Department names it here), nearest first.
    /// The searcher leaves it empty; [`crate::Database`] fills it in.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub networks: Vec<crate::model::Membership>,
}

/// Query tokens resolved against the index once, reusable across queries:
/// the listed tokens within their edit budget, and their similarities to
/// the listed tokens they have been compared with.
#[derive(Default)]
pub struct TokenCache {
    map: HashMap<String, Vec<(u32, u32)>>,
    /// Per query token, the listed pairs it may be written as one
    /// ([`fuzzy::joined_parts`]).
    joins: HashMap<String, Vec<(u32, u32)>>,
    /// Per query token, its spelling and sound keys ([`variants`]).
    keys: HashMap<String, variants::TokenKeys>,
    similarities: HashMap<String, score::Similarities>,
    /// Similarities remembered over all tokens.
    remembered: usize,
    /// Listed tokens held in `map`, over all query tokens.
    resolved: usize,
    /// Scratch space of one search, kept between searches so that each does
    /// not allocate and clear a large map.
    candidates: Candidates,
}

impl TokenCache {
    const MAX_ENTRIES: usize = 200_000;
    /// About 4 MB of remembered similarities, then they are forgotten.
    const MAX_SIMILARITIES: usize = 250_000;

    /// About how many bytes the cache holds (resolved tokens and
    /// remembered similarities, not the scratch space), for callers that
    /// keep a cache for a long time and bound it.
    pub fn footprint(&self) -> usize {
        const PER_ENTRY: usize = 64;
        (self.map.len() + self.joins.len() + self.keys.len() + self.similarities.len()) * PER_ENTRY
            + self.resolved * std::mem::size_of::<(u32, u32)>()
            + self.remembered * 16
    }

    /// Index tokens (number, edit budget used) within reach of `token`.
    fn lookup(&mut self, index: &Searcher, token: &str) -> &[(u32, u32)] {
        if !self.map.contains_key(token) {
            if self.map.len() > Self::MAX_ENTRIES {
                self.map.clear();
                self.resolved = 0;
            }
            let hits = fuzzy::expand(&index.tokens, token);
            self.resolved += hits.len();
            self.map.insert(token.to_string(), hits);
        }
        &self.map[token]
    }

    /// The listed pairs of tokens `token` may be written as one.
    fn joins(&mut self, index: &Searcher, token: &str) -> &[(u32, u32)] {
        if !self.joins.contains_key(token) {
            if self.joins.len() > Self::MAX_ENTRIES {
                self.joins.clear();
            }
            let pairs = fuzzy::joined_parts(&index.tokens, token);
            self.resolved += pairs.len();
            self.joins.insert(token.to_string(), pairs);
        }
        &self.joins[token]
    }

    /// The spelling and sound keys of `token`, its sound key only
    /// `with_sound` ([`variants::Variants::query_keys`]).
    fn keys(&mut self, index: &Searcher, token: &str, with_sound: bool) -> variants::TokenKeys {
        let keys = match self.keys.get(token) {
            Some(&keys) => keys,
            None => {
                if self.keys.len() > Self::MAX_ENTRIES {
                    self.keys.clear();
                }
                let keys = index.variants.query_keys(token, true);
                self.keys.insert(token.to_string(), keys);
                keys
            }
        };
        if with_sound {
            keys
        } else {
            keys.without_sound()
        }
    }

    /// The similarities of `token` remembered so far, lent to one search
    /// (and given back with [`TokenCache::give_back`]).
    fn lend_similarities(&mut self, token: &str) -> score::Similarities {
        let lent = self.similarities.remove(token).unwrap_or_default();
        self.remembered -= lent.len();
        lent
    }

    fn give_back(&mut self, token: &str, similarities: score::Similarities) {
        if similarities.is_empty() {
            return;
        }
        // A token twice in one query was lent once: keep what it learnt.
        match self.similarities.get_mut(token) {
            Some(kept) if kept.len() >= similarities.len() => {}
            Some(kept) => {
                self.remembered -= kept.len();
                self.remembered += similarities.len();
                *kept = similarities;
            }
            None => {
                self.remembered += similarities.len();
                self.similarities.insert(token.to_string(), similarities);
            }
        }
        if self.remembered > Self::MAX_SIMILARITIES || self.similarities.len() > Self::MAX_ENTRIES {
            self.similarities.clear();
            self.remembered = 0;
        }
    }
}

impl Searcher {
    /// Matches on identifiers: every listed identifier equal to one of
    /// `wanted` (category, value) after canonical normalization, as a match
    /// at score 1 that alerts on its own. Respects the query's schema and
    /// source filters.
    pub fn identifier_matches(
        &self,
        wanted: &[(identifiers::IdCategory, String)],
        schema: Option<Schema>,
        source: Option<Source>,
    ) -> Vec<Match> {
        let mut out: Vec<Match> = Vec::new();
        for (category, value) in wanted {
            for row in self.identifier_rows(*category, value) {
                let e = &self.table.entities[row.entity as usize];
                if schema.is_some_and(|s| s != e.schema)
                    || source.is_some_and(|s| !e.sources.contains(&s))
                    || out.iter().any(|m| m.entity_id == e.id)
                {
                    continue;
                }
                out.push(Match {
                    entity_id: e.id.clone(),
                    score: 1.0,
                    alert: true,
                    possible: None,
                    name: e.caption.clone(),
                    matched_name: row.value.clone(),
                    schema: e.schema,
                    sources: e.sources.clone(),
                    lists: e.lists.clone(),
                    entity_version: e.version.clone(),
                    partial: e.partial,
                    explanation: Explanation {
                        matched_name: row.value.clone(),
                        name_kind: None,
                        tokens: Vec::new(),
                        unmatched_listed: Vec::new(),
                        method: "identifier",
                        syllables: Vec::new(),
                        reading: None,
                        notes: vec![format!(
                            "{} {:?} equals the listed {} {:?}",
                            category.as_str(),
                            value,
                            row.kind,
                            row.value
                        )],
                        identifier: Some(IdentifierHit {
                            category: *category,
                            listed_kind: row.kind.clone(),
                            listed_value: row.value.clone(),
                            value: value.clone(),
                        }),
                    },
                    networks: Vec::new(),
                });
            }
        }
        out
    }

    /// Searches with a fresh token cache.
    pub fn search(&self, query: &Query) -> Vec<Match> {
        self.search_cached(query, &mut TokenCache::default())
    }

    /// Searches, reusing resolved tokens across calls (batch screening): the
    /// stages of the module doc, one call each.
    pub fn search_cached(&self, query: &Query, cache: &mut TokenCache) -> Vec<Match> {
        let Some(prepared) = Prepared::new(self, query, cache) else {
            return Vec::new();
        };
        let mut candidates = std::mem::take(&mut cache.candidates);
        candidates.gather(self, &prepared);
        let mut similarities: Vec<score::Similarities> = if prepared.hangul {
            Vec::new()
        } else {
            prepared
                .tokens
                .iter()
                .map(|t| cache.lend_similarities(t))
                .collect()
        };
        let best = scoring::best_names(self, &prepared, &candidates, &mut similarities);
        candidates.clear();
        cache.candidates = candidates;

        let (matches, similarities) = self.matches(best, &prepared, similarities);
        for (t, similarities) in prepared.tokens.iter().zip(similarities) {
            cache.give_back(t, similarities);
        }
        matches
    }

    /// Weight of an organisation key: rarity, much reduced for generic words
    /// (company, corporation, trading, Korea).
    pub(super) fn org_weight(&self, key: &str) -> f32 {
        org_key_weight(&self.tokens, &self.token_weight, self.unseen_weight, key)
    }

    pub(super) fn query_idf(&self, t: &str) -> f32 {
        // A query token that is in no listed name is as rare as can be.
        weight_of(&self.tokens, &self.token_weight, self.unseen_weight, t)
    }
}

/// Weight of an organisation key in an index: rarity, much reduced for
/// generic words (company, corporation, trading, Korea). Worked out for every
/// listed name when the index opens, and for the query's keys per search.
pub(crate) fn org_key_weight(
    tokens: &fst::Map<Vec<u8>>,
    token_weight: &[f32],
    unseen_weight: f32,
    key: &str,
) -> f32 {
    let idf = weight_of(tokens, token_weight, unseen_weight, key);
    let generic = key
        .strip_prefix(korean_orgs::CONCEPT_PREFIX)
        .and_then(korean_orgs::concept_weight)
        .is_some_and(|w| w == korean_orgs::Weight::Generic);
    if generic {
        idf * LEGAL_FORM_FACTOR
    } else {
        idf
    }
}

fn round4(x: f32) -> f64 {
    (f64::from(x) * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_query_tokens_are_cut_after_folding() {
        // 1,000 characters that NFKC writes out as 11,000 letters.
        let tokens = query_tokens(&"\u{3316}".repeat(1000));
        assert!(!tokens.is_empty());
        assert!(tokens.iter().all(|t| t.len() <= MAX_QUERY_TOKEN_CHARS));
        assert!(query_tokens(&"kim ".repeat(200)).len() == MAX_QUERY_TOKENS);
        assert_eq!(query_tokens("KIM Jong-un"), ["kim", "jong", "un"]);
    }

    #[test]
    fn edit_budget_grows_with_length() {
        assert_eq!(max_edits(2), 0);
        assert_eq!(max_edits(3), 0);
        assert_eq!(max_edits(4), 1);
        assert_eq!(max_edits(7), 2);
    }

    #[test]
    fn similarities_lent_to_a_search_come_back_and_stay_bounded() {
        let mut cache = TokenCache::default();
        let mut lent = cache.lend_similarities("hassan");
        assert!(lent.get("hassan", 7, "hasan") > 0.8);
        assert_eq!(lent.get("hassan", 8, "kim"), 0.0);
        cache.give_back("hassan", lent);
        // Both comparisons are remembered by listed token number, the one
        // ruled out by length too (it is then answered without the text).
        assert_eq!(cache.remembered, 2);
        let mut lent = cache.lend_similarities("hassan");
        assert_eq!((lent.len(), cache.remembered), (2, 0));
        assert_eq!(lent.get("hassan", 8, "not read again"), 0.0);
        // A token the index lacks (u32::MAX) is compared, not remembered.
        assert!(lent.get("hassan", u32::MAX, "hasan") > 0.8);
        cache.give_back("hassan", lent);
        // Nothing learnt, nothing kept.
        let nothing = cache.lend_similarities("kim");
        cache.give_back("kim", nothing);
        assert_eq!((cache.similarities.len(), cache.remembered), (1, 2));
    }

    #[test]
    fn legal_forms_weigh_nothing_and_generic_words_little() {
        // "ltd" is written out as "limited" by the tokenizer.
        assert_eq!(adjust_weight("limited", 5.0, false), 0.0);
        assert_eq!(adjust_weight("ojsc", 5.0, false), 0.0);
        assert!(adjust_weight("trading", 5.0, false) < 1.0);
        assert_eq!(adjust_weight("ryonbong", 5.0, false), 5.0);
        // A form that is also a name part is neutral only for organisations.
        assert_eq!(adjust_weight("ag", 5.0, true), 0.0);
        assert!(adjust_weight("ag", 5.0, false) > 0.0);
    }
}
