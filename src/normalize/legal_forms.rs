//! Legal forms: one table of the forms company names carry, across languages.
//!
//! The same company is written `OAO Gazprom`, `Open Joint Stock Company
//! Gazprom` and `Otkrytoe Aktsionernoe Obshchestvo Gazprom`; `Siemens AG` and
//! `Siemens Aktiengesellschaft`; `HSBC Holdings plc` and `p.l.c.`. Word by
//! word these share nothing, and a four-word form weighs as much as the name
//! itself. [`LEGAL_FORMS`] gives every form one *key* token, and
//! [`super::tokens`] writes each spelling, one word or several, as that key,
//! on both sides (index and query), so that equivalent forms are equal tokens.
//!
//! What a form means for a score is decided by the searcher from this table:
//!
//! - a form is not part of what identifies a company, so it weighs nothing
//!   and a form on one side only does not lower a score ([`is_neutral`]);
//! - a key that is also a part of personal names ([`LegalForm::name_part`]:
//!   `Ag` in Tuareg names, `Sa`, `Pao`, `Tov`, `Sal`) is neutral only in an
//!   organisation's name; in a person's name it keeps a reduced weight;
//! - two names that both carry a specific form, and no form of the same
//!   [`Kind`], conflict ([`conflict`]): `X GmbH` is another legal entity than
//!   `X AG`, often a subsidiary in the same group. The searcher lowers such a
//!   score a little, not to zero, because the lists keep forms a company no
//!   longer has (Russia's 2014 Civil Code reform turned every OAO into a PAO
//!   and every ZAO into an AO) and a subsidiary of a listed company still
//!   needs a reviewer's eye.
//!
//! Kinds group the forms of different jurisdictions that are the same kind of
//! company: GLEIF's code list itself gives one ELF code to the Swiss `AG`, `SA`
//! and `SpA` (MVII), so `AG` and `SA` never conflict; `GmbH`, `OOO`, `SARL`,
//! `S.r.l.` and `B.V.` are all companies with limited liability.
//! [`Kind::Generic`] forms (`Company`, `Limited`, `Corporation`,
//! `Incorporated`) say nothing specific and never conflict.
//!
//! # Sources
//!
//! - ISO 20275 Entity Legal Forms, the ELF code list GLEIF publishes
//!   (<https://www.gleif.org/en/about-lei/code-lists/iso-20275-entity-legal-forms-code-list>,
//!   version of 2026-02-19): each row cites the ELF codes whose local name or
//!   abbreviation it takes (`ELF DE 6QQB` is the German Aktiengesellschaft).
//! - The spellings the shipped lists use: counts are of OFAC SDN primary
//!   names and `alt.csv` aliases holding the spelling as whole words
//!   (`OFAC 934` for `joint stock company`), with Russian and Ukrainian
//!   spellings as OFAC transliterates them.
//! - `name_part` counts are of OFAC SDN individuals holding the key as a word.
//! - Beside the hand-written table, the company forms OpenSanctions keeps in
//!   its `rigour` library (`resources/names/org_types.yml`, MIT licence, the
//!   table nomenklatura's logic-v2 compares names with), as
//!   `data/org_types.tsv`, written by `scripts/make-legal-forms.py` with the
//!   commit it was read from. Only forms rigour classes as companies are
//!   kept (LLC, JSC, and the partnerships LP, LLP and GP); state enterprises,
//!   cooperatives, associations and banks keep their words, which say what an
//!   organisation is. Where a rigour form is one of the table's, it only adds
//!   spellings; a spelling the table gives another kind (`Company`, a
//!   generic word) stays the table's, and so does one made only of the
//!   table's words (`Co. Ltd.`). A new form's key of two letters
//!   (`AS`, `AD`) is left out, and one of three is treated as a possible
//!   name part.
//!
//! Spellings are folded ([`super::fold`]); dotted abbreviations (`p.l.c.`,
//! `S.p.A.`) reach this table already joined by [`super::tokens`].

use std::collections::HashMap;
use std::sync::OnceLock;

/// The kind of company a form makes. Forms of one kind in different
/// jurisdictions or languages never conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Words most forms are written with (`Company`, `Limited`): no kind.
    Generic,
    /// A company with limited liability, not issuing shares to the public
    /// (LLC, OOO, GmbH, SARL, S.r.l., B.V.).
    LimitedLiability,
    /// A company with share capital (JSC and its Russian kinds, AG, S.A.,
    /// S.p.A., N.V., plc).
    JointStock,
    /// A partnership (LP, LLP, KG).
    Partnership,
}

