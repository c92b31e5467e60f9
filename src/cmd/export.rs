//! `sanctiondb export`

use super::{default_index, open_index, parse_source};
use sanctiondb::model::Source;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Jsonl,
}

#[derive(clap::Args)]
pub struct Args {
    /// The index folder [default: index, or $SANCTIONDB_INDEX].
    #[arg(long)]
    index: Option<PathBuf>,
    /// Only entities on this source: un, ofac, kr.
    #[arg(long, value_parser = parse_source)]
    source: Option<Source>,
    /// Output format: one whole entity record per line.
    #[arg(long, value_enum, default_value = "jsonl")]
    format: Format,
    /// Write here instead of stdout.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let index = open_index(&a.index.unwrap_or_else(default_index))?;
    let Format::Jsonl = a.format;
    let sink: Box<dyn Write> =
        match &a.output {
            Some(p) => Box::new(std::fs::File::create(p).map_err(|e| {
                super::UserError::Input(format!("cannot create {}: {e}", p.display()))
            })?),
            None => Box::new(std::io::stdout().lock()),
        };
    let mut out = std::io::BufWriter::new(sink);
    let mut written = 0usize;
    let ids: Vec<String> = index
        .table()
        .entities
        .iter()
        .filter(|e| a.source.is_none_or(|s| e.sources.contains(&s)))
        .map(|e| e.id.clone())
        .collect();
    for id in ids {
        if let Some(e) = index.entity(&id)? {
            let sources: Vec<&str> = e.sources().iter().map(|s| s.as_str()).collect();
            let mut v = serde_json::to_value(&e)?;
            if let Some(obj) = v.as_object_mut() {
                obj.insert("sources".into(), serde_json::json!(sources));
            }
            serde_json::to_writer(&mut out, &v)?;
            out.write_all(b"\n")?;
            written += 1;
        }
    }
    out.flush()?;
    if a.output.is_some() {
        eprintln!("exported {written} entities");
    }
    Ok(ExitCode::SUCCESS)
}
