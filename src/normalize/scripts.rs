//! Names written in Arabic, Cyrillic, Japanese kana and Chinese characters,
//! brought to the Latin letters the lists spell them in.
//!
//! `deunicode`, which [`super::fold`] uses for every other script, dumps a
//! letter-by-letter ASCII look-alike: Arabic loses its article and writes
//! consonant clusters no romanization writes, kana comes out as syllables no
//! Korean or Japanese name is listed under, and Chinese characters become
//! pinyin syllables that then look identical to any other character with the
//! same reading. Here:
//!
//! - **Arabic script** (Arabic and the Persian letters) is romanized letter by
//!   letter after ALA-LC's consonant values, the long vowels ا و ي written
//!   `a u i` and ʿayn as `a`, the article ال split off as `al`. Short vowels are unwritten, so
//!   the result (`أسامة بن لادن` -> `asama bn ladn`) meets the lists' spellings
//!   through the name-part table ([`super::name_parts`]) and the consonant
//!   skeleton ([`super::phonetic`]), not letter for letter.
//! - **Cyrillic** follows BGN/PCGN for Russian (`е` is `ye` at the start of a
//!   word and after a vowel, `х` `kh`, `ц` `ts`, `щ` `shch`), with Ukrainian's
//!   `і ї є ґ`, Belarusian `ў` and the Serbian and Macedonian letters; the
//!   other romanizations (GOST 7.79, French and German spellings) meet it
//!   through the spelling keys.
//! - **Kana** (katakana and hiragana) is romanized after Hepburn, with the
//!   conventions Japanese uses to write Korean names: a word-final `ム ル ク
//!   プ` is a syllable's final consonant (`キム` -> `kim`, `チョル` -> `chol`)
//!   and `ン` before a vowel ends a syllable (`ジョンウン` -> `jon un`).
//! - **Chinese characters** are kept as they are: two different characters
//!   that share a reading are not the same name. A name of two to four
//!   characters is written as a family name and a given name (`毛泽东` ->
//!   `毛 泽东`), as pinyin orthography writes them (`Mao Zedong`). Their
//!   Mandarin reading ([`han_reading`], Unihan's kMandarin) and Korean reading
//!   ([`hangul_reading`], Unihan's kHangul) are keys beside them.
//!
//! The readings come from Unicode's own Unihan database
//! (`data/unihan_readings.tsv`, made by `scripts/make-unihan-readings.py`):
//! the `pinyin` crate packages pinyin-data (Unihan merged with other
//! dictionaries, Mandarin only) and the `hanja` crate libhangul's dictionary
//! on an unmaintained `phf` 0.7; Unihan itself has both readings and is the
//! source both of those build on.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Unihan's readings: character, first kMandarin reading (toneless), kHangul
/// readings.
const UNIHAN_READINGS: &str = include_str!("data/unihan_readings.tsv");

struct Readings {
    mandarin: HashMap<char, &'static str>,
    hangul: HashMap<char, &'static str>,
    syllables: HashSet<&'static str>,
}

fn readings() -> &'static Readings {
    static READINGS: OnceLock<Readings> = OnceLock::new();
    READINGS.get_or_init(|| {
        let mut r = Readings {
            mandarin: HashMap::new(),
            hangul: HashMap::new(),
            syllables: HashSet::new(),
        };
        for line in UNIHAN_READINGS.lines().filter(|l| !l.starts_with('#')) {
            let mut fields = line.split('\t');
            let (Some(c), Some(mandarin), Some(hangul)) =
                (fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            let Some(c) = c.chars().next() else { continue };
            if !mandarin.is_empty() {
                r.mandarin.insert(c, mandarin);
                r.syllables.insert(mandarin);
            }
            if let Some(first) = hangul.split(' ').next().filter(|h| !h.is_empty()) {
                r.hangul.insert(c, first);
            }
        }
        r
    })
}

