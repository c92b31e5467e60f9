//! `sanctiondb fetch`

use super::{Exit, UserError, write_stdout};
use sanctiondb::lists::fetch::{self, FetchError, FetchReport, Options, Status};
use sanctiondb::model::Source;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

const AFTER_HELP: &str = "\
Every download is verified before it replaces anything: it must parse completely with the
parser `build` uses, hold records, not be an HTML page, and not have lost more than 20% of
the records of the file it replaces (--force accepts that, an sdnList header count that
disagrees, and a CSV that ends mid-row). OFAC's CSV sets (sdn.csv, alt.csv, add.csv,
sdn_comments.csv; the cons_* set) are verified and replaced together. A verified file is
renamed into place and MANIFEST.json rewritten (sha256, bytes, snapshot_date, copied_from,
fetched_at); a failed or refused download keeps the previous snapshot. Files the manifest
gives no URL (kr/designations.csv, dprk/bodies.csv) are curated by hand and left alone.

URLs, first found wins, per manifest file:
  --url FILE=URL                      FILE: manifest path (ofac/sdn.csv) or file name (sdn.csv)
  $SANCTIONDB_URL_<PATH>              the manifest path in capitals, other characters `_`:
                                        SANCTIONDB_URL_UN_UN_CONSOLIDATED_XML
                                        SANCTIONDB_URL_OFAC_SDN_CSV, ..._OFAC_ALT_CSV,
                                        ..._OFAC_ADD_CSV, ..._OFAC_SDN_COMMENTS_CSV
                                        SANCTIONDB_URL_OFAC_CONSOLIDATED_XML
                                        SANCTIONDB_URL_OFAC_CONS_PRIM_CSV, ...
  --base-url BASE                     BASE/<manifest path> (a mirror of the lists folder)
  the manifest's `url`

Exit codes:
  0   every selected file fetched and verified, or unchanged
  2   bad flags (an unknown --url file, a URL that is not http(s))
  3   no lists folder, or a MANIFEST.json that cannot be read
  7   a download failed (network, HTTP error, timeout, too large) or another fetch is
      running; those files keep their previous snapshot, the others were updated
  8   a download was refused by verification (it takes precedence over 7); that file
      (its whole CSV set) keeps its previous snapshot, the others were updated
  1   unexpected failure (e.g. the lists folder cannot be written)

Then: `sanctiondb build --lists DIR --index INDEX`, and `POST /admin/reload` (or SIGHUP)
to a server reading INDEX. scripts/fetch-lists.sh does the fetch and says so.";

/// `--only` values: the sources that have official downloads.
#[derive(Clone, Copy, clap::ValueEnum)]
enum OnlySource {
    Un,
    Ofac,
}

#[derive(clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The lists folder (MANIFEST.json, un/, ofac/ inside).
    #[arg(long, default_value = "lists")]
    lists: PathBuf,
    /// Only these sources (repeat the flag or separate with commas).
    #[arg(long, value_enum, value_delimiter = ',')]
    only: Vec<OnlySource>,
    /// Download FILE from URL instead (repeatable); see the URLs below.
    #[arg(long = "url", value_name = "FILE=URL", value_parser = parse_override)]
    urls: Vec<(String, String)>,
    /// Download every file from BASE/<manifest path>.
    #[arg(long, value_name = "BASE")]
    base_url: Option<String>,
    /// Seconds to wait for a connection and for each read.
    #[arg(long, value_name = "SECS", default_value_t = 60,
          value_parser = clap::value_parser!(u64).range(1..))]
    timeout: u64,
    /// Accept a download that lost more than 20% of its records, whose
    /// sdnList Record_Count disagrees, or whose CSV ends mid-row.
    #[arg(long)]
    force: bool,
    /// Print the report as JSON on stdout.
    #[arg(long)]
    json: bool,
}

