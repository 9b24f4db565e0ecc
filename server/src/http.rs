//! The HTTP server: the state every handler reaches, the routes, the gate every request
//! passes, compression and caching, what makes the app installable, and the extractor of
//! the signed-in user.

pub mod caching;
pub mod gate;
pub mod installable;
pub mod router;
pub mod serve;
pub mod signed_in;
pub mod state;
