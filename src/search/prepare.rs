//! Stage 1, the query: its tokens and their weights, the listed tokens each
//! reaches in the token fst, its evidence (date of birth, country), its
//! Korean layouts and its organisation keys. Everything later stages read of
//! the query is worked out here, once.

use super::Searcher;
use super::variants;
use super::variants::TokenKeys;
use super::{Query, TokenCache, adjust_weight, bounds, evidence, korean, query_tokens, score};
use crate::index::korean_key_id;
use crate::model::Schema;
use crate::normalize::korean_name::{self, KoreanName};
use crate::normalize::korean_orgs;
use crate::normalize::legal_forms;
use crate::normalize::scripts;
use crate::normalize::titles;

/// A query as the later stages read it.
pub(super) struct Prepared<'q> {
    pub(super) query: &'q Query,
    /// The folded tokens searched ([`query_tokens`]).
    pub(super) tokens: Vec<String>,
    /// Each token's weight ([`adjust_weight`]), and their sum.
    pub(super) weights: Vec<f32>,
    pub(super) total: f32,
    /// The weights and their sum against a person's name, where the
    /// titles leading the query weigh nothing ([`titles::leading_titles`]);
    /// `None` when the query has no such title or searches organisations.
    pub(super) person_weights: Option<(Vec<f32>, f32)>,
    /// Written in Hangul: its transliterated syllables are whole syllables,
    /// looked up and compared exactly, never fuzzed.
    pub(super) hangul: bool,
    /// Per query token, the listed tokens it reaches (number, edits used).
    pub(super) hits: Vec<Vec<(u32, u32)>>,
    /// Per query token, its spelling and sound keys ([`super::variants`]).
    pub(super) keys: Vec<TokenKeys>,
    /// Per query token, the pairs of listed tokens it may be written as one
    /// ([`super::fuzzy::joined_parts`]).
    pub(super) joins: Vec<Vec<(u32, u32)>>,
    /// Per query token but the last, the listed tokens it and the next
    /// token, written as one, reach.
    pub(super) splits: Vec<Vec<(u32, u32)>>,
    /// Per query token, [`score::MAY_JOIN`] and [`score::MAY_SPLIT`] bits:
    /// the compound pairs scoring tries (empty when there are none).
    pub(super) compound: Vec<u8>,
    /// Bit i: query token i is a single letter (an initial).
    pub(super) initials: u64,
    /// The query tokens' places beside nasab particles ([`score::nasab_roles`]).
    pub(super) nasab: Vec<u8>,
    pub(super) evidence: evidence::Evidence,
    /// The threshold, and the most the evidence can add ([`bounds::Cut`]).
    pub(super) cut: bounds::Cut,
    /// The Korean readings of the name (family name and given syllables),
    /// interned: their syllable ids are token numbers in the fst (`u32::MAX`
    /// for a key no listed name has).
    pub(super) layouts: Vec<KoreanName>,
    /// The same layouts packed for scoring, where every syllable packs.
    pub(super) packed_layouts: Option<Vec<Vec<korean::PackedSyllable>>>,
    /// Syllables in the first layout (0 for a name that is not Korean).
    pub(super) korean_len: usize,
    /// What a Korean comparison is worth: less than 1 for a query read
    /// from Chinese characters or kana (a reading, not the name).
    pub(super) reading_factor: f32,
    /// Organisation keys ([`korean_orgs::org_keys`]) and their weights.
    pub(super) org_keys: Vec<String>,
    pub(super) org_weights: Vec<f32>,
    /// The kinds of specific legal form the query carries
    /// ([`legal_forms::specific_kinds`]; 0 for none).
    pub(super) legal_kinds: u8,
}

