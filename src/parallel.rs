//! One ordered parallel map for batch work (`screen`, `POST /screen`): the
//! items are cut into one contiguous part per worker, each part runs on a
//! thread of its own, and the results come back in input order.
//!
//! The workers are threads of one run ([`with_workers`], for `screen`) or
//! of a pool that outlives requests (`POST /screen` on the server, see
//! `server::pool`): [`Workers`] cuts, hands out and collects alike over any
//! [`Lane`].
//!
//! A worker that panics is an error the caller sees ([`Panicked`], naming
//! the item), never a part of the results left out: in a screening tool a
//! lost result reads as a clean payee.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;

/// A worker panicked on one item; the other results are dropped.
#[derive(Debug, Clone, thiserror::Error)]
#[error("a worker failed on item {item} of the batch: {message}")]
pub struct Panicked {
    /// The item's position in the input, from 0.
    pub item: usize,
    /// The panic's message, when it carried text.
    pub message: String,
}

/// `f(state, item)` for every item, on `states.len()` threads (one state
/// each), results in input order. `f` returns `None` to stop its part early
/// (a budget spent, a client gone): the results then hold a prefix of each
/// part only, and the caller, which knows why, says so.
pub fn map_ordered<T, S, R, F>(items: Vec<T>, states: &mut [S], f: F) -> Result<Vec<R>, Panicked>
where
    T: Send,
    S: Send,
    R: Send,
    F: Fn(&mut S, T) -> Option<R> + Sync,
{
    with_workers(states, f, |workers| workers.map_ordered(items))
}

/// Runs `body` with one worker thread per state, each applying `f` to the
/// items it is given, for as long as `body` runs: a batch job that maps
/// chunk after chunk ([`Workers::map_ordered`]) keeps its threads, and so
/// what each thread remembers (the per-thread caches of
/// [`crate::normalize::korean_latin`], the allocator's heaps), instead of
/// starting them cold on every chunk.
pub fn with_workers<T, S, R, F, O>(
    states: &mut [S],
    f: F,
    body: impl FnOnce(&mut Workers<T, R>) -> O,
) -> O
where
    T: Send,
    S: Send,
    R: Send,
    F: Fn(&mut S, T) -> Option<R> + Sync,
{
    let f = &f;
    std::thread::scope(|s| {
        let mut lanes = Vec::with_capacity(states.len());
        let mut handles = Vec::with_capacity(states.len());
        for state in states.iter_mut() {
            let (job_tx, job_rx) = mpsc::channel::<(usize, Vec<T>)>();
            let (result_tx, result_rx) = mpsc::channel();
            handles.push(s.spawn(move || {
                for (start, part) in job_rx {
                    if result_tx.send(run_part(state, f, start, part)).is_err() {
                        break;
                    }
                }
            }));
            lanes.push((job_tx, result_rx));
        }
        let mut workers = Workers::new(lanes);
        let out = body(&mut workers);
        // Closing the job channels ends the threads.
        drop(workers);
        for h in handles {
            // Every item's panic is caught in `run_part`; a thread that still
            // died (a panic while panicking) closed its result channel, which
            // `Workers::map_ordered` has already reported as a failure.
            let _ = h.join();
        }
        out
    })
}

/// How [`Workers`] hand one worker its parts: the worker's queue.
pub trait Lane<T> {
    /// Queues `part`, whose first item is number `start` of its batch, for
    /// the worker; false when the worker is gone.
    fn send(&self, start: usize, part: Vec<T>) -> bool;
}

/// The queue of a thread of [`with_workers`].
impl<T> Lane<T> for mpsc::Sender<(usize, Vec<T>)> {
    fn send(&self, start: usize, part: Vec<T>) -> bool {
        mpsc::Sender::send(self, (start, part)).is_ok()
    }
}

/// Where a worker's answers come back: one per part sent, in the order sent.
pub type Answers<R> = mpsc::Receiver<Result<Vec<R>, Panicked>>;

