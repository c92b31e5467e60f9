//! The analyst page: `GET /`, a search box over `/search` and an entity view
//! over `/entities/{id}` and `/entities/{id}/network`, in plain HTML, CSS and
//! JavaScript compiled into the binary (no CDN, no build step).
//!
//! The page is the one answer that is not JSON. It promises to load nothing
//! from another host: its files name no other origin, and every one of them
//! is served with a `Content-Security-Policy` that lets the browser take
//! scripts, styles and data from this server only. The script writes data
//! into the page as text, never as HTML, so a listed name cannot become
//! markup.

use actix_web::http::header;
use actix_web::{HttpResponse, web};

/// Scripts, styles and requests from this server only; no inline code, no
/// frames, plugins, forms posting elsewhere or `<base>` tricks.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

/// The page and the two files it loads: path, content type, content.
pub const FILES: &[(&str, &str, &str)] = &[
    (
        "/",
        "text/html; charset=utf-8",
        include_str!("page/index.html"),
    ),
    (
        "/page/app.js",
        "text/javascript; charset=utf-8",
        include_str!("page/app.js"),
    ),
    (
        "/page/style.css",
        "text/css; charset=utf-8",
        include_str!("page/style.css"),
    ),
];

/// A resource answering `GET` and `HEAD` for every one of [`FILES`]. They
/// are kept out of [`super::ROUTES`], which is the JSON API the OpenAPI
/// document describes.
pub fn resources() -> impl Iterator<Item = actix_web::Resource> {
    FILES.iter().map(|&(path, content_type, body)| {
        let file = move || async move { answer(content_type, body) };
        web::resource(path)
            .route(web::get().to(file))
            .route(web::head().to(file))
            .default_service(web::to(super::routes::method_not_allowed))
    })
}

/// Registers [`resources`] alone (the server wraps them in its policy, see
/// [`super::configure_with`]).
pub fn configure(cfg: &mut web::ServiceConfig) {
    for resource in resources() {
        cfg.service(resource);
    }
}

/// One of the page's files, with the headers every one of them carries.
fn answer(content_type: &'static str, body: &'static str) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, content_type))
        .insert_header((header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::REFERRER_POLICY, "no-referrer"))
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .body(body)
}
