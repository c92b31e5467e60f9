//! `POST /match/{dataset}`, shaped like OpenSanctions yente's `/match`, so
//! that a yente client can switch by changing its base URL.
//!
//! Request: `{"queries": {"q1": {"schema": "Person", "properties": {"name":
//! [...], "birthDate": [...], "nationality": [...]}}}}`, with `threshold`
//! (default 0.70, as yente), `limit` (default 5), `cutoff`, `algorithm`
//! (accepted, one algorithm here), `exclude_entity_ids` and `exclude_schema`
//! (repeatable) and `weak_aliases` in the query string. Response:
//! `{"responses": {"q1": {"status": 200, "results": [{"id", "caption",
//! "schema", "properties", "datasets", "score", "match", "features",
//! "explanations"}], "total": {"value", "relation"}}}}`, plus the index
//! version and list hashes the answer came from.
//!
//! Every name of an example (`name`, `alias`, `firstName` + `lastName`) is
//! searched; an entity found by several keeps its best score. `birthDate` and
//! `nationality` (else `citizenship`, else `country`) are the evidence the
//! search weighs.

use super::answer::{CancelOnDrop, Parts};
use super::limits::read_body;
use super::routes::{list_hashes, parse_weak_aliases, require_json, search_reusing_tokens};
use super::{ApiError, MAX_QUERY_CHARS, State};
use crate::Database;
use crate::model::{Entity, NameKind, Schema, Source};
use crate::search::{Match, Query, WeakAliases};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashMap, HashSet};

/// yente's defaults.
const DEFAULT_THRESHOLD: f32 = 0.70;
const DEFAULT_LIMIT: usize = 5;
const MAX_LIMIT: usize = 100;
/// Examples per request, and names per example.
pub const MAX_QUERIES: usize = 100;
const MAX_NAMES: usize = 20;

#[derive(Debug, Deserialize)]
struct MatchBody {
    queries: BTreeMap<String, Example>,
    /// yente's scoring weights and config: accepted, not used.
    #[serde(default)]
    #[allow(dead_code)]
    weights: Option<Value>,
    #[serde(default)]
    #[allow(dead_code)]
    config: Option<Value>,
}

#[derive(Debug, Deserialize)]
struct Example {
    schema: String,
    #[serde(default)]
    properties: BTreeMap<String, Value>,
}

/// The query-string parameters.
struct Params {
    threshold: f32,
    cutoff: f32,
    limit: usize,
    exclude_ids: HashSet<String>,
    exclude_schemas: Vec<Option<Schema>>,
    weak_aliases: WeakAliases,
}

fn params(req: &HttpRequest) -> Result<Params, ApiError> {
    let pairs = web::Query::<Vec<(String, String)>>::from_query(req.query_string())
        .map_err(|e| ApiError::BadQueryString(e.to_string()))?
        .into_inner();
    let one = |key: &str| {
        pairs
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    let score = |field: &'static str, default: f32| -> Result<f32, ApiError> {
        match one(field).map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(default),
            Some(v) => {
                crate::search::request::threshold(v).map_err(|e| ApiError::invalid(field, e))
            }
        }
    };
    let limit = super::routes::parse_limit("limit", one("limit"), DEFAULT_LIMIT, MAX_LIMIT)?;
    let mut exclude_schemas = Vec::new();
    for (k, v) in &pairs {
        if k == "exclude_schema" {
            exclude_schemas.push(ftm_schema(v).map_err(|()| ApiError::UnknownSchema {
                field: "exclude_schema",
                value: v.clone(),
            })?);
        }
    }
    Ok(Params {
        threshold: score("threshold", DEFAULT_THRESHOLD)?,
        cutoff: score("cutoff", crate::search::DEFAULT_SEARCH_THRESHOLD)?,
        limit,
        exclude_ids: pairs
            .iter()
            .filter(|(k, _)| k == "exclude_entity_ids")
            .map(|(_, v)| v.trim().to_string())
            .collect(),
        exclude_schemas,
        weak_aliases: parse_weak_aliases("weak_aliases", one("weak_aliases"))?,
    })
}