/// A CJK unified ideograph (the URO, extension A, the compatibility block and
/// the supplementary planes' extensions).
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3134F}')
}

/// Every toneless Mandarin syllable Unihan gives as a first reading.
pub fn pinyin_syllables() -> &'static HashSet<&'static str> {
    &readings().syllables
}

/// The Mandarin reading of a token of Chinese characters, the syllables
/// joined (`泽东` -> `zedong`); `None` when a character has none.
pub fn han_reading(token: &str) -> Option<String> {
    if !token.chars().next().is_some_and(is_han) {
        return None;
    }
    let r = readings();
    token.chars().map(|c| r.mandarin.get(&c).copied()).collect()
}

/// The traditional Korean reading of one character (Unihan's first kHangul
/// value: 李 -> 리).
pub fn hangul_reading(c: char) -> Option<&'static str> {
    readings().hangul.get(&c).copied()
}

/// True when the text holds letters of a script this module romanizes.
pub fn has_script(s: &str) -> bool {
    s.chars()
        .any(|c| is_arabic(c) || is_cyrillic(c) || is_kana(c) || is_han(c))
}

/// True when the text holds kana.
pub fn has_kana(s: &str) -> bool {
    s.chars().any(is_kana)
}

/// True when the text holds Chinese characters.
pub fn has_han(s: &str) -> bool {
    s.chars().any(is_han)
}

/// The other Korean readings of a name in kana: Japanese writes both of
/// Korean's final `n` and `ng` as `ン` (`ジョン` is 정 jong as well as 존 jon),
/// so each syllable [`romanize`] ends in `n` may end in `ng`. At most three
/// such syllables are varied (eight readings, the name itself included).
pub fn kana_korean_readings(name: &str) -> Vec<String> {
    if !has_kana(name) {
        return Vec::new();
    }
    let folded = super::fold(name);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let open: Vec<usize> = (0..words.len())
        .filter(|&i| words[i].len() >= 3 && words[i].ends_with('n'))
        .take(3)
        .collect();
    (0..1u32 << open.len())
        .map(|mask| {
            let varied: Vec<String> = words
                .iter()
                .enumerate()
                .map(|(i, w)| match open.iter().position(|&o| o == i) {
                    Some(bit) if mask & (1 << bit) != 0 => format!("{w}g"),
                    _ => (*w).to_string(),
                })
                .collect();
            varied.join(" ")
        })
        .collect()
}

/// True when the text holds Arabic-script letters.
pub fn has_arabic(s: &str) -> bool {
    s.chars().any(is_arabic)
}

fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}')
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}')
}

fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | 'ー')
}

/// The text with its Arabic, Cyrillic and kana words romanized and its Han
/// runs split into family and given name; everything else as it was (for
/// `deunicode`). Expects NFKC text.
pub fn romanize(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let run_end = |pred: fn(char) -> bool| {
            let mut j = i;
            while j < chars.len() && pred(chars[j]) {
                j += 1;
            }
            j
        };
        let end = if is_arabic(c) {
            run_end(is_arabic)
        } else if is_cyrillic(c) {
            run_end(is_cyrillic)
        } else if is_kana(c) {
            run_end(is_kana)
        } else if is_han(c) {
            run_end(is_han)
        } else {
            out.push(c);
            i += 1;
            continue;
        };
        let word = &chars[i..end];
        out.push(' ');
        if is_arabic(c) {
            arabic_word(word, &mut out);
        } else if is_cyrillic(c) {
            cyrillic_word(word, &mut out);
        } else if is_kana(c) {
            kana_word(word, &mut out);
        } else {
            han_word(word, &mut out);
        }
        out.push(' ');
        i = end;
    }
    out
}

/// A run of Chinese characters: a name of two to four characters as family
/// name (the first) and given name; any other run as it is.
fn han_word(word: &[char], out: &mut String) {
    if (2..=4).contains(&word.len()) {
        out.push(word[0]);
        out.push(' ');
        out.extend(&word[1..]);
    } else {
        out.extend(word);
    }
}

