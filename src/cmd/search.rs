//! `sanctiondb search`

use super::{default_index, open_index, parse_schema, parse_source, parse_threshold};
use sanctiondb::model::{PARTIAL_NOTE, Schema, Source};
use sanctiondb::search::{DEFAULT_SEARCH_THRESHOLD, Match, Query};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The name to look for, in any script or spelling ("" to search by
    /// identifier only).
    query: String,
    /// The index folder [default: index, or $SANCTIONDB_INDEX].
    #[arg(long)]
    index: Option<PathBuf>,
    /// At most this many results.
    #[arg(long, value_parser = super::parse_limit, default_value_t = 10)]
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
    /// An e-mail address to match exactly against listed ones.
    #[arg(long)]
    email: Option<String>,
    /// A website or domain to match against listed ones (scheme, www. and
    /// path ignored).
    #[arg(long)]
    website: Option<String>,
    /// A crypto wallet address to match against listed ones.
    #[arg(long)]
    wallet: Option<String>,
    /// A phone number to match against listed ones (digits compared).
    #[arg(long)]
    phone: Option<String>,
    /// A passport, ID or registration number to match against listed ones
    /// (letters and digits compared, case ignored).
    #[arg(long)]
    document: Option<String>,
    /// One JSON object on stdout.
    #[arg(long)]
    json: bool,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let index = open_index(&a.index.unwrap_or_else(default_index))?;
    let mut q = Query::new(a.query.clone());
    q.limit = a.limit;
    q.threshold = a.threshold;
    q.schema = a.schema;
    q.source = a.source;
    q.weak_aliases = a.weak_aliases.into();
    q.dob = a
        .dob
        .as_deref()
        .map(sanctiondb::search::request::dob)
        .transpose()
        .map_err(|e| super::UserError::Input(format!("--dob {e}")))?;
    q.country = a.country.clone();
    use sanctiondb::search::identifiers::IdCategory;
    let wanted: Vec<(IdCategory, String)> = [
        (IdCategory::Email, &a.email),
        (IdCategory::Website, &a.website),
        (IdCategory::Wallet, &a.wallet),
        (IdCategory::Phone, &a.phone),
        (IdCategory::Document, &a.document),
    ]
    .into_iter()
    .filter_map(|(c, v)| v.as_ref().map(|v| (c, v.trim().to_string())))
    .collect();
    for (c, v) in &wanted {
        if sanctiondb::search::identifiers::canonical(*c, v).is_none() {
            return Err(super::UserError::Input(format!(
                "--{} {v:?} is not a usable {} (too short or malformed)",
                c.as_str(),
                c.as_str()
            ))
            .into());
        }
    }
    if a.query.trim().is_empty() && wanted.is_empty() {
        return Err(super::UserError::Input(
            "give a name to search for, or an identifier (--email, --website, --wallet, --phone, --document)".into(),
        )
        .into());
    }
    let by_name = if a.query.trim().is_empty() {
        Vec::new()
    } else {
        index.search(&q)
    };
    let mut results = sanctiondb::search::merge_identifier_matches(
        index.identifier_matches(&wanted, q.schema, q.source),
        by_name,
    );
    results.truncate(q.limit);
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
        match (m.alert, &m.possible) {
            (true, _) => "ALERT ",
            (false, Some(_)) => "POSSIBLE ",
            (false, None) => "",
        },
        m.entity_id,
        m.name,
        m.schema.as_str(),
        sources.join(", ")
    );
    if m.partial {
        println!("      {PARTIAL_NOTE}");
    }
    let e = &m.explanation;
    if e.matched_name != m.name {
        println!(
            "      matched {} {:?}",
            e.name_kind.map_or("identifier", |k| k.as_str()),
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
