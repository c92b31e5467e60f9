//! Korean words in organisation names, and the named DPRK bodies.
//!
//! DPRK organisations reach the lists in three forms at once: translated
//! ("KOREA RYONBONG GENERAL CORPORATION"), transliterated ("Chosun Ryonbong
//! Chonghoesa", "CHOSON TAESONG UNHAENG") and, in Korean sources, Hangul
//! (조선련봉총회사). Word-level folding ([`super::fold`]) cannot make these meet:
//! "Korea", "Choson" and 조선 share no letters. This module holds the curated
//! bilingual table that does, and turns a name into a sequence of
//! [`OrgPiece`]s:
//!
//! - [`ORG_WORDS`]: Korean words used in organisation names, each with its
//!   Hangul, its transliterations and its English translations, mapped to a
//!   stable *concept* id (`korea`, `trading`, `general_corporation`, ...).
//! - [`named_bodies`]: state organs and fronts whose names cannot meet word by
//!   word: abbreviations (`MID`, `RGB`, `KOMID`), translated proper names
//!   (`Green Pine` = 청송), former names (`Machine Industry Department`).
//!   They are the rows of `lists/dprk/bodies.csv`, compiled in, the same file
//!   the network build reads: one home, so that the bodies organisation
//!   matching knows and the bodies of the network never part.
//!
//! [`org_pieces`] promises that the same organisation gives the same concept
//! pieces whatever script it is written in, so that 조선련봉총회사, "Chosun
//! Ryonbong General Corp" and "KOREA RYONBONG GENERAL CORPORATION" all give
//! `korea`, a leftover for Ryonbong, and `general_corporation`. Leftovers keep
//! their script (`Hangul("련봉")` vs `Word("ryonbong")`); romanizing them is the
//! job of a later layer. It never panics, whatever the input.
//!
//! # How a name is cut into pieces
//!
//! The name is NFKC-normalized and split into runs of Hangul syllables and runs
//! of anything else.
//!
//! - **Hangul runs** are segmented greedily, longest table word first, from the
//!   left. Syllables that start no table word are collected into one
//!   `Hangul` leftover (련봉 in 조선련봉총회사).
//! - **Other runs** are folded ([`super::fold`]) into lower-case ASCII words.
//!   At each word the longest table phrase is tried, comparing *without
//!   spaces*, so a phrase matches however the name splits or joins its parts:
//!   "Chong Hoesa" and "Chonghoesa", "Kwahak-won" and "Kwahakwon". A word that
//!   matches nothing is tried as a join of two or more table words of at least
//!   three letters ("Mooyokbank" = mooyok + bank); otherwise it is a `Word`
//!   leftover.
//! - **Bound words.** 부 (department), 성 (ministry), 국 (bureau) and 사
//!   (company) are single syllables, and so are their transliterations `bu`,
//!   `song`, `kuk`. They are also everyday name syllables (금성 Kumsong, 대성
//!   Taesong, "Kim Song"), so they count only as the last syllable of a Hangul
//!   run, or as the last word of a Latin name, and only right after another
//!   table word: 군수공업부 and "Kunsu Kongop Bu" give `department`, 금성학원 and
//!   "Kum Song Trading" keep their 성/song.
//! - **Compound rows.** A row whose concept is written `a+b` stands for two
//!   pieces. It exists where English does not compose word by word: "Joint
//!   Bank" (합영은행, research §5) gives `joint_venture`, `bank`; "JVC" gives
//!   `joint_venture`, `company`. Rows that compose on both sides (§5's
//!   무역회사, 상업은행, 신용은행, 개발은행) are not in the table: 무역+회사 and
//!   "Trading Company" already give the same pieces.
//!
//! # Named bodies
//!
//! A name that is, as a whole, one of a [`NamedBody`]'s forms gives the single
//! piece [`OrgPiece::Body`]. "As a whole" means either
//!
//! - the same text once case, punctuation and spaces are ignored (`MID`,
//!   `Office No. 39`, `313총국`), or
//! - the same multiset of pieces as one of the forms, with adjacent leftovers
//!   joined and the English words *of, the, and, for* ignored ("Kunsu Kongop
//!   Bu" = "Munitions Industry Department" = 군수공업부; "General Bureau 313" =
//!   313총국; "North Korea's Foreign Trade Bank" = "Foreign Trade Bank of the
//!   DPRK"). This second way applies only when the pieces hold something
//!   distinctive (a leftover or a [`Weight::Distinctive`] concept), so that a
//!   bare "Korea Trading Bank" does not become the Foreign Trade Bank unless it
//!   is literally one of its listed names.
//!
//! A trailing parenthesis is ignored when the name without it is a named body:
//! the UN writes primary names as `FOREIGN TRADE BANK (FTB)` and
//! `MINISTRY OF THE PEOPLE'S ARMED FORCES (MPAF)`.
//!
//! Korea Ryonbong General Corporation is deliberately *not* a named body: its
//! names compose (조선 + 련봉 + 총회사), and keeping it as pieces lets its other
//! spellings (조선룡봉종합회사, "Korea Yonbong General Corporation") meet it
//! through the romanization layer.
//!
//! # Provenance
//!
//! Every table word cites where it comes from in its `source` field (a named
//! body cites its sources in its `bodies.csv` row, in the form that file's
//! README gives):
//!
//! - `research §N` is `korean-names.md` in the shared research notes
//!   (§4 quotes the UN and OFAC entries, §5 is the table of organisation words;
//!   transliterations marked *derived* there were computed from its §1 tables);
//! - `UN KPe.NNN` is the UN Consolidated List reference number
//!   (`lists/un/UN_consolidated.xml`);
//! - `OFAC NNNNN` is the SDN `ent_num` (`lists/ofac/sdn.csv`, `alt.csv`);
//! - `KR YYYYMMDD-NN` is the id of a row of `lists/kr/designations.csv`.
//!
//! Where a table word pairs a Hangul name of one list with an English name of
//! another, the source names both. Place and person names of research §5
//! (대성, 련봉, 압록강, 김일성, ...) are not here: they are transliterations,
//! not words with a translation, and belong to the romanization layer.

use std::collections::HashMap;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

use super::{fold, is_hangul_syllable};

/// How much a table word says about which organisation a name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Weight {
    /// Legal forms and organisation types (company, bank, ministry,
    /// university), the designators of research §5 (Korea, Choson, DPRK), and
    /// sector words that recur across DPRK names (trading, shipping,
    /// technology, development, construction: each in roughly five or more
    /// UN/OFAC DPRK entities).
    Generic,
    /// Words that narrow the name down (munitions, reconnaissance, green pine).
    Distinctive,
}

/// A Korean word used in organisation names, in all the forms the lists use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrgWord {
    /// Hangul spellings (North and South spellings, synonyms of one gloss).
    pub hangul: &'static [&'static str],
    /// Transliterations, folded: `choson`, `chosun`, `joseon`.
    pub latin: &'static [&'static str],
    /// English translations, folded, possibly several words:
    /// `general corporation`, `joint venture`.
    pub english: &'static [&'static str],
    /// Stable concept id; `a+b` for a compound that stands for two pieces.
    pub concept: &'static str,
    /// Whether the word is generic or distinctive.
    pub weight: Weight,
    /// Where the word and its forms come from (see the module docs).
    pub source: &'static str,
}

impl OrgWord {
    /// The concept ids this word stands for, in order: one for a simple word,
    /// two for a compound such as `joint_venture+bank`.
    pub fn concepts(&self) -> std::str::Split<'static, char> {
        let concept: &'static str = self.concept;
        concept.split('+')
    }
}

/// A named DPRK body or front, in all the forms the sources give: one row of
/// `lists/dprk/bodies.csv` ([`named_bodies`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedBody {
    /// The row's stable slug (`munitions-industry-department`).
    pub id: String,
    /// Hangul names; empty when no source gives the Hangul.
    pub hangul: Vec<String>,
    /// English names, transliterations and abbreviations, as the lists write them.
    pub names: Vec<String>,
    /// Where the names come from: the row's `sources`.
    pub source: String,
}

/// One piece of an organisation name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OrgPiece {
    /// A table word, by its concept id (an atom, never `a+b`).
    Concept(&'static str),
    /// The whole name is a named body: the index in [`named_bodies`].
    Body(usize),
    /// A leftover Latin word, folded.
    Word(String),
    /// A leftover run of Hangul syllables, e.g. `련봉`.
    Hangul(String),
}

use Weight::{Distinctive, Generic};