/// A FollowTheMoney schema as a filter: `None` matches every schema
/// (`LegalEntity`, `Thing`); `Company` is an organisation here.
fn ftm_schema(name: &str) -> Result<Option<Schema>, ()> {
    match name.trim() {
        "Person" => Ok(Some(Schema::Person)),
        "Organization" | "Company" | "PublicBody" => Ok(Some(Schema::Organization)),
        "Vessel" => Ok(Some(Schema::Vessel)),
        "Airplane" => Ok(Some(Schema::Aircraft)),
        "LegalEntity" | "Thing" => Ok(None),
        _ => Err(()),
    }
}

/// Our schema as FollowTheMoney names it.
fn ftm_name(schema: Schema) -> &'static str {
    match schema {
        Schema::Person => "Person",
        Schema::Organization => "Organization",
        Schema::Vessel => "Vessel",
        Schema::Aircraft => "Airplane",
    }
}

/// The dataset in the path: every list, or one source.
fn dataset(name: &str) -> Result<Option<Source>, ApiError> {
    match name.trim().to_ascii_lowercase().as_str() {
        "default" | "sanctions" | "sanctiondb" | "all" => Ok(None),
        "un" | "un_sc_sanctions" => Ok(Some(Source::Un)),
        "ofac" | "us_ofac_sdn" => Ok(Some(Source::Ofac)),
        "kr" | "kr_unilateral" => Ok(Some(Source::Kr)),
        _ => Err(ApiError::UnknownDataset(name.to_string())),
    }
}

