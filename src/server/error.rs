//! Every error the server can answer, decided here and nowhere else.
//!
//! Each variant has one HTTP status ([`ApiError::status_code`], exhaustive)
//! and one stable machine-readable code ([`ApiError::code`]); the body is
//! always JSON, `{"code": "...", "message": "..."}`, and the message says what
//! to change in the request. User mistakes are 4xx; a 5xx means the server or
//! its index is at fault, never the input.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

/// The largest request body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// The most records one `POST /screen` may carry.
pub const MAX_SCREEN_RECORDS: usize = 10_000;

/// The longest name or query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = crate::screen::MAX_NAME_CHARS;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("give the name to search for in `q`, e.g. /search?q=KIM+Jong+Un")]
    MissingQuery,
    #[error(
        "`q` has {chars} characters; the longest name accepted has {MAX_QUERY_CHARS}: send the name alone"
    )]
    QueryTooLong { chars: usize },
    #[error("{field} {value:?} is not a score: give a number between 0 and 1, e.g. 0.8")]
    BadThreshold { field: &'static str, value: String },
    #[error("{field} {value:?} is not a result count: give a whole number from 1 to {max}")]
    BadLimit {
        field: &'static str,
        value: String,
        max: usize,
    },
    #[error("{field} {value:?} is not a schema: use person, organization, vessel or aircraft")]
    UnknownSchema { field: &'static str, value: String },
    #[error("{field} {value:?} is not a source: use un, ofac or kr")]
    UnknownSource { field: &'static str, value: String },
    #[error("{field} {value:?} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")]
    BadDob { field: String, value: String },
    #[error(
        "the query string cannot be read ({0}); parameters are q, limit, threshold, schema, source, dob, country"
    )]
    BadQueryString(String),
    #[error("{0}")]
    BadRecord(String),
    #[error(
        "{count} records sent; at most {MAX_SCREEN_RECORDS} per request: split the batch, or use `sanctiondb screen` for a whole payroll"
    )]
    TooManyRecords { count: usize },
    #[error("the body is not the expected JSON ({0})")]
    BadJson(String),
    #[error("{field} {value:?} is not a weak-alias mode: use reduced or confirm-only")]
    BadWeakAliases { field: &'static str, value: String },
    #[error("depth {value:?} is not a depth: give a whole number from 0 to {max}")]
    BadDepth { value: String, max: u32 },
    #[error("no dataset {0:?}; use default (every list), sanctions (the same), un, ofac or kr")]
    UnknownDataset(String),
    #[error("{count} queries sent; at most {max} per request: split the batch")]
    TooManyQueries { count: usize, max: usize },
    #[error("the CSV body cannot be screened ({0})")]
    BadCsv(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("the body is larger than {MAX_BODY_BYTES} bytes: send fewer records per request")]
    PayloadTooLarge,
    #[error("the request body could not be read ({0})")]
    BadPayload(String),
    #[error(
        "the request body did not arrive within {seconds} s: send it at once, or send fewer records per request"
    )]
    BodyTimeout { seconds: u64 },
    #[error(
        "the answer would be larger than {max} bytes: raise the threshold, lower the limit, or send fewer records per request"
    )]
    AnswerTooLarge { max: usize },
    #[error(
        "this client has {max} connections open already: reuse them (keep-alive) instead of opening more"
    )]
    TooManyConnections { max: usize },
    #[error("this server does not answer for host {0:?}: use the address it was started to serve")]
    HostNotAllowed(String),
    #[error("no entity with id {0:?}; ids look like un:KPi.066, ofac:20157, kr:20241226-01")]
    NotFound(String),
    #[error(
        "this route needs the server's token: send it as `Authorization: Bearer <token>` (the token `serve` was started with, by --token or SANCTIONDB_TOKEN)"
    )]
    Unauthorized,
    #[error("the index was not reloaded, the previous one still answers: {0}")]
    ReloadRefused(String),
    #[error("no such route; GET /openapi.json lists them")]
    NoRoute,
    #[error("this route does not answer that method; GET /openapi.json lists the routes")]
    MethodNotAllowed,
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    /// The stable code clients branch on.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::MissingQuery => "missing_query",
            ApiError::QueryTooLong { .. } => "query_too_long",
            ApiError::BadThreshold { .. } => "bad_threshold",
            ApiError::BadLimit { .. } => "bad_limit",
            ApiError::UnknownSchema { .. } => "unknown_schema",
            ApiError::UnknownSource { .. } => "unknown_source",
            ApiError::BadDob { .. } => "bad_dob",
            ApiError::BadQueryString(_) => "bad_query_string",
            ApiError::BadRecord(_) => "bad_record",
            ApiError::TooManyRecords { .. } => "too_many_records",
            ApiError::BadJson(_) => "bad_json",
            ApiError::BadWeakAliases { .. } => "bad_weak_aliases",
            ApiError::BadDepth { .. } => "bad_depth",
            ApiError::UnknownDataset(_) => "unknown_dataset",
            ApiError::TooManyQueries { .. } => "too_many_queries",
            ApiError::BadCsv(_) => "bad_csv",
            ApiError::UnsupportedMediaType(_) => "unsupported_media_type",
            ApiError::PayloadTooLarge => "payload_too_large",
            ApiError::BadPayload(_) => "bad_payload",
            ApiError::BodyTimeout { .. } => "body_timeout",
            ApiError::AnswerTooLarge { .. } => "answer_too_large",
            ApiError::TooManyConnections { .. } => "too_many_connections",
            ApiError::HostNotAllowed(_) => "host_not_allowed",
            ApiError::NotFound(_) => "not_found",
            ApiError::Unauthorized => "unauthorized",
            ApiError::ReloadRefused(_) => "reload_refused",
            ApiError::NoRoute => "no_route",
            ApiError::MethodNotAllowed => "method_not_allowed",
            ApiError::Internal(_) => "internal",
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::MissingQuery
            | ApiError::QueryTooLong { .. }
            | ApiError::BadThreshold { .. }
            | ApiError::BadLimit { .. }
            | ApiError::UnknownSchema { .. }
            | ApiError::UnknownSource { .. }
            | ApiError::BadDob { .. }
            | ApiError::BadQueryString(_)
            | ApiError::BadRecord(_)
            | ApiError::BadJson(_)
            | ApiError::BadWeakAliases { .. }
            | ApiError::BadDepth { .. }
            | ApiError::BadCsv(_)
            | ApiError::BadPayload(_) => StatusCode::BAD_REQUEST,
            ApiError::TooManyRecords { .. }
            | ApiError::TooManyQueries { .. }
            | ApiError::PayloadTooLarge
            | ApiError::AnswerTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::BodyTimeout { .. } => StatusCode::REQUEST_TIMEOUT,
            ApiError::TooManyConnections { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::HostNotAllowed(_) => StatusCode::MISDIRECTED_REQUEST,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::NotFound(_) | ApiError::UnknownDataset(_) | ApiError::NoRoute => {
                StatusCode::NOT_FOUND
            }
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::ReloadRefused(_) => StatusCode::CONFLICT,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let mut res = HttpResponse::build(self.status_code());
        match self {
            ApiError::Unauthorized => {
                res.insert_header((actix_web::http::header::WWW_AUTHENTICATE, "Bearer"));
            }
            // The rest of the body may never come, or the client is over its
            // connections: this connection is done.
            ApiError::PayloadTooLarge
            | ApiError::BodyTimeout { .. }
            | ApiError::TooManyConnections { .. } => {
                res.force_close();
            }
            _ => {}
        }
        res.json(serde_json::json!({
            "code": self.code(),
            "message": self.to_string(),
        }))
    }
}