/// Korean words in organisation names. See the module docs for the rules and
/// the source conventions.
pub const ORG_WORDS: &[OrgWord] = &[
    // --- Designators and legal forms -------------------------------------
    OrgWord {
        hangul: &["조선", "조선민주주의인민공화국"],
        latin: &[
            "choson",
            "chosun",
            "joseon",
            "joson",
            "choson minjujuui inmin konghwaguk",
            "joseon minjujuui inmin gonghwaguk",
        ],
        english: &[
            "korea",
            "korean",
            "dprk",
            "dprkn",
            "north korea",
            "north korean",
            "north koreas",
            "democratic peoples republic of korea",
        ],
        concept: "korea",
        weight: Generic,
        source: "research §0.8, §4.3.8, §4.3.11, §5 (조선, 조선민주주의인민공화국; DPRKN); \
                 UN KPe.001 (DPRKN), KPe.016 (Chosun Yunha), KPe.035 (Choson Taesong Unhaeng), \
                 KPe.039 (Choson/Chosun International Chemicals); OFAC 9345 (NORTH KOREAN), \
                 15603 (NORTH KOREA'S; DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA), \
                 39499 (JOSON PAEKHO MUYOK HOESA), 22323 (CHOSON COMPUTER CENTER)",
    },
    OrgWord {
        hangul: &["무역"],
        latin: &["muyok", "muyeok", "mooyok"],
        english: &["trading", "trade", "trdg"],
        concept: "trading",
        weight: Generic,
        source: "research §4.3.8, §5 (무역; MOOYOKBANK, TRDG); UN KPe.047 (Mooyokbank); \
                 OFAC 39499 (JOSON PAEKHO MUYOK HOESA = KOREA PAEKHO TRADING CORPORATION), \
                 19613 (RUNGRADO TRADE COMPANY), 23520 (TRDG); KR 20230523-02 \
                 (동명기술무역회사 = Tongmyong Technology Trade Company)",
    },
    OrgWord {
        hangul: &["회사", "사"],
        latin: &["hoesa"],
        english: &["company", "corporation", "co", "corp"],
        concept: "company",
        weight: Generic,
        source: "research §4.3.8, §5 (회사; T'UJA HOESA); UN KPe.010 (CHOSUN CHAWO'N KAEBAL \
                 T'UJA HOESA = ... INVESTMENT CORPORATION); company = corporation: UN KPe.024 \
                 HESONG TRADING COMPANY = OFAC 9519 HESONG TRADING CORPORATION, OFAC 24515, \
                 20581; 사: KR 20241226-16 (조선금정경제정보기술교류사 = ... Exchange Co.)",
    },
    OrgWord {
        hangul: &["총회사", "종합회사"],
        latin: &["chonghoesa", "jonghaphoesa", "chonghaphoesa"],
        english: &["general corporation", "general company", "general corp"],
        concept: "general_corporation",
        weight: Generic,
        source: "research §4.2 row 19, §5 (총회사 = General Corporation, 조선련봉총회사; \
                 종합회사 in 조선룡봉종합회사); UN KPe.002; general company = general \
                 corporation: OFAC 19611, 28546; KR 20241101-12 (금릉총회사)",
    },
    OrgWord {
        hangul: &["무역총회사"],
        latin: &["muyok chonghoesa"],
        english: &[
            "general trading corporation",
            "general trading company",
            "general trading corp",
        ],
        concept: "trading+general_corporation",
        weight: Generic,
        source: "research §5 (대성무역총회사 = Daesong General Trading Corporation); \
                 UN KPe.042, KPe.002 (LYONGAKSAN GENERAL TRADING CORPORATION); OFAC 19613; \
                 KR 20230220-06 (대진무역총회사); latin derived (research §5)",
    },
    OrgWord {
        hangul: &["상사"],
        latin: &["sangsa"],
        english: &["trading firm"],
        concept: "trading+company",
        weight: Generic,
        source: "research §5 (상사 = trading firm)",
    },
    OrgWord {
        hangul: &["합영", "합작"],
        latin: &["hapyong", "habyeong", "hapjak", "hapchak"],
        // "jv" also matches "J/V", which folds to "j v".
        english: &["joint venture", "joint operation", "jv"],
        concept: "joint_venture",
        weight: Generic,
        source: "research §4.3.8, §5 (합영, 합작; Joint Venture, Joint Operation, JV, J/V); \
                 UN KPe.016 (Joint Operation Company, J/V Corporation, JV), KPe.039; \
                 OFAC 24917, 23519 (HANA ELECTRONIC JV COMPANY), 19571; latin derived \
                 (research §5)",
    },
    OrgWord {
        hangul: &["합영회사"],
        latin: &["hapyong hoesa"],
        english: &["jvc"],
        concept: "joint_venture+company",
        weight: Generic,
        source: "research §5 (JVC); OFAC 23519 (HANA ELECTRONICS JVC = HANA ELECTRONIC JV \
                 COMPANY); KR 20221014-21 (하나전자합영회사), 20230210-05 (조선엑스포합영회사)",
    },
    OrgWord {
        hangul: &["합영은행"],
        latin: &["hapyong unhaeng"],
        english: &["joint bank"],
        concept: "joint_venture+bank",
        weight: Generic,
        source: "research §5 (진명합영은행 -> JINMYONG JOINT BANK); KR 20171211-18 \
                 (진명합영은행), 20171211-19 (진성합영은행); OFAC 23006 (JINMYONG JOINT BANK), \
                 23003 (JINSONG JOINT BANK)",
    },
    OrgWord {
        hangul: &["련합", "연합"],
        latin: &["ryonhap", "yonhap", "ryeonhap", "yeonhap"],
        english: &["associated", "united", "union"],
        concept: "associated",
        weight: Generic,
        source: "research §0.8, §4.3.8, §5 (련합/연합 = associated/united/union); UN KPe.010 \
                 (GREEN PINE ASSOCIATED CORPORATION = CHONGSONG YONHAP, CH'O'NGSONG YO'NHAP, \
                 CHO'NGSONG UNITED TRADING COMPANY)",
    },
    OrgWord {
        hangul: &["은행"],
        latin: &["unhaeng", "eunhaeng"],
        english: &["bank", "banking", "banking corporation", "banking corp"],
        concept: "bank",
        weight: Generic,
        source: "research §4.3.8, §5 (은행; UNHAENG, U'NHAENG); UN KPe.035 (Choson Taesong \
                 Unhaeng), KPe.013 (TONGBANG U'NHAENG), KPe.009 (AMROGGANG DEVELOPMENT \
                 BANKING CORPORATION = AMROGGANG Development Bank); OFAC 11581 (BANKING CORP)",
    },
    OrgWord {
        hangul: &["상업"],
        latin: &["sangop", "sangeop"],
        english: &["commercial"],
        concept: "commercial",
        weight: Generic,
        source: "research §4.2 row 20, §5 (상업은행 = commercial bank; 단천상업은행, \
                 류경/고려상업은행); UN KPe.003; OFAC 20570, 23004, 23005; KR 20171211-13, \
                 20171211-20, 20171211-21; latin derived (research §5)",
    },
    OrgWord {
        hangul: &["신용"],
        latin: &["sinyong"],
        english: &["credit"],
        concept: "credit",
        weight: Generic,
        source: "research §4.2 rows 18 and 20, §5 (신용은행 = credit bank; 창광신용은행 \
                 Changgwang Credit Bank; CHANGGWANG SINYONG CORPORATION); UN KPe.001, KPe.003; \
                 OFAC 22985 (CHEIL CREDIT BANK); KR 20171211-15 (제일신용은행)",
    },
    OrgWord {
        hangul: &["개발"],
        latin: &["kaebal", "gaebal"],
        english: &["development"],
        concept: "development",
        weight: Generic,
        source: "research §5 (개발, 개발은행; KAEBAL); UN KPe.010 (KAEBAL = DEVELOPMENT), \
                 KPe.009; KR 20171211-14 (농업개발은행 = OFAC 22983 AGRICULTURAL DEVELOPMENT \
                 BANK), 20171211-17",
    },
    OrgWord {
        hangul: &["투자"],
        latin: &["tuja", "thuja"],
        english: &["investment"],
        concept: "investment",
        weight: Distinctive,
        source: "research §5 (투자; T'UJA); UN KPe.010 (T'UJA = INVESTMENT)",
    },
    OrgWord {
        hangul: &["자원"],
        latin: &["chawon", "jawon"],
        english: &["resources", "natural resources", "national resources"],
        concept: "resources",
        weight: Distinctive,
        source: "research §4.2 row 22, §5 (자원; CHAWO'N; 자원개발투자회사); UN KPe.010 \
                 (CHOSUN CHAWO'N KAEBAL T'UJA HOESA = NATURAL RESOURCES DEVELOPMENT AND \
                 INVESTMENT CORPORATION, also written National Resources ...)",
    },
    OrgWord {
        hangul: &["자연"],
        latin: &["chayon", "jayeon"],
        english: &["natural"],
        concept: "natural",
        weight: Distinctive,
        source: "research §4.2 row 28; UN KPe.018 (CHE 2 CHAYON KWAHAKWON = SECOND ACADEMY \
                 OF NATURAL SCIENCES); KR 20221014-01 (affiliation 제2자연과학원)",
    },
    OrgWord {
        hangul: &["과학원"],
        latin: &["kwahagwon", "kwahakwon", "gwahagwon"],
        english: &["academy of sciences", "academy of science"],
        concept: "academy_of_sciences",
        weight: Distinctive,
        source: "research §4.3.8, §5 (과학원; CHAYON KWAHAKWON, KUKPANG KWAHAK-WON); \
                 UN KPe.018",
    },
    OrgWord {
        hangul: &["자연과학원"],
        latin: &["chayon kwahakwon"],
        english: &["academy of natural sciences"],
        concept: "natural+academy_of_sciences",
        weight: Distinctive,
        source: "UN KPe.018 (CHE 2 CHAYON KWAHAKWON, CHAYON KWAHAK-WON = (SECOND) ACADEMY OF \
                 NATURAL SCIENCES); KR 20221014-01 (affiliation 제2자연과학원)",
    },
    OrgWord {
        hangul: &["국방"],
        latin: &["kukpang", "kukbang", "gukbang"],
        english: &["national defence", "national defense", "defence", "defense"],
        concept: "national_defence",
        weight: Distinctive,
        source: "research §4.3.9, §5 (국방 = national defence; KUKPANG); UN KPe.018 \
                 (KUKPANG KWAHAK-WON = NATIONAL DEFENSE ACADEMY), KPe.054 (MINISTRY OF \
                 NATIONAL DEFENCE = MINISTRY OF DEFENCE)",
    },
    OrgWord {
        hangul: &["국방과학원"],
        latin: &["kukpang kwahakwon"],
        english: &[
            "national defense academy",
            "national defence academy",
            "academy of national defense science",
            "academy of national defence science",
        ],
        concept: "national_defence+academy_of_sciences",
        weight: Distinctive,
        source: "research §4.2 row 28, §4.3.9 (NATIONAL DEFENSE ACADEMY = KUKPANG KWAHAK-WON); \
                 UN KPe.018, KPe.021 (ACADEMY OF NATIONAL DEFENSE SCIENCE); OFAC 19492; \
                 KR 20230921-07, 20240627-06 (affiliation 국방과학원)",
    },
    // --- State organs ----------------------------------------------------
    OrgWord {
        hangul: &["총국"],
        latin: &["chongguk"],
        english: &["general bureau", "general department"],
        concept: "general_bureau",
        weight: Generic,
        source: "research §4.2 row 24, §5 (총국 = general bureau; CHONGCH'AL CH'ONGGUK); \
                 UN KPe.031, KPe.007 (GENERAL BUREAU OF ATOMIC ENERGY = General Department \
                 of Atomic Energy); KR 20240627-09 (미사일총국 = Missile General Bureau), \
                 20241226-01 (313총국 = General Bureau 313)",
    },
    OrgWord {
        hangul: &["부"],
        latin: &["bu", "pu"],
        english: &["department"],
        concept: "department",
        weight: Generic,
        source: "research §4.2 row 23, §5 (부 = department; 군수공업부 Munitions Industry \
                 Department); UN KPe.028; latin derived (research §5)",
    },
    OrgWord {
        hangul: &["성"],
        latin: &["song", "seong"],
        english: &["ministry"],
        concept: "ministry",
        weight: Generic,
        source: "research §5 (성 = ministry; 원자력공업성 Ministry of Atomic Energy Industry; \
                 국방성); UN KPe.027, KPe.054; latin derived (research §5)",
    },
    OrgWord {
        hangul: &["국"],
        latin: &["kuk", "guk"],
        english: &["bureau"],
        concept: "bureau",
        weight: Generic,
        source: "research §5 (국 = bureau); KR 20230210-09 (기술정찰국 = Technical \
                 Reconnaissance Bureau); latin derived (research §5)",
    },
    OrgWord {
        hangul: &["위원회"],
        latin: &["wiwonhoe"],
        english: &["committee", "commission"],
        concept: "committee",
        weight: Generic,
        source: "research §5 (위원회 = committee; 제2경제위원회 Second Economic Committee); \
                 UN KPe.032; commission: UN KPe.051 (CENTRAL MILITARY COMMISSION OF THE \
                 WORKERS' PARTY OF KOREA) with KR 20161202-11 (당중앙군사위원회)",
    },
    OrgWord {
        hangul: &["공업", "산업"],
        latin: &["kongop", "gongeop", "sanop", "saneop"],
        english: &["industry", "industrial", "industries"],
        concept: "industry",
        weight: Generic,
        source: "research §5 (군수공업부 Munitions Industry Department; 원자력공업성 Ministry \
                 of Atomic Energy Industry); UN KPe.027, KPe.028; 산업: KR 20171211-17 \
                 (국제산업개발은행 = OFAC 23002 INTERNATIONAL INDUSTRIAL DEVELOPMENT BANK), \
                 KR 20171211-24 (대원산업회사 = OFAC 20579 DAEWON INDUSTRIES, DAEWON INDUSTRY \
                 COMPANY); the 2017-12-11 round re-designated US-listed bodies (research §4.4)",
    },
    OrgWord {
        hangul: &["군수"],
        latin: &["kunsu", "gunsu"],
        english: &["munitions", "military supplies"],
        concept: "munitions",
        weight: Distinctive,
        source: "research §4.2 row 23, §5 (군수공업부 = MUNITIONS INDUSTRY DEPARTMENT); \
                 UN KPe.028 (Military Supplies Industry Department); latin derived \
                 (research §1)",
    },
    OrgWord {
        hangul: &["정찰"],
        latin: &["chongchal", "jongchal", "jeongchal"],
        english: &["reconnaissance"],
        concept: "reconnaissance",
        weight: Distinctive,
        source: "research §4.2 row 24 (정찰총국 = RECONNAISSANCE GENERAL BUREAU = Chongch'al \
                 Ch'ongguk); UN KPe.031; KR 20230210-09 (기술정찰국 = Technical \
                 Reconnaissance Bureau)",
    },
    OrgWord {
        hangul: &["광업"],
        latin: &["kwangop", "gwangeop"],
        english: &["mining"],
        concept: "mining",
        weight: Distinctive,
        source: "research §4.2 row 18 (조선광업개발무역회사 = KOREA MINING DEVELOPMENT \
                 TRADING CORPORATION); UN KPe.001; latin derived (research §1)",
    },
    OrgWord {
        hangul: &["원자력"],
        latin: &["wonjaryok", "wonjaryeok"],
        english: &["atomic energy"],
        concept: "atomic_energy",
        weight: Distinctive,
        source: "research §5 (원자력공업성 = Ministry of Atomic Energy Industry); UN KPe.027, \
                 KPe.007; latin derived (research §1)",
    },
    OrgWord {
        hangul: &["국제"],
        latin: &["kukje", "gukje"],
        english: &["international"],
        concept: "international",
        weight: Generic,
        source: "KR 20171211-13 (라선국제상업은행 = OFAC 20570 RASON INTERNATIONAL COMMERCIAL \
                 BANK), KR 20171211-17 (국제산업개발은행 = OFAC 23002); latin derived \
                 (research §1)",
    },
    // --- Sectors and activities ---------------------------------------------
    OrgWord {
        hangul: &["기술"],
        latin: &["kisul", "gisul"],
        english: &["technology", "technical"],
        concept: "technology",
        weight: Generic,
        source: "research §5 (기술; 진영정보기술개발협조회사 = Jinyong IT (Development) \
                 Cooperation Company); KR 20230523-01, 20230523-02 (동명기술무역회사 = \
                 Tongmyong Technology Trade Company), 20230210-09 (기술정찰국 = Technical \
                 Reconnaissance Bureau), 20241226-16",
    },
    OrgWord {
        hangul: &["정보"],
        latin: &["jongbo", "chongbo", "jeongbo"],
        english: &["information"],
        concept: "information",
        weight: Distinctive,
        source: "research §5 (정보 = information); KR 20230523-01 (Chinyong Information \
                 Technology Cooperation Company), 20241226-16 (... Economics Information \
                 Technology Exchange Co.)",
    },
    OrgWord {
        hangul: &["정보기술"],
        latin: &["jongbo kisul"],
        english: &["it"],
        concept: "information+technology",
        weight: Distinctive,
        source: "KR 20230523-01 (진영정보기술협조회사 = Jinyong IT Cooperation Company [EN] = \
                 Chinyong Information Technology Cooperation Company [US]); OFAC 43379",
    },
    OrgWord {
        hangul: &["협조"],
        latin: &["hyopjo", "hyopcho", "hyeopjo"],
        english: &["cooperation", "cooperative"],
        concept: "cooperation",
        weight: Distinctive,
        source: "research §5 (협조 = cooperation); KR 20230523-01; KR 20171211-29 \
                 (조선남남협조회사 = OFAC 23178 KOREA SOUTH-SOUTH COOPERATION CORPORATION, \
                 NAM-NAM (SOUTH-SOUTH) COOPERATIVE GENERAL COMPANY)",
    },
    OrgWord {
        hangul: &["교류"],
        latin: &["kyoryu", "gyoryu"],
        english: &["exchange"],
        concept: "exchange",
        weight: Distinctive,
        source: "KR 20241226-16 (조선금정경제정보기술교류사 = Chosun Kum Jong Economics \
                 Information Technology Exchange Co.); latin derived (research §1)",
    },
    OrgWord {
        hangul: &["경제"],
        latin: &["kyongje", "gyeongje"],
        english: &["economic", "economics"],
        concept: "economic",
        weight: Distinctive,
        source: "research §5 (제2경제위원회 = Second Economic Committee); UN KPe.032; \
                 KR 20241226-16 (Economics / Economic); latin derived (research §1)",
    },
    OrgWord {
        hangul: &["연구소"],
        latin: &["yonguso", "yeonguso"],
        english: &["research center", "research institute"],
        concept: "research_institute",
        weight: Generic,
        source: "KR 20230210-10 (110호 연구소 = 110th Research Center), 20231201-06 \
                 (727연구소); OFAC 43338; research institute: UN KPe.018 (... RESEARCH \
                 INSTITUTE); latin derived (research §1)",
    },
    OrgWord {
        hangul: &["대학"],
        latin: &["taehak", "daehak"],
        english: &["university", "college"],
        concept: "university",
        weight: Generic,
        source: "KR 20230210-11 (지휘자동화대학, 미림대학 = Pyongyang University of \
                 Automation); OFAC 43336 (MIRIM COLLEGE, MIRIM UNIVERSITY); latin derived \
                 (research §1)",
    },
    OrgWord {
        hangul: &["학원"],
        latin: &["hagwon", "hakwon"],
        english: &["academy"],
        concept: "academy",
        weight: Generic,
        source: "KR 20230523-03 (금성학원 = Kumsong Academy); latin derived (research §1)",
    },
    OrgWord {
        hangul: &["선박", "해운"],
        latin: &["sonbak", "seonbak", "haeun"],
        english: &["shipping", "shpg", "ship", "marine"],
        concept: "shipping",
        weight: Generic,
        source: "research §4.2 row 40, §5 (선박/해운 = shipping; 조선능라도선박회사 = KOREA \
                 RUNGRADO SHIPPING CO; 려명해운경영 = DAWN MARINE MANAGEMENT; SHPG); \
                 UN KPe.062 (SHPG); OFAC 23154, 23151; KR 20171211-30, 20171211-26",
    },
    OrgWord {
        hangul: &["경영"],
        latin: &["kyongyong", "gyeongyeong"],
        english: &["management"],
        concept: "management",
        weight: Generic,
        source: "research §4.2 row 40, §5 (려명해운경영 = DAWN MARINE MANAGEMENT); OFAC 23151; \
                 KR 20171211-26; latin derived (research §1)",
    },
    OrgWord {
        hangul: &["유한책임"],
        latin: &["yuhan chaegim", "yuhan chaekim"],
        english: &["limited", "ltd", "limited liability"],
        concept: "limited",
        weight: Generic,
        source: "research §4.2 row 40 (려명해운경영유한책임회사 = DAWN MARINE MANAGEMENT CO \
                 LTD); OFAC 23151; KR 20171211-26; latin derived (research §1)",
    },
    OrgWord {
        hangul: &["건설"],
        latin: &["konsol", "geonseol"],
        english: &["construction"],
        concept: "construction",
        weight: Generic,
        source: "KR 20241101-10 (동방건설 = Tongbang Construction); latin derived (research §1)",
    },
    OrgWord {
        hangul: &["보험"],
        latin: &["pohom", "boheom"],
        english: &["insurance"],
        concept: "insurance",
        weight: Distinctive,
        source: "KR 20241101-02 (affiliation 조선민족보험총회사 = Korea National Insurance \
                 Corporation); latin derived (research §1)",
    },
    OrgWord {
        hangul: &["민족"],
        latin: &["minjok"],
        english: &["national"],
        concept: "national",
        weight: Generic,
        source: "KR 20241101-02 (affiliation 조선민족보험총회사 = Korea National Insurance \
                 Corporation); latin derived (research §1)",
    },
    OrgWord {
        hangul: &["컴퓨터"],
        latin: &["keompyuteo"],
        english: &["computer"],
        concept: "computer",
        weight: Distinctive,
        source: "research §4.2 row 36 (조선컴퓨터센터 = KOREA COMPUTER CENTER); OFAC 22323; \
                 KR 20171211-22; latin derived (RR)",
    },
    OrgWord {
        hangul: &["센터"],
        latin: &["senteo"],
        english: &["center"],
        concept: "center",
        weight: Generic,
        source: "research §4.2 row 36 (조선컴퓨터센터 = KOREA COMPUTER CENTER); OFAC 22323; \
                 KR 20171211-22; latin derived (RR)",
    },
    OrgWord {
        hangul: &["미사일"],
        latin: &["misail"],
        english: &["missile"],
        concept: "missile",
        weight: Distinctive,
        source: "KR 20240627-09 (미사일총국 = Missile General Bureau); latin derived (RR)",
    },
    OrgWord {
        hangul: &["엑스포"],
        latin: &["ekseupo"],
        english: &["expo"],
        concept: "expo",
        weight: Distinctive,
        source: "research §4.2 row 33; KR 20230210-05 (조선엑스포합영회사 = Chosun Expo); \
                 OFAC 24917 (KOREA EXPO JOINT VENTURE, CHOSUN EXPO); latin derived (RR)",
    },
    // --- Names the lists translate (research §4.3.9) -------------------------
    OrgWord {
        hangul: &["청송"],
        latin: &["chongsong", "cheongsong"],
        english: &["green pine"],
        concept: "green_pine",
        weight: Distinctive,
        source: "research §0.8, §4.2 row 22, §4.3.9 (GREEN PINE = CHONGSONG, 청송); \
                 UN KPe.010; OFAC 12212",
    },
    OrgWord {
        hangul: &["려명"],
        latin: &["ryomyong", "ryeomyeong"],
        english: &["dawn"],
        concept: "dawn",
        weight: Distinctive,
        source: "research §4.2 row 40, §4.3.9 (DAWN MARINE = 려명 Ryomyong); OFAC 23151; \
                 KR 20171211-26",
    },
    OrgWord {
        hangul: &["동방"],
        latin: &["tongbang", "dongbang"],
        english: &["east land"],
        concept: "east_land",
        weight: Distinctive,
        source: "research §4.2 row 26, §4.3.9 (BANK OF EAST LAND = TONGBANG / DONGBANG BANK); \
                 UN KPe.013; Hangul: KR 20241101-10 (동방건설 = Tongbang Construction)",
    },
    OrgWord {
        hangul: &["제일"],
        latin: &["cheil", "jeil"],
        english: &["first"],
        concept: "first",
        weight: Distinctive,
        source: "research §4.3.9 (FIRST CREDIT BANK = CHEIL CREDIT BANK); OFAC 22985; \
                 KR 20171211-15 (제일신용은행)",
    },
];

