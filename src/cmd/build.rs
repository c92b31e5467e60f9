//! `sanctiondb build`

use super::{default_index, progress_bar};
use sanctiondb::build::{BuildOptions, build};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The lists folder (un/, ofac/, kr/ inside).
    #[arg(long, default_value = "lists")]
    lists: PathBuf,
    /// Where to write the index [default: index, or $SANCTIONDB_INDEX].
    #[arg(long)]
    index: Option<PathBuf>,
    /// Print the build report as JSON on stdout.
    #[arg(long)]
    json: bool,
    /// No progress bar.
    #[arg(long, short)]
    quiet: bool,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let index = a.index.unwrap_or_else(default_index);
    let bar = progress_bar(a.quiet);
    let summary = build(
        &BuildOptions {
            lists: a.lists.clone(),
            index: index.clone(),
        },
        &bar,
    )?;
    bar.finish_and_clear();
    let meta = &summary.meta;
    if a.json {
        let report = serde_json::json!({
            "index": index,
            "generation": summary.generation,
            "index_version": meta.index_version,
            "built_at": meta.built_at,
            "elapsed_seconds": summary.elapsed.as_secs_f64(),
            "bytes": summary.bytes,
            "counts": meta.counts,
            "lists": meta.lists,
            "reports": meta.reports,
            "missing_sources": meta.missing_sources,
            "registry": meta.registry,
            "relations": meta.relations,
            "networks": meta.networks,
        });
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "built index {} in {} ({:.1}s, {:.1} MB)",
        meta.index_version,
        summary.generation.display(),
        summary.elapsed.as_secs_f64(),
        summary.bytes as f64 / 1e6
    );
    println!(
        "{:<6} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}",
        "source", "entities", "persons", "orgs", "vessels", "aircraft", "names"
    );
    for (source, c) in &meta.counts {
        println!(
            "{:<6} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}",
            source, c.entities, c.persons, c.organizations, c.vessels, c.aircraft, c.names
        );
        if c.on_several_lists > 0 {
            println!(
                "       {} on more than one {source} list",
                c.on_several_lists
            );
        }
        if c.partial_entities > 0 {
            println!(
                "       {} partial records: the primary record is missing from the shipped snapshot \
                 (`sanctiondb fetch` brings it)",
                c.partial_entities
            );
        }
    }
    for r in &meta.reports {
        println!(
            "{}: {} records, {} skipped",
            r.file,
            r.records,
            r.skipped.len()
        );
        for s in r.skipped.iter().take(10) {
            println!("  skipped {} at {}: {}", s.record, s.position, s.reason);
        }
        if r.skipped.len() > 10 {
            println!(
                "  ... and {} more (see `build --json`)",
                r.skipped.len() - 10
            );
        }
        for n in &r.notes {
            println!("  note: {n}");
        }
    }
    if !meta.relations.is_empty() {
        println!(
            "{:<9} {:>9} {:>8} {:>10}",
            "relations", "extracted", "resolved", "unresolved"
        );
        for (source, c) in &meta.relations {
            println!(
                "{:<9} {:>9} {:>8} {:>10}",
                source, c.extracted, c.resolved, c.unresolved
            );
        }
    }
    if let Some(r) = &meta.registry {
        let largest = meta
            .networks
            .first()
            .map(|n| format!("; largest network: {} ({} entities)", n.body, n.members))
            .unwrap_or_default();
        println!("{}: {} state bodies{largest}", r.path, r.bodies);
    }
    for m in &meta.missing_sources {
        println!("warning: no list file for {m}; it is not screened");
    }
    Ok(ExitCode::SUCCESS)
}
