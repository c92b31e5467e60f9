//! Downloading the official list files named in `lists/MANIFEST.json`,
//! verifying each download with the parser `build` uses, and replacing a
//! snapshot only when its download verifies.
//!
//! ## What it promises
//!
//! - **Nothing is replaced unless it verifies.** A download goes to a hidden
//!   file beside its target (`un/.UN_consolidated.xml.part`, a name
//!   [`crate::lists::load_lists`] never reads), is flushed to disk, and is then
//!   read completely by the file's parser (from the manifest's `parser`). It is
//!   refused when the parser stops (not well-formed, truncated, wrong root), when
//!   it looks like an HTML page, when it has no records, when an `sdnList`
//!   header's `Record_Count` disagrees with the entries read, when a CSV ends in
//!   the middle of a row, or when it has more than [`MAX_LOSS_PERCENT`] % fewer
//!   records than the file it would replace (the last three unless
//!   [`Options::force`]).
//! - **OFAC's CSV sets are one unit.** `sdn.csv`, `alt.csv`, `add.csv` and
//!   `sdn_comments.csv` (and the `cons_*` set) are parsed together, as `build`
//!   reads them, and replaced together or not at all: a set whose alias file
//!   fails to download keeps all four old files, so the set never mixes dates
//!   more than it already did.
//! - **Atomic replacement.** A verified download is renamed over its target
//!   (one `rename`, so a reader sees the old file or the new one, never half of
//!   either) and the folder is synced. Once a list (a file, or a CSV set) is in
//!   place, `MANIFEST.json` is rewritten the same way (temp file, sync,
//!   rename) with each new file's sha256, size, `snapshot_date` (today, UTC),
//!   `copied_from` (the URL it came from) and `fetched_at`; every other field
//!   is kept. A fetch killed at any point leaves each file old or new and
//!   complete; only the manifest can lag behind the list being installed at
//!   that moment, and a CSV set killed between its renames (microseconds) is
//!   the one way a set can mix old and new files.
//! - **Curated files are left alone.** Entries whose `url` is `null` (the South
//!   Korean list, the registry of DPRK state bodies) are reported as curated by
//!   hand and never downloaded.
//! - **One fetch at a time** per lists folder (an advisory lock on the folder,
//!   released when the process ends however it ends).
//!
//! URLs: the manifest's, unless overridden per file ([`Options::urls`], then
//! the environment variable [`env_var_for`] names, then [`Options::base_url`]).

use crate::lists::format::{Format, Input, OFAC_LISTS};
use crate::lists::load::sha256_file;
use crate::lists::{ListError, ParseReport, Position, ofac_xml};
use crate::model::Source;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The manifest's file name inside a lists folder.
pub const MANIFEST: &str = "MANIFEST.json";

/// Largest download accepted (200 MiB; OFAC's `SDN_ADVANCED.XML`, the largest
/// official file, is about 130 MB).
pub const DEFAULT_MAX_BYTES: u64 = 200 * 1024 * 1024;

/// Default wait for a connection and for each read.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// A download with more than this share (in percent) fewer records than the
/// file it would replace is refused unless forced.
pub const MAX_LOSS_PERCENT: usize = 20;

/// No single download may take longer than this, however steadily it trickles.
const WHOLE_DOWNLOAD_LIMIT: Duration = Duration::from_secs(3600);

/// Prefix of the per-file URL environment variables (see [`env_var_for`]).
pub const ENV_PREFIX: &str = "SANCTIONDB_URL_";

/// What to fetch and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// The lists folder (with `MANIFEST.json`).
    pub lists: PathBuf,
    /// Only these sources (first folder of a manifest path); empty: all.
    pub only: Vec<Source>,
    /// Per-file URL overrides, keyed by manifest path (`un/UN_consolidated.xml`)
    /// or by a file name the manifest has once (`sdn.csv`).
    pub urls: BTreeMap<String, String>,
    /// Fetch every file from `BASE/<manifest path>` instead (a mirror).
    pub base_url: Option<String>,
    /// Wait for a connection and for each read.
    pub timeout: Duration,
    /// Largest download accepted, in bytes.
    pub max_bytes: u64,
    /// Accept a download that lost more than [`MAX_LOSS_PERCENT`] % of its
    /// records, whose header count disagrees, or whose CSV ends mid-row.
    pub force: bool,
}

impl Options {
    pub fn new(lists: impl Into<PathBuf>) -> Options {
        Options {
            lists: lists.into(),
            only: Vec::new(),
            urls: BTreeMap::new(),
            base_url: None,
            timeout: DEFAULT_TIMEOUT,
            max_bytes: DEFAULT_MAX_BYTES,
            force: false,
        }
    }
}

/// Why a fetch could not run at all (a single file's failure is a
/// [`FileOutcome`], not an error).
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{}: {source}", file.display())]
    Io {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: cannot write: {source}", file.display())]
    Write {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: not a manifest sanctiondb can read: {message}", file.display())]
    Manifest { file: PathBuf, message: String },
    /// A URL override names no file of the manifest, or a curated one.
    #[error("--url {key}: {message}")]
    BadOverride { key: String, message: String },
    #[error(
        "{}: another `sanctiondb fetch` is running on this lists folder; try again when it is done",
        dir.display()
    )]
    Busy { dir: PathBuf },
}

/// `lists/MANIFEST.json`. Known fields keep their order when written back;
/// unknown ones are kept too (after the known ones).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub defects: Option<Vec<String>>,
    pub files: Vec<ManifestEntry>,
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

