//! Reloading the index under the real binary: `sanctiondb serve` over TCP on
//! a small index of its own, new generations built by `sanctiondb build`,
//! reloads asked for with `SIGHUP` and `POST /admin/reload`, and clients
//! searching all the while.

use crate::util::{BIN, Client, DEADLINE, Served, enc, request, tempdir};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// A lists folder with the Korean list alone (a fast build), and an index
/// folder beside it that starts empty.
struct Folders {
    lists: tempfile::TempDir,
    index: tempfile::TempDir,
}

impl Folders {
    fn new() -> Folders {
        let lists = crate::util::korean_lists();
        Folders {
            lists,
            index: tempdir(),
        }
    }

    /// Drops the last data line of the list, so the next build has another
    /// index version.
    fn drop_last_entry(&self) {
        let path = self.lists.path().join("kr/designations.csv");
        let text = std::fs::read_to_string(&path).expect("read the copied list");
        let mut lines: Vec<&str> = text.lines().collect();
        assert!(lines.len() > 2, "the list has data lines left");
        lines.pop();
        std::fs::write(&path, lines.join("\n") + "\n").expect("write the copied list");
    }

    /// Drops the first `n` data lines of the list: most index tokens of the
    /// next build get other numbers.
    fn drop_first_entries(&self, n: usize) {
        let path = self.lists.path().join("kr/designations.csv");
        let text = std::fs::read_to_string(&path).expect("read the copied list");
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.len() > n + 2, "the list has more than {n} data lines");
        let kept: Vec<&str> = lines[..1].iter().chain(&lines[n + 1..]).copied().collect();
        std::fs::write(&path, kept.join("\n") + "\n").expect("write the copied list");
    }

    /// `sanctiondb build --json` into the index folder (the server's);
    /// returns the new index version and generation folder.
    fn build(&self) -> (String, PathBuf) {
        let out = Command::new(BIN)
            .arg("build")
            .arg("--lists")
            .arg(self.lists.path())
            .arg("--index")
            .arg(self.index.path())
            .arg("--json")
            .output()
            .expect("run sanctiondb build");
        assert!(
            out.status.success(),
            "build failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let summary: Value = serde_json::from_slice(&out.stdout).expect("build --json prints JSON");
        let version = summary["index_version"].as_str().expect("index_version");
        let generation = summary["generation"].as_str().expect("generation");
        (version.to_string(), PathBuf::from(generation))
    }

    /// Drops an entry and builds: a new generation with a new version.
    fn build_next(&self) -> (String, PathBuf) {
        self.drop_last_entry();
        self.build()
    }
}

/// `sanctiondb serve` on the folders ([`Served`]), with what the reload
/// tests ask of it.
struct Server(Served);

impl std::ops::Deref for Server {
    type Target = Served;

    fn deref(&self) -> &Served {
        &self.0
    }
}

impl Server {
    /// Starts the server; with no index in the folder yet, it builds one
    /// from the lists first.
    fn start(folders: &Folders) -> Server {
        Server::start_with(folders, &[])
    }

    /// [`Server::start`] with these environment variables set.
    fn start_with(folders: &Folders, env: &[(&str, &str)]) -> Server {
        let mut command = Command::new(BIN);
        command
            .envs(env.iter().copied())
            .args(["serve", "--index"])
            .arg(folders.index.path())
            .arg("--lists")
            .arg(folders.lists.path());
        Server(Served::start(command))
    }

