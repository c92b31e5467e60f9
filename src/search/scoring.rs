//! Stage 4, scoring: each candidate that passed its bound is scored in
//! full (by Korean layouts, by tokens, or by organisation keys), weak
//! aliases are reduced or left out, evidence is added, and each entity keeps
//! its best name.

use super::Searcher;
use super::candidates::Candidates;
use super::prepare::Prepared;
use super::{
    LEGAL_FORM_CONFLICT_FACTOR, WEAK_ALIAS_FACTOR, WeakAliases, bounds, evidence, korean, score,
    variants,
};
use crate::index::NameRow;
use crate::model::{NameKind, Schema};
use crate::normalize::legal_forms;
use score::FastHash;
use std::collections::HashMap;

/// A scored candidate name.
pub(super) struct Scored {
    /// The score, evidence included.
    pub(super) score: f32,
    /// The score of the name alone, before evidence.
    pub(super) name_score: f32,
    pub(super) name_no: u32,
    pub(super) method: Method,
}

impl Scored {
    fn new(score: f32, name_no: u32, method: Method) -> Scored {
        Scored {
            score,
            name_score: score,
            name_no,
            method,
        }
    }

    /// A possible match ([`evidence::possible`]): the name alone alerts, the
    /// evidence takes it below the alert threshold.
    pub(super) fn is_possible(&self) -> bool {
        evidence::possible(self.name_score, self.score, super::DEFAULT_ALERT_THRESHOLD)
    }

    /// Whether the match is returned at `threshold`: its score reaches it,
    /// or it is a possible match whose name alone reaches it (kept for
    /// review with the reason).
    pub(super) fn is_kept(&self, threshold: f32) -> bool {
        self.score >= threshold || (self.is_possible() && self.name_score >= threshold)
    }
}

/// How a candidate name was compared.
#[derive(Debug, Clone, Copy)]
pub(super) enum Method {
    Tokens,
    Organisation,
    /// Korean names: which query and listed layouts scored best.
    Korean {
        query_layout: usize,
        listed_layout: usize,
    },
}

impl Method {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Method::Tokens => "tokens",
            Method::Organisation => "organisation",
            Method::Korean { .. } => "korean",
        }
    }
}

/// Order of name kinds where scores tie: the stronger kind first.
pub(super) fn kind_rank(k: NameKind) -> u8 {
    match k {
        NameKind::Primary => 0,
        NameKind::Alias => 1,
        NameKind::Former => 2,
        NameKind::Weak => 3,
    }
}

/// The best-scoring name of every entity among the candidates that may
/// reach the threshold (entity number -> its best name). Only scores are
/// worked out here; explanations only for the matches returned.
///
/// `similarities` holds each query token's remembered similarities to
/// listed tokens (empty for a Hangul query).
pub(super) fn best_names(
    index: &Searcher,
    query: &Prepared<'_>,
    candidates: &Candidates,
    similarities: &mut [score::Similarities],
) -> HashMap<u32, Scored, FastHash> {
    let cut = query.cut;
    let mut pairing = score::Pairing::default();
    let mut best: HashMap<u32, Scored, FastHash> = HashMap::default();
    for &name_no in &candidates.touched {
        // The row is read only where it is needed: most candidates are
        // set aside by their bounds, which come from smaller tables.
        let row = &index.table.names[name_no as usize];
        if bounds::filtered_out(index, query.query, row) {
            continue;
        }
        let korean = !query.layouts.is_empty() && index.korean.is_korean(name_no);
        let scored = if korean {
            score_korean_candidate(index, query, candidates, name_no, row).map(|mut s| {
                // The same characters are the name itself, not a reading.
                if row.tokens != query.tokens {
                    s.score *= query.reading_factor;
                }
                s
            })
        } else {
            score_token_candidate(
                index,
                query,
                candidates,
                name_no,
                row,
                similarities,
                &mut pairing,
            )
        };
        let Some(mut scored) = scored else {
            continue;
        };
        if row.kind == NameKind::Weak {
            if query.query.weak_aliases == WeakAliases::ConfirmOnly {
                continue;
            }
            scored.score *= WEAK_ALIAS_FACTOR;
        }
        if cut.falls_short(scored.score) {
            continue;
        }
        let entity = &index.table.entities[row.entity as usize];
        let findings = evidence::assess(&query.evidence, &entity.dobs, &entity.countries);
        let delta = findings.delta();
        scored.name_score = scored.score;
        if delta != 0.0 || findings.any() {
            scored.score = (scored.score + delta).clamp(0.0, 1.0);
        }
        // An entity takes its best name; among equally good names the
        // stronger kind, then the one listed first, so that the choice
        // does not depend on the order candidates come out of the map.
        let better = match best.get(&row.entity) {
            None => true,
            Some(old) => {
                let old_kind = kind_rank(index.table.names[old.name_no as usize].kind);
                scored.score > old.score
                    || (scored.score == old.score
                        && (kind_rank(row.kind), name_no) < (old_kind, old.name_no))
            }
        };
        if better {
            best.insert(row.entity, scored);
        }
    }
    best
}