/// One file of the manifest.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ManifestEntry {
    /// Relative to the lists folder, `/`-separated.
    pub path: String,
    /// The official download; `null` for curated files.
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
    /// Which parser reads the file (`un_xml`, `ofac_xml`, `ofac_csv_primary`, ...).
    pub parser: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copied_from: Option<String>,
    /// When `fetch` last replaced the file (RFC 3339, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fetched_at: Option<String>,
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

impl Manifest {
    pub fn read(path: &Path) -> Result<Manifest, FetchError> {
        let text = std::fs::read_to_string(path).map_err(|source| FetchError::Io {
            file: path.to_path_buf(),
            source,
        })?;
        serde_json::from_str(&text).map_err(|e| FetchError::Manifest {
            file: path.to_path_buf(),
            message: e.to_string(),
        })
    }

    /// The manifest as written to disk: two-space indented JSON and a newline,
    /// as `scripts/update-manifest.py` writes it.
    pub fn to_text(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// What happened to one manifest file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Downloaded, verified, and now the snapshot.
    Fetched,
    /// Downloaded; the same bytes as the snapshot.
    Unchanged,
    /// Downloaded but did not verify; the snapshot stays.
    Refused,
    /// Could not be downloaded (network, HTTP status, timeout, size); the
    /// snapshot stays.
    Failed,
    /// Not replaced because another file of its CSV set failed or was refused.
    Kept,
    /// Not fetched at all (curated by hand, no URL, no parser to verify it).
    Skipped,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Fetched => "fetched",
            Status::Unchanged => "unchanged",
            Status::Refused => "refused",
            Status::Failed => "failed",
            Status::Kept => "kept",
            Status::Skipped => "skipped",
        }
    }
}

/// One line of the fetch report.
#[derive(Debug, Clone, Serialize)]
pub struct FileOutcome {
    pub path: String,
    /// The URL used (after overrides).
    pub url: Option<String>,
    pub status: Status,
    /// Why it was refused, failed, kept or skipped; what `--force` let through.
    pub reason: Option<String>,
    /// Records in the download (entries for a list file, rows for a CSV
    /// alias, address or comments file).
    pub records: Option<usize>,
    /// Records in the file it replaces (or would have).
    pub previous_records: Option<usize>,
    /// Size and sha256 of the download.
    pub bytes: Option<u64>,
    pub sha256: Option<String>,
}

impl FileOutcome {
    fn new(path: &str, url: Option<&str>, status: Status) -> FileOutcome {
        FileOutcome {
            path: path.to_string(),
            url: url.map(str::to_string),
            status,
            reason: None,
            records: None,
            previous_records: None,
            bytes: None,
            sha256: None,
        }
    }

    fn because(mut self, reason: impl Into<String>) -> FileOutcome {
        self.reason = Some(reason.into());
        self
    }
}

/// Everything a fetch did, one outcome per manifest file in manifest order.
#[derive(Debug, Clone, Serialize)]
pub struct FetchReport {
    pub lists: PathBuf,
    pub files: Vec<FileOutcome>,
    /// Whether `MANIFEST.json` was rewritten (some file was replaced).
    pub manifest_updated: bool,
}

impl FetchReport {
    pub fn count(&self, status: Status) -> usize {
        self.files.iter().filter(|f| f.status == status).count()
    }

    /// Some list file was replaced: run `build` (then reload the server).
    pub fn changed(&self) -> bool {
        self.count(Status::Fetched) > 0
    }
}

/// The name of the environment variable that overrides one file's URL:
/// `SANCTIONDB_URL_` and the manifest path in capitals with every other
/// character `_` (`ofac/sdn.csv` -> `SANCTIONDB_URL_OFAC_SDN_CSV`).
pub fn env_var_for(path: &str) -> String {
    let key: String = path
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    format!("{ENV_PREFIX}{key}")
}

/// Downloads, verifies and installs every selected file of the manifest in
/// `opts.lists`.
pub fn fetch(opts: &Options) -> Result<FetchReport, FetchError> {
    let _lock = lock_folder(&opts.lists)?;
    let manifest_path = opts.lists.join(MANIFEST);
    let mut manifest = Manifest::read(&manifest_path)?;
    let overrides = resolve_overrides(&manifest, &opts.urls)?;
    let plan = plan(&manifest, opts, &overrides);
    let agent = agent(opts.timeout);
    let now = crate::clock::rfc3339_now();

    let today = now.get(..10).unwrap_or(&now).to_string();

    let mut outcomes: Vec<(usize, FileOutcome)> = plan.skipped;
    let mut manifest_updated = false;
    for group in &plan.groups {
        let done = run_group(group, opts, &agent);
        // The manifest follows each group at once, so a fetch killed later
        // leaves it describing every file already replaced.
        let mut replaced = false;
        for (entry, outcome) in &done {
            if outcome.status == Status::Fetched {
                let e = &mut manifest.files[*entry];
                e.sha256 = outcome.sha256.clone();
                e.bytes = outcome.bytes;
                e.snapshot_date = Some(today.clone());
                e.copied_from = outcome.url.clone();
                e.fetched_at = Some(now.clone());
                replaced = true;
            }
        }
        if replaced {
            write_atomically(&manifest_path, manifest.to_text().as_bytes())?;
            manifest_updated = true;
        }
        outcomes.extend(done);
    }
    outcomes.sort_by_key(|(entry, _)| *entry);
    Ok(FetchReport {
        lists: opts.lists.clone(),
        files: outcomes.into_iter().map(|(_, o)| o).collect(),
        manifest_updated,
    })
}

