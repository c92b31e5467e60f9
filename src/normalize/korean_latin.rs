//! Latin spellings of Korean names to one key per syllable.
//!
//! 정 reaches a list as `Jeong` (RR), `Chong` (MR without marks), `Cho'ng` (OFAC),
//! `Jong` (DPRK), `Jung`, `Chung` or `Joung` (passports). After
//! [`fold`](super::fold) they are `jeong`, `chong`, `jong`, `jung`, `chung`,
//! `joung`; this module gives all of them the key `cong`, and gives 정 (via
//! [`hangul_syllable_keys`]) the same key, so a Hangul query, a passport spelling
//! and a list entry meet.
//!
//! # Key classes
//!
//! A key is `onset + vowel + coda`, each a class of the document's §8.5
//! "phonetic skeleton" (`shared/research/korean-names.md`):
//!
//! | class | spellings folded into it |
//! |---|---|
//! | onset `k` | g k kk gg kh gh (ㄱ ㄲ ㅋ) |
//! | onset `t` | d t tt dd th dh (ㄷ ㄸ ㅌ) |
//! | onset `p` | b p pp bb ph bh (ㅂ ㅃ ㅍ) |
//! | onset `c` | j ch c z jh jj tch (ㅈ ㅉ ㅊ) |
//! | onset `s` | s ss sh (ㅅ ㅆ) |
//! | onset `n` | n r l nh rh (ㄴ ㄹ) |
//! | onset `h`, `m` | h (wh = hw); m |
//! | onset ∅ | vowel-initial; **also ㄴ/ㄹ before an i/y vowel** (Ri = Yi = I = Lee) |
//! | vowel `a` | a aa |
//! | vowel `e` | ae e ai (ㅐ ㅔ) |
//! | vowel `ya`, `ye` | ya; yae ye (ㅑ; ㅒ ㅖ) |
//! | vowel `o` | eo o u eu oo ou ue woo wu (ㅓ ㅗ ㅜ ㅡ) |
//! | vowel `yo` | yeo yo yu yoo you yeu yeou (ㅕ ㅛ ㅠ) |
//! | vowel `wa` | wa oa ua (ㅘ) |
//! | vowel `we` | wae oe we oi oy (ㅙ ㅚ ㅞ) |
//! | vowel `wo` | wo weo (ㅝ) |
//! | vowel `wi` | wi wee (ㅟ) |
//! | vowel `i` | i ee ie y ui eui yi (ㅣ ㅢ) |
//! | coda | k (g ck kk), n (nn), t, l (ll), m, p (b), ng; a silent `h` (Ahn, Oh) and a non-rhotic `r` (Park, Hur) are ignored |
//!
//! Why ㅓㅗㅜㅡ are one class: diacritic-free MR writes ㅓ and ㅗ both `o` and
//! ㅡ and ㅜ both `u`, and passports write ㅓ as `u` (Jung, Sung, Chul, Hyun) and
//! ㅗ as `oo`/`ou` (Koo for 고, Joung for 종); any finer split loses real
//! spellings. Likewise ㅕ is `yu` in passports (Kyung, Byung), so ㅕㅛㅠ meet.
//!
//! **Accepted collisions** (the document's §0.6 and §8.5 ask for this; the scorer
//! must rank exact-system matches first and use dates of birth): 정 = 종 = 중 =
//! 청 = 총 (`cong`), 준 = 춘 = 전 = 천 (`con`), 영 = 용 = 연 = 윤 (with `n`/`ng`
//! codas), 이 = 리 = 니 = 의, 로 = 노, 개 = 게, 희 = 히, 성 = 송 = 승.
//!
//! # Agreement with [`hangul`]
//!
//! Tested over all 11,172 syllables: every systematic spelling (five systems,
//! both positions, DPRK 2012 `oi`) folds to the syllable's one key, with no
//! exception. The Unicode-name spelling [`fold`](super::fold) gives Hangul
//! (`coe`, `ceol`, `dalg`) agrees too, except for the 399 syllables with final
//! ㅎ (`noh` for 놓 reads like the silent h of Roh). Of the 416 listed passport
//! and list spellings that are not systematic, 54 (over 37 syllables) leave
//! their syllable's key on purpose (Cook, Kin, Chin, Chen, Back for 백, Wun for
//! 원, ...); the test `passport_spellings_that_leave_their_key_are_the_listed_ones`
//! lists them by reason. [`hangul_syllable_keys`] includes their keys, so a
//! Hangul name still meets those passport spellings.
//!
//! # Segmentation
//!
//! [`segment`] splits a joined token (`kimjongun`) into syllable spellings with a
//! syllable grammar (onset? + vowel + coda?) built from the same tables.
//! Ties are broken, in order, by:
//! 1. fewest syllables that are not a spelling of a *name syllable* (a syllable
//!    of the document's surname and given-name tables, §2.2 and §3.2, or of
//!    their initial-sound-law partners): `seun` = se + un (세운), not 슨;
//!    `mingu` = min + gu, not ming + u;
//! 2. fewest syllables (`eun`, not e + un);
//! 3. a consonant starts the next syllable rather than ending this one, when
//!    the next would otherwise start with a vowel (maximal onset, the way a
//!    joined RR spelling is read: `leeminho` = lee + min + ho, `mina` = mi +
//!    na); `ng` is exempt, since it cannot start a syllable;
//! 4. fewest non-systematic spelling parts (silent h, `oo`, `ck`, ...):
//!    `changho` = chang + ho, not chan + gho;
//! 5. longest syllable first: when `ng` could close one syllable or be n + g
//!    (`jongun`: jong + un or jon + gun; `yongwon`, `songil`), the coda wins and
//!    the next syllable starts with a vowel. A real n|g boundary between two
//!    name syllables (전근 written `Jongun`) is misread; RR's hyphen
//!    (`Jeon-geun`) exists for that reason.
//!
//! A doubled vowel letter is never split (`jihoo` = ji + hoo). `haeun` is read
//! hae + un (해운), never ha + eun (하은): the spelling is ambiguous and rule 5
//! decides. A joined full name is read the same way, so `kimyongchol` is
//! ki + myong + chol by rule 3; names joined with their surname are rare, and
//! lists separate the surname.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::hangul::{
    self, COMPOUND_SURNAMES, SURNAMES, SYLLABLE_VARIANTS, System, initial_sound_law_alternatives,
    romanize_syllable, syllable_spellings,
};

/// Onset classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Onset {
    Silent,
    K,
    N,
    T,
    P,
    S,
    C,
    H,
    M,
}

/// Vowel classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Vowel {
    A,
    E,
    Ya,
    Ye,
    O,
    Yo,
    Wa,
    We,
    Wo,
    Wi,
    I,
}

/// Coda classes: the 7 pronounced codas (document §1.4).
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
}

/// One spelling of a syllable part. `systematic` is false for ad-hoc spellings
/// (passports, transliterators): segmentation prefers systematic ones.
struct Part<C> {
    spelling: &'static str,
    class: C,
    systematic: bool,
}

const fn part<C>(spelling: &'static str, class: C, systematic: bool) -> Part<C> {
    Part {
        spelling,
        class,
        systematic,
    }
}

