//! Hangul in, every romanization out.
//!
//! A North Korean name reaches us in Hangul (리병철), in one of five systematic
//! romanizations (RR `Ri Byeong-cheol`, McCune–Reischauer `Yi Pyŏng-chʼŏl`, OFAC's
//! ASCII MR `RI, Pyo'ng-ch'o'l`, plain MR `Ri Pyong-chol`, the DPRK system
//! `RI Pyong Chol`), in a passport spelling (`Lee Byung Chul`), or in Hanja
//! (李炳哲). Generic transliterators produce none of these (`deunicode` gives
//! `ribyeongceol`), so this module generates them from the jamo tables of the
//! research document instead:
//!
//! * [`decompose`] / [`compose`]: jamo by code-point arithmetic (Unicode §3.12).
//! * [`romanize_syllable`]: one syllable in one [`System`], word-initial or medial
//!   (MR and the DPRK system voice ㄱㄷㅂ(ㅈ) inside a word).
//! * [`syllable_spellings`]: every systematic spelling of a syllable plus the
//!   passport and list spellings the document's tables give for it.
//! * [`initial_sound_law_alternatives`]: 두음법칙 both ways (리↔이, 룡↔용, 로↔노):
//!   the South writes 이 where the North writes 리.
//! * [`split_name`] and [`romanize_name`]: whole names, with family-name variants,
//!   the initial-sound law and MR sound changes as *alternatives*.
//! * [`hanja_to_hangul`]: Korean readings of the Hanja the document cites.
//!
//! The Latin side (one key for all these spellings) is
//! [`korean_latin`](super::korean_latin); the two modules are tested against each
//! other over all 11,172 syllables.
//!
//! Every table cites the section of the research document it comes from
//! (`shared/research/korean-names.md`, "the document" below) and the source URL
//! that section gives. Nothing here panics on any input.

use std::collections::HashSet;

use unicode_normalization::UnicodeNormalization;

use super::is_hangul_syllable;

/// First precomposed syllable, 가 (U+AC00).
const SYLLABLE_BASE: u32 = 0xAC00;
/// Number of initial consonants (초성).
pub const INITIAL_COUNT: usize = 19;
/// Number of medial vowels (중성).
pub const MEDIAL_COUNT: usize = 21;
/// Number of finals (종성), index 0 meaning "no final".
pub const FINAL_COUNT: usize = 28;
/// Number of precomposed syllables, U+AC00 to U+D7A3.
pub const SYLLABLE_COUNT: usize = INITIAL_COUNT * MEDIAL_COUNT * FINAL_COUNT;

// Jamo indices used by the rules below (Unicode order).
const L_NIEUN: usize = 2;
const L_RIEUL: usize = 5;
const L_MIEUM: usize = 6;
const L_SIOS: usize = 9;
const L_IEUNG: usize = 11;
const V_OE: usize = 11;
const V_WI: usize = 16;

/// Splits a precomposed Hangul syllable into (initial, medial, final) indices,
/// final 0 meaning none: `i = cp - 0xAC00`, `L = i / 588`, `V = (i % 588) / 28`,
/// `T = i % 28` (document §6.4; Unicode §3.12).
pub fn decompose(c: char) -> Option<(usize, usize, usize)> {
    let index = (c as u32).checked_sub(SYLLABLE_BASE)? as usize;
    if index >= SYLLABLE_COUNT {
        return None;
    }
    let per_initial = MEDIAL_COUNT * FINAL_COUNT;
    Some((
        index / per_initial,
        (index % per_initial) / FINAL_COUNT,
        index % FINAL_COUNT,
    ))
}

/// The syllable with these jamo indices, the inverse of [`decompose`].
pub fn compose(initial: usize, medial: usize, final_index: usize) -> Option<char> {
    if initial >= INITIAL_COUNT || medial >= MEDIAL_COUNT || final_index >= FINAL_COUNT {
        return None;
    }
    let index = (initial * MEDIAL_COUNT + medial) * FINAL_COUNT + final_index;
    char::from_u32(SYLLABLE_BASE + u32::try_from(index).ok()?)
}

/// A romanization system.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum System {
    /// Revised Romanization (ROK 2000) in name mode: syllable by syllable, no
    /// sound changes across syllables (document §1.5, NIKL: 한복남 *Han Boknam*).
    Rr,
    /// McCune–Reischauer with breves (ŏ ŭ) and the aspiration mark ʼ (`Chʼŏl`).
    Mr,
    /// OFAC's ASCII MR: `o'` for ŏ, `u'` for ŭ, `'` after aspirates (`Ch'o'l`).
    MrAscii,
    /// MR without any mark (`Chol`), as early UN entries write it.
    MrPlain,
    /// The DPRK system (1992/2002/2012) in the ASCII practice of the lists:
    /// ㅈ j, ㅊ ch, ㅋ kh, ㅌ th, ㅍ ph, ŏ and ŭ written o and u.
    Dprk,
}

impl System {
    /// All systems, in the order [`romanize_name`] lists them.
    pub const ALL: [System; 5] = [
        System::Rr,
        System::Mr,
        System::MrAscii,
        System::MrPlain,
        System::Dprk,
    ];

    /// Short stable name: `rr`, `mr`, `mr-ascii`, `mr-plain`, `dprk`.
    pub fn name(self) -> &'static str {
        match self {
            System::Rr => "rr",
            System::Mr => "mr",
            System::MrAscii => "mr-ascii",
            System::MrPlain => "mr-plain",
            System::Dprk => "dprk",
        }
    }

    /// The system with this [`name`](Self::name).
    pub fn from_name(name: &str) -> Option<System> {
        System::ALL.into_iter().find(|s| s.name() == name)
    }

    fn is_mr(self) -> bool {
        matches!(self, System::Mr | System::MrAscii | System::MrPlain)
    }
}

/// Spellings of one initial consonant. `[word-initial, medial]`: MR and DPRK
/// write the plain stops voiceless at the start of a word and voiced between
/// voiced sounds.
struct Initial {
    rr: &'static str,
    mr: [&'static str; 2],
    dprk: [&'static str; 2],
}

/// The 19 initials, Unicode order ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ.
/// Document §1.2. RR: the proclamation text (http://english.visitkorea.or.kr/enu/CU/CU_EN_8_6_3_1.jsp)
/// and UNGEGN E/CONF.94/INF.68; MR: <https://www.lib.uchicago.edu/about/directory/departments/eastasia/find/mccune-reischauer-romanization-system/>;
/// DPRK: <https://eki.ee/wgrs/v2_2/rom2_ko.htm> and the Wikipedia mirrors cited
/// there ("Initial k n t r m p s j ch kh th ph h kk tt pp ss jj").
const INITIALS: [Initial; INITIAL_COUNT] = [
    // ㄱ
    Initial {
        rr: "g",
        mr: ["k", "g"],
        dprk: ["k", "g"],
    },
    // ㄲ
    Initial {
        rr: "kk",
        mr: ["kk", "kk"],
        dprk: ["kk", "kk"],
    },
    // ㄴ
    Initial {
        rr: "n",
        mr: ["n", "n"],
        dprk: ["n", "n"],
    },
    // ㄷ
    Initial {
        rr: "d",
        mr: ["t", "d"],
        dprk: ["t", "d"],
    },
    // ㄸ
    Initial {
        rr: "tt",
        mr: ["tt", "tt"],
        dprk: ["tt", "tt"],
    },
    // ㄹ: r before a vowel in all three (MR l/n by pronunciation only as a sound
    // change, see `apply_mr_sound_changes`).
    Initial {
        rr: "r",
        mr: ["r", "r"],
        dprk: ["r", "r"],
    },
    // ㅁ
    Initial {
        rr: "m",
        mr: ["m", "m"],
        dprk: ["m", "m"],
    },
    // ㅂ
    Initial {
        rr: "b",
        mr: ["p", "b"],
        dprk: ["p", "b"],
    },
    // ㅃ
    Initial {
        rr: "pp",
        mr: ["pp", "pp"],
        dprk: ["pp", "pp"],
    },
    // ㅅ (MR sh before ㅟ: handled in `spell`)
    Initial {
        rr: "s",
        mr: ["s", "s"],
        dprk: ["s", "s"],
    },
    // ㅆ
    Initial {
        rr: "ss",
        mr: ["ss", "ss"],
        dprk: ["ss", "ss"],
    },
    // ㅇ (silent)
    Initial {
        rr: "",
        mr: ["", ""],
        dprk: ["", ""],
    },
    // ㅈ: DPRK j in all positions
    Initial {
        rr: "j",
        mr: ["ch", "j"],
        dprk: ["j", "j"],
    },
    // ㅉ
    Initial {
        rr: "jj",
        mr: ["tch", "tch"],
        dprk: ["jj", "jj"],
    },
    // ㅊ
    Initial {
        rr: "ch",
        mr: ["chʼ", "chʼ"],
        dprk: ["ch", "ch"],
    },
    // ㅋ
    Initial {
        rr: "k",
        mr: ["kʼ", "kʼ"],
        dprk: ["kh", "kh"],
    },
    // ㅌ
    Initial {
        rr: "t",
        mr: ["tʼ", "tʼ"],
        dprk: ["th", "th"],
    },
    // ㅍ
    Initial {
        rr: "p",
        mr: ["pʼ", "pʼ"],
        dprk: ["ph", "ph"],
    },
    // ㅎ
    Initial {
        rr: "h",
        mr: ["h", "h"],
        dprk: ["h", "h"],
    },
];

/// Spellings of one vowel.
struct Medial {
    rr: &'static str,
    mr: &'static str,
    dprk: &'static str,
}

/// The 21 medials, Unicode order ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ.
/// Document §1.3 (same sources as the initials). DPRK ŏ/ŭ are written o/u, as the
/// lists do (`Kim Jong Un` = 김정은); DPRK ㅚ is `oe` (1992/2002 text; the 2012
/// table's `oi` is added by [`syllable_spellings`]), because the lists write 최
/// `Choe`.
const MEDIALS: [Medial; MEDIAL_COUNT] = [
    Medial {
        rr: "a",
        mr: "a",
        dprk: "a",
    },
    Medial {
        rr: "ae",
        mr: "ae",
        dprk: "ae",
    },
    Medial {
        rr: "ya",
        mr: "ya",
        dprk: "ya",
    },
    Medial {
        rr: "yae",
        mr: "yae",
        dprk: "yae",
    },
    Medial {
        rr: "eo",
        mr: "ŏ",
        dprk: "o",
    },
    Medial {
        rr: "e",
        mr: "e",
        dprk: "e",
    },
    Medial {
        rr: "yeo",
        mr: "yŏ",
        dprk: "yo",
    },
    Medial {
        rr: "ye",
        mr: "ye",
        dprk: "ye",
    },
    Medial {
        rr: "o",
        mr: "o",
        dprk: "o",
    },
    Medial {
        rr: "wa",
        mr: "wa",
        dprk: "wa",
    },
    Medial {
        rr: "wae",
        mr: "wae",
        dprk: "wae",
    },
    Medial {
        rr: "oe",
        mr: "oe",
        dprk: "oe",
    },
    Medial {
        rr: "yo",
        mr: "yo",
        dprk: "yo",
    },
    Medial {
        rr: "u",
        mr: "u",
        dprk: "u",
    },
    Medial {
        rr: "wo",
        mr: "wŏ",
        dprk: "wo",
    },
    Medial {
        rr: "we",
        mr: "we",
        dprk: "we",
    },
    Medial {
        rr: "wi",
        mr: "wi",
        dprk: "wi",
    },
    Medial {
        rr: "yu",
        mr: "yu",
        dprk: "yu",
    },
    Medial {
        rr: "eu",
        mr: "ŭ",
        dprk: "u",
    },
    Medial {
        rr: "ui",
        mr: "ŭi",
        dprk: "ui",
    },
    Medial {
        rr: "i",
        mr: "i",
        dprk: "i",
    },
];

/// The pronounced coda of a syllable, as RR, MR and DPRK write it, plus the MR
/// forms a coda takes before a vowel-initial syllable (liaison, §1.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Coda {
    Open,
    K,
    N,
    T,
    L,
    M,
    P,
    Ng,
    /// MR ㄱ before a vowel (LC writes the coda voiced before the hyphen).
    LiaisonG,
    /// MR ㄷ/ㅅ/ㅈ... before a vowel.
    LiaisonD,
    /// MR ㅂ before a vowel.
    LiaisonB,
    /// MR ㄹ before a vowel: 김철운 *Kim Chʼŏr-un* (LC).
    LiaisonR,
}

impl Coda {
    fn spelling(self) -> &'static str {
        match self {
            Coda::Open => "",
            Coda::K => "k",
            Coda::N => "n",
            Coda::T => "t",
            Coda::L => "l",
            Coda::M => "m",
            Coda::P => "p",
            Coda::Ng => "ng",
            Coda::LiaisonG => "g",
            Coda::LiaisonD => "d",
            Coda::LiaisonB => "b",
            Coda::LiaisonR => "r",
        }
    }

