//! What every area shares: the built binary, the shipped lists and the one
//! index built from them per test run, temporary folders, `sanctiondb serve`
//! on a free loopback port, and one small HTTP/1.1 client.
//!
//! The shipped index is shared by every test in the binary; tests only read
//! it (`screen` without `--audit-log` appends its audit record there, which
//! no test reads). A test that changes an index builds its own.

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The binary under test, built by Cargo for this test run.
pub const BIN: &str = env!("CARGO_BIN_EXE_sanctiondb");

/// The binary, run in the repository root, with no `SANCTIONDB_URL_*`
/// override leaking in from the environment (the tests choose every URL).
pub fn bin() -> Command {
    let mut c = Command::new(BIN);
    c.current_dir(root());
    for (k, _) in std::env::vars() {
        if k.starts_with("SANCTIONDB_URL_") {
            c.env_remove(k);
        }
    }
    c
}

/// The repository root (where `Cargo.toml` is).
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A path in the repository.
pub fn repo(path: &str) -> PathBuf {
    root().join(path)
}

/// The shipped lists folder.
pub fn lists() -> PathBuf {
    repo("lists")
}

/// A temporary folder, removed when dropped.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

/// An index built from a lists folder holding one OFAC SDN file, `sdn`
/// (its other files empty): the lists folder and the index folder.
pub fn sdn_index(sdn: &str) -> (tempfile::TempDir, tempfile::TempDir) {
    let lists = tempdir();
    let ofac = lists.path().join("ofac");
    std::fs::create_dir(&ofac).expect("lists/ofac");
    std::fs::write(ofac.join("sdn.csv"), sdn).expect("sdn.csv");
    for f in ["alt.csv", "add.csv", "sdn_comments.csv"] {
        std::fs::write(ofac.join(f), "").expect("an empty OFAC file");
    }
    let idx = tempdir();
    let out = bin()
        .args(["build", "--quiet", "--json", "--lists"])
        .arg(lists.path())
        .arg("--index")
        .arg(idx.path())
        .output()
        .expect("run build");
    json(&out);
    (lists, idx)
}

/// The results of `search NAME --threshold 0 --json` on `index`.
pub fn search_all(index: &Path, name: &str) -> Vec<Value> {
    let out = bin()
        .args(["search", name, "--threshold", "0", "--json", "--index"])
        .arg(index)
        .output()
        .expect("run search");
    json(&out)["results"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The score of entity `id` among [`search_all`]'s results (0 when absent).
pub fn score_of(index: &Path, name: &str, id: &str) -> f64 {
    search_all(index, name)
        .iter()
        .find(|r| r["entity_id"] == id)
        .and_then(|r| r["score"].as_f64())
        .unwrap_or(0.0)
}

/// A lists folder holding the shipped Korean list alone: a build of it is
/// fast, and a test may change it without touching the shipped lists.
pub fn korean_lists() -> tempfile::TempDir {
    let lists = tempdir();
    std::fs::create_dir(lists.path().join("kr")).expect("lists/kr");
    std::fs::copy(
        self::lists().join("kr/designations.csv"),
        lists.path().join("kr/designations.csv"),
    )
    .expect("copy the Korean list");
    lists
}

/// The index of the shipped lists and what `build --json` said about it.
struct Shipped {
    dir: tempfile::TempDir,
    report: Value,
}

fn shipped() -> &'static Shipped {
    static SHIPPED: OnceLock<Shipped> = OnceLock::new();
    SHIPPED.get_or_init(|| {
        let dir = tempdir();
        let out = bin()
            .args(["build", "--quiet", "--json", "--lists"])
            .arg(lists())
            .arg("--index")
            .arg(dir.path())
            .output()
            .expect("run sanctiondb build");
        assert!(
            out.status.success(),
            "building the shipped lists failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let report = serde_json::from_slice(&out.stdout).expect("build --json prints JSON");
        Shipped { dir, report }
    })
}

/// The index built from the shipped lists, once per test run.
pub fn shipped_index() -> &'static Path {
    shipped().dir.path()
}

/// What `sanctiondb build --json` reported when it built [`shipped_index`].
pub fn shipped_build_report() -> &'static Value {
    &shipped().report
}