/// `lists/dprk/bodies.csv`, compiled in: the one home of the DPRK state
/// bodies and fronts. The network build reads the same file from the lists
/// folder (`network::registry`); a test checks that the two readings agree.
const BODIES_CSV: &str = include_str!("../../lists/dprk/bodies.csv");

/// Named DPRK bodies and fronts, one per row of `lists/dprk/bodies.csv`, in
/// its order. A name that is one of these as a whole gives
/// [`OrgPiece::Body`]; see the module docs.
pub fn named_bodies() -> &'static [NamedBody] {
    static BODIES: OnceLock<Vec<NamedBody>> = OnceLock::new();
    BODIES.get_or_init(|| parse_bodies(BODIES_CSV))
}

/// The bodies of a `bodies.csv` text (its format: `lists/dprk/README.md`).
/// A row that cannot be read is left out; the tests check that none is.
fn parse_bodies(text: &str) -> Vec<NamedBody> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let Ok(header) = reader.headers().cloned() else {
        return Vec::new();
    };
    let column = |name: &str| header.iter().position(|h| h.trim() == name);
    let (Some(id), Some(hangul), Some(names), Some(abbreviations), Some(sources)) = (
        column("id"),
        column("hangul"),
        column("names"),
        column("abbreviations"),
        column("sources"),
    ) else {
        return Vec::new();
    };
    reader
        .records()
        .filter_map(Result::ok)
        .map(|record| {
            let many = |i: usize| -> Vec<String> {
                record
                    .get(i)
                    .unwrap_or("")
                    .split('|')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect()
            };
            let mut all_names = many(names);
            all_names.extend(many(abbreviations));
            NamedBody {
                id: record.get(id).unwrap_or("").trim().to_string(),
                hangul: many(hangul),
                names: all_names,
                source: many(sources).join("; "),
            }
        })
        .collect()
}

