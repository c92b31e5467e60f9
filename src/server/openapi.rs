//! The OpenAPI 3.0 document served at `GET /openapi.json`, written by hand.
//!
//! Its `paths` are exactly [`super::ROUTES`]; `tests/it/server.rs` requests
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
            "/entities/{id}/network": {"get": network()},
            "/match/{dataset}": {"post": match_()},
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
                "description": "Required on /screen, /match and /admin/* when the server was started with --token or SANCTIONDB_TOKEN."
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
            query_param("country", "Nationality or country as evidence (a name or an ISO code, e.g. KP).", json!({"type": "string"})),
            weak_aliases_param(),
            query_param("email", "An e-mail address, matched exactly (case ignored) against listed ones; q may then be empty.", json!({"type": "string"})),
            query_param("website", "A website or domain (scheme, www. and path ignored).", json!({"type": "string"})),
            query_param("wallet", "A crypto wallet address.", json!({"type": "string"})),
            query_param("phone", "A phone number (digits compared).", json!({"type": "string"})),
            query_param("document", "A passport, ID or registration number (letters and digits compared).", json!({"type": "string"}))
        ],
        "responses": {
            "200": json_response("candidates, best first", json!({"type": "object", "properties": {
                "query": {"type": "string"},
                "index_version": {"type": "string"},
                "list_hashes": {"$ref": "#/components/schemas/ListHashes"},
                "threshold": {"type": "number"},
                "results": {"type": "array", "items": {"$ref": "#/components/schemas/Match"}}
            }})),
            "400": error_response("missing_query, query_too_long, bad_threshold, bad_limit, unknown_schema, unknown_source, bad_dob, bad_weak_aliases, bad_query_string")
        }
    })
}

fn screen() -> Value {
    json!({
        "summary": "Screen a batch of records: one result per record, in order.",
        "description": format!("At most {MAX_SCREEN_RECORDS} records and {MAX_BODY_BYTES} bytes per request. JSON bodies carry threshold and limit in the body; CSV bodies (a header row with id,name and optionally dob,country,email,website,wallet,phone,document) take them from the query string. Identifiers are matched exactly after canonical normalization; an identifier hit alerts on its own."),
        "parameters": [
            query_param("threshold", "CSV bodies only: alert threshold (default 0.8).", json!({"type": "number", "minimum": 0, "maximum": 1, "default": 0.8})),
            query_param("limit", "CSV bodies only: at most this many matches per record (1 to 100, default 10).", json!({"type": "integer", "minimum": 1, "maximum": 100, "default": 10})),
            weak_aliases_param()
        ],
        "requestBody": {
            "required": true,
            "content": {
                "application/json": {"schema": {"type": "object", "required": ["records"], "additionalProperties": false, "properties": {
                    "records": {"type": "array", "maxItems": MAX_SCREEN_RECORDS, "items": {"type": "object", "required": ["id", "name"], "additionalProperties": false, "properties": {
                        "id": {"type": "string"},
                        "name": {"type": "string", "maxLength": MAX_QUERY_CHARS},
                        "dob": {"type": "string"},
                        "country": {"type": "string"},
                        "email": {"type": "string"},
                        "website": {"type": "string"},
                        "wallet": {"type": "string"},
                        "phone": {"type": "string"},
                        "document": {"type": "string"}
                    }}},
                    "threshold": {"type": "number", "minimum": 0, "maximum": 1, "default": 0.8},
                    "limit": {"type": "integer", "minimum": 1, "maximum": 100, "default": 10},
                    "weak_aliases": {"type": "string", "enum": ["reduced", "confirm-only"], "default": "reduced"}
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
            "400": error_response("bad_json, bad_csv, bad_record, bad_threshold, bad_limit, bad_dob, bad_weak_aliases"),
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
                "partial": {"type": "boolean", "description": "present (true) when the shipped lists hold only the record's aliases, addresses and remarks: its primary record is missing from the snapshot; `sanctiondb fetch` brings it"},
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
            "missing_sources": {"type": "array", "items": {"type": "string"}},
            "registry": {"type": "object", "description": "the registry of DPRK state bodies (path, sha256, bodies)"},
            "relations": {"type": "object", "description": "per source: relations extracted, resolved, unresolved"}
        }}))}
    })
}

fn weak_aliases_param() -> Value {
    query_param(
        "weak_aliases",
        "How weak aliases (OFAC's weak a.k.a.s, UN quality Low) take part: reduced (matched at 0.9 of their score, the default) or confirm-only (never matched on their own).",
        json!({"type": "string", "enum": ["reduced", "confirm-only"], "default": "reduced"}),
    )
}

