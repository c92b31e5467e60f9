//! Numbers written in words: `Brigade Forty-Four` is `Brigade 44`, `First
//! Bank` is `1st Bank`, `Three Percenters` is `3 Percenters`.
//!
//! The lists write a number in a name one way (`44`, `FIRST`), a query may
//! write it the other, and word by word the two share nothing. [`number_at`]
//! reads a run of English number words as the number they spell, so that
//! [`super::tokens`] writes it in digits on both sides: a cardinal as its
//! digits (`forty four` -> `44`), an ordinal as its digits and English
//! ordinal indicator (`twenty first` -> `21st`); a token written in digits
//! with an indicator gets the indicator English gives it
//! ([`ordinal_digits`]: `21th` -> `21st`). A cardinal and an ordinal stay
//! apart (`Three` is not `Third`).
//!
//! Numbers are alike only when equal: a number is never fuzzed into
//! another (`44` and `45` are other brigades, `2004` and `2005` other
//! series; see [`crate::search::score::token_similarity`]).
//!
//! # Source
//!
//! CLDR's rule-based number format for English, `common/rbnf/en.xml`
//! (github.com/unicode-org/cldr, commit
//! 0237256288fa92dea06f5efe1f9cfce6c76a935f): the words and their order are
//! those of `spellout-cardinal` (`forty-four`, `one hundred twenty-three`,
//! `two thousand five`), with the `and` of `spellout-cardinal-verbose` after
//! `hundred` and the scales (`one hundred and five`); the ordinals those of
//! `spellout-ordinal` (`first` ... `twelfth`, `thirteenth`, `twentieth`,
//! `twenty-first`, `one hundredth`); the indicators those of
//! `digits-ordinal` (`1st`, `2nd`, `3rd`, `4th`, `11th`, `21st`, `111th`).
//! Hyphens split words ([`super::fold`]), so `forty-four` arrives as `forty
//! four`. Scales stop at `trillion`.

/// What a number word is in CLDR's rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Word {
    /// `zero` to `nine`.
    Unit(u64),
    /// `ten` to `nineteen`.
    Teen(u64),
    /// `twenty` to `ninety`.
    Tens(u64),
    Hundred,
    /// `thousand`, `million`, `billion`, `trillion`.
    Scale(u64),
}

/// `spellout-cardinal`'s words.
const CARDINALS: &[(&str, Word)] = &[
    ("zero", Word::Unit(0)),
    ("one", Word::Unit(1)),
    ("two", Word::Unit(2)),
    ("three", Word::Unit(3)),
    ("four", Word::Unit(4)),
    ("five", Word::Unit(5)),
    ("six", Word::Unit(6)),
    ("seven", Word::Unit(7)),
    ("eight", Word::Unit(8)),
    ("nine", Word::Unit(9)),
    ("ten", Word::Teen(10)),
    ("eleven", Word::Teen(11)),
    ("twelve", Word::Teen(12)),
    ("thirteen", Word::Teen(13)),
    ("fourteen", Word::Teen(14)),
    ("fifteen", Word::Teen(15)),
    ("sixteen", Word::Teen(16)),
    ("seventeen", Word::Teen(17)),
    ("eighteen", Word::Teen(18)),
    ("nineteen", Word::Teen(19)),
    ("twenty", Word::Tens(20)),
    ("thirty", Word::Tens(30)),
    ("forty", Word::Tens(40)),
    ("fifty", Word::Tens(50)),
    ("sixty", Word::Tens(60)),
    ("seventy", Word::Tens(70)),
    ("eighty", Word::Tens(80)),
    ("ninety", Word::Tens(90)),
    ("hundred", Word::Hundred),
    ("thousand", Word::Scale(1_000)),
    ("million", Word::Scale(1_000_000)),
    ("billion", Word::Scale(1_000_000_000)),
    ("trillion", Word::Scale(1_000_000_000_000)),
];