/// The concept weight of an atomic concept id, or `None` for an unknown id.
pub fn concept_weight(concept: &str) -> Option<Weight> {
    ORG_WORDS
        .iter()
        .find(|w| w.concept == concept)
        .map(|w| w.weight)
}

/// Cuts an organisation name into concept pieces, named bodies and leftovers.
///
/// See the module docs for the rules. The pieces follow the order of the
/// name; a whole-name match of a named body gives `[Body(i)]` alone.
pub fn org_pieces(name: &str) -> Vec<OrgPiece> {
    let tables = tables();
    let text: String = name.nfkc().collect();
    let segments = segments(&text);
    let scan = tables.words.scan(&segments);
    match tables.body_of(&text, &segments, &scan.pieces) {
        Some(body) => vec![OrgPiece::Body(body)],
        None => scan.pieces,
    }
}

/// Whether the Korean organisation keys of this module should be applied to a
/// name.
///
/// True when the name
///
/// - contains a Hangul syllable; or
/// - contains a *transliterated* table word (`choson`, `hoesa`, `muyok`,
///   `unhaeng`, `ryonhap`, `chongguk`, ...), split or joined, except the bound
///   single syllables `bu`, `song`, `kuk` (which are everyday name syllables);
///   or
/// - contains one of the DPRK designators of the `korea` concept (`Korea`,
///   `Korean`, `DPRK`, `DPRKN`, `North Korea(n)`); or
/// - is, as a whole, a [`NamedBody`] (`MID`, `Munitions Industry Department`).
///
/// English organisation words alone do not count: "Trading Company" and
/// "Commercial Bank" are false. Callers comparing two names should apply the
/// keys when either side is Korean context (a Hangul query against an English
/// listed name), or when the listed entity is Korean by its list (UN `KPe`,
/// an OFAC DPRK program, the South Korean list).
pub fn is_korean_org_context(name: &str) -> bool {
    let tables = tables();
    let text: String = name.nfkc().collect();
    if text.chars().any(is_hangul_syllable) {
        return true;
    }
    let segments = segments(&text);
    let scan = tables.words.scan(&segments);
    scan.transliterated || scan.korea || tables.body_of(&text, &segments, &scan.pieces).is_some()
}

