//! Large JSON answers (`/screen`, `/match`): written off the async workers
//! into parts of [`PART_BYTES`], at most [`super::Limits::max_answer_bytes`]
//! in all, and sent part by part with their length known
//! (`Content-Length`, as before).
//!
//! An answer whose client stops reading waits at most
//! [`super::Limits::send_timeout`] for it: then its parts are freed and its
//! connection is closed when the client comes back, so a client that never
//! reads holds no more than what the socket buffers took.
//! Requests that end early (the client went away) stop their work through
//! [`CancelOnDrop`].

use actix_web::HttpResponse;
use actix_web::body::{BodySize, MessageBody};
use actix_web::web::Bytes;
use std::collections::VecDeque;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

/// Bytes per part of an answer.
pub const PART_BYTES: usize = 64 << 10;

/// The answer would be larger than the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge;

/// An answer being written: parts of about [`PART_BYTES`], at most `max`
/// bytes in all.
pub struct Parts {
    done: Vec<Bytes>,
    current: Vec<u8>,
    total: usize,
    max: usize,
}

impl Parts {
    pub fn new(max: usize) -> Parts {
        Parts {
            done: Vec::new(),
            current: Vec::new(),
            total: 0,
            max,
        }
    }

    /// Adds `bytes`, or refuses them when the answer would grow over its
    /// limit.
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), TooLarge> {
        if self.total + bytes.len() > self.max {
            return Err(TooLarge);
        }
        self.total += bytes.len();
        self.current.extend_from_slice(bytes);
        if self.current.len() >= PART_BYTES {
            self.done
                .push(Bytes::from(std::mem::take(&mut self.current)));
        }
        Ok(())
    }

    /// Adds `value` as compact JSON, as `HttpResponse::json` writes it.
    pub fn push_json(&mut self, value: &impl serde::Serialize) -> Result<(), TooLarge> {
        serde_json::to_writer(&mut *self, value).map_err(|_| TooLarge)
    }

    /// The answer's bytes so far.
    pub fn len(&self) -> usize {
        self.total
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// The answer: `200 OK`, JSON, sent part by part.
    pub fn respond(mut self, send_timeout: Duration) -> HttpResponse {
        if !self.current.is_empty() {
            self.done
                .push(Bytes::from(std::mem::take(&mut self.current)));
        }
        let body = Answer::new(self.done, self.total as u64, send_timeout);
        HttpResponse::Ok()
            .content_type(actix_web::http::header::ContentType::json())
            .body(body)
    }
}

impl std::io::Write for Parts {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.push(buf)
            .map_err(|TooLarge| std::io::Error::other("the answer is over its limit"))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The parts of an answer not yet handed to the connection, shared with
/// the watchdog that frees them when the client stops reading.
struct Pending {
    parts: VecDeque<Bytes>,
    last_read: Instant,
    /// Set when the parts were freed before they were all sent.
    abandoned: bool,
}

/// The body of a large answer.
struct Answer {
    pending: Arc<Mutex<Pending>>,
    size: u64,
}

impl Answer {
    fn new(parts: Vec<Bytes>, size: u64, send_timeout: Duration) -> Answer {
        let pending = Arc::new(Mutex::new(Pending {
            parts: parts.into(),
            last_read: Instant::now(),
            abandoned: false,
        }));
        let watched = Arc::clone(&pending);
        let tick = (send_timeout / 4).clamp(Duration::from_millis(50), Duration::from_secs(1));
        actix_web::rt::spawn(async move {
            loop {
                actix_web::rt::time::sleep(tick).await;
                let mut p = watched.lock().unwrap_or_else(|e| e.into_inner());
                if p.parts.is_empty() || p.abandoned {
                    break;
                }
                if p.last_read.elapsed() >= send_timeout {
                    p.parts = VecDeque::new();
                    p.abandoned = true;
                    eprintln!(
                        "a client read nothing of its answer for {} s: the answer was dropped",
                        send_timeout.as_secs_f32()
                    );
                    break;
                }
            }
        });
        Answer { pending, size }
    }
}

impl MessageBody for Answer {
    type Error = std::io::Error;

    fn size(&self) -> BodySize {
        BodySize::Sized(self.size)
    }

    fn poll_next(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Self::Error>>> {
        let mut p = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        if p.abandoned {
            return Poll::Ready(Some(Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the client stopped reading its answer",
            ))));
        }
        p.last_read = Instant::now();
        Poll::Ready(p.parts.pop_front().map(Ok))
    }
}

impl Drop for Answer {
    fn drop(&mut self) {
        let mut p = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        p.parts = VecDeque::new();
        p.abandoned = true;
    }
}

/// Set when the request it belongs to is dropped before its answer is
/// ready, which actix does when the client closes the connection: work
/// off the workers checks [`CancelOnDrop::flag`] and stops.
pub struct CancelOnDrop(Arc<AtomicBool>);

impl CancelOnDrop {
    pub fn new() -> CancelOnDrop {
        CancelOnDrop(Arc::new(AtomicBool::new(false)))
    }

    /// The flag to hand to the work.
    pub fn flag(&self) -> Cancelled {
        Cancelled(Arc::clone(&self.0))
    }
}

impl Default for CancelOnDrop {
    fn default() -> CancelOnDrop {
        CancelOnDrop::new()
    }
}

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Whether the request the work is for is gone.
#[derive(Clone)]
pub struct Cancelled(Arc<AtomicBool>);

impl Cancelled {
    pub fn is_set(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_refuse_what_goes_over_the_limit() {
        let mut parts = Parts::new(10);
        assert_eq!(parts.push(b"12345"), Ok(()));
        assert_eq!(parts.push(b"123456"), Err(TooLarge));
        assert_eq!(parts.len(), 5);
        assert!(parts.push_json(&"a long string").is_err());
    }

    #[test]
    fn a_dropped_guard_cancels() {
        let guard = CancelOnDrop::new();
        let flag = guard.flag();
        assert!(!flag.is_set());
        drop(guard);
        assert!(flag.is_set());
    }
}
