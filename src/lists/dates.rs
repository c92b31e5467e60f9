//! Dates as the list files write them: the one date parser every list
//! parser calls.
//!
//! | form | example | where the lists write it |
//! |---|---|---|
//! | day, month name, year | `08 Jan 1984`, `8 jan 1984`, `01 September 1970` | OFAC XML `dateOfBirth`, OFAC remarks `DOB`, `Listing Date` |
//! | month name, year | `Jan 1984`, `Sept. 1984` | the same |
//! | ISO 8601, to the year, month or day | `1984`, `1984-01`, `1984-01-08` | UN `DATE`, the Korean list's `designated_on`, OFAC |
//! | US `MM/DD/YYYY` | `1/8/2026` | OFAC's `Publish_Date` header |
//! | a span | `1950 to 1955`, `1950 - 1955`, `1979-1982`, `01 Jan 1950 to 31 Dec 1955` | OFAC dates of birth |
//! | approximate | `circa 1960`, `ca. 1960`, `c. 1960`, `approx. 1960`, `approximately 1960`, `about 1960` | OFAC dates of birth |
//! | prose | `Between Aug. and Sep. 1977`, `Nov. 1973` | UN `NOTE`s: [`years_in`], [`months_in`] |
//!
//! A day is checked against the Gregorian calendar (`29 Feb 2001`, `31 Apr
//! 1980`, `1984-13-01` are not dates); a year has four digits and is not
//! `0000`; a day has one or two digits; month names are English, whole or
//! abbreviated to three letters ([`month_number`]). Letter case and runs of
//! white space do not matter.
//!
//! What a parsed date of birth is called (the [`crate::model::BirthDate`]
//! `kind`) is each list parser's decision, made from the [`Span`] this
//! module returns: the parsers document their mapping.

/// English month names, as the lists write them in dates of birth.
const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Words that mark a date as approximate when it starts with one (any case),
/// as OFAC writes them.
const APPROXIMATE: [&str; 6] = [
    "circa ",
    "ca. ",
    "c. ",
    "approx. ",
    "approximately ",
    "about ",
];

/// What stands between the two ends of a span (any case), tried in this
/// order; `YYYY-YYYY` is a span too.
const SPAN_SEPARATORS: [&str; 2] = [" to ", " - "];

/// The years [`years_in`] takes for a year in prose: a four-digit number
/// outside these is more likely a count or a reference than a year of birth.
const PLAUSIBLE_YEARS: std::ops::RangeInclusive<u32> = 1800..=2100;

/// How precise a single date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// A single date: its ISO form to its precision (`1984`, `1984-01`,
/// `1984-01-08`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Date {
    pub iso: String,
    pub precision: Precision,
}

/// A date or a span of dates, as written for a date of birth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// ISO form of the first date (the only one for a single date).
    pub from: String,
    /// ISO form of the last date (`from` again for a single date).
    pub to: String,
    /// Written with `circa`, `about`, ...
    pub approximate: bool,
    /// `Some(precision)` for a single date, `None` for `A to B`.
    pub single: Option<Precision>,
}

/// `Jan`, `Jan.`, `January`, `Sept` (any case) to 1..=12; nothing else
/// (`Janu` is not a month).
pub fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| *m == w || m.get(..3) == Some(w.as_str()))
        .map(|i| i as u32 + 1)
}

/// A four-digit year, not `0000`.
pub fn year(s: &str) -> Option<u32> {
    if s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok().filter(|y| *y > 0)
}