// ---------------------------------------------------------------------------
// Matching machinery.

/// Longest run of Latin words tried as one table phrase.
const MAX_SPAN: usize = 8;
/// Shortest table word accepted as part of a joined word ("Mooyokbank").
const MIN_JOINED_PART: usize = 3;
/// Longest word tried as a join of table words.
const MAX_JOINED_WORD: usize = 64;
/// English words ignored when comparing a name with a named body's forms.
const BODY_STOP_WORDS: &[&str] = &["of", "the", "and", "for"];

/// A run of the (NFKC-normalized) name.
#[derive(Debug, Clone, Copy)]
enum Segment<'a> {
    /// Precomposed Hangul syllables only.
    Hangul(&'a str),
    /// Anything else: Latin letters, digits, punctuation, other scripts.
    Other(&'a str),
}

fn segments(text: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_hangul: Option<bool> = None;
    for (i, c) in text.char_indices() {
        let hangul = is_hangul_syllable(c);
        match in_hangul {
            Some(h) if h == hangul => {}
            Some(h) => {
                out.push(segment(&text[start..i], h));
                start = i;
                in_hangul = Some(hangul);
            }
            None => in_hangul = Some(hangul),
        }
    }
    if let Some(h) = in_hangul {
        out.push(segment(&text[start..], h));
    }
    out
}

fn segment(s: &str, hangul: bool) -> Segment<'_> {
    if hangul {
        Segment::Hangul(s)
    } else {
        Segment::Other(s)
    }
}

/// Where a Latin table form points.
#[derive(Debug, Clone, Copy)]
struct LatinForm {
    row: usize,
    /// A transliteration rather than an English translation.
    transliterated: bool,
    /// The transliteration of a single-syllable bound word (`bu`, `song`, `kuk`).
    bound: bool,
}

/// The result of scanning a name against [`ORG_WORDS`].
#[derive(Debug, Default)]
struct Scan {
    pieces: Vec<OrgPiece>,
    /// A non-bound transliterated table word was seen.
    transliterated: bool,
    /// A form of the `korea` concept was seen.
    korea: bool,
}

impl Scan {
    fn push_row(&mut self, row: usize) {
        if let Some(word) = ORG_WORDS.get(row) {
            self.korea |= word.concept == "korea";
            self.pieces.extend(word.concepts().map(OrgPiece::Concept));
        }
    }

    fn push_latin(&mut self, form: &LatinForm) {
        self.transliterated |= form.transliterated && !form.bound;
        self.push_row(form.row);
    }

    fn ends_with_concept(&self) -> bool {
        matches!(self.pieces.last(), Some(OrgPiece::Concept(_)))
    }
}

/// Lookup tables over [`ORG_WORDS`].
struct WordTables {
    hangul: HashMap<&'static str, usize>,
    max_hangul_chars: usize,
    /// Folded forms with the spaces removed.
    latin: HashMap<String, LatinForm>,
    max_latin_len: usize,
}

impl WordTables {
    fn build() -> Self {
        let mut hangul = HashMap::new();
        let mut latin = HashMap::new();
        for (row, word) in ORG_WORDS.iter().enumerate() {
            for &h in word.hangul {
                hangul.entry(h).or_insert(row);
            }
            let bound = word.hangul.iter().all(|h| h.chars().count() == 1);
            let forms = word.latin.iter().map(|f| (f, true));
            let forms = forms.chain(word.english.iter().map(|f| (f, false)));
            for (form, transliterated) in forms {
                let key = compact(&fold(form));
                if key.is_empty() {
                    continue;
                }
                latin.entry(key).or_insert(LatinForm {
                    row,
                    transliterated,
                    bound: bound && transliterated,
                });
            }
        }
        let max_hangul_chars = hangul.keys().map(|h| h.chars().count()).max();
        let max_latin_len = latin.keys().map(String::len).max();
        WordTables {
            hangul,
            max_hangul_chars: max_hangul_chars.unwrap_or(0),
            latin,
            max_latin_len: max_latin_len.unwrap_or(0),
        }
    }

    fn scan(&self, segments: &[Segment<'_>]) -> Scan {
        let mut scan = Scan::default();
        for (i, seg) in segments.iter().enumerate() {
            let last = i + 1 == segments.len();
            match *seg {
                Segment::Hangul(run) => self.scan_hangul(run, &mut scan),
                Segment::Other(text) => {
                    let folded = fold(text);
                    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
                    self.scan_latin(&words, last, &mut scan);
                }
            }
        }
        scan
    }

    /// Greedy longest-match segmentation of a run of Hangul syllables.
    fn scan_hangul(&self, run: &str, scan: &mut Scan) {
        let starts: Vec<usize> = run
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(run.len()))
            .collect();
        let n = starts.len() - 1;
        let mut leftover = String::new();
        let mut i = 0;
        while i < n {
            let longest = self.max_hangul_chars.min(n - i);
            let matched = (1..=longest).rev().find_map(|len| {
                let row = *self.hangul.get(&run[starts[i]..starts[i + len]])?;
                let bound = len == 1;
                let bound_ok = i + 1 == n && leftover.is_empty() && scan.ends_with_concept();
                (!bound || bound_ok).then_some((len, row))
            });
            match matched {
                Some((len, row)) => {
                    flush_hangul(&mut leftover, scan);
                    scan.push_row(row);
                    i += len;
                }
                None => {
                    leftover.push_str(&run[starts[i]..starts[i + 1]]);
                    i += 1;
                }
            }
        }
        flush_hangul(&mut leftover, scan);
    }

    /// Longest-match segmentation of folded Latin words, comparing phrases
    /// without spaces.
    fn scan_latin(&self, words: &[&str], at_name_end: bool, scan: &mut Scan) {
        let n = words.len();
        let mut i = 0;
        while i < n {
            let longest = MAX_SPAN.min(n - i);
            let matched = (1..=longest).rev().find_map(|len| {
                let key = words[i..i + len].concat();
                if key.len() > self.max_latin_len {
                    return None;
                }
                let form = *self.latin.get(&key)?;
                let bound_ok = at_name_end && i + len == n && scan.ends_with_concept();
                (!form.bound || bound_ok).then_some((len, form))
            });
            if let Some((len, form)) = matched {
                scan.push_latin(&form);
                i += len;
                continue;
            }
            match self.split_joined(words[i]) {
                Some(parts) => {
                    for form in &parts {
                        scan.push_latin(form);
                    }
                }
                None => scan.pieces.push(OrgPiece::Word(words[i].to_owned())),
            }
            i += 1;
        }
    }