    /// A following plain stop stays voiceless (tense) after k, t, p.
    fn devoices_next(self) -> bool {
        matches!(self, Coda::K | Coda::T | Coda::P)
    }
}

/// Final letters to their pronounced coda, Unicode order (index 0 = none):
/// ㄱ ㄲ ㄳ ㄴ ㄵ ㄶ ㄷ ㄹ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ ㅀ ㅁ ㅂ ㅄ ㅅ ㅆ ㅇ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ.
/// Document §1.4 (RR table in E/CONF.94/INF.68 and
/// <https://theschoolofmartialarts.com/taekwondo/korea/language/hangeul/revised/>):
/// only 7 codas are pronounced, and RR, MR and DPRK all write those.
const FINAL_CODAS: [Coda; FINAL_COUNT] = [
    Coda::Open,
    Coda::K,  // ㄱ
    Coda::K,  // ㄲ
    Coda::K,  // ㄳ
    Coda::N,  // ㄴ
    Coda::N,  // ㄵ
    Coda::N,  // ㄶ
    Coda::T,  // ㄷ
    Coda::L,  // ㄹ
    Coda::K,  // ㄺ
    Coda::M,  // ㄻ
    Coda::L,  // ㄼ
    Coda::L,  // ㄽ
    Coda::L,  // ㄾ
    Coda::P,  // ㄿ
    Coda::L,  // ㅀ
    Coda::M,  // ㅁ
    Coda::P,  // ㅂ
    Coda::P,  // ㅄ
    Coda::T,  // ㅅ
    Coda::T,  // ㅆ
    Coda::Ng, // ㅇ
    Coda::T,  // ㅈ
    Coda::T,  // ㅊ
    Coda::K,  // ㅋ
    Coda::T,  // ㅌ
    Coda::P,  // ㅍ
    Coda::T,  // ㅎ
];

/// One syllable as the romanizer sees it: initial, medial, pronounced coda.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Jamo {
    initial: usize,
    medial: usize,
    coda: Coda,
}

impl Jamo {
    fn of(c: char) -> Option<Jamo> {
        let (initial, medial, final_index) = decompose(c)?;
        Some(Jamo {
            initial,
            medial,
            coda: FINAL_CODAS[final_index],
        })
    }
}

/// MR with marks to OFAC's ASCII MR: ŏ → o', ŭ → u', ʼ → ' (document §0.2, §4.3).
fn mr_to_ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        match c {
            'ŏ' => out.push_str("o'"),
            'ŭ' => out.push_str("u'"),
            'Ŏ' => out.push_str("O'"),
            'Ŭ' => out.push_str("U'"),
            'ʼ' => out.push('\''),
            _ => out.push(c),
        }
    }
    out
}

/// MR with every mark removed (document §1.3, "Diacritic-free practice").
fn mr_to_plain(s: &str) -> String {
    s.chars()
        .filter(|&c| c != 'ʼ' && c != '\'')
        .map(|c| match c {
            'ŏ' => 'o',
            'ŭ' => 'u',
            'Ŏ' => 'O',
            'Ŭ' => 'U',
            _ => c,
        })
        .collect()
}

/// Spells one syllable; `voiced` selects the medial (voiced) form of ㄱㄷㅂㅈ.
fn spell(jamo: Jamo, system: System, voiced: bool) -> String {
    let initial = &INITIALS[jamo.initial];
    let medial = &MEDIALS[jamo.medial];
    let position = usize::from(voiced);
    let onset = match system {
        System::Rr => initial.rr,
        // MR writes ㅅ as sh before ㅟ (document §1.2).
        _ if system.is_mr() && jamo.initial == L_SIOS && jamo.medial == V_WI => "sh",
        System::Mr | System::MrAscii | System::MrPlain => initial.mr[position],
        System::Dprk => initial.dprk[position],
    };
    let vowel = match system {
        System::Rr => medial.rr,
        System::Mr | System::MrAscii | System::MrPlain => medial.mr,
        System::Dprk => medial.dprk,
    };
    let mut out = String::with_capacity(8);
    out.push_str(onset);
    out.push_str(vowel);
    out.push_str(jamo.coda.spelling());
    match system {
        System::MrAscii => mr_to_ascii(&out),
        System::MrPlain => mr_to_plain(&out),
        _ => out,
    }
}

/// One syllable in one system, lower case. `word_initial` selects the voiceless
/// MR/DPRK form of ㄱㄷㅂ (and MR ㅈ); RR does not distinguish. `None` for a
/// character that is not a precomposed Hangul syllable.
///
/// ```
/// use sanctiondb::normalize::hangul::{romanize_syllable, System};
/// assert_eq!(romanize_syllable('철', System::MrAscii, true).as_deref(), Some("ch'o'l"));
/// assert_eq!(romanize_syllable('정', System::Dprk, true).as_deref(), Some("jong"));
/// ```
pub fn romanize_syllable(c: char, system: System, word_initial: bool) -> Option<String> {
    Some(spell(Jamo::of(c)?, system, !word_initial))
}

/// A surname with its variant spellings.
#[derive(Debug)]
pub struct SurnameEntry {
    /// Hangul as the South writes it (first column of the document's table).
    pub hangul: &'static str,
    /// Hangul as the North writes it (두음법칙 not applied); several when the
    /// Hanja decides (柳/劉 → 류 but 兪/庾 → 유).
    pub dprk_hangul: &'static [&'static str],
    /// Hanja, as the table gives them.
    pub hanja: &'static str,
    /// Spellings seen, lower case, most common first where the source orders
    /// them; OFAC's ASCII-MR forms kept with their apostrophe.
    pub spellings: &'static [&'static str],
}

const fn surname(
    hangul: &'static str,
    dprk_hangul: &'static [&'static str],
    hanja: &'static str,
    spellings: &'static [&'static str],
) -> SurnameEntry {
    SurnameEntry {
        hangul,
        dprk_hangul,
        hanja,
        spellings,
    }
}

