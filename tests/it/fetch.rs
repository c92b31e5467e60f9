//! `sanctiondb fetch` end to end: the real binary against a small HTTP server
//! on 127.0.0.1 (std::net, one thread per connection) that serves fixture
//! bytes, errors, stalls and cut-off bodies per path. Each failure case checks
//! the exit code, the message, and that every file of the lists folder (the
//! manifest too) is byte for byte what it was.
//!
//! Also here: an interrupted fetch or build (SIGKILL) leaves the previous
//! snapshot or index usable. (A build over a truncated list file is covered by
//! `tests/it/cli.rs`, `a_broken_list_fails_the_build_and_keeps_the_old_index`.)

use crate::snapshot::figures;
use crate::util::{bin, repo, tempdir};
use sanctiondb::lists::load::sha256_file;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn read(path: impl AsRef<Path>) -> Vec<u8> {
    let path = path.as_ref();
    std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

// ---------------------------------------------------------------------------
// The HTTP server

/// What the server answers on one path.
#[derive(Clone)]
enum Reply {
    /// 200 with these bytes.
    Body(Vec<u8>),
    /// This status with a short text body.
    Status(u16),
    /// Reads the request and never answers.
    Hang,
    /// 200 declaring `declared` bytes, sends `body` (fewer), then closes the
    /// connection (`hang: false`) or keeps it open without sending more.
    Partial {
        declared: usize,
        body: Vec<u8>,
        hang: bool,
    },
}

struct Server {
    base: String,
    routes: Arc<Mutex<HashMap<String, Reply>>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let base = format!("http://{}", listener.local_addr().expect("local addr"));
        let routes: Arc<Mutex<HashMap<String, Reply>>> = Arc::default();
        let shared = Arc::clone(&routes);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let routes = Arc::clone(&shared);
                std::thread::spawn(move || answer(stream, &routes));
            }
        });
        Server { base, routes }
    }

    fn set(&self, path: &str, reply: Reply) {
        self.routes
            .lock()
            .expect("routes")
            .insert(path.to_string(), reply);
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

fn answer(mut stream: TcpStream, routes: &Mutex<HashMap<String, Reply>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(60)));
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 65_536 {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let request = text(&head);
    let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
    let reply = routes
        .lock()
        .expect("routes")
        .get(&path)
        .cloned()
        .unwrap_or(Reply::Status(404));
    let header = |status: &str, length: usize| {
        format!(
            "HTTP/1.1 {status}\r\nContent-Length: {length}\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n"
        )
    };
    match reply {
        Reply::Body(body) => {
            let _ = stream.write_all(header("200 OK", body.len()).as_bytes());
            let _ = stream.write_all(&body);
        }
        Reply::Status(code) => {
            let body = format!("error {code}\n");
            let _ = stream.write_all(header(&format!("{code} Error"), body.len()).as_bytes());
            let _ = stream.write_all(body.as_bytes());
        }
        Reply::Hang => {
            // Until the client gives up and closes.
            let _ = stream.read(&mut byte);
        }
        Reply::Partial {
            declared,
            body,
            hang,
        } => {
            let _ = stream.write_all(header("200 OK", declared).as_bytes());
            let _ = stream.write_all(&body);
            let _ = stream.flush();
            if hang {
                let _ = stream.read(&mut byte);
            }
        }
    }
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

// ---------------------------------------------------------------------------
// A small lists folder with its manifest

const UN: &str = "un/UN_consolidated.xml";

/// The files of the test lists folder: (manifest path, source file, url,
/// parser). The URLs are the official ones; every test overrides them.
const FILES: [(&str, &str, Option<&str>, &str); 8] = [
    (
        UN,
        "lists/un/UN_consolidated.xml",
        Some("https://scsanctions.un.org/resources/xml/en/consolidated.xml"),
        "un_xml",
    ),
    (
        "ofac/sdn.csv",
        "tests/fixtures/ofac/sdn_sample.csv",
        Some("https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.CSV"),
        "ofac_csv_primary",
    ),
    (
        "ofac/alt.csv",
        "tests/fixtures/ofac/alt_sample.csv",
        Some("https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ALT.CSV"),
        "ofac_csv_alt",
    ),
    (
        "ofac/add.csv",
        "tests/fixtures/ofac/add_sample.csv",
        Some("https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADD.CSV"),
        "ofac_csv_add",
    ),
    (
        "ofac/sdn_comments.csv",
        "tests/fixtures/ofac/comments_sample.csv",
        Some(
            "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN_COMMENTS.CSV",
        ),
        "ofac_csv_comments",
    ),
    (
        "ofac/consolidated.xml",
        "tests/fixtures/ofac/consolidated_sample.xml",
        Some(
            "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONSOLIDATED.XML",
        ),
        "ofac_xml",
    ),
    (
        "kr/designations.csv",
        "lists/kr/designations.csv",
        None,
        "kr_csv",
    ),
    (
        "dprk/bodies.csv",
        "lists/dprk/bodies.csv",
        None,
        "dprk_registry",
    ),
];

/// A lists folder in a temp dir: the shipped UN list, the OFAC fixture CSV
/// set and non-SDN sample, the shipped Korean list and registry, and a
/// manifest naming them.
struct Lists {
    dir: tempfile::TempDir,
}

impl Lists {
    fn new() -> Lists {
        let lists = Lists { dir: tempdir() };
        for (path, source, _, _) in FILES {
            lists.put_file(path, &read(repo(source)));
        }
        for readme in ["kr/README.md", "dprk/README.md"] {
            lists.put_file(readme, &read(repo(&format!("lists/{readme}"))));
        }
        lists.write_manifest();
        lists
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn put_file(&self, path: &str, bytes: &[u8]) {
        let target = self.path().join(path);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::write(&target, bytes).expect("write list file");
    }

    /// Replaces a list file and its manifest entry (a new snapshot).
    fn replace(&self, path: &str, bytes: &[u8]) {
        self.put_file(path, bytes);
        self.write_manifest();
    }

    fn write_manifest(&self) {
        let files: Vec<Value> = FILES
            .iter()
            .map(|(path, source, url, parser)| {
                let (sha256, bytes) = sha256_file(&self.path().join(path)).expect("hash");
                json!({
                    "path": path,
                    "url": url,
                    "snapshot_date": "2020-01-01",
                    "sha256": sha256,
                    "bytes": bytes,
                    "parser": parser,
                    "description": format!("test copy of {source}"),
                    "copied_from": source,
                })
            })
            .collect();
        let manifest = json!({"format": 1, "about": "test lists", "files": files});
        let text = serde_json::to_string_pretty(&manifest).expect("manifest JSON") + "\n";
        std::fs::write(self.path().join("MANIFEST.json"), text).expect("write manifest");
    }

    fn manifest(&self) -> Value {
        serde_json::from_slice(&read(self.path().join("MANIFEST.json"))).expect("manifest JSON")
    }

    fn entry(&self, path: &str) -> Value {
        self.manifest()["files"]
            .as_array()
            .expect("files")
            .iter()
            .find(|e| e["path"] == path)
            .cloned()
            .unwrap_or_else(|| panic!("no manifest entry for {path}"))
    }

    /// Every file under the folder, with its bytes.
    fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
            for e in std::fs::read_dir(dir).expect("read dir").flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else {
                    out.insert(p.clone(), read(&p));
                }
            }
        }
        let mut out = BTreeMap::new();
        walk(self.path(), &mut out);
        out
    }

    fn fetch(&self, args: &[&str]) -> Output {
        self.fetch_with(args, &[])
    }

    fn fetch_with(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut c = bin();
        c.arg("fetch").arg("--lists").arg(self.path()).args(args);
        for (k, v) in env {
            c.env(k, v);
        }
        c.output().expect("run sanctiondb fetch")
    }

    fn build(&self, index: &Path) -> Output {
        bin()
            .args(["build", "--quiet", "--json", "--lists"])
            .arg(self.path())
            .arg("--index")
            .arg(index)
            .output()
            .expect("run sanctiondb build")
    }
}

