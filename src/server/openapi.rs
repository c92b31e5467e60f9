//! The OpenAPI 3.0 document served at `GET /openapi.json`, written by hand.
//!
//! Its `paths` are exactly [`super::ROUTES`]; `tests/server.rs` requests
//! every path it lists and checks the two agree.

use super::{MAX_BODY_BYTES, MAX_QUERY_CHARS, MAX_SCREEN_RECORDS};
use serde_json::{Value, json};

fn error_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    })
}

fn json_response(description: &str, schema: Value) -> Value {
    json!({
        "description": description,
        "content": {"application/json": {"schema": schema}}
    })
}

fn query_param(name: &str, description: &str, schema: Value) -> Value {
    json!({"name": name, "in": "query", "required": false, "description": description, "schema": schema})
}

/// The whole document.
pub fn document() -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "sanctiondb",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Sanctions screening against the UN, OFAC and South Korean lists, with Korean-aware name matching. Every answer, errors included, is JSON; errors are {\"code\", \"message\"}. Scores are in [0, 1]; a match at or above 0.80 is an alert."
        },
        "paths": {
            "/search": {"get": search()},
            "/screen": {"post": screen()},
            "/entities/{id}": {"get": entity()},
            "/lists": {"get": lists()},
            "/health": {"get": {
                "summary": "Liveness: the process answers.",
                "responses": {"200": json_response("alive", json!({"type": "object", "properties": {"status": {"type": "string", "enum": ["ok"]}}}))}
            }},
            "/ready": {"get": {
                "summary": "Readiness: an index is loaded (the server listens only once it is).",
                "responses": {"200": json_response("ready", json!({"type": "object", "properties": {
                    "status": {"type": "string", "enum": ["ready"]},
                    "index_version": {"type": "string"}
                }}))}
            }},
            "/openapi.json": {"get": {
                "summary": "This document.",
                "responses": {"200": json_response("the OpenAPI document", json!({"type": "object"}))}
            }},
            "/admin/reload": {"post": reload()}
        },
        "components": {
            "schemas": schemas(),
            "securitySchemes": {"bearer": {
                "type": "http",
                "scheme": "bearer",
                "description": "Required on /screen and /admin/* when the server was started with --token or SANCTIONDB_TOKEN."
            }}
        }
    })
}

fn search() -> Value {
    json!({
        "summary": "Search the index for one name, in any script or spelling.",
        "parameters": [
            {"name": "q", "in": "query", "required": true, "schema": {"type": "string", "maxLength": MAX_QUERY_CHARS},
             "description": "The name, e.g. KIM Jong Un or 김정은."},
            query_param("limit", "At most this many results (1 to 100, default 10).", json!({"type": "integer", "minimum": 1, "maximum": 100, "default": 10})),
            query_param("threshold", "Lowest score listed (default 0.5); results at or above 0.8 are marked alert.", json!({"type": "number", "minimum": 0, "maximum": 1, "default": 0.5})),
            query_param("schema", "Only this kind of entity.", json!({"type": "string", "enum": ["person", "organization", "vessel", "aircraft"]})),
            query_param("source", "Only entities on this source.", json!({"type": "string", "enum": ["un", "ofac", "kr"]})),
            query_param("dob", "Date of birth as evidence (YYYY, YYYY-MM or YYYY-MM-DD).", json!({"type": "string"})),
            query_param("country", "Nationality or country as evidence (a name or an ISO code, e.g. KP).", json!({"type": "string"}))
        ],
        "responses": {
            "200": json_response("candidates, best first", json!({"type": "object", "properties": {
                "query": {"type": "string"},
                "index_version": {"type": "string"},
                "list_hashes": {"$ref": "#/components/schemas/ListHashes"},
                "threshold": {"type": "number"},
                "results": {"type": "array", "items": {"$ref": "#/components/schemas/Match"}}
            }})),
            "400": error_response("missing_query, query_too_long, bad_threshold, bad_limit, unknown_schema, unknown_source, bad_dob, bad_query_string")
        }
    })
}

