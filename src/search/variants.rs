//! Name parts spelt another way: the listed tokens a query token meets
//! through its spelling key ([`name_parts::spelling_key`]) or its sound key
//! ([`phonetic::skeleton`]), and how alike that makes them.
//!
//! Every listed token's keys are worked out when the index opens, from the
//! token fst (a derived table, like the token weights), so the index files
//! do not change. A Chinese-character token's keys are those of its Mandarin
//! reading ([`scripts::han_reading`]): `泽东` meets `zedong`, and two
//! different characters with one reading meet as a reading, not as equals.
//!
//! Equal spelling keys score [`SPELLING_SIMILARITY`], a little below equal
//! tokens; equal sound keys [`SOUND_SIMILARITY`], lower still, only for a
//! query written in a script that leaves vowels to guess
//! ([`sound_keys_apply`]), and only where the name-part table does not know
//! both tokens (it knows Hassan and
//! Hussein are two names, which their skeletons are not): a name met only
//! through sound keys alerts only when the rest of the name agrees.

use super::score::Similarities;
use crate::normalize::{name_parts, phonetic, scripts};
use std::collections::HashMap;

/// Similarity of two tokens with one spelling key (`Mohammed` / `Muhammad`,
/// `Tse` / `Ze`, `泽东` / `Zedong`).
pub const SPELLING_SIMILARITY: f32 = 0.95;

/// Similarity of two tokens with one sound key that the name-part table does
/// not both know (`Husayn` / `Husseyn`, `ladn` from لادن / `Laden`). A sound
/// key is a consonant skeleton, coarse by design: a name met only through
/// sound keys scores at most this, under the alert threshold, and alerts
/// only where the rest of the name agrees better (ordinary Persian and
/// Arabic names met only by sound alerted at 0.90 on the yente negatives).
pub const SOUND_SIMILARITY: f32 = 0.75;

/// No key.
const NONE: u32 = u32::MAX;

/// The keys of one token, as numbers of [`Variants`]' keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TokenKeys {
    spelling: u32,
    sound: u32,
    /// A spelling of a name-part table group.
    in_table: bool,
}

impl TokenKeys {
    const EMPTY: TokenKeys = TokenKeys {
        spelling: NONE,
        sound: NONE,
        in_table: false,
    };

    /// The same keys without the sound key ([`sound_keys_apply`]).
    pub(crate) fn without_sound(self) -> TokenKeys {
        TokenKeys {
            sound: NONE,
            ..self
        }
    }
}

/// Whether a query's tokens are compared by sound keys: only a name written
/// in a script whose romanization leaves the vowels to guess (Arabic script,
/// where short vowels are unwritten; Chinese characters and kana, read as
/// syllables that Latin spellings render freely). Between two Latin
/// spellings a consonant skeleton is too coarse: on a payroll of ordinary
/// names it more than doubled the alerts (`Mary` / `Umar`, `Smith` / `SMS`),
/// and the spelling keys cover the romanizations that matter there.
pub(crate) fn sound_keys_apply(name: &str) -> bool {
    scripts::has_arabic(name) || scripts::has_han(name) || scripts::has_kana(name)
}

/// The keys of every listed token, and the listed tokens of every key.
#[derive(Default)]
pub(crate) struct Variants {
    /// Key text (`s:` spelling, `p:` sound) -> key number.
    ids: HashMap<String, u32>,
    /// Key number -> listed token numbers with that key.
    tokens: Vec<Vec<u32>>,
    /// Listed token number -> its keys.
    per_token: Vec<TokenKeys>,
}

/// The key texts of a folded token: spelling and sound, and whether the
/// name-part table knows it. `None` for tokens that are not name words
/// (Korean syllable keys, organisation keys, digits).
fn key_texts(token: &str) -> Option<(String, Option<String>, bool)> {
    let reading;
    let latin = if token.chars().next().is_some_and(scripts::is_han) {
        reading = scripts::han_reading(token)?;
        reading.as_str()
    } else if token.bytes().all(|b| b.is_ascii_lowercase()) {
        token
    } else {
        return None;
    };
    let spelling = format!("s:{}", name_parts::spelling_key(latin));
    let sound = phonetic::skeleton(latin).map(|k| format!("p:{k}"));
    Some((spelling, sound, name_parts::in_table(latin)))
}

impl Variants {
    /// The keys of every token of the fst.
    pub(crate) fn new(fst: &fst::Map<Vec<u8>>) -> Variants {
        use fst::Streamer;
        let mut v = Variants {
            per_token: vec![TokenKeys::EMPTY; fst.len()],
            ..Variants::default()
        };
        let mut stream = fst.stream();
        while let Some((bytes, number)) = stream.next() {
            let Ok(token) = std::str::from_utf8(bytes) else {
                continue;
            };
            let Some((spelling, sound, in_table)) = key_texts(token) else {
                continue;
            };
            let number = number as u32;
            let spelling = v.intern(spelling, number);
            let sound = sound.map_or(NONE, |s| v.intern(s, number));
            if let Some(slot) = v.per_token.get_mut(number as usize) {
                *slot = TokenKeys {
                    spelling,
                    sound,
                    in_table,
                };
            }
        }
        v
    }

    fn intern(&mut self, key: String, token: u32) -> u32 {
        let next = self.tokens.len() as u32;
        let id = *self.ids.entry(key).or_insert(next);
        if id == next {
            self.tokens.push(Vec::new());
        }
        self.tokens[id as usize].push(token);
        id
    }