/// The surname table, document §2.2, column "spellings seen". Its sources (tags
/// in the document): P24 MOFA passport statistics 2024 via
/// <https://engnaming.com/guides/surname-statistics>; P07 NIKL 2007 passport data
/// (Yonhap, <https://v.daum.net/v/20090625060114825>); PM
/// <https://tools.moneynestlab.com/en/guides/passport-english-name>; W Infogalactic
/// "List of South Korean surnames by prevalence"; T <https://sros.tistory.com/3>;
/// K <https://kname.yohan1002.com/성씨>; J a public Java `KoreanRomanizer`;
/// I `leedohyung28/insta_name_suggest js/data/eng-suggest/lastname.js`; S the
/// UN/OFAC DPRK entries of §4; NK <https://surnam.es/north-korea> (unverified);
/// D Wikidata pairs (`Ahmet-Dedeler/free-north-korea`); ML
/// <https://wiki.niidae.com/index.php?action=edit&section=8&title=Korean_name>.
/// The systematic columns (RR, MR, MR-ASCII, DPRK) are generated, not listed.
pub const SURNAMES: &[SurnameEntry] = &[
    // P24 W T S
    surname(
        "김",
        &["김"],
        "金",
        &[
            "kim", "gim", "kym", "ghim", "khim", "gym", "geem", "keem", "kin",
        ],
    ),
    // P24 W T S NK; Ni from https://instiz.net/pt/7486691 (unverified)
    surname(
        "이",
        &["리"],
        "李",
        &[
            "lee", "yi", "rhee", "ree", "rey", "rhie", "i", "ri", "li", "ni",
        ],
    ),
    // P24 W S
    surname(
        "박",
        &["박"],
        "朴",
        &["park", "bak", "pak", "bark", "pack", "bahk", "bac"],
    ),
    // P24 W S
    surname(
        "최",
        &["최"],
        "崔",
        &[
            "choi", "choe", "chey", "choy", "che", "chwe", "tsoi", "ch'oe",
        ],
    ),
    // P24 W07 S NK
    surname(
        "정",
        &["정"],
        "鄭丁程",
        &[
            "jung", "jeong", "chung", "joung", "chong", "cheong", "choung", "jong", "cho'ng",
        ],
    ),
    // PM W T
    surname(
        "강",
        &["강"],
        "姜康剛",
        &["kang", "gang", "kahng", "khang", "kwang", "ghang", "kaing"],
    ),
    // W S NK
    surname("조", &["조"], "趙曺", &["cho", "jo", "joe", "joh", "jou"]),
    // P07 W K
    surname(
        "윤",
        &["윤"],
        "尹",
        &["yoon", "yun", "youn", "yune", "yeun", "you", "yon"],
    ),
    // W S NK
    surname(
        "장",
        &["장"],
        "張蔣章",
        &["jang", "chang", "jahng", "jhang", "jeung", "zang"],
    ),
    // PM W K NK
    surname(
        "임",
        &["림"],
        "林任",
        &[
            "lim", "im", "yim", "rim", "leem", "rhim", "reem", "rym", "lym",
        ],
    ),
    // W
    surname("한", &["한"], "韓", &["han", "hahn", "hann"]),
    // W S
    surname("오", &["오"], "吳", &["oh", "o", "oe", "au", "ohh"]),
    // W J
    surname(
        "서",
        &["서"],
        "徐",
        &["seo", "suh", "su", "sur", "so", "seu"],
    ),
    // P07 W S
    surname(
        "신",
        &["신"],
        "申辛愼",
        &["shin", "sin", "shinn", "sheen", "chin", "seen"],
    ),
    // W T; OFAC Kwo'n in given names
    surname(
        "권",
        &["권"],
        "權",
        &["kwon", "kweon", "kwun", "gwon", "kwan", "kwo'n"],
    ),
    // W S
    surname(
        "황",
        &["황"],
        "黃",
        &["hwang", "whang", "hoang", "whoang", "whoan"],
    ),
    // W NK
    surname("안", &["안"], "安", &["ahn", "an", "ann", "aan"]),
    // W
    surname("송", &["송"], "宋", &["song", "soung", "sung"]),
    // P07 W I S: DPRK 류 for 柳/劉, 유 for 兪/庾
    surname(
        "유",
        &["류", "유"],
        "柳劉兪庾",
        &["yoo", "yu", "you", "ryu", "rhyu", "lyu", "ryoo"],
    ),
    // I S
    surname(
        "류",
        &["류"],
        "柳",
        &["ryu", "yoo", "yu", "lyu", "rhyu", "ryoo"],
    ),
    // W S NK
    surname(
        "전",
        &["전"],
        "全田錢",
        &[
            "jeon", "jun", "chun", "chon", "jeun", "cheon", "chen", "jon", "cho'n",
        ],
    ),
    // W
    surname("홍", &["홍"], "洪", &["hong", "houng", "hyong"]),
    // T S
    surname(
        "고",
        &["고"],
        "高",
        &["ko", "koh", "go", "goh", "kho", "gho", "koo"],
    ),
    // I S
    surname("문", &["문"], "文", &["moon", "mun", "mon", "moun"]),
    // I S: DPRK 량 for 梁
    surname(
        "양",
        &["량", "양"],
        "梁楊",
        &["yang", "ryang", "lyang", "yaung"],
    ),
    // I S
    surname("손", &["손"], "孫", &["son", "sohn", "shon", "soun"]),
    // I S
    surname(
        "배",
        &["배"],
        "裵",
        &["bae", "pae", "bai", "bea", "pai", "bay"],
    ),
    // K I S
    surname(
        "백",
        &["백"],
        "白",
        &["baek", "paek", "paik", "back", "baik", "pack", "bak"],
    ),
    // S; OFAC alias Ho'
    surname(
        "허",
        &["허"],
        "許",
        &["heo", "huh", "hur", "her", "ho", "ho'"],
    ),
    // T I
    surname("남", &["남"], "南", &["nam", "nahm", "nham", "narm", "lam"]),
    // J
    surname("심", &["심"], "沈", &["sim", "shim"]),
    // K T
    surname(
        "노",
        &["로"],
        "盧魯",
        &["noh", "roh", "no", "ro", "rho", "nho"],
    ),
    // I
    surname("하", &["하"], "河", &["ha", "hah"]),
    // P07 T S
    surname(
        "곽",
        &["곽"],
        "郭",
        &["kwak", "gwak", "kwag", "kwack", "guak", "koak"],
    ),
    // I J
    surname(
        "성",
        &["성"],
        "成",
        &["sung", "seong", "soung", "seung", "song"],
    ),
    // I S NK; OFAC alias Ch'a
    surname(
        "차",
        &["차"],
        "車",
        &["cha", "char", "chah", "tcha", "ch'a"],
    ),
    // I J S
    surname(
        "주",
        &["주"],
        "朱周",
        &["joo", "ju", "choo", "chu", "jou", "zoo"],
    ),
    // J
    surname("우", &["우"], "禹", &["woo", "u", "wu"]),
    // T I S
    surname(
        "구",
        &["구"],
        "具丘",
        &["koo", "ku", "goo", "gu", "kou", "kuh"],
    ),
    // S
    surname("민", &["민"], "閔", &["min"]),
    // I
    surname(
        "진",
        &["진"],
        "陳晉秦",
        &["jin", "chin", "jean", "gin", "zhin"],
    ),
    // T S
    surname(
        "나",
        &["라"],
        "羅",
        &["na", "ra", "la", "nah", "rha", "rah"],
    ),
    // S
    surname("지", &["지"], "池", &["ji", "chi", "jee"]),
    // (systematic and Um/Uhm only)
    surname("엄", &["엄"], "嚴", &["eom", "um", "uhm", "om"]),
    surname("채", &["채"], "蔡", &["chae", "chai", "che"]),
    // I
    surname("원", &["원"], "元", &["won", "weon", "wone", "wun", "woon"]),
    // I
    surname("천", &["천"], "千", &["cheon", "chun", "chon", "choun"]),
    // I S
    surname(
        "방",
        &["방"],
        "方房",
        &["bang", "pang", "bhang", "bahng", "pahng"],
    ),
    // K T I
    surname(
        "공",
        &["공"],
        "孔",
        &["kong", "gong", "kohng", "goung", "khong"],
    ),
    // J S
    surname("현", &["현"], "玄", &["hyun", "hyeon", "hyon"]),
    surname("함", &["함"], "咸", &["ham", "hahm"]),
    // J NK
    surname("변", &["변"], "卞邊", &["byun", "byeon", "pyon", "byon"]),
    // S; OFAC alias Ryo'm
    surname(
        "염",
        &["렴"],
        "廉",
        &["yeom", "yum", "youm", "yom", "ryom", "ryo'm"],
    ),
    // NK: DPRK 려 for 呂
    surname(
        "여",
        &["려", "여"],
        "呂余",
        &["yeo", "yoh", "yuh", "yo", "ryo"],
    ),
    surname("추", &["추"], "秋", &["choo", "chu"]),
    // T
    surname(
        "도",
        &["도"],
        "都",
        &["do", "doh", "dho", "doe", "toh", "to"],
    ),
    surname("소", &["소"], "蘇", &["so", "soh"]),
    surname("석", &["석"], "石", &["seok", "suk", "sok", "seog"]),
    // J
    surname("선", &["선"], "宣", &["sun", "seon", "son"]),
    // I
    surname("설", &["설"], "薛", &["seol", "sul", "seul", "sol"]),
    surname("마", &["마"], "馬", &["ma", "mah"]),
    // T I S
    surname(
        "길",
        &["길"],
        "吉",
        &["gil", "kil", "gill", "kill", "khil", "keel", "gihl"],
    ),
    // DPRK 련 for 連
    surname(
        "연",
        &["련", "연"],
        "延連",
        &["yeon", "yun", "youn", "yon", "ryon"],
    ),
    surname("위", &["위"], "魏", &["wi", "wee", "we"]),
    // I NK
    surname("표", &["표"], "表", &["pyo", "phyo", "pio", "puo"]),
    // J
    surname("명", &["명"], "明", &["myung", "myeong", "myong", "myoung"]),
    // T
    surname(
        "기",
        &["기"],
        "奇",
        &["ki", "gi", "kee", "key", "kie", "gee"],
    ),
    // I
    surname(
        "반",
        &["반"],
        "潘",
        &["ban", "bahn", "pan", "pahn", "bhan", "van"],
    ),
    // I
    surname("왕", &["왕"], "王", &["wang", "whang", "wong"]),
    // T
    surname(
        "금",
        &["금"],
        "琴",
        &["keum", "geum", "kum", "gum", "kuem", "guem"],
    ),
    surname("옥", &["옥"], "玉", &["ok", "ohk", "oak"]),
    surname("육", &["륙"], "陸", &["yook", "yuk", "youk", "ryuk"]),
    // ML
    surname("인", &["인"], "印", &["in", "inn", "ihn", "yin"]),
    surname("맹", &["맹"], "孟", &["maeng", "meng"]),
    surname("제", &["제"], "諸", &["je", "jae", "che"]),
    surname("모", &["모"], "牟", &["mo", "moh"]),
    surname("탁", &["탁"], "卓", &["tak", "tark", "thak"]),
    // T
    surname(
        "국",
        &["국"],
        "鞠",
        &["kook", "kuk", "guk", "gook", "kug", "cook", "koog"],
    ),
    surname("어", &["어"], "魚", &["eo", "uh", "oh"]),
    surname("은", &["은"], "殷", &["eun", "un"]),
    // J
    surname("편", &["편"], "片", &["pyun", "pyeon", "phyon"]),
    // P07 (Yong 97 %, Young 3 %, Ryong 0 % in ROK passports)
    surname("용", &["룡"], "龍", &["yong", "young", "ryong"]),
    surname("예", &["예"], "芮", &["ye", "yeh"]),
    // T J
    surname("경", &["경"], "慶", &["kyung", "kyoung", "gyeong", "kyong"]),
    surname("봉", &["봉"], "奉", &["bong", "pong"]),
    surname("사", &["사"], "史", &["sa", "sah"]),
    // J
    surname("부", &["부"], "夫", &["boo", "bu", "pu"]),
    // T
    surname("가", &["가"], "賈", &["ka", "ga", "kah", "kha", "gha"]),
    surname("복", &["복"], "卜", &["bok", "pok"]),
    // D
    surname("태", &["태"], "太", &["tae", "thae", "tai"]),
    surname("목", &["목"], "睦", &["mok", "mock"]),
    // J
    surname("형", &["형"], "邢", &["hyung", "hyeong", "hyong"]),
    surname("피", &["피"], "皮", &["pi", "phi", "pee"]),
    // T J
    surname(
        "두",
        &["두"],
        "杜",
        &["doo", "du", "do", "dou", "dow", "tu"],
    ),
    // T
    surname("감", &["감"], "甘", &["kam", "gam", "kahm", "gahm"]),
    surname("호", &["호"], "扈", &["ho", "hoh"]),
    // Two-syllable surnames with rows in §2.2 (sources J, K, T, I).
    surname("제갈", &["제갈"], "諸葛", &["jegal", "jekal", "chegal"]),
    surname(
        "남궁",
        &["남궁"],
        "南宮",
        &["namkoong", "namgoong", "namgung", "namkung", "namkoung"],
    ),
    surname("황보", &["황보"], "皇甫", &["hwangbo", "hwangpo"]),
    surname(
        "선우",
        &["선우"],
        "鮮于",
        &["sunwoo", "seonu", "seonwoo", "sunwu"],
    ),
    surname(
        "독고",
        &["독고"],
        "獨孤",
        &["dokgo", "tokko", "dokko", "dockko", "dogko"],
    ),
    surname("사공", &["사공"], "司空", &["sagong", "sakong", "sagoung"]),
    surname(
        "서문",
        &["서문"],
        "西門",
        &["seomun", "seomoon", "suhmoon", "suhmun"],
    ),
];

