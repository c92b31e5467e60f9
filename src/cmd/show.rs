//! `sanctiondb show`

use super::{UserError, default_index, open_index};
use sanctiondb::Database;
use sanctiondb::model::{Entity, PARTIAL_NOTE, Source};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The entity id: un:<REFERENCE_NUMBER>, ofac:<uid> or kr:<id>.
    id: String,
    /// The index folder [default: index, or $SANCTIONDB_INDEX].
    #[arg(long)]
    index: Option<PathBuf>,
    /// The record as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let index = open_index(&a.index.unwrap_or_else(default_index))?;
    let id = a.id.trim();
    let Some(e) = index.entity(id)? else {
        let near = ids_meant(&index, id)?;
        let hint = if near.is_empty() {
            "ids look like un:KPi.066, ofac:20157, kr:20241226-01; `sanctiondb search NAME` finds them"
                .to_string()
        } else {
            format!("did you mean {}?", near.join(" or "))
        };
        return Err(
            UserError::NotFound(format!("no entity {:?} in the index; {hint}", a.id)).into(),
        );
    };
    if a.json {
        println!("{}", serde_json::to_string_pretty(&e)?);
    } else {
        print_entity(&e);
        print_relations(&e, &index);
    }
    Ok(ExitCode::SUCCESS)
}

/// The ids in the index that `id` was probably meant as: the same id with
/// each source's prefix, when it was given without one (`KPe.028`) or with a
/// prefix written otherwise (`UN:KPe.028`, `sdn:20157`).
fn ids_meant(index: &Database, id: &str) -> anyhow::Result<Vec<String>> {
    let bare = match id.split_once(':') {
        Some((prefix, rest)) if Source::parse(prefix).is_some() => rest,
        _ => id,
    };
    let mut found = Vec::new();
    for source in Source::ALL {
        let candidate = format!("{}:{bare}", source.as_str());
        if candidate != id && index.entity(&candidate)?.is_some() {
            found.push(candidate);
        }
    }
    Ok(found)
}

fn print_entity(e: &Entity) {
    println!("{}  {}", e.id, e.caption());
    println!("  schema: {}", e.schema.as_str());
    println!("  version: {}", e.entity_version);
    if e.partial {
        println!("  {PARTIAL_NOTE}");
    }
    for l in &e.lists {
        let mut line = format!("  list: {} ({})", l.list, l.file);
        if !l.programs.is_empty() {
            line.push_str(&format!(" programs: {}", l.programs.join(", ")));
        }
        if let Some(d) = &l.listed_on {
            line.push_str(&format!(" listed on {d}"));
        }
        println!("{line}");
    }
    println!("  names:");
    for n in &e.names {
        let mut line = format!("    {:<8} {}", n.kind.as_str(), n.full);
        if n.script != "latin" {
            line.push_str(&format!(" [{}]", n.script));
        }
        if let Some(o) = &n.origin {
            line.push_str(&format!(" (source: {o})"));
        }
        println!("{line}");
    }
    let list = |label: &str, v: &[String]| {
        if !v.is_empty() {
            println!("  {label}: {}", v.join("; "));
        }
    };
    let dobs: Vec<String> = e.birth_dates.iter().map(|d| d.text.clone()).collect();
    list("born", &dobs);
    list("birth places", &e.birth_places);
    list("nationalities", &e.nationalities);
    list("countries", &e.countries);
    if let Some(g) = &e.gender {
        println!("  gender: {g}");
    }
    for i in &e.identifiers {
        let mut line = format!("  id: {} {}", i.kind, i.value);
        if let Some(c) = &i.country {
            line.push_str(&format!(" ({c})"));
        }
        if let Some(n) = &i.note {
            line.push_str(&format!(" {n}"));
        }
        println!("{line}");
    }
    for ad in &e.addresses {
        let parts: Vec<&str> = [Some(ad.text.as_str()), ad.country.as_deref()]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect();
        println!("  address: {}", parts.join(", "));
    }
    for f in &e.facts {
        println!("  {}: {}", f.key, f.value);
    }
    for r in &e.remarks {
        println!("  remarks: {r}");
    }
    list("sources", &e.source_urls);
}

/// The entity's relations both ways, as the network build resolved them, and
/// the state bodies whose network it belongs to.
fn print_relations(e: &Entity, index: &Database) {
    let caption = |id: &str| -> String {
        index
            .entity_row(id)
            .map(|r| r.caption.clone())
            .or_else(|| {
                index
                    .network
                    .body(id)
                    .map(|b| b.body.display_name().to_string())
            })
            .unwrap_or_default()
    };
    if !e.relations.is_empty() || index.network.edges_of(&e.id).next().is_some() {
        println!("  relations:");
    }
    for r in &e.relations {
        match &r.target_id {
            Some(id) => println!("    {} -> {id}  {}", r.kind, caption(id)),
            None => println!("    {} -> (unresolved) {:?}", r.kind, r.target_name),
        }
        println!("        evidence: {}", r.evidence);
    }
    // Edges this record did not state itself: those naming it, the
    // registry's, and those turned round from a sentence about it.
    for edge in index.network.edges_of(&e.id) {
        if edge.from == e.id && edge.relation_index.is_some() {
            continue;
        }
        let (arrow, other) = if edge.from == e.id {
            ("->", &edge.to)
        } else {
            ("<-", &edge.from)
        };
        println!(
            "    {} {arrow} {other}  {}  [{}]",
            edge.relation,
            caption(other),
            edge.source
        );
        println!("        evidence: {}", edge.evidence);
    }
    for m in index.network.memberships(&e.id) {
        println!(
            "  network: {} {} (via {})",
            m.id,
            m.name,
            m.path.join(" > ")
        );
    }
}
