//! The handlers. Each reads and checks its input, takes the current index,
//! runs the work off the worker (searching is CPU work: `/search` on the
//! worker's search thread, see [`super::pool`], the rest on the blocking
//! pool) and answers JSON; every refusal is an [`ApiError`].

use super::answer::{CancelOnDrop, Cancelled, Parts, TooLarge};
use super::limits::read_body;
use super::{ApiError, MAX_QUERY_CHARS, MAX_SCREEN_RECORDS, State};
use crate::Database;
use crate::model::Schema;
use crate::search::identifiers::{self, IdCategory};
use crate::search::request;
use crate::search::{
    DEFAULT_ALERT_THRESHOLD, DEFAULT_SEARCH_THRESHOLD, Match, Query, TokenCache, WeakAliases,
    merge_identifier_matches,
};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Results per query by default, and at most.
const DEFAULT_LIMIT: usize = 10;
use crate::search::request::MAX_LIMIT;

/// `sha256` of every list file the index was built from, by path.
pub(super) fn list_hashes(index: &Database) -> BTreeMap<&str, &str> {
    index
        .meta
        .lists
        .iter()
        .map(|l| (l.path.as_str(), l.sha256.as_str()))
        .collect()
}

/// A threshold parameter, checked as [`request::threshold`]; `default` when
/// it is absent or blank.
fn parse_threshold(
    field: &'static str,
    value: Option<&str>,
    default: f32,
) -> Result<f32, ApiError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(default),
        Some(v) => request::threshold(v).map_err(|e| ApiError::invalid(field, e)),
    }
}

/// A limit parameter, checked as [`request::limit`] up to `max`; `default`
/// when it is absent or blank.
pub(super) fn parse_limit(
    field: &'static str,
    value: Option<&str>,
    default: usize,
    max: usize,
) -> Result<usize, ApiError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(default),
        Some(v) => request::limit(v, max).map_err(|e| ApiError::invalid(field, e)),
    }
}

/// A date-of-birth parameter, checked as [`request::dob`].
fn parse_dob(field: impl Into<String>, value: Option<&str>) -> Result<Option<String>, ApiError> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    // The field is a record's (`records[3].dob`), not a fixed name.
    request::dob(value).map(Some).map_err(|_| ApiError::BadDob {
        field: field.into(),
        value: value.to_string(),
    })
}

fn non_empty(value: Option<&str>) -> Option<String> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

/// `GET /search` parameters, all as text so each gets its own message.
#[derive(Debug, Deserialize)]
pub struct SearchParams {
    q: Option<String>,
    limit: Option<String>,
    threshold: Option<String>,
    schema: Option<String>,
    source: Option<String>,
    dob: Option<String>,
    country: Option<String>,
    weak_aliases: Option<String>,
    email: Option<String>,
    website: Option<String>,
    wallet: Option<String>,
    phone: Option<String>,
    document: Option<String>,
}

/// Identifier values given with a search or a record, each checked.
fn wanted_identifiers(
    field_prefix: &str,
    values: [(IdCategory, Option<&str>); 5],
) -> Result<Vec<(IdCategory, String)>, ApiError> {
    let mut out = Vec::new();
    for (category, value) in values {
        let Some(v) = non_empty(value) else { continue };
        if identifiers::canonical(category, &v).is_none() {
            return Err(ApiError::BadRecord(format!(
                "{field_prefix}{} {v:?} is not a usable {} (too short or malformed)",
                category.as_str(),
                category.as_str()
            )));
        }
        out.push((category, v));
    }
    Ok(out)
}

/// `reduced` (the default) or `confirm-only`.
pub(super) fn parse_weak_aliases(
    field: &'static str,
    value: Option<&str>,
) -> Result<WeakAliases, ApiError> {
    match non_empty(value) {
        None => Ok(WeakAliases::default()),
        Some(v) => WeakAliases::parse(&v).ok_or(ApiError::BadWeakAliases { field, value: v }),
    }
}