/// The strings of a property: FollowTheMoney sends lists, some clients a
/// single string.
fn strings(props: &BTreeMap<String, Value>, key: &str) -> Vec<String> {
    let take = |v: &Value| {
        v.as_str()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    match props.get(key) {
        Some(Value::Array(items)) => items.iter().filter_map(take).collect(),
        Some(v) => take(v).into_iter().collect(),
        None => Vec::new(),
    }
}

/// One example's searches.
struct Wanted {
    key: String,
    schema: Option<Schema>,
    names: Vec<String>,
    dob: Option<String>,
    country: Option<String>,
    echo: Value,
}

fn examples(body: MatchBody) -> Result<Vec<Wanted>, ApiError> {
    if body.queries.len() > MAX_QUERIES {
        return Err(ApiError::TooManyQueries {
            count: body.queries.len(),
            max: MAX_QUERIES,
        });
    }
    if body.queries.is_empty() {
        return Err(ApiError::BadRecord(
            "`queries` is empty: send {\"queries\": {\"q1\": {\"schema\": \"Person\", \"properties\": {\"name\": [\"...\"]}}}}".into(),
        ));
    }
    let mut out = Vec::new();
    for (key, ex) in body.queries {
        let schema = ftm_schema(&ex.schema).map_err(|()| {
            ApiError::BadRecord(format!(
                "queries.{key}.schema {:?} is not a schema this server screens: use Person, Organization, Company, LegalEntity, Vessel or Airplane",
                ex.schema
            ))
        })?;
        let p = &ex.properties;
        let mut names = strings(p, "name");
        names.extend(strings(p, "alias"));
        let (first, last) = (strings(p, "firstName"), strings(p, "lastName"));
        if let (Some(f), Some(l)) = (first.first(), last.first()) {
            names.push(format!("{f} {l}"));
        }
        let mut seen = HashSet::new();
        names.retain(|n| seen.insert(n.clone()));
        if names.is_empty() {
            return Err(ApiError::BadRecord(format!(
                "queries.{key} has no name: give properties.name (a list of names)"
            )));
        }
        if names.len() > MAX_NAMES {
            return Err(ApiError::BadRecord(format!(
                "queries.{key} has {} names; at most {MAX_NAMES}",
                names.len()
            )));
        }
        if let Some(long) = names.iter().find(|n| n.chars().count() > MAX_QUERY_CHARS) {
            return Err(ApiError::BadRecord(format!(
                "queries.{key} has a name of {} characters; the longest accepted has {MAX_QUERY_CHARS}",
                long.chars().count()
            )));
        }
        let dob = strings(p, "birthDate")
            .into_iter()
            .find(|d| crate::search::evidence::parse_date(d).is_some());
        let country = ["nationality", "citizenship", "country"]
            .iter()
            .find_map(|k| strings(p, k).into_iter().next());
        let echo = json!({ "schema": ex.schema, "properties": ex.properties });
        out.push(Wanted {
            key,
            schema,
            names,
            dob,
            country,
            echo,
        });
    }
    Ok(out)
}

pub async fn match_entities(
    state: web::Data<State>,
    req: HttpRequest,
    dataset_name: web::Path<String>,
    body: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let source = dataset(&dataset_name)?;
    let params = params(&req)?;
    require_json(&req)?;
    let limits = state.limits().clone();
    let bytes = read_body(&req, body, limits.body_timeout).await?;
    let body: MatchBody =
        serde_json::from_slice(&bytes).map_err(|e| ApiError::BadJson(e.to_string()))?;
    let examples = examples(body)?;
    let (limit, threshold) = (params.limit, params.threshold);
    let index = state.index();
    let guard = CancelOnDrop::new();
    let cancelled = guard.flag();
    let max = limits.max_answer_bytes;
    // Matched and written on the blocking pool; stops when the client goes
    // away or the answer would be over its limit.
    let answer = web::block(move || {
        let mut responses = Map::new();
        let mut bytes = 0;
        for ex in examples {
            if cancelled.is_set() {
                return Err(ApiError::Internal("the client went away".into()));
            }
            let results = match_one(&index, &ex, source, &params)?;
            bytes += serde_json::to_vec(&results).map_or(0, |v| v.len());
            if bytes > max {
                return Err(ApiError::AnswerTooLarge { max });
            }
            responses.insert(ex.key.clone(), results);
        }
        let mut parts = Parts::new(max);
        parts
            .push_json(&json!({
                "responses": responses,
                "limit": limit,
                "matcher": { "name": "sanctiondb", "threshold": threshold },
                "dataset": dataset_name.as_str(),
                "index_version": index.meta.index_version,
                "list_hashes": list_hashes(&index),
            }))
            .map_err(|_| ApiError::AnswerTooLarge { max })?;
        Ok(parts)
    })
    .await??;
    drop(guard);
    Ok(answer.respond(limits.send_timeout))
}

fn match_one(
    index: &Database,
    ex: &Wanted,
    source: Option<Source>,
    p: &Params,
) -> Result<Value, ApiError> {
    let mut best: HashMap<String, Match> = HashMap::new();
    for name in &ex.names {
        let mut q = Query::new(name.as_str());
        q.limit = p.limit + p.exclude_ids.len();
        q.threshold = p.cutoff;
        q.schema = ex.schema;
        q.source = source;
        q.dob = ex.dob.clone();
        q.country = ex.country.clone();
        q.weak_aliases = p.weak_aliases;
        for m in search_reusing_tokens(index, &q) {
            if p.exclude_ids.contains(&m.entity_id)
                || p.exclude_schemas.iter().any(|s| match s {
                    Some(s) => *s == m.schema,
                    None => true,
                })
            {
                continue;
            }
            match best.get(&m.entity_id) {
                Some(old) if old.score >= m.score => {}
                _ => {
                    best.insert(m.entity_id.clone(), m);
                }
            }
        }
    }
    let mut matches: Vec<Match> = best.into_values().collect();
    matches.sort_by(|a, b| {
        b.score
            .partial_cmp(&a.score)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.entity_id.cmp(&b.entity_id))
    });
    let total = matches.len();
    matches.truncate(p.limit);
    let mut results = Vec::with_capacity(matches.len());
    for m in matches {
        let entity = index.entity(&m.entity_id)?;
        results.push(result(m, entity.as_ref(), p.threshold));
    }
    Ok(json!({
        "status": 200,
        "results": results,
        "total": { "value": total, "relation": "eq" },
        "query": ex.echo,
    }))
}

