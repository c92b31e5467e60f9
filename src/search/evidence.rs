//! Date of birth and country as evidence: agreement raises the score a
//! little, a conflict lowers it, absence (on either side) changes nothing.
//! Every effect is explained.
//!
//! OFAC asks for exactly this: a name hit is confirmed or ruled out by
//! comparing date of birth, nationality, address and identifiers with the
//! listed ones (OFAC FAQ 5). The sizes follow nomenklatura's logic-v2, the
//! default matcher of OpenSanctions' yente, whose penalties are a birth year
//! that differs -0.15 and a birth day that differs -0.25
//! (`../shared/research/anchors.md`):
//!
//! | finding | effect |
//! |---|---|
//! | full date on both sides, equal | [`DOB_MATCH`] |
//! | agreement only as far as one side is known (a year, a month) | [`DOB_PARTIAL_MATCH`] |
//! | full dates in the same year with day and month swapped (`08/01` for `01/08`) | neutral: a clerical slip |
//! | full dates in the same year, another day or month | [`DOB_DAY_CONFLICT`] |
//! | a date one digit away from a listed one (`1988-01-06` / `1989-01-06`, `1985` / `1986`): a typo or a year's uncertainty | [`DOB_DAY_CONFLICT`] |
//! | years differ, one side known only to the year or month | [`DOB_YEAR_CONFLICT`] |
//! | a full date whose year is in no listed date | [`DOB_CONFLICT`]: a name-only match falls below the alert threshold ([`possible`]) |
//!
//! A country lowers less than logic-v2's -0.2 ([`COUNTRY_CONFLICT`]): the
//! country on a payroll is where a payee lives or banks, the listed one is
//! often a nationality, and the people this tool looks for live abroad.

use crate::normalize;

/// Added when full dates of birth agree.
pub const DOB_MATCH: f32 = 0.05;
/// Added when the dates agree as far as the less precise side is known (a
/// year-only date of birth agrees with any day of that year).
pub const DOB_PARTIAL_MATCH: f32 = 0.02;
/// Subtracted when full dates fall in the same year but differ in day or
/// month (not by a day-month swap).
pub const DOB_DAY_CONFLICT: f32 = 0.10;
/// Subtracted when the years differ and one side gives only a year or month:
/// logic-v2's birth-year penalty.
pub const DOB_YEAR_CONFLICT: f32 = 0.15;
/// Subtracted when a full date of birth falls in no listed year: logic-v2's
/// birth-day penalty. With it a name that matches exactly, even with an
/// agreeing country, ends below the alert threshold
/// (`1 - DOB_CONFLICT + COUNTRY_MATCH < 0.80`): the match is kept for
/// review as a possible match, not raised as an alert.
pub const DOB_CONFLICT: f32 = 0.25;
/// Added when the country agrees with a listed nationality or country.
pub const COUNTRY_MATCH: f32 = 0.03;
/// Subtracted when the listed entity has countries and none agrees.
pub const COUNTRY_CONFLICT: f32 = 0.05;

/// The most evidence can add to a score.
pub const MOST_ADDED: f32 = DOB_MATCH + COUNTRY_MATCH;

/// Whether a match is a possible one rather than an alert: its name alone
/// reaches `alert_threshold` and the evidence takes it below.
pub fn possible(name_score: f32, score: f32, alert_threshold: f32) -> bool {
    name_score >= alert_threshold && score < alert_threshold
}

/// A date as precise as it was written: year, year-month or full date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PartialDate {
    pub year: u16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// Parses `YYYY`, `YYYY-MM`, `YYYY-MM-DD` (also with `/` or `.`), and
