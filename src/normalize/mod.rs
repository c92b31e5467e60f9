//! Names to comparable tokens.
//!
//! Every name, listed or queried, goes through [`fold`] and [`tokens`] before it
//! is indexed or compared, so the two sides always meet in the same form:
//!
//! 1. Unicode NFKC (full-width letters, ligatures and compatibility forms become
//!    plain letters), then lower case.
//! 2. Arabic, Cyrillic and kana are romanized as the lists spell those names
//!    ([`scripts`]: `أسامة بن لادن` -> `asama bn ladn`, `Ахмед` -> `akhmed`);
//!    Chinese characters stay as they are, family name and given name apart
//!    (`毛泽东` -> `毛 泽东`), their readings being keys of their own; letters
//!    of other scripts are transliterated to ASCII with `deunicode`
//!    (`Müller` -> `muller`). ASCII passes through untouched and costs no
//!    allocation.
//! 3. Apostrophes and their look-alikes vanish inside a word (McCune-Reischauer's
//!    `Cho'ng` and `Cho’ng` become `chong`), every other punctuation mark splits
//!    words (`Jong-un` -> `jong un`, `KIM, Jong Un` -> `kim jong un`).
//!
//! Word order is not decided here: `SURNAME, Given` and `Given SURNAME` give the
//! same tokens in another order, and the scorer aligns tokens regardless of order.
//! Korean-specific keys (Hangul to romanizations, syllable variants) are a layer on
//! top of this one.

pub mod korean_orgs;
pub mod legal_forms;

pub mod hangul;
pub mod korean_latin;
pub mod korean_name;
pub mod name_parts;
pub mod numbers;
pub mod phonetic;
pub mod scripts;
pub mod titles;

use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;

/// Characters that are dropped inside a word rather than splitting it.
const APOSTROPHES: &[char] = &['\'', '’', '‘', 'ʼ', 'ʻ', '`', '´', 'ʹ', '′'];

/// Folds a name to lower-case ASCII words separated by single spaces.
///
/// Returns the input unchanged (borrowed) when it is already folded.
pub fn fold(input: &str) -> Cow<'_, str> {
    if is_folded(input) {
        return Cow::Borrowed(input);
    }
    // NFKC and transliteration leave ASCII as it is.
    let ascii = if input.is_ascii() {
        Cow::Borrowed(input)
    } else {
        let nfkc: String = input.nfkc().collect();
        let spaced = space_hangul_syllables(&nfkc);
        if scripts::has_script(&spaced) {
            Cow::Owned(to_ascii_keeping_han(&scripts::romanize(&spaced)))
        } else {
            Cow::Owned(deunicode::deunicode_with_tofu(&spaced, " "))
        }
    };
    let mut out = String::with_capacity(ascii.len());
    let mut pending_space = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() || scripts::is_han(c) {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c.to_ascii_lowercase());
        } else if APOSTROPHES.contains(&c) {
            // Inside a word: dropped, the word goes on.
        } else {
            pending_space = true;
        }
    }
    Cow::Owned(out)
}

/// `deunicode` of every character but Chinese ones, which stay as they are
/// ([`scripts`]: two characters that share a reading are two names).
fn to_ascii_keeping_han(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() || scripts::is_han(c) {
            out.push(c);
        } else {
            out.push_str(deunicode::deunicode_char(c).unwrap_or(" "));
        }
    }
    out
}

