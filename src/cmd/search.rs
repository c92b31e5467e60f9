//! `sanctiondb search`

use super::{default_index, open_index, parse_schema, parse_source, parse_threshold};
use sanctiondb::model::{Schema, Source};
use sanctiondb::search::{DEFAULT_SEARCH_THRESHOLD, Match, Query};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The name to look for, in any script or spelling.
    query: String,
    /// The index folder [default: index, or $SANCTIONDB_INDEX].
    #[arg(long)]
    index: Option<PathBuf>,
    /// At most this many results.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Lowest score to show (0..1). Results at or above the alert threshold
    /// (0.80) are marked ALERT.
    #[arg(long, value_parser = parse_threshold, default_value_t = DEFAULT_SEARCH_THRESHOLD)]
    threshold: f32,
    /// Only this kind: person, organization, vessel, aircraft.
    #[arg(long, value_parser = parse_schema)]
    schema: Option<Schema>,
    /// Only entities on this source: un, ofac, kr.
    #[arg(long, value_parser = parse_source)]
    source: Option<Source>,
    /// Date of birth as evidence (YYYY, YYYY-MM, YYYY-MM-DD): agreement raises
    /// the score, conflict lowers it.
    #[arg(long)]
    dob: Option<String>,
    /// Nationality or country as evidence (name or ISO code, e.g. KP).
    #[arg(long)]
    country: Option<String>,
    /// How weak aliases take part.
    #[arg(long, value_enum, default_value = "reduced")]
    weak_aliases: super::WeakAliasMode,
    /// One JSON object on stdout.
    #[arg(long)]
    json: bool,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let index = open_index(&a.index.unwrap_or_else(default_index))?;
    let mut q = Query::new(a.query.clone());
    q.limit = a.limit.max(1);
    q.threshold = a.threshold;
    q.schema = a.schema;
    q.source = a.source;
    q.weak_aliases = a.weak_aliases.into();
    if let Some(d) = &a.dob {
        if sanctiondb::search::evidence::parse_date(d).is_none() {
            return Err(super::UserError::Input(format!(
                "--dob {d:?} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"
            ))
            .into());
        }
        q.dob = Some(d.clone());
    }
    q.country = a.country.clone();
    let results = index.search(&q);
    if a.json {
        let out = serde_json::json!({
            "query": a.query,
            "index_version": index.meta.index_version,
            "threshold": a.threshold,
            "results": results,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(ExitCode::SUCCESS);
    }
    if results.is_empty() {
        println!("no match for {:?} at or above {}", a.query, a.threshold);
    }
    for (i, m) in results.iter().enumerate() {
        print_match(i + 1, m);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_match(rank: usize, m: &Match) {
    let sources: Vec<&str> = m.sources.iter().map(|s| s.as_str()).collect();
    println!(
        "{rank:>2}. {:.3} {}{}  {}  [{}; {}]",
        m.score,
        if m.alert { "ALERT " } else { "" },
        m.entity_id,
        m.name,
        m.schema.as_str(),
        sources.join(", ")
    );
    let e = &m.explanation;
    if e.matched_name != m.name {
        println!(
            "      matched {} {:?}",
            e.name_kind.as_str(),
            e.matched_name
        );
    }
    let parts: Vec<String> = e
        .tokens
        .iter()
        .map(|t| match &t.listed {
            Some(l) if l == &t.query => t.query.clone(),
            Some(l) => format!("{}~{} ({:.2})", t.query, l, t.similarity),
            None => format!("{} (no match)", t.query),
        })
        .collect();
    if e.method == "tokens" {
        let mut line = format!("      tokens: {}", parts.join(", "));
        if !e.unmatched_listed.is_empty() {
            line.push_str(&format!("; listed only: {}", e.unmatched_listed.join(", ")));
        }
        println!("{line}");
    }
    for n in &e.notes {
        println!("      {n}");
    }
    for n in &m.networks {
        println!(
            "      network of {} {} (via {})",
            n.id,
            n.name,
            n.path.join(" > ")
        );
    }
}