/// `DD/MM/YYYY` or `DD.MM.YYYY`.
pub fn parse_date(s: &str) -> Option<PartialDate> {
    let parts: Vec<&str> = s
        .trim()
        .split(['-', '/', '.', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    let num = |p: &str| p.parse::<u16>().ok();
    let (y, m, d) = match parts.as_slice() {
        [y] if y.len() == 4 => (num(y)?, None, None),
        [y, m] if y.len() == 4 => (num(y)?, Some(num(m)?), None),
        [y, m, d] if y.len() == 4 => (num(y)?, Some(num(m)?), Some(num(d)?)),
        [d, m, y] if y.len() == 4 => (num(y)?, Some(num(m)?), Some(num(d)?)),
        _ => return None,
    };
    if !(1000..=2999).contains(&y)
        || m.is_some_and(|m| !(1..=12).contains(&m))
        || d.is_some_and(|d| !(1..=31).contains(&d))
    {
        return None;
    }
    Some(PartialDate {
        year: y,
        month: m.map(|m| m as u8),
        day: d.map(|d| d as u8),
    })
}

pub use crate::model::DateRange;

impl DateRange {
    /// From a listed `from`/`to` pair of ISO partial dates.
    pub fn from_iso(from: &str, to: &str) -> Option<DateRange> {
        let f = parse_date(from)?;
        let t = parse_date(to)?;
        Some(DateRange {
            from: (f.year, f.month.unwrap_or(1), f.day.unwrap_or(1)),
            to: (t.year, t.month.unwrap_or(12), t.day.unwrap_or(31)),
        })
    }

    fn overlaps(&self, d: &PartialDate) -> bool {
        let lo = (d.year, d.month.unwrap_or(1), d.day.unwrap_or(1));
        let hi = (d.year, d.month.unwrap_or(12), d.day.unwrap_or(31));
        lo <= self.to && hi >= self.from
    }

    fn overlaps_year(&self, year: u16) -> bool {
        year >= self.from.0 && year <= self.to.0
    }

    /// A single listed day.
    fn is_one_day(&self) -> bool {
        self.from == self.to
    }

    /// Whether `d`, written as digits to its precision (`19880106`, `1985`),
    /// differs in one digit from this range's start written to the same
    /// precision. Only a single day, or a whole year for a date that is a
    /// year, is compared: a range wider than that is not one date.
    fn is_one_digit_from(&self, d: &PartialDate) -> bool {
        let (y, m, day) = self.from;
        let listed = match (d.month, d.day) {
            (Some(_), Some(_)) if self.is_one_day() => format!("{y:04}{m:02}{day:02}"),
            (None, None) if self.from.0 == self.to.0 => format!("{y:04}"),
            _ => return false,
        };
        let query = match (d.month, d.day) {
            (Some(m), Some(day)) => format!("{:04}{m:02}{day:02}", d.year),
            _ => format!("{:04}", d.year),
        };
        listed.len() == query.len()
            && listed
                .bytes()
                .zip(query.bytes())
                .filter(|(a, b)| a != b)
                .count()
                == 1
    }

    /// A single listed day that is `d` with day and month swapped
    /// (`1984-08-01` for `1984-01-08`).
    fn is_swap_of(&self, d: &PartialDate) -> bool {
        match (d.month, d.day) {
            (Some(m), Some(day)) if m != day => self.is_one_day() && self.from == (d.year, day, m),
            _ => false,
        }
    }
}

/// Country names and codes to one key. Lists write "Korea, North",
/// "Democratic People's Republic of Korea", "North Korea"; payrolls write KP.
const COUNTRY_ALIASES: &[(&str, &[&str])] = &[
    (
        "kp",
        &[
            "kp",
            "prk",
            "dprk",
            "north korea",
            "korea north",
            "korea dprk",
            "democratic peoples republic of korea",
            "korea democratic peoples republic of",
            "korea democratic peoples republic",
        ],
    ),
    (
        "kr",
        &[
            "kr",
            "kor",
            "rok",
            "south korea",
            "korea south",
            "republic of korea",
            "korea republic of",
        ],
    ),
    (
        "cn",
        &["cn", "chn", "china", "peoples republic of china", "prc"],
    ),
    ("ru", &["ru", "rus", "russia", "russian federation"]),
    (
        "us",
        &["us", "usa", "united states", "united states of america"],
    ),
    ("gb", &["gb", "gbr", "uk", "united kingdom"]),
    ("ir", &["ir", "irn", "iran", "iran islamic republic of"]),
    ("sy", &["sy", "syr", "syria", "syrian arab republic"]),
    ("ae", &["ae", "are", "uae", "united arab emirates"]),
    ("jp", &["jp", "jpn", "japan"]),
    (
        "la",
        &["la", "lao", "laos", "lao peoples democratic republic"],
    ),
    ("vn", &["vn", "vnm", "vietnam", "viet nam"]),
    ("sg", &["sg", "sgp", "singapore"]),
    ("tw", &["tw", "twn", "taiwan"]),
];

/// The key of a country name or code: its ISO 3166-1 alpha-2 code in lower
/// case where it is known, else the folded name. Known are the spellings of
/// [`COUNTRY_ALIASES`] (the lists' own), and every alpha-2 and alpha-3 code
/// and ISO English short name of ISO 3166-1 (the `isocountry` crate's
/// tables: `HT`, `HTI`, `Haiti`; `Congo, Democratic Republic of the` folds as
/// ISO's `Congo (Democratic Republic of the)` does). Both sides, listed and
/// queried, go through it.
pub fn country_key(s: &str) -> String {
    let folded = normalize::fold(s).into_owned();
    for (key, names) in COUNTRY_ALIASES {
        if names.contains(&folded.as_str()) {
            return (*key).to_string();
        }
    }
    let code = match folded.len() {
        2 => isocountry::CountryCode::for_alpha2_caseless(&folded).ok(),
        3 => isocountry::CountryCode::for_alpha3_caseless(&folded).ok(),
        _ => None,
    };
    if let Some(code) = code {
        return code.alpha2().to_ascii_lowercase();
    }
    match iso_names().get(&folded) {
        Some(key) => key.clone(),
        None => folded,
    }
}

/// ISO 3166-1 English short names, folded, to their lower-case alpha-2 code;
/// also each name without its parenthesised part (`Iran (Islamic Republic
/// of)` as `iran`) where that is one country's alone (not `Korea`).
fn iso_names() -> &'static std::collections::HashMap<String, String> {
    static NAMES: std::sync::OnceLock<std::collections::HashMap<String, String>> =
        std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names = std::collections::HashMap::new();
        let mut short: std::collections::HashMap<String, Option<String>> =
            std::collections::HashMap::new();
        for code in isocountry::CountryCode::iter() {
            let key = code.alpha2().to_ascii_lowercase();
            let name = code.name();
            names.insert(normalize::fold(name).into_owned(), key.clone());
            if let Some((head, _)) = name.split_once(" (") {
                short
                    .entry(normalize::fold(head).into_owned())
                    .and_modify(|k| *k = None)
                    .or_insert(Some(key));
            }
        }
        for (name, key) in short {
            if let Some(key) = key {
                names.entry(name).or_insert(key);
            }
        }
        names
    })
}

