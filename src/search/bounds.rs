//! Stage 3, bounds: the most a candidate could score, from the bits stage 2
//! gathered and the small per-name tables, so that a candidate that cannot
//! reach the threshold is set aside before its name is read or scored.
//!
//! A bound must never be below the score it bounds: evidence can add at
//! most [`EVIDENCE_SLACK`], and [`ROUNDING`] covers float rounding.

use super::Searcher;
use super::candidates::Candidate;
use super::prepare::Prepared;
use super::{Query, evidence, korean};
use crate::index::NameRow;

/// The most evidence (date of birth, country) can add to a score, for a
/// query that brings any. Evidence a query does not bring changes nothing
/// ([`evidence::assess`]).
pub(super) const EVIDENCE_SLACK: f32 = evidence::MOST_ADDED;

/// Added to a bound before it is compared with the threshold: float rounding
/// in a bound must never set aside a candidate whose score reaches it.
pub(super) const ROUNDING: f32 = 1e-6;

/// Where a search cuts: its threshold, and the most its evidence can add.
#[derive(Debug, Clone, Copy)]
pub(super) struct Cut {
    pub(super) threshold: f32,
    pub(super) slack: f32,
}

impl Cut {
    pub(super) fn new(threshold: f32, evidence: &evidence::Evidence) -> Cut {
        let brings_any = evidence.dob.is_some() || evidence.country.is_some();
        Cut {
            threshold,
            slack: if brings_any { EVIDENCE_SLACK } else { 0.0 },
        }
    }

    /// Whether a candidate whose score before evidence is at most `bound`
    /// may still reach the threshold once evidence is added.
    #[inline]
    pub(super) fn can_reach(self, bound: f32) -> bool {
        bound + self.slack + ROUNDING >= self.threshold
    }

    /// The negation of [`Cut::can_reach`] for every bound that is a number.
    #[inline]
    pub(super) fn falls_short(self, bound: f32) -> bool {
        bound + self.slack + ROUNDING < self.threshold
    }

    /// Whether only a Korean name whose family name matches can reach the
    /// threshold: above [`korean::GIVEN_WEIGHT`] plus what evidence can add.
    /// Stage 2 then looks up the family name alone.
    pub(super) fn family_required(self) -> bool {
        self.threshold > korean::GIVEN_WEIGHT + self.slack + ROUNDING
    }
}

/// Whether the query's schema, source or entity filter leaves out the name.
pub(super) fn filtered_out(index: &Searcher, query: &Query, row: &NameRow) -> bool {
    if query.schema.is_none() && query.source.is_none() && query.only.is_none() {
        return false;
    }
    let entity = &index.table.entities[row.entity as usize];
    query.schema.is_some_and(|s| s != entity.schema)
        || query.source.is_some_and(|s| !entity.sources.contains(&s))
        || query
            .only
            .as_ref()
            .is_some_and(|only| !only.contains(&row.entity))
}

/// The most a Korean comparison can score: the syllables the query's keys
/// reached, against the longer of the two names ([`korean::upper_bound`]).
pub(super) fn korean(
    index: &Searcher,
    query: &Prepared<'_>,
    cand: &Candidate,
    name_no: u32,
) -> f32 {
    let hits = cand.korean_mask.count_ones() as usize;
    korean::upper_bound(query.korean_len, index.korean.longest(name_no), hits)
}

/// The most a token comparison can score: as if every query token that
/// reached the name and every listed token reached matched exactly.
///
/// Every query token in a pair reached the name (its bit in the query mask)
/// and added the weights of the listed tokens of that pair to the listed
/// hit, through the token fst or the joined and split words of stage 2;
/// but initials, which are not looked up beyond themselves: a query initial
/// may pair with any listed token (at most the name's heaviest), and a name
/// with an initial among its tokens may pair it with any query token.
pub(super) fn tokens(
    index: &Searcher,
    query: &Prepared<'_>,
    cand: &Candidate,
    name_no: u32,
) -> f32 {
    let name_total = index.name_weight[name_no as usize];
    if index.name_initials[name_no as usize] != 0 {
        return 1.0;
    }
    let reached = cand.query_mask | query.initials;
    let query_hit = |weights: &[f32]| -> f32 {
        (0..weights.len())
            .filter(|&i| i < 64 && reached & (1 << i) != 0)
            .map(|i| weights[i])
            .sum()
    };
    let mut listed_hit = cand.listed_hit;
    // Even an initial that reached the name some other way (two tokens
    // written as one) may pair with a listed token it did not reach.
    if query.initials != 0 {
        let heaviest = index.name_token_weights[name_no as usize]
            .iter()
            .copied()
            .fold(0.0f32, f32::max);
        listed_hit += heaviest * query.initials.count_ones() as f32;
    }
    // Every listed token may be paired only if each one was reached, and
    // a reached token adds at least its weight.
    let listed_all = listed_hit + ROUNDING >= name_total;
    let listed_hit = listed_hit.min(name_total);
    let omission = super::score::OMISSION_FACTOR;
    let bound = |(weights, total): (&[f32], f32)| {
        let query_hit = query_hit(weights);
        let mut bound = (query_hit + listed_hit) / (total + name_total);
        // One name held in the other: the other's unpaired tokens count
        // `omission` of their weight (see the score module). Every query
        // token may be paired only if each one reached the name; the
        // score rises with the listed weight paired, at most `listed_hit`.
        // Unpaired tokens on both sides only cost more than here.
        let query_all = weights
            .iter()
            .enumerate()
            .all(|(i, &w)| w == 0.0 || (i < 64 && reached & (1 << i) != 0));
        let words = |weights: &[f32]| weights.iter().filter(|&&w| w > 0.0).count();
        if query_all && words(weights) >= super::score::MIN_HELD_WORDS {
            let paired = total + listed_hit;
            bound = bound.max(ratio(paired, paired + omission * (name_total - listed_hit)));
        }
        if listed_all
            && words(&index.name_token_weights[name_no as usize]) >= super::score::MIN_HELD_WORDS
        {
            let paired = query_hit + name_total;
            bound = bound.max(ratio(paired, paired + omission * (total - query_hit)));
        }
        bound
    };
    // The query's titles weigh nothing against a person's name only: the
    // bound holds for either weighing.
    match query.person_weights {
        Some(_) => bound(query.weights_for(false)).max(bound(query.weights_for(true))),
        None => bound(query.weights_for(false)),
    }
}

/// `a / b`, and 1 where `b` is not positive (a bound that sets nothing aside).
fn ratio(a: f32, b: f32) -> f32 {
    if b > 0.0 { a / b } else { 1.0 }
}