/// ALA-LC consonant values, long vowels as vowels (see the module docs).
fn arabic_word(word: &[char], out: &mut String) {
    let mut letters: &[char] = word;
    // The article is its own word in every Latin spelling (al-Baghdadi).
    if letters.len() > 3 && letters[0] == 'ا' && letters[1] == 'ل' {
        out.push_str("al ");
        letters = &letters[2..];
    }
    for (k, &c) in letters.iter().enumerate() {
        let initial = k == 0;
        let latin = match c {
            'ا' | 'آ' | 'أ' | 'ى' | 'ٱ' => "a",
            'إ' => "i",
            // ʿayn is written as a vowel or not at all (Ali, Abd, Saeed).
            'ع' => "a",
            'ء' | 'ؤ' | 'ئ' | 'ـ' | 'ْ' | 'ً' | 'ٌ' | 'ٍ' | 'ّ' => "",
            'َ' => "a",
            'ُ' => "u",
            'ِ' => "i",
            'ب' => "b",
            'ت' | 'ط' => "t",
            'ث' => "th",
            'ج' => "j",
            'ح' | 'ه' => "h",
            'ة' => "a",
            'خ' => "kh",
            'د' | 'ض' => "d",
            'ذ' => "dh",
            'ر' => "r",
            'ز' | 'ظ' => "z",
            'س' | 'ص' => "s",
            'ش' => "sh",
            'غ' => "gh",
            'ف' => "f",
            'ق' => "q",
            'ك' | 'ک' => "k",
            'ل' => "l",
            'م' => "m",
            'ن' => "n",
            'و' if initial => "w",
            'و' => "u",
            'ي' | 'ی' if initial => "y",
            'ي' | 'ی' => "i",
            'پ' => "p",
            'چ' => "ch",
            'ژ' => "zh",
            'گ' => "g",
            _ => " ",
        };
        out.push_str(latin);
    }
}

/// BGN/PCGN (see the module docs).
fn cyrillic_word(word: &[char], out: &mut String) {
    let lower: Vec<char> = word.iter().flat_map(|c| c.to_lowercase()).collect();
    let ukrainian = lower.iter().any(|c| matches!(c, 'і' | 'ї' | 'є' | 'ґ'));
    for (k, &c) in lower.iter().enumerate() {
        let after_vowel = k == 0
            || matches!(
                lower[k - 1],
                'а' | 'е'
                    | 'ё'
                    | 'и'
                    | 'о'
                    | 'у'
                    | 'ы'
                    | 'э'
                    | 'ю'
                    | 'я'
                    | 'й'
                    | 'ъ'
                    | 'ь'
                    | 'і'
                    | 'ї'
                    | 'є'
            );
        let latin = match c {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' if ukrainian => "h",
            'г' => "g",
            'ґ' => "g",
            'д' => "d",
            'е' | 'ё' if after_vowel => "ye",
            'е' | 'ё' | 'э' => "e",
            'є' => "ye",
            'ж' => "zh",
            'з' => "z",
            'и' if ukrainian => "y",
            'и' | 'і' => "i",
            'ї' => "yi",
            'й' | 'ы' => "y",
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' => "u",
            'ў' => "w",
            'ф' => "f",
            'х' => "kh",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "shch",
            'ъ' | 'ь' => "",
            'ю' => "yu",
            'я' => "ya",
            'ђ' => "dj",
            'ј' => "j",
            'љ' => "lj",
            'њ' => "nj",
            'ћ' => "c",
            'џ' => "dz",
            'ѓ' => "gj",
            'ќ' => "kj",
            'ѕ' => "dz",
            _ => " ",
        };
        out.push_str(latin);
    }
}