/// A number of 1 to `max_digits` ASCII digits.
fn small_number(s: &str, max_digits: usize) -> Option<u32> {
    if s.is_empty() || s.len() > max_digits || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Whether `day` exists in `month` of `year` (Gregorian, leap years included).
fn valid_day(year: u32, month: u32, day: u32) -> bool {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

fn day_date(year: u32, month: u32, day: u32) -> Option<Date> {
    valid_day(year, month, day).then(|| Date {
        iso: format!("{year:04}-{month:02}-{day:02}"),
        precision: Precision::Day,
    })
}

fn month_date(year: u32, month: u32) -> Option<Date> {
    (1..=12).contains(&month).then(|| Date {
        iso: format!("{year:04}-{month:02}"),
        precision: Precision::Month,
    })
}

/// A single date: `08 Jan 1984`, `Jan 1984`, or ISO ([`parse_iso`]).
pub fn parse_date(s: &str) -> Option<Date> {
    let words: Vec<&str> = s.split_whitespace().collect();
    match words.as_slice() {
        [day, month, year_word] => day_date(
            year(year_word)?,
            month_number(month)?,
            small_number(day, 2)?,
        ),
        [month, year_word] => month_date(year(year_word)?, month_number(month)?),
        [one] => parse_iso(one),
        _ => None,
    }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, nothing around it.
pub fn parse_iso(s: &str) -> Option<Date> {
    let parts: Vec<&str> = s.split('-').collect();
    match parts.as_slice() {
        [y] => Some(Date {
            iso: format!("{:04}", year(y)?),
            precision: Precision::Year,
        }),
        [y, m] if m.len() == 2 => month_date(year(y)?, small_number(m, 2)?),
        [y, m, d] if m.len() == 2 && d.len() == 2 => {
            day_date(year(y)?, small_number(m, 2)?, small_number(d, 2)?)
        }
        _ => None,
    }
}

/// `MM/DD/YYYY` (OFAC's `Publish_Date`; one-digit month and day too) to
/// `YYYY-MM-DD`.
pub fn us_date_to_iso(s: &str) -> Option<String> {
    let mut parts = s.trim().split('/');
    let (m, d, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let date = day_date(year(y)?, small_number(m, 2)?, small_number(d, 2)?)?;
    Some(date.iso)
}

/// A date of birth as written: a single date, a span, either of them
/// approximate (see the module doc for the forms). `None` when it is none
/// of these.
pub fn parse_span(text: &str) -> Option<Span> {
    let norm = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let (body, approximate) = match APPROXIMATE.iter().find_map(|p| strip_prefix_ci(&norm, p)) {
        Some(rest) => (rest, true),
        None => (norm.as_str(), false),
    };
    if let Some((a, b)) = split_span(body) {
        return Some(Span {
            from: parse_date(a.trim())?.iso,
            to: parse_date(b.trim())?.iso,
            approximate,
            single: None,
        });
    }
    let date = parse_date(body)?;
    Some(Span {
        to: date.iso.clone(),
        from: date.iso,
        approximate,
        single: Some(date.precision),
    })
}

/// The two ends of `A to B`, `A - B` or `YYYY-YYYY`; the first separator
/// found decides.
fn split_span(s: &str) -> Option<(&str, &str)> {
    let lower = s.to_ascii_lowercase();
    for sep in SPAN_SEPARATORS {
        if let Some(at) = lower.find(sep) {
            // `lower` has the byte layout of `s`: only ASCII letters changed.
            return Some((s.get(..at)?, s.get(at + sep.len()..)?));
        }
    }
    let (a, b) = s.split_once('-')?;
    (year(a.trim()).is_some() && year(b.trim()).is_some()).then_some((a, b))
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let n = prefix.len();
    (s.len() >= n && s.is_char_boundary(n) && s[..n].eq_ignore_ascii_case(prefix)).then(|| &s[n..])
}

/// Plausible years (1800-2100) written as four-digit words in `text`, in order.
pub fn years_in(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| is_plausible_year(w))
        .collect()
}

/// Whether `s` is a four-digit year in 1800-2100.
pub fn is_plausible_year(s: &str) -> bool {
    year(s).is_some_and(|y| PLAUSIBLE_YEARS.contains(&y))
}

/// Month numbers named in `text` (`Nov.`, `August`, `Sep`), in order.
pub fn months_in(text: &str) -> Vec<u32> {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter_map(month_number)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_names_and_abbreviations() {
        assert_eq!(month_number("Jan"), Some(1));
        assert_eq!(month_number("jan."), Some(1));
        assert_eq!(month_number("SEPTEMBER"), Some(9));
        assert_eq!(month_number("Sept"), Some(9));
        assert_eq!(month_number("Sept."), Some(9));
        assert_eq!(month_number("Janu"), None);
        assert_eq!(month_number("ma"), None);
        assert_eq!(month_number("Mär"), None);
    }

    fn date(s: &str) -> Option<(String, Precision)> {
        parse_date(s).map(|d| (d.iso, d.precision))
    }

    #[test]
    fn single_dates_in_every_written_form() {
        use Precision::*;
        let cases: &[(&str, Option<(&str, Precision)>)] = &[
            ("08 Jan 1984", Some(("1984-01-08", Day))),
            ("8 jan 1984", Some(("1984-01-08", Day))),
            ("01 September 1970", Some(("1970-09-01", Day))),
            ("  29   Feb 2000 ", Some(("2000-02-29", Day))),
            ("Jan 1984", Some(("1984-01", Month))),
            ("Sept. 1984", Some(("1984-09", Month))),
            ("1962", Some(("1962", Year))),
            ("1984-01", Some(("1984-01", Month))),
            ("1984-01-08", Some(("1984-01-08", Day))),
            ("29 Feb 2001", None),
            ("31 Apr 1980", None),
            ("32 Jan 1984", None),
            ("0 Jan 1984", None),
            ("008 Jan 1984", None),
            ("+8 Jan 1984", None),
            ("08 Foo 1984", None),
            ("08 Jan 84", None),
            ("84", None),
            ("0000", None),
            ("1984-13", None),
            ("1984-1", None),
            ("1984-02-30", None),
            ("1984-01-8", None),
            ("1984/01/08", None),
            ("", None),
        ];
        for (text, expected) in cases {
            let expected = expected.map(|(iso, p)| (iso.to_string(), p));
            assert_eq!(date(text), expected, "{text:?}");
        }
    }

    #[test]
    fn iso_dates_alone() {
        assert_eq!(parse_iso("2024-02-29").unwrap().iso, "2024-02-29");
        assert_eq!(parse_iso("2024").unwrap().precision, Precision::Year);
        assert_eq!(parse_iso("2024-02-29 "), None);
        assert_eq!(parse_iso("Jan 2024"), None);
        assert_eq!(parse_iso("2023-02-29"), None);
    }

    #[test]
    fn us_dates() {
        assert_eq!(us_date_to_iso("1/8/2026").as_deref(), Some("2026-01-08"));
        assert_eq!(
            us_date_to_iso(" 12/31/2025 ").as_deref(),
            Some("2025-12-31")
        );
        assert_eq!(us_date_to_iso("13/08/2026"), None);
        assert_eq!(us_date_to_iso("02/30/2026"), None);
        assert_eq!(us_date_to_iso("1/8/2026/1"), None);
        assert_eq!(us_date_to_iso("2026-01-08"), None);
    }

    fn span(s: &str) -> Option<(String, String, bool, Option<Precision>)> {
        parse_span(s).map(|d| (d.from, d.to, d.approximate, d.single))
    }

    #[test]
    fn spans_and_approximate_dates() {
        use Precision::*;
        type Span<'a> = (&'a str, &'a str, bool, Option<Precision>);
        let cases: &[(&str, Option<Span>)] = &[
            (
                "08 Jan 1984",
                Some(("1984-01-08", "1984-01-08", false, Some(Day))),
            ),
            ("Jan 1984", Some(("1984-01", "1984-01", false, Some(Month)))),
            ("1962", Some(("1962", "1962", false, Some(Year)))),
            ("circa 1960", Some(("1960", "1960", true, Some(Year)))),
            (
                "Circa 08 Jan 1984",
                Some(("1984-01-08", "1984-01-08", true, Some(Day))),
            ),
            ("ca. 1960", Some(("1960", "1960", true, Some(Year)))),
            ("c. 1960", Some(("1960", "1960", true, Some(Year)))),
            ("approx. 1960", Some(("1960", "1960", true, Some(Year)))),
            (
                "approximately 1960",
                Some(("1960", "1960", true, Some(Year))),
            ),
            ("about 1960", Some(("1960", "1960", true, Some(Year)))),
            ("circa 1950 to 1955", Some(("1950", "1955", true, None))),
            ("circa 1979-1982", Some(("1979", "1982", true, None))),
            ("1950 to 1955", Some(("1950", "1955", false, None))),
            ("1950  TO 1955", Some(("1950", "1955", false, None))),
            ("1950 - 1955", Some(("1950", "1955", false, None))),
            ("1979-1982", Some(("1979", "1982", false, None))),
            (
                "01 Jan 1950 to 31 Dec 1955",
                Some(("1950-01-01", "1955-12-31", false, None)),
            ),
            (
                "Jan 1950 to Dec 1950",
                Some(("1950-01", "1950-12", false, None)),
            ),
            ("1950 to", None),
            ("1950 to 1955 - 1960", None),
            ("circa", None),
            ("sometime in the 1960s", None),
            ("", None),
        ];
        for (text, expected) in cases {
            let expected = expected.map(|(f, t, a, p)| (f.to_string(), t.to_string(), a, p));
            assert_eq!(span(text), expected, "{text:?}");
        }
    }

    #[test]
    fn years_and_months_in_prose() {
        assert_eq!(years_in("Between Aug. and Sep. 1977"), ["1977"]);
        assert_eq!(years_in("1950 or 1955; ref 0042, 2200"), ["1950", "1955"]);
        assert_eq!(months_in("Between Aug. and Sep. 1977"), [8, 9]);
        assert!(months_in("30-35 years old").is_empty());
        assert!(is_plausible_year("1800") && is_plausible_year("2100"));
        assert!(!is_plausible_year("1799") && !is_plausible_year("02100"));
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn the_span_parser_never_panics(s in "\\PC{0,40}") {
                if let Some(d) = parse_span(&s) {
                    prop_assert!(!d.from.is_empty() && !d.to.is_empty());
                    prop_assert!(d.single.is_none() || d.from == d.to);
                }
            }
        }
    }
}
