//! Payroll screening end to end with the real binary: changes between two
//! builds (`diff`, `screen --changed-since`), reviewed false positives
//! (`--accept`), the audit log, identifier columns, spreadsheet-safe CSV and
//! every kind of bad input.

use crate::util::{bin, repo, shipped_index, tempdir};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

fn fixture(name: &str) -> PathBuf {
    repo("tests/fixtures/changes").join(name)
}

fn build(lists: &Path, index: &Path) {
    let out = bin()
        .args(["build", "--quiet", "--lists"])
        .arg(lists)
        .arg("--index")
        .arg(index)
        .output()
        .expect("run build");
    assert!(
        out.status.success(),
        "build: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Indexes of the old and new fixture snapshots.
fn indexes() -> &'static (tempfile::TempDir, PathBuf, PathBuf) {
    static DIRS: OnceLock<(tempfile::TempDir, PathBuf, PathBuf)> = OnceLock::new();
    DIRS.get_or_init(|| {
        let dir = tempdir();
        let (old, new) = (dir.path().join("old"), dir.path().join("new"));
        build(&fixture("old"), &old);
        build(&fixture("new"), &new);
        (dir, old, new)
    })
}

fn write(dir: &Path, name: &str, text: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run sanctiondb")
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn jsonl(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

fn audit_records(path: &Path) -> Vec<Value> {
    jsonl(&std::fs::read_to_string(path).expect("the audit log"))
}

fn sha256(path: &Path) -> String {
    hex::encode(Sha256::digest(std::fs::read(path).unwrap()))
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn diff_lists_added_removed_and_changed_entities() {
    let (_, old, new) = indexes();
    let d: Value =
        serde_json::from_str(&ok(&run(&["diff", path(old), path(new), "--json"]))).unwrap();
    let ids = |k: &str| -> Vec<String> {
        d[k].as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids("added"), ["kr:20241226-03"]);
    assert_eq!(ids("removed"), ["kr:20171211-01"]);
    assert_eq!(ids("changed"), ["kr:20241226-02"]);
    assert_eq!(d["unchanged"], 2);
    let changed = &d["changed"][0];
    assert_ne!(changed["old_version"], changed["new_version"]);
    let text = ok(&run(&["diff", path(old), path(new)]));
    assert!(
        text.contains("1 added, 1 removed, 1 changed, 2 unchanged"),
        "{text}"
    );
    assert!(text.contains("kr:20241226-03"), "{text}");
    // Same index: nothing changed.
    let same: Value =
        serde_json::from_str(&ok(&run(&["diff", path(old), path(old), "--json"]))).unwrap();
    assert!(same["added"].as_array().unwrap().is_empty());
    assert!(same["changed"].as_array().unwrap().is_empty());
}

#[test]
fn changed_since_screens_only_what_changed_and_reports_delistings() {
    let (_, old, new) = indexes();
    let dir = tempdir();
    let payroll = write(
        dir.path(),
        "payroll.csv",
        "id,name\np-new,리일진\np-changed,윤정식\np-removed,김수광\np-same,박흥룡\n".as_bytes(),
    );
    let audit = dir.path().join("audit.jsonl");
    let out = ok(&run(&[
        "screen",
        path(&payroll),
        "--index",
        path(new),
        "--changed-since",
        path(old),
        "--audit-log",
        path(&audit),
        "--quiet",
    ]));
    let rows = jsonl(&out);
    let first = |id: &str| -> (String, String, String) {
        let row = rows.iter().find(|r| r["id"] == id).unwrap();
        let m = &row["matches"][0];
        (
            m["entity_id"].as_str().unwrap_or("").into(),
            m["status"].as_str().unwrap_or("").into(),
            m["change"].as_str().unwrap_or("").into(),
        )
    };
    assert_eq!(
        first("p-new"),
        ("kr:20241226-03".into(), "alert".into(), "added".into())
    );
    assert_eq!(
        first("p-changed"),
        ("kr:20241226-02".into(), "alert".into(), "changed".into())
    );
    assert_eq!(
        first("p-removed"),
        ("kr:20171211-01".into(), "delisted".into(), "removed".into())
    );
    // Unchanged entities are not screened again.
    let same = rows.iter().find(|r| r["id"] == "p-same").unwrap();
    assert!(same["matches"].as_array().unwrap().is_empty(), "{same}");
    let record = audit_records(&audit).pop().unwrap();
    assert_eq!(record["event"], "completed");
    assert_eq!(record["delisted"], 1);
    assert_eq!(record["changes"]["added"], 1);
}

#[test]
fn accepted_alerts_stay_quiet_until_the_entity_changes() {
    let (_, old, new) = indexes();
    let dir = tempdir();
    let payroll = write(dir.path(), "payroll.csv", "id,name\np1,윤정식\n".as_bytes());
    // The reviewer accepted p1 against the old record of 윤정식.
    let old_record: Value = serde_json::from_str(&ok(&run(&[
        "show",
        "kr:20241226-02",
        "--json",
        "--index",
        path(old),
    ])))
    .unwrap();
    let old_version = old_record["entity_version"].as_str().unwrap();
    let accept = write(
        dir.path(),
        "accept.csv",
        format!(
            "payee_id,entity_id,entity_version,reviewer,date,reason\np1,kr:20241226-02,{old_version},J. Park,2026-11-01,\"different person, born 1990\"\n"
        )
        .as_bytes(),
    );
    let audit = dir.path().join("audit.jsonl");
    let screen = |index: &Path, format: &str| {
        ok(&run(&[
            "screen",
            path(&payroll),
            "--index",
            path(index),
            "--accept",
            path(&accept),
            "--format",
            format,
            "--audit-log",
            path(&audit),
            "--quiet",
        ]))
    };
    let before = jsonl(&screen(old, "jsonl"));
    assert_eq!(before[0]["matches"][0]["status"], "accepted", "{before:?}");
    let csv = screen(old, "csv");
    assert!(csv.lines().next().unwrap().contains(",status,"), "{csv}");
    assert!(csv.contains("p1,윤정식,accepted,"), "{csv}");
    // The listed record changed: the same payee alerts again.
    let after = jsonl(&screen(new, "jsonl"));
    assert_eq!(after[0]["matches"][0]["status"], "alert", "{after:?}");
    assert_ne!(after[0]["matches"][0]["entity_version"], old_version);
    // The audit log names the accept file by hash.
    let record = audit_records(&audit).pop().unwrap();
    assert_eq!(record["accept_sha256"], sha256(&accept));
    assert_eq!(record["accept_rows"], 1);
}

#[test]
fn every_run_appends_an_audit_record() {
    let (_, _, new) = indexes();
    let dir = tempdir();
    let payroll = write(
        dir.path(),
        "payroll.csv",
        "id,name\np1,윤정식\np2,Jane Doe\np3,\n".as_bytes(),
    );
    let output = dir.path().join("out.jsonl");
    let audit = dir.path().join("logs/audit.jsonl");
    for _ in 0..2 {
        ok(&run(&[
            "screen",
            path(&payroll),
            "--index",
            path(new),
            "--output",
            path(&output),
            "--audit-log",
            path(&audit),
            "--quiet",
        ]));
    }
    let records = audit_records(&audit);
    // A start and an end record per run.
    assert_eq!(records.len(), 4, "{records:?}");
    assert_eq!(records[0]["event"], "started");
    let r = &records[3];
    assert_eq!(r["event"], "completed");
    assert_eq!(r["run_id"], records[2]["run_id"]);
    assert_ne!(r["run_id"], records[0]["run_id"]);
    assert_eq!(r["input_sha256"], sha256(&payroll));
    assert_eq!(r["output_sha256"], sha256(&output));
    assert_eq!(r["rows"], 3);
    assert_eq!(r["screened"], 2);
    assert_eq!(r["skipped"], 1);
    assert_eq!(r["alerts"], 1);
    assert_eq!(r["settings"]["threshold"], 0.8);
    assert!(r["index_version"].is_string());
    assert!(r["list_hashes"]["kr/designations.csv"].is_string());
    for k in ["started_at", "finished_at"] {
        assert!(r[k].as_str().is_some_and(|t| t.ends_with('Z')), "{k}");
    }
    // An audit log that cannot be written stops the run before it starts.
    let out = run(&[
        "screen",
        path(&payroll),
        "--index",
        path(new),
        "--audit-log",
        "/proc/no/such/audit.jsonl",
    ]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("audit"));
}

#[test]
fn identifier_columns_alert_on_their_own() {
    let index = shipped_index();
    let dir = tempdir();
    // An e-mail address and a bitcoin address OFAC lists, written the way a
    // payroll might (case, blanks).
    let payroll = write(
        dir.path(),
        "payroll.csv",
        "id,name,email,wallet\n\
         p1,Jane Doe,KDB@co.chesin.com,\n\
         p2,John Smith,, 134r8iHv69xdT6p5qVKTsHrcUEuBVZAYak \n\
         p3,Mary Major,mary@example.com,\n"
            .as_bytes(),
    );
    let args = |format: &str| {
        vec![
            "screen".to_string(),
            path(&payroll).to_string(),
            "--index".into(),
            path(index).to_string(),
            "--email-column".into(),
            "email".into(),
            "--wallet-column".into(),
            "wallet".into(),
            "--format".into(),
            format.into(),
            "--audit-log".into(),
            path(&dir.path().join("audit.jsonl")).to_string(),
            "--quiet".into(),
        ]
    };
    let text = ok(&bin().args(args("jsonl")).output().unwrap());
    let rows = jsonl(&text);
    let m1 = &rows[0]["matches"][0];
    assert_eq!(m1["entity_id"], "ofac:12312", "{text}");
    assert_eq!(m1["explanation"]["method"], "identifier");
    assert_eq!(m1["explanation"]["identifier"]["category"], "email");
    assert_eq!(m1["status"], "alert");
    assert_eq!(rows[1]["matches"][0]["entity_id"], "ofac:28263", "{text}");
    assert!(rows[2]["matches"].as_array().unwrap().is_empty(), "{text}");
    let csv = ok(&bin().args(args("csv")).output().unwrap());
    assert!(
        csv.contains(",ofac:12312,") && csv.contains(",email,"),
        "{csv}"
    );
    assert!(
        csv.contains(",wallet,134r8iHv69xdT6p5qVKTsHrcUEuBVZAYak,"),
        "{csv}"
    );
    // `search` takes the same identifiers.
    let out = ok(&run(&[
        "search",
        "",
        "--index",
        path(index),
        "--email",
        " kdb@CO.CHESIN.COM",
        "--json",
    ]));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["results"][0]["entity_id"], "ofac:12312");
}

#[test]
fn csv_output_is_safe_to_open_in_a_spreadsheet() {
    let (_, _, new) = indexes();
    let dir = tempdir();
    let payroll = write(
        dir.path(),
        "payroll.csv",
        "id,name,cost_centre\n=cmd|' /C calc'!A0,윤정식,+1-555-0100\n".as_bytes(),
    );
    let out = ok(&run(&[
        "screen",
        path(&payroll),
        "--index",
        path(new),
        "--format",
        "csv",
        "--pass-through",
        "cost_centre",
        "--audit-log",
        path(&dir.path().join("a.jsonl")),
        "--quiet",
    ]));
    let mut lines = out.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .ends_with(",networks,reason,cost_centre")
    );
    let row = lines.next().unwrap();
    assert!(row.starts_with("'=cmd|' /C calc'!A0,"), "{row}");
    assert!(row.ends_with(",'+1-555-0100"), "{row}");
    assert!(!row.contains(",=") && !row.contains(",+"), "{row}");
}

#[test]
fn bad_rows_are_reported_with_their_line_and_the_run_goes_on() {
    let (_, _, new) = indexes();
    let dir = tempdir();
    let mut input = b"id,name,country\n".to_vec();
    input.extend_from_slice(b"ok1,\xec\x9c\xa4\xec\xa0\x95\xec\x8b\x9d,KP\n"); // 윤정식, line 2
    input.extend_from_slice(b"empty,,KP\n"); // line 3
    input.extend_from_slice(b"utf8,Kim \xff\xfe,KP\n"); // line 4
    input.extend_from_slice(b"many,A B,KP,extra\n"); // line 5
    input.extend_from_slice(b"few,A B\n"); // line 6
    input.extend_from_slice(format!("huge,{},KP\n", "x".repeat(70_000)).as_bytes()); // line 7
    input.extend_from_slice(b",No Id,KP\n"); // line 8
    input.extend_from_slice(b"ok2,Jane Doe,US\n"); // line 9
    let payroll = write(dir.path(), "bad.csv", &input);
    let audit = dir.path().join("audit.jsonl");
    let out = run(&[
        "screen",
        path(&payroll),
        "--index",
        path(new),
        "--audit-log",
        path(&audit),
    ]);
    let rows = jsonl(&ok(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let error_at = |line: u64| -> String {
        rows.iter()
            .find(|r| r["line"] == line)
            .and_then(|r| r["error"].as_str())
            .unwrap_or_else(|| panic!("no error for line {line}: {rows:?}"))
            .to_string()
    };
    assert_eq!(error_at(3), "empty name");
    assert!(error_at(4).contains("not valid UTF-8"));
    assert!(error_at(5).contains("4 fields, the header has 3"));
    assert!(error_at(6).contains("2 fields, the header has 3"));
    assert!(error_at(7).contains("longer than"));
    assert!(error_at(8).contains("empty or unreadable id"));
    // The good rows were screened, in order.
    let good: Vec<&str> = rows
        .iter()
        .filter(|r| r["matches"].is_array())
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(good, ["ok1", "ok2"]);
    assert!(stderr.contains("skipped line 4"), "{stderr}");
    assert!(stderr.contains("6 skipped"), "{stderr}");
    let record = audit_records(&audit).pop().unwrap();
    assert_eq!(
        (record["rows"].as_u64(), record["skipped"].as_u64()),
        (Some(8), Some(6))
    );
}

#[test]
fn unusable_inputs_and_outputs_fail_at_once() {
    let (_, _, new) = indexes();
    let dir = tempdir();
    let audit = dir.path().join("audit.jsonl");
    let payroll = write(dir.path(), "p.csv", b"id,name\n1,A B\n");
    let base = |extra: &[&str]| {
        let mut args = vec![
            "screen",
            "--index",
            path(new),
            "--audit-log",
            path(&audit),
            "--quiet",
        ];
        args.extend_from_slice(extra);
        run(&args)
    };
    let missing = base(&["/no/such/payroll.csv"]);
    assert_eq!(missing.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot open"));
    let unwritable = base(&[path(&payroll), "--output", "/no/such/dir/out.csv"]);
    assert_eq!(unwritable.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&unwritable.stderr).contains("cannot create"));
    let no_column = base(&[path(&payroll), "--email-column", "mail"]);
    assert_eq!(no_column.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&no_column.stderr).contains("--email-column"));
    let bad_accept = write(dir.path(), "accept.csv", b"payee,entity\n1,x\n");
    let refused = base(&[path(&payroll), "--accept", path(&bad_accept)]);
    assert_eq!(refused.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("payee_id"));
}

/// Ids of the results (screened or skipped), in output order.
fn result_ids(rows: &[Value]) -> Vec<String> {
    rows.iter()
        .map(|r| r["id"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn a_stray_quote_does_not_leave_the_rows_after_it_unscreened() {
    let (_, _, new) = indexes();
    let dir = tempdir();
    let audit = dir.path().join("audit.jsonl");
    let mut input = String::from("id,name\n");
    for i in 1..=10_000 {
        if i == 5 {
            input.push_str("5,\"O'Brien, Pat\n");
        } else {
            input.push_str(&format!("{i},Payee Number{i}\n"));
        }
    }
    let payroll = write(dir.path(), "sq.csv", input.as_bytes());
    let out = run(&[
        "screen",
        path(&payroll),
        "--index",
        path(new),
        "--audit-log",
        path(&audit),
    ]);
    let rows = jsonl(&ok(&out));
    let expected: Vec<String> = (1..=10_000).map(|i| i.to_string()).collect();
    assert_eq!(result_ids(&rows), expected);
    assert_eq!(rows[4]["name"], "O'Brien, Pat");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("lines 6-21: a quote opened on line 6"),
        "{stderr}"
    );
    assert!(
        stderr.contains("read 10000 lines after the header as 10000 rows"),
        "{stderr}"
    );
    let record = audit_records(&audit).pop().unwrap();
    assert_eq!(record["lines"], 10_001);
    assert_eq!(record["screened"], 10_000);
    assert_eq!(record["lines_read_together"], 1);

    // A well-formed multi-line field outside the screened columns stays one
    // row, and the summary says how many lines became how many rows.
    let multi = write(
        dir.path(),
        "multi.csv",
        b"id,name,address\n1,Jane Doe,\"12 Main St\nSeoul\"\n2,John Roe,x\n",
    );
    let out = run(&[
        "screen",
        path(&multi),
        "--index",
        path(new),
        "--audit-log",
        path(&audit),
    ]);
    assert_eq!(result_ids(&jsonl(&ok(&out))), ["1", "2"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("read 3 lines after the header as 2 rows"),
        "{stderr}"
    );
    assert!(stderr.contains("lines 2-3 read as one row"), "{stderr}");
}

#[test]
fn an_output_that_is_the_input_is_refused_and_a_failed_run_keeps_the_old_output() {
    let (_, _, new) = indexes();
    let dir = tempdir();
    let audit = dir.path().join("audit.jsonl");
    let text = b"id,name\n1,Jane Doe\n2,John Roe\n";
    let payroll = write(dir.path(), "p.csv", text);
    let link = dir.path().join("link.csv");
    std::fs::hard_link(&payroll, &link).unwrap();
    let dotted = dir.path().join(".").join("p.csv");
    for output in [&payroll, &dotted, &link] {
        let out = run(&[
            "screen",
            path(&payroll),
            "--index",
            path(new),
            "--audit-log",
            path(&audit),
            "-o",
            path(output),
        ]);
        assert_eq!(out.status.code(), Some(3), "{}", output.display());
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("is the input file"),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(std::fs::read(&payroll).unwrap(), text);
    }
    // A run that fails half-way (the input is unreadable) leaves the old
    // output as it was, and no temporary file behind.
    let results = write(dir.path(), "results.jsonl", b"earlier results\n");
    let unreadable = dir.path().join("a-folder");
    std::fs::create_dir(&unreadable).unwrap();
    let out = run(&[
        "screen",
        path(&unreadable),
        "--index",
        path(new),
        "--audit-log",
        path(&audit),
        "-o",
        path(&results),
    ]);
    assert!(!out.status.success());
    assert_eq!(std::fs::read(&results).unwrap(), b"earlier results\n");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.ends_with(".partial")), "{names:?}");
    // A run that succeeds replaces it.
    ok(&run(&[
        "screen",
        path(&payroll),
        "--index",
        path(new),
        "--audit-log",
        path(&audit),
        "-o",
        path(&results),
    ]));
    assert_eq!(jsonl(&std::fs::read_to_string(&results).unwrap()).len(), 2);
}

#[test]
fn every_destination_is_checked_before_any_is_touched() {
    let (_, _, new) = indexes();
    let dir = tempdir();
    let text = b"id,name\n1,Jane Doe\n";
    let payroll = write(dir.path(), "p.csv", text);
    let results = write(dir.path(), "results.jsonl", b"earlier results\n");
    let under_a_file = payroll.join("audit.jsonl");
    let out = run(&[
        "screen",
        path(&payroll),
        "--index",
        path(new),
        "--audit-log",
        path(&under_a_file),
        "-o",
        path(&results),
    ]);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(std::fs::read(&results).unwrap(), b"earlier results\n");
    for (log, what) in [(&payroll, "input"), (&results, "output")] {
        let out = run(&[
            "screen",
            path(&payroll),
            "--index",
            path(new),
            "--audit-log",
            path(log),
            "-o",
            path(&results),
        ]);
        assert_eq!(out.status.code(), Some(3));
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(&format!("is the {what} file")),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(std::fs::read(&payroll).unwrap(), text);
        assert_eq!(std::fs::read(&results).unwrap(), b"earlier results\n");
    }
}

/// Peak resident memory of a running process, in KiB (Linux).
fn peak_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn input_without_line_breaks_is_read_in_bounded_memory() {
    use std::io::Write;
    use std::process::Stdio;
    let (_, _, new) = indexes();
    let dir = tempdir();
    let audit = dir.path().join("audit.jsonl");
    // 256 MiB in one data line, then a good row.
    let mut child = bin()
        .args(["screen", "-", "--quiet", "--index", path(new)])
        .arg("--audit-log")
        .arg(&audit)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"id,name\n1,").unwrap();
    let block = vec![b'a'; 1 << 20];
    for _ in 0..256 {
        stdin.write_all(&block).unwrap();
    }
    let peak = peak_kib(child.id());
    stdin.write_all(b"\n2,Jane Doe\n").unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let rows = jsonl(&ok(&out));
    assert_eq!(rows.len(), 2);
    assert!(rows[0]["error"].as_str().unwrap().contains("longer than"));
    assert_eq!(rows[1]["id"], "2");
    let peak = peak.expect("/proc/<pid>/status");
    assert!(peak < 128 * 1024, "peak {peak} KiB for a 256 MiB line");

    // A header line without end fails at once.
    let mut child = bin()
        .args(["screen", "/dev/zero", "--quiet", "--index", path(new)])
        .arg("--audit-log")
        .arg(&audit)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > std::time::Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("screen /dev/zero still reading after 60 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(3));
}

#[test]
fn duplicate_ids_are_warned_and_error_texts_say_their_cause_once() {
    let (_, _, new) = indexes();
    let dir = tempdir();
    let audit = dir.path().join("audit.jsonl");
    let payroll = write(
        dir.path(),
        "p.csv",
        b"id,name\n7,Jane Doe\n8,John Roe\n7,Jan Doe\n",
    );
    let out = run(&[
        "screen",
        path(&payroll),
        "--index",
        path(new),
        "--audit-log",
        path(&audit),
    ]);
    assert_eq!(jsonl(&ok(&out)).len(), 3);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("line 4: id 7 is also on line 2"),
        "{stderr}"
    );
    assert_eq!(audit_records(&audit).pop().unwrap()["duplicate_id_rows"], 1);
    let full = run(&[
        "screen",
        path(&payroll),
        "--index",
        path(new),
        "--audit-log",
        path(&audit),
        "-o",
        "/dev/full",
    ]);
    assert!(!full.status.success());
    let stderr = String::from_utf8_lossy(&full.stderr);
    assert_eq!(stderr.matches("os error 28").count(), 1, "{stderr}");
}

#[test]
fn output_dash_is_stdout_not_a_file_named_dash() {
    let (_, _, new) = indexes();
    let dir = tempdir();
    let payroll = dir.path().join("payroll.csv");
    std::fs::write(&payroll, "id,name\n1,Jane Doe\n").unwrap();
    let out = bin()
        .current_dir(dir.path())
        .args([
            "screen",
            "payroll.csv",
            "--quiet",
            "--output",
            "-",
            "--index",
        ])
        .arg(std::fs::canonicalize(new).unwrap())
        .arg("--audit-log")
        .arg(dir.path().join("audit.jsonl"))
        .output()
        .unwrap();
    let rows = jsonl(&ok(&out));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["id"], "1");
    assert!(!dir.path().join("-").exists(), "a file named - was written");
}