/// A two-syllable family name.
#[derive(Debug)]
pub struct CompoundSurname {
    /// The two syllables.
    pub hangul: &'static str,
    /// True when the document's §2.2 table has a row for it (observed spellings);
    /// false when only the Java source's list names it.
    pub has_row: bool,
}

/// Two-syllable surnames. Document §2.2, "Notes: Two-syllable surnames": the seven
/// with rows in the table (제갈 남궁 황보 선우 독고 사공 서문), plus the public
/// Java `KoreanRomanizer`'s list (source J): 강전 남궁 독고 동방 등정 망절 무본
/// 사공 서문 선우 소봉 어금 장곡 제갈 황목 황보.
pub const COMPOUND_SURNAMES: &[CompoundSurname] = &[
    CompoundSurname {
        hangul: "제갈",
        has_row: true,
    },
    CompoundSurname {
        hangul: "남궁",
        has_row: true,
    },
    CompoundSurname {
        hangul: "황보",
        has_row: true,
    },
    CompoundSurname {
        hangul: "선우",
        has_row: true,
    },
    CompoundSurname {
        hangul: "독고",
        has_row: true,
    },
    CompoundSurname {
        hangul: "사공",
        has_row: true,
    },
    CompoundSurname {
        hangul: "서문",
        has_row: true,
    },
    CompoundSurname {
        hangul: "강전",
        has_row: false,
    },
    CompoundSurname {
        hangul: "동방",
        has_row: false,
    },
    CompoundSurname {
        hangul: "등정",
        has_row: false,
    },
    CompoundSurname {
        hangul: "망절",
        has_row: false,
    },
    CompoundSurname {
        hangul: "무본",
        has_row: false,
    },
    CompoundSurname {
        hangul: "소봉",
        has_row: false,
    },
    CompoundSurname {
        hangul: "어금",
        has_row: false,
    },
    CompoundSurname {
        hangul: "장곡",
        has_row: false,
    },
    CompoundSurname {
        hangul: "황목",
        has_row: false,
    },
];

/// Given-name syllables with their passport/Western spellings and the spellings
/// seen in UN/OFAC DPRK entries. Document §3.2 (columns "passport / Western
/// spellings" and "seen in UN/OFAC DPRK entries"), which collects the MOFA
/// passport-change list (<https://ko.frojeostern.com/post/yeogwon-ileum-pyogi>),
/// the Java source J, Korean press in English (§4.4) and the UN/OFAC data of
/// §3.1 (`moov-io/watchman test/testdata/bench/sdn.csv` + `alt.csv`). Lower
/// case; OFAC apostrophes kept.
pub const SYLLABLE_VARIANTS: &[(char, &[&str])] = &[
    ('가', &["ka", "ga", "kah"]),
    ('강', &["kang", "gang"]),
    ('건', &["geon", "gun", "kun", "keon", "gon", "kon", "ko'n"]),
    (
        '경',
        &["kyung", "kyoung", "gyeong", "kyeong", "kyong", "kyo'ng"],
    ),
    ('계', &["kye", "gye", "kay"]),
    ('고', &["ko", "go", "koh"]),
    ('관', &["kwan", "gwan"]),
    ('광', &["kwang", "gwang"]),
    ('교', &["kyo", "gyo"]),
    ('구', &["koo", "ku", "gu", "goo"]),
    ('국', &["kook", "kuk", "guk", "gook", "kug", "ku'k"]),
    ('군', &["koon", "kun", "gun"]),
    ('권', &["kwon", "gwon", "kweon", "kwo'n"]),
    ('규', &["kyu", "gyu", "kyou"]),
    ('균', &["kyun", "gyun", "kyoon"]),
    ('근', &["geun", "keun", "kun", "gun", "guen", "kuen"]),
    ('금', &["keum", "geum", "kum", "gum", "ku'm"]),
    ('기', &["ki", "gi", "kee", "ky"]),
    ('길', &["gil", "kil", "gill"]),
    ('남', &["nam", "nahm"]),
    ('내', &["nae"]),
    ('단', &["dan", "tan"]),
    ('달', &["dal", "tal"]),
    ('대', &["dae", "tae", "dai"]),
    ('덕', &["deok", "duk", "dok", "tok", "tuk", "to'k"]),
    ('도', &["do", "doh", "to"]),
    ('동', &["dong", "tong"]),
    ('두', &["doo", "du", "tu"]),
    ('득', &["deuk", "duk", "tuk"]),
    ('란', &["ran", "lan", "nan"]),
    ('래', &["rae", "lae", "nae"]),
    ('량', &["ryang", "yang", "lyang"]),
    ('려', &["ryeo", "ryo", "yeo", "lyeo"]),
    ('련', &["ryeon", "ryon", "yeon", "lyun"]),
    ('렬', &["ryeol", "ryol", "yeol", "yul", "lyul", "ryo'l"]),
    ('령', &["ryeong", "ryong", "yeong", "young"]),
    ('로', &["ro", "no", "roh"]),
    ('룡', &["ryong", "yong", "lyong", "young"]),
    ('류', &["ryu", "yu", "yoo"]),
    ('륜', &["ryun", "yun", "yoon"]),
    ('률', &["ryul", "yul"]),
    ('리', &["ri", "li", "lee", "yi"]),
    ('린', &["rin", "lin"]),
    ('림', &["rim", "lim"]),
    ('마', &["ma"]),
    ('만', &["man", "mahn"]),
    ('명', &["myung", "myeong", "myong", "myoung", "myo'ng"]),
    ('목', &["mok"]),
    ('무', &["moo", "mu"]),
    ('문', &["moon", "mun"]),
    ('미', &["mi", "mee"]),
    ('민', &["min"]),
    ('배', &["bae", "pae"]),
    ('백', &["baek", "paek", "paik"]),
    ('범', &["beom", "bum", "bom", "pom"]),
    (
        '병',
        &["byung", "byeong", "pyong", "byoung", "byong", "pyo'ng"],
    ),
    ('보', &["bo", "po"]),
    ('복', &["bok", "pok"]),
    ('봉', &["bong", "pong"]),
    ('부', &["boo", "bu", "pu"]),
    ('빈', &["bin", "been"]),
    ('사', &["sa"]),
    ('산', &["san"]),
    ('삼', &["sam"]),
    ('상', &["sang"]),
    ('서', &["seo", "suh", "so", "su"]),
    ('석', &["seok", "suk", "sok", "sug", "so'k"]),
    ('선', &["sun", "seon", "son"]),
    ('설', &["seol", "sul", "sol"]),
    ('섭', &["seop", "sub", "sup", "sop", "so'p"]),
    ('성', &["sung", "seong", "song", "seung", "so'ng"]),
    ('세', &["se", "sae", "sea"]),
    ('소', &["so"]),
    ('송', &["song"]),
    ('수', &["soo", "su", "sou"]),
    ('숙', &["sook", "suk", "sug"]),
    ('순', &["soon", "sun"]),
    ('승', &["seung", "sung", "su'ng"]),
    ('시', &["si", "shi", "see"]),
    ('식', &["sik", "shik", "sick"]),
    ('신', &["shin", "sin"]),
    ('실', &["sil", "shil"]),
    ('심', &["sim", "shim"]),
    ('아', &["ah", "a"]),
    ('안', &["ahn", "an"]),
    ('애', &["ae"]),
    ('억', &["eok", "uk", "ok"]),
    ('엽', &["yeop", "yup", "yop"]),
    ('연', &["yeon", "yun", "youn", "yon"]),
    ('열', &["yeol", "yul", "yol"]),
    ('영', &["young", "yeong", "yong", "yung", "yo'ng"]),
    ('예', &["ye", "yeh"]),
    ('여', &["yeo", "yo", "yuh", "yo'"]),
    ('오', &["oh", "o"]),
    ('옥', &["ok", "ohk"]),
    ('완', &["wan"]),
    ('용', &["yong", "yoong", "ryong"]),
    ('우', &["woo", "u", "wu"]),
    ('욱', &["wook", "uk", "ook"]),
    ('운', &["woon", "un", "wun"]),
    ('웅', &["woong", "ung"]),
    ('원', &["won", "weon", "wun", "wo'n"]),
    ('월', &["wol", "weol"]),
    ('위', &["wi", "wee"]),
    ('유', &["yoo", "yu"]),
    ('윤', &["yoon", "yun"]),
    ('율', &["yul"]),
    ('은', &["eun", "un", "uen", "u'n"]),
    ('을', &["eul", "ul"]),
    ('의', &["eui", "ui", "ee"]),
    ('익', &["ik", "ick"]),
    ('인', &["in", "inn"]),
    ('일', &["il"]),
    ('임', &["im", "lim"]),
    ('자', &["ja", "cha"]),
    ('장', &["jang", "chang"]),
    ('재', &["jae", "chae", "jai"]),
    ('전', &["jeon", "jun", "chun", "jon"]),
    (
        '정',
        &["jung", "jeong", "chung", "jong", "joung", "chong", "cho'ng"],
    ),
    ('제', &["je", "jae", "che"]),
    ('조', &["jo", "cho"]),
    ('종', &["jong", "chong", "joung"]),
    ('주', &["joo", "ju", "chu"]),
    ('준', &["jun", "joon", "chun"]),
    ('중', &["joong", "jung", "chung"]),
    ('지', &["ji", "jee", "chi"]),
    ('진', &["jin", "chin"]),
    ('찬', &["chan", "ch'an"]),
    ('창', &["chang", "ch'ang"]),
    ('채', &["chae", "che"]),
    ('천', &["cheon", "chun", "chon"]),
    ('철', &["chul", "cheol", "chol", "ch'o'l"]),
    ('청', &["cheong", "chung", "chong"]),
    ('초', &["cho"]),
    ('춘', &["chun", "choon", "ch'un"]),
    ('충', &["chung", "choong"]),
    ('치', &["chi"]),
    ('칠', &["chil"]),
    ('태', &["tae", "tai", "thae", "t'ae"]),
    ('택', &["taek", "tack", "thaek", "t'aek"]),
    ('평', &["pyung", "pyeong", "pyong", "phyong"]),
    ('표', &["pyo", "phyo"]),
    ('필', &["pil", "phil", "feel", "p'il"]),
    ('하', &["ha", "hah"]),
    ('학', &["hak"]),
    ('한', &["han", "hahn"]),
    ('해', &["hae", "hai"]),
    ('향', &["hyang"]),
    ('허', &["heo", "huh"]),
    ('혁', &["hyuk", "hyeok", "hyok", "hyouk", "hyo'k", "hek"]),
    ('현', &["hyun", "hyeon", "hyon"]),
    ('형', &["hyung", "hyeong", "hyong", "hyo'ng"]),
    ('혜', &["hye", "hae", "hey"]),
    ('호', &["ho"]),
    ('홍', &["hong"]),
    ('화', &["hwa"]),
    ('환', &["hwan"]),
    ('황', &["hwang"]),
    ('효', &["hyo"]),
    ('훈', &["hoon", "hun"]),
    ('휘', &["hwi", "hwee"]),
    ('희', &["hee", "hui", "hi", "heui", "hu'i"]),
    ('흥', &["heung", "hung"]),
    ('히', &["hi", "hee"]),
];

