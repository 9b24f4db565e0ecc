//! Reaching customers: the campaigns mailed to saved segments, and the automation rules that
//! act on what customers do.

pub mod automation;
pub mod campaign;
