//! Stage 2, candidates: the listed names a query's tokens, Korean syllable
//! keys and organisation keys reach, each with what reached it (the bits
//! the bounds of stage 3 are worked out from).

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
    pub(super) fn prepare(&mut self, names: usize) {
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
