//! One ordered parallel map for batch work (`screen`, `POST /screen`): the
//! items are cut into one contiguous part per worker state, each part runs on
//! a thread of its own, and the results come back in input order.
//!
//! A worker that panics is an error the caller sees ([`Panicked`], naming
//! the item), never a part of the results left out: in a screening tool a
//! lost result reads as a clean payee.

use std::panic::{AssertUnwindSafe, catch_unwind};

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
    let threads = states.len().min(items.len()).max(1);
    let per = items.len().div_ceil(threads).max(1);
    let mut parts: Vec<(usize, Vec<T>)> = Vec::with_capacity(threads);
    let mut it = items.into_iter();
    let mut start = 0;
    loop {
        let part: Vec<T> = it.by_ref().take(per).collect();
        if part.is_empty() {
            break;
        }
        let len = part.len();
        parts.push((start, part));
        start += len;
    }
    let f = &f;
    let outcomes: Vec<Result<Vec<R>, Panicked>> = std::thread::scope(|s| {
        let handles: Vec<_> = parts
            .into_iter()
            .zip(states.iter_mut())
            .map(|((start, part), state)| {
                s.spawn(move || {
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
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                // Every item's panic is caught above; one that escapes (a
                // panic while panicking) still fails the batch.
                h.join().unwrap_or_else(|payload| {
                    Err(Panicked {
                        item: 0,
                        message: panic_message(payload.as_ref()),
                    })
                })
            })
            .collect()
    });
    let mut results = Vec::new();
    for outcome in outcomes {
        results.extend(outcome?);
    }
    Ok(results)
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
