//! `sanctiondb diff`

use super::open_index;
use sanctiondb::diff::{Change, diff};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The older index folder.
    old: PathBuf,
    /// The newer index folder.
    new: PathBuf,
    /// One JSON object: {old_index_version, new_index_version, added,
    /// removed, changed, unchanged}.
    #[arg(long)]
    json: bool,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let old = open_index(&a.old)?;
    let new = open_index(&a.new)?;
    let d = diff(&old, &new);
    if a.json {
        super::write_stdout(&(serde_json::to_string_pretty(&d)? + "\n"))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = format!(
        "index {} -> {}: {} added, {} removed, {} changed, {} unchanged\n",
        d.old_index_version,
        d.new_index_version,
        d.added.len(),
        d.removed.len(),
        d.changed.len(),
        d.unchanged
    );
    let section = |out: &mut String, title: &str, list: &[Change]| {
        if list.is_empty() {
            return;
        }
        out.push_str(&format!("{title}:\n"));
        for c in list {
            let versions = match (&c.old_version, &c.new_version) {
                (Some(o), Some(n)) => format!("  (version {o} -> {n})"),
                _ => String::new(),
            };
            out.push_str(&format!(
                "  {:<22} {:<12} {}{versions}\n",
                c.id, c.schema, c.name
            ));
        }
    };
    section(&mut out, "added", &d.added);
    section(&mut out, "removed", &d.removed);
    section(&mut out, "changed", &d.changed);
    super::write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}