/// A Korean listed name against the query's layouts, unless its bound
/// falls short.
fn score_korean_candidate(
    index: &Searcher,
    query: &Prepared<'_>,
    candidates: &Candidates,
    name_no: u32,
    row: &NameRow,
) -> Option<Scored> {
    let cut = query.cut;
    let cand = &candidates.slots[name_no as usize];
    if cut.falls_short(bounds::korean(index, query, cand, name_no)) {
        return None;
    }
    let can_pass = |bound| cut.can_reach(bound);
    Some(
        match (&query.packed_layouts, index.korean.layouts(name_no)) {
            (Some(query_layouts), Some(listed)) => score_korean(
                query_layouts.iter().map(Vec::as_slice),
                listed,
                name_no,
                |q, l| korean::score_packed_if(q, l, can_pass),
            ),
            _ => score_korean(query.layouts.iter(), row.korean.iter(), name_no, |q, l| {
                korean::score_if(q, l, can_pass)
            }),
        },
    )
}

/// Any other listed name: by its tokens where their bound allows, and by its
/// organisation keys where the query's reached it; the better of the two.
fn score_token_candidate(
    index: &Searcher,
    query: &Prepared<'_>,
    candidates: &Candidates,
    name_no: u32,
    row: &NameRow,
    similarities: &mut [score::Similarities],
    pairing: &mut score::Pairing,
) -> Option<Scored> {
    let cand = &candidates.slots[name_no as usize];
    let bound = bounds::tokens(index, query, cand, name_no);
    let by_tokens = query.cut.can_reach(bound).then(|| {
        let listed_numbers = &index.name_token_numbers[name_no as usize];
        let listed_weights = &index.name_token_weights[name_no as usize];
        // A single letter in an organisation's name (`ELIKS M`) is not the
        // initial of a word, and a query's initial stands for no
        // organisation's word: initials pair in persons' names only. Fewer
        // pairs only lower a score, so every bound stays a bound.
        let person = index.table.entities[row.entity as usize].schema == Schema::Person;
        let (query_weights, query_total) = query.weights_for(person);
        let total = query_total + index.name_weight[name_no as usize];
        let listed_nasab = if query.nasab.is_empty() {
            Vec::new()
        } else {
            score::nasab_roles(&row.tokens)
        };
        let extras = score::Extras {
            compound: &query.compound,
            query_initials: query.initials,
            listed_initials: index.name_initials[name_no as usize],
            query_nasab: &query.nasab,
            listed_nasab: &listed_nasab,
        };
        let score = pairing.score_extended(
            query_weights,
            listed_weights,
            total,
            |i, j| {
                if !person && score::is_initial_pair(&query.tokens[i], &row.tokens[j]) {
                    return 0.0;
                }
                variants::pair_similarity(
                    &index.variants,
                    &query.keys,
                    query.hangul,
                    similarities,
                    i,
                    &query.tokens[i],
                    listed_numbers[j],
                    &row.tokens[j],
                )
            },
            extras,
            |c| {
                if reached_by_compound(query, listed_numbers, c) {
                    compound_similarity(&query.tokens, &row.tokens, c)
                } else {
                    0.0
                }
            },
        );
        score * legal_form_factor(query.legal_kinds, &row.tokens)
    });
    let by_org = (cand.org_mask != 0 && !row.org.is_empty()).then(|| {
        let listed_weights = &index.name_org_weights[name_no as usize];
        pairing.score(&query.org_weights, listed_weights, |i, j| {
            score::exact_similarity(&query.org_keys[i], &row.org[j])
        })
    });
    match (by_tokens, by_org) {
        (t, Some(o)) if t.is_none_or(|t| o > t) => {
            Some(Scored::new(o, name_no, Method::Organisation))
        }
        (Some(t), _) => Some(Scored::new(t, name_no, Method::Tokens)),
        (None, _) => None,
    }
}

