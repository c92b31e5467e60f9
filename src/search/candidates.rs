//! Stage 2, candidates: the listed names a query's tokens, Korean syllable
//! keys and organisation keys reach, each with what reached it (the bits
//! the bounds of stage 3 are worked out from).

use super::Searcher;
use super::prepare::Prepared;
use crate::normalize::korean_name;

/// Bits in a candidate's masks: query tokens, Korean syllable positions and
/// organisation keys past this many take no part in the candidate search.
pub(super) const MASK_BITS: usize = 64;

/// The position a Korean syllable key is visited at when only the family
/// name is looked up: it sets every bit of the Korean mask.
pub(super) const FAMILY_ONLY: u32 = u32::MAX;

/// The names a search's query tokens, syllables and organisation keys reach:
/// one slot per listed name, one bit per listed name saying whether its slot
/// belongs to this search, and the names touched so far.
///
/// The bits (a few kilobytes) stay in the fastest cache, so a name's slot is
/// written, not read, when the search first reaches it: the slots of one
/// search are scattered over more memory than that cache holds. Slots are
/// never cleared; their bits are ([`Candidates::clear`]).
#[derive(Default)]
pub(super) struct Candidates {
    pub(super) slots: Vec<Candidate>,
    seen: Vec<u64>,
    pub(super) touched: Vec<u32>,
}

impl Candidates {
    /// Ready for a search over `names` listed names.
    fn prepare(&mut self, names: usize) {
        self.clear();
        if self.slots.len() != names {
            self.slots = vec![Candidate::default(); names];
            self.seen = vec![0; names.div_ceil(64)];
        }
    }

    /// The slot of `name`, marked touched (and emptied on the first touch).
    #[inline]
    pub(super) fn entry(&mut self, name: u32) -> &mut Candidate {
        let (word, bit) = (name as usize / 64, 1u64 << (name % 64));
        let slot = &mut self.slots[name as usize];
        if self.seen[word] & bit == 0 {
            self.seen[word] |= bit;
            self.touched.push(name);
            *slot = Candidate::default();
        }
        slot
    }

    /// Every listed name the query reaches, from each source in turn: the
    /// listed tokens its tokens reach, its Korean syllable keys and its
    /// organisation keys. A new source of candidates is one more step here.
    pub(super) fn gather(&mut self, index: &Searcher, query: &Prepared<'_>) {
        self.prepare(index.table.names.len());
        self.add_token_hits(index, query);
        self.add_variant_hits(index, query);
        self.add_joined_hits(index, query);
        self.add_split_hits(index, query);
        self.add_korean_key_hits(index, query);
        self.add_org_key_hits(index, query);
    }

    /// Names holding a listed token that a query token reaches: bit i of
    /// the query mask for query token i, and the listed token's weight.
    fn add_token_hits(&mut self, index: &Searcher, query: &Prepared<'_>) {
        for (i, hits) in query.hits.iter().enumerate() {
            for &(token_no, _) in hits {
                let w = index.token_weight[token_no as usize];
                for &name in &index.postings[token_no as usize] {
                    let c = self.entry(name);
                    c.query_mask |= 1 << i;
                    c.listed_hit += w;
                }
            }
        }
    }

    /// Names holding a listed token that a query token meets through its
    /// spelling or sound key ([`super::variants`]) and did not reach in the
    /// fst: bit i of the query mask, and the listed token's weight.
    fn add_variant_hits(&mut self, index: &Searcher, query: &Prepared<'_>) {
        for (i, (&keys, hits)) in query.keys.iter().zip(&query.hits).enumerate() {
            let mut reached: Vec<u32> = index
                .variants
                .reached(keys)
                .filter(|t| !hits.iter().any(|&(h, _)| h == *t))
                .collect();
            reached.sort_unstable();
            reached.dedup();
            for token_no in reached {
                let w = index.token_weight[token_no as usize];
                for &name in &index.postings[token_no as usize] {
                    let c = self.entry(name);
                    c.query_mask |= 1 << i;
                    c.listed_hit += w;
                }
            }
        }
    }