/// One result in yente's shape, with our explanation inside.
fn result(m: Match, entity: Option<&Entity>, threshold: f32) -> Value {
    let properties = entity.map(properties).unwrap_or_else(|| json!({}));
    let datasets: Vec<&str> = m.sources.iter().map(|s| s.as_str()).collect();
    let mut r = json!({
        "id": m.entity_id,
        "caption": m.name,
        "schema": ftm_name(m.schema),
        "properties": properties,
        "datasets": datasets,
        "referents": [],
        "target": true,
        "score": m.score,
        "match": m.score >= f64::from(threshold),
        "features": { "name_match": m.score },
        "explanations": {
            "name_match": {
                "score": m.score,
                "matched_name": m.matched_name,
                "method": m.explanation.method,
                "detail": m.explanation,
            }
        },
        "lists": m.lists,
        "entity_version": m.entity_version,
    });
    if !m.networks.is_empty() {
        r["networks"] = json!(m.networks);
    }
    if let Some(reason) = &m.possible {
        r["possible"] = json!(reason);
    }
    if m.partial {
        r["partial"] = json!(true);
    }
    r
}

/// The entity's FollowTheMoney-style properties.
fn properties(e: &Entity) -> Value {
    let mut p = Map::new();
    let mut put = |key: &str, values: Vec<String>| {
        if !values.is_empty() {
            p.insert(key.to_string(), json!(values));
        }
    };
    let names = |kinds: &[NameKind]| -> Vec<String> {
        e.names
            .iter()
            .filter(|n| kinds.contains(&n.kind))
            .map(|n| n.full.clone())
            .collect()
    };
    put("name", names(&[NameKind::Primary]));
    put("alias", names(&[NameKind::Alias]));
    put("previousName", names(&[NameKind::Former]));
    put("weakAlias", names(&[NameKind::Weak]));
    put(
        "birthDate",
        e.birth_dates
            .iter()
            .map(|d| d.from.clone().unwrap_or_else(|| d.text.clone()))
            .collect(),
    );
    put("birthPlace", e.birth_places.clone());
    put("nationality", e.nationalities.clone());
    put("country", e.countries.clone());
    put(
        "program",
        e.lists.iter().flat_map(|l| l.programs.clone()).collect(),
    );
    put("sourceUrl", e.source_urls.clone());
    put("topics", vec!["sanction".to_string()]);
    Value::Object(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemas_and_datasets_map_to_filters() {
        assert_eq!(ftm_schema("Person"), Ok(Some(Schema::Person)));
        assert_eq!(ftm_schema("Company"), Ok(Some(Schema::Organization)));
        assert_eq!(ftm_schema("LegalEntity"), Ok(None));
        assert!(ftm_schema("Banana").is_err());
        assert_eq!(dataset("default").unwrap(), None);
        assert_eq!(dataset("ofac").unwrap(), Some(Source::Ofac));
        assert!(dataset("eu_fsf").is_err());
    }

    #[test]
    fn properties_may_be_lists_or_single_strings() {
        let p: BTreeMap<String, Value> =
            serde_json::from_value(json!({"name": ["A", " ", "B"], "birthDate": "1984"})).unwrap();
        assert_eq!(strings(&p, "name"), ["A", "B"]);
        assert_eq!(strings(&p, "birthDate"), ["1984"]);
        assert!(strings(&p, "nationality").is_empty());
    }
}