fn search_query(p: &SearchParams) -> Result<(Query, Vec<(IdCategory, String)>), ApiError> {
    let wanted = wanted_identifiers(
        "",
        [
            (IdCategory::Email, p.email.as_deref()),
            (IdCategory::Website, p.website.as_deref()),
            (IdCategory::Wallet, p.wallet.as_deref()),
            (IdCategory::Phone, p.phone.as_deref()),
            (IdCategory::Document, p.document.as_deref()),
        ],
    )?;
    let name = p.q.as_deref().map(str::trim).unwrap_or("");
    if name.is_empty() && wanted.is_empty() {
        return Err(ApiError::MissingQuery);
    }
    let chars = name.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(ApiError::QueryTooLong { chars });
    }
    let mut q = Query::new(name);
    q.limit = parse_limit("limit", p.limit.as_deref(), DEFAULT_LIMIT, MAX_LIMIT)?;
    q.threshold = parse_threshold(
        "threshold",
        p.threshold.as_deref(),
        DEFAULT_SEARCH_THRESHOLD,
    )?;
    q.schema = non_empty(p.schema.as_deref())
        .map(|s| request::schema(&s).map_err(|e| ApiError::invalid("schema", e)))
        .transpose()?;
    q.source = non_empty(p.source.as_deref())
        .map(|s| request::source(&s).map_err(|e| ApiError::invalid("source", e)))
        .transpose()?;
    q.dob = parse_dob("dob", p.dob.as_deref())?;
    q.country = non_empty(p.country.as_deref());
    q.weak_aliases = parse_weak_aliases("weak_aliases", p.weak_aliases.as_deref())?;
    Ok((q, wanted))
}

/// Name and identifier matches of one query, identifier hits first.
fn search_with_identifiers(
    index: &Database,
    query: &Query,
    wanted: &[(IdCategory, String)],
    cache: Option<&mut TokenCache>,
) -> Vec<Match> {
    let by_name = if query.name.trim().is_empty() {
        Vec::new()
    } else {
        match cache {
            Some(cache) => index.search_cached(query, cache),
            None => search_reusing_tokens(index, query),
        }
    };
    if wanted.is_empty() {
        return by_name;
    }
    let mut all = merge_identifier_matches(
        index.identifier_matches(wanted, query.schema, query.source),
        by_name,
    );
    all.truncate(query.limit);
    all
}

pub async fn search(
    state: web::Data<State>,
    params: web::Query<SearchParams>,
) -> Result<HttpResponse, ApiError> {
    let (query, wanted) = search_query(&params)?;
    let index = state.index();
    // The answer is written where the search ran, not on the worker.
    let job = move || {
        let results = search_with_identifiers(&index, &query, &wanted, None);
        serde_json::to_vec(&SearchAnswer {
            index_version: &index.meta.index_version,
            list_hashes: list_hashes(&index),
            query: &query.name,
            results: &results,
            threshold: query.threshold,
        })
    };
    // A name of a few words takes a tenth of a millisecond or so: it goes to
    // the worker's search thread. A long query can take a hundred times that
    // (a thousand characters of common words at a low threshold): it goes to
    // the blocking pool, so that it holds up no one else's search.
    let answer = if params.q.as_deref().is_none_or(is_short_query) {
        super::pool::run_search(job).await?
    } else {
        web::block(job).await?
    };
    let answer = answer.map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(HttpResponse::Ok()
        .content_type(actix_web::http::header::ContentType::json())
        .body(answer))
}

/// Whether a `/search` query goes to the worker's search thread: at most
/// [`SHORT_QUERY_WORDS`] words (see [`search`]).
fn is_short_query(name: &str) -> bool {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .nth(SHORT_QUERY_WORDS)
        .is_none()
}

/// Words of the longest query [`search`] runs on the worker's search thread.
const SHORT_QUERY_WORDS: usize = 8;

/// The `GET /search` answer, written straight from the matches rather than
/// through a `serde_json::Value` copy of them.
#[derive(Serialize)]
struct SearchAnswer<'a> {
    index_version: &'a str,
    list_hashes: BTreeMap<&'a str, &'a str>,
    query: &'a str,
    results: &'a [Match],
    threshold: f32,
}

