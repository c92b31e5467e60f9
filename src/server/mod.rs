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
//! which can swap in a newly built index without stopping the server.
//! Errors are decided in [`error`]; every answer, errors included, is JSON.
//! Nothing here logs a name: [`log_request`] writes method, route pattern,
//! status and duration only.

pub mod error;
pub mod openapi;
mod routes;

use crate::index::Index;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::web;
use std::sync::{Arc, RwLock};

pub use error::{ApiError, MAX_BODY_BYTES, MAX_QUERY_CHARS, MAX_SCREEN_RECORDS};

/// The index the server answers from, shared by every worker.
///
/// Handlers take the current index ([`State::index`]) at the start of a
/// request and keep it to the end, so [`State::replace`] never changes an
/// index under a running request.
#[derive(Clone)]
pub struct State {
    index: Arc<RwLock<Arc<Index>>>,
}

impl State {
    pub fn new(index: Index) -> State {
        State {
            index: Arc::new(RwLock::new(Arc::new(index))),
        }
    }

    /// The index to answer the current request from.
    pub fn index(&self) -> Arc<Index> {
        // The lock guards one pointer swap: a poisoned lock still holds a
        // whole index.
        let guard = self.index.read().unwrap_or_else(|e| e.into_inner());
        Arc::clone(&guard)
    }

    /// Makes `index` the one new requests are answered from; requests under
    /// way finish on the old one.
    pub fn replace(&self, index: Index) {
        let mut guard = self.index.write().unwrap_or_else(|e| e.into_inner());
        *guard = Arc::new(index);
    }
}

/// Which handler answers a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    Search,
    Screen,
    Entity,
    Lists,
    Health,
    Ready,
    OpenApi,
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
        for route in ROUTES {
            cfg.service(resource(route));
        }
    }
}

fn resource(route: &Route) -> actix_web::Resource {
    let method = Method::from_bytes(route.method.as_bytes()).unwrap_or(Method::GET);
    let on = web::method(method);
    let on = match route.endpoint {
        Endpoint::Search => on.to(routes::search),
        Endpoint::Screen => on.to(routes::screen),
        Endpoint::Entity => on.to(routes::entity),
        Endpoint::Lists => on.to(routes::lists),
        Endpoint::Health => on.to(routes::health),
        Endpoint::Ready => on.to(routes::ready),
        Endpoint::OpenApi => on.to(routes::openapi),
    };
    web::resource(route.path)
        .route(on)
        .default_service(web::to(routes::method_not_allowed))
}

/// Request log middleware for `App::wrap(from_fn(log_request))`: one line on
/// stderr per request with method, route pattern (never the query string or
/// the body, which carry names), status and duration.
pub async fn log_request(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = std::time::Instant::now();
    let method = req.method().clone();
    let res = next.call(req).await?;
    let pattern = res
        .request()
        .match_pattern()
        .unwrap_or_else(|| "-".to_string());
    eprintln!(
        "{method} {pattern} {} {:.1}ms",
        res.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    Ok(res)
}