/// Holds an exclusive advisory lock on the lists folder while alive.
fn lock_folder(dir: &Path) -> Result<Option<File>, FetchError> {
    let io = |source| FetchError::Io {
        file: dir.to_path_buf(),
        source,
    };
    if !dir.is_dir() {
        return Err(io(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "the lists folder does not exist",
        )));
    }
    // Where a folder cannot be opened or locked (not Unix), go on unlocked.
    let Ok(handle) = File::open(dir) else {
        return Ok(None);
    };
    match handle.try_lock() {
        Ok(()) => Ok(Some(handle)),
        Err(std::fs::TryLockError::WouldBlock) => Err(FetchError::Busy {
            dir: dir.to_path_buf(),
        }),
        Err(std::fs::TryLockError::Error(_)) => Ok(None),
    }
}

/// `--url` keys turned into manifest paths, each checked.
fn resolve_overrides(
    manifest: &Manifest,
    urls: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>, FetchError> {
    let mut out = BTreeMap::new();
    for (key, url) in urls {
        let bad = |message: String| FetchError::BadOverride {
            key: key.clone(),
            message,
        };
        let by_path = manifest.files.iter().find(|e| e.path == *key);
        let by_name: Vec<&ManifestEntry> = manifest
            .files
            .iter()
            .filter(|e| file_name(&e.path).eq_ignore_ascii_case(key))
            .collect();
        let entry = match (by_path, by_name.as_slice()) {
            (Some(e), _) => e,
            (None, [e]) => *e,
            _ => {
                let known: Vec<&str> = manifest
                    .files
                    .iter()
                    .filter(|e| e.url.is_some())
                    .map(|e| e.path.as_str())
                    .collect();
                return Err(bad(format!(
                    "the manifest names no such file; use one of {}",
                    known.join(", ")
                )));
            }
        };
        if entry.url.is_none() {
            return Err(bad(format!(
                "{} is curated by hand and has no download; fetch leaves it alone",
                entry.path
            )));
        }
        check_url(url).map_err(bad)?;
        out.insert(entry.path.clone(), url.clone());
    }
    Ok(out)
}

fn check_url(url: &str) -> Result<(), String> {
    if url.starts_with("http://") || url.starts_with("https://") {
        Ok(())
    } else {
        Err(format!("{url:?} is not an http:// or https:// URL"))
    }
}

/// How a downloaded file is read to verify it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    UnXml,
    /// `sdnList` XML; the list name for the parser.
    OfacXml(&'static str),
    /// One file of an OFAC CSV set (the set in [`OFAC_LISTS`], the role in it).
    OfacCsv {
        set: usize,
        role: usize,
    },
}

/// A file to download (or, in a CSV set, to read as it is).
#[derive(Debug, Clone)]
struct Member {
    /// Index in the manifest's `files`.
    entry: usize,
    path: String,
    kind: Kind,
    /// `None`: not downloaded; the file on disk takes part as it is.
    url: Option<String>,
}

/// Files replaced together or not at all.
#[derive(Debug)]
struct Group {
    members: Vec<Member>,
}

struct Plan {
    groups: Vec<Group>,
    skipped: Vec<(usize, FileOutcome)>,
}

/// Decides, for every manifest file, whether and from where it is fetched.
fn plan(manifest: &Manifest, opts: &Options, overrides: &BTreeMap<String, String>) -> Plan {
    let mut groups: Vec<Group> = Vec::new();
    let mut sets: [Vec<Member>; 2] = [Vec::new(), Vec::new()];
    let mut skipped = Vec::new();
    for (i, e) in manifest.files.iter().enumerate() {
        let source = e.path.split('/').next().and_then(Source::parse);
        if !opts.only.is_empty() && !source.is_some_and(|s| opts.only.contains(&s)) {
            continue;
        }
        let Some(official) = e.url.as_deref() else {
            skipped.push((
                i,
                FileOutcome::new(&e.path, None, Status::Skipped).because(curated(opts, e)),
            ));
            continue;
        };
        let url = overrides
            .get(&e.path)
            .cloned()
            .or_else(|| std::env::var(env_var_for(&e.path)).ok())
            .or_else(|| {
                opts.base_url
                    .as_deref()
                    .map(|b| format!("{}/{}", b.trim_end_matches('/'), e.path))
            })
            .unwrap_or_else(|| official.to_string());
        let kind = match Format::of_parser(&e.parser) {
            Some(Format::UnXml) => Kind::UnXml,
            Some(Format::OfacXml) if is_sdn_xml(&e.path) => Kind::OfacXml(OFAC_LISTS[0].name),
            Some(Format::OfacXml) => Kind::OfacXml(OFAC_LISTS[1].name),
            Some(Format::OfacCsv) => match csv_role(&e.path) {
                Some((set, role)) => Kind::OfacCsv { set, role },
                None => {
                    skipped.push((
                        i,
                        FileOutcome::new(&e.path, Some(&url), Status::Skipped)
                            .because("not a file of an OFAC CSV set `build` reads; not downloaded"),
                    ));
                    continue;
                }
            },
            Some(Format::KrCsv | Format::DprkRegistry) | None => {
                let p = &e.parser;
                skipped.push((
                    i,
                    FileOutcome::new(&e.path, Some(&url), Status::Skipped)
                        .because(format!("no way to verify parser {p:?}; not downloaded")),
                ));
                continue;
            }
        };
        let member = Member {
            entry: i,
            path: e.path.clone(),
            kind,
            url: Some(url),
        };
        match kind {
            Kind::OfacCsv { set, .. } => sets[set].push(member),
            _ => groups.push(Group {
                members: vec![member],
            }),
        }
    }
    for members in sets {
        if let Some(set) = csv_group(members, &opts.lists) {
            groups.push(set);
        }
    }
    groups.sort_by_key(|g| g.members.iter().map(|m| m.entry).min());
    Plan { groups, skipped }
}

/// Why a file with no URL is not fetched.
fn curated(opts: &Options, e: &ManifestEntry) -> String {
    let folder = e.path.split('/').next().unwrap_or_default();
    let readme = format!("{folder}/README.md");
    let see = if opts.lists.join(&readme).is_file() {
        format!(" (see lists/{readme})")
    } else {
        String::new()
    };
    let what = Format::of_parser(&e.parser)
        .and_then(Format::curated)
        .unwrap_or("no official download; curated by hand");
    format!("{what}{see}; fetch leaves it alone")
}

fn is_sdn_xml(path: &str) -> bool {
    file_name(path).eq_ignore_ascii_case(OFAC_LISTS[0].xml[0])
}

fn csv_role(path: &str) -> Option<(usize, usize)> {
    OFAC_LISTS.iter().enumerate().find_map(|(set, list)| {
        list.csv
            .iter()
            .position(|f| f.eq_ignore_ascii_case(path))
            .map(|role| (set, role))
    })
}

/// A CSV set in role order, with the files the manifest does not download
/// taking part as they are on disk.
fn csv_group(mut members: Vec<Member>, lists: &Path) -> Option<Group> {
    let first = members.first()?;
    let Kind::OfacCsv { set, .. } = first.kind else {
        return None;
    };
    for (role, path) in OFAC_LISTS[set].csv.iter().enumerate() {
        let present = members
            .iter()
            .any(|m| matches!(m.kind, Kind::OfacCsv { role: r, .. } if r == role));
        if !present && lists.join(path).is_file() {
            members.push(Member {
                entry: usize::MAX,
                path: path.to_string(),
                kind: Kind::OfacCsv { set, role },
                url: None,
            });
        }
    }
    members.sort_by_key(|m| match m.kind {
        Kind::OfacCsv { role, .. } => role,
        _ => 0,
    });
    Some(Group { members })
}

fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_resolve(Some(timeout))
        .timeout_connect(Some(timeout))
        .timeout_per_read(Some(timeout))
        .timeout_per_write(Some(timeout))
        .timeout_global(Some(WHOLE_DOWNLOAD_LIMIT))
        .user_agent(format!(
            "sanctiondb/{} (list fetch)",
            env!("CARGO_PKG_VERSION")
        ))
        .build()
        .into()
}