impl<'q> Prepared<'q> {
    /// `None` for a query with no token to search.
    pub(super) fn new(index: &Searcher, query: &'q Query, cache: &mut TokenCache) -> Option<Self> {
        let tokens = query_tokens(&query.name);
        if tokens.is_empty() {
            return None;
        }
        let hangul = korean_name::has_korean_script(&query.name);
        let organisation = query.schema.is_some_and(|s| s != Schema::Person);
        let weights: Vec<f32> = tokens
            .iter()
            .map(|t| adjust_weight(t, index.query_idf(t), organisation))
            .collect();
        let legal_kinds = legal_forms::specific_kinds(&tokens);
        let total: f32 = weights.iter().sum();
        let person_weights = person_weights(&query.name, &tokens, &weights, organisation);
        let hits = tokens
            .iter()
            .map(|t| {
                if hangul {
                    index
                        .tokens
                        .get(t)
                        .map(|n| vec![(n as u32, 0)])
                        .unwrap_or_default()
                } else {
                    cache.lookup(index, t).to_vec()
                }
            })
            .collect();
        let with_sound = variants::sound_keys_apply(&query.name);
        let keys = tokens
            .iter()
            .map(|t| cache.keys(index, t, with_sound))
            .collect();

        let (joins, splits) = if hangul {
            (Vec::new(), Vec::new())
        } else {
            compound_hits(index, &tokens, cache)
        };
        let compound = compound_flags(&joins, &splits);
        let initials = tokens
            .iter()
            .take(64)
            .enumerate()
            .filter(|(_, t)| t.chars().count() == 1)
            .fold(0u64, |mask, (i, _)| mask | 1 << i);
        let nasab = score::nasab_roles(&tokens);

        let country = query.country.clone().filter(|c| !c.trim().is_empty());
        let evidence = evidence::Evidence {
            dob: query.dob.as_deref().and_then(evidence::parse_date),
            country_key: country.as_deref().map(evidence::country_key),
            country,
        };
        let cut = bounds::Cut::new(query.threshold, &evidence);
        let korean_country = evidence
            .country
            .as_deref()
            .is_some_and(|c| matches!(evidence::country_key(c).as_str(), "kp" | "kr"));
        let mut layouts = korean_name::query_layouts(&query.name, korean_country);
        for reading in scripts::kana_korean_readings(&query.name) {
            for l in korean_name::query_layouts(&reading, korean_country) {
                if !layouts.contains(&l) && layouts.len() < 16 {
                    layouts.push(l);
                }
            }
        }
        // Chinese characters and kana reach a Korean name through their
        // reading, which is less than the name itself.
        let reading_factor = if scripts::has_han(&query.name) || scripts::has_kana(&query.name) {
            variants::SPELLING_SIMILARITY
        } else {
            1.0
        };
        let lookup = |key: &str| korean_key_id(&index.tokens, key);
        for l in &mut layouts {
            l.intern(&lookup);
        }
        let korean_len = layouts.first().map_or(0, KoreanName::len);
        let packed_layouts = layouts
            .iter()
            .map(korean::PackedSyllable::pack_name)
            .collect();

        let org_keys = org_keys(&query.name, !layouts.is_empty());
        let org_weights = org_keys.iter().map(|k| index.org_weight(k)).collect();
        Some(Prepared {
            query,
            tokens,
            weights,
            total,
            person_weights,
            hangul,
            hits,
            keys,
            joins,
            splits,
            compound,
            initials,
            nasab,
            evidence,
            cut,
            layouts,
            packed_layouts,
            korean_len,
            reading_factor,
            org_keys,
            org_weights,
            legal_kinds,
        })
    }
}

impl Prepared<'_> {
    /// The query's token weights and their sum against a listed name of a
    /// person (`person`) or of anything else.
    pub(super) fn weights_for(&self, person: bool) -> (&[f32], f32) {
        match &self.person_weights {
            Some((weights, total)) if person => (weights, *total),
            _ => (&self.weights, self.total),
        }
    }
}

/// [`Prepared::person_weights`]: `weights` with the query's leading titles
/// at nothing, when it has any and may name a person.
fn person_weights(
    name: &str,
    tokens: &[String],
    weights: &[f32],
    organisation: bool,
) -> Option<(Vec<f32>, f32)> {
    let titles = if organisation {
        0
    } else {
        titles::leading_titles(name, tokens)
    };
    if titles == 0 {
        return None;
    }
    let weights: Vec<f32> = weights
        .iter()
        .enumerate()
        .map(|(i, &w)| {
            if i < 64 && titles & (1 << i) != 0 {
                0.0
            } else {
                w
            }
        })
        .collect();
    let total = weights.iter().sum();
    Some((weights, total))
}

/// Listed tokens (or pairs of them) one query token reaches.
type Hits = Vec<(u32, u32)>;

/// Per query token, the listed pairs it may be written as one; per query
/// token but the last, the listed tokens it and the next one reach when
/// written as one.
fn compound_hits(
    index: &Searcher,
    tokens: &[String],
    cache: &mut TokenCache,
) -> (Vec<Hits>, Vec<Hits>) {
    let joins = tokens
        .iter()
        .map(|t| cache.joins(index, t).to_vec())
        .collect();
    let splits = tokens
        .windows(2)
        .map(|w| {
            cache
                .lookup(index, &[w[0].as_str(), w[1].as_str()].concat())
                .to_vec()
        })
        .collect();
    (joins, splits)
}

/// [`Prepared::compound`] from the compound hits; empty when there are none.
fn compound_flags(joins: &[Vec<(u32, u32)>], splits: &[Vec<(u32, u32)>]) -> Vec<u8> {
    let flags: Vec<u8> = (0..joins.len())
        .map(|i| {
            let join = if joins[i].is_empty() {
                0
            } else {
                score::MAY_JOIN
            };
            let split = match splits.get(i) {
                Some(hits) if !hits.is_empty() => score::MAY_SPLIT,
                _ => 0,
            };
            join | split
        })
        .collect();
    if flags.iter().all(|&f| f == 0) {
        Vec::new()
    } else {
        flags
    }
}

/// The organisation keys a query is searched by: those of a name in Hangul
/// or in a Korean organisation's words. A query that reads as a Korean
/// personal name (`korean_person`) meets organisations through their keys
/// only when it holds an organisation word itself (고영 is a person, not
/// 구룡 Shipping).
fn org_keys(name: &str, korean_person: bool) -> Vec<String> {
    let keys = if korean_name::has_korean_script(name) || korean_orgs::is_korean_org_context(name) {
        korean_orgs::org_keys(name)
    } else {
        Vec::new()
    };
    let has_org_word = keys.iter().any(|k| {
        k.starts_with(korean_orgs::CONCEPT_PREFIX) || k.starts_with(korean_orgs::BODY_PREFIX)
    });
    if korean_person && !has_org_word {
        Vec::new()
    } else {
        keys
    }
}