fn network() -> Value {
    json!({
        "summary": "The network around an entity or DPRK state body: the nodes within `depth` relation hops and every edge between them, with evidence.",
        "parameters": [
            {"name": "id", "in": "path", "required": true, "schema": {"type": "string"},
             "description": "an entity id (un:KPe.028) or a state body's node (dprk:general-bureau-313)"},
            query_param("depth", "Relation hops to follow (0 to 3, default 1); a same_as step between two list entries of one body is free.", json!({"type": "integer", "minimum": 0, "maximum": 3, "default": 1}))
        ],
        "responses": {
            "200": json_response("the network", json!({"type": "object", "properties": {
                "index_version": {"type": "string"},
                "center": {"type": "string"},
                "depth": {"type": "integer"},
                "nodes": {"type": "array", "items": {"type": "object", "properties": {
                    "id": {"type": "string"}, "name": {"type": "string"}, "schema": {"type": "string"},
                    "sources": {"type": "array", "items": {"type": "string"}},
                    "body": {"type": "string", "description": "registry slug when the node is a DPRK state body"},
                    "depth": {"type": "integer"}
                }}},
                "edges": {"type": "array", "items": {"type": "object", "properties": {
                    "from": {"type": "string"}, "to": {"type": "string"},
                    "relation": {"type": "string", "enum": ["linked_to", "owned_or_controlled_by", "subordinate_to", "front_of", "member_of", "associated_with", "references", "same_as"]},
                    "evidence": {"type": "string"},
                    "source": {"type": "string", "enum": ["un", "ofac", "kr", "registry", "lists"]},
                    "method": {"type": "string", "enum": ["reference", "registry", "exact", "fuzzy", "subject"]}
                }}}
            }})),
            "400": error_response("bad_depth"),
            "404": error_response("not_found")
        }
    })
}

fn match_() -> Value {
    json!({
        "summary": "Match entity examples, compatible with OpenSanctions yente's POST /match/{dataset}.",
        "description": format!("At most {} examples per request. Each example's names (properties.name, alias, firstName + lastName) are searched; birthDate and nationality (else citizenship, else country) weigh as evidence. Datasets: default (every list), un, ofac, kr.", super::yente::MAX_QUERIES),
        "parameters": [
            {"name": "dataset", "in": "path", "required": true, "schema": {"type": "string", "enum": ["default", "sanctions", "un", "ofac", "kr"]}},
            query_param("threshold", "Score at or above which a result is a match (default 0.70, as yente).", json!({"type": "number", "minimum": 0, "maximum": 1, "default": 0.7})),
            query_param("cutoff", "Lowest score returned (default 0.5).", json!({"type": "number", "minimum": 0, "maximum": 1, "default": 0.5})),
            query_param("limit", "Results per example (1 to 100, default 5).", json!({"type": "integer", "minimum": 1, "maximum": 100, "default": 5})),
            query_param("algorithm", "Accepted for compatibility; there is one algorithm.", json!({"type": "string"})),
            query_param("exclude_entity_ids", "Entity ids to leave out (repeatable), e.g. reviewed false positives.", json!({"type": "string"})),
            query_param("exclude_schema", "Schemas to leave out (repeatable).", json!({"type": "string"})),
            weak_aliases_param()
        ],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["queries"], "properties": {
            "queries": {"type": "object", "additionalProperties": {"type": "object", "required": ["schema"], "properties": {
                "schema": {"type": "string", "enum": ["Person", "Organization", "Company", "PublicBody", "LegalEntity", "Thing", "Vessel", "Airplane"]},
                "properties": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}
            }}}
        }}}}},
        "responses": {
            "200": json_response("one response per example", json!({"type": "object", "properties": {
                "responses": {"type": "object", "additionalProperties": {"type": "object", "properties": {
                    "status": {"type": "integer"},
                    "results": {"type": "array", "items": {"type": "object", "properties": {
                        "id": {"type": "string"}, "caption": {"type": "string"}, "schema": {"type": "string"},
                        "properties": {"type": "object"}, "datasets": {"type": "array", "items": {"type": "string"}},
                        "score": {"type": "number"}, "match": {"type": "boolean"},
                        "features": {"type": "object"}, "explanations": {"type": "object"}
                    }}},
                    "total": {"type": "object", "properties": {"value": {"type": "integer"}, "relation": {"type": "string"}}}
                }}},
                "limit": {"type": "integer"},
                "index_version": {"type": "string"},
                "list_hashes": {"$ref": "#/components/schemas/ListHashes"}
            }})),
            "400": error_response("bad_json, bad_record, bad_threshold, bad_limit, unknown_schema, bad_weak_aliases, bad_query_string"),
            "401": error_response("unauthorized: the server has a token and the request did not carry it"),
            "404": error_response("unknown_dataset"),
            "413": error_response("too_many_queries, payload_too_large")
        },
        "security": [{"bearer": []}]
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
            "possible": {"type": "string", "description": "present when the name alone would alert but the date of birth or country speaks against it: the reason; the match is for review, not an alert"},
            "name": {"type": "string"},
            "matched_name": {"type": "string"},
            "schema": {"type": "string"},
            "sources": {"type": "array", "items": {"type": "string"}},
            "lists": {"type": "array", "items": {"type": "string"}},
            "entity_version": {"type": "string"},
            "partial": {"type": "boolean", "description": "present (true) when the entity's primary record is missing from the shipped list snapshot (only its aliases, addresses and remarks are known); `sanctiondb fetch` brings it"},
            "explanation": {"type": "object", "description": "the listed name that matched, per-token or per-syllable outcomes, and every adjustment"},
            "networks": {"type": "array", "description": "the DPRK state bodies whose network the entity belongs to, nearest first", "items": {"type": "object", "properties": {
                "id": {"type": "string"}, "name": {"type": "string"}, "body": {"type": "string"},
                "path": {"type": "array", "items": {"type": "string"}},
                "relations": {"type": "array", "items": {"type": "string"}}
            }}}
        }}
    })
}