impl Kind {
    /// The kind as one bit, for sets of kinds ([`specific_kinds`]).
    fn bit(self) -> u8 {
        match self {
            Kind::Generic => 0,
            Kind::LimitedLiability => 1,
            Kind::JointStock => 2,
            Kind::Partnership => 4,
        }
    }
}

/// One legal form and all its spellings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LegalForm {
    /// The one token every spelling becomes.
    pub key: &'static str,
    /// Folded spellings other than the key, one word or several.
    pub spellings: &'static [&'static str],
    pub kind: Kind,
    /// The key is also a word of personal names (see the module docs).
    pub name_part: bool,
    /// Where the form and its spellings come from (see the module docs).
    pub source: &'static str,
}

use Kind::{Generic, JointStock, LimitedLiability, Partnership};

/// The legal forms. See the module docs for the sources and for what a
/// form does to a score.
pub const LEGAL_FORMS: &[LegalForm] = &[
    // --- Generic words ---------------------------------------------------
    LegalForm {
        key: "company",
        spellings: &["co"],
        kind: Generic,
        name_part: false,
        source: "OFAC co 952 / company 3,399",
    },
    LegalForm {
        key: "corporation",
        spellings: &["corp"],
        kind: Generic,
        name_part: false,
        source: "OFAC corp 67 / corporation 300",
    },
    LegalForm {
        key: "limited",
        spellings: &["ltd"],
        kind: Generic,
        name_part: false,
        source: "ELF GB H0PO, GB 4GJI, HK 254M (Ltd; Ltd.; Limited); OFAC ltd 1,048 / \
                 limited 1,725",
    },
    LegalForm {
        key: "incorporated",
        spellings: &["inc"],
        kind: Generic,
        name_part: false,
        source: "OFAC inc 71 / incorporated 12",
    },
    LegalForm {
        key: "pte",
        spellings: &[],
        kind: Generic,
        name_part: false,
        source: "ELF SG IWZF (Private Company Limited by Shares); OFAC pte 40 (Singapore \
                 Pte. Ltd.)",
    },
    LegalForm {
        key: "pty",
        spellings: &["proprietary"],
        kind: Generic,
        name_part: false,
        source: "ELF AU TXVC, Q82Q (Proprietary; PTY; Pty Ltd); OFAC pty 13",
    },
    // --- Limited liability -----------------------------------------------
    LegalForm {
        key: "llc",
        spellings: &[
            "limited liability company",
            "ooo",
            "obshchestvo s ogranichennoi otvetstvennostiu",
            "obshchestvo s ogranichennoi otvetstvennostyu",
            "obshchestvo s ogranichennoy otvetstvennostyu",
            "obshchestvo s ogranichennoy otvetstvennostiu",
            "obshchestvo s organichennoi otvetstvennostyu",
            "tovarystvo z obmezhenoyu vidpovidalnistyu",
            "tovarystvo z obmezhenoiu vidpovidalnistiu",
        ],
        kind: LimitedLiability,
        name_part: false,
        source: "ELF RU 17R7 (Obshchestva s ogranichennoy otvetstvennost'yu), BY AABD (OOO), \
                 AE RWVW (Limited Liability Company); OFAC llc 821, limited liability \
                 company 908, ooo 607, obshchestvo s ogranichennoi otvetstvennostyu 183 \
                 (and 35 -iu, 27 -oy, 7 organichennoi), tovarystvo z obmezhenoyu \
                 vidpovidalnistyu 5 (Ukrainian TOV)",
    },
    LegalForm {
        // Ukrainian ТОВ; also a word of Hebrew names (Siman Tov, Ben Tov).
        key: "tov",
        spellings: &[],
        kind: LimitedLiability,
        name_part: true,
        source: "OFAC tov 7 (Ukrainian TOV = tovarystvo z obmezhenoyu vidpovidalnistyu)",
    },
    LegalForm {
        key: "gmbh",
        spellings: &["gesellschaft mit beschrankter haftung"],
        kind: LimitedLiability,
        name_part: false,
        source: "ELF DE 2HBR, AT AXSB, CH 3EKS (Gesellschaft mit beschränkter Haftung, \
                 GmbH); OFAC gmbh 128",
    },
    LegalForm {
        key: "sarl",
        spellings: &["societe a responsabilite limitee"],
        kind: LimitedLiability,
        name_part: false,
        source: "ELF FR (SARL forms, e.g. JR7T SARL nationale), LU; OFAC sarl 57",
    },
    LegalForm {
        key: "srl",
        spellings: &[
            "societa a responsabilita limitata",
            "sociedad de responsabilidad limitada",
        ],
        kind: LimitedLiability,
        name_part: false,
        source: "ELF IT OV32 (Società A Responsabilità Limitata, SRL; S.R.L.), ES DP3Q \
                 (Sociedad de Responsabilidad Limitada, S.L.; S.R.L.); OFAC srl 34, \
                 sociedad de responsabilidad limitada 2",
    },
    LegalForm {
        key: "bv",
        spellings: &[
            "besloten vennootschap met beperkte aansprakelijkheid",
            "besloten vennootschap",
        ],
        kind: LimitedLiability,
        name_part: false,
        source: "ELF NL 54M6 (besloten vennootschap met beperkte aansprakelijkheid, BV; \
                 B.V.); OFAC bv 21",
    },
    // --- Joint stock -----------------------------------------------------
    LegalForm {
        key: "jsc",
        spellings: &[
            "joint stock company",
            "aktsionernoe obshchestvo",
            "aktsionernoye obshchestvo",
        ],
        kind: JointStock,
        name_part: false,
        source: "ELF RU R71T (Aktsionernye obshchestva), AE WR09 (Private Joint Stock \
                 Company); OFAC jsc 550, joint stock company 934 (joint-stock 75), \
                 aktsionernoe obshchestvo 258 (aktsionernoye 15)",
    },
    LegalForm {
        // Russian АО: a JSC since 2014; also a Chinese family name (敖).
        key: "ao",
        spellings: &[],
        kind: JointStock,
        name_part: true,
        source: "ELF RU R71T (Aktsionernye obshchestva: AO); OFAC ao 447",
    },
    LegalForm {
        key: "ojsc",
        spellings: &[
            "oao",
            "open joint stock company",
            "otkrytoe aktsionernoe obshchestvo",
            "otkrytoye aktsionernoye obshchestvo",
        ],
        kind: JointStock,
        name_part: false,
        source: "ELF RU MT3A (Otkrytoye aktsionernoye obshchestvo), BY MR85 \
                 (Открытое акционерное общество, ОАО); OFAC ojsc 88, oao 124, open joint \
                 stock company 96 (146 with joint-stock), otkrytoe aktsionernoe \
                 obshchestvo 40 (otkrytoye 7)",
    },
    LegalForm {
        key: "cjsc",
        spellings: &[
            "zao",
            "closed joint stock company",
            "zakrytoe aktsionernoe obshchestvo",
            "zakrytoye aktsionernoye obshchestvo",
        ],
        kind: JointStock,
        name_part: false,
        source: "ELF BY 106J (Закрытое акционерное общество, ЗАО); OFAC cjsc 41, zao 48, \
                 closed joint stock company 52, zakrytoe aktsionernoe obshchestvo 25 \
                 (zakrytoye 3)",
    },
    LegalForm {
        // ПАО; also a Chinese family name (Pao, in OFAC individuals).
        key: "pao",
        spellings: &[
            "pjsc",
            "public joint stock company",
            "publichnoe aktsionernoe obshchestvo",
            "publichnoye aktsionernoye obshchestvo",
        ],
        kind: JointStock,
        name_part: true,
        source: "ELF RU 4TYO (Publichnye aktsionernye obshchestva), AE JGNU (Public Joint \
                 Stock Company); OFAC pao 86, pjsc 79, public joint stock company 258, \
                 publichnoe aktsionernoe obshchestvo 20; pao in 4 OFAC individuals",
    },
    LegalForm {
        // Aktiengesellschaft; Ag is also a Tuareg name word ("son of").
        key: "ag",
        spellings: &["aktiengesellschaft"],
        kind: JointStock,
        name_part: true,
        source: "ELF DE 6QQB, AT EQOV, CH MVII (Aktiengesellschaft, AG); OFAC ag 42, \
                 aktiengesellschaft 2; ag in 5 OFAC individuals",
    },
    LegalForm {
        key: "sa",
        spellings: &["societe anonyme", "sociedad anonima"],
        kind: JointStock,
        name_part: true,
        source: "ELF FR QVPB, LU 5GGB, CH MVII (Société anonyme, SA), ES 5RDO (Sociedad \
                 Anonima, S.A.); OFAC sa 618, sociedad anonima 11; sa in 38 OFAC \
                 individuals",
    },
    LegalForm {
        // Lebanese S.A.L.; Sal is also a given name.
        key: "sal",
        spellings: &["societe anonyme libanaise", "sociedad anonima laboral"],
        kind: JointStock,
        name_part: true,
        source: "ELF ES R2L8 (Sociedad Anonima Laboral, S.A.L.); OFAC sal 102 (Lebanese \
                 S.A.L.)",
    },
    LegalForm {
        key: "sas",
        spellings: &["societe par actions simplifiee"],
        kind: JointStock,
        name_part: false,
        source: "ELF FR 6CHY (société par actions simplifiée, SAS); OFAC sas 40",
    },
    LegalForm {
        key: "spa",
        spellings: &["societa per azioni"],
        kind: JointStock,
        name_part: false,
        source: "ELF IT P418 (Società Per Azioni, SPA; S.P.A.); OFAC spa 13",
    },
    LegalForm {
        key: "nv",
        spellings: &["naamloze vennootschap"],
        kind: JointStock,
        name_part: false,
        source: "ELF NL B5PM, BE R85P (naamloze vennootschap, NV; N.V.); OFAC nv 8",
    },
    LegalForm {
        key: "plc",
        spellings: &["public limited company"],
        kind: JointStock,
        name_part: false,
        source: "ELF GB B6ES (Public Limited Company, PLC; P.L.C; plc; p.l.c); OFAC plc 14, \
                 public limited company 1",
    },
    // --- Partnerships ----------------------------------------------------
    LegalForm {
        key: "llp",
        spellings: &["limited liability partnership"],
        kind: Partnership,
        name_part: false,
        source: "ELF GB Z0EY, SG 5SGV (Limited Liability Partnership, LLP); OFAC llp 11, \
                 limited liability partnership 4",
    },
    LegalForm {
        key: "lp",
        spellings: &["limited partnership"],
        kind: Partnership,
        name_part: false,
        source: "ELF GB ID30, SG 17FJ (Limited Partnership, LP); OFAC lp 5, limited \
                 partnership 2",
    },
    LegalForm {
        key: "kg",
        spellings: &["kommanditgesellschaft"],
        kind: Partnership,
        name_part: false,
        source: "ELF DE 8Z6G, AT ONF1 (Kommanditgesellschaft, KG); OFAC kg 61",
    },
];

