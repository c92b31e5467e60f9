//! What the index files may go through while the real binary uses them: a
//! served generation copied over or truncated in place, an index the
//! server may only read, and two builds into one folder at once.

use crate::util::{BIN, DEADLINE, Served, request, tempdir};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
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

    fn index(&self) -> &Path {
        self.index.path()
    }

    fn build_command(&self) -> Command {
        let mut c = Command::new(BIN);
        c.arg("build")
            .arg("--quiet")
            .arg("--json")
            .arg("--lists")
            .arg(self.lists.path())
            .arg("--index")
            .arg(self.index.path());
        c
    }

    /// `sanctiondb build`; returns the new generation folder.
    fn build(&self) -> PathBuf {
        let out = self.build_command().output().expect("run sanctiondb build");
        assert!(
            out.status.success(),
            "build failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let summary: Value = serde_json::from_slice(&out.stdout).expect("build --json prints JSON");
        PathBuf::from(summary["generation"].as_str().expect("generation"))
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

    /// The live generation folder, from `CURRENT`.
    fn current(&self) -> PathBuf {
        let name = std::fs::read_to_string(self.index().join("CURRENT")).expect("read CURRENT");
        self.index().join(name.trim())
    }

    /// The names in the index folder, sorted.
    fn entries(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.index())
            .expect("read the index folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

/// `sanctiondb serve` ([`Served`]) run by `command`, which is told the
/// rest of the arguments.
struct Server(Served);

impl Server {
    fn start(index: &Path) -> Server {
        Server::start_with(Command::new(BIN), index)
    }

    fn start_with(mut command: Command, index: &Path) -> Server {
        command
            .args(["serve", "--workers", "2", "--index"])
            .arg(index);
        Server(Served::start(command))
    }

    /// One request on a connection of its own: status and JSON body. A
    /// server that died says how.
    fn ask(&mut self, method: &str, path: &str) -> (u16, Value) {
        // A POST (the reload) carries an empty JSON object, as the server asks.
        let body = (method == "POST").then_some("{}");
        match request(&self.0.addr, method, path, body) {
            Ok(answer) => answer,
            Err(e) => {
                let _ = self.0.child.kill();
                let status = self.0.child.wait().expect("wait for the server");
                panic!("{method} {path}: {e}; the server ended with {status}")
            }
        }
    }

    fn get(&mut self, path: &str) -> Value {
        let (status, v) = self.ask("GET", path);
        assert_eq!(status, 200, "GET {path}: {v}");
        v
    }

    fn is_running(&mut self) -> bool {
        self.0.is_running()
    }
}

/// The routes whose answers must not change, for an entity found by search.
fn answers(server: &mut Server) -> Vec<(String, Value)> {
    let search = "/search?q=Kim%20Won%20Hong&threshold=0.3".to_string();
    let found = server.get(&search);
    let id = found["results"][0]["entity_id"]
        .as_str()
        .expect("Kim Won Hong is found")
        .to_string();
    let mut out = vec![(search, found)];
    for path in [
        format!("/entities/{id}"),
        format!("/entities/{id}/network?depth=2"),
        "/search?q=%EB%A5%98%EA%B2%BD%EC%83%81%EC%97%85%EC%9D%80%ED%96%89".to_string(),
        "/lists".to_string(),
    ] {
        let v = server.get(&path);
        out.push((path, v));
    }
    out
}

/// Every file below `dir` (lock files too), sorted.
fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).expect("read a generation folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                todo.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Each file below `dir` with its length, modification time and bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, u64, std::time::SystemTime, Vec<u8>)> {
    files_below(dir)
        .into_iter()
        .map(|p| {
            let meta = std::fs::metadata(&p).expect("metadata");
            let bytes = std::fs::read(&p).expect("read");
            (p, meta.len(), meta.modified().expect("mtime"), bytes)
        })
        .collect()
}

// Case 10: a served generation copied over or truncated in place.

#[test]
fn truncating_every_file_of_the_served_generation_changes_no_answer() {
    let folders = Folders::new();
    let generation = folders.build();
    let mut server = Server::start(folders.index());
    let before = answers(&mut server);

    // What `cp` or `rsync --inplace` does first to each file (and all that
    // one stopped at once leaves): truncate it in place. Pages of a mapped
    // file beyond its new end raise SIGBUS when touched.
    for path in files_below(&generation) {
        std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(&path)
            .expect("truncate a generation file in place");
    }

    let after = answers(&mut server);
    assert!(server.is_running());
    for ((path, was), (_, now)) in before.iter().zip(&after) {
        assert_eq!(now, was, "{path} changed after the files were truncated");
    }
    // Opening the damaged generation again is refused; the old index answers.
    let (status, v) = server.ask("POST", "/admin/reload");
    assert_eq!(status, 409, "{v}");
    assert_eq!(v["code"], "reload_refused", "{v}");
    assert_eq!(answers(&mut server), before);
}

#[test]
fn a_build_writes_nothing_into_the_served_generation() {
    let folders = Folders::new();
    let served = folders.build();
    let mut server = Server::start(folders.index());
    let before = answers(&mut server);
    let files = snapshot(&served);

    folders.drop_last_entry();
    let next = folders.build();
    assert_ne!(next, served);
    assert_eq!(folders.current(), next);
    assert!(
        snapshot(&served) == files,
        "the build changed a file of the generation being served"
    );
    assert_eq!(
        answers(&mut server),
        before,
        "the server still answers alike"
    );
}

// Case 11: an index the server may only read.

/// Runs `command`'s program inside a mount namespace of its own where
/// `dir` is a read-only bind mount: even root cannot write there, so
/// anything the program tries to open for writing fails (EROFS). `None`
/// where this cannot be done (not root, no `unshare`).
fn on_a_read_only_mount(dir: &Path) -> Option<Command> {
    const SCRIPT: &str = r#"dir=$1; shift
mount --bind "$dir" "$dir" && mount -o remount,bind,ro "$dir" "$dir" || exit 97
if touch "$dir/.write-probe" 2>/dev/null; then exit 98; fi
exec "$@""#;
    let probe = Command::new("unshare")
        .args([
            "--mount",
            "--propagation",
            "private",
            "sh",
            "-c",
            SCRIPT,
            "sh",
        ])
        .arg(dir)
        .arg("true")
        .output()
        .ok()?;
    if !probe.status.success() {
        eprintln!(
            "no read-only mount here ({}): {}",
            probe.status,
            String::from_utf8_lossy(&probe.stderr)
        );
        return None;
    }
    let mut c = Command::new("unshare");
    c.args([
        "--mount",
        "--propagation",
        "private",
        "sh",
        "-c",
        SCRIPT,
        "sh",
    ])
    .arg(dir)
    .arg(BIN);
    Some(c)
}

#[test]
fn an_index_on_a_read_only_mount_is_served() {
    let folders = Folders::new();
    folders.build();
    let mut writable = Server::start(folders.index());
    let expected = answers(&mut writable);
    drop(writable);
    let Some(command) = on_a_read_only_mount(folders.index()) else {
        eprintln!("skipped: this machine cannot mount the index read-only");
        return;
    };
    let mut server = Server::start_with(command, folders.index());
    assert_eq!(answers(&mut server), expected);
    let (status, v) = server.ask("POST", "/admin/reload");
    assert_eq!(status, 200, "a reload opens the read-only index too: {v}");
}

/// Runs `command`'s program as `nobody` (uid and gid 65534, no groups),
/// `None` where that cannot be done.
fn as_nobody() -> Option<Command> {
    let probe = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", BIN])
        .arg("--version")
        .output()
        .ok()?;
    if !probe.status.success() {
        eprintln!(
            "cannot run as nobody: {}",
            String::from_utf8_lossy(&probe.stderr)
        );
        return None;
    }
    let mut c = Command::new("setpriv");
    c.args(["--reuid=65534", "--regid=65534", "--clear-groups", BIN]);
    Some(c)
}

/// Makes every file and folder below `dir` (and `dir`) readable by all and
/// writable by none.
fn make_read_only(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).expect("read a folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                todo.push(path);
            } else {
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444))
                    .expect("chmod a file");
            }
        }
        std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o555))
            .expect("chmod a folder");
    }
}

