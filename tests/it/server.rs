//! The real server: the routes `sanctiondb serve` registers
//! (`sanctiondb::server::configure_with`), on an index built from the shipped
//! lists, through `actix_web::test`; and once the real binary over TCP.

use crate::snapshot::figures;
use crate::util::{BIN, DEADLINE, Served, enc, shipped_index, tempdir};
use actix_web::App;
use actix_web::http::StatusCode;
use actix_web::test as actix_test;
use sanctiondb::Database;
use sanctiondb::build::{BuildOptions, build};
use sanctiondb::server::{ROUTES, State, configure_with};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The shipped index, opened once and served by every test here.
fn shared() -> &'static State {
    static SHARED: OnceLock<State> = OnceLock::new();
    SHARED.get_or_init(|| {
        let index = Database::open(shipped_index()).expect("open the shipped index");
        State::new(index, shipped_index())
    })
}

fn state() -> State {
    shared().clone()
}

/// Sends `req` to the real app and returns status and JSON body (every
/// answer must be JSON).
async fn call(req: actix_test::TestRequest) -> (StatusCode, Value) {
    let (status, _, value) = call_with(state(), req).await;
    (status, value)
}

/// Sends `req` to the real app serving `state`; returns status, headers and
/// JSON body.
async fn call_with(
    state: State,
    req: actix_test::TestRequest,
) -> (StatusCode, actix_web::http::header::HeaderMap, Value) {
    let app = actix_test::init_service(App::new().configure(configure_with(state))).await;
    let res = actix_test::call_service(&app, req.to_request()).await;
    let status = res.status();
    let headers = res.headers().clone();
    let content_type = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = actix_test::read_body(res).await;
    assert!(
        content_type.starts_with("application/json"),
        "{status}: content-type {content_type:?}, body {:?}",
        String::from_utf8_lossy(&body)
    );
    let value = serde_json::from_slice(&body)
        .unwrap_or_else(|e| panic!("{status}: body is not JSON ({e}): {body:?}"));
    (status, headers, value)
}

async fn get(uri: &str) -> (StatusCode, Value) {
    call(actix_test::TestRequest::get().uri(uri)).await
}

async fn post(uri: &str, content_type: &str, body: impl Into<Vec<u8>>) -> (StatusCode, Value) {
    call(
        actix_test::TestRequest::post()
            .uri(uri)
            .insert_header(("content-type", content_type))
            .set_payload(body.into()),
    )
    .await
}

/// Asserts a refusal: this status, this code, and a message.
fn assert_error(got: &(StatusCode, Value), status: u16, code: &str) {
    assert_eq!(got.0.as_u16(), status, "{}", got.1);
    assert_eq!(got.1["code"], code, "{}", got.1);
    assert!(
        got.1["message"].as_str().is_some_and(|m| m.len() > 10),
        "{}",
        got.1
    );
}

fn index_version() -> String {
    state().index().meta.index_version.clone()
}

#[actix_web::test]
async fn search_finds_kim_jong_un_first_with_the_index_version() {
    let (status, v) = get(&format!("/search?q={}", enc("KIM Jong Un"))).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["query"], "KIM Jong Un");
    assert_eq!(v["index_version"], index_version());
    assert_eq!(
        v["threshold"].as_f64().map(|t| (t * 100.0).round()),
        Some(50.0)
    );
    assert!(v["list_hashes"]["un/UN_consolidated.xml"].is_string());
    let first = &v["results"][0];
    assert_eq!(first["entity_id"], "ofac:20157", "{v}");
    assert_eq!(first["alert"], true);
    assert!(first["explanation"]["matched_name"].is_string());
}

#[actix_web::test]
async fn a_long_query_is_answered_like_a_short_one() {
    // Over eight words: searched on the blocking pool, not the worker's
    // search thread; the answer is the same search's.
    let q = "Korea Mining Development Trading Corporation of Central District Pyongyang DPR Korea";
    let (status, v) = get(&format!("/search?q={}&threshold=0.3&limit=2", enc(q))).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let ids: Vec<&str> = v["results"]
        .as_array()
        .map(|r| r.iter().filter_map(|m| m["entity_id"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(ids, ["ofac:9345", "un:KPe.001"], "{v}");
}

#[actix_web::test]
async fn search_in_hangul_finds_kim_jong_un() {
    let (status, v) = get(&format!("/search?q={}", enc("김정은"))).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["results"][0]["entity_id"], "ofac:20157", "{v}");
}

#[actix_web::test]
async fn search_applies_limit_schema_and_source() {
    let (status, v) = get("/search?q=KIM&limit=3&schema=person&source=un&threshold=0.3").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let results = v["results"].as_array().unwrap();
    assert!(!results.is_empty() && results.len() <= 3, "{v}");
    for r in results {
        assert_eq!(r["schema"], "person");
        assert!(r["sources"].as_array().unwrap().contains(&json!("un")));
    }
}

#[actix_web::test]
async fn screen_json_answers_each_record_in_order() {
    let body = json!({"records": [
        {"id": "p-1", "name": "KIM Jong Un", "dob": "1984-01-08", "country": "KP"},
        {"id": "p-2", "name": "Jane Austen"},
        {"id": "p-3", "name": "Korea Ryonbong General Corporation"},
    ]});
    let (status, v) = post("/screen", "application/json", body.to_string()).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["index_version"], index_version());
    assert!(v["list_hashes"].as_object().is_some_and(|h| !h.is_empty()));
    let results = v["results"].as_array().unwrap();
    let ids: Vec<&str> = results.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["p-1", "p-2", "p-3"]);
    assert_eq!(results[0]["name"], "KIM Jong Un");
    assert_eq!(results[0]["matches"][0]["entity_id"], "ofac:20157", "{v}");
    assert_eq!(results[0]["matches"][0]["alert"], true);
    assert_eq!(results[1]["matches"], json!([]), "{v}");
    assert!(
        results[2]["matches"][0]["name"]
            .as_str()
            .is_some_and(|n| n.to_uppercase().contains("RYONBONG")),
        "{v}"
    );
}

