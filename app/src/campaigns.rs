//! Reaching customers: saved segments, the campaigns mailed to them, and the automation rules
//! that act on what customers do.

pub mod automation;
pub mod campaign;
pub mod segments;