/// Where a file's download is kept until it verifies: hidden, beside the
/// target, ending `.part` (so never `*.xml` or a CSV name `build` reads).
pub fn part_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.part"))
}

/// A download that arrived, before verification.
struct Downloaded {
    part: PathBuf,
    sha256: String,
    bytes: u64,
    /// Same bytes as the file on disk.
    unchanged: bool,
}

/// Downloads, verifies and installs one group; one outcome per manifest file
/// of the group.
fn run_group(group: &Group, opts: &Options, agent: &ureq::Agent) -> Vec<(usize, FileOutcome)> {
    let mut results: Vec<Option<FileOutcome>> = vec![None; group.members.len()];
    let mut downloads: Vec<Option<Downloaded>> = Vec::new();
    let mut failure: Option<String> = None;
    for (k, m) in group.members.iter().enumerate() {
        let Some(url) = m.url.as_deref() else {
            downloads.push(None);
            continue;
        };
        if failure.is_some() {
            downloads.push(None);
            continue;
        }
        let target = opts.lists.join(&m.path);
        match download(agent, url, &target, opts) {
            Ok(d) => downloads.push(Some(d)),
            Err(reason) => {
                results[k] =
                    Some(FileOutcome::new(&m.path, Some(url), Status::Failed).because(reason));
                failure = Some(format!("{} failed to download", m.path));
                downloads.push(None);
            }
        }
    }

    let verdict = match &failure {
        Some(why) => Err(why.clone()),
        None => verify_group(group, &downloads, opts, &mut results),
    };
    let mut install_error = None;
    if verdict.is_ok() {
        install_error = install(group, &downloads, opts).err();
    }
    for d in downloads.iter().flatten() {
        let _ = std::fs::remove_file(&d.part);
    }

    let mut out = Vec::new();
    for (k, m) in group.members.iter().enumerate() {
        if m.url.is_none() {
            continue;
        }
        let outcome = match (results[k].take(), &downloads[k], &verdict, &install_error) {
            (Some(mut o), d, _, _) if matches!(o.status, Status::Failed | Status::Refused) => {
                if let Some(d) = d {
                    o.bytes = Some(d.bytes);
                    o.sha256 = Some(d.sha256.clone());
                }
                o
            }
            (_, _, Err(why), _) => FileOutcome::new(&m.path, m.url.as_deref(), Status::Kept)
                .because(format!("the CSV set is replaced as a whole and {why}")),
            (_, _, Ok(()), Some(e)) => FileOutcome::new(&m.path, m.url.as_deref(), Status::Failed)
                .because(format!("cannot install the download: {e}")),
            (o, Some(d), Ok(()), None) => {
                let mut o = o.unwrap_or_else(|| {
                    FileOutcome::new(&m.path, m.url.as_deref(), Status::Fetched)
                });
                o.status = if d.unchanged {
                    Status::Unchanged
                } else {
                    Status::Fetched
                };
                o.bytes = Some(d.bytes);
                o.sha256 = Some(d.sha256.clone());
                o
            }
            (_, None, Ok(()), None) => {
                FileOutcome::new(&m.path, m.url.as_deref(), Status::Failed).because("no download")
            }
        };
        out.push((m.entry, outcome));
    }
    out
}

