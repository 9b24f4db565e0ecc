//! The Banyan server: configuration, the HTTP routes, background jobs and the command line.

pub mod analytics_cli;
pub mod attachments;
pub mod cli;
pub mod config;
pub mod export;
pub mod gate;
pub mod health;
pub mod import_cli;
pub mod imports;
pub mod inbound;
pub mod jobs;
pub mod seed;
pub mod serve;
pub mod smtp_test_server;
pub mod tracking;
pub mod unsubscribe;
pub mod web_forms;

#[cfg(test)]
mod test_desk;

/// A failure that ends a command of the binary, with a message for the operator.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// What a command of the binary returns.
pub type Outcome = Result<(), Error>;