/// Lookups over [`LEGAL_FORMS`].
struct Tables {
    /// Key -> its form.
    by_key: HashMap<&'static str, &'static LegalForm>,
    /// First word of a spelling -> (the spelling's words, its key), longest
    /// spelling first.
    by_first_word: HashMap<&'static str, Vec<(Vec<&'static str>, &'static str)>>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut by_key = HashMap::new();
        let mut owner: HashMap<String, &'static LegalForm> = HashMap::new();
        let mut by_first_word: HashMap<_, Vec<_>> = HashMap::new();
        let mut add = |words: Vec<&'static str>, form: &'static LegalForm| {
            by_first_word
                .entry(words[0])
                .or_insert_with(Vec::new)
                .push((words, form.key));
        };
        for form in LEGAL_FORMS {
            by_key.insert(form.key, form);
            for spelling in form.spellings.iter().chain([&form.key]) {
                owner.insert(spelling.to_string(), form);
                add(spelling.split(' ').collect(), form);
            }
        }
        for row in imported_forms() {
            // A form the table already has takes the new spellings; one a
            // spelling gives to a form of another kind is left out.
            let known = std::iter::once(&row.key)
                .chain(&row.spellings)
                .find_map(|s| owner.get(s).copied());
            let form = match known {
                Some(f) if f.kind != row.kind => continue,
                Some(f) => f,
                None if row.key.len() < MIN_IMPORTED_KEY => continue,
                None => {
                    let form: &'static LegalForm = Box::leak(Box::new(LegalForm {
                        key: leak(&row.key),
                        spellings: &[],
                        kind: row.kind,
                        // A short key may be a word of personal names.
                        name_part: row.key.len() <= 3,
                        source: IMPORTED_SOURCE,
                    }));
                    by_key.insert(form.key, form);
                    owner.insert(row.key.clone(), form);
                    add(vec![form.key], form);
                    form
                }
            };
            for spelling in &row.spellings {
                // A spelling the table reads word by word (`Co. Ltd.`:
                // Company, Limited) stays as it is read.
                let by_words =
                    spelling.contains(' ') && spelling.split(' ').all(|w| owner.contains_key(w));
                if owner.contains_key(spelling) || by_words {
                    continue;
                }
                owner.insert(spelling.clone(), form);
                add(spelling.split(' ').map(leak).collect(), form);
            }
        }
        for spellings in by_first_word.values_mut() {
            spellings.sort_by_key(|(words, _)| std::cmp::Reverse(words.len()));
        }
        Tables {
            by_key,
            by_first_word,
        }
    })
}