/// Streams `url` into the part file beside `target`, hashing it; at most
/// `max_bytes`. The part file is removed again on failure.
fn download(
    agent: &ureq::Agent,
    url: &str,
    target: &Path,
    opts: &Options,
) -> Result<Downloaded, String> {
    let part = part_path(target);
    let result = download_to(agent, url, &part, opts);
    let (sha256, bytes) = match result {
        Ok(v) => v,
        Err(e) => {
            let _ = std::fs::remove_file(&part);
            return Err(e);
        }
    };
    let unchanged = target.is_file()
        && sha256_file(target).is_ok_and(|(current, size)| current == sha256 && size == bytes);
    Ok(Downloaded {
        part,
        sha256,
        bytes,
        unchanged,
    })
}

fn download_to(
    agent: &ureq::Agent,
    url: &str,
    part: &Path,
    opts: &Options,
) -> Result<(String, u64), String> {
    let max_bytes = opts.max_bytes;
    let response = agent.get(url).call().map_err(|e| http_error(&e, opts))?;
    let mut body = response
        .into_body()
        .into_with_config()
        .limit(max_bytes)
        .reader();
    if let Some(dir) = part.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let file = File::create(part).map_err(|e| format!("cannot write {}: {e}", part.display()))?;
    let mut out = HashingWriter {
        inner: std::io::BufWriter::with_capacity(1 << 16, file),
        hasher: Sha256::new(),
        bytes: 0,
    };
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = match body.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                return Err(format!(
                    "download cut off after {} bytes: {}",
                    out.bytes,
                    io_error_text(&e, opts)
                ));
            }
        };
        out.write_all(&buf[..n])
            .map_err(|e| format!("cannot write {}: {e}", part.display()))?;
    }
    let HashingWriter {
        inner,
        hasher,
        bytes,
    } = out;
    let file = inner
        .into_inner()
        .map_err(|e| format!("cannot write {}: {}", part.display(), e.error()))?;
    file.sync_all()
        .map_err(|e| format!("cannot write {}: {e}", part.display()))?;
    if bytes == 0 {
        return Err("the server sent an empty file".into());
    }
    Ok((hex::encode(hasher.finalize()), bytes))
}

struct HashingWriter<W: Write> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn http_error(e: &ureq::Error, opts: &Options) -> String {
    match e {
        ureq::Error::StatusCode(code) => {
            let reason = ureq::http::StatusCode::from_u16(*code)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or("");
            format!("HTTP {code} {reason}").trim_end().to_string()
        }
        ureq::Error::Timeout(ureq::Timeout::Global) => format!(
            "timed out: the download took longer than {} s",
            WHOLE_DOWNLOAD_LIMIT.as_secs()
        ),
        ureq::Error::Timeout(t) => format!(
            "timed out: no answer within {} s ({t})",
            opts.timeout.as_secs_f64()
        ),
        ureq::Error::BodyExceedsLimit(_) => {
            format!("larger than the {}-byte limit", opts.max_bytes)
        }
        other => other.to_string(),
    }
}

fn io_error_text(e: &std::io::Error, opts: &Options) -> String {
    if let Some(inner) = e.get_ref().and_then(|i| i.downcast_ref::<ureq::Error>()) {
        return http_error(inner, opts);
    }
    match e.kind() {
        std::io::ErrorKind::UnexpectedEof => {
            "the connection closed before the whole file arrived".into()
        }
        _ => e.to_string(),
    }
}

