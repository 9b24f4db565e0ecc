//! The HTTP server: the state every handler reaches, the routes, the gate every request
//! passes, compression and caching, and the extractor of the signed-in user.

pub mod caching;
pub mod gate;
pub mod router;
pub mod serve;
pub mod signed_in;
pub mod state;