#[actix_web::test]
async fn screen_csv_body_gives_one_result_per_row() {
    let csv = "id,name,dob,country\n1,KIM Jong Un,1984,KP\n2,Jane Austen,,\n3,,,\n";
    let (status, v) = post("/screen?threshold=0.8", "text/csv; charset=utf-8", csv).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["index_version"], index_version());
    let results = v["results"].as_array().unwrap();
    assert_eq!(results.len(), 3, "{v}");
    assert_eq!(results[0]["id"], "1");
    assert_eq!(results[0]["matches"][0]["entity_id"], "ofac:20157", "{v}");
    assert_eq!(results[1]["id"], "2");
    assert_eq!(results[1]["matches"], json!([]));
    // A row that cannot be screened says why, in its place.
    assert_eq!(results[2]["line"], 4, "{v}");
    assert!(results[2]["error"].is_string(), "{v}");
}

#[actix_web::test]
async fn screen_json_and_csv_bodies_answer_in_one_shape() {
    let body = json!({"threshold": 0.7, "records": [
        {"id": "1", "name": "KIM Jong Un", "dob": "1984", "country": "KP"},
        {"id": "2", "name": "Jane Austen"},
        {"id": "3", "name": "Korea Ryonbong General Corporation"},
    ]});
    let csv = "id,name,dob,country\n1,KIM Jong Un,1984,KP\n2,Jane Austen,,\n3,Korea Ryonbong General Corporation,,\n";
    let (status, from_json) = post("/screen", "application/json", body.to_string()).await;
    assert_eq!(status, StatusCode::OK, "{from_json}");
    let (status, from_csv) = post("/screen?threshold=0.7", "text/csv", csv).await;
    assert_eq!(status, StatusCode::OK, "{from_csv}");
    assert_eq!(from_json["results"], from_csv["results"]);
    let matches = from_json["results"][0]["matches"].as_array().unwrap();
    assert!(!matches.is_empty(), "{from_json}");
    assert!(
        matches.iter().all(|m| m["status"] == "alert"),
        "{from_json}"
    );
}

#[actix_web::test]
async fn screen_csv_body_with_a_stray_quote_screens_every_line() {
    let csv =
        "id,name\n1,KIM Jong Un\n5,\"O'Brien, Pat\n6,Pak Hung Ryong\n7,Ri Yong Ho\n8,KIM Jong Un\n";
    let (status, v) = post("/screen?threshold=0.8", "text/csv", csv).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let ids: Vec<&str> = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["1", "5", "6", "7", "8"], "{v}");
    assert_eq!(
        v["results"][4]["matches"][0]["entity_id"], "ofac:20157",
        "{v}"
    );
    let warning = v["warnings"][0].as_str().unwrap_or_default();
    assert!(
        warning.starts_with("lines 3-6: a quote opened on line 3"),
        "{v}"
    );
    // A clean body has no warnings at all.
    let (_, v) = post("/screen", "text/csv", "id,name\n1,KIM Jong Un\n").await;
    assert!(v.get("warnings").is_none(), "{v}");
}

#[actix_web::test]
async fn screen_csv_without_a_name_column_says_which_columns_to_use() {
    let got = post("/screen", "text/csv", "id,payee\n1,KIM Jong Un\n").await;
    assert_error(&got, 400, "bad_csv");
    assert!(got.1["message"].as_str().unwrap().contains("name"));
}

#[actix_web::test]
async fn entity_returns_the_whole_record_with_aliases() {
    let (status, v) = get("/entities/un:KPe.028").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["id"], "un:KPe.028");
    assert_eq!(v["schema"], "organization");
    let names: Vec<String> = v["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["full"].as_str().unwrap().to_lowercase())
        .collect();
    for alias in ["munitions industry department", "mid"] {
        assert!(names.iter().any(|n| n == alias), "{alias} in {names:?}");
    }
    assert!(v["entity_version"].is_string());
}

#[actix_web::test]
async fn entity_gives_the_romanizations_of_a_hangul_name() {
    let (status, v) = get("/entities/kr:20241226-01").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let hangul = v["names"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["full"] == "박흥룡")
        .expect("the Hangul name");
    let forms: Vec<&str> = hangul["romanizations"]
        .as_array()
        .expect("romanizations")
        .iter()
        .map(|r| r["text"].as_str().unwrap())
        .collect();
    // RR and the DPRK/MR spelling the Korean list gives next to it.
    assert!(
        forms.contains(&"Park Heung Ryong") || forms.contains(&"Bak Heung-ryong"),
        "{forms:?}"
    );
    assert!(forms.iter().any(|f| f.starts_with("Pak Hung")), "{forms:?}");
    // Latin names get none.
    assert!(
        v["names"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["script"] == "latin")
            .all(|n| n["romanizations"].is_null())
    );
}

#[actix_web::test]
async fn unknown_entity_is_a_json_404() {
    let got = get("/entities/ofac:999999999").await;
    assert_error(&got, 404, "not_found");
}

#[actix_web::test]
async fn lists_reports_files_hashes_and_counts() {
    let (status, v) = get("/lists").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["index_version"], index_version());
    assert!(v["built_at"].is_string());
    assert!(v["format_version"].is_u64());
    assert_eq!(v["counts"]["un"]["entities"], figures().un_entities);
    assert_eq!(v["counts"]["ofac"]["entities"], figures().ofac_entities);
    let files = v["lists"].as_array().unwrap();
    let un = files
        .iter()
        .find(|f| f["path"] == "un/UN_consolidated.xml")
        .expect("the UN list");
    assert_eq!(un["source"], "un");
    assert_eq!(un["sha256"].as_str().map(str::len), Some(64));
    assert!(un["bytes"].as_u64().is_some_and(|b| b > 0));
}

#[actix_web::test]
async fn health_and_ready_answer() {
    let (status, v) = get("/health").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v, json!({"status": "ok"}));
    let (status, v) = get("/ready").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["status"], "ready");
    assert_eq!(v["index_version"], index_version());
}

