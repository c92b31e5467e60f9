//! The analyst page (`GET /`): its files and headers through the page's own
//! route config, and the whole page end to end: the real binary serves it on
//! an index built from the shipped lists, and headless Chromium, driven over
//! the W3C WebDriver protocol by chromedriver, searches, opens an entity,
//! goes back, shows a refusal and escapes a hostile query.
//!
//! Chromium and chromedriver are required (Debian packages `chromium` and
//! `chromium-driver`); without them the browser test fails and says so.
//! The WebDriver client speaks HTTP/1.1 through `util::Client`.

use crate::util::{BIN, Served, free_port, lists, request, tempdir};
use actix_web::App;
use actix_web::test as actix_test;
use sanctiondb::server::page::{CONTENT_SECURITY_POLICY, FILES};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// How long anything the page does may take before the test gives up.
const DEADLINE: Duration = Duration::from_secs(20);

#[actix_web::test]
async fn page_files_carry_the_csp_and_name_no_other_host() {
    let app =
        actix_test::init_service(App::new().configure(sanctiondb::server::page::configure)).await;
    for &(path, content_type, _) in FILES {
        let res =
            actix_test::call_service(&app, actix_test::TestRequest::get().uri(path).to_request())
                .await;
        assert_eq!(res.status().as_u16(), 200, "{path}");
        let header = |name: &str| {
            res.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string()
        };
        assert_eq!(header("content-type"), content_type, "{path}");
        assert!(content_type.ends_with("charset=utf-8"), "{path}");
        assert_eq!(
            header("content-security-policy"),
            CONTENT_SECURITY_POLICY,
            "{path}"
        );
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        let body = String::from_utf8(actix_test::read_body(res).await.to_vec()).expect("UTF-8");
        for other_host in ["://", "\"//", "'//", "url("] {
            assert!(
                !body.contains(other_host),
                "{path} names another host or loads a resource ({other_host:?})"
            );
        }
    }
    // The CSP lets nothing come from elsewhere, and no inline code run.
    for directive in [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "connect-src 'self'",
    ] {
        assert!(CONTENT_SECURITY_POLICY.contains(directive), "{directive}");
    }
    assert!(!CONTENT_SECURITY_POLICY.contains("unsafe"));
    // The page loads exactly its own files.
    let html = FILES[0].2;
    assert!(html.contains(r#"<meta charset="utf-8">"#));
    for (_, value) in attributes(html, &["src", "href"]) {
        assert!(
            value == "#" || FILES.iter().any(|f| f.0 == value),
            "the page loads {value:?}, which the server does not serve"
        );
    }
    let put =
        actix_test::call_service(&app, actix_test::TestRequest::post().uri("/").to_request()).await;
    assert_eq!(put.status().as_u16(), 405);
}

/// The values of `names` attributes in `html` (a plain scan: the page is
/// ours and writes every attribute in double quotes).
fn attributes<'a>(html: &'a str, names: &[&str]) -> Vec<(String, &'a str)> {
    let mut out = Vec::new();
    for name in names {
        let needle = format!(" {name}=\"");
        for (at, _) in html.match_indices(&needle) {
            let rest = &html[at + needle.len()..];
            let value = &rest[..rest.find('"').unwrap_or(rest.len())];
            out.push((name.to_string(), value));
        }
    }
    out
}

#[test]
fn analyst_searches_in_hangul_and_opens_the_entity_in_chromium() {
    for tool in [CHROMIUM, CHROMEDRIVER] {
        assert!(
            Path::new(tool).exists(),
            "{tool} is missing: this test drives headless Chromium; install it with \
             `apt-get install -y chromium chromium-driver` (Debian packages chromium and chromium-driver)"
        );
    }
    let work = tempdir();
    let server = serve(work.path());
    let browser = Browser::start(work.path());
    let base = &format!("http://{}", server.addr);

    // Search in Hangul from the search box.
    browser.goto(&format!("{base}/"));
    let q = browser.wait_for("the search box", |b| b.find("#q"));
    browser.send_keys(&q, "김정은");
    browser.click(&browser.find("#search-button").expect("search button"));
    let link = browser.wait_for("KIM Jong Un (ofac:20157) among the results", |b| {
        b.find(r#"#result-list a[data-entity-id="ofac:20157"]"#)
    });
    assert_eq!(browser.text(&link), "KIM, Jong Un");
    let result = browser.js(
        r#"return document.querySelector('a[data-entity-id="ofac:20157"]').closest('li').innerText"#,
    );
    // Lower case: the badges are styled in capitals, which innerText keeps.
    let result = result.as_str().unwrap_or_default().to_lowercase();
    for shown in [
        // Hangul against a Latin listing: an attested romanization, below
        // the name as the list writes it.
        "0.95",
        "alert",
        "person",
        "ofac sdn",
        "method\nkorean",
        "김 → kim ✓",
        "korean name: 김=kim",
        "read as kim jong un (dprk)",
    ] {
        assert!(result.contains(shown), "result lacks {shown:?}:\n{result}");
    }
    assert!(
        browser.url().ends_with("#q=%EA%B9%80%EC%A0%95%EC%9D%80"),
        "{}",
        browser.url()
    );
    browser
        .screenshot(&artifact("page-results.png"))
        .expect("screenshot");

    // Open it: the entity view, with names, lists and the network section.
    browser.click(&link);
    browser.wait_for("the entity view of KIM Jong Un", |b| {
        let title = b.find("#entity-title")?;
        (b.text(&title) == "KIM, Jong Un").then_some(())
    });
    assert!(
        browser.url().ends_with("#entity=ofac:20157"),
        "{}",
        browser.url()
    );
    let entity = browser.text(&browser.find("#entity").expect("entity view"));
    for shown in [
        "Names and aliases",
        "primary",
        "OFAC SDN",
        "DPRK3",
        "08 Jan 1984",
        "Korea, North",
        "Chairman of the Workers' Party of Korea",
    ] {
        assert!(
            entity.contains(shown),
            "entity view lacks {shown:?}:\n{entity}"
        );
    }
    assert_no_missing_values(&entity);
    match network(&browser) {
        // `/entities/{id}/network` is not served (404), or has no edge.
        (state, text) if state == "none" || state == "empty" => {
            assert!(text.contains("No network"), "{text}")
        }
        (state, text) if state == "shown" => assert!(text.contains("KIM, Jong Un"), "{text}"),
        (state, text) => panic!("network section in state {state:?}: {text}"),
    }

    // Back: the results again, and the query in the box.
    browser.back();
    browser.wait_for("the results after going back", |b| {
        b.find(r#"#result-list a[data-entity-id="ofac:20157"]"#)
    });
    assert_eq!(
        browser.js("return document.getElementById('q').value"),
        "김정은"
    );

    // A linked entity with aliases, its Hangul name and a relation.
    browser.goto(&format!("{base}/#entity=kr:20241226-01"));
    browser.wait_for("the entity view of 박흥룡", |b| {
        let title = b.find("#entity-title")?;
        (b.text(&title) == "박흥룡").then_some(())
    });
    let entity = browser.text(&browser.find("#entity").expect("entity view"));
    for shown in [
        "Pak Hung-ryong",
        "Park Heung Ryong",
        "alias",
        "hangul",
        "KR Unilateral",
        "2024-12-26",
        "General Bureau 313",
    ] {
        assert!(
            entity.contains(shown),
            "entity view lacks {shown:?}:\n{entity}"
        );
    }
    assert_no_missing_values(&entity);
    match network(&browser) {
        (state, text) if state == "none" => assert!(text.contains("No network"), "{text}"),
        (state, text) if state == "shown" => {
            assert!(text.contains("General Bureau 313"), "{text}");
            assert!(text.contains("member_of"), "{text}");
        }
        (state, text) => panic!("network section in state {state:?}: {text}"),
    }
    browser
        .screenshot(&artifact("page-entity.png"))
        .expect("screenshot");

    // An id no list has: the server's message, in the entity view.
    browser.goto(&format!("{base}/#entity=un:KPi.999"));
    let missing = browser.wait_for("the missing entity's message", |b| {
        b.find("#entity-missing").map(|e| b.text(&e))
    });
    assert!(missing.contains("no entity with id"), "{missing}");

    // A refusal shows the server's message.
    browser.goto(&format!("{base}/#q=kim&threshold=7"));
    let error = browser.wait_for("the error message", |b| {
        let e = b.find("#error")?;
        let text = b.text(&e);
        (!text.is_empty()).then_some(text)
    });
    assert!(error.contains("is not a score"), "{error}");

    // A query that is markup stays text.
    browser.goto(&format!(
        "{base}/#q=%3Cimg%20src%3Dx%20id%3Dinjected%3E%20KIM"
    ));
    browser.wait_for("the status of the markup query", |b| {
        let status = b.text(&b.find("#status")?);
        status
            .contains("for “<img src=x id=injected> KIM”")
            .then_some(())
    });
    assert!(
        browser.find("#injected").is_none(),
        "the query became markup"
    );
    assert!(browser.find("img").is_none(), "the query became markup");

    // Nothing was fetched from anywhere but the server.
    let fetched = browser.js(
        "return [location.origin, ...performance.getEntriesByType('resource').map(e => e.name)]",
    );
    let fetched: Vec<&str> = fetched
        .as_array()
        .expect("array")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(fetched[0], base.as_str());
    assert!(fetched.len() > 3, "{fetched:?}");
    for url in &fetched {
        assert!(
            url.starts_with(&format!("{base}/")) || url == base,
            "the page fetched {url} from another host"
        );
    }
}

/// Waits for the entity view's network section to load; returns its state
/// (`none`: no network answer, `empty`: no edge, `shown`) and text.
fn network(browser: &Browser) -> (String, String) {
    let state = browser.wait_for("the network section to load", |b| {
        let state = b.js("return document.getElementById('network-body').dataset.state");
        let state = state.as_str()?.to_string();
        (state != "loading").then_some(state)
    });
    let text = browser.text(&browser.find("#network-body").expect("network section"));
    (state, text)
}

/// A view that printed a missing field as "null" or "undefined".
fn assert_no_missing_values(text: &str) {
    for word in ["null", "undefined", "NaN", "[object"] {
        assert!(!text.contains(word), "the view shows {word:?}:\n{text}");
    }
}

/// Where the test leaves its screenshots.
fn artifact(name: &str) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(name)
}

/// Starts the real binary on an index folder in `work` (built from the
/// shipped lists on start) and waits for its `listening on` line.
fn serve(work: &Path) -> Served {
    let mut command = Command::new(BIN);
    command
        .args(["serve", "--index"])
        .arg(work.join("index"))
        .arg("--lists")
        .arg(lists());
    Served::start(command)
}

/// chromedriver with one headless Chromium session. Dropping it ends the
/// session (Chromium quits), then kills chromedriver and whatever is left
/// of its process group.
struct Browser {
    driver: Child,
    addr: String,
    session: String,
}

/// An element reference, as WebDriver returns it.
struct Element(String);

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Browser {
    fn start(work: &Path) -> Browser {
        use std::os::unix::process::CommandExt;
        let port = free_port();
        let log = std::fs::File::create(work.join("chromedriver.log")).expect("driver log");
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(log.try_clone().expect("driver log"))
            .stderr(log)
            // Its own process group, so Chromium can be killed with it.
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("start {CHROMEDRIVER}: {e}"));
        let mut browser = Browser {
            driver,
            addr: format!("127.0.0.1:{port}"),
            session: String::new(),
        };
        let started = Instant::now();
        while !matches!(
            http(&browser.addr, "GET", "/status", None),
            Ok((200, ref v)) if v["value"]["ready"] == true
        ) {
            assert!(
                started.elapsed() < DEADLINE,
                "chromedriver did not answer on {}: {}",
                browser.addr,
                std::fs::read_to_string(work.join("chromedriver.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let profile = work.join("chromium-profile");
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1280,1100",
                    format!("--user-data-dir={}", profile.display()),
                ],
            },
            "timeouts": {"implicit": 0, "pageLoad": 20000, "script": 10000},
        }}});
        let session = http(&browser.addr, "POST", "/session", Some(&capabilities))
            .unwrap_or_else(|e| panic!("new session: {e}"));
        browser.session = match session {
            (200, v) => v["value"]["sessionId"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            (status, v) => panic!(
                "chromedriver could not start Chromium ({status}): {v}\n{}",
                std::fs::read_to_string(work.join("chromedriver.log")).unwrap_or_default()
            ),
        };
        browser
    }

    /// Sends a session command; `Err` carries WebDriver's error.
    fn try_command(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
        let path = format!("/session/{}{path}", self.session);
        match http(&self.addr, method, &path, body) {
            Ok((200, mut v)) => Ok(v["value"].take()),
            Ok((status, v)) => Err(format!(
                "{method} {path}: {status} {} {}",
                v["value"]["error"], v["value"]["message"]
            )),
            Err(e) => Err(format!("{method} {path}: {e}")),
        }
    }

    fn command(&self, method: &str, path: &str, body: Option<&Value>) -> Value {
        self.try_command(method, path, body)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn goto(&self, url: &str) {
        self.command("POST", "/url", Some(&json!({ "url": url })));
    }

    fn url(&self) -> String {
        self.command("GET", "/url", None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    fn back(&self) {
        self.command("POST", "/back", Some(&json!({})));
    }

    /// The first element matching `css`, if any.
    fn find(&self, css: &str) -> Option<Element> {
        let body = json!({"using": "css selector", "value": css});
        let found = self.try_command("POST", "/element", Some(&body)).ok()?;
        found[ELEMENT_KEY]
            .as_str()
            .map(|id| Element(id.to_string()))
    }

    /// The rendered text of `element` (empty if it went away meanwhile).
    fn text(&self, element: &Element) -> String {
        self.try_command("GET", &format!("/element/{}/text", element.0), None)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    fn click(&self, element: &Element) {
        self.command(
            "POST",
            &format!("/element/{}/click", element.0),
            Some(&json!({})),
        );
    }

    fn send_keys(&self, element: &Element, text: &str) {
        self.command(
            "POST",
            &format!("/element/{}/value", element.0),
            Some(&json!({ "text": text })),
        );
    }

    /// Runs `script` in the page and returns what it returns.
    fn js(&self, script: &str) -> Value {
        self.command(
            "POST",
            "/execute/sync",
            Some(&json!({"script": script, "args": []})),
        )
    }

    /// Polls `check` until it gives a value; after [`DEADLINE`], fails with
    /// what the page shows.
    fn wait_for<T>(&self, what: &str, mut check: impl FnMut(&Browser) -> Option<T>) -> T {
        let started = Instant::now();
        loop {
            if let Some(value) = check(self) {
                return value;
            }
            if started.elapsed() > DEADLINE {
                // What the page shows, as far as the browser still answers.
                let shot = artifact("page-failure.png");
                let shot = match self.screenshot(&shot) {
                    Ok(()) => format!("screenshot: {}", shot.display()),
                    Err(e) => format!("no screenshot: {e}"),
                };
                let shown = |answer: Result<Value, String>| match answer {
                    Ok(v) => v.as_str().unwrap_or_default().to_string(),
                    Err(e) => format!("({e})"),
                };
                let url = shown(self.try_command("GET", "/url", None));
                let script = json!({"script": "return document.body.innerText", "args": []});
                let text = shown(self.try_command("POST", "/execute/sync", Some(&script)));
                panic!(
                    "waited {DEADLINE:?} for {what}; at {url} the page shows:\n{text}\n({shot})"
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Saves a PNG of the window to `path`.
    fn screenshot(&self, path: &Path) -> Result<(), String> {
        let png = self.try_command("GET", "/screenshot", None)?;
        let png = base64_decode(png.as_str().unwrap_or_default());
        std::fs::write(path, png).map_err(|e| format!("write {}: {e}", path.display()))
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = http(
                &self.addr,
                "DELETE",
                &format!("/session/{}", self.session),
                None,
            );
        }
        let pgid = self.driver.id();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        // Chromium's processes are in chromedriver's group; one that did not
        // quit with the session goes now.
        let _ = Command::new("sh")
            .args(["-c", &format!("kill -KILL -- -{pgid} 2>/dev/null")])
            .status();
    }
}

/// One HTTP/1.1 request with a JSON body; returns status and JSON answer.
fn http(
    addr: &str,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> Result<(u16, Value), String> {
    request(addr, method, path, body.map(Value::to_string).as_deref())
}

/// Standard base64 (the screenshot's PNG).
fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let sextets: Vec<u8> = text.bytes().filter_map(value).collect();
    let mut out = Vec::with_capacity(sextets.len() * 3 / 4);
    for chunk in sextets.chunks(4) {
        let bits = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &s)| acc | (u32::from(s) << (18 - 6 * i)));
        let bytes = bits.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    out
}

#[test]
fn base64_decode_reads_padded_and_unpadded_text() {
    assert_eq!(base64_decode("aGVsbG8="), b"hello");
    assert_eq!(base64_decode("aGVsbG8h"), b"hello!");
    assert_eq!(base64_decode("aGk"), b"hi");
    assert_eq!(base64_decode(""), b"");
}
