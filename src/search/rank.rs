//! Stage 5, ranking: the best entities of a search, in the order they are
//! returned, each explained ([`super::explain`]) and written as a [`Match`].

use super::Searcher;
use super::explain::QueryParts;
use super::prepare::Prepared;
use super::scoring::{Scored, kind_rank};
use super::{DEFAULT_ALERT_THRESHOLD, Match, evidence, round4, score};
use crate::normalize;
use crate::search::Query;
use crate::search::score::FastHash;
use std::collections::HashMap;

impl Searcher {
    /// The matches returned for `best` (entity number -> best name), ranked
    /// and explained; with the query tokens' similarities, which explaining
    /// may have added to, to be remembered.
    pub(super) fn matches(
        &self,
        best: HashMap<u32, Scored, FastHash>,
        query: &Prepared<'_>,
        similarities: Vec<score::Similarities>,
    ) -> (Vec<Match>, Vec<score::Similarities>) {
        let parts = QueryParts {
            name: &query.query.name,
            tokens: &query.tokens,
            weights: &query.weights,
            person_weights: query.person_weights.as_ref().map(|(w, _)| w.as_slice()),
            keys: &query.keys,
            compound: &query.compound,
            initials: query.initials,
            nasab: &query.nasab,
            hangul: query.hangul,
            similarities: std::cell::RefCell::new(similarities),
            org_keys: &query.org_keys,
            org_weights: &query.org_weights,
            layouts: &query.layouts,
            evidence: &query.evidence,
            readings: std::cell::OnceCell::new(),
        };
        let matches = self
            .rank(best, query.query)
            .into_iter()
            .map(|(entity_no, s)| {
                let e = &self.table.entities[entity_no as usize];
                let n = &self.table.names[s.name_no as usize];
                let findings = evidence::assess(&query.evidence, &e.dobs, &e.countries);
                Match {
                    entity_id: e.id.clone(),
                    score: round4(s.score),
                    alert: s.score >= DEFAULT_ALERT_THRESHOLD,
                    name: e.caption.clone(),
                    matched_name: n.text.clone(),
                    schema: e.schema,
                    sources: e.sources.clone(),
                    lists: e.lists.clone(),
                    entity_version: e.version.clone(),
                    partial: e.partial,
                    possible: s
                        .is_possible()
                        .then(|| findings.against(&query.evidence))
                        .flatten(),
                    explanation: self.explain(&s, &parts, &findings),
                    networks: Vec::new(),
                }
            })
            .collect();
        (matches, parts.similarities.into_inner())
    }

    /// The best `query.limit` entities of `best` kept at the threshold
    /// ([`Scored::is_kept`]: at or above it, or possible matches whose name
    /// alone reaches it), best first: by score; among equal scores, a listed name written
    /// exactly as the query first, then a name in the query's own script (a
    /// Latin query met by a Latin name is more direct than one met through a
    /// Hangul name), then primary names before aliases, then by id.
    pub(super) fn rank(
        &self,
        best: HashMap<u32, Scored, FastHash>,
        query: &Query,
    ) -> Vec<(u32, Scored)> {
        let mut kept: Vec<(u32, Scored)> = best
            .into_iter()
            .filter(|(_, s)| s.is_kept(query.threshold))
            .collect();
        let by_score = |(_, a): &(u32, Scored), (_, b): &(u32, Scored)| b.score.total_cmp(&a.score);
        // Only the limit-th best score and those above it can be returned.
        if kept.len() > query.limit {
            let Some(last) = query.limit.checked_sub(1) else {
                return Vec::new();
            };
            kept.select_nth_unstable_by(last, by_score);
            let cut = kept[last].1.score;
            kept.retain(|(_, s)| s.score.total_cmp(&cut).is_ge());
        }
        kept.sort_by(by_score);
        // The other keys fold names: worked out only where scores tie.
        let folded_query = std::cell::OnceCell::new();
        let query_script = std::cell::OnceCell::new();
        let mut start = 0;
        while start < kept.len().min(query.limit) {
            let score = kept[start].1.score;
            let len = kept[start..]
                .iter()
                .take_while(|(_, s)| s.score.total_cmp(&score).is_eq())
                .count();
            if len > 1 {
                kept[start..start + len].sort_by_cached_key(|(entity_no, s)| {
                    let name = &self.table.names[s.name_no as usize];
                    let folded_query = folded_query.get_or_init(|| normalize::fold(&query.name));
                    let query_script =
                        query_script.get_or_init(|| crate::model::script_of(&query.name));
                    (
                        std::cmp::Reverse(normalize::fold(&name.text) == *folded_query),
                        std::cmp::Reverse(crate::model::script_of(&name.text) == *query_script),
                        kind_rank(name.kind),
                        &self.table.entities[*entity_no as usize].id,
                    )
                });
            }
            start += len;
        }
        kept.truncate(query.limit);
        kept
    }
}
