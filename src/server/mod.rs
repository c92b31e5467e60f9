//! The lookup server: the index over HTTP, for analysts' tools and payroll
//! systems that screen a few records at a time.
//!
//! [`configure_with`] builds every route; `sanctiondb serve` and the tests
//! call the same function, so what is tested is what is served. The routes
//! are listed once, in [`ROUTES`]: [`configure_with`] registers exactly those,
//! and the OpenAPI document ([`openapi::document`]) describes exactly those
//! (a test holds the two together).
//!
//! The index is opened once and shared by every worker through [`State`],
//! which can swap in a newly built index without stopping the server
//! ([`State::reload`], behind `POST /admin/reload` and `SIGHUP`). With a
//! token ([`State::with_token`]), `/screen`, `/match` and `/admin/*` answer
//! only requests that carry it
//! (`Authorization: Bearer <token>`); the other routes stay open.
//! Errors are decided in [`error`]; every answer, errors included, is JSON.
//! Nothing here logs a name or the token: [`log_request`] writes method,
//! route pattern, status and duration only.

pub mod answer;
pub mod error;
pub mod limits;
pub mod openapi;
pub mod page;
pub mod pool;
mod routes;
mod yente;

use crate::Database;
use crate::index::IndexError;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::{Next, from_fn};
use actix_web::web;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

pub use error::{ApiError, MAX_BODY_BYTES, MAX_QUERY_CHARS, MAX_SCREEN_RECORDS};
pub use limits::Limits;

/// The index the server answers from, shared by every worker.
///
/// Handlers take the current index ([`State::index`]) at the start of a
/// request and keep it to the end, so [`State::replace`] never changes an
/// index under a running request.
#[derive(Clone)]
pub struct State {
    index: Arc<RwLock<Arc<Database>>>,
    /// The index folder `index` was opened from; reloads open it again.
    dir: PathBuf,
    /// Held for the whole of a reload, so that two at once cannot swap in
    /// an older generation after a newer one.
    reloading: Arc<Mutex<()>>,
    /// sha256 of the bearer token, when one is required. Only the digest is
    /// kept, so the token itself cannot end up in a log or a debug print.
    token: Option<[u8; 32]>,
    /// What one request and one client may cost.
    limits: Arc<Limits>,
    /// Connections open per client address.
    connections: limits::ClientConnections,
    /// The threads `POST /screen` runs on, shared by every worker.
    screening: Arc<pool::ScreenPool>,
}

impl State {
    /// Serves `index`, opened from the index folder `dir` (reloads open
    /// `dir` again, following its `CURRENT`). No token is required.
    pub fn new(index: Database, dir: impl Into<PathBuf>) -> State {
        State {
            index: Arc::new(RwLock::new(Arc::new(index))),
            dir: dir.into(),
            reloading: Arc::new(Mutex::new(())),
            token: None,
            limits: Arc::new(Limits::default()),
            connections: limits::ClientConnections::default(),
            screening: Arc::new(pool::ScreenPool::new(
                std::thread::available_parallelism().map_or(1, |n| n.get()),
            )),
        }
    }

    /// Holds requests and clients to `limits` instead of [`Limits::default`].
    pub fn with_limits(mut self, limits: Limits) -> State {
        self.limits = Arc::new(limits);
        self
    }

    /// The bounds requests and clients are held to.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The threads `POST /screen` runs on.
    fn screening(&self) -> &pool::ScreenPool {
        &self.screening
    }

    /// Counts a newly accepted connection against its client address; for
    /// `HttpServer::on_connect`. A client over
    /// [`Limits::max_client_connections`] has the requests of its new
    /// connection refused (429 `too_many_connections`, connection closed).
    pub fn on_connect(
        &self,
        connection: &dyn std::any::Any,
        data: &mut actix_web::dev::Extensions,
    ) {
        let Some(stream) = connection.downcast_ref::<actix_web::rt::net::TcpStream>() else {
            return;
        };
        if let Ok(peer) = stream.peer_addr() {
            data.insert(
                self.connections
                    .accept(peer.ip(), self.limits.max_client_connections),
            );
        }
    }

    /// Connections open from `ip` (a test and diagnostics hook).
    pub fn connections_from(&self, ip: std::net::IpAddr) -> usize {
        self.connections.open_from(ip)
    }

    /// Requires `Authorization: Bearer <token>` on `/screen`, `/match` and `/admin/*`.
    pub fn with_token(mut self, token: &str) -> State {
        self.token = Some(Sha256::digest(token.as_bytes()).into());
        self
    }