    fn hang_up(&self) {
        let status = Command::new("kill")
            .args(["-HUP", &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -HUP failed");
    }

    fn is_running(&mut self) -> bool {
        self.0.is_running()
    }

    /// The index version `/lists` reports.
    fn version(&self) -> String {
        let (status, v) = request(&self.addr, "GET", "/lists", None).expect("GET /lists");
        assert_eq!(status, 200, "{v}");
        v["index_version"]
            .as_str()
            .expect("index_version")
            .to_string()
    }

    /// Polls `/lists` until it reports `version`; panics after the deadline.
    fn wait_for_version(&self, version: &str) {
        let started = Instant::now();
        loop {
            let now = self.version();
            if now == version {
                return;
            }
            assert!(
                started.elapsed() < DEADLINE,
                "still serving {now}, not {version}; log: {:?}",
                self.log_lines()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits for a log line containing `needle`; returns it.
    fn wait_for_log(&self, needle: &str) -> String {
        self.0
            .wait_for_log(needle)
            .unwrap_or_else(|| panic!("no log line with {needle:?}: {:?}", self.log_lines()))
    }
}

/// What the test clients ask: Latin Korean names, Hangul, organisations,
/// a Taiwanese name from the Korean list and a name on no list.
const QUERIES: &[&str] = &[
    "Kim Won Hong",
    "Han Chol Man",
    "김경일",
    "류경상업은행",
    "Korea Kumjung Economic Information Technology",
    "Tsai Hsein Tai",
    "Park Dong Hyun",
    "Jane Austen",
];

/// The payee name on which the binary's test hook makes a screening worker
/// panic (`SANCTIONDB_TEST_PANIC_ON_NAME`).
const PANICS: &str = "Worker Panics On This Payee";

#[test]
fn a_screening_worker_that_panics_fails_the_run_and_the_request() {
    let folders = Folders::new();
    folders.build();
    let hook = [
        ("SANCTIONDB_TEST_PANIC_ON_NAME", PANICS),
        ("RUST_BACKTRACE", "0"),
    ];

    // The CLI: a failed run, no result for any row, the payee named.
    let payroll = folders.lists.path().join("payroll.csv");
    std::fs::write(
        &payroll,
        format!("id,name\n1,Kim Won Hong\n2,{PANICS}\n3,Jane Austen\n"),
    )
    .expect("write payroll");
    let out = Command::new(BIN)
        .envs(hook)
        .args(["screen", "--format", "jsonl", "--index"])
        .arg(folders.index.path())
        .arg("--audit-log")
        .arg(folders.lists.path().join("audit.jsonl"))
        .arg(&payroll)
        .output()
        .expect("run screen");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        out.stdout.is_empty(),
        "no row may be reported: {:?}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        stderr.contains("screening failed on line 3 (id \"2\")"),
        "{stderr}"
    );
    // Without the hook's name the same payroll screens every row.
    let clean = Command::new(BIN)
        .args(["screen", "--format", "jsonl", "--index"])
        .arg(folders.index.path())
        .arg("--audit-log")
        .arg(folders.lists.path().join("audit.jsonl"))
        .arg(&payroll)
        .env("SANCTIONDB_TEST_PANIC_ON_NAME", "nobody")
        .output()
        .expect("run screen");
    assert!(clean.status.success());
    assert_eq!(String::from_utf8_lossy(&clean.stdout).lines().count(), 3);

    // The server: 500 with a JSON body naming the record, no results; a
    // request without that payee still screens.
    let server = Server::start_with(&folders, &hook);
    let body = format!(
        r#"{{"records":[{{"id":"a","name":"Kim Won Hong"}},{{"id":"b","name":"{PANICS}"}}]}}"#
    );
    let (status, v) = request(&server.addr, "POST", "/screen", Some(&body)).expect("POST /screen");
    assert_eq!(status, 500, "{v}");
    assert_eq!(v["code"], "internal", "{v}");
    let message = v["message"].as_str().unwrap_or_default();
    assert!(message.contains("records[1] (id \"b\")"), "{v}");
    assert!(v.get("results").is_none(), "{v}");
    let (status, v) = request(
        &server.addr,
        "POST",
        "/screen",
        Some(r#"{"records":[{"id":"a","name":"Kim Won Hong"}]}"#),
    )
    .expect("POST /screen");
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["results"][0]["id"], "a");
}

#[test]
fn sighup_reloads_a_newly_built_generation() {
    let folders = Folders::new();
    let mut server = Server::start(&folders);
    let before = server.version();

    let (next, _) = folders.build_next();
    assert_ne!(next, before, "the changed list gives a new version");
    server.hang_up();
    server.wait_for_version(&next);

    assert!(server.is_running(), "SIGHUP must not end the server");
    let line = server.wait_for_log(&format!("reloaded index {next}"));
    assert_eq!(line, format!("reloaded index {next} (was {before})"));
    let (status, v) = request(
        &server.addr,
        "GET",
        &format!("/search?q={}", enc("Kim Won Hong")),
        None,
    )
    .expect("search after the reload");
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["index_version"], next.as_str());
}

#[test]
fn sighup_keeps_the_old_index_when_the_new_generation_is_damaged() {
    let folders = Folders::new();
    let mut server = Server::start(&folders);
    let serving = server.version();

    let (damaged, generation) = folders.build_next();
    let names = generation.join("names.json");
    let mut bytes = std::fs::read(&names).expect("read names.json");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(&names, bytes).expect("damage names.json");
    server.hang_up();

    let refusal = server.wait_for_log("reload refused");
    assert!(refusal.contains("names.json"), "{refusal}");
    assert!(
        server.is_running(),
        "a refused reload must not end the server"
    );
    assert_eq!(server.version(), serving, "not {damaged}");
    let (status, v) = request(
        &server.addr,
        "GET",
        &format!("/search?q={}", enc("Park Dong Hyun")),
        None,
    )
    .expect("search after the refused reload");
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["index_version"], serving.as_str());
    assert!(
        v["results"].as_array().is_some_and(|r| !r.is_empty()),
        "{v}"
    );

    // A sound generation after the damaged one is taken up again.
    let (next, _) = folders.build_next();
    server.hang_up();
    server.wait_for_version(&next);
}

/// The server keeps per-thread token caches (token numbers of one index
/// generation) across searches. After a reload to a generation whose token
/// numbers all moved, its answers must be exactly those of a server that
/// started on the new generation.
#[test]
fn searches_after_a_reload_match_a_fresh_server_on_the_new_generation() {
    let folders = Folders::new();
    let reloaded = Server::start(&folders);
    let paths: Vec<String> = QUERIES
        .iter()
        .chain(&["Sin Jong-ho", "Chosun Kum Jong Economics", "Kim Jong Un"])
        .map(|q| format!("/search?q={}&threshold=0.3", enc(q)))
        .collect();
    let ask = |client: &mut Client, path: &str| {
        let (status, v) = client.send("GET", path, None).expect("search");
        assert_eq!(status, 200, "{path}: {v}");
        v
    };
    // Warm the caches of as many server threads as will answer.
    let mut clients: Vec<Client> = (0..4)
        .map(|_| Client::connect(&reloaded.addr).expect("connect"))
        .collect();
    for _ in 0..5 {
        for client in &mut clients {
            for path in &paths {
                ask(client, path);
            }
        }
    }
    folders.drop_first_entries(120);
    let (next, _) = folders.build();
    let (status, v) = request(&reloaded.addr, "POST", "/admin/reload", None).expect("reload");
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["index_version"], next.as_str(), "{v}");

    let fresh = Server::start(&folders);
    let mut fresh_client = Client::connect(&fresh.addr).expect("connect");
    for path in &paths {
        let expected = ask(&mut fresh_client, path);
        assert_eq!(expected["index_version"], next.as_str());
        for client in &mut clients {
            assert_eq!(ask(client, path), expected, "{path}");
        }
    }
}

/// What the client threads saw.
#[derive(Default)]
struct Tally {
    requests: AtomicUsize,
    failures: Mutex<Vec<String>>,
    versions: Mutex<BTreeMap<String, usize>>,
}

/// Checks one answer: 200 and the JSON the route promises. Returns the
/// index version it was answered from.
fn check_answer(path: &str, answer: Result<(u16, Value), String>) -> Result<String, String> {
    let (status, v) = answer?;
    if status != 200 {
        return Err(format!("{path}: status {status}: {v}"));
    }
    let version = v["index_version"]
        .as_str()
        .ok_or_else(|| format!("{path}: no index_version: {v}"))?;
    let results = v["results"]
        .as_array()
        .ok_or_else(|| format!("{path}: no results: {v}"))?;
    let well_formed = if path.starts_with("/search") {
        v["query"].is_string()
            && v["list_hashes"].is_object()
            && results.iter().all(|r| {
                r["entity_id"].is_string() && r["score"].is_number() && r["explanation"].is_object()
            })
    } else {
        v["list_hashes"].is_object()
            && results
                .iter()
                .all(|r| r["id"].is_string() && r["matches"].is_array())
    };
    if !well_formed {
        return Err(format!("{path}: not the promised JSON: {v}"));
    }
    Ok(version.to_string())
}

/// Searches (or screens, for `screens`) until `stop`, on one keep-alive
/// connection, tallying every answer.
fn hammer(addr: &str, worker: usize, screens: bool, stop: &AtomicBool, tally: &Tally) {
    let screen_body = json!({"records": QUERIES
        .iter()
        .enumerate()
        .map(|(i, q)| json!({"id": i.to_string(), "name": q}))
        .collect::<Vec<_>>()})
    .to_string();
    let mut client = match Client::connect(addr) {
        Ok(client) => client,
        Err(e) => {
            tally.failures.lock().unwrap().push(format!("connect: {e}"));
            return;
        }
    };
    let mut i = worker;
    while !stop.load(Ordering::Relaxed) {
        let (method, path, body) = if screens {
            ("POST", "/screen".to_string(), Some(screen_body.as_str()))
        } else {
            let q = QUERIES[i % QUERIES.len()];
            ("GET", format!("/search?q={}", enc(q)), None)
        };
        i += 1;
        tally.requests.fetch_add(1, Ordering::Relaxed);
        match check_answer(&path, client.send(method, &path, body)) {
            Ok(version) => {
                *tally.versions.lock().unwrap().entry(version).or_default() += 1;
            }
            Err(e) => {
                tally.failures.lock().unwrap().push(e);
                // The connection may be unusable now: start another.
                match Client::connect(addr) {
                    Ok(fresh) => client = fresh,
                    Err(_) => return,
                }
            }
        }
    }
}

/// Tells the clients to stop when dropped, also by a panic.
struct StopOnDrop<'a>(&'a AtomicBool);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Waits until the clients have sent `more` requests beyond `from`.
fn wait_for_requests(tally: &Tally, from: usize, more: usize) {
    let started = Instant::now();
    while tally.requests.load(Ordering::Relaxed) < from + more {
        assert!(started.elapsed() < DEADLINE, "the clients are stuck");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn reloads_under_load_fail_no_request() {
    const SEARCHERS: usize = 3;
    const RELOADS: usize = 3;
    let folders = Folders::new();
    let server = Server::start(&folders);
    let first = server.version();
    let stop = AtomicBool::new(false);
    let tally = Tally::default();

    let mut versions = vec![first.clone()];
    std::thread::scope(|s| {
        for worker in 0..=SEARCHERS {
            let (addr, stop, tally) = (&server.addr, &stop, &tally);
            s.spawn(move || hammer(addr, worker, worker == SEARCHERS, stop, tally));
        }
        // Should an assertion below fail, the clients stop all the same.
        let _stop = StopOnDrop(&stop);
        wait_for_requests(&tally, 0, 200);
        for _ in 0..RELOADS {
            let (next, _) = folders.build_next();
            let (status, v) =
                request(&server.addr, "POST", "/admin/reload", None).expect("POST /admin/reload");
            assert_eq!(status, 200, "{v}");
            assert_eq!(v["index_version"], next.as_str(), "{v}");
            versions.push(next);
            wait_for_requests(&tally, tally.requests.load(Ordering::Relaxed), 200);
        }
        let (next, _) = folders.build_next();
        server.hang_up();
        server.wait_for_version(&next);
        versions.push(next);
        wait_for_requests(&tally, tally.requests.load(Ordering::Relaxed), 200);
    });

    let failures = tally.failures.into_inner().unwrap();
    let seen = tally.versions.into_inner().unwrap();
    let requests = tally.requests.into_inner();
    eprintln!(
        "{requests} requests, {} failed, through {} reloads; answers by index version: {seen:?}",
        failures.len(),
        RELOADS + 1
    );
    assert!(
        failures.is_empty(),
        "{} of {requests} requests failed, the first: {:?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
    assert_eq!(seen.values().sum::<usize>(), requests);
    for version in seen.keys() {
        assert!(
            versions.contains(version),
            "{version} is not one of {versions:?}"
        );
    }
    assert!(
        seen.contains_key(&first),
        "no answer from {first}: {seen:?}"
    );
    let last = versions.last().expect("versions");
    assert!(seen.contains_key(last), "no answer from {last}: {seen:?}");
    // Nothing the clients searched for reached the log.
    for line in server.log_lines() {
        for q in QUERIES {
            assert!(!line.contains(q), "a name in the log: {line}");
        }
    }
}