/// Searches with this thread's [`TokenCache`], so a query token the thread
/// has resolved before (`kim`, `jong`, `corporation`...) is not resolved
/// again: building its edit-distance automaton and walking the token fst
/// are most of a search's time. Results are the same as with a fresh cache.
///
/// A cache holds token numbers of one index generation, so it is emptied
/// when the thread first searches another one. Query tokens are whatever
/// clients send, so it is also emptied when it holds more than
/// [`TOKEN_CACHE_BYTES`]: that much per thread at most, whatever comes,
/// while the tokens of everyday names stay resolved.
pub(super) fn search_reusing_tokens(index: &Database, query: &Query) -> Vec<Match> {
    use std::cell::RefCell;
    use std::path::PathBuf;
    #[derive(Default)]
    struct Cache {
        generation: PathBuf,
        cache: TokenCache,
    }
    thread_local! {
        static CACHE: RefCell<Cache> = RefCell::default();
    }
    CACHE.with_borrow_mut(|c| {
        if c.generation != index.generation || c.cache.footprint() > TOKEN_CACHE_BYTES {
            *c = Cache {
                generation: index.generation.clone(),
                cache: TokenCache::default(),
            };
        }
        index.search_cached(query, &mut c.cache)
    })
}

/// Bytes of resolved tokens a thread's token cache holds before it starts
/// again.
pub(super) const TOKEN_CACHE_BYTES: usize = 16 << 20;

/// `POST /screen` as JSON.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScreenBody {
    records: Vec<ScreenRecord>,
    #[serde(default)]
    threshold: Option<f32>,
    #[serde(default)]
    limit: Option<usize>,
    /// `reduced` (the default) or `confirm-only`.
    #[serde(default)]
    weak_aliases: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScreenRecord {
    id: String,
    name: String,
    #[serde(default)]
    dob: Option<String>,
    #[serde(default)]
    country: Option<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    website: Option<String>,
    #[serde(default)]
    wallet: Option<String>,
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    document: Option<String>,
}

/// `POST /screen`. The records are screened on the server's screening
/// threads ([`super::pool::ScreenPool`], whose token caches stay warm from
/// one request to the next), and each record's result is written to JSON
/// there as soon as it is found, so the worker only sends the parts; the
/// blocking pool reads a CSV body and puts the answer together. The answer
/// is at most [`super::Limits::max_answer_bytes`]: the work stops when it
/// would be larger (413 `answer_too_large`), or when the client goes away.
pub async fn screen(
    state: web::Data<State>,
    req: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let kind = body_kind(&req)?;
    let limits = state.limits().clone();
    let bytes = read_body(&req, body, limits.body_timeout).await?;
    let index = state.index();
    let guard = CancelOnDrop::new();
    let cancelled = guard.flag();
    let max = limits.max_answer_bytes;
    let answer = match kind {
        BodyKind::Json => {
            let body: ScreenBody =
                serde_json::from_slice(&bytes).map_err(|e| ApiError::BadJson(e.to_string()))?;
            let (opts, payees) = screen_payees(body)?;
            let pool = state.screening();
            let (results, workers) = screen_json(pool, &index, payees, opts, &cancelled, max);
            web::block(move || {
                let results = results.collect(workers)?;
                screen_answer(&index, results, &[], max)
            })
            .await??
        }
        BodyKind::Csv => {
            let opts = Arc::new(csv_options(&req, &bytes)?);
            let workers = csv_workers(state.screening(), &index, &opts);
            web::block(move || {
                let (results, warnings) = screen_csv(&bytes, &opts, workers, &cancelled, max)?;
                screen_answer(&index, results, &warnings, max)
            })
            .await??
        }
    };
    drop(guard);
    Ok(answer.respond(limits.send_timeout))
}