/// `search "Kim Won Hong" --json` on `index`, run by `command`.
fn search(mut command: Command, index: &Path) -> Output {
    command
        .args(["search", "Kim Won Hong", "--json", "--index"])
        .arg(index)
        .output()
        .expect("run search")
}

#[test]
fn a_user_who_may_only_read_the_index_searches_and_serves_it() {
    let folders = Folders::new();
    folders.build();
    let mut writable = Server::start(folders.index());
    let expected = answers(&mut writable);
    drop(writable);
    let own = search(Command::new(BIN), folders.index());
    make_read_only(folders.index());
    let Some(nobody) = as_nobody() else {
        eprintln!("skipped: this machine cannot run a program as nobody");
        return;
    };
    let theirs = search(nobody, folders.index());
    assert!(
        theirs.status.success(),
        "search as nobody failed: {}",
        String::from_utf8_lossy(&theirs.stderr)
    );
    assert_eq!(theirs.stdout, own.stdout);
    let mut server = Server::start_with(as_nobody().expect("nobody, as above"), folders.index());
    assert_eq!(answers(&mut server), expected);
}

// Case 12: two builds into one folder at once.

/// A build started and stopped (SIGSTOP) while it is writing its new
/// generation, which is after it took the lock; continued or killed on drop.
struct StoppedBuild {
    child: Child,
}