/// Worker threads, each reached by its [`Lane`] and answering, part by
/// part in the order given, on a results channel of its own: the threads
/// of [`with_workers`], or a long-lived pool's.
pub struct Workers<T, R, L = mpsc::Sender<(usize, Vec<T>)>> {
    jobs: Vec<L>,
    results: Vec<Answers<R>>,
    /// Submitted batches, oldest first.
    pending: std::collections::VecDeque<Batch>,
    items: std::marker::PhantomData<fn(T)>,
}

impl<T, R, L: Lane<T>> Workers<T, R, L> {
    /// Workers from their lanes, each with the channel its results come
    /// back on (one result per part sent, in the order sent).
    pub fn new(lanes: Vec<(L, Answers<R>)>) -> Self {
        let (jobs, results) = lanes.into_iter().unzip();
        Workers {
            jobs,
            results,
            pending: std::collections::VecDeque::new(),
            items: std::marker::PhantomData,
        }
    }

    /// The items cut into one contiguous part per worker, mapped, and the
    /// results in input order; the first part that failed is the error.
    pub fn map_ordered(&mut self, items: Vec<T>) -> Result<Vec<R>, Panicked> {
        self.submit(items);
        self.collect()
    }

    /// Hands the items to the workers, one contiguous part each, and returns
    /// at once: the caller reads the next batch, or writes the last one,
    /// while they work. [`Workers::collect`] gives the results, batch by
    /// batch in the order they were submitted.
    pub fn submit(&mut self, items: Vec<T>) {
        let threads = self.jobs.len().min(items.len()).max(1);
        let per = items.len().div_ceil(threads).max(1);
        let mut it = items.into_iter();
        let mut batch = Batch {
            starts: Vec::with_capacity(threads),
            failed: None,
        };
        let mut start = 0;
        loop {
            let part: Vec<T> = it.by_ref().take(per).collect();
            if part.is_empty() {
                break;
            }
            let len = part.len();
            let sent = self
                .jobs
                .get(batch.starts.len())
                .is_some_and(|job| job.send(start, part));
            if !sent {
                // No worker, or one that died (only that drops its receiver).
                batch.failed = Some(worker_ended(start));
                break;
            }
            batch.starts.push(start);
            start += len;
        }
        self.pending.push_back(batch);
    }

    /// The results of the oldest batch not yet collected, in input order;
    /// the failed item nearest the start of the batch is the error. Waits
    /// for every worker given a part of it, so that the next call reads the
    /// next batch's answers. No batch pending: no results.
    pub fn collect(&mut self) -> Result<Vec<R>, Panicked> {
        let Some(Batch { starts, mut failed }) = self.pending.pop_front() else {
            return Ok(Vec::new());
        };
        let mut results = Vec::new();
        for (rx, &start) in self.results.iter().zip(&starts) {
            let outcome = rx.recv().unwrap_or_else(|_| Err(worker_ended(start)));
            match outcome {
                Ok(part) if failed.is_none() => results.extend(part),
                Ok(_) => {}
                Err(p) => match &failed {
                    Some(first) if first.item <= p.item => {}
                    _ => failed = Some(p),
                },
            }
        }
        match failed {
            Some(p) => Err(p),
            None => Ok(results),
        }
    }

    /// Batches submitted and not yet collected.
    pub fn pending(&self) -> usize {
        self.pending.len()
    }
}

/// A submitted batch: where each worker's part starts, and a failure to
/// hand a part out.
struct Batch {
    starts: Vec<usize>,
    failed: Option<Panicked>,
}

fn worker_ended(item: usize) -> Panicked {
    Panicked {
        item,
        message: "a worker thread ended".to_string(),
    }
}

/// `f` over one part, the item numbers counted from `start`; a panic on an
/// item is caught and named.
pub fn run_part<T, S, R>(
    state: &mut S,
    f: &(impl Fn(&mut S, T) -> Option<R> + Sync),
    start: usize,
    part: Vec<T>,
) -> Result<Vec<R>, Panicked> {
    let mut out = Vec::with_capacity(part.len());
    for (i, item) in part.into_iter().enumerate() {
        match catch_unwind(AssertUnwindSafe(|| f(state, item))) {
            Ok(Some(r)) => out.push(r),
            Ok(None) => break,
            Err(payload) => {
                return Err(Panicked {
                    item: start + i,
                    message: panic_message(payload.as_ref()),
                });
            }
        }
    }
    Ok(out)
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "no message".to_string()
    }
}