/// `{index_version, list_hashes, results: [...]}` from the results written
/// one by one, byte for byte as serde writes the whole; `warnings` (how the
/// lines of a CSV body were read) after the results when there are any.
fn screen_answer(
    index: &Database,
    results: Vec<Vec<u8>>,
    warnings: &[String],
    max: usize,
) -> Result<Parts, ApiError> {
    let too_large = |TooLarge| ApiError::AnswerTooLarge { max };
    let mut parts = Parts::new(max);
    parts.push(b"{\"index_version\":").map_err(too_large)?;
    parts
        .push_json(&index.meta.index_version)
        .map_err(too_large)?;
    parts.push(b",\"list_hashes\":").map_err(too_large)?;
    parts.push_json(&list_hashes(index)).map_err(too_large)?;
    parts.push(b",\"results\":[").map_err(too_large)?;
    for (i, r) in results.into_iter().enumerate() {
        if i > 0 {
            parts.push(b",").map_err(too_large)?;
        }
        parts.push(&r).map_err(too_large)?;
    }
    parts.push(b"]").map_err(too_large)?;
    if !warnings.is_empty() {
        parts.push(b",\"warnings\":").map_err(too_large)?;
        parts.push_json(&warnings).map_err(too_large)?;
    }
    parts.push(b"}").map_err(too_large)?;
    Ok(parts)
}

enum BodyKind {
    Json,
    Csv,
}

fn body_kind(req: &HttpRequest) -> Result<BodyKind, ApiError> {
    let wrong = |found: &str| {
        ApiError::UnsupportedMediaType(format!(
            "content-type {found:?} is not accepted: send `application/json` ({{\"records\": [{{\"id\", \"name\"}}]}}) or `text/csv` (a header row with id,name[,dob,country])"
        ))
    };
    let Some(value) = req.headers().get(actix_web::http::header::CONTENT_TYPE) else {
        return Err(wrong(""));
    };
    let value = value.to_str().map_err(|_| wrong("(not text)"))?;
    let essence = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "application/json" => Ok(BodyKind::Json),
        "text/csv" | "application/csv" => Ok(BodyKind::Csv),
        _ => Err(wrong(value)),
    }
}

/// Checks every record and turns it into a payee, or says which record is
/// wrong; the options from the body's threshold, limit and weak aliases.
fn screen_payees(
    body: ScreenBody,
) -> Result<(crate::screen::ScreenOptions, Vec<crate::screen::Payee>), ApiError> {
    let count = body.records.len();
    if count > MAX_SCREEN_RECORDS {
        return Err(ApiError::TooManyRecords { count });
    }
    let threshold = match body.threshold {
        None => DEFAULT_ALERT_THRESHOLD,
        Some(t) if (0.0..=1.0).contains(&t) => t,
        Some(t) => {
            return Err(ApiError::BadThreshold {
                field: "threshold",
                value: t.to_string(),
            });
        }
    };
    let limit = match body.limit {
        None => DEFAULT_LIMIT,
        Some(l) if (1..=MAX_LIMIT).contains(&l) => l,
        Some(l) => {
            return Err(ApiError::BadLimit {
                field: "limit",
                value: l.to_string(),
                max: MAX_LIMIT,
            });
        }
    };
    let weak_aliases = parse_weak_aliases("weak_aliases", body.weak_aliases.as_deref())?;
    let opts = crate::screen::ScreenOptions {
        threshold,
        limit,
        weak_aliases,
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        ..Default::default()
    };
    let payees = body
        .records
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            let name = r.name.trim();
            let identifiers = wanted_identifiers(
                &format!("records[{i}]."),
                [
                    (IdCategory::Email, r.email.as_deref()),
                    (IdCategory::Website, r.website.as_deref()),
                    (IdCategory::Wallet, r.wallet.as_deref()),
                    (IdCategory::Phone, r.phone.as_deref()),
                    (IdCategory::Document, r.document.as_deref()),
                ],
            )?;
            if name.is_empty() && identifiers.is_empty() {
                return Err(ApiError::BadRecord(format!(
                    "records[{i}] (id {:?}) has an empty name: give the name to screen",
                    r.id
                )));
            }
            if name.chars().count() > MAX_QUERY_CHARS {
                return Err(ApiError::BadRecord(format!(
                    "records[{i}] (id {:?}) has a name longer than {MAX_QUERY_CHARS} characters: send the name alone",
                    r.id
                )));
            }
            Ok(crate::screen::Payee {
                line: 0,
                name: name.to_string(),
                dob: parse_dob(format!("records[{i}].dob"), r.dob.as_deref())?,
                country: non_empty(r.country.as_deref()),
                identifiers,
                extra: Vec::new(),
                id: r.id,
            })
        })
        .collect::<Result<_, _>>()?;
    Ok((opts, payees))
}