/// Onset spellings. Systematic: document §1.2 (RR, MR, DPRK and the Unicode
/// syllable names deunicode produces: gg dd bb jj for the tense consonants, c for
/// ㅊ). Ad-hoc: §3.2 "Syllable-level equivalence classes" and §2.2 (gh Ghim, l
/// Lee/Lim, rh Rhee, nh Nho, dh Dho, bh Bhang, jh Jhang, sh Shin, z Zoo/Zang).
const ONSETS: &[Part<Onset>] = &[
    part("tch", Onset::C, true),
    part("kk", Onset::K, true),
    part("gg", Onset::K, true),
    part("kh", Onset::K, true),
    part("gh", Onset::K, false),
    part("tt", Onset::T, true),
    part("dd", Onset::T, true),
    part("th", Onset::T, true),
    part("pp", Onset::P, true),
    part("bb", Onset::P, true),
    part("ph", Onset::P, true),
    part("ss", Onset::S, true),
    part("sh", Onset::S, false),
    part("jj", Onset::C, true),
    part("ch", Onset::C, true),
    part("nh", Onset::N, false),
    part("dh", Onset::T, false),
    part("bh", Onset::P, false),
    part("jh", Onset::C, false),
    part("rh", Onset::N, false),
    part("g", Onset::K, true),
    part("k", Onset::K, true),
    part("n", Onset::N, true),
    part("r", Onset::N, true),
    part("l", Onset::N, false),
    part("d", Onset::T, true),
    part("t", Onset::T, true),
    part("b", Onset::P, true),
    part("p", Onset::P, true),
    part("s", Onset::S, true),
    part("j", Onset::C, true),
    part("c", Onset::C, true),
    part("z", Onset::C, false),
    part("h", Onset::H, true),
    part("m", Onset::M, true),
    part("", Onset::Silent, true),
];

/// Vowel spellings. Systematic: document §1.3 (RR, MR with breves folded to
/// o/u, DPRK incl. the 2012 `oi`, Unicode names `weo` and `yi`). Ad-hoc: §3.2
/// equivalence classes (oo ou for ㅜ, yoo you yeu for ㅠ/ㅕ, ee for ㅣ, eui for ㅢ,
/// ai for ㅐ, wee for ㅟ, ue in Guen/Kuen/Uen, woo/wu for 우) and §2.2 (oa
/// Koak/Hoang, ua Guak, oy Choy, ie Rhie/Kie, aa Aan, y Kym/Ky/Rym). `y` alone
/// needs an onset.
const VOWELS: &[Part<Vowel>] = &[
    part("a", Vowel::A, true),
    part("aa", Vowel::A, false),
    part("ae", Vowel::E, true),
    part("e", Vowel::E, true),
    part("ai", Vowel::E, false),
    part("ya", Vowel::Ya, true),
    part("yae", Vowel::Ye, true),
    part("ye", Vowel::Ye, true),
    part("eo", Vowel::O, true),
    part("o", Vowel::O, true),
    part("u", Vowel::O, true),
    part("eu", Vowel::O, true),
    part("oo", Vowel::O, false),
    part("ou", Vowel::O, false),
    part("ue", Vowel::O, false),
    part("woo", Vowel::O, false),
    part("wu", Vowel::O, false),
    part("yeo", Vowel::Yo, true),
    part("yo", Vowel::Yo, true),
    part("yu", Vowel::Yo, true),
    part("yoo", Vowel::Yo, false),
    part("you", Vowel::Yo, false),
    part("yeu", Vowel::Yo, false),
    part("yeou", Vowel::Yo, false),
    part("wa", Vowel::Wa, true),
    part("oa", Vowel::Wa, false),
    part("ua", Vowel::Wa, false),
    part("wae", Vowel::We, true),
    part("oe", Vowel::We, true),
    part("we", Vowel::We, true),
    part("oi", Vowel::We, true),
    part("oy", Vowel::We, false),
    part("wo", Vowel::Wo, true),
    part("weo", Vowel::Wo, true),
    part("wi", Vowel::Wi, true),
    part("wee", Vowel::Wi, false),
    part("i", Vowel::I, true),
    part("ui", Vowel::I, true),
    part("yi", Vowel::I, true),
    part("ee", Vowel::I, false),
    part("eui", Vowel::I, false),
    part("ie", Vowel::I, false),
    part("y", Vowel::I, false),
];

/// A coda spelling; `in_words` is false for the letter-by-letter finals of the
/// Unicode syllable names (deunicode: `dalg`, `anj`, `os`), which
/// [`syllable_key`] accepts in a one-syllable token but [`segment`] never uses
/// inside a word.
struct CodaPart {
    spelling: &'static str,
    class: Coda,
    systematic: bool,
    in_words: bool,
}

const fn coda(spelling: &'static str, class: Coda, systematic: bool, in_words: bool) -> CodaPart {
    CodaPart {
        spelling,
        class,
        systematic,
        in_words,
    }
}

/// Coda spellings. Systematic: document §1.4 (k n t l m p ng). Ad-hoc: §1.4 and
/// §3.2 (g Kwag/Sug, ck Kwack/Sick, nn Inn/Shinn, ll Gill, b Sub). Unicode-name
/// letters (§1.4, column "ISO II / Unicode"): kk gg gs lg, nj nh, d s ss j c,
/// lb ls lt lh, lp bs, lm.
const CODAS: &[CodaPart] = &[
    coda("", Coda::Open, true, true),
    coda("k", Coda::K, true, true),
    coda("n", Coda::N, true, true),
    coda("t", Coda::T, true, true),
    coda("l", Coda::L, true, true),
    coda("m", Coda::M, true, true),
    coda("p", Coda::P, true, true),
    coda("ng", Coda::Ng, true, true),
    coda("g", Coda::K, false, true),
    coda("ck", Coda::K, false, true),
    coda("nn", Coda::N, false, true),
    coda("ll", Coda::L, false, true),
    coda("b", Coda::P, false, true),
    coda("kk", Coda::K, false, false),
    coda("gg", Coda::K, false, false),
    coda("gs", Coda::K, false, false),
    coda("lg", Coda::K, false, false),
    coda("nj", Coda::N, false, false),
    coda("nh", Coda::N, false, false),
    coda("d", Coda::T, false, false),
    coda("s", Coda::T, false, false),
    coda("ss", Coda::T, false, false),
    coda("j", Coda::T, false, false),
    coda("c", Coda::T, false, false),
    coda("lb", Coda::L, false, false),
    coda("ls", Coda::L, false, false),
    coda("lt", Coda::L, false, false),
    coda("lh", Coda::L, false, false),
    coda("lp", Coda::P, false, false),
    coda("bs", Coda::P, false, false),
    coda("lm", Coda::M, false, false),
];

/// The longest syllable spelling the grammar can produce (`tch` + `yeou` + `h` +
/// `ng`), and the longest token [`segment`] tries.
const MAX_SYLLABLE_LEN: usize = 10;
const MAX_TOKEN_LEN: usize = 48;

/// A parsed syllable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Parsed {
    onset: Onset,
    vowel: Vowel,
    coda: Coda,
    /// Number of non-systematic parts.
    penalty: u8,
}

