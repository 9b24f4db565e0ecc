//! Tests of rules that hold across the features.

mod scope;