/// What the legal forms leave of a token score:
/// [`LEGAL_FORM_CONFLICT_FACTOR`] when the query's and the listed name's
/// specific forms conflict ([`legal_forms::conflict`]), else all of it. Only
/// lowers, so every bound stays a bound.
pub(super) fn legal_form_factor(query_kinds: u8, listed: &[String]) -> f32 {
    if query_kinds != 0 && legal_forms::conflict(query_kinds, legal_forms::specific_kinds(listed)) {
        LEGAL_FORM_CONFLICT_FACTOR
    } else {
        1.0
    }
}

/// Whether the token fst gave the compound pair: a query token written as
/// the two listed tokens (in either order) among its joins, two query tokens
/// written as one reaching the listed token among their splits. Every pair
/// [`compound_similarity`] scores above 0 was found there ([`super::fuzzy`]
/// looks up within the same budgets), so the strings of any other pair need
/// not be compared.
fn reached_by_compound(query: &Prepared<'_>, listed_numbers: &[u32], c: score::Compound) -> bool {
    match c {
        score::Compound::Join {
            query: i,
            listed: j,
        } => {
            let (a, b) = (listed_numbers[j], listed_numbers[j + 1]);
            let joins = &query.joins[i];
            joins.binary_search(&(a, b)).is_ok() || joins.binary_search(&(b, a)).is_ok()
        }
        score::Compound::Split {
            query: i,
            listed: j,
        } => query.splits[i].iter().any(|&(n, _)| n == listed_numbers[j]),
    }
}

/// The similarity of a compound pair of query and listed tokens
/// ([`score::joined_similarity`], [`score::split_similarity`]).
pub(super) fn compound_similarity(query: &[String], listed: &[String], c: score::Compound) -> f32 {
    match c {
        score::Compound::Join {
            query: i,
            listed: j,
        } => score::joined_similarity(&query[i], &listed[j], &listed[j + 1]),
        score::Compound::Split {
            query: i,
            listed: j,
        } => score::split_similarity(&query[i], &query[i + 1], &listed[j]),
    }
}

/// The best Korean comparison of the query's layouts with a listed name's
/// (the score alone: the alignment is worked out for returned matches):
/// `score_if(q, l)` scores query layout `q` against listed layout `l`, packed
/// ([`korean::score_packed_if`]) or not ([`korean::score_if`]); the first
/// best pair wins.
///
/// A pair of layouts that cannot score enough to pass the threshold
/// (`can_pass`, see [`korean::score_if`]) is not aligned: a candidate whose
/// best pair fails is dropped anyway, and such a pair scores below any pair
/// that passes.
fn score_korean<Q, L>(
    layouts: impl Iterator<Item = Q>,
    listed: impl Iterator<Item = L> + Clone,
    name_no: u32,
    score_if: impl Fn(Q, L) -> Option<f32>,
) -> Scored
where
    Q: Copy,
{
    let mut best = (0.0f32, 0usize, 0usize);
    for (qi, q) in layouts.enumerate() {
        for (li, l) in listed.clone().enumerate() {
            let Some(s) = score_if(q, l) else {
                continue;
            };
            if s > best.0 {
                best = (s, qi, li);
            }
        }
    }
    Scored::new(
        best.0,
        name_no,
        Method::Korean {
            query_layout: best.1,
            listed_layout: best.2,
        },
    )
}
