//! Build time: from relation texts to edges.
//!
//! A target is looked for, in this order, under each of its readings (the
//! whole text, without parentheses, each parenthesised name, the first
//! clause, the body after "of the"): a state body of the registry by name,
//! Hangul name or abbreviation; a listed name equal after normalization
//! (`KOREA MINING DEVELOPMENT TRADING CORPORATION` finds the entity whose name
//! that is, preferring the relation's own source); and last the search
//! engine's best match when it scores at least [`FUZZY_MIN`] (Hangul
//! affiliations such as 제일신용은행 find the romanized list entries this
//! way). A target that resolves to the entity itself ("X and Y are
//! subordinate to the MID" in the MID's own record) is turned round: the
//! sentence's subjects become the relation's sources.

use super::registry::{Body, REGISTRY_PATH, Registry, name_key};
use super::{BodyNode, Edge, Graph, Unresolved};
use crate::model::{Entity, NameKind, Relation, Source};
use crate::search::Query;
use crate::search::Searcher;
use std::collections::{HashMap, HashSet};

/// The least search score that resolves a relation target by similarity.
pub const FUZZY_MIN: f32 = 0.92;

/// Wordings of a relation kind, as they introduce the object in a sentence.
const PHRASES: [(&str, &str); 6] = [
    ("owned_or_controlled_by", "owned or controlled by"),
    ("owned_or_controlled_by", "controlled by"),
    ("front_of", "front company for"),
    ("front_of", "front for"),
    ("associated_with", "associated with"),
    ("subordinate_to", "subordinate to"),
];

struct Resolver<'a> {
    index: &'a Searcher,
    registry_keys: HashMap<String, usize>,
    body_nodes: Vec<String>,
    /// Name key -> (entity row, primary name) of every listed name.
    by_key: HashMap<String, Vec<(u32, bool)>>,
}

/// One resolution: the node, the method, the fuzzy score.
type Found = (String, &'static str, Option<f64>);

impl<'a> Resolver<'a> {
    /// The lookups a relation target is tried against: the registry's body
    /// names (each body at its node in `bodies`) and every listed name.
    fn new(index: &'a Searcher, registry: &Registry, bodies: &[BodyNode]) -> Resolver<'a> {
        Resolver {
            index,
            registry_keys: registry_keys(registry),
            body_nodes: bodies.iter().map(|b| b.node.clone()).collect(),
            by_key: names_by_key(index),
        }
    }

    fn resolve(&self, r: &Relation, from_source: Option<Source>) -> Option<Found> {
        if let Some(id) = &r.target_id {
            return self
                .index
                .entity_row(id)
                .map(|_| (id.clone(), "reference", None));
        }
        let readings = readings(&r.target_name);
        // A UN reference number in the text ("Al-Qaida (QDe.004)").
        for reading in &readings {
            if is_un_reference(reading) {
                let id = format!("un:{reading}");
                if self.index.entity_row(&id).is_some() {
                    return Some((id, "reference", None));
                }
            }
        }
        for reading in &readings {
            if let Some(&b) = self.registry_keys.get(&name_key(reading)) {
                return Some((self.body_nodes[b].clone(), "registry", None));
            }
        }
        for reading in &readings {
            if let Some(id) = self.exact(reading, from_source) {
                return Some((id, "exact", None));
            }
        }
        readings
            .iter()
            .filter(|r| worth_a_search(r))
            .find_map(|reading| self.fuzzy(reading, from_source))
    }

    /// The entity with a name equal to `text` after normalization, preferring
    /// `source`, then a primary name, then the first by id.
    fn exact(&self, text: &str, source: Option<Source>) -> Option<String> {
        let hits = self.by_key.get(&name_key(text))?;
        let table = &self.index.table();
        hits.iter()
            .min_by_key(|&&(row, primary)| {
                let e = &table.entities[row as usize];
                let same = source.is_some_and(|s| e.sources.contains(&s));
                (!same, !primary, row)
            })
            .map(|&(row, _)| table.entities[row as usize].id.clone())
    }

    fn fuzzy(&self, text: &str, source: Option<Source>) -> Option<Found> {
        let mut query = Query::new(text);
        query.limit = 5;
        query.threshold = FUZZY_MIN;
        let matches = self.index.search(&query);
        let top = matches.first()?;
        // Among equal best scores, the relation's own source.
        let best = matches
            .iter()
            .take_while(|m| top.score - m.score < 0.005)
            .find(|m| source.is_some_and(|s| m.sources.contains(&s)))
            .unwrap_or(top);
        Some((best.entity_id.clone(), "fuzzy", Some(best.score)))
    }
}

/// `KPe.028`: two capitals, `i` or `e`, a dot, three digits.
fn is_un_reference(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 7
        && b[0].is_ascii_uppercase()
        && b[1].is_ascii_uppercase()
        && (b[2] == b'i' || b[2] == b'e')
        && b[3] == b'.'
        && b[4..].iter().all(u8::is_ascii_digit)
}

/// Whether a reading is specific enough to resolve by similarity: two words
/// or more, or a Hangul name of three syllables or more.
fn worth_a_search(text: &str) -> bool {
    let words = text.split_whitespace().count();
    let hangul = text
        .chars()
        .filter(|&c| crate::normalize::is_hangul_syllable(c))
        .count();
    words >= 2 || hangul >= 3
}

/// The ways a relation target may be read, most literal first.
fn readings(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: &str| {
        let s = s
            .trim()
            .trim_end_matches(['.', ',', ';', ':', ' '])
            .trim_start_matches(['(', ' '])
            .trim();
        if s.chars().count() >= 2 && !out.iter().any(|o| o == s) {
            out.push(s.to_string());
        }
    };
    push(text);
    let mut outside = String::new();
    let mut inside: Vec<String> = Vec::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => {
                depth += 1;
                if depth == 1 {
                    inside.push(String::new());
                }
            }
            ')' if depth > 0 => depth -= 1,
            c if depth > 0 => {
                if let Some(last) = inside.last_mut() {
                    last.push(c);
                }
            }
            c => outside.push(c),
        }
    }
    let outside = outside.split_whitespace().collect::<Vec<_>>().join(" ");
    push(&outside);
    for i in &inside {
        push(i);
    }
    // ASCII lower case keeps byte offsets valid for `outside`.
    let lower = outside.to_ascii_lowercase();
    let mut clause_end = outside.len();
    for stop in [
        ",",
        ";",
        " which ",
        " that ",
        " who ",
        " since ",
        " in order ",
        " and is ",
        " and was ",
        " and has ",
        " and are ",
        " and led ",
        " and involved ",
    ] {
        if let Some(at) = lower.find(stop) {
            clause_end = clause_end.min(at);
        }
    }
    let clause = &outside[..clause_end];
    push(clause);
    // "DPRK’s Second Academy of Natural Sciences": the possessive is not
    // part of the name.
    if let Some((first, rest)) = clause.split_once(' ')
        && (first.ends_with("'s") || first.ends_with("’s"))
    {
        push(rest);
    }
    if let Some(at) = lower.rfind(" of the ") {
        push(&outside[at + " of the ".len()..]);
    }
    out
}

