//! Spelling keys: one canonical form for the romanizations of one name part.
//!
//! The same person is listed and paid under spellings that differ by the
//! romanization used, not by a typo: `Mohammed` / `Muhammad`, `Husayn` /
//! `Hussein`, `bin` / `ibn` / `ben`, `Aleksandr` / `Alexander`, `Yuriy` /
//! `Yuri`, `Tse-tung` (Wade-Giles) / `Zedong` (pinyin). Edit distance sees
//! those as two or three edits in a short word, too far to alert. Each token,
//! listed or queried, gets a spelling key ([`spelling_key`]); two tokens with
//! the same key are the same name part spelt two ways, and the scorer gives
//! them a little less than an exact match.
//!
//! The key is, in order:
//! 1. the group's canonical spelling, for a token of [`NAME_PART_GROUPS`]
//!    (Arabic and Persian name parts, Russian and Ukrainian given names, the
//!    Arabic-script spellings folded as [`super::fold`] folds them);
//! 2. else the pinyin syllable of a Wade-Giles syllable that is not itself a
//!    pinyin syllable ([`wade_giles_to_pinyin`]);
//! 3. else the token with the variant letters of Russian romanizations made
//!    one ([`romanization_key`]).
//!
//! Tokens of no group, whose rules change nothing, have their own spelling
//! as key: equal keys then mean equal tokens.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Spellings of one name part, canonical spelling first. Sources: the
/// romanizations in the Library of Congress ALA-LC tables (Arabic, Persian,
/// Russian, Ukrainian), BGN/PCGN (Russian, Ukrainian) and GOST 7.79 for the
/// Cyrillic names, and the spellings the OFAC SDN and UN lists themselves
/// give as aliases of one person (e.g. UN QDi.402 `Hamza Usama Muhammad Bin
/// Ladin`, OFAC `BIN LADIN, Usama bin Muhammad bin Awad` with `BIN LADEN,
/// Osama` among its a.k.a.s). Arabic-script entries are written as the lists
/// write them and folded when the table is first used.
pub const NAME_PART_GROUPS: &[&[&str]] = &[
    // Arabic and Persian name parts.
    &[
        "muhammad", "mohammed", "mohammad", "mohamed", "mohamad", "muhammed", "muhamad", "mohamud",
        "mohd", "mhd", "محمد",
    ],
    &[
        "husayn", "hussein", "husein", "hussain", "husain", "hosein", "hossein", "houssein",
        "hussayn", "husseyn", "hossain", "حسين",
    ],
    &["hasan", "hassan", "hasen", "hassen", "حسن"],
    &["mahmud", "mahmoud", "mahmood", "mehmood", "محمود"],
    &["ahmad", "ahmed", "ahmet", "akhmed", "احمد", "أحمد"],
    &["ali", "aly", "alee", "علي"],
    &["bin", "ibn", "ben", "bn", "ibin", "بن", "ابن"],
    &["bint", "binte", "bent", "بنت"],
    &[
        "abdul", "abdel", "abdal", "abd", "abdoul", "abdool", "abdu", "عبد",
    ],
    &[
        "abdullah",
        "abdallah",
        "abdulla",
        "abdalla",
        "abdellah",
        "عبدالله",
        "عبد الله",
    ],
    &["abu", "abou", "abo", "ابو", "أبو"],
    &["al", "el", "ul", "ال"],
    &["usama", "osama", "oussama", "ousama", "أسامة", "اسامة"],
    &["ladin", "laden", "لادن"],
    &["umar", "omar", "omer", "عمر"],
    &["uthman", "othman", "osman", "usman", "ousmane", "عثمان"],
    &[
        "yusuf", "yousef", "youssef", "yousif", "yusef", "yousuf", "yussuf", "يوسف",
    ],
    &["musa", "moussa", "mousa", "moosa", "موسى"],
    &["khalid", "khaled", "halid", "خالد"],
    &[
        "qasim", "qassim", "kassem", "qassem", "kasim", "qasem", "قاسم",
    ],
    &["rashid", "rasheed", "rachid", "rashed", "راشد", "رشيد"],
    &["said", "saeed", "saeid", "saied", "سعيد"],
    &["hamid", "hamed", "حامد"],
    &["jamal", "gamal", "djamal", "جمال"],
    &["mustafa", "mostafa", "moustafa", "mustapha", "مصطفى"],
    &["faisal", "faysal", "feisal", "faycal", "فيصل"],
    &[
        "ibrahim",
        "ebrahim",
        "ibraheem",
        "brahim",
        "إبراهيم",
        "ابراهيم",
    ],
    &["ismail", "ismael", "esmail", "إسماعيل", "اسماعيل"],
    &["yahya", "yahia", "yehia", "يحيى"],
    &["saddam", "صدام"],
    &["awad", "awadh", "عوض"],
    &["hamza", "hamzah", "hamze", "حمزة"],
    &[
        "abdulrahman",
        "abdurrahman",
        "abdelrahman",
        "abdalrahman",
        "abderrahmane",
        "عبدالرحمن",
    ],
    &["abdulaziz", "abdelaziz", "abdalaziz", "عبدالعزيز"],
    &["nasrallah", "nasrullah", "نصرالله", "نصر الله"],
    &["zawahiri", "zawahri", "ظواهري"],
    &["baghdadi", "بغدادي"],
    // Russian and Ukrainian given names (BGN/PCGN, GOST 7.79 and the
    // English, French and German spellings the lists give).
    &[
        "aleksandr",
        "alexander",
        "aleksander",
        "alexandr",
        "oleksandr",
        "alexandre",
        "александр",
        "олександр",
    ],
    &[
        "aleksei",
        "alexei",
        "aleksey",
        "alexey",
        "alexeï",
        "oleksiy",
        "oleksii",
        "алексей",
    ],
    &[
        "sergei",
        "sergey",
        "serguei",
        "sergej",
        "serhiy",
        "serhii",
        "сергей",
        "сергій",
    ],
    &[
        "yuri", "yury", "yuriy", "yurii", "iurii", "jurij", "yuriv", "юрий", "юрій",
    ],
    &[
        "dmitri",
        "dmitry",
        "dmitriy",
        "dmitrii",
        "dmitrij",
        "dmytro",
        "дмитрий",
        "дмитро",
    ],
    &[
        "andrei",
        "andrey",
        "andrej",
        "andriy",
        "andrii",
        "андрей",
        "андрій",
    ],
    &[
        "yevgeni",
        "evgeny",
        "evgeni",
        "yevgeny",
        "evgenii",
        "yevgeniy",
        "evgenij",
        "евгений",
    ],
    &[
        "mikhail",
        "mihail",
        "michail",
        "mykhailo",
        "михаил",
        "михайло",
    ],
    &[
        "nikolai",
        "nikolay",
        "nicolai",
        "mykola",
        "николай",
        "микола",
    ],
    &["vladimir", "wladimir", "volodymyr", "владимир", "володимир"],
    &["viktor", "victor", "віктор", "виктор"],
    &["pyotr", "petr", "piotr", "petro", "пётр", "петр", "петро"],
    &["fyodor", "fedor", "feodor", "fedir", "фёдор", "федор"],
    &["grigori", "grigory", "grigoriy", "hryhoriy", "григорий"],
    &["maksim", "maxim", "maksym", "максим"],
    &["ilya", "ilia", "ilja", "illia", "илья"],
    &["yelena", "elena", "olena", "helena", "елена", "олена"],
];