/// Test hook: a screening worker panics on a payee of exactly this name, so
/// that tests of the real binary and server can see a failed worker
/// reported as a failure. Read once from `SANCTIONDB_TEST_PANIC_ON_NAME`;
/// unset in normal use.
pub fn test_hook(name: &str) {
    static HOOK: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let hook = HOOK.get_or_init(|| std::env::var("SANCTIONDB_TEST_PANIC_ON_NAME").ok());
    if hook.as_deref() == Some(name) {
        panic!("test hook: SANCTIONDB_TEST_PANIC_ON_NAME is {name:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_input_order() {
        let mut states = vec![0usize; 3];
        let out = map_ordered((0..100).collect(), &mut states, |seen, i: i32| {
            *seen += 1;
            Some(i * 2)
        })
        .unwrap();
        assert_eq!(out, (0..100).map(|i| i * 2).collect::<Vec<_>>());
        assert_eq!(states.iter().sum::<usize>(), 100);
        assert!(states.iter().all(|&n| n > 0), "{states:?}");
    }

    #[test]
    fn a_panic_is_an_error_naming_the_item() {
        let mut states = vec![(); 2];
        let err = map_ordered((0..10).collect(), &mut states, |_, i: i32| {
            assert!(i != 7, "item seven");
            Some(i)
        })
        .unwrap_err();
        assert_eq!(err.item, 7);
        assert!(err.message.contains("item seven"), "{err}");
    }

    #[test]
    fn workers_keep_their_thread_and_state_from_one_batch_to_the_next() {
        let mut states: Vec<Vec<std::thread::ThreadId>> = vec![Vec::new(); 2];
        let f = |seen: &mut Vec<std::thread::ThreadId>, i: i32| {
            seen.push(std::thread::current().id());
            Some(i + 1)
        };
        with_workers(&mut states, f, |w| {
            for batch in 0..5 {
                let items: Vec<i32> = (batch * 10..batch * 10 + 10).collect();
                let want: Vec<i32> = items.iter().map(|i| i + 1).collect();
                assert_eq!(w.map_ordered(items).unwrap(), want);
            }
            assert!(w.map_ordered(Vec::new()).unwrap().is_empty());
        });
        for seen in &states {
            assert_eq!(seen.len(), 25);
            assert!(seen.iter().all(|t| *t == seen[0]), "{seen:?}");
        }
        assert_ne!(states[0][0], states[1][0]);
    }

    #[test]
    fn submitted_batches_are_collected_in_order() {
        let mut states = vec![(); 2];
        with_workers(
            &mut states,
            |_, i: i32| Some(i * 3),
            |w| {
                w.submit((0..5).collect());
                w.submit(Vec::new());
                w.submit((5..12).collect());
                assert_eq!(w.pending(), 3);
                assert_eq!(w.collect().unwrap(), [0, 3, 6, 9, 12]);
                assert!(w.collect().unwrap().is_empty());
                assert_eq!(w.collect().unwrap(), [15, 18, 21, 24, 27, 30, 33]);
                assert_eq!(w.pending(), 0);
                assert!(w.collect().unwrap().is_empty());
            },
        );
    }

    #[test]
    fn after_a_panic_the_workers_go_on() {
        let mut states = vec![(); 2];
        with_workers(
            &mut states,
            |_, i: i32| {
                assert!(i != 3, "item three");
                Some(i)
            },
            |w| {
                let err = w.map_ordered((0..8).collect()).unwrap_err();
                assert_eq!(err.item, 3);
                assert_eq!(w.map_ordered((4..8).collect()).unwrap(), [4, 5, 6, 7]);
            },
        );
    }

    #[test]
    fn none_stops_a_part() {
        let mut states = vec![(); 1];
        let out = map_ordered((0..10).collect(), &mut states, |_, i: i32| {
            (i < 4).then_some(i)
        })
        .unwrap();
        assert_eq!(out, [0, 1, 2, 3]);
        let none: Vec<i32> = map_ordered(Vec::new(), &mut states, |_, i: i32| Some(i)).unwrap();
        assert!(none.is_empty());
    }
}