    /// The index folder the server was started with.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether `authorization` (the header's value, if any) carries the
    /// token; always true when no token is required. The comparison takes
    /// the same time wherever the bytes differ: both sides are hashed, and
    /// every byte of the digests is compared.
    pub fn authorizes(&self, authorization: Option<&[u8]>) -> bool {
        let Some(expected) = &self.token else {
            return true;
        };
        let Some(given) = authorization.and_then(bearer_token) else {
            return false;
        };
        let given: [u8; 32] = Sha256::digest(given).into();
        given
            .iter()
            .zip(expected)
            .fold(0u8, |diff, (a, b)| diff | (a ^ b))
            == 0
    }

    /// The index to answer the current request from.
    pub fn index(&self) -> Arc<Database> {
        // The lock guards one pointer swap: a poisoned lock still holds a
        // whole index.
        let guard = self.index.read().unwrap_or_else(|e| e.into_inner());
        Arc::clone(&guard)
    }

    /// Makes `index` the one new requests are answered from; requests under
    /// way finish on the old one.
    /// Returns the index it replaced.
    pub fn replace(&self, index: Database) -> Arc<Database> {
        let mut guard = self.index.write().unwrap_or_else(|e| e.into_inner());
        std::mem::replace(&mut *guard, Arc::new(index))
    }

    /// Opens the index folder again (the generation its `CURRENT` names,
    /// checksums and format version verified) and makes it the one new
    /// requests are answered from; requests under way finish on the old one.
    /// A generation that does not open is refused and the old index keeps
    /// answering. `POST /admin/reload` and `SIGHUP` both come here, so they
    /// behave and log alike: one line on stderr with the outcome (index
    /// versions, or why the new index was refused), never a name.
    ///
    /// Blocking: it reads and hashes every index file. Call it off the async
    /// workers (`web::block`).
    pub fn reload(&self) -> Result<Reloaded, IndexError> {
        let _one_at_a_time = self.reloading.lock().unwrap_or_else(|e| e.into_inner());
        let index = match Database::open(&self.dir) {
            Ok(index) => index,
            Err(e) => {
                eprintln!("reload refused, the previous index still answers: {e}");
                return Err(e);
            }
        };
        let index_version = index.meta.index_version.clone();
        let previous = self.replace(index);
        let previous_index_version = previous.meta.index_version.clone();
        eprintln!("reloaded index {index_version} (was {previous_index_version})");
        Ok(Reloaded {
            index_version,
            previous_index_version,
        })
    }
}

/// What a successful [`State::reload`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reloaded {
    /// The version now answering.
    pub index_version: String,
    /// The version it replaced (the same when the folder had nothing newer).
    pub previous_index_version: String,
}

/// The token of an `Authorization: Bearer <token>` value (the scheme is
/// case-insensitive, as RFC 9110 says).
fn bearer_token(value: &[u8]) -> Option<&[u8]> {
    let (scheme, rest) = value.split_at_checked(7)?;
    if !scheme.eq_ignore_ascii_case(b"bearer ") {
        return None;
    }
    let token = rest.trim_ascii();
    (!token.is_empty()).then_some(token)
}

/// Which handler answers a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    Search,
    Screen,
    Entity,
    Network,
    Match,
    Lists,
    Health,
    Ready,
    OpenApi,
    Reload,
}

impl Endpoint {
    /// Whether the route needs the bearer token (when the server has one):
    /// screening and administration do; looking things up does not.
    pub fn needs_token(self) -> bool {
        match self {
            Endpoint::Screen | Endpoint::Match | Endpoint::Reload => true,
            Endpoint::Search
            | Endpoint::Entity
            | Endpoint::Network
            | Endpoint::Lists
            | Endpoint::Health
            | Endpoint::Ready
            | Endpoint::OpenApi => false,
        }
    }
}

/// One route the server answers.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    /// `GET` or `POST`.
    pub method: &'static str,
    /// The path as actix and OpenAPI write it (`/entities/{id}`).
    pub path: &'static str,
    pub endpoint: Endpoint,
}