/// Workers that screen the payees of a JSON body on the pool with
/// [`crate::screen::screen_payee`] and write each result as `screen --format
/// jsonl` does, and what [`JsonScreening::collect`] needs to gather them in
/// input order. Each record stops short once the results would be larger
/// than `max` bytes (413 `answer_too_large`) or the request is cancelled; a
/// worker that fails is a 500 naming the record, never a record left out.
fn screen_json(
    pool: &super::pool::ScreenPool,
    index: &Arc<Database>,
    payees: Vec<crate::screen::Payee>,
    opts: crate::screen::ScreenOptions,
    cancelled: &Cancelled,
    max: usize,
) -> (JsonScreening, Workers<crate::screen::Payee, Vec<u8>>) {
    let ids: Vec<String> = payees.iter().map(|p| p.id.clone()).collect();
    let written = Arc::new(AtomicUsize::new(0));
    let over = Arc::new(AtomicBool::new(false));
    let screening = JsonScreening {
        payees,
        ids,
        over: Arc::clone(&over),
        cancelled: cancelled.clone(),
        max,
    };
    let lanes_index = Arc::clone(index);
    let index = Arc::clone(index);
    let cancelled = cancelled.clone();
    let workers = pool.workers(&lanes_index, move |cache, payee: crate::screen::Payee| {
        if over.load(Ordering::Relaxed) || cancelled.is_set() {
            return None;
        }
        crate::parallel::test_hook(&payee.name);
        let matches = crate::screen::screen_payee(&index, &payee, &opts, Default::default(), cache);
        let mut r = Vec::new();
        // Writing to memory fails only where serde would.
        crate::screen::write_json(&mut r, &payee, &matches, &[]).ok()?;
        if written.fetch_add(r.len() + 1, Ordering::Relaxed) + r.len() + 1 > max {
            over.store(true, Ordering::Relaxed);
            return None;
        }
        Some(r)
    });
    (screening, workers)
}

/// The pool's workers for one `POST /screen` body, items to results.
type Workers<T, R> = crate::parallel::Workers<T, R, super::pool::PoolLane<T, R>>;

/// A JSON body's payees, to be screened by [`screen_json`]'s workers.
struct JsonScreening {
    payees: Vec<crate::screen::Payee>,
    /// Each record's id, to name the one a worker failed on.
    ids: Vec<String>,
    /// Set by the workers when the results went over `max` bytes.
    over: Arc<AtomicBool>,
    cancelled: Cancelled,
    max: usize,
}

impl JsonScreening {
    /// The payees screened on `workers` and each result written, in input
    /// order; blocks until all are.
    fn collect(
        self,
        mut workers: Workers<crate::screen::Payee, Vec<u8>>,
    ) -> Result<Vec<Vec<u8>>, ApiError> {
        let JsonScreening {
            payees,
            ids,
            over,
            cancelled,
            max,
        } = self;
        let records = payees.len();
        let results = workers.map_ordered(payees).map_err(|p| {
            ApiError::Internal(format!(
                "screening failed on records[{}] (id {:?}): {}; nothing was screened",
                p.item, ids[p.item], p.message
            ))
        })?;
        if over.load(Ordering::Relaxed) {
            return Err(ApiError::AnswerTooLarge { max });
        }
        if cancelled.is_set() || results.len() < records {
            eprintln!(
                "POST /screen: the client went away; stopped after {} of {records} records",
                results.len()
            );
            return Err(ApiError::Internal("the client went away".into()));
        }
        Ok(results)
    }
}