/// The spellings of given-name syllables seen in UN and OFAC entries for
/// North Korean persons: the document's §3.2 column "seen in UN/OFAC DPRK
/// entries" (restricted there to tokens whose Hangul is known from a cited
/// pair, or unambiguous; data: `sdn.csv` and `alt.csv` of
/// `moov-io/watchman test/testdata/bench/`, §3.1), notes in parentheses dropped. Lower case; OFAC
/// apostrophes kept. Passport and Western spellings (the South's) are not in
/// it: a North Korean listing writes 서 `So`, never the passport `Su`.
pub const DPRK_LISTED_SPELLINGS: &[(char, &[&str])] = &[
    ('강', &["kang"]),
    ('건', &["gon", "kon", "ko'n"]),
    ('경', &["kyong", "kyo'ng"]),
    ('광', &["kwang", "gwang"]),
    ('구', &["ku"]),
    ('국', &["kuk", "guk", "ku'k"]),
    ('권', &["kwon", "kwo'n"]),
    ('규', &["kyu", "gyu"]),
    ('금', &["ku'm"]),
    ('기', &["ki", "gi"]),
    ('길', &["kil", "gil"]),
    ('남', &["nam"]),
    ('덕', &["tok", "to'k", "dok"]),
    ('도', &["to", "do"]),
    ('동', &["tong"]),
    ('량', &["ryang"]),
    ('렬', &["ryol", "ryo'l"]),
    ('룡', &["ryong"]),
    ('만', &["man"]),
    ('명', &["myong", "myo'ng"]),
    ('무', &["mu"]),
    ('문', &["mun"]),
    ('민', &["min"]),
    ('배', &["pae"]),
    ('백', &["paek"]),
    ('범', &["bom", "pom"]),
    ('병', &["pyong", "byong", "pyo'ng"]),
    ('복', &["bok", "pok"]),
    ('봉', &["bong", "pong"]),
    ('부', &["pu", "bu"]),
    ('산', &["san"]),
    ('삼', &["sam"]),
    ('상', &["sang"]),
    ('석', &["sok", "so'k"]),
    ('선', &["son"]),
    ('섭', &["sop", "so'p", "sub"]),
    ('성', &["song", "so'ng"]),
    ('세', &["se"]),
    ('송', &["song"]),
    ('수', &["su", "sou"]),
    ('승', &["sung", "su'ng", "seung"]),
    ('식', &["sik"]),
    ('신', &["sin", "shin"]),
    ('연', &["yon"]),
    ('영', &["yong", "yo'ng", "young"]),
    ('여', &["yo", "yo'"]),
    ('옥', &["ok"]),
    ('용', &["yong"]),
    ('우', &["u", "woo", "wu"]),
    ('욱', &["uk"]),
    ('웅', &["ung"]),
    ('원', &["won", "wo'n"]),
    ('은', &["un", "u'n", "eun"]),
    ('일', &["il"]),
    ('자', &["ja", "cha"]),
    ('장', &["jang"]),
    ('재', &["jae", "chae"]),
    ('전', &["jon"]),
    ('정', &["jong", "chong", "cho'ng", "jung"]),
    ('제', &["je", "che"]),
    ('주', &["ju", "chu"]),
    ('준', &["jun", "chun"]),
    ('중', &["jung", "chung"]),
    ('진', &["jin", "chin"]),
    ('찬', &["chan", "ch'an"]),
    ('창', &["chang", "ch'ang"]),
    ('천', &["chon"]),
    ('철', &["chol", "ch'o'l", "chul", "cheol"]),
    ('춘', &["chun", "ch'un"]),
    ('태', &["thae", "tae", "t'ae"]),
    ('택', &["thaek", "t'aek"]),
    ('평', &["pyong"]),
    ('필', &["pil", "phil", "p'il"]),
    ('하', &["ha"]),
    ('학', &["hak"]),
    ('한', &["han"]),
    ('해', &["hae"]),
    ('혁', &["hyok", "hyo'k", "hek"]),
    ('현', &["hyon"]),
    ('형', &["hyong", "hyo'ng"]),
    ('호', &["ho"]),
    ('홍', &["hong"]),
    ('화', &["hwa"]),
    ('환', &["hwan"]),
    ('훈', &["hun", "hoon"]),
    ('휘', &["hwi"]),
    ('희', &["hui", "hu'i"]),
];

/// The spellings of a syllable in a North Korean listing: its systematic
/// spellings ([`systematic_spellings`]) and those of
/// [`DPRK_LISTED_SPELLINGS`].
pub fn dprk_listed_spellings(c: char) -> Vec<String> {
    let mut out = systematic_spellings(c);
    for (syllable, spellings) in DPRK_LISTED_SPELLINGS {
        if *syllable == c {
            for s in *spellings {
                if !out.iter().any(|o| o == s) {
                    out.push((*s).to_owned());
                }
            }
        }
    }
    out
}

/// Every distinct spelling of one syllable: the five systems in both positions,
/// the DPRK 2012 `oi` for ㅚ, and the spellings the document's surname (§2.2) and
/// syllable (§3.2) tables list for it. Lower case; MR keeps its marks, MR-ASCII
/// its apostrophes. Empty for a character that is not a Hangul syllable.
pub fn syllable_spellings(c: char) -> Vec<String> {
    let mut out = systematic_spellings(c);
    let mut push = |s: &str| {
        if !out.iter().any(|o| o == s) {
            out.push(s.to_owned());
        }
    };
    for (syllable, spellings) in SYLLABLE_VARIANTS {
        if *syllable == c {
            spellings.iter().for_each(|s| push(s));
        }
    }
    for entry in surname_entries(&c.to_string()) {
        entry.spellings.iter().for_each(|s| push(s));
    }
    out
}