/// The subjects of the sentence a relation comes from: in "The Second
/// Economic Committee and the Second Academy of Natural Sciences – also
/// designated in August 2010 – are subordinate to the MID", the committee and
/// the academy.
fn subjects(r: &Relation) -> Vec<String> {
    let lower = r.evidence.to_ascii_lowercase();
    let target = r.target_name.to_ascii_lowercase();
    let Some(phrase_at) = PHRASES
        .iter()
        .filter(|(kind, _)| *kind == r.kind)
        .filter_map(|(_, phrase)| {
            lower
                .match_indices(phrase)
                .find(|(at, _)| lower[at + phrase.len()..].trim_start().starts_with(&target))
                .map(|(at, _)| at)
        })
        .min()
    else {
        return Vec::new();
    };
    // Drop asides between dashes and in parentheses.
    let mut before = String::new();
    let mut aside = false;
    let mut depth = 0usize;
    for c in r.evidence[..phrase_at].chars() {
        match c {
            '–' | '—' => aside = !aside,
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            c if !aside && depth == 0 => before.push(c),
            _ => {}
        }
    }
    let mut words: Vec<&str> = before.split_whitespace().collect();
    while let Some(last) = words.last() {
        let l = last.to_lowercase();
        if [
            "are", "is", "was", "were", "also", "both", "all", "directly",
        ]
        .contains(&l.as_str())
        {
            words.pop();
        } else {
            break;
        }
    }
    let text = words.join(" ");
    text.split(',')
        .flat_map(|part| part.split(" and "))
        .map(|s| {
            let s = s.trim();
            s.strip_prefix("The ")
                .or_else(|| s.strip_prefix("the "))
                .unwrap_or(s)
                .trim()
                .to_string()
        })
        .filter(|s| s.split_whitespace().count() >= 2)
        .collect()
}