/// Verifies a group as it would be after installing its downloads. Fills the
/// records of each downloaded member's outcome; a refusal is recorded on the
/// member it concerns and returned as the reason the others are kept.
fn verify_group(
    group: &Group,
    downloads: &[Option<Downloaded>],
    opts: &Options,
    results: &mut [Option<FileOutcome>],
) -> Result<(), String> {
    let current: Vec<Option<PathBuf>> = group
        .members
        .iter()
        .map(|m| Some(opts.lists.join(&m.path)).filter(|p| p.is_file()))
        .collect();
    let after: Vec<Option<PathBuf>> = group
        .members
        .iter()
        .zip(downloads)
        .zip(&current)
        .map(|((_, d), cur)| match d {
            Some(d) if !d.unchanged => Some(d.part.clone()),
            _ => cur.clone(),
        })
        .collect();
    if downloads.iter().flatten().all(|d| d.unchanged) {
        return Ok(());
    }
    let labels = |p: &Path| -> String {
        group
            .members
            .iter()
            .zip(downloads)
            .find(|(m, d)| d.as_ref().is_some_and(|d| d.part == p) || opts.lists.join(&m.path) == p)
            .map(|(m, _)| m.path.clone())
            .unwrap_or_else(|| p.display().to_string())
    };
    let refuse = |results: &mut [Option<FileOutcome>], k: usize, reason: String| -> String {
        let m = &group.members[k];
        let path = m.path.clone();
        results[k] =
            Some(FileOutcome::new(&m.path, m.url.as_deref(), Status::Refused).because(reason));
        format!("{path} was refused")
    };

    // Cheap checks on each new file first: what it looks like, how it ends.
    let mut forced: Vec<(usize, String)> = Vec::new();
    for (k, (m, d)) in group.members.iter().zip(downloads).enumerate() {
        let Some(d) = d.as_ref().filter(|d| !d.unchanged) else {
            continue;
        };
        if let Err(why) = sniff(&d.part, m.kind) {
            return Err(refuse(results, k, why));
        }
        if let Err(why) = csv_ends_with_a_row(&d.part, m.kind) {
            if !opts.force {
                return Err(refuse(results, k, format!("{why}; --force to accept it")));
            }
            forced.push((k, why));
        }
    }

    // The parser on the whole group, as `build` will read it.
    let new_counts = match count_records(group, &after, &opts.lists) {
        Ok(c) => c,
        Err(e) => {
            let (path, text) = describe_list_error(&e, &labels);
            let k = group
                .members
                .iter()
                .position(|m| m.path == path)
                .unwrap_or(0);
            return Err(refuse(results, k, text));
        }
    };
    let old_counts = if current.iter().any(Option::is_some) {
        count_records(group, &current, &opts.lists).ok()
    } else {
        None
    };

    for (k, (m, d)) in group.members.iter().zip(downloads).enumerate() {
        let Some(d) = d.as_ref().filter(|d| !d.unchanged) else {
            continue;
        };
        let Some(count) = new_counts[k] else {
            return Err(refuse(results, k, "the parser did not read it".to_string()));
        };
        let records = count.records;
        let previous = old_counts.as_ref().and_then(|c| c[k]).map(|c| c.records);
        let record_bearing = !matches!(m.kind, Kind::OfacCsv { role, .. } if role > 0);
        if record_bearing && records == 0 {
            return Err(refuse(
                results,
                k,
                "the file parses but holds no records".to_string(),
            ));
        }
        if let Kind::OfacXml(_) = m.kind
            && let Err(why) = header_count_matches(&d.part, count.entries)
        {
            if !opts.force {
                return Err(refuse(results, k, format!("{why}; --force to accept it")));
            }
            forced.push((k, why));
        }
        if let Some(prev) = previous
            && lost_too_many(prev, records)
        {
            let why = format!(
                "{records} records, {} fewer than the {prev} of the current file \
                 (more than {MAX_LOSS_PERCENT}% lost)",
                prev - records
            );
            if !opts.force {
                return Err(refuse(results, k, format!("{why}; --force to accept it")));
            }
            forced.push((k, why));
        }
        let mut o = FileOutcome::new(&m.path, m.url.as_deref(), Status::Fetched);
        o.records = Some(records);
        o.previous_records = previous;
        results[k] = Some(o);
    }
    for (k, why) in forced {
        if let Some(o) = results[k].as_mut() {
            o.reason = Some(match o.reason.take() {
                Some(r) => format!("{r}; accepted with --force: {why}"),
                None => format!("accepted with --force: {why}"),
            });
        }
    }
    Ok(())
}

/// More than [`MAX_LOSS_PERCENT`] % fewer records.
fn lost_too_many(previous: usize, records: usize) -> bool {
    records * 100 < previous * (100 - MAX_LOSS_PERCENT)
}

/// An HTML page (a server's error or login page sent with 200) or a file of
/// the wrong kind, told from its first bytes.
fn sniff(path: &Path, kind: Kind) -> Result<(), String> {
    let mut head = [0u8; 512];
    let n = File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| format!("cannot read the download: {e}"))?;
    let text = String::from_utf8_lossy(&head[..n]);
    let start = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .to_ascii_lowercase();
    if start.starts_with("<!doctype html") || start.starts_with("<html") {
        return Err("the server sent an HTML page, not the list file".into());
    }
    match kind {
        Kind::UnXml | Kind::OfacXml(_) if !start.starts_with('<') => {
            Err("not XML (the file does not start with `<`)".into())
        }
        Kind::OfacCsv { .. } if start.starts_with('<') => {
            Err("not CSV (the file starts with `<`: XML or HTML)".into())
        }
        _ => Ok(()),
    }
}

/// OFAC's CSV files end every row with CRLF and the file with `\x1a`; a file
/// ending otherwise was cut in the middle of a row.
fn csv_ends_with_a_row(path: &Path, kind: Kind) -> Result<(), String> {
    if !matches!(kind, Kind::OfacCsv { .. }) {
        return Ok(());
    }
    let mut f = File::open(path).map_err(|e| format!("cannot read the download: {e}"))?;
    let mut last = [0u8; 1];
    f.seek(SeekFrom::End(-1))
        .and_then(|_| f.read_exact(&mut last))
        .map_err(|e| format!("cannot read the download: {e}"))?;
    match last[0] {
        b'\n' | 0x1a => Ok(()),
        _ => Err("the file ends in the middle of a row (truncated download?)".into()),
    }
}

/// `Record_Count` in an `sdnList` header against the entries read.
fn header_count_matches(path: &Path, entries: usize) -> Result<(), String> {
    match ofac_xml::publish_info(path) {
        Ok((_, Some(n))) if n != entries => Err(format!(
            "the header's Record_Count says {n} but the file has {entries} entries"
        )),
        _ => Ok(()),
    }
}

