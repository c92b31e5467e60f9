//! Stage 6, explanation: why a returned match scored as it did, worked out
//! again for the returned matches only. Nothing in a score depends on it.

use super::Searcher;
use super::scoring::{Method, Scored, compound_similarity, legal_form_factor};
use super::{
    Explanation, LEGAL_FORM_CONFLICT_FACTOR, WEAK_ALIAS_FACTOR, evidence, korean, score,
    score_name_with,
};
use crate::model::{NameKind, Schema};
use crate::normalize::korean_name;
use crate::normalize::korean_name::KoreanName;
use crate::normalize::legal_forms;

impl Searcher {
    /// Why a returned match scored as it did: the token pairing (or the
    /// syllable alignment) worked out again for this one name, and the notes.
    pub(super) fn explain(
        &self,
        s: &Scored,
        query: &QueryParts<'_>,
        findings: &evidence::Findings,
    ) -> Explanation {
        let row = &self.table.names[s.name_no as usize];
        let mut explanation = Explanation {
            matched_name: row.text.clone(),
            name_kind: Some(row.kind),
            tokens: Vec::new(),
            unmatched_listed: Vec::new(),
            method: s.method.as_str(),
            syllables: Vec::new(),
            reading: None,
            notes: Vec::new(),
            identifier: None,
        };
        match s.method {
            Method::Tokens => {
                let numbers = &self.name_token_numbers[s.name_no as usize];
                let mut similarities = query.similarities.borrow_mut();
                let person = self.table.entities[row.entity as usize].schema == Schema::Person;
                let listed_nasab = score::nasab_roles(&row.tokens);
                let extras = score::Extras {
                    compound: query.compound,
                    query_initials: query.initials,
                    listed_initials: self.name_initials[s.name_no as usize],
                    query_nasab: query.nasab,
                    listed_nasab: &listed_nasab,
                };
                let weights = match query.person_weights {
                    Some(weights) if person => weights,
                    _ => query.weights,
                };
                let by_tokens = score::score_name_extended(
                    query.tokens,
                    weights,
                    &row.tokens,
                    &self.name_token_weights[s.name_no as usize],
                    |i, j| {
                        if !person && score::is_initial_pair(&query.tokens[i], &row.tokens[j]) {
                            return 0.0;
                        }
                        super::variants::pair_similarity(
                            &self.variants,
                            query.keys,
                            query.hangul,
                            &mut similarities,
                            i,
                            &query.tokens[i],
                            numbers[j],
                            &row.tokens[j],
                        )
                    },
                    extras,
                    |c| compound_similarity(query.tokens, &row.tokens, c),
                );
                explanation.tokens = by_tokens.tokens;
                explanation.unmatched_listed = by_tokens.unmatched_listed;
                explanation.notes = by_tokens.notes;
                let query_kinds = legal_forms::specific_kinds(query.tokens);
                if legal_form_factor(query_kinds, &row.tokens) < 1.0 {
                    explanation.notes.push(format!(
                        "legal forms differ (x{LEGAL_FORM_CONFLICT_FACTOR})"
                    ));
                }
            }
            Method::Organisation => {
                let by_org = score_name_with(
                    query.org_keys,
                    query.org_weights,
                    &row.org,
                    &self.name_org_weights[s.name_no as usize],
                    score::exact_similarity,
                );
                explanation.notes = vec![format!(
                    "organisation keys: {}",
                    by_org
                        .tokens
                        .iter()
                        .map(|t| match &t.listed {
                            Some(l) => format!("{}={l}", t.query),
                            None => format!("{} (no match)", t.query),
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                )];
                explanation.tokens = by_org.tokens;
                explanation.unmatched_listed = by_org.unmatched_listed;
            }
            Method::Korean {
                query_layout,
                listed_layout,
            } => {
                if let (Some(q), Some(l)) = (
                    query.layouts.get(query_layout),
                    row.korean.get(listed_layout),
                ) {
                    let readings = query.readings.get_or_init(|| query_readings(query.name));
                    explain_korean(&mut explanation, row, q, l, readings);
                }
            }
        }
        if row.kind == NameKind::Weak {
            explanation.notes.push(format!(
                "weak alias: score x {WEAK_ALIAS_FACTOR} (OFAC expects weak aliases to confirm a hit, not to find one)"
            ));
        }
        explanation.notes.extend(findings.notes(query.evidence));
        explanation
    }
}

/// The alignment, notes and reading of a Korean match of query layout `q`
/// with the listed name `row`'s layout `l`. `readings` are the query's
/// romanizations, sorted tokens beside each (see [`query_readings`]).
fn explain_korean(
    explanation: &mut Explanation,
    row: &crate::index::NameRow,
    q: &KoreanName,
    l: &KoreanName,
    readings: &[Reading],
) {
    let full = korean::score(q, l);
    explanation
        .notes
        .push(format!("korean name: {}", korean::describe(&full.pairs)));
    if !readings.is_empty() {
        let mut listed_sorted = row.tokens.clone();
        listed_sorted.sort();
        let reading = readings
            .iter()
            .find(|r| r.sorted_tokens == listed_sorted)
            .map(|r| format!("{} ({})", r.text, r.system))
            .unwrap_or_else(|| {
                "Hangul read syllable by syllable; spellings met through syllable keys".to_string()
            });
        explanation.notes.push(format!("read as {reading}"));
        explanation.reading = Some(reading);
    }
    explanation.syllables = full.pairs;
}

/// What explaining a returned match needs of the query, worked out once per
/// search.
pub(super) struct QueryParts<'a> {
    pub(super) name: &'a str,
    pub(super) tokens: &'a [String],
    pub(super) weights: &'a [f32],
    /// The weights against a person's name, where they differ
    /// ([`super::prepare::Prepared::person_weights`]).
    pub(super) person_weights: Option<&'a [f32]>,
    /// Each query token's spelling and sound keys.
    pub(super) keys: &'a [super::variants::TokenKeys],
    /// The compound pairs scoring tried, and the query's initials
    /// ([`super::prepare::Prepared`]).
    pub(super) compound: &'a [u8],
    pub(super) initials: u64,
    pub(super) nasab: &'a [u8],
    /// Whether the query is written in Hangul: its tokens are then
    /// compared exactly (transliterated syllables are not fuzzed).
    pub(super) hangul: bool,
    /// The query tokens' remembered similarities (empty for a Hangul query).
    pub(super) similarities: std::cell::RefCell<Vec<score::Similarities>>,
    pub(super) org_keys: &'a [String],
    pub(super) org_weights: &'a [f32],
    pub(super) layouts: &'a [KoreanName],
    pub(super) evidence: &'a evidence::Evidence,
    /// The romanizations of a Hangul query, for the first Korean match.
    pub(super) readings: std::cell::OnceCell<Vec<Reading>>,
}

/// One romanization of a Hangul query, with its folded tokens sorted (to find
/// the one that equals a listed name).
pub(super) struct Reading {
    system: &'static str,
    text: String,
    sorted_tokens: Vec<String>,
}

/// The romanizations of a Hangul query; none for other queries.
fn query_readings(query: &str) -> Vec<Reading> {
    if !korean_name::has_korean_script(query) {
        return Vec::new();
    }
    crate::normalize::hangul::romanize_name(query)
        .into_iter()
        .map(|r| {
            let mut sorted_tokens = crate::normalize::tokens(&r.text);
            sorted_tokens.sort();
            Reading {
                system: r.system,
                text: r.text,
                sorted_tokens,
            }
        })
        .collect()
}