/// The systematic spellings only: every [`System`] in both positions, plus the
/// DPRK 2012 table's `oi` for ㅚ (document §1.3).
pub fn systematic_spellings(c: char) -> Vec<String> {
    let Some(jamo) = Jamo::of(c) else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::with_capacity(12);
    for system in System::ALL {
        for voiced in [false, true] {
            let s = spell(jamo, system, voiced);
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    if jamo.medial == V_OE {
        let dprk_2012 = spell(jamo, System::Dprk, false).replacen("oe", "oi", 1);
        if !out.contains(&dprk_2012) {
            out.push(dprk_2012);
        }
    }
    out
}

/// Surname rows whose Hangul, South or North, is `hangul`.
pub fn surname_entries(hangul: &str) -> impl Iterator<Item = &'static SurnameEntry> + '_ {
    SURNAMES
        .iter()
        .filter(move |e| e.hangul == hangul || e.dprk_hangul.contains(&hangul))
}

/// i/y-vowels: ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ, the vowels before which the initial-sound law
/// drops ㄹ and ㄴ (document §1.5).
fn is_iy_vowel(medial: usize) -> bool {
    matches!(medial, 2 | 3 | 6 | 7 | 12 | 17 | 20)
}

/// The initial-sound law (두음법칙) both ways, for the first syllable of a family
/// or given name. Forward (how the South spells the North's Hangul): initial ㄹ →
/// ㅇ before i/y-vowels (리→이, 류→유, 룡→용), ㄹ → ㄴ before other vowels
/// (로→노, 라→나), ㄴ → ㅇ before i/y-vowels (녀→여, 니→이). Reverse: 이 → 리 and
/// 니, 노 → 로. Document §1.5 and §8.3 (Wikipedia surname notes,
/// <https://worddisk.com/wiki/Korean_family_name>).
pub fn initial_sound_law_alternatives(c: char) -> Vec<char> {
    let Some((initial, medial, final_index)) = decompose(c) else {
        return Vec::new();
    };
    let iy = is_iy_vowel(medial);
    let targets: &[usize] = match (initial, iy) {
        (L_RIEUL, true) | (L_NIEUN, true) => &[L_IEUNG],
        (L_RIEUL, false) => &[L_NIEUN],
        (L_IEUNG, true) => &[L_RIEUL, L_NIEUN],
        (L_NIEUN, false) => &[L_RIEUL],
        _ => &[],
    };
    targets
        .iter()
        .filter_map(|&t| compose(t, medial, final_index))
        .collect()
}

/// True when `s` is one of [`COMPOUND_SURNAMES`].
pub fn is_compound_surname(s: &str) -> bool {
    COMPOUND_SURNAMES.iter().any(|c| c.hangul == s)
}

/// True when `c` alone is a surname in [`SURNAMES`].
fn is_single_surname(c: char) -> bool {
    surname_entries(&c.to_string()).next().is_some()
}

/// Splits a Hangul name into (family, given).
///
/// Rules, in order:
/// 1. A space the writer put after a one-syllable word, or after a known
///    two-syllable surname, is trusted (`김 정은`, `남궁 민`).
/// 2. Otherwise a name of 3+ syllables starting with a two-syllable surname of
///    [`COMPOUND_SURNAMES`] is split after it when the document's table has a
///    row for that surname (남궁민 = 남궁 + 민, 남궁민수 = 남궁 + 민수, 선우진 =
///    선우 + 진). The Java-list-only compounds whose first syllable is itself a
///    common surname (강전, 소봉, 어금, 장곡, 황목) are taken only for 4+
///    syllables: 강전호 is far more likely 강 + 전호.
/// 3. Otherwise the family name is the first syllable.
///
/// Names are assumed family-first, as Korean writes them. `None` for fewer
/// than two syllables or any character that is not Hangul or whitespace.
pub fn split_name(hangul_name: &str) -> Option<(String, String)> {
    let nfc: String = hangul_name.nfc().collect();
    let words: Vec<&str> = nfc.split_whitespace().collect();
    if words.is_empty() || !words.iter().all(|w| w.chars().all(is_hangul_syllable)) {
        return None;
    }
    let chars: Vec<char> = words.concat().chars().collect();
    if chars.len() < 2 {
        return None;
    }
    if words.len() > 1 {
        let first = words[0];
        let n = first.chars().count();
        if n == 1 || (n == 2 && is_compound_surname(first)) {
            return Some((first.to_owned(), words[1..].concat()));
        }
    }
    let family_len = if compound_family_applies(&chars) {
        2
    } else {
        1
    };
    Some((
        chars[..family_len].iter().collect(),
        chars[family_len..].iter().collect(),
    ))
}

fn compound_family_applies(chars: &[char]) -> bool {
    if chars.len() < 3 {
        return false;
    }
    let first_two: String = chars[..2].iter().collect();
    COMPOUND_SURNAMES.iter().any(|c| {
        c.hangul == first_two && (c.has_row || chars.len() >= 4 || !is_single_surname(chars[0]))
    })
}

/// One romanization of a whole name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Romanized {
    /// How it was produced: a [`System::name`], or that name with a suffix for
    /// an alternative (`dprk-voiceless`, `rr-joined`, `mr-sound-change`,
    /// `dprk-initial-sound-law`, `family-variant-rr`, ...).
    pub system: &'static str,
    /// The family name, lower case.
    pub family: String,
    /// The given name, one lower-case item per syllable.
    pub given: Vec<String>,
    /// The name as written in that system: `Kim Jong Un`, `Kim Cho'ng-u'n`,
    /// `Gim Jeong-eun`.
    pub text: String,
}

/// The most romanizations [`romanize_name`] returns.
pub const MAX_ROMANIZATIONS: usize = 64;

/// How the given-name syllables are joined in the text.
#[derive(Clone, Copy)]
enum Layout {
    /// `Jeong-eun` (RR and MR/LC).
    Hyphen,
    /// `Jeongeun` (RR's official form, §1.5 "Hong Gildong").
    Joined,
    /// `Jong Un` (DPRK: every syllable a capitalized word).
    Spaced,
}

fn layout_of(system: System) -> Layout {
    match system {
        System::Dprk => Layout::Spaced,
        _ => Layout::Hyphen,
    }
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn name_text(family: &str, given: &[String], layout: Layout) -> String {
    let mut text = capitalize(family);
    if given.is_empty() {
        return text;
    }
    text.push(' ');
    match layout {
        Layout::Hyphen => text.push_str(&capitalize(&given.join("-"))),
        Layout::Joined => text.push_str(&capitalize(&given.concat())),
        Layout::Spaced => {
            let words: Vec<String> = given.iter().map(|g| capitalize(g)).collect();
            text.push_str(&words.join(" "));
        }
    }
    text
}

/// Voicing of the given-name syllables: MR and DPRK write the first one
/// voiceless and later ones voiced, except after k/t/p (document §1.5, "Voicing
/// inside given names": 박동구 *Pak Tong Gu*).
fn spell_contextual(syllables: &[Jamo], system: System) -> Vec<String> {
    let mut previous: Option<Coda> = None;
    syllables
        .iter()
        .map(|&j| {
            let voiced = previous.is_some_and(|c| !c.devoices_next());
            previous = Some(j.coda);
            spell(j, system, voiced)
        })
        .collect()
}

/// Given-name syllables in a system, as the lists write them: MR/DPRK with
/// contextual voicing; OFAC's MR-ASCII and the UN's plain MR romanize every
/// syllable as word-initial (`Yo'-cho'ng`, `Myo'ng-kuk`, `Hu'i-pong`,
/// `Ho-chin`: document §3.1, §4.2).
fn spell_given(syllables: &[Jamo], system: System) -> Vec<String> {
    match system {
        System::Rr | System::MrAscii | System::MrPlain => {
            syllables.iter().map(|&j| spell(j, system, false)).collect()
        }
        System::Mr | System::Dprk => spell_contextual(syllables, system),
    }
}

/// The family name in a system: a single word, contextual voicing inside a
/// two-syllable surname. LC romanizes 李/異 always `Yi`, whether written 리 or
/// 이 (document §2.2 notes, LC p.13); the MR-with-marks output follows LC there,
/// the ASCII forms follow OFAC (`RI, Pyo'ng-ch'o'l`).
fn spell_family(family: &[Jamo], family_hangul: &str, system: System) -> String {
    if system == System::Mr && (family_hangul == "이" || family_hangul == "리") {
        return "yi".to_owned();
    }
    spell_contextual(family, system).concat()
}

/// MR sound changes across given-name syllables (document §1.5, LC):
/// nasalization (석민 → *Sŏng-min*), ㄹ → ㄴ after ㅁ/ㅇ/ㄱ/ㅂ (김창룡 →
/// *Chʼang-nyong*), lateralization (ㄴㄹ, ㄹㄴ → ll) and liaison, which LC writes
/// as a voiced coda before the hyphen (김철운 → *Chʼŏr-un*). `None` when nothing
/// changes.
fn apply_mr_sound_changes(syllables: &[Jamo]) -> Option<Vec<Jamo>> {
    let mut out = syllables.to_vec();
    let mut changed = false;
    for i in 1..out.len() {
        let (coda, next) = (out[i - 1].coda, out[i].initial);
        let (new_coda, new_next) = match (coda, next) {
            (Coda::K, L_IEUNG) => (Coda::LiaisonG, next),
            (Coda::T, L_IEUNG) => (Coda::LiaisonD, next),
            (Coda::P, L_IEUNG) => (Coda::LiaisonB, next),
            (Coda::L, L_IEUNG) => (Coda::LiaisonR, next),
            (Coda::K, L_NIEUN | L_MIEUM) => (Coda::Ng, next),
            (Coda::T, L_NIEUN | L_MIEUM) => (Coda::N, next),
            (Coda::P, L_NIEUN | L_MIEUM) => (Coda::M, next),
            (Coda::L, L_NIEUN) => (Coda::L, L_RIEUL),
            (Coda::M | Coda::Ng, L_RIEUL) => (coda, L_NIEUN),
            (Coda::K, L_RIEUL) => (Coda::Ng, L_NIEUN),
            (Coda::P, L_RIEUL) => (Coda::M, L_NIEUN),
            (Coda::T, L_RIEUL) => (Coda::N, L_NIEUN),
            (Coda::N, L_RIEUL) => (Coda::L, L_RIEUL),
            _ => (coda, next),
        };
        if (new_coda, new_next) != (coda, next) {
            changed = true;
            out[i - 1].coda = new_coda;
            out[i].initial = new_next;
        }
    }
    changed.then_some(out)
}

/// Collects romanizations without duplicates (by text), up to the limit.
struct Collector {
    out: Vec<Romanized>,
    seen: HashSet<String>,
}

impl Collector {
    fn push(&mut self, system: &'static str, family: &str, given: Vec<String>, layout: Layout) {
        if self.out.len() >= MAX_ROMANIZATIONS {
            return;
        }
        let text = name_text(family, &given, layout);
        if self.seen.insert(text.clone()) {
            self.out.push(Romanized {
                system,
                family: family.to_lowercase(),
                given,
                text,
            });
        }
    }
}

/// Labels of the alternatives, per system (`&'static str` for [`Romanized`]).
fn law_label(system: System) -> &'static str {
    match system {
        System::Rr => "rr-initial-sound-law",
        System::Mr => "mr-initial-sound-law",
        System::MrAscii => "mr-ascii-initial-sound-law",
        System::MrPlain => "mr-plain-initial-sound-law",
        System::Dprk => "dprk-initial-sound-law",
    }
}

fn sound_change_label(system: System) -> &'static str {
    match system {
        System::MrAscii => "mr-ascii-sound-change",
        System::MrPlain => "mr-plain-sound-change",
        _ => "mr-sound-change",
    }
}

/// Every spelling of a family name, lower case, most useful first: its
/// systematic form in every system (LC's `yi` for 이/리 in MR), the surname
/// table's spellings (§2.2), and for a one-syllable name the same for its
/// initial-sound-law alternatives (리 → 이 gives `i`, `lee`, `yi`, ...). Empty
/// when the input is not Hangul.
pub fn family_name_spellings(family_hangul: &str) -> Vec<String> {
    let family: String = family_hangul.nfc().filter(|c| !c.is_whitespace()).collect();
    let mut forms = vec![family.clone()];
    let mut chars = family.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        forms.extend(
            initial_sound_law_alternatives(c)
                .into_iter()
                .map(String::from),
        );
    }
    let mut out: Vec<String> = Vec::new();
    for form in &forms {
        let Some(jamo) = form.chars().map(Jamo::of).collect::<Option<Vec<_>>>() else {
            return Vec::new();
        };
        if jamo.is_empty() {
            return Vec::new();
        }
        let systematic = System::ALL.map(|system| spell_family(&jamo, form, system));
        let listed =
            surname_entries(form).flat_map(|e| e.spellings.iter().map(|s| (*s).to_owned()));
        for spelling in systematic.into_iter().chain(listed) {
            if !out.contains(&spelling) {
                out.push(spelling);
            }
        }
    }
    out
}

/// NFC, and Hanja read as Hangul when the name is not Hangul already.
fn name_as_hangul(name: &str) -> Option<String> {
    let nfc: String = name.nfc().collect();
    if nfc
        .chars()
        .all(|c| is_hangul_syllable(c) || c.is_whitespace())
    {
        return Some(nfc);
    }
    hanja_to_hangul(&nfc)
}

/// A name split into family and given name, with their jamo.
struct NameParts {
    family: String,
    family_jamo: Vec<Jamo>,
    given: String,
    given_jamo: Vec<Jamo>,
}

impl NameParts {
    /// [`split_name`], or a single syllable as a family name alone.
    fn of(name: &str) -> Option<NameParts> {
        let hangul = name_as_hangul(name)?;
        let (family, given) = match split_name(&hangul) {
            Some(parts) => parts,
            None => {
                let compact: String = hangul.split_whitespace().collect();
                if compact.chars().count() != 1 {
                    return None;
                }
                (compact, String::new())
            }
        };
        Some(NameParts {
            family_jamo: family.chars().filter_map(Jamo::of).collect(),
            given_jamo: given.chars().filter_map(Jamo::of).collect(),
            family,
            given,
        })
    }
}