impl Parsed {
    fn key(self) -> String {
        let y_or_i = matches!(self.vowel, Vowel::I | Vowel::Ya | Vowel::Ye | Vowel::Yo);
        let onset = match self.onset {
            // ㄴ/ㄹ before i/y meet the silent onset (initial-sound law, §8.5).
            Onset::N if y_or_i => "",
            Onset::Silent => "",
            Onset::K => "k",
            Onset::N => "n",
            Onset::T => "t",
            Onset::P => "p",
            Onset::S => "s",
            Onset::C => "c",
            Onset::H => "h",
            Onset::M => "m",
        };
        let vowel = match self.vowel {
            Vowel::A => "a",
            Vowel::E => "e",
            Vowel::Ya => "ya",
            Vowel::Ye => "ye",
            Vowel::O => "o",
            Vowel::Yo => "yo",
            Vowel::Wa => "wa",
            Vowel::We => "we",
            Vowel::Wo => "wo",
            Vowel::Wi => "wi",
            Vowel::I => "i",
        };
        let coda = match self.coda {
            Coda::Open => "",
            Coda::K => "k",
            Coda::N => "n",
            Coda::T => "t",
            Coda::L => "l",
            Coda::M => "m",
            Coda::P => "p",
            Coda::Ng => "ng",
        };
        [onset, vowel, coda].concat()
    }
}

/// Lower-cases, folds ŏ/ŭ (and ǒ/ǔ, o/u + combining breve or caron) to o/u and
/// drops apostrophes; `None` for any other character than a-z.
fn prefold(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'a'..='z' => out.push(c),
            'A'..='Z' => out.push(c.to_ascii_lowercase()),
            'ŏ' | 'Ŏ' | 'ǒ' | 'Ǒ' => out.push('o'),
            'ŭ' | 'Ŭ' | 'ǔ' | 'Ǔ' => out.push('u'),
            '\'' | '’' | '‘' | 'ʼ' | 'ʻ' | '`' | '´' | 'ʹ' | '′' | '\u{306}' | '\u{30C}' =>
                {}
            _ => return None,
        }
    }
    Some(out)
}

/// Parses one syllable spelling (already prefolded, ASCII). `in_word` limits
/// codas to those that occur inside joined names; `at_token_end` allows a silent
/// `h` or `r` with no coda after it (Oh, Hur).
fn parse(s: &str, in_word: bool, at_token_end: bool) -> Option<Parsed> {
    let mut best = parse_parts(s, in_word, at_token_end);
    // `Wh` for ㅎ and a w-vowel (§2.2): Whang = Hwang, Whoang = Hoang.
    if let Some(rest) = s.strip_prefix("wh") {
        for respelled in [format!("hw{rest}"), format!("h{rest}")] {
            let Some(p) = parse_parts(&respelled, in_word, at_token_end) else {
                continue;
            };
            let p = Parsed {
                penalty: p.penalty + 1,
                ..p
            };
            if best.is_none_or(|b| p.penalty < b.penalty) {
                best = Some(p);
            }
        }
    }
    best
}

fn parse_parts(s: &str, in_word: bool, at_token_end: bool) -> Option<Parsed> {
    let mut best: Option<Parsed> = None;
    for onset in ONSETS {
        let Some(after_onset) = s.strip_prefix(onset.spelling) else {
            continue;
        };
        for vowel in VOWELS {
            let Some(after_vowel) = after_onset.strip_prefix(vowel.spelling) else {
                continue;
            };
            if vowel.spelling == "y" && onset.class == Onset::Silent {
                continue;
            }
            for (silent, silent_penalty) in [("", 0u8), ("h", 1), ("r", 1)] {
                let Some(rest) = after_vowel.strip_prefix(silent) else {
                    continue;
                };
                let Some(coda) = CODAS
                    .iter()
                    .find(|c| c.spelling == rest && (c.in_words || !in_word))
                else {
                    continue;
                };
                let allowed = match silent {
                    "h" => coda.class != Coda::Open || at_token_end,
                    "r" => matches!(rest, "k" | "m") || (rest.is_empty() && at_token_end),
                    _ => true,
                };
                if !allowed {
                    continue;
                }
                let penalty = u8::from(!onset.systematic)
                    + u8::from(!vowel.systematic)
                    + u8::from(!coda.systematic)
                    + silent_penalty;
                let candidate = Parsed {
                    onset: onset.class,
                    vowel: vowel.class,
                    coda: coda.class,
                    penalty,
                };
                if best.is_none_or(|b| candidate.penalty < b.penalty) {
                    best = Some(candidate);
                }
            }
        }
    }
    best
}

/// The canonical key of one Latin spelling of one Korean syllable, or `None`
/// when the string is not a plausible Korean syllable. Accepts folded input
/// (`chong`, `chol`) and also MR marks (`chʼŏl`, `cho'ng`), which it folds itself.
///
/// ```
/// use sanctiondb::normalize::korean_latin::syllable_key;
/// assert_eq!(syllable_key("jeong"), syllable_key("Cho'ng"));
/// assert_eq!(syllable_key("Lee"), syllable_key("ri"));
/// assert_eq!(syllable_key("smith"), None);
/// ```
fn syllable_key_uncached(spelling: &str) -> Option<String> {
    let s = prefold(spelling)?;
    if s.is_empty() || s.len() > MAX_SYLLABLE_LEN {
        return None;
    }
    parse(&s, false, true).map(Parsed::key)
}

/// The key of a Hangul syllable's RR spelling, which every systematic spelling
/// shares (see the test `systematic_spellings_share_one_key`).
fn canonical_key(c: char) -> Option<String> {
    syllable_key(&romanize_syllable(c, System::Rr, true)?)
}

/// The distinct keys of a Hangul syllable's spellings ([`syllable_spellings`]),
/// canonical key first; with `word_initial`, also those of its initial-sound-law
/// alternatives (리 → 이), as for the first syllable of a family or given name.
/// Usually one key: extra keys come from passport spellings that leave their
/// class (강 `Kwang`, 신 `Chin`). Empty for a non-syllable.
fn hangul_syllable_keys_uncached(c: char, word_initial: bool) -> Vec<String> {
    let Some(canonical) = canonical_key(c) else {
        return Vec::new();
    };
    let mut keys = vec![canonical];
    let mut forms = vec![c];
    if word_initial {
        forms.extend(initial_sound_law_alternatives(c));
    }
    for form in forms {
        let candidates = canonical_key(form).into_iter().chain(
            syllable_spellings(form)
                .into_iter()
                .filter_map(|s| syllable_key(&s)),
        );
        for key in candidates {
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
    }
    keys
}

/// Spellings of the name syllables: every spelling [`syllable_spellings`] gives
/// for a syllable of the surname table (§2.2, both Hangul columns, both halves
/// of compound surnames), of the given-name table (§3.2), or of their
/// initial-sound-law partners; prefolded.
fn name_syllable_spellings() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| {
        let mut syllables: Vec<char> = SURNAMES
            .iter()
            .flat_map(|e| {
                e.hangul
                    .chars()
                    .chain(e.dprk_hangul.iter().flat_map(|h| h.chars()))
            })
            .chain(SYLLABLE_VARIANTS.iter().map(|(c, _)| *c))
            .chain(COMPOUND_SURNAMES.iter().flat_map(|c| c.hangul.chars()))
            .collect();
        let partners: Vec<char> = syllables
            .iter()
            .flat_map(|&c| initial_sound_law_alternatives(c))
            .collect();
        syllables.extend(partners);
        syllables
            .into_iter()
            .flat_map(syllable_spellings)
            .filter_map(|s| prefold(&s))
            .collect()
    })
}

