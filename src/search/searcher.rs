//! The searcher: an index's names with every table the search derives from
//! them, worked out once when it is made.

use super::{adjust_weight, identifiers, korean, org_key_weight};
use crate::index::{EntityRow, IdentifierRow, NameTable, Names, korean_key_id};
use crate::model::{IdCategory, Schema};
use crate::normalize::titles;
use std::collections::HashMap;

/// An index's names, ready to be searched ([`Searcher::search`]).
pub struct Searcher {
    pub(crate) table: NameTable,
    pub(crate) tokens: fst::Map<Vec<u8>>,
    /// Token number -> names containing the token.
    pub(crate) postings: Vec<Vec<u32>>,
    /// Token number -> weight (rarer tokens weigh more).
    pub(crate) token_weight: Vec<f32>,
    /// Sum of the token weights of each name.
    pub(crate) name_weight: Vec<f32>,
    /// The weight of every token of every name, in name order.
    pub(crate) name_token_weights: Vec<Box<[f32]>>,
    /// The token number of every token of every name (`u32::MAX` for one
    /// the fst lacks): what search remembers token comparisons by.
    pub(crate) name_token_numbers: Vec<Box<[u32]>>,
    /// Per name, bit j set when its token j is a single letter (an initial).
    pub(crate) name_initials: Vec<u64>,
    /// The weight of every organisation key of every name
    /// ([`org_key_weight`]), in name order.
    pub(crate) name_org_weights: Vec<Box<[f32]>>,
    /// Weight of a query token that no indexed name contains.
    pub(crate) unseen_weight: f32,
    /// The Korean layouts of every name, packed for scoring.
    pub(crate) korean: korean::PackedNames,
    /// The spelling and sound keys of every listed token.
    pub(crate) variants: super::variants::Variants,
    by_id: HashMap<String, u32>,
    /// (category, canonical key) -> rows of `table.identifiers`.
    by_identifier: HashMap<(IdCategory, String), Vec<u32>>,
}

impl Searcher {
    /// Works out the search's tables from an index's names.
    pub fn new(names: Names) -> Searcher {
        let Names {
            mut table,
            tokens,
            postings,
        } = names;
        let lookup = |key: &str| korean_key_id(&tokens, key);
        for n in &mut table.names {
            for k in &mut n.korean {
                k.intern(&lookup);
            }
        }
        let korean = korean::PackedNames::new(table.names.iter().map(|n| &n.korean[..]));
        let variants = super::variants::Variants::new(&tokens);
        let (token_weight, unseen_weight) = token_weights(&postings, table.names.len());
        let name_token_numbers: Vec<Box<[u32]>> = table
            .names
            .iter()
            .map(|n| {
                n.tokens
                    .iter()
                    .map(|t| {
                        tokens
                            .get(t)
                            .map_or(u32::MAX, |i| u32::try_from(i).unwrap_or(u32::MAX))
                    })
                    .collect()
            })
            .collect();
        let name_token_weights =
            name_token_weights(&table, &name_token_numbers, &token_weight, unseen_weight);
        let name_weight = name_token_weights.iter().map(|w| w.iter().sum()).collect();
        let name_initials = table
            .names
            .iter()
            .map(|n| {
                n.tokens
                    .iter()
                    .take(64)
                    .enumerate()
                    .filter(|(_, t)| t.chars().count() == 1)
                    .fold(0u64, |mask, (j, _)| mask | 1 << j)
            })
            .collect();
        let name_org_weights = table
            .names
            .iter()
            .map(|n| {
                n.org
                    .iter()
                    .map(|k| org_key_weight(&tokens, &token_weight, unseen_weight, k))
                    .collect()
            })
            .collect();
        let by_id = table
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i as u32))
            .collect();
        let mut by_identifier: HashMap<_, Vec<u32>> = HashMap::new();
        for (i, row) in table.identifiers.iter().enumerate() {
            by_identifier
                .entry((row.category, row.key.clone()))
                .or_default()
                .push(i as u32);
        }
        Searcher {
            table,
            tokens,
            postings,
            token_weight,
            name_weight,
            name_token_weights,
            name_token_numbers,
            name_initials,
            name_org_weights,
            unseen_weight,
            korean,
            variants,
            by_id,
            by_identifier,
        }
    }

    /// Every entity and name searched.
    pub fn table(&self) -> &NameTable {
        &self.table
    }

    /// Ids of all entities, sorted.
    pub fn entity_ids(&self) -> impl Iterator<Item = &str> {
        self.table.entities.iter().map(|e| e.id.as_str())
    }

    /// The listed identifiers equal to `value` as a `category` identifier,
    /// after canonical normalization (see [`identifiers::canonical`]).
    pub fn identifier_rows(&self, category: IdCategory, value: &str) -> Vec<&IdentifierRow> {
        let Some(key) = identifiers::canonical(category, value) else {
            return Vec::new();
        };
        self.by_identifier
            .get(&(category, key))
            .into_iter()
            .flatten()
            .map(|&i| &self.table.identifiers[i as usize])
            .collect()
    }

    /// The position of an entity in the name table.
    pub fn entity_number(&self, id: &str) -> Option<u32> {
        self.by_id.get(id).copied()
    }

    /// The matcher's row of an entity.
    pub fn entity_row(&self, id: &str) -> Option<&EntityRow> {
        self.by_id
            .get(id)
            .map(|&i| &self.table.entities[i as usize])
    }
}

/// Weight of each token: inverse document frequency over the indexed names,
/// `ln(1 + N / df)`, so that a token found in few names counts more than one
/// found in many.
fn token_weights(postings: &[Vec<u32>], names: usize) -> (Vec<f32>, f32) {
    let n = names.max(1) as f32;
    let w = postings
        .iter()
        .map(|p| (1.0 + n / p.len().max(1) as f32).ln())
        .collect();
    (w, (1.0 + n).ln())
}

/// The weight of every token of every name, from the tokens' numbers
/// (`u32::MAX` for a token the fst lacks: [`weight_of`]'s unseen weight);
/// nothing for the titles leading a person's name
/// ([`titles::leading_titles`]).
fn name_token_weights(
    table: &NameTable,
    numbers: &[Box<[u32]>],
    token_weight: &[f32],
    unseen: f32,
) -> Vec<Box<[f32]>> {
    table
        .names
        .iter()
        .zip(numbers)
        .map(|(n, numbers)| {
            let organisation = table
                .entities
                .get(n.entity as usize)
                .is_some_and(|e| e.schema != Schema::Person);
            let titles = if organisation {
                0
            } else {
                titles::leading_titles(&n.text, &n.tokens)
            };
            n.tokens
                .iter()
                .zip(numbers.iter())
                .enumerate()
                .map(|(j, (t, &i))| {
                    let idf = token_weight.get(i as usize).copied().unwrap_or(unseen);
                    if j < 64 && titles & (1 << j) != 0 {
                        0.0
                    } else {
                        adjust_weight(t, idf, organisation)
                    }
                })
                .collect()
        })
        .collect()
}

/// The weight of token `t`: its rarity, or `unseen` for a token no listed
/// name has.
pub(crate) fn weight_of(
    tokens: &fst::Map<Vec<u8>>,
    token_weight: &[f32],
    unseen: f32,
    t: &str,
) -> f32 {
    tokens
        .get(t)
        .and_then(|i| token_weight.get(i as usize).copied())
        .unwrap_or(unseen)
}
