//! Titles and honorifics that lead a person's name: `Mr.`, `Dr`,
//! `President`, `Sheikh`, `His Excellency`.
//!
//! `Dr. Rami Makhlouf` and `Rami Makhlouf` are the same name: a title says
//! how a person is addressed, not who they are. Like a legal form in a
//! company's name ([`super::legal_forms`]), a title weighs nothing in a
//! score, so that a title on one side only does not lower it.
//!
//! A title is a title only where it leads a person's name: at its start
//! (`Sheikh Isa Bin Tarif`), or at the start of the given names of a name
//! written `SURNAME, Given` (OFAC writes `AL ZAWAHIRI, Dr. Ayman` and
//! `ABDULLAH, Sheikh Taysir`). Elsewhere it is a word of the name
//! (`MOHAMMED, Khalid Shaikh`; `SULTAN, Ahmed` is Mr Sultan), and so is a
//! title that is all of its part (`Colonel` alone): a name is never made of
//! titles only. The searcher applies [`leading_titles`] to persons' names
//! only; in an organisation's name `General` is a word (`General Motors`).
//!
//! # Source
//!
//! [`PERSON_TITLES`] is `PERSON_NAME_PREFIXES` of OpenSanctions' `rigour`
//! library (`resources/names/stopwords.yml`, github.com/opensanctions/rigour,
//! commit 03d76508815e4e83a3acda9237c79c7a4bdb4d5d), folded, with its
//! spelling mistakes (`Higness`) corrected beside the spelling it has, and
//! without the words the shipped lists hold as given names: `Sultan` (12
//! OFAC SDN individuals have it as their first given name, `MAHMOOD, Sultan
//! Bashir-Ud-Din`, none as a title), `Sultana`, `Emir` and `Emira` (given
//! names in Arabic and Turkish), and `Prince` (`JOHNSON, Prince Yormie`).
//! The bare article `The`, which rigour lists too, is left out: it is no
//! title, and leads the names of organisations, not of persons; the titles
//! it begins (`The Reverend`) are kept.

use std::collections::HashSet;
use std::sync::OnceLock;

/// The titles, one word or several, as rigour spells them (see the module
/// docs): each becomes its folded tokens ([`super::tokens`]).
pub const PERSON_TITLES: &[&str] = &[
    // Regular titles
    "Mr",
    "Mister",
    "Master",
    "Mrs",
    "Misses",
    "Missis",
    "Missus",
    "Mistress",
    "Miss",
    "Ms",
    "Mx",
    "Mixter",
    "Madam",
    "Madame",
    "Mme",
    "Mmme",
    "Monsieur",
    "Fräulein",
    "Frau",
    "Fr",
    "Senor",
    "Senorita",
    "Herr",
    "Hr",
    // Academic and professional titles
    "Dr",
    "Doctor",
    "Prof",
    "Prof. Dr",
    "Professor Dr",
    "Professor",
    "Dott",
    "Dottore",
    "Dott.ssa",
    "Dottor",
    "Dott.sr",
    "Dott.sra",
    // Presidents
    "President",
    "Präsident",
    // Diplomatic titles
    "Ambassador",
    "Amb",
    // Military titles
    "Field Marshal",
    "Admiral",
    "General",
    "Lieutenant General",
    "Lieutenant Colonel",
    "Brigadier",
    "Colonel",
    "Col.",
    "Commodore",
    "Captain",
    "Capt.",
    "Major",
    "Maj.",
    "Rear-Admiral",
    "Rear Admiral",
    "Private",
    "Pvt.",
    // Corporate offices and executive job titles
    "Chair",
    "Chairman",
    "Chairwoman",
    "Ex-Chair",
    "Ex-Chairman",
    "Ex-Chairwoman",
    "Director",
    "Ex-Director",
    "Managing Director",
    "Ex-Managing Director",
    "Company Secretary",
    "Ex-Company Secretary",
    // Royal titles
    "Emperor",
    "Empress",
    "King",
    "Queen",
    "Sheik",
    "Sheikh",
    "Shaikh",
    "Princess",
    "The Prince",
    "The Princess",
    "The Princess Royal",
    "Grand Duke",
    "Grand Duchess",
    "His Majesty",
    "Her Majesty",
    "His Excellency",
    "Her Excellency",
    "His Royal Higness",
    "His Royal Highness",
    "Her Royal Higness",
    "Her Royal Highness",
    "HRH",
    "His Higness",
    "His Highness",
    "Her Higness",
    "Her Highness",
    // Aristocratic titles
    "Lord",
    "Lady",
    "Laird",
    "Dame",
    "Baroness",
    "Baron",
    "Count",
    "Countess",
    "Marchioness",
    "Marquess",
    "Seigneur",
    "Sr",
    "Sir",
    // Religious titles
    "The Reverend",
    "Reverend",
    // Other
    "Honourable",
    "Honorable",
    "The Honourable",
    "The Honorable",
    "The Hon",
    "The Honble",
    "The Honourable Lady",
    "The Honorable Lady",
    "Right Honourable",
    "Right Honorable",
    "The Right Honourable",
    "The Right Honorable",
    "Rt Hon",
    "The Most Honourable",
    "The Most Honorable",
    "The Most Hon",
    "The Most Honble",
    "The Much Honoured",
    "The Much Honored",
    "The Much Hon",
    "The Most Noble",
    "His Grace",
    "Her Grace",
    "The Worshipful",
    "Worshipful",
    "Excellency",
];