/// Resolves every relation of `entities` against the (not yet live) index
/// and the registry.
pub fn build_graph(entities: &[Entity], registry: &Registry, index: &Searcher) -> Graph {
    let mut graph = Graph {
        registry_sha256: registry.sha256.clone(),
        ..Graph::default()
    };
    place_bodies(registry, index, &mut graph);
    let resolver = Resolver::new(index, registry, &graph.bodies);
    let mut edges: Vec<Edge> = Vec::new();
    for e in entities {
        resolve_relations(e, &resolver, &mut graph, &mut edges);
    }
    registry_edges(index, &mut graph, &mut edges);
    same_across_lists(entities, &mut edges, &mut graph);
    graph.edges = dedup(edges);
    graph
}

/// Where each registry body stands in the graph: a listed body is its first
/// list entry in the index, an unlisted one its own `dprk:` node; listed ids
/// the index does not hold are noted as missing.
fn place_bodies(registry: &Registry, index: &Searcher, graph: &mut Graph) {
    for b in &registry.bodies {
        let mut present = Vec::new();
        for id in &b.listed {
            if index.entity_row(id).is_some() {
                present.push(id.clone());
            } else {
                graph.registry_missing.push(format!("{}: {id}", b.id));
            }
        }
        let node = present.first().cloned().unwrap_or_else(|| b.node_id());
        graph.bodies.push(BodyNode {
            node,
            body: b.clone(),
        });
    }
}

/// Registry body name key -> the body's place in the registry; the first
/// body to claim a key keeps it.
fn registry_keys(registry: &Registry) -> HashMap<String, usize> {
    let mut registry_keys = HashMap::new();
    for (i, b) in registry.bodies.iter().enumerate() {
        for k in b.keys() {
            registry_keys.entry(k).or_insert(i);
        }
    }
    registry_keys
}

/// Name key -> (entity row, primary name) of every listed name, a leading
/// "the" left out; an entity once per key.
fn names_by_key(index: &Searcher) -> HashMap<String, Vec<(u32, bool)>> {
    let mut by_key: HashMap<String, Vec<(u32, bool)>> = HashMap::new();
    for n in &index.table().names {
        let start = usize::from(n.tokens.len() > 1 && n.tokens[0] == "the");
        let key = n.tokens[start..].join(" ");
        let hits = by_key.entry(key).or_default();
        if !hits.iter().any(|&(e, _)| e == n.entity) {
            hits.push((n.entity, n.kind == NameKind::Primary));
        }
    }
    by_key
}

/// Whether a resolved `node` is the entity `e` itself: its own id, or a
/// registry body that lists it.
fn is_itself(node: &str, e: &Entity, bodies: &[BodyNode]) -> bool {
    node == e.id
        || bodies
            .iter()
            .any(|b| b.node == node && b.body.listed.contains(&e.id))
}

/// Decides each relation of `e`: an edge to the target found, the sentence
/// turned round when the target is `e` itself, or an [`Unresolved`] text;
/// counted under `e`'s first source.
fn resolve_relations(e: &Entity, resolver: &Resolver, graph: &mut Graph, edges: &mut Vec<Edge>) {
    let source = e.sources().first().copied();
    let source_name = source.map_or("lists", Source::as_str).to_string();
    for (i, r) in e.relations.iter().enumerate() {
        let counts = graph.counts.entry(source_name.clone()).or_default();
        counts.extracted += 1;
        let found = resolver.resolve(r, source);
        let itself = found
            .as_ref()
            .is_some_and(|(node, _, _)| is_itself(node, e, &graph.bodies));
        match found {
            Some((node, method, score)) if !itself => {
                edges.push(Edge {
                    from: e.id.clone(),
                    to: node,
                    relation: r.kind.clone(),
                    evidence: r.evidence.clone(),
                    source: source_name.clone(),
                    method: method.to_string(),
                    target_name: r.target_name.clone(),
                    score,
                    relation_index: Some(i as u32),
                });
                counts.resolved += 1;
                *counts.by_method.entry(method.to_string()).or_default() += 1;
            }
            Some(_) => {
                if turn_round(e, r, source, &source_name, resolver, edges) > 0 {
                    counts.resolved += 1;
                    *counts.by_method.entry("subject".into()).or_default() += 1;
                } else {
                    counts.to_itself += 1;
                }
            }
            None => {
                counts.unresolved += 1;
                graph.unresolved.push(Unresolved {
                    from: e.id.clone(),
                    relation: r.kind.clone(),
                    target_name: r.target_name.clone(),
                    source: source_name.clone(),
                });
            }
        }
    }
}