/// What the query brings besides the name.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    pub dob: Option<PartialDate>,
    pub country: Option<String>,
    /// [`country_key`] of `country`, worked out once per query.
    pub country_key: Option<String>,
}

/// The score change and its explanations.
pub fn apply(
    evidence: &Evidence,
    listed_dobs: &[DateRange],
    listed_countries: &[String],
) -> (f32, Vec<String>) {
    let findings = assess(evidence, listed_dobs, listed_countries);
    (findings.delta(), findings.notes(evidence))
}

/// What the evidence says about one listed entity, before anything is
/// written down: scoring needs only [`Findings::delta`], and the notes are
/// written for the matches that are returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Findings {
    dob: Option<DobFinding>,
    country: Option<CountryFinding>,
}

/// How a date of birth compares with the listed ones (the rows of the
/// module doc's table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DobFinding {
    NoneListed,
    /// Full dates, equal.
    Agrees,
    /// Agreement as far as the less precise side is known.
    AgreesPartly,
    /// Full dates in the same year with day and month swapped.
    Swapped,
    /// Full dates in the same year, another day or month; or a date one
    /// digit away from a listed one.
    DayConflicts,
    /// Years differ; one side is known only to the year or month.
    YearConflicts,
    /// A full date whose year is in no listed date.
    Conflicts,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CountryFinding {
    NoneListed,
    Agrees,
    Conflicts,
}