    /// The keys of a query token (numbers of keys some listed token has);
    /// its sound key only `with_sound` ([`sound_keys_apply`]).
    pub(crate) fn query_keys(&self, token: &str, with_sound: bool) -> TokenKeys {
        let Some((spelling, sound, in_table)) = key_texts(token) else {
            return TokenKeys::EMPTY;
        };
        let id = |k: &str| self.ids.get(k).copied().unwrap_or(NONE);
        TokenKeys {
            spelling: id(&spelling),
            sound: sound.as_deref().filter(|_| with_sound).map_or(NONE, id),
            in_table,
        }
    }

    /// The listed tokens a query token's keys reach, its sound key's only
    /// where they may count ([`Variants::similarity`]).
    pub(crate) fn reached(&self, keys: TokenKeys) -> impl Iterator<Item = u32> + '_ {
        let spelling = self.listed(keys.spelling);
        let sound = self
            .listed(keys.sound)
            .filter(move |&t| !(keys.in_table && self.keys_of(t).in_table));
        spelling.chain(sound)
    }

    fn listed(&self, key: u32) -> impl Iterator<Item = u32> + '_ {
        self.tokens.get(key as usize).into_iter().flatten().copied()
    }

    fn keys_of(&self, listed_no: u32) -> TokenKeys {
        self.per_token
            .get(listed_no as usize)
            .copied()
            .unwrap_or(TokenKeys::EMPTY)
    }

    /// How alike the keys make a query token and listed token `listed_no`
    /// (0 when no key is shared).
    pub(crate) fn similarity(&self, q: TokenKeys, listed_no: u32) -> f32 {
        let l = self.keys_of(listed_no);
        if q.spelling != NONE && q.spelling == l.spelling {
            SPELLING_SIMILARITY
        } else if q.sound != NONE && q.sound == l.sound && !(q.in_table && l.in_table) {
            SOUND_SIMILARITY
        } else {
            0.0
        }
    }
}

/// The similarity the scorer gives query token `i` (`q`) and a listed token
/// (`l`, number `listed_no`): the token comparison (exact for a query in
/// Hangul or Chinese characters, else remembered in `similarities`), raised
/// to what their keys say where that is more.
#[allow(clippy::too_many_arguments)]
pub(super) fn pair_similarity(
    variants: &Variants,
    keys: &[TokenKeys],
    exact_only: bool,
    similarities: &mut [Similarities],
    i: usize,
    q: &str,
    listed_no: u32,
    l: &str,
) -> f32 {
    let by_letters = if exact_only {
        super::score::exact_similarity(q, l)
    } else {
        similarities[i].get(q, listed_no, l)
    };
    if by_letters >= SPELLING_SIMILARITY {
        return by_letters;
    }
    let by_keys = keys
        .get(i)
        .map_or(0.0, |&k| variants.similarity(k, listed_no));
    by_letters.max(by_keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variants(tokens: &[&str]) -> Variants {
        let mut sorted: Vec<&str> = tokens.to_vec();
        sorted.sort();
        sorted.dedup();
        let map = fst::Map::from_iter(sorted.iter().enumerate().map(|(i, t)| (*t, i as u64)))
            .expect("sorted tokens");
        Variants::new(&map)
    }

    fn number(tokens: &[&str], t: &str) -> u32 {
        let mut sorted: Vec<&str> = tokens.to_vec();
        sorted.sort();
        sorted.dedup();
        sorted.iter().position(|x| *x == t).expect("listed") as u32
    }

    #[test]
    fn keys_decide_similarity() {
        let listed = [
            "hussein", "hassan", "zedong", "laden", "muhammad", "smith", "毛", "泽东",
        ];
        let v = variants(&listed);
        let cases: &[(&str, &str, f32)] = &[
            ("husayn", "hussein", SPELLING_SIMILARITY),
            ("mohamed", "muhammad", SPELLING_SIMILARITY),
            ("泽东", "zedong", SPELLING_SIMILARITY),
            ("mao", "毛", SPELLING_SIMILARITY),
            // Another character with the same reading: a reading, not the name.
            ("泽冬", "泽东", SPELLING_SIMILARITY),
            ("ladn", "laden", SPELLING_SIMILARITY),
            ("husseyn", "hussein", SPELLING_SIMILARITY),
            ("hussan", "hussein", SOUND_SIMILARITY),
            ("husayn", "hassan", 0.0),
            ("smyth", "smith", SOUND_SIMILARITY),
            ("jones", "smith", 0.0),
        ];
        for &(q, l, expected) in cases {
            let got = v.similarity(v.query_keys(q, true), number(&listed, l));
            assert_eq!(got, expected, "{q} / {l}");
        }
    }

    #[test]
    fn sound_keys_only_for_scripts_that_leave_vowels_to_guess() {
        assert!(sound_keys_apply("أسامة بن لادن"));
        assert!(sound_keys_apply("贝拉克·奥巴马"));
        assert!(!sound_keys_apply("Mary Taylor"));
        assert!(!sound_keys_apply("Усама бен Ладен"));
        let listed = ["smith"];
        let v = variants(&listed);
        assert_eq!(v.similarity(v.query_keys("smyth", false), 0), 0.0);
        assert_eq!(
            v.similarity(v.query_keys("smyth", true), 0),
            SOUND_SIMILARITY
        );
    }

    #[test]
    fn reached_tokens_are_those_with_a_shared_key() {
        let listed = ["hussein", "hassan", "husain", "kim"];
        let v = variants(&listed);
        let mut reached: Vec<u32> = v.reached(v.query_keys("husayn", true)).collect();
        reached.sort();
        reached.dedup();
        let mut expected = vec![number(&listed, "hussein"), number(&listed, "husain")];
        expected.sort();
        assert_eq!(reached, expected);
    }
}