fn assert_snapshot_kept(lists: &Lists, before: &BTreeMap<PathBuf, Vec<u8>>) {
    let after = lists.snapshot();
    let names = |m: &BTreeMap<PathBuf, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&after), names(before), "files appeared or vanished");
    for (path, bytes) in before {
        assert!(
            after[path] == *bytes,
            "{} changed although nothing verified",
            path.display()
        );
    }
}

fn stdout(out: &Output) -> String {
    text(&out.stdout)
}

fn stderr(out: &Output) -> String {
    text(&out.stderr)
}

fn shipped_un() -> Vec<u8> {
    read(repo("lists/un/UN_consolidated.xml"))
}

/// The UN list with every other INDIVIDUAL and ENTITY dropped: well-formed,
/// half the records.
fn half_of_the_un_list() -> Vec<u8> {
    let mut xml = text(&shipped_un());
    for tag in ["INDIVIDUAL", "ENTITY"] {
        let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
        let mut out = String::with_capacity(xml.len());
        let mut rest = xml.as_str();
        let mut keep = true;
        while let Some(start) = rest.find(&open) {
            let end = start + rest[start..].find(&close).expect("closing tag") + close.len();
            out.push_str(&rest[..start]);
            if keep {
                out.push_str(&rest[start..end]);
            }
            keep = !keep;
            rest = &rest[end..];
        }
        out.push_str(rest);
        xml = out;
    }
    xml.into_bytes()
}