/// Where the imported forms come from.
const IMPORTED_SOURCE: &str = "rigour resources/names/org_types.yml (data/org_types.tsv)";

/// The shortest key of an imported form not in [`LEGAL_FORMS`]: two-letter
/// abbreviations (`AS`, `AD`, `CA`) are too often words of names.
const MIN_IMPORTED_KEY: usize = 3;

/// The most words in one spelling: a longer one is likely a typo of two.
const MAX_SPELLING_WORDS: usize = 7;

/// One row of `data/org_types.tsv`, folded as [`super::tokens`] reads names.
struct ImportedForm {
    key: String,
    kind: Kind,
    spellings: Vec<String>,
}

/// The company forms of OpenSanctions' rigour library
/// (`data/org_types.tsv`, made by `scripts/make-legal-forms.py`), folded.
fn imported_forms() -> Vec<ImportedForm> {
    include_str!("data/org_types.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|line| {
            let mut cols = line.split('\t');
            let kind = match cols.next()? {
                "llc" => LimitedLiability,
                "jsc" => JointStock,
                "partnership" => Partnership,
                _ => return None,
            };
            let key = super::plain_words(cols.next()?).concat();
            let spellings = cols
                .next()?
                .split(" | ")
                .map(|s| super::plain_words(s).join(" "))
                .filter(|s| {
                    !s.is_empty() && s.split(' ').count() <= MAX_SPELLING_WORDS && s.is_ascii()
                })
                .collect();
            (!key.is_empty() && key.is_ascii()).then_some(ImportedForm {
                key,
                kind,
                spellings,
            })
        })
        .collect()
}

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