/// Every route the server answers, and nothing else.
pub const ROUTES: &[Route] = &[
    Route {
        method: "GET",
        path: "/search",
        endpoint: Endpoint::Search,
    },
    Route {
        method: "POST",
        path: "/screen",
        endpoint: Endpoint::Screen,
    },
    Route {
        method: "GET",
        path: "/entities/{id}",
        endpoint: Endpoint::Entity,
    },
    Route {
        method: "GET",
        path: "/entities/{id}/network",
        endpoint: Endpoint::Network,
    },
    Route {
        method: "POST",
        path: "/match/{dataset}",
        endpoint: Endpoint::Match,
    },
    Route {
        method: "GET",
        path: "/lists",
        endpoint: Endpoint::Lists,
    },
    Route {
        method: "GET",
        path: "/health",
        endpoint: Endpoint::Health,
    },
    Route {
        method: "GET",
        path: "/ready",
        endpoint: Endpoint::Ready,
    },
    Route {
        method: "GET",
        path: "/openapi.json",
        endpoint: Endpoint::OpenApi,
    },
    Route {
        method: "POST",
        path: "/admin/reload",
        endpoint: Endpoint::Reload,
    },
];

/// Registers every route of [`ROUTES`], the shared state and the JSON error
/// handlers. Use it as `App::new().configure(configure_with(state))`.
pub fn configure_with(state: State) -> impl FnOnce(&mut web::ServiceConfig) {
    move |cfg| {
        cfg.app_data(web::Data::new(state))
            .app_data(
                web::JsonConfig::default()
                    .limit(MAX_BODY_BYTES)
                    .error_handler(|e, _| ApiError::from(e).into()),
            )
            .app_data(
                web::QueryConfig::default()
                    .error_handler(|e, _| ApiError::BadQueryString(e.to_string()).into()),
            )
            .app_data(web::PathConfig::default().error_handler(|e, _| {
                ApiError::NotFound(format!("(the path cannot be read: {e})")).into()
            }))
            .default_service(web::to(routes::no_route));
        for resource in page::resources() {
            cfg.service(resource.wrap(from_fn(policy)));
        }
        for route in ROUTES {
            if route.endpoint.needs_token() {
                cfg.service(
                    resource(route)
                        .wrap(from_fn(require_token))
                        .wrap(from_fn(policy)),
                );
            } else {
                cfg.service(resource(route).wrap(from_fn(policy)));
            }
        }
    }
}

/// The route's resource: its method (and `HEAD` beside `GET`, which health
/// probes use; actix sends the headers of the `GET` answer without its body).
fn resource(route: &Route) -> actix_web::Resource {
    let method = Method::from_bytes(route.method.as_bytes()).unwrap_or(Method::GET);
    let mut resource = web::resource(route.path).route(handler(route.endpoint, method.clone()));
    if method == Method::GET {
        resource = resource.route(handler(route.endpoint, Method::HEAD));
    }
    resource.default_service(web::to(routes::method_not_allowed))
}

fn handler(endpoint: Endpoint, method: Method) -> actix_web::Route {
    let on = web::method(method);
    match endpoint {
        Endpoint::Search => on.to(routes::search),
        Endpoint::Screen => on.to(routes::screen),
        Endpoint::Entity => on.to(routes::entity),
        Endpoint::Network => on.to(routes::network),
        Endpoint::Match => on.to(yente::match_entities),
        Endpoint::Lists => on.to(routes::lists),
        Endpoint::Health => on.to(routes::health),
        Endpoint::Ready => on.to(routes::ready),
        Endpoint::OpenApi => on.to(routes::openapi),
        Endpoint::Reload => on.to(routes::reload),
    }
}

/// Wraps every route and the page: refuses a request on a connection over
/// its client's limit ([`Limits::max_client_connections`]) or naming a host
/// the server does not answer for ([`Limits::allowed_hosts`]), and marks
/// every answer `X-Content-Type-Options: nosniff` and, unless it says
/// otherwise, `Cache-Control: no-store` (answers carry screening results).
async fn policy(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    use actix_web::http::header::{self, HeaderValue};
    let refused = req
        .app_data::<web::Data<State>>()
        .and_then(|state| refusal(state, &req));
    if let Some(e) = refused {
        let res = actix_web::ResponseError::error_response(&e);
        return Ok(req.into_response(res).map_into_right_body());
    }
    let mut res = next.call(req).await?;
    let headers = res.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(res.map_into_left_body())
}

/// Why [`policy`] refuses `req`, if it does.
fn refusal(state: &State, req: &ServiceRequest) -> Option<ApiError> {
    let limits = state.limits();
    if req
        .conn_data::<limits::ConnectionSlot>()
        .is_some_and(|slot| slot.over_limit)
    {
        return Some(ApiError::TooManyConnections {
            max: limits.max_client_connections,
        });
    }
    // The Host header (HTTP/1.1) or the URI's authority (HTTP/2); never the
    // forwarding headers, which any client can set.
    let host = req
        .headers()
        .get(actix_web::http::header::HOST)
        .and_then(|v| v.to_str().ok())
        .or_else(|| req.uri().authority().map(|a| a.as_str()));
    if !limits.allows_host(host) {
        return Some(ApiError::HostNotAllowed(host.unwrap_or("").to_string()));
    }
    None
}