/// The primary romanization of a Hangul (or Hanja) name in one system: the
/// entry of [`romanize_name`] labelled with [`System::name`], which that list
/// drops when another system already gave the same text (MR-ASCII and plain MR
/// agree on 윤호진 `Yun Ho-chin`).
pub fn romanize_name_in(hangul_name: &str, system: System) -> Option<Romanized> {
    let parts = NameParts::of(hangul_name)?;
    let family = spell_family(&parts.family_jamo, &parts.family, system);
    let given = spell_given(&parts.given_jamo, system);
    Some(Romanized {
        system: system.name(),
        text: name_text(&family, &given, layout_of(system)),
        family,
        given,
    })
}

/// Every romanization of a Hangul (or Hanja) name, deduplicated, at most
/// [`MAX_ROMANIZATIONS`]. In order:
///
/// 1. one per [`System`] (`rr` `Gim Jeong-eun`, `mr` `Kim Chŏng-ŭn`, `mr-ascii`
///    `Kim Cho'ng-u'n`, `mr-plain` `Kim Chong-un`, `dprk` `Kim Jong Un`);
/// 2. layout and voicing variants the lists use: `rr-joined` (`Hong Gildong`),
///    `dprk-voiceless` (`Kang Mun Kil`), `mr-plain-voiced` (`Kim Yo-jong`);
/// 3. MR sound changes across given-name syllables (`Yi Sŏng-min` for 이석민);
/// 4. the initial-sound law on the first given syllable (최룡해 → `Choe Yong Hae`);
/// 5. family-name variants from the surname table and the initial-sound law
///    (`Kim Jeong-eun`, `Lee Pyong Chol`), each with the RR and DPRK given name.
///
/// A single syllable gives the family name alone. Empty when the input is not
/// a Hangul name (or Hanja with known readings).
pub fn romanize_name(hangul_name: &str) -> Vec<Romanized> {
    let Some(NameParts {
        family,
        family_jamo,
        given,
        given_jamo,
    }) = NameParts::of(hangul_name)
    else {
        return Vec::new();
    };
    let mut out = Collector {
        out: Vec::new(),
        seen: HashSet::new(),
    };
    let family_of = |system| spell_family(&family_jamo, &family, system);

    for system in System::ALL {
        out.push(
            system.name(),
            &family_of(system),
            spell_given(&given_jamo, system),
            layout_of(system),
        );
    }
    if given_jamo.len() > 1 {
        out.push(
            "rr-joined",
            &family_of(System::Rr),
            spell_given(&given_jamo, System::Rr),
            Layout::Joined,
        );
    }
    let voiceless: Vec<String> = given_jamo
        .iter()
        .map(|&j| spell(j, System::Dprk, false))
        .collect();
    out.push(
        "dprk-voiceless",
        &family_of(System::Dprk),
        voiceless,
        Layout::Spaced,
    );
    let mr_voiced: Vec<String> = spell_contextual(&given_jamo, System::MrPlain);
    out.push(
        "mr-plain-voiced",
        &family_of(System::MrPlain),
        mr_voiced,
        Layout::Hyphen,
    );

    if let Some(changed) = apply_mr_sound_changes(&given_jamo) {
        for system in [System::Mr, System::MrAscii, System::MrPlain] {
            out.push(
                sound_change_label(system),
                &family_of(system),
                spell_contextual(&changed, system),
                Layout::Hyphen,
            );
        }
    }

    if let Some(first) = given.chars().next() {
        for alternative in initial_sound_law_alternatives(first) {
            let Some(alt_jamo) = Jamo::of(alternative) else {
                continue;
            };
            let mut alt_given = given_jamo.clone();
            alt_given[0] = alt_jamo;
            for system in System::ALL {
                out.push(
                    law_label(system),
                    &family_of(system),
                    spell_given(&alt_given, system),
                    layout_of(system),
                );
            }
        }
    }

    let rr_given = spell_given(&given_jamo, System::Rr);
    let dprk_given = spell_given(&given_jamo, System::Dprk);
    // Passport and list spellings of the family name go with the ASCII given
    // names; spellings with McCune-Reischauer marks stay with MR itself.
    for spelling in family_name_spellings(&family)
        .into_iter()
        .filter(|s| s.is_ascii())
    {
        out.push(
            "family-variant-rr",
            &spelling,
            rr_given.clone(),
            Layout::Hyphen,
        );
        out.push(
            "family-variant-dprk",
            &spelling,
            dprk_given.clone(),
            Layout::Spaced,
        );
    }
    out.out
}

/// Korean readings of Hanja, first reading first. Only characters the research
/// document gives a reading for:
/// * §2.2 surname table, column "Hanja" (the readings are the table's Hangul;
///   for ㄹ-initial Hanja the original/DPRK reading comes first, the
///   initial-sound-law reading second);
/// * §7: 金正恩 = 김정은 (also §5, row 김정은), 金铁三 = 김철삼 (铁 simplified,
///   鐵 traditional), 李成赫 = 리성혁 (Yonhap 2017), 樸 = 복/박 (Unihan data in
///   `hanzinet/zval data/al/樸.al`), 李/異 = 리/이 (LC p.13,
///   <https://en.wikisource.org/wiki/Page:Korean_Romanization.pdf/13>);
/// * §1.5: 金哲源 = *Kim Chʼŏr-wŏn* (LC): 哲 철, 源 원;
/// * §4.2 #20: 端川商業銀行 = 단천상업은행
///   (<https://ko.m.wikipedia.org/wiki/%EB%8B%A8%EC%B2%9C%EC%9D%80%ED%96%89>).
pub const HANJA_READINGS: &[(char, &[&str])] = &[
    // §2.2, one-syllable surnames
    ('金', &["김"]),
    ('李', &["리", "이"]),
    ('朴', &["박"]),
    ('崔', &["최"]),
    ('鄭', &["정"]),
    ('丁', &["정"]),
    ('程', &["정"]),
    ('姜', &["강"]),
    ('康', &["강"]),
    ('剛', &["강"]),
    ('趙', &["조"]),
    ('曺', &["조"]),
    ('尹', &["윤"]),
    ('張', &["장"]),
    ('蔣', &["장"]),
    ('章', &["장"]),
    ('林', &["림", "임"]),
    ('任', &["임"]),
    ('韓', &["한"]),
    ('吳', &["오"]),
    ('徐', &["서"]),
    ('申', &["신"]),
    ('辛', &["신"]),
    ('愼', &["신"]),
    ('權', &["권"]),
    ('黃', &["황"]),
    ('安', &["안"]),
    ('宋', &["송"]),
    ('柳', &["류", "유"]),
    ('劉', &["류", "유"]),
    ('兪', &["유"]),
    ('庾', &["유"]),
    ('全', &["전"]),
    ('田', &["전"]),
    ('錢', &["전"]),
    ('洪', &["홍"]),
    ('高', &["고"]),
    ('文', &["문"]),
    ('梁', &["량", "양"]),
    ('楊', &["양"]),
    ('孫', &["손"]),
    ('裵', &["배"]),
    ('白', &["백"]),
    ('許', &["허"]),
    ('南', &["남"]),
    ('沈', &["심"]),
    ('盧', &["로", "노"]),
    ('魯', &["로", "노"]),
    ('河', &["하"]),
    ('郭', &["곽"]),
    ('成', &["성"]),
    ('車', &["차"]),
    ('朱', &["주"]),
    ('周', &["주"]),
    ('禹', &["우"]),
    ('具', &["구"]),
    ('丘', &["구"]),
    ('閔', &["민"]),
    ('陳', &["진"]),
    ('晉', &["진"]),
    ('秦', &["진"]),
    ('羅', &["라", "나"]),
    ('池', &["지"]),
    ('嚴', &["엄"]),
    ('蔡', &["채"]),
    ('元', &["원"]),
    ('千', &["천"]),
    ('方', &["방"]),
    ('房', &["방"]),
    ('孔', &["공"]),
    ('玄', &["현"]),
    ('咸', &["함"]),
    ('卞', &["변"]),
    ('邊', &["변"]),
    ('廉', &["렴", "염"]),
    ('呂', &["려", "여"]),
    ('余', &["여"]),
    ('秋', &["추"]),
    ('都', &["도"]),
    ('蘇', &["소"]),
    ('石', &["석"]),
    ('宣', &["선"]),
    ('薛', &["설"]),
    ('馬', &["마"]),
    ('吉', &["길"]),
    ('延', &["연"]),
    ('連', &["련", "연"]),
    ('魏', &["위"]),
    ('表', &["표"]),
    ('明', &["명"]),
    ('奇', &["기"]),
    ('潘', &["반"]),
    ('王', &["왕"]),
    ('琴', &["금"]),
    ('玉', &["옥"]),
    ('陸', &["륙", "육"]),
    ('印', &["인"]),
    ('孟', &["맹"]),
    ('諸', &["제"]),
    ('牟', &["모"]),
    ('卓', &["탁"]),
    ('鞠', &["국"]),
    ('魚', &["어"]),
    ('殷', &["은"]),
    ('片', &["편"]),
    ('龍', &["룡", "용"]),
    ('芮', &["예"]),
    ('慶', &["경"]),
    ('奉', &["봉"]),
    ('史', &["사"]),
    ('夫', &["부"]),
    ('賈', &["가"]),
    ('卜', &["복"]),
    ('太', &["태"]),
    ('睦', &["목"]),
    ('邢', &["형"]),
    ('皮', &["피"]),
    ('杜', &["두"]),
    ('甘', &["감"]),
    ('扈', &["호"]),
    // §2.2, two-syllable surnames (諸葛 南宮 皇甫 鮮于 獨孤 司空 西門)
    ('葛', &["갈"]),
    ('宮', &["궁"]),
    ('皇', &["황"]),
    ('甫', &["보"]),
    ('鮮', &["선"]),
    ('于', &["우"]),
    ('獨', &["독"]),
    ('孤', &["고"]),
    ('司', &["사"]),
    ('空', &["공"]),
    ('西', &["서"]),
    ('門', &["문"]),
    // §7 and §5: 金正恩, 金铁三, 李成赫, 樸, 異
    ('正', &["정"]),
    ('恩', &["은"]),
    ('铁', &["철"]),
    ('鐵', &["철"]),
    ('三', &["삼"]),
    ('赫', &["혁"]),
    ('樸', &["복", "박"]),
    ('異', &["리", "이"]),
    // §1.5: 金哲源
    ('哲', &["철"]),
    ('源', &["원"]),
    // §4.2 #20: 端川商業銀行
    ('端', &["단"]),
    ('川', &["천"]),
    ('商', &["상"]),
    ('業', &["업"]),
    ('銀', &["은"]),
    ('行', &["행"]),
];