/// The legal form spelled by the words at the start of `words`: its key and
/// how many words the spelling takes, longest spelling first
/// (`open joint stock company` is one `ojsc`, not `open` and a `jsc`).
pub fn form_at(words: &[&str]) -> Option<(&'static str, usize)> {
    let first = words.first()?;
    let spellings = tables().by_first_word.get(first)?;
    spellings
        .iter()
        .find(|(spelling, _)| {
            words.len() >= spelling.len() && words[..spelling.len()] == spelling[..]
        })
        .map(|(spelling, key)| (*key, spelling.len()))
}

/// The legal form whose key is `token`.
pub fn form(token: &str) -> Option<&'static LegalForm> {
    tables().by_key.get(token).copied()
}

/// Whether the token weighs nothing in a name: a legal form key, unless it
/// is also a name part and the name is not an organisation's.
pub fn is_neutral(token: &str, organisation: bool) -> bool {
    form(token).is_some_and(|f| organisation || !f.name_part)
}

/// The specific kinds of form among the tokens, as a set of bits (0: none).
pub fn specific_kinds<'a>(tokens: impl IntoIterator<Item = &'a String>) -> u8 {
    tokens
        .into_iter()
        .filter_map(|t| form(t))
        .fold(0, |kinds, f| kinds | f.kind.bit())
}