/// Hepburn romaji of one katakana mora (hiragana is mapped to katakana first).
fn kana_mora(c: char) -> Option<&'static str> {
    const ROWS: &[(char, &str)] = &[
        ('ア', "a"),
        ('イ', "i"),
        ('ウ', "u"),
        ('エ', "e"),
        ('オ', "o"),
        ('カ', "ka"),
        ('キ', "ki"),
        ('ク', "ku"),
        ('ケ', "ke"),
        ('コ', "ko"),
        ('ガ', "ga"),
        ('ギ', "gi"),
        ('グ', "gu"),
        ('ゲ', "ge"),
        ('ゴ', "go"),
        ('サ', "sa"),
        ('シ', "shi"),
        ('ス', "su"),
        ('セ', "se"),
        ('ソ', "so"),
        ('ザ', "za"),
        ('ジ', "ji"),
        ('ズ', "zu"),
        ('ゼ', "ze"),
        ('ゾ', "zo"),
        ('タ', "ta"),
        ('チ', "chi"),
        ('ツ', "tsu"),
        ('テ', "te"),
        ('ト', "to"),
        ('ダ', "da"),
        ('ヂ', "ji"),
        ('ヅ', "zu"),
        ('デ', "de"),
        ('ド', "do"),
        ('ナ', "na"),
        ('ニ', "ni"),
        ('ヌ', "nu"),
        ('ネ', "ne"),
        ('ノ', "no"),
        ('ハ', "ha"),
        ('ヒ', "hi"),
        ('フ', "fu"),
        ('ヘ', "he"),
        ('ホ', "ho"),
        ('バ', "ba"),
        ('ビ', "bi"),
        ('ブ', "bu"),
        ('ベ', "be"),
        ('ボ', "bo"),
        ('パ', "pa"),
        ('ピ', "pi"),
        ('プ', "pu"),
        ('ペ', "pe"),
        ('ポ', "po"),
        ('マ', "ma"),
        ('ミ', "mi"),
        ('ム', "mu"),
        ('メ', "me"),
        ('モ', "mo"),
        ('ヤ', "ya"),
        ('ユ', "yu"),
        ('ヨ', "yo"),
        ('ラ', "ra"),
        ('リ', "ri"),
        ('ル', "ru"),
        ('レ', "re"),
        ('ロ', "ro"),
        ('ワ', "wa"),
        ('ヰ', "i"),
        ('ヱ', "e"),
        ('ヲ', "o"),
        ('ン', "n"),
        ('ヴ', "vu"),
        ('ァ', "a"),
        ('ィ', "i"),
        ('ゥ', "u"),
        ('ェ', "e"),
        ('ォ', "o"),
        ('ャ', "ya"),
        ('ュ', "yu"),
        ('ョ', "yo"),
        ('ヮ', "wa"),
    ];
    ROWS.iter().find(|(k, _)| *k == c).map(|(_, r)| *r)
}