/// All Korean readings of one Hanja in [`HANJA_READINGS`], empty when unknown.
pub fn hanja_readings(c: char) -> &'static [&'static str] {
    HANJA_READINGS
        .iter()
        .find(|(h, _)| *h == c)
        .map_or(&[], |(_, readings)| readings)
}

/// Reads Hanja as Hangul with the first reading of [`HANJA_READINGS`] (else
/// Unihan's first kHangul reading, [`super::scripts::hangul_reading`]): the
/// original (DPRK) reading, 李 → 리, 龍 → 룡; [`initial_sound_law_alternatives`]
/// gives the South's 이, 용. Hangul syllables and whitespace pass through.
/// `None` when any other character has no known reading, or nothing is left.
///
/// ```
/// use sanctiondb::normalize::hangul::hanja_to_hangul;
/// assert_eq!(hanja_to_hangul("金正恩").as_deref(), Some("김정은"));
/// assert_eq!(hanja_to_hangul("金正X"), None);
/// ```
pub fn hanja_to_hangul(s: &str) -> Option<String> {
    let nfc: String = s.nfc().collect();
    let mut out = String::with_capacity(nfc.len());
    for c in nfc.chars() {
        if c.is_whitespace() || is_hangul_syllable(c) {
            out.push(c);
        } else {
            // Past the table, Unihan's traditional kHangul reading.
            let reading = hanja_readings(c)
                .first()
                .copied()
                .or_else(|| super::scripts::hangul_reading(c))?;
            out.push_str(reading);
        }
    }
    if out.trim().is_empty() {
        None
    } else {
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_syllables() -> impl Iterator<Item = char> {
        (0..SYLLABLE_COUNT).filter_map(|i| char::from_u32(SYLLABLE_BASE + i as u32))
    }

    #[test]
    fn decomposition_round_trips_over_all_syllables() {
        let mut count = 0;
        for c in all_syllables() {
            let (l, v, t) = decompose(c).expect("a syllable decomposes");
            assert_eq!(compose(l, v, t), Some(c));
            count += 1;
        }
        assert_eq!(count, 11_172);
        assert_eq!(decompose('a'), None);
        assert_eq!(decompose('\u{D7A4}'), None);
        assert_eq!(decompose('\u{ABFF}'), None);
        assert_eq!(compose(19, 0, 0), None);
        assert_eq!(decompose('김'), Some((0, 20, 16)));
    }

    #[test]
    fn every_syllable_romanizes_to_ascii_outside_mr_with_marks() {
        for c in all_syllables() {
            for system in [System::Rr, System::MrAscii, System::MrPlain, System::Dprk] {
                for initial in [true, false] {
                    let s = romanize_syllable(c, system, initial).expect("syllable");
                    assert!(
                        !s.is_empty() && s.is_ascii(),
                        "{c} {system:?} {initial}: {s:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn document_spot_checks() {
        // Appendix A: 김 → Gim/Kim/Kim; 정 → Jeong/Chŏng/Jong; 철 → Cheol/Ch'ŏl/Chol.
        let r = |c, s| romanize_syllable(c, s, true).expect("syllable");
        assert_eq!(
            [
                r('김', System::Rr),
                r('김', System::Mr),
                r('김', System::Dprk)
            ],
            ["gim", "kim", "kim"]
        );
        assert_eq!(
            [
                r('정', System::Rr),
                r('정', System::Mr),
                r('정', System::Dprk)
            ],
            ["jeong", "chŏng", "jong"]
        );
        assert_eq!(
            [
                r('철', System::Rr),
                r('철', System::Mr),
                r('철', System::Dprk)
            ],
            ["cheol", "chʼŏl", "chol"]
        );
        assert_eq!(r('쉬', System::Mr), "shwi");
        assert_eq!(
            romanize_syllable('구', System::Mr, false).as_deref(),
            Some("gu")
        );
        assert_eq!(romanize_syllable('x', System::Rr, true), None);
    }

    #[test]
    fn spellings_include_systems_and_tables() {
        let lee = syllable_spellings('이');
        for s in ["i", "lee", "yi", "rhee", "ri", "li"] {
            assert!(lee.contains(&s.to_owned()), "{s} in {lee:?}");
        }
        let jeong = syllable_spellings('정');
        for s in [
            "jeong", "jung", "chung", "chong", "jong", "joung", "chŏng", "cho'ng",
        ] {
            assert!(jeong.contains(&s.to_owned()), "{s} in {jeong:?}");
        }
        assert!(syllable_spellings('최').contains(&"choi".to_owned()));
        assert!(systematic_spellings('최').contains(&"choi".to_owned()));
        assert!(syllable_spellings('a').is_empty());
    }

    #[test]
    fn initial_sound_law_works_both_ways() {
        let alt = initial_sound_law_alternatives;
        for (north, south) in [
            ('리', '이'),
            ('림', '임'),
            ('류', '유'),
            ('로', '노'),
            ('라', '나'),
            ('량', '양'),
            ('려', '여'),
            ('렴', '염'),
            ('룡', '용'),
            ('륙', '육'),
            ('련', '연'),
            ('렬', '열'),
            ('녀', '여'),
            ('니', '이'),
        ] {
            assert!(alt(north).contains(&south), "{north} -> {south}");
            assert!(alt(south).contains(&north), "{south} -> {north}");
        }
        assert!(alt('김').is_empty());
        assert!(alt('k').is_empty());
    }

    #[test]
    fn names_split_into_family_and_given() {
        let split = |s| split_name(s).map(|(f, g)| format!("{f}|{g}"));
        assert_eq!(split("김정은").as_deref(), Some("김|정은"));
        assert_eq!(split("김 정은").as_deref(), Some("김|정은"));
        assert_eq!(split("남궁민수").as_deref(), Some("남궁|민수"));
        assert_eq!(split("남궁민").as_deref(), Some("남궁|민"));
        assert_eq!(split("남궁 민").as_deref(), Some("남궁|민"));
        assert_eq!(split("선우진").as_deref(), Some("선우|진"));
        assert_eq!(split("강전호").as_deref(), Some("강|전호"));
        assert_eq!(split("동방호").as_deref(), Some("동방|호"));
        assert_eq!(split("남궁").as_deref(), Some("남|궁"));
        assert_eq!(split("김"), None);
        assert_eq!(split("Kim"), None);
        assert_eq!(split(""), None);
    }

    #[test]
    fn romanized_names_are_bounded_and_deduplicated() {
        for name in ["김정은", "리병철", "이석민", "남궁민수", "최룡해", "김"] {
            let all = romanize_name(name);
            assert!(!all.is_empty() && all.len() <= MAX_ROMANIZATIONS, "{name}");
            let texts: HashSet<&str> = all.iter().map(|r| r.text.as_str()).collect();
            assert_eq!(texts.len(), all.len(), "{name}");
        }
        assert!(romanize_name("Kim").is_empty());
        assert_eq!(romanize_name("김")[0].text, "Gim");
    }

    #[test]
    fn hanja_read_in_korean() {
        assert_eq!(hanja_to_hangul("金正恩").as_deref(), Some("김정은"));
        assert_eq!(hanja_to_hangul("金铁三").as_deref(), Some("김철삼"));
        assert_eq!(hanja_to_hangul("李成赫").as_deref(), Some("리성혁"));
        assert_eq!(hanja_to_hangul("金 正恩").as_deref(), Some("김 정은"));
        assert_eq!(hanja_to_hangul("金X"), None);
        assert_eq!(hanja_to_hangul(""), None);
        assert_eq!(hanja_to_hangul("   "), None);
        let dprk = romanize_name("金正恩");
        assert!(dprk.iter().any(|r| r.text == "Kim Jong Un"));
    }

    /// `tests/data/romanization.tsv`: `hangul`, `system`, `expected`. A system
    /// name checks that system's primary text (a single syllable: its
    /// word-initial spelling, compared case-insensitively); `any` checks that
    /// some alternative has that text.
    #[test]
    fn romanization_table() {
        let data = include_str!("../../tests/data/romanization.tsv");
        let mut failures = Vec::new();
        let mut rows = 0;
        for (number, line) in data.lines().enumerate() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') || line.starts_with("hangul\t") {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let [hangul, system, expected] = fields[..] else {
                failures.push(format!("line {}: malformed {line:?}", number + 1));
                continue;
            };
            rows += 1;
            let all = romanize_name(hangul);
            let primary = System::from_name(system).and_then(|s| romanize_name_in(hangul, s));
            let got: Vec<&str> = if system == "any" {
                all.iter().map(|r| r.text.as_str()).collect()
            } else {
                primary.iter().map(|r| r.text.as_str()).collect()
            };
            let ok = if hangul.chars().count() == 1 {
                let Some(s) = System::from_name(system) else {
                    failures.push(format!("line {}: unknown system {system}", number + 1));
                    continue;
                };
                let one = hangul
                    .chars()
                    .next()
                    .and_then(|c| romanize_syllable(c, s, true));
                one.is_some_and(|o| o.to_lowercase() == expected.to_lowercase())
            } else {
                got.contains(&expected)
            };
            if !ok {
                failures.push(format!(
                    "line {}: {hangul} {system}: expected {expected:?}, got {got:?}",
                    number + 1
                ));
            }
        }
        assert!(rows >= 40, "only {rows} rows");
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        fn mixed() -> impl Strategy<Value = String> {
            proptest::collection::vec(
                prop_oneof![
                    any::<char>(),
                    (0xAC00u32..=0xD7A3).prop_map(|c| char::from_u32(c).unwrap_or('가')),
                    proptest::sample::select(vec!['金', '正', '恩', ' ', '李', 'ㄱ', '\u{1100}']),
                ],
                0..12,
            )
            .prop_map(|v| v.into_iter().collect())
        }

        proptest! {
            #[test]
            fn nothing_panics_on_arbitrary_strings(s in mixed()) {
                let _ = split_name(&s);
                let all = romanize_name(&s);
                prop_assert!(all.len() <= MAX_ROMANIZATIONS);
                let _ = hanja_to_hangul(&s);
                for c in s.chars() {
                    let _ = syllable_spellings(c);
                    let _ = initial_sound_law_alternatives(c);
                    let _ = family_name_spellings(&c.to_string());
                }
            }
        }
    }
}
