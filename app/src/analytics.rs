//! Analytics: pure functions over plain data, with no I/O, compiled for the server and for
//! the browser alike, so reports and instant what-ifs compute the same numbers.

pub mod forecast;