/// Hepburn with the conventions for Korean names (see the module docs).
fn kana_word(word: &[char], out: &mut String) {
    // Hiragana sits 0x60 below its katakana.
    let kata: Vec<char> = word
        .iter()
        .map(|&c| match c {
            '\u{3041}'..='\u{3096}' => char::from_u32(c as u32 + 0x60).unwrap_or(c),
            _ => c,
        })
        .filter(|&c| c != 'ー')
        .collect();
    let mut syllables: Vec<String> = Vec::new();
    let mut geminate = false;
    for (k, &c) in kata.iter().enumerate() {
        if c == 'ッ' {
            geminate = true;
            continue;
        }
        let Some(mora) = kana_mora(c) else { continue };
        let last_mora = k + 1 == kata.len();
        let small_y = matches!(c, 'ャ' | 'ュ' | 'ョ');
        let small_vowel = matches!(c, 'ァ' | 'ィ' | 'ゥ' | 'ェ' | 'ォ');
        if (small_y || small_vowel)
            && let Some(prev) = syllables.last_mut()
        {
            // キャ kya, シャ sha, ジョ jo; ファ fa, ティ ti.
            prev.pop();
            let vowel = &mora[mora.len() - 1..];
            if small_y && !(prev.ends_with("sh") || prev.ends_with("ch") || prev.ends_with('j')) {
                prev.push('y');
            }
            prev.push_str(vowel);
            continue;
        }
        if c == 'ン' || (last_mora && k > 0 && matches!(c, 'ム' | 'ル' | 'ク' | 'プ')) {
            // A syllable's final consonant: ン n, and at the end of a
            // word ム m, ル l, ク k, プ p.
            let coda = match c {
                'ン' => "n",
                'ム' => "m",
                'ル' => "l",
                'ク' => "k",
                _ => "p",
            };
            match syllables.last_mut() {
                Some(prev) => prev.push_str(coda),
                None => syllables.push(coda.to_string()),
            }
            continue;
        }
        let mut syllable = String::new();
        if geminate {
            syllable.push_str(&mora[..1]);
            geminate = false;
        }
        syllable.push_str(mora);
        // A vowel mora after a syllable closed by ン starts a new word
        // (ジョンウン jon un); otherwise the morae run on.
        let closed = syllables
            .last()
            .is_some_and(|p| p.ends_with('n') && p.len() > 1)
            && matches!(mora.as_bytes()[0], b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
        match syllables.last_mut() {
            Some(prev) if !closed && !prev.ends_with(' ') => prev.push_str(&syllable),
            _ => syllables.push(syllable),
        }
    }
    if geminate && let Some(prev) = syllables.last_mut() {
        prev.push('t');
    }
    out.push_str(&syllables.join(" "));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(s: &str) -> String {
        crate::normalize::fold(s).into_owned()
    }

    #[test]
    fn arabic_is_romanized_with_its_article_apart() {
        assert_eq!(folded("أسامة بن لادن"), "asama bn ladn");
        assert_eq!(folded("محمد"), "mhmd");
        assert_eq!(folded("أبو بكر البغدادي"), "abu bkr al bghdadi");
    }

    #[test]
    fn cyrillic_follows_bgn_pcgn() {
        assert_eq!(folded("Усама бен Ладен"), "usama ben laden");
        assert_eq!(folded("Евгений Пригожин"), "yevgeniy prigozhin");
        assert_eq!(folded("Олександр"), "oleksandr");
        assert_eq!(folded("Хрущёв"), "khrushchev");
    }

    #[test]
    fn kana_reads_korean_names_as_japanese_writes_them() {
        assert_eq!(folded("キム・ジョンウン"), "kim jon un");
        assert_eq!(folded("パク・チョル"), "pak chol");
        assert_eq!(folded("とうきょう"), "toukyou");
        assert_eq!(folded("シャ"), "sha");
    }

    #[test]
    fn kana_final_n_may_be_korean_ng() {
        let readings = kana_korean_readings("キム・ジョンウン");
        assert!(readings.contains(&"kim jon un".to_string()));
        assert!(readings.contains(&"kim jong un".to_string()));
        assert_eq!(readings.len(), 2, "{readings:?}");
        assert!(kana_korean_readings("Kim Jong Un").is_empty());
    }

    #[test]
    fn chinese_characters_stay_as_family_and_given_name() {
        assert_eq!(folded("毛泽东"), "毛 泽东");
        assert_eq!(folded("李炳哲"), "李 炳哲");
        assert_eq!(han_reading("泽东").as_deref(), Some("zedong"));
        assert_eq!(han_reading("毛").as_deref(), Some("mao"));
        assert_eq!(han_reading("mao"), None);
        assert_eq!(hangul_reading('李'), Some("리"));
    }

    #[test]
    fn pinyin_syllables_come_from_unihan() {
        let s = pinyin_syllables();
        assert!(s.contains("zhuang") && s.contains("ze") && s.contains("dong"));
        assert!(!s.contains("tse") && !s.contains("tung") && !s.contains("hsiao"));
    }
}
