//! A query token to the listed tokens within its edit budget ([`max_edits`]).
//!
//! The token fst is walked with a Levenshtein DFA from
//! [`levenshtein_automata`]: its builders (one per edit distance) are made
//! once per process, and a query token's DFA is then cheap, where fst's own
//! [`fst::automaton::Levenshtein`] builds a large automaton from scratch for
//! every word. Both count insertions, deletions and substitutions of
//! characters (a transposition is two edits), so they find the same tokens.
//!
//! fst's automaton gives up on a token whose DFA would exceed 10,000 states,
//! and the token is then looked up exactly; the DFA here never gives up. The
//! two part only on long tokens: this module keeps fst's automaton for every
//! token longer than [`DFA_MAX_LEN`] (and for any token not in ASCII, which
//! folding never produces), so that no search result changes.

use super::max_edits;
use crate::index::KOREAN_KEY_PREFIX;
use fst::raw::Output;
use fst::{IntoStreamer, Streamer};
use levenshtein_automata::{DFA, Distance, LevenshteinAutomatonBuilder, SINK_STATE};
use std::sync::LazyLock;

/// The longest token searched with [`levenshtein_automata`]. fst's automaton
/// for a token of `n` ASCII letters and two edits has at most 19 states per
/// reachable row of the edit-distance table (the row's own state and 18 for
/// the UTF-8 sequences of "any other character"), and the rows reachable for
/// any 13-letter token number at most 518 (see the test
/// `fst_never_gives_up_on_a_token_the_dfa_takes`): 9,842 states, under its
/// limit of 10,000. From 14 letters on it may give up.
pub const DFA_MAX_LEN: usize = 13;

/// The DFA builders for one and two edits, without transpositions (as fst
/// counts edits). Building one takes a few milliseconds: once per process.
static BUILDERS: LazyLock<[LevenshteinAutomatonBuilder; 2]> = LazyLock::new(|| {
    [
        LevenshteinAutomatonBuilder::new(1, false),
        LevenshteinAutomatonBuilder::new(2, false),
    ]
});