/// Puts a space around every precomposed Hangul syllable, so that each syllable
/// becomes a word of its own after transliteration (`김정은` -> `gim jeong eun`,
/// not `gimjeongeun`): in Korean names every syllable is a unit, and Latin
/// spellings write them as separate words or hyphenated parts.
fn space_hangul_syllables(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_hangul_syllable) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_hangul_syllable(c) {
            out.push(' ');
            out.push(c);
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A precomposed Hangul syllable (U+AC00 to U+D7A3).
pub fn is_hangul_syllable(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// True when [`fold`] would return the input as it is.
fn is_folded(s: &str) -> bool {
    let bytes = s.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let mut prev_space = false;
    for &b in bytes {
        match b {
            b'a'..=b'z' | b'0'..=b'9' => prev_space = false,
            b' ' if !prev_space => prev_space = true,
            _ => return false,
        }
    }
    true
}

/// The folded words of a name, as they are indexed and searched:
///
/// - a run of dotted initials is one word, in its order (`A.B.C. Company` ->
///   `abc company`, `p.l.c.` -> `plc`, `J.P. Morgan` -> `jp morgan`), where
///   [`fold`] alone would split at every dot;
/// - a legal form, in any of its spellings, one word or several, is its one
///   key ([`legal_forms`]: `Open Joint Stock Company` and `OAO` -> `ojsc`);
/// - abbreviated organisation words are written out ([`ABBREVIATIONS`]);
/// - a number written in English words is written in digits ([`numbers`]:
///   `Forty-Four` -> `44`, `First` -> `1st`).
///
/// A name written in Hangul is only folded: its transliterated syllables are
/// not abbreviations (초 folds to "co").
pub fn tokens(input: &str) -> Vec<String> {
    let hangul = input.chars().any(is_hangul_syllable);
    let input = name_parts::join_wade_giles_hyphens(input);
    let joined = join_initial_runs(&input);
    let folded = fold(&joined);
    let words: Vec<&str> = folded.split(' ').filter(|t| !t.is_empty()).collect();
    if hangul {
        return words.into_iter().map(str::to_owned).collect();
    }
    let mut out = Vec::with_capacity(words.len());
    let mut at = 0;
    while at < words.len() {
        if let Some((key, len)) = legal_forms::form_at(&words[at..]) {
            out.push(key.to_owned());
            at += len;
        } else if let Some((number, len)) = numbers::number_at(&words[at..]) {
            out.push(number);
            at += len;
        } else {
            let word = expand_abbreviation(words[at]);
            out.push(numbers::ordinal_digits(word).unwrap_or_else(|| word.to_owned()));
            at += 1;
        }
    }
    out
}

/// The folded words of a text with runs of dotted initials joined, as
/// [`tokens`] reads them before it looks for legal forms and abbreviations.
pub(crate) fn plain_words(input: &str) -> Vec<String> {
    fold(&join_initial_runs(input))
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The name with every run of two or more dotted single letters written as
/// one word (`A.B.C. Company` -> `ABC Company`, `U.S.A` -> `USA`). A single
/// initial (`V. Putin`, `J.-C.`) is left as it is. A run starts at a word
/// boundary, and each of its letters is one letter followed by a dot; the
/// last may go without (`U.S.A`). Borrowed when there is no dot.
fn join_initial_runs(input: &str) -> Cow<'_, str> {
    if !input.contains('.') {
        return Cow::Borrowed(input);
    }
    let chars: Vec<char> = input.chars().collect();
    let letter = |i: usize| chars.get(i).is_some_and(|c| c.is_alphabetic());
    let word_char = |i: usize| chars.get(i).is_some_and(|c| c.is_alphanumeric());
    let mut out = String::with_capacity(input.len());
    let mut i = 0;
    while i < chars.len() {
        let at_boundary = i == 0 || !word_char(i - 1);
        let mut end = i;
        let mut letters = 0;
        while at_boundary && letter(end) && chars.get(end + 1) == Some(&'.') {
            letters += 1;
            end += 2;
        }
        let undotted_last = letters >= 1 && letter(end) && !word_char(end + 1);
        if undotted_last {
            letters += 1;
            end += 1;
        }
        if letters >= 2 {
            out.extend((i..end).map(|k| chars[k]).filter(|&c| c != '.'));
            out.push(' ');
            i = end;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    Cow::Owned(out)
}

/// Abbreviations of organisation words that are not legal forms, and their
/// full forms, each seen in the shipped OFAC and UN names beside its full
/// form (counts over the names of the shipped lists: intl 4 / international
/// 347, trdg 3 / trading 558, dev 4 / development 292, mfg 2 /
/// manufacturing 55, dept 1 / department 44, mgmt 2 / management 193, bros 18
/// / brothers 16, shpg 11 / shipping 636, in OFAC's DPRK shipping companies).
/// Legal forms (`Co.`, `Ltd.`, `Corp.`, `Inc.`) are in [`legal_forms`].
pub const ABBREVIATIONS: &[(&str, &str)] = &[
    ("intl", "international"),
    ("trdg", "trading"),
    ("dev", "development"),
    ("mfg", "manufacturing"),
    ("dept", "department"),
    ("mgmt", "management"),
    ("bros", "brothers"),
    ("shpg", "shipping"),
];

/// The full form of an abbreviated organisation word, else the word.
pub fn expand_abbreviation(token: &str) -> &str {
    ABBREVIATIONS
        .iter()
        .find(|(short, _)| *short == token)
        .map_or(token, |(_, full)| full)
}

/// Generic organisation words that are not legal forms: they identify
/// little, so the scorer gives them a small weight. Sources: the words
/// OFAC and UN entity names use most, counted over the shipped lists
/// (trading 558, international 347, group, holding(s), enterprise(s),
/// general), the UAE free-zone designations (FZE, FZCO, FZC, FZ, DMCC) and
/// English function words.
pub const GENERIC_ORG_WORDS: &[&str] = &[
    "companies",
    "general",
    "fze",
    "fzco",
    "fzc",
    "fz",
    "dmcc",
    "trading",
    "group",
    "holding",
    "holdings",
    "enterprise",
    "enterprises",
    "international",
    "the",
    "of",
    "and",
];

/// True for words that [`GENERIC_ORG_WORDS`] lists.
pub fn is_generic_org_word(token: &str) -> bool {
    GENERIC_ORG_WORDS.contains(&token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_punctuation_and_marks() {
        assert_eq!(fold("KIM, Jong Un"), "kim jong un");
        assert_eq!(fold("Kim Cho’ng-sik"), "kim chong sik");
        assert_eq!(fold("Kim Cho'ng-un"), "kim chong un");
        assert_eq!(fold("  MÜLLER   Hans "), "muller hans");
        assert_eq!(fold("ＫＩＭ"), "kim");
        assert_eq!(fold("Ахмед"), "akhmed");
    }

    #[test]
    fn hangul_syllables_become_words() {
        assert_eq!(tokens("김정은").len(), 3);
        assert_eq!(tokens("박흥룡 Park").len(), 4);
    }

    #[test]
    fn folded_input_is_borrowed() {
        assert!(matches!(fold("kim jong un"), Cow::Borrowed(_)));
        assert!(matches!(fold("Kim"), Cow::Owned(_)));
    }

    #[test]
    fn order_of_surname_does_not_change_the_words() {
        let mut a = tokens("KIM, Jong Un");
        let mut b = tokens("Jong Un KIM");
        a.sort();
        b.sort();
        assert_eq!(a, b);
    }

    #[test]
    fn empty_and_symbol_only_input_give_no_tokens() {
        assert!(tokens("").is_empty());
        assert!(tokens(" ,.;- ").is_empty());
    }

    #[test]
    fn abbreviations_are_written_out() {
        assert_eq!(
            tokens("Chosun Ryonbong General Corp."),
            ["chosun", "ryonbong", "general", "corporation"]
        );
        assert_eq!(tokens("Trdg Co Ltd"), ["trading", "company", "limited"]);
        // Transliterated Hangul is left alone: 초 is "co", not "company".
        assert!(tokens("초").contains(&"co".to_string()));
    }

    #[test]
    fn generic_words_are_recognised() {
        assert!(is_generic_org_word("trading"));
        assert!(!is_generic_org_word("kim"));
        assert!(!is_generic_org_word("ltd"));
    }

    #[test]
    fn legal_forms_in_every_spelling_are_one_key() {
        assert_eq!(tokens("Siemens Aktiengesellschaft"), tokens("Siemens AG"));
        assert_eq!(tokens("Siemens AG"), ["siemens", "ag"]);
        assert_eq!(tokens("OAO Gazprom"), ["ojsc", "gazprom"]);
        assert_eq!(
            tokens("Open Joint Stock Company Gazprom"),
            ["ojsc", "gazprom"]
        );
        assert_eq!(
            tokens("Open Joint-Stock Company Gazprom"),
            ["ojsc", "gazprom"]
        );
        assert_eq!(tokens("Открытое акционерное общество Газпром")[0], "ojsc");
        assert_eq!(tokens("ОАО Газпром"), ["ojsc", "gazprom"]);
        assert_eq!(tokens("ZAO X"), tokens("Closed Joint Stock Company X"));
        assert_eq!(tokens("PJSC X"), tokens("PAO X"));
        assert_eq!(
            tokens("OOO Romashka"),
            tokens("Limited Liability Company Romashka")
        );
        assert_eq!(tokens("ТОВ Ромашка")[0], "tov");
        assert_eq!(tokens("HSBC Holdings p.l.c."), ["hsbc", "holdings", "plc"]);
        assert_eq!(
            tokens("HSBC Holdings Public Limited Company"),
            tokens("HSBC Holdings PLC")
        );
        assert_eq!(tokens("Banco S.A."), tokens("Banco Sociedad Anónima"));
        assert_eq!(tokens("Total Société Anonyme"), ["total", "sa"]);
        assert_eq!(tokens("X S.A.R.L."), ["x", "sarl"]);
        assert_eq!(tokens("Eni S.p.A."), tokens("Eni Società per Azioni"));
        assert_eq!(tokens("Shell B.V."), ["shell", "bv"]);
        assert_eq!(tokens("Philips N.V."), ["philips", "nv"]);
        assert_eq!(
            tokens("Gesellschaft mit beschränkter Haftung X"),
            ["gmbh", "x"]
        );
        assert_eq!(tokens("X Co."), tokens("X Company"));
        assert_eq!(tokens("X Corp."), ["x", "corporation"]);
        assert_eq!(tokens("X Inc"), tokens("X Incorporated"));
        // The longest spelling wins; a shorter form inside stays one key.
        assert_eq!(tokens("Public Joint Stock Company X"), ["pao", "x"]);
        assert_eq!(tokens("Joint Stock Company X"), ["jsc", "x"]);
    }

    #[test]
    fn dotted_initial_runs_are_one_ordered_word() {
        assert_eq!(tokens("A.B.C. Company"), ["abc", "company"]);
        assert_ne!(tokens("C.B.A. Company"), tokens("A.B.C. Company"));
        assert_eq!(tokens("J.P. Morgan"), ["jp", "morgan"]);
        assert_eq!(tokens("J.P.Morgan"), ["jp", "morgan"]);
        assert_eq!(tokens("U.S.A"), ["usa"]);
        // Single initials and dotted words are not runs.
        assert_eq!(tokens("V. Putin"), ["v", "putin"]);
        assert_eq!(tokens("J.-C. Juncker"), ["j", "c", "juncker"]);
        assert_eq!(tokens("Office No. 39"), ["office", "no", "39"]);
        assert_eq!(tokens("St.Petersburg"), ["st", "petersburg"]);
        // A run starts at a word boundary: "ab.c.d" keeps "ab".
        assert_eq!(tokens("ab.c.d"), ["ab", "cd"]);
        assert_eq!(join_initial_runs("no dots"), "no dots");
    }
}