/// What the parser read from one file.
#[derive(Debug, Clone, Copy)]
struct Count {
    /// Records read (entries for a list file, rows for a CSV alias, address
    /// or comments file).
    records: usize,
    /// Records read plus those skipped (what an `sdnList` header counts).
    entries: usize,
}

impl Count {
    fn of(report: &ParseReport) -> Count {
        Count {
            records: report.records,
            entries: report.records + report.skipped.len(),
        }
    }
}

/// Records per member, read the way `build` reads them; `paths[k]` is the
/// file standing for member `k` (`None`: absent).
fn count_records(
    group: &Group,
    paths: &[Option<PathBuf>],
    lists: &Path,
) -> Result<Vec<Option<Count>>, ListError> {
    let mut counts = vec![None; group.members.len()];
    let first = &group.members[0];
    match first.kind {
        Kind::UnXml | Kind::OfacXml(_) => {
            let (format, list) = match first.kind {
                Kind::OfacXml(list) => (Format::OfacXml, list),
                _ => (Format::UnXml, ""),
            };
            if let Some(p) = &paths[0] {
                let mut report = ParseReport::new(&first.path);
                format.parse(&[Some(Input::File(p))], list, &first.path, &mut report)?;
                counts[0] = Some(Count::of(&report));
            }
        }
        Kind::OfacCsv { set, .. } => {
            let role_of = |k: usize| match group.members[k].kind {
                Kind::OfacCsv { role, .. } => role,
                _ => usize::MAX,
            };
            let by_role = |role: usize| -> Option<&Path> {
                (0..group.members.len())
                    .find(|&k| role_of(k) == role)
                    .and_then(|k| paths[k].as_deref())
            };
            let (list, files) = (OFAC_LISTS[set].name, &OFAC_LISTS[set].csv);
            if by_role(0).is_none() {
                return Err(ListError::Missing {
                    file: lists.join(files[0]),
                    message: format!("the {list} primary file is missing"),
                });
            }
            let inputs = [0, 1, 2, 3].map(|role| by_role(role).map(Input::File));
            let mut report = ParseReport::new(files[0]);
            Format::OfacCsv.parse(&inputs, list, files[0], &mut report)?;
            for k in 0..group.members.len() {
                counts[k] = match (role_of(k), &paths[k]) {
                    (0, Some(_)) => Some(Count::of(&report)),
                    (_, Some(p)) => {
                        let rows = count_csv_rows(p)?;
                        Some(Count {
                            records: rows,
                            entries: rows,
                        })
                    }
                    (_, None) => None,
                };
            }
        }
    }
    Ok(counts)
}

/// Rows of an OFAC CSV file whose first field is a number (how the list's
/// own counts are taken).
fn count_csv_rows(path: &Path) -> Result<usize, ListError> {
    let file = File::open(path).map_err(|source| ListError::Io {
        file: path.to_path_buf(),
        source,
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_reader(std::io::BufReader::new(file));
    let mut record = csv::ByteRecord::new();
    let mut rows = 0;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                return Err(ListError::Malformed {
                    file: path.to_path_buf(),
                    position: e.position().map_or(Position::end(), Position::from),
                    message: e.to_string(),
                });
            }
        }
        let first = record.get(0).unwrap_or_default();
        let first = String::from_utf8_lossy(first);
        if first.trim().parse::<u64>().is_ok() {
            rows += 1;
        }
    }
    Ok(rows)
}

/// A parser's error about a downloaded file, told about the file it stands
/// for (the part file's name means nothing to a user).
fn describe_list_error(e: &ListError, label: &dyn Fn(&Path) -> String) -> (String, String) {
    match e {
        ListError::Io { file, source } => (label(file), format!("cannot read: {source}")),
        ListError::Malformed {
            file,
            position,
            message,
        } => (
            label(file),
            format!("does not parse: malformed at {position}: {message}"),
        ),
        ListError::Inconsistent {
            file,
            record,
            message,
        } => (
            label(file),
            format!("does not parse: malformed at {record}: {message}"),
        ),
        ListError::Missing { file, message } => (label(file), message.clone()),
    }
}

/// Renames each changed download over its target and syncs the folders.
fn install(group: &Group, downloads: &[Option<Downloaded>], opts: &Options) -> std::io::Result<()> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    for (m, d) in group.members.iter().zip(downloads) {
        let Some(d) = d.as_ref().filter(|d| !d.unchanged) else {
            continue;
        };
        let target = opts.lists.join(&m.path);
        std::fs::rename(&d.part, &target)?;
        if let Some(dir) = target.parent()
            && !dirs.iter().any(|x| x == dir)
        {
            dirs.push(dir.to_path_buf());
        }
    }
    for dir in dirs {
        sync_dir(&dir);
    }
    Ok(())
}

/// Writes `bytes` to `path` through a hidden part file: written, synced,
/// renamed, the folder synced.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), FetchError> {
    let part = part_path(path);
    let io = |source| FetchError::Write {
        file: path.to_path_buf(),
        source,
    };
    let result = File::create(&part)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
        .and_then(|()| std::fs::rename(&part, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&part);
        return Err(io(e));
    }
    if let Some(dir) = path.parent() {
        sync_dir(dir);
    }
    Ok(())
}

