//! The HTTP server: the state every handler reaches, the routes, the gate every request
//! passes, the caps on what a request sends, the client behind a proxy, the headers that keep
//! a browser safe, compression and caching, what makes the app installable, and the extractor of
//! the signed-in user.

#[cfg(test)]
pub(crate) mod access_matrix;
pub mod caching;
pub mod gate;
pub mod headers;
pub mod installable;
pub mod limits;
pub mod proxies;
pub mod rate_limit;
pub mod router;
pub mod serve;
pub mod signed_in;
pub mod state;