/// The canonical spelling of a token of [`NAME_PART_GROUPS`], by folded
/// spelling.
fn groups() -> &'static HashMap<String, &'static str> {
    static GROUPS: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    GROUPS.get_or_init(|| {
        let mut map = HashMap::new();
        for group in NAME_PART_GROUPS {
            for spelling in *group {
                // An Arabic-script entry of two words ("عبد الله") is the
                // joined token too.
                let folded = super::fold(spelling).replace(' ', "");
                map.entry(folded).or_insert(group[0]);
            }
        }
        map
    })
}

/// True when the token is a spelling of a [`NAME_PART_GROUPS`] group.
pub fn in_table(token: &str) -> bool {
    groups().contains_key(token)
}

/// The spelling key of a folded token (see the module docs).
pub fn spelling_key(token: &str) -> String {
    if let Some(canonical) = groups().get(token) {
        return (*canonical).to_string();
    }
    if let Some(pinyin) = wade_giles_to_pinyin(token).or_else(|| joined_wade_giles(token)) {
        return pinyin;
    }
    romanization_key(token)
}

/// [`super::korean_latin::is_plausibly_korean`] of the name's folded words.
fn reads_as_korean(name: &str) -> bool {
    let words: Vec<String> = super::fold(name).split(' ').map(str::to_string).collect();
    words.len() <= 5 && super::korean_latin::is_plausibly_korean(&words)
}