fn today() -> String {
    sanctiondb::clock::rfc3339_now()[..10].to_string()
}

// ---------------------------------------------------------------------------
// Success

#[test]
fn a_verified_download_replaces_the_snapshot_and_updates_the_manifest() {
    let server = Server::start();
    let lists = Lists::new();
    // The current snapshot: the 6-record fixture. The download: the shipped list.
    lists.replace(UN, &read(repo("tests/fixtures/un/un_sample.xml")));
    let kr_entry = lists.entry("kr/designations.csv");
    let new = shipped_un();
    server.set("/consolidated.xml", Reply::Body(new.clone()));
    let url = server.url("/consolidated.xml");
    let out = lists.fetch_with(
        &["--only", "un"],
        &[("SANCTIONDB_URL_UN_UN_CONSOLIDATED_XML", &url)],
    );

    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = stdout(&out);
    assert!(
        report.contains(&format!(
            "un/UN_consolidated.xml: fetched, {} records (was 6)",
            figures().un_entities
        )),
        "{report}"
    );
    assert!(report.contains("MANIFEST.json updated"), "{report}");
    assert!(report.contains("sanctiondb build"), "{report}");
    assert!(read(lists.path().join(UN)) == new);
    assert!(!lists.path().join("un/.UN_consolidated.xml.part").exists());

    let entry = lists.entry(UN);
    let (sha256, bytes) = sha256_file(&lists.path().join(UN)).expect("hash");
    assert_eq!(entry["sha256"], sha256.as_str());
    assert_eq!(entry["bytes"], bytes);
    assert_eq!(entry["snapshot_date"], today().as_str());
    assert_eq!(entry["copied_from"], url.as_str());
    assert!(
        entry["fetched_at"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z'))
    );
    // The official URL and everything else stay.
    assert_eq!(
        entry["url"],
        "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
    );
    assert_eq!(entry["parser"], "un_xml");
    assert_eq!(lists.entry("kr/designations.csv"), kr_entry);
    assert_eq!(lists.manifest()["about"], "test lists");

    let index = tempdir();
    let built = lists.build(index.path());
    assert!(built.status.success(), "{}", stderr(&built));
    let report: Value = serde_json::from_slice(&built.stdout).expect("build JSON");
    assert_eq!(report["counts"]["un"]["entities"], figures().un_entities);
}

#[test]
fn same_bytes_are_unchanged_and_curated_lists_are_left_alone() {
    let server = Server::start();
    let lists = Lists::new();
    for (path, source, url, _) in FILES {
        if url.is_some() {
            server.set(&format!("/mirror/{path}"), Reply::Body(read(repo(source))));
        }
    }
    let before = lists.snapshot();
    let out = lists.fetch(&["--base-url", &server.url("/mirror/")]);

    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = stdout(&out);
    for (path, _, url, _) in FILES {
        if url.is_some() {
            assert!(report.contains(&format!("{path}: unchanged")), "{report}");
        }
    }
    assert!(
        report.contains("kr/designations.csv: skipped:")
            && report.contains("curated by hand")
            && report.contains("lists/kr/README.md"),
        "{report}"
    );
    assert!(report.contains("dprk/bodies.csv: skipped:"), "{report}");
    assert!(report.contains("nothing replaced"), "{report}");
    assert_snapshot_kept(&lists, &before);
}

#[test]
fn the_ofac_csv_set_is_replaced_as_a_whole_or_not_at_all() {
    let server = Server::start();
    let lists = Lists::new();
    let full = |f: &str| read(repo(&format!("lists/ofac/{f}")));
    for f in ["sdn.csv", "add.csv", "sdn_comments.csv"] {
        server.set(&format!("/ofac/{f}"), Reply::Body(full(f)));
    }
    server.set(
        "/ofac/consolidated.xml",
        Reply::Body(read(repo("tests/fixtures/ofac/consolidated_sample.xml"))),
    );
    // alt.csv is missing on the server: the whole set keeps its snapshot.
    let before = lists.snapshot();
    let out = lists.fetch(&["--only", "ofac", "--base-url", &server.base]);
    assert_eq!(out.status.code(), Some(7), "{}", stdout(&out));
    let report = stdout(&out);
    assert!(
        report.contains("ofac/alt.csv: failed: HTTP 404 Not Found"),
        "{report}"
    );
    for f in ["sdn.csv", "add.csv", "sdn_comments.csv"] {
        assert!(
            report.contains(&format!(
                "ofac/{f}: kept: the CSV set is replaced as a whole"
            )),
            "{report}"
        );
    }
    assert!(
        report.contains("ofac/consolidated.xml: unchanged"),
        "{report}"
    );
    assert!(stderr(&out).contains("previous snapshot stays"));
    assert_snapshot_kept(&lists, &before);

    server.set("/ofac/alt.csv", Reply::Body(full("alt.csv")));
    let out = lists.fetch(&["--only", "ofac", "--base-url", &server.base]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let report = stdout(&out);
    assert!(
        report.contains("ofac/sdn.csv: fetched, 14965 records (was 13)"),
        "{report}"
    );
    assert!(
        report.contains("ofac/alt.csv: fetched, 20107 records"),
        "{report}"
    );
    for f in ["sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"] {
        assert!(read(lists.path().join("ofac").join(f)) == full(f), "{f}");
    }
    let index = tempdir();
    let built = lists.build(index.path());
    assert!(built.status.success(), "{}", stderr(&built));
}

// ---------------------------------------------------------------------------
// Failed downloads: exit 7, nothing touched

fn failed_download(reply: Option<Reply>, extra: &[&str]) -> (Output, Duration) {
    let server = Server::start();
    let lists = Lists::new();
    if let Some(reply) = reply {
        server.set("/un/UN_consolidated.xml", reply);
    }
    let before = lists.snapshot();
    let mut args = vec!["--only", "un", "--base-url", &server.base];
    args.extend_from_slice(extra);
    let started = Instant::now();
    let out = lists.fetch(&args);
    let elapsed = started.elapsed();
    assert_eq!(
        out.status.code(),
        Some(7),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("the previous snapshot stays for un/UN_consolidated.xml"),
        "{}",
        stderr(&out)
    );
    assert_snapshot_kept(&lists, &before);
    (out, elapsed)
}

#[test]
fn a_404_keeps_the_previous_snapshot_and_exits_7() {
    let (out, _) = failed_download(None, &[]);
    assert!(
        stdout(&out).contains("un/UN_consolidated.xml: failed: HTTP 404 Not Found"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_500_keeps_the_previous_snapshot_and_exits_7() {
    let (out, _) = failed_download(Some(Reply::Status(500)), &[]);
    assert!(
        stdout(&out).contains("un/UN_consolidated.xml: failed: HTTP 500 Internal Server Error"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_server_that_never_answers_times_out_and_exits_7() {
    let (out, elapsed) = failed_download(Some(Reply::Hang), &["--timeout", "1"]);
    assert!(
        stdout(&out).contains("un/UN_consolidated.xml: failed: timed out"),
        "{}",
        stdout(&out)
    );
    assert!(elapsed < Duration::from_secs(20), "took {elapsed:?}");
}

#[test]
fn a_body_cut_short_of_its_content_length_fails_and_exits_7() {
    let full = shipped_un();
    let (out, _) = failed_download(
        Some(Reply::Partial {
            declared: full.len(),
            body: full[..full.len() / 2].to_vec(),
            hang: false,
        }),
        &[],
    );
    assert!(
        stdout(&out).contains("un/UN_consolidated.xml: failed: download cut off after"),
        "{}",
        stdout(&out)
    );
}

// ---------------------------------------------------------------------------
// Refused downloads: exit 8, nothing touched

fn refused_download(lists: &Lists, body: Vec<u8>) -> Output {
    let server = Server::start();
    server.set("/un/UN_consolidated.xml", Reply::Body(body));
    let before = lists.snapshot();
    let out = lists.fetch(&["--only", "un", "--base-url", &server.base]);
    assert_eq!(
        out.status.code(),
        Some(8),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(stderr(&out).contains("1 refused"), "{}", stderr(&out));
    assert_snapshot_kept(lists, &before);
    out
}

#[test]
fn a_truncated_xml_file_is_refused_naming_the_position() {
    let lists = Lists::new();
    let full = shipped_un();
    let out = refused_download(&lists, full[..full.len() / 2].to_vec());
    let report = stdout(&out);
    assert!(
        report.contains("un/UN_consolidated.xml: refused: does not parse: malformed at byte")
            && report.contains("truncated"),
        "{report}"
    );
}

#[test]
fn an_html_error_page_sent_with_200_is_refused() {
    let lists = Lists::new();
    let page = b"<!DOCTYPE html>\n<html><head><title>Service Unavailable</title></head>\
                 <body><h1>Maintenance</h1></body></html>\n"
        .to_vec();
    let out = refused_download(&lists, page);
    assert!(
        stdout(&out).contains("un/UN_consolidated.xml: refused: the server sent an HTML page"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_download_with_half_the_records_is_refused_unless_forced() {
    let lists = Lists::new();
    let half = half_of_the_un_list();
    let out = refused_download(&lists, half.clone());
    let report = stdout(&out);
    // Every other person and every other organisation, the first kept.
    let all = figures().un_entities;
    let kept = figures().un_persons.div_ceil(2) + figures().un_organizations.div_ceil(2);
    assert!(
        report.contains(&format!(
            "un/UN_consolidated.xml: refused: {kept} records, {} fewer than the {all}",
            all - kept
        )) && report.contains("--force"),
        "{report}"
    );

    let server = Server::start();
    server.set("/un/UN_consolidated.xml", Reply::Body(half.clone()));
    let out = lists.fetch(&["--only", "un", "--base-url", &server.base, "--force"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let report = stdout(&out);
    assert!(
        report.contains(&format!("fetched, {kept} records (was {all})"))
            && report.contains("accepted with --force"),
        "{report}"
    );
    assert!(read(lists.path().join(UN)) == half);
    let (sha256, _) = sha256_file(&lists.path().join(UN)).expect("hash");
    assert_eq!(lists.entry(UN)["sha256"], sha256.as_str());
}

// ---------------------------------------------------------------------------
// Flags

#[test]
fn a_url_override_for_an_unknown_or_curated_file_is_a_usage_error() {
    let lists = Lists::new();
    let before = lists.snapshot();
    let out = lists.fetch(&["--url", "nope.csv=http://127.0.0.1:9/x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--url nope.csv") && stderr(&out).contains("ofac/sdn.csv"),
        "{}",
        stderr(&out)
    );
    let out = lists.fetch(&["--url", "kr/designations.csv=http://127.0.0.1:9/x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("curated by hand"), "{}", stderr(&out));
    assert_snapshot_kept(&lists, &before);
}

// ---------------------------------------------------------------------------
// Interrupted runs

/// Waits until `path` exists (or panics after 30 s).
fn wait_for(path: &Path) {
    let started = Instant::now();
    while !path.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{} never appeared",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_fetch_killed_midway_leaves_the_previous_snapshot() {
    let server = Server::start();
    let lists = Lists::new();
    let full = shipped_un();
    server.set(
        "/un/UN_consolidated.xml",
        Reply::Partial {
            declared: full.len(),
            body: full[..full.len() / 2].to_vec(),
            hang: true,
        },
    );
    let before = lists.snapshot();
    let mut child = bin()
        .arg("fetch")
        .arg("--lists")
        .arg(lists.path())
        .args([
            "--only",
            "un",
            "--timeout",
            "30",
            "--base-url",
            &server.base,
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start fetch");
    let part = lists.path().join("un/.UN_consolidated.xml.part");
    wait_for(&part);
    std::thread::sleep(Duration::from_millis(200));
    child.kill().expect("SIGKILL fetch");
    let _ = child.wait();

    // Only the hidden part file is new; build does not read it.
    let mut after = lists.snapshot();
    assert!(after.remove(&part).is_some(), "the part file is there");
    assert_eq!(after, before);
    let index = tempdir();
    let built = lists.build(index.path());
    assert!(built.status.success(), "{}", stderr(&built));
    let report: Value = serde_json::from_slice(&built.stdout).expect("build JSON");
    assert_eq!(report["counts"]["un"]["entities"], figures().un_entities);
    let files = report["lists"].to_string();
    assert!(!files.contains(".part"), "{files}");

    // The next fetch clears it away, whatever happens to its own download.
    server.set("/un/UN_consolidated.xml", Reply::Status(503));
    let out = lists.fetch(&["--only", "un", "--base-url", &server.base]);
    assert_eq!(out.status.code(), Some(7));
    assert!(!part.exists());
}

#[test]
fn a_build_killed_midway_leaves_the_previous_index_usable() {
    let small = tempdir();
    std::fs::create_dir(small.path().join("un")).expect("mkdir un");
    std::fs::write(small.path().join(UN), shipped_un()).expect("write UN list");
    let index = tempdir();
    let build = |lists: &Path| {
        let mut c = bin();
        c.args(["build", "--quiet", "--lists"])
            .arg(lists)
            .arg("--index")
            .arg(index.path());
        c
    };
    let out = build(small.path()).output().expect("build");
    assert!(out.status.success(), "{}", stderr(&out));
    let current = read(index.path().join("CURRENT"));

    // The whole shipped lists take seconds; kill the build after 300 ms.
    let mut child = build(&repo("lists"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start build");
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        child.try_wait().expect("poll build").is_none(),
        "the build finished within 300 ms; nothing was interrupted"
    );
    child.kill().expect("SIGKILL build");
    let _ = child.wait();

    assert_eq!(read(index.path().join("CURRENT")), current);
    let search = |q: &str| {
        bin()
            .args(["search", q, "--json", "--index"])
            .arg(index.path())
            .output()
            .expect("search")
    };
    let out = search("KIM Jong Sik");
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).expect("search JSON");
    assert_eq!(v["results"][0]["entity_id"], "un:KPi.066");

    // Whatever the killed build left behind does not stop the next one.
    let out = build(small.path()).output().expect("build again");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(search("KIM Jong Sik").status.success());
}