/// Compares the evidence with a listed entity's dates of birth and countries.
pub fn assess(
    evidence: &Evidence,
    listed_dobs: &[DateRange],
    listed_countries: &[String],
) -> Findings {
    let dob = evidence.dob.as_ref().map(|d| compare_dob(d, listed_dobs));
    let country = evidence.country.as_deref().map(|c| {
        let computed;
        let key = match &evidence.country_key {
            Some(key) => key,
            None => {
                computed = country_key(c);
                &computed
            }
        };
        if listed_countries.is_empty() {
            CountryFinding::NoneListed
        } else if listed_countries.contains(key) {
            CountryFinding::Agrees
        } else {
            CountryFinding::Conflicts
        }
    });
    Findings { dob, country }
}

impl DobFinding {
    fn lowers(self) -> bool {
        matches!(
            self,
            DobFinding::DayConflicts | DobFinding::YearConflicts | DobFinding::Conflicts
        )
    }
}

/// A date of birth against an entity's listed ones.
fn compare_dob(d: &PartialDate, listed: &[DateRange]) -> DobFinding {
    let full = d.day.is_some();
    if listed.is_empty() {
        DobFinding::NoneListed
    } else if let Some(r) = listed.iter().find(|r| r.overlaps(d)) {
        if full && r.is_one_day() {
            DobFinding::Agrees
        } else {
            DobFinding::AgreesPartly
        }
    } else if listed.iter().any(|r| r.is_swap_of(d)) {
        DobFinding::Swapped
    } else if listed
        .iter()
        .any(|r| r.overlaps_year(d.year) || r.is_one_digit_from(d))
    {
        DobFinding::DayConflicts
    } else if full && listed.iter().any(DateRange::is_one_day) {
        DobFinding::Conflicts
    } else {
        DobFinding::YearConflicts
    }
}

impl Findings {
    /// True when there is anything to say (the query brought evidence).
    pub fn any(&self) -> bool {
        self.dob.is_some() || self.country.is_some()
    }

    /// The score change.
    pub fn delta(&self) -> f32 {
        let mut delta = 0.0;
        match self.dob {
            Some(DobFinding::Agrees) => delta += DOB_MATCH,
            Some(DobFinding::AgreesPartly) => delta += DOB_PARTIAL_MATCH,
            Some(DobFinding::DayConflicts) => delta -= DOB_DAY_CONFLICT,
            Some(DobFinding::YearConflicts) => delta -= DOB_YEAR_CONFLICT,
            Some(DobFinding::Conflicts) => delta -= DOB_CONFLICT,
            Some(DobFinding::NoneListed | DobFinding::Swapped) | None => {}
        }
        match self.country {
            Some(CountryFinding::Agrees) => delta += COUNTRY_MATCH,
            Some(CountryFinding::Conflicts) => delta -= COUNTRY_CONFLICT,
            _ => {}
        }
        delta
    }

    /// The notes of the evidence against the match (a date of birth or a
    /// country that conflicts), joined: why a possible match is not an
    /// alert. `None` when nothing speaks against it.
    pub fn against(&self, evidence: &Evidence) -> Option<String> {
        let against = Findings {
            dob: self.dob.filter(|d| d.lowers()),
            country: self.country.filter(|c| *c == CountryFinding::Conflicts),
        };
        let notes = against.notes(evidence);
        (!notes.is_empty()).then(|| notes.join("; "))
    }

