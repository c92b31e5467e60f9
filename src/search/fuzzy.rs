//! A query token to the listed tokens within its edit budget ([`max_edits`]).
//!
//! The token fst is walked with a Levenshtein DFA from
//! [`levenshtein_automata`]: its builders (one per edit distance) are made
//! once per process, and a query token's DFA is then cheap. The DFA counts a
//! swap of two neighbouring letters as one edit (Damerau, optimal string
//! alignment), as [`super::score::token_similarity`] does: every listed token
//! a query token is alike to is found here, which the bounds of stage 3 rely
//! on. fst's own [`fst::automaton::Levenshtein`] is not used: it counts a
//! swap as two edits, builds a large automaton from scratch for every word
//! and gives up on long ones.

use super::max_edits;
use super::score::MIN_PART;
use crate::index::KOREAN_KEY_PREFIX;
use fst::raw::Output;
use levenshtein_automata::{DFA, Distance, LevenshteinAutomatonBuilder, SINK_STATE};
use std::sync::LazyLock;

/// The DFA builders for one and two edits, a transposition counting as one.
/// Building one takes a few milliseconds: once per process.
static BUILDERS: LazyLock<[LevenshteinAutomatonBuilder; 2]> = LazyLock::new(|| {
    [
        LevenshteinAutomatonBuilder::new(1, true),
        LevenshteinAutomatonBuilder::new(2, true),
    ]
});

/// Listed tokens (token number, edit budget used: 1 when met through an
/// automaton, 0 for an exact look-up) within the edit budget of `token`: the
/// token itself only for short tokens.
/// Organisation keys are tokens like any other here; Korean syllable keys
/// are not.
pub fn expand(tokens: &fst::Map<Vec<u8>>, token: &str) -> Vec<(u32, u32)> {
    expand_within(tokens, token, max_edits(token.chars().count()))
}

/// The listed tokens within `edits` edits (at most 2) of `token`, but Korean
/// syllable keys, in key order.
pub fn expand_within(tokens: &fst::Map<Vec<u8>>, token: &str, edits: u32) -> Vec<(u32, u32)> {
    if edits == 0 {
        return exact(tokens, token);
    }
    let builder = &BUILDERS[edits.min(2) as usize - 1];
    walk(tokens, &builder.build_dfa(token), token)
}