fn is_name_syllable_spelling(s: &str) -> bool {
    name_syllable_spellings().contains(s)
}

/// The best segmentation of a suffix, compared by the rules in the module docs.
#[derive(Clone, Debug)]
struct Segmentation {
    /// Syllables that are not a spelling of a name syllable.
    unknown: usize,
    /// Consonant-final syllables followed by a vowel-initial one, other than
    /// after `ng` (`leem+in` where `lee+min` is possible).
    onsetless: usize,
    /// Non-systematic spelling parts.
    penalty: usize,
    lengths: Vec<usize>,
}

impl Segmentation {
    fn better_than(&self, other: &Segmentation) -> bool {
        let rank = |s: &Segmentation| (s.unknown, s.lengths.len(), s.onsetless, s.penalty);
        match rank(self).cmp(&rank(other)) {
            std::cmp::Ordering::Less => true,
            std::cmp::Ordering::Greater => false,
            // Longest syllable first (same number of syllables here).
            std::cmp::Ordering::Equal => self.lengths > other.lengths,
        }
    }
}

fn is_vowel_letter(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Splits one folded Latin token into Korean syllable spellings (`kimjongun` →
/// `kim`, `jong`, `un`), or `None` when it does not parse as Korean syllables.
/// See the module docs for the tie-break rules.
///
/// ```
/// use sanctiondb::normalize::korean_latin::segment;
/// assert_eq!(segment("jongun").unwrap(), ["jong", "un"]);
/// assert_eq!(segment("nguyen"), None);
/// ```
fn segment_uncached(token: &str) -> Option<Vec<String>> {
    let s = prefold(token)?;
    let bytes = s.as_bytes();
    let n = bytes.len();
    if n == 0 || n > MAX_TOKEN_LEN {
        return None;
    }
    // best[pos][v]: the best segmentation of s[pos..] whose first syllable is
    // vowel-initial (v = 1) or not (v = 0); the boundary rule needs to know.
    let mut best: Vec<[Option<Segmentation>; 2]> = vec![[None, None]; n + 1];
    best[n][0] = Some(Segmentation {
        unknown: 0,
        onsetless: 0,
        penalty: 0,
        lengths: Vec::new(),
    });
    for start in (0..n).rev() {
        for end in (start + 1)..=n.min(start + MAX_SYLLABLE_LEN) {
            // A doubled vowel letter is one long-vowel spelling (oo, ee), never
            // two syllables (`jihoo` = ji + hoo, not ji + ho + o).
            if end < n && is_vowel_letter(bytes[end]) && bytes[end - 1] == bytes[end] {
                continue;
            }
            let piece = &s[start..end];
            let Some(parsed) = parse(piece, true, end == n) else {
                continue;
            };
            let vowel_initial = usize::from(parsed.onset == Onset::Silent);
            for (next_vowel_initial, rest) in best[end].clone().into_iter().enumerate() {
                let Some(rest) = rest else {
                    continue;
                };
                let onsetless =
                    next_vowel_initial == 1 && !matches!(parsed.coda, Coda::Open | Coda::Ng);
                let mut lengths = Vec::with_capacity(rest.lengths.len() + 1);
                lengths.push(end - start);
                lengths.extend_from_slice(&rest.lengths);
                let candidate = Segmentation {
                    unknown: rest.unknown + usize::from(!is_name_syllable_spelling(piece)),
                    onsetless: rest.onsetless + usize::from(onsetless),
                    penalty: rest.penalty + usize::from(parsed.penalty),
                    lengths,
                };
                let slot = &mut best[start][vowel_initial];
                if slot.as_ref().is_none_or(|b| candidate.better_than(b)) {
                    *slot = Some(candidate);
                }
            }
        }
    }
    let [a, b] = std::mem::take(&mut best[0]);
    let winner = match (a, b) {
        (Some(a), Some(b)) => {
            if b.better_than(&a) {
                b
            } else {
                a
            }
        }
        (a, b) => a.or(b)?,
    };
    let mut pieces = Vec::with_capacity(winner.lengths.len());
    let mut at = 0;
    for length in winner.lengths {
        pieces.push(s.get(at..at + length)?.to_owned());
        at += length;
    }
    Some(pieces)
}

/// The key of a surname row: its syllable keys, joined by `-` for a
/// two-syllable surname (`nam-kong`).
fn row_key(hangul_name: &str) -> Option<String> {
    let keys: Option<Vec<String>> = hangul_name.chars().map(canonical_key).collect();
    Some(keys?.join("-"))
}

/// Spelling → keys of the surname rows that list it.
fn surname_index() -> &'static HashMap<String, Vec<String>> {
    static INDEX: OnceLock<HashMap<String, Vec<String>>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index: HashMap<String, Vec<String>> = HashMap::new();
        let mut add = |spelling: &str, key: &str| {
            if let Some(folded) = prefold(spelling) {
                let keys = index.entry(folded).or_default();
                if !keys.iter().any(|k| k == key) {
                    keys.push(key.to_owned());
                }
            }
        };
        for entry in SURNAMES {
            let Some(key) = row_key(entry.hangul) else {
                continue;
            };
            for spelling in hangul::family_name_spellings(entry.hangul) {
                add(&spelling, &key);
            }
            for form in entry.dprk_hangul {
                for spelling in hangul::family_name_spellings(form) {
                    add(&spelling, &key);
                }
            }
            if let [c] = entry.hangul.chars().collect::<Vec<_>>()[..] {
                for spelling in syllable_spellings(c) {
                    add(&spelling, &key);
                }
            }
        }
        for compound in COMPOUND_SURNAMES {
            if let Some(key) = row_key(compound.hangul) {
                for spelling in hangul::family_name_spellings(compound.hangul) {
                    add(&spelling, &key);
                }
            }
        }
        index
    })
}

/// The key of a known surname spelling: every spelling the surname table
/// (document §2.2) lists for a surname, and every systematic spelling of it,
/// maps to the key [`hangul_syllable_keys`] gives its Hangul (Lee, Yi, Rhee, I,
/// Ri, Li → the key of 이 = 리; Park, Pak, Bak, Pack → 박). Two-syllable
/// surnames give their syllable keys joined by `-`. A spelling that several
/// surnames list (Che: 최, 채, 제; Bak: 박, 백) gets its own syllable key when that
/// is one of theirs, else the key of the first (most frequent) surname. `None`
/// for a token the table does not know.
fn surname_key_uncached(token: &str) -> Option<String> {
    let folded = prefold(token)?;
    let keys = surname_index().get(&folded)?;
    if let [only] = keys.as_slice() {
        return Some(only.clone());
    }
    match syllable_key(&folded) {
        Some(own) if keys.contains(&own) => Some(own),
        _ => keys.first().cloned(),
    }
}

