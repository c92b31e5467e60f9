//! `sanctiondb serve`

use super::default_index;
use actix_web::{App, HttpServer, middleware::from_fn};
use sanctiondb::Database;
use sanctiondb::build::{BuildOptions, build};
use sanctiondb::index::IndexError;
use sanctiondb::server::{self, Limits, State, limits};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
#[command(
    after_help = "To take up new lists without a restart: `sanctiondb build --index DIR` \
into the folder the server reads, then send the server SIGHUP or `POST /admin/reload`. \
Requests under way finish on the old index; a new index that does not open or verify is \
refused (the reason on stderr) and the old one keeps answering."
)]
pub struct Args {
    /// The index folder [default: index, or $SANCTIONDB_INDEX]. Built from
    /// --lists first when there is no index there.
    #[arg(long)]
    index: Option<PathBuf>,
    /// The lists folder to build from when there is no index yet.
    #[arg(long, default_value = "lists")]
    lists: PathBuf,
    /// Address and port to listen on (port 0: any free port). Use
    /// 0.0.0.0:8080 to listen on every interface.
    #[arg(long, default_value = "127.0.0.1:8080")]
    bind: String,
    /// Require `Authorization: Bearer TOKEN` on /screen, /match and /admin/*
    /// [default: $SANCTIONDB_TOKEN; without either, every route is open].
    /// Prefer the variable: a flag shows in the process list.
    #[arg(long, value_name = "TOKEN")]
    token: Option<String>,
    /// Threads reading requests and writing answers [default: one per CPU
    /// core]. Each runs its searches on a thread of its own; /screen, /match
    /// and reloads run on a separate pool.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=1024))]
    workers: Option<u16>,
    /// Answer only requests whose `Host` is this name (port aside); repeat
    /// for several. Others get 421 `host_not_allowed`, which stops a web
    /// page that rebinds its DNS name to this address. Default: any host.
    #[arg(long = "allowed-host", value_name = "HOST")]
    allowed_hosts: Vec<String>,
    /// Most connections one client address may hold open; requests on more
    /// get 429 `too_many_connections` and are closed. Behind a proxy every
    /// client has the proxy's address: raise it there.
    #[arg(long, value_name = "N", default_value_t = limits::DEFAULT_MAX_CLIENT_CONNECTIONS as u32,
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    max_client_connections: u32,
    /// Seconds a request body may take to arrive (then 408 `body_timeout`).
    #[arg(long, value_name = "SECS", default_value_t = limits::DEFAULT_BODY_TIMEOUT.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    body_timeout: u64,
    /// Seconds an answer waits for its client to read more of it; then the
    /// answer is dropped and the connection closed.
    #[arg(long, value_name = "SECS", default_value_t = limits::DEFAULT_SEND_TIMEOUT.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    send_timeout: u64,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let dir = a.index.unwrap_or_else(default_index);
    let index = open_or_build(&dir, &a.lists)?;
    let version = index.meta.index_version.clone();
    let mut state = State::new(index, &dir).with_limits(Limits {
        body_timeout: std::time::Duration::from_secs(a.body_timeout),
        send_timeout: std::time::Duration::from_secs(a.send_timeout),
        max_client_connections: a.max_client_connections as usize,
        allowed_hosts: a.allowed_hosts,
        ..Limits::default()
    });
    if let Some(token) = token(a.token, std::env::var("SANCTIONDB_TOKEN").ok())? {
        state = state.with_token(&token);
        eprintln!("/screen, /match and /admin/* require the bearer token");
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let workers = a.workers.map_or(cores, usize::from);
    actix_web::rt::System::new().block_on(serve(state, &a.bind, workers, &version))?;
    Ok(ExitCode::SUCCESS)
}

/// The bearer token from `--token`, else from `SANCTIONDB_TOKEN`. An empty
/// one is refused rather than taken as "no token"; surrounding blanks are
/// dropped, as they are from the request header.
fn token(flag: Option<String>, env: Option<String>) -> anyhow::Result<Option<String>> {
    let Some(token) = flag.or(env) else {
        return Ok(None);
    };
    let token = token.trim();
    if token.is_empty() {
        anyhow::bail!(
            "the token is empty: give --token a value or set SANCTIONDB_TOKEN to one, or leave both out to serve without a token"
        );
    }
    Ok(Some(token.to_string()))
}

/// Opens the index in `dir`, building it from `lists` first when there is
/// none (so `serve` works on a fresh clone). A damaged or outdated index is
/// refused, not rebuilt: that is for `sanctiondb build` to decide.
fn open_or_build(dir: &Path, lists: &Path) -> anyhow::Result<Database> {
    match Database::open(dir) {
        Err(IndexError::NotFound(_)) => {}
        other => return Ok(other?),
    }
    eprintln!(
        "no index at {}: building one from {}",
        dir.display(),
        lists.display()
    );
    let summary = build(
        &BuildOptions {
            lists: lists.to_path_buf(),
            index: dir.to_path_buf(),
        },
        &indicatif::ProgressBar::hidden(),
    )?;
    println!(
        "built index {} in {} ({:.1}s, {:.1} MB)",
        summary.meta.index_version,
        summary.generation.display(),
        summary.elapsed.as_secs_f64(),
        summary.bytes as f64 / 1e6
    );
    Ok(Database::open(dir)?)
}

/// Seconds a stopping server (SIGTERM, SIGINT) gives requests under way to
/// finish: a `/screen` of the most records a request may carry takes well
/// under that.
const SHUTDOWN_SECS: u64 = 10;

async fn serve(state: State, bind: &str, workers: usize, version: &str) -> anyhow::Result<()> {
    // Taken before the server says it listens: until then SIGHUP would end
    // the process.
    #[cfg(unix)]
    let reloads = reload_on_hangup(state.clone())?;
    let counting = state.clone();
    let server = HttpServer::new(move || {
        App::new()
            .wrap(from_fn(server::log_request))
            .configure(server::configure_with(state.clone()))
    })
    .on_connect(move |connection, data| counting.on_connect(connection, data))
    // A client that closes its side has gone: its request stops (a
    // half-closed connection would keep the work going to the end).
    .h1_allow_half_closed(false)
    .workers(workers)
    .shutdown_timeout(SHUTDOWN_SECS)
    .bind(bind)
    .map_err(|e| anyhow::anyhow!("cannot listen on {bind}: {e}"))?;
    for addr in server.addrs() {
        println!("listening on http://{addr} (index {version})");
    }
    std::io::stdout().flush()?;
    let served = server.run().await;
    server::flush_request_log();
    #[cfg(unix)]
    reloads.abort();
    Ok(served?)
}

/// From now on, reloads the index on every SIGHUP exactly as
/// `POST /admin/reload` does ([`State::reload`], which logs the outcome); a
/// refused generation leaves the old index answering. Signals that arrive
/// during a reload are folded into one more reload after it.
#[cfg(unix)]
fn reload_on_hangup(state: State) -> anyhow::Result<actix_web::rt::task::JoinHandle<()>> {
    use actix_web::rt::signal::unix::{SignalKind, signal};
    let mut hangups = signal(SignalKind::hangup())
        .map_err(|e| anyhow::anyhow!("cannot listen for SIGHUP: {e}"))?;
    Ok(actix_web::rt::spawn(async move {
        while hangups.recv().await.is_some() {
            eprintln!("SIGHUP: reloading the index");
            let state = state.clone();
            // The outcome is on stderr already; there is no one else to tell.
            let _ = actix_web::rt::task::spawn_blocking(move || state.reload()).await;
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::token;

    #[test]
    fn token_flag_wins_over_the_environment_and_empty_is_refused() {
        let some = |s: &str| Some(s.to_string());
        assert_eq!(token(some("flag"), some("env")).ok(), Some(some("flag")));
        assert_eq!(token(None, some(" env ")).ok(), Some(some("env")));
        assert_eq!(token(None, None).ok(), Some(None));
        assert!(token(some(" "), some("env")).is_err());
    }
}
