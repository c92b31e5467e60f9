//! Quality benchmark: how often the right entity is found, and how often an
//! innocent name alerts, over the labelled cases in `benches/quality/cases.tsv`
//! (written by `scripts/make-quality-cases.py` from the shipped lists and the
//! research tables, not from this matcher's output).
//!
//! Every case is run through [`Database::search`] (top 5, no score floor) and through
//! a naive baseline in the same run: plain Jaro-Winkler of the lower-cased query
//! against every lower-cased listed name, an entity taking the score of its best
//! name, alerting at [`BASELINE_ALERT_THRESHOLD`]. For each category it prints:
//!
//! - **hit@1**: the top result is an expected entity and it alerts;
//! - **recall@5**: an expected entity is among the top 5, at any score;
//! - **alert rate** (negative categories, no expected entity): some result alerts.
//!
//! A case may expect several ids (`un:KPi.052|ofac:21735`): entities on different
//! lists with an identical name; any of them counts.
//!
//! Run it with `scripts/quality.sh`, or on an index of your own:
//! `SANCTIONDB_INDEX=index cargo bench --bench quality`. With
//! `QUALITY_DETAILS=FILE` it also writes every case's top results to FILE (TSV).

use sanctiondb::Database;
use sanctiondb::search::{DEFAULT_ALERT_THRESHOLD, Query};
use std::collections::BTreeMap;
use std::error::Error;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Results kept per query.
const TOP: usize = 5;

/// Where the naive baseline raises an alert (Jaro-Winkler similarity).
const BASELINE_ALERT_THRESHOLD: f64 = 0.85;

const CASES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/quality/cases.tsv");

/// One labelled query.
struct Case {
    category: String,
    query: String,
    /// Any of these entities is a correct answer; empty for a negative case.
    expected: Vec<String>,
}

impl Case {
    fn is_negative(&self) -> bool {
        self.expected.is_empty()
    }
}

/// One result: entity id, score, whether it alerts.
struct Hit {
    id: String,
    score: f64,
    alert: bool,
}

/// The top results of one query, best first.
type Ranking = Vec<Hit>;

/// Counts of one category (or a total row).
#[derive(Default)]
struct Tally {
    cases: usize,
    negatives: usize,
    hit1: usize,
    recall5: usize,
    alerts: usize,
}

impl Tally {
    fn add(&mut self, case: &Case, ranking: &Ranking) {
        self.cases += 1;
        if case.is_negative() {
            self.negatives += 1;
            if ranking.iter().any(|h| h.alert) {
                self.alerts += 1;
            }
            return;
        }
        if hit_at_1(case, ranking) {
            self.hit1 += 1;
        }
        if recall_at_5(case, ranking) {
            self.recall5 += 1;
        }
    }

    fn merge(&mut self, other: &Tally) {
        self.cases += other.cases;
        self.negatives += other.negatives;
        self.hit1 += other.hit1;
        self.recall5 += other.recall5;
        self.alerts += other.alerts;
    }
}

fn hit_at_1(case: &Case, ranking: &Ranking) -> bool {
    ranking
        .first()
        .is_some_and(|h| h.alert && case.expected.contains(&h.id))
}

fn recall_at_5(case: &Case, ranking: &Ranking) -> bool {
    ranking.iter().any(|h| case.expected.contains(&h.id))
}

fn main() {
    // `cargo test --all-targets` runs bench targets without `--bench`: nothing to do.
    if !std::env::args().any(|a| a == "--bench") {
        println!("quality: run with `cargo bench --bench quality` (see scripts/quality.sh)");
        return;
    }
    if let Err(e) = run() {
        eprintln!("quality: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Box<dyn Error>> {
    let dir = std::env::var_os("SANCTIONDB_INDEX")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("index"));
    let index = Database::open(&dir)?;
    let cases = read_cases(Path::new(CASES))?;
    println!(
        "quality benchmark: {} cases from benches/quality/cases.tsv, index {} ({} entities, {} names)\n",
        cases.len(),
        dir.display(),
        index.table().entities.len(),
        index.table().names.len()
    );

    let start = Instant::now();
    let ours: Vec<Ranking> = cases
        .iter()
        .map(|c| search_ours(&index, &c.query))
        .collect();
    let ours_time = start.elapsed();
    print_table(
        &format!("sanctiondb (Database::search, alert at score >= {DEFAULT_ALERT_THRESHOLD:.2})"),
        &cases,
        &ours,
        ours_time,
    );

    let baseline = Baseline::new(&index);
    let start = Instant::now();
    let base: Vec<Ranking> = cases.iter().map(|c| baseline.search(&c.query)).collect();
    let base_time = start.elapsed();
    print_table(
        &format!(
            "baseline (Jaro-Winkler of the lower-cased query against every listed name, alert at >= {BASELINE_ALERT_THRESHOLD:.2})"
        ),
        &cases,
        &base,
        base_time,
    );

    if let Some(path) = std::env::var_os("QUALITY_DETAILS") {
        write_details(
            Path::new(&path),
            &cases,
            &[("sanctiondb", &ours), ("baseline", &base)],
        )?;
        println!("per-case results: {}", Path::new(&path).display());
    }
    Ok(())
}

fn read_cases(path: &Path) -> Result<Vec<Case>, Box<dyn Error>> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .from_path(path)
        .map_err(|e| {
            format!(
                "{}: {e} (run scripts/make-quality-cases.py)",
                path.display()
            )
        })?;
    let mut cases = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("{}: {e}", path.display()))?;
        let field = |i: usize| record.get(i).unwrap_or("").to_string();
        cases.push(Case {
            category: field(0),
            query: field(1),
            expected: field(2)
                .split('|')
                .filter(|id| !id.is_empty())
                .map(str::to_string)
                .collect(),
        });
    }
    Ok(cases)
}