    /// Names holding, side by side in either order, two listed tokens a
    /// query token may be written as one (`Silverstar`, `SILVER STAR`): bit
    /// i of the query mask for query token i, and both tokens' weights.
    fn add_joined_hits(&mut self, index: &Searcher, query: &Prepared<'_>) {
        for (i, pairs) in query.joins.iter().enumerate() {
            for &(a, b) in pairs {
                let (pa, pb) = (&index.postings[a as usize], &index.postings[b as usize]);
                let scan = if pa.len() <= pb.len() { pa } else { pb };
                let w = index.token_weight[a as usize] + index.token_weight[b as usize];
                for &name in scan {
                    let numbers = &index.name_token_numbers[name as usize];
                    let side_by_side = numbers
                        .windows(2)
                        .any(|p| (p[0], p[1]) == (a, b) || (p[0], p[1]) == (b, a));
                    if side_by_side {
                        let c = self.entry(name);
                        c.query_mask |= 1 << i;
                        c.listed_hit += w;
                    }
                }
            }
        }
    }

    /// Names holding a listed token that two neighbouring query tokens
    /// written as one reach (`Pricewaterhouse Coopers`): bits i and i + 1 of
    /// the query mask, and the listed token's weight.
    fn add_split_hits(&mut self, index: &Searcher, query: &Prepared<'_>) {
        for (i, hits) in query.splits.iter().enumerate().take(MASK_BITS - 1) {
            for &(token_no, _) in hits {
                let w = index.token_weight[token_no as usize];
                for &name in &index.postings[token_no as usize] {
                    let c = self.entry(name);
                    c.query_mask |= 0b11 << i;
                    c.listed_hit += w;
                }
            }
        }
    }

    /// Names holding a key of one of the query's Korean syllables: bit p of
    /// the Korean mask for the syllable at position p (family name 0). Where
    /// only a name whose family name matches can reach the threshold
    /// ([`super::bounds::Cut::family_required`]), the family name's names are the whole
    /// set and each has every bit set.
    fn add_korean_key_hits(&mut self, index: &Searcher, query: &Prepared<'_>) {
        let family_required = query.cut.family_required();
        // Layouts share most of their keys (the same syllable read as
        // family name in one, given name in another): each (key, position)
        // is visited once.
        let mut visits: Vec<(usize, u32)> = Vec::new();
        for layout in &query.layouts {
            if family_required {
                visits.extend(known_ids(&layout.family).map(|id| (id, FAMILY_ONLY)));
                continue;
            }
            let syllables = std::iter::once(&layout.family).chain(layout.given.iter());
            for (pos, syl) in syllables.enumerate().take(MASK_BITS) {
                visits.extend(known_ids(syl).map(|id| (id, pos as u32)));
            }
        }
        visits.sort_unstable();
        visits.dedup();
        for (id, pos) in visits {
            let bits = if pos == FAMILY_ONLY {
                u64::MAX
            } else {
                1 << pos
            };
            for &name in &index.postings[id] {
                self.entry(name).korean_mask |= bits;
            }
        }
    }

    /// Names holding one of the query's organisation keys: bit i of the
    /// organisation mask for key i.
    fn add_org_key_hits(&mut self, index: &Searcher, query: &Prepared<'_>) {
        for (i, key) in query.org_keys.iter().enumerate().take(MASK_BITS) {
            if let Some(token_no) = index.tokens.get(key) {
                for &name in &index.postings[token_no as usize] {
                    self.entry(name).org_mask |= 1 << i;
                }
            }
        }
    }

    pub(super) fn clear(&mut self) {
        for &name in &self.touched {
            self.seen[name as usize / 64] = 0;
        }
        self.touched.clear();
    }
}

#[derive(Default, Clone, Copy)]
pub(super) struct Candidate {
    /// Query tokens that hit this name (bit i = query token i).
    pub(super) query_mask: u64,
    /// Sum of the weights of the listed tokens hit.
    pub(super) listed_hit: f32,
    /// Query syllables (Korean keys) that hit this name.
    pub(super) korean_mask: u64,
    /// Query organisation keys that hit this name.
    pub(super) org_mask: u64,
}

/// Token numbers of a syllable's interned keys that some listed name has.
pub(super) fn known_ids(syl: &korean_name::Syllable) -> impl Iterator<Item = usize> + '_ {
    syl.ids
        .iter()
        .filter(|&&id| id != u32::MAX)
        .map(|&id| id as usize)
}