    /// Splits a word that joins two or more table words ("mooyokbank"), using
    /// as few parts as possible. Bound words and parts shorter than
    /// [`MIN_JOINED_PART`] letters are not used.
    fn split_joined(&self, word: &str) -> Option<Vec<LatinForm>> {
        let n = word.len();
        if !word.is_ascii() || !(2 * MIN_JOINED_PART..=MAX_JOINED_WORD).contains(&n) {
            return None;
        }
        // cover[end] = (parts, start, form): the cover of word[..end] with the
        // fewest parts, and its last part word[start..end].
        let mut cover: Vec<Option<(usize, usize, LatinForm)>> = vec![None; n + 1];
        for end in MIN_JOINED_PART..=n {
            for start in 0..=end - MIN_JOINED_PART {
                let before = match cover[start] {
                    _ if start == 0 => 0,
                    Some((parts, _, _)) => parts,
                    None => continue,
                };
                let Some(form) = self.latin.get(&word[start..end]) else {
                    continue;
                };
                let parts = before + 1;
                if !form.bound && cover[end].is_none_or(|(best, _, _)| parts < best) {
                    cover[end] = Some((parts, start, *form));
                }
            }
        }
        let (parts, _, _) = cover[n]?;
        if parts < 2 {
            return None;
        }
        let mut out = Vec::with_capacity(parts);
        let mut end = n;
        while end > 0 {
            let (_, start, form) = cover[end]?;
            out.push(form);
            end = start;
        }
        out.reverse();
        Some(out)
    }
}

fn flush_hangul(leftover: &mut String, scan: &mut Scan) {
    if !leftover.is_empty() {
        scan.pieces.push(OrgPiece::Hangul(std::mem::take(leftover)));
    }
}

/// Lookup tables over [`named_bodies`].
struct BodyTables {
    /// Every form, compacted ([`exact_key`]).
    exact: HashMap<String, usize>,
    /// Every form with something distinctive, by its pieces ([`piece_key`]).
    by_pieces: HashMap<String, usize>,
}

impl BodyTables {
    fn build(words: &WordTables) -> Self {
        let mut exact = HashMap::new();
        let mut by_pieces = HashMap::new();
        for (i, body) in named_bodies().iter().enumerate() {
            for form in body.hangul.iter().chain(&body.names) {
                let text: String = form.nfkc().collect();
                let segments = segments(&text);
                let key = exact_key(&segments);
                if !key.is_empty() {
                    exact.entry(key).or_insert(i);
                }
                if let Some(key) = piece_key(&words.scan(&segments).pieces) {
                    by_pieces.entry(key).or_insert(i);
                }
            }
        }
        BodyTables { exact, by_pieces }
    }

    fn find(&self, segments: &[Segment<'_>], pieces: &[OrgPiece]) -> Option<usize> {
        let exact = exact_key(segments);
        if let Some(&i) = self.exact.get(&exact) {
            return Some(i);
        }
        piece_key(pieces).and_then(|key| self.by_pieces.get(&key).copied())
    }
}

/// The name with case, punctuation and spaces ignored: Hangul runs as they
/// are, everything else folded with the spaces removed.
fn exact_key(segments: &[Segment<'_>]) -> String {
    let mut key = String::new();
    for seg in segments {
        match *seg {
            Segment::Hangul(run) => key.push_str(run),
            Segment::Other(text) => key.push_str(&compact(&fold(text))),
        }
    }
    key
}

/// The pieces as an order-free key: adjacent leftovers joined, the English
/// words of [`BODY_STOP_WORDS`] dropped, sorted. `None` when nothing in it is
/// distinctive.
fn piece_key(pieces: &[OrgPiece]) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut distinctive = false;
    let mut word = String::new();
    let mut hangul = String::new();
    let flush = |parts: &mut Vec<String>, pending: &mut String, tag: &str| {
        if !pending.is_empty() {
            parts.push(format!("{tag}:{pending}"));
            pending.clear();
        }
    };
    for piece in pieces {
        match piece {
            OrgPiece::Word(w) if BODY_STOP_WORDS.contains(&w.as_str()) => {
                flush(&mut parts, &mut word, "w");
            }
            OrgPiece::Word(w) => {
                flush(&mut parts, &mut hangul, "h");
                word.push_str(w);
                distinctive = true;
            }
            OrgPiece::Hangul(h) => {
                flush(&mut parts, &mut word, "w");
                hangul.push_str(h);
                distinctive = true;
            }
            OrgPiece::Concept(c) => {
                flush(&mut parts, &mut word, "w");
                flush(&mut parts, &mut hangul, "h");
                parts.push(format!("c:{c}"));
                distinctive |= concept_weight(c) == Some(Distinctive);
            }
            OrgPiece::Body(i) => {
                flush(&mut parts, &mut word, "w");
                flush(&mut parts, &mut hangul, "h");
                parts.push(format!("b:{i}"));
                distinctive = true;
            }
        }
    }
    flush(&mut parts, &mut word, "w");
    flush(&mut parts, &mut hangul, "h");
    if !distinctive {
        return None;
    }
    parts.sort_unstable();
    Some(parts.join(" "))
}

fn compact(folded: &str) -> String {
    folded.chars().filter(|&c| c != ' ').collect()
}

struct Tables {
    words: WordTables,
    bodies: BodyTables,
}

impl Tables {
    /// The named body that `text` (already segmented and scanned) is, also
    /// when it only adds a trailing parenthesis: the UN writes
    /// `FOREIGN TRADE BANK (FTB)`.
    fn body_of(&self, text: &str, segments: &[Segment<'_>], pieces: &[OrgPiece]) -> Option<usize> {
        self.bodies.find(segments, pieces).or_else(|| {
            let main = without_trailing_parenthesis(text)?;
            let segments = self::segments(main);
            let scan = self.words.scan(&segments);
            self.bodies.find(&segments, &scan.pieces)
        })
    }
}

/// `text` without a trailing `(...)`, or `None` when there is none or nothing
/// is left before it.
fn without_trailing_parenthesis(text: &str) -> Option<&str> {
    let inner = text.trim_end().strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let main = inner[..open].trim_end();
    (!main.is_empty()).then_some(main)
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let words = WordTables::build();
        let bodies = BodyTables::build(&words);
        Tables { words, bodies }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeSet, HashSet};

    fn concept(c: &'static str) -> OrgPiece {
        OrgPiece::Concept(c)
    }

    fn word(w: &str) -> OrgPiece {
        OrgPiece::Word(w.to_owned())
    }

    fn hangul(h: &str) -> OrgPiece {
        OrgPiece::Hangul(h.to_owned())
    }

    fn body_index(hangul_name: &str) -> usize {
        named_bodies()
            .iter()
            .position(|b| b.hangul.iter().any(|h| h == hangul_name))
            .unwrap_or_else(|| panic!("no named body {hangul_name}"))
    }

    fn concepts(name: &str) -> BTreeSet<&'static str> {
        org_pieces(name)
            .into_iter()
            .filter_map(|p| match p {
                OrgPiece::Concept(c) => Some(c),
                _ => None,
            })
            .collect()
    }

    fn is_hangul_text(s: &str) -> bool {
        !s.is_empty() && s.chars().all(is_hangul_syllable)
    }

    fn is_concept_id(s: &str) -> bool {
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
    }

    #[test]
    fn org_words_have_every_field_filled_and_folded() {
        for w in ORG_WORDS {
            assert!(!w.hangul.is_empty(), "{w:?}");
            assert!(!w.latin.is_empty(), "{w:?}");
            assert!(!w.english.is_empty(), "{w:?}");
            assert!(!w.source.trim().is_empty(), "{w:?}");
            assert!(w.concepts().all(is_concept_id), "{w:?}");
            for h in w.hangul {
                assert!(is_hangul_text(h), "{h:?} in {w:?}");
            }
            for f in w.latin.iter().chain(w.english) {
                assert!(!f.is_empty(), "{w:?}");
                assert_eq!(fold(f), *f, "table forms are stored folded");
            }
        }
    }

    #[test]
    fn every_form_has_one_concept() {
        let mut hangul_seen = HashMap::new();
        let mut latin_seen = HashMap::new();
        for w in ORG_WORDS {
            for h in w.hangul {
                let prev = hangul_seen.insert(*h, w.concept);
                assert!(prev.is_none(), "{h} is in two rows");
            }
            let forms: HashSet<String> = w
                .latin
                .iter()
                .chain(w.english)
                .map(|f| compact(f))
                .collect();
            for f in forms {
                let prev = latin_seen.insert(f.clone(), w.concept);
                assert!(prev.is_none(), "{f} is in two rows");
            }
        }
    }