/// Makes a rename in `dir` durable (best effort: not every platform can open
/// a folder).
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped_manifest_text() -> String {
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("lists/MANIFEST.json"))
            .expect("read lists/MANIFEST.json")
    }

    #[test]
    fn the_shipped_manifest_is_written_back_byte_for_byte() {
        let text = shipped_manifest_text();
        let manifest: Manifest = serde_json::from_str(&text).expect("parse the manifest");
        assert_eq!(manifest.to_text(), text);
    }

    #[test]
    fn env_var_names_follow_the_manifest_path() {
        assert_eq!(
            env_var_for("un/UN_consolidated.xml"),
            "SANCTIONDB_URL_UN_UN_CONSOLIDATED_XML"
        );
        assert_eq!(env_var_for("ofac/sdn.csv"), "SANCTIONDB_URL_OFAC_SDN_CSV");
    }

    #[test]
    fn part_files_are_hidden_and_never_end_in_a_list_extension() {
        let p = part_path(Path::new("lists/un/UN_consolidated.xml"));
        assert_eq!(p, Path::new("lists/un/.UN_consolidated.xml.part"));
        assert_ne!(p.extension().and_then(|e| e.to_str()), Some("xml"));
    }

    #[test]
    fn the_loss_rule_allows_20_percent_and_no_more() {
        assert!(!lost_too_many(1000, 800));
        assert!(lost_too_many(1000, 799));
        assert!(!lost_too_many(1000, 5000));
        assert!(lost_too_many(10, 0));
    }

    #[test]
    fn url_overrides_name_a_manifest_path_or_a_unique_file_name() {
        let manifest: Manifest =
            serde_json::from_str(&shipped_manifest_text()).expect("parse the manifest");
        let urls = |k: &str| BTreeMap::from([(k.to_string(), "http://x/y".to_string())]);
        let got = resolve_overrides(&manifest, &urls("sdn.csv")).expect("sdn.csv is one file");
        assert!(got.contains_key("ofac/sdn.csv"));
        let got = resolve_overrides(&manifest, &urls("un/UN_consolidated.xml")).expect("a path");
        assert!(got.contains_key("un/UN_consolidated.xml"));
        for bad in ["nope.csv", "kr/designations.csv"] {
            assert!(resolve_overrides(&manifest, &urls(bad)).is_err(), "{bad}");
        }
        let not_http = BTreeMap::from([("sdn.csv".to_string(), "ftp://x".to_string())]);
        assert!(resolve_overrides(&manifest, &not_http).is_err());
    }

    #[test]
    fn csv_files_are_grouped_into_the_sets_build_reads() {
        assert_eq!(csv_role("ofac/alt.csv"), Some((0, 1)));
        assert_eq!(csv_role("ofac/cons_comments.csv"), Some((1, 3)));
        assert_eq!(csv_role("ofac/other.csv"), None);
    }

    #[test]
    fn sniffing_tells_html_and_wrong_formats_apart() {
        let dir = tempfile::tempdir().expect("temp dir");
        let write = |name: &str, body: &str| {
            let p = dir.path().join(name);
            std::fs::write(&p, body).expect("write");
            p
        };
        let html = write(
            "a",
            "\n<!DOCTYPE html><html><body>Service Unavailable</body></html>",
        );
        assert!(sniff(&html, Kind::UnXml).unwrap_err().contains("HTML"));
        let csv = write("b", "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\"\r\n");
        assert!(sniff(&csv, Kind::UnXml).is_err());
        assert!(sniff(&csv, Kind::OfacCsv { set: 0, role: 0 }).is_ok());
        let xml = write("c", "<?xml version=\"1.0\"?><CONSOLIDATED_LIST/>");
        assert!(sniff(&xml, Kind::OfacCsv { set: 0, role: 0 }).is_err());
        assert!(csv_ends_with_a_row(&csv, Kind::OfacCsv { set: 0, role: 0 }).is_ok());
        let cut = write("d", "36,\"AEROCARIBBEAN AIR");
        assert!(csv_ends_with_a_row(&cut, Kind::OfacCsv { set: 0, role: 0 }).is_err());
    }

    /// Serves `body` once on a loopback port with a correct Content-Length.
    fn serve_once(body: Vec<u8>) -> String {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr");
        std::thread::spawn(move || {
            if let Ok((mut stream, _)) = listener.accept() {
                let mut head = [0u8; 4096];
                let _ = stream.read(&mut head);
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(&body);
            }
        });
        format!("http://{addr}/file")
    }

    #[test]
    fn a_download_over_the_size_limit_is_cut_off_and_removed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = serve_once(vec![b'x'; 64 * 1024]);
        let mut opts = Options::new(dir.path());
        opts.max_bytes = 1000;
        opts.timeout = Duration::from_secs(5);
        let target = dir.path().join("big.xml");
        let err = download(&agent(opts.timeout), &url, &target, &opts)
            .err()
            .expect("refused");
        assert!(err.contains("larger than the 1000-byte limit"), "{err}");
        assert!(!part_path(&target).exists());
    }

    #[test]
    fn a_second_fetch_on_the_same_folder_is_told_one_is_running() {
        let dir = tempfile::tempdir().expect("temp dir");
        let held = lock_folder(dir.path()).expect("first lock");
        assert!(held.is_some(), "folders can be locked here");
        assert!(matches!(
            lock_folder(dir.path()),
            Err(FetchError::Busy { .. })
        ));
        drop(held);
        assert!(lock_folder(dir.path()).is_ok());
    }
}
