//! Raw request values checked once into a [`super::Query`]'s values, by the
//! same rules wherever they come from: a command-line flag, a query-string
//! parameter or a field of a JSON body. A value that breaks a rule is one
//! [`Invalid`]; the command line shows it as it is (and exits with the
//! usage code), the server names the field it came from
//! (`crate::server`'s `ApiError`, HTTP 400).

use crate::model::{Schema, Source};

/// A request value that breaks its rule. Its text is the command line's
/// message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalid {
    /// Not a score in [0, 1].
    Threshold { value: String },
    /// Not a whole number from 1 to `max`.
    Limit { value: String, max: usize },
    /// Not a date of birth (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    Dob { value: String },
    /// Not a schema (person, organization, vessel, aircraft).
    Schema { value: String },
    /// Not a source (un, ofac, kr).
    Source { value: String },
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Invalid::Threshold { value } => match value.parse::<f32>() {
                Ok(v) => write!(f, "{v} is outside 0..1"),
                Err(_) => write!(f, "{value:?} is not a number; give a score between 0 and 1"),
            },
            Invalid::Limit { value, max } => write!(
                f,
                "{value:?} is not a result count: give a whole number from 1 to {max}"
            ),
            Invalid::Dob { value } => {
                write!(
                    f,
                    "{value:?} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"
                )
            }
            Invalid::Schema { value } => {
                write!(f, "{value:?}: use person, organization, vessel or aircraft")
            }
            Invalid::Source { value } => write!(f, "{value:?}: use un, ofac or kr"),
        }
    }
}

impl std::error::Error for Invalid {}

/// A score threshold: a number in [0, 1].
pub fn threshold(value: &str) -> Result<f32, Invalid> {
    match value.parse::<f32>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(Invalid::Threshold {
            value: value.to_string(),
        }),
    }
}

/// The most results one query may ask for, on the command line and the
/// server alike.
pub const MAX_LIMIT: usize = 100;

/// A result count: a whole number from 1 to `max`.
pub fn limit(value: &str, max: usize) -> Result<usize, Invalid> {
    match value.parse::<usize>() {
        Ok(v) if (1..=max).contains(&v) => Ok(v),
        _ => Err(Invalid::Limit {
            value: value.to_string(),
            max,
        }),
    }
}

/// A date of birth as evidence, kept as written once it reads as a date
/// ([`super::evidence::parse_date`]).
pub fn dob(value: &str) -> Result<String, Invalid> {
    match super::evidence::parse_date(value) {
        Some(_) => Ok(value.to_string()),
        None => Err(Invalid::Dob {
            value: value.to_string(),
        }),
    }
}

/// A schema filter.
pub fn schema(value: &str) -> Result<Schema, Invalid> {
    Schema::parse(value).ok_or_else(|| Invalid::Schema {
        value: value.to_string(),
    })
}

/// A source filter.
pub fn source(value: &str) -> Result<Source, Invalid> {
    Source::parse(value).ok_or_else(|| Invalid::Source {
        value: value.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_checked_by_one_rule_each() {
        assert_eq!(threshold("0.8"), Ok(0.8));
        assert_eq!(threshold("1"), Ok(1.0));
        assert_eq!(
            threshold("1.5").unwrap_err().to_string(),
            "1.5 is outside 0..1"
        );
        assert_eq!(
            threshold("high").unwrap_err().to_string(),
            "\"high\" is not a number; give a score between 0 and 1"
        );
        assert!(threshold("NaN").is_err());
        assert_eq!(limit("5", 100), Ok(5));
        assert!(limit("0", 100).is_err());
        assert!(limit("101", 100).is_err());
        assert_eq!(dob("1984-01"), Ok("1984-01".to_string()));
        assert!(dob("January").is_err());
        assert_eq!(schema("person"), Ok(Schema::Person));
        assert!(schema("planet").is_err());
        assert_eq!(source("kr"), Ok(Source::Kr));
        assert!(source("eu").is_err());
    }
}
