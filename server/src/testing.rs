//! What the tests and benchmarks run against: a real SMTP server on loopback, and a service
//! desk to send mail from. Built for tests and with the `testing` feature only, never into the
//! release binary.

#[cfg(test)]
pub mod desk;
pub mod smtp_server;
