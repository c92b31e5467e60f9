//! Networks: who is whose front, member, owner or associate.
//!
//! The lists state relations as text: OFAC's `Linked To: NAME`, the UN's
//! "owned or controlled by ..." and reference numbers in COMMENTS1, the Korean
//! list's affiliation column. At build time [`resolve`] turns each into an
//! [`Edge`] between two nodes (a listed entity, or a DPRK state body of the
//! [`registry`]), or keeps it as an [`Unresolved`] text; the result is the
//! generation's `network.json` ([`Graph`]). An opened index holds it as a
//! [`Network`], which answers the neighbourhood of a node
//! ([`Network::around`]) and the state bodies whose network an entity belongs
//! to ([`Network::memberships`]).

pub mod registry;
pub mod resolve;

use crate::index::NameTable;
pub use crate::index::{NetworkSize, RelationCounts};
pub use crate::model::Membership;
use registry::{Body, Registry};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, VecDeque};

/// How far from a state body an entity may be, in relation hops, and still
/// count as part of its network.
pub const MEMBERSHIP_HOPS: u32 = 2;

/// The deepest neighbourhood [`Network::around`] will walk.
pub const MAX_DEPTH: u32 = 4;

/// A resolved relation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    pub from: String,
    pub to: String,
    /// `linked_to`, `owned_or_controlled_by`, `subordinate_to`, `front_of`,
    /// `member_of`, `associated_with`, `references`, `same_as`.
    pub relation: String,
    /// The list text it comes from.
    pub evidence: String,
    /// `un`, `ofac`, `kr` or `registry`.
    pub source: String,
    /// How the target was found: `reference` (a UN reference number),
    /// `registry` (a state body's name), `exact` (a listed name, equal after
    /// normalization), `fuzzy` (the best match above
    /// [`resolve::FUZZY_MIN`]), `subject` (the subject of a sentence whose
    /// object is the entity itself).
    pub method: String,
    /// The name the list wrote for the target.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub target_name: String,
    /// The match score of a `fuzzy` resolution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Which of `from`'s relations this is (to show it on the record).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation_index: Option<u32>,
}

/// A relation whose target no listed entity or state body answers to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unresolved {
    pub from: String,
    pub relation: String,
    pub target_name: String,
    pub source: String,
}

/// A state body as a node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BodyNode {
    /// The node: the body's first list entry, or `dprk:<slug>`.
    pub node: String,
    pub body: Body,
}

/// `network.json`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Graph {
    pub edges: Vec<Edge>,
    pub unresolved: Vec<Unresolved>,
    pub bodies: Vec<BodyNode>,
    /// By source (`un`, `ofac`, `kr`, `registry`).
    pub counts: BTreeMap<String, RelationCounts>,
    /// sha256 of the registry file (empty without one).
    #[serde(default)]
    pub registry_sha256: String,
    /// Registry list entries that are not in the lists.
    #[serde(default)]
    pub registry_missing: Vec<String>,
}

/// A node as the network answers show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    pub id: String,
    pub name: String,
    pub schema: String,
    pub sources: Vec<String>,
    /// The registry slug when the node is a DPRK state body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Hops from the centre.
    pub depth: u32,
}

/// The neighbourhood of a node.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    pub center: String,
    pub depth: u32,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

/// An opened `network.json` with its adjacency and every entity's
/// memberships worked out.
#[derive(Debug, Default)]
pub struct Network {
    pub graph: Graph,
    /// Node -> indices of the edges that touch it.
    adjacent: HashMap<String, Vec<u32>>,
    /// Node -> the body it is (listed entries of a body included).
    body_of: HashMap<String, usize>,
    memberships: HashMap<String, Vec<Membership>>,
    /// Entity id -> its row in the name table.
    rows: HashMap<String, u32>,
}

