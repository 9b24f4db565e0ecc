//! Reaching customers: saved segments, and the campaigns mailed to them.

pub mod campaign;
pub mod segments;
