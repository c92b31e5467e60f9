//! `sanctiondb network`

use super::{UserError, default_index, open_index};
use sanctiondb::network::{self, MAX_DEPTH, View};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
    Dot,
}

#[derive(clap::Args)]
pub struct Args {
    /// An entity id (un:KPe.028, ofac:9345, kr:20230523-02), a state body's
    /// node (dprk:general-bureau-313) or its registry slug
    /// (munitions-industry-department).
    id: String,
    /// How many relation hops to follow (a `same_as` step between two list
    /// entries of one body is free).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(0..=MAX_DEPTH as i64))]
    depth: u32,
    /// text, json ({"nodes": [...], "edges": [...]}) or dot (Graphviz:
    /// `sanctiondb network ID --format dot | dot -Tsvg > network.svg`).
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// The index folder [default: index, or $SANCTIONDB_INDEX].
    #[arg(long)]
    index: Option<PathBuf>,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let index = open_index(&a.index.unwrap_or_else(default_index))?;
    let id = a.id.trim();
    let node = if index.entity_row(id).is_some() || index.network.body(id).is_some() {
        id.to_string()
    } else if let Some(b) = index.network.graph.bodies.iter().find(|b| b.body.id == id) {
        b.node.clone()
    } else {
        return Err(UserError::NotFound(format!(
            "no entity or state body {id:?} in the index (ids look like un:KPe.028, ofac:9345, kr:20230523-02; `sanctiondb search NAME` finds them)"
        ))
        .into());
    };
    let view = index.network.around(&node, a.depth, index.table());
    let out = match a.format {
        Format::Json => serde_json::to_string_pretty(&view)? + "\n",
        Format::Dot => network::to_dot(&view),
        Format::Text => text(&view)?,
    };
    super::write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn text(view: &View) -> Result<String, std::fmt::Error> {
    use std::fmt::Write;
    let mut out = String::new();
    let name = |id: &str| {
        view.nodes
            .iter()
            .find(|n| n.id == id)
            .map(|n| n.name.as_str())
            .unwrap_or("")
    };
    writeln!(
        out,
        "{}  {}  (depth {}: {} nodes, {} relations)",
        view.center,
        name(&view.center),
        view.depth,
        view.nodes.len(),
        view.edges.len()
    )?;
    for n in &view.nodes {
        let body = n
            .body
            .as_deref()
            .map(|b| format!("  [state body: {b}]"))
            .unwrap_or_default();
        writeln!(
            out,
            "  {:>2}  {:<24} {:<12} {}{body}",
            n.depth, n.id, n.schema, n.name
        )?;
    }
    out.push_str("relations:\n");
    for e in &view.edges {
        writeln!(
            out,
            "  {} {} --{}--> {} {}  [{}, {}]",
            e.from,
            name(&e.from),
            e.relation,
            e.to,
            name(&e.to),
            e.source,
            e.method
        )?;
        writeln!(out, "      evidence: {}", e.evidence)?;
    }
    Ok(out)
}