/// Whether two names' forms conflict: both carry a specific form
/// ([`specific_kinds`]) and they share no kind.
pub fn conflict(a: u8, b: u8) -> bool {
    a != 0 && b != 0 && a & b == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::fold;

    #[test]
    fn every_form_is_folded_sourced_and_short_enough() {
        for f in LEGAL_FORMS {
            assert!(!f.source.trim().is_empty(), "{}", f.key);
            for s in f.spellings.iter().chain([&f.key]) {
                assert_eq!(fold(s), *s, "{s} is not folded");
                assert!(s.split(' ').count() <= MAX_SPELLING_WORDS, "{s}");
            }
            assert!(!f.key.contains(' '), "a key is one token: {}", f.key);
        }
    }

    #[test]
    fn no_spelling_belongs_to_two_forms() {
        let mut seen = HashMap::new();
        for f in LEGAL_FORMS {
            for s in f.spellings.iter().chain([&f.key]) {
                if let Some(other) = seen.insert(*s, f.key) {
                    panic!("{s} is a spelling of {other} and of {}", f.key);
                }
            }
        }
    }

    #[test]
    fn rigours_company_forms_are_read_with_their_kinds() {
        let rows = imported_forms();
        assert!(rows.len() > 150, "{}", rows.len());
        let key_of = |text: &str| {
            let words = super::super::plain_words(text);
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            form_at(&words)
                .filter(|&(_, n)| n == words.len())
                .map(|(k, _)| k)
        };
        // A new form, in its abbreviation and written out.
        let spzoo = key_of("Sp. z o.o.").expect("sp z oo");
        assert_eq!(
            key_of("Spółka z ograniczoną odpowiedzialnością"),
            Some(spzoo)
        );
        assert_eq!(form(spzoo).unwrap().kind, Kind::LimitedLiability);
        // A form of the hand-written table takes rigour's spellings.
        assert_eq!(key_of("Aktiengeselschaft"), Some("ag"));
        assert_eq!(key_of("Joint-Stock Co."), Some("jsc"));
        // Every hand-written spelling keeps its own form.
        for f in LEGAL_FORMS {
            for s in f.spellings.iter().chain([&f.key]) {
                assert_eq!(key_of(s), Some(f.key), "{s}");
            }
        }
        // Two-letter abbreviations new to the table are left out.
        assert_eq!(key_of("A.S."), None);
    }

    #[test]
    fn the_longest_spelling_wins() {
        let words = ["open", "joint", "stock", "company", "gazprom"];
        assert_eq!(form_at(&words), Some(("ojsc", 4)));
        assert_eq!(form_at(&words[1..]), Some(("jsc", 3)));
        assert_eq!(form_at(&["limited"]), Some(("limited", 1)));
        assert_eq!(
            form_at(&["limited", "liability", "company"]),
            Some(("llc", 3))
        );
        assert_eq!(form_at(&["gazprom"]), None);
        assert_eq!(form_at(&[]), None);
    }

    #[test]
    fn name_parts_are_neutral_only_for_organisations() {
        assert!(is_neutral("ojsc", false));
        assert!(is_neutral("company", false));
        assert!(is_neutral("ag", true));
        assert!(!is_neutral("ag", false));
        assert!(!is_neutral("siemens", true));
    }

    #[test]
    fn forms_of_one_kind_never_conflict() {
        let kinds =
            |s: &[&str]| specific_kinds(&s.iter().map(|t| t.to_string()).collect::<Vec<_>>());
        // The Swiss AG is an SA (one ELF code, MVII); OAO became PAO in 2014.
        assert!(!conflict(kinds(&["ag"]), kinds(&["sa"])));
        assert!(!conflict(kinds(&["ojsc"]), kinds(&["pao"])));
        assert!(!conflict(kinds(&["gmbh"]), kinds(&["llc"])));
        // A generic word or no form at all is no conflict.
        assert!(!conflict(kinds(&["limited"]), kinds(&["gmbh"])));
        assert!(!conflict(kinds(&["x"]), kinds(&["gmbh"])));
        // A company with limited liability is not a joint stock company.
        assert!(conflict(kinds(&["gmbh"]), kinds(&["ag"])));
        assert!(conflict(kinds(&["llc"]), kinds(&["ojsc"])));
        assert!(conflict(kinds(&["kg"]), kinds(&["gmbh"])));
        // A name with two forms conflicts only if none is shared.
        assert!(!conflict(kinds(&["gmbh", "kg"]), kinds(&["kg"])));
    }
}