/// Refuses, with [`ApiError::Unauthorized`], a request without the token the
/// server requires; wraps every route whose [`Endpoint::needs_token`].
async fn require_token(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let authorized = match req.app_data::<web::Data<State>>() {
        Some(state) => state.authorizes(
            req.headers()
                .get(actix_web::http::header::AUTHORIZATION)
                .map(|v| v.as_bytes()),
        ),
        None => false,
    };
    if !authorized {
        let res = actix_web::ResponseError::error_response(&ApiError::Unauthorized);
        return Ok(req.into_response(res).map_into_right_body());
    }
    Ok(next.call(req).await?.map_into_left_body())
}

/// Request log middleware for `App::wrap(from_fn(log_request))`: one line on
/// stderr per request with method, route pattern (never the query string or
/// the body, which carry names), status and duration.
///
/// Lines are gathered in memory and written by [`request_log`]'s thread a
/// few times a second, not one system call per request. A line is at most
/// [`FLUSH_EVERY`] late; when more than [`MAX_PENDING_BYTES`] wait, the
/// request that finds them writes them itself, so a slow stderr slows the
/// server down rather than fill its memory.
pub async fn log_request(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    use std::fmt::Write as _;
    let started = std::time::Instant::now();
    let method = req.method().clone();
    let res = next.call(req).await?;
    let elapsed = started.elapsed().as_secs_f64() * 1000.0;
    let status = res.status().as_u16();
    let pattern = res.request().match_pattern();
    let log = request_log();
    let mut pending = log.pending.lock().unwrap_or_else(|e| e.into_inner());
    let _ = writeln!(
        pending,
        "{method} {} {status} {elapsed:.1}ms",
        pattern.as_deref().unwrap_or("-"),
    );
    if log.inline || pending.len() > MAX_PENDING_BYTES {
        write_log(&mut pending);
    }
    Ok(res)
}

/// Longest a request log line waits before it is written.
const FLUSH_EVERY: std::time::Duration = std::time::Duration::from_millis(100);

/// Request log lines held in memory before a request writes them itself.
const MAX_PENDING_BYTES: usize = 1 << 20;

/// The request log lines not yet written.
struct RequestLog {
    pending: Mutex<String>,
    /// Set when the thread that writes them could not start: then each
    /// request writes its own line.
    inline: bool,
}

/// The request log, and the thread that writes its lines every
/// [`FLUSH_EVERY`] (started on first use).
fn request_log() -> &'static RequestLog {
    static LOG: std::sync::OnceLock<RequestLog> = std::sync::OnceLock::new();
    LOG.get_or_init(|| {
        let spawned = std::thread::Builder::new()
            .name("request-log".into())
            .spawn(|| {
                let mut taken = String::new();
                loop {
                    std::thread::sleep(FLUSH_EVERY);
                    let log = request_log();
                    {
                        let mut pending = log.pending.lock().unwrap_or_else(|e| e.into_inner());
                        std::mem::swap(&mut *pending, &mut taken);
                    }
                    write_log(&mut taken);
                }
            });
        if let Err(e) = &spawned {
            eprintln!(
                "cannot start the request log thread ({e}); request lines are written as they come"
            );
        }
        RequestLog {
            pending: Mutex::new(String::new()),
            inline: spawned.is_err(),
        }
    })
}

/// Writes the request log lines still waiting; `serve` calls it when the
/// server has stopped.
pub fn flush_request_log() {
    write_log(
        &mut request_log()
            .pending
            .lock()
            .unwrap_or_else(|e| e.into_inner()),
    );
}

/// Writes and empties `lines` (stderr errors are ignored: there is nowhere
/// else to report them).
fn write_log(lines: &mut String) {
    use std::io::Write as _;
    if !lines.is_empty() {
        let _ = std::io::stderr().lock().write_all(lines.as_bytes());
        lines.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::bearer_token;

    #[test]
    fn bearer_token_reads_the_scheme_case_insensitively() {
        assert_eq!(bearer_token(b"Bearer abc"), Some(&b"abc"[..]));
        assert_eq!(bearer_token(b"bearer  abc "), Some(&b"abc"[..]));
        assert_eq!(bearer_token(b"Basic abc"), None);
        assert_eq!(bearer_token(b"Bearer "), None);
        assert_eq!(bearer_token(b"Bear"), None);
    }
}