impl Network {
    pub fn new(graph: Graph, table: &NameTable) -> Network {
        let mut adjacent: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, e) in graph.edges.iter().enumerate() {
            adjacent.entry(e.from.clone()).or_default().push(i as u32);
            if e.to != e.from {
                adjacent.entry(e.to.clone()).or_default().push(i as u32);
            }
        }
        let mut body_of = HashMap::new();
        for (i, b) in graph.bodies.iter().enumerate() {
            body_of.insert(b.node.clone(), i);
            for id in &b.body.listed {
                body_of.insert(id.clone(), i);
            }
        }
        let rows = table
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i as u32))
            .collect();
        let mut network = Network {
            graph,
            adjacent,
            body_of,
            memberships: HashMap::new(),
            rows,
        };
        network.memberships = network.all_memberships(table);
        network
    }

    /// Each state body with the number of entities in its network (see
    /// [`Network::memberships`]), largest first.
    pub fn sizes(&self) -> Vec<NetworkSize> {
        let mut sizes: BTreeMap<&str, usize> = BTreeMap::new();
        for list in self.memberships.values() {
            for m in list {
                *sizes.entry(m.body.as_str()).or_default() += 1;
            }
        }
        let mut out: Vec<NetworkSize> = self
            .graph
            .bodies
            .iter()
            .map(|b| NetworkSize {
                body: b.body.id.clone(),
                node: b.node.clone(),
                members: sizes.get(b.body.id.as_str()).copied().unwrap_or(0),
            })
            .collect();
        out.sort_by(|a, b| b.members.cmp(&a.members).then(a.body.cmp(&b.body)));
        out
    }

    /// The edges that touch `node`.
    pub fn edges_of(&self, node: &str) -> impl Iterator<Item = &Edge> {
        self.adjacent
            .get(node)
            .into_iter()
            .flatten()
            .map(|&i| &self.graph.edges[i as usize])
    }

    /// The state bodies whose network `entity` belongs to, nearest first.
    pub fn memberships(&self, entity: &str) -> &[Membership] {
        self.memberships
            .get(entity)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// The state body a node is, if any.
    pub fn body(&self, node: &str) -> Option<&BodyNode> {
        self.body_of.get(node).map(|&i| &self.graph.bodies[i])
    }

    /// Breadth-first from `start`, `same_as` steps free, others one hop:
    /// node -> (hops, the edge it was reached by, its predecessor).
    /// `enter` decides whether a node reached may be walked on from.
    fn walk(
        &self,
        start: &str,
        max_hops: u32,
        enter: impl Fn(&str) -> bool,
    ) -> HashMap<String, (u32, Option<u32>, Option<String>)> {
        let mut seen: HashMap<String, (u32, Option<u32>, Option<String>)> = HashMap::new();
        let mut queue = VecDeque::new();
        seen.insert(start.to_string(), (0, None, None));
        queue.push_back(start.to_string());
        while let Some(node) = queue.pop_front() {
            let hops = seen[&node].0;
            if node != start && !enter(&node) {
                continue;
            }
            for &i in self.adjacent.get(&node).into_iter().flatten() {
                let e = &self.graph.edges[i as usize];
                let next = if e.from == node { &e.to } else { &e.from };
                let cost = u32::from(e.relation != "same_as");
                let h = hops + cost;
                if h > max_hops {
                    continue;
                }
                let better = seen.get(next).is_none_or(|&(old, _, _)| h < old);
                if better {
                    seen.insert(next.clone(), (h, Some(i), Some(node.clone())));
                    if cost == 0 {
                        queue.push_front(next.clone());
                    } else {
                        queue.push_back(next.clone());
                    }
                }
            }
        }
        seen
    }

    /// Every entity's memberships: for each body, the entities within
    /// [`MEMBERSHIP_HOPS`] of it, walking through ordinary entities and
    /// through the bodies below it, but not through other bodies (a front
    /// linked to two bureaus does not join the bureaus' networks).
    fn all_memberships(&self, table: &NameTable) -> HashMap<String, Vec<Membership>> {
        let mut out: HashMap<String, Vec<Membership>> = HashMap::new();
        let registry = Registry {
            bodies: self.graph.bodies.iter().map(|b| b.body.clone()).collect(),
            sha256: String::new(),
        };
        for b in &self.graph.bodies {
            let enter = |node: &str| match self.body(node) {
                Some(other) => registry.descends_from(&other.body.id, &b.body.id),
                None => true,
            };
            let reached = self.walk(&b.node, MEMBERSHIP_HOPS, enter);
            let name = node_name(&b.node, table, self);
            for node in reached.keys() {
                if let Some(other) = self.body(node)
                    && !registry.descends_from(&other.body.id, &b.body.id)
                {
                    continue;
                }
                let (path, relations) = path_to(&reached, node, &self.graph.edges);
                out.entry(node.clone()).or_default().push(Membership {
                    id: b.node.clone(),
                    name: name.clone(),
                    body: b.body.id.clone(),
                    path,
                    relations,
                });
            }
        }
        for list in out.values_mut() {
            list.sort_by(|a, b| a.path.len().cmp(&b.path.len()).then(a.id.cmp(&b.id)));
        }
        out
    }

    /// The nodes within `depth` hops of `center` and every edge between them.
    pub fn around(&self, center: &str, depth: u32, table: &NameTable) -> View {
        let depth = depth.min(MAX_DEPTH);
        let reached = self.walk(center, depth, |_| true);
        let mut nodes: Vec<Node> = reached
            .iter()
            .map(|(id, &(hops, _, _))| self.node(id, hops, table))
            .collect();
        nodes.sort_by(|a, b| a.depth.cmp(&b.depth).then(a.id.cmp(&b.id)));
        let mut edges: Vec<Edge> = self
            .graph
            .edges
            .iter()
            .filter(|e| reached.contains_key(&e.from) && reached.contains_key(&e.to))
            .cloned()
            .collect();
        edges.sort_by(|a, b| {
            (
                reached[&a.from].0.min(reached[&a.to].0),
                &a.from,
                &a.to,
                &a.relation,
            )
                .cmp(&(
                    reached[&b.from].0.min(reached[&b.to].0),
                    &b.from,
                    &b.to,
                    &b.relation,
                ))
        });
        View {
            center: center.to_string(),
            depth,
            nodes,
            edges,
        }
    }

    fn node(&self, id: &str, depth: u32, table: &NameTable) -> Node {
        let body = self.body(id).map(|b| b.body.id.clone());
        match self.rows.get(id).map(|&i| &table.entities[i as usize]) {
            Some(row) => Node {
                id: id.to_string(),
                name: row.caption.clone(),
                schema: row.schema.as_str().to_string(),
                sources: row.sources.iter().map(|s| s.as_str().to_string()).collect(),
                body,
                depth,
            },
            None => Node {
                id: id.to_string(),
                name: node_name(id, table, self),
                schema: "Organization".to_string(),
                sources: vec!["registry".to_string()],
                body,
                depth,
            },
        }
    }
}