/// The listed pairs of tokens (a, b) that `token` may be written as one
/// ([`super::score::joined_similarity`]): split anywhere into two parts of
/// at least [`MIN_PART`] letters, one part is a listed token as it stands
/// and the other within its own edit budget of a listed token ([`expand`]).
/// Sorted, without repeats.
pub fn joined_parts(tokens: &fst::Map<Vec<u8>>, token: &str) -> Vec<(u32, u32)> {
    let cuts: Vec<usize> = token.char_indices().map(|(at, _)| at).collect();
    let mut out = Vec::new();
    for &at in cuts.iter().skip(MIN_PART) {
        let (left, right) = token.split_at(at);
        if right.chars().count() < MIN_PART {
            break;
        }
        if let Some(a) = tokens.get(left) {
            out.extend(
                expand(tokens, right)
                    .into_iter()
                    .map(|(b, _)| (a as u32, b)),
            );
        }
        if let Some(b) = tokens.get(right) {
            out.extend(expand(tokens, left).into_iter().map(|(a, _)| (a, b as u32)));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The tokens `dfa` (built for `token`) matches, in key order (as fst's
/// stream gives them), but Korean syllable keys.
///
/// fst's stream decodes the node behind every transition before it asks the
/// automaton whether to go on; this walk asks first. And once the automaton
/// has no edit left for a letter the token does not have, only the token's
/// own letters can lead anywhere: those are looked up in the node instead of
/// reading all its transitions.
fn walk(tokens: &fst::Map<Vec<u8>>, dfa: &DFA, token: &str) -> Vec<(u32, u32)> {
    let mut own: Vec<u8> = token.bytes().collect();
    own.sort_unstable();
    own.dedup();
    // Every letter the token does not have moves the automaton alike. Only
    // for a token in ASCII: in the middle of another character's UTF-8
    // sequence an ASCII byte says nothing of the other continuations.
    let other = if token.is_ascii() {
        (0..0x80u8).find(|b| !own.contains(b))
    } else {
        None
    };
    let fst = tokens.as_fst();
    let root = fst.root().addr();
    let is_match = |state: u32| matches!(dfa.distance(state), Distance::Exact(_));
    let mut out = Vec::new();
    let mut stack = vec![(fst.root(), dfa.initial_state(), Output::zero())];
    // Depth first, each node's transitions in byte order, a key reported when
    // its node is reached: key order.
    while let Some((node, state, output)) = stack.pop() {
        if node.is_final() && is_match(state) {
            out.push((output.cat(node.final_output()).value() as u32, 1));
        }
        let mut go = |i: usize| {
            let t = node.transition(i);
            if node.addr() == root && t.inp == KOREAN_KEY_PREFIX.as_bytes()[0] {
                return;
            }
            let next = dfa.transition(state, t.inp);
            if next != SINK_STATE {
                stack.push((fst.node(t.addr), next, output.cat(t.out)));
            }
        };
        if other.is_some_and(|other| dfa.transition(state, other) == SINK_STATE) {
            own.iter()
                .rev()
                .filter_map(|&b| node.find_input(b))
                .for_each(&mut go);
        } else {
            (0..node.len()).rev().for_each(&mut go);
        }
    }
    out
}

fn exact(tokens: &fst::Map<Vec<u8>>, token: &str) -> Vec<(u32, u32)> {
    tokens
        .get(token)
        .map(|n| vec![(n as u32, 0)])
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// A small deterministic generator (no dependency for it).
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 33) % n as u64) as usize
        }

        fn word(&mut self, alphabet: &[u8], len: usize) -> String {
            (0..len)
                .map(|_| alphabet[self.below(alphabet.len())] as char)
                .collect()
        }

        /// `word` with up to `n` random edits (insertions, deletions,
        /// substitutions, swaps of neighbours).
        fn edit(&mut self, word: &str, n: usize, alphabet: &[u8]) -> String {
            let mut w: Vec<u8> = word.bytes().collect();
            for _ in 0..n {
                let at = self.below(w.len() + 1);
                let c = alphabet[self.below(alphabet.len())];
                match self.below(4) {
                    0 => w.insert(at, c),
                    1 if at < w.len() => {
                        w.remove(at);
                    }
                    2 if at < w.len() => w[at] = c,
                    3 if at + 1 < w.len() => w.swap(at, at + 1),
                    _ => {}
                }
            }
            String::from_utf8(w).unwrap()
        }
    }

    /// A vocabulary of near neighbours (a small alphabet), with Korean keys,
    /// organisation-like keys and non-ASCII keys among them.
    fn vocabulary(rng: &mut Lcg) -> (fst::Map<Vec<u8>>, Vec<String>) {
        let alphabet = b"aeiknors";
        let mut words = BTreeSet::new();
        for _ in 0..20_000 {
            let len = 1 + rng.below(16);
            words.insert(rng.word(alphabet, len));
        }
        let plain: Vec<String> = words.iter().cloned().collect();
        for w in plain.iter().take(2_000) {
            words.insert(format!("{KOREAN_KEY_PREFIX}{w}"));
            words.insert(format!("{w}é"));
            words.insert(format!("ö{w}"));
        }
        words.insert("kim".into());
        words.insert("jong".into());
        let map = fst::Map::from_iter(words.iter().enumerate().map(|(i, w)| (w.clone(), i as u64)))
            .unwrap();
        (map, plain)
    }

    /// Every vocabulary word [`expand`] should find for `q`, by optimal
    /// string alignment (strsim's, which scoring uses), but Korean keys.
    fn brute_force(words: &[(String, u64)], q: &str) -> Vec<u32> {
        let len = q.chars().count();
        words
            .iter()
            .filter(|(w, _)| !w.starts_with(KOREAN_KEY_PREFIX))
            .filter(|(w, _)| strsim::osa_distance(q, w) <= max_edits(len) as usize)
            .map(|&(_, n)| n as u32)
            .collect()
    }

    fn numbers(hits: Vec<(u32, u32)>) -> Vec<u32> {
        hits.into_iter().map(|(n, _)| n).collect()
    }

    #[test]
    fn the_dfa_finds_every_token_within_the_budget_a_swap_one_edit() {
        let mut rng = Lcg(7);
        let (map, words) = vocabulary(&mut rng);
        let all: Vec<(String, u64)> = map.stream().into_str_vec().unwrap().into_iter().collect();
        let alphabet = b"aeiknorsx";
        let mut queries: Vec<String> = Vec::new();
        for i in 0..600 {
            let base = &words[rng.below(words.len())];
            queries.push(rng.edit(base, i % 4, alphabet));
        }
        for len in 4..=20 {
            for _ in 0..5 {
                queries.push(rng.word(alphabet, len));
            }
        }
        // Non-ASCII tokens are walked in full.
        queries.extend(["ökines", "anoské", "résine"].map(String::from));
        let mut found = 0;
        queries.extend(words.iter().filter(|w| w.len() <= 3).cloned());
        for q in &queries {
            let expected = brute_force(&all, q);
            assert_eq!(numbers(expand(&map, q)), expected, "query {q:?}");
            found += expected.len();
        }
        assert!(found > queries.len(), "{found}");
        // A swap is one edit, so a swapped word is found by its neighbour.
        let some = all
            .iter()
            .find(|(w, _)| w.len() == 6 && w.is_ascii())
            .unwrap();
        let mut swapped: Vec<u8> = some.0.bytes().collect();
        swapped.swap(2, 3);
        let swapped = String::from_utf8(swapped).unwrap();
        assert!(expand_within(&map, &swapped, 1).contains(&(some.1 as u32, 1)));
    }

    #[test]
    fn short_tokens_are_looked_up_exactly_and_long_ones_have_no_limit() {
        let mut rng = Lcg(11);
        let (map, words) = vocabulary(&mut rng);
        for w in words.iter().filter(|w| w.len() <= 3) {
            assert_eq!(expand(&map, w), exact(&map, w), "{w:?}");
        }
        // Long tokens have no state limit.
        let long = "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz";
        assert!(expand(&map, long).is_empty());
        let long_listed = words.iter().find(|w| w.len() > 14).unwrap();
        let mut typo: Vec<u8> = long_listed.bytes().collect();
        typo.swap(5, 6);
        typo.remove(1);
        let typo = String::from_utf8(typo).unwrap();
        let n = map.get(long_listed).unwrap() as u32;
        assert!(expand(&map, &typo).contains(&(n, 1)), "{typo}");
    }

    #[test]
    fn a_token_may_be_two_listed_tokens_joined_with_a_typo_in_one() {
        let words = [
            "abu", "bakr", "silver", "star", "stars", "vladimir", "putin",
        ];
        let mut sorted = words.to_vec();
        sorted.sort();
        let map =
            fst::Map::from_iter(sorted.iter().enumerate().map(|(i, w)| (*w, i as u64))).unwrap();
        let no = |w: &str| map.get(w).unwrap() as u32;
        let pair = |a: &str, b: &str| (no(a), no(b));
        assert_eq!(joined_parts(&map, "abubakr"), [pair("abu", "bakr")]);
        let silver = joined_parts(&map, "silverstar");
        assert!(silver.contains(&pair("silver", "star")), "{silver:?}");
        assert!(silver.contains(&pair("silver", "stars")), "{silver:?}");
        assert!(joined_parts(&map, "silvrstar").contains(&pair("silver", "star")));
        assert!(joined_parts(&map, "vladimirptin").contains(&pair("vladimir", "putin")));
        // Both parts spelt wrong: not a join.
        assert!(joined_parts(&map, "silvrstr").is_empty());
        // One-letter parts are initials, not words.
        assert!(joined_parts(&map, "sstar").is_empty());
    }
}