impl From<actix_web::error::JsonPayloadError> for ApiError {
    fn from(e: actix_web::error::JsonPayloadError) -> Self {
        use actix_web::error::JsonPayloadError as J;
        match e {
            J::OverflowKnownLength { .. } | J::Overflow { .. } => ApiError::PayloadTooLarge,
            J::ContentType => ApiError::UnsupportedMediaType(
                "send the body as JSON with `content-type: application/json`".into(),
            ),
            J::Deserialize(e) | J::Serialize(e) => ApiError::BadJson(e.to_string()),
            J::Payload(e) => ApiError::from(e),
            other => ApiError::BadJson(other.to_string()),
        }
    }
}

impl From<actix_web::error::PayloadError> for ApiError {
    fn from(e: actix_web::error::PayloadError) -> Self {
        match e {
            actix_web::error::PayloadError::Overflow => ApiError::PayloadTooLarge,
            other => ApiError::BadPayload(other.to_string()),
        }
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        ApiError::Internal(e.to_string())
    }
}

impl ApiError {
    /// A request value that breaks its rule ([`crate::search::request`]),
    /// with the field it came from.
    pub fn invalid(field: &'static str, e: crate::search::request::Invalid) -> ApiError {
        use crate::search::request::Invalid;
        match e {
            Invalid::Threshold { value } => ApiError::BadThreshold { field, value },
            Invalid::Limit { value, max } => ApiError::BadLimit { field, value, max },
            Invalid::Dob { value } => ApiError::BadDob {
                field: field.to_string(),
                value,
            },
            Invalid::Schema { value } => ApiError::UnknownSchema { field, value },
            Invalid::Source { value } => ApiError::UnknownSource { field, value },
        }
    }
}

impl From<crate::index::IndexError> for ApiError {
    fn from(e: crate::index::IndexError) -> Self {
        ApiError::Internal(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_mistakes_are_4xx_with_a_json_body() {
        let errors = [
            ApiError::MissingQuery,
            ApiError::QueryTooLong { chars: 1001 },
            ApiError::TooManyRecords { count: 10_001 },
            ApiError::UnsupportedMediaType("x".into()),
            ApiError::NotFound("x".into()),
            ApiError::Unauthorized,
            ApiError::ReloadRefused("x".into()),
        ];
        for e in errors {
            assert!(e.status_code().is_client_error(), "{e:?}");
            let res = e.error_response();
            assert_eq!(
                res.headers()
                    .get("content-type")
                    .and_then(|v| v.to_str().ok()),
                Some("application/json")
            );
        }
    }
}