fn parse_override(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((file, url)) if !file.trim().is_empty() && !url.trim().is_empty() => {
            Ok((file.trim().to_string(), url.trim().to_string()))
        }
        _ => Err(format!(
            "{s:?}: write FILE=URL, e.g. ofac/sdn.csv=https://mirror.example/sdn.csv"
        )),
    }
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let mut opts = Options::new(&a.lists);
    opts.only = a
        .only
        .iter()
        .map(|s| match s {
            OnlySource::Un => Source::Un,
            OnlySource::Ofac => Source::Ofac,
        })
        .collect();
    opts.urls = a.urls.into_iter().collect::<BTreeMap<_, _>>();
    opts.base_url = a.base_url;
    opts.timeout = Duration::from_secs(a.timeout);
    opts.force = a.force;
    if let Some(base) = &opts.base_url
        && !(base.starts_with("http://") || base.starts_with("https://"))
    {
        eprintln!("sanctiondb: error: --base-url {base:?} is not an http:// or https:// URL");
        return Ok(ExitCode::from(2));
    }

    let report = match fetch::fetch(&opts) {
        Ok(r) => r,
        Err(e @ FetchError::BadOverride { .. }) => {
            eprintln!("sanctiondb: error: {e}");
            return Ok(ExitCode::from(2));
        }
        Err(e @ FetchError::Busy { .. }) => {
            eprintln!("sanctiondb: error: {e}");
            return Ok(ExitCode::from(Exit::FetchFailed));
        }
        Err(e @ (FetchError::Manifest { .. } | FetchError::Io { .. })) => {
            return Err(UserError::Input(e.to_string()).into());
        }
        Err(e) => return Err(e.into()),
    };
    let code = exit_code(&report);
    if a.json {
        let v = JsonReport {
            lists: &report.lists,
            changed: report.changed(),
            manifest_updated: report.manifest_updated,
            exit_code: code,
            files: &report.files,
        };
        write_stdout(&format!("{}\n", serde_json::to_string_pretty(&v)?))?;
    } else {
        write_stdout(&text_report(&report, &a.lists))?;
    }
    if code != 0 {
        let troubled: Vec<&str> = report
            .files
            .iter()
            .filter(|f| matches!(f.status, Status::Refused | Status::Failed | Status::Kept))
            .map(|f| f.path.as_str())
            .collect();
        eprintln!(
            "sanctiondb: {} refused, {} failed; the previous snapshot stays for {}",
            report.count(Status::Refused),
            report.count(Status::Failed),
            troubled.join(", ")
        );
    }
    Ok(ExitCode::from(code))
}

/// `--json` output, fields in this order.
#[derive(serde::Serialize)]
struct JsonReport<'a> {
    lists: &'a std::path::Path,
    /// Some file was replaced: run `build`.
    changed: bool,
    manifest_updated: bool,
    exit_code: u8,
    files: &'a [sanctiondb::lists::fetch::FileOutcome],
}

fn exit_code(report: &FetchReport) -> u8 {
    if report.count(Status::Refused) > 0 {
        Exit::FetchRefused.code()
    } else if report.count(Status::Failed) > 0 {
        Exit::FetchFailed.code()
    } else {
        0
    }
}

/// One line per file, then a summary and what to do next.
fn text_report(report: &FetchReport, lists: &std::path::Path) -> String {
    let mut out = String::new();
    for f in &report.files {
        let detail = match f.status {
            Status::Fetched => {
                let mut d = format!(
                    "fetched, {} records{}, {} bytes",
                    f.records.map_or_else(|| "?".into(), |n| n.to_string()),
                    f.previous_records
                        .map_or_else(String::new, |n| format!(" (was {n})")),
                    f.bytes.unwrap_or(0)
                );
                if let Some(r) = &f.reason {
                    d.push_str(&format!("; {r}"));
                }
                d
            }
            Status::Unchanged => "unchanged".to_string(),
            s => format!(
                "{}: {}",
                s.as_str(),
                f.reason.as_deref().unwrap_or("no reason given")
            ),
        };
        out.push_str(&format!("{}: {detail}\n", f.path));
    }
    out.push_str(&format!(
        "{} fetched, {} unchanged, {} refused, {} failed, {} kept, {} skipped",
        report.count(Status::Fetched),
        report.count(Status::Unchanged),
        report.count(Status::Refused),
        report.count(Status::Failed),
        report.count(Status::Kept),
        report.count(Status::Skipped),
    ));
    if report.manifest_updated {
        out.push_str(&format!(
            "; {} updated\nnext: sanctiondb build --lists {} --index INDEX, then POST /admin/reload \
             (or SIGHUP) to a server reading INDEX\n",
            lists.join(fetch::MANIFEST).display(),
            lists.display()
        ));
    } else {
        out.push_str("; nothing replaced\n");
    }
    out
}
