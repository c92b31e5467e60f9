//! What one request and one client may cost the server, and the checks that
//! hold them to it.
//!
//! A request body must arrive within [`Limits::body_timeout`], and one whose
//! declared `Content-Length` is over [`super::MAX_BODY_BYTES`] is refused
//! before a byte of it is read ([`read_body`]). One client address holds at
//! most [`Limits::max_client_connections`] connections: a request on one
//! more is refused at once and its connection closed ([`ClientConnections`],
//! counted when a connection is accepted). With [`Limits::allowed_hosts`],
//! a request naming another `Host` is refused (a page on another site that
//! rebinds its DNS name to this address cannot read answers). The answer of
//! one request is at most [`Limits::max_answer_bytes`] of JSON and waits at
//! most [`Limits::send_timeout`] for its client to read on
//! ([`super::answer`]).

use super::ApiError;
use super::error::MAX_BODY_BYTES;
use actix_web::HttpRequest;
use actix_web::web::{Bytes, Payload};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Longest a request body may take to arrive, by default. A payroll batch of
/// the largest size accepted (8 MiB) arrives in that time at 300 KB/s.
pub const DEFAULT_BODY_TIMEOUT: Duration = Duration::from_secs(30);

/// Longest an answer waits for its client to read more of it, by default.
pub const DEFAULT_SEND_TIMEOUT: Duration = Duration::from_secs(30);

/// The largest answer of one request, by default: 10,000 records with ten
/// matches each fit.
pub const DEFAULT_MAX_ANSWER_BYTES: usize = 64 << 20;

/// The most connections one client address may hold at once, by default.
pub const DEFAULT_MAX_CLIENT_CONNECTIONS: usize = 64;

/// The bounds a server holds requests and clients to.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Longest a request body may take to arrive (408 `body_timeout`).
    pub body_timeout: Duration,
    /// Longest an answer waits for its client to read more of it; then the
    /// connection is closed and the answer freed.
    pub send_timeout: Duration,
    /// The largest answer one request may have, in bytes of JSON (413
    /// `answer_too_large`); the work stops when it is reached.
    pub max_answer_bytes: usize,
    /// The most connections one client address may hold at once (429
    /// `too_many_connections` on the next).
    pub max_client_connections: usize,
    /// `Host` names (without port) the server answers to; empty for any.
    pub allowed_hosts: Vec<String>,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            body_timeout: DEFAULT_BODY_TIMEOUT,
            send_timeout: DEFAULT_SEND_TIMEOUT,
            max_answer_bytes: DEFAULT_MAX_ANSWER_BYTES,
            max_client_connections: DEFAULT_MAX_CLIENT_CONNECTIONS,
            allowed_hosts: Vec::new(),
        }
    }
}

impl Limits {
    /// Whether a request with this `Host` header is answered.
    pub fn allows_host(&self, host: Option<&str>) -> bool {
        if self.allowed_hosts.is_empty() {
            return true;
        }
        let Some(host) = host else { return false };
        let name = host_name(host);
        self.allowed_hosts
            .iter()
            .any(|allowed| host_name(allowed).eq_ignore_ascii_case(name))
    }
}

/// The name of a `Host` value without its port (`[::1]:8080` -> `[::1]`).
fn host_name(host: &str) -> &str {
    let host = host.trim();
    if host.starts_with('[') {
        return host.find(']').map_or(host, |end| &host[..=end]);
    }
    host.rsplit_once(':').map_or(host, |(name, _)| name)
}

/// Reads a request body of at most [`MAX_BODY_BYTES`]: a declared length
/// over it is refused before reading, and a body that takes longer than
/// `timeout` to arrive is refused with [`ApiError::BodyTimeout`].
pub async fn read_body(
    req: &HttpRequest,
    body: Payload,
    timeout: Duration,
) -> Result<Bytes, ApiError> {
    let declared = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return Err(ApiError::PayloadTooLarge);
    }
    match actix_web::rt::time::timeout(timeout, body.to_bytes_limited(MAX_BODY_BYTES)).await {
        Err(_) => Err(ApiError::BodyTimeout {
            seconds: timeout.as_secs(),
        }),
        Ok(Err(_)) => Err(ApiError::PayloadTooLarge),
        Ok(Ok(Err(e))) => Err(ApiError::BadPayload(e.to_string())),
        Ok(Ok(Ok(bytes))) => Ok(bytes),
    }
}

/// Open connections per client address, shared by every worker.
#[derive(Clone, Default)]
pub struct ClientConnections {
    open: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

/// One accepted connection, counted against its client address until it is
/// dropped (with the connection).
pub struct ConnectionSlot {
    ip: IpAddr,
    /// Whether the client already held the most connections it may when
    /// this one was accepted: then its requests are refused.
    pub over_limit: bool,
    open: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

impl ClientConnections {
    /// Counts a new connection from `ip`; `max` is the most one client may
    /// hold.
    pub fn accept(&self, ip: IpAddr, max: usize) -> ConnectionSlot {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let count = open.entry(ip).or_insert(0);
        *count += 1;
        ConnectionSlot {
            ip,
            over_limit: *count > max,
            open: Arc::clone(&self.open),
        }
    }

    /// Connections open from `ip`.
    pub fn open_from(&self, ip: IpAddr) -> usize {
        let open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        open.get(&ip).copied().unwrap_or(0)
    }
}

impl Drop for ConnectionSlot {
    fn drop(&mut self) {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(count) = open.get_mut(&self.ip) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.ip);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_compared_without_port_or_case() {
        let limits = Limits {
            allowed_hosts: vec!["sanctions.example".into(), "127.0.0.1".into()],
            ..Limits::default()
        };
        assert!(limits.allows_host(Some("Sanctions.Example:8080")));
        assert!(limits.allows_host(Some("127.0.0.1:8080")));
        assert!(!limits.allows_host(Some("evil.example")));
        assert!(!limits.allows_host(None));
        assert!(Limits::default().allows_host(None));
        assert_eq!(host_name("[::1]:8080"), "[::1]");
    }

    #[test]
    fn a_client_over_its_connections_is_marked_and_slots_are_given_back() {
        let table = ClientConnections::default();
        let ip: IpAddr = [127, 0, 0, 2].into();
        let first = table.accept(ip, 1);
        let second = table.accept(ip, 1);
        assert!(!first.over_limit);
        assert!(second.over_limit);
        drop(second);
        drop(first);
        assert_eq!(table.open_from(ip), 0);
    }
}