/// True when the folded tokens look like one Korean name:
///
/// 1. every token segments into Korean syllables ([`segment`]);
/// 2. the name has 2 to 5 syllables in all;
/// 3. a known surname spelling ([`surname_key`]) is the first or the last token,
///    or starts a name written as one token (`Kimjongun`);
/// 4. no given-name token has more than 2 syllables (Korean given names have 1
///    or 2; `Maria` has 3);
/// 5. at most one given-name syllable is not a spelling of a name syllable of
///    the document's tables (§2.2, §3.2);
/// 6. every syllable is a spelling some source gives for some Hangul syllable
///    ([`is_attested_spelling`]): `John Chen` parses (a silent `h` closes
///    `john`), and `chen` is a listed spelling of 전, but no romanization
///    writes any syllable `john`.
///
/// Limits: rule 5 rejects a real name with two rare syllables, and a foreign
/// name made of Korean-looking syllables passes (`Li Na`, `Han Song`). `Jan de
/// Jong` parses (잔, 데, 정 are valid syllables) and is rejected only by rule 5:
/// `jan` and `de` are spellings of no name syllable. Treat `false` as "no
/// evidence", not as "not Korean".
pub fn is_plausibly_korean(tokens: &[String]) -> bool {
    if tokens.is_empty() || tokens.len() > 5 {
        return false;
    }
    let Some(segmented) = tokens
        .iter()
        .map(|t| segment(t))
        .collect::<Option<Vec<Vec<String>>>>()
    else {
        return false;
    };
    let total: usize = segmented.iter().map(Vec::len).sum();
    if !(2..=5).contains(&total) || !segmented.iter().flatten().all(|s| is_attested_spelling(s)) {
        return false;
    }
    let given: Vec<&[String]> = match segmented.as_slice() {
        [only] => {
            let compound = only.len() >= 3
                && surname_key(&only[..2].concat()).is_some_and(|k| k.contains('-'));
            let family_len = if compound { 2 } else { 1 };
            if !compound && surname_key(&only[0]).is_none() {
                return false;
            }
            vec![&only[family_len..]]
        }
        _ => {
            let last = tokens.len() - 1;
            let family = if surname_key(&tokens[0]).is_some() {
                0
            } else if surname_key(&tokens[last]).is_some() {
                last
            } else {
                return false;
            };
            segmented
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != family)
                .map(|(_, s)| s.as_slice())
                .collect()
        }
    };
    if given.iter().any(|g| g.is_empty() || g.len() > 2) {
        return false;
    }
    let unknown = given
        .iter()
        .flat_map(|g| g.iter())
        .filter(|s| !is_name_syllable_spelling(s))
        .count();
    unknown <= 1
}

/// The syllable keys of a Latin name, token by token (tokens from
/// [`tokens`](super::tokens), joined tokens segmented), or `None` when a token
/// is not Korean syllables.
pub fn latin_name_keys(name: &str) -> Option<Vec<String>> {
    let mut keys = Vec::new();
    for token in super::tokens(name) {
        for syllable in segment(&token)? {
            keys.push(syllable_key(&syllable)?);
        }
    }
    Some(keys)
}

/// The keys of each syllable of a Hangul name, in order; the first syllable of
/// the family and of the given name also carry their initial-sound-law keys.
/// `None` when the input is not a Hangul name.
pub fn hangul_name_keys(name: &str) -> Option<Vec<Vec<String>>> {
    let (family, given) = hangul::split_name(name)?;
    let mut out = Vec::new();
    for part in [family, given] {
        for (i, c) in part.chars().enumerate() {
            out.push(hangul_syllable_keys(c, i == 0));
        }
    }
    Some(out)
}

/// What a Latin spelling is attested as: the Hangul syllables (and two-syllable
/// surnames) that a romanization system or one of the document's tables spells
/// that way. A reading is a number: a Hangul syllable's code point, or
/// [`COMPOUND_READING_BASE`] plus the row of a two-syllable surname in
/// [`COMPOUND_SURNAMES`].
///
/// The sources are those [`syllable_spellings`] and
/// [`hangul::family_name_spellings`] draw on: the five systematic
/// romanizations of every one of the 11,172 syllables (RR, McCune-Reischauer
/// with and without marks, MR-ASCII, the DPRK system; word-initial and medial
/// forms), the surname table (document §2.2) and the given-name syllable table
/// (§3.2: passport and Western spellings, spellings seen in UN/OFAC DPRK
/// entries). A key ([`syllable_key`]) says two spellings *may* be one
/// syllable; a reading says a source writes that syllable so.
pub const COMPOUND_READING_BASE: u32 = 0x11_0000;

/// Spelling (prefolded) → its readings, sorted, and the same with their
/// initial-sound-law partners added (for the first syllable of a family or
/// given name, document §8.3); each for every source, and for a North
/// Korean listing's given names ([`hangul::dprk_listed_spellings`]).
struct Readings {
    ids: HashMap<String, u32>,
    /// Indexed by `[dprk as usize][law as usize]`, then by spelling number.
    lists: [[Vec<Vec<u32>>; 2]; 2],
}

fn readings_table() -> &'static Readings {
    static TABLE: OnceLock<Readings> = OnceLock::new();
    TABLE.get_or_init(|| {
        // Per spelling: its readings in every source, and in DPRK listings.
        let mut map: HashMap<String, [Vec<u32>; 2]> = HashMap::new();
        let mut add = |spelling: &str, reading: u32, dprk: bool| {
            if let Some(folded) = prefold(spelling) {
                let entry = map.entry(folded).or_default();
                entry[0].push(reading);
                if dprk {
                    entry[1].push(reading);
                }
            }
        };
        for c in (0..hangul::SYLLABLE_COUNT as u32).filter_map(|i| char::from_u32(0xAC00 + i)) {
            for spelling in syllable_spellings(c) {
                add(&spelling, c as u32, false);
            }
            for spelling in hangul::dprk_listed_spellings(c) {
                add(&spelling, c as u32, true);
            }
        }
        for entry in SURNAMES {
            for form in std::iter::once(entry.hangul).chain(entry.dprk_hangul.iter().copied()) {
                if let Some(reading) = hangul_reading(form) {
                    for spelling in hangul::family_name_spellings(form) {
                        add(&spelling, reading, false);
                    }
                }
            }
        }
        for compound in COMPOUND_SURNAMES {
            if let Some(reading) = hangul_reading(compound.hangul) {
                for spelling in hangul::family_name_spellings(compound.hangul) {
                    add(&spelling, reading, false);
                }
            }
        }
        let mut table = Readings {
            ids: HashMap::with_capacity(map.len()),
            lists: Default::default(),
        };
        for (spelling, sources) in map {
            table.ids.insert(spelling, table.ids.len() as u32);
            for (dprk, mut readings) in sources.into_iter().enumerate() {
                readings.sort_unstable();
                readings.dedup();
                let mut with_law = readings.clone();
                with_law.extend(readings.iter().flat_map(|&r| law_partners(r)));
                with_law.sort_unstable();
                with_law.dedup();
                table.lists[dprk][0].push(readings);
                table.lists[dprk][1].push(with_law);
            }
        }
        table
    })
}

