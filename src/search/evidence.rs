//! Date of birth and country as evidence: a match raises the score a little, a
//! conflict lowers it, absence (on either side) changes nothing. Every effect
//! is explained. OFAC asks for exactly this: a name hit is confirmed or ruled
//! out with date of birth, nationality and address (OFAC FAQ 5).

use crate::normalize;

/// Added when the date of birth agrees (to the precision both sides have).
pub const DOB_MATCH: f32 = 0.05;
/// Subtracted when the listed entity has dates of birth and none agrees, not
/// even by year.
pub const DOB_CONFLICT: f32 = 0.15;
/// Added when the country agrees with a listed nationality or country.
pub const COUNTRY_MATCH: f32 = 0.03;
/// Subtracted when the listed entity has countries and none agrees.
pub const COUNTRY_CONFLICT: f32 = 0.05;

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

/// The key of a country name or code: a table key where the table knows it,
/// else the folded name.
pub fn country_key(s: &str) -> String {
    let folded = normalize::fold(s).into_owned();
    for (key, names) in COUNTRY_ALIASES {
        if names.contains(&folded.as_str()) {
            return (*key).to_string();
        }
    }
    folded
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DobFinding {
    NoneListed,
    Agrees,
    SameYear,
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
    let dob = evidence.dob.as_ref().map(|d| {
        if listed_dobs.is_empty() {
            DobFinding::NoneListed
        } else if listed_dobs.iter().any(|r| r.overlaps(d)) {
            DobFinding::Agrees
        } else if listed_dobs.iter().any(|r| r.overlaps_year(d.year)) {
            DobFinding::SameYear
        } else {
            DobFinding::Conflicts
        }
    });
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
            Some(DobFinding::Conflicts) => delta -= DOB_CONFLICT,
            _ => {}
        }
        match self.country {
            Some(CountryFinding::Agrees) => delta += COUNTRY_MATCH,
            Some(CountryFinding::Conflicts) => delta -= COUNTRY_CONFLICT,
            _ => {}
        }
        delta
    }

    /// One note per piece of evidence, saying what it did.
    pub fn notes(&self, evidence: &Evidence) -> Vec<String> {
        let mut notes = Vec::new();
        if let Some(dob) = self.dob {
            notes.push(match dob {
                DobFinding::NoneListed => "date of birth: none listed (neutral)".to_string(),
                DobFinding::Agrees => format!("date of birth agrees: +{DOB_MATCH}"),
                DobFinding::SameYear => "date of birth: same year, other day (neutral)".to_string(),
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
    fn evidence_raises_lowers_or_stays_neutral() {
        let dobs = [DateRange::from_iso("1984-01-08", "1984-01-08").unwrap()];
        let countries = ["kp".to_string()];
        let ev = |dob: &str, c: &str| Evidence {
            dob: parse_date(dob),
            country: Some(c.to_string()),
            country_key: None,
        };
        assert!(apply(&ev("1984-01-08", "KP"), &dobs, &countries).0 > 0.0);
        assert!(apply(&ev("1990", "KP"), &dobs, &countries).0 < 0.0);
        assert_eq!(apply(&Evidence::default(), &dobs, &countries).0, 0.0);
        assert_eq!(apply(&ev("1990", "KP"), &[], &[]).0, 0.0);
    }
}
