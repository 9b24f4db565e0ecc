//! Reaching customers: saved segments, the audiences that campaigns will be sent to.

pub mod segments;