    #[test]
    fn every_concept_has_one_simple_row_and_compounds_are_made_of_them() {
        let mut simple = HashMap::new();
        for w in ORG_WORDS.iter().filter(|w| !w.concept.contains('+')) {
            let prev = simple.insert(w.concept, w.weight);
            assert!(prev.is_none(), "concept {} has two rows", w.concept);
        }
        for w in ORG_WORDS.iter().filter(|w| w.concept.contains('+')) {
            assert!(w.concepts().count() >= 2, "{w:?}");
            let mut weight = Generic;
            for c in w.concepts() {
                let atom = simple.get(c);
                assert!(atom.is_some(), "{c} of {} has no row", w.concept);
                if atom == Some(&Distinctive) {
                    weight = Distinctive;
                }
            }
            assert_eq!(w.weight, weight, "weight of {}", w.concept);
        }
    }

    #[test]
    fn named_bodies_have_names_and_sources() {
        for b in named_bodies() {
            assert!(!b.names.is_empty(), "{b:?}");
            assert!(!b.source.trim().is_empty(), "{b:?}");
            for n in &b.names {
                assert!(!fold(n).is_empty(), "{b:?}");
            }
            for h in &b.hangul {
                assert!(h.chars().any(is_hangul_syllable), "{h:?}");
            }
        }
    }

    #[test]
    fn every_named_body_form_gives_its_own_body() {
        for (i, b) in named_bodies().iter().enumerate() {
            for form in b.hangul.iter().chain(&b.names) {
                assert_eq!(org_pieces(form), vec![OrgPiece::Body(i)], "{form}");
            }
        }
    }

    #[test]
    fn no_two_named_bodies_share_a_form() {
        let words = WordTables::build();
        let mut exact = HashMap::new();
        let mut by_pieces = HashMap::new();
        for (i, b) in named_bodies().iter().enumerate() {
            for form in b.hangul.iter().chain(&b.names) {
                let text: String = form.nfkc().collect();
                let segments = segments(&text);
                if let Some(j) = exact.insert(exact_key(&segments), i) {
                    assert_eq!(i, j, "{form} is in two bodies");
                }
                if let Some(key) = piece_key(&words.scan(&segments).pieces)
                    && let Some(j) = by_pieces.insert(key, i)
                {
                    assert_eq!(i, j, "{form} meets another body");
                }
            }
        }
    }

    #[test]
    fn ryonbong_meets_in_hangul_transliteration_and_translation() {
        let expected_middle = [hangul("련봉"), word("ryonbong"), word("ryonbong")];
        let names = [
            "조선련봉총회사",
            "Chosun Ryonbong General Corp",
            "KOREA RYONBONG GENERAL CORPORATION",
        ];
        for (name, middle) in names.iter().zip(expected_middle) {
            let expected = vec![concept("korea"), middle, concept("general_corporation")];
            assert_eq!(org_pieces(name), expected, "{name}");
        }
        assert_eq!(
            org_pieces("Chosun Ryonbong Chong Hoesa"),
            org_pieces("Chosun Ryonbong Chonghoesa")
        );
    }

    #[test]
    fn munitions_industry_department_forms_are_one_body() {
        let mid = body_index("군수공업부");
        for name in [
            "군수공업부",
            "Munitions Industry Department",
            "MUNITIONS INDUSTRY DEPARTMENT",
            "Kunsu Kongop Bu",
            "Kunsu Kongop-bu",
            "MID",
            "Military Supplies Industry Department",
            "Machine Industry Department",
        ] {
            assert_eq!(org_pieces(name), vec![OrgPiece::Body(mid)], "{name}");
        }
    }

    #[test]
    fn joint_bank_is_a_joint_venture_bank() {
        let hangul_side = org_pieces("진명합영은행");
        let english_side = org_pieces("Jinmyong Joint Bank");
        assert_eq!(
            hangul_side,
            vec![hangul("진명"), concept("joint_venture"), concept("bank")]
        );
        assert_eq!(
            english_side,
            vec![word("jinmyong"), concept("joint_venture"), concept("bank")]
        );
        assert_eq!(
            concepts("Jinsong Joint Venture Bank"),
            concepts("진성합영은행")
        );
    }

    #[test]
    fn green_pine_meets_its_transliteration_as_a_body_and_by_concepts() {
        // Decision: 청송 = "green pine" is a table word (research §4.3.9), and
        // the whole names are one named body (UN KPe.010).
        let green_pine = body_index("청송련합");
        for name in [
            "Green Pine Associated Corporation",
            "Chongsong Yonhap",
            "CH'O'NGSONG YO'NHAP",
            "청송련합",
            "청송연합",
            "Cho'ngsong United Trading Company",
            "CHOSUN CHAWO'N KAEBAL T'UJA HOESA",
            "조선자원개발투자회사",
        ] {
            assert_eq!(org_pieces(name), vec![OrgPiece::Body(green_pine)], "{name}");
        }
        // Inside a longer name the translation and the transliteration still
        // share their concepts.
        let translated = concepts("Green Pine Associated Corporation Beijing Office");
        let transliterated = concepts("Chongsong Yonhap Beijing Office");
        assert!(translated.contains("green_pine") && translated.contains("associated"));
        assert!(transliterated.is_subset(&translated));
        assert_eq!(concepts("청송련합 북경"), transliterated);
    }

    #[test]
    fn korea_designators_and_korean_words_fold_together() {
        let k = vec![concept("korea"), word("taesong"), concept("bank")];
        assert_eq!(org_pieces("Choson Taesong Unhaeng"), k);
        assert_eq!(org_pieces("KOREA TAESONG BANK"), k);
        assert_eq!(
            org_pieces("DPRKN Taesong Bank"),
            org_pieces("North Korean Taesong Bank")
        );
        assert_eq!(
            org_pieces("JOSON PAEKHO MUYOK HOESA"),
            org_pieces("KOREA PAEKHO TRADING CORPORATION")
        );
    }

    #[test]
    fn compound_rows_of_research_section_5_compose() {
        assert_eq!(
            org_pieces("류경상업은행"),
            vec![hangul("류경"), concept("commercial"), concept("bank")]
        );
        assert_eq!(
            org_pieces("Ryugyong Commercial Bank"),
            vec![word("ryugyong"), concept("commercial"), concept("bank")]
        );
        assert_eq!(concepts("송이무역회사"), concepts("Songi Trading Company"));
        assert_eq!(concepts("제일신용은행"), concepts("First Credit Bank"));
        assert_eq!(concepts("Cheil Credit Bank"), concepts("First Credit Bank"));
        assert_eq!(
            concepts("대성무역총회사"),
            concepts("Korea Daesong General Trading Corporation")
                .into_iter()
                .filter(|c| *c != "korea")
                .collect::<BTreeSet<_>>()
        );
    }

    #[test]
    fn split_and_joined_transliterations_meet() {
        assert_eq!(
            org_pieces("Muyokbank"),
            vec![concept("trading"), concept("bank")]
        );
        assert_eq!(org_pieces("Muyokbank"), org_pieces("Muyok Bank"));
        assert_eq!(org_pieces("muyokhoesa"), org_pieces("Muyok Hoesa"));
        assert_eq!(org_pieces("Kwahak-won"), org_pieces("kwahakwon"));
        assert_eq!(
            org_pieces("Nam Chon Gang Shipping"),
            vec![word("nam"), word("chon"), word("gang"), concept("shipping")]
        );
        let ncg = body_index("남천강무역회사");
        assert_eq!(
            org_pieces("NAMCHONGANG CORPORATION"),
            vec![OrgPiece::Body(ncg)]
        );
        assert_eq!(
            org_pieces("Nam Chon Gang Corporation"),
            vec![OrgPiece::Body(ncg)]
        );
    }

    #[test]
    fn bound_syllables_need_a_table_word_before_them_at_the_end() {
        assert_eq!(
            org_pieces("금성학원"),
            vec![hangul("금성"), concept("academy")]
        );
        assert_eq!(
            org_pieces("대성은행"),
            vec![hangul("대성"), concept("bank")]
        );
        assert_eq!(org_pieces("선전선동부"), vec![hangul("선전선동부")]);
        // 로케트공업부 itself is a named body (the Ministry of Rocket Industry).
        assert_eq!(
            org_pieces("로케트공업국"),
            vec![hangul("로케트"), concept("industry"), concept("bureau")]
        );
        assert_eq!(
            org_pieces("Kum Song Trading"),
            vec![word("kum"), word("song"), concept("trading")]
        );
        assert_eq!(
            org_pieces("Kongop Song"),
            vec![concept("industry"), concept("ministry")]
        );
        assert_eq!(
            org_pieces("Song Kongop"),
            vec![word("song"), concept("industry")]
        );
    }