/// `spellout-ordinal`'s words: each ends a number.
const ORDINALS: &[(&str, Word)] = &[
    ("zeroth", Word::Unit(0)),
    ("first", Word::Unit(1)),
    ("second", Word::Unit(2)),
    ("third", Word::Unit(3)),
    ("fourth", Word::Unit(4)),
    ("fifth", Word::Unit(5)),
    ("sixth", Word::Unit(6)),
    ("seventh", Word::Unit(7)),
    ("eighth", Word::Unit(8)),
    ("ninth", Word::Unit(9)),
    ("tenth", Word::Teen(10)),
    ("eleventh", Word::Teen(11)),
    ("twelfth", Word::Teen(12)),
    ("thirteenth", Word::Teen(13)),
    ("fourteenth", Word::Teen(14)),
    ("fifteenth", Word::Teen(15)),
    ("sixteenth", Word::Teen(16)),
    ("seventeenth", Word::Teen(17)),
    ("eighteenth", Word::Teen(18)),
    ("nineteenth", Word::Teen(19)),
    ("twentieth", Word::Tens(20)),
    ("thirtieth", Word::Tens(30)),
    ("fortieth", Word::Tens(40)),
    ("fiftieth", Word::Tens(50)),
    ("sixtieth", Word::Tens(60)),
    ("seventieth", Word::Tens(70)),
    ("eightieth", Word::Tens(80)),
    ("ninetieth", Word::Tens(90)),
    ("hundredth", Word::Hundred),
    ("thousandth", Word::Scale(1_000)),
    ("millionth", Word::Scale(1_000_000)),
    ("billionth", Word::Scale(1_000_000_000)),
    ("trillionth", Word::Scale(1_000_000_000_000)),
];

fn lookup(table: &[(&str, Word)], word: &str) -> Option<Word> {
    table.iter().find(|(w, _)| *w == word).map(|&(_, n)| n)
}

/// The number being read: the scales done, the group under a thousand being
/// read, and what the last word was.
#[derive(Default)]
struct Reading {
    done: u64,
    group: u64,
    last: Option<Word>,
    /// The last scale used: the next must be smaller (`two million five
    /// thousand`).
    scale: Option<u64>,
    /// The last word was `and`.
    and: bool,
}

impl Reading {
    /// Takes `word` if it may follow what was read, as CLDR writes numbers.
    fn take(&mut self, word: Word) -> bool {
        let after_group_start =
            matches!(self.last, None | Some(Word::Hundred) | Some(Word::Scale(_)));
        let ok = match word {
            // `zero` is a number alone.
            Word::Unit(0) => self.last.is_none(),
            Word::Unit(n) => {
                (after_group_start || matches!(self.last, Some(Word::Tens(_)))) && {
                    self.group += n;
                    true
                }
            }
            Word::Teen(n) | Word::Tens(n) => {
                after_group_start && {
                    self.group += n;
                    true
                }
            }
            Word::Hundred => {
                !self.and
                    && matches!(self.last, Some(Word::Unit(_)))
                    && (1..=9).contains(&self.group)
                    && {
                        self.group *= 100;
                        true
                    }
            }
            Word::Scale(s) => {
                !self.and && self.group > 0 && self.scale.is_none_or(|last| s < last) && {
                    self.done += self.group * s;
                    self.group = 0;
                    self.scale = Some(s);
                    true
                }
            }
        };
        if ok {
            self.last = Some(word);
            self.and = false;
        }
        ok
    }

    fn value(&self) -> u64 {
        self.done + self.group
    }
}

/// The number a run of number words at the start of `words` spells, in
/// digits (with its ordinal indicator for an ordinal), and how many words
/// it took; `None` when `words` does not start with a number word.
pub fn number_at(words: &[&str]) -> Option<(String, usize)> {
    let mut reading = Reading::default();
    let mut at = 0;
    while let Some(&word) = words.get(at) {
        if word == "and" {
            // `one hundred and five`: only between a hundred or a scale and
            // the rest of the number.
            let next_fits = words
                .get(at + 1)
                .and_then(|w| lookup(CARDINALS, w).or_else(|| lookup(ORDINALS, w)))
                .is_some_and(|w| matches!(w, Word::Unit(1..) | Word::Teen(_) | Word::Tens(_)));
            let after = matches!(reading.last, Some(Word::Hundred) | Some(Word::Scale(_)));
            if !(after && next_fits) {
                break;
            }
            reading.and = true;
            at += 1;
            continue;
        }
        if let Some(w) = lookup(ORDINALS, word) {
            if reading.take(w) {
                let n = reading.value();
                return Some((format!("{n}{}", indicator(n)), at + 1));
            }
            break;
        }
        match lookup(CARDINALS, word) {
            Some(w) if reading.take(w) => at += 1,
            _ => break,
        }
        if reading.last == Some(Word::Unit(0)) {
            break;
        }
    }
    (at > 0).then(|| (reading.value().to_string(), at))
}

