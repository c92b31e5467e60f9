//! `sanctiondb screen`

use super::{UserError, default_index, exit, open_index, parse_threshold, progress_bar};
use sanctiondb::screen::{OutputFormat, ScreenOptions, screen};
use sanctiondb::search::DEFAULT_ALERT_THRESHOLD;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    /// One JSON object per input row, in input order.
    Jsonl,
    /// One CSV row per alert.
    Csv,
}

#[derive(clap::Args)]
pub struct Args {
    /// CSV with a header row; `-` reads stdin.
    input: PathBuf,
    /// The index folder [default: index, or $SANCTIONDB_INDEX].
    #[arg(long)]
    index: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "jsonl")]
    format: Format,
    /// Write here instead of stdout.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// At most this many matches per payee.
    #[arg(long, default_value_t = 5)]
    limit: usize,
    /// Score at or above which a match is reported (0..1).
    #[arg(long, value_parser = parse_threshold, default_value_t = DEFAULT_ALERT_THRESHOLD)]
    threshold: f32,
    /// The column holding the payee id.
    #[arg(long, default_value = "id")]
    id_column: String,
    /// The column holding the payee name.
    #[arg(long, default_value = "name")]
    name_column: String,
    /// The column holding the date of birth, if any [default: dob when present].
    #[arg(long)]
    dob_column: Option<String>,
    /// The column holding the country or nationality [default: country when present].
    #[arg(long)]
    country_column: Option<String>,
    /// Worker threads [default: all cores].
    #[arg(long)]
    threads: Option<usize>,
    /// How weak aliases take part.
    #[arg(long, value_enum, default_value = "reduced")]
    weak_aliases: super::WeakAliasMode,
    /// Exit with code 10 when any payee alerts.
    #[arg(long)]
    fail_on_alert: bool,
    /// No progress bar and no summary on stderr.
    #[arg(long, short)]
    quiet: bool,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let index = open_index(&a.index.clone().unwrap_or_else(default_index))?;
    let (input, header): (Box<dyn std::io::Read>, Option<String>) = if a.input.as_os_str() == "-" {
        (Box::new(std::io::stdin().lock()), None)
    } else {
        let f = std::fs::File::open(&a.input)
            .map_err(|e| UserError::Input(format!("cannot open {}: {e}", a.input.display())))?;
        let header = first_line(&a.input);
        (Box::new(f), header)
    };
    let has = |col: &str| {
        header.as_deref().is_some_and(|h| {
            h.split(',')
                .any(|c| c.trim().trim_matches('"').eq_ignore_ascii_case(col))
        })
    };
    let mut opts = ScreenOptions {
        id_column: a.id_column.clone(),
        name_column: a.name_column.clone(),
        dob_column: a
            .dob_column
            .clone()
            .or_else(|| has("dob").then(|| "dob".into())),
        country_column: a
            .country_column
            .clone()
            .or_else(|| has("country").then(|| "country".into())),
        threshold: a.threshold,
        limit: a.limit.max(1),
        format: match a.format {
            Format::Jsonl => OutputFormat::Jsonl,
            Format::Csv => OutputFormat::Csv,
        },
        weak_aliases: a.weak_aliases.into(),
        ..ScreenOptions::default()
    };
    if let Some(t) = a.threads {
        opts.threads = t.max(1);
    }
    let sink: Box<dyn Write> = match &a.output {
        Some(p) => Box::new(
            std::fs::File::create(p)
                .map_err(|e| UserError::Input(format!("cannot create {}: {e}", p.display())))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let bar = progress_bar(a.quiet);
    if let Ok(m) = std::fs::metadata(&a.input) {
        // Rough row estimate for the bar: 40 bytes a row.
        bar.set_length(m.len() / 40 + 1);
    }
    bar.set_message("screening");
    let summary = screen(&index, input, sink, &opts, &bar)?;
    bar.finish_and_clear();
    if !a.quiet {
        let secs = summary.elapsed.as_secs_f64();
        eprintln!(
            "screened {} of {} rows in {:.2}s ({:.0} rows/s): {} rows alerted, {} matches, {} skipped (index {})",
            summary.screened,
            summary.rows,
            secs,
            summary.screened as f64 / secs.max(1e-9),
            summary.alerted_rows,
            summary.matches,
            summary.skipped.len(),
            index.meta.index_version,
        );
        for s in summary.skipped.iter().take(20) {
            eprintln!(
                "  skipped line {}{}: {}",
                s.line,
                s.id.as_deref()
                    .map(|i| format!(" (id {i})"))
                    .unwrap_or_default(),
                s.reason
            );
        }
        if summary.skipped.len() > 20 {
            eprintln!("  ... and {} more skipped rows", summary.skipped.len() - 20);
        }
    }
    if a.fail_on_alert && summary.alerted_rows > 0 {
        return Ok(ExitCode::from(exit::ALERT));
    }
    Ok(ExitCode::SUCCESS)
}

fn first_line(path: &std::path::Path) -> Option<String> {
    use std::io::BufRead;
    let f = std::fs::File::open(path).ok()?;
    let mut line = String::new();
    std::io::BufReader::new(f).read_line(&mut line).ok()?;
    Some(line.trim_start_matches('\u{feff}').trim().to_string())
}