/// A relation of `e` whose target is `e` itself, turned round: an edge to
/// `e` from each subject of the sentence that resolves to another node.
/// Returns how many edges were added.
fn turn_round(
    e: &Entity,
    r: &Relation,
    source: Option<Source>,
    source_name: &str,
    resolver: &Resolver,
    edges: &mut Vec<Edge>,
) -> usize {
    let mut turned = 0;
    for subject in subjects(r) {
        let as_target = Relation {
            kind: r.kind.clone(),
            target_name: subject.clone(),
            evidence: r.evidence.clone(),
            target_id: None,
        };
        if let Some((node, _, score)) = resolver.resolve(&as_target, source)
            && node != e.id
        {
            edges.push(Edge {
                from: node,
                to: e.id.clone(),
                relation: r.kind.clone(),
                evidence: r.evidence.clone(),
                source: source_name.to_string(),
                method: "subject".to_string(),
                target_name: subject,
                score,
                relation_index: None,
            });
            turned += 1;
        }
    }
    turned
}

/// Where the registry says what it says of a body: its path and the body's
/// first source, with how many more there are.
fn registry_cite(body: &Body) -> String {
    match body.sources.len() {
        0 | 1 => format!("{REGISTRY_PATH}: {}", body.sources.join("")),
        n => format!(
            "{REGISTRY_PATH}: {} and {} more sources",
            body.sources[0],
            n - 1
        ),
    }
}

/// The registry's own edges: a body below its parent, and a body's other
/// list entries the same as its node.
fn registry_edges(index: &Searcher, graph: &mut Graph, edges: &mut Vec<Edge>) {
    let registry_counts = graph.counts.entry("registry".into()).or_default();
    for b in &graph.bodies {
        let cite = registry_cite(&b.body);
        if let (Some(parent), Some(kind)) = (&b.body.parent, &b.body.parent_relation)
            && let Some(p) = graph.bodies.iter().find(|p| &p.body.id == parent)
        {
            edges.push(Edge {
                from: b.node.clone(),
                to: p.node.clone(),
                relation: kind.clone(),
                evidence: format!("{} {kind} {} ({cite})", b.body.id, p.body.id),
                source: "registry".into(),
                method: "registry".into(),
                target_name: p.body.display_name().to_string(),
                score: None,
                relation_index: None,
            });
            registry_counts.extracted += 1;
            registry_counts.resolved += 1;
        }
        for id in &b.body.listed {
            if id != &b.node && index.entity_row(id).is_some() {
                edges.push(Edge {
                    from: id.clone(),
                    to: b.node.clone(),
                    relation: "same_as".into(),
                    evidence: format!("both are {} ({cite})", b.body.display_name()),
                    source: "registry".into(),
                    method: "registry".into(),
                    target_name: String::new(),
                    score: None,
                    relation_index: None,
                });
                registry_counts.extracted += 1;
                registry_counts.resolved += 1;
            }
        }
    }
}

/// `same_as` edges between the UN, OFAC and Korean-list records of one
/// organisation or vessel: entities of different sources whose primary names
/// are equal after normalization (two words or more; persons are left alone,
/// where equal names are common and prove nothing).
fn same_across_lists(entities: &[Entity], edges: &mut Vec<Edge>, graph: &mut Graph) {
    let mut groups: HashMap<(crate::model::Schema, String), Vec<&Entity>> = HashMap::new();
    for e in entities {
        if e.schema == crate::model::Schema::Person {
            continue;
        }
        let key = name_key(e.caption());
        if key.split(' ').count() < 2 {
            continue;
        }
        groups.entry((e.schema, key)).or_default().push(e);
    }
    let counts = graph.counts.entry("lists".into()).or_default();
    let mut keys: Vec<_> = groups.keys().cloned().collect();
    keys.sort();
    for key in keys {
        let group = &groups[&key];
        let first = group[0];
        for other in &group[1..] {
            if other.sources().iter().any(|s| first.sources().contains(s)) {
                continue;
            }
            edges.push(Edge {
                from: other.id.clone(),
                to: first.id.clone(),
                relation: "same_as".into(),
                evidence: format!(
                    "both lists name it {:?} ({} and {})",
                    first.caption(),
                    other.id,
                    first.id
                ),
                source: "lists".into(),
                method: "exact".into(),
                target_name: first.caption().to_string(),
                score: None,
                relation_index: None,
            });
            counts.extracted += 1;
            counts.resolved += 1;
            *counts.by_method.entry("exact".into()).or_default() += 1;
        }
    }
}