    /// One note per piece of evidence, saying what it did.
    pub fn notes(&self, evidence: &Evidence) -> Vec<String> {
        let mut notes = Vec::new();
        if let Some(dob) = self.dob {
            notes.push(match dob {
                DobFinding::NoneListed => "date of birth: none listed (neutral)".to_string(),
                DobFinding::Agrees => format!("date of birth agrees: +{DOB_MATCH}"),
                DobFinding::AgreesPartly => {
                    format!("date of birth agrees as far as both are known: +{DOB_PARTIAL_MATCH}")
                }
                DobFinding::Swapped => "date of birth: day and month swapped (neutral)".to_string(),
                DobFinding::DayConflicts => {
                    format!("date of birth: same year, another day: -{DOB_DAY_CONFLICT}")
                }
                DobFinding::YearConflicts => {
                    format!("year of birth conflicts with every listed one: -{DOB_YEAR_CONFLICT}")
                }
                DobFinding::Conflicts => {
                    format!("date of birth conflicts with every listed one: -{DOB_CONFLICT}")
                }
            });
        }
        if let (Some(country), Some(c)) = (self.country, &evidence.country) {
            notes.push(match country {
                CountryFinding::NoneListed => "country: none listed (neutral)".to_string(),
                CountryFinding::Agrees => format!("country agrees ({c}): +{COUNTRY_MATCH}"),
                CountryFinding::Conflicts => {
                    format!("country {c} is not a listed one: -{COUNTRY_CONFLICT}")
                }
            });
        }
        notes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_common_forms() {
        assert_eq!(parse_date("1984").unwrap().month, None);
        assert_eq!(parse_date("1984-01-08").unwrap().day, Some(8));
        assert_eq!(parse_date("08/01/1984").unwrap().month, Some(1));
        assert!(parse_date("yesterday").is_none());
        assert!(parse_date("1984-13-01").is_none());
    }

    #[test]
    fn korea_is_one_key_however_written() {
        assert_eq!(country_key("Korea, North"), "kp");
        assert_eq!(country_key("Democratic People's Republic of Korea"), "kp");
        assert_eq!(country_key("KP"), "kp");
        assert_eq!(country_key("Republic of Korea"), "kr");
        assert_eq!(country_key("Narnia"), "narnia");
    }

    #[test]
    fn iso_codes_and_names_are_one_key() {
        for written in ["HT", "hti", "Haiti"] {
            assert_eq!(country_key(written), "ht", "{written}");
        }
        assert_eq!(country_key("SO"), country_key("Somalia"));
        assert_eq!(
            country_key("CD"),
            country_key("Congo, Democratic Republic of the")
        );
        assert_eq!(country_key("Iran"), "ir");
        assert_eq!(country_key("Iran (Islamic Republic of)"), "ir");
        // "Korea" alone is either Korea: it stays a name.
        assert_eq!(country_key("Korea"), "korea");
    }

    #[test]
    fn evidence_raises_lowers_or_stays_neutral() {
        let dobs = [DateRange::from_iso("1984-01-08", "1984-01-08").unwrap()];
        let countries = ["kp".to_string()];
        assert!(apply(&ev("1984-01-08", "KP"), &dobs, &countries).0 > 0.0);
        assert!(apply(&ev("1990", "KP"), &dobs, &countries).0 < 0.0);
        assert_eq!(apply(&Evidence::default(), &dobs, &countries).0, 0.0);
        assert_eq!(apply(&ev("1990", "KP"), &[], &[]).0, 0.0);
    }

    /// A query's evidence: a date of birth and a country.
    fn ev(dob: &str, country: &str) -> Evidence {
        Evidence {
            dob: parse_date(dob),
            country: Some(country.to_string()),
            country_key: None,
        }
    }

    fn dob_delta(query: &str, listed: &[(&str, &str)]) -> f32 {
        let listed: Vec<DateRange> = listed
            .iter()
            .map(|(f, t)| DateRange::from_iso(f, t).unwrap())
            .collect();
        let evidence = Evidence {
            dob: parse_date(query),
            ..Evidence::default()
        };
        assess(&evidence, &listed, &[]).delta()
    }

    #[test]
    fn a_full_date_conflict_weighs_most_and_a_year_only_one_less() {
        let day = [("1984-01-08", "1984-01-08")];
        let year = [("1984-01-01", "1984-12-31")];
        assert_eq!(dob_delta("1984-01-08", &day), DOB_MATCH);
        assert_eq!(dob_delta("1984", &day), DOB_PARTIAL_MATCH);
        assert_eq!(dob_delta("1984-05-02", &year), DOB_PARTIAL_MATCH);
        // Day and month swapped: a slip, not evidence either way.
        assert_eq!(dob_delta("1984-08-01", &day), 0.0);
        assert_eq!(dob_delta("1984-03-02", &day), -DOB_DAY_CONFLICT);
        assert_eq!(dob_delta("1990", &day), -DOB_YEAR_CONFLICT);
        assert_eq!(dob_delta("1990-03-02", &year), -DOB_YEAR_CONFLICT);
        assert_eq!(dob_delta("1990-03-02", &day), -DOB_CONFLICT);
        // One digit away: a typo or a year's doubt, not another person.
        assert_eq!(dob_delta("1985-01-08", &day), -DOB_DAY_CONFLICT);
        assert_eq!(dob_delta("1984-02-08", &day), -DOB_DAY_CONFLICT);
        assert_eq!(dob_delta("1985", &year), -DOB_DAY_CONFLICT);
        assert_eq!(dob_delta("1994-01-08", &day), -DOB_DAY_CONFLICT);
        assert_eq!(dob_delta("1995-01-09", &day), -DOB_CONFLICT);
        // Any listed date that agrees is enough (lists give several).
        let several = [("1984-01-08", "1984-01-08"), ("1990-03-02", "1990-03-02")];
        assert_eq!(dob_delta("1990-03-02", &several), DOB_MATCH);
    }

    #[test]
    fn a_conflicting_full_date_takes_an_exact_name_below_the_alert() {
        let alert = crate::search::DEFAULT_ALERT_THRESHOLD;
        assert!(1.0 - DOB_CONFLICT + COUNTRY_MATCH < alert);
        assert!(possible(1.0, 1.0 - DOB_CONFLICT, alert));
        assert!(!possible(0.79, 0.6, alert));
        assert!(!possible(0.95, 0.85, alert));
        // Year-only conflicts and other days lower less: a strong name
        // still alerts, and is explained.
        assert!(1.0 - DOB_YEAR_CONFLICT >= alert);
        const { assert!(DOB_DAY_CONFLICT < DOB_YEAR_CONFLICT && DOB_YEAR_CONFLICT < DOB_CONFLICT) };
    }

    #[test]
    fn the_reason_against_names_only_what_lowers() {
        let dobs = [DateRange::from_iso("1984-01-08", "1984-01-08").unwrap()];
        let countries = ["kp".to_string()];
        let against =
            assess(&ev("1990-03-02", "KP"), &dobs, &countries).against(&ev("1990-03-02", "KP"));
        let against = against.unwrap();
        assert!(against.contains("conflicts"), "{against}");
        assert!(!against.contains("country"), "{against}");
        let none = assess(&ev("1984-01-08", "KP"), &dobs, &countries);
        assert_eq!(none.against(&ev("1984-01-08", "KP")), None);
        let country = assess(&ev("1984-01-08", "CN"), &dobs, &countries);
        assert!(
            country
                .against(&ev("1984-01-08", "CN"))
                .unwrap()
                .contains("CN")
        );
    }
}