fn screen() -> Value {
    json!({
        "summary": "Screen a batch of records: one result per record, in order.",
        "description": format!("At most {MAX_SCREEN_RECORDS} records and {MAX_BODY_BYTES} bytes per request. JSON bodies carry threshold and limit in the body; CSV bodies (a header row with id,name and optionally dob,country) take them from the query string."),
        "parameters": [
            query_param("threshold", "CSV bodies only: alert threshold (default 0.8).", json!({"type": "number", "minimum": 0, "maximum": 1, "default": 0.8})),
            query_param("limit", "CSV bodies only: at most this many matches per record (1 to 100, default 10).", json!({"type": "integer", "minimum": 1, "maximum": 100, "default": 10}))
        ],
        "requestBody": {
            "required": true,
            "content": {
                "application/json": {"schema": {"type": "object", "required": ["records"], "additionalProperties": false, "properties": {
                    "records": {"type": "array", "maxItems": MAX_SCREEN_RECORDS, "items": {"type": "object", "required": ["id", "name"], "additionalProperties": false, "properties": {
                        "id": {"type": "string"},
                        "name": {"type": "string", "maxLength": MAX_QUERY_CHARS},
                        "dob": {"type": "string"},
                        "country": {"type": "string"}
                    }}},
                    "threshold": {"type": "number", "minimum": 0, "maximum": 1, "default": 0.8},
                    "limit": {"type": "integer", "minimum": 1, "maximum": 100, "default": 10}
                }}},
                "text/csv": {"schema": {"type": "string"}}
            }
        },
        "responses": {
            "200": json_response("one result per record, in input order", json!({"type": "object", "properties": {
                "index_version": {"type": "string"},
                "list_hashes": {"$ref": "#/components/schemas/ListHashes"},
                "results": {"type": "array", "items": {"type": "object", "properties": {
                    "id": {"type": "string"},
                    "name": {"type": "string"},
                    "dob": {"type": "string"},
                    "country": {"type": "string"},
                    "matches": {"type": "array", "items": {"$ref": "#/components/schemas/Match"}},
                    "line": {"type": "integer", "description": "CSV only: the line of a row that could not be screened"},
                    "error": {"type": "string", "description": "CSV only: why the row could not be screened"}
                }}}
            }})),
            "400": error_response("bad_json, bad_csv, bad_record, bad_threshold, bad_limit, bad_dob"),
            "413": error_response("too_many_records, payload_too_large"),
            "415": error_response("unsupported_media_type: send application/json or text/csv"),
            "401": error_response("unauthorized: the server has a token and the request did not carry it")
        },
        "security": [{"bearer": []}]
    })
}

fn reload() -> Value {
    json!({
        "summary": "Open the index folder again and answer from the index its CURRENT names.",
        "description": "Run it after `sanctiondb build` into the folder the server was started with. Requests under way finish on the old index. A new index that fails to open or verify is refused and the old one keeps answering.",
        "responses": {
            "200": json_response("the new index answers", json!({"type": "object", "properties": {
                "status": {"type": "string", "enum": ["reloaded"]},
                "index_version": {"type": "string"},
                "previous_index_version": {"type": "string"}
            }})),
            "401": error_response("unauthorized: the server has a token and the request did not carry it"),
            "409": error_response("reload_refused: the new index did not open or verify; the message says why")
        },
        "security": [{"bearer": []}]
    })
}

fn entity() -> Value {
    json!({
        "summary": "An entity's whole record: every name, date, identifier, address, list and relation.",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"},
                        "description": "un:<reference>, ofac:<uid> or kr:<round-date>-<nn>, e.g. un:KPe.028"}],
        "responses": {
            "200": json_response("the record", json!({"type": "object", "properties": {
                "id": {"type": "string"},
                "schema": {"type": "string"},
                "names": {"type": "array", "items": {"type": "object"}},
                "entity_version": {"type": "string"}
            }})),
            "404": error_response("not_found")
        }
    })
}

fn lists() -> Value {
    json!({
        "summary": "The list files the index was built from, and what they hold.",
        "responses": {"200": json_response("the index's provenance", json!({"type": "object", "properties": {
            "index_version": {"type": "string"},
            "built_at": {"type": "string", "format": "date-time"},
            "format_version": {"type": "integer"},
            "lists": {"type": "array", "items": {"type": "object", "properties": {
                "path": {"type": "string"},
                "source": {"type": "string", "enum": ["un", "ofac", "kr"]},
                "sha256": {"type": "string"},
                "bytes": {"type": "integer"}
            }}},
            "counts": {"type": "object", "description": "per source", "additionalProperties": {"type": "object", "properties": {
                "entities": {"type": "integer"},
                "persons": {"type": "integer"},
                "organizations": {"type": "integer"},
                "vessels": {"type": "integer"},
                "aircraft": {"type": "integer"},
                "names": {"type": "integer"},
                "on_several_lists": {"type": "integer"}
            }}},
            "missing_sources": {"type": "array", "items": {"type": "string"}}
        }}))}
    })
}

fn schemas() -> Value {
    json!({
        "Error": {"type": "object", "required": ["code", "message"], "properties": {
            "code": {"type": "string", "description": "stable, for programs"},
            "message": {"type": "string", "description": "for people: what to change in the request"}
        }},
        "ListHashes": {"type": "object", "description": "sha256 of each list file the index was built from, by path", "additionalProperties": {"type": "string"}},
        "Match": {"type": "object", "properties": {
            "entity_id": {"type": "string"},
            "score": {"type": "number"},
            "alert": {"type": "boolean"},
            "name": {"type": "string"},
            "matched_name": {"type": "string"},
            "schema": {"type": "string"},
            "sources": {"type": "array", "items": {"type": "string"}},
            "lists": {"type": "array", "items": {"type": "string"}},
            "entity_version": {"type": "string"},
            "explanation": {"type": "object", "description": "the listed name that matched, per-token or per-syllable outcomes, and every adjustment"}
        }}
    })
}