/// Screen options for a CSV body: the columns from its header (`id`, `name`,
/// and `dob`, `country` when present), threshold and limit from the query
/// string.
fn csv_options(req: &HttpRequest, bytes: &[u8]) -> Result<crate::screen::ScreenOptions, ApiError> {
    let params = web::Query::<BTreeMap<String, String>>::from_query(req.query_string())
        .map_err(|e| ApiError::BadQueryString(e.to_string()))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|e| ApiError::BadCsv(format!("the header row cannot be read: {e}")))?
        .clone();
    let has = |col: &str| {
        headers.iter().any(|h| {
            h.trim()
                .trim_start_matches('\u{feff}')
                .eq_ignore_ascii_case(col)
        })
    };
    // Counted as `screen` reads them: a row per line unless a quoted field
    // spans lines as one well-formed row.
    let mut reader = crate::screen::input::PayeeReader::new(bytes, 0);
    let mut rows = 0usize;
    while let Ok(Some(_)) = reader.next_item() {
        rows += 1;
    }
    let rows = rows.saturating_sub(1);
    if rows > MAX_SCREEN_RECORDS {
        return Err(ApiError::TooManyRecords { count: rows });
    }
    Ok(crate::screen::ScreenOptions {
        dob_column: has("dob").then(|| "dob".to_string()),
        country_column: has("country").then(|| "country".to_string()),
        identifier_columns: IdCategory::ALL
            .into_iter()
            .filter(|c| has(c.as_str()))
            .map(|c| (c, c.as_str().to_string()))
            .collect(),
        threshold: parse_threshold(
            "threshold",
            params.get("threshold").map(String::as_str),
            DEFAULT_ALERT_THRESHOLD,
        )?,
        limit: parse_limit(
            "limit",
            params.get("limit").map(String::as_str),
            DEFAULT_LIMIT,
            MAX_LIMIT,
        )?,
        weak_aliases: parse_weak_aliases(
            "weak_aliases",
            params.get("weak_aliases").map(String::as_str),
        )?,
        ..Default::default()
    })
}

/// The pool's workers for a CSV body: each row as `screen` screens it
/// ([`crate::screen::screen_row`]).
fn csv_workers(
    pool: &super::pool::ScreenPool,
    index: &Arc<Database>,
    opts: &Arc<crate::screen::ScreenOptions>,
) -> CsvWorkers {
    let (for_rows, opts) = (Arc::clone(index), Arc::clone(opts));
    pool.workers(index, move |cache, row| {
        Some(crate::screen::screen_row(
            &for_rows,
            &opts,
            Default::default(),
            cache,
            row,
        ))
    })
}

type CsvWorkers =
    Workers<Result<crate::screen::Payee, crate::screen::RowIssue>, crate::screen::Outcome>;

/// Screens a CSV body as [`crate::screen::screen`] does, on `workers`, and
/// takes its JSON Lines as the results: one per row, in order, as `screen --format jsonl` writes
/// them (`{"id", "line", "error"}` for a row that could not be screened),
/// and warnings on how lines were read (a quoted field over line ends, an id
/// seen before). Stops when the lines would be larger than `max` bytes or the
/// request is cancelled.
fn screen_csv(
    bytes: &[u8],
    opts: &crate::screen::ScreenOptions,
    mut workers: CsvWorkers,
    cancelled: &Cancelled,
    max: usize,
) -> Result<(Vec<Vec<u8>>, Vec<String>), ApiError> {
    let mut out = Bounded {
        bytes: Vec::new(),
        max,
        over: false,
        cancelled,
    };
    let screened = crate::screen::screen_on(
        bytes,
        &mut out,
        opts,
        &indicatif::ProgressBar::hidden(),
        &mut workers,
    );
    if out.over {
        return Err(ApiError::AnswerTooLarge { max });
    }
    if cancelled.is_set() {
        eprintln!("POST /screen: the client went away; the CSV body was not screened to its end");
        return Err(ApiError::Internal("the client went away".into()));
    }
    let summary = screened.map_err(|e| {
        use crate::screen::ScreenError;
        match e {
            ScreenError::Write(e) => ApiError::Internal(e.to_string()),
            ScreenError::MissingColumn { column, found, .. } => ApiError::BadCsv(format!(
                "the header row has no column {column:?} (it has: {found}); name the columns id and name, and optionally dob and country"
            )),
            ScreenError::NoHeader(_) => ApiError::BadCsv(
                "the body has no header row; start it with id,name (and optionally dob,country)"
                    .into(),
            ),
            ScreenError::Read(e) => ApiError::BadCsv(e),
            ScreenError::Worker { line, id, message } => ApiError::Internal(format!(
                "screening failed on line {line} (id {id:?}): {message}; nothing was screened"
            )),
        }
    })?;
    let results = out
        .bytes
        .split(|&b| b == b'\n')
        .filter(|line| !line.is_empty())
        .map(<[u8]>::to_vec)
        .collect();
    let warnings = summary
        .joined
        .iter()
        .map(|j| j.to_string())
        .chain(summary.duplicate_ids.iter().map(|d| d.to_string()))
        .collect();
    Ok((results, warnings))
}

