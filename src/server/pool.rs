//! The threads that answer `/search` and `POST /screen`.
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
//!
//! `POST /screen` runs on a [`ScreenPool`]: one screening thread per core,
//! started with the first request and kept for the server's life, each with
//! token caches that outlive the request (most payroll tokens recur from one
//! request to the next; resolving them again is most of a cold screening's
//! time). A request's records are cut into one part per thread, as `screen`
//! cuts a chunk, and the threads take the parts of all requests in the order
//! they come. A cache is emptied when its thread first screens for another
//! index (a reload), when it holds more than
//! [`super::routes::TOKEN_CACHE_BYTES`], and after a record that panicked.

use super::error::ApiError;
use crate::Database;
use crate::parallel::{Lane, Panicked, Workers};
use crate::search::TokenCache;
use std::sync::mpsc::{self, Sender, channel};
use std::sync::{Arc, OnceLock, Weak};

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

/// The threads that screen `POST /screen` bodies, started on first use and
/// ended when the pool is dropped (each when its queue is empty).
pub struct ScreenPool {
    threads: usize,
    /// Each thread's queue, once started.
    lanes: OnceLock<Vec<Sender<ScreenJob>>>,
}

/// A part of a request, run on a screening thread with what it keeps.
type ScreenJob = Box<dyn FnOnce(&mut Kept) + Send>;

/// What one item of a request does on a screening thread, with the
/// thread's token caches for the request's index.
type ScreenFn<T, R> = dyn Fn(&mut (TokenCache, TokenCache), T) -> Option<R> + Send + Sync;

impl ScreenPool {
    /// A pool of `threads` screening threads (at least one), none started yet.
    pub fn new(threads: usize) -> ScreenPool {
        ScreenPool {
            threads: threads.max(1),
            lanes: OnceLock::new(),
        }
    }

    /// Workers that run `screen` on each item against `index` on the
    /// pool's threads, with each thread's caches: as
    /// [`crate::parallel::with_workers`] gives, without starting threads.
    /// If no thread could be started, every batch fails as a worker that
    /// ended.
    pub fn workers<T: Send + 'static, R: Send + 'static>(
        &self,
        index: &Arc<Database>,
        screen: impl Fn(&mut (TokenCache, TokenCache), T) -> Option<R> + Send + Sync + 'static,
    ) -> Workers<T, R, PoolLane<T, R>> {
        let screen: Arc<ScreenFn<T, R>> = Arc::new(screen);
        let lanes = self
            .lanes
            .get_or_init(|| start_screening(self.threads))
            .iter()
            .map(|queue| {
                let (results, answers) = mpsc::channel();
                let lane = PoolLane {
                    queue: queue.clone(),
                    results,
                    index: Arc::clone(index),
                    screen: Arc::clone(&screen),
                };
                (lane, answers)
            })
            .collect();
        Workers::new(lanes)
    }
}

/// Starts the screening threads; those that cannot be started are left
/// out (and said so on stderr).
fn start_screening(threads: usize) -> Vec<Sender<ScreenJob>> {
    let mut lanes = Vec::with_capacity(threads);
    for n in 0..threads {
        let (jobs, queue) = channel::<ScreenJob>();
        let started = std::thread::Builder::new()
            .name(format!("screen-{n}"))
            .spawn(move || {
                let mut kept = Kept::default();
                for job in queue {
                    // Items' panics are caught in the job; anything else
                    // fails that one part (its result is never sent).
                    let ran =
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(&mut kept)));
                    if ran.is_err() {
                        kept = Kept::default();
                    }
                }
            });
        match started {
            Ok(_) => lanes.push(jobs),
            Err(e) => eprintln!("cannot start a screening thread ({e})"),
        }
    }
    lanes
}

/// One request's way to one screening thread: the thread's queue, the
/// request's results channel for that thread, and what each item needs.
pub struct PoolLane<T, R> {
    queue: Sender<ScreenJob>,
    results: Sender<Result<Vec<R>, Panicked>>,
    index: Arc<Database>,
    screen: Arc<ScreenFn<T, R>>,
}

impl<T: Send + 'static, R: Send + 'static> Lane<T> for PoolLane<T, R> {
    fn send(&self, start: usize, part: Vec<T>) -> bool {
        let results = self.results.clone();
        let index = Arc::clone(&self.index);
        let screen = Arc::clone(&self.screen);
        let job: ScreenJob = Box::new(move |kept: &mut Kept| {
            let each = |kept: &mut Kept, item: T| screen(kept.caches_for(&index), item);
            let outcome = crate::parallel::run_part(kept, &each, start, part);
            if outcome.is_err() {
                // The panic may have left a cache half-written.
                *kept = Kept::default();
            }
            // The receiver is gone only when the request was.
            let _ = results.send(outcome);
        });
        self.queue.send(job).is_ok()
    }
}

/// A screening thread's token caches, and the index they were filled from.
#[derive(Default)]
struct Kept {
    /// Only compared, never upgraded: held weak, it keeps the address from
    /// being reused for another index while the caches hold this one's
    /// token numbers, without keeping the index itself.
    index: Weak<Database>,
    caches: (TokenCache, TokenCache),
}

impl Kept {
    /// The caches for `index`: emptied first when they were filled from
    /// another index or have grown past [`super::routes::TOKEN_CACHE_BYTES`].
    fn caches_for(&mut self, index: &Arc<Database>) -> &mut (TokenCache, TokenCache) {
        let other_index = !std::ptr::eq(self.index.as_ptr(), Arc::as_ptr(index));
        let full = self.caches.0.footprint() + self.caches.1.footprint()
            > super::routes::TOKEN_CACHE_BYTES;
        if other_index || full {
            *self = Kept {
                index: Arc::downgrade(index),
                caches: Default::default(),
            };
        }
        &mut self.caches
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
