//! The threads that answer `/search`.
//!
//! A search takes a tenth of a millisecond or so: too long to run on the
//! worker that reads and writes the connections (its other connections would
//! wait behind it, and longer whenever the operating system pauses that one
//! thread), too short to share tokio's blocking pool with `/screen` (a big
//! batch there would hold up every search queued behind it). So each worker
//! has one search thread of its own, started on its first search: the
//! worker goes on reading and writing while its searches run, in order, on
//! a thread whose token cache stays warm.
//!
//! Measured with `scripts/bench-server.sh` on 2 cores, this gave the same
//! requests per second as searching on the worker and a p99 latency about a
//! quarter lower; one queue shared by all search threads gave less of both.

use super::error::ApiError;
use std::sync::mpsc::{Sender, channel};

type Job = Box<dyn FnOnce() + Send>;

thread_local! {
    /// The calling worker's search thread (its queue), once started.
    static LANE: std::cell::OnceCell<Option<Sender<Job>>> = const { std::cell::OnceCell::new() };
}

/// Runs `job` on the calling thread's search thread (started on first use)
/// and waits for its result without holding up the caller. A job that
/// panics is answered as an internal error; the search thread goes on with
/// the next. If the search thread cannot be started, the job goes to
/// tokio's blocking pool instead.
pub async fn run_search<T: Send + 'static>(
    job: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    let (done, result) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        // The receiver is gone only when the request was dropped (the client
        // went away): nobody is left to tell.
        let _ = done.send(job());
    });
    let refused = LANE.with(|lane| match lane.get_or_init(start_lane) {
        Some(jobs) => jobs.send(job).err().map(|e| e.0),
        None => Some(job),
    });
    if let Some(job) = refused {
        actix_web::web::block(job).await?;
    }
    result
        .await
        .map_err(|_| ApiError::Internal("the search failed".into()))
}

/// Starts a search thread; it runs jobs in order until its queue's sender
/// (the worker's [`LANE`]) is dropped.
fn start_lane() -> Option<Sender<Job>> {
    let (jobs, queue) = channel::<Job>();
    let started = std::thread::Builder::new()
        .name("search".into())
        .spawn(move || {
            for job in queue {
                // A panic fails one request (its result is never sent), not
                // the thread.
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
            }
        });
    match started {
        Ok(_) => Some(jobs),
        Err(e) => {
            eprintln!("cannot start a search thread ({e}); searches run on the blocking pool");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::run_search;

    #[actix_web::test]
    async fn jobs_run_in_order_and_a_panic_fails_only_its_own() {
        assert_eq!(run_search(|| 6 * 7).await.ok(), Some(42));
        let failed = run_search(|| -> u8 { panic!("a job that fails") }).await;
        assert!(failed.is_err());
        let many: Vec<_> = (0..100).map(|i| run_search(move || i * 2)).collect();
        for (i, r) in many.into_iter().enumerate() {
            assert_eq!(r.await.ok(), Some(i * 2));
        }
    }
}