/// Listed tokens (token number, edit budget used: 1 when met through an
/// automaton, 0 for an exact look-up) within the edit budget of `token`: the
/// token itself only for short tokens.
/// Organisation keys are tokens like any other here; Korean syllable keys
/// are not.
pub fn expand(tokens: &fst::Map<Vec<u8>>, token: &str) -> Vec<(u32, u32)> {
    let edits = max_edits(token.chars().count());
    if edits == 0 {
        return exact(tokens, token);
    }
    if token.len() > DFA_MAX_LEN || !token.is_ascii() {
        return expand_with_fst_levenshtein(tokens, token, edits);
    }
    let builder = &BUILDERS[edits as usize - 1];
    walk(tokens, &builder.build_dfa(token), token)
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
    // Every letter the token does not have moves the automaton alike.
    let Some(other) = (0..0x80u8).find(|b| !own.contains(b)) else {
        return Vec::new();
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
        if dfa.transition(state, other) == SINK_STATE {
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

/// The expansion with fst's own automaton (exact look-up when it gives up).
fn expand_with_fst_levenshtein(
    tokens: &fst::Map<Vec<u8>>,
    token: &str,
    edits: u32,
) -> Vec<(u32, u32)> {
    match fst::automaton::Levenshtein::new(token, edits) {
        Ok(automaton) => search(tokens, &automaton),
        Err(_) => exact(tokens, token),
    }
}

fn search(tokens: &fst::Map<Vec<u8>>, automaton: &impl fst::Automaton) -> Vec<(u32, u32)> {
    let mut stream = tokens.search(automaton).into_stream();
    let mut out = Vec::new();
    while let Some((key, n)) = stream.next() {
        if !key.starts_with(KOREAN_KEY_PREFIX.as_bytes()) {
            out.push((n as u32, 1));
        }
    }
    out
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

    #[test]
    fn the_dfa_finds_the_tokens_fst_levenshtein_finds() {
        let mut rng = Lcg(7);
        let (map, words) = vocabulary(&mut rng);
        let alphabet = b"aeiknorsx";
        let mut queries: Vec<String> = Vec::new();
        for i in 0..3_000 {
            let base = &words[rng.below(words.len())];
            queries.push(rng.edit(base, i % 4, alphabet));
        }
        for len in 4..=DFA_MAX_LEN {
            for _ in 0..40 {
                queries.push(rng.word(alphabet, len));
            }
        }
        let mut compared = 0;
        let mut found = 0;
        for q in queries {
            let edits = max_edits(q.len());
            if edits == 0 || q.len() > DFA_MAX_LEN {
                continue;
            }
            let expected = expand_with_fst_levenshtein(&map, &q, edits);
            assert_eq!(expand(&map, &q), expected, "query {q:?}");
            compared += 1;
            found += expected.len();
        }
        // Many queries, most with neighbours to find.
        assert!(compared > 2_000, "{compared}");
        assert!(found > compared, "{found}");
    }

    #[test]
    fn short_and_long_tokens_are_expanded_as_before() {
        let mut rng = Lcg(11);
        let (map, words) = vocabulary(&mut rng);
        for w in words.iter().filter(|w| w.len() <= 3) {
            assert_eq!(expand(&map, w), exact(&map, w), "{w:?}");
        }
        for w in words.iter().filter(|w| w.len() > DFA_MAX_LEN).take(10) {
            assert_eq!(
                expand(&map, w),
                expand_with_fst_levenshtein(&map, w, 2),
                "{w:?}"
            );
            assert!(expand(&map, w).contains(&(map.get(w).unwrap() as u32, 1)));
        }
        // fst's automaton gives up on this one: exact look-up only.
        let long = "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz";
        assert!(fst::automaton::Levenshtein::new(long, 2).is_err());
        assert!(expand(&map, long).is_empty());
    }

    /// The bound behind [`DFA_MAX_LEN`]. fst builds its automaton from the
    /// rows of the edit-distance table (values capped at edits + 1) that
    /// reading some key can reach; every row is one state, and each row
    /// with a live "other character" transition adds 18 more (the UTF-8
    /// byte sequences of every other character, for an ASCII token). The
    /// rows reachable for a token are among those reachable when each step
    /// may match any set of the token's positions: counted here.
    #[test]
    fn fst_never_gives_up_on_a_token_the_dfa_takes() {
        let (n, d) = (DFA_MAX_LEN, 2usize);
        let start: Vec<usize> = (0..=n).collect();
        let mut layer = BTreeSet::from([start]);
        let mut rows = 1;
        for _ in 0..n + d {
            let mut next = BTreeSet::new();
            for row in &layer {
                let live: Vec<usize> = (0..n).filter(|&i| row[i] <= d).collect();
                for subset in 0..1u32 << live.len() {
                    let matched = |i: usize| {
                        live.iter()
                            .position(|&p| p == i)
                            .is_some_and(|k| subset & (1 << k) != 0)
                    };
                    let mut to = vec![row[0] + 1];
                    for i in 0..n {
                        let cost = usize::from(!matched(i));
                        let v = (to[i] + 1).min(row[i + 1] + 1).min(row[i] + cost);
                        to.push(v.min(d + 1));
                    }
                    if to.iter().any(|&v| v <= d) {
                        next.insert(to);
                    }
                }
            }
            rows += next.len();
            layer = next;
        }
        assert_eq!(rows, 518);
        assert!(rows * 19 <= 10_000);
        // And fst indeed builds them for such tokens.
        for token in ["abcdefghijklm", "aaaaaaaaaaaaa", "abababababcab"] {
            assert!(fst::automaton::Levenshtein::new(token, 2).is_ok());
        }
    }
}