#[actix_web::test]
async fn openapi_paths_are_exactly_the_served_routes() {
    let (status, doc) = get("/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        doc["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.0"))
    );
    let mut documented = BTreeSet::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for method in ops.as_object().unwrap().keys() {
            documented.insert((method.to_uppercase(), path.clone()));
        }
    }
    let registered: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|r| (r.method.to_string(), r.path.to_string()))
        .collect();
    assert_eq!(documented, registered);
    // Every documented route answers (none falls through to `no_route`).
    for (method, path) in &documented {
        let uri = path
            .replace("{id}", "un:KPe.028")
            .replace("{dataset}", "default");
        let (status, v) = match method.as_str() {
            "GET" if uri == "/search" => get("/search?q=KIM").await,
            "POST" if uri.starts_with("/match/") => {
                post(&uri, "application/json", YENTE_KIM_JONG_UN).await
            }
            "GET" => get(&uri).await,
            // Reopens the shared index's own generation: same version. The
            // `reload_*` tests build new generations in an index of their own.
            "POST" if uri == "/admin/reload" => post(&uri, "application/json", "").await,
            "POST" => post(&uri, "application/json", r#"{"records": []}"#).await,
            other => panic!("{other} {path}: no test request for this method"),
        };
        assert_eq!(status, StatusCode::OK, "{method} {path}: {v}");
    }
    assert_error(&get("/nowhere").await, 404, "no_route");
}

#[actix_web::test]
async fn search_refuses_bad_parameters_with_json_errors() {
    assert_error(&get("/search").await, 400, "missing_query");
    assert_error(&get("/search?q=%20%20").await, 400, "missing_query");
    let long = "a".repeat(1001);
    assert_error(
        &get(&format!("/search?q={long}")).await,
        400,
        "query_too_long",
    );
    for t in ["abc", "1.5", "-0.1", "NaN"] {
        assert_error(
            &get(&format!("/search?q=KIM&threshold={t}")).await,
            400,
            "bad_threshold",
        );
    }
    assert_error(&get("/search?q=KIM&limit=0").await, 400, "bad_limit");
    assert_error(&get("/search?q=KIM&limit=x").await, 400, "bad_limit");
    assert_error(
        &get("/search?q=KIM&schema=dog").await,
        400,
        "unknown_schema",
    );
    assert_error(&get("/search?q=KIM&source=eu").await, 400, "unknown_source");
    assert_error(&get("/search?q=KIM&dob=yesterday").await, 400, "bad_dob");
    assert_error(&get("/search?q=KIM&q=LEE").await, 400, "bad_query_string");
}