/// Where `screen` writes its JSON Lines for a CSV body: refuses to take more
/// than `max` bytes, or anything once the request is cancelled, which stops
/// the screening.
struct Bounded<'a> {
    bytes: Vec<u8>,
    max: usize,
    over: bool,
    cancelled: &'a Cancelled,
}

impl std::io::Write for Bounded<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.cancelled.is_set() {
            return Err(std::io::Error::other("the client went away"));
        }
        if self.bytes.len() + buf.len() > self.max {
            self.over = true;
            return Err(std::io::Error::other("the answer is over its limit"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub async fn entity(
    state: web::Data<State>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let index = state.index();
    let (id, found) = web::block(move || {
        let found = index.entity(&id);
        (id, found)
    })
    .await?;
    match found? {
        Some(entity) => Ok(HttpResponse::Ok().json(with_romanizations(&entity))),
        None => Err(ApiError::NotFound(id)),
    }
}

/// The record with the generated romanizations of each Hangul personal name
/// (`names[i].romanizations: [{"text", "system"}]`): the spellings the matcher
/// meets it under.
fn with_romanizations(entity: &crate::model::Entity) -> Value {
    let mut v = json!(entity);
    if entity.schema != Schema::Person {
        return v;
    }
    if let Some(names) = v.get_mut("names").and_then(Value::as_array_mut) {
        for (n, out) in entity.names.iter().zip(names.iter_mut()) {
            let forms = crate::normalize::hangul::romanize_name(&n.full);
            if forms.is_empty() {
                continue;
            }
            let mut seen = std::collections::HashSet::new();
            let list: Vec<Value> = forms
                .into_iter()
                .filter(|r| seen.insert(r.text.clone()))
                .map(|r| json!({"text": r.text, "system": r.system}))
                .collect();
            out["romanizations"] = Value::Array(list);
        }
    }
    v
}

/// `GET /entities/{id}/network` parameters.
#[derive(Debug, Deserialize)]
pub struct NetworkParams {
    depth: Option<String>,
}

/// The deepest network the server walks (the CLI goes to
/// [`crate::network::MAX_DEPTH`]).
const MAX_NETWORK_DEPTH: u32 = 3;

/// `GET /entities/{id}/network?depth=N`: the nodes within N relation hops of
/// the entity (or state body) and every edge between them, with evidence.
pub async fn network(
    state: web::Data<State>,
    id: web::Path<String>,
    params: web::Query<NetworkParams>,
) -> Result<HttpResponse, ApiError> {
    let depth = match non_empty(params.depth.as_deref()) {
        None => 1,
        Some(v) => match v.parse::<u32>() {
            Ok(d) if d <= MAX_NETWORK_DEPTH => d,
            _ => {
                return Err(ApiError::BadDepth {
                    value: v,
                    max: MAX_NETWORK_DEPTH,
                });
            }
        },
    };
    let id = id.into_inner();
    let index = state.index();
    if index.entity_row(&id).is_none() && index.network.body(&id).is_none() {
        return Err(ApiError::NotFound(id));
    }
    let view = web::block(move || {
        let view = index.network.around(&id, depth, index.table());
        (index, view)
    })
    .await?;
    let (index, view) = view;
    Ok(HttpResponse::Ok().json(json!({
        "index_version": index.meta.index_version,
        "center": view.center,
        "depth": view.depth,
        "nodes": view.nodes,
        "edges": view.edges,
    })))
}

pub async fn lists(state: web::Data<State>) -> HttpResponse {
    let index = state.index();
    let meta = &index.meta;
    HttpResponse::Ok().json(json!({
        "index_version": meta.index_version,
        "built_at": meta.built_at,
        "format_version": meta.format_version,
        "lists": meta.lists,
        "counts": meta.counts,
        "missing_sources": meta.missing_sources,
        "registry": meta.registry,
        "relations": meta.relations,
    }))
}

pub async fn health() -> HttpResponse {
    HttpResponse::Ok().json(json!({ "status": "ok" }))
}

/// Ready once an index is loaded, which the server waits for before it
/// listens.
pub async fn ready(state: web::Data<State>) -> HttpResponse {
    HttpResponse::Ok().json(json!({
        "status": "ready",
        "index_version": state.index().meta.index_version,
    }))
}

/// `POST /admin/reload`: [`State::reload`] off the async workers. A new
/// index that does not open is refused with 409 `reload_refused` (the reason
/// in the message) and the old one keeps answering.
pub async fn reload(state: web::Data<State>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    require_json(&req)?;
    let state = State::clone(&state);
    let dir = state.dir().to_path_buf();
    let reloaded = web::block(move || state.reload())
        .await?
        .map_err(|e| ApiError::ReloadRefused(without_folder(&e.to_string(), &dir)))?;
    Ok(HttpResponse::Ok().json(json!({
        "status": "reloaded",
        "index_version": reloaded.index_version,
        "previous_index_version": reloaded.previous_index_version,
    })))
}

/// `message` with the index folder's path taken out (paths under it stay,
/// relative to it): an answer tells a client what went wrong, not where the
/// server keeps its files. The whole message is on stderr.
fn without_folder(message: &str, dir: &std::path::Path) -> String {
    let dir = dir.display().to_string();
    if dir.is_empty() {
        return message.to_string();
    }
    let dir = dir.trim_end_matches('/');
    message
        .replace(&format!("{dir}/"), "")
        .replace(dir, "the index folder")
}

/// Refuses a body that is not declared `application/json`: a page on
/// another site can post `text/plain` or a form here without the browser
/// asking first, but not JSON.
pub(super) fn require_json(req: &HttpRequest) -> Result<(), ApiError> {
    let value = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap_or("(not text)"))
        .unwrap_or("");
    let essence = value.split(';').next().unwrap_or("").trim();
    if essence.eq_ignore_ascii_case("application/json") {
        return Ok(());
    }
    Err(ApiError::UnsupportedMediaType(format!(
        "content-type {value:?} is not accepted: send `content-type: application/json`"
    )))
}

pub async fn openapi() -> HttpResponse {
    HttpResponse::Ok().json(super::openapi::document())
}

pub async fn no_route() -> Result<HttpResponse, ApiError> {
    Err(ApiError::NoRoute)
}

pub async fn method_not_allowed() -> Result<HttpResponse, ApiError> {
    Err(ApiError::MethodNotAllowed)
}

#[cfg(test)]
mod tests {
    use super::{is_short_query, without_folder};

    #[test]
    fn reload_messages_do_not_show_the_index_folder() {
        let dir = std::path::Path::new("/srv/sanctiondb/index");
        assert_eq!(
            without_folder(
                "/srv/sanctiondb/index/gen-1/names.json: checksum mismatch",
                dir
            ),
            "gen-1/names.json: checksum mismatch"
        );
        assert_eq!(
            without_folder("no CURRENT in /srv/sanctiondb/index", dir),
            "no CURRENT in the index folder"
        );
    }

    #[test]
    fn queries_of_up_to_eight_words_are_short() {
        assert!(is_short_query("KIM Jong Un"));
        assert!(is_short_query("김정은"));
        assert!(is_short_query(
            "Korea Mining Development Trading Corporation, Pyongyang, DPR Korea"
        ));
        assert!(!is_short_query(
            "Korea Mining Development Trading Corporation of Central District Pyongyang DPR Korea"
        ));
        assert!(is_short_query(""));
    }
}