/// The reading of a Hangul family name or syllable: one syllable, or a
/// two-syllable surname of [`COMPOUND_SURNAMES`]. `None` otherwise.
pub fn hangul_reading(hangul: &str) -> Option<u32> {
    let mut chars = hangul.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if super::is_hangul_syllable(c) => Some(c as u32),
        _ => COMPOUND_SURNAMES
            .iter()
            .position(|c| c.hangul == hangul)
            .map(|i| COMPOUND_READING_BASE + i as u32),
    }
}

/// The initial-sound-law partners of a reading (리 → 이, 니; none for a
/// two-syllable surname), at most two.
pub fn law_partners(reading: u32) -> impl Iterator<Item = u32> {
    char::from_u32(reading)
        .filter(|&c| super::is_hangul_syllable(c))
        .map(initial_sound_law_alternatives)
        .unwrap_or_default()
        .into_iter()
        .map(|c| c as u32)
}

/// The number of a spelling in the readings table, `None` for a spelling no
/// source gives for any syllable. Accepts folded or unfolded spellings.
pub fn spelling_id(spelling: &str) -> Option<u32> {
    let table = readings_table();
    match table.ids.get(spelling) {
        Some(&id) => Some(id),
        None => table.ids.get(&prefold(spelling)?).copied(),
    }
}

/// The readings of spelling number `id` ([`spelling_id`]), sorted; with
/// `law`, their initial-sound-law partners too; with `dprk`, only those a
/// North Korean listing's given name writes so
/// ([`hangul::dprk_listed_spellings`]). Empty for an unknown number.
pub fn readings(id: u32, law: bool, dprk: bool) -> &'static [u32] {
    let table = readings_table();
    table.lists[usize::from(dprk)][usize::from(law)]
        .get(id as usize)
        .map_or(&[], Vec::as_slice)
}

/// True when some source writes a syllable (or surname) this way: a
/// systematic romanization or a spelling of the document's tables.
pub fn is_attested_spelling(spelling: &str) -> bool {
    spelling_id(spelling).is_some()
}

// Screening asks for the same syllables over and over (a payroll repeats its
// names); each thread remembers the answers. The caches are cleared when they
// grow past `CACHE_LIMIT` entries, so memory stays bounded.
const CACHE_LIMIT: usize = 200_000;

fn cached<K, Q, V: Clone>(
    cache: &'static std::thread::LocalKey<std::cell::RefCell<std::collections::HashMap<K, V>>>,
    key: &Q,
    compute: impl FnOnce() -> V,
) -> V
where
    K: std::borrow::Borrow<Q> + std::hash::Hash + Eq,
    Q: std::hash::Hash + Eq + ToOwned<Owned = K> + ?Sized,
{
    // Looked up by reference: a hit allocates nothing but the answer.
    if let Some(v) = cache.with(|c| c.borrow().get(key).cloned()) {
        return v;
    }
    let v = compute();
    cache.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= CACHE_LIMIT {
            c.clear();
        }
        c.insert(key.to_owned(), v.clone());
    });
    v
}