/// A Chinese syllable: pinyin, or Wade-Giles that converts to pinyin.
fn chinese_syllable(s: &str) -> Option<(String, bool)> {
    if is_pinyin(s) {
        Some((s.to_string(), false))
    } else {
        wade_giles_to_pinyin(s).map(|p| (p, true))
    }
}

/// The pinyin of two joined Chinese syllables of which at least one is
/// Wade-Giles (`tsetung` -> `zedong`, as [`join_wade_giles_hyphens`] writes
/// `Tse-tung`); `None` for anything else.
fn joined_wade_giles(token: &str) -> Option<String> {
    if token.len() > 12 || !token.is_ascii() {
        return None;
    }
    (2..token.len().saturating_sub(1)).find_map(|cut| {
        let (a, b) = token.split_at(cut);
        let (pa, wa) = chinese_syllable(a)?;
        let (pb, wb) = chinese_syllable(b)?;
        (wa || wb).then(|| format!("{pa}{pb}"))
    })
}

/// A name with its hyphenated Wade-Giles given names joined (`Mao Tse-tung`
/// -> `Mao Tsetung`), as pinyin writes a given name of two syllables
/// (`Zedong`): both parts Chinese syllables, at least one of them
/// Wade-Giles. A name that reads as Korean is left alone (`Ri Yong-ho`: its
/// syllables are read by the Korean keys).
pub fn join_wade_giles_hyphens(name: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    if !name.contains('-') || !name.is_ascii() {
        return Cow::Borrowed(name);
    }
    let bytes = name.as_bytes();
    let mut joins = Vec::new();
    for (at, _) in name.match_indices('-') {
        let start = name[..at]
            .rfind(|c: char| !c.is_ascii_alphabetic() && c != '\'')
            .map_or(0, |p| p + 1);
        let end = name[at + 1..]
            .find(|c: char| !c.is_ascii_alphabetic() && c != '\'')
            .map_or(name.len(), |p| at + 1 + p);
        let clean = |s: &str| s.to_ascii_lowercase().replace('\'', "");
        let (a, b) = (clean(&name[start..at]), clean(&name[at + 1..end]));
        if let (Some((_, wa)), Some((_, wb))) = (chinese_syllable(&a), chinese_syllable(&b))
            && (wa || wb)
            && bytes.get(at + 1).is_some_and(u8::is_ascii_alphabetic)
        {
            joins.push(at);
        }
    }
    if joins.is_empty() || reads_as_korean(name) {
        return Cow::Borrowed(name);
    }
    let mut out = String::with_capacity(name.len());
    for (i, c) in name.char_indices() {
        if !joins.contains(&i) {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The variant letters of Russian and Ukrainian romanizations made one:
/// `kh` -> `h` after the first letter (Mikhail /
/// Mihail, Zakharov / Zaharov), a final
/// `iy`/`ii`/`yi`/`ij`/`y` after a consonant -> `i` (Yuriy / Yurii / Yury,
/// Aly), final `ey`/`ay`/`oy` -> `ei`/`ai`/`oi` (Sergey, Nikolay), initial
/// `iu`/`ju` -> `yu` and `ia`/`ja` -> `ya` before a consonant (GOST and
/// German spellings: Iurii, Jakov), initial
/// `ye` -> `e` (Yevgeny / Evgeny), final
/// `der`/`ter` -> `dr`/`tr` (Alexander / Aleksandr, Peter / Petr), and a
/// doubled letter written once. ASCII only; anything else is left as it is.
pub fn romanization_key(token: &str) -> String {
    if !token.bytes().all(|b| b.is_ascii_lowercase()) || token.len() < 3 {
        return token.to_string();
    }
    let mut t = token.to_string();
    // Not at the start: Khan is not Han.
    if let Some(at) = t[1..].find("kh") {
        t.replace_range(at + 1..at + 3, "h");
    }
    for (from, to) in [("iu", "yu"), ("ju", "yu"), ("ia", "ya"), ("ja", "ya")] {
        // Before a consonant only: Juan is not Yuan.
        if let Some(rest) = t.strip_prefix(from)
            && rest.bytes().next().is_some_and(|c| !is_vowel(c))
        {
            t = format!("{to}{rest}");
        }
    }
    if let Some(rest) = t.strip_prefix("ye") {
        t = format!("e{rest}");
    }
    for (from, to) in [
        ("iy", "i"),
        ("ii", "i"),
        ("yi", "i"),
        ("ij", "i"),
        ("ey", "ei"),
        ("ay", "ai"),
        ("oy", "oi"),
        ("der", "dr"),
        ("ter", "tr"),
    ] {
        if let Some(stem) = t.strip_suffix(from) {
            t = format!("{stem}{to}");
            break;
        }
    }
    if t.len() > 2 && t.ends_with('y') && !is_vowel(t.as_bytes()[t.len() - 2]) {
        t.pop();
        t.push('i');
    }
    let mut out = String::with_capacity(t.len());
    for c in t.chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// The pinyin of a Wade-Giles syllable (apostrophes already dropped, as
/// [`super::fold`] drops them) that is not itself a pinyin syllable:
/// `tse` -> `ze`, `tung` -> `dong`, `hsiao` -> `xiao`, `chih` -> `zhi`.
/// A syllable that is also pinyin (`mao`, `ping`, `chang`) is left alone:
/// without its apostrophe a Wade-Giles syllable is read unaspirated, and a
/// spelling valid in both systems cannot be told apart.
///
/// The conversions are those of the Library of Congress Pinyin Conversion
/// Project's Wade-Giles to pinyin table (2000): initials `hs` -> `x`, `ch`
/// -> `j` before i/ü and `zh` otherwise, `ts`/`tz` -> `z`, `j` -> `r`, `k`
/// -> `g`, `p` -> `b`, `t` -> `d`; finals `ung` -> `ong`, `ieh` -> `ie`,
/// `ien` -> `ian`, `ih` -> `i`, `ueh` -> `ue`, `erh` -> `er`, `o` -> `e`
/// after g/k/h, `ssu`/`szu` -> `si`, `tzu`/`tsu` -> `zi`. The result must
/// be a Mandarin reading of some character in Unihan ([`is_pinyin`]).
pub fn wade_giles_to_pinyin(token: &str) -> Option<String> {
    if token.len() > 6 || !token.bytes().all(|b| b.is_ascii_lowercase()) || is_pinyin(token) {
        return None;
    }
    let special = match token {
        "ssu" | "szu" => Some("si"),
        "tzu" | "tsu" => Some("zi"),
        "erh" => Some("er"),
        _ => None,
    };
    if let Some(s) = special {
        return Some(s.to_string());
    }
    let (initial, final_) = split_wade_giles(token);
    let initial = match initial {
        "hs" => "x",
        "ch" if final_.starts_with('i') && final_ != "ih" || final_.starts_with("ue") => "j",
        "ch" => "zh",
        "ts" | "tz" => "z",
        "j" => "r",
        "k" => "g",
        "p" => "b",
        "t" => "d",
        other => other,
    };
    let mut f = final_.to_string();
    for (from, to) in [
        ("iung", "iong"),
        ("ung", "ong"),
        ("ieh", "ie"),
        ("ien", "ian"),
        ("ueh", "ue"),
        ("ih", "i"),
    ] {
        if let Some(stem) = f.strip_suffix(from) {
            f = format!("{stem}{to}");
            break;
        }
    }
    if f == "o" && matches!(initial, "g" | "k" | "h" | "") {
        f = "e".to_string();
    }
    let pinyin = format!("{initial}{f}");
    (pinyin != token && is_pinyin(&pinyin)).then_some(pinyin)
}

/// A Wade-Giles syllable's initial (the longest that fits) and final.
fn split_wade_giles(token: &str) -> (&str, &str) {
    for initial in [
        "hs", "ch", "ts", "tz", "sh", "b", "p", "m", "f", "t", "n", "l", "k", "h", "j", "s", "y",
        "w",
    ] {
        if let Some(rest) = token.strip_prefix(initial) {
            return (initial, rest);
        }
    }
    ("", token)
}

/// True for a toneless Mandarin reading of some character in Unihan
/// ([`super::scripts::mandarin`]'s data).
pub fn is_pinyin(syllable: &str) -> bool {
    super::scripts::pinyin_syllables().contains(syllable)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Spellings a person reads as one name part share a key.
    #[test]
    fn variant_spellings_share_a_key() {
        let cases: &[(&str, &str)] = &[
            ("mohammed", "muhammad"),
            ("mohamed", "muhammad"),
            ("husayn", "hussein"),
            ("hosein", "hussein"),
            ("abdul", "abdel"),
            ("abd", "abdul"),
            ("bin", "ibn"),
            ("ben", "bin"),
            ("aleksandr", "alexander"),
            ("aly", "ali"),
            ("yuriy", "yuri"),
            ("yurii", "yury"),
            ("iurii", "yuri"),
            ("tse", "ze"),
            ("tung", "dong"),
            ("hsiao", "xiao"),
            ("chih", "zhi"),
            ("tsetung", "zedong"),
            ("sergey", "sergei"),
            ("mikhail", "mihail"),
            ("zakharov", "zaharov"),
            ("yevtushenko", "evtushenko"),
            ("nikolay", "nikolai"),
            ("dostoevskiy", "dostoevskii"),
        ];
        for (a, b) in cases {
            assert_eq!(spelling_key(a), spelling_key(b), "{a} / {b}");
        }
    }

    #[test]
    fn arabic_script_name_parts_reach_their_group() {
        let cases = [("محمد", "muhammad"), ("حسين", "husayn"), ("بن", "bin")];
        for (arabic, latin) in cases {
            let folded = crate::normalize::fold(arabic).into_owned();
            assert_eq!(spelling_key(&folded), latin, "{arabic} ({folded})");
        }
    }

    #[test]
    fn different_name_parts_keep_different_keys() {
        let cases = [
            ("hassan", "hussein"),
            ("mahmoud", "muhammad"),
            ("ali", "al"),
            ("kim", "jong"),
            ("mao", "ma"),
        ];
        for (a, b) in cases {
            assert_ne!(spelling_key(a), spelling_key(b), "{a} / {b}");
        }
    }

    #[test]
    fn hyphenated_wade_giles_given_names_are_joined() {
        assert_eq!(join_wade_giles_hyphens("Mao Tse-tung"), "Mao Tsetung");
        assert_eq!(
            join_wade_giles_hyphens("Chiang Ching-kuo"),
            "Chiang Chingkuo"
        );
        // Korean names and other hyphens stay.
        assert_eq!(join_wade_giles_hyphens("Ri Yong-ho"), "Ri Yong-ho");
        assert_eq!(join_wade_giles_hyphens("KIM Jong-un"), "KIM Jong-un");
        assert_eq!(join_wade_giles_hyphens("Jean-Claude"), "Jean-Claude");
    }

    #[test]
    fn pinyin_and_unknown_tokens_keep_their_spelling() {
        for t in ["mao", "zedong", "ping", "chang", "kim", "un", "smith"] {
            assert_eq!(spelling_key(t), t);
        }
    }
}