/// One edge per (from, to, relation), and per pair for `same_as`; a bare UN
/// `references` edge is dropped where a worded relation joins the same two
/// nodes.
fn dedup(edges: Vec<Edge>) -> Vec<Edge> {
    let worded: HashSet<(String, String)> = edges
        .iter()
        .filter(|e| e.relation != "references")
        .flat_map(|e| {
            [
                (e.from.clone(), e.to.clone()),
                (e.to.clone(), e.from.clone()),
            ]
        })
        .collect();
    let mut seen = HashSet::new();
    edges
        .into_iter()
        .filter(|e| e.relation != "references" || !worded.contains(&(e.from.clone(), e.to.clone())))
        .filter(|e| {
            // `same_as` has no direction: one edge per pair.
            let (a, b) = if e.relation == "same_as" && e.to < e.from {
                (e.to.clone(), e.from.clone())
            } else {
                (e.from.clone(), e.to.clone())
            };
            seen.insert((a, b, e.relation.clone()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_try_parentheses_clauses_and_the_body_after_of_the() {
        assert_eq!(
            readings("Munitions Industry Department (군수공업부) of the WPK"),
            [
                "Munitions Industry Department (군수공업부) of the WPK",
                "Munitions Industry Department of the WPK",
                "군수공업부",
                "WPK",
            ]
        );
        assert_eq!(
            readings("Korea Ryonbong General Corporation, which specializes in acquisition"),
            [
                "Korea Ryonbong General Corporation, which specializes in acquisition",
                "Korea Ryonbong General Corporation",
            ]
        );
        assert_eq!(readings("KOMID."), ["KOMID"]);
        assert_eq!(
            readings("DPRK’s Second Academy of Natural Sciences and is primarily responsible"),
            [
                "DPRK’s Second Academy of Natural Sciences and is primarily responsible",
                "DPRK’s Second Academy of Natural Sciences",
                "Second Academy of Natural Sciences",
            ]
        );
        assert!(is_un_reference("QDe.010"));
        assert!(!is_un_reference("QDe.01"));
    }

    #[test]
    fn subjects_of_a_sentence_pointing_at_the_entity_itself() {
        let r = Relation {
            kind: "subordinate_to".into(),
            target_name: "the MID".into(),
            evidence: "The Second Economic Committee and the Second Academy of Natural Sciences – also designated in August 2010 – are subordinate to the MID.".into(),
            target_id: None,
        };
        assert_eq!(
            subjects(&r),
            [
                "Second Economic Committee",
                "Second Academy of Natural Sciences"
            ]
        );
        let r = Relation {
            kind: "subordinate_to".into(),
            target_name: "the MID".into(),
            evidence: "The Nuclear Weapons Institute is subordinate to the MID.".into(),
            target_id: None,
        };
        assert_eq!(subjects(&r), ["Nuclear Weapons Institute"]);
        // A phrase of another kind is not this relation's.
        let r = Relation {
            kind: "front_of".into(),
            target_name: "the MID".into(),
            evidence: "The Nuclear Weapons Institute is subordinate to the MID.".into(),
            target_id: None,
        };
        assert!(subjects(&r).is_empty());
    }

    #[test]
    fn same_as_is_one_edge_per_pair_whichever_way_it_was_found() {
        let edge = |from: &str, to: &str, relation: &str, source: &str| Edge {
            from: from.into(),
            to: to.into(),
            relation: relation.into(),
            evidence: "x".into(),
            source: source.into(),
            method: "exact".into(),
            target_name: String::new(),
            score: None,
            relation_index: None,
        };
        let kept = dedup(vec![
            edge("ofac:1", "un:A", "same_as", "registry"),
            edge("un:A", "ofac:1", "same_as", "lists"),
            edge("un:A", "ofac:1", "linked_to", "un"),
            edge("ofac:1", "un:A", "linked_to", "ofac"),
            edge("un:B", "un:A", "references", "un"),
            edge("un:B", "un:A", "subordinate_to", "un"),
        ]);
        let got: Vec<(&str, &str, &str)> = kept
            .iter()
            .map(|e| (e.from.as_str(), e.to.as_str(), e.relation.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("ofac:1", "un:A", "same_as"),
                ("un:A", "ofac:1", "linked_to"),
                ("ofac:1", "un:A", "linked_to"),
                ("un:B", "un:A", "subordinate_to"),
            ]
        );
    }

    #[test]
    fn short_readings_are_not_searched() {
        assert!(!worth_a_search("KOMID"));
        assert!(worth_a_search("Korea Mining"));
        assert!(worth_a_search("제일신용은행"));
        assert!(!worth_a_search("리호"));
    }
}