    #[test]
    fn named_bodies_meet_across_word_order_and_scripts() {
        let gb313 = body_index("313총국");
        assert_eq!(
            org_pieces("General Bureau 313"),
            vec![OrgPiece::Body(gb313)]
        );
        assert_eq!(
            org_pieces("313 General Bureau"),
            vec![OrgPiece::Body(gb313)]
        );
        let mnd = body_index("국방성");
        assert_eq!(org_pieces("Kukpang Song"), vec![OrgPiece::Body(mnd)]);
        let rgb = body_index("정찰총국");
        assert_eq!(org_pieces("Chongchal Chongguk"), vec![OrgPiece::Body(rgb)]);
        let wpk = body_index("조선로동당");
        assert_eq!(
            org_pieces("Workers Party of Korea"),
            vec![OrgPiece::Body(wpk)]
        );
        let ftb = body_index("무역은행");
        assert_eq!(
            org_pieces("Foreign Trade Bank of the DPRK"),
            vec![OrgPiece::Body(ftb)]
        );
    }

    #[test]
    fn a_trailing_parenthesis_does_not_hide_a_named_body() {
        let ftb = body_index("무역은행");
        assert_eq!(
            org_pieces("FOREIGN TRADE BANK (FTB)"),
            vec![OrgPiece::Body(ftb)]
        );
        let mnd = body_index("국방성");
        assert_eq!(
            org_pieces("MINISTRY OF THE PEOPLE’S ARMED FORCES (MPAF)"),
            vec![OrgPiece::Body(mnd)]
        );
        let sans = body_index("제2자연과학원");
        assert_eq!(
            org_pieces("SECOND ACADEMY OF NATURAL SCIENCES (KPE.018)"),
            vec![OrgPiece::Body(sans)]
        );
        // Only a trailing parenthesis.
        assert_eq!(
            org_pieces("Leader (MID) Trading"),
            vec![word("leader"), word("mid"), concept("trading")]
        );
    }

    #[test]
    fn generic_words_alone_do_not_make_a_named_body() {
        // "Korea Trading Bank" is a listed name of the Foreign Trade Bank, but
        // "Trading Bank" alone, or its Hangul, is only generic words.
        assert_eq!(
            org_pieces("Trading Bank"),
            vec![concept("trading"), concept("bank")]
        );
        assert_eq!(
            org_pieces("조선무역은행"),
            vec![concept("korea"), concept("trading"), concept("bank")]
        );
        assert_eq!(
            org_pieces("Korea Trading Bank"),
            vec![OrgPiece::Body(body_index("무역은행"))]
        );
    }

    #[test]
    fn korean_org_context_rule() {
        for name in [
            "조선련봉총회사",
            "Chosun Ryonbong General Corp",
            "KOREA RYONBONG GENERAL CORPORATION",
            "Paekho Muyok Hoesa",
            "Mooyokbank",
            "Tongbang U'nhaeng",
            "Chongsong Yonhap",
            "MID",
            "Munitions Industry Department",
        ] {
            assert!(is_korean_org_context(name), "{name}");
        }
        for name in [
            "Trading Company",
            "Commercial Bank",
            "Kum Song",
            "Acme Shipping Ltd",
            "",
        ] {
            assert!(!is_korean_org_context(name), "{name}");
        }
    }

    #[test]
    fn empty_and_symbol_only_names_give_no_pieces() {
        assert!(org_pieces("").is_empty());
        assert!(org_pieces(" ,.;- ").is_empty());
    }

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn org_pieces_never_panics(name in any::<String>()) {
                let _ = org_pieces(&name);
                let _ = is_korean_org_context(&name);
            }

            #[test]
            fn org_pieces_never_panics_on_korean_like_names(
                name in "[가-힣ㄱ-ㅎa-zA-Z0-9 ,.'’/#()-]{0,40}"
            ) {
                let pieces = org_pieces(&name);
                let _ = is_korean_org_context(&name);
                for piece in pieces {
                    match piece {
                        OrgPiece::Word(w) => prop_assert!(!w.is_empty()),
                        OrgPiece::Hangul(h) => prop_assert!(h.chars().all(is_hangul_syllable)),
                        OrgPiece::Concept(c) => prop_assert!(concept_weight(c).is_some()),
                        OrgPiece::Body(i) => prop_assert!(i < named_bodies().len()),
                    }
                }
            }
        }
    }
}

/// Prefix of a concept key (`#general_corporation`).
pub const CONCEPT_PREFIX: &str = "#";
/// Prefix of a named-body key (`@munitions_industry_department`).
pub const BODY_PREFIX: &str = "@";
/// Prefix of a Korean syllable-key word (`~nyonpong` for 련봉 and Ryonbong).
pub const SYLLABLES_PREFIX: &str = "~";

/// An organisation name as comparable keys: table words as concepts, a named
/// body as one key, and leftover words and Hangul runs as joined Korean
/// syllable keys, so that "조선련봉총회사", "Chosun Ryonbong General Corp" and
/// "KOREA RYONBONG GENERAL CORPORATION" give the same keys.
pub fn org_keys(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for piece in org_pieces(name) {
        match piece {
            OrgPiece::Concept(c) => out.push(format!("{CONCEPT_PREFIX}{c}")),
            OrgPiece::Body(i) => {
                let id = named_bodies()
                    .get(i)
                    .map(|b| b.id.replace('-', "_"))
                    .unwrap_or_else(|| i.to_string());
                out.push(format!("{BODY_PREFIX}{id}"));
            }
            OrgPiece::Hangul(h) => {
                let keys: Option<String> = h
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .enumerate()
                    .map(|(i, c)| {
                        crate::normalize::korean_latin::hangul_syllable_keys(c, i == 0)
                            .into_iter()
                            .next()
                    })
                    .collect();
                if let Some(k) = keys.filter(|k| !k.is_empty()) {
                    out.push(format!("{SYLLABLES_PREFIX}{k}"));
                }
            }
            OrgPiece::Word(w) => out.push(latin_word_key(&w)),
        }
    }
    out
}

/// A leftover Latin word: its joined Korean syllable keys when it parses as
/// up to four Korean syllables, else the word itself.
fn latin_word_key(word: &str) -> String {
    use crate::normalize::korean_latin::{segment, syllable_key};
    if let Some(parts) = segment(word).filter(|p| p.len() <= 4) {
        let keys: Option<String> = parts.iter().map(|p| syllable_key(p)).collect();
        if let Some(k) = keys {
            return format!("{SYLLABLES_PREFIX}{k}");
        }
    }
    word.to_string()
}

#[cfg(test)]
mod key_tests {
    use super::*;

    #[test]
    fn ryonbong_meets_in_hangul_transliteration_and_translation() {
        let a = org_keys("조선련봉총회사");
        let b = org_keys("Chosun Ryonbong General Corp");
        let c = org_keys("KOREA RYONBONG GENERAL CORPORATION");
        assert_eq!(a, b);
        assert_eq!(b, c);
    }

    #[test]
    fn the_munitions_industry_department_is_one_key_in_every_form() {
        let k = org_keys("군수공업부");
        assert_eq!(k.len(), 1);
        assert!(k[0].starts_with(BODY_PREFIX));
        assert_eq!(org_keys("Munitions Industry Department"), k);
        assert_eq!(org_keys("MID"), k);
    }
}

#[cfg(test)]
mod body_file_tests {
    use super::*;

    #[test]
    fn every_row_of_the_bodies_file_is_a_named_body() {
        let rows = csv::Reader::from_reader(BODIES_CSV.as_bytes())
            .records()
            .count();
        assert!(rows > 0);
        assert_eq!(named_bodies().len(), rows);
        for b in named_bodies() {
            assert!(!b.id.is_empty(), "{b:?}");
        }
    }

    #[test]
    fn bodies_only_the_file_once_lacked_are_found_by_name() {
        // 39호실 and 기계공업부 were in bodies.csv only; Green Pine and NCG in
        // the compiled table only.
        let body = |name: &str| match org_pieces(name).as_slice() {
            [OrgPiece::Body(i)] => Some(named_bodies()[*i].id.as_str()),
            _ => None,
        };
        assert_eq!(body("39호실"), Some("office-39"));
        assert_eq!(body("Office 39"), Some("office-39"));
        assert_eq!(body("기계공업부"), Some("munitions-industry-department"));
        assert_eq!(body("MID"), Some("munitions-industry-department"));
        assert_eq!(
            body("Green Pine Associated Corporation"),
            Some("green-pine-associated-corporation")
        );
        assert_eq!(body("청송련합"), Some("green-pine-associated-corporation"));
        assert_eq!(body("NCG"), Some("namchongang-trading-corporation"));
        assert_eq!(body("Lazarus Group"), Some("lazarus-group"));
        assert_eq!(body("Korea Ryonbong General Corporation"), None);
    }

    #[test]
    fn a_body_key_is_its_stable_id() {
        assert_eq!(
            org_keys("Reconnaissance General Bureau"),
            [format!("{BODY_PREFIX}reconnaissance_general_bureau")]
        );
    }
}