struct Tables {
    /// Every title as its tokens, the longest first.
    titles: Vec<Vec<String>>,
    /// The first token of every title.
    first: HashSet<String>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut titles: Vec<Vec<String>> = PERSON_TITLES.iter().map(|t| super::tokens(t)).collect();
        titles.sort_by_key(|t| std::cmp::Reverse(t.len()));
        titles.dedup();
        let first = titles.iter().filter_map(|t| t.first().cloned()).collect();
        Tables { titles, first }
    })
}

/// How many tokens at the start of `tokens` are titles, one after another
/// (`Prof. Dr.`, `His Excellency General`), the longest title first.
fn title_run(tokens: &[String]) -> usize {
    let titles = &tables().titles;
    let mut at = 0;
    while let Some(t) = titles.iter().find(|t| tokens[at..].starts_with(t)) {
        at += t.len();
    }
    at
}

/// Bit j set when token j of a person's name (`tokens`, those of `text`)
/// is a title that leads the name or the given names after its first comma,
/// and some word of that part is not a title (see the module docs). Tokens
/// past the 64th are never titles.
pub fn leading_titles(text: &str, tokens: &[String]) -> u64 {
    let first = &tables().first;
    if !tokens.iter().any(|t| first.contains(t)) {
        return 0;
    }
    // Where the given names start, in a name written `SURNAME, Given`.
    let given = text.split_once(',').and_then(|(head, _)| {
        let head = super::tokens(head);
        (head.len() < tokens.len() && tokens.starts_with(&head)).then_some(head.len())
    });
    let parts = match given {
        Some(at) => [0..at, at..tokens.len()],
        None => [0..tokens.len(), tokens.len()..tokens.len()],
    };
    let mut mask = 0u64;
    for part in parts {
        let run = title_run(&tokens[part.clone()]);
        if run < part.len() {
            for j in part.start..(part.start + run).min(64) {
                mask |= 1 << j;
            }
        }
    }
    mask
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(name: &str) -> Vec<String> {
        let tokens = super::super::tokens(name);
        let mask = leading_titles(name, &tokens);
        tokens
            .into_iter()
            .enumerate()
            .filter(|(j, _)| mask & (1 << j) != 0)
            .map(|(_, t)| t)
            .collect()
    }

    #[test]
    fn every_title_folds_to_some_tokens() {
        for t in PERSON_TITLES {
            assert!(!super::super::tokens(t).is_empty(), "{t}");
        }
    }

    #[test]
    fn titles_lead_a_name_or_its_given_names() {
        assert_eq!(titles("Mr. Rami Makhlouf"), ["mr"]);
        assert_eq!(titles("Präsident Recep Tayyip Erdoğan"), ["prasident"]);
        assert_eq!(
            titles("His Excellency General Ali Hasan"),
            ["his", "excellency", "general"]
        );
        assert_eq!(titles("Prof. Dr. Hans Meier"), ["prof", "dr"]);
        assert_eq!(titles("AL ZAWAHIRI, Dr. Ayman"), ["dr"]);
        assert_eq!(titles("ABDULLAH, Sheikh Taysir"), ["sheikh"]);
    }

    #[test]
    fn a_title_word_elsewhere_is_part_of_the_name() {
        assert!(titles("MOHAMMED, Khalid Shaikh").is_empty());
        assert!(titles("SULTAN, Ahmed").is_empty());
        assert!(titles("KING, Martin").is_empty());
        assert!(titles("Rami Makhlouf Dr").is_empty());
        // Rigour's `Right Honourable` is a title, `Right` alone is not.
        assert!(titles("Right Said").is_empty());
    }

    #[test]
    fn a_name_is_never_made_of_titles_only() {
        assert!(titles("Colonel").is_empty());
        assert!(titles("Lady Dame").is_empty());
        assert!(titles("KHAN, Sheikh").is_empty());
    }
}