#[actix_web::test]
async fn screen_refuses_bad_bodies_with_json_errors() {
    let json_type = "application/json";
    assert_error(
        &post("/screen", json_type, "{not json").await,
        400,
        "bad_json",
    );
    assert_error(
        &post("/screen", json_type, r#"{"records": [{"name": "x"}]}"#).await,
        400,
        "bad_json",
    );
    assert_error(
        &post("/screen", json_type, r#"{"records": [], "treshold": 0.5}"#).await,
        400,
        "bad_json",
    );
    assert_error(
        &post(
            "/screen",
            json_type,
            r#"{"records": [{"id": "1", "name": " "}]}"#,
        )
        .await,
        400,
        "bad_record",
    );
    assert_error(
        &post(
            "/screen",
            json_type,
            r#"{"records": [{"id": "1", "name": "KIM", "dob": "soon"}]}"#,
        )
        .await,
        400,
        "bad_dob",
    );
    assert_error(
        &post("/screen", json_type, r#"{"records": [], "threshold": 2}"#).await,
        400,
        "bad_threshold",
    );
    let records: Vec<Value> = (0..10_001)
        .map(|i| json!({"id": i.to_string(), "name": "KIM Jong Un"}))
        .collect();
    let body = json!({ "records": records }).to_string();
    assert_error(
        &post("/screen", json_type, body).await,
        413,
        "too_many_records",
    );
    let mut csv = String::from("id,name\n");
    for i in 0..10_001 {
        csv.push_str(&format!("{i},KIM Jong Un\n"));
    }
    assert_error(
        &post("/screen", "text/csv", csv).await,
        413,
        "too_many_records",
    );
    assert_error(
        &post("/screen", "text/plain", "KIM Jong Un").await,
        415,
        "unsupported_media_type",
    );
    assert_error(
        &call(
            actix_test::TestRequest::post()
                .uri("/screen")
                .set_payload("{}"),
        )
        .await,
        415,
        "unsupported_media_type",
    );
    let huge = vec![b' '; sanctiondb::server::MAX_BODY_BYTES + 1];
    assert_error(
        &post("/screen", json_type, huge).await,
        413,
        "payload_too_large",
    );
    assert_error(
        &call(actix_test::TestRequest::get().uri("/screen")).await,
        405,
        "method_not_allowed",
    );
}

/// A small index of its own (the Korean list alone) in a temp folder, so
/// reload tests can build new generations without touching the shared one.
struct SmallIndex {
    lists: tempfile::TempDir,
    index: tempfile::TempDir,
}

impl SmallIndex {
    fn new() -> SmallIndex {
        let lists = crate::util::korean_lists();
        let small = SmallIndex {
            lists,
            index: tempdir(),
        };
        small.build();
        small
    }

    fn build(&self) -> PathBuf {
        build(
            &BuildOptions {
                lists: self.lists.path().to_path_buf(),
                index: self.index.path().to_path_buf(),
            },
            &indicatif::ProgressBar::hidden(),
        )
        .expect("build the small index")
        .generation
    }

    /// Drops the last data line of the list, so the next build has another
    /// index version.
    fn drop_last_entry(&self) {
        let path = self.lists.path().join("kr/designations.csv");
        let text = std::fs::read_to_string(&path).expect("read the copied list");
        let mut lines: Vec<&str> = text.lines().collect();
        assert!(lines.len() > 2, "the list has data lines");
        lines.pop();
        std::fs::write(&path, lines.join("\n") + "\n").expect("write the copied list");
    }

    fn state(&self) -> State {
        State::new(
            Database::open(self.index.path()).expect("open the small index"),
            self.index.path(),
        )
    }
}

impl SmallIndex {
    /// Drops the first data line of the list: the next build numbers its
    /// names and tokens differently from this one's.
    fn drop_first_entry(&self) {
        let path = self.lists.path().join("kr/designations.csv");
        let text = std::fs::read_to_string(&path).expect("read the copied list");
        let mut lines: Vec<&str> = text.lines().collect();
        assert!(lines.len() > 2, "the list has data lines");
        lines.remove(1);
        std::fs::write(&path, lines.join("\n") + "\n").expect("write the copied list");
    }

    /// A `POST /screen` body of every Hangul name on the list.
    fn every_name(&self) -> Vec<u8> {
        let path = self.lists.path().join("kr/designations.csv");
        let mut reader = csv::Reader::from_path(&path).expect("read the copied list");
        let hangul = reader
            .headers()
            .expect("header")
            .iter()
            .position(|h| h == "hangul")
            .expect("a hangul column");
        let records: Vec<Value> = reader
            .records()
            .map(|r| r.expect("a row")[hangul].to_string())
            .filter(|name| !name.is_empty())
            .enumerate()
            .map(|(i, name)| json!({"id": i.to_string(), "name": name}))
            .collect();
        assert!(records.len() > 20, "{} Hangul names", records.len());
        json!({"records": records, "threshold": 0.5, "limit": 5})
            .to_string()
            .into_bytes()
    }
}

/// The screening threads keep their token caches between requests; after a
/// reload they answer as a server started on the new index does, not from
/// token numbers of the old one.
#[actix_web::test]
async fn screening_after_a_reload_answers_as_a_fresh_server_does() {
    let small = SmallIndex::new();
    let state = small.state();
    let screen = || {
        actix_test::TestRequest::post()
            .uri("/screen")
            .insert_header(("content-type", "application/json"))
            .set_payload(small.every_name())
    };
    let (status, _, warm) = call_with(state.clone(), screen()).await;
    assert_eq!(status, StatusCode::OK, "{warm}");
    small.drop_first_entry();
    small.build();
    let (status, _, v) = call_with(state.clone(), reload_request()).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let (status, _, reloaded) = call_with(state.clone(), screen()).await;
    assert_eq!(status, StatusCode::OK, "{reloaded}");
    let (status, _, fresh) = call_with(small.state(), screen()).await;
    assert_eq!(status, StatusCode::OK, "{fresh}");
    assert_eq!(reloaded, fresh);
    assert_ne!(reloaded, warm, "the list changed, so some answer should");
}

async fn version_of(state: &State) -> String {
    let (status, _, v) =
        call_with(state.clone(), actix_test::TestRequest::get().uri("/lists")).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    v["index_version"]
        .as_str()
        .expect("index_version")
        .to_string()
}

fn reload_request() -> actix_test::TestRequest {
    actix_test::TestRequest::post()
        .uri("/admin/reload")
        .insert_header(("content-type", "application/json"))
}

#[actix_web::test]
async fn reload_swaps_in_a_newly_built_generation() {
    let small = SmallIndex::new();
    let state = small.state();
    let before = version_of(&state).await;
    small.drop_last_entry();
    small.build();
    let (status, _, v) = call_with(state.clone(), reload_request()).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["status"], "reloaded");
    assert_eq!(v["previous_index_version"], before.as_str());
    let after = version_of(&state).await;
    assert_ne!(after, before);
    assert_eq!(v["index_version"], after.as_str());
}

#[actix_web::test]
async fn reload_refuses_a_damaged_generation_and_keeps_serving_the_old_one() {
    let small = SmallIndex::new();
    let state = small.state();
    small.drop_last_entry();
    small.build();
    let (status, _, v) = call_with(state.clone(), reload_request()).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let serving = version_of(&state).await;

    small.drop_last_entry();
    let generation = small.build();
    let names = generation.join("names.json");
    let mut bytes = std::fs::read(&names).expect("read names.json");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(&names, bytes).expect("damage names.json");

    let (status, _, v) = call_with(state.clone(), reload_request()).await;
    assert_eq!(status.as_u16(), 409, "{v}");
    assert_eq!(v["code"], "reload_refused", "{v}");
    let message = v["message"].as_str().unwrap_or_default();
    assert!(message.contains("names.json"), "{message}");
    let folder = small.index.path().display().to_string();
    assert!(
        !message.contains(&folder),
        "the answer shows where the index is: {message}"
    );
    assert_eq!(version_of(&state).await, serving);
    let (status, _, v) = call_with(
        state.clone(),
        actix_test::TestRequest::get().uri(&format!("/search?q={}", enc("Park Dong Hyun"))),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["index_version"], serving.as_str());
    assert!(
        v["results"].as_array().is_some_and(|r| !r.is_empty()),
        "{v}"
    );
}

#[actix_web::test]
async fn token_guards_screen_and_admin_but_not_search() {
    let small = SmallIndex::new();
    let state = small.state().with_token("s3cret-token");
    let screen = |auth: Option<&str>| {
        let mut req = actix_test::TestRequest::post()
            .uri("/screen")
            .insert_header(("content-type", "application/json"))
            .set_payload(r#"{"records": [{"id": "1", "name": "Park Dong Hyun"}]}"#);
        if let Some(auth) = auth {
            req = req.insert_header(("authorization", auth));
        }
        req
    };
    for auth in [
        None,
        Some("Bearer wrong-token"),
        Some("Basic s3cret-token"),
        Some("Bearer s3cret-token-"),
    ] {
        let (status, headers, v) = call_with(state.clone(), screen(auth)).await;
        assert_eq!(status.as_u16(), 401, "{auth:?}: {v}");
        assert_eq!(v["code"], "unauthorized", "{v}");
        assert!(
            v["message"].as_str().is_some_and(|m| m.contains("Bearer")),
            "{v}"
        );
        let challenge = headers
            .get("www-authenticate")
            .and_then(|h| h.to_str().ok());
        assert_eq!(challenge, Some("Bearer"), "{auth:?}");
    }
    let (status, _, v) = call_with(state.clone(), screen(Some("Bearer s3cret-token"))).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["results"][0]["id"], "1", "{v}");

    let (status, _, v) = call_with(state.clone(), reload_request()).await;
    assert_eq!(status.as_u16(), 401, "{v}");
    let (status, _, v) = call_with(
        state.clone(),
        reload_request().insert_header(("authorization", "Bearer s3cret-token")),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");

    let matching = || {
        actix_test::TestRequest::post()
            .uri("/match/default")
            .insert_header(("content-type", "application/json"))
            .set_payload(YENTE_KIM_JONG_UN)
    };
    let (status, _, v) = call_with(state.clone(), matching()).await;
    assert_eq!(status.as_u16(), 401, "{v}");
    let (status, _, v) = call_with(
        state.clone(),
        matching().insert_header(("authorization", "Bearer s3cret-token")),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");

    for uri in [
        "/search?q=Park",
        "/lists",
        "/health",
        "/openapi.json",
        "/entities/kr:20241226-14/network",
    ] {
        let (status, _, v) =
            call_with(state.clone(), actix_test::TestRequest::get().uri(uri)).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {v}");
    }
}

/// The real binary: `serve --bind 127.0.0.1:0` prints the address it took
/// once the index is loaded, and answers on it.
#[test]
fn serve_binary_listens_where_it_says() {
    use std::io::{BufRead, BufReader, Read, Write};
    let dir = shipped_index();
    let mut child = std::process::Command::new(BIN)
        .args(["serve", "--bind", "127.0.0.1:0", "--index"])
        .arg(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start sanctiondb serve");
    let mut line = String::new();
    let stdout = child.stdout.take().expect("stdout");
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("read stdout");
    let answer = (|| -> std::io::Result<String> {
        let addr = line
            .strip_prefix("listening on http://")
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap_or_default()
            .to_string();
        let mut stream = std::net::TcpStream::connect(&addr)?;
        stream.set_read_timeout(Some(std::time::Duration::from_secs(10)))?;
        stream.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")?;
        let mut answer = String::new();
        stream.read_to_string(&mut answer)?;
        Ok(answer)
    })();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        line.contains(&format!("(index {})", index_version())),
        "{line:?}"
    );
    let answer = answer.expect("talk to the server");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains(r#"{"status":"ok"}"#), "{answer}");
}

const YENTE_KIM_JONG_UN: &str = r#"{"queries": {"q1": {"schema": "Person", "properties": {"name": ["KIM Jong Un"], "birthDate": ["1984-01-08"], "nationality": ["kp"]}}}}"#;

#[actix_web::test]
async fn match_answers_like_yente() {
    let body = r#"{"queries": {
        "q1": {"schema": "Person", "properties": {"name": ["김정은"], "birthDate": ["1984-01-08"], "nationality": ["North Korea"]}},
        "q2": {"schema": "Company", "properties": {"name": ["Tongmyong Technology Trade Company"]}},
        "q3": {"schema": "LegalEntity", "properties": {"name": "Jane Doe"}}
    }}"#;
    let (status, v) = post("/match/default?limit=3", "application/json", body).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["index_version"], index_version());
    assert!(v["list_hashes"].as_object().is_some_and(|h| !h.is_empty()));
    assert_eq!(v["limit"], 3);
    let q1 = &v["responses"]["q1"];
    assert_eq!(q1["status"], 200);
    let top = &q1["results"][0];
    assert_eq!(top["id"], "ofac:20157");
    assert_eq!(top["schema"], "Person");
    assert_eq!(top["match"], true);
    assert!(top["score"].as_f64().unwrap() >= 0.9, "{top}");
    assert!(top["caption"].is_string());
    assert!(top["datasets"].as_array().unwrap().contains(&json!("ofac")));
    assert!(top["properties"]["name"].is_array(), "{top}");
    assert!(top["explanations"].is_object() && top["features"].is_object());
    assert!(q1["total"]["value"].as_u64().unwrap() >= 1);
    assert!(q1["results"].as_array().unwrap().len() <= 3);
    // Results below the threshold are returned with match false.
    assert!(
        q1["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["match"] == (r["score"].as_f64().unwrap() >= 0.7)),
        "{q1}"
    );
    let q2 = &v["responses"]["q2"]["results"][0];
    assert_eq!(q2["id"], "kr:20230523-02");
    assert_eq!(q2["schema"], "Organization");
    assert_eq!(q2["networks"][0]["id"], "un:KPe.028");
    // A name nobody is listed under matches nothing.
    let q3 = &v["responses"]["q3"]["results"];
    assert!(
        q3.as_array().unwrap().iter().all(|r| r["match"] == false),
        "{q3}"
    );
}

#[actix_web::test]
async fn match_filters_by_dataset_and_excluded_ids() {
    let (status, v) = post("/match/un", "application/json", YENTE_KIM_JONG_UN).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert!(
        v["responses"]["q1"]["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["datasets"].as_array().unwrap().contains(&json!("un"))),
        "{v}"
    );
    let (_, v) = post(
        "/match/default?exclude_entity_ids=ofac:20157",
        "application/json",
        YENTE_KIM_JONG_UN,
    )
    .await;
    assert!(
        v["responses"]["q1"]["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["id"] != "ofac:20157"),
        "{v}"
    );
}

#[actix_web::test]
async fn match_refuses_bad_requests_with_json_errors() {
    let json = "application/json";
    assert_error(
        &post("/match/eu_fsf", json, YENTE_KIM_JONG_UN).await,
        404,
        "unknown_dataset",
    );
    assert_error(&post("/match/default", json, "{").await, 400, "bad_json");
    assert_error(
        &post("/match/default", json, r#"{"queries": {}}"#).await,
        400,
        "bad_record",
    );
    assert_error(
        &post(
            "/match/default",
            json,
            r#"{"queries": {"q": {"schema": "Banana", "properties": {"name": ["x"]}}}}"#,
        )
        .await,
        400,
        "bad_record",
    );
    assert_error(
        &post(
            "/match/default",
            json,
            r#"{"queries": {"q": {"schema": "Person", "properties": {"birthDate": ["1984"]}}}}"#,
        )
        .await,
        400,
        "bad_record",
    );
    assert_error(
        &post("/match/default?threshold=2", json, YENTE_KIM_JONG_UN).await,
        400,
        "bad_threshold",
    );
    let many: String = (0..101)
        .map(|i| format!(r#""q{i}": {{"schema": "Person", "properties": {{"name": ["A B"]}}}}"#))
        .collect::<Vec<_>>()
        .join(",");
    assert_error(
        &post(
            "/match/default",
            json,
            format!(r#"{{"queries": {{{many}}}}}"#),
        )
        .await,
        413,
        "too_many_queries",
    );
}

#[actix_web::test]
async fn network_endpoint_gives_nodes_and_edges_with_evidence() {
    let (status, v) = get("/entities/un:KPe.028/network?depth=1").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["center"], "un:KPe.028");
    assert_eq!(v["depth"], 1);
    let nodes = v["nodes"].as_array().unwrap();
    assert!(nodes.iter().any(|n| n["id"] == "kr:20230523-02"), "{v}");
    for e in v["edges"].as_array().unwrap() {
        assert!(!e["evidence"].as_str().unwrap().is_empty(), "{e}");
    }
    let (status, _) = get("/entities/dprk:general-bureau-313/network").await;
    assert_eq!(status, StatusCode::OK);
    assert_error(
        &get("/entities/un:KPe.028/network?depth=9").await,
        400,
        "bad_depth",
    );
    assert_error(&get("/entities/un:XXe.999/network").await, 404, "not_found");
}

#[actix_web::test]
async fn weak_aliases_mode_is_chosen_per_request() {
    // "CHUY MENDEZ" is only a weak alias of ofac:11798.
    let top = |v: &Value| {
        (
            v["results"][0]["entity_id"].clone(),
            v["results"][0]["alert"].clone(),
        )
    };
    let (_, reduced) = get("/search?q=CHUY+MENDEZ").await;
    assert_eq!(
        top(&reduced),
        (json!("ofac:11798"), json!(true)),
        "{reduced}"
    );
    let (_, confirm) = get("/search?q=CHUY+MENDEZ&weak_aliases=confirm-only").await;
    assert_ne!(top(&confirm).1, json!(true), "{confirm}");
    let (_, screened) = post(
        "/screen",
        "application/json",
        r#"{"records": [{"id": "1", "name": "CHUY MENDEZ"}], "weak_aliases": "confirm-only"}"#,
    )
    .await;
    assert!(
        screened["results"][0]["matches"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["alert"] != true),
        "{screened}"
    );
    assert_error(
        &get("/search?q=KIM&weak_aliases=sometimes").await,
        400,
        "bad_weak_aliases",
    );
}

#[actix_web::test]
async fn identifiers_are_screened_on_search_and_screen() {
    // An e-mail address OFAC lists for KOREA DAESONG BANK, in other case.
    let (status, v) = get("/search?email=KDB%40co.chesin.com").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["results"][0]["entity_id"], "ofac:12312", "{v}");
    assert_eq!(v["results"][0]["explanation"]["method"], "identifier");
    let (status, v) = post(
        "/screen",
        "application/json",
        r#"{"records": [
            {"id": "1", "name": "John Smith", "wallet": "134r8iHv69xdT6p5qVKTsHrcUEuBVZAYak"},
            {"id": "2", "name": "Jane Doe", "email": "jane@example.com"}
        ]}"#,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(
        v["results"][0]["matches"][0]["entity_id"], "ofac:28263",
        "{v}"
    );
    assert_eq!(
        v["results"][0]["identifiers"]["wallet"],
        "134r8iHv69xdT6p5qVKTsHrcUEuBVZAYak"
    );
    assert!(
        v["results"][1]["matches"].as_array().unwrap().is_empty(),
        "{v}"
    );
    let (status, v) = post(
        "/screen",
        "text/csv",
        "id,name,email\n1,Jane Doe,kdb@co.chesin.com\n",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(
        v["results"][0]["matches"][0]["entity_id"], "ofac:12312",
        "{v}"
    );
    assert_error(&get("/search?wallet=abc").await, 400, "bad_record");
}

// ---------------------------------------------------------------------------
// The real binary under abuse: every case bounded in count and time, asserting
// on statuses, sizes and shapes (never on how long something took).

/// `sanctiondb serve` on a free loopback port over the shared index, with
/// extra flags.
fn served(flags: &[&str]) -> Served {
    let mut command = std::process::Command::new(BIN);
    command
        .args(["serve", "--workers", "2", "--index"])
        .arg(shipped_index())
        .args(flags);
    Served::start(command)
}

/// One HTTP/1.1 answer as read off the socket.
#[derive(Debug)]
struct Raw {
    status: u16,
    headers: String,
    body: Vec<u8>,
}

impl Raw {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }

    fn json(&self) -> Value {
        assert_eq!(
            self.header("content-type"),
            Some("application/json"),
            "{self:?}"
        );
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {self:?}"))
    }
}

/// Sends `request` (a whole request, `Connection: close`) and reads the
/// answer to the end of the connection.
fn exchange(addr: &str, request: &[u8]) -> std::io::Result<Raw> {
    use std::io::Write;
    let mut stream = std::net::TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(DEADLINE))?;
    stream.set_write_timeout(Some(DEADLINE))?;
    stream.write_all(request)?;
    read_answer(&mut stream)
}

fn read_answer(stream: &mut impl std::io::Read) -> std::io::Result<Raw> {
    let mut bytes = Vec::new();
    // A reset after a complete answer still leaves the answer read.
    if let Err(e) = stream.read_to_end(&mut bytes)
        && bytes.is_empty()
    {
        return Err(e);
    }
    let end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| std::io::Error::other(format!("no answer head in {} bytes", bytes.len())))?;
    let head = String::from_utf8_lossy(&bytes[..end]).to_string();
    let status = head
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("no status in {head:?}")))?;
    let (_, headers) = head.split_once("\r\n").unwrap_or((&head, ""));
    Ok(Raw {
        status,
        headers: headers.to_string(),
        body: bytes[end + 4..].to_vec(),
    })
}

fn get_raw(addr: &str, path: &str) -> std::io::Result<Raw> {
    exchange(
        addr,
        format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

fn post_request(addr: &str, path: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(body);
    request
}

/// `/health` answers `{"status":"ok"}` now.
fn assert_healthy(addr: &str, during: &str) {
    let health =
        get_raw(addr, "/health").unwrap_or_else(|e| panic!("/health during {during}: {e}"));
    assert_eq!(health.status, 200, "/health during {during}: {health:?}");
    assert_eq!(health.json(), json!({"status": "ok"}));
}

/// A `/screen` body of `count` records with the name `name`.
fn screen_body(count: usize, name: &str, threshold: f64, limit: usize) -> Vec<u8> {
    let records: Vec<Value> = (0..count)
        .map(|i| json!({"id": i.to_string(), "name": name}))
        .collect();
    json!({"records": records, "threshold": threshold, "limit": limit})
        .to_string()
        .into_bytes()
}

/// Case 6: 10,000 short common names at threshold 0 and limit 100 are
/// within the documented limits, but their answer would be hundreds of MB.
/// It is refused with a JSON 413 once the answer reaches its limit, and
/// `/health` answers meanwhile.
#[test]
fn a_screen_whose_answer_would_be_huge_is_refused_and_health_answers_meanwhile() {
    let server = served(&[]);
    let addr = server.addr.clone();
    let body = screen_body(10_000, "Kim", 0.0, 100);
    let request = post_request(&addr, "/screen", "application/json", &body);
    let screening = std::thread::spawn(move || exchange(&addr, &request));
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_healthy(&server.addr, "a huge /screen");
    let answer = screening
        .join()
        .expect("the screening thread")
        .expect("the /screen answer");
    assert_eq!(answer.status, 413, "{:?}", answer.header("content-length"));
    let v = answer.json();
    assert_eq!(v["code"], "answer_too_large", "{v}");
    assert!(answer.body.len() < 1000, "{v}");
    assert_healthy(&server.addr, "after a huge /screen");
}

#[actix_web::test]
async fn a_screen_over_the_answer_limit_set_for_the_server_is_refused() {
    let state = state().with_limits(sanctiondb::server::Limits {
        max_answer_bytes: 100_000,
        ..Default::default()
    });
    let request = |records: usize| {
        actix_test::TestRequest::post()
            .uri("/screen")
            .insert_header(("content-type", "application/json"))
            .set_payload(screen_body(records, "KIM Jong Un", 0.5, 10))
    };
    let (status, _, v) = call_with(state.clone(), request(2)).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["results"].as_array().map(Vec::len), Some(2), "{v}");
    let (status, _, v) = call_with(state.clone(), request(500)).await;
    assert_eq!(status.as_u16(), 413, "{v}");
    assert_eq!(v["code"], "answer_too_large", "{v}");
    let csv: String = std::iter::once("id,name\n".to_string())
        .chain((0..500).map(|i| format!("{i},KIM Jong Un\n")))
        .collect();
    let (status, _, v) = call_with(
        state.clone(),
        actix_test::TestRequest::post()
            .uri("/screen?threshold=0.5")
            .insert_header(("content-type", "text/csv"))
            .set_payload(csv),
    )
    .await;
    assert_eq!(status.as_u16(), 413, "{v}");
    assert_eq!(v["code"], "answer_too_large", "{v}");
}

/// Case 7: NFKC turns 1,000 characters of `㌖` into about 11,000 letters;
/// the token is cut before it is looked up and scored.
#[actix_web::test]
async fn a_token_that_normalization_makes_huge_is_cut_before_the_fuzzy_lookup() {
    let q = format!("Korea Ryonbong {}", "\u{3316}".repeat(900));
    let (status, v) = get(&format!("/search?q={}&threshold=0&limit=1", enc(&q))).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let tokens = v["results"][0]["explanation"]["tokens"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let longest = tokens
        .iter()
        .filter_map(|t| t["query"].as_str())
        .map(str::len)
        .max();
    assert_eq!(
        longest,
        Some(sanctiondb::search::MAX_QUERY_TOKEN_CHARS),
        "{v}"
    );
}

/// Case 7: a batch whose client goes away stops; the server says so.
#[test]
fn screening_stops_when_its_client_goes_away() {
    use std::io::Write;
    let server = served(&[]);
    // Names of made-up words, each new to the server's token cache: a few
    // seconds of work in all.
    let mut seed = 7u64;
    let mut word = || -> String {
        (0..7)
            .map(|_| {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                b"aeioukmnprst"[(seed >> 33) as usize % 12] as char
            })
            .collect()
    };
    let records: Vec<Value> = (0..10_000)
        .map(|i| json!({"id": i.to_string(), "name": format!("{} {} {}", word(), word(), word())}))
        .collect();
    let body = json!({"records": records, "threshold": 0.5, "limit": 1})
        .to_string()
        .into_bytes();
    let mut stream = std::net::TcpStream::connect(&server.addr).expect("connect");
    stream
        .write_all(&post_request(
            &server.addr,
            "/screen",
            "application/json",
            &body,
        ))
        .expect("send /screen");
    std::thread::sleep(std::time::Duration::from_millis(500));
    drop(stream);
    let line = server.wait_for_log("the client went away");
    let line = line.expect("no log line says the screening stopped");
    assert!(line.contains("of 10000 records"), "{line}");
    assert_healthy(&server.addr, "a cancelled /screen");
}

/// Case 8: a body that trickles in is refused when its time is up.
#[test]
fn a_body_that_does_not_arrive_in_time_is_refused_with_408() {
    use std::io::Write;
    let server = served(&["--body-timeout", "1"]);
    let mut stream = std::net::TcpStream::connect(&server.addr).expect("connect");
    stream.set_read_timeout(Some(DEADLINE)).expect("timeout");
    let head = "POST /screen HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"records\":";
    stream.write_all(head.as_bytes()).expect("send the head");
    let answer = read_answer(&mut stream).expect("an answer");
    assert_eq!(answer.status, 408, "{answer:?}");
    assert_eq!(answer.json()["code"], "body_timeout");
}

/// Case 8: a declared body over the limit is refused before it is sent.
#[test]
fn a_declared_body_over_the_limit_is_refused_at_once() {
    use std::io::Write;
    let server = served(&[]);
    let mut stream = std::net::TcpStream::connect(&server.addr).expect("connect");
    stream.set_read_timeout(Some(DEADLINE)).expect("timeout");
    let head = format!(
        "POST /screen HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        9 << 20
    );
    stream.write_all(head.as_bytes()).expect("send the head");
    let answer = read_answer(&mut stream).expect("an answer before any body");
    assert_eq!(answer.status, 413, "{answer:?}");
    assert_eq!(answer.json()["code"], "payload_too_large");
}

/// Case 8: slow clients from one address hold at most
/// `--max-client-connections` connections; the rest are refused at once, and
/// other clients are answered.
#[actix_web::test]
async fn one_client_address_holds_only_so_many_connections() {
    use tokio::io::AsyncWriteExt;
    let server = served(&["--max-client-connections", "4"]);
    let addr: std::net::SocketAddr = server.addr.parse().expect("address");
    let slow_head = "POST /screen HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{";
    let mut slow = Vec::new();
    for _ in 0..20 {
        let socket = tokio::net::TcpSocket::new_v4().expect("socket");
        socket
            .bind("127.0.0.2:0".parse().expect("source"))
            .expect("bind 127.0.0.2");
        let mut stream = socket.connect(addr).await.expect("connect");
        stream
            .write_all(slow_head.as_bytes())
            .await
            .expect("send a slow head");
        slow.push(stream);
    }
    // The connections over the limit were answered at once and closed.
    let mut refused = 0;
    for stream in &mut slow {
        let mut bytes = Vec::new();
        let read = actix_web::rt::time::timeout(
            std::time::Duration::from_secs(5),
            tokio::io::AsyncReadExt::read_to_end(stream, &mut bytes),
        )
        .await;
        if read.is_ok() && !bytes.is_empty() {
            let answer = read_answer(&mut bytes.as_slice()).expect("an answer");
            assert_eq!(answer.status, 429, "{answer:?}");
            assert_eq!(answer.json()["code"], "too_many_connections");
            refused += 1;
        }
    }
    assert_eq!(refused, 16);
    let addr = server.addr.clone();
    let health = actix_web::rt::task::spawn_blocking(move || get_raw(&addr, "/health"))
        .await
        .expect("health thread")
        .expect("/health from another address");
    assert_eq!(health.status, 200, "{health:?}");
    drop(slow);
}

/// Case 9: an answer its client does not read is dropped after the send
/// timeout: the client that comes back finds the connection closed before
/// the end of the body, and the server says so.
#[test]
fn an_answer_its_client_does_not_read_is_dropped() {
    use std::io::{Read, Write};
    let server = served(&["--send-timeout", "1"]);
    let body = screen_body(10_000, "Kim Jong", 0.0, 5);
    let mut stream = std::net::TcpStream::connect(&server.addr).expect("connect");
    stream.set_read_timeout(Some(DEADLINE)).expect("timeout");
    stream
        .write_all(&post_request(
            &server.addr,
            "/screen",
            "application/json",
            &body,
        ))
        .expect("send /screen");
    let line = server.wait_for_log("read nothing of its answer");
    assert!(line.is_some(), "the unread answer was never dropped");
    assert_healthy(&server.addr, "an unread answer");
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    let answer = read_answer(&mut bytes.as_slice()).expect("the head came");
    assert_eq!(answer.status, 200);
    let length: usize = answer
        .header("content-length")
        .and_then(|l| l.parse().ok())
        .expect("content-length");
    assert!(
        answer.body.len() < length,
        "{} of {length} bytes",
        answer.body.len()
    );
}

/// Case 13: health probes use HEAD.
#[test]
fn head_answers_on_get_routes() {
    let server = served(&[]);
    for path in ["/health", "/ready", "/search?q=KIM", "/lists", "/"] {
        let answer = exchange(
            &server.addr,
            format!("HEAD {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .expect("HEAD");
        assert_eq!(answer.status, 200, "HEAD {path}: {answer:?}");
        assert!(answer.body.is_empty(), "HEAD {path}: {answer:?}");
    }
}

/// Case 13: bodies a page on another site could post without asking the
/// browser first (text/plain, forms) are refused.
#[actix_web::test]
async fn match_and_reload_take_json_only() {
    for content_type in ["text/plain", "application/x-www-form-urlencoded"] {
        assert_error(
            &post("/match/default", content_type, YENTE_KIM_JONG_UN).await,
            415,
            "unsupported_media_type",
        );
        assert_error(
            &post("/admin/reload", content_type, "").await,
            415,
            "unsupported_media_type",
        );
    }
    let (status, _) = post("/match/default", "application/json", YENTE_KIM_JONG_UN).await;
    assert_eq!(status, StatusCode::OK);
}

/// Case 13: answers carrying results are neither cached nor sniffed.
#[actix_web::test]
async fn screening_answers_are_not_cached_or_sniffed() {
    let requests = [
        actix_test::TestRequest::get().uri("/search?q=KIM"),
        actix_test::TestRequest::post()
            .uri("/screen")
            .insert_header(("content-type", "application/json"))
            .set_payload(screen_body(1, "KIM Jong Un", 0.8, 5)),
        actix_test::TestRequest::post()
            .uri("/match/default")
            .insert_header(("content-type", "application/json"))
            .set_payload(YENTE_KIM_JONG_UN),
        actix_test::TestRequest::get().uri("/search"),
    ];
    for req in requests {
        let (_, headers, v) = call_with(state(), req).await;
        let header = |name: &str| headers.get(name).and_then(|h| h.to_str().ok());
        assert_eq!(header("cache-control"), Some("no-store"), "{v}");
        assert_eq!(header("x-content-type-options"), Some("nosniff"), "{v}");
    }
}

/// Case 13: with allowed hosts, a request naming another host (a page that
/// rebound its DNS name to this address) is refused.
#[actix_web::test]
async fn only_allowed_hosts_are_answered() {
    let state = state().with_limits(sanctiondb::server::Limits {
        allowed_hosts: vec!["sanctions.internal".into()],
        ..Default::default()
    });
    let (status, _, v) = call_with(
        state.clone(),
        actix_test::TestRequest::get()
            .uri("/search?q=KIM")
            .insert_header(("host", "sanctions.internal:8080")),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    for host in ["rebound.example:8080", "127.0.0.1:8080"] {
        let (status, _, v) = call_with(
            state.clone(),
            actix_test::TestRequest::get()
                .uri("/search?q=KIM")
                .insert_header(("host", host)),
        )
        .await;
        assert_eq!(status.as_u16(), 421, "{v}");
        assert_eq!(v["code"], "host_not_allowed", "{v}");
    }
}