thread_local! {
    static SYLLABLE_KEY_CACHE: std::cell::RefCell<std::collections::HashMap<String, Option<String>>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// See [`syllable_key_uncached`]; answers are remembered per thread.
pub fn syllable_key(spelling: &str) -> Option<String> {
    cached(&SYLLABLE_KEY_CACHE, spelling, || {
        syllable_key_uncached(spelling)
    })
}

thread_local! {
    static HANGUL_SYLLABLE_KEYS_CACHE: std::cell::RefCell<std::collections::HashMap<(char, bool), Vec<String>>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// See [`hangul_syllable_keys_uncached`]; answers are remembered per thread.
pub fn hangul_syllable_keys(c: char, word_initial: bool) -> Vec<String> {
    cached(&HANGUL_SYLLABLE_KEYS_CACHE, &(c, word_initial), || {
        hangul_syllable_keys_uncached(c, word_initial)
    })
}

thread_local! {
    static SEGMENT_CACHE: std::cell::RefCell<std::collections::HashMap<String, Option<Vec<String>>>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// See [`segment_uncached`]; answers are remembered per thread.
pub fn segment(token: &str) -> Option<Vec<String>> {
    cached(&SEGMENT_CACHE, token, || segment_uncached(token))
}

thread_local! {
    static SURNAME_KEY_CACHE: std::cell::RefCell<std::collections::HashMap<String, Option<String>>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// See [`surname_key_uncached`]; answers are remembered per thread.
pub fn surname_key(token: &str) -> Option<String> {
    cached(&SURNAME_KEY_CACHE, token, || surname_key_uncached(token))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::fold;
    use crate::normalize::hangul::{SYLLABLE_COUNT, systematic_spellings};

    fn all_syllables() -> impl Iterator<Item = char> {
        (0..SYLLABLE_COUNT as u32).filter_map(|i| char::from_u32(0xAC00 + i))
    }

    fn key_of_folded(spelling: &str) -> Option<String> {
        syllable_key(&fold(spelling))
    }

    #[test]
    fn systematic_spellings_share_one_key() {
        let mut disagreeing = Vec::new();
        for c in all_syllables() {
            let canonical = canonical_key(c);
            for spelling in systematic_spellings(c) {
                if canonical.is_none() || key_of_folded(&spelling) != canonical {
                    disagreeing.push(format!(
                        "{c} {spelling}: {:?} vs {canonical:?}",
                        key_of_folded(&spelling)
                    ));
                }
            }
        }
        assert!(
            disagreeing.is_empty(),
            "{} disagreements:\n{}",
            disagreeing.len(),
            disagreeing.join("\n")
        );
    }

    /// Hangul folded by [`fold`] arrives as the Unicode syllable name
    /// (deunicode, ISO/TR 11941 Method II): its key agrees except for syllables
    /// with final ㅎ (`noh` for 놓 reads as a silent h, as in Roh).
    #[test]
    fn unicode_names_share_the_key_except_final_hieuh() {
        let mut other = Vec::new();
        let mut hieuh = 0;
        for c in all_syllables() {
            let folded = fold(&c.to_string()).into_owned();
            if syllable_key(&folded) != canonical_key(c) {
                match hangul::decompose(c) {
                    Some((_, _, 27)) => hieuh += 1,
                    _ => other.push(format!("{c} {folded}")),
                }
            }
        }
        assert!(other.is_empty(), "{}", other.join("\n"));
        assert_eq!(hieuh, 399);
    }

    /// Listed passport spellings that leave their syllable's key on purpose:
    /// an English look-alike (Cook, Key, Feel, Van), a letter the classes keep
    /// apart (Kin for 김, Chin for 신, Gin for 진, Kwang for 강, Hyong for 홍), a
    /// vowel the classes keep apart (Hek, Chen, Joe, Doe, Oe, Oak, Wong, Kwan,
    /// Wun/Kwun for ㅝ, Hae for 혜, Jeung for 장, Kaing for 강, Seu for 서 ...),
    /// or no parse at all (Tsoi, Zhin, Jean, Yune, ...).
    #[test]
    fn passport_spellings_that_leave_their_key_are_the_listed_ones() {
        let mut leaving: Vec<String> = Vec::new();
        let mut total = 0;
        for c in all_syllables() {
            let Some(canonical) = canonical_key(c) else {
                continue;
            };
            let systematic = systematic_spellings(c);
            for spelling in syllable_spellings(c) {
                if systematic.contains(&spelling) {
                    continue;
                }
                total += 1;
                if key_of_folded(&spelling).as_ref() != Some(&canonical) {
                    leaving.push(format!("{c}:{spelling}"));
                }
            }
        }
        leaving.sort();
        let expected: Vec<&str> = EXPECTED_LEAVING.to_vec();
        let mut expected_sorted = expected.clone();
        expected_sorted.sort();
        assert_eq!(
            leaving,
            expected_sorted,
            "{} of {total} listed spellings leave their key",
            leaving.len()
        );
    }

    /// The 54 (of 416) listed non-systematic spellings whose key is not their
    /// syllable's canonical key, grouped by reason.
    const EXPECTED_LEAVING: &[&str] = &[
        // Another onset class: English look-alikes and pinyin-like forms.
        "국:cook",
        "김:kin",
        "신:chin",
        "진:gin",
        "강:kwang",
        "왕:whang",
        // Another vowel class: ㅐ/ㅏ (Back, Bak, Pack, Tack for 백 택), ㅔ for
        // ㅓ/ㅗ/ㅚ/ㅟ (Hek, Her, Chen, Che, Joe, Doe, Oe, We), ㅘ for ㅗ (Oak),
        // ㅝ against ㅜ/ㅘ (Woon, Wun, Kwun, Kwan, Wong), ㅐ for ㅖ (Hae), ㅡ
        // for ㅏ (Jeung), ㅕ for ㅗ (Hyong), ai for ㅏ (Kaing).
        "백:back",
        "백:bak",
        "백:pack",
        "택:tack",
        "혁:hek",
        "허:her",
        "전:chen",
        "최:che",
        "조:joe",
        "도:doe",
        "오:oe",
        "위:we",
        "옥:oak",
        "원:woon",
        "원:wun",
        "권:kwun",
        "권:kwan",
        "왕:wong",
        "혜:hae",
        "장:jeung",
        "홍:hyong",
        "강:kaing",
        // Another coda: Bac (read as the Unicode-name final c = t), You for 윤,
        // Whoan for 황.
        "박:bac",
        "윤:you",
        "황:whoan",
        // No parse as one Korean syllable (surname_key still knows them).
        "계:kay",
        "기:key",
        "두:dow",
        "량:yaung",
        "양:yaung",
        "리:rey",
        "이:rey",
        "반:van",
        "배:bay",
        "배:bea",
        "세:sea",
        "오:au",
        "오:ohh",
        "원:wone",
        "윤:yune",
        "진:jean",
        "진:zhin",
        "최:chey",
        "최:tsoi",
        "표:pio",
        "표:puo",
        "필:feel",
        "혜:hey",
    ];

    #[test]
    fn keys_fold_the_documented_classes() {
        let same = |a: &str, b: &str| {
            assert_eq!(syllable_key(a), syllable_key(b), "{a} vs {b}");
            assert!(syllable_key(a).is_some(), "{a}");
        };
        for (a, b) in [
            ("jeong", "chung"),
            ("jeong", "cho'ng"),
            ("jong", "joung"),
            ("cheol", "chʼŏl"),
            ("chul", "chol"),
            ("kim", "gim"),
            ("pak", "park"),
            ("bak", "pack"),
            ("lee", "yi"),
            ("rhee", "i"),
            ("ri", "li"),
            ("ryong", "yong"),
            ("young", "yeong"),
            ("choi", "choe"),
            ("chwe", "choy"),
            ("hee", "hui"),
            ("eui", "ui"),
            ("kwak", "kwack"),
            ("kwag", "gwak"),
            ("shin", "sin"),
            ("thae", "tae"),
            ("phil", "pil"),
            ("kyung", "kyeong"),
            ("byung", "pyo'ng"),
            ("woo", "u"),
            ("whang", "hwang"),
            ("ahn", "an"),
            ("roh", "no"),
            ("hur", "heo"),
            ("jae", "je"),
            ("dai", "dae"),
        ] {
            same(a, b);
        }
        assert_ne!(syllable_key("eun"), syllable_key("nam"));
        assert_ne!(syllable_key("won"), syllable_key("un"));
        assert_eq!(syllable_key("jeong").as_deref(), Some("cong"));
        for not_korean in ["", "x", "smith", "nguyen", "q", "v", "kimjongun"] {
            assert_eq!(syllable_key(not_korean), None, "{not_korean}");
        }
        // Unicode-name finals (deunicode's `manh` for 많) are accepted in a
        // one-syllable token, never inside a joined word.
        assert_eq!(syllable_key("thanh"), syllable_key("tan"));
        assert_eq!(segment("thanh"), None);
    }

    #[test]
    fn segmentation_of_joined_names() {
        let seg = |s: &str| segment(s).map(|v| v.join("+"));
        for (token, expected) in [
            ("jongun", "jong+un"),
            ("kimjongun", "kim+jong+un"),
            ("jong", "jong"),
            ("hyonchol", "hyon+chol"),
            ("yongwon", "yong+won"),
            ("sunam", "su+nam"),
            ("seun", "se+un"),
            ("mingu", "min+gu"),
            ("jeongeun", "jeong+eun"),
            ("eun", "eun"),
            ("choe", "choe"),
            ("parkjinhyok", "park+jin+hyok"),
            ("namgung", "nam+gung"),
            ("hwangbo", "hwang+bo"),
            ("gildong", "gil+dong"),
            ("boknam", "bok+nam"),
            ("kimilsung", "kim+il+sung"),
            // DPRK given names of §4, written joined
            ("suyong", "su+yong"),
            ("ryonghae", "ryong+hae"),
            ("yojong", "yo+jong"),
            ("yongchol", "yong+chol"),
            ("hojin", "ho+jin"),
            ("kyongsu", "kyong+su"),
            ("myongho", "myong+ho"),
            ("chunsik", "chun+sik"),
            ("myongguk", "myong+guk"),
            ("munkil", "mun+kil"),
            ("cholsam", "chol+sam"),
            ("songhyok", "song+hyok"),
            ("bongnam", "bong+nam"),
            ("unsong", "un+song"),
            ("byongchol", "byong+chol"),
            ("jangsu", "jang+su"),
            ("jinhyok", "jin+hyok"),
            ("pyongchol", "pyong+chol"),
            ("kyongthaek", "kyong+thaek"),
            ("changho", "chang+ho"),
            ("sangman", "sang+man"),
            ("hungryong", "hung+ryong"),
            ("huibong", "hui+bong"),
            ("thaechol", "thae+chol"),
            ("philhun", "phil+hun"),
            ("hyonu", "hyon+u"),
            ("songil", "song+il"),
            ("yongil", "yong+il"),
            ("jongwon", "jong+won"),
            ("leeminho", "lee+min+ho"),
            ("jihoo", "ji+hoo"),
            ("mina", "mi+na"),
            ("parkjisung", "park+ji+sung"),
            ("kimilsung", "kim+il+sung"),
            // Maximal onset also reads a joined full name (documented limit).
            ("kimyongchol", "ki+myong+chol"),
        ] {
            assert_eq!(seg(token).as_deref(), Some(expected), "{token}");
        }
        for not_korean in ["", "nguyen", "smith", "thanh", "xyz", "a1", "jan-de"] {
            assert_eq!(segment(not_korean), None, "{not_korean}");
        }
        assert_eq!(segment(&"a".repeat(MAX_TOKEN_LEN + 1)), None);
    }

    #[test]
    fn every_surname_table_spelling_agrees_with_its_hangul() {
        let mut failures = Vec::new();
        for entry in SURNAMES {
            let expected = row_key(entry.hangul);
            let chars: Vec<char> = entry.hangul.chars().collect();
            for spelling in entry.spellings {
                let got = surname_key(spelling);
                let ok = match chars.as_slice() {
                    [c] => got
                        .as_ref()
                        .is_some_and(|k| hangul_syllable_keys(*c, true).contains(k)),
                    _ => got == expected,
                };
                if !ok {
                    failures.push(format!("{} {spelling}: {got:?}", entry.hangul));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        // One key per surname, whatever the spelling.
        for group in [
            &["lee", "yi", "rhee", "i", "ri", "li", "rhie", "rey"][..],
            &["park", "pak", "bak", "pack"],
            &["choi", "choe", "chey", "choy", "tsoi"],
            &["jung", "jeong", "chung", "chong", "jong", "joung"],
            &["kang", "gang", "kwang"],
            &["cho", "jo"],
            &["yoon", "yun"],
            &["lim", "im", "rim"],
            &["ryu", "yoo", "yu", "rhyu"],
            &["roh", "noh", "ro", "no"],
            &["kim", "gim", "kin"],
            &["an", "ahn"],
            &["oh", "o"],
            &["shin", "sin", "sheen", "seen"],
            &["namgung", "namkoong"],
        ] {
            let keys: HashSet<Option<String>> = group.iter().map(|s| surname_key(s)).collect();
            assert_eq!(keys.len(), 1, "{group:?}: {keys:?}");
            assert!(!keys.contains(&None), "{group:?}");
        }
        assert_eq!(surname_key("lee"), canonical_key('이'));
        assert_eq!(surname_key("ri"), canonical_key('리'));
        assert_eq!(surname_key("smith"), None);
        assert_eq!(surname_key("jan"), None);
    }

    #[test]
    fn readings_say_which_syllables_a_spelling_is() {
        let of = |spelling: &str, law: bool| {
            readings(spelling_id(spelling).expect(spelling), law, false)
        };
        // Systematic (MR, DPRK) and listed (passport) spellings of 정.
        for s in ["jeong", "jong", "chong", "cho'ng", "jung", "chung"] {
            assert!(of(s, false).contains(&('정' as u32)), "{s}");
        }
        assert!(!of("eun", false).contains(&('운' as u32)));
        // "ryong" is 룡 and 령, and 영 only through the initial-sound law.
        assert!(!of("ryong", false).contains(&('영' as u32)));
        assert!(of("ryong", true).contains(&('영' as u32)));
        // Family names: a surname-table spelling, a compound surname.
        assert!(of("rhee", false).contains(&('이' as u32)));
        let namgung = hangul_reading("남궁").expect("compound");
        assert!(of("namgung", false).contains(&namgung));
        // A North Korean listing writes 수 Su and 서 So; Su is 서 only in
        // passports.
        let dprk = |spelling: &str| readings(spelling_id(spelling).expect(spelling), false, true);
        assert!(of("su", false).contains(&('서' as u32)));
        assert!(!dprk("su").contains(&('서' as u32)));
        assert!(dprk("su").contains(&('수' as u32)));
        assert!(dprk("so").contains(&('서' as u32)));
        assert!(dprk("young").contains(&('영' as u32)));
        assert_eq!(spelling_id("john"), None);
        assert_eq!(spelling_id("smith"), None);
    }

    #[test]
    fn plausibly_korean_names() {
        let plausible = |s: &str| is_plausibly_korean(&crate::normalize::tokens(s));
        for name in [
            "Kim Jong Un",
            "Ri Pyong Chol",
            "Choe Ryong Hae",
            "Kimjongun",
            "Kim Jeong-eun",
            "KIM, Yo'-cho'ng",
            "PARK Jin Hyok",
            "Lee Byung Chul",
            "Chang-Su Han",
            "Namgung Minsu",
            "Kim Sol Song",
        ] {
            assert!(plausible(name), "{name}");
        }
        for name in [
            "Jan de Jong",
            "Kim Thanh Nguyen",
            "Maria Chen",
            "John Smith",
            "Kim",
            "",
            "Kim Jong Un Kim Jong Un",
            // Parses, but no source spells any syllable "john".
            "John Chen",
        ] {
            assert!(!plausible(name), "{name}");
        }
    }

    fn meet(hangul: &str, latin: &str) -> bool {
        let (Some(h), Some(l)) = (hangul_name_keys(hangul), latin_name_keys(latin)) else {
            return false;
        };
        h.len() == l.len() && h.iter().zip(&l).all(|(keys, key)| keys.contains(key))
    }

    #[test]
    fn hangul_and_latin_names_meet() {
        for latin in [
            "KIM Jong Un",
            "Kim Jeong-eun",
            "Gim Jeong Eun",
            "Kim Cho'ng-un",
            "kim chong un",
            "Kimjongun",
            "Kim Chŏng-ŭn",
        ] {
            assert!(meet("김정은", latin), "김정은 vs {latin}");
        }
        for latin in ["RI Pyong Chol", "Lee Byung Chul", "Yi Pyŏng-ch'ŏl"] {
            assert!(meet("리병철", latin), "리병철 vs {latin}");
        }
        assert!(meet("최룡해", "Choe Yong Hae"));
        assert!(meet("최용해", "CHOE Ryong Hae"));
        assert!(!meet("김정은", "Kim Jong Nam"));
        assert!(!meet("김정은", "Kim Jong"));
    }

    #[test]
    fn hangul_syllable_keys_put_the_canonical_key_first() {
        assert_eq!(hangul_syllable_keys('정', false)[0], "cong");
        assert_eq!(
            hangul_syllable_keys('리', true),
            hangul_syllable_keys('리', true)
        );
        assert!(hangul_syllable_keys('이', true).contains(&"i".to_owned()));
        assert!(hangul_syllable_keys('a', true).is_empty());
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn nothing_panics_on_arbitrary_strings(s in "\\PC{0,40}") {
                let _ = syllable_key(&s);
                let _ = segment(&s);
                let _ = surname_key(&s);
                let _ = latin_name_keys(&s);
                let _ = hangul_name_keys(&s);
                let _ = is_plausibly_korean(std::slice::from_ref(&s));
            }

            #[test]
            fn segments_parse_back_to_keys(s in "[a-z]{1,20}") {
                if let Some(pieces) = segment(&s) {
                    prop_assert_eq!(pieces.concat(), s.clone());
                    for piece in pieces {
                        prop_assert!(syllable_key(&piece).is_some(), "{}", piece);
                    }
                }
            }
        }
    }
}
