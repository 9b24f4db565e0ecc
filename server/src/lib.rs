//! The Banyan server: the HTTP server (`http`: the router, the gate every request passes, the
//! one state), the REST endpoints beside the app's server functions (`api`), the background
//! jobs (`jobs`) and the command line (`cli`).

pub mod api;
pub mod cli;
pub mod config;
pub mod http;
pub mod jobs;
#[cfg(any(test, feature = "testing"))]
pub mod testing;

/// A failure that ends a command of the binary, with a message for the operator.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// What a command of the binary returns.
pub type Outcome = Result<(), Error>;