fn search_ours(index: &Database, name: &str) -> Ranking {
    let mut query = Query::new(name);
    query.limit = TOP;
    query.threshold = 0.0;
    index
        .search(&query)
        .into_iter()
        .map(|m| Hit {
            alert: m.alert,
            score: m.score,
            id: m.entity_id,
        })
        .collect()
}

/// Plain Jaro-Winkler over every listed name, the best name per entity.
struct Baseline<'a> {
    index: &'a Database,
    /// (lower-cased name, entity number)
    names: Vec<(String, usize)>,
}

impl<'a> Baseline<'a> {
    fn new(index: &'a Database) -> Baseline<'a> {
        let names = index
            .table()
            .names
            .iter()
            .map(|n| (n.text.to_lowercase(), n.entity as usize))
            .collect();
        Baseline { index, names }
    }

    fn search(&self, name: &str) -> Ranking {
        let query = name.to_lowercase();
        let mut best = vec![f64::MIN; self.index.table().entities.len()];
        for (text, entity) in &self.names {
            let s = strsim::jaro_winkler(&query, text);
            if s > best[*entity] {
                best[*entity] = s;
            }
        }
        let mut ranked: Vec<(usize, f64)> = best.into_iter().enumerate().collect();
        let top = TOP.min(ranked.len());
        if top == 0 {
            return Vec::new();
        }
        let order = |a: &(usize, f64), b: &(usize, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        ranked.select_nth_unstable_by(top - 1, order);
        ranked.truncate(top);
        ranked.sort_by(order);
        ranked
            .into_iter()
            .map(|(e, s)| Hit {
                id: self.index.table().entities[e].id.clone(),
                score: s,
                alert: s >= BASELINE_ALERT_THRESHOLD,
            })
            .collect()
    }
}

/// One row per case and matcher, for looking into a category's failures.
fn write_details(
    path: &Path,
    cases: &[Case],
    runs: &[(&str, &Vec<Ranking>)],
) -> Result<(), Box<dyn Error>> {
    let mut out = csv::WriterBuilder::new().delimiter(b'\t').from_path(path)?;
    out.write_record([
        "matcher", "category", "query", "expected", "hit@1", "recall@5", "top",
    ])?;
    for (matcher, rankings) in runs {
        for (case, ranking) in cases.iter().zip(rankings.iter()) {
            let top: Vec<String> = ranking
                .iter()
                .map(|h| {
                    format!(
                        "{} {:.3}{}",
                        h.id,
                        h.score,
                        if h.alert { " ALERT" } else { "" }
                    )
                })
                .collect();
            let flag = |yes: bool| if yes { "1" } else { "0" };
            out.write_record([
                *matcher,
                case.category.as_str(),
                case.query.as_str(),
                case.expected.join("|").as_str(),
                flag(hit_at_1(case, ranking)),
                flag(recall_at_5(case, ranking)),
                top.join(", ").as_str(),
            ])?;
        }
    }
    out.flush()?;
    Ok(())
}

fn print_table(title: &str, cases: &[Case], rankings: &[Ranking], elapsed: Duration) {
    let mut order: Vec<&str> = Vec::new();
    let mut by_category: BTreeMap<&str, Tally> = BTreeMap::new();
    for (case, ranking) in cases.iter().zip(rankings) {
        if !by_category.contains_key(case.category.as_str()) {
            order.push(&case.category);
        }
        by_category
            .entry(&case.category)
            .or_default()
            .add(case, ranking);
    }
    let mut positives = Tally::default();
    let mut negatives = Tally::default();

    println!("### {title}\n");
    println!("| category | cases | hit@1 | recall@5 | alert rate |");
    println!("|---|---:|---:|---:|---:|");
    for category in &order {
        let t = &by_category[category];
        print_row(category, t);
        if t.negatives == t.cases {
            negatives.merge(t);
        } else {
            positives.merge(t);
        }
    }
    print_row("**all positive**", &positives);
    print_row("**all negative**", &negatives);
    let per_query = elapsed.as_secs_f64() * 1000.0 / cases.len().max(1) as f64;
    println!(
        "\ntotal time: {:.2} s for {} queries ({per_query:.2} ms per query, one thread)\n",
        elapsed.as_secs_f64(),
        cases.len()
    );
}

fn print_row(label: &str, t: &Tally) {
    let positive = t.cases - t.negatives;
    let pct = |n: usize, of: usize| {
        if of == 0 {
            "-".to_string()
        } else {
            format!("{:.1}%", 100.0 * n as f64 / of as f64)
        }
    };
    println!(
        "| {label} | {} | {} | {} | {} |",
        t.cases,
        pct(t.hit1, positive),
        pct(t.recall5, positive),
        pct(t.alerts, t.negatives)
    );
}