/// The name of a node: the entity's caption, or the body's name.
fn node_name(id: &str, table: &NameTable, network: &Network) -> String {
    if let Some(&i) = network.rows.get(id) {
        let caption = &table.entities[i as usize].caption;
        // A body listed only in Hangul (the Korean list) is shown with its
        // registry name too.
        return match network.body(id) {
            Some(b) if caption.chars().any(crate::normalize::is_hangul_syllable) => {
                format!("{} ({caption})", b.body.display_name())
            }
            _ => caption.clone(),
        };
    }
    network
        .body(id)
        .map(|b| b.body.display_name().to_string())
        .unwrap_or_else(|| id.to_string())
}

/// The path from `node` back to the walk's start, and the relation of each
/// step.
fn path_to(
    reached: &HashMap<String, (u32, Option<u32>, Option<String>)>,
    node: &str,
    edges: &[Edge],
) -> (Vec<String>, Vec<String>) {
    let mut path = vec![node.to_string()];
    let mut relations = Vec::new();
    let mut at = node.to_string();
    while let Some((_, Some(edge), Some(prev))) = reached.get(&at) {
        relations.push(edges[*edge as usize].relation.clone());
        path.push(prev.clone());
        at = prev.clone();
        if path.len() > reached.len() + 1 {
            break;
        }
    }
    (path, relations)
}

/// Graphviz DOT of a view.
pub fn to_dot(view: &View) -> String {
    let quote = |s: &str| {
        let mut out = String::with_capacity(s.len() + 2);
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' | '\r' => out.push(' '),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    };
    let mut out =
        String::from("digraph network {\n  rankdir=LR;\n  node [shape=box, fontsize=10];\n");
    for n in &view.nodes {
        let shape = if n.body.is_some() {
            ", style=filled, fillcolor=lightgrey"
        } else if n.schema == "Person" {
            ", shape=ellipse"
        } else {
            ""
        };
        let border = if n.id == view.center {
            ", penwidth=2"
        } else {
            ""
        };
        out.push_str(&format!(
            "  {} [label={}{shape}{border}];\n",
            quote(&n.id),
            quote(&format!("{}\n{}", n.name, n.id))
        ));
    }
    for e in &view.edges {
        out.push_str(&format!(
            "  {} -> {} [label={}, fontsize=8];\n",
            quote(&e.from),
            quote(&e.to),
            quote(&format!("{} ({})", e.relation, e.source))
        ));
    }
    out.push_str("}\n");
    out
}