/// English's ordinal indicator for `n` (CLDR `digits-ordinal`).
fn indicator(n: u64) -> &'static str {
    match (n % 100, n % 10) {
        (11..=13, _) => "th",
        (_, 1) => "st",
        (_, 2) => "nd",
        (_, 3) => "rd",
        _ => "th",
    }
}

/// A token of digits and an ordinal indicator (`1st`, `21th`) with the
/// indicator English gives its number; `None` for any other token.
pub fn ordinal_digits(token: &str) -> Option<String> {
    let digits = token.trim_end_matches(|c: char| c.is_ascii_lowercase());
    let suffix = &token[digits.len()..];
    if digits.is_empty()
        || !digits.bytes().all(|b| b.is_ascii_digit())
        || !matches!(suffix, "st" | "nd" | "rd" | "th")
    {
        return None;
    }
    let n: u64 = digits.parse().ok()?;
    let canonical = indicator(n);
    (canonical != suffix).then(|| format!("{digits}{canonical}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> Vec<String> {
        let words: Vec<&str> = s.split(' ').collect();
        let mut out = Vec::new();
        let mut at = 0;
        while at < words.len() {
            match number_at(&words[at..]) {
                Some((n, len)) => {
                    out.push(n);
                    at += len;
                }
                None => {
                    out.push(words[at].to_string());
                    at += 1;
                }
            }
        }
        out
    }

    #[test]
    fn cardinals_as_cldr_spells_them() {
        for (words, digits) in [
            ("zero", "0"),
            ("one", "1"),
            ("twelve", "12"),
            ("forty four", "44"),
            ("ninety", "90"),
            ("one hundred", "100"),
            ("one hundred twenty three", "123"),
            ("one hundred and five", "105"),
            ("two thousand five", "2005"),
            ("two thousand and five", "2005"),
            ("three million two hundred thousand", "3200000"),
            ("one trillion", "1000000000000"),
        ] {
            assert_eq!(read(words), [digits], "{words}");
        }
    }

    #[test]
    fn ordinals_as_cldr_spells_them() {
        for (words, digits) in [
            ("first", "1st"),
            ("second", "2nd"),
            ("third", "3rd"),
            ("eleventh", "11th"),
            ("twelfth", "12th"),
            ("twentieth", "20th"),
            ("twenty first", "21st"),
            ("one hundredth", "100th"),
            ("one hundred first", "101st"),
            ("one hundred eleventh", "111th"),
        ] {
            assert_eq!(read(words), [digits], "{words}");
        }
    }

    #[test]
    fn words_that_do_not_make_one_number_stay_apart() {
        assert_eq!(read("one two"), ["1", "2"]);
        assert_eq!(read("twenty twenty"), ["20", "20"]);
        assert_eq!(read("nineteen ninety"), ["19", "90"]);
        assert_eq!(read("first second"), ["1st", "2nd"]);
        assert_eq!(read("zero one"), ["0", "1"]);
        assert_eq!(read("thousand islands"), ["thousand", "islands"]);
        assert_eq!(read("brigade forty four"), ["brigade", "44"]);
        assert_eq!(read("salt and pepper"), ["salt", "and", "pepper"]);
        assert_eq!(read("one hundred and"), ["100", "and"]);
        assert_eq!(read("five and six"), ["5", "and", "6"]);
    }

    #[test]
    fn ordinal_indicators_follow_english() {
        assert_eq!(ordinal_digits("21th").as_deref(), Some("21st"));
        assert_eq!(ordinal_digits("12nd").as_deref(), Some("12th"));
        assert_eq!(ordinal_digits("1st"), None);
        assert_eq!(ordinal_digits("44th"), None);
        assert_eq!(ordinal_digits("1944"), None);
        assert_eq!(ordinal_digits("abth"), None);
        assert_eq!(ordinal_digits("th"), None);
    }
}