impl StoppedBuild {
    /// Starts builds until one is caught writing (a build may finish between
    /// two looks; each try is bounded, and so is the number of tries).
    fn start(folders: &Folders) -> StoppedBuild {
        for _ in 0..20 {
            let mut child = folders
                .build_command()
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start sanctiondb build");
            let writing = format!(".build-{}-", child.id());
            let is_writing = || folders.entries().iter().any(|n| n.starts_with(&writing));
            let started = Instant::now();
            while !is_writing()
                && matches!(child.try_wait(), Ok(None))
                && started.elapsed() < DEADLINE
            {
                std::thread::sleep(Duration::from_millis(1));
            }
            signal(&child, "STOP");
            if is_writing() && matches!(child.try_wait(), Ok(None)) {
                return StoppedBuild { child };
            }
            signal(&child, "CONT");
            let _ = child.wait();
        }
        panic!("no build was caught writing its generation in 20 tries");
    }

    /// Lets it go on; returns how it ended.
    fn resume(mut self) -> std::process::ExitStatus {
        signal(&self.child, "CONT");
        self.child.wait().expect("wait for the build")
    }

    fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for StoppedBuild {
    /// Should a test fail while it is stopped, the build goes on and ends.
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = Command::new("kill")
                .arg("-CONT")
                .arg(self.child.id().to_string())
                .status();
            let _ = self.child.wait();
        }
    }
}

fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .arg(format!("-{name}"))
        .arg(child.id().to_string())
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -{name} failed");
}

#[test]
fn a_second_build_stops_at_once_naming_the_running_one() {
    let folders = Folders::new();
    folders.build();
    let live = folders.current();
    folders.drop_last_entry();
    let first = StoppedBuild::start(&folders);
    let first_pid = first.child.id();
    let entries = folders.entries();

    let second = folders
        .build_command()
        .output()
        .expect("run a second build");
    let err = String::from_utf8_lossy(&second.stderr);
    assert_eq!(
        second.status.code(),
        Some(9),
        "the second build must stop while the first runs: {err}"
    );
    assert!(
        err.contains(&format!(
            "another build of the index at {}",
            folders.index().display()
        )),
        "{err}"
    );
    assert!(err.contains(&format!("(pid {first_pid} on ")), "{err}");
    assert!(err.contains(", since "), "{err}");
    assert_eq!(
        folders.entries(),
        entries,
        "the second build changed nothing"
    );
    assert_eq!(folders.current(), live);

    let status = first.resume();
    assert!(status.success(), "the first build ends well: {status}");
    assert_ne!(folders.current(), live);
    let out = Command::new(BIN)
        .args(["search", "Kim Won Hong", "--index"])
        .arg(folders.index())
        .output()
        .expect("run search");
    assert!(
        out.status.success(),
        "the first build's generation opens: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_killed_build_blocks_no_later_one() {
    let folders = Folders::new();
    folders.build();
    folders.drop_last_entry();
    StoppedBuild::start(&folders).kill();
    let next = folders.build();
    assert_eq!(folders.current(), next);
}