/// The binary with `args` on [`shipped_index`].
pub fn run_on_shipped(args: &[&str]) -> Output {
    bin()
        .args(args)
        .arg("--index")
        .arg(shipped_index())
        .output()
        .expect("run sanctiondb")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The JSON a successful run printed.
pub fn json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

/// Percent-encodes a query parameter value.
pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'-' || b == b'.' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// How long anything a test waits for may take on a slow, busy machine.
pub const DEADLINE: Duration = Duration::from_secs(60);

/// A loopback port nobody listens on now (the listener is closed before use).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// `sanctiondb serve` on a free loopback port, its stderr kept line by line
/// for assertions on what it logs. Killed when dropped.
pub struct Served {
    pub child: Child,
    /// `127.0.0.1:<port>`, as the server said.
    pub addr: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Served {
    /// Runs `command` (the binary, or a program that runs it, already told
    /// `serve` and its flags) with `--bind 127.0.0.1:0`, and waits for the
    /// `listening on` line; lines before it (`built index ...`) are skipped.
    pub fn start(mut command: Command) -> Served {
        let mut child = command
            .args(["--bind", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start sanctiondb serve");
        let log = Arc::new(Mutex::new(Vec::new()));
        let lines = Arc::clone(&log);
        let stderr = child.stderr.take().expect("stderr");
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                lines.lock().unwrap_or_else(|e| e.into_inner()).push(line);
            }
        });
        let stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let addr = stdout.lines().map_while(Result::ok).find_map(|line| {
            let rest = line.strip_prefix("listening on http://")?;
            rest.split_whitespace().next().map(str::to_string)
        });
        let mut served = Served {
            child,
            addr: String::new(),
            log,
        };
        match addr {
            Some(addr) => served.addr = addr,
            None => {
                let _ = served.child.kill();
                let _ = served.child.wait();
                panic!(
                    "the server never said where it listens: {:?}",
                    served.log_lines()
                );
            }
        }
        served
    }

    /// What the server has written to stderr so far, line by line.
    pub fn log_lines(&self) -> Vec<String> {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Waits (at most [`DEADLINE`]) for a log line containing `needle`.
    pub fn wait_for_log(&self, needle: &str) -> Option<String> {
        let started = Instant::now();
        while started.elapsed() < DEADLINE {
            if let Some(line) = self.log_lines().into_iter().find(|l| l.contains(needle)) {
                return Some(line);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A plain HTTP/1.1 client on one keep-alive connection, for JSON answers
/// (the server's and chromedriver's).
pub struct Client {
    addr: String,
    reader: BufReader<TcpStream>,
}

impl Client {
    pub fn connect(addr: &str) -> std::io::Result<Client> {
        let stream = TcpStream::connect(addr)?;
        stream.set_read_timeout(Some(DEADLINE))?;
        stream.set_nodelay(true)?;
        Ok(Client {
            addr: addr.to_string(),
            reader: BufReader::new(stream),
        })
    }

    /// Sends one request (a JSON body when `body` is given) and reads the
    /// answer: status and JSON body. Anything else (a closed connection, a
    /// body that is not JSON, no Content-Length) is an error.
    pub fn send(
        &mut self,
        method: &str,
        path: &str,
        body: Option<&str>,
    ) -> Result<(u16, Value), String> {
        let body = body.unwrap_or("");
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            self.addr,
            body.len()
        );
        let stream = self.reader.get_mut();
        stream
            .write_all(head.as_bytes())
            .and_then(|()| stream.write_all(body.as_bytes()))
            .map_err(|e| format!("{method} {path}: sending: {e}"))?;
        self.read_answer()
            .map_err(|e| format!("{method} {path}: {e}"))
    }

    fn read_answer(&mut self) -> Result<(u16, Value), String> {
        let mut line = String::new();
        let read = self
            .reader
            .read_line(&mut line)
            .map_err(|e| format!("reading the status line: {e}"))?;
        if read == 0 {
            return Err("the server closed the connection".into());
        }
        let status: u16 = line
            .strip_prefix("HTTP/1.1 ")
            .and_then(|rest| rest.get(..3))
            .and_then(|code| code.parse().ok())
            .ok_or_else(|| format!("not an HTTP/1.1 status line: {line:?}"))?;
        let mut length = None;
        let mut content_type = String::new();
        loop {
            line.clear();
            self.reader
                .read_line(&mut line)
                .map_err(|e| format!("reading headers: {e}"))?;
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            let Some((name, value)) = header.split_once(':') else {
                return Err(format!("not a header: {header:?}"));
            };
            let value = value.trim();
            if name.eq_ignore_ascii_case("content-length") {
                length = value.parse::<usize>().ok();
            } else if name.eq_ignore_ascii_case("content-type") {
                content_type = value.to_string();
            }
        }
        let length = length.ok_or("no Content-Length")?;
        let mut body = vec![0; length];
        self.reader
            .read_exact(&mut body)
            .map_err(|e| format!("reading {length} bytes of body: {e}"))?;
        if !content_type.starts_with("application/json") {
            return Err(format!("{status}: content-type {content_type:?}"));
        }
        let value = serde_json::from_slice(&body).map_err(|e| {
            format!(
                "{status}: the body is not JSON ({e}): {:?}",
                String::from_utf8_lossy(&body)
            )
        })?;
        Ok((status, value))
    }
}

/// One request on a connection of its own.
pub fn request(
    addr: &str,
    method: &str,
    path: &str,
    body: Option<&str>,
) -> Result<(u16, Value), String> {
    Client::connect(addr)
        .map_err(|e| format!("connecting to {addr}: {e}"))?
        .send(method, path, body)
}
